"""When each workout sits on the clock: computed once here, for every writer that shows or
writes a time (the .ics calendar and the feeds, CSV, Markdown, HTML, the terminal, FIT
schedules, the web page) and for the report.

The calendar's rules for a timed workout, in the plan's zone (loaded from the tzdata package,
:func:`planforge.core.inputs.zones.load_zone`, as the calendar's VTIMEZONE is):

* it starts at its day's time (``--time``, or the weekday's own); a second workout on the
  same day starts when the one before it ends;
* a time the clocks skip (they go forward across it: :func:`dateutil.tz.datetime_exists`
  says so) moves to the first time after the gap, the moment the clocks change: 01:30 on
  the night London's clocks go forward is 02:00, and :attr:`When.moved` says so in the
  workout's words (the .ics then writes 02:00, which every calendar reads alike; RFC 5545
  would read a nonexistent 01:30 as 02:30, which is not where the gap ends);
* a time that happens twice (the clocks go back across it) is its first occurrence
  (``fold=0``), as Python and RFC 5545 read it (:func:`dateutil.tz.datetime_ambiguous` tells
  the writers, so the .ics can write such an event in UTC, where parsers cannot disagree);
* lengths are whole minutes, rounded up, and are elapsed time: a workout that crosses a
  change of the clocks ends that many minutes later in real time.

A stack of workouts that would run past midnight leaves its day: :func:`spills` names each
one, so the report says so.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, NamedTuple

from ..core.model import Plan, Session
from ..core.vocab import WEEKDAYS

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo


class When(NamedTuple):
    """A timed workout's start and end (aware, in the plan's zone), and the sentence that
    says its start moved out of a gap in the clock (None when it did not)."""

    start: dt.datetime
    end: dt.datetime
    moved: str | None = None

    def span(self) -> str:
        """``07:00-07:35``; the end gets ``+1d`` when it is on the next day."""
        more = " (+1d)" if self.end.date() > self.start.date() else ""
        return f"{self.start:%H:%M}-{self.end:%H:%M}{more}"


def minutes_on_calendar(session: Session) -> int:
    """The workout's length in whole minutes, rounded up, at least 1."""
    minutes = round(session.duration_min * 60) / 60  # drop float noise before rounding up
    return max(1, math.ceil(minutes))


def session_times(plan: Plan, tz: ZoneInfo | None = None) -> tuple[When | None, ...]:
    """Each session's :class:`When`, in ``plan.sessions`` order; None for an all-day one.
    ``tz``: the plan's zone when the caller has it loaded already (the .ics writer, whose
    VTIMEZONE it is); else it is loaded from the tzdata package."""
    if plan.times.all_day or not plan.timezone:
        return tuple(None for _ in plan.sessions)
    if tz is None:
        from ..core.inputs.zones import load_zone

        tz = load_zone(plan.timezone)
    out: list[When | None] = [None] * len(plan.sessions)
    previous: tuple[dt.date, dt.datetime] | None = None
    for index, session in sorted(enumerate(plan.sessions), key=lambda i: (i[1].date, i[0])):
        at = plan.times.for_weekday(session.date.weekday())
        if at is None:
            continue
        moved = None
        if previous is not None and previous[0] == session.date:
            start = previous[1]
        else:
            start, moved = wall_time(dt.datetime.combine(session.date, at.replace(tzinfo=None)),
                                     tz)
        length = dt.timedelta(minutes=minutes_on_calendar(session))
        end = (start.astimezone(dt.UTC) + length).astimezone(tz)
        out[index] = When(start, end, moved)
        previous = (session.date, end)
    return tuple(out)


def wall_time(naive: dt.datetime, tz: ZoneInfo) -> tuple[dt.datetime, str | None]:
    """``naive``, a wall-clock time, in ``tz``: its first occurrence when the clocks go back
    across it; when they go forward across it, the time RFC 5545 reads it as (the offset
    from before the gap), with the sentence that says it moved."""
    first = naive.replace(tzinfo=tz, fold=0)
    if first.utcoffset() == naive.replace(tzinfo=tz, fold=1).utcoffset():
        return first, None  # the usual case: neither skipped nor repeated
    from dateutil import tz as dateutil_tz

    if dateutil_tz.datetime_exists(first):
        return first, None  # repeated: fold=0 is the first occurrence
    moved = _gap_end(first, naive.replace(tzinfo=tz, fold=1), tz)
    note = (f"Moved from {naive:%H:%M} to {moved:%H:%M}: the clocks go forward that night"
            + ("." if moved.date() == naive.date() else f", so it starts on {moved:%a %d %b}."))
    return moved, note


def _gap_end(first: dt.datetime, second: dt.datetime, tz: ZoneInfo) -> dt.datetime:
    """The first wall time after the gap that a skipped time falls in: the instant the
    clocks change, found between the two readings of the skipped time (``fold`` 0 and 1;
    zoneinfo gives offsets, not transitions), to the second."""
    lo, hi = sorted((first.astimezone(dt.UTC), second.astimezone(dt.UTC)))
    after = hi.astimezone(tz).utcoffset()
    while hi - lo > dt.timedelta(seconds=1):
        mid = (lo + (hi - lo) / 2).replace(microsecond=0)
        if mid <= lo:
            break
        if mid.astimezone(tz).utcoffset() == after:
            hi = mid
        else:
            lo = mid
    return hi.astimezone(tz)


def ambiguous(value: dt.datetime, tz: ZoneInfo) -> bool:
    """Whether ``value``'s wall time happens twice in ``tz`` (the clocks go back across it)."""
    local = value.astimezone(tz)
    if local.replace(fold=0).utcoffset() == local.replace(fold=1).utcoffset():
        return False
    from dateutil import tz as dateutil_tz

    return bool(dateutil_tz.datetime_ambiguous(local))


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
