"""Every writer gives every session the same start, DST nights included (issue 20).

The start times were computed twice and disagreed: a workout at 01:30 Europe/London on
2027-03-28 (the clocks go forward) was 01:30-02:55 in CSV, ``show``, Markdown and HTML and
02:00 in the .ics. Now :mod:`planforge.formats.clock` computes them once. For a spring night
(a gap) and an autumn night (a repeated hour) in each hemisphere, a plan whose first week
holds that night is written by every writer (.ics, the feed, CSV, Markdown, HTML, ``show``,
the FIT schedule, and the web page's files); each one's starts are read back from its own
bytes and compared with the others, and the .ics instants with starts worked out here, from
the rules alone (a skipped time moves to the end of the gap, a repeated one is its first
occurrence, a second workout on a day starts when the first ends).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest

from fit_reading import garmin_read
from planforge import services, web
from planforge.core.model import Plan, Times
from planforge.formats.fitfolder import watch_files, window_sessions
from planforge.publish.feed import render_feed

CREATED = dt.datetime(2027, 1, 1, tzinfo=dt.UTC)

#: (zone, the DST Sunday, the time asked, that Sunday's first start as the rules put it)
NIGHTS = [
    # spring, northern: 01:00 -> 02:00; 01:30 does not exist, the gap ends at 02:00
    ("Europe/London", dt.date(2027, 3, 28), dt.time(1, 30), dt.time(2, 0), 0),
    # autumn, northern: 02:00 -> 01:00; 01:30 happens twice, the first is BST (UTC+1)
    ("Europe/London", dt.date(2027, 10, 31), dt.time(1, 30), dt.time(1, 30), 0),
    # spring, southern: 02:00 -> 03:00; 02:30 does not exist, the gap ends at 03:00
    ("Australia/Sydney", dt.date(2027, 10, 3), dt.time(2, 30), dt.time(3, 0), 0),
    # autumn, southern: 03:00 -> 02:00; 02:30 happens twice, the first is AEDT (UTC+11)
    ("Australia/Sydney", dt.date(2027, 4, 4), dt.time(2, 30), dt.time(2, 30), 0),
    # a stack of workouts from 00:50 runs across London's spring gap
    ("Europe/London", dt.date(2027, 3, 28), dt.time(0, 50), dt.time(0, 50), 0),
]
DAYS = (0, 1, 3, 5, 6)  # Sunday among them


def _plan(zone: str, sunday: dt.date, at: dt.time) -> Plan:
    return services.make(goal="glutes", weeks=2, start=sunday - dt.timedelta(days=6),
                         days=DAYS, times=Times(default=at), timezone=zone,
                         created=CREATED).plan


def _expected(plan: Plan, zone: str, sunday: dt.date, first: dt.time) -> dict[str, dt.datetime]:
    """Each timed session's start (aware), from the rules alone: the day's time in the zone
    (``first`` for the DST Sunday, where the rules move or pick it), a later workout that
    day when the one before ends (whole minutes, rounded up, elapsed time)."""
    tz = ZoneInfo(zone)
    out: dict[str, dt.datetime] = {}
    ends: dict[dt.date, dt.datetime] = {}
    for session in sorted(plan.sessions, key=lambda s: s.date):  # stable: plan order in a day
        at = first if session.date == sunday else plan.times.default
        assert at is not None
        start = ends.get(session.date) or dt.datetime.combine(session.date, at, tzinfo=tz)
        out[session.uid] = start
        minutes = max(1, math.ceil(round(session.duration_min * 60) / 60))
        ends[session.date] = (start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)
                              ).astimezone(tz)
    return out


def _ics_starts(data: bytes) -> dict[str, dt.datetime]:
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["UID"]): event.decoded("DTSTART") for event in calendar.walk("VEVENT")}


def _by_day(plan: Plan, starts: dict[str, dt.datetime], zone: str) -> list[tuple[str, str]]:
    """(date, HH:MM on the zone's wall clock) of every session, by date, and within a day in
    the plan's order, which is the order they start in (the clock may go back between
    two: 01:30 BST, then 01:00 GMT)."""
    tz = ZoneInfo(zone)
    return [(starts[s.uid].astimezone(tz).date().isoformat(),
             starts[s.uid].astimezone(tz).strftime("%H:%M"))
            for s in sorted(plan.sessions, key=lambda s: s.date)]


def _walls(rows: list[tuple[str, str]]) -> list[str]:
    return [at for _, at in rows]


@pytest.mark.parametrize(("zone", "sunday", "at", "first", "_"), NIGHTS,
                         ids=[f"{z}-{d}-{a:%H%M}" for z, d, a, _, _ in NIGHTS])
def test_every_writer_gives_the_same_start(zone: str, sunday: dt.date, at: dt.time,
                                           first: dt.time, _: int) -> None:
    plan = _plan(zone, sunday, at)
    assert any(s.date == sunday for s in plan.sessions)
    ics = _ics_starts(services.encode(plan, format="ics").data)
    expected = _expected(plan, zone, sunday, first)
    # the calendar's instants are the rules' (compared as instants: 01:30 BST is not 01:30 GMT)
    assert {uid: moment.astimezone(dt.UTC) for uid, moment in ics.items()} == {
        uid: moment.astimezone(dt.UTC) for uid, moment in expected.items()}
    rows = _by_day(plan, ics, zone)

    # the feed is the calendar with feed properties: the same instants
    assert _ics_starts(render_feed(plan)) == ics

    # CSV: date and start on the wall clock, per row
    text = services.encode(plan, format="csv").data.decode("utf-8")
    csv_rows = [line.split(",") for line in text.splitlines()[1:]]
    assert sorted(((r[0], r[2]) for r in csv_rows), key=lambda r: r[0]) == rows

    # Markdown and HTML: the starts in the order of the days
    markdown = services.encode(plan, format="md").data.decode("utf-8")
    week_lines = [line for line in markdown.splitlines() if line.startswith("- **")]
    assert re.findall(r"(?:: |; )([0-9]{2}:[0-9]{2}) ", "\n".join(week_lines)) == _walls(rows)
    html = services.encode(plan, format="html").data.decode("utf-8")
    spans = re.findall(rf"([0-9]{{2}}:[0-9]{{2}})-[0-9]{{2}}:[0-9]{{2}}(?: \(\+1d\))? {zone}",
                       html)
    assert spans == _walls(rows)

    # show: week 1's workouts on the clock (the DST Sunday is in week 1)
    shown = " ".join(services.preview(plan))
    week1 = [at for day, at in rows if dt.date.fromisoformat(day) < plan.start
             + dt.timedelta(days=7)]
    listed = re.search(r"Week 1: (.*?)(?:$|  )", shown)
    assert listed is not None
    assert re.findall(r"([0-9]{2}:[0-9]{2})-", listed[1]) == week1

    # the FIT schedule: each workout's local date time, as the wearer's clock reads it
    window = (1, 2)
    sessions = window_sessions(plan, window)
    schedule = garmin_read(watch_files(plan, weeks=window)[-1].data)["schedule"]
    fit_walls = []
    for row in schedule:
        value = row["scheduled_time"]
        seconds = (int((value - dt.datetime(1989, 12, 31, tzinfo=dt.UTC)).total_seconds())
                   if isinstance(value, dt.datetime) else int(value))
        local = dt.datetime(1989, 12, 31) + dt.timedelta(seconds=seconds)  # noqa: DTZ001
        fit_walls.append((local.date().isoformat(), local.strftime("%H:%M")))
    tz = ZoneInfo(zone)
    assert fit_walls == [(ics[s.uid].astimezone(tz).date().isoformat(),
                          ics[s.uid].astimezone(tz).strftime("%H:%M")) for s in sessions]


@pytest.mark.parametrize(("zone", "sunday", "at", "first", "_"), NIGHTS[:2],
                         ids=["spring", "autumn"])
def test_the_web_pages_files_give_the_same_start(zone: str, sunday: dt.date, at: dt.time,
                                                 first: dt.time, _: int) -> None:
    plan = _plan(zone, sunday, at)
    answer = web.make_plan({"goal": "glutes", "weeks": "2",
                            "start": (sunday - dt.timedelta(days=6)).isoformat(),
                            "days": "mon,tue,thu,sat,sun", "time": [at.strftime("%H:%M")],
                            "tz": zone, "created": CREATED.isoformat()})
    assert answer["ok"], answer["errors"]
    ics = _ics_starts(services.encode(plan, format="ics").data)
    assert _ics_starts(answer["files"]["ics"]) == ics
    html = answer["files"]["html"].decode("utf-8")
    spans = re.findall(rf"([0-9]{{2}}:[0-9]{{2}})-[0-9]{{2}}:[0-9]{{2}}(?: \(\+1d\))? {zone}",
                       html)
    assert spans == _walls(_by_day(plan, ics, zone))


def test_a_moved_start_says_so() -> None:
    """The workout moved out of the gap says so in its own words, in every writer that has
    words for it (the calendar's description)."""
    plan = _plan("Europe/London", dt.date(2027, 3, 28), dt.time(1, 30))
    calendar = icalendar.Calendar.from_ical(services.encode(plan, format="ics").data)
    moved = [str(e["DESCRIPTION"]) for e in calendar.walk("VEVENT")
             if e.decoded("DTSTART").date() == dt.date(2027, 3, 28)]
    assert moved and "Moved from 01:30 to 02:00: the clocks go forward that night." in moved[0]
