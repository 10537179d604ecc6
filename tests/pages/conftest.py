"""Page tests run without the WebRTC component, which cannot run under AppTest: `lib.ui.webcam.stream` is
replaced by a recorder of the ICE servers it was given (the camera is then "not playing"). They run the
door in its server mode (QRCHECKIN_SCANNER=server), whose frame scanner they feed; the browser mode's page
tests set `browser` themselves."""

import pytest

from lib.ui import webcam


@pytest.fixture(autouse=True)
def no_webrtc(monkeypatch):
    monkeypatch.setenv("QRCHECKIN_SCANNER", "server")
    calls = []
    monkeypatch.setattr(webcam, "stream", lambda scanner, ice, key="scan.webrtc", translations=None: calls.append(ice) or False)
    return calls
