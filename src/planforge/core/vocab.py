"""The fixed names of levels and weekdays, in a module that imports nothing.

The command line needs them to declare its options (``--level``, ``--days``) before any
command runs; :mod:`planforge.core.model` re-exports them. Keeping them here lets
``planforge --help`` and ``planforge goals`` start without building the plan model's classes.
"""

from __future__ import annotations

from typing import Literal

Level = Literal["beginner", "returning", "runner"]

LEVELS: tuple[Level, ...] = ("beginner", "returning", "runner")
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: the race distances a plan can end with (``--race-distance``, R39): what the progression
#: can honestly prepare a beginner for (a Couch to 5K graduate runs 30 minutes non-stop)
RACE_DISTANCES: tuple[str, ...] = ("5k",)
