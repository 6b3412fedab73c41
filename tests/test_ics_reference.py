"""planforge writes its .ics text itself; these tests hold it to the bytes the icalendar
library writes for the same components (tests/ics_reference.py keeps that writer).

Engine plans for every goal and level with every option, hand-built plans with any text
hypothesis can think of (escapes, folding next to multi-byte characters and backslashes),
and the VTIMEZONE of every zone zoneinfo knows.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import zoneinfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ics_reference
from plan_factory import GLUTE_BRIDGE, make_plan, weekly_dates
from planforge.core import wording as describe
from planforge.core.model import LEVELS, Times
from planforge.core.progression import build_plan
from planforge.formats import ics
from planforge.goals.templates import builtin_goals

CREATED = dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC)
MON = dt.date(2026, 3, 2)

#: (zone, times): all-day, DST zones both hemispheres, a 30-minute DST, a gap at 02:30,
#: no DST, UTC, and Casablanca (no yearly rule: the listed-transitions VTIMEZONE)
SETUPS: list[tuple[str | None, Times]] = [
    (None, Times()),
    ("Europe/London", Times(default=dt.time(7, 0), by_weekday=((5, dt.time(9, 0)),))),
    ("America/New_York", Times(default=dt.time(2, 30))),
    ("Australia/Sydney", Times(default=dt.time(6, 15))),
    ("Australia/Lord_Howe", Times(default=dt.time(1, 45))),
    ("Asia/Kolkata", Times(default=dt.time(12, 0))),
    ("UTC", Times(default=dt.time(18, 0))),
    ("Africa/Casablanca", Times(default=dt.time(7, 0))),
    ("America/Los_Angeles", Times(by_weekday=((1, dt.time(18, 0)), (5, dt.time(1, 30))))),
]
OPTIONS: list[dict[str, object]] = [
    {},
    {"remind": dt.timedelta(minutes=30)},
    {"remind": dt.timedelta(0), "color": "teal"},
    {"busy_only": True, "remind": dt.timedelta(days=1), "color": "DarkOrange"},
    {"remind": dt.timedelta(hours=1, minutes=30, seconds=5)},
]


def _same(plan: object, **options: object) -> None:
    got = ics.render_ics(plan, **options)  # type: ignore[arg-type]
    want = ics_reference.render_ics(plan, **options)  # type: ignore[arg-type]
    if got != want:  # show the first differing line, not two 60 kB blobs
        for a, b in zip(got.split(b"\r\n"), want.split(b"\r\n"), strict=False):
            assert a == b
    assert got == want


@pytest.mark.parametrize("goal", builtin_goals())
@pytest.mark.parametrize("level", LEVELS)
def test_engine_plans_match_the_library_writer(goal: str, level: str) -> None:
    i = builtin_goals().index(goal) * len(LEVELS) + LEVELS.index(level)
    for j, weeks in enumerate((1, 9, 30)):
        zone, times = SETUPS[(i + j) % len(SETUPS)]
        start = dt.date(2026, 9, 7) + dt.timedelta(days=11 * i + 3 * j)
        plan = build_plan(goal=goal, weeks=weeks, start=start, created=CREATED, level=level,
                          timezone=zone, times=times)
        _same(plan, **OPTIONS[(i + j) % len(OPTIONS)])


@pytest.mark.parametrize(("zone", "times"), SETUPS)
@pytest.mark.parametrize("options", OPTIONS)
def test_every_setup_and_option_matches(zone: str | None, times: Times,
                                        options: dict[str, object]) -> None:
    plan = build_plan(goal="general", weeks=12, start=dt.date(2027, 2, 22), created=CREATED,
                      level="returning", timezone=zone, times=times)
    _same(plan, **options)


_text = st.text(st.characters(codec="utf-8"), max_size=200) | st.sampled_from([
    "a\\N b", "x" * 73 + "\\,y", "x" * 72 + ",;", "é" * 40, "🏃" * 30, "x" * 73 + "é",
    "x" * 74 + "^", "^" * 80, "\\" * 90, "a,b;c\\d\ne\r\nf\rg", "\ufeff\u2028\x85\x00",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=_text, note=_text, goal_title=_text, plan_id=_text, name=_text, cue=_text,
       timed=st.booleans(), busy=st.booleans(),
       remind=st.none() | st.timedeltas(min_value=dt.timedelta(0),
                                        max_value=dt.timedelta(days=7)))
def test_any_text_matches(title: str, note: str, goal_title: str, plan_id: str, name: str,
                          cue: str, timed: bool, busy: bool, remind: dt.timedelta | None) -> None:
    plan = make_plan([MON, MON + dt.timedelta(days=2)], [MON + dt.timedelta(days=1)],
                     [MON + dt.timedelta(days=3)], titles=[title, "", title[::-1]],
                     notes=[note, note * 3], goal_title=goal_title or "x",
                     plan_id=plan_id or "p", timezone="Europe/Paris" if timed else None,
                     times=Times(default=dt.time(7, 0)) if timed else None)
    odd = dataclasses.replace(GLUTE_BRIDGE, name=name, cue=cue, load=name[:5])
    sessions = tuple(dataclasses.replace(s, exercises=(odd, *s.exercises)) if s.exercises
                     else s for s in plan.sessions)
    plan = dataclasses.replace(plan, sessions=sessions)
    _same(plan, remind=remind, busy_only=busy)


def test_long_descriptions_and_their_warnings_match() -> None:
    note = "A long note that goes on. " * 400
    plan = make_plan(weekly_dates(MON, 2, [0, 3]), notes=[note, "short", note])
    _same(plan)
    # the warnings come from the lengths the render measured, and from scratch alike
    fresh = ics.ics_warnings(plan)
    ics.render_ics(plan, busy_only=True)
    assert ics.ics_warnings(plan, data=b"") == fresh
    assert sum("description of" in w for w in fresh) == 2


def test_clean_text_drops_what_it_dropped_for_every_code_point() -> None:
    every = "".join(chr(c) for c in range(0x110000))
    assert describe.clean_text(every) == ics_reference.clean_text(every)
    assert (describe.clean_text(every, single_line=True)
            == ics_reference.clean_text(every, single_line=True))


@settings(max_examples=300, deadline=None)
@given(text=st.text(), single_line=st.booleans())
def test_clean_text_is_what_it_was(text: str, single_line: bool) -> None:
    assert (describe.clean_text(text, single_line=single_line)
            == ics_reference.clean_text(text, single_line=single_line))


@pytest.mark.parametrize(("first", "last"), [
    (dt.date(2026, 11, 23), dt.date(2027, 1, 17)),  # 8 weeks over the new year
    (dt.date(2027, 3, 1), dt.date(2028, 2, 27)),  # 52 weeks, both changes everywhere
])
def test_every_zone_gets_the_library_vtimezone(first: dt.date, last: dt.date) -> None:
    zones = sorted(zoneinfo.available_timezones())
    if first.month == 3:  # a year is slower to scan: every 7th zone, and all the usual ones
        zones = sorted({*zones[::7], "Europe/London", "America/New_York", "Australia/Sydney",
                        "Pacific/Chatham", "America/Santiago", "Asia/Tehran", "Africa/Cairo"})
    for zone in zones:
        want = ics_reference.vtimezone(zone, first, last).to_ical().decode()
        assert ics._vtimezone_text(zone, first, last) + "\r\n" == want, zone
