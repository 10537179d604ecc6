// The door's browser scanner (issue 18), a Streamlit components-v2 module. It opens the camera
// (getUserMedia: the rear camera on a phone, a switch between cameras, the torch where the device has one),
// decodes QR codes in the browser with the vendored zxing-wasm (served by the app: data.reader, data.wasm),
// outlines them in the preview and sends only the decoded text with a scan id and the moment it was read.
//
// Scans go to the scanner's HTTP route (data.endpoint, lib/ui/scanner/route.py; the session cookie and the
// page's token data.csrf), whose answer is drawn here at once: the big result, the beep, the venue's counters
// and the recent scans. Only a result the guard must act on (a red person, relatives, an unknown ID card) is
// handed to the page: its scan ids go to Streamlit (trigger "follow_up"), which then shows the buttons.
// An empty batch every data.counters_ms re-reads the counters (the venue's other doors).
//
// Every scan first goes into a queue in localStorage and leaves it only when the server acknowledges its id,
// so a scan made while the server cannot be reached is kept, survives a reload, and is sent again until
// acknowledged; the server records each id once (lib/checkins/scans.py).
//
// Streamlit calls the default export again whenever `data` changes, on the same parentElement: the station
// is made once per element and only updated afterwards (the camera keeps running).

const GONE_MS = 1500; // a code unseen for this long has left the frame; shown again, it is a new scan
const RESEND_MS = 3000; // a batch not acknowledged by then is sent again
const DECODE_EVERY_MS = 100; // about 10 decodes a second: a code held up is read within a fraction of a second
const MAX_BATCH = 200; // as lib/checkins/scans.py
const RECENT = 8; // rows of the recent scans
const WARM_UP_SIZE = 64; // the empty picture decoded once when the reader is loaded
const READ_OPTIONS = { formats: ["QRCode"], tryHarder: true, maxNumberOfSymbols: 4 };
const stations = new WeakMap();
let zxing = null; // the library module, loaded once per page

function loadReader(reader, wasmFolder) {
  if (!zxing) {
    zxing = import(new URL(reader, window.location.origin).href).then(async (mod) => {
      // locateFile points the library at the app's own copy of the .wasm (never its default CDN)
      const wasmBase = new URL(wasmFolder, window.location.origin).href;
      await mod.prepareZXingModule({
        overrides: { locateFile: (path, prefix) => (path.endsWith(".wasm") ? wasmBase + path : prefix + path) },
        fireImmediately: true,
      });
      // one decode of an empty picture before START: the first real frame then runs on a warm reader (its
      // first call also sets up the reader's memory and options, which otherwise delays the first result)
      await mod.readBarcodes(new ImageData(WARM_UP_SIZE, WARM_UP_SIZE), READ_OPTIONS).catch(() => []);
      return mod;
    });
    zxing.catch(() => {
      zxing = null; // a failed load (server unreachable) is tried again on the next start
    });
  }
  return zxing;
}

function newScanId() {
  if (globalThis.crypto && crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("").replace(/^(.{8})(.{4})(.{4})(.{4})/, "$1-$2-$3-$4-");
}

function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (_, name) => String(values[name] ?? ""));
}

class Queue {
  // The scans not yet acknowledged, oldest first, kept in localStorage under a key of the signed-in user.
  constructor(key) {
    this.key = key;
  }
  read() {
    try {
      const items = JSON.parse(window.localStorage.getItem(this.key) || "[]");
      return Array.isArray(items) ? items : [];
    } catch {
      return [];
    }
  }
  write(items) {
    if (items.length) window.localStorage.setItem(this.key, JSON.stringify(items));
    else window.localStorage.removeItem(this.key);
  }
  add(scan) {
    this.write([...this.read(), scan]);
  }
  drop(ids) {
    const gone = new Set(ids);
    const items = this.read();
    const kept = items.filter((s) => !gone.has(s.id));
    if (kept.length !== items.length) this.write(kept);
  }
}

class Station {
  constructor(host) {
    this.host = host;
    this.data = {};
    this.send = null;
    this.stream = null;
    this.deviceIndex = 0;
    this.devices = [];
    this.torchOn = false;
    this.lastSeen = new Map(); // decoded text -> last time it was in the frame
    this.verdicts = new Map(); // decoded text -> true (accepted) / false (refused), for the outline colour
    this.textOf = new Map(); // scan id -> decoded text, for the verdict of a result
    this.lastSentAt = 0;
    this.countersAt = 0; // when the counters were last read
    this.sending = false;
    this.recentRows = [];
    this.busy = false;
    this.build();
    this.timer = window.setInterval(() => this.tick(), 500);
    this.onOnline = () => this.flush(true);
    window.addEventListener("online", this.onOnline);
    window.addEventListener("offline", this.onOnline);
  }

  build() {
    const root = document.createElement("div");
    root.className = "door-scanner";
    root.innerHTML = `
      <div class="preview">
        <video playsinline muted></video>
        <canvas class="outline"></canvas>
        <div class="banner" data-testid="scanner-result" hidden></div>
      </div>
      <div class="result" data-testid="scanner-big-result" hidden></div>
      <div class="relatives" data-testid="scanner-relatives" hidden></div>
      <div class="controls">
        <button type="button" class="start" data-testid="scanner-start"></button>
        <button type="button" class="switch" data-testid="scanner-switch" hidden></button>
        <button type="button" class="torch" data-testid="scanner-torch" hidden></button>
      </div>
      <div class="pending" data-testid="scanner-pending" hidden></div>
      <div class="status" data-testid="scanner-status"></div>
      <div class="counters">
        <div class="counter"><div class="label inside-label"></div><div class="value" data-testid="scanner-inside">–</div></div>
        <div class="counter"><div class="label today-label"></div><div class="value" data-testid="scanner-today">–</div></div>
      </div>
      <div class="recent" data-testid="scanner-recent" hidden><div class="label last-label"></div><table><tbody></tbody></table></div>`;
    this.host.appendChild(root);
    this.root = root;
    this.video = root.querySelector("video");
    this.overlay = root.querySelector("canvas.outline");
    this.banner = root.querySelector(".banner");
    this.startButton = root.querySelector(".start");
    this.switchButton = root.querySelector(".switch");
    this.torchButton = root.querySelector(".torch");
    this.pending = root.querySelector(".pending");
    this.status = root.querySelector(".status");
    this.big = root.querySelector(".result");
    this.relativesBox = root.querySelector(".relatives");
    this.insideValue = root.querySelector("[data-testid=scanner-inside]");
    this.todayValue = root.querySelector("[data-testid=scanner-today]");
    this.recentBox = root.querySelector(".recent");
    this.frame = document.createElement("canvas");
    this.startButton.addEventListener("click", () => (this.stream ? this.stop() : this.start()));
    this.switchButton.addEventListener("click", () => this.switchCamera());
    this.torchButton.addEventListener("click", () => this.toggleTorch());
  }

  texts() {
    return this.data.texts || {};
  }

  update(data, setTriggerValue) {
    this.data = data || {};
    this.send = setTriggerValue;
    if (!this.queue || this.queue.key !== this.data.queue_key) {
      this.queue = new Queue(this.data.queue_key || "qrcheckin.scanner.queue");
      this.restoreRecent();
    }
    const t = this.texts();
    this.startButton.textContent = this.stream ? t.stop : t.start;
    this.switchButton.textContent = t.switch;
    this.torchButton.textContent = this.torchOn ? t.torch_off : t.torch_on;
    this.root.querySelector(".inside-label").textContent = t.inside || "";
    this.root.querySelector(".today-label").textContent = t.today || "";
    this.root.querySelector(".last-label").textContent = t.last || "";
    // ready before the guard presses START; the button says so (tests and the bench wait for it)
    loadReader(this.data.reader, this.data.wasm)
      .then(() => (this.startButton.dataset.ready = "true"))
      .catch(() => {});
    this.settle(this.data.answered || {});
    // the page ran (a manual entry, the guard's decision): it says what the counters are now
    if (this.data.counters) this.showCounters(this.data.counters);
    else this.countersAt = 0;
    this.tick();
    this.flush(false);
  }

  restoreRecent() {
    // the recent results of this tab (sessionStorage): a reload, or the page drawing the scanner anew, keeps
    // them on screen, the newest big; nothing beeps again
    let rows = [];
    try {
      rows = JSON.parse(window.sessionStorage.getItem(this.queue.key + ".recent") || "[]");
    } catch {
      rows = [];
    }
    if (!Array.isArray(rows) || !rows.length) return;
    this.recentRows = rows.slice(1);
    this.showResult(rows[0]);
  }

  showResult(result) {
    const text = this.textOf.get(result.scan_id);
    if (text !== undefined) this.verdicts.set(text, result.ok);
    this.drawBig(result);
    if (!result.replay) this.offerRelatives(result);
    this.recentRows = [result, ...this.recentRows].slice(0, RECENT);
    this.keepRecent();
  }

  drawBig(result) {
    this.banner.hidden = false;
    this.banner.style.background = result.colour;
    this.banner.style.color = result.ink;
    this.banner.textContent = [result.name, result.headline].filter(Boolean).join(" — ");
    // the big result, readable from a metre away: name, event, colour in words and what to do (textContent:
    // names are never markup)
    this.big.hidden = false;
    this.big.style.background = result.colour;
    this.big.style.color = result.ink;
    this.big.replaceChildren();
    const lines = [result.name, result.headline, [result.risk, result.todo].filter(Boolean).join(" — ")];
    if (result.follow_up) lines.push(this.texts().follow_up || "");
    lines.filter(Boolean).forEach((line, n) => {
      const div = document.createElement("div");
      if (n === 0) div.className = "name";
      div.textContent = line;
      this.big.appendChild(div);
    });
  }

  keepRecent() {
    try {
      window.sessionStorage.setItem(this.queue.key + ".recent", JSON.stringify(this.recentRows));
    } catch {
      // storage full or refused: the rows stay on screen until a reload
    }
    const body = this.recentBox.querySelector("tbody");
    body.replaceChildren(
      ...this.recentRows.map((r) => {
        const row = document.createElement("tr");
        for (const cell of [r.name, r.headline, r.risk]) {
          const td = document.createElement("td");
          td.textContent = cell || "";
          row.appendChild(td);
        }
        return row;
      }),
    );
    this.recentBox.hidden = false;
  }

  settle(answered) {
    // what became of the scans the guard acted on beside the scanner (turned away, let in, registered, skipped),
    // by scan id: their rows, and the big result if it is one of them, say so instead of "your decision is needed"
    let changed = false;
    this.recentRows = this.recentRows.map((row) => {
      const later = answered[row.scan_id];
      if (!later || JSON.stringify(later) === JSON.stringify(row)) return row;
      changed = true;
      return later;
    });
    if (!changed) return;
    this.drawBig(this.recentRows[0]);
    this.keepRecent();
  }

  offerRelatives(result) {
    // a household owner checked in: tick boxes for the relatives (a red one not ticked), sent to the route,
    // which checks them in only if they are this owner's; a newer result without relatives clears them
    const relatives = Array.isArray(result.relatives) ? result.relatives : [];
    this.relativesBox.replaceChildren();
    this.relativesBox.hidden = !relatives.length;
    if (!relatives.length) return;
    const t = this.texts();
    const title = document.createElement("div");
    title.className = "label";
    title.textContent = t.relatives || "";
    this.relativesBox.appendChild(title);
    const boxes = relatives.map((relative) => {
      const label = document.createElement("label");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.checked = !relative.red;
      box.dataset.personId = String(relative.id);
      label.append(box, document.createTextNode(" " + relative.label));
      this.relativesBox.appendChild(label);
      return box;
    });
    const go = document.createElement("button");
    go.type = "button";
    go.dataset.testid = "scanner-relatives-go";
    go.textContent = t.relatives_go || "";
    go.addEventListener("click", () => {
      const ids = boxes.filter((b) => b.checked).map((b) => Number(b.dataset.personId));
      this.relativesBox.hidden = true;
      this.post({ relatives: { scan_id: result.scan_id, ids } }).catch(() => {
        this.relativesBox.hidden = false; // unreachable: the guard may press again
      });
    });
    this.relativesBox.appendChild(go);
  }

  post(payload) {
    // one request to the scanner's route; a good answer is drawn, a refusal said in the status line
    const t = this.texts();
    return fetch(this.data.endpoint, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ csrf: this.data.csrf, venue: this.data.venue, lang: this.data.lang, ...payload }),
    }).then(async (response) => {
      if (response.ok) return this.answered(await response.json());
      // the scans stay queued: a reload (a new sign-in, a new page token) sends them
      this.status.textContent = response.status === 401 ? t.signed_out : response.status === 429 ? t.limited : t.refused;
    });
  }

  showCounters(counters) {
    if (!counters) return;
    this.insideValue.textContent = counters.inside;
    this.todayValue.textContent = counters.today;
    this.countersAt = Date.now();
  }

  beep(ok) {
    try {
      this.audio = this.audio || new AudioContext();
      const tones = ok ? [[1320, 0, 0.15]] : [[440, 0, 0.12], [440, 0.17, 0.12]];
      for (const [freq, at, length] of tones) {
        const osc = this.audio.createOscillator();
        const gain = this.audio.createGain();
        gain.gain.value = 0.2;
        osc.frequency.value = freq;
        osc.connect(gain).connect(this.audio.destination);
        osc.start(this.audio.currentTime + at);
        osc.stop(this.audio.currentTime + at + length);
      }
    } catch {
      // no sound on this device: the colour and the text still tell
    }
  }

  async start() {
    const t = this.texts();
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      this.status.textContent = t.no_camera_api;
      return;
    }
    this.status.textContent = t.loading;
    try {
      this.audio = this.audio || new AudioContext(); // made on the guard's click, so it may sound later
    } catch {
      // no Web Audio
    }
    const device = this.devices[this.deviceIndex];
    const video = device
      ? { deviceId: { exact: device.deviceId }, width: { ideal: 1280 }, height: { ideal: 720 } }
      : { facingMode: { ideal: "environment" }, width: { ideal: 1280 }, height: { ideal: 720 } };
    try {
      this.stream = await navigator.mediaDevices.getUserMedia({ video, audio: false });
    } catch (err) {
      this.stream = null;
      this.status.textContent = err && err.name === "NotAllowedError" ? t.denied : t.no_camera;
      return;
    }
    performance.mark("scanner.camera"); // User Timing marks: where START -> result goes (bench.stations)
    this.video.srcObject = this.stream;
    this.startButton.textContent = t.stop;
    this.status.textContent = "";
    // the first frame is decoded as soon as the camera gives it; the cameras are listed meanwhile
    this.loop();
    await this.video.play().catch(() => {});
    await this.listCameras();
    this.showTorch();
  }

  stop() {
    if (this.stream) this.stream.getTracks().forEach((track) => track.stop());
    this.stream = null;
    this.torchOn = false;
    this.video.srcObject = null;
    this.startButton.textContent = this.texts().start;
    this.torchButton.hidden = true;
    const ctx = this.overlay.getContext("2d");
    ctx.clearRect(0, 0, this.overlay.width, this.overlay.height);
  }

  async listCameras() {
    try {
      const all = await navigator.mediaDevices.enumerateDevices();
      this.devices = all.filter((d) => d.kind === "videoinput");
    } catch {
      this.devices = [];
    }
    const track = this.stream && this.stream.getVideoTracks()[0];
    const current = track && track.getSettings ? track.getSettings().deviceId : undefined;
    const index = this.devices.findIndex((d) => d.deviceId === current);
    if (index >= 0) this.deviceIndex = index;
    this.switchButton.hidden = this.devices.length < 2;
  }

  async switchCamera() {
    if (this.devices.length < 2) return;
    this.deviceIndex = (this.deviceIndex + 1) % this.devices.length;
    this.stop();
    await this.start();
  }

  showTorch() {
    const track = this.stream && this.stream.getVideoTracks()[0];
    const caps = track && track.getCapabilities ? track.getCapabilities() : {};
    this.torchButton.hidden = !caps.torch;
  }

  async toggleTorch() {
    const track = this.stream && this.stream.getVideoTracks()[0];
    if (!track) return;
    try {
      await track.applyConstraints({ advanced: [{ torch: !this.torchOn }] });
      this.torchOn = !this.torchOn;
      this.torchButton.textContent = this.torchOn ? this.texts().torch_off : this.texts().torch_on;
    } catch {
      this.torchButton.hidden = true;
    }
  }

  async loop() {
    const stream = this.stream;
    if (this.looping === stream) return; // one loop per camera stream
    this.looping = stream;
    while (this.stream === stream && this.host.isConnected) {
      if (!this.video.videoWidth || this.video.readyState < 2) {
        await this.nextFrame(); // the camera's first picture: decoded the moment it arrives
        continue;
      }
      const started = performance.now();
      if (!this.busy) {
        this.busy = true;
        try {
          await this.decodeFrame();
        } catch (err) {
          this.status.textContent = `${this.texts().decode_error}: ${err && err.message ? err.message : err}`;
        } finally {
          this.busy = false;
        }
      }
      const wait = Math.max(10, DECODE_EVERY_MS - (performance.now() - started));
      await new Promise((resolve) => window.setTimeout(resolve, wait));
    }
    if (this.looping === stream) this.looping = null;
  }

  nextFrame() {
    // the next picture of the camera (requestVideoFrameCallback where the browser has it), or 10 ms
    return new Promise((resolve) => {
      const timer = window.setTimeout(resolve, 10);
      if (this.video.requestVideoFrameCallback) {
        this.video.requestVideoFrameCallback(() => {
          window.clearTimeout(timer);
          resolve();
        });
      }
    });
  }

  async decodeFrame() {
    const mod = await loadReader(this.data.reader, this.data.wasm);
    const width = this.video.videoWidth;
    const height = this.video.videoHeight;
    if (this.frame.width !== width || this.frame.height !== height) {
      this.frame.width = width;
      this.frame.height = height;
    }
    const ctx = this.frame.getContext("2d", { willReadFrequently: true });
    ctx.drawImage(this.video, 0, 0, width, height);
    const decodeAt = performance.now();
    const found = await mod.readBarcodes(ctx.getImageData(0, 0, width, height), READ_OPTIONS);
    if (!this.decodedOnce) {
      this.decodedOnce = true;
      performance.measure("scanner.first-decode", { start: decodeAt, end: performance.now() });
    }
    const now = Date.now();
    const codes = found.filter((r) => r.isValid && r.text);
    for (const code of codes) {
      const last = this.lastSeen.get(code.text);
      this.lastSeen.set(code.text, now);
      if (last === undefined || now - last > GONE_MS) this.scanned(code.text, now);
    }
    this.draw(codes, width, height);
  }

  draw(codes, width, height) {
    const box = this.video.getBoundingClientRect();
    this.overlay.width = box.width;
    this.overlay.height = box.height;
    const ctx = this.overlay.getContext("2d");
    ctx.clearRect(0, 0, box.width, box.height);
    const scale = Math.min(box.width / width, box.height / height);
    const dx = (box.width - width * scale) / 2;
    const dy = (box.height - height * scale) / 2;
    for (const code of codes) {
      const p = code.position;
      const corners = [p.topLeft, p.topRight, p.bottomRight, p.bottomLeft];
      const verdict = this.verdicts.get(code.text);
      ctx.strokeStyle = verdict === true ? "#1b873f" : verdict === false ? "#c0392b" : "#f0c800";
      ctx.lineWidth = 5;
      ctx.beginPath();
      corners.forEach((c, n) => (n ? ctx.lineTo(dx + c.x * scale, dy + c.y * scale) : ctx.moveTo(dx + c.x * scale, dy + c.y * scale)));
      ctx.closePath();
      ctx.stroke();
    }
  }

  scanned(text, now) {
    const venue = this.data.venue;
    const windowMs = this.data.window_ms || 120000;
    // a code already waiting in the queue for this venue is the same event (the held-code rule), not a new scan
    if (this.queue.read().some((s) => s.text === text && s.venue === venue && now - s.at <= windowMs)) return;
    performance.mark("scanner.read"); // a new scan read (bench.stations: START -> the first one)
    const scan = { id: newScanId(), text, at: now, venue, mode: this.data.mode };
    this.textOf.set(scan.id, text);
    this.verdicts.delete(text);
    this.queue.add(scan);
    this.tick();
    this.flush(true);
  }

  flush(force) {
    // nothing is sent while the device says it is offline; the queue waits for the "online" event. One request
    // at a time: scans read meanwhile go in the next, sent as soon as this one is answered.
    const items = this.queue ? this.queue.read() : [];
    const countersDue = Date.now() - this.countersAt >= (this.data.counters_ms || 30000);
    if (this.sending || !this.data.endpoint || !navigator.onLine || (!items.length && !countersDue)) return;
    if (items.length && !force && !countersDue && Date.now() - this.lastSentAt < RESEND_MS) return;
    const batch = items.slice(0, MAX_BATCH);
    this.lastSentAt = Date.now();
    this.sending = true;
    this.post({ batch: { sent_at: Date.now(), scans: batch } })
      .catch(() => {}) // unreachable: the scans stay queued and the counter shows them
      .finally(() => {
        this.sending = false;
        this.tick();
        const sent = new Set(batch.map((s) => s.id));
        if (this.queue.read().some((s) => !sent.has(s.id))) this.flush(true);
      });
  }

  answered(answer) {
    this.status.textContent = "";
    this.queue.drop(Array.isArray(answer.acks) ? answer.acks : []);
    this.showCounters(answer.counters);
    const results = Array.isArray(answer.results) ? answer.results : [];
    results.forEach((result) => this.showResult(result));
    const newest = results.filter((r) => !r.replay).pop(); // a scan already on file was beeped for when it was read
    if (newest) this.beep(newest.ok);
    const followUps = results.filter((r) => r.follow_up).map((r) => r.scan_id);
    if (followUps.length && this.send) this.send("follow_up", { ids: followUps, at: Date.now() });
  }

  tick() {
    const items = this.queue ? this.queue.read() : [];
    const oldest = items.length ? Date.now() - items[0].at : 0;
    // an answer normally comes within a fraction of a second: the counter shows what waits longer, or offline
    const show = items.length > 0 && (!navigator.onLine || oldest > GONE_MS);
    this.pending.hidden = !show;
    if (show) this.pending.textContent = fill(this.texts().pending || "{n}", { n: items.length });
    this.flush(false); // a batch not answered in RESEND_MS is sent again; the counters when due
    for (const [text, at] of this.lastSeen) if (Date.now() - at > 60000) this.lastSeen.delete(text);
  }

  destroy() {
    this.stop();
    window.clearInterval(this.timer);
    window.removeEventListener("online", this.onOnline);
    window.removeEventListener("offline", this.onOnline);
    this.root.remove();
  }
}

export default function (component) {
  const { parentElement, data, setTriggerValue } = component;
  let station = stations.get(parentElement);
  if (!station) {
    station = new Station(parentElement);
    stations.set(parentElement, station);
  }
  station.update(data, setTriggerValue);
  return () => {
    // Streamlit may call an earlier run's cleanup while the element stays on the page: only a station whose
    // element has left the page is ended
    window.setTimeout(() => {
      if (!parentElement.isConnected && stations.get(parentElement) === station) {
        station.destroy();
        stations.delete(parentElement);
      }
    }, 1000);
  };
}
