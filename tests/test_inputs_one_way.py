"""Inputs read one way (issue 20): what ``--tz`` refuses, every other way in refuses too.

``EST`` is in the zone database (UTC-5 all year), so a plan file with ``timezone = "EST"``
was checked, rendered and published while ``render --tz EST`` refused it. Now a zone read
from a plan file, given to the library or named in a roster is read as the command line
reads it: an abbreviation or a fixed offset is refused with the places it likely means.
"""

from __future__ import annotations

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
