"""When each session sits in the calendar: all-day, or at the time :mod:`planforge.formats.clock`
computes for every writer (the one computation of start times; DST nights included).

What is the calendar's own: an event whose start or end is a wall time that happens twice
(the clocks go back across it) is written in UTC (``...Z``), because parsers disagree on
ambiguous local times; so is every event of a plan in UTC itself.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple
from zoneinfo import ZoneInfo

from ...core.model import Plan, Session
from ..clock import ambiguous, session_times

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
    times = session_times(plan, tz) if tz is not None else (None,) * len(plan.sessions)
    ordered = sorted(enumerate(plan.sessions), key=lambda item: (item[1].date, item[0]))
    found: list[Slot] = []
    for index, session in ordered:
        when = times[index]
        if when is None:
            assert plan.times.for_weekday(session.date.weekday()) is None, \
                "timed sessions need the plan's zone"
            found.append(Slot(session, index, session.date,
                              session.date + dt.timedelta(days=1)))
            continue
        assert tz is not None
        utc = tz.key in UTC_NAMES or ambiguous(when.start, tz) or ambiguous(when.end, tz)
        found.append(Slot(session, index, when.start, when.end, utc=utc, moved=when.moved))
    return found
