"""Output formats: name, file extension and the writer, imported only when used.

Every command that writes a plan (``make``, and later ``render``, ``shift``, ``next``) picks
its writer here, from ``--format`` or the output path's extension, so a new format is one
entry, not a change to each command.

The command line imports this module to declare ``--format``, so it stays light: named
tuples rather than dataclasses, and no plan model or pathlib until a format is used
(``planforge --help`` and ``goals`` are timed by benchmarks/run.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from ..errors import UsageError
from .options import Rendered, RenderOptions

__all__ = ["FOLDER_FORMATS", "FORMATS", "Format", "RenderOptions", "Rendered", "check_extension",
           "choose"]

if TYPE_CHECKING:
    from ..core.model import Plan


def _ics(plan: Plan, options: RenderOptions) -> Rendered:
    from .ics import render_file  # icalendar is slow to import: only for .ics

    return Rendered(*render_file(plan, options))


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


def _fit(plan: Plan, options: RenderOptions) -> Rendered:
    from .fitfolder import default_window, last_week, watch_files  # the SDK only when used

    first, last = default_window(plan)
    files = tuple((f.name, f.data) for f in watch_files(plan, weeks=(first, last)))
    notes: tuple[str, ...] = ()
    end = last_week(plan)
    if last < end:
        notes = (f"the watch folder holds weeks {first}-{last} of {end} (a watch holds "
                 "about 30 scheduled workouts); for later weeks save the plan with --format "
                 f"toml and run 'planforge workouts PLAN --weeks {last + 1}-"
                 f"{min(end, 2 * last - first + 1)}'",)
    return Rendered(b"", notes, files)


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
        return rendered._replace(warnings=(*rendered.warnings, note))

    return render


class Format(NamedTuple):
    name: str
    extension: str  # how the default output's name ends
    render: Callable[[Plan, RenderOptions], Rendered]
    is_calendar: bool = False
    folder: bool = False  # writes Rendered.files into a folder (only ``make`` offers these)


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

#: formats that write a folder of files rather than one file: ``make --format fit`` (watch
#: workouts, the optional extra planforge[fit]); the one-file commands do not offer them
FOLDER_FORMATS: dict[str, Format] = {
    "fit": Format("fit", "-watch", _not_a_calendar("fit", _fit), folder=True),
}


def choose(fmt: str | None, output: str | None) -> Format:
    """The format asked for, else the one the output path's extension names, else .ics."""
    if fmt is not None:
        return FORMATS.get(fmt) or FOLDER_FORMATS[fmt]
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
    if fmt.folder and suffix in known:
        raise UsageError(f"--format {fmt.name} writes a folder of files, not one {suffix} "
                         f"file; give a folder name for -o, like {fmt.name}-files")
    if suffix in known and suffix != fmt.extension:
        raise UsageError(f"output {output!r} ends in {suffix} but --format is {fmt.name}; "
                         f"use a {fmt.extension} name or drop --format")
