"""Changing a finished plan: re-basing it on other dates, shifting it after missed workouts.

* :func:`rebase` (``planforge render``): the plan on another start date, zone, times or
  training days. A new start moves every workout by the same number of days, so every gap
  between workouts (and with it every rule) is kept; other ``days`` lay each week out
  afresh with :func:`planforge.core.engine.schedule.place_week`, as ``make`` does, and the result is
  checked against the rules.
* :func:`shift` (``planforge shift --by``): every workout from a date on moves later by
  the same amount; they keep their UIDs and their SEQUENCE goes up by one, so a calendar
  that imported the plan moves them instead of adding copies.
* :func:`repeat_week` (``planforge shift --repeat-week``): a week done again, as the NHS
  plan allows; the copy gets new UIDs, the weeks after it move a week later.

UIDs: a plan whose workouts keep their dates keeps its UIDs (so rendering an unchanged plan
twice gives the same bytes, and re-importing it updates the events). A plan re-based on
other dates is another copy: its UIDs (and ``plan_id``) are derived from the original's and
the new start and days, so two copies of one plan (a coach's, a club member's) never
overwrite each other in one calendar, and rendering the same copy again gives the same UIDs.

Week numbers: ``Session.week`` is the plan week a workout belongs to. Shifting keeps it (a
week stretched by a missed day is still that week for the weekly rules); repeating a week
renumbers the weeks after it. Rule ids refer to docs/rules.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from ...errors import RuleBreakError, UsageError
from ...goals.templates import Template
from ..engine import schedule
from ..engine.outcome import long_run, restated
from ..engine.strength import AFTER_HARD_RUN, half_of
from ..inputs.given import check_days, check_zone
from ..model import LAST_DAY, MAX_FILE_WEEKS, WEEKDAYS, Plan, Session, Times
from ..rules.check import Finding, check_plan, errors

#: the ``plan.extra`` key counting the weeks done twice (``shift --repeat-week``)
EXTRA_REPEATED = "repeated_weeks"


@dataclass(frozen=True, slots=True)
class Change:
    """A changed plan and what to tell the user about it, one line each."""

    plan: Plan
    report: tuple[str, ...]


# ------------------------------------------------------------------------------- rebase


def rebase(plan: Plan, *, start: dt.date | None = None, days: Sequence[int] | None = None,
           timezone: str | None = None, times: Times | None = None,
           broken: frozenset[str] | None = None,
           template: Template | None = None) -> Change:
    """``plan`` on another start date, training days, zone or times.

    ``start``: the new first day; every workout moves by the same number of days, and when
    the weekday changes the training days move with it. ``days``: weekdays to lay every
    week out on afresh (refused with :class:`RuleBreakError` when they cannot hold a week
    within the rules). ``times``/``timezone``: as for ``make``; ``Times()`` makes the events
    all-day. Left as None, each stays as the plan has it. ``broken``: the rules ``plan``
    already breaks (:func:`rules_broken`), when the caller re-dates one plan many times
    (batch: once for a club, not once a member); None: worked out here. ``template``: the
    goal's template, when the caller has it read (the checks read it otherwise).
    """
    if timezone is not None:
        check_zone(timezone)
    check_days(days)
    report: list[str] = []
    new_start = plan.start if start is None else start
    if new_start > LAST_DAY - dt.timedelta(days=7 * plan.weeks - 1):
        raise UsageError(f"{_article(plan.weeks)} {plan.weeks}-week plan starting {new_start} "
                         f"would end after "
                         f"{LAST_DAY}, the last day a calendar can hold")
    delta = (new_start - plan.start).days
    rotate = delta % 7
    new_days = tuple(sorted((d + rotate) % 7 for d in plan.days))
    new_times = plan.times
    if rotate and times is None and not plan.times.all_day:
        # each workout keeps its start time as it moves to another weekday
        new_times = Times(plan.times.default, tuple(sorted(
            ((d + rotate) % 7, at) for d, at in plan.times.by_weekday)))
    moved = tuple(replace(s, date=s.date + dt.timedelta(days=delta)) for s in plan.sessions)
    if rotate and days is None:
        report.append(f"the plan starts on a {_day_name(new_start)} now, so its training days "
                      f"move from {_days(plan.days)} to {_days(new_days)}; choose other training "
                      "days to change that")
    # a race (R39) moves with its plan: it stays its last session, on the moved date
    race = None if plan.race is None else replace(
        plan.race, date=plan.race.date + dt.timedelta(days=delta))
    out = replace(plan, start=new_start, days=new_days, sessions=moved, times=new_times,
                  race=race)
    chosen = None if days is None else tuple(sorted(set(days)))
    if chosen is not None and chosen != new_days:
        if not chosen or any(not 0 <= d <= 6 for d in chosen):
            raise UsageError("days must name at least one weekday (0 = Monday to 6 = Sunday)")
        out = _replace_weeks(replace(out, days=chosen), chosen)
        report.append(f"every week is laid out afresh on {_days(chosen)}")
    if times is not None and not times.all_day and not (timezone or plan.timezone):
        raise UsageError("timed workouts need a time zone")
    if times is not None:
        timezone = timezone or plan.timezone
        out = replace(out, times=times, timezone=None if times.all_day else timezone)
    elif timezone is not None and not out.times.all_day:
        out = replace(out, timezone=timezone)
    if [s.date for s in out.sessions] != [s.date for s in plan.sessions]:
        out = _own_uids(out, plan)
        report.append("new UIDs for this copy: its dates differ from the plan file's, so it "
                      "can sit beside the original in one calendar")
    else:
        out = _bump_retimed(plan, out, report)
    out = restated(out)
    if chosen is not None and chosen != new_days:
        _refuse_new_breaks(plan, out, f"the days {_days(out.days)}", option="--days",
                           had=broken, template=template)
    return Change(out, tuple(report))


def _clock(plan: Plan, session: Session) -> tuple[dt.time | None, str | None]:
    """When a workout sits in the calendar: its start time and zone, or all-day."""
    at = plan.times.for_weekday(session.date.weekday())
    return at, plan.timezone if at is not None else None


def _bump_retimed(before: Plan, after: Plan, report: list[str]) -> Plan:
    """Same dates, same UIDs: a workout whose time or zone changed carries SEQUENCE + 1, so
    calendars that honour updates take the new time."""
    sessions = tuple(
        replace(new, sequence=new.sequence + 1) if _clock(before, old) != _clock(after, new)
        else new
        for old, new in zip(before.sessions, after.sessions, strict=True))
    retimed = sum(a.sequence != b.sequence for a, b in zip(after.sessions, sessions, strict=True))
    if retimed:
        report.append(f"{retimed} workout{'s' if retimed != 1 else ''} at a new time keep "
                      "their UIDs with a higher SEQUENCE")
    return replace(after, sessions=sessions)


def _replace_weeks(plan: Plan, days: tuple[int, ...]) -> Plan:
    """Every week's workouts laid out again on ``days`` (offsets from the plan's start)."""
    offsets = tuple(sorted((d - plan.start.weekday()) % 7 for d in days))
    by_week: dict[int, list[Session]] = {}
    for s in sorted(plan.sessions, key=lambda s: s.date):
        by_week.setdefault(s.week, []).append(s)
    placed: list[Session] = []
    prev: schedule.Layout | None = None
    prev_run_walk = False
    calendar = schedule.training_days(start=plan.start, weeks=plan.weeks, days=days)
    for week in range(1, plan.weeks + 1):
        sessions = by_week.get(week, [])
        runs = [s for s in sessions if s.kind == "run"]
        hard = [s for s in runs if s.hard]
        easy = [s for s in runs if not s.hard]
        strength = [s for s in sessions if s.kind == "strength"]
        mobility = [s for s in sessions if s.kind == "mobility"]
        run_walk = any(not s.hard and s.walk_min > 0 for s in runs)
        # the week's long run keeps strength off its day and the day before, and a hard day
        # away (R33); the halves of a split stay a split (R37)
        long = long_run(sessions)
        halves = _halves(strength)
        def place(pair: bool, runs: list[Session] = runs, hard: list[Session] = hard,
                  strength: list[Session] = strength, mobility: list[Session] = mobility,
                  run_walk: bool = run_walk, prev: schedule.Layout | None = prev,
                  after: bool = prev_run_walk and not run_walk,
                  long_run: bool = long is not None,
                  split: bool = bool(halves)) -> schedule.Layout | None:
            return schedule.place_week(
                offsets=offsets, runs=len(runs), hard=len(hard), strength=len(strength),
                mobility=len(mobility), run_walk=run_walk, prev=prev, after_run_walk=after,
                pair=pair, long_run=long_run, split=split)
        # a week that brought in back-to-back running days keeps them (R21: one new
        # stressor a week, so the week that adds a run does not bring them too)
        layout = (place(True) if _has_pair(plan, sessions) else None) or place(False)
        if layout is None:
            raise RuleBreakError(
                f"the days {_days(days)} cannot hold week {week} ({_counts(sessions)}) within "
                "the rules (R8-R12: no back-to-back run/walk or hard days, 48 h between "
                "strength days, a rest day in every 7); add days, or make a new plan for "
                "these days", option="--days")
        walks = [s for s in sessions if s.kind == "walk"]
        if walks:  # brisk walks (R30) on the new days without a run, at most as many
            layout = _with_walks(layout, offsets, len(walks))
        queues = {"hard": iter(hard), "run": iter([s for s in easy if s is not long]),
                  "long": iter([long] if long is not None else []),
                  "strength": iter(strength), "upper": iter(halves.get("upper", [])),
                  "lower": iter(halves.get("lower", [])),
                  "mobility": iter(mobility), "walk": iter(walks)}
        for offset, slots in enumerate(layout):
            for slot in slots:
                s = next(queues[slot])
                if s.kind == "strength":  # strength after a hard run of its day says so (R33)
                    s = _after_hard_run(s, "hard" in slots)
                placed.append(replace(s, date=calendar[week - 1][offset]))
        prev, prev_run_walk = layout, run_walk
    return _keep_first_notes(plan, replace(plan, sessions=tuple(placed)))


def _halves(strength: Sequence[Session]) -> dict[str, list[Session]]:
    """The week's two strength sessions by the half of a split each holds (upper body and
    core, legs), or {} when they are not the two halves of a split (R37)."""
    sides = [{half_of(e) for e in s.exercises} for s in strength]
    if len(strength) != 2 or any(len(side) != 1 for side in sides) or sides[0] == sides[1]:
        return {}
    return {next(iter(side)): [s] for side, s in zip(sides, strength, strict=True)}


def _after_hard_run(session: Session, after: bool) -> Session:
    """``session`` saying (or no longer saying) that it comes after the day's hard run."""
    notes = tuple(n for n in session.notes if n != AFTER_HARD_RUN)
    if after:
        notes = (*notes, AFTER_HARD_RUN)
    return session if notes == session.notes else replace(session, notes=notes)


def _with_walks(layout: schedule.Layout, offsets: tuple[int, ...],
                walks: int) -> schedule.Layout:
    """``layout`` with a walk on each of its first ``walks`` days without a run."""
    free = [d for d in offsets if "run" not in layout[d] and "hard" not in layout[d]][:walks]
    return tuple((*slots, "walk") if d in free else slots for d, slots in enumerate(layout))


def _has_pair(plan: Plan, sessions: Sequence[Session]) -> bool:
    run_dates = {s.date for s in plan.sessions if s.kind == "run"}
    return any(s.kind == "run" and s.date - dt.timedelta(days=1) in run_dates
               for s in sessions)


def _keep_first_notes(before: Plan, after: Plan) -> Plan:
    """The plan's own notes (shoes, stop if it hurts: R17) stay on the first workout."""
    if not before.sessions or not after.sessions:
        return after
    first_before = min(before.sessions, key=lambda s: s.date)
    first_after = min(after.sessions, key=lambda s: s.date)
    if first_before.uid == first_after.uid:
        return after
    plan_notes = set(before.notes)
    lead: list[str] = []
    for note in first_before.notes:
        if note not in plan_notes:
            break
        lead.append(note)
    if not lead:
        return after
    sessions = []
    for s in after.sessions:
        if s.uid == first_before.uid:
            s = replace(s, notes=s.notes[len(lead):])
        elif s.uid == first_after.uid:
            s = replace(s, notes=(*lead, *s.notes))
        sessions.append(s)
    return replace(after, sessions=tuple(sessions))


def _own_uids(plan: Plan, original: Plan) -> Plan:
    """UIDs (and plan_id) of this copy's own, derived from the original's and the new dates."""
    key = "|".join((original.plan_id, plan.start.isoformat(),
                    ",".join(WEEKDAYS[d] for d in plan.days)))
    new_id = hashlib.sha256(key.encode()).hexdigest()[:16]
    prefix = f"{original.plan_id}-"

    def uid(old: str) -> str:
        if old.startswith(prefix):
            return f"{new_id}-{old[len(prefix):]}"
        return f"{new_id}-{hashlib.sha256(old.encode()).hexdigest()[:12]}@planforge"

    return replace(plan, plan_id=new_id,
                   sessions=tuple(replace(s, uid=uid(s.uid)) for s in plan.sessions))


# -------------------------------------------------------------------------------- shift


def shift(plan: Plan, *, from_date: dt.date, by: dt.timedelta) -> Change:
    """Every workout on or after ``from_date`` moves ``by`` later (same UIDs, SEQUENCE + 1)."""
    if by.days < 1 or by != dt.timedelta(days=by.days):
        raise UsageError("a shift moves workouts later by whole days, at least 1")
    moving = [s for s in plan.sessions if s.date >= from_date]
    if not moving:
        raise UsageError(f"no workout on or after {from_date} (the plan's last is "
                         f"{max(s.date for s in plan.sessions) if plan.sessions else 'none'})"
                         "; nothing to move")
    _room_for(plan, by)
    start = plan.start + by if from_date <= plan.start else plan.start
    sessions = tuple(
        replace(s, date=s.date + by, sequence=s.sequence + 1) if s.date >= from_date else s
        for s in plan.sessions)
    out = replace(plan, start=start, sessions=sessions)
    out = replace(out, weeks=_weeks_needed(out, plan.weeks))
    out = restated(out)
    _refuse_new_breaks(plan, out, f"moving the workouts from {from_date} on by "
                                  f"{_span(by.days)}", instead="repeat-week")
    lines = [f"moved {len(moving)} workout{'s' if len(moving) != 1 else ''} from "
             f"{from_date} on by {_span(by.days)} (same UIDs, SEQUENCE + 1):"]
    lines += _moved_lines(plan, out, {s.uid for s in moving})
    if out.weeks != plan.weeks:
        lines.append(f"the plan now ends {out.end} ({out.weeks} weeks)")
    return Change(out, tuple(lines))


def _room_for(plan: Plan, by: dt.timedelta) -> None:
    """Refuse to move a plan past the last day a calendar can hold."""
    last = max((s.date for s in plan.sessions), default=plan.start)
    if max(last, plan.end) > LAST_DAY - by - dt.timedelta(days=7):
        raise UsageError(f"the plan cannot move {_span(by.days)} later: it would end after "
                         f"{LAST_DAY}, the last day a calendar can hold")


def progression_weeks(plan: Plan) -> int:
    """How many weeks of the progression the plan covers (a repeated week counts once)."""
    last = max((s.week for s in plan.sessions), default=plan.weeks)
    repeated = dict(plan.extra).get(EXTRA_REPEATED, "0")
    return max(1, last - (int(repeated) if repeated.isdigit() else 0))


def _fresh_uid(uid: str, taken: set[str]) -> str:
    local, at, domain = uid.rpartition("@")
    if not at:
        local, domain = uid, ""
    n = 1
    while True:
        candidate = f"{local}-r{n}" + (f"@{domain}" if at else "")
        if candidate not in taken:
            return candidate
        n += 1


_WEEK_TITLE = re.compile(r"^Week (\d+)(?=:)")


def _retitle(title: str, old: int, new: int) -> str:
    """``Week 5: ...`` becomes ``Week 6: ...`` when the workout is renumbered."""
    match = _WEEK_TITLE.match(title)
    if match and int(match[1]) == old:
        return f"Week {new}{title[match.end():]}"
    return title


def _weeks_needed(plan: Plan, at_least: int) -> int:
    last = max((s.date for s in plan.sessions), default=plan.start)
    weeks = max(at_least, (last - plan.start).days // 7 + 1,
                max((s.week for s in plan.sessions), default=1))
    if weeks > MAX_FILE_WEEKS:
        raise UsageError(f"the plan would be {weeks} weeks long; a plan holds at most "
                         f"{MAX_FILE_WEEKS}")
    return weeks


def _moved_lines(before: Plan, after: Plan, uids: set[str]) -> list[str]:
    """One line per week of moved workouts: old dates to new dates."""
    old = {s.uid: s for s in before.sessions}
    rows: dict[int, list[tuple[Session, Session]]] = {}
    for s in after.sessions:
        if s.uid in uids:
            rows.setdefault(old[s.uid].week, []).append((old[s.uid], s))
    lines = []
    for week, pairs in sorted(rows.items()):
        pairs.sort(key=lambda p: p[0].date)
        a, b = pairs[0], pairs[-1]
        n = len(pairs)
        lines.append(f"  week {week}: {n} workout{'s' if n != 1 else ''}, "
                     f"{_when(a[0].date)} to {_when(b[0].date)} -> "
                     f"{_when(a[1].date)} to {_when(b[1].date)}"
                     + (f" (now week {a[1].week})" if a[1].week != week else ""))
    return lines


def rules_broken(plan: Plan, *, template: Template | None = None) -> frozenset[str]:
    """The rules ``plan`` breaks (their ids): what a change of it may go on breaking."""
    return frozenset(f.rule for f in errors(check_plan(plan, template=template)))


def _refuse_new_breaks(before: Plan, after: Plan, what: str, *,
                       instead: str | None = None, option: str | None = None,
                       had: frozenset[str] | None = None,
                       template: Template | None = None) -> None:
    """Refuse a change that breaks a rule the plan did not already break (``had``: those it
    breaks, when known) (:class:`RuleBreakError`, with ``instead`` and ``option`` as data for
    the shells)."""
    if had is None:
        had = rules_broken(before, template=template)
    new = [f for f in errors(check_plan(after, template=template)) if f.rule not in had]
    if new:
        shown = "; ".join(_one_line(f) for f in new[:3])
        more = f" (and {len(new) - 3} more)" if len(new) > 3 else ""
        raise RuleBreakError(f"{what} would break the training rules: {shown}{more}",
                             instead=instead, option=option)


def _one_line(finding: Finding) -> str:
    return " ".join(str(finding).split())


# ------------------------------------------------------------------------- wording


def _article(number: int) -> str:
    """The article before a number said aloud: an 8, an 11, an 18, a 12 (as the engine)."""
    return "an" if str(number).startswith("8") or number in (11, 18) else "a"


def _counts(sessions: Sequence[Session]) -> str:
    kinds: list[str] = [s.kind for s in sessions]
    parts = [f"{kinds.count(k)} {word}" for k, word in
             (("run", "runs"), ("strength", "strength"), ("mobility", "mobility"),
              ("walk", "walks")) if kinds.count(k)]
    return ", ".join(parts) or "no workouts"


def _days(days: Iterable[int]) -> str:
    return ",".join(WEEKDAYS[d] for d in days)


_DAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _day_name(date: dt.date) -> str:
    return _DAY_NAMES[date.weekday()]


def _when(date: dt.date) -> str:
    return f"{WEEKDAYS[date.weekday()].title()} {date.isoformat()}"


def _span(days: int) -> str:
    if days % 7 == 0:
        weeks = days // 7
        return f"{weeks} week{'s' if weeks != 1 else ''}"
    return f"{days} day{'s' if days != 1 else ''}"
