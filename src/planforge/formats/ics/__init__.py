"""Write a Plan as an iCalendar (.ics) file that Google, Apple, Outlook and Thunderbird import.

icalendar builds and serializes every calendar (:mod:`.calendar`); planforge decides only what
goes in it: when each session happens (:mod:`.slots`), the VTIMEZONE (:mod:`.vtimezone`, built
from the pinned tzdata package), and the plan itself inside the file (:mod:`.embed`), so a
calendar planforge wrote is also a plan file.

    >>> cal = build_calendar(plan)              # an icalendar.Calendar, to extend
    >>> cal["REFRESH-INTERVAL"] = ...            # e.g. a subscription feed's properties
    >>> data = to_ical(cal)                      # what render_ics(plan) returns

:func:`to_ical` is ``cal.to_ical()`` byte for byte, without icalendar 7.3's slow line
folding (:mod:`.fold` says why).
"""

from __future__ import annotations

import datetime as dt

from ...core.model import Plan
from ...core.wording import (
    GOOGLE_DESCRIPTION_LIMIT,
    MAX_DESCRIPTION_CHARS,
    clean_text,
    session_description,
)
from ..options import RenderOptions
from .calendar import CSS3_COLORS, TZDATA_PROPERTY, _build, build_calendar
from .embed import PLAN_PROPERTY
from .fold import to_ical

__all__ = ["CSS3_COLORS", "PLAN_PROPERTY", "TZDATA_PROPERTY", "build_calendar", "ics_warnings",
           "render_file", "render_ics", "to_ical"]

#: what --busy-only does to a plan without times (said once, on stderr)
BUSY_ALL_DAY = ("--busy-only without --time: each day shows a private \"Workout\" but stays "
                "free (all-day events never block time); add --time to block the hours")

#: Google Calendar imports time out or stop above these (FACTS.md: ~1 MB, ~1,111 events)
GOOGLE_MAX_EVENTS = 1000
GOOGLE_MAX_BYTES = 1_000_000


def render_ics(
    plan: Plan,
    *,
    remind: dt.timedelta | None = None,
    busy_only: bool = False,
    color: str | None = None,
) -> bytes:
    """The plan as .ics bytes (``to_ical(build_calendar(plan, options))``): one VEVENT per
    session, deterministic for a given Plan.

    ``remind``: one VALARM per event, that long before its start (for an all-day event the
    start is midnight, so 30 min means 23:30 the evening before). Google drops VALARMs on
    import and uses the calendar's default notifications instead.
    ``busy_only``: generic titles ("Workout", "Strength", "Mobility"), no description,
    categories or plan, CLASS:PRIVATE, and UIDs of their own (``-busy``) so the busy copy can
    sit in another calendar beside the detailed one. Timed events block their time
    (TRANSP:OPAQUE, as in every calendar); all-day events never do (TRANSP:TRANSPARENT).
    ``color``: a CSS3 colour name written as RFC 7986 COLOR (Google and Apple ignore it).

    Raises :class:`~planforge.errors.UsageError` for an unknown colour, a negative
    reminder, or timed sessions without a valid IANA time zone.
    """
    options = RenderOptions(remind=remind, busy_only=busy_only, color=color)
    return to_ical(build_calendar(plan, options))


def render_file(plan: Plan, options: RenderOptions) -> tuple[bytes, tuple[str, ...]]:
    """The .ics bytes and :func:`ics_warnings` about them, building each description once."""
    calendar, lengths = _build(plan, options)
    data = to_ical(calendar)
    known = lengths if not options.busy_only else {}
    warnings = _warnings(plan, len(data), known)
    if options.busy_only and plan.times.all_day:
        warnings += (BUSY_ALL_DAY,)
    return data, warnings


def ics_warnings(plan: Plan, *, data: bytes | None = None) -> tuple[str, ...]:
    """What may stop Google Calendar importing the file cleanly, said plainly (may be empty).

    ``data`` is the rendered file when the caller already has it (else it is rendered with
    the defaults to measure its size).
    """
    if data is not None:
        return _warnings(plan, len(data), {})
    calendar, lengths = _build(plan, RenderOptions())  # render_ics(plan), keeping the lengths
    return _warnings(plan, len(to_ical(calendar)), lengths)


def _warnings(plan: Plan, size: int, known: dict[int, int]) -> tuple[str, ...]:
    warnings = []
    count = len(plan.sessions)
    if count > GOOGLE_MAX_EVENTS:
        warnings.append(
            f"The calendar has {count} events; Google Calendar imports about "
            f"{GOOGLE_MAX_EVENTS} at most from one file. Split the plan into shorter plans."
        )
    if size > GOOGLE_MAX_BYTES:
        warnings.append(
            f"The .ics file is {size / 1_000_000:.1f} MB; Google Calendar imports files up to "
            "about 1 MB. Split the plan into shorter plans."
        )
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
