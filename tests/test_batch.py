"""``planforge batch PLAN ROSTER -o DIR`` (issue 13, item 3): a plan, feed and page per member,
an overview; bad rows reported by line and field while the others are written."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
import tempfile
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz_support import fuzz_budget
from ical_check import harness
from planforge.cli import main
from planforge.club.roster import RosterError, read_roster, slug_of
from planforge.formats.planfile import load_plan

CREATED = "2026-11-20T08:00:00Z"
ROSTER = """name,start,days,time,zone,level,equipment,reminder,busy-only
Ada Lovelace,,,,,,,,
Bo,2027-01-11,"mon,wed,fri,sun",06:30,America/New_York,,band,30m,yes
Cy,2026-13-01,"mon,fun",07:00,,,,,
Dee,,"tue,wed,fri,sat,sun",,,runner,dumbbell,,
,2027-01-04,,,,,,,
"Zoë O'Neil",,,,,,,,no
Eve,,mon,,,,,,
Fay,,,07:00 sat=09:00,Asia/Kolkata,,,2d,maybe
ada lovelace,,,,,,,,
"""


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture
def club_plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    result = run("make", "--goal", "thighs", "--weeks", "8", "--start", "2027-01-04", "--time",
                 "07:00", "--tz", "Europe/London", "--created", CREATED, "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def overview(club: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO((club / "club.csv").read_text(encoding="utf-8"))))


def test_bad_rows_are_reported_by_line_and_field_and_the_others_written(
        tmp_path: Path, club_plan: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    club = tmp_path / "club"
    result = run("batch", str(club_plan), str(roster), "-o", str(club))
    assert result.exit_code == 1, result.output
    assert "Error:" not in result.stderr and "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    problems = [line.removeprefix(f"{roster}: ") for line in lines if line.startswith(str(roster))]
    # line numbers and fields, checked by hand against ROSTER above (the header is line 1)
    assert [p.split(":")[0] + ":" + p.split(":")[1] for p in problems] == [
        "line 4 (Cy): start", "line 4 (Cy): days", "line 6: name",
        "line 8 (Eve): days", "line 9 (Fay): busy-only", "line 10 (ada lovelace): name"]
    assert "'2026-13-01' is not a date" in problems[0]
    assert "'fun' is not a weekday" in problems[1]
    assert ("'ada lovelace' is the same name as line 2's (Ada Lovelace); give each member a "
            "name of their own, or an id column") in problems[5]
    assert "cannot hold week 1" in problems[3]
    assert lines[-1] == (f"wrote {club}: 4 members (plans/, site/, index.html, club.csv); "
                         f"6 problems in {roster}, those rows not written")
    rows = overview(club)
    assert [r["name"] for r in rows] == ["Ada Lovelace", "Bo", "Dee", "Zoë O'Neil"]
    assert sorted(p.name for p in (club / "plans").iterdir()) == [
        "ada-lovelace.toml", "bo.toml", "dee.toml", "zoe-o-neil.toml"]
    assert len(list((club / "site").iterdir())) == 4
    assert not list(club.rglob(".*.tmp"))


def test_each_member_gets_their_plan_feed_and_page(tmp_path: Path, club_plan: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    club = tmp_path / "club"
    run("batch", str(club_plan), str(roster), "-o", str(club))
    rows = {r["name"]: r for r in overview(club)}
    original = load_plan(club_plan)
    bo = load_plan(club / rows["Bo"]["plan_file"])
    assert bo.start == dt.date(2027, 1, 11) and bo.days == (0, 2, 4, 6)
    assert bo.timezone == "America/New_York" and bo.times.default == dt.time(6, 30)
    assert dict(bo.extra)["member"] == "Bo"
    assert (rows["Bo"]["mon"], rows["Bo"]["tue"], rows["Bo"]["sun"]) == ("06:30", "", "06:30")
    assert rows["Bo"]["busy_only"] == "yes" and rows["Bo"]["busy_feed"]
    # Bo has a band: the plan is built again with only that (and bodyweight) in it
    assert bo.equipment_choice == ("band",) and set(bo.equipment) <= {"band"}
    assert all(set(e.equipment) <= {"band"} for s in bo.sessions for e in s.exercises)
    assert rows["Bo"]["equipment"] == " ".join(bo.equipment) or "none"
    dee = load_plan(club / rows["Dee"]["plan_file"])
    assert dee.level == "runner" and dee.days == (1, 2, 4, 5, 6)
    ada = load_plan(club / rows["Ada Lovelace"]["plan_file"])
    assert [s.date for s in ada.sessions] == [s.date for s in original.sessions]
    feeds = {}
    for name, row in rows.items():
        data = (club / row["feed"]).read_bytes()
        assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H" in data
        uids = [str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")]
        assert len(uids) == len(load_plan(club / row["plan_file"]).sessions)
        feeds[name] = set(uids)
        token = dict(load_plan(club / row["plan_file"]).extra)["feed_token"]
        assert row["feed"] == f"site/{token}/{token}.ics"
        page = (club / row["page"]).read_text(encoding="utf-8")
        assert f'href="{token}.ics"' in page
        assert "data-watch" not in page and not (club / row["page"]).with_name("watch").exists()
    # UIDs of their own: no two members (nor the club plan) share an event
    every = [uid for uids in feeds.values() for uid in uids]
    assert len(every) == len(set(every))
    assert not set(every) & {s.uid for s in original.sessions}
    assert b"BEGIN:VALARM" in (club / rows["Bo"]["feed"]).read_bytes()  # reminder 30m


EQUIPMENT_ROSTER = """name,level,equipment
Ada,,
Bo,,none
Cy,runner,NONE
Dee,,kettlebell
Eve,,dumbells
Fay,,"none,mat"
Gus,,"Dumbbell; foam roller"
"""


def test_each_member_gets_exercises_for_their_equipment(tmp_path: Path,
                                                        club_plan: Path) -> None:
    """``none`` gives bodyweight exercises only (at the club's level or another); a list
    gives only those pieces; an empty cell keeps the club plan's exercises; a bad name is a
    bad row with its line and field."""
    roster = tmp_path / "roster.csv"
    roster.write_text(EQUIPMENT_ROSTER, encoding="utf-8")
    club = tmp_path / "club"
    result = run("batch", str(club_plan), str(roster), "-o", str(club))
    assert result.exit_code == 1, result.output
    hint = "choose none or any of: mat, chair, towel, band, dumbbells, bench, foam-roller"
    assert [line for line in result.stderr.splitlines() if line.startswith(str(roster))] == [
        f"{roster}: line 5 (Dee): equipment: unknown equipment 'kettlebell'; {hint}",
        f"{roster}: line 6 (Eve): equipment: unknown equipment 'dumbells' (did you mean "
        f"'dumbbells'?); {hint}",
        f"{roster}: line 7 (Fay): equipment: equipment 'none' cannot be combined with other "
        f"equipment; {hint}"]
    assert result.stderr.splitlines()[-1] == (
        f"wrote {club}: 4 members (plans/, site/, index.html, club.csv); 3 problems in "
        f"{roster}, those rows not written")
    original = load_plan(club_plan)
    # the club plan (no --equipment) uses equipment, so "none" has something to take away
    assert original.equipment_choice is None and "dumbbells" in original.equipment
    needing = {e.name for s in original.sessions for e in s.exercises if e.load != "bodyweight"}
    rows = {r["name"]: r for r in overview(club)}
    assert sorted(rows) == ["Ada", "Bo", "Cy", "Gus"]
    ada = load_plan(club / rows["Ada"]["plan_file"])
    assert ada.equipment == original.equipment and ada.equipment_choice is None
    assert [[e.name for e in s.exercises] for s in ada.sessions] == [
        [e.name for e in s.exercises] for s in original.sessions]
    for name, level in (("Bo", "beginner"), ("Cy", "runner")):
        plan = load_plan(club / rows[name]["plan_file"])
        assert plan.level == level and plan.weeks == original.weeks
        assert plan.equipment_choice == () and plan.equipment == ()
        exercises = [e for s in plan.sessions for e in s.exercises]
        assert exercises and all(e.equipment == () and e.load == "bodyweight"
                                 for e in exercises)
        assert rows[name]["equipment"] == "none"
        text = " ".join(str(e.get("DESCRIPTION", "")) for e in icalendar.Calendar.from_ical(
            (club / rows[name]["feed"]).read_bytes()).walk("VEVENT"))
        assert "Foam roll" not in text and "Banded side steps" not in text
        assert needing and not any(f"{exercise} " in text for exercise in needing)
    gus = load_plan(club / rows["Gus"]["plan_file"])
    assert gus.equipment_choice == ("dumbbells", "foam-roller")
    assert set(gus.equipment) <= {"dumbbells", "foam-roller"}
    assert rows["Gus"]["equipment"] == " ".join(gus.equipment)
    assert "missing_equipment" not in rows["Ada"]


def test_watch_writes_each_members_watch_folder(tmp_path: Path, club_plan: Path) -> None:
    """``--watch``: each member's FIT files (of their own plan: Bo's strength without
    equipment), schedule.fit and a page linking them, in site/TOKEN/watch/."""
    from fit_reading import decoders, expected_steps, fitdecode_read, garmin_read, steps_of
    from planforge.formats.fitfolder import default_window, window_sessions
    from test_workouts_cli import linked_files

    decoders()
    roster = tmp_path / "roster.csv"
    roster.write_text("name,equipment\nAda,\nBo,none\n", encoding="utf-8")
    club = tmp_path / "club"
    result = run("batch", str(club_plan), str(roster), "-o", str(club), "--watch")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == (
        f"wrote {club}: 2 members (plans/, site/, with watch folders, index.html, club.csv)")
    for row in overview(club):
        plan = load_plan(club / row["plan_file"])
        folder = (club / row["feed"]).parent / "watch"
        window = window_sessions(plan, default_window(plan))
        assert 0 < len(window) <= 30
        links = linked_files((folder / "index.html").read_text("utf-8"))
        assert set(links) == {s.uid for s in window}
        assert {p.name for p in folder.iterdir()} == {*links.values(), "schedule.fit",
                                                      "index.html"}
        page = (club / row["page"]).read_text("utf-8")
        assert '<a data-watch href="watch/index.html">' in page
        schedule = garmin_read((folder / "schedule.fit").read_bytes())
        assert len(schedule["schedule"]) == len(window)
        for session in window:
            data = (folder / links[session.uid]).read_bytes()
            assert steps_of(garmin_read(data)) == expected_steps(session)
            if row["name"] == "Bo" and session.kind == "strength":
                assert all(e.equipment == () for e in session.exercises)
                assert steps_of(fitdecode_read(data)) == expected_steps(session)
    again = {p: p.read_bytes() for p in club.rglob("*") if p.is_file()}
    assert run("batch", str(club_plan), str(roster), "-o", str(club), "--watch").exit_code == 0
    assert {p: p.read_bytes() for p in club.rglob("*") if p.is_file()} == again


def test_running_it_again_keeps_every_address_and_byte(tmp_path: Path, club_plan: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    club = tmp_path / "club"
    run("batch", str(club_plan), str(roster), "-o", str(club))
    before = {p: p.read_bytes() for p in club.rglob("*") if p.is_file()}
    assert run("batch", str(club_plan), str(roster), "-o", str(club)).exit_code == 1
    after = {p: p.read_bytes() for p in club.rglob("*") if p.is_file()}
    assert after == before


def test_a_json_roster_reports_the_line_each_member_starts_on(tmp_path: Path,
                                                              club_plan: Path) -> None:
    roster = tmp_path / "roster.json"
    roster.write_text(json.dumps({"members": [
        {"name": "Ada", "days": ["mon", "wed", "fri", "sat"]},
        {"name": "Bo", "start": "2027-02-30"},
        {"name": "Cy", "busy-only": True, "time": "06:00", "zone": "Europe/Paris"},
    ]}, indent=2), encoding="utf-8")
    # json.dumps(indent=2) puts each object's "{" on the line above its "name"
    text = roster.read_text(encoding="utf-8").splitlines()
    bo_line = next(i for i, line in enumerate(text, 1) if '"Bo"' in line) - 1
    club = tmp_path / "club"
    result = run("batch", str(club_plan), str(roster), "-o", str(club))
    assert result.exit_code == 1, result.output
    assert f"line {bo_line} (Bo): start: '2027-02-30' is not a date" in result.stderr
    assert [r["name"] for r in overview(club)] == ["Ada", "Cy"]
    assert overview(club)[1]["busy_only"] == "yes"


@pytest.mark.parametrize(("text", "message"), [
    ("who,start\nAda,\n", "has no name column"),
    ("name,strat\nAda,\n", "'strat' is not a roster column"),
    ("name,name\nAda,Bo\n", "appears twice"),
    ("", "holds no member"),
    ('name\n"Ada\n', "is not valid CSV"),
])
def test_a_roster_that_cannot_be_read_writes_nothing(tmp_path: Path, club_plan: Path,
                                                     text: str, message: str) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text(text, encoding="utf-8")
    result = run("batch", str(club_plan), str(roster), "-o", str(tmp_path / "club"))
    assert result.exit_code == 2, result.output
    assert message in result.stderr and result.stderr.startswith("Error: ")
    assert not (tmp_path / "club").exists()


def test_slugs() -> None:
    """A readable file name in the name's own script; accents with a plain Latin form lose
    them (as before: Zoë's file name of earlier runs stays hers)."""
    assert slug_of("Zoë O'Neil") == "zoe-o-neil"
    assert slug_of("  ../../etc  ") == "etc"
    assert slug_of("日本") == "日本"
    assert slug_of("王芳") == "王芳"
    assert slug_of("Анна Петрова") == "анна-петрова"
    assert slug_of("\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627") == (
        "\u0645\u062d\u0645\u062f-\u0631\u0636\u0627")  # two words joined by ZWNJ: Persian
    assert slug_of("प्रिया") == "प्रिया"  # the vowel signs (marks) stay with their letters
    assert slug_of("🏃\u200d♀️") == ""  # no letter: the key gives one (member-...)
    assert slug_of("CON") == "con-member"  # a device name on Windows


def test_a_name_with_no_letters_gets_a_name_from_itself_not_its_line(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text("name\n日本\n🏃\n", encoding="utf-8")
    first = [m.slug for m in read_roster(roster).members]
    roster.write_text("name\nAda\n🏃\n日本\n", encoding="utf-8")
    second = {m.name: m.slug for m in read_roster(roster).members}
    assert first == ["日本", second["🏃"]] and second["日本"] == "日本"
    assert re.fullmatch(r"member-[0-9a-f]{8}", second["🏃"])


@pytest.mark.slow  # a process pool; the other batch tests run in one process
def test_thirty_members_in_processes_all_parse(tmp_path: Path, club_plan: Path) -> None:
    """Enough members for the process pool; every feed read back, UIDs unique club-wide."""
    roster = tmp_path / "roster.csv"
    days = ["mon,wed,fri,sat", "tue,thu,sat,sun", ""]
    rows = [f"Member {i},2027-01-{4 + i % 7:02d},\"{days[i % 3]}\",{'06:00' if i % 2 else ''},,,"
            for i in range(30)]
    roster.write_text("name,start,days,time,zone,level,reminder\n" + "\n".join(rows) + "\n",
                      encoding="utf-8")
    club = tmp_path / "club"
    result = run("batch", str(club_plan), str(roster), "-o", str(club), "--jobs", "2")
    assert result.exit_code == 0, result.output
    listed = overview(club)
    assert [r["name"] for r in listed] == [f"Member {i}" for i in range(30)]
    seen: set[str] = set()
    for row in listed:
        data = (club / row["feed"]).read_bytes()
        assert data.count(b"BEGIN:VEVENT") == int(row["workouts"]) > 0
        uids = {str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT")}
        assert not uids & seen
        seen |= uids
        assert all(re.fullmatch(rb"[^\r\n]*", line) and len(line) <= 75
                   for line in data.split(b"\r\n"))


@pytest.mark.slow  # the nine parsers of the shared harness, each a process
def test_member_feeds_pass_the_parsers(tmp_path: Path, club_plan: Path) -> None:
    check = harness()
    roster = tmp_path / "roster.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    club = tmp_path / "club"
    run("batch", str(club_plan), str(roster), "-o", str(club))
    feeds = sorted(str(p) for p in (club / "site").rglob("*.ics"))
    assert len(feeds) == 5  # 4 members, Bo's busy-only twin
    proc = subprocess.run(["bash", check, *feeds], capture_output=True, text=True,
                          timeout=900, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert not re.search(r"(?m)^FAIL", proc.stdout)


_CELLS = st.sampled_from(["", "Ada", "2027-01-04", "2027-02-30", "mon,wed", "fun", "07:00",
                          "sat=09:00 07:00", "25:00", "Europe/London", "Mars/Base", "runner",
                          "band;dumbbell", "30m", "9w", "yes", "maybe", "\x00", "\u2028",
                          '"', ",", "\n", "é", "=1+1"])


@settings(max_examples=fuzz_budget(40), deadline=None)
@given(header=st.lists(st.sampled_from(["name", "start", "days", "time", "zone", "level",
                                        "equipment", "reminder", "busy-only", "Busy_Only",
                                        "nope", ""]), min_size=1, max_size=6),
       rows=st.lists(st.lists(_CELLS, max_size=8), max_size=6),
       as_json=st.booleans())
def test_any_roster_is_read_or_refused_in_one_message(header: list[str],
                                                      rows: list[list[str]],
                                                      as_json: bool) -> None:
    """Whatever a roster holds, reading it gives members and row problems (each naming a
    line and a field) or one RosterError; nothing else escapes."""
    if as_json:
        text = json.dumps([dict(zip(header, row, strict=False)) for row in rows])
    else:
        out = io.StringIO()
        csv.writer(out).writerows([header, *rows])
        text = out.getvalue()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / ("r.json" if as_json else "r.csv")
        path.write_text(text, encoding="utf-8")
        try:
            roster = read_roster(path)
        except RosterError as exc:
            assert str(exc).startswith(str(path)) and "\n" not in str(exc)
            return
    keys = [m.key for m in roster.members]
    assert len(keys) == len(set(keys))
    assert all(re.fullmatch(r"[\w-]+", m.slug) and not m.slug.startswith("-")
               for m in roster.members)
    for problem in roster.problems:
        assert re.match(r"line \d+( \(.*\))?: [a-z-]+: ", str(problem)), str(problem)
