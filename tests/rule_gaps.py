"""Findings another branch fixes, known here by exactly what they say, and nothing else.

R22's cap of 30 minutes per strength session in the run/walk phase, and its warm-up, are
kept by the strength builder (``planforge.core.strength``, built on the ``strength``
branch). Until that module exists, the engine's plans still carry the old, longer strength
sessions; these helpers leave exactly those findings out, and stop doing so the moment
the module is there, so the tests then hold R22 in full.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Iterable

from planforge.core.rules import Finding

STRENGTH_BUILDER = importlib.util.find_spec("planforge.core.strength") is not None


def pending(finding: Finding) -> bool:
    """True for a finding the strength branch fixes (only while it is not merged)."""
    return (not STRENGTH_BUILDER and finding.rule == "R22"
            and "min in a week with run/walk sessions" in finding.message)


def real_errors(findings: Iterable[Finding]) -> list[str]:
    return [str(f) for f in findings if f.severity == "error" and not pending(f)]
