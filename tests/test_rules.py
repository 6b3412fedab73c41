"""The rule checks catch each kind of broken plan (one mutation per rule, named after it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from planforge.core.engine.progression import build_plan
from planforge.core.model import Block, Plan, Segment, Session
from planforge.core.rules.check import Finding, check_plan
from regen_rule_plans import continuous, edit

CREATED = dt.datetime(2026, 11, 21, 8, 0, tzinfo=dt.UTC)
MONDAY = dt.date(2026, 11, 23)


def base(**kwargs: object) -> Plan:
    args: dict[str, object] = {"goal": "glutes", "weeks": 20, "start": MONDAY,
                               "created": CREATED}
    args.update(kwargs)
    return build_plan(**args)  # type: ignore[arg-type]


def errors(p: Plan, rule: str) -> list[str]:
    return [str(f) for f in check_plan(p) if f.rule == rule and f.severity == "error"]


def test_the_base_plan_is_clean() -> None:
    assert [f for f in check_plan(base()) if f.severity == "error"] == []


def test_finding_format_names_week_day_rule_and_numbers() -> None:
    f = Finding("R2", "error", "run 38 min is 1.27x the longest of the previous 28 days "
                "(limit 1.15)", 4, dt.date(2026, 12, 17))
    assert str(f) == ("week 4 Thu: R2 run 38 min is 1.27x the longest of the previous 28 days "
                      "(limit 1.15)")


def test_r1_run_walk_session_over_35_minutes() -> None:
    long_rw = (Block(12, (Segment("run", 90), Segment("walk", 90))),)  # 36 min on feet
    p = edit(base(), lambda s: s.week == 3 and s.kind == "run",
             lambda s: replace(s, main=long_rw))
    assert any("run/walk session is 36 min on feet (limit 30, hard cap 35)" in e
               for e in errors(p, "R1"))


def test_r2_session_spike() -> None:
    p = edit(base(), lambda s: s.week == 8 and s.kind == "run",
             lambda s: replace(s, main=continuous(38)))
    assert "week 8 Mon: R2 run 38 min is 1.52x the longest of the previous 28 days " \
           "(limit 1.15)" in errors(p, "R2")


def test_r3_weekly_jump_in_the_continuous_phase() -> None:
    p = edit(base(), lambda s: s.week == 12 and s.kind == "run" and not s.hard,
             lambda s: replace(s, main=continuous(45)), count=2)
    found = errors(p, "R3") + [str(f) for f in check_plan(p) if f.rule == "R3"]
    assert any(line.startswith("week 12: R3 weekly running") for line in found)


def test_r4_beginner_runs_30_minutes_too_early() -> None:
    p = edit(base(), lambda s: s.week == 6 and s.kind == "run",
             lambda s: replace(s, main=continuous(30)))
    assert any("R4 first 30-min continuous run in week 6" in e for e in errors(p, "R4"))


def test_r5_six_runs_a_week() -> None:
    p = base(level="runner", days=(0, 1, 2, 3, 4, 5, 6))
    extra = [replace(s, uid=f"x{i}", date=s.date, kind="run", workout="easy",
                     main=continuous(20), exercises=(), warmup_min=5, cooldown_min=5)
             for i, s in enumerate(p.sessions) if s.week == 6 and s.kind == "strength"]
    broken = replace(p, sessions=tuple(sorted((*p.sessions, *extra), key=lambda s: s.date)))
    assert any(e.startswith("week 6: R5") for e in errors(broken, "R5"))


def test_r6_no_deload_after_three_build_weeks() -> None:
    p = base(level="runner", weeks=6)
    undeloaded = replace(p, sessions=tuple(replace(s, deload=False) for s in p.sessions))
    assert any("build week 4 in a row" in e for e in errors(undeloaded, "R6"))


def test_r7_hard_session_too_early() -> None:
    p = edit(base(), lambda s: s.week == 3 and s.kind == "run",
             lambda s: replace(s, hard=True, workout="intervals", warmup_min=10))
    assert any("hard session before two weeks with a 20-min continuous run" in e
               for e in errors(p, "R7"))


def test_r8_hard_sessions_on_consecutive_days() -> None:
    p = base()
    hard = next(s for s in p.sessions if s.hard)
    twin = replace(hard, uid="twin", date=hard.date + dt.timedelta(days=1))
    broken = replace(p, sessions=tuple(sorted((*p.sessions, twin), key=lambda s: s.date)))
    assert any("are on consecutive days" in e for e in errors(broken, "R8"))


def test_r9_run_walk_on_consecutive_days() -> None:
    p = edit(base(), lambda s: s.week == 2 and s.kind == "run" and s.date.weekday() == 2,
             lambda s: replace(s, date=s.date - dt.timedelta(days=1)))
    assert errors(p, "R9") == ["week 2 Tue: R9 runs on 2026-11-30 and 2026-12-01 in the "
                               "run/walk phase are on consecutive days"]


def test_r10_no_rest_day() -> None:
    p = base()
    week2 = [s for s in p.sessions if s.week == 2]
    fillers = [replace(week2[0], uid=f"fill{d}", kind="strength", workout="strength",
                       main=(), date=MONDAY + dt.timedelta(days=7 + d), minutes=20)
               for d in range(7)]
    broken = replace(p, sessions=tuple(sorted((*p.sessions, *fillers), key=lambda s: s.date)))
    assert any("no full rest day" in e for e in errors(broken, "R10"))


def test_r11_one_strength_session_and_loaded_in_week_1() -> None:
    p = base()
    keep = next(s for s in p.sessions if s.week == 2 and s.kind == "strength")
    dropped = tuple(s for s in p.sessions
                    if not (s.week == 2 and s.kind == "strength" and s is not keep))
    assert "week 2: R11 1 strength session (at least 2 a week)" in errors(
        replace(p, sessions=dropped), "R11")
    loaded = edit(p, lambda s: s.kind == "strength",
                  lambda s: replace(s, exercises=(replace(s.exercises[0], load="dumbbell"),
                                                  *s.exercises[1:])))
    assert any("uses dumbbell in week 1 (bodyweight first)" in e for e in errors(loaded, "R11"))


def test_r12_strength_on_consecutive_days() -> None:
    # week 2's strength days are Wed and Sat: Saturday's moves to Thursday
    p = edit(base(), lambda s: s.week == 2 and s.kind == "strength" and s.date.weekday() == 5,
             lambda s: replace(s, date=s.date - dt.timedelta(days=2)))
    assert any("(needs 48 h)" in e for e in errors(p, "R12"))


def test_r13_short_warm_up() -> None:
    p = edit(base(), lambda s: s.kind == "run", lambda s: replace(s, warmup_min=3))
    assert errors(p, "R13") == ["week 1 Mon: R13 warm-up 3 min (at least 5)"]
    hard = edit(base(), lambda s: s.hard, lambda s: replace(s, warmup_min=5))
    assert any("(at least 10 for a hard session)" in e for e in errors(hard, "R13"))


def test_r14_too_little_activity_is_a_warning() -> None:
    p = base()
    thin = edit(p, lambda s: s.week == 12 and s.kind == "run",
                lambda s: replace(s, main=continuous(10)), count=3)
    r14 = [f for f in check_plan(thin) if f.rule == "R14"]
    assert [f.week for f in r14] == [12]
    assert r14[0].severity == "warning"


def test_r15_two_variables_at_once_and_early_variation() -> None:
    def jump(s: Session) -> Session:
        first = s.exercises[0]
        return replace(s, exercises=(replace(first, sets=first.sets + 1, reps=first.reps + 1),
                                     *s.exercises[1:]))
    p = edit(base(), lambda s: s.week == 2 and s.kind == "strength", jump)
    assert any("changes reps and sets at once" in e for e in errors(p, "R15"))


def test_r16_hill_reps_jump() -> None:
    p = base()
    hills = [s for s in p.sessions if s.workout == "hills"]

    def more_hills(s: Session) -> Session:
        easy, block = s.main
        return replace(s, main=(easy, replace(block, repeat=block.repeat + 4)))
    broken = edit(p, lambda s: s is hills[1], more_hills)
    assert any("hill sprint reps 8 rises too fast from 2 (limit 4)" in e
               for e in errors(broken, "R16"))


def test_r17_missing_notes_and_claims() -> None:
    p = edit(base(), lambda s: True, lambda s: replace(s, notes=()))
    assert len(errors(p, "R17")) == 3
    claim = replace(base(), notes=("Running tightens loose skin.",))
    assert errors(claim, "R17") == ["plan: R17 claims running tightening skin: "
                                    "'Running tightens loose skin.'"]
    honest = replace(base(), notes=("Running won't tighten loose skin.",
                                    "Spot reduction is a myth."))
    assert errors(honest, "R17") == []


def test_start_never_above_what_the_level_can_do() -> None:
    p = edit(base(), lambda s: s.kind == "run", lambda s: replace(s, main=continuous(10)))
    assert any("week 1 asks for 10 min of running without a break; a beginner starts at 4"
               in e for e in errors(p, "START"))


@pytest.mark.parametrize("level", ["beginner", "returning", "runner"])
def test_deload_weeks_drop_a_set_and_halve_hard_work(level: str) -> None:
    p = base(level=level, weeks=30)
    assert errors(p, "R6") == []
    assert any(s.deload for s in p.sessions)


def test_every_rule_has_its_words_and_a_check() -> None:
    """The registry and the texts of ``check --explain`` name the same rules, in order."""
    from planforge.core.rules.check import RULES
    from planforge.core.rules.texts import RULES as TEXTS

    checked = [rule.id for rule in RULES if rule.id != "START"]
    assert sorted(checked, key=lambda r: int(r[1:])) == [t.rule for t in TEXTS]
    assert all(rule.text is not None and rule.text.rule == rule.id
               for rule in RULES if rule.id != "START")
