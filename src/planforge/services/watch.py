"""A plan's workouts for a watch (``planforge workouts``): FIT files, or intervals.icu text.

``fit`` is a folder: one FIT workout file per session of a window of weeks and
``schedule.fit``, encoded with Garmin's FIT SDK (the optional extra ``planforge[fit]``;
without it :class:`~planforge.errors.ExtraMissingError` says what to install). ``icu`` is
intervals.icu's workout text, needing nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import UsageError
from .inputs import match_name

if TYPE_CHECKING:
    from ..core.model import Plan

WATCH_FORMATS = ("fit", "icu")


@dataclass(frozen=True, slots=True, kw_only=True)
class Watched:
    """The watch files of a window of weeks: ``files`` (fit: ``(name, bytes)`` each,
    ``schedule.fit`` and, ``with_page``, ``page`` last) or ``data`` (icu); ``workouts`` in the
    window, ``window`` (first, last week), ``last_week`` of the plan and, when the window
    was the default and leaves weeks out, ``next_window``: the weeks to write next."""

    format: str
    window: tuple[int, int]
    last_week: int
    workouts: int
    data: bytes = b""
    files: tuple[tuple[str, bytes], ...] = ()
    page: str | None = None
    next_window: tuple[int, int] | None = None


def require_extra(format: str = "fit", option: str = "--format fit") -> None:
    """:class:`~planforge.errors.ExtraMissingError` when ``format`` needs the FIT SDK and it
    is not installed (a shell asks before reading anything, so nothing is written)."""
    if format == "fit":
        from ..formats.fit import require_sdk

        require_sdk(option)


def workouts(*, plan: Plan, format: str = "fit",
             weeks: tuple[int, int] | None = None, with_page: bool = False) -> Watched:
    """``plan``'s workouts of ``weeks`` (first, last; default: fit, from week 1 as many whole
    weeks as a watch holds, about 30 workouts; icu, the whole plan) for a watch."""
    from ..formats.fitfolder import (
        PAGE_FILE,
        default_window,
        last_week,
        watch_files,
        watch_page,
        window_sessions,
    )

    format = match_name(format, WATCH_FORMATS, "watch format")
    if with_page and format != "fit":
        raise UsageError("--with-page writes the page beside the .fit files: it goes with "
                         "--format fit")
    require_extra(format)
    end = last_week(plan)
    if weeks is not None and (weeks[0] < 1 or weeks[1] < weeks[0]):
        raise UsageError(f"{weeks[0]}-{weeks[1]} is not a range of weeks; expected N-M with "
                         "1 <= N <= M, like 1-4")
    if weeks is not None and weeks[1] > end:
        raise UsageError(f"--weeks {weeks[0]}-{weeks[1]} is outside the plan, which has "
                         f"weeks 1-{end}")
    if format == "icu":
        from ..formats.icu import render_icu

        window = weeks or (1, end)
        return Watched(format="icu", window=window, last_week=end,
                       workouts=len(window_sessions(plan, window)),
                       data=render_icu(plan, weeks=window))
    window = weeks or default_window(plan)
    files = watch_files(plan, weeks=window)
    page = (watch_page(plan, weeks=window),) if with_page else ()
    after = None
    if weeks is None and window[1] < end:
        after = (window[1] + 1, min(end, 2 * window[1] - window[0] + 1))
    return Watched(format="fit", window=window, last_week=end, workouts=len(files) - 1,
                   files=tuple((f.name, f.data) for f in (*files, *page)),
                   page=PAGE_FILE if page else None, next_window=after)
