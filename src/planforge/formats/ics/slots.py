"""When each session sits in the calendar: all-day, or at its wall-clock time in the plan's zone.

Wall-clock rules for timed sessions (``plan.times``):

* a time that does not exist on a day (the clocks go forward across it) moves to the first
  valid time after the gap, and the event's description says so;
* a time that happens twice (the clocks go back across it) takes its first occurrence; such
  an event is written in UTC (``...Z``), because parsers disagree on ambiguous local times;
* a second session on the same day starts when the first one ends.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ...core.model import Plan, Session

#: zone names written as UTC (``...Z``) with no VTIMEZONE
UTC_NAMES = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Etc/Universal", "Universal",
                       "Etc/Zulu", "Zulu"})


class Slot(NamedTuple):
    """When one session sits in the calendar."""

    session: Session
    position: int  # the session's place in plan.sessions
    start: dt.date | dt.datetime  # a date for all-day; an aware datetime otherwise
    end: dt.date | dt.datetime
    utc: bool = False  # write the datetimes as UTC ``...Z`` instead of TZID local time
    moved: str | None = None  # the sentence saying the start moved out of a DST gap


def slots(plan: Plan, tz: ZoneInfo | None) -> list[Slot]:
    """Every session's start and end, in date order (plan order within a day); ``tz`` is the
    plan's zone, needed only when a session is timed."""
    ordered = sorted(enumerate(plan.sessions), key=lambda item: (item[1].date, item[0]))
    found: list[Slot] = []
    previous: Slot | None = None
    for index, session in ordered:
        at = plan.times.for_weekday(session.date.weekday())
        if at is None:
            slot = Slot(session, index, session.date, session.date + dt.timedelta(days=1))
        else:
            assert tz is not None, "timed sessions need the plan's zone"
            slot = _timed(session, index, at, tz, previous)
        found.append(slot)
        previous = slot
    return found


def _timed(session: Session, index: int, at: dt.time, tz: ZoneInfo,
           previous: Slot | None) -> Slot:
    length = dt.timedelta(minutes=calendar_minutes(session))
    moved = None
    if (previous is not None and previous.session.date == session.date
            and isinstance(previous.end, dt.datetime)):
        start = previous.end.astimezone(tz)
        repeated = ambiguous(start, tz)
    else:
        naive = dt.datetime.combine(session.date, at.replace(tzinfo=None, fold=0))
        first = naive.replace(tzinfo=tz, fold=0)
        if first.utcoffset() == naive.replace(tzinfo=tz, fold=1).utcoffset():
            start, repeated = first, False  # the usual case: neither skipped nor repeated
        else:
            start, moved = resolve_wall_time(naive, tz)
            repeated = ambiguous(start, tz)
    end = (start.astimezone(dt.UTC) + length).astimezone(tz)
    utc = tz.key in UTC_NAMES or repeated or ambiguous(end, tz)
    return Slot(session, index, start, end, utc=utc, moved=moved)


def calendar_minutes(session: Session) -> int:
    """The session's length in whole minutes, rounded up, at least 1."""
    minutes = round(session.duration_min * 60) / 60  # drop float noise before rounding up
    return max(1, math.ceil(minutes))


def resolve_wall_time(naive: dt.datetime, tz: ZoneInfo) -> tuple[dt.datetime, str | None]:
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
        mid = (lo + (hi - lo) / 2).replace(microsecond=0)
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


def ambiguous(value: dt.datetime, tz: ZoneInfo) -> bool:
    """Whether ``value``'s wall time happens twice in ``tz`` (the clocks go back across it)."""
    local = value.astimezone(tz)
    return local.replace(fold=0).utcoffset() != local.replace(fold=1).utcoffset()
