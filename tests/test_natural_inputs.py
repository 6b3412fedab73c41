"""Issue 12, item 11: what people type is read as they mean it, or refused with what to
type; the same checks in the library (planforge.core.inputs.natural)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from first_ten_support import (
    CREATED,
    GOALS,
    START,
    error,
    make,
    plan_toml,
    run,
)
from planforge.core.inputs import natural as inputs
from planforge.errors import UsageError

# ------------------------------------------------------------------ 11: natural inputs


@pytest.mark.parametrize(("args", "message"), [
    (["--goal", "glute"], "Invalid value for '--goal': unknown goal 'glute'; did you mean "
                          f"'glutes'? Choose one of: {GOALS}"),
    (["--goal", "glutes", "--start", "03/04/2027"],
     "Invalid value for '--start': '03/04/2027' is ambiguous or not a date: write it as "
     "YYYY-MM-DD or with the month as a word, like 2027-03-01 or 1 March 2027"),
    (["--goal", "glutes", "--time", "7"],
     "Invalid value for '--time': '7' is ambiguous: 07:00 or 19:00? expected a time like "
     "07:00, 7am or 6:30 pm, or DAY=TIME like sat=09:00"),
    (["--goal", "glutes", "--level", "expert"],
     "Invalid value for '--level': unknown level 'expert'; choose one of: beginner, "
     "returning, runner"),
])
def test_what_stays_refused_says_what_to_type(args: list[str], message: str) -> None:
    error(make(*args), message)


@pytest.mark.parametrize(("args", "key", "value"), [
    (["--goal", "fatloss"], "goal", "fat-loss"),
    (["--goal", "loose_skin"], "goal", "loose-skin"),
    (["--goal", "Glutes", "--level", "Beginner"], "level", "beginner"),
    (["--goal", "glutes", "--start", "1 March 2027"], "start", "2027-03-01"),
    (["--goal", "glutes", "--days", "Mon Wed"], "days", ["mon", "wed"]),
    (["--goal", "glutes", "--days", "tues,thurs,sat"], "days", ["tue", "thu", "sat"]),
    (["--goal", "glutes", "--days", "mon-fri"], "days", ["mon", "tue", "wed", "thu", "fri"]),
    (["--goal", "glutes", "--time", "7am", "--tz", "UTC"], "time", {"default": "07:00"}),
    (["--goal", "glutes", "--time", "0700", "--tz", "UTC"], "time", {"default": "07:00"}),
    (["--goal", "glutes", "--time", "6:30 pm", "--tz", "UTC"], "time", {"default": "18:30"}),
])
def test_natural_inputs_are_accepted(args: list[str], key: str, value: object,
                                     tmp_path: Path) -> None:
    import json

    out = tmp_path / "p.json"
    result = run("make", "--created", CREATED, *args, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_text(encoding="utf-8"))["plan"][key] == value


def test_start_today_tomorrow_and_a_weekday(tmp_path: Path) -> None:
    import json

    today = dt.datetime.now().astimezone().date()
    for word, expected in (("today", today), ("tomorrow", today + dt.timedelta(days=1)),
                           ("monday", today + dt.timedelta(days=7 - today.weekday()))):
        out = tmp_path / f"{word}.json"
        result = run("make", "--goal", "glutes", "--start", word, "-o", str(out))
        assert result.exit_code == 0, result.output
        assert json.loads(out.read_text(encoding="utf-8"))["plan"]["start"] == str(expected)


def test_remind_in_bare_minutes_and_min(tmp_path: Path) -> None:
    for value in ("30", "30min"):
        out = tmp_path / f"{value}.ics"
        assert make("--goal", "glutes", "--remind", value, "-o", str(out)).exit_code == 0
        assert b"TRIGGER:-PT30M" in out.read_bytes()


def test_shift_by_a_bare_number_asks_weeks_or_days(tmp_path: Path) -> None:
    path = plan_toml(tmp_path)
    error(run("shift", str(path), "--from", START, "--by", "2"),
          "Invalid value for '--by': '2': 2 weeks (2w) or 2 days (2d)? expected days or weeks "
          "like 3d or 1w (1d to 12w)")
    ok = run("shift", str(path), "--from", START, "--by", "2 weeks", "-o",
             str(tmp_path / "s.toml"))
    assert ok.exit_code == 0, ok.output


def test_show_a_goal_name_suggests_goal() -> None:
    error(run("show", "glutes"),
          "no plan file 'glutes'; to show goal glutes's plan: planforge show --goal glutes")


def test_the_library_checks_the_same_values() -> None:
    with pytest.raises(UsageError, match="ambiguous"):
        inputs.parse_date("03/04/2027")
    assert inputs.parse_date("monday", today=dt.date(2026, 11, 30)) == dt.date(2026, 12, 7)
    assert inputs.parse_date("1st of March 2027") == dt.date(2027, 3, 1)
    assert inputs.parse_date("2027/03/01") == dt.date(2027, 3, 1)
    with pytest.raises(UsageError, match="day is out of range"):
        inputs.parse_date("2027/02/30")
    with pytest.raises(UsageError, match="'March 2027' is not a date"):
        inputs.parse_date("March 2027")
    assert inputs.parse_days("fri-mon") == (0, 4, 5, 6)
    assert inputs.parse_clock("12am") == dt.time(0, 0)
    assert inputs.parse_clock("12pm") == dt.time(12, 0)
    assert inputs.parse_reminder("1h30m") == dt.timedelta(minutes=90)


