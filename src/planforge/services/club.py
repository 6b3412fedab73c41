"""One plan for every member of a club (``planforge batch``): a plan file, feed and page each,
and an overview, in one club folder.

The work is :mod:`planforge.club` (the roster read with the options' own readers, each
member's plan, the folder written as a unit by every core); this is the operation a shell
calls. A member's plan is the club's re-dated onto their start, days, times and zone, built
again first at their level or with their equipment when they ask for another; days that
cannot hold the club's weeks are refused at every level (docs/library.md, "Rosters").
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import UsageError
from .plans import plan_file_of, read_plan
from .results import Message, PlanFile, Said

if TYPE_CHECKING:
    from ..club.batch import Written
    from ..club.roster import Member, RowProblem
    from ..core.model import Plan
    from ..goals.templates import Template


@dataclass(frozen=True, slots=True, kw_only=True)
class Batched:
    """A club folder brought up to date: the members written (``written``, in the roster's
    order, each with the paths of their plan file, page and feed), the rows that could not be
    (``problems``: ``str()`` of each is ``line N (NAME): FIELD: message``), how many members'
    files were made anew (``made``), and ``messages`` (notes: a template not found, addresses
    read back from an older release's folder)."""

    folder: str
    written: tuple[Written, ...]
    problems: tuple[RowProblem, ...]
    made: int
    messages: tuple[Message, ...] = ()


def batch(*, plan: Plan | PlanFile | str | os.PathLike[str], roster: str | os.PathLike[str],
          folder: str,
          draw: Callable[[], tuple[str, str]], base_url: str | None = None, workers: int = 1,
          watch: bool = False, force: bool = False) -> Batched:
    """Bring the club folder ``folder`` up to date with the club's ``plan`` (a plan, or the
    path of its plan file) and the roster file ``roster`` (CSV, or JSON for ``.json``).

    ``draw``: the caller's source of a new member's two secret feed names (the library draws
    none). ``base_url``: where ``folder/site/`` will be online. ``workers``: processes to use.
    ``watch``: each member's watch workouts too (needs ``planforge[fit]``). ``force``: make
    plan files a coach changed again from the club plan, and replace files batch did not
    write. A roster that cannot be read raises; a bad row is a problem and the others are
    written."""
    from ..club.roster import read_roster
    from ..club.update import update_club
    from ..publish.page import check_base_url
    from .watch import require_extra

    if watch:
        require_extra("fit", "--watch")  # before anything is read: nothing is written without
    if base_url is not None:
        check_base_url(base_url)
    if workers < 1:
        raise UsageError(f"workers must be 1 or more, not {workers!r}")
    opened = (read_plan(path=plan) if isinstance(plan, str | os.PathLike)
              else plan_file_of(plan))
    members = read_roster(os.fspath(roster))
    said = Said()
    template = club_template(opened, members.members, said)
    result = update_club(opened.plan, members, folder, draw=draw, template=template,
                         base_url=base_url, workers=workers, watch=watch, force=force)
    for note in result.notes:
        said.note(note)
    return Batched(folder=folder, written=result.written, problems=result.problems,
                   made=result.made, messages=said.all())


def club_template(opened: PlanFile, members: tuple[Member, ...],
                  said: Said) -> Template | None:
    """The club plan's template, looked up only when a member asks for another level or
    other equipment; when it cannot be found, a note (those members' rows say so too)."""
    from ..club.batch import needs_rebuild
    from .plans import follow_on_template

    if not any(needs_rebuild(opened.plan, member) for member in members):
        return None
    try:
        return follow_on_template(opened.plan, opened.source, None)
    except UsageError as exc:
        said.note(str(exc))
        return None
