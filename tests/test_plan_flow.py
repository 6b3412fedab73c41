"""The whole life of a shared plan file, in one script (issue 4, "Done when").

A club makes a plan and saves it as TOML; someone edits it by hand (a title, a note, the
summary) and checks it; a member renders it for herself with another start date and zone;
she misses a week and shifts it; then she continues with ``next``. Every .ics is read back by
five parsers (icalendar, vobject, ics, ical, recurring-ical-events) and compared with the plan,
and every plan passes ``planforge check``. The shared nine-parser harness (beside the repo, or
``PLANFORGE_ICAL_CHECK``) also runs on the calendars (CI runs it on the same flow).
"""

from __future__ import annotations

import datetime as dt
import subprocess
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result

from ical_check import harness
from plan_factory import check_against_plan, lint
from planforge import cli
from planforge.core.rules.check import check_plan, errors
from planforge.formats.planfile import load_plan

CREATED = "2026-11-20T08:00:00Z"
LATER = "2027-01-02T10:00:00Z"


def run(*args: str) -> Result:
    result = CliRunner().invoke(cli.main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output)
    return result


def calendar(path: Path) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(path.read_bytes())
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def flow(folder: Path) -> list[Path]:
    """The scripted flow; returns the calendars it wrote."""
    club = folder / "club.toml"
    run("make", "--goal", "thighs", "--weeks", "8", "--start", "2026-11-23",
        "--time", "07:00", "--tz", "Europe/London", "--created", CREATED, "-o", str(club))

    # -- edited by hand, as text: a title, a note and the summary
    text = club.read_text(encoding="utf-8")
    first_title = text.split('\ntitle = "', 1)[1].split('"', 1)[0]
    assert first_title.startswith("Week 1: ")
    text = text.replace(f'title = "{first_title}"',
                        'title = "Week 1: First run with the club, Parc de la Tête d\'Or"', 1)
    text = text.replace("Run at a pace you could still talk at",
                        "Meet at the \\\"big tree\\\" at 07:00; run at a pace you could still "
                        "talk at", 1)
    text = text.replace('\nsummary = "', '\nsummary = "The club\'s winter plan. ', 1)
    club.write_text(text, encoding="utf-8")
    result = run("check", str(club))
    assert "error" not in result.stdout
    edited = load_plan(club)
    assert edited.sessions[0].title.endswith("Parc de la Tête d'Or")
    assert 'Meet at the "big tree" at 07:00' in " ".join(edited.sessions[0].notes)

    # -- rendered by a member for herself: another start (a Wednesday), zone and times
    mine = folder / "mine.toml"
    options = ("--start", "2027-01-06", "--tz", "America/New_York", "--time", "06:30",
               "--time", "sun=08:00")
    run("render", str(club), *options, "-o", str(mine))
    run("render", str(club), *options, "-o", str(folder / "mine.ics"))
    run("render", str(mine), "-o", str(folder / "mine-again.ics"))
    assert (folder / "mine.ics").read_bytes() == (folder / "mine-again.ics").read_bytes()
    member = load_plan(mine)
    assert member.start == dt.date(2027, 1, 6) and member.timezone == "America/New_York"
    assert not {s.uid for s in member.sessions} & {s.uid for s in edited.sessions}
    assert member.sessions[0].title == edited.sessions[0].title

    # -- she misses week 3 from its third workout on: everything from then moves a week
    week3 = sorted(s.date for s in member.sessions if s.week == 3)
    shifted = folder / "mine-shifted.toml"
    run("shift", str(mine), "--from", week3[2].isoformat(), "--by", "1w", "-o", str(shifted))
    run("render", str(shifted), "-o", str(folder / "mine-shifted.ics"))
    before, after = calendar(folder / "mine.ics"), calendar(folder / "mine-shifted.ics")
    assert set(before) == set(after)
    for uid, event in after.items():
        moved = before[uid]["DTSTART"].dt.date() >= week3[2]
        assert int(event["SEQUENCE"]) == (1 if moved else 0)

    # -- and carries on with the next block
    follow = folder / "mine-next.toml"
    run("next", str(shifted), "--weeks", "8", "--created", LATER, "-o", str(follow))
    run("render", str(follow), "-o", str(folder / "mine-next.ics"))
    nxt = load_plan(follow)
    assert nxt.start == load_plan(shifted).end + dt.timedelta(days=1)
    assert nxt.continues == 8 and nxt.timezone == "America/New_York"

    for plan_file in (club, mine, shifted, follow):
        assert errors(check_plan(load_plan(plan_file))) == (), plan_file
        run("check", str(plan_file))
    return [folder / name for name in ("mine.ics", "mine-shifted.ics", "mine-next.ics")]


def test_make_edit_check_render_shift_next(tmp_path: Path) -> None:
    calendars = flow(tmp_path)
    plans = {"mine.ics": "mine.toml", "mine-shifted.ics": "mine-shifted.toml",
             "mine-next.ics": "mine-next.toml"}
    for path in calendars:
        data = path.read_bytes()
        assert lint(data) == [], path
        problems = check_against_plan(load_plan(tmp_path / plans[path.name]), data)
        assert problems == [], (path, problems[:10])


@pytest.mark.slow  # the nine parsers of the shared harness, each a process
def test_the_flows_calendars_pass_the_shared_harness(tmp_path: Path) -> None:
    check = harness()
    files = [str(p) for p in flow(tmp_path)]
    result = subprocess.run(["bash", check, *files], capture_output=True, text=True,
                            timeout=600, check=False)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
