"""``planforge workouts`` and ``make --format fit`` (issue 14): messages, exit codes, files.

The missing-extra case runs the real program in a fresh interpreter whose
``sitecustomize`` makes ``import garmin_fit_sdk`` fail, as on a machine without
``planforge[fit]``; the encoder itself is not mocked.
"""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from fit_reading import decoders, garmin_read
from planforge import cli

SRC = Path(__file__).resolve().parent.parent / "src"
FIXTURES = Path(__file__).resolve().parent / "workouts"
CREATED = "2026-11-20T08:00:00Z"
INSTALL = 'Error: --format fit needs Garmin\'s FIT SDK, an optional extra: pip install ' \
          '"planforge[fit]"\n'


def run(*args: str) -> Result:
    return CliRunner().invoke(cli.main, list(args), env={"SOURCE_DATE_EPOCH": None},
                              catch_exceptions=False)


@pytest.fixture
def plan_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An 8-week glutes plan for a beginner (mon, wed, fri, sat) from 2026-11-23, 8 workouts a
    week (3 runs, 3 strength, 2 mobility), as plan.toml. A fixed plan file (what ``make``
    wrote once), so the counts below stay true whatever the engine makes today."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "plan.toml").write_bytes((FIXTURES / "glutes-8-workouts-a-week.toml").read_bytes())
    return tmp_path / "plan.toml"


def weekly_counts(plan_file: Path) -> dict[int, int]:
    data = tomllib.loads(plan_file.read_text("utf-8"))
    counts: dict[int, int] = {}
    for session in data["sessions"]:
        counts[session["week"]] = counts.get(session["week"], 0) + 1
    return counts


def test_fit_default_window_holds_at_most_30_workouts(plan_file: Path) -> None:
    decoders()
    counts = weekly_counts(plan_file)
    # 3 runs, 3 strength and 2 mobility a week: weeks 1-3 are 24, weeks 1-4 would be 32
    assert [counts[w] for w in range(1, 9)] == [8] * 8
    result = run("workouts", "plan.toml", "-o", "watch")
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == (
        "wrote watch: 24 workouts (weeks 1-3 of 8) and schedule.fit\n"
        "A watch holds about 30 scheduled workouts; for the next weeks run: planforge "
        "workouts plan.toml --weeks 4-6 -o OTHER-FOLDER\n"
        "Copy the files to GARMIN/NewFiles on the watch over USB.\n")
    names = sorted(p.name for p in (plan_file.parent / "watch").iterdir())
    assert len(names) == 25 and "schedule.fit" in names
    assert names[:3] == ["W01-1-run-walk.fit", "W01-2-strength.fit", "W01-3-run-walk.fit"]
    schedule = garmin_read((plan_file.parent / "watch" / "schedule.fit").read_bytes())
    assert len(schedule["schedule"]) == 24


def test_fit_weeks_window(plan_file: Path) -> None:
    decoders()
    result = run("workouts", "plan.toml", "--weeks", "7-8", "-o", "later")
    assert result.exit_code == 0
    assert result.stderr == ("wrote later: 16 workouts (weeks 7-8 of 8) and schedule.fit\n"
                             "Copy the files to GARMIN/NewFiles on the watch over USB.\n")
    names = sorted(p.name for p in (plan_file.parent / "later").iterdir())
    # NHS week 7 and on: continuous runs, "easy" (25, 28 min)
    assert names[0] == "W07-1-easy.fit" and names[-2].startswith("W08-8-")


def test_weeks_are_weeks_of_dates_after_a_shift(plan_file: Path) -> None:
    """After 'shift' a workout keeps the plan week it was planned for, but the window is of
    dates: --weeks 9 holds what the one-week shift moved into the ninth 7-day block."""
    decoders()
    shifted = run("shift", "plan.toml", "--from", "2026-11-30", "--by", "1w",
                  "-o", "shifted.toml")
    assert shifted.exit_code == 0, shifted.stderr
    data = tomllib.loads((plan_file.parent / "shifted.toml").read_text("utf-8"))
    ninth = [s for s in data["sessions"] if s["date"] >= "2027-01-18"]  # 2026-11-23 + 56 days
    assert len(ninth) == 8 and {s["week"] for s in ninth} == {8}
    result = run("workouts", "shifted.toml", "--weeks", "9", "-o", "w9")
    assert result.exit_code == 0
    assert result.stderr.startswith("wrote w9: 8 workouts (week 9 of 9) and schedule.fit\n")
    names = sorted(p.name for p in (plan_file.parent / "w9").iterdir())
    assert len(names) == 9 and all(n.startswith("W09-") for n in names[:-1])
    text = run("workouts", "shifted.toml", "--weeks", "9", "-o", "-").stdout
    assert "=== 2027-01-18 Monday ===" in text and "=== 2027-01-17" not in text


def test_an_existing_file_is_kept_without_force(plan_file: Path) -> None:
    decoders()
    assert run("workouts", "plan.toml", "--weeks", "1", "-o", "watch").exit_code == 0
    folder = plan_file.parent / "watch"
    (folder / "W01-1-run-walk.fit").write_bytes(b"mine")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    result = run("workouts", "plan.toml", "--weeks", "1-2", "-o", "watch")
    assert result.exit_code == 1
    assert result.stderr == ("Error: watch/W01-1-run-walk.fit already exists; use --force "
                             "to overwrite it\n")
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert run("workouts", "plan.toml", "--weeks", "1-2", "-o", "watch", "--force"
               ).exit_code == 0
    assert (folder / "W01-1-run-walk.fit").read_bytes() != b"mine"
    assert len(list(folder.iterdir())) == 17


@pytest.mark.parametrize(("args", "code", "message"), [
    (["--weeks", "9-10", "-o", "watch"], 2,
     "Error: --weeks 9-10 is outside the plan, which has weeks 1-8\n"),
    (["--weeks", "1..4", "-o", "watch"], 2,
     "Error: Invalid value for '--weeks': '1..4' is not a week or a range of weeks; "
     "expected N or N-M like 1-4\n"),
    (["--weeks", "4-1", "-o", "watch"], 2,
     "Error: Invalid value for '--weeks': '4-1' is not a range of weeks; expected N-M with "
     "1 <= N <= M, like 1-4\n"),
    (["--format", "fit", "-o", "-"], 1,
     "Error: watch files are a folder of files; give a folder name with -o, not -\n"),
    (["-o", "plan.toml"], 1, "Error: plan.toml is a file; give a folder name for the watch "
                             "files\n"),
])
def test_refusals(plan_file: Path, args: list[str], code: int, message: str) -> None:
    decoders()
    before = sorted(plan_file.parent.iterdir())
    result = run("workouts", "plan.toml", *args)
    assert (result.exit_code, result.stderr) == (code, message)
    assert sorted(plan_file.parent.iterdir()) == before


@pytest.mark.parametrize("existing", [False, True], ids=["new-folder", "existing+force"])
def test_a_write_that_fails_half_way_removes_what_it_wrote(
        plan_file: Path, monkeypatch: pytest.MonkeyPatch, existing: bool) -> None:
    """A full disk at the second file: nothing of it is left (the folder is written beside
    the old one and swapped in whole), nor the folder when the command would have made it;
    a file that was there before is kept."""
    decoders()
    folder = plan_file.parent / "watch"
    if existing:
        folder.mkdir()
        (folder / "mine.txt").write_bytes(b"mine")
    calls = {"n": 0}
    real_open = os.open

    def full_disk(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and str(path).endswith(".fit"):
            calls["n"] += 1  # each new watch file
            if calls["n"] == 2:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", full_disk)
    args = ["workouts", "plan.toml", "--weeks", "1", "-o", "watch"]
    result = run(*args, *(["--force"] if existing else []))
    assert result.exit_code == 1
    assert result.stderr == ("Error: cannot write watch/W01-2-strength.fit: No space left on "
                             "device\n")
    if existing:
        assert sorted(p.name for p in folder.iterdir()) == ["mine.txt"]
    else:
        assert not folder.exists()
    assert sorted(p.name for p in plan_file.parent.iterdir() if p.name.startswith(".")) == []


def test_icu_to_a_file_and_to_standard_output(plan_file: Path) -> None:
    result = run("workouts", "plan.toml", "--format", "icu", "-o", "plan-icu.txt")
    assert result.exit_code == 0
    assert result.stderr == ("wrote plan-icu.txt: 64 workouts (weeks 1-8 of 8) as "
                             "intervals.icu workout text\n")
    text = (plan_file.parent / "plan-icu.txt").read_text("utf-8")
    assert text.startswith("planforge: Stronger glutes (8 weeks): weeks 1-8 as intervals.icu")
    assert "Main set 8x\n- Run 1m\n- Walk 1m30s\n" in text  # NHS week 1: 8 x (1 min, 90 s)
    out = run("workouts", "plan.toml", "--weeks", "1", "-o", "-")
    assert out.exit_code == 0
    assert out.stdout.startswith("planforge: Stronger glutes (8 weeks): week 1 as ")
    assert out.stderr == ("wrote standard output: 8 workouts (week 1 of 8) as intervals.icu "
                          "workout text\n")


def test_make_format_fit_writes_the_watch_folder(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    decoders()
    monkeypatch.chdir(tmp_path)
    result = run("make", "--goal", "glutes", "--weeks", "8", "--start", "2030-01-07",
                 "--created", CREATED, "--format", "fit")
    assert result.exit_code == 0, result.stderr
    # what the window should hold, worked out here from the plan the engine makes
    import datetime as dt

    from planforge import build_plan
    plan = build_plan(goal="glutes", weeks=8, start=dt.date(2030, 1, 7),
                      created=dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC))
    per_week = [sum(s.week == w for s in plan.sessions) for w in range(1, 9)]
    last = max(k for k in range(1, 9) if sum(per_week[:k]) <= 30)
    total = sum(per_week[:last])
    lines = result.stderr.splitlines()
    assert lines[0].startswith(
        f"wrote planforge-glutes-8w-watch: 8 weeks, {len(plan.sessions)} workouts")
    assert lines[1] == (f"{total} watch workouts and schedule.fit: copy them to GARMIN/NewFiles "
                        "on the watch over USB.")
    assert lines[-1] == (
        f"warning: the watch folder holds weeks 1-{last} of 8 (a watch holds about 30 scheduled "
        "workouts); for later weeks save the plan with --format toml and run 'planforge "
        f"workouts PLAN --weeks {last + 1}-{min(8, 2 * last)}'")
    assert len(list((tmp_path / "planforge-glutes-8w-watch").iterdir())) == total + 1
    refused = run("make", "--goal", "glutes", "--format", "fit", "-o", "plan.ics")
    assert refused.exit_code == 2
    assert refused.stderr == ("Error: --format fit writes a folder of files, not one .ics "
                              "file; give a folder name for -o, like fit-files\n")


def test_a_planforge_calendar_is_a_plan_for_workouts(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """make -> .ics -> workouts: the calendar carries its plan (X-PLANFORGE-PLAN), so the
    intervals.icu text and every FIT file are byte for byte those of the same plan's .toml,
    and the FIT files decode to the plan's steps."""
    from fit_reading import expected_steps, fitdecode_read, steps_of
    from planforge.formats.planfile import load_plan

    decoders()
    monkeypatch.chdir(tmp_path)
    made = ["make", "--goal", "glutes", "--weeks", "4", "--start", "2027-01-04", "--time",
            "07:00", "--tz", "Europe/London", "--created", CREATED]
    assert run(*made, "-o", "plan.ics").exit_code == 0
    assert run(*made, "-o", "plan.toml").exit_code == 0
    assert b"X-PLANFORGE-PLAN" in (tmp_path / "plan.ics").read_bytes()
    icu = run("workouts", "plan.ics", "--format", "icu", "-o", "from-ics.txt")
    assert (icu.exit_code, icu.stderr) == (0, "wrote from-ics.txt: 28 workouts (weeks 1-4 of "
                                              "4) as intervals.icu workout text\n")
    assert run("workouts", "plan.toml", "-o", "from-toml.txt").exit_code == 0
    text = (tmp_path / "from-ics.txt").read_text("utf-8")
    assert text == (tmp_path / "from-toml.txt").read_text("utf-8")
    assert "=== 2027-01-04 Monday ===" in text and "Main set 8x\n- Run 1m\n- Walk 1m30s\n" in text
    fit = run("workouts", "plan.ics", "--weeks", "1-2", "-o", "watch-ics")
    assert fit.exit_code == 0, fit.stderr
    assert fit.stderr.splitlines()[0] == "wrote watch-ics: 14 workouts (weeks 1-2 of 4) and " \
                                         "schedule.fit"
    assert run("workouts", "plan.toml", "--weeks", "1-2", "-o", "watch-toml").exit_code == 0
    ics_files = {p.name: p.read_bytes() for p in (tmp_path / "watch-ics").iterdir()}
    assert ics_files == {p.name: p.read_bytes() for p in (tmp_path / "watch-toml").iterdir()}
    plan = load_plan(tmp_path / "plan.toml")
    week1 = sorted((s for s in plan.sessions if s.week == 1), key=lambda s: s.date)
    first_run = next(s for s in week1 if s.kind == "run")
    name = f"W01-{week1.index(first_run) + 1}-run-walk.fit"
    data = ics_files[name]
    assert steps_of(garmin_read(data)) == steps_of(fitdecode_read(data))
    assert steps_of(fitdecode_read(data)) == expected_steps(first_run)


def linked_files(page: str) -> dict[str, str]:
    """Session UID -> the .fit file its article on the HTML page links."""
    import html
    import re

    out = {}
    for uid, body in re.findall(r'<article class="[^"]*" data-uid="([^"]+)"(.*?)</article>', page,
                                re.S):
        hrefs = re.findall(r'<a href="([^"]+)" download>', body)
        assert len(hrefs) <= 1
        if hrefs:
            out[html.unescape(uid)] = hrefs[0]
    return out


def test_with_page_links_each_session_to_its_fit_file(plan_file: Path) -> None:
    """``--with-page``: index.html beside the files; every session of the window (and only
    those) links its file, which decodes to that session's steps."""
    from fit_reading import expected_steps, fitdecode_read, steps_of
    from planforge.formats.planfile import load_plan

    decoders()
    result = run("workouts", "plan.toml", "--weeks", "2-3", "--with-page", "-o", "watch")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[0] == (
        "wrote watch: 16 workouts (weeks 2-3 of 8) and schedule.fit; index.html, the plan's "
        "page linking them")
    folder = plan_file.parent / "watch"
    page = (folder / "index.html").read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and page.count("<article ") == 64
    links = linked_files(page)
    plan = load_plan(plan_file)
    window = [s for s in plan.sessions if 7 <= (s.date - plan.start).days < 21]  # weeks 2-3
    assert set(links) == {s.uid for s in window} and len(window) == 16
    fit_names = {p.name for p in folder.iterdir()} - {"index.html", "schedule.fit"}
    assert sorted(links.values()) == sorted(fit_names)
    for session in window:
        data = (folder / links[session.uid]).read_bytes()
        assert steps_of(fitdecode_read(data)) == expected_steps(session), links[session.uid]
    refused = run("workouts", "plan.toml", "--format", "icu", "--with-page", "-o", "x.txt")
    assert (refused.exit_code, refused.stderr) == (2, (
        "Error: --with-page writes the page beside the .fit files: it goes with --format fit\n"))
    assert not (plan_file.parent / "x.txt").exists()


def test_a_calendar_without_a_plan_is_refused(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "other.ics").write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//x//y//EN"
                                         b"\r\nEND:VCALENDAR\r\n")
    result = run("workouts", "other.ics", "--format", "icu", "-o", "out.txt")
    assert (result.exit_code, result.stderr) == (2, (
        "Error: other.ics: is a calendar without a planforge plan in it (no X-PLANFORGE-PLAN); "
        "give a .ics planforge wrote, or a plan file (.toml or .json)\n"))
    assert not (tmp_path / "out.txt").exists()


# ------------------------------------------------------- without the extra: a real process

BLOCKER = '''
import sys

class _NoFitSdk:
    """As on a machine without planforge[fit]: garmin_fit_sdk cannot be imported."""

    def find_spec(self, name, path=None, target=None):
        if name == "garmin_fit_sdk" or name.startswith("garmin_fit_sdk."):
            raise ModuleNotFoundError("No module named 'garmin_fit_sdk'", name=name)
        return None

sys.meta_path.insert(0, _NoFitSdk())
'''


def without_extra(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``python ARGS`` in ``cwd``, in an interpreter where garmin_fit_sdk cannot be imported
    (a sitecustomize in a folder beside ``cwd``)."""
    site = cwd.parent / f"{cwd.name}-site"
    site.mkdir(exist_ok=True)
    (site / "sitecustomize.py").write_text(BLOCKER, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("SOURCE_DATE_EPOCH", "PYTHONPATH")}
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(SRC)])
    return subprocess.run([sys.executable, *args], capture_output=True, text=True,
                          env=env, cwd=cwd, timeout=60, check=False)


def test_the_blocker_blocks(tmp_path: Path) -> None:
    proc = without_extra(tmp_path, "-c", "import garmin_fit_sdk")
    assert proc.returncode == 1 and "No module named 'garmin_fit_sdk'" in proc.stderr


def test_without_the_extra_fit_fails_with_one_line_and_writes_nothing(plan_file: Path
                                                                      ) -> None:
    folder = plan_file.parent
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    for args in (["workouts", "plan.toml", "-o", "watch"],
                 ["workouts", "plan.toml", "--weeks", "1-2", "--format", "fit", "-o", "w"],
                 ["make", "--goal", "glutes", "--format", "fit", "-o", "watch"]):
        proc = without_extra(folder, "-m", "planforge", *args)
        assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", INSTALL), args
        assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    (folder / "roster.csv").write_text("name\nAda\n", encoding="utf-8")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    proc = without_extra(folder, "-m", "planforge", "batch", "plan.toml", "roster.csv", "-o",
                         "club", "--watch")
    assert (proc.returncode, proc.stdout, proc.stderr) == (1, "", (
        'Error: --watch needs Garmin\'s FIT SDK, an optional extra: pip install '
        '"planforge[fit]"\n'))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    icu = without_extra(folder, "-m", "planforge", "workouts", "plan.toml", "--format",
                        "icu", "-o", "plan-icu.txt")
    assert icu.returncode == 0, icu.stderr
    assert (folder / "plan-icu.txt").read_text("utf-8").count("=== 2026-11-23 Monday ===") == 1


def test_another_plan_over_a_watch_folder_leaves_no_mix(plan_file: Path) -> None:
    """``workouts B -o watch --force`` over plan A's folder (issue 19, item 8): the folder
    holds B's workouts and the user's own files, nothing of A's, and B's page only if asked
    for."""
    decoders()
    assert run("workouts", "plan.toml", "--weeks", "1-3", "--with-page", "-o",
               "watch").exit_code == 0
    (plan_file.parent / "watch" / "mine.txt").write_bytes(b"mine")
    result = run("make", "--goal", "thighs", "--level", "runner", "--weeks", "4",
                 "--created", CREATED, "-o", "b.toml")
    assert result.exit_code == 0, result.output
    result = run("workouts", "b.toml", "--weeks", "2", "-o", "watch", "--force")
    assert result.exit_code == 0, result.output
    fresh = plan_file.parent / "fresh"
    assert run("workouts", "b.toml", "--weeks", "2", "-o", "fresh").exit_code == 0
    names = {p.name: p.read_bytes() for p in (plan_file.parent / "watch").iterdir()}
    assert names.pop("mine.txt") == b"mine"
    assert names == {p.name: p.read_bytes() for p in fresh.iterdir()}
    assert not [p for p in plan_file.parent.iterdir() if ".planforge-" in p.name]


def test_a_plan_made_today_guides_strength_and_mobility_on_the_wrist(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """make writes the plan file with each exercise's FIT name and each mobility session's
    movements; workouts turns them into named, counted sets and a step per movement, and
    the intervals.icu text into the same sets (issue 24)."""
    decoders()
    monkeypatch.chdir(tmp_path)
    made = run("make", "--goal", "glutes", "--level", "runner", "--weeks", "8", "--start",
               "2030-01-07", "--created", CREATED, "-o", "plan.toml")
    assert made.exit_code == 0, made.stderr
    data = tomllib.loads((tmp_path / "plan.toml").read_text("utf-8"))
    strength = next(s for s in data["sessions"] if s["kind"] == "strength")
    mobility = next(s for s in data["sessions"] if s["kind"] == "mobility")
    assert all(e["fit"] for e in strength["exercises"])
    assert mobility["movements"] and set(mobility["movements"]) <= set(mobility["notes"])
    result = run("workouts", "plan.toml", "--weeks", "1", "-o", "watch")
    assert result.exit_code == 0, result.stderr
    files = sorted((tmp_path / "watch").glob("W01-*"))
    strength_file = next(f for f in files if "strength" in f.name)
    steps = garmin_read(strength_file.read_bytes())["workout_step"]
    work = [m for m in steps if m.get("intensity") == "active"]
    wanted = [e for e in strength["exercises"] for _ in range(2 if e["per_side"] else 1)]
    assert [(m["exercise_category"], m.get("exercise_name")) for m in work] == [
        (e["fit"].partition(".")[0], e["fit"].partition(".")[2] or None) for e in wanted]
    assert [m.get("duration_reps", m.get("duration_time")) for m in work] == [
        e["reps"] for e in wanted]
    mobility_file = next(f for f in files if "mobility" in f.name)
    notes = [m["notes"] for m in garmin_read(mobility_file.read_bytes())["workout_step"]]
    assert notes == mobility["movements"]
    text = run("workouts", "plan.toml", "--weeks", "1", "--format", "icu", "-o", "-").stdout
    for exercise in strength["exercises"]:  # each with its line of the plan, then its sets
        assert f"\n\n{exercise['name']}" in text
    assert "- Warm up 5m\n" in text and "reps " in text and "- Rest 1m\n" in text
