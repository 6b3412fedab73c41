"""A plan as files: its bytes in a format of the registry, and what it holds in one line.

:func:`encode` is what every shell writes: the command line's ``-o`` file or folder, the web
page's downloads. The writers themselves are :mod:`planforge.formats` (one module each, one
registry); this adds what is said about the result whatever the format (workouts that would
run past midnight, a reminder on all-day events).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from .inputs import match_name
from .results import Encoded

if TYPE_CHECKING:
    from ..core.model import Plan
    from ..formats.registry import RenderOptions


def encode(plan: Plan, *, format: str = "ics",
           options: RenderOptions | None = None) -> Encoded:
    """``plan`` in ``format`` (a name of :data:`planforge.formats.registry.FORMATS` or
    ``FOLDER_FORMATS``), with ``options`` (reminders, busy-only, colour: calendars only)."""
    from ..formats import registry
    from ..formats.clock import spills

    known = {**registry.FORMATS, **registry.FOLDER_FORMATS}
    chosen = known.get(format) or known[match_name(format, tuple(known), "format")]
    options = options or registry.RenderOptions()
    rendered = chosen.render(plan, options)
    notes: tuple[str, ...] = ()
    if chosen.is_calendar and options.remind is not None and _has_all_day(plan):
        notes = (_remind_note(options.remind),)
    return Encoded(format=chosen.name, data=rendered.data, files=rendered.files,
                   warnings=(*rendered.warnings, *spills(plan)), notes=notes)


def reencode(plan: Plan, *, kind: str, original: bytes | None = None) -> Encoded:
    """``plan`` written again in the format of the plan file it came from (``kind``: toml,
    json or ics): what ``missed`` and ``done`` write over the file. An .ics keeps the
    reminder and the colour ``original`` (its bytes) was written with."""
    from ..formats import registry

    options = None
    if kind == "ics" and original is not None:
        from ..formats.ics.embed import calendar_options

        remind, color = calendar_options(original)
        options = registry.RenderOptions(remind=remind, color=color)
    return encode(plan, format=kind, options=options)


def describe(plan: Plan) -> str:
    """``8 weeks, 64 workouts (40 runs, 16 strength, 8 mobility), 2026-11-23 to 2027-01-17,
    times 07:00 in Europe/London``: what a written plan holds, as the shells report it."""
    from ..formats.clock import times_phrase

    kinds: list[str] = [s.kind for s in plan.sessions]
    labels = (("run", "runs"), ("strength", "strength"), ("mobility", "mobility"),
              ("walk", "walks"))
    parts = ", ".join(f"{kinds.count(k)} {word}" for k, word in labels if kinds.count(k))
    phrase = times_phrase(plan)
    return (f"{plan.weeks} week{'s' if plan.weeks != 1 else ''}, {len(plan.sessions)} "
            f"workouts{f' ({parts})' if parts else ''}, {plan.start.isoformat()} to "
            f"{plan.end.isoformat()}{f', times {phrase}' if phrase else ''}")


def _has_all_day(plan: Plan) -> bool:
    return plan.times.all_day or any(plan.times.for_weekday(s.date.weekday()) is None
                                     for s in plan.sessions)


def _remind_note(remind: dt.timedelta) -> str:
    """``an all-day event starts at midnight: --remind 30m reminds you of a Monday workout
    at 23:30 on Sunday``."""
    monday = dt.datetime(2000, 1, 3)  # noqa: DTZ001 - a wall clock, no zone
    at = monday - remind
    names = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
    return (f"an all-day event starts at midnight: this reminder for a Monday workout comes "
            f"at {at:%H:%M} on {names[at.weekday()]}; give --time for one shortly before the "
            "workout itself")
