"""Output formats: name, file extension and the writer, imported only when used.

Every command that writes a plan (``make``, and later ``render``, ``shift``, ``next``) picks
its writer here, from ``--format`` or the output path's extension, so a new format is one
entry, not a change to each command.

The command line imports this module to declare ``--format``, so it stays light: named
tuples rather than dataclasses, and no plan model or pathlib until a format is used
(``planforge --help`` and ``goals`` are timed by benchmarks/run.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from ..errors import UsageError

if TYPE_CHECKING:
    from ..core.model import Plan


class RenderOptions(NamedTuple):
    """Options only some writers use (the .ics ones); the others ignore them."""

    remind: dt.timedelta | None = None
    busy_only: bool = False
    color: str | None = None


class Rendered(NamedTuple):
    data: bytes
    warnings: tuple[str, ...] = ()


def _ics(plan: Plan, options: RenderOptions) -> Rendered:
    from .ics import ics_warnings, render_ics  # icalendar is slow to import: only for .ics

    data = render_ics(plan, remind=options.remind, busy_only=options.busy_only,
                      color=options.color)
    return Rendered(data, ics_warnings(plan, data=data))


def _json(plan: Plan, options: RenderOptions) -> Rendered:
    from .json import plan_to_json

    return Rendered(plan_to_json(plan))


def _toml(plan: Plan, options: RenderOptions) -> Rendered:
    from .planfile import plan_to_toml

    return Rendered(plan_to_toml(plan))


def _html(plan: Plan, options: RenderOptions) -> Rendered:
    from .html import render_html

    return Rendered(render_html(plan))


def _csv(plan: Plan, options: RenderOptions) -> Rendered:
    from .csv import render_csv

    return Rendered(render_csv(plan))


def _md(plan: Plan, options: RenderOptions) -> Rendered:
    from .markdown import render_markdown

    return Rendered(render_markdown(plan))


def _not_a_calendar(name: str,
                    write: Callable[[Plan, RenderOptions], Rendered]
                    ) -> Callable[[Plan, RenderOptions], Rendered]:
    """``write``, saying so when it was given options only a calendar can hold."""

    def render(plan: Plan, options: RenderOptions) -> Rendered:
        rendered = write(plan, options)
        given = [flag for flag, value in (("--remind", options.remind),
                                          ("--busy-only", options.busy_only),
                                          ("--calendar-color", options.color)) if value]
        if not given:
            return rendered
        note = (f"{', '.join(given)} only change{'s' if len(given) == 1 else ''} .ics "
                f"calendars; ignored for {name}")
        return Rendered(rendered.data, (*rendered.warnings, note))

    return render


class Format(NamedTuple):
    name: str
    extension: str
    render: Callable[[Plan, RenderOptions], Rendered]
    is_calendar: bool = False


FORMATS: dict[str, Format] = {
    f.name: f
    for f in (
        Format("ics", ".ics", _ics, is_calendar=True),
        Format("json", ".json", _not_a_calendar("json", _json)),
        Format("toml", ".toml", _not_a_calendar("toml", _toml)),
        Format("html", ".html", _not_a_calendar("html", _html)),
        Format("csv", ".csv", _not_a_calendar("csv", _csv)),
        Format("md", ".md", _not_a_calendar("md", _md)),
    )
}


def choose(fmt: str | None, output: str | None) -> Format:
    """The format asked for, else the one the output path's extension names, else .ics."""
    if fmt is not None:
        return FORMATS[fmt]
    if output and output != "-":
        from pathlib import PurePath

        suffix = PurePath(output).suffix.lower()
        for candidate in FORMATS.values():
            if candidate.extension == suffix:
                return candidate
    return FORMATS["ics"]


def check_extension(fmt: Format, output: str | None) -> None:
    """Refuse ``--format json -o plan.ics``: the name would lie about the content."""
    if not output or output == "-":
        return
    from pathlib import PurePath

    suffix = PurePath(output).suffix.lower()
    known = {f.extension for f in FORMATS.values()}
    if suffix in known and suffix != fmt.extension:
        raise UsageError(f"output {output!r} ends in {suffix} but --format is {fmt.name}; "
                         f"use a {fmt.extension} name or drop --format")
