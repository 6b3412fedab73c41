"""What a watch workout's steps are called, shared by the FIT writer (:mod:`.fit`) and the
intervals.icu text (:mod:`.icu`): each main-set effort's intensity and name, and the sides of
a one-sided exercise. Apart from :mod:`.fit` so that a calendar, whose run descriptions carry
the intervals.icu text, loads nothing of the FIT writer."""

from __future__ import annotations

from ..core.model import RUNNING_EFFORTS, Segment
from ..core.wording import clean_text

#: each main-set effort on the watch: (FIT intensity, step name). A new effort added to the
#: engine (``Segment.effort``) needs no change here to be encoded: an effort missing from
#: this table is ``active`` when the model counts it as running (``RUNNING_EFFORTS``), else
#: ``recovery``, and its step name is the effort's own word.
#:
#: =========  ==========  ====================================================
#: effort     intensity   why
#: =========  ==========  ====================================================
#: run        active      steady running, the work of a run/walk or easy run
#: fast       active      an interval's fast rep
#: hill       active      a hill sprint
#: stride     active      a short relaxed acceleration
#: walk       recovery    the walk break of a run/walk; walking back down a hill
#: jog        recovery    the easy jog between intervals
#: rest       rest        standing still
#: warmup     warmup      (the session's warm-up is its own step)
#: cooldown   cooldown    (the session's cool-down is its own step)
#: =========  ==========  ====================================================
EFFORT_STEPS: dict[str, tuple[str, str]] = {
    "run": ("active", "Run"),
    "fast": ("active", "Fast"),
    "hill": ("active", "Hill sprint"),
    "stride": ("active", "Stride"),
    "walk": ("recovery", "Walk"),
    "jog": ("recovery", "Easy jog"),
    "rest": ("rest", "Rest"),
    "warmup": ("warmup", "Warm-up"),
    "cooldown": ("cooldown", "Cool-down"),
}
#: after a hill sprint the recovery goes back down the hill
_AFTER_HILL = {"walk": "Walk back down", "jog": "Jog back down"}

#: a one-sided exercise's set: a step each side, in this order
SIDES = (", left", ", right")


def effort_step(effort: str, previous: Segment | None = None) -> tuple[str, str]:
    """(FIT intensity, step name) of a main-set effort; see :data:`EFFORT_STEPS`."""
    known = EFFORT_STEPS.get(effort)
    if known is None:
        intensity = "active" if effort in RUNNING_EFFORTS else "recovery"
        words = clean_text(effort, single_line=True).replace("-", " ").replace("_", " ")
        known = (intensity, words.strip().capitalize() or "Step")
    if previous is not None and previous.effort == "hill" and effort in _AFTER_HILL:
        return known[0], _AFTER_HILL[effort]
    return known
