"""The webcam's frame scanner: a code held in front of the camera is queued once, until it leaves the frame."""

import av
import numpy as np
import pytest

from lib.ui import webcam


class _Decoder:
    """Reports whatever the test puts in `visible` for the next frame."""

    def __init__(self) -> None:
        self.visible: list[str] = []

    def locate(self, gray):
        return [(text, [(1, 1), (9, 1), (9, 9)]) for text in self.visible]


@pytest.fixture
def scanner(monkeypatch):
    clock = {"now": 100.0}
    monkeypatch.setattr(webcam.time, "monotonic", lambda: clock["now"])
    frame_scanner = webcam.FrameScanner()
    frame_scanner.decoder = _Decoder()
    return frame_scanner, clock


def _frames(frame_scanner, clock, seconds: float, visible: list[str], fps: int = 10) -> None:
    frame_scanner.decoder.visible = visible
    frame = av.VideoFrame.from_ndarray(np.zeros((16, 16, 3), dtype=np.uint8), format="rgb24")
    for _ in range(int(seconds * fps)):
        frame_scanner(frame)
        clock["now"] += 1 / fps


def test_a_code_held_for_ten_seconds_is_one_scan(scanner):
    frame_scanner, clock = scanner
    _frames(frame_scanner, clock, 10, ["P1"])
    assert frame_scanner.drain() == ["P1"]


def test_a_missed_frame_is_not_leaving_but_taking_the_code_away_is(scanner):
    frame_scanner, clock = scanner
    _frames(frame_scanner, clock, 2, ["P1"])
    _frames(frame_scanner, clock, 0.5, [])  # the decoder missed a few frames
    _frames(frame_scanner, clock, 2, ["P1"])
    assert frame_scanner.drain() == ["P1"]
    _frames(frame_scanner, clock, 3, [])  # taken away
    _frames(frame_scanner, clock, 1, ["P1", "P2"])  # shown again, with a second code
    assert frame_scanner.drain() == ["P1", "P2"]
