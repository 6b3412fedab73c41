"""planforge done (R32): what was done recorded from real activity files (FIT encoded by Garmin's
SDK, GPX by gpxpy, TCX by ElementTree) or by hand; a run done short holds its step; the
writers mark the record (show, the page, the calendar)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from activity_files import fit_bytes, gpx_bytes, session_stretches, tcx_bytes, track
from fit_reading import decoders
from planforge import cli
from planforge.core.engine.progression import build_plan
from planforge.core.replan.done import Did, record_done
from planforge.core.rules.check import check_plan, errors
from planforge.formats.planfile import load_plan

MONDAY = dt.date(2027, 3, 1)
#: 06:30 in London (UTC in March) on a planned run day
def at(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(6, 30), tzinfo=dt.UTC)


#: NHS week 1 as the plan says it, and cut short: 5 of the 8 runs
WEEK_1 = session_stretches(5, [("run", 1), ("walk", 1.5)] * 8, 5)
WEEK_1_SHORT = session_stretches(5, [("run", 1), ("walk", 1.5)] * 5, 5)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")
    assert CliRunner().invoke(cli.main, [
        "make", "--goal", "glutes", "--weeks", "8", "--start", "2027-03-01", "-o",
        "plan.toml"]).exit_code == 0
    return tmp_path


def _run(*args: str) -> object:
    return CliRunner().invoke(cli.main, list(args))


def test_a_gpx_run_is_matched_to_its_day_and_recorded(folder: Path) -> None:
    Path("Morning_Run.gpx").write_bytes(gpx_bytes(track(WEEK_1, at(MONDAY))))
    result = _run("done", "plan.toml", "Morning_Run.gpx")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[0] == (
        "Recorded Morning_Run.gpx as week 1's run/walk of Mon 2027-03-01: 30 min moving, 8 "
        "of 8 min of running, the longest 1 of 1 without stopping.")
    run = next(s for s in load_plan("plan.toml").sessions if s.date == MONDAY
               and s.kind == "run")
    assert run.done is not None and run.done.source == "Morning_Run.gpx"
    assert (run.done.run_min, run.done.longest_run_min, run.sequence) == (8, 1, 1)
    again = _run("done", "plan.toml", "Morning_Run.gpx")
    assert again.exit_code == 0
    assert "already recorded as done from Morning_Run.gpx; nothing changes" in again.stderr
    assert "plan.toml is unchanged" in again.stderr


def test_a_fit_activity_from_garmins_sdk_the_day_after_is_matched_within_a_day(
        folder: Path) -> None:
    """Tuesday's FIT activity (encoded by Garmin's SDK) matches Monday's planned run: the
    nearest within a day; the record says the day it was done."""
    decoders()
    Path("run.fit").write_bytes(fit_bytes(track(WEEK_1, at(MONDAY + dt.timedelta(days=1)))))
    result = _run("done", "plan.toml", "run.fit")
    assert result.exit_code == 0, result.output
    assert "as week 1's run/walk of Mon 2027-03-01 (done Tue 2027-03-02)" in result.stderr
    run = next(s for s in load_plan("plan.toml").sessions if s.done is not None)
    assert run.date == MONDAY and run.done is not None
    assert run.done.date == dt.date(2027, 3, 2)


def test_activities_that_match_nothing_are_reported_not_guessed(folder: Path) -> None:
    Path("ride.tcx").write_bytes(tcx_bytes(track(WEEK_1, at(MONDAY)), sport="Biking"))
    Path("far.gpx").write_bytes(gpx_bytes(track(WEEK_1, at(dt.date(2027, 6, 1)))))
    result = _run("done", "plan.toml", "ride.tcx", "far.gpx")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: nothing recorded: ride.tcx is a biking activity, not a run; not recorded "
        "(only runs are matched). far.gpx (Tue 2027-06-01): no planned run on that day or "
        "within a day of it; not recorded.\n")
    Path("run.gpx").write_bytes(gpx_bytes(track(WEEK_1, at(MONDAY))))
    mixed = _run("done", "plan.toml", "run.gpx", "far.gpx")
    assert mixed.exit_code == 0
    assert mixed.stderr.splitlines()[-1] == (
        "warning: far.gpx (Tue 2027-06-01): no planned run on that day or within a day of "
        "it; not recorded.")


def test_a_run_done_short_holds_the_step(folder: Path) -> None:
    """Week 1's last run done with 5 of its 8 minutes: week 1 is done again before week 2
    (R32), and check says the plan keeps every rule."""
    friday = MONDAY + dt.timedelta(days=4)
    Path("short.tcx").write_bytes(tcx_bytes(track(WEEK_1_SHORT, at(friday))))
    before = load_plan("plan.toml")
    result = _run("done", "plan.toml", "short.tcx")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[1] == (
        "That run fell short of the plan (5 of 8 min of running, 62 %): week 1 is done again "
        "from 2027-03-08 (as week 2) before the plan moves on; 49 workouts after it move a "
        "week later with the same UIDs.")
    after = load_plan("plan.toml")
    runs = {w: [s.run_min for s in after.sessions if s.week == w and s.kind == "run"]
            for w in (1, 2, 3)}
    assert runs[2] == runs[1]  # the step repeated
    assert runs[3] == [s.run_min for s in before.sessions if s.week == 2 and s.kind == "run"]
    assert _run("check", "plan.toml").exit_code == 0


def test_without_the_hold_the_plan_breaks_r32() -> None:
    path = Path(__file__).parent / "plans" / "R32-a-short-run-moves-on.json"
    found = [f for f in check_plan(load_plan(path)) if f.rule == "R32"]
    assert found and found[0].week == 2


def test_a_day_done_by_hand_as_planned_or_with_minutes(folder: Path) -> None:
    result = _run("done", "plan.toml", "--on", "2027-03-03")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[:2] == [
        "Recorded week 1's run/walk of Wed 2027-03-03 as done by hand.",
        "Recorded week 1's strength session of Wed 2027-03-03 as done by hand."]
    ran = _run("done", "plan.toml", "--on", "monday", "--ran", "8")
    assert ran.exit_code == 2  # 'monday' is the next Monday after today: no workout then
    bad = _run("done", "plan.toml", "--on", "2027-03-01", "--ran", "twelve")
    assert bad.exit_code == 2
    assert bad.stderr == ("Error: Invalid value for '--ran': 'twelve' is not a number of "
                          "minutes; expected minutes like 12, 12.5 or 12:30 (minutes:seconds), "
                          "0 to 600\n")
    both = _run("done", "plan.toml", "--on", "2027-03-01", "--longest", "3")
    assert both.stderr == "Error: --longest goes with --ran (the minutes you ran in all)\n"


def test_show_the_page_and_the_calendar_mark_the_record(folder: Path) -> None:
    Path("run.gpx").write_bytes(gpx_bytes(track(WEEK_1, at(MONDAY))))
    assert _run("done", "plan.toml", "run.gpx").exit_code == 0
    assert _run("missed", "plan.toml", "2027-03-03").exit_code == 0
    shown = _run("show", "plan.toml", "--color", "never").stdout
    assert " 1   1 Mar \u2713 8x1/1.5           \u2717 8x1/1.5" in shown
    assert "Planned vs done, the weeks so far" in shown
    assert " 1   1 Mar    1      2    4            24     8                 1     1" in shown
    assert _run("render", "plan.toml", "-o", "plan.ics").exit_code == 0
    events = icalendar.Calendar.from_ical(Path("plan.ics").read_bytes()).walk("VEVENT")
    done = [e for e in events if str(e["SUMMARY"]).startswith("\u2713 ")]
    cancelled = [e for e in events if e.get("STATUS") == "CANCELLED"]
    assert len(done) == 1 and len(cancelled) == 2  # the run done; Wednesday's run and strength
    assert str(done[0]["DESCRIPTION"]).startswith("Done on Mon 2027-03-01 (run.gpx): 8 min "
                                                  "of running, the longest 1 without "
                                                  "stopping.")
    assert all(int(e["SEQUENCE"]) >= 1 for e in (*done, *cancelled))
    assert _run("render", "plan.toml", "-o", "plan.html").exit_code == 0
    page = Path("plan.html").read_text()
    assert page.count('class="workout kind-run done"') == 1
    assert 'id="record-title">Planned vs done' in page


def test_record_done_in_the_library_keeps_the_rules() -> None:
    p = build_plan(goal="thighs", weeks=12, start=MONDAY,
                   created=dt.datetime(2027, 1, 1, tzinfo=dt.UTC))
    for run in [s for s in p.sessions if s.kind == "run"][::5]:
        short = record_done(p, [Did(run.date, "x.gpx", run.run_min / 2,
                                    run.longest_run_min / 2, run.run_min)])
        assert short.recorded == 1
        assert not errors(check_plan(short.plan)), short.report
