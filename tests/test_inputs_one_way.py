"""Inputs read one way (issue 20): what ``--tz`` refuses, every other way in refuses too.

``EST`` is in the zone database (UTC-5 all year), so a plan file with ``timezone = "EST"``
was checked, rendered and published while ``render --tz EST`` refused it. Now a zone read
from a plan file, given to the library or named in a roster is read as the command line
reads it: an abbreviation or a fixed offset is refused with the places it likely means.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planforge import build_plan, render_ics, services
from planforge.cli import main
from planforge.core.model import Times
from planforge.errors import UsageError

CREATED = "2027-01-01T00:00:00Z"
EST = ("'EST' is an abbreviation, not a place's time zone (EST, say, is UTC-5 all year, an "
       "hour off all summer); use an IANA name such as America/New_York or America/Toronto")


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def est_plan(tmp_path: Path) -> Path:
    good = tmp_path / "ny.toml"
    assert run("make", "--goal", "glutes", "--weeks", "2", "--start", "2027-01-04", "--time",
               "07:00", "--tz", "America/New_York", "--created", CREATED, "-o",
               str(good)).exit_code == 0
    bad = tmp_path / "est.toml"
    text = good.read_text("utf-8")
    assert 'timezone = "America/New_York"' in text
    bad.write_text(text.replace('timezone = "America/New_York"', 'timezone = "EST"'), "utf-8")
    return bad


@pytest.mark.parametrize("command", [["check"], ["render"], ["show"], ["next"],
                                     ["shift", "--from", "2027-01-05", "--by", "1d"]])
def test_a_plan_file_in_est_is_refused_by_every_command(est_plan: Path, tmp_path: Path,
                                                        command: list[str]) -> None:
    out = ["-o", str(tmp_path / "out.toml")] if command[0] in ("render", "next", "shift") else []
    if command[0] == "render":
        out = ["-o", str(tmp_path / "out.ics")]
    result = run(command[0], str(est_plan), *command[1:], *out)
    assert (result.exit_code, result.stderr) == (2, f"Error: {est_plan}: plan.timezone: {EST}\n")
    assert run("render", str(est_plan), "--tz", "EST").stderr == (
        f"Error: Invalid value for '--tz': {EST}\n")


@pytest.mark.parametrize("zone", ["EST", "CST6CDT", "MST", "PST8PDT"])
def test_the_library_refuses_an_abbreviation(zone: str) -> None:
    with pytest.raises(UsageError, match="is an abbreviation, not a place's time zone"):
        build_plan(goal="glutes", weeks=2, start=dt.date(2027, 1, 4),
                   created=dt.datetime(2027, 1, 1, tzinfo=dt.UTC), timezone=zone,
                   times=Times(default=dt.time(7, 0)))
    plan = build_plan(goal="glutes", weeks=2, start=dt.date(2027, 1, 4),
                      created=dt.datetime(2027, 1, 1, tzinfo=dt.UTC),
                      timezone="America/New_York", times=Times(default=dt.time(7, 0)))
    with pytest.raises(UsageError, match="is an abbreviation, not a place's time zone"):
        render_ics(replace(plan, timezone=zone))
    with pytest.raises(UsageError, match="is an abbreviation"):
        services.render(plan=plan, timezone=zone)


@pytest.mark.parametrize("zone", ["UTC", "Etc/GMT+5", "America/Indiana/Indianapolis",
                                  "US/Eastern"])
def test_zones_that_are_places_or_say_what_they_are_still_read(zone: str) -> None:
    plan = build_plan(goal="glutes", weeks=1, start=dt.date(2027, 1, 4),
                      created=dt.datetime(2027, 1, 1, tzinfo=dt.UTC), timezone=zone,
                      times=Times(default=dt.time(7, 0)))
    assert render_ics(plan).count(b"BEGIN:VEVENT") == len(plan.sessions)


# ----------------------------------------------------------------------------- rosters

ROSTER = """name,start,days,time,tz,level,remind
Ann,4 January 2027,weekdays,7am,London,,30m
Bea,,weekend,7am,London,,
Cal,,,7am,EST,,
Dan,,"mon wed fri sat",6:30 pm,new york,,1h
Eve,,,,,begginer,
Fay,monday,,,,,
Gus,,"mon,wed,fri",,,runner,
"""
#: the same members, with the columns' older names
OLD_HEADER = "name,start,days,time,zone,level,reminder"


@pytest.fixture
def club(tmp_path: Path) -> Path:
    path = tmp_path / "club.toml"
    assert run("make", "--goal", "glutes", "--weeks", "6", "--start", "2027-01-04", "--time",
               "07:00", "--tz", "Europe/London", "--created", CREATED, "-o",
               str(path)).exit_code == 0
    return path


def _batch(club: Path, roster_text: str, tmp_path: Path, name: str) -> tuple[Result, Path]:
    roster = tmp_path / f"{name}.csv"
    roster.write_text(roster_text, "utf-8")
    out = tmp_path / name
    return run("batch", str(club), str(roster), "-o", str(out)), out


def _problems(result: Result, roster: Path) -> dict[str, str]:
    """Each problem line of a batch run by member: 'field: message'."""
    out = {}
    for line in result.stderr.splitlines():
        if line.startswith(f"{roster}: line "):
            who, _, rest = line.removeprefix(f"{roster}: ").partition(": ")
            out[who.split("(")[1].rstrip(")")] = rest
    return out


def _overview(out: Path) -> dict[str, dict[str, str]]:
    return {r["name"]: r for r in csv.DictReader((out / "club.csv").read_text("utf-8")
                                                 .splitlines())}


def _cli_error(*args: str) -> str:
    result = run(*args)
    assert result.exit_code != 0
    return result.stderr.removeprefix("Error: ").removeprefix("Invalid value for ").strip()


def _sessions(plan_path: Path) -> list[tuple[object, ...]]:
    from planforge import load_plan

    plan = load_plan(plan_path)
    return [(s.date, s.kind, s.workout, s.duration_min) for s in plan.sessions]


def _starts(ics: bytes) -> list[object]:
    import icalendar

    return sorted(e.decoded("DTSTART") for e in icalendar.Calendar.from_ical(ics).walk("VEVENT"))


def test_a_roster_reads_its_cells_as_the_command_line_reads_its_options(
        club: Path, tmp_path: Path) -> None:
    """7am, London, weekend, 4 January 2027, "mon wed fri sat", 6:30 pm, new york, 30m: each
    cell gives what the same value gives on the command line, refusals in the same words."""
    result, out = _batch(club, ROSTER, tmp_path, "new")
    roster = tmp_path / "new.csv"
    problems = _problems(result, roster)
    assert result.exit_code == 1
    # refused: the same message as the option gives (without click's "'--tz': " part)
    assert problems["Bea"] == "days: " + _cli_error(
        "render", str(club), "--days", "weekend", "-o", str(tmp_path / "x.toml"))
    assert problems["Cal"] == "tz: " + _cli_error(
        "render", str(club), "--tz", "EST").removeprefix("'--tz': ")
    assert problems["Eve"] == "level: " + _cli_error(
        "make", "--goal", "glutes", "--level", "begginer").removeprefix("'--level': ")
    assert problems["Eve"].startswith("level: unknown level 'begginer'; did you mean 'beginner'?")
    assert problems["Fay"] == ("start: 'monday' means another day each time batch runs; write "
                               "the date, like 2027-01-04 or 4 January 2027")
    # a member whose days cannot hold the club's plan is refused at every level, as
    # render --days refuses them (here at another level: the club's plan built for runners)
    assert problems["Gus"].startswith("days: the days mon,wed,fri cannot hold week ")
    assert set(problems) == {"Bea", "Cal", "Eve", "Fay", "Gus"}
    # made: the same workouts at the same times as render with the same values
    rows = _overview(out)
    for name, args in (("Ann", ["--start", "2027-01-04", "--days", "weekdays", "--time", "7am",
                                "--tz", "London", "--remind", "30m"]),
                       ("Dan", ["--days", "mon wed fri sat", "--time", "6:30 pm", "--tz",
                                "new york", "--remind", "1h"])):
        mine = tmp_path / f"{name}.toml"
        assert run("render", str(club), *[a for a in args if a != "--remind"
                                          and a not in ("30m", "1h")],
                   "-o", str(mine)).exit_code == 0
        assert _sessions(out / rows[name]["plan_file"]) == _sessions(mine)
        ics = tmp_path / f"{name}.ics"
        assert run("render", str(club), *args, "-o", str(ics)).exit_code == 0
        feed = (out / rows[name]["feed"]).read_bytes()
        assert _starts(feed) == _starts(ics.read_bytes())
        alarm = ics.read_bytes().split(b"BEGIN:VALARM")[1].split(b"END:VALARM")[0]
        assert b"TRIGGER:-PT" in alarm and alarm.split(b"TRIGGER:")[1].split(b"\r\n")[0] in feed


def test_the_older_column_names_read_the_same(club: Path, tmp_path: Path) -> None:
    new, new_out = _batch(club, ROSTER, tmp_path, "new")
    old, old_out = _batch(club, ROSTER.replace(ROSTER.splitlines()[0], OLD_HEADER), tmp_path,
                          "old")
    assert (new.exit_code, old.exit_code) == (1, 1)
    assert _problems(new, tmp_path / "new.csv").keys() == _problems(old, tmp_path /
                                                                   "old.csv").keys()
    for name in ("Ann", "Dan"):
        assert _sessions(new_out / _overview(new_out)[name]["plan_file"]) == _sessions(
            old_out / _overview(old_out)[name]["plan_file"])


def test_a_column_under_both_its_names_is_refused(club: Path, tmp_path: Path) -> None:
    result, _ = _batch(club, "name,tz,zone\nAnn,London,London\n", tmp_path, "both")
    assert (result.exit_code, result.stderr) == (
        2, f"Error: {tmp_path / 'both.csv'}: line 1: the columns 'tz' and 'zone' are one "
           "column, 'tz'; keep one\n")


def test_the_web_pages_zone_list_offers_only_zones_every_way_in_accepts() -> None:
    """The page's searchable list (services.inputs.zone_names) leaves out what --tz, plan
    files and rosters refuse."""
    from planforge.core.inputs.zonenames import resolve_zone
    from planforge.services.inputs import zone_names

    names = zone_names()
    assert "Europe/London" in names and "America/Indiana/Indianapolis" in names
    assert not {"EST", "MST", "HST", "EST5EDT", "CST6CDT", "PST8PDT"} & names
    for name in sorted(names)[::7]:
        assert resolve_zone(name)[0] == name
