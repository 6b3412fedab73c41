"""``planforge --help`` and ``planforge goals`` start with little more than click.

benchmarks/run.py times them against ``python -c "import click, icalendar, dateutil.rrule"``
(target: 0.6 of it); this test keeps the modules that made them slow from creeping back
into the start-up path. It runs the real command line in a fresh interpreter.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parent.parent / "src"

#: what --help, goals and make --help must not import: the plan model and the template loader
#: (their dataclasses), TOML, hashing, zones, temporary files, package metadata, pathlib,
#: shutil (click's help imports it for the terminal's width), the engine and the calendar
#: library
HEAVY = ("planforge.model", "planforge.templates", "planforge.engine", "planforge.ics",
         "dataclasses", "tomllib", "hashlib", "zoneinfo", "tempfile", "importlib.metadata",
         "pathlib", "shutil", "icalendar", "dateutil")


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
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, timeout=60,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "[]\n"


@pytest.mark.parametrize("columns", [None, "30", "60", "79", "100", "250", "0", "-5", "wide"])
def test_help_is_as_wide_as_click_would_make_it(columns: str | None) -> None:
    """The help formatter works out the width without shutil, and gets click's answer."""
    code = textwrap.dedent("""
        import click
        from click.testing import CliRunner
        from planforge import cli
        print(cli._HelpFormatter().width, click.HelpFormatter().width)
        print(cli._HelpFormatter(max_width=120).width, click.HelpFormatter(max_width=120).width)
        ours = cli.main.make_context("planforge", ["goals"]).make_formatter().width
        print(ours, click.Context(click.Command("x")).make_formatter().width)
    """)
    env = {"PYTHONPATH": str(SRC), "PATH": os.environ.get("PATH", "/usr/bin:/bin")}
    if columns is not None:
        env["COLUMNS"] = columns
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    for line in proc.stdout.splitlines():
        ours, clicks = line.split()
        assert ours == clicks


def test_make_writes_a_timed_calendar_without_icalendar_or_tempfile(tmp_path: Path) -> None:
    """make writes the .ics text itself (icalendar only for a zone without a yearly rule) and
    makes its temporary file itself: neither icalendar, dateutil, tempfile nor shutil load."""
    out = tmp_path / "plan.ics"
    code = textwrap.dedent(f"""
        import sys
        from planforge import cli
        try:
            cli.main(["make", "--goal", "glutes", "--weeks", "8", "--start", "2026-11-23",
                      "--time", "07:00", "--tz", "Europe/London", "--remind", "30m",
                      "--created", "2026-11-20T08:00:00Z", "-o", {str(out)!r}],
                     prog_name="planforge")
        except SystemExit as exc:
            assert exc.code in (0, None), exc.code
        print(sorted(m for m in ("icalendar", "dateutil", "tempfile", "shutil")
                     if m in sys.modules))
    """)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"}, timeout=60,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "[]\n"
    assert out.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")
