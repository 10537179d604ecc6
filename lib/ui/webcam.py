"""The live webcam at the door (streamlit-webrtc). The video callback runs on WebRTC's thread and only
decodes frames and draws outlines; payloads go to the script thread through a queue, and the script thread
verifies, records and renders — never the callback. `stream` is the one function tests replace (the
component does not run under AppTest)."""

from __future__ import annotations

import contextlib
import queue
import threading
import time

import av
import numpy as np
from PIL import Image, ImageDraw

from lib.codes import decoding

GONE_SECONDS = 1.5  # a code unseen for this long has left the frame; shown again, it is a new scan
COLOURS = {True: (0, 200, 0), False: (220, 0, 0), None: (240, 200, 0)}  # accepted, refused, pending (RGB)


class FrameScanner:
    """Callable passed as `video_frame_callback`; one per browser session."""

    def __init__(self, decoder: str | None = None) -> None:
        self.decoder = decoding.get_decoder(decoder)
        self.payloads: queue.Queue[str] = queue.Queue(maxsize=50)
        self.verdicts: dict[str, bool] = {}  # written by the script thread
        self._last_seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def __call__(self, frame: av.VideoFrame) -> av.VideoFrame:
        rgb = frame.to_ndarray(format="rgb24")
        gray = np.asarray(Image.fromarray(rgb).convert("L"))
        found = self.decoder.locate(gray)
        if not found:
            return frame
        now = time.monotonic()
        image = Image.fromarray(rgb)
        draw = ImageDraw.Draw(image)
        for text, corners in found:
            with self._lock:
                # a code held in front of the camera is one event until it leaves the frame (a frame or two
                # where the decoder misses it does not count as leaving)
                last_seen = self._last_seen.get(text)
                self._last_seen[text] = now
                if last_seen is None or now - last_seen > GONE_SECONDS:
                    with contextlib.suppress(queue.Full):
                        self.payloads.put_nowait(text)
            if len(corners) >= 3:
                draw.line([*corners, corners[0]], fill=COLOURS[self.verdicts.get(text)], width=6)
        return av.VideoFrame.from_ndarray(np.asarray(image), format="rgb24")

    def drain(self) -> list[str]:
        """Payloads waiting for the script thread, oldest first."""
        items = []
        while True:
            try:
                items.append(self.payloads.get_nowait())
            except queue.Empty:
                return items


def stream(frame_scanner: FrameScanner, ice_servers: list[dict], key: str = "scan.webrtc", translations: dict | None = None) -> bool:
    """The WebRTC widget (camera only, no audio) with the configured ICE servers — none by default, so no
    public STUN server is contacted; that works on a LAN and over loopback. `translations` replaces the
    component's English ("START", "Select device"). True while the camera plays."""
    from streamlit_webrtc import WebRtcMode, webrtc_streamer

    context = webrtc_streamer(
        key=key,
        mode=WebRtcMode.SENDRECV,
        rtc_configuration={"iceServers": ice_servers},
        media_stream_constraints={"video": True, "audio": False},
        video_frame_callback=frame_scanner,
        async_processing=True,
        translations=translations,  # type: ignore[arg-type]
    )
    return bool(context.state.playing)
