"""Edge dates (issue 6, part 4): a start in the past (accepted, with a warning), a plan across
New Year, leap days, a year of timed workouts across two DST changes (checked against
zoneinfo and against the file's own VTIMEZONE as vobject reads it), and a start on each
weekday. The calendar files are read back with icalendar and vobject.
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import zoneinfo
from collections import defaultdict
from pathlib import Path

import icalendar
import pytest
import vobject

from fuzz_support import CREATED, invoke
from sampling import first, sample

WEEKDAY = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def make(tmp_path: Path, name: str, *args: str) -> tuple[Path, str]:
    out = tmp_path / name
    result = invoke(["make", "--created", CREATED, *args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out, result.stderr


def plan_json(tmp_path: Path, *args: str) -> dict:  # type: ignore[type-arg]
    out, _ = make(tmp_path, "plan.json", *args)
    return json.loads(out.read_bytes())  # type: ignore[no-any-return]


def all_day_events(path: Path) -> list[tuple[dt.date, dt.date]]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return [(ev.decoded("DTSTART"), ev.decoded("DTEND")) for ev in cal.walk("VEVENT")]


def check_dates(doc: dict, start: dt.date, weeks: int) -> None:  # type: ignore[type-arg]
    """Every workout inside the plan, in the 7-day block its week says, on a chosen day."""
    end = start + dt.timedelta(days=7 * weeks - 1)
    assert doc["plan"]["start"] == start.isoformat()
    assert doc["plan"]["end"] == end.isoformat()
    days = set(doc["plan"]["days"])
    dates = [dt.date.fromisoformat(s["date"]) for s in doc["sessions"]]
    assert dates == sorted(dates)
    for session, date in zip(doc["sessions"], dates, strict=True):
        assert start <= date <= end
        assert session["week"] == (date - start).days // 7 + 1
        assert session["weekday"] == WEEKDAY[date.weekday()] and session["weekday"] in days
    assert {s["week"] for s in doc["sessions"]} == set(range(1, weeks + 1))


# ----------------------------------------------------------------------------- the past


def test_a_start_in_the_past_is_accepted_with_a_warning(tmp_path: Path) -> None:
    out, stderr = make(tmp_path, "past.ics", "--goal", "glutes", "--start", "2020-01-06",
                       "--weeks", "2")
    assert "warning: start date 2020-01-06 is in the past\n" in stderr
    assert stderr.splitlines()[0].startswith("wrote ")
    assert stderr.splitlines()[-1].startswith("Import it into a new calendar")
    assert len(all_day_events(out)) > 0


@pytest.mark.parametrize("days_ahead", [0, 1, 30])
def test_today_and_later_are_not_in_the_past(days_ahead: int, tmp_path: Path) -> None:
    start = dt.datetime.now().astimezone().date() + dt.timedelta(days=days_ahead)
    _, stderr = make(tmp_path, "soon.ics", "--goal", "glutes", "--start", start.isoformat(),
                     "--weeks", "1")
    assert "in the past" not in stderr


def test_the_default_start_is_never_in_the_past(tmp_path: Path) -> None:
    _, stderr = make(tmp_path, "default.ics", "--goal", "glutes", "--weeks", "1")
    assert "in the past" not in stderr


# ----------------------------------------------------------------------------- calendar


@pytest.mark.parametrize("start", ["2026-12-21", "2026-12-28", "2026-12-31", "2027-01-01"])
def test_a_plan_across_new_year(start: str, tmp_path: Path) -> None:
    first = dt.date.fromisoformat(start)
    args = ("--goal", "general", "--level", "runner", "--weeks", "4", "--start", start,
            "--days", "mon,tue,wed,thu,fri,sat,sun")
    doc = plan_json(tmp_path, *args)
    check_dates(doc, first, 4)
    years = {s["date"][:4] for s in doc["sessions"]}
    assert years == {"2026", "2027"} or first.year == 2027
    out, _ = make(tmp_path, "ny.ics", *args)
    events = all_day_events(out)
    assert len(events) == len(doc["sessions"])
    assert all(end == begin + dt.timedelta(days=1) for begin, end in events)
    assert dt.date(2027, 1, 1) in {begin for begin, _ in events} or first > dt.date(2027, 1, 1)
    assert invoke(["check", str(make(tmp_path, "ny.toml", *args)[0])]).exit_code == 0


@pytest.mark.parametrize(("start", "leap"), [("2028-02-29", True), ("2028-02-22", True),
                                             ("2028-02-28", True), ("2100-02-22", False)])
def test_leap_days(start: str, leap: bool, tmp_path: Path) -> None:
    """29 February as the start and inside a plan (2100 is not a leap year)."""
    first = dt.date.fromisoformat(start)
    args = ("--goal", "thighs", "--weeks", "3", "--start", start,
            "--days", "mon,tue,wed,thu,fri,sat,sun")
    doc = plan_json(tmp_path, *args)
    check_dates(doc, first, 3)
    dates = {s["date"] for s in doc["sessions"]}
    year = first.year
    assert (f"{year}-02-29" in dates) == leap
    out, _ = make(tmp_path, "leap.ics", *args)
    ends = dict(all_day_events(out))
    assert all(end == begin + dt.timedelta(days=1) for begin, end in ends.items())
    if leap:
        assert ends[dt.date(year, 2, 29)] == dt.date(year, 3, 1)
    feb28 = dt.date(year, 2, 28)
    if feb28 in ends:
        assert ends[feb28] == dt.date(year, 2, 29) if leap else dt.date(year, 3, 1)
    assert invoke(["check", str(make(tmp_path, "leap.toml", *args)[0])]).exit_code == 0


@pytest.mark.parametrize("offset", range(7), ids=WEEKDAY)
def test_a_start_on_each_weekday(offset: int, tmp_path: Path) -> None:
    start = dt.date(2027, 1, 4) + dt.timedelta(days=offset)  # 4 January 2027 is a Monday
    assert start.weekday() == offset
    args = ("--goal", "glutes", "--weeks", "6", "--start", start.isoformat())
    doc = plan_json(tmp_path, *args)
    check_dates(doc, start, 6)
    out, _ = make(tmp_path, "plan.ics", *args)
    assert len(all_day_events(out)) == len(doc["sessions"])
    plan_file, _ = make(tmp_path, "plan.toml", *args)
    assert invoke(["check", str(plan_file)]).exit_code == 0
    shown = invoke(["show", str(plan_file)])
    assert shown.exit_code == 0
    assert f"Starts {WEEKDAY[offset].title()}" in shown.stdout


# ----------------------------------------------------------------------------- DST

ZONES = {
    # zone: (the two changes inside 2026-11-23 + 52 weeks)
    "Europe/London": (dt.date(2027, 3, 28), dt.date(2027, 10, 31)),
    "America/New_York": (dt.date(2027, 3, 14), dt.date(2027, 11, 7)),
    "Australia/Sydney": (dt.date(2027, 4, 4), dt.date(2027, 10, 3)),
}


@pytest.mark.parametrize("zone", sample(sorted(ZONES), keep=first(1)))
def test_a_year_of_timed_workouts_across_two_dst_changes(zone: str, tmp_path: Path) -> None:
    """Every workout is at its wall-clock time in the zone (the first of the day at the time
    asked for, the next when the one before ends), whatever the offset that day; the file's
    VTIMEZONE (read by vobject, not zoneinfo) gives the same instants as zoneinfo."""
    out, _ = make(tmp_path, "year.ics", "--goal", "glutes", "--weeks", "52",
                  "--start", "2026-11-23", "--days", "mon,wed,fri,sat,sun",
                  "--time", "07:00", "--time", "sat=09:00", "--tz", zone)
    tz = zoneinfo.ZoneInfo(zone)
    text = out.read_text(encoding="utf-8")

    cal = icalendar.Calendar.from_ical(text)
    by_day: dict[dt.date, list[tuple[dt.datetime, dt.datetime]]] = defaultdict(list)
    for ev in cal.walk("VEVENT"):
        assert ev["DTSTART"].params["TZID"] == zone
        begin, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        by_day[begin.date()].append((begin.replace(tzinfo=None), end.replace(tzinfo=None)))
    first_change, second_change = ZONES[zone]
    days = sorted(by_day)
    assert days[0] < first_change < second_change < days[-1]
    offsets = {tz.utcoffset(dt.datetime.combine(d, dt.time(7))) for d in days}
    assert len(offsets) == 2  # both offsets of the zone are in the plan
    for day, times in by_day.items():
        times.sort()
        assert times[0][0].time() == (dt.time(9) if day.weekday() == 5 else dt.time(7)), day
        for (_, previous_end), (begin, _) in itertools.pairwise(times):
            assert begin == previous_end, day

    read = vobject.readOne(text)
    instants = set()
    for ev in read.vevent_list:
        local = ev.dtstart.value
        wall = local.replace(tzinfo=None)
        expected = wall.replace(tzinfo=tz)
        assert local.utcoffset() == expected.utcoffset(), (wall, local.utcoffset())
        assert local.astimezone(dt.UTC) == expected.astimezone(dt.UTC)
        instants.add(local.astimezone(dt.UTC))
    assert len(instants) == len(read.vevent_list)
