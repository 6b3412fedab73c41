"""A plan as ``planforge show`` prints it: a week-by-week grid, weekly minutes, the summary."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..core.model import Plan

#: how a shell styles a piece of the view: ``style(text, role)``, the roles being those of
#: :mod:`planforge.formats.terminal` (title, head, run, hard, strength, mobility, ...)
Style = Callable[[str, str], str]


def preview(plan: Plan, *, style: Style | None = None) -> tuple[str, ...]:
    """The lines of the terminal view of ``plan``, each piece styled by ``style`` (plain
    text without it)."""
    from ..formats.terminal import preview_lines

    if style is None:
        return tuple(preview_lines(plan))
    return tuple(preview_lines(plan, style=style))
