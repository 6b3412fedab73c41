"""Issue 12, "The first ten minutes": each complaint of a new user, reproduced through the
command line, with the exact message and exit code it gets now (sqlite-utils' style:
CliRunner, one assertion on the whole output where it is short). Natural inputs (item 11):
tests/test_natural_inputs.py; CLI conventions (item 13): tests/test_cli_conventions.py."""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from first_ten_support import (
    CREATED,
    GOALS,
    IMPORT_HINT,
    ROOT,
    START,
    day_stacks,
    error,
    make,
    plan_toml,
    run,
)
from planforge import cli
from planforge.core.rules.texts import RULES, rules_markdown
from sampling import sample

# ---------------------------------------------------------------------- 1: no arguments


def test_planforge_alone_prints_the_help_and_exits_0() -> None:
    result = run()
    assert result.exit_code == 0
    assert result.stdout == run("--help").stdout
    assert result.stdout.startswith("Usage: planforge [OPTIONS] COMMAND [ARGS]...\n")
    assert result.stderr == ""


def test_python_m_planforge_alone_prints_the_help() -> None:
    proc = subprocess.run([sys.executable, "-m", "planforge"], capture_output=True, text=True,
                          check=False, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert (proc.returncode, proc.stderr) == (0, "")
    assert proc.stdout.startswith("Usage: planforge [OPTIONS] COMMAND [ARGS]...\n")
    assert "\n  make " in proc.stdout


# --------------------------------------------------------------- 3: a goal of your own


def test_goals_new_writes_a_named_template_into_a_new_folder(tmp_path: Path) -> None:
    folder = tmp_path / "no" / "such" / "folder"
    env = {"PLANFORGE_TEMPLATES": str(folder)}
    result = run("goals", "--new", "my-glutes", "--from", "glutes", env=env)
    path = folder / "my-glutes.toml"
    assert (result.exit_code, result.stdout) == (0, "")
    assert result.stderr == f"wrote {path}: edit it, then: planforge make --goal my-glutes\n"
    text = path.read_text(encoding="utf-8")
    assert '\nname = "my-glutes"\n' in text and 'name = "glutes"' not in text
    listed = run("goals", env=env)
    assert listed.stdout.splitlines()[-1] == (
        "my-glutes   Glute strength 2-3 days a week, plus hill sprints for hip extension once "
        "your base is built.  (user template)")
    made = make("--goal", "my-glutes", "--weeks", "12", "-o", str(tmp_path / "p.ics"),
                env=env)
    assert made.exit_code == 0, made.output


@pytest.mark.parametrize(("args", "message"), [
    (["--new", "glutes"], "'glutes' is a built-in goal; choose another name, e.g. my-glutes"),
    (["--new", "My Glutes"], "'My Glutes' cannot name a goal: use 1 to 40 lower-case letters, "
                             "digits and '-', starting with a letter or digit, e.g. my-glutes"),
    (["--new", "x", "--from", "glute"], "Invalid value for '--from': unknown goal 'glute'; did "
                                        f"you mean 'glutes'? Choose one of: {GOALS}"),
])
def test_goals_new_refusals(args: list[str], message: str) -> None:
    error(run("goals", *args), message)


def test_goals_new_never_overwrites(tmp_path: Path) -> None:
    env = {"PLANFORGE_TEMPLATES": str(tmp_path)}
    (tmp_path / "mine.toml").write_text("# mine\n", encoding="utf-8")
    error(run("goals", "--new", "mine", env=env),
          f"{tmp_path / 'mine.toml'} already exists; edit it, or choose another name")
    assert (tmp_path / "mine.toml").read_text(encoding="utf-8") == "# mine\n"


# -------------------------------------------------------------------------- 5: zones


@pytest.mark.parametrize(("zone", "message"), [
    ("EST", "'EST' is an abbreviation, not a place's time zone (EST, say, is UTC-5 all year, "
            "an hour off all summer); use an IANA name such as America/New_York or "
            "America/Toronto"),
    ("PST", "'PST' is an abbreviation, not a place's time zone (EST, say, is UTC-5 all year, "
            "an hour off all summer); use an IANA name such as America/Los_Angeles or "
            "America/Vancouver"),
    ("UTC+1", "'UTC+1' is a fixed offset, not a time zone: it has no daylight-saving time; "
              "name the place, such as Europe/Paris or Europe/Berlin or Africa/Lagos, or "
              "Etc/GMT-1 for a fixed offset (IANA inverts the sign)"),
    ("+05:30", "'+05:30' is a fixed offset, not a time zone: it has no daylight-saving time; "
               "name the place, such as Asia/Kolkata"),
    ("Lodnon", "unknown time zone 'Lodnon'; expected an IANA name, did you mean "
               "Europe/London?"),
])
def test_abbreviations_and_offsets_are_refused_with_the_likely_zones(zone: str,
                                                                     message: str) -> None:
    error(make("--goal", "glutes", "--time", "07:00", "--tz", zone),
          f"Invalid value for '--tz': {message}")


@pytest.mark.parametrize(("city", "zone"), [("London", "Europe/London"),
                                           ("New York", "America/New_York"),
                                           ("tokyo", "Asia/Tokyo"),
                                           ("europe/london", "Europe/London"),
                                           ("Buenos Aires", "America/Argentina/Buenos_Aires")])
def test_a_city_is_its_zone_and_the_report_names_it(city: str, zone: str,
                                                    tmp_path: Path) -> None:
    result = make("--goal", "glutes", "--time", "7am", "--tz", city, "-o",
                  str(tmp_path / "p.json"))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert lines[0] == f"note: times in {zone} (for {city!r})"
    assert lines[1].startswith(f"wrote {tmp_path / 'p.json'}: 8 weeks, ")
    assert lines[1].endswith(f"), 2037-12-07 to 2038-01-31, times 07:00 in {zone}")
    assert f'"timezone": "{zone}"' in (tmp_path / "p.json").read_text(encoding="utf-8")


def test_a_tz_it_cannot_read_is_said_not_silently_replaced(tmp_path: Path) -> None:
    result = make("--goal", "glutes", "--time", "07:00", "-q", "-o", str(tmp_path / "p.ics"),
                  env={"TZ": "EST5EDT,M3.2.0,M11.1.0"})
    assert result.exit_code == 0, result.output
    assert re.fullmatch(r"warning: TZ='EST5EDT,M3\.2\.0,M11\.1\.0' is not a time zone "
                        r"planforge can read \(it takes IANA names like Europe/London\); "
                        r"using \S+ instead: give --tz to choose\n", result.stderr)


def test_the_system_zone_is_named(tmp_path: Path) -> None:
    result = make("--goal", "glutes", "--time", "07:00", "-o", str(tmp_path / "p.ics"),
                  env={"TZ": "Asia/Tokyo"})
    assert result.stderr.splitlines()[0] == (
        "note: times in Asia/Tokyo, the system's zone (--tz chooses another)")


def test_etc_gmt_is_taken_as_asked_with_a_note(tmp_path: Path) -> None:
    result = make("--goal", "glutes", "--time", "07:00", "--tz", "Etc/GMT+5", "-o",
                  str(tmp_path / "p.ics"))
    assert result.stderr.splitlines()[0] == (
        "note: Etc/GMT+5 is a fixed offset, UTC-5, with no daylight-saving time; name a place "
        "(such as Europe/Paris) for local time all year")


# --------------------------------------------------------------------- 7: plan files


def test_every_problem_of_a_plan_file_in_one_report(tmp_path: Path) -> None:
    path = plan_toml(tmp_path)
    text = path.read_text(encoding="utf-8")
    text = text.replace("repeat = 8", "repeat = 6", 1)
    text = text.replace('weekday = "wed"', 'weekday = "thu"', 1)
    text = text.replace('end = "2038-01-03"', 'end = "2038-01-04"', 1)
    path.write_text(text, encoding="utf-8")
    p = str(path)
    error(run("check", p), "\n".join([
        f"{p}: 7 problems, one per line:",
        f"  {p}: plan.end: 2038-01-04 does not match start and weeks (2038-01-03); start and "
        "weeks decide the end: fix or delete end",
        f"  {p}: sessions[0].run_min: says 8 but main holds 6 min of running; the main set "
        "decides it: edit main, then fix or delete run_min",
        f"  {p}: sessions[0].walk_min: says 12 but main holds 9 min of walking; the main set "
        "decides it: edit main, then fix or delete walk_min",
        f"  {p}: sessions[0].on_feet_min: says 20 but main holds 15 min on your feet; the main "
        "set decides it: edit main, then fix or delete on_feet_min",
        f"  {p}: sessions[0].total_run_min: says 8 but main set, warm-up and cool-down hold 6 "
        "min of running or jogging; they decide it: fix or delete total_run_min",
        f"  {p}: sessions[0].duration_min: says 30 but warm-up, main set and cool-down make 25 "
        "min; they decide it: fix or delete duration_min",
        f"  {p}: sessions[2].weekday: thu does not match the date 2037-12-09, a wed; the date "
        "decides: fix or delete weekday",
    ]))


def test_derived_numbers_left_out_follow_main_and_a_stale_title_is_flagged(
        tmp_path: Path) -> None:
    path = plan_toml(tmp_path)
    lines = path.read_text(encoding="utf-8").split("\n")
    first = lines.index("[[sessions]]")
    body = lines[first:first + 40]
    derived = ("run_min =", "walk_min =", "on_feet_min =", "duration_min =",
               "longest_run_min =", "total_run_min =")
    kept = [line for line in body if not line.startswith(derived)]
    text = "\n".join(lines[:first] + kept + lines[first + 40:])
    path.write_text(text.replace("repeat = 8", "repeat = 6", 1), encoding="utf-8")
    result = run("render", str(path), "--format", "json", "-o", str(tmp_path / "p.json"))
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        f"warning: {path}: sessions[0].title 'Week 1: Run/walk 8 x 1 min (30 min)' says 30 min "
        "(it takes 25); 8 x (main repeats 6 x): update the title, or the calendar shows the "
        "old workout")
    doc = (tmp_path / "p.json").read_text(encoding="utf-8")
    assert '"run_min": 6,' in doc and '"duration_min": 25,' in doc


def test_a_plan_on_standard_input(tmp_path: Path) -> None:
    path = plan_toml(tmp_path)
    result = run("check", "-", stdin=path.read_text(encoding="utf-8"))
    assert (result.exit_code, result.stdout) == (0, "")
    count = path.read_text(encoding="utf-8").count("\n[[sessions]]\n")
    assert result.stderr == f"standard input: keeps every rule (4 weeks, {count} workouts)\n"


# --------------------------------------------------------------------- 8: times shown


def _span(start: dt.datetime, end: dt.datetime) -> str:
    return f"{start:%H:%M}-{end:%H:%M}" + (" (+1d)" if end.date() > start.date() else "")


def test_show_prints_times_and_zone(tmp_path: Path) -> None:
    args = ("--goal", "glutes", "--weeks", "2", "--start", START, "--time", "07:00", "--tz",
            "Asia/Tokyo", "--created", CREATED)
    result = run("show", *args)
    assert result.exit_code == 0, result.output
    assert make(*args[4:], "-o", str(tmp_path / "p.json"), "--goal", "glutes", "--weeks",
                "2").exit_code == 0
    week1 = {d: v for d, v in day_stacks(tmp_path / "p.json", dt.time(7)).items()
             if d < dt.date(2037, 12, 14)}
    expected = "; ".join(
        f"{d:%a} " + ", ".join(f"{_span(start, end)} {kind}" for kind, start, end in stack)
        for d, stack in sorted(week1.items()))
    lines = result.stdout.splitlines()
    assert lines[2] == ("Times 07:00 in Asia/Tokyo; a second workout on a day starts when "
                        "the first ends.")
    paragraph = " ".join(lines[3:lines.index("", 3)])
    assert paragraph == f"Week 1: {expected}"
    plain = run("show", "--goal", "glutes", "--weeks", "2", "--start", START)
    assert "Times" not in plain.stdout


def test_csv_markdown_and_html_show_each_workouts_time(tmp_path: Path) -> None:
    for ext in ("csv", "md", "html", "json"):
        out = tmp_path / f"p.{ext}"
        result = make("--goal", "glutes", "--weeks", "1", "--time", "07:00", "--tz",
                      "Asia/Tokyo", "-o", str(out))
        assert result.exit_code == 0, result.output
    monday = day_stacks(tmp_path / "p.json", dt.time(7))[dt.date(2037, 12, 7)]
    assert len(monday) >= 2 and monday[0][1].time() == dt.time(7)
    rows = list(csv.DictReader(io.StringIO((tmp_path / "p.csv").read_text(encoding="utf-8"))))
    assert [(r["date"], r["start"], r["end"], r["timezone"]) for r in rows[:2]] == [
        ("2037-12-07", f"{start:%H:%M}", f"{end:%H:%M}", "Asia/Tokyo")
        for _, start, end in monday[:2]]
    md = (tmp_path / "p.md").read_text(encoding="utf-8")
    assert "Times 07:00 in Asia/Tokyo; a second workout on a day starts when the first ends." \
        in md
    day_line = next(line for line in md.splitlines() if line.startswith("- **Mon 7 Dec**: "))
    assert [part.split(" ", 1)[0] for part in day_line.split(": ", 1)[1].split("; ")] == [
        f"{start:%H:%M}" for _, start, _ in monday]
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    first = monday[0]
    assert f'<p class="tags">{_span(first[1], first[2])} Asia/Tokyo &middot; ' in html


def test_stacked_workouts_past_midnight_are_reported(tmp_path: Path) -> None:
    args = ("--goal", "glutes", "--weeks", "3", "--time", "23:30", "--tz", "Asia/Tokyo")
    assert make(*args, "-o", str(tmp_path / "p.json")).exit_code == 0
    late: dict[int, list[tuple[int, dt.timedelta]]] = {}
    for date, stack in day_stacks(tmp_path / "p.json", dt.time(23, 30)).items():
        midnight = dt.datetime.combine(date + dt.timedelta(days=1), dt.time(0))
        week = (date - dt.date(2037, 12, 7)).days // 7 + 1
        for _, _, end in stack:
            if end > midnight:
                late.setdefault(date.weekday(), []).append((week, end - midnight))
    assert late, "23:30 stacks must spill somewhere"
    names = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
    expected = []
    for day, items in sorted(late.items()):
        latest = dt.datetime(2000, 1, 3, 23, 30) - max(  # noqa: DTZ001 - a wall clock
            over for _, over in items)
        latest -= dt.timedelta(minutes=latest.minute % 15)
        weeks = sorted({w for w, _ in items})
        span = (f"weeks {weeks[0]}-{weeks[-1]}" if len(weeks) > 1 and
                weeks == list(range(weeks[0], weeks[-1] + 1)) else
                f"week{'s' if len(weeks) > 1 else ''} {', '.join(map(str, weeks))}")
        n = len(items)
        expected.append(f"warning: {n} {names[day]} workout{'s' if n != 1 else ''} ({span}) "
                        "would run past midnight, onto the next day: a second workout starts "
                        f"when the first ends; give --time {names[day]}={latest:%H:%M} or "
                        "earlier")
    result = make(*args, "-o", str(tmp_path / "p.ics"))
    assert [line for line in result.stderr.splitlines() if line.startswith("warning:")] == \
        expected


# ----------------------------------------------------------- 10: reminders, import hint


def test_all_day_reminders_say_when_they_fire(tmp_path: Path) -> None:
    result = make("--goal", "glutes", "--remind", "30m", "-o", str(tmp_path / "p.ics"))
    lines = result.stderr.splitlines()
    assert lines[-2:] == [
        "note: an all-day event starts at midnight: this reminder for a Monday workout comes "
        "at 23:30 on Sunday; give --time for one shortly before the workout itself",
        IMPORT_HINT]
    timed = make("--goal", "glutes", "--remind", "30m", "--time", "07:00", "--tz", "UTC",
                 "-o", str(tmp_path / "q.ics"))
    assert "note: an all-day event" not in timed.stderr
    assert timed.stderr.splitlines()[-1] == IMPORT_HINT


def test_the_import_hint_points_at_a_readme_section_that_exists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "\n## Import into your calendar\n" in readme
    assert "into a new calendar" in IMPORT_HINT


# -------------------------------------------------------------------- 14: the rules


def test_check_explain_prints_a_rule() -> None:
    result = run("check", "--explain", "r20", env={"COLUMNS": "80"})
    assert result.exit_code == 0
    assert result.stdout.startswith("R20: The longest run grows in NHS-sized steps\n\n")
    assert result.stdout.endswith("\n\nSource: NHS Couch to 5K, weeks 1 to 9.\n")
    error(run("check", "--explain", "R99"), "unknown rule 'R99'; the rules are R1 to R39")


def test_every_rule_is_documented_in_docs_rules_md() -> None:
    from planforge.core.rules.check import RULES as REGISTRY

    # every rule check registers has its words, in order of its number
    checked = sorted((r.id for r in REGISTRY if r.id != "START"), key=lambda i: int(i[1:]))
    assert [r.rule for r in RULES] == checked
    assert checked[:30] == [f"R{i}" for i in range(1, 31)]
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == rules_markdown()


def test_readme_does_not_link_outside_the_project() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "](../" not in readme
    assert "a 8-week" not in readme


# ------------------------------------------ every goal and level, as the guide says

GOAL_NAMES = tuple(GOALS.split(", "))
LEVELS = ("beginner", "returning", "runner")


@pytest.mark.parametrize(("goal", "level"), sample(
    itertools.product(GOAL_NAMES, LEVELS), keep=2, tuples=True, ids="-".join))
def test_check_strict_passes_every_plan_make_writes(goal: str, level: str,
                                                    tmp_path: Path) -> None:
    out = tmp_path / "plan.toml"
    assert make("--goal", goal, "--level", level, "-q", "-o", str(out)).exit_code == 0
    result = run("check", "--strict", str(out))
    assert result.exit_code == 0, result.output
    assert " 0 errors" in result.stderr or "keeps every rule" in result.stderr


@pytest.mark.parametrize(("goal", "level"), sample(
    itertools.product(GOAL_NAMES, LEVELS), keep=5, tuples=True, ids="-".join))
def test_every_week_can_be_repeated(goal: str, level: str) -> None:
    from planforge.core.engine.progression import build_plan
    from planforge.core.replan.repeat import repeat_week
    from planforge.core.rules.check import check_plan, errors

    plan = build_plan(goal=goal, level=level, weeks=12, start=dt.date(2037, 12, 7),
                      created=dt.datetime(2026, 11, 20, tzinfo=dt.UTC))
    for week in range(1, 13):
        change = repeat_week(plan, from_date=plan.start + dt.timedelta(days=7 * (week - 1)))
        assert change.plan.weeks in (13, 14)
        assert not errors(check_plan(change.plan)), (week, errors(check_plan(change.plan)))


def test_goals_show_takes_the_goal_as_goal_does() -> None:
    result = run("goals", "--show", "Loose_Skin")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == [
        "# The goal template 'loose-skin', printed by: planforge goals --show loose-skin",
        "# To make a goal of your own from it: planforge goals --new NAME --from loose-skin"]
    error(run("goals", "--from", "thighs"),
          "--from goes with --new NAME: planforge goals --new NAME --from GOAL")


def test_a_calendar_planforge_wrote_on_standard_input(tmp_path: Path) -> None:
    out = tmp_path / "plan.ics"
    assert make("--goal", "glutes", "--weeks", "2", "-q", "-o", str(out)).exit_code == 0
    result = CliRunner().invoke(cli.main, ["check", "-"], input=out.read_bytes(),
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    count = out.read_bytes().count(b"BEGIN:VEVENT")
    assert result.stderr == f"standard input: keeps every rule (2 weeks, {count} workouts)\n"
