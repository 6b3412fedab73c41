"""What a writing command tells the user on standard error, said in one place.

``wrote PATH: 8 weeks, 64 workouts (...)``, the times and their zone, what changed, the
notes (``note: ...``), the warnings (``warning: ...``) and the import hint. ``--quiet``
keeps only the warnings (errors are never quiet). Standard error, so ``-o -`` can send the
file itself to standard output.
"""

# os.path, not pathlib: importing this module must keep --help and goals fast.
# ruff: noqa: PTH122

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Sequence
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..core.model import Plan
    from ..formats import registry as formats

STDOUT = "-"  # as formats.output.STDOUT
IMPORT_HINT = ("Import it into a new calendar of its own (not your main one): see "
               "'Import into your calendar' in planforge's README.")
QUIET = "planforge.quiet"


def quiet() -> bool:
    """Whether ``--quiet`` was given to the running command."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.find_root().meta.get(QUIET))


def say(lines: Sequence[str], prefix: str = "") -> None:
    """Report lines (not warnings): one clean line each, unless --quiet."""
    if quiet():
        return
    for line in lines:
        click.echo(f"{prefix}{printable(line)}", err=True)


def note(text: str) -> None:
    say([text], "note: ")


def warn(text: str) -> None:
    click.echo(f"warning: {printable(text)}", err=True)


def printable(text: str) -> str:
    """One line with no control characters (text from a plan file may come from anyone);
    leading spaces are kept."""
    from ..core.wording import clean_text

    return " ".join(clean_text(text).split("\n"))


def counts(plan: Plan) -> str:
    kinds: list[str] = [s.kind for s in plan.sessions]
    labels = (("run", "runs"), ("strength", "strength"), ("mobility", "mobility"),
              ("walk", "walks"))
    return ", ".join(f"{kinds.count(k)} {word}" for k, word in labels if kinds.count(k))


def times_line(plan: Plan) -> str:
    """``, times 07:00 (sat 09:00) in Europe/London``; empty for all-day events."""
    from ..formats.clock import times_phrase

    phrase = times_phrase(plan)
    return f", times {phrase}" if phrase else ""


def write_plan(plan: Plan, chosen: formats.Format, output: str, *, force: bool,
               options: formats.RenderOptions | None = None, report: Sequence[str] = (),
               after: Sequence[str] = (), warnings: Sequence[str] = ()) -> None:
    """Write the plan; then report (``report``: what changed; what was written and its
    times; ``after``: the summary, say), so nothing is reported when the file cannot be
    written and the error is the only line."""
    from ..formats import registry as formats
    from ..formats.output import write_output

    options = options or formats.RenderOptions()
    rendered = chosen.render(plan, options)
    if chosen.folder:  # fit: a folder of watch files
        from ..formats.fitfolder import WatchFile, write_folder

        write_folder(output, [WatchFile(*f) for f in rendered.files], force=force)
    else:
        write_output(output, rendered.data, force=force)
    say(report)
    parts = counts(plan)
    where = "standard output" if output == STDOUT else output
    named = chosen.folder or os.path.splitext(output)[1].lower() == chosen.extension
    kind = "" if output == STDOUT or named else f" as {chosen.name}"
    say([f"wrote {where}{kind}: {plan.weeks} week{'s' if plan.weeks != 1 else ''}, "
         f"{len(plan.sessions)} workouts{f' ({parts})' if parts else ''}, "
         f"{plan.start.isoformat()} to {plan.end.isoformat()}{times_line(plan)}"])
    if chosen.folder:
        say([f"{len(rendered.files) - 1} watch workouts and schedule.fit: copy them to "
             "GARMIN/NewFiles on the watch over USB."])
    say(after)
    from ..formats.clock import spills

    for line in (*warnings, *rendered.warnings, *spills(plan)):
        warn(line)
    if chosen.is_calendar:
        if options.remind is not None and _has_all_day(plan):
            note(_remind_note(options.remind))
        say([IMPORT_HINT])


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
