"""The scanner's vendored library, served by the app itself (a door laptop on a closed network must work, so
never from a CDN): zxing-wasm's reader module and its WebAssembly binary, at a path that carries the version
so a browser may cache them for a day. Only the files listed here are served, with their proper types
(`application/wasm` lets the browser compile the binary while it downloads)."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

ZXING_WASM_VERSION = "3.1.4"
VENDOR_DIR = Path(__file__).resolve().parent / "vendor" / "zxing-wasm"
BASE_PATH = f"/scanner/zxing-wasm-{ZXING_WASM_VERSION}"
READER_MODULE = f"{BASE_PATH}/dist/es/reader/index.js"  # what the component imports
WASM_FOLDER = f"{BASE_PATH}/dist/reader/"  # where the component's locateFile points the library

_FILES = {
    "dist/es/reader/index.js": "text/javascript; charset=utf-8",
    "dist/es/share.js": "text/javascript; charset=utf-8",
    "dist/reader/zxing_reader.wasm": "application/wasm",
    "LICENSE": "text/plain; charset=utf-8",
    "VERSION": "text/plain; charset=utf-8",
}


async def vendored(request: Request) -> Response:
    """GET one of the vendored files; 404 for anything else (no directory listing, no path outside)."""
    relative = request.path_params.get("path", "")
    media_type = _FILES.get(relative)
    if media_type is None:
        return Response(status_code=404)
    return FileResponse(
        VENDOR_DIR / relative,
        media_type=media_type,
        headers={"Cache-Control": "public, max-age=86400", "X-Content-Type-Options": "nosniff"},
    )


ROUTES = [Route(BASE_PATH + "/{path:path}", vendored, methods=["GET"])]
