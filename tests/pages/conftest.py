"""Page tests run without the WebRTC component, which cannot run under AppTest: `lib.ui.webcam.stream` is
replaced by a recorder of the ICE servers it was given (the camera is then "not playing")."""

import pytest

from lib.ui import webcam


@pytest.fixture(autouse=True)
def no_webrtc(monkeypatch):
    calls = []
    monkeypatch.setattr(webcam, "stream", lambda scanner, ice, key="scan.webrtc", translations=None: calls.append(ice) or False)
    return calls
