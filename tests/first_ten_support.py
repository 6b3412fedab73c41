"""Helpers shared by the tests of issue 12 ("The first ten minutes")."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from planforge import cli

ROOT = Path(__file__).resolve().parent.parent
START = "2026-12-07"
CREATED = "2026-11-20T08:00:00Z"
IMPORT_HINT = ("Import it into a new calendar of its own (not your main one): see "
               "'Import into your calendar' in planforge's README.")
GOALS = "cellulite, fat-loss, general, glutes, loose-skin, thighs"


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None) -> Result:
    return CliRunner().invoke(cli.main, list(args), env=env, input=stdin,
                              catch_exceptions=False)


def make(*args: str, env: dict[str, str] | None = None) -> Result:
    return run("make", "--start", START, "--created", CREATED, *args, env=env)


def error(result: Result, message: str, code: int = 2) -> None:
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", f"Error: {message}\n")


def plan_toml(tmp_path: Path, weeks: str = "4") -> Path:
    out = tmp_path / "plan.toml"
    assert make("--goal", "glutes", "--weeks", weeks, "-o", str(out)).exit_code == 0
    return out
