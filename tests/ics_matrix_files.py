"""The .ics matrix: plans in zones with odd DST rules, around DST changes, New Year and 29 Feb.

As a script it writes one .ics file per case into a folder, for the shared parser harness:

    python tests/ics_matrix_files.py OUT_DIR [--full]
    bash ../shared/tools/ical-check/check.sh OUT_DIR/*.ics

``tests/test_ics_matrix.py`` imports :func:`matrix_cases` and checks the same cases with five
Python parsers. The default sample is deterministic and small (each zone x each start, goals,
levels and time patterns rotating through the cases); ``--full`` (or
``PLANFORGE_ICS_FULL=1`` for the tests) is every zone x start x goal x level x pattern.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

try:
    import planforge  # noqa: F401
except ImportError:  # a source checkout run without installing
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "src"))

from plan_factory import package_zone
from planforge.core.model import LEVELS, Plan, Times
from planforge.goals.templates import builtin_goals

ZONES: tuple[str, ...] = (
    "UTC",
    "Europe/London",
    "America/New_York",
    "Australia/Lord_Howe",  # DST moves the clocks by 30 min
    "Asia/Kathmandu",  # +05:45, no DST
    "Pacific/Chatham",  # +12:45/+13:45, changes at 02:45 and 03:45
    "America/Santiago",  # changes at midnight: Saturday 24:00 -> Sunday 01:00
    "Australia/Sydney",
    "Asia/Kolkata",  # +05:30, no DST
)
#: how the workouts are timed: all-day, 07:00 everywhere, per-weekday times, or a wall time
#: inside the zone's DST gap (moved to the gap's end) or repeated hour (first occurrence)
PATTERNS: tuple[str, ...] = ("allday", "0700", "mixed", "gap", "overlap")
CREATED = dt.datetime(2026, 5, 1, 12, 0, tzinfo=dt.UTC)
WEEKS = 3


@dataclass(frozen=True)
class Case:
    name: str
    goal: str
    level: str
    start: dt.date
    timezone: str | None
    times: Times
    remind: dt.timedelta | None = None
    busy_only: bool = False
    weeks: int = WEEKS

    def plan(self) -> Plan:
        from planforge.core.engine.progression import build_plan

        return build_plan(goal=self.goal, weeks=self.weeks, start=self.start,
                          created=CREATED, level=self.level, days=tuple(range(7)),
                          timezone=self.timezone, times=self.times)

    def render(self) -> bytes:
        from planforge.formats.ics import render_ics

        return render_ics(self.plan(), remind=self.remind, busy_only=self.busy_only)


@dataclass(frozen=True)
class Transition:
    """One change of a zone's UTC offset, as local wall times."""

    day: dt.date  # the local date the change happens on
    gap: tuple[dt.datetime, dt.datetime] | None  # skipped wall times [start, end)
    overlap: tuple[dt.datetime, dt.datetime] | None  # repeated wall times [start, end)


def transitions(zone: str, first: dt.date, last: dt.date) -> list[Transition]:
    """The offset changes of ``zone`` between two dates, found hour by hour with zoneinfo."""
    tz = package_zone(zone)
    found = []
    t = dt.datetime.combine(first, dt.time(), dt.UTC)
    stop = dt.datetime.combine(last, dt.time(), dt.UTC)
    step = dt.timedelta(minutes=15)
    before = t.astimezone(tz).utcoffset()
    while t < stop:
        nxt = t + step
        after = nxt.astimezone(tz).utcoffset()
        if after != before:
            assert before is not None and after is not None
            # the instant of change, to the minute
            lo, hi = t, nxt
            while hi - lo > dt.timedelta(minutes=1):
                mid = lo + (hi - lo) / 2
                if mid.astimezone(tz).utcoffset() == after:
                    hi = mid
                else:
                    lo = mid
            wall_before = (hi + before).replace(tzinfo=None)
            wall_after = (hi + after).replace(tzinfo=None)
            if after > before:
                found.append(Transition(wall_before.date(), (wall_before, wall_after), None))
            else:
                found.append(Transition(wall_after.date(), None, (wall_after, wall_before)))
            before = after
        t = nxt
    return found


def _middle(span: tuple[dt.datetime, dt.datetime]) -> dt.datetime:
    start, end = span
    middle = start + (end - start) / 2
    return middle.replace(second=0, microsecond=0)


def _monday_before(day: dt.date) -> dt.date:
    """The Monday of the week before ``day``'s week, so the change falls in week 2."""
    return day - dt.timedelta(days=day.weekday() + 7)


def starts(zone: str) -> list[tuple[str, dt.date, Transition | None]]:
    """(label, start date, DST change) for both DST changes of 2026-27, New Year, 29 Feb 2028."""
    result: list[tuple[str, dt.date, Transition | None]] = []
    for change in transitions(zone, dt.date(2026, 6, 1), dt.date(2027, 6, 1)):
        label = "dst-forward" if change.gap else "dst-back"
        result.append((f"{label}-{change.day:%Y%m%d}", _monday_before(change.day), change))
    result.append(("new-year", dt.date(2026, 12, 21), None))
    result.append(("leap-day", dt.date(2028, 2, 21), None))
    return result


def times_for(pattern: str, zone: str, change: Transition | None) -> tuple[str | None, Times]:
    """(time zone, times) for one pattern; gap/overlap fall back to fixed times without DST."""
    if pattern == "allday":
        return None, Times()
    if pattern == "0700":
        return zone, Times(default=dt.time(7, 0))
    if pattern == "mixed":
        return zone, Times(default=dt.time(6, 15),
                           by_weekday=((5, dt.time(9, 0)), (6, dt.time(17, 45))))
    if pattern == "gap":
        at = _middle(change.gap).time() if change and change.gap else dt.time(2, 30)
        return zone, Times(default=at)
    if pattern == "overlap":
        at = _middle(change.overlap).time() if change and change.overlap else dt.time(23, 30)
        return zone, Times(default=at)
    raise ValueError(pattern)


def _slug(zone: str) -> str:
    return zone.replace("/", "-").lower()


def matrix_cases(full: bool = False) -> list[Case]:
    """The cases, in a fixed order. Default: each zone x start, twice (the DST-relevant
    pattern and a rotating one), goals and levels rotating; ``full``: the whole product."""
    goals = builtin_goals()
    cases: list[Case] = []
    counter = itertools.count()
    for zone in ZONES:
        for label, start, change in starts(zone):
            if full:
                combos: Iterator[tuple[str, str, str]] = iter(
                    itertools.product(PATTERNS, goals, LEVELS))
            else:
                relevant = ("gap" if change and change.gap else
                            "overlap" if change and change.overlap else "0700")
                i = next(counter)
                rotating = ("allday", "mixed", "0700", "overlap", "gap")[i % 5]
                if rotating == relevant:
                    rotating = "mixed"
                combos = iter([
                    (relevant, goals[i % len(goals)], LEVELS[i % len(LEVELS)]),
                    (rotating, goals[(i + 3) % len(goals)], LEVELS[(i + 1) % len(LEVELS)]),
                ])
            for pattern, goal, level in combos:
                n = len(cases)
                timezone, times = times_for(pattern, zone, change)
                remind = dt.timedelta(minutes=30) if n % 3 == 1 else None
                busy = n % 7 == 3
                name = f"{_slug(zone)}-{label}-{pattern}-{goal}-{level}" + (
                    "-busy" if busy else "") + ("-remind" if remind else "")
                cases.append(Case(name, goal, level, start, timezone, times, remind, busy))
    names = [c.name for c in cases]
    assert len(set(names)) == len(names), "case names must be unique"
    return cases


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path, help="folder for the .ics files (created)")
    parser.add_argument("--full", action="store_true", help="every combination, not a sample")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    cases = matrix_cases(full=args.full)
    for case in cases:
        (args.out_dir / f"{case.name}.ics").write_bytes(case.render())
    print(f"wrote {len(cases)} .ics files to {args.out_dir}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
