"""Repeating a week (``planforge shift --repeat-week``): any week may be done again.

The NHS plan says any week may be repeated, and so do the plan's notes. A copy of the week
(new UIDs) follows it and the weeks after move a week later (same UIDs, SEQUENCE + 1). In
the continuous phase a copy of a build week can make one build week too many before a
deload (R6); then a lighter week made from the repeated one (:func:`deload_of`: less
running, no hard work, one strength set fewer) comes between the week and its copy, so
every block still has at most 3 build weeks and each deload still follows the build week it
was made for. Rule ids refer to docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

from ...errors import RuleBreakError, UsageError
from ..engine.outcome import restated
from ..limits import DELOAD_SHARE, MIN_EASY_MIN
from ..model import Block, Plan, Segment, Session
from .shift import (
    EXTRA_REPEATED,
    Change,
    _fresh_uid,
    _moved_lines,
    _refuse_new_breaks,
    _retitle,
    _room_for,
    _weeks_needed,
)

DELOAD_NOTE = "Easier week: less running lets your body absorb the last weeks."


def repeat_week(plan: Plan, *, from_date: dt.date) -> Change:
    """Do the week containing ``from_date`` again: a copy with new UIDs follows it, and the
    weeks after it move later (same UIDs, SEQUENCE + 1) and are renumbered. When the copy
    would make one build week too many before a deload (R6), a lighter week made from the
    repeated one comes first. Refused (:class:`RuleBreakError`) only if neither layout keeps
    the rules the plan kept."""
    if from_date < plan.start or from_date > plan.end:
        raise UsageError(f"{from_date} is not in the plan ({plan.start} to {plan.end})")
    labels = sorted({s.week for s in plan.sessions})
    if not labels:
        raise UsageError("the plan has no workouts to repeat")
    week = min((from_date - plan.start).days // 7 + 1, labels[-1])
    originals = sorted((s for s in plan.sessions if s.week == week), key=lambda s: s.date)
    if not originals:
        raise UsageError(f"week {week} has no workouts to repeat")
    first, last = originals[0].date, originals[-1].date
    span = max(1, math.ceil(((last - first).days + 1) / 7))
    try:
        return _repeat(plan, week, originals, span, lighter=False)
    except RuleBreakError:
        if span != 1 or any(s.deload for s in originals):
            raise
        return _repeat(plan, week, originals, span, lighter=True)


def _repeat(plan: Plan, week: int, originals: list[Session], span: int, *,
            lighter: bool) -> Change:
    """The plan with the copy of ``week`` after it (after a lighter week made from it, when
    ``lighter``); refused when it breaks a rule the plan kept."""
    extra_weeks = span + (1 if lighter else 0)
    by = dt.timedelta(days=7 * extra_weeks)
    _room_for(plan, by)
    uids = {s.uid for s in plan.sessions}
    added: list[Session] = []
    if lighter:
        for s in deload_of(originals, week + 1):
            uid = _fresh_uid(s.uid, uids)
            uids.add(uid)
            added.append(replace(s, uid=uid, date=s.date + dt.timedelta(days=7)))
    copy_week = week + extra_weeks
    copies = []
    for s in originals:
        uid = _fresh_uid(s.uid, uids)
        uids.add(uid)
        copies.append(replace(s, uid=uid, date=s.date + by, week=copy_week, sequence=0,
                              title=_retitle(s.title, s.week, copy_week)))
    sessions: list[Session] = []
    for s in plan.sessions:
        if s.week > week:
            s = replace(s, date=s.date + by, week=s.week + extra_weeks,
                        sequence=s.sequence + 1,
                        title=_retitle(s.title, s.week, s.week + extra_weeks))
        sessions.append(s)
        if s.uid == originals[-1].uid:
            sessions.extend([*added, *copies])
    extra = dict(plan.extra)
    extra[EXTRA_REPEATED] = str(int(extra.get(EXTRA_REPEATED, "0") or 0) + extra_weeks)
    out = replace(plan, sessions=tuple(sessions), extra=tuple(extra.items()))
    out = replace(out, weeks=_weeks_needed(out, plan.weeks + extra_weeks))
    out = restated(out)
    _refuse_new_breaks(plan, out, f"repeating week {week}", instead="rest-week")
    return Change(out, tuple(_report(plan, out, week, copies, added)))


def _report(plan: Plan, out: Plan, week: int, copies: list[Session],
            added: list[Session]) -> list[str]:
    lines = []
    if added:
        lines.append(f"week {week + 1} is a lighter week made from week {week} ("
                     f"{len(added)} workouts, less running, no hard work, one strength set "
                     "fewer), so that no more than 3 build weeks come before a rest week (R6)")
    lines.append(f"repeated week {week} as week {copies[0].week}: {len(copies)} workouts, "
                 f"{copies[0].date} to {copies[-1].date}, with new UIDs")
    later = [s for s in plan.sessions if s.week > week]
    if later:
        shift = copies[0].week - week
        last = max(s.week for s in later)
        lines.append(f"moved {len(later)} workouts of weeks {week + 1}-{last} "
                     f"{'a week' if shift == 1 else f'{shift} weeks'} later as weeks "
                     f"{week + 1 + shift}-{last + shift} (same UIDs, SEQUENCE + 1):")
        lines += _moved_lines(plan, out, {s.uid for s in later})
    lines.append(f"the plan now ends {out.end} ({out.weeks} weeks)")
    return lines


def deload_of(sessions: list[Session], number: int) -> list[Session]:
    """A lighter week made from ``sessions`` as week ``number``: easy runs cut to about 70 %
    of the week's running (never under 15 minutes), hard sessions left out, one strength set
    fewer per exercise; mobility as it is. UIDs are the originals' (the caller makes new)."""
    total = sum(s.run_min for s in sessions if s.kind == "run")
    easy = [s for s in sessions if s.kind == "run" and not s.hard]
    easy_total = sum(s.run_min for s in easy) or 1
    factor = min(1.0, DELOAD_SHARE * total / easy_total)
    # no easy run under half the week's longest (R19), as the engine's deload weeks
    longest = max((_shorter_run(s, factor).run_min for s in easy), default=0.0)
    floor = math.ceil(longest / 2)
    out = []
    for s in sessions:
        if s.kind == "run" and s.hard:
            continue
        if s.kind == "run":
            shorter = _shorter_run(s, factor)
            if shorter.run_min < floor and s.run_min >= floor:
                shorter = _shorter_run(s, floor / s.run_min)
            s = shorter
        elif s.kind == "strength":
            s = replace(s, exercises=tuple(replace(e, sets=max(1, e.sets - 1))
                                           for e in s.exercises))
        out.append(replace(s, week=number, deload=True, sequence=0,
                           title=_retitle(s.title, s.week, number),
                           notes=(*s.notes, DELOAD_NOTE) if DELOAD_NOTE not in s.notes
                           else s.notes))
    return out


def _shorter_run(session: Session, factor: float) -> Session:
    """A continuous run cut by ``factor`` to whole minutes (at least 15, at most as long),
    strides at its end kept as they are; a run with walk breaks stays as it is."""
    first, *rest = session.main or (None,)
    if (first is None or len(first.segments) != 1 or session.walk_min
            or any(g.effort != "stride" and g.effort != "jog" for b in rest
                   for g in b.segments)):
        return session
    strides = sum(b.repeat * sum(g.seconds for g in b.segments) for b in rest) / 60
    minutes = session.run_min
    new = max(min(MIN_EASY_MIN, minutes), min(minutes, round(minutes * factor)))
    easy = max(new - strides, 1)
    segment = first.segments[0]
    main = (Block(first.repeat, (Segment(segment.effort, int(easy * 60 / first.repeat)),)),
            *rest)
    shorter = replace(session, main=main)
    total = shorter.warmup_min + new + shorter.cooldown_min
    with_strides = f" with {sum(b.repeat for b in rest)} strides" if rest else ""
    return replace(shorter, title=f"Week {session.week}: Easy run {_mins(easy)} min"
                                  f"{with_strides} ({_mins(total)} min)")


def _mins(minutes: float) -> str:
    return f"{minutes:g}" if minutes == int(minutes) else f"{minutes:.1f}".rstrip("0")
