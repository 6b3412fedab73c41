"""Write tests/plans/: one plan file per training rule, broken on purpose, named after it.

    python tests/regen_rule_plans.py          # (re)write every file
    python tests/regen_rule_plans.py --check  # only say which files differ

Each file is a small plan ``make`` would write, with one edit that breaks its rule, as a
person editing the file by hand could make it; ``plan.extra`` says what was broken. The
rule ids are those of shared/design/training-rules.md (START: week 1 never asks more than
the level can do). ``tests/test_rule_plans.py`` checks that ``planforge check`` catches
each one with its rule id.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from planforge.core.model import Block, Plan, Segment, Session
from planforge.core.progression import build_plan
from planforge.formats.planfile import dump

HERE = Path(__file__).resolve().parent / "plans"
CREATED = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 11, 23)


def base(goal: str = "glutes", weeks: int = 2, level: str = "beginner",
         days: tuple[int, ...] | None = None) -> Plan:
    return build_plan(goal=goal, weeks=weeks, level=level, start=MONDAY, created=CREATED,
                      days=days)


def continuous(minutes: float) -> tuple[Block, ...]:
    return (Block(1, (Segment("run", round(minutes * 60)),)),)


def edit(p: Plan, pick: Callable[[Session], bool], change: Callable[[Session], Session],
         count: int = 1) -> Plan:
    done = 0
    sessions = []
    for s in p.sessions:
        if done < count and pick(s):
            s = change(s)
            done += 1
        sessions.append(s)
    assert done == count, "the edit found nothing to change"
    return replace(p, sessions=tuple(sessions))


def added(p: Plan, extra: list[Session]) -> Plan:
    return replace(p, sessions=tuple(sorted((*p.sessions, *extra), key=lambda s: s.date)))


def first_run(week: int) -> Callable[[Session], bool]:
    return lambda s: s.week == week and s.kind == "run"


def r5() -> Plan:
    p = base("general", 2, "runner", days=(0, 1, 2, 3, 4, 5, 6))
    extra = [replace(s, uid=f"{s.uid}-extra", kind="run", workout="easy", main=continuous(20),
                     exercises=(), warmup_min=5, cooldown_min=5, minutes=0)
             for s in p.sessions if s.week == 2 and s.kind == "strength"]
    return added(p, extra)


def r8() -> Plan:
    p = base("glutes", 3, "runner")
    hard = next(s for s in p.sessions if s.hard)
    return added(p, [replace(hard, uid=f"{hard.uid}-twin", date=hard.date + dt.timedelta(1))])


def r10() -> Plan:
    p = base("glutes", 2)
    week2 = next(s for s in p.sessions if s.week == 2 and s.kind == "strength")
    return added(p, [replace(week2, uid=f"{week2.uid}-d{d}", date=MONDAY + dt.timedelta(7 + d))
                     for d in range(7) if MONDAY + dt.timedelta(7 + d) != week2.date])


def r11() -> Plan:
    p = base("glutes", 2)
    keep = next(s for s in p.sessions if s.week == 2 and s.kind == "strength")
    return replace(p, sessions=tuple(
        s for s in p.sessions if not (s.week == 2 and s.kind == "strength" and s is not keep)))


def r15() -> Plan:
    def jump(s: Session) -> Session:
        first = s.exercises[0]
        return replace(s, exercises=(replace(first, sets=first.sets + 1, reps=first.reps + 1),
                                     *s.exercises[1:]))
    return edit(base("glutes", 2), lambda s: s.week == 2 and s.kind == "strength", jump)


def r16() -> Plan:
    p = base("glutes", 5, "runner")
    hills = [s for s in p.sessions if s.workout == "hills"]

    def more(s: Session) -> Session:
        easy, block = s.main
        return replace(s, main=(easy, replace(block, repeat=block.repeat + 4)))
    return edit(p, lambda s: s is hills[1], more)


def r23() -> Plan:
    def harder(s: Session) -> Session:  # three exercises move to a new variation at once
        changed = tuple(replace(e, name=f"{e.name}, harder", variation=f"{e.movement}, harder",
                                reps=e.rep_range[0]) for e in s.exercises[:3])
        return replace(s, exercises=(*changed, *s.exercises[3:]))
    return edit(base("glutes", 3), lambda s: s.week == 3 and s.kind == "strength", harder,
                count=2)


def r24() -> Plan:
    def no_upper(s: Session) -> Session:
        return replace(s, exercises=tuple(e for e in s.exercises if "upper" not in e.muscles))
    return edit(base("cellulite", 2), lambda s: s.week == 2 and s.kind == "strength", no_upper,
                count=2)


#: file name -> (what was broken, the broken plan)
FIXTURES: dict[str, tuple[str, Callable[[], Plan]]] = {
    "R1-run-walk-session-over-35-min.toml": (
        "week 3's first run/walk session is 36 minutes on feet",
        lambda: edit(base("glutes", 3), first_run(3), lambda s: replace(
            s, main=(Block(12, (Segment("run", 90), Segment("walk", 90))),)))),
    "R2-session-spike.toml": (
        "week 3's first run is 40 minutes after weeks of 30",
        lambda: edit(base("general", 3, "runner"), first_run(3),
                     lambda s: replace(s, main=continuous(40)))),
    "R3-weekly-running-jump.json": (
        "every run of week 2 is 40 minutes: a third more running than week 1",
        lambda: edit(base("general", 2, "runner"), first_run(2),
                     lambda s: replace(s, main=continuous(40)), count=3)),
    "R4-beginner-30-min-before-week-8.toml": (
        "a beginner's week 6 run is 30 minutes without a break",
        lambda: edit(base("thighs", 6), first_run(6), lambda s: replace(s, main=continuous(30)))),
    "R5-six-runs-in-a-week.json": (
        "week 2 has a run on every strength day too", r5),
    "R6-no-deload-after-3-build-weeks.toml": (
        "week 4 is no longer a deload week",
        lambda: (lambda p: replace(p, sessions=tuple(replace(s, deload=False)
                                                     for s in p.sessions)))(
            base("general", 4, "runner"))),
    "R7-hard-session-too-early.json": (
        "a week-3 run/walk session is marked as intervals",
        lambda: edit(base("glutes", 3), first_run(3), lambda s: replace(
            s, hard=True, workout="intervals", warmup_min=10))),
    "R8-hard-days-back-to-back.toml": (
        "the first hill session is done again the next day", r8),
    "R9-run-walk-back-to-back.json": (
        "week 2's Wednesday run/walk is moved to Tuesday, the day after Monday's",
        lambda: edit(base("glutes", 2), lambda s: s.week == 2 and s.kind == "run"
                     and s.date.weekday() == 2,
                     lambda s: replace(s, date=s.date - dt.timedelta(days=1)))),
    "R10-no-rest-day.toml": (
        "week 2 has a strength session on every day", r10),
    "R11-one-strength-session.json": (
        "week 2 keeps only its first strength session", r11),
    "R12-strength-within-48-hours.toml": (
        "week 2's Wednesday strength session is moved to Friday, the day before Saturday's",
        lambda: edit(base("glutes", 2), lambda s: s.week == 2 and s.kind == "strength"
                     and s.date.weekday() == 2,
                     lambda s: replace(s, date=s.date + dt.timedelta(days=2)))),
    "R13-short-warm-up.json": (
        "the first run has a 3-minute warm-up",
        lambda: edit(base("general", 1), lambda s: s.kind == "run",
                     lambda s: replace(s, warmup_min=3))),
    "R14-too-little-activity.toml": (
        "every run of week 6 is cut to 4 minutes (a warning: fails with --strict)",
        lambda: edit(base("glutes", 6), first_run(6), lambda s: replace(s, main=continuous(4)),
                     count=3)),
    "R15-two-variables-at-once.json": (
        "week 2's first exercise adds a set and a rep at once", r15),
    "R16-hill-reps-jump.toml": (
        "the second hill session has 4 more sprints", r16),
    "R17-week-1-notes-missing.json": (
        "the first workout's notes (shoes, stop if it hurts, repeat a week) are deleted",
        lambda: edit(base("general", 1), lambda s: True, lambda s: replace(s, notes=()))),
    "R22-strength-without-warm-up.json": (
        "week 1's strength sessions lose their 5-minute warm-up",
        lambda: edit(base("glutes", 1), lambda s: s.kind == "strength",
                     lambda s: replace(s, warmup_min=0), count=2)),
    "R23-three-exercises-change-at-once.json": (
        "week 3's first three exercises all move to a harder variation", r23),
    "R24-no-upper-body.toml": (
        "week 2's strength sessions lose their upper-body exercise", r24),
    "R25-equipment-not-listed.toml": (
        "the plan's equipment list is emptied, though its exercises need a mat and a chair",
        lambda: replace(base("general", 2), equipment=())),
    "START-above-the-level.toml": (
        "a beginner's week 1 runs are 10 minutes without a break",
        lambda: edit(base("general", 1), lambda s: s.kind == "run",
                     lambda s: replace(s, main=continuous(10)), count=3)),
}


def render(name: str) -> bytes:
    what, build = FIXTURES[name]
    plan = build()
    plan = replace(plan, extra=(("broken", f"{name.split('-')[0]}: {what}"),))
    kind = "toml" if name.endswith(".toml") else "json"
    return dump(plan, kind)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare")
    args = parser.parse_args(argv)
    HERE.mkdir(exist_ok=True)
    stale = []
    for name in FIXTURES:
        data = render(name)
        path = HERE / name
        if path.exists() and path.read_bytes() == data:
            continue
        stale.append(name)
        if not args.check:
            path.write_bytes(data)
    for name in stale:
        print(("differs: " if args.check else "wrote: ") + name)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
