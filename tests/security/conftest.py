"""The security suite reports what it tried: each test adds its counts (attempts, and what got through —
which must be 0) to one table printed at the end of the run."""

from collections import defaultdict

TALLY: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))


def tally(kind: str, **counts: int) -> None:
    """tally(kind, tried=n, accepted=m): add to the figures printed at the end (a plain function, so
    hypothesis tests can call it too)."""
    for name, value in counts.items():
        TALLY[kind][name] += value


def pytest_terminal_summary(terminalreporter):
    if not TALLY:
        return
    terminalreporter.section("security figures")
    for kind, counts in sorted(TALLY.items()):
        terminalreporter.write_line(f"{kind}: " + ", ".join(f"{name} {value:,}" for name, value in counts.items()))
