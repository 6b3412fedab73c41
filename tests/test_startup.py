"""``planforge --help`` and ``planforge goals`` start with little more than click.

benchmarks/run.py times them against ``python -c "import click, icalendar, dateutil.rrule"``
(target: 0.6 of it); this test keeps the modules that made them slow from creeping back
into the start-up path. It runs the real command line in a fresh interpreter.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

#: what --help, goals and make --help must not import: the plan model, the template loader,
#: the engine, the writers and the calendar and date libraries
HEAVY = ("planforge.core.model", "planforge.goals.templates", "planforge.core.engine.progression",
         "planforge.formats.ics", "icalendar", "dateutil", "fastjsonschema", "tempfile")


def _fresh_python(code: str) -> str:
    """What ``code`` prints in a fresh interpreter that imports planforge from src/."""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, timeout=60,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


def test_help_and_goals_import_only_what_they_need() -> None:
    code = textwrap.dedent(f"""
        import contextlib, io, sys
        from planforge import cli
        for args in (["--help"], ["goals"], ["make", "--help"]):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                try:
                    cli.main(args, prog_name="planforge")
                except SystemExit as exc:
                    assert exc.code in (0, None), (args, exc.code)
            assert out.getvalue(), args
        print(sorted(m for m in {HEAVY!r} if m in sys.modules))
    """)
    assert _fresh_python(code) == "[]\n"


def test_help_imports_no_command_module() -> None:
    """``planforge --help`` lists the commands from cli.COMMANDS, importing none of them."""
    code = textwrap.dedent("""
        import contextlib, io, sys
        from planforge import cli
        with contextlib.redirect_stdout(io.StringIO()):
            try:
                cli.main(["--help"], prog_name="planforge")
            except SystemExit:
                pass
        print(sorted(m for m in sys.modules if m.startswith("planforge.cli.")
                     and m.rsplit(".", 1)[1] in {"make", "show", "plans", "workouts", "feeds"}))
    """)
    assert _fresh_python(code) == "[]\n"


def test_the_help_lines_are_the_commands_own() -> None:
    """Each line of ``planforge --help`` (cli.COMMANDS) is its command's short_help, and every
    command a module defines is listed."""
    import importlib

    import click

    from planforge import cli

    defined = {}
    for module_name in {module for module, _ in cli.COMMANDS.values()}:
        module = importlib.import_module(f"planforge.cli.{module_name}")
        for command in module.COMMANDS:
            defined[command.name] = (module_name, command.short_help)
    assert defined == cli.COMMANDS
    ctx = click.Context(cli.main)
    assert all(cli.main.get_command(ctx, name) is not None for name in cli.COMMANDS)
