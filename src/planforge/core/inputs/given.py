"""The library checks what its callers give it, as the command line does.

The command line checks every value when it parses it; a program calling
:func:`planforge.build_plan` or :func:`planforge.core.replan.shift.rebase` gets the same
guarantee here: a value planforge cannot use is a :class:`~planforge.errors.UsageError`
naming it, never a traceback from deep inside, and never a file that says something wrong
(``build_plan(timezone="posixrules")`` once wrote ``TZID:posixrules``). The range checks of
numbers (weeks, continues, the last day) stay with the engine, beside the arithmetic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from ...errors import UsageError
from ..model import Times
from .zones import is_zone


def check_zone(name: Any) -> str:
    """``name`` when it is an IANA zone planforge can write (a place's: ``EST`` and other
    abbreviations are refused with the zones they likely mean); else :class:`UsageError`."""
    if not isinstance(name, str) or not is_zone(name):
        raise UsageError(f"unknown time zone {name!r}; use an IANA name such as Europe/London")
    from .zonenames import place_zone_problem

    problem = place_zone_problem(name)
    if problem is not None:
        raise UsageError(problem)
    return name


def check_days(days: Any) -> None:
    """``days``: weekday numbers, 0 = Monday to 6 = Sunday (None: the level's own)."""
    if days is None:
        return
    if isinstance(days, str | bytes) or not isinstance(days, Sequence | set | frozenset) or not (
            days and all(isinstance(d, int) and not isinstance(d, bool) and 0 <= d <= 6
                         for d in days)):
        raise UsageError("days must name at least one weekday (0 = Monday to 6 = Sunday)")


def check_build_values(*, start: Any, created: Any, days: Any, timezone: Any,
                       times: Any) -> None:
    """The values of :func:`planforge.build_plan` whose type or meaning the engine assumes."""
    if not isinstance(start, dt.date) or isinstance(start, dt.datetime):
        raise UsageError(f"start must be a date (datetime.date), not {start!r}")
    if not isinstance(created, dt.datetime) or created.utcoffset() is None:
        raise UsageError("created must be an aware datetime (UTC)")
    check_days(days)
    if times is not None and not isinstance(times, Times):
        raise UsageError(f"times must be a planforge.Times, not {times!r}")
    if timezone is not None:
        check_zone(timezone)
