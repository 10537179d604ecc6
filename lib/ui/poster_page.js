// The light poster page (lib/ui/poster_page.py): one button per personal code kept on this phone (the
// localStorage list the declaration page writes, lib/ui/browser.py). The names come from the server; every
// text is set with textContent, so nothing is read as HTML.
(function () {
  "use strict";
  var kept = document.getElementById("kept");
  if (!kept) return;
  var codes = [];
  try { codes = JSON.parse(window.localStorage.getItem("qrcheckin.codes") || "[]"); } catch (e) { codes = []; }
  if (!Array.isArray(codes)) codes = [];
  codes = codes.filter(function (c) { return c && typeof c.code === "string"; }).map(function (c) { return c.code; });
  if (!codes.length) return;
  var d = kept.dataset;
  codes = codes.slice(-12);
  // The names the server gave for these codes earlier in this visit (this tab only): the page that shows a
  // result offers the other members again without asking the server a second time.
  var memo = "qrcheckin.holders:" + d.v + ":" + codes.join(",");
  var known = null;
  try { known = JSON.parse(window.sessionStorage.getItem(memo) || "null"); } catch (e) { known = null; }
  var asked = Array.isArray(known) ? Promise.resolve(known) : fetch(d.url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ v: d.v, csrf: d.csrf, codes: codes }),
  }).then(function (r) { return r.ok ? r.json() : []; }).then(function (holders) {
    if (Array.isArray(holders)) { try { window.sessionStorage.setItem(memo, JSON.stringify(holders)); } catch (e) { /* full */ } }
    return holders;
  });
  asked.then(function (holders) {
    if (!Array.isArray(holders) || !holders.length) return;
    var box = document.getElementById("kept-buttons");
    holders.forEach(function (h) {
      var form = document.createElement("form");
      form.method = "post";
      form.action = d.action;
      [["v", d.v], ["csrf", d.csrf], ["lang", d.lang], ["code", h.code]].forEach(function (pair) {
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = pair[0];
        input.value = pair[1];
        form.appendChild(input);
      });
      var button = document.createElement("button");
      button.type = "submit";
      button.textContent = d.label.replace("{name}", String(h.name));
      form.appendChild(button);
      form.addEventListener("submit", function () { button.disabled = true; });
      box.appendChild(form);
    });
    kept.hidden = false;
  }).catch(function () {});
})();
