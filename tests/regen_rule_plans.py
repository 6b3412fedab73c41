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

from planforge.core.engine.outcome import long_run, shortfall_sentences
from planforge.core.engine.progression import build_plan
from planforge.core.engine.runs import NHS_WEEKS
from planforge.core.model import Block, Done, Plan, Race, Segment, Session
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
    run = next(s for s in p.sessions if s.week == 2 and s.kind == "run")
    taken = {s.date for s in p.sessions if s.kind == "run"}
    free = [MONDAY + dt.timedelta(days=7 + d) for d in range(7)]
    extra = [replace(run, uid=f"{run.uid}-extra{d.day}", date=d, main=continuous(20))
             for d in free if d not in taken]
    return added(p, extra)


def r8() -> Plan:
    p = base("general", 7, "runner")
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
    p = base("glutes", 10, "runner")
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


def r18() -> Plan:
    def padded(s: Session) -> Session:
        return replace(s, main=(*continuous(25), *s.main))
    return edit(base("general", 8, "runner"), lambda s: s.hard, padded)


def r21() -> Plan:
    p = base("general", 3, "runner")
    run = next(s for s in p.sessions if s.week == 3 and s.kind == "run")
    lift = next(s for s in p.sessions if s.week == 3 and s.kind == "strength")
    free = [MONDAY + dt.timedelta(days=14 + d) for d in range(7)]
    taken = {s.date for s in p.sessions}
    day = next(d for d in free if d not in taken)
    return added(p, [replace(run, uid=f"{run.uid}-extra", date=day),
                     replace(lift, uid=f"{lift.uid}-extra", date=day)])


def r22() -> Plan:
    p = base("glutes", 2)
    lift = next(s for s in p.sessions if s.week == 1 and s.kind == "strength")
    return added(p, [replace(lift, uid=f"{lift.uid}-third", date=MONDAY + dt.timedelta(days=4))])


def r12() -> Plan:
    p = base("glutes", 2)
    first, second = [s for s in p.sessions if s.week == 2 and s.kind == "strength"][:2]
    return edit(p, lambda s: s is second,
                lambda s: replace(s, date=first.date + dt.timedelta(days=1)))


def r26() -> Plan:
    p = base("general", 2, "runner", days=(0, 1, 2, 3, 4, 5, 6))
    week1 = [s for s in p.sessions if s.week == 1 and s.kind == "run"]
    week2 = [s for s in p.sessions if s.week == 2 and s.kind == "run"]
    moved = {s.uid: MONDAY + dt.timedelta(days=7 + i) for i, s in enumerate(week2)}
    moved[week1[-1].uid] = MONDAY + dt.timedelta(days=6)
    return replace(p, sessions=tuple(sorted(
        (replace(s, date=moved.get(s.uid, s.date)) for s in p.sessions),
        key=lambda s: s.date)))


def r28() -> Plan:
    p = base("general", 4, "runner")
    assert p.outcome is not None
    return replace(p, outcome=replace(p.outcome, week=4, longest_run_min=21))


def r29() -> Plan:
    def short_walk(s: Session) -> Session:
        easy, block = s.main
        hill, _walk = block.segments
        return replace(s, main=(easy, replace(block, segments=(hill, Segment("walk", 90)))))
    return edit(base("glutes", 9, "runner"), lambda s: s.workout == "hills", short_walk)


def r27() -> Plan:
    p = base("general", 12, "runner")
    run = max((s for s in p.sessions if s.week == 7 and s.kind == "run" and not s.hard),
              key=lambda s: s.run_min)
    minutes = run.run_min + 15
    return edit(p, lambda s: s is run, lambda s: replace(
        s, main=continuous(minutes), title=f"Week 7: Easy run {minutes:g} min "
                                           f"({minutes + 10:g} min)"))


def r33() -> Plan:
    p = base("general", 12, "runner")
    week, run = next((w, r) for w in range(1, 13)
                     if (r := long_run([s for s in p.sessions if s.week == w])) is not None)
    lift = next(s for s in p.sessions if s.week == week and s.kind == "strength")
    return edit(p, lambda s: s is lift,
                lambda s: replace(s, date=run.date - dt.timedelta(days=1)))


#: a runner's race on the Saturday of week 4
RACE_DAY = MONDAY + dt.timedelta(days=3 * 7 + 5)


def raced() -> Plan:
    return build_plan(goal="general", weeks=4, level="runner", start=MONDAY, created=CREATED,
                      race=Race(RACE_DAY))


def r39_after() -> Plan:
    """Week 4's first run moves to the Sunday after the race."""
    return edit(raced(), lambda s: s.week == 4 and s.kind == "run" and s.workout != "race",
                lambda s: replace(s, date=RACE_DAY + dt.timedelta(days=1)))


def r39_hard() -> Plan:
    """Week 3's intervals session is laid again 2 days before the race."""
    p = raced()
    hard = next(s for s in p.sessions if s.week == 3 and s.hard)
    moved = replace(hard, uid=hard.uid.replace("@", "-again@"), week=4, deload=True,
                    date=RACE_DAY - dt.timedelta(days=2))
    return added(p, [moved])


def r38() -> Plan:
    p = base("general", 8, "runner", days=(0, 3))
    (said,) = shortfall_sentences(p)
    return replace(p, summary=p.summary.replace(" " + said, ""))


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
        "week 2 has a run on every day", r5),
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
        "week 2's second strength session is moved to the day after its first", r12),
    "R13-short-warm-up.json": (
        "the first run has a 3-minute warm-up",
        lambda: edit(base("general", 1), lambda s: s.kind == "run",
                     lambda s: replace(s, warmup_min=3))),
    "R14-too-little-activity.toml": (
        "made for two days (mon, thu): deload week 8 has two short runs, under the WHO's 150 "
        "moderate-equivalent minutes (a warning: fails with --strict)",
        lambda: base("general", 8, "runner", days=(0, 3))),
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
    "R18-hard-session-longer-than-the-longest-run.json": (
        "the first interval session gets a 25-minute run before its reps", r18),
    "R19-stub-run.toml": (
        "a runner's week 2 run is cut to 10 minutes",
        lambda: edit(base("general", 2, "runner"), first_run(2),
                     lambda s: replace(s, main=continuous(10)))),
    "R20-continuous-run-skips-a-step.json": (
        "a beginner's week 3 run is 10 minutes without a break after 1.5-minute runs",
        lambda: edit(base("glutes", 3), first_run(3), lambda s: replace(s, main=continuous(10)))),
    "R21-two-new-stressors.toml": (
        "week 3 gets an extra run and an extra strength session on one day", r21),
    "R22-third-strength-day-in-the-base.json": (
        "a beginner's week 1 gets a third strength session", r22),
    "R26-four-running-days-in-a-row.toml": (
        "week 1's last run moves to Sunday, week 2's runs to Monday to Wednesday", r26),
    "R27-long-run-jumps.json": (
        "week 7's long run is 15 minutes longer than the plan made it", r27),
    "R28-outcome-says-the-deload-week.toml": (
        "the outcome names week 4, a deload week, and its 21-minute runs", r28),
    "R29-hill-walk-back-too-short.json": (
        "the hill sprints' walk back down is cut to 90 seconds", r29),
    "R30-nhs-week-done-once.json": (
        "a beginner on two adjacent days (sat, sun, one run a week): week 2 moves on to NHS "
        "week 2 after one session of NHS week 1",
        lambda: edit(base("thighs", 4, days=(5, 6)), first_run(2),
                     lambda s: replace(s, main=NHS_WEEKS[1][0],
                                       title="Week 2: Run/walk 6 x 1.5 min (31 min)"))),
    "R31-a-missed-fortnight-carries-on.toml": (
        "weeks 3 and 4 are missed and week 5 carries on from where the plan was",
        lambda: edit(base("glutes", 6), lambda s: s.week in (3, 4),
                     lambda s: replace(s, missed=True), count=14)),
    "R32-a-short-run-moves-on.json": (
        "week 1's last run was done with 4 of its 8 minutes and week 2 moves on",
        lambda: edit(base("glutes", 3), lambda s: s.week == 1 and s.kind == "run"
                     and s.date == MONDAY + dt.timedelta(days=4),
                     lambda s: replace(s, done=Done(s.date, 4.0, 1.0, "run.fit")))),
    "R33-strength-the-day-before-the-long-run.toml": (
        "the first strength session of the first week with a long run moves to the day "
        "before the long run", r33),
    "R34-a-17-minute-run.json": (
        "week 6's Friday easy run is cut from 30 to 17 minutes in a week whose long run is 33",
        lambda: edit(base("general", 8, "runner"),
                     lambda s: s.week == 6 and s.kind == "run" and s.date.weekday() == 4,
                     lambda s: replace(s, main=continuous(17),
                                       title="Week 6: Easy run 17 min (27 min)"))),
    "R35-runner-without-strides.toml": (
        "a runner's week 2 loses its strides: the run is 30 easy minutes",
        lambda: edit(base("general", 3, "runner"),
                     lambda s: s.week == 2 and any(g.effort == "stride" for b in s.main
                                                   for g in b.segments),
                     lambda s: replace(s, main=continuous(30),
                                       title="Week 2: Easy run 30 min (40 min)"))),
    "R36-training-time-jumps.toml": (
        "week 3's two mobility sessions last 40 minutes instead of 10: the week's time rises "
        "by more than a fifth",
        lambda: edit(base("glutes", 3), lambda s: s.week == 3 and s.kind == "mobility",
                     lambda s: replace(s, minutes=40, title="Week 3: Hip mobility (40 min)"),
                     count=2)),
    "R37-no-pull.json": (
        "week 2's strength sessions lose their row, the week's pull",
        lambda: edit(base("glutes", 2), lambda s: s.week == 2 and s.kind == "strength",
                     lambda s: replace(s, exercises=tuple(e for e in s.exercises
                                                          if e.exercise != "row")), count=2)),
    "R38-shortfall-not-said.json": (
        "made for two days (mon, thu): the summary's sentence on the weeks under the WHO's "
        "150 minutes is deleted", r38),
    "R39-a-run-after-the-race.toml": (
        "a runner's 5K on the Saturday of week 4; week 4's first run moves to the Sunday after "
        "the race", r39_after),
    "R39-hard-work-2-days-before-the-race.json": (
        "a runner's 5K on the Saturday of week 4; week 3's intervals are laid again on the "
        "Thursday before it", r39_hard),
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
