"""The training rules of shared/design/training-rules.md as one registry of checks over a plan.

Each :class:`Rule` is an id, its text (:mod:`.texts`: what ``check --explain`` prints) and
its check. The checks are in :mod:`.base` (R1-R17, START, and :class:`Finding`, which every
rule module shares), :mod:`.coach` (R18-R21, R26-R29), :mod:`.strength` (R22-R25),
:mod:`.ladder` (R30), :mod:`.reallife` (R31, R32: a plan with a record of missed and done
workouts), :mod:`.review` (R33-R35, R38), :mod:`.load` (R36, R37) and :mod:`.race`
(R39); their
numbers come from :mod:`planforge.core.limits`, which the engine builds with. This module
runs them all; the others never import it, so the rules import one way.

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
from dataclasses import dataclass

from ...goals.templates import Template
from ..model import Plan
from . import base, coach, ladder, load, race, reallife, review, strength
from .base import Check, Finding, _Facts
from .texts import BY_ID, RuleText

__all__ = ["RULES", "Finding", "Rule", "check_plan", "errors"]


@dataclass(frozen=True, slots=True)
class Rule:
    """One rule: its id (``R1``, or ``START`` for the level's starting point), its words
    (None for START, which is part of the level a plan says it is for) and its check."""

    id: str
    text: RuleText | None
    check: Check


#: every rule, in the order their findings are reported: R1-R17, the coach-grade rules, the
#: starting point, the strength rules, real life (R30), then the second coach review
RULES: tuple[Rule, ...] = tuple(
    Rule(rule_id, BY_ID.get(rule_id), check) for rule_id, check in (
        *base.CHECKS.items(), *coach.CHECKS.items(), ("START", base.START_CHECK),
        *strength.CHECKS.items(),
        *sorted({**ladder.CHECKS, **reallife.CHECKS, **review.CHECKS, **load.CHECKS,
                 **race.CHECKS}.items(),
                key=lambda kv: int(kv[0][1:]))))


def check_plan(plan: Plan, *, template: Template | None = None) -> tuple[Finding, ...]:
    """Every finding for ``plan``, in rule order, then by date. ``template``: the goal's
    built-in template when the caller has read it already (else the checks that need it
    read it once)."""
    facts = _Facts(plan, template)
    findings: list[Finding] = []
    for rule in RULES:
        findings.extend(rule.check(facts))
    return tuple(findings)


def errors(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(f for f in findings if f.severity == "error")
