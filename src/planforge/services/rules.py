"""Plans checked against the training rules (``check``), a rule explained, and the plan-file
format's JSON Schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import UsageError
from .plans import goal_hint, plan_file_of, plural_weeks
from .results import Checked, PlanFile, Said

if TYPE_CHECKING:
    from ..core.model import Plan


def check(*, plan: Plan | PlanFile, strict: bool = False) -> Checked:
    """``plan`` checked against the training rules (``planforge check``): every finding,
    the verdict line, and whether it passes (no rule broken; with ``strict``, no warning
    either but those planforge's own plans are expected to show)."""
    from ..core.rules.check import check_plan
    from ..core.rules.texts import BY_ID, expected_warnings, strict_failures
    from ..goals.templates import builtin_goals
    from ..goals.user import EXTRA_TEMPLATE

    opened = plan_file_of(plan)
    checked = opened.plan
    findings = check_plan(checked)
    n_errors = sum(f.severity == "error" for f in findings)
    n_warnings = len(findings) - n_errors
    if not findings:
        verdict = (f"{opened.source}: keeps every rule ({plural_weeks(checked.weeks)}, "
                   f"{len(checked.sessions)} workouts)")
    else:
        verdict = (f"{opened.source}: {n_errors} error{'s' if n_errors != 1 else ''}, "
                   f"{n_warnings} warning{'s' if n_warnings != 1 else ''}")
    expected = tuple(expected_warnings(findings)) if strict else ()
    note = None
    if expected:
        note = (f"--strict: the {', '.join(expected)} warnings pass: "
                f"{'; '.join(BY_ID[r].expected_warning for r in expected)} "
                f"(planforge check --explain {expected[0]})")
    said = Said()
    if checked.goal not in builtin_goals() and EXTRA_TEMPLATE not in dict(checked.extra):
        said.warn(f"goal {checked.goal!r} is not a built-in goal and the plan names no "
                  f"template: {goal_hint(checked.goal)}'planforge next' needs its template "
                  "(--template FILE)")
    passed = not n_errors and not (strict and strict_failures(findings))
    return Checked(plan=checked, findings=tuple(findings), verdict=verdict, passed=passed,
                   expected=expected, expected_note=note, messages=said.all())


def explain(rule: str, *, width: int = 79) -> str:
    """What rule ``rule`` (``R1`` to ``R29``) asks and its source, wrapped to ``width``."""
    from ..core.rules.texts import BY_ID
    from ..core.rules.texts import explain as explain_rule

    if rule.strip().upper() not in BY_ID:
        last = max(int(known[1:]) for known in BY_ID)
        raise UsageError(f"unknown rule {rule!r}; the rules are R1 to R{last}")
    return explain_rule(rule, width=width)


def schema() -> bytes:
    """The JSON Schema of plan files (format planforge-plan/1), as ``planforge schema``
    prints it."""
    from ..formats.schemacheck import schema_bytes

    return schema_bytes()
