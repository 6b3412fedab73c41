"""The .ics writer as it was before it wrote its text itself: every component built with the
icalendar library and serialized by it (planforge 0.1.0's planforge/ics.py, render part).

tests/test_ics_reference.py checks that :func:`planforge.formats.ics.render_ics` gives exactly these
bytes. Only the writing is kept here; when each session happens (``_slots``), the zone checks
and the descriptions are planforge's own, shared with the writer under test. The VTIMEZONE
analysis (the POSIX rule against zoneinfo's hourly offsets) is copied too, so a faster
version of it in planforge is compared with this one.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from zoneinfo import ZoneInfo

import icalendar

import planforge
from planforge.core.model import Plan
from planforge.core.wording import calendar_name, kind_label, session_description
from planforge.errors import UsageError
from planforge.formats.ics import (
    _BUSY_SUMMARY,
    _POSIX_TZ,
    _busy_uid,
    _categories,
    _check_color,
    _date_range,
    _is_utc,
    _rule,
    _seconds,
    _Slot,
    _slots,
    _tzif_footer,
    _utc,
    _zone_name,
)


def render_ics(plan: Plan, *, remind: dt.timedelta | None = None, busy_only: bool = False,
               color: str | None = None) -> bytes:
    color_name = _check_color(color)
    if remind is not None and remind < dt.timedelta(0):
        raise UsageError("a reminder must be zero or more minutes before the workout")
    slots = _slots(plan)
    zone = _zone_name(plan) if any(isinstance(s.start, dt.datetime) for s in slots) else None

    cal = icalendar.Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", f"-//planforge//planforge {planforge.__version__}//EN")
    cal.add("calscale", "GREGORIAN")
    name = "planforge: workouts" if busy_only else calendar_name(plan)
    if busy_only:
        weeks = f"{plan.weeks} week" + ("" if plan.weeks == 1 else "s")
        name = f"{name} ({weeks})"
    cal.add("name", icalendar.vText(name))
    cal.add("x-wr-calname", icalendar.vText(name))
    if zone is not None and not any(s.utc and not _is_utc(ZoneInfo(zone)) for s in slots):
        cal.add("x-wr-timezone", zone)
    if color_name is not None:
        cal.add("color", color_name)

    local_slots = [s for s in slots if isinstance(s.start, dt.datetime) and not s.utc]
    if zone is not None and local_slots:
        cal.add_component(vtimezone(zone, *_date_range(local_slots)))

    stamp = _utc(plan.created)
    for slot in slots:
        cal.add_component(_vevent(plan, slot, stamp, remind=remind, busy_only=busy_only))
    data: bytes = cal.to_ical()
    return data


def _vevent(plan: Plan, slot: _Slot, stamp: dt.datetime, *, remind: dt.timedelta | None,
            busy_only: bool) -> icalendar.Event:
    session = slot.session
    event = icalendar.Event()
    event.add("uid", _busy_uid(session.uid) if busy_only else clean_text(session.uid,
                                                                           single_line=True))
    event.add("dtstamp", stamp)
    event.add("sequence", max(0, session.sequence))
    if busy_only:
        summary = _BUSY_SUMMARY.get(session.kind, "Workout")
    else:
        summary = clean_text(session.title, single_line=True) or kind_label(session)
    event.add("summary", summary)
    event.add("dtstart", _value(slot.start, slot.utc))
    event.add("dtend", _value(slot.end, slot.utc))
    if not busy_only:
        description = session_description(session, plan=plan)
        if slot.moved:
            description = f"{slot.moved}\n\n{description}"
        event.add("description", clean_text(description))
        event.add("categories", _categories(plan, session))
    if busy_only:
        event.add("class", "PRIVATE")
    timed = isinstance(slot.start, dt.datetime)
    event.add("transp", "OPAQUE" if busy_only or timed else "TRANSPARENT")
    if remind is not None:
        alarm = icalendar.Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary)
        alarm.add("trigger", -remind)
        event.add_component(alarm)
    return event


def _value(value: dt.date | dt.datetime, utc: bool) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime) and utc:
        return value.astimezone(dt.UTC)
    return value


# -- VTIMEZONE ------------------------------------------------------------------------------


def _zoneinfo_changes(tz: ZoneInfo, first: dt.datetime,
                      last: dt.datetime) -> list[tuple[dt.datetime, dt.timedelta]]:
    changes = []
    step = dt.timedelta(hours=1)
    t = first
    before = t.astimezone(tz).utcoffset()
    while t < last:
        nxt = t + step
        after = nxt.astimezone(tz).utcoffset()
        if after != before:
            lo, hi = t, nxt
            while hi - lo > dt.timedelta(seconds=1):
                mid = lo + (hi - lo) // 2
                if mid.astimezone(tz).utcoffset() == after:
                    hi = mid
                else:
                    lo = mid
            assert after is not None
            changes.append((hi, after))
            before = after
        t = nxt
    return changes


def _posix_vtimezone(zone: str, first: dt.date, last: dt.date) -> icalendar.Timezone | None:
    footer = _tzif_footer(zone)
    match = _POSIX_TZ.fullmatch(footer) if footer else None
    if match is None:
        return None
    std_name = match["std"].strip("<>")
    std = dt.timedelta(seconds=-_seconds(match["stdoff"]))
    tz = ZoneInfo(zone)
    span_start = dt.datetime.combine(first - dt.timedelta(days=7), dt.time(), dt.UTC)
    span_end = dt.datetime.combine(last + dt.timedelta(days=8), dt.time(), dt.UTC)
    actual = _zoneinfo_changes(tz, span_start, span_end)

    component = icalendar.Timezone()
    component.add("tzid", zone)
    if match["dst"] is None:
        if actual or span_start.astimezone(tz).utcoffset() != std:
            return None
        standard = icalendar.TimezoneStandard()
        standard.add("dtstart", dt.datetime.combine(dt.date(1970, 1, 1), dt.time()))
        standard.add("tzoffsetfrom", std)
        standard.add("tzoffsetto", std)
        standard.add("tzname", std_name)
        component.add_component(standard)
        return component

    dst_name = match["dst"].strip("<>")
    dst = (dt.timedelta(seconds=-_seconds(match["dstoff"])) if match["dstoff"]
           else std + dt.timedelta(hours=1))
    groups = match.groups()
    to_dst, to_std = _rule(groups[5:9]), _rule(groups[10:14])
    predicted = []
    for year in range(span_start.year - 1, span_end.year + 2):
        predicted.append(((to_dst.local(year) - std).replace(tzinfo=dt.UTC), dst))
        predicted.append(((to_std.local(year) - dst).replace(tzinfo=dt.UTC), std))
    predicted.sort()
    earlier = [offset for when, offset in predicted if when <= span_start]
    inside = [(when, offset) for when, offset in predicted if span_start < when <= span_end]
    if not earlier or earlier[-1] != span_start.astimezone(tz).utcoffset() or inside != actual:
        return None

    observances: list[icalendar.Component] = []
    for kind, rule, before, after, name in (
            (icalendar.TimezoneStandard, to_std, dst, std, std_name),
            (icalendar.TimezoneDaylight, to_dst, std, dst, dst_name)):
        rrule = rule.rrule()
        if rrule is None:
            return None
        observance = kind()
        observance.add("dtstart", rule.local(1970))
        observance.add("rrule", rrule)
        observance.add("tzoffsetfrom", before)
        observance.add("tzoffsetto", after)
        observance.add("tzname", name)
        observances.append(observance)
    for done in observances:
        component.add_component(done)
    return component


def _vtimezone_text(zone: str, first: dt.date, last: dt.date) -> bytes:
    component = _posix_vtimezone(zone, first, last)
    if component is None:
        component = icalendar.Timezone.from_tzinfo(
            ZoneInfo(zone), tzid=zone, first_date=dt.date(first.year, 1, 1),
            last_date=dt.date(last.year + 1, 1, 1))
        component.pop("COMMENT", None)
    text: bytes = component.to_ical()
    return text


def vtimezone(zone: str, first: dt.date, last: dt.date) -> icalendar.Timezone:
    component = icalendar.Timezone.from_ical(_vtimezone_text(zone, first, last))
    assert isinstance(component, icalendar.Timezone)
    return component


# -- describe.clean_text as it was: one unicodedata.category() call per character -------------

_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n",
                "\x0b": "\n", "\x0c": "\n"}


def clean_text(text: str, *, single_line: bool = False) -> str:
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    kept = []
    for char in text:
        if char in "\n\t":
            kept.append(char)
            continue
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or char == "\ufeff":
            continue
        kept.append(char)
    cleaned = "".join(kept)
    if single_line:
        cleaned = " ".join(part.strip() for part in cleaned.split("\n") if part.strip())
    return cleaned
