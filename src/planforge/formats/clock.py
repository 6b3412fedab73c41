"""When each workout sits on the clock, for the writers that show times (terminal, CSV,
Markdown, HTML) and for the report.

The calendar's rule: a workout starts at its day's time (``--time``, or the weekday's own);
a second workout on the same day starts when the one before it ends. Lengths are whole
minutes, rounded up, as the calendar has them. A stack of workouts that would run past
midnight leaves its day: :func:`spills` names each one, so the report says so.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import NamedTuple

from ..core.model import Plan, Session
from ..core.vocab import WEEKDAYS


class When(NamedTuple):
    """A timed workout's local start and end (aware, in the plan's zone)."""

    start: dt.datetime
    end: dt.datetime

    def span(self) -> str:
        """``07:00-07:35``; the end gets ``+1d`` when it is on the next day."""
        more = " (+1d)" if self.end.date() > self.start.date() else ""
        return f"{self.start:%H:%M}-{self.end:%H:%M}{more}"


def minutes_on_calendar(session: Session) -> int:
    """The workout's length in whole minutes, rounded up, at least 1."""
    minutes = round(session.duration_min * 60) / 60  # drop float noise before rounding up
    return max(1, math.ceil(minutes))


def session_times(plan: Plan) -> tuple[When | None, ...]:
    """Each session's :class:`When`, in ``plan.sessions`` order; None for an all-day one."""
    if plan.times.all_day or not plan.timezone:
        return tuple(None for _ in plan.sessions)
    from zoneinfo import ZoneInfo

    tz = ZoneInfo(plan.timezone)
    out: list[When | None] = [None] * len(plan.sessions)
    previous: tuple[dt.date, dt.datetime] | None = None
    for index, session in sorted(enumerate(plan.sessions), key=lambda i: (i[1].date, i[0])):
        at = plan.times.for_weekday(session.date.weekday())
        if at is None:
            continue
        if previous is not None and previous[0] == session.date:
            start = previous[1]
        else:
            start = dt.datetime.combine(session.date, at.replace(tzinfo=None), tzinfo=tz)
        length = dt.timedelta(minutes=minutes_on_calendar(session))
        end = (start.astimezone(dt.UTC) + length).astimezone(tz)
        out[index] = When(start, end)
        previous = (session.date, end)
    return tuple(out)


def spills(plan: Plan) -> tuple[str, ...]:
    """One line per weekday whose stacked workouts would run past midnight, leaving their
    day: how many, in which weeks, and the latest start time that keeps them in the day."""
    late: dict[int, list[tuple[Session, dt.timedelta]]] = {}
    for session, when in zip(plan.sessions, session_times(plan), strict=True):
        midnight = dt.datetime.combine(session.date + dt.timedelta(days=1), dt.time(0))
        if when is not None and when.end.replace(tzinfo=None) > midnight:
            over = when.end.replace(tzinfo=None) - midnight
            late.setdefault(session.date.weekday(), []).append((session, over))
    lines = []
    for day, items in sorted(late.items()):
        at = plan.times.for_weekday(day) or dt.time(0)
        worst = max(over for _, over in items)
        latest = dt.datetime.combine(dt.date(2000, 1, 3), at) - worst
        latest -= dt.timedelta(minutes=latest.minute % 15)
        weeks = sorted({s.week for s, _ in items})
        n = len(items)
        lines.append(f"{n} {WEEKDAYS[day]} workout{'s' if n != 1 else ''} (week"
                     f"{'s' if len(weeks) != 1 else ''} {_ranges(weeks)}) would run past "
                     f"midnight, onto the next day: a second workout starts when the first "
                     f"ends; give --time {WEEKDAYS[day]}={latest:%H:%M} or earlier")
    return tuple(lines)


def _ranges(weeks: list[int]) -> str:
    """``1-3, 5``."""
    parts: list[str] = []
    for w in weeks:
        if parts and parts[-1].split("-")[-1] == str(w - 1):
            parts[-1] = f"{parts[-1].split('-')[0]}-{w}"
        else:
            parts.append(str(w))
    return ", ".join(parts)


def times_phrase(plan: Plan) -> str:
    """``07:00 (sat 09:00) in Asia/Tokyo``; empty for an all-day plan."""
    if plan.times.all_day or not plan.timezone:
        return ""
    parts = [plan.times.default.strftime("%H:%M")] if plan.times.default else []
    days = ", ".join(f"{WEEKDAYS[d]} {at:%H:%M}" for d, at in plan.times.by_weekday)
    if days:
        parts.append(f"({days})" if parts else days)
    rest = "; other days all-day" if plan.times.default is None else ""
    return f"{' '.join(parts)} in {plan.timezone}{rest}"
