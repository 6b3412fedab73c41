"""Issue 12, item 13: the command line's conventions (help width, examples, choice errors,
-o, --quiet, --calendar-color, show --color, check --strict, completion)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from first_ten_support import (
    ROOT,
    START,
    error,
    make,
    run,
)
from planforge import cli

# --------------------------------------------------------------- 13: CLI conventions


def _help(*args: str, columns: int) -> str:
    """The help as a terminal of ``columns`` shows it (CliRunner forces 80 columns)."""
    proc = subprocess.run([sys.executable, "-m", "planforge", *args], capture_output=True,
                          text=True, check=False,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src"),
                               "COLUMNS": str(columns)})
    assert (proc.returncode, proc.stderr) == (0, "")
    return proc.stdout


def test_make_help_has_an_example_and_says_goal_is_required_unless_template() -> None:
    text = run("make", "--help").stdout
    assert "    planforge make --goal glutes --weeks 8\n" in text
    assert "--goal (see 'planforge goals') is required, unless\n  --template" in \
        _help("make", "--help", columns=60)


COMMANDS = ("", *sorted(cli.COMMANDS))


@pytest.mark.parametrize("columns", [60, 100])
@pytest.mark.parametrize("command", COMMANDS)
def test_help_fits_the_terminal(command: str, columns: int) -> None:
    text = _help(*([command, "--help"] if command else []), columns=columns)
    long = [line for line in text.splitlines() if len(line) > columns]
    assert not long, long


def test_help_paragraphs_follow_columns() -> None:
    narrow = _help("render", "--help", columns=60)
    wide = _help("render", "--help", columns=100)
    assert max(map(len, narrow.splitlines())) <= 60 < max(map(len, wide.splitlines()))


def test_unknown_output_extension_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    error(make("--goal", "glutes", "-o", str(out)),
          f"output {str(out)!r} ends in .txt, which names no format; use .ics, .json, .toml, "
          ".html, .csv, .md, or give --format")
    assert not out.exists()
    said = make("--goal", "glutes", "--format", "ics", "-o", str(out))
    assert said.stderr.startswith(f"wrote {out} as ics: ")


def test_quiet_keeps_only_warnings(tmp_path: Path) -> None:
    result = make("--goal", "glutes", "-q", "-o", str(tmp_path / "p.ics"))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")


def test_calendar_color_and_the_old_name(tmp_path: Path) -> None:
    new = make("--goal", "glutes", "--calendar-color", "teal", "-q", "-o",
               str(tmp_path / "a.ics"))
    old = make("--goal", "glutes", "--color", "teal", "-q", "-o", str(tmp_path / "b.ics"))
    assert new.stderr == ""
    assert old.stderr == ("warning: --color is now --calendar-color (--color will go in a "
                          "later version)\n")
    assert (tmp_path / "a.ics").read_bytes() == (tmp_path / "b.ics").read_bytes()
    assert b"COLOR:teal" in (tmp_path / "a.ics").read_bytes()


def test_show_color_switch() -> None:
    args = ("show", "--goal", "glutes", "--weeks", "1", "--start", START)
    assert "\x1b[" in run(*args, "--color", "always").stdout
    assert "\x1b[" not in run(*args, "--color", "never").stdout


def test_check_strict_passes_a_plan_make_just_wrote(tmp_path: Path) -> None:
    out = tmp_path / "club.toml"
    assert make("--goal", "thighs", "-o", str(out)).exit_code == 0
    result = run("check", "--strict", str(out))
    assert result.exit_code == 0
    assert result.stderr == (
        f"{out}: 0 errors, 2 warnings\n"
        "--strict: the R2 warnings pass: the NHS plan itself steps up by up to 1.12 times "
        "between weeks, so a plan that follows it shows these warnings (planforge check "
        "--explain R2)\n")


def test_check_strict_fails_on_other_warnings(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    from planforge.core.rules import check as rules

    out = tmp_path / "club.toml"
    assert make("--goal", "thighs", "-o", str(out)).exit_code == 0
    warning = rules.Finding("R14", "warning", "140 moderate-equivalent minutes", 7)
    monkeypatch.setattr(rules, "check_plan", lambda plan: (warning,))
    assert run("check", str(out)).exit_code == 0
    assert run("check", "--strict", str(out)).exit_code == 1


def test_completion_offers_user_templates(tmp_path: Path) -> None:
    env = {"PLANFORGE_TEMPLATES": str(tmp_path), "_PLANFORGE_COMPLETE": "bash_complete",
           "COMP_WORDS": "planforge make --goal my", "COMP_CWORD": "3"}
    (tmp_path / "my-hills.toml").write_text("", encoding="utf-8")
    result = CliRunner().invoke(cli.main, [], env=env, prog_name="planforge")
    assert result.stdout == "plain,my-hills\n"


