"""Helpers shared by the tests of issue 12 ("The first ten minutes")."""

from __future__ import annotations

import datetime as dt
import json
import math
from pathlib import Path

from click.testing import CliRunner, Result

from planforge import cli

ROOT = Path(__file__).resolve().parent.parent
START = "2037-12-07"  # a Monday, as 2026-12-07 was; far enough ahead never to be in the past
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


def day_stacks(plan_json: Path, at: dt.time) -> dict[dt.date, list[tuple[str, dt.datetime,
                                                                         dt.datetime]]]:
    """The test's own reading of the calendar's rule, from the JSON alone: each day's
    workouts start at ``at``, one after another, each as long as its ``duration_min``
    rounded up to a whole minute (wall-clock times in a zone without DST)."""
    doc = json.loads(plan_json.read_text(encoding="utf-8"))
    days: dict[dt.date, list[tuple[str, dt.datetime, dt.datetime]]] = {}
    for session in doc["sessions"]:
        date = dt.date.fromisoformat(session["date"])
        stack = days.setdefault(date, [])
        start = stack[-1][2] if stack else dt.datetime.combine(date, at)
        end = start + dt.timedelta(minutes=max(1, math.ceil(session["duration_min"])))
        stack.append((session["kind"], start, end))
    return days
