"""Issues 11 and 22 "Done when": the whole matrix of plans keeps R1-R38 (see coach_matrix.py).

One test per goal and level; the fast set runs a sample of them, ``-m slow`` the rest.
"""

from __future__ import annotations

import itertools

import pytest

from coach_matrix import problems
from planforge.core.model import LEVELS
from planforge.goals.templates import builtin_goals
from sampling import sample

#: two pairs in the fast set (a returning cellulite plan, a runner's loose-skin plan: each
#: pair is 200 plans now that the matrix has equipment), every pair with -m slow
PAIRS = sample(itertools.product(builtin_goals(), LEVELS), keep=lambda i, _pair: i in (1, 14),
               tuples=True, ids="-".join)


@pytest.mark.parametrize(("goal", "level"), PAIRS)
def test_every_plan_of_the_matrix_and_every_follow_on_keeps_the_rules(goal: str,
                                                                       level: str) -> None:
    assert problems((goal,), (level,)) == []
