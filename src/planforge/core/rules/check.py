"""The training rules R1-R29 of shared/design/training-rules.md, as checks over a plan.

R1-R17 and START are in :mod:`.base` (with :class:`Finding`, which every rule module
shares), the coach-grade rules R18-R21 and R26-R29 in :mod:`.coach`, R22 and R23-R25
(strength and equipment) in :mod:`.strength`. This module runs them all; the others
never import it, so the rules import one way.

Written once, used by the tests (every plan ``make`` writes must pass) and by
``planforge check`` for plan files, hand-edited or not. Each finding names the week, the day,
the rule and the numbers, e.g. ``week 4 Thu: R2 run 38 min is 1.27x the longest of the
previous 28 days (limit 1.15)``.

A week with no workouts at all is a week off (``planforge shift`` leaves one at the end of
a plan when it moves workouts later, and a person may empty one by hand): the weekly targets
R11 and R14 do not count it.

Severity: an ``error`` breaks a rule; a ``warning`` is a soft limit (R2 above 1.10, R3 above
its step but below the 1.30 jump, R12 legs before a hard run) or a target the chosen days
cannot hold (R11 with no two training days 48 h apart, R14).
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Plan
from .base import CHECKS, START_CHECK, Finding, _Facts
from .coach import CHECKS as COACH_CHECKS
from .strength import check_strength

__all__ = ["Finding", "check_plan", "errors"]


def check_plan(plan: Plan) -> tuple[Finding, ...]:
    """Every finding for ``plan``, in rule order, then by date."""
    facts = _Facts(plan)
    findings: list[Finding] = []
    for check in (*CHECKS, *COACH_CHECKS, START_CHECK):
        findings.extend(check(facts))
    findings.extend(check_strength(plan))  # R22, R23, R24, R25: rules_strength.py
    return tuple(findings)


def errors(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(f for f in findings if f.severity == "error")
