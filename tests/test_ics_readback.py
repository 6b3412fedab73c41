"""Issue 12 item 2: a calendar planforge wrote is also a plan file, for every plan-file command.

The .ics carries the plan document in ``X-PLANFORGE-PLAN`` (formats/ics/embed.py); the
plan-file loader recognises a calendar by its first line and reads that document with every
check a plan file gets. Exact messages and exit codes with click's CliRunner.
"""

from __future__ import annotations

import base64
import datetime as dt
import subprocess
import sys
import zlib
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result

from plan_factory import make_plan, weekly_dates
from planforge import cli
from planforge.core.model import Times
from planforge.errors import PlanFileError
from planforge.formats.ics import PLAN_PROPERTY, render_ics
from planforge.formats.planfile import load_plan, read_plan

SRC = Path(__file__).resolve().parent.parent / "src"
MAKE = ["make", "--goal", "glutes", "--weeks", "8", "--start", "2026-11-23",
        "--created", "2026-11-20T08:00:00Z"]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args), env={"SOURCE_DATE_EPOCH": None},
                              catch_exceptions=False)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def uids(data: bytes) -> dict[str, tuple[dt.date, int]]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(ev["UID"]): (ev["DTSTART"].dt, int(ev["SEQUENCE"])) for ev in cal.walk("VEVENT")}


def test_the_quick_start_ics_is_the_plan(folder: Path) -> None:
    assert run(*MAKE).exit_code == 0  # writes planforge-glutes-8w.ics
    assert run(*MAKE, "-o", "plan.toml").exit_code == 0
    plan, kind = read_plan("planforge-glutes-8w.ics")
    assert kind == "ics"
    assert plan == load_plan("plan.toml")
    # render of the .ics gives the plan file make would have written, byte for byte
    assert run("render", "planforge-glutes-8w.ics", "-o", "again.toml").exit_code == 0
    assert (folder / "again.toml").read_bytes() == (folder / "plan.toml").read_bytes()
    # and the calendar again, the same bytes
    assert run("render", "planforge-glutes-8w.ics", "-o", "again.ics").exit_code == 0
    assert (folder / "again.ics").read_bytes() == (folder / "planforge-glutes-8w.ics").read_bytes()


@pytest.mark.parametrize("command", [["show"], ["check"], ["render", "-o", "out.ics"],
                                     ["next", "--created", "2027-01-10T08:00:00Z"],
                                     ["shift", "--from", "2026-12-02", "--by", "1w"]])
def test_every_plan_file_command_reads_the_ics(folder: Path, command: list[str]) -> None:
    assert run(*MAKE).exit_code == 0
    result = run(command[0], "planforge-glutes-8w.ics", *command[1:])
    assert result.exit_code == 0, result.output
    assert "not valid TOML" not in result.output


def test_shift_of_the_ics_keeps_its_uids_and_bumps_sequence(folder: Path) -> None:
    assert run(*MAKE).exit_code == 0
    result = run("shift", "planforge-glutes-8w.ics", "--from", "2026-12-02", "--by", "1w")
    assert result.exit_code == 0, result.output
    assert "wrote planforge-glutes-8w-shifted.ics:" in result.stderr  # .ics in, .ics out
    before = uids((folder / "planforge-glutes-8w.ics").read_bytes())
    after = uids((folder / "planforge-glutes-8w-shifted.ics").read_bytes())
    assert set(after) == set(before)
    moved = [uid for uid in before if after[uid][0] != before[uid][0]]
    # every workout from the first one missed on, and only those, moved
    assert sorted(moved) == sorted(uid for uid, (day, _) in before.items()
                                   if day >= dt.date(2026, 12, 2))
    assert f"moved {len(moved)} workouts from 2026-12-02 on by 1 week" in result.stderr
    for uid in moved:
        assert after[uid][0] == before[uid][0] + dt.timedelta(weeks=1)
        assert after[uid][1] == before[uid][1] + 1
    # the shifted calendar is itself a plan: shift it again
    again = run("shift", "planforge-glutes-8w-shifted.ics", "--from", "2027-01-20", "--by", "2d")
    assert again.exit_code == 0, again.output


def test_a_plan_no_engine_would_build_comes_back_identical(tmp_path: Path) -> None:
    """The file, not the engine, decides: a hand-made plan (odd titles, a time zone, a
    bumped SEQUENCE) reads back equal, so a later planforge reads today's calendars."""
    days = weekly_dates(dt.date(2027, 3, 1), 5, [0, 3, 5])
    plan = make_plan(days, weekly_dates(dt.date(2027, 3, 2), 5, [1]),
                     timezone="Europe/Paris", times=Times(default=dt.time(6, 45)))
    path = tmp_path / "mine.ics"
    path.write_bytes(render_ics(plan, remind=dt.timedelta(minutes=15), color="teal"))
    assert load_plan(path) == plan


def test_reading_an_ics_needs_no_engine() -> None:
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import datetime as dt\n"
            "from planforge.formats.planfile import load_plan\n"
            "plan = load_plan(sys.argv[2])\n"
            "print(len(plan.sessions), 'planforge.core.engine.progression' in sys.modules)")
    golden = Path(__file__).parent / "golden" / "glutes-beginner-8w-allday.ics"
    out = subprocess.run([sys.executable, "-c", code, str(SRC), str(golden)],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    assert out.split() == [str(golden.read_bytes().count(b"BEGIN:VEVENT")), "False"]


FOREIGN = (b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//Other 1.0//EN\r\n"
           b"BEGIN:VEVENT\r\nUID:1@x\r\nDTSTAMP:20260101T000000Z\r\n"
           b"DTSTART;VALUE=DATE:20260105\r\nSUMMARY:Dentist\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n")


@pytest.mark.parametrize("command", ["show", "check", "render", "shift", "next"])
def test_a_calendar_planforge_did_not_write_says_what_was_expected(
        folder: Path, command: str) -> None:
    (folder / "dentist.ics").write_bytes(FOREIGN)
    extra = ["--from", "2026-01-05", "--by", "1w"] if command == "shift" else []
    result = run(command, "dentist.ics", *extra)
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: dentist.ics: is a calendar without a planforge plan in it (no "
        "X-PLANFORGE-PLAN); give a .ics planforge wrote, or a plan file (.toml or .json)\n")


def test_a_busy_only_copy_holds_no_plan(folder: Path) -> None:
    result = run(*MAKE, "--busy-only", "-o", "busy.ics")
    assert result.exit_code == 0
    assert PLAN_PROPERTY.encode() not in (folder / "busy.ics").read_bytes()
    result = run("check", "busy.ics")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: busy.ics: is a planforge calendar without its plan (a --busy-only copy, or "
        "from an older planforge); give the detailed .ics or the plan file\n")


def test_not_a_calendar_at_all(folder: Path) -> None:
    (folder / "notes.ics").write_text("shopping list\n", encoding="utf-8")
    result = run("show", "notes.ics")
    assert result.exit_code == 2
    assert result.stderr == ("Error: notes.ics: is not an iCalendar file (it does not start "
                             "with BEGIN:VCALENDAR)\n")


def _with_plan_value(value: str) -> bytes:
    head = FOREIGN.split(b"BEGIN:VEVENT")[0]
    return head + f"{PLAN_PROPERTY}:{value}\r\n".encode() + b"END:VCALENDAR\r\n"


def test_a_damaged_or_oversized_plan_value_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "bad.ics"
    path.write_bytes(_with_plan_value("not base64 at all!"))
    with pytest.raises(PlanFileError) as caught:
        load_plan(path)
    assert str(caught.value) == (f"{path}: {PLAN_PROPERTY}: is damaged (not base64 of zlib "
                                 "data); write the calendar again")
    # a small value that inflates past the plan-file limit (5 MB) is stopped there
    bomb = base64.b64encode(zlib.compress(b" " * 6_000_000, 9)).decode()
    path.write_bytes(_with_plan_value(bomb))
    with pytest.raises(PlanFileError, match="holds more than 5,000,000 bytes"):
        load_plan(path)
    # a valid value that holds no plan gets the plan file's own messages
    path.write_bytes(_with_plan_value(base64.b64encode(zlib.compress(b"{}")).decode()))
    with pytest.raises(PlanFileError, match=rf"^{path}: "):
        load_plan(path)


def test_the_plan_value_reads_the_same_in_other_parsers() -> None:
    """The base64 value needs no escaping, so parsers that keep X- properties give it back
    exactly (icalendar, vobject, ical); the nine-parser harness reads the files cleanly."""
    import vobject
    from ical.calendar_stream import IcsCalendarStream

    from planforge.formats.ics.embed import pack_plan

    plan = make_plan(weekly_dates(dt.date(2027, 3, 1), 8, [0, 2, 4]), notes=["Ça va, ü; \\"])
    data = render_ics(plan)
    want = pack_plan(plan)
    assert set(want) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=")
    assert str(icalendar.Calendar.from_ical(data)[PLAN_PROPERTY]) == want
    parsed = vobject.readOne(data.decode("utf-8"))
    assert parsed.contents["x-planforge-plan"][0].value == want
    stream = IcsCalendarStream.from_ics(data.decode("utf-8"))
    extras = {p.name.upper(): p.value for p in stream.calendars[0].extras}
    assert extras[PLAN_PROPERTY] == want
