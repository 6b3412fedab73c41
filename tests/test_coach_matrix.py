"""Issue 11's "Done when": the whole matrix of plans keeps R1-R29 (see coach_matrix.py)."""

from __future__ import annotations

from coach_matrix import problems


def test_every_plan_of_the_matrix_and_every_follow_on_keeps_the_rules() -> None:
    assert problems() == []
