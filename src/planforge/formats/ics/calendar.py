"""The plan as an icalendar ``Calendar``: one VEVENT per session, built and serialized by icalendar.

The shape follows shared/tools/ical-check/FACTS.md: VERSION and PRODID, no METHOD, one
VEVENT per session with a stable UID, DTSTAMP from ``plan.created`` (never the clock), all-day
events with an exclusive DTEND, timed events as ``DTSTART;TZID=<IANA name>`` with a VTIMEZONE
(:mod:`.vtimezone`) or in UTC (``...Z``). icalendar writes the text: property order, TEXT
escaping, CRLF and 75-octet folding are its own. Every value is given: UID and DTSTAMP too, so
nothing random or read from the clock ever reaches a file.

Values are icalendar property objects made once and shared where they are equal (DTSTAMP,
TRANSP, CLASS, SEQUENCE, CATEGORIES, the alarm's ACTION and TRIGGER, all-day dates, the
DESCRIPTION of sessions that read the same) and assigned directly rather than through
``Component.add``, which infers a type and copies parameters per call; the zone and its
VTIMEZONE are loaded once per calendar. Dates and times are ``vDate`` and ``vDatetime``, the
types ``vDDDTypes`` (what ``add`` makes) turns itself into on every ``to_ical()``, working out
the TZID once more each time: same lines, less work.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any, NamedTuple

import icalendar
from icalendar.prop import vCategory, vDate, vDatetime, vDuration, vInt, vText

from ... import __version__
from ...core.inputs.zones import load_zone, tzdata_version, zone_file
from ...core.model import Plan, Session
from ...core.wording import (
    MAX_DESCRIPTION_CHARS,
    calendar_name,
    clean_text,
    kind_label,
    session_description,
)
from ...errors import UsageError
from ..options import RenderOptions
from . import vtimezone
from .embed import PLAN_PROPERTY, pack_plan
from .slots import UTC_NAMES, Slot, slots

#: the tzdata release the zones came from (VCALENDAR property)
TZDATA_PROPERTY = "X-PLANFORGE-TZDATA"

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

#: the heading of a run's intervals.icu workout text in its event description
ICU_HEADING = "intervals.icu workout (copy the lines below into its workout builder):"
#: said instead when the text would make the description too long for Google Calendar
ICU_LEFT_OUT = ("intervals.icu workout: too long to add here; 'planforge workouts PLAN "
                "--format icu' writes it.")

_BUSY_SUMMARY = {"run": "Workout", "strength": "Strength", "mobility": "Mobility",
                 "walk": "Workout"}


class _Shared(NamedTuple):
    """Property values made once per calendar and shared by every event that has them."""

    stamp: vDatetime
    opaque: vText
    transparent: vText
    private: vText
    display: vText
    cancelled: vText
    trigger: vDuration | None
    sequences: dict[int, vInt]
    categories: dict[tuple[str, bool], vCategory]
    dates: dict[dt.date, vDate]  # an all-day event's DTEND is often the next one's DTSTART
    #: DESCRIPTION and the length of the whole description, by what they are made from
    descriptions: dict[tuple[Any, ...], tuple[vText, int]]


def build_calendar(plan: Plan, options: RenderOptions | None = None) -> icalendar.Calendar:
    """The plan as an icalendar Calendar, ready for ``to_ical()``; deterministic for a Plan.

    Other writers may add properties to it (a feed's REFRESH-INTERVAL, an event's
    LAST-MODIFIED) before serializing. See :func:`planforge.formats.ics.render_ics` for the
    options.
    """
    return _build(plan, options or RenderOptions())[0]


def _build(plan: Plan, options: RenderOptions) -> tuple[icalendar.Calendar, dict[int, int]]:
    """The calendar and {index in plan.sessions: length of its whole description}."""
    color = _check_color(options.color)
    remind = options.remind
    if remind is not None and remind < dt.timedelta(0):
        raise UsageError("a reminder must be zero or more minutes before the workout")
    timed = not plan.times.all_day and any(
        plan.times.for_weekday(s.date.weekday()) is not None for s in plan.sessions)
    zone, tzif = _zone(plan) if timed else (None, None)
    tz = load_zone(zone, tzif) if zone is not None else None
    placed = slots(plan, tz)

    cal = icalendar.Calendar()
    _calendar_properties(cal, plan, options, color, zone, placed)
    local = [s for s in placed if isinstance(s.start, dt.datetime) and not s.utc]
    if zone is not None and tzif is not None and local:
        first, last = _years(local)
        cal.subcomponents.append(vtimezone.build_vtimezone(
            zone, tzif, min(first, vtimezone.FIRST_YEAR), max(last, vtimezone.LAST_YEAR)))
    stamp = plan.created
    if stamp.tzinfo is None or stamp.utcoffset() is None:
        stamp = stamp.replace(tzinfo=dt.UTC)
    shared = _Shared(
        vDatetime(stamp.astimezone(dt.UTC).replace(microsecond=0)), vText("OPAQUE"),
        vText("TRANSPARENT"), vText("PRIVATE"), vText("DISPLAY"), vText("CANCELLED"),
        None if remind is None else vDuration(-remind), {}, {}, {}, {})
    lengths: dict[int, int] = {}
    events = cal.subcomponents
    for slot in placed:
        events.append(_event(plan, slot, shared, options.busy_only, lengths))
    return cal, lengths


def _calendar_properties(cal: icalendar.Calendar, plan: Plan, options: RenderOptions,
                         color: str | None, zone: str | None, placed: list[Slot]) -> None:
    name = "planforge: workouts" if options.busy_only else calendar_name(plan)
    if options.busy_only:
        name = f"{name} ({plan.weeks} week" + ("" if plan.weeks == 1 else "s") + ")"
    cal["VERSION"] = vText("2.0")
    cal["PRODID"] = vText(f"-//planforge//planforge {__version__}//EN")
    cal["CALSCALE"] = vText("GREGORIAN")
    cal["NAME"] = cal["X-WR-CALNAME"] = vText(name)
    if color is not None:
        cal["COLOR"] = vText(color)
    # X-WR-TIMEZONE tells Google/Apple the calendar's zone. It is left out when an event is
    # written in UTC because its local time repeats: x-wr-timezone (used by
    # recurring-ical-events) re-reads such UTC times as local ones and moves them.
    if zone is not None and (zone in UTC_NAMES or not any(s.utc for s in placed)):
        cal["X-WR-TIMEZONE"] = vText(zone)
    cal[TZDATA_PROPERTY] = vText(tzdata_version())
    if not options.busy_only:  # a busy-only copy exists to hide the plan
        cal[PLAN_PROPERTY] = vText(pack_plan(plan))


def _event(plan: Plan, slot: Slot, shared: _Shared, busy_only: bool,
           lengths: dict[int, int]) -> icalendar.Event:
    """One VEVENT (and its VALARM): every property value given, none left to defaults."""
    session = slot.session
    event = icalendar.Event()
    if busy_only:
        summary = vText(_BUSY_SUMMARY.get(session.kind, "Workout"))
        event["UID"] = vText(_busy_uid(session.uid))
        event["CLASS"] = shared.private
    else:
        title = clean_text(session.title, single_line=True) or kind_label(session)
        summary = vText(_marked(title) if session.done is not None else title)
        event["UID"] = vText(clean_text(session.uid, single_line=True))
        event["CATEGORIES"] = _categories(plan, session, shared)
        event["DESCRIPTION"] = _described(plan, slot, shared, lengths)
    event["SUMMARY"] = summary
    if session.missed:  # a calendar that has the event drops it (it carries SEQUENCE + 1)
        event["STATUS"] = shared.cancelled
    event["DTSTART"] = _when(slot.start, slot.utc, shared.dates)
    event["DTEND"] = _when(slot.end, slot.utc, shared.dates)
    event["DTSTAMP"] = shared.stamp
    sequence = max(0, session.sequence)
    value = shared.sequences.get(sequence)
    if value is None:
        value = shared.sequences[sequence] = vInt(sequence)
    event["SEQUENCE"] = value
    # A timed workout blocks its time; an all-day one only marks the day, even in a
    # busy-only copy: an all-day "busy" would block the whole day for everyone who sees it.
    event["TRANSP"] = shared.opaque if isinstance(slot.start, dt.datetime) else (
        shared.transparent)
    if shared.trigger is not None:
        alarm = icalendar.Alarm()
        alarm["ACTION"] = shared.display
        alarm["DESCRIPTION"] = summary
        alarm["TRIGGER"] = shared.trigger
        event.subcomponents.append(alarm)
    return event


#: what a description is made from, besides the plan: a session's fields but its identity
#: and place in time (several sessions of a plan, e.g. a week's mobility, read the same)
_DESCRIBED = tuple(f.name for f in dataclasses.fields(Session)
                   if f.name not in ("uid", "date", "sequence"))


def _described(plan: Plan, slot: Slot, shared: _Shared, lengths: dict[int, int]) -> vText:
    """The DESCRIPTION of ``slot``, made once per calendar for sessions that read the same."""
    session = slot.session
    key = (slot.moved, *[getattr(session, name) for name in _DESCRIBED])
    try:
        known = shared.descriptions.get(key)
        hashable = True
    except TypeError:  # something unhashable where a tuple belongs: describe it afresh
        known, hashable = None, False
    if known is None:
        text, length = _description(plan, slot)
        known = (vText(text), length)
        if hashable:
            shared.descriptions[key] = known
    lengths[slot.position] = known[1]
    return known[0]


def _description(plan: Plan, slot: Slot) -> tuple[str, int]:
    """The description and the length of the session's whole description (uncut); a
    recorded workout's record (done, missed) comes first."""
    session = slot.session
    record = _record_line(session) if session.recorded else ""
    head = f"{record}\n\n" if record else ""
    full = session_description(session, plan=plan, max_chars=None)
    room = MAX_DESCRIPTION_CHARS - len(head)
    text = full if len(full) <= room else session_description(session, plan=plan,
                                                                max_chars=room)
    text = head + text
    if session.kind == "run":
        text += icu_block(session, room=MAX_DESCRIPTION_CHARS - len(text))
    if slot.moved:
        text = f"{slot.moved}\n\n{text}"
    return clean_text(text), len(full)


# The record's words come from formats.digest, imported only for a workout with a record:
# creating digest's classes costs every `make` about 2 ms (a twentieth of what planforge
# adds to Python's start), and a new plan has no record.


def _marked(title: str) -> str:
    from ..digest import DONE_MARK

    return f"{DONE_MARK} {title}"


def _record_line(session: Session) -> str:
    from ..digest import record_line

    return record_line(session)


def icu_block(session: Session, *, room: int) -> str:
    """The run's intervals.icu workout text (:func:`planforge.formats.icu.session_text`),
    under a heading, to append to its description; when it does not fit in ``room``
    characters (the description's budget under Google's limit), one line saying where to
    get it instead (or nothing, when not even that fits)."""
    from ..icu import session_text

    block = f"\n\n{ICU_HEADING}\n{session_text(session)}"
    if len(block) <= room:
        return block
    return f"\n\n{ICU_LEFT_OUT}" if len(ICU_LEFT_OUT) + 2 <= room else ""


def _categories(plan: Plan, session: Session, shared: _Shared) -> vCategory:
    """planforge, Run/Strength/Mobility, Hard when hard, the goal; no commas inside a value."""
    label = kind_label(session)
    key = (label, session.hard)
    value = shared.categories.get(key)
    if value is None:
        values = ["planforge", label]
        if session.hard:
            values.append("Hard")
        goal = clean_text(plan.goal_title, single_line=True)
        goal = " ".join(goal.replace(",", " ").replace(";", " ").replace("\\", " ").split())
        if goal and goal not in values:
            values.append(goal)
        value = shared.categories[key] = vCategory(values)
    return value


def _busy_uid(uid: str) -> str:
    """A UID for the busy-only copy: Google treats a UID as global to the user's calendars."""
    uid = clean_text(uid, single_line=True)
    local, at, domain = uid.rpartition("@")
    return f"{local}-busy@{domain}" if at else f"{uid}-busy"


def _when(value: dt.date | dt.datetime, utc: bool,
          dates: dict[dt.date, vDate]) -> vDatetime | vDate:
    """DTSTART/DTEND: a DATE, a local time with its TZID, or (``utc``) a UTC time; the
    parameters are the ones ``vDDDTypes(value)`` gives (VALUE=DATE; TZID unless UTC)."""
    if isinstance(value, dt.datetime):
        return vDatetime(value.astimezone(dt.UTC) if utc else value)
    day = dates.get(value)
    if day is None:
        day = dates[value] = vDate(value)
        # icalendar 6 sets VALUE=DATE itself, 7 takes it as an argument (which 6 refuses)
        day.params["VALUE"] = "DATE"
    return day


def _years(local: list[Slot]) -> tuple[int, int]:
    years = [v.year for s in local for v in (s.start, s.end)]
    return min(years), max(years)


def _zone(plan: Plan) -> tuple[str, bytes]:
    """The plan's zone and its TZif file, read once from the tzdata package."""
    name = plan.timezone
    if not name:
        raise UsageError("timed workouts need a time zone (an IANA name such as Europe/London)")
    from ...core.inputs.given import check_zone

    check_zone(name)  # a place's zone: not EST, which is an hour off all summer
    return name, zone_file(name)


def _check_color(color: str | None) -> str | None:
    if color is None:
        return None
    name = color.strip().lower()
    if name not in CSS3_COLORS:
        raise UsageError(f"unknown colour {color!r}; use a CSS colour name such as "
                         "'tomato' or 'steelblue'")
    return name
