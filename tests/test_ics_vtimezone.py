"""The VTIMEZONE builder agrees with zoneinfo, hour by hour, for every zone of tzdata.

Each zone's VTIMEZONE is written by planforge, serialized, read back with icalendar, and its
observances expanded here (DTSTART, RRULE with python-dateutil, every RDATE line) into the
instants its offsets start, RFC 5545's way: the onset is DTSTART's local time read in
TZOFFSETFROM. The offset that gives at every hour of the checked years must be the offset
zoneinfo gives there, with the zone read from the same tzdata package
(``plan_factory.package_zone``, which uses no planforge code).

Default run: every zone, one year of the span that rotates with the zone (so every year of
the span is checked for about 30 zones), and 2026 too for every zone whose offset changes.
``PLANFORGE_VTIMEZONE_FULL=1``: every zone, every year of the span (several minutes).
"""

from __future__ import annotations

import bisect
import datetime as dt
import importlib.resources
import os

import icalendar
import pytest
from dateutil.rrule import rrulestr

from plan_factory import package_zone
from planforge.core.inputs.zones import zone_file, zone_names
from planforge.formats.ics.vtimezone import FIRST_YEAR, LAST_YEAR, build_vtimezone
from sampling import first, sample

FULL = os.environ.get("PLANFORGE_VTIMEZONE_FULL") == "1"
ZONES = sorted(zone_names())
SPAN_YEARS = list(range(FIRST_YEAR, LAST_YEAR + 1))


def onsets(vtimezone: icalendar.Timezone, last_year: int) -> list[tuple[dt.datetime, int]]:
    """(UTC onset, offset in seconds from then on) of every observance, sorted."""
    found = []
    end = dt.datetime.combine(dt.date(last_year + 1, 1, 1), dt.time())
    for block in vtimezone.subcomponents:
        assert block.name in ("STANDARD", "DAYLIGHT")
        start: dt.datetime = block["DTSTART"].dt
        assert start.tzinfo is None, "observance DTSTARTs are local times"
        before = block["TZOFFSETFROM"].td
        after = int(block["TZOFFSETTO"].td.total_seconds())
        locals_ = [start]
        rdates = block.get("RDATE", [])
        for prop in rdates if isinstance(rdates, list) else [rdates]:
            assert len(prop.dts) == 1, "one onset per RDATE line"
            locals_.append(prop.dts[0].dt)
        if "RRULE" in block:
            rule = block["RRULE"].to_ical().decode()
            locals_ += list(rrulestr(rule, dtstart=start).between(start, end, inc=False))
        found += [((local - before).replace(tzinfo=dt.UTC), after) for local in locals_]
    return sorted(found)


def check_zone(name: str, index: int) -> list[str]:
    component = build_vtimezone(name, zone_file(name), FIRST_YEAR, LAST_YEAR)
    changes = len(component.subcomponents) > 1 or "RRULE" in component.subcomponents[0]
    years = SPAN_YEARS if FULL else sorted(
        {SPAN_YEARS[index % len(SPAN_YEARS)], *([2026] if changes else [])})
    parsed = icalendar.Calendar.from_ical(
        b"BEGIN:VCALENDAR\r\n" + component.to_ical() + b"END:VCALENDAR\r\n")
    [vtimezone] = parsed.walk("VTIMEZONE")
    assert str(vtimezone["TZID"]) == name
    assert "COMMENT" not in vtimezone
    table = onsets(vtimezone, max(years))
    instants = [when for when, _ in table]
    tz = package_zone(name)
    problems = []
    for year in years:
        hour = dt.datetime(year, 1, 1, tzinfo=dt.UTC)
        stop = dt.datetime(year + 1, 1, 1, tzinfo=dt.UTC)
        step = dt.timedelta(hours=1)
        i = bisect.bisect_right(instants, hour) - 1
        assert i >= 0, f"{name}: no observance has begun on {hour:%Y-%m-%d}"
        while hour < stop:
            while i + 1 < len(instants) and instants[i + 1] <= hour:
                i += 1
            offset = hour.astimezone(tz).utcoffset()
            assert offset is not None
            if table[i][1] != int(offset.total_seconds()):
                problems.append(f"{name} {hour:%Y-%m-%d %H:%M}Z: VTIMEZONE says "
                                f"{table[i][1]} s, zoneinfo {offset}")
                if len(problems) > 5:
                    return problems
            hour += step
    return problems


@pytest.mark.parametrize("chunk", sample(range(8), keep=first(1)))  # an eighth of the zones
def test_every_zone_agrees_with_zoneinfo_hour_by_hour(chunk: int) -> None:
    problems = []
    for index, name in enumerate(ZONES):
        if index % 8 == chunk:
            problems += check_zone(name, index)
    assert problems == [], "\n".join(problems[:30])


def test_every_zone_of_tzdata_is_covered() -> None:
    listed = importlib.resources.files("tzdata").joinpath("zones").read_text("ascii").split()
    assert set(ZONES) == set(listed) - {"Factory"}
    assert len(ZONES) > 500


@pytest.mark.parametrize(("zone", "form"), [
    ("Europe/London", "rule"), ("America/New_York", "rule"), ("Australia/Sydney", "rule"),
    ("Asia/Jerusalem", "rule"),  # the Friday before the last Sunday: BYDAY=FR;BYMONTHDAY
    ("America/Santiago", "rule"),  # 24:00 on a Saturday: Sunday 00:00
    ("Asia/Kolkata", "fixed"), ("Asia/Kathmandu", "fixed"), ("Etc/GMT+5", "fixed"),
    ("Africa/Casablanca", "listed"), ("Asia/Gaza", "listed"),
])
def test_the_form_of_each_zone(zone: str, form: str) -> None:
    vtz = build_vtimezone(zone, zone_file(zone), FIRST_YEAR, LAST_YEAR)
    blocks = vtz.subcomponents
    if form == "rule":
        assert sorted(b.name for b in blocks) == ["DAYLIGHT", "STANDARD"]
        assert all("RRULE" in b and "RDATE" not in b for b in blocks)
    elif form == "fixed":
        [block] = blocks
        assert block["TZOFFSETFROM"].td == block["TZOFFSETTO"].td
        assert "RRULE" not in block and "RDATE" not in block
    else:
        assert not any("RRULE" in b for b in blocks)
        assert any("RDATE" in b for b in blocks)


def test_onsets_are_the_wall_time_before_the_change() -> None:
    """RFC 5545 3.8.3: DTSTART is local time in TZOFFSETFROM. London goes forward at 01:00
    GMT (to 02:00 BST) and back at 02:00 BST (to 01:00 GMT); Casablanca (listed) went back
    on 2026-02-15 at 03:00 (+01) and forward on 2026-03-22 at 02:00 (+00)."""
    london = build_vtimezone("Europe/London", zone_file("Europe/London"), 2025, 2045)
    starts = {b.name: b["DTSTART"].dt.time() for b in london.subcomponents}
    assert starts == {"DAYLIGHT": dt.time(1, 0), "STANDARD": dt.time(2, 0)}
    casablanca = build_vtimezone("Africa/Casablanca", zone_file("Africa/Casablanca"),
                                 2025, 2045).to_ical().decode()
    lines = casablanca.split("\r\n")
    assert "RDATE:20260215T030000" in lines or "DTSTART:20260215T030000" in lines
    assert "RDATE:20260322T020000" in lines or "DTSTART:20260322T020000" in lines
    assert not [line for line in lines if line.startswith("RDATE") and "," in line]


def test_a_plan_outside_the_span_widens_it() -> None:
    vtz = build_vtimezone("Africa/Casablanca", zone_file("Africa/Casablanca"), 2019, 2045)
    assert check_zone_years(vtz, "Africa/Casablanca", [2019]) == []


def check_zone_years(vtz: icalendar.Timezone, name: str, years: list[int]) -> list[str]:
    table = onsets(vtz, max(years))
    instants = [when for when, _ in table]
    tz = package_zone(name)
    problems = []
    for year in years:
        for day in range(365):
            when = dt.datetime(year, 1, 1, 12, tzinfo=dt.UTC) + dt.timedelta(days=day)
            i = bisect.bisect_right(instants, when) - 1
            offset = when.astimezone(tz).utcoffset()
            assert offset is not None
            if i < 0 or table[i][1] != offset.total_seconds():
                problems.append(f"{when}")
    return problems
