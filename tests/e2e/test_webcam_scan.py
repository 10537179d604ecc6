"""Real browser, real WebRTC: Chromium's fake camera plays a video of a personal QR code, the staff member
presses START, and the visit lands in DuckDB. Prints the time from START to the recorded row (the figure
`python -m bench.run webcam` takes the median of)."""

import pytest

from lib.codes import decoding
from tests.e2e.conftest import make_demo_folder
from tests.e2e.webcam_flow import code_frame, people_to_scan, recorded_visits, scan_once, write_y4m

pytestmark = pytest.mark.e2e


def test_fake_camera_scan_records_a_visit(tmp_path_factory, tmp_path, playwright):
    folder = make_demo_folder(tmp_path_factory)
    [(person_id, code)] = people_to_scan(folder, 1)
    frame = code_frame(code)
    assert decoding.decode_image(frame) == [code]
    video = tmp_path / "qr.y4m"
    write_y4m(video, [frame] * 20)

    clicked_at, to_result = scan_once(playwright, folder, video)

    [(method, checked_in_at, checked_out_at)] = recorded_visits(folder, person_id)
    assert (method, checked_out_at) == ("staff_scan", None)
    to_row = (checked_in_at - clicked_at).total_seconds()
    print(f"\nSTART to recorded row {to_row:.2f} s, to result shown {to_result:.2f} s")
    assert 0 < to_row < to_result
