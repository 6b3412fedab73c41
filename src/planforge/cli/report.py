"""What a writing command tells the user on standard error, said in one place.

The library returns its words as data (:mod:`planforge.services.results`); this prints them:
the notes (``note: ...``) and warnings (``warning: ...``) in the order they arose, what
changed, ``wrote PATH: 8 weeks, 64 workouts (...)``, the summary and the import hint.
``--quiet`` keeps only the warnings (errors are never quiet). Standard error, so ``-o -`` can
send the file itself to standard output.
"""

# os.path, not pathlib: importing this module must keep --help and goals fast.
# ruff: noqa: PTH122

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    from ..formats import registry as formats
    from ..services.results import Message, PlanResult

STDOUT = "-"  # as formats.output.STDOUT
IMPORT_HINT = ("Import it into a new calendar of its own (not your main one): see "
               "'Import into your calendar' in planforge's README.")
QUIET = "planforge.quiet"


def quiet() -> bool:
    """Whether ``--quiet`` was given to the running command."""
    ctx = click.get_current_context(silent=True)
    return bool(ctx is not None and ctx.find_root().meta.get(QUIET))


def say(lines: Iterable[str], prefix: str = "") -> None:
    """Report lines (not warnings): one clean line each, unless --quiet."""
    if quiet():
        return
    for line in lines:
        click.echo(f"{prefix}{printable(line)}", err=True)


def note(text: str) -> None:
    say([text], "note: ")


def warn(text: str) -> None:
    click.echo(f"warning: {printable(text)}", err=True)


def tell(messages: Iterable[Message]) -> None:
    """The library's notes and warnings, in their order (notes kept back by --quiet)."""
    for message in messages:
        if message.kind == "warning":
            warn(message.text)
        else:
            note(message.text)


def printable(text: str) -> str:
    """One line with no control characters (text from a plan file may come from anyone);
    leading spaces are kept."""
    from ..services.text import printable as one_clean_line

    return one_clean_line(text)


def write_plan(result: PlanResult, chosen: formats.Format, output: str, *, force: bool,
               options: formats.RenderOptions | None = None,
               changes_prefix: str = "") -> None:
    """Write the plan; then report (what changed; what was written and its times; the
    summary; the warnings), so nothing is reported when the file cannot be written and the
    error is the only line."""
    from ..formats.output import write_folder, write_output
    from ..services import describe, encode

    plan = result.plan
    encoded = encode(plan, format=chosen.name, options=options)
    if chosen.folder:  # fit: a folder of watch files
        write_folder(output, encoded.files, force=force)
    else:
        write_output(output, encoded.data, force=force)
    say(result.changes, changes_prefix)
    where = "standard output" if output == STDOUT else output
    named = chosen.folder or os.path.splitext(output)[1].lower() == chosen.extension
    kind = "" if output == STDOUT or named else f" as {chosen.name}"
    say([f"wrote {where}{kind}: {describe(plan)}"])
    if chosen.folder:
        say([f"{len(encoded.files) - 1} watch workouts and schedule.fit: copy them to "
             "GARMIN/NewFiles on the watch over USB."])
    say(result.summary)
    for line in (*result.warnings, *encoded.warnings):
        warn(line)
    for line in encoded.notes:
        note(line)
    if chosen.is_calendar:
        say([IMPORT_HINT])
