"""planforge.web, what the web page calls, in CPython: the same files and messages as the CLI.

Every comparison is against the command itself (click's CliRunner writing real files), not
against values copied from planforge.web's own output. The page in a real browser is
tests/test_web_page.py.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shlex
import tomllib
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planforge import cli, web
from planforge.core.engine.progression import default_days
from planforge.goals.catalog import builtin_goals
from planforge.goals.equipment import EQUIPMENT
from sampling import sample

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "web" / "dist"
START = "2026-11-23"
CREATED = "2026-11-20T08:00:00Z"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


def cli_file(tmp_path: Path, args: list[str], name: str) -> bytes:
    out = tmp_path / name
    result = run(*args, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def cli_notes(tmp_path: Path, args: list[str]) -> list[str]:
    """What the command prints on standard error before its closing 'wrote ...' report."""
    result = run(*args, "-o", str(tmp_path / "notes.ics"))
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    wrote = next(i for i, line in enumerate(lines) if line.startswith("wrote "))
    return lines[:wrote]


def cli_error(*args: str) -> str:
    result = run(*args)
    assert result.exit_code != 0, result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: "), result.stderr
    return lines[0].removeprefix("Error: ")


FORMS = [
    {"goal": "glutes", "weeks": "8", "start": START, "created": CREATED},
    {"goal": "thighs", "level": "runner", "weeks": "12", "start": "2027-03-01",
     "days": "mon,wed,fri,sat", "time": ["07:00", "sat=09:00"], "tz": "Europe/London",
     "created": CREATED},
    {"goal": "fat-loss", "level": "returning", "weeks": "3", "start": START, "remind": "1h",
     "busy-only": True, "calendar-color": "teal", "created": CREATED},
    {"goal": "loose-skin", "weeks": "6", "start": START, "equipment": "mat,chair",
     "created": CREATED},
    {"goal": "general", "weeks": "4", "start": START, "equipment": "none", "created": CREATED},
]


@pytest.mark.parametrize("values", FORMS, ids=lambda v: f"{v['goal']}-{v['weeks']}w")
def test_make_plan_gives_the_clis_files(tmp_path: Path, values: dict[str, object]) -> None:
    answer = web.make_plan(values)
    assert answer["ok"], answer["errors"]
    assert answer["errors"] == []
    args = ["make", *web.to_args(values)]
    for kind in ("ics", "toml", "html"):
        assert answer["files"][kind] == cli_file(tmp_path, args, f"plan.{kind}"), kind
    weeks = values["weeks"]
    assert answer["names"]["ics"] == f"planforge-{values['goal']}-{weeks}w.ics"
    assert answer["workouts"] == answer["files"]["ics"].count(b"BEGIN:VEVENT")
    assert answer["summary"][0].startswith(f"{weeks} weeks, {answer['workouts']} workouts (")


def test_the_command_it_shows_makes_the_same_calendar(tmp_path: Path) -> None:
    answer = web.make_plan(FORMS[1])
    words = shlex.split(answer["command"])
    assert words[:2] == ["planforge", "make"] and words[-2] == "-o"
    out = tmp_path / words[-1]
    assert run(*words[1:-2], "-o", str(out)).exit_code == 0
    assert out.read_bytes() == answer["files"]["ics"]


BAD = [
    ({"weeks": "60"}, "--weeks", "60 weeks is out of range; expected 1 to 52"),
    ({"weeks": "-3"}, "--weeks", "-3 weeks is out of range; expected 1 to 52"),
    ({"weeks": "eight"}, "--weeks", None),
    ({"goal": "abs"}, "--goal", None),
    ({"start": "2026-02-30"}, "--start", None),
    ({"days": ""}, "--days", None),
    ({"days": "mon,funday"}, "--days", None),
    ({"time": ["25:00"]}, "--time", None),
    ({"time": ["07:00", "08:00"]}, "--time", "--time HH:MM is given twice; give one default time"),
    ({"time": ["07:00"], "tz": "Europe/Lndon"}, "--tz", None),
    ({"remind": "9d"}, "--remind", None),
    ({"calendar-color": "#ff0000"}, "--calendar-color", None),
    ({"created": "yesterday"}, "--created", None),
]


@pytest.mark.parametrize(("change", "option", "message"), BAD, ids=lambda x: repr(x)[:40])
def test_a_bad_value_gets_the_clis_message(change: dict[str, object], option: str,
                                           message: str | None) -> None:
    values = {**FORMS[0], **change}
    answer = web.make_plan(values)
    assert not answer["ok"]
    assert "files" not in answer
    (error,) = answer["errors"]
    assert error["option"] == option
    assert error["line"] == cli_error("make", *web.to_args(values))
    assert error["message"] in error["line"]
    if message is not None:
        assert error["message"] == message


def test_a_form_gets_every_bad_value_at_once() -> None:
    """The command line stops at the first bad value; the page lists them all, each with the
    message the command gives when that value alone is bad."""
    bad = {"weeks": "60", "time": ["07:00"], "tz": "Europe/Lndon", "remind": "9d",
           "created": "x"}
    answer = web.make_plan({**FORMS[0], **bad})
    assert sorted(e["option"] for e in answer["errors"]) == ["--created", "--remind", "--tz",
                                                             "--weeks"]
    for error in answer["errors"]:
        key = error["option"].removeprefix("--")
        alone = {**FORMS[0], key: bad[key]}
        if key == "tz":
            alone["time"] = ["07:00"]
        assert error["line"] == cli_error("make", *web.to_args(alone))
    shifted = web.shift_plan(b"", "x.toml", {"from": "2026-13-01", "by": "9w9"})
    assert [e["option"] for e in shifted["errors"]] == ["--from", "--by"]


def test_a_missing_goal_and_an_unknown_option_are_reported_as_the_cli_does() -> None:
    answer = web.make_plan({"weeks": "8"})
    assert answer["errors"][0]["option"] == "--goal"
    assert answer["errors"][0]["line"].startswith("Missing option '--goal' (a goal ")
    answer = web.make_plan({"goal": "glutes", "no-such-thing": "1"})
    assert answer["errors"][0]["line"].startswith("No such option")


def test_notes_the_cli_prints_come_back_as_notes() -> None:
    answer = web.make_plan({"goal": "glutes", "tz": "Europe/London", "created": CREATED,
                            "start": START})
    assert answer["ok"]
    assert answer["notes"] == ["note: --tz has no effect without --time; events are all-day"]


def test_to_args() -> None:
    assert web.to_args({"goal": "glutes", "busy-only": True, "calendar-color": None, "force": False,
                        "time": ["07:00", "sat=09:00"], "weeks": 8}) == [
        "--goal=glutes", "--busy-only", "--time=07:00", "--time=sat=09:00", "--weeks=8"]


@pytest.mark.parametrize(("today", "monday"), [("2026-11-30", "2026-12-07"),
                                               ("2026-12-02", "2026-12-07"),
                                               ("2026-12-06", "2026-12-07")])
def test_form_info(today: str, monday: str) -> None:
    info = web.form_info(today=today)
    assert info["start"] == monday
    assert dt.date.fromisoformat(monday).weekday() == 0
    assert [g["name"] for g in info["goals"]] == list(builtin_goals())
    assert all(g["description"] for g in info["goals"])
    days = info["weekdays"]
    for level in info["levels"]:
        assert info["default_days"][level] == [days[d] for d in default_days(level)]
    make = info["options"]["make"]
    assert make["level"]["choices"] == ["beginner", "returning", "runner"]
    assert make["busy-only"]["flag"] and make["time"]["multiple"]
    assert [e["name"] for e in info["equipment"]] == list(EQUIPMENT)
    assert all(e["words"] for e in info["equipment"])
    assert "[default" not in make["start"]["help"] and make["start"]["help"]


def test_every_field_of_the_page_is_an_option_of_its_command() -> None:
    """web/app.js names options; each must be one the command has (a renamed option would
    otherwise vanish from the page)."""
    script = (ROOT / "web" / "app.js").read_text("utf-8")
    options = web.form_info(today="2026-11-30")["options"]
    for form in ("make", "render", "shift"):
        block = re.search(rf"\n  {form}: \[\n(.*?)\n  \],", script, re.S)
        assert block, form
        named = re.findall(r'option: "([a-z-]+)"', block[1])
        assert named, form
        assert set(named) <= set(options[form]), (form, set(named) - set(options[form]))


def test_new_make_parameters_reach_the_plan_by_name() -> None:
    """make_plan passes services.make what the form read, by parameter name, so an option
    added to both (say --equipment) needs no change here; the calendar options go to the
    writer."""
    import inspect

    from planforge import services
    from planforge.services.forms import FIELDS

    wanted = set(inspect.signature(services.make).parameters)
    given = {f.param for f in FIELDS["make"]} - {"remind", "busy_only", "color"}
    assert given <= wanted


@pytest.mark.parametrize("command", ["make", "render", "shift"])
def test_the_forms_fields_are_the_commands_options(command: str) -> None:
    """The page's fields (services.forms) and the command's options have the same names,
    help, choices, flags and repetition: the command line takes its help from the fields."""
    import click

    from planforge.cli.make import make
    from planforge.cli.plans import render, shift
    from planforge.services.forms import FIELDS, help_text

    params = {p.opts[0].removeprefix("--"): p for p in {"make": make, "render": render,
                                                        "shift": shift}[command].params
              if isinstance(p, click.Option) and p.opts[0].startswith("--")}
    for field in FIELDS[command]:
        param = params[field.name]
        shown = re.sub(r"\s*\[required unless --template\]", "", param.help or "")
        assert shown == help_text(command, field.name), field.name
        assert param.is_flag == field.flag and param.multiple == field.multiple, field.name
        choices = getattr(param.type, "choices", None)
        assert (tuple(choices) if choices else None) == field.choices, field.name


# ----------------------------------------------------------------------------- plan files


@pytest.fixture
def club(tmp_path: Path) -> Path:
    path = tmp_path / "club.toml"
    assert run("make", "--goal", "thighs", "--weeks", "8", "--start", START, "--time", "07:00",
               "--tz", "Europe/London", "--created", CREATED, "-o", str(path)).exit_code == 0
    return path


RENDERS = [
    {"start": "2027-01-04", "time": ["06:30"], "tz": "America/New_York"},
    {"start": "2027-01-06", "days": "tue,thu,sat,sun", "remind": "30m"},
    {"all-day": True, "calendar-color": "orange"},
]


@pytest.mark.parametrize("values", sample(RENDERS, keep=3), ids=range(len(RENDERS)))
def test_render_plan_gives_the_clis_files(tmp_path: Path, club: Path,
                                          values: dict[str, object]) -> None:
    answer = web.render_plan(club.read_bytes(), "club.toml", values)
    assert answer["ok"], answer["errors"]
    args = ["render", str(club), *web.to_args(values)]
    for kind in ("ics", "toml", "html"):
        assert answer["files"][kind] == cli_file(tmp_path, args, f"mine.{kind}"), kind
    assert answer["names"]["ics"] == "club-rendered.ics"
    assert answer["notes"] == cli_notes(tmp_path, args)


def test_describe_plan(club: Path) -> None:
    answer = web.describe_plan(club.read_bytes(), "club.toml")
    plan = answer["plan"]
    assert plan["goal"] == "thighs" and plan["weeks"] == 8 and plan["start"] == START
    assert plan["times"] == ["07:00"] and plan["timezone"] == "Europe/London"
    assert plan["workouts"] == club.read_text("utf-8").count("[[sessions]]")


def test_a_bad_plan_file_gets_the_clis_message(tmp_path: Path, club: Path) -> None:
    text = club.read_text("utf-8").replace('level = "beginner"', 'level = "expert"', 1)
    assert text != club.read_text("utf-8")
    bad = tmp_path / "bad.toml"
    bad.write_text(text, "utf-8")
    answer = web.describe_plan(text.encode(), str(bad))
    (error,) = answer["errors"]
    assert error["line"] == cli_error("check", str(bad))
    answer = web.render_plan(b"\xff\xfe", "x.toml", {})
    assert answer["errors"][0]["message"] == "x.toml: is not UTF-8 text (byte 0)"


def test_the_page_reads_no_more_of_a_file_than_the_cli_does() -> None:
    """The page passes the first max_plan_bytes + 1 bytes of a chosen file."""
    limit = web.form_info(today="2026-11-30")["max_plan_bytes"]
    assert limit == 5_000_000
    answer = web.describe_plan(b" " * (limit + 1), "big.toml")
    assert answer["errors"][0]["message"] == (
        "big.toml: is larger than 5 MB (5,000,001 bytes or more); a plan file is at most that")


@pytest.mark.parametrize("values", [{"from": "2026-12-02", "by": "1w"},
                                    {"from": "2026-12-09", "repeat-week": True}])
def test_shift_plan_gives_the_clis_files(tmp_path: Path, club: Path, values: dict[str, object],
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    # shift records when it changed the plan (a feed's LAST-MODIFIED): one clock for both
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    answer = web.shift_plan(club.read_bytes(), "club.toml", values)
    assert answer["ok"], answer["errors"]
    args = ["shift", str(club), *web.to_args(values)]
    for kind in ("ics", "toml"):
        assert answer["files"][kind] == cli_file(tmp_path, args, f"moved.{kind}"), kind
    assert answer["names"]["toml"] == "club-shifted.toml"
    assert answer["notes"] == cli_notes(tmp_path, args)
    assert len(answer["notes"]) > 2


def test_shift_needs_by_or_repeat_week(club: Path) -> None:
    for values in ({"from": "2026-12-02"}, {"from": "2026-12-02", "by": "1w",
                                            "repeat-week": True}):
        answer = web.shift_plan(club.read_bytes(), "club.toml", values)
        assert answer["errors"][0]["line"] == cli_error("shift", "x.toml", *web.to_args(values))


def test_the_page_pins_every_dependency() -> None:
    """web/requirements.txt (the wheels the page loads) names each runtime dependency."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    needed = {re.split(r"[<>=!~;\[ ]", d, maxsplit=1)[0].lower().replace("_", "-")
              for d in project["dependencies"]}
    pinned = {m[1].lower().replace("_", "-")
              for m in re.finditer(r"^([A-Za-z0-9_.-]+)==\S+ \\$", (
                  ROOT / "web" / "requirements.txt").read_text("utf-8"), re.M)}
    assert needed and needed <= pinned, needed - pinned


def test_the_wheels_cover_every_requirement() -> None:
    """Each wheel's dependencies (markers as Pyodide's Python reads them) are shipped too."""
    from packaging.markers import default_environment
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    if not (DIST / "wheels" / "wheels.json").is_file():
        message = f"{DIST} is not built: run python web/build.py"
        if os.environ.get("CI", "").strip().lower() in ("true", "1", "yes"):
            pytest.fail(f"{message} (CI builds it)")
        pytest.skip(message)
    manifest = json.loads((DIST / "wheels" / "wheels.json").read_text("utf-8"))
    env = {**default_environment(), "python_version": manifest["python"],
           "python_full_version": f"{manifest['python']}.0", "sys_platform": "emscripten",
           "platform_system": "Emscripten", "platform_machine": "wasm32", "extra": ""}
    names = {canonicalize_name(w.split("-")[0]) for w in manifest["wheels"]}
    assert "planforge" in names
    for wheel in manifest["wheels"]:
        with zipfile.ZipFile(DIST / "wheels" / wheel) as archive:
            meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            lines = archive.read(meta).decode("utf-8").splitlines()
        for line in lines:
            if not line.startswith("Requires-Dist: "):
                continue
            req = Requirement(line.removeprefix("Requires-Dist: "))
            if req.marker is None or req.marker.evaluate(env):
                assert canonicalize_name(req.name) in names, (wheel, str(req))


def test_what_planforge_says_comes_as_data_too(tmp_path: Path) -> None:
    """``messages``: the notes and warnings as kind and text, for the page to word (the same
    texts as the command line's lines, without their "note:"/"warning:")."""
    answer = web.make_plan({"goal": "glutes", "weeks": "8", "start": "2020-01-06",
                            "created": CREATED, "days": "sat"})
    assert answer["ok"], answer["errors"]
    lines = [*answer["notes"], *answer["warnings"]]
    said = [f"{m['kind']}: {m['text']}" for m in answer["messages"]]
    assert said == lines and lines
    assert {m["kind"] for m in answer["messages"]} <= {"note", "warning", "change"}
    assert any(m["kind"] == "warning" for m in answer["messages"])


@pytest.mark.parametrize(("values", "days"), [
    ({"from": "2026-12-03"}, ["2026-12-03"]),
    ({"from": "2026-12-03", "to": "2026-12-11"}, ["2026-12-03", "2026-12-11"]),
])
def test_missed_days_gives_the_clis_files(tmp_path: Path, club: Path, values: dict[str, str],
                                          days: list[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's "I missed some days" is ``planforge missed PLAN FROM [TO] -o FILE``."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    answer = web.missed_days(club.read_bytes(), "club.toml", values)
    assert answer["ok"], answer["errors"]
    args = ["missed", str(club), *days]
    for kind in ("ics", "toml"):
        assert answer["files"][kind] == cli_file(tmp_path, args, f"missed.{kind}"), kind
    changes = [m["text"] for m in answer["messages"] if m["kind"] == "change"]
    assert changes and changes[0].startswith("Recorded ")


def test_record_done_gives_the_clis_files(tmp_path: Path, club: Path,
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The page's "I did a workout": an activity file's bytes, as ``planforge done PLAN
    FILE``; a day done as planned, as ``done PLAN --on DATE --ran MINUTES``; a file that
    is no activity, and neither file nor day, get the command line's messages."""
    import activity_files

    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    # club.toml: 07:00 in London; week 1's first run on Monday 2026-11-23
    points = activity_files.track([("walk", 300), ("run", 600), ("walk", 300)],
                                  dt.datetime(2026, 11, 23, 7, 5, tzinfo=dt.UTC))
    gpx = tmp_path / "Morning_Run.gpx"
    gpx.write_bytes(activity_files.gpx_bytes(points))
    answer = web.record_done(club.read_bytes(), "club.toml", {}, gpx.read_bytes(),
                             "Morning_Run.gpx")
    assert answer["ok"], answer["errors"]
    args = ["done", str(club), str(gpx)]
    assert answer["files"]["toml"] == cli_file(tmp_path, args, "done.toml")
    # a Monday run done by hand, 10 minutes of running
    answer = web.record_done(club.read_bytes(), "club.toml", {"on": "2026-11-30", "ran": "10"})
    assert answer["ok"], answer["errors"]
    args = ["done", str(club), "--on", "2026-11-30", "--ran", "10"]
    assert answer["files"]["ics"] == cli_file(tmp_path, args, "by-hand.ics")
    # a Tuesday of strength only: minutes run go with a day of one run
    answer = web.record_done(club.read_bytes(), "club.toml", {"on": "2026-11-24", "ran": "10"})
    assert answer["errors"][0]["line"] == cli_error("done", str(club), "--on", "2026-11-24",
                                                    "--ran", "10")
    notes = tmp_path / "notes.txt"
    notes.write_text("hello", "utf-8")
    answer = web.record_done(club.read_bytes(), "club.toml", {}, b"hello", "notes.txt")
    assert not answer["ok"]
    assert answer["errors"][0]["message"] == cli_error("done", str(club), str(notes)).replace(
        str(notes), "notes.txt")
