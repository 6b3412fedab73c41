"""The ``planforge`` command: exact messages and exit codes, files written, determinism."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planforge import cli, services
from planforge.cli import options
from planforge.goals.templates import builtin_goals

SRC = Path(__file__).resolve().parent.parent / "src"
GOALS = ", ".join(builtin_goals())
START = "2026-11-23"
CREATED = "2026-11-20T08:00:00Z"
DAYS_HINT = ("use mon, tue, wed, thu, fri, sat, sun or full names, e.g. mon,wed,fri,sat or "
             "mon-fri")
TIME_HINT = "expected a time like 07:00, 7am or 6:30 pm, or DAY=TIME like sat=09:00"
DATE_HINT = "expected a date like 2026-11-23 or 23 November 2026, or today, tomorrow, monday"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli.main, list(args), env=env, catch_exceptions=False)


def make(*args: str, env: dict[str, str] | None = None) -> Result:
    return run("make", "--start", START, "--created", CREATED, *args, env=env)


def assert_one_line_error(result: Result, message: str, code: int = 2) -> None:
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    assert result.stderr == f"Error: {message}\n"
    assert "Traceback" not in result.output


# ----------------------------------------------------------------------------- bad input


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--goal", "butt"],
         f"Invalid value for '--goal': unknown goal 'butt'; choose one of: {GOALS}"),
        (["--goal", "glutes", "--weeks", "0"],
         "Invalid value for '--weeks': 0 weeks is out of range; expected 1 to 52"),
        (["--goal", "glutes", "--weeks", "53"],
         "Invalid value for '--weeks': 53 weeks is out of range; expected 1 to 52"),
        (["--goal", "glutes", "--weeks", "eight"],
         "Invalid value for '--weeks': 'eight' is not a whole number of weeks; expected 1 to 52"),
        (["--goal", "glutes", "--start", "2026-13-01"],
         "Invalid value for '--start': '2026-13-01' is not a date (month must be in 1..12); "
         f"{DATE_HINT}"),
        (["--goal", "glutes", "--start", "23/11/2026"],
         "Invalid value for '--start': '23/11/2026' is ambiguous or not a date: write it as "
         "YYYY-MM-DD or with the month as a word, like 2027-03-01 or 1 March 2027"),
        (["--goal", "glutes", "--time", "07:00", "--tz", "Europe/Londn"],
         "Invalid value for '--tz': unknown time zone 'Europe/Londn'; expected an IANA name, "
         "did you mean Europe/London?"),
        (["--goal", "glutes", "--time", "07:00", "--tz", "Mars/Olympus"],
         "Invalid value for '--tz': unknown time zone 'Mars/Olympus'; expected an IANA name, "
         "try Europe/London or America/New_York"),
        (["--goal", "glutes", "--days", "mon,fun"],
         f"Invalid value for '--days': 'mon,fun': 'fun' is not a weekday; {DAYS_HINT}"),
        (["--goal", "glutes", "--days", "mon,Monday"],
         "Invalid value for '--days': 'mon,Monday': mon is given twice; name each weekday once"),
        (["--goal", "glutes", "--days", ""],
         f"Invalid value for '--days': '' names no weekday; {DAYS_HINT}"),
        (["--goal", "glutes", "--days", "mon,,wed"],
         f"Invalid value for '--days': 'mon,,wed' has an empty item; {DAYS_HINT}"),
        (["--goal", "glutes", "--time", "25:00"],
         f"Invalid value for '--time': '25:00' is not a time; {TIME_HINT}"),
        (["--goal", "glutes", "--time", "7xm"],
         f"Invalid value for '--time': '7xm' is not a time; {TIME_HINT}"),
        (["--goal", "glutes", "--time", "caturday=09:00"],
         f"Invalid value for '--time': 'caturday=09:00': 'caturday' is not a weekday; {TIME_HINT}"),
        (["--goal", "glutes", "--time", "sat=09:00", "--time", "sat=10:00"],
         "--time for sat is given twice"),
        (["--goal", "glutes", "--remind", "soon"],
         "Invalid value for '--remind': 'soon' is not a duration; expected minutes, hours or "
         "days like 30m, 2h or 1d (at most 7d)"),
        (["--goal", "glutes", "--created", "yesterday"],
         "Invalid value for '--created': 'yesterday' is not a date and time; expected one like "
         "2026-11-20T08:00:00Z"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str, tmp_path: Path) -> None:
    result = make(*args, "-o", str(tmp_path / "plan.ics"))
    assert_one_line_error(result, message)
    assert not (tmp_path / "plan.ics").exists()


@pytest.mark.parametrize(
    ("option", "value", "choices"),
    [("--format", "pdf", ["ics", "json"])],
)
def test_bad_choice(option: str, value: str, choices: list[str]) -> None:
    result = make("--goal", "glutes", option, value)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: Invalid value for '{option}': '{value}' is not ")
    assert all(f"'{c}'" in result.stderr for c in choices)
    assert result.stderr.count("\n") == 1


@pytest.mark.parametrize(("value", "message"), [
    ("begginer", "unknown level 'begginer'; did you mean 'beginner'? Choose one of: beginner, "
                 "returning, runner"),
    ("expert", "unknown level 'expert'; choose one of: beginner, returning, runner"),
])
def test_a_bad_level_gets_did_you_mean(value: str, message: str) -> None:
    """--level reads as --goal does: a near miss gets a suggestion (click's Choice gave none)."""
    result = make("--goal", "glutes", "--level", value)
    assert_one_line_error(result, f"Invalid value for '--level': {message}")
    assert make("--goal", "glutes", "--level", "Runner", "-o", "-").exit_code == 0


def test_missing_goal_says_how_to_get_help() -> None:
    result = run("make")
    assert_one_line_error(
        result, ("Missing option '--goal' (a goal 'planforge goals' lists), or "
         "--template FILE. Try 'planforge make --help'.")
    )


def test_unknown_command_is_one_line() -> None:
    result = run("mkae")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: No such command 'mkae'.")
    assert result.stderr.count("\n") == 1


def test_bad_source_date_epoch_is_a_usage_error(tmp_path: Path) -> None:
    result = run("make", "--goal", "glutes", "--start", START, "-o", str(tmp_path / "p.ics"),
                 env={"SOURCE_DATE_EPOCH": "soon"})
    assert_one_line_error(result, "SOURCE_DATE_EPOCH='soon' is not a whole number of seconds")


def test_existing_output_is_not_overwritten_without_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "planforge-glutes-8w.ics"
    target.write_bytes(b"my own calendar\n")
    monkeypatch.chdir(tmp_path)
    result = make("--goal", "glutes")
    assert_one_line_error(
        result, "planforge-glutes-8w.ics already exists; use --force to overwrite it", code=1
    )
    assert target.read_bytes() == b"my own calendar\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["planforge-glutes-8w.ics"]

    result = make("--goal", "glutes", "--force")
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"BEGIN:VCALENDAR\r\n")


def test_missing_output_folder(tmp_path: Path) -> None:
    result = make("--goal", "glutes", "-o", str(tmp_path / "nope" / "plan.ics"))
    assert_one_line_error(
        result, f"cannot write {tmp_path / 'nope' / 'plan.ics'}: folder {tmp_path / 'nope'} "
                "does not exist", code=1
    )


# ----------------------------------------------------------------------------- happy paths


def test_make_writes_ics_with_default_name_and_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = make("--weeks", "8", "--goal", "glutes")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    data = (tmp_path / "planforge-glutes-8w.ics").read_bytes()
    assert data.startswith(b"BEGIN:VCALENDAR\r\n")
    assert data.endswith(b"END:VCALENDAR\r\n")
    lines = result.stderr.splitlines()
    assert lines[0].startswith("wrote planforge-glutes-8w.ics: 8 weeks, ")
    assert lines[0].endswith(", 2026-11-23 to 2027-01-17")
    assert " workouts (" in lines[0] and " runs, " in lines[0] and " strength" in lines[0]
    assert lines[-1] == ("Import it into a new calendar of its own (not your main one): see "
                         "'Import into your calendar' in planforge's README.")
    events = data.count(b"BEGIN:VEVENT")
    assert f"8 weeks, {events} workouts" in lines[0]


def test_make_json_from_extension(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = make("--goal", "thighs", "--weeks", "4", "--level", "returning", "-o", str(out))
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_bytes())
    assert doc["format"] == "planforge-plan/1"
    assert doc["plan"]["goal"] == "thighs"
    assert doc["plan"]["level"] == "returning"
    assert doc["plan"]["weeks"] == 4
    assert doc["plan"]["start"] == START
    assert doc["plan"]["time"] is None
    assert result.stderr.splitlines()[0].startswith(f"wrote {out}: 4 weeks, ")
    assert "Import:" not in result.stderr


def test_format_json_with_default_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = make("--goal", "general", "--weeks", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads((tmp_path / "planforge-general-2w.json").read_bytes())["plan"]["weeks"] == 2


def test_output_dash_writes_to_stdout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = make("--goal", "glutes", "--weeks", "2", "-o", "-")
    assert result.exit_code == 0, result.output
    assert result.stdout_bytes.startswith(b"BEGIN:VCALENDAR\r\n")
    assert result.stdout_bytes.endswith(b"END:VCALENDAR\r\n")
    assert result.stderr.startswith("wrote standard output: 2 weeks, ")
    assert list(tmp_path.iterdir()) == []

    result = make("--goal", "glutes", "--weeks", "2", "-o", "-", "--format", "json")
    assert json.loads(result.stdout_bytes)["plan"]["weeks"] == 2


def test_timed_plan_days_and_zone(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = make("--goal", "glutes", "--weeks", "3", "--days", "Monday,wed,FRI,sat",
                  "--time", "07:00", "--time", "sat=09:30", "--tz", "Europe/London",
                  "-o", str(out))
    assert result.exit_code == 0, result.output
    plan = json.loads(out.read_bytes())["plan"]
    assert plan["days"] == ["mon", "wed", "fri", "sat"]
    assert plan["timezone"] == "Europe/London"
    assert plan["time"] == {"default": "07:00", "sat": "09:30"}


def test_timed_ics_has_vtimezone(tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    result = make("--goal", "thighs", "--weeks", "2", "--time", "18:15",
                  "--tz", "America/New_York", "-o", str(out))
    assert result.exit_code == 0, result.output
    data = out.read_bytes()
    assert b"BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\n" in data
    assert b"DTSTART;TZID=America/New_York:" in data


def test_tz_without_time_is_noted_and_ignored(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = make("--goal", "glutes", "--weeks", "1", "--tz", "Asia/Tokyo", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert "note: --tz has no effect without --time; events are all-day" in result.stderr
    assert json.loads(out.read_bytes())["plan"]["timezone"] is None


def test_default_zone_comes_from_tz(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = make("--goal", "glutes", "--weeks", "1", "--time", "06:45", "-o", str(out),
                  env={"TZ": "Australia/Sydney"})
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_bytes())["plan"]["timezone"] == "Australia/Sydney"


def test_every_goal_and_level(tmp_path: Path) -> None:
    for goal in builtin_goals():
        for level in ("beginner", "returning", "runner"):
            out = tmp_path / f"{goal}-{level}.ics"
            result = make("--goal", goal, "--level", level, "--weeks", "6", "-o", str(out))
            assert result.exit_code == 0, (goal, level, result.output)
            assert out.read_bytes().count(b"BEGIN:VEVENT") >= 6 * 2


def test_goals_lists_each_goal_with_its_description() -> None:
    result = run("goals")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines] == list(builtin_goals())
    glutes = next(line for line in lines if line.startswith("glutes "))
    assert glutes.split(None, 1)[1] == (
        "Glute strength 2-3 days a week, plus hill sprints for hip extension once your base "
        "is built."
    )


def test_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("planforge ")


# ----------------------------------------------------------------------------- determinism


def test_source_date_epoch_gives_byte_identical_files(tmp_path: Path) -> None:
    env = {"SOURCE_DATE_EPOCH": "1795000000"}
    outputs = []
    for i in range(2):
        out = tmp_path / f"run{i}.ics"
        result = run("make", "--goal", "glutes", "--start", START, "-o", str(out), env=env)
        assert result.exit_code == 0, result.output
        outputs.append(out.read_bytes())
    assert outputs[0] == outputs[1]
    stamp = dt.datetime.fromtimestamp(1795000000, dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    assert f"DTSTAMP:{stamp}".encode() in outputs[0]


def test_created_overrides_the_clock(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = make("--goal", "glutes", "--weeks", "1", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert json.loads(out.read_bytes())["plan"]["created"] == "2026-11-20T08:00:00Z"


def test_next_monday() -> None:
    assert services.next_monday(dt.date(2026, 11, 18)) == dt.date(2026, 11, 23)  # Wednesday
    assert services.next_monday(dt.date(2026, 11, 22)) == dt.date(2026, 11, 23)  # Sunday
    assert services.next_monday(dt.date(2026, 11, 23)) == dt.date(2026, 11, 30)  # Monday


def test_default_created() -> None:
    epoch = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    assert options.default_created({"SOURCE_DATE_EPOCH": "0"}) == epoch
    now = options.default_created({})
    assert now.tzinfo is dt.UTC and now.microsecond == 0


def test_system_timezone(tmp_path: Path) -> None:
    missing = tmp_path / "missing"
    assert options.system_timezone({"TZ": "Europe/Paris"}, missing, missing) == (
        "Europe/Paris", "")
    assert options.system_timezone({"TZ": ":Europe/Paris"}, missing, missing) == (
        "Europe/Paris", "")
    link = tmp_path / "localtime"
    link.symlink_to("/usr/share/zoneinfo/America/Chicago")
    # a TZ it cannot read is passed over, and said (issue 12, item 5)
    assert options.system_timezone({"TZ": "EST+5"}, link, missing) == (
        "America/Chicago", "EST+5")
    tzfile = tmp_path / "timezone"
    tzfile.write_text("Asia/Kolkata\n")
    assert options.system_timezone({}, missing, tzfile) == ("Asia/Kolkata", "")
    assert options.system_timezone({}, missing, missing) == ("UTC", "")


# ----------------------------------------------------------------------------- processes


def _python(code: str, *args: str) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    env = {**os.environ, "PYTHONPATH": path}
    return subprocess.run([sys.executable, *args, *(["-c", code] if code else [])],
                          capture_output=True, text=True, env=env, timeout=60, check=False)


def test_python_m_planforge_help() -> None:
    proc = _python("", "-m", "planforge", "--help")
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.startswith("Usage: planforge [OPTIONS] COMMAND [ARGS]...")
    assert "make" in proc.stdout and "goals" in proc.stdout


def test_python_m_planforge_error_has_no_traceback() -> None:
    proc = _python("", "-m", "planforge", "make", "--goal", "glutes", "--weeks", "0")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr == (
        "Error: Invalid value for '--weeks': 0 weeks is out of range; expected 1 to 52\n"
    )


def test_help_and_goals_do_not_import_the_engine_or_icalendar() -> None:
    code = textwrap.dedent("""
        import sys
        from click.testing import CliRunner
        from planforge import cli
        runner = CliRunner()
        for args in (["goals"], ["--help"], ["make", "--help"]):
            result = runner.invoke(cli.main, args)
            assert result.exit_code == 0, result.output
        assert "cellulite" in runner.invoke(cli.main, ["goals"]).output
        heavy = [m for m in ("icalendar", "dateutil", "planforge.core.engine.progression",
                             "planforge.formats.ics", "planforge.core.rules.check")
                 if m in sys.modules]
        assert not heavy, heavy
        print("ok")
    """)
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "ok\n"


def test_lazy_public_api() -> None:
    code = textwrap.dedent("""
        import sys
        import planforge
        assert "planforge.core.engine.progression" not in sys.modules
        assert set(planforge.__all__) >= {"build_plan", "render_ics", "plan_to_dict",
            "plan_to_json", "check_plan", "Plan", "Session", "Exercise", "Times", "Template",
            "load_goal", "load_template", "PlanforgeError"}
        from planforge import build_plan, render_ics, plan_to_json, PlanforgeError
        assert "planforge.core.engine.progression" in sys.modules
        for name in planforge.__all__:
            getattr(planforge, name)
        try:
            planforge.nope
        except AttributeError:
            pass
        else:
            raise AssertionError("planforge.nope")
        print(planforge.__version__)
    """)
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip()


def test_broken_pipe_ends_quietly() -> None:
    code = textwrap.dedent("""
        import subprocess, sys
        p = subprocess.Popen([sys.executable, "-m", "planforge", "make", "--goal", "glutes",
                              "--weeks", "52", "--start", "2026-11-23", "-o", "-"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdout.read(10)
        p.stdout.close()
        err = p.stderr.read().decode()
        p.wait()
        assert "Traceback" not in err and "BrokenPipe" not in err, err
        print("ok")
    """)
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "ok\n"


def test_format_and_extension_must_agree(tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    result = make("--goal", "glutes", "--format", "json", "-o", str(out))
    assert_one_line_error(result, f"output {str(out)!r} ends in .ics but --format is json; "
                                  "use a .json name or drop --format")
    assert not out.exists()


def test_calendar_options_with_another_format_are_reported_as_ignored(tmp_path: Path) -> None:
    out = tmp_path / "plan.json"
    result = make("--goal", "glutes", "--remind", "30m", "--calendar-color", "teal", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert ("warning: --remind, --calendar-color only change .ics calendars; ignored for json\n"
            in result.stderr)
    assert json.loads(out.read_bytes())["format"] == "planforge-plan/1"
