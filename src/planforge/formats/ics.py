"""Write a Plan as an iCalendar (.ics) file that Google, Apple, Outlook and Thunderbird import.

The shape follows shared/tools/ical-check/FACTS.md: VERSION and PRODID, no METHOD, one
VEVENT per session with a stable UID, DTSTAMP from ``plan.created`` (never the clock),
all-day events with an exclusive DTEND, timed events as ``DTSTART;TZID=<IANA name>`` with
a VTIMEZONE generated from tzdata (``...Z`` for UTC), CRLF lines folded at 75 octets.

Wall-clock rules for timed sessions (``plan.times``):

* a time that does not exist on a day (the clocks go forward across it) moves to the first
  valid time after the gap, and the event's description says so;
* a time that happens twice (the clocks go back across it) takes its first occurrence; such
  an event is written in UTC (``...Z``), because parsers disagree on ambiguous local times;
* a second session on the same day starts when the first one ends.

The same Plan always gives the same bytes: nothing here reads the clock or randomness.

The text is written here, line by line, exactly as the icalendar library writes the same
components (its property order, TEXT escaping and 75-octet folding; tests/ics_reference.py
keeps the library-built writer and tests/test_ics_reference.py compares the two byte for byte
on many plans, options, texts and every zone). icalendar is imported only for what it is
good at and this module does not repeat: a VTIMEZONE listing a zone's transitions, for the
rare zone whose current rule does not describe the plan's dates. So a plan costs no more
than its own text, and ``planforge make`` does not pay for importing the library.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
from typing import NamedTuple
from zoneinfo import ZoneInfo

from .. import __version__
from ..core.given import check_zone
from ..core.model import Plan, Session
from ..core.wording import (
    GOOGLE_DESCRIPTION_LIMIT,
    MAX_DESCRIPTION_CHARS,
    calendar_name,
    clean_text,
    kind_label,
    session_description,
)
from ..errors import UsageError

__all__ = ["CSS3_COLORS", "ics_warnings", "render_ics"]

#: Google Calendar imports time out or stop above these (FACTS.md: ~1 MB, ~1,111 events)
GOOGLE_MAX_EVENTS = 1000
GOOGLE_MAX_BYTES = 1_000_000

#: zone names written as UTC (``...Z``) with no VTIMEZONE
_UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal",
                        "Etc/Zulu", "Zulu"})

#: RFC 7986 COLOR takes a CSS3 colour name (CSS Color Module Level 3, extended keywords)
CSS3_COLORS: frozenset[str] = frozenset({
    "aliceblue", "antiquewhite", "aqua", "aquamarine", "azure", "beige", "bisque", "black",
    "blanchedalmond", "blue", "blueviolet", "brown", "burlywood", "cadetblue", "chartreuse",
    "chocolate", "coral", "cornflowerblue", "cornsilk", "crimson", "cyan", "darkblue", "darkcyan",
    "darkgoldenrod", "darkgray", "darkgreen", "darkgrey", "darkkhaki", "darkmagenta",
    "darkolivegreen", "darkorange", "darkorchid", "darkred", "darksalmon", "darkseagreen",
    "darkslateblue", "darkslategray", "darkslategrey", "darkturquoise", "darkviolet", "deeppink",
    "deepskyblue", "dimgray", "dimgrey", "dodgerblue", "firebrick", "floralwhite", "forestgreen",
    "fuchsia", "gainsboro", "ghostwhite", "gold", "goldenrod", "gray", "green", "greenyellow",
    "grey", "honeydew", "hotpink", "indianred", "indigo", "ivory", "khaki", "lavender",
    "lavenderblush", "lawngreen", "lemonchiffon", "lightblue", "lightcoral", "lightcyan",
    "lightgoldenrodyellow", "lightgray", "lightgreen", "lightgrey", "lightpink", "lightsalmon",
    "lightseagreen", "lightskyblue", "lightslategray", "lightslategrey", "lightsteelblue",
    "lightyellow", "lime", "limegreen", "linen", "magenta", "maroon", "mediumaquamarine",
    "mediumblue", "mediumorchid", "mediumpurple", "mediumseagreen", "mediumslateblue",
    "mediumspringgreen", "mediumturquoise", "mediumvioletred", "midnightblue", "mintcream",
    "mistyrose", "moccasin", "navajowhite", "navy", "oldlace", "olive", "olivedrab", "orange",
    "orangered", "orchid", "palegoldenrod", "palegreen", "paleturquoise", "palevioletred",
    "papayawhip", "peachpuff", "peru", "pink", "plum", "powderblue", "purple", "red", "rosybrown",
    "royalblue", "saddlebrown", "salmon", "sandybrown", "seagreen", "seashell", "sienna", "silver",
    "skyblue", "slateblue", "slategray", "slategrey", "snow", "springgreen", "steelblue", "tan",
    "teal", "thistle", "tomato", "turquoise", "violet", "wheat", "white", "whitesmoke", "yellow",
    "yellowgreen",
})

_BUSY_SUMMARY = {"run": "Workout", "strength": "Strength", "mobility": "Mobility"}


class _Slot(NamedTuple):  # a named tuple is ~0.8 ms cheaper to create than a dataclass
    """When one session sits in the calendar."""

    session: Session
    position: int  # the session's place in plan.sessions
    start: dt.date | dt.datetime  # a date for all-day; an aware datetime otherwise
    end: dt.date | dt.datetime
    utc: bool = False  # write the datetimes as UTC ``...Z`` instead of TZID local time
    moved: str | None = None  # the sentence saying the start moved out of a DST gap


def render_ics(
    plan: Plan,
    *,
    remind: dt.timedelta | None = None,
    busy_only: bool = False,
    color: str | None = None,
) -> bytes:
    """The plan as .ics bytes: one VEVENT per session, deterministic for a given Plan.

    ``remind``: one VALARM per event, that long before its start (for an all-day event the
    start is midnight, so 30 min means 23:30 the evening before). Google drops VALARMs on
    import and uses the calendar's default notifications instead.
    ``busy_only``: generic titles ("Workout", "Strength", "Mobility"), no description or
    categories, CLASS:PRIVATE, TRANSP:OPAQUE, and UIDs of their own (``-busy``) so the
    busy copy can sit in another calendar beside the detailed one.
    ``color``: a CSS3 colour name written as RFC 7986 COLOR (Google and Apple ignore it).

    Raises :class:`~planforge.errors.UsageError` for an unknown colour, a negative
    reminder, or timed sessions without a valid IANA time zone.
    """
    color_name = _check_color(color)
    if remind is not None and remind < dt.timedelta(0):
        raise UsageError("a reminder must be zero or more minutes before the workout")
    slots = _slots(plan)
    zone = _zone_name(plan) if any(isinstance(s.start, dt.datetime) for s in slots) else None

    # VCALENDAR's properties in icalendar's order: VERSION, PRODID, CALSCALE, NAME,
    # X-WR-CALNAME (its canonical order), then the others alphabetically.
    name = "planforge: workouts" if busy_only else calendar_name(plan)
    if busy_only:
        weeks = f"{plan.weeks} week" + ("" if plan.weeks == 1 else "s")
        name = f"{name} ({weeks})"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        _fold(f"PRODID:{_text(f'-//planforge//planforge {__version__}//EN')}"),
        "CALSCALE:GREGORIAN",
        _fold(f"NAME:{_text(name)}"),
        _fold(f"X-WR-CALNAME:{_text(name)}"),
    ]
    if color_name is not None:
        lines.append(_fold(f"COLOR:{_text(color_name)}"))
    # X-WR-TIMEZONE tells Google/Apple the calendar's zone. It is left out when an event is
    # written in UTC because its local time repeats: x-wr-timezone (used by
    # recurring-ical-events) re-reads such UTC times as local ones and moves them.
    if zone is not None and not any(s.utc and not _is_utc(ZoneInfo(zone)) for s in slots):
        lines.append(_fold(f"X-WR-TIMEZONE:{_text(zone)}"))

    local_slots = [s for s in slots if isinstance(s.start, dt.datetime) and not s.utc]
    if zone is not None and local_slots:
        lines.append(_vtimezone_text(zone, *_date_range(local_slots)))

    stamp = _utc(plan.created)
    stamp_line = f"DTSTAMP{_when(stamp, True, '')}"
    tzid = f";TZID={_param(zone)}:" if zone is not None else ""
    trigger = None if remind is None else f"TRIGGER:{_duration(-remind)}"
    lengths: dict[int, int] = {}
    for slot in slots:
        _vevent(lines, plan, slot, stamp_line, tzid, trigger=trigger, busy_only=busy_only,
                lengths=lengths)
    lines.append("END:VCALENDAR\r\n")
    data = "\r\n".join(lines).encode("utf-8")
    if not busy_only:
        global _last_lengths
        _last_lengths = (plan, lengths)
    return data


#: (plan, {index in plan.sessions: length of its whole description}) of the last plan
#: rendered with descriptions, so ics_warnings on the same (immutable) plan need not build
#: every description a second time
_last_lengths: tuple[Plan, dict[int, int]] | None = None


def ics_warnings(plan: Plan, *, data: bytes | None = None) -> tuple[str, ...]:
    """What may stop Google Calendar importing the file cleanly, said plainly (may be empty).

    ``data`` is the rendered file when the caller already has it (else it is rendered with
    the defaults to measure its size).
    """
    warnings = []
    count = len(plan.sessions)
    if count > GOOGLE_MAX_EVENTS:
        warnings.append(
            f"The calendar has {count} events; Google Calendar imports about "
            f"{GOOGLE_MAX_EVENTS} at most from one file. Split the plan into shorter plans."
        )
    size = len(data if data is not None else render_ics(plan))
    if size > GOOGLE_MAX_BYTES:
        warnings.append(
            f"The .ics file is {size / 1_000_000:.1f} MB; Google Calendar imports files up to "
            "about 1 MB. Split the plan into shorter plans."
        )
    last = _last_lengths  # read once: another thread may render meanwhile
    known = last[1] if last is not None and last[0] is plan else {}
    for i, session in enumerate(plan.sessions):
        length = known.get(i)
        if length is None:
            length = len(session_description(session, plan=plan, max_chars=None))
        if length > MAX_DESCRIPTION_CHARS:
            title = clean_text(session.title, single_line=True)
            warnings.append(
                f"The description of {session.date.isoformat()} ({title}) has {length:,} "
                f"characters; the event keeps the first {MAX_DESCRIPTION_CHARS:,} "
                f"(Google Calendar cuts descriptions at about {GOOGLE_DESCRIPTION_LIMIT:,})."
            )
    return tuple(warnings)


# -- events -------------------------------------------------------------------------------


def _vevent(lines: list[str], plan: Plan, slot: _Slot, stamp_line: str, tzid: str, *,
            trigger: str | None, busy_only: bool, lengths: dict[int, int]) -> None:
    """Append one VEVENT's lines: SUMMARY, DTSTART, DTEND, DTSTAMP, UID, SEQUENCE (icalendar's
    canonical order for an event), then CATEGORIES, CLASS, DESCRIPTION, TRANSP (the rest,
    alphabetically), then the VALARM (ACTION, DESCRIPTION, TRIGGER)."""
    session = slot.session
    uid = _busy_uid(session.uid) if busy_only else clean_text(session.uid, single_line=True)
    if busy_only:
        summary = _BUSY_SUMMARY.get(session.kind, "Workout")
    else:
        summary = clean_text(session.title, single_line=True) or kind_label(session)
    summary_text = _text(summary)
    lines += (
        "BEGIN:VEVENT",
        _fold(f"SUMMARY:{summary_text}"),
        _fold(f"DTSTART{_when(slot.start, slot.utc, tzid)}"),
        _fold(f"DTEND{_when(slot.end, slot.utc, tzid)}"),
        stamp_line,
        _fold(f"UID:{_text(uid)}"),
        f"SEQUENCE:{max(0, session.sequence)}",
    )
    if busy_only:
        lines.append("CLASS:PRIVATE")
    else:
        lines.append(_categories_line(plan.goal_title, kind_label(session), session.hard))
        full = session_description(session, plan=plan, max_chars=None)
        lengths[slot.position] = len(full)
        description = (full if len(full) <= MAX_DESCRIPTION_CHARS
                       else session_description(session, plan=plan))
        if slot.moved:
            description = f"{slot.moved}\n\n{description}"
        lines.append(_fold(f"DESCRIPTION:{_text(clean_text(description))}"))
    # A timed workout blocks its time; an all-day one only marks the day (Google's default
    # for all-day events), unless the calendar exists to show the time as busy.
    timed = isinstance(slot.start, dt.datetime)
    lines.append("TRANSP:OPAQUE" if busy_only or timed else "TRANSP:TRANSPARENT")
    if trigger is not None:
        lines += ("BEGIN:VALARM", "ACTION:DISPLAY", _fold(f"DESCRIPTION:{summary_text}"),
                  trigger, "END:VALARM")
    lines.append("END:VEVENT")


def _categories(plan: Plan, session: Session) -> list[str]:
    """planforge, Run/Strength/Mobility, Hard when hard, the goal; no commas inside a value."""
    return list(_category_values(plan.goal_title, kind_label(session), session.hard))


@functools.lru_cache(maxsize=256)
def _category_values(goal_title: str, label: str, hard: bool) -> tuple[str, ...]:
    values = ["planforge", label]
    if hard:
        values.append("Hard")
    goal = _goal_category(goal_title)
    if goal and goal not in values:
        values.append(goal)
    return tuple(values)


@functools.lru_cache(maxsize=256)
def _categories_line(goal_title: str, label: str, hard: bool) -> str:
    """The CATEGORIES line (the same few in every plan)."""
    values = _category_values(goal_title, label, hard)
    return _fold("CATEGORIES:" + ",".join(_text(c) for c in values))


@functools.lru_cache(maxsize=64)
def _goal_category(goal_title: str) -> str:
    goal = clean_text(goal_title, single_line=True)
    return " ".join(goal.replace(",", " ").replace(";", " ").replace("\\", " ").split())


def _busy_uid(uid: str) -> str:
    """A UID for the busy-only copy: Google treats a UID as global to the user's calendars."""
    uid = clean_text(uid, single_line=True)
    local, at, domain = uid.rpartition("@")
    return f"{local}-busy@{domain}" if at else f"{uid}-busy"


def _when(value: dt.date | dt.datetime, utc: bool, tzid: str) -> str:
    """What follows DTSTART or DTEND: ``;VALUE=DATE:20261123``, ``;TZID=zone:20261123T070000``
    or (in UTC) ``:20261123T070000Z``."""
    if not isinstance(value, dt.datetime):
        return f";VALUE=DATE:{value.year:04}{value.month:02}{value.day:02}"
    if utc:
        value = value.astimezone(dt.UTC)
        return (f":{value.year:04}{value.month:02}{value.day:02}"
                f"T{value.hour:02}{value.minute:02}{value.second:02}Z")
    return (f"{tzid}{value.year:04}{value.month:02}{value.day:02}"
            f"T{value.hour:02}{value.minute:02}{value.second:02}")


def _utc(value: dt.datetime) -> dt.datetime:
    """``plan.created`` as UTC without microseconds (a naive value is taken as UTC)."""
    if value.tzinfo is None or value.utcoffset() is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC).replace(microsecond=0)


# -- when each session happens --------------------------------------------------------------


def _slots(plan: Plan) -> list[_Slot]:
    """Every session's start and end, in date order (plan order within a day)."""
    ordered = sorted(enumerate(plan.sessions), key=lambda item: (item[1].date, item[0]))
    slots: list[_Slot] = []
    tz: ZoneInfo | None = None
    in_utc = False
    previous: _Slot | None = None
    for index, session in ordered:
        at = plan.times.for_weekday(session.date.weekday())
        if at is None:
            slot = _Slot(session, index, session.date, session.date + dt.timedelta(days=1))
        else:
            if tz is None:
                tz = ZoneInfo(_zone_name(plan))
                in_utc = _is_utc(tz)
            length = dt.timedelta(minutes=_calendar_minutes(session))
            moved = None
            if (previous is not None and previous.session.date == session.date
                    and isinstance(previous.end, dt.datetime)):
                start = previous.end.astimezone(tz)
                repeated = _ambiguous(start, tz)
            else:
                naive = dt.datetime.combine(session.date, at.replace(tzinfo=None, fold=0))
                first = naive.replace(tzinfo=tz, fold=0)
                if first.utcoffset() == naive.replace(tzinfo=tz, fold=1).utcoffset():
                    # the usual case: one reading of the wall time, so neither skipped nor
                    # repeated (what _resolve_wall_time and _ambiguous would say, sooner)
                    start, repeated = first, False
                else:
                    start, moved = _resolve_wall_time(naive, tz)
                    repeated = _ambiguous(start, tz)
            end = (start.astimezone(dt.UTC) + length).astimezone(tz)
            utc = in_utc or repeated or _ambiguous(end, tz)
            slot = _Slot(session, index, start, end, utc=utc, moved=moved)
        slots.append(slot)
        previous = slot
    return slots


def _calendar_minutes(session: Session) -> int:
    """The session's length in whole minutes, rounded up, at least 1."""
    minutes = round(session.duration_min * 60) / 60  # drop float noise before rounding up
    return max(1, math.ceil(minutes))


def _resolve_wall_time(naive: dt.datetime, tz: ZoneInfo) -> tuple[dt.datetime, str | None]:
    """``naive`` as an aware time in ``tz``: first occurrence if repeated, after the gap if
    skipped (then with the sentence that says so)."""
    first = naive.replace(tzinfo=tz, fold=0)
    second = naive.replace(tzinfo=tz, fold=1)
    u_first, u_second = first.astimezone(dt.UTC), second.astimezone(dt.UTC)
    if u_first == u_second:
        return first, None
    if u_first.astimezone(tz).replace(tzinfo=None) == naive:
        return first, None  # repeated wall time: fold=0 is the first occurrence
    # Skipped: the transition instant lies between the two readings; find it to the second.
    lo, hi = min(u_first, u_second), max(u_first, u_second)
    after = hi.astimezone(tz).utcoffset()
    while (hi - lo) > dt.timedelta(seconds=1):
        mid = lo + (hi - lo) / 2
        mid = mid.replace(microsecond=0)
        if mid <= lo:
            break
        if mid.astimezone(tz).utcoffset() == after:
            hi = mid
        else:
            lo = mid
    moved = hi.astimezone(tz)
    wall = naive.strftime("%H:%M")
    note = (f"Moved from {wall} to {moved.strftime('%H:%M')}: the clocks go forward that night"
            + ("." if moved.date() == naive.date() else f", so it starts on {moved:%a %d %b}."))
    return moved, note


def _ambiguous(value: dt.datetime, tz: ZoneInfo) -> bool:
    """Whether ``value``'s wall time happens twice in ``tz`` (the clocks go back across it)."""
    local = value.astimezone(tz)
    return local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset()


def _is_utc(tz: ZoneInfo) -> bool:
    return tz.key in _UTC_NAMES


def _zone_name(plan: Plan) -> str:
    name = plan.timezone
    if not name:
        raise UsageError("timed workouts need a time zone (an IANA name such as Europe/London)")
    return check_zone(name)  # a zone a calendar app knows: never posixrules, localtime, ...


def _date_range(slots: list[_Slot]) -> tuple[dt.date, dt.date]:
    """The first and last day any timed event touches."""
    days: list[dt.date] = []
    for slot in slots:
        for value in (slot.start, slot.end):
            if isinstance(value, dt.datetime):
                days.append(value.date())
    return min(days), max(days)


# -- VTIMEZONE ------------------------------------------------------------------------------
#
# Preferred shape: one STANDARD and one DAYLIGHT observance with a yearly RRULE, built from the
# zone's current rule (the POSIX TZ string at the end of its tzdata file). That is what Outlook
# imports (MS-OXCICAL 2.1.3.1.1.19.2: one STANDARD, the one with the largest DTSTART, and its
# RRULE), and every file gets the same VTIMEZONE for a zone whatever its dates. The rule is
# used only when it reproduces zoneinfo's offsets and transitions over the plan's dates (plus
# a week each side); otherwise the VTIMEZONE lists zoneinfo's transitions for those years.

_NAME = r"(?:[A-Za-z]{3,}|<[A-Za-z0-9+\-]{3,}>)"
_OFFSET = r"[+-]?\d{1,3}(?::\d{1,2}(?::\d{1,2})?)?"
_RULE = rf"M(\d{{1,2}})\.([1-5])\.([0-6])(?:/({_OFFSET}))?"
_POSIX_TZ = re.compile(
    rf"(?P<std>{_NAME})(?P<stdoff>{_OFFSET})"
    rf"(?:(?P<dst>{_NAME})(?P<dstoff>{_OFFSET})?,(?P<start>{_RULE}),(?P<end>{_RULE}))?"
)
_ICAL_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


class _Rule(NamedTuple):
    """A POSIX ``Mm.w.d/time`` rule: weekday d (0 = Sunday) of week w (5 = last) of month m."""

    month: int
    week: int
    weekday: int
    seconds: int  # local time of the change, in the offset before it; may be <0 or >=24 h

    def local(self, year: int) -> dt.datetime:
        """The wall time (before the change) at which the change happens in ``year``."""
        py_weekday = (self.weekday - 1) % 7  # Python: Monday = 0
        if self.week == 5:
            nxt = dt.date(year + self.month // 12, self.month % 12 + 1, 1)
            day = nxt - dt.timedelta(days=1)
            day -= dt.timedelta(days=(day.weekday() - py_weekday) % 7)
        else:
            day = dt.date(year, self.month, 1)
            day += dt.timedelta(days=(py_weekday - day.weekday()) % 7 + 7 * (self.week - 1))
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=self.seconds)

    def rrule(self) -> dict[str, object] | None:
        """The yearly RRULE matching this rule, or None when RRULE cannot say it simply."""
        shift, _ = divmod(self.seconds, 86400)
        weekday = _ICAL_DAYS[(self.weekday + shift) % 7]
        if shift == 0:
            return {"FREQ": "YEARLY", "BYMONTH": self.month,
                    "BYDAY": f"{-1 if self.week == 5 else self.week}{weekday}"}
        if self.week == 5:
            days = list(range(-7 + shift, shift))
            if not all(-28 <= d <= -1 for d in days):
                return None
        else:
            days = list(range(7 * (self.week - 1) + 1 + shift, 7 * self.week + 1 + shift))
            if not all(1 <= d <= 28 for d in days):
                return None
        return {"FREQ": "YEARLY", "BYMONTH": self.month, "BYDAY": weekday,
                "BYMONTHDAY": sorted(days)}


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


def _rule(match: tuple[str | None, ...]) -> _Rule:
    month, week, weekday, at = match
    assert month is not None and week is not None and weekday is not None
    return _Rule(int(month), int(week), int(weekday), 7200 if at is None else _seconds(at))


def _tzif_footer(zone: str) -> str | None:
    """The POSIX TZ string ending the zone's TZif file, read where zoneinfo reads it."""
    import zoneinfo
    from pathlib import Path

    raw: bytes | None = None
    for folder in zoneinfo.TZPATH:
        candidate = Path(folder, *zone.split("/"))
        if candidate.is_file():
            raw = candidate.read_bytes()
            break
    if raw is None:
        import importlib.resources  # only without a system zone database: it is slow to import

        try:
            raw = importlib.resources.files("tzdata").joinpath(
                "zoneinfo", *zone.split("/")).read_bytes()
        except (ImportError, OSError):
            return None
    if not raw.startswith(b"TZif") or raw[4:5] not in (b"2", b"3", b"4"):
        return None
    footer = raw.rstrip(b"\n").rsplit(b"\n", 1)[-1]
    try:
        return footer.decode("ascii")
    except UnicodeDecodeError:
        return None


def _zoneinfo_changes(tz: ZoneInfo, first: dt.datetime,
                      last: dt.datetime) -> list[tuple[dt.datetime, dt.timedelta]]:
    """(instant, new offset) of every offset change between two instants, to the second.

    Steps an hour at a time and bisects each change. The hourly readings are made with
    ``tz.fromutc`` on the UTC fields (what ``astimezone`` does inside) and the offset is the
    wall-clock difference: ~1 ms for the ~9,000 hours of a year, not ~5 ms.
    """
    changes = []
    step = dt.timedelta(hours=1)
    fromutc = tz.fromutc
    start = first.astimezone(dt.UTC).replace(tzinfo=tz)  # compared and stepped as UTC fields
    end = last.astimezone(dt.UTC).replace(tzinfo=tz)
    clock = start
    before = fromutc(clock) - clock
    while clock < end:
        clock += step
        after = fromutc(clock) - clock
        if after != before:
            hi = first + (clock - start)
            lo = hi - step
            while hi - lo > dt.timedelta(seconds=1):
                mid = lo + (hi - lo) // 2
                if mid.astimezone(tz).utcoffset() == after:
                    hi = mid
                else:
                    lo = mid
            changes.append((hi, after))
            before = after
    return changes


class _Observance(NamedTuple):
    """One STANDARD or DAYLIGHT block of a VTIMEZONE."""

    kind: str  # "STANDARD" or "DAYLIGHT"
    start: dt.datetime  # naive local DTSTART
    rrule: dict[str, object] | None
    before: dt.timedelta  # TZOFFSETFROM
    after: dt.timedelta  # TZOFFSETTO
    name: str  # TZNAME


def _posix_observances(zone: str, first: dt.date, last: dt.date) -> list[_Observance] | None:
    """The observances of a VTIMEZONE with yearly RRULEs from the zone's POSIX rule, if the
    rule matches zoneinfo over the plan's dates (plus a week each side)."""
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

    if match["dst"] is None:
        if actual or span_start.astimezone(tz).utcoffset() != std:
            return None
        return [_Observance("STANDARD", dt.datetime.combine(dt.date(1970, 1, 1), dt.time()),
                            None, std, std, std_name)]

    dst_name = match["dst"].strip("<>")
    dst = (dt.timedelta(seconds=-_seconds(match["dstoff"])) if match["dstoff"]
           else std + dt.timedelta(hours=1))
    groups = match.groups()
    # groups: std, stdoff, dst, dstoff, start, 4 start parts, end, 4 end parts
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

    observances = []
    for kind, rule, before, after, name in (("STANDARD", to_std, dst, std, std_name),
                                            ("DAYLIGHT", to_dst, std, dst, dst_name)):
        rrule = rule.rrule()
        if rrule is None:
            return None
        observances.append(_Observance(kind, rule.local(1970), rrule, before, after, name))
    return observances


#: RRULE parts in the order icalendar writes them (vRecur.canonical_order, the ones used here)
_RECUR_ORDER = ("FREQ", "BYDAY", "BYMONTHDAY", "BYMONTH")


def _observance_lines(observance: _Observance) -> list[str]:
    """BEGIN, DTSTART, RRULE, TZNAME, TZOFFSETFROM, TZOFFSETTO (alphabetically, as icalendar
    orders them), END."""
    kind, start, rrule, before, after, name = observance
    lines = [f"BEGIN:{kind}", f"DTSTART{_when(start, False, ':')}"]
    if rrule is not None:
        parts = []
        for key in _RECUR_ORDER:
            if key in rrule:
                value = rrule[key]
                values = value if isinstance(value, list) else [value]
                parts.append(f"{key}=" + ",".join(str(v).upper() for v in values))
        lines.append(_fold("RRULE:" + ";".join(parts)))
    lines += (_fold(f"TZNAME:{_text(name)}"), f"TZOFFSETFROM:{_offset(before)}",
              f"TZOFFSETTO:{_offset(after)}", f"END:{kind}")
    return lines


@functools.lru_cache(maxsize=64)
def _vtimezone_text(zone: str, first: dt.date, last: dt.date) -> str:
    """The VTIMEZONE's lines (CRLF between them, none after the last)."""
    observances = _posix_observances(zone, first, last)
    if observances is not None:
        lines = ["BEGIN:VTIMEZONE", _fold(f"TZID:{_text(zone)}")]
        for observance in observances:
            lines += _observance_lines(observance)
        lines.append("END:VTIMEZONE")
        return "\r\n".join(lines)
    # zoneinfo's own transitions for the plan's whole years: icalendar writes those
    import icalendar

    component = icalendar.Timezone.from_tzinfo(
        ZoneInfo(zone), tzid=zone, first_date=dt.date(first.year, 1, 1),
        last_date=dt.date(last.year + 1, 1, 1))
    # icalendar notes the covered years in a COMMENT; libical's RFC 5546 restriction
    # check rejects COMMENT in a VTIMEZONE, so it goes.
    component.pop("COMMENT", None)
    # read back once, as when it was added to a calendar object, so the bytes stay as they were
    text: bytes = icalendar.Timezone.from_ical(component.to_ical()).to_ical()
    return text.decode("utf-8").removesuffix("\r\n")


# -- iCalendar text (RFC 5545), as icalendar 7 writes it -------------------------------------


def _text(value: str) -> str:
    """A TEXT value escaped as icalendar escapes it (the order matters)."""
    if "\\" not in value and ";" not in value and "," not in value and "\n" not in value and (
            "\r" not in value):
        return value  # nothing to escape (the common case for titles and UIDs)
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
            .replace("\r", "\\n"))


def _fold(line: str) -> str:
    """``line`` folded as icalendar folds it: CRLF and a space before the octet that would
    make a line 75 octets long, never between a backslash or caret and what it escapes."""
    if line.isascii():
        if len(line) < 75:
            return line
        parts = []
        start, size = 0, len(line)
        while size - start > 74:
            end = start + 74
            if line[end - 1] in "\\^":
                end -= 1
            parts.append(line[start:end])
            start = end
        parts.append(line[start:])
        return "\r\n ".join(parts)
    folded: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        octets = len(char.encode("utf-8"))
        if current and count + octets >= 75:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                folded.append("".join(current))
                current, count = [carried], len(carried.encode("utf-8"))
            else:
                folded.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += octets
    if current:
        folded.append("".join(current))
    return "\r\n ".join(folded)


def _param(value: str) -> str:
    """A parameter value (TZID) as icalendar writes it: RFC 6868 escapes, quoted if needed."""
    value = (value.replace("^", "^^").replace("\r\n", "^n").replace("\n", "^n")
             .replace("\r", "^n").replace('"', "^'"))
    return f'"{value}"' if any(c in value for c in ",;:\u2019") else value


def _offset(offset: dt.timedelta) -> str:
    """A UTC-OFFSET: ``+0100``, ``-0330``, ``+053045``."""
    sign = "-" if offset < dt.timedelta(0) else "+"
    offset = abs(offset)
    hours = offset.days * 24 + offset.seconds // 3600
    minutes, seconds = (offset.seconds % 3600) // 60, offset.seconds % 60
    return f"{sign}{hours:02}{minutes:02}" + (f"{seconds:02}" if seconds else "")


def _duration(value: dt.timedelta) -> str:
    """A DURATION (a VALARM's TRIGGER) as icalendar writes it: ``-PT30M``, ``-P1D``, ``P0D``."""
    sign = ""
    if value.days < 0:
        sign, value = "-", -value
    time = ""
    if value.seconds:
        hours, minutes, seconds = (value.seconds // 3600, value.seconds % 3600 // 60,
                                   value.seconds % 60)
        time = "T" + (f"{hours}H" if hours else "") + (
            f"{minutes}M" if minutes or (hours and seconds) else "") + (
            f"{seconds}S" if seconds else "")
    if value.days == 0 and time:
        return f"{sign}P{time}"
    return f"{sign}P{abs(value.days)}D{time}"


def _check_color(color: str | None) -> str | None:
    if color is None:
        return None
    name = color.strip().lower()
    if name not in CSS3_COLORS:
        raise UsageError(f"unknown colour {color!r}; use a CSS colour name such as "
                         "'tomato' or 'steelblue'")
    return name
