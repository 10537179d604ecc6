"""Child process of the fault tests: records check-ins through the batch writer, as the server does, and
prints each acknowledged check-in id the moment its scan returned — the parent kills it or starves its disk
mid-burst. `python -m tests.reliability.burst_writer COUNT [FILE_SIZE_LIMIT_BYTES]`."""

import resource
import signal
import sys

from bench.load import scan_targets
from lib.access import accounts
from lib.checkins import writer
from lib.checkins.rules import CHECKED_IN, ScanRequest
from lib.platform import db
from lib.platform.config import load_settings
from lib.platform.errors import AppError


def main() -> None:
    count = int(sys.argv[1])
    settings = load_settings()
    root = db.open_database(settings)
    with db.cursor(root) as cur:
        user = accounts.load_user(cur, cur.execute("SELECT user_id FROM users WHERE role = 'office' LIMIT 1").fetchone()[0])
        venues, people = scan_targets(cur, 1, 200)
        cur.execute("CHECKPOINT")
    if len(sys.argv) > 2:  # "disk full": the process may not grow any file past this size
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        limit = int(sys.argv[2])
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))
    print("ready", flush=True)
    for k in range(count):
        request = ScanRequest(user, venues[(k // 200) % 2], people[k % 200], method="staff_scan")
        try:
            with db.cursor(root) as cur:
                outcome = writer.record(cur, request)
        except AppError as err:
            print(f"error {type(err).__name__} {err.key}", flush=True)
            continue
        except Exception as exc:
            print(f"error {type(exc).__name__} {str(exc)[:120]}", flush=True)
            continue
        if outcome.kind == CHECKED_IN:
            print(f"ack {outcome.checkin_id}", flush=True)
    print("done", flush=True)


if __name__ == "__main__":
    main()
