"""The browser scanner of the door (issue 18): a components-v2 component that opens the camera, decodes with
the vendored zxing-wasm in the browser and sends only the decoded text with a scan id and time; its assets
route, and the page part that hands the scans to lib.checkins.scans."""
