"""The numbers the training rules set, written once: the engine builds plans within them and
the checks (:mod:`planforge.core.rules`) hold plans to them. Rule ids refer to
shared/design/training-rules.md; the texts of ``check --explain`` (:mod:`.rules.texts`) say
them in words.

Comparisons of minutes allow :data:`EPS` for float sums (0.1 + 0.2 minutes), the same
everywhere: :func:`weekly_jump` is the one test of R3's jump (and R21's "more than 30 %").
"""

from __future__ import annotations

#: float tolerance of every comparison of minutes against a limit
EPS = 1e-9

# R2: a session's time on feet against the longest of the previous 28 days
SPIKE_WARN = 1.10
SPIKE_ERROR = 1.15
# R3: weekly running against the last build week: a step of 10 % (or 10 minutes), an error
# above a 30 % jump (R21 counts a rise above it as a new stressor)
WEEKLY_STEP = 1.10
WEEKLY_STEP_MIN = 10
WEEKLY_JUMP = 1.30
# R6: a deload week's running against the build week before it
DELOAD_SHARE = 0.7
# R18: a hard session's total running against the longest easy run of the previous 28 days
HARD_RUN_RATIO = 1.10
# R19: the shortest easy run in the continuous phase
MIN_EASY_MIN = 15
# R27: the weekly long run grows toward this, by at most these per build week
LONG_RUN_MAX = 60
LONG_RUN_STEP_MIN = 5
LONG_RUN_STEP_RATIO = 1.15
# R21: more strength sets than this share of the last build week's is a new stressor
STRENGTH_SETS_STEP = 1.20
# R33: the long run of a week is an easy run this much longer (on feet) than each other one
LONG_RUN_GAP_MIN = 5
# R34: no filler runs: a new run starts at this (and no easy run is shorter in a week whose
# longest reaches 25 minutes)
MIN_NEW_RUN_MIN = 20
# R14, R38: the WHO's weekly moderate-equivalent minutes
WHO_WEEKLY_MIN = 150
# R11, R38: strength sessions a week
WHO_STRENGTH_DAYS = 2
# R36: a week's total training time against the last build week's (warning, error)
TIME_STEP_WARN = 1.15
TIME_STEP_ERROR = 1.20
#: R24: loose skin (progressive resistance) reaches a loaded exercise by this week
LOADED_BY = {"beginner": 9, "returning": 4, "runner": 4}


def weekly_jump(running: float, before: float) -> bool:
    """R3 and R21: ``running`` minutes are a jump of more than 30 % on ``before`` (a week
    with no running before it jumps from nothing, which is no jump)."""
    return bool(before) and running > WEEKLY_JUMP * before + EPS
