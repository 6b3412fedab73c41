"""Write docs/commands.md, the command reference, from the click commands themselves.

    python docs/gen_commands.py           # write docs/commands.md
    python docs/gen_commands.py --check   # exit 1 if docs/commands.md is not what it writes

Every command ``planforge --help`` lists (a command added later included), with its usage
line, its help and each option's names, value and help as ``--help`` prints them (defaults
and all), and the default training days of ``--days`` for every built-in goal and level,
worked out by ``planforge.core.engine.progression.default_days``. ``tests/test_docs.py``
checks that the committed file is what this writes, so the reference cannot drift from the
code: after changing a command, run this and commit docs/commands.md.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "commands.md"
DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _cell(text: str) -> str:
    """Text for a Markdown table cell: one line, its pipes escaped."""
    return " ".join(text.split()).replace("|", "\\|")


def _help_blocks(text: str) -> list[str]:
    """A command's help as Markdown: its paragraphs, and its ``\\b`` blocks (examples) kept
    line for line in a text block."""
    out = []
    for paragraph in inspect.cleandoc(text).split("\n\n"):
        lines = paragraph.splitlines()
        if lines and lines[0].strip() == "\b":
            out.append("```text\n" + "\n".join(lines[1:]) + "\n```")
        else:
            out.append(" ".join(line.strip() for line in lines))
    return out


def _options(command: click.Command, ctx: click.Context) -> list[str]:
    rows = []
    for param in command.get_params(ctx):
        record = param.get_help_record(ctx)
        if record is None or isinstance(param, click.Argument):  # in the usage line
            continue
        names, help_text = record
        rows.append(f"| `{_cell(names)}` | {_cell(help_text)} |")
    if not rows:
        return []
    return ["| option | what it does |", "| --- | --- |", *rows]


def _command(name: str, command: click.Command, parent: click.Context) -> list[str]:
    ctx = click.Context(command, info_name=name, parent=parent)
    usage = " ".join(["Usage: planforge", name, *command.collect_usage_pieces(ctx)])
    out = [f"## `planforge {name}`", "", "```text", usage, "```", ""]
    for block in _help_blocks(command.help or ""):
        out += [block, ""]
    table = _options(command, ctx)
    if table:
        out += [*table, ""]
    return out


def _default_days() -> list[str]:
    from planforge.core.engine.progression import default_days
    from planforge.core.model import LEVELS
    from planforge.goals.catalog import builtin_goals

    out = ["## Default training days", "",
           "Without `--days`, `make` and `show` train on these days. They depend on the goal "
           "and the level: enough days for the runs a goal asks for, so the defaults never "
           "leave anything out (worked out by `default_days` in "
           "`planforge.core.engine.progression`).", "",
           "| goal | " + " | ".join(LEVELS) + " |",
           "| --- | " + " | ".join("---" for _ in LEVELS) + " |"]
    for goal in builtin_goals():
        days = [",".join(DAY_NAMES[d] for d in default_days(level, goal)) for level in LEVELS]
        out.append(f"| {goal} | " + " | ".join(f"`{d}`" for d in days) + " |")
    return [*out, ""]


def render() -> str:
    from planforge import cli

    group = cli.main
    ctx = click.Context(group, info_name="planforge", **group.context_settings)
    names = group.list_commands(ctx)
    out = ["# Command reference", "",
           "<!-- Written by docs/gen_commands.py from the click commands; do not edit by hand:",
           "     run `python docs/gen_commands.py` (tests/test_docs.py checks it). -->", "",
           "Every command's `--help`, as Markdown. The [guide](guide.md) says how the commands "
           "work together; [errors.md](errors.md) lists every message they print.", "",
           "```text", " ".join(["Usage: planforge", *group.collect_usage_pieces(ctx)]), "```",
           ""]
    for block in _help_blocks(group.help or ""):
        out += [block, ""]
    out += ["| command | what it does |", "| --- | --- |"]
    for name in names:
        command = group.get_command(ctx, name)
        assert command is not None, name
        anchor = f"planforge-{name}"
        out.append(f"| [`{name}`](#{anchor}) | {_cell(command.get_short_help_str(1000))} |")
    out += ["", *_options(group, ctx), ""]
    for name in names:
        command = group.get_command(ctx, name)
        assert command is not None, name
        out += _command(name, command, ctx)
    out += _default_days()
    return "\n".join(out).rstrip("\n") + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true",
                        help="exit 1 if docs/commands.md differs from what would be written")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        if OUT.read_text(encoding="utf-8") != text:
            print(f"{OUT} is out of date: run python docs/gen_commands.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
