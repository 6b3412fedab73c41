"""publish and batch write only what they own, never their input, and a token changes
together with the files it names (issue 19, items 2-4, 7, 9): real files, a real full disk
(a small tmpfs: the tests mount one, as root) and real processes killed with SIGKILL."""

from __future__ import annotations

import contextlib
import csv
import io
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planforge.cli import main
from planforge.formats.planfile import load_plan

SRC = Path(__file__).resolve().parent.parent / "src"
CREATED = "2026-11-20T08:00:00Z"


def run(*args: str) -> Result:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    assert "Traceback" not in result.output
    return result


def make(path: Path, *more: str) -> Path:
    result = run("make", "--goal", "glutes", "--weeks", "4", "--start", "2027-01-04",
                 "--created", CREATED, "-o", str(path), *more)
    assert result.exit_code == 0, result.output
    return path


def tokens(path: Path) -> tuple[str, str]:
    extra = dict(load_plan(path).extra)
    return extra["feed_token"], extra["feed_token_busy"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@contextlib.contextmanager
def tmpfs(path: Path, size: str) -> Iterator[Path]:
    """A file system of ``size`` at ``path``: a disk that fills up for real."""
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"a full disk needs a tmpfs mount, which needs root ({done.stderr.strip()});"
                    " run the tests as root to include it")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(folder: Path) -> Path:
    """Take every free byte of the file system ``folder`` is on."""
    filler = folder / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0" * 4096)
        with contextlib.suppress(OSError):
            while True:
                os.write(fd, b"\0")
    finally:
        os.close(fd)
    return filler


# ----------------------------------------------------------------------------- publish


@pytest.mark.parametrize("tokens_in_it", [False, True])
def test_publish_of_a_calendar_leaves_it_byte_identical(tmp_path: Path,
                                                        tokens_in_it: bool) -> None:
    """``publish plan.ics site`` wrote TOML over the calendar (exit 0), so the calendar was
    lost and the next publish failed."""
    plan = make(tmp_path / "plan.toml")
    if tokens_in_it:
        assert run("publish", str(plan), str(tmp_path / "first")).exit_code == 0
    ics = tmp_path / "x.ics"
    assert run("render", str(plan), "-o", str(ics)).exit_code == 0
    before = ics.read_bytes()
    result = run("publish", str(ics), str(tmp_path / "site"))
    assert ics.read_bytes() == before
    if tokens_in_it:  # the tokens are in the calendar's plan: nothing to keep
        assert result.exit_code == 0, result.output
        assert (tmp_path / "site" / f"{tokens(plan)[0]}.ics").is_file()
        result = run("publish", str(ics), str(tmp_path / "site"), "--new-token")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {ics} is a calendar, which publish does not write over, "
                             "so it cannot keep a new secret feed name: publish the plan file "
                             f"it came from, or make one: planforge render {ics} -o plan.toml\n")
    assert ics.read_bytes() == before


def test_publish_refuses_its_own_feed_as_the_plan(tmp_path: Path) -> None:
    plan = make(tmp_path / "plan.toml")
    site = tmp_path / "site"
    assert run("publish", str(plan), str(site)).exit_code == 0
    feed = site / f"{tokens(plan)[0]}.ics"
    before = snapshot(site)
    result = run("publish", str(feed), str(site), "--remind", "1h")
    assert result.exit_code == 2 and "is the file publish would write as" in result.stderr
    assert snapshot(site) == before


def test_a_file_publish_did_not_write_is_refused_without_force(tmp_path: Path) -> None:
    plan = make(tmp_path / "plan.toml")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_bytes(b"<h1>my own site</h1>")
    (site / "photo.jpg").write_bytes(b"jpeg")
    plan_before = plan.read_bytes()
    result = run("publish", str(plan), str(site))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {site / 'index.html'} is not a file planforge wrote; use "
                             "--force to overwrite it, or publish into another folder\n")
    assert snapshot(site) == {"index.html": b"<h1>my own site</h1>", "photo.jpg": b"jpeg"}
    assert plan.read_bytes() == plan_before  # no token drawn for a publish that failed
    result = run("publish", str(plan), str(site), "--force")
    assert result.exit_code == 0, result.output
    assert (site / "photo.jpg").read_bytes() == b"jpeg"
    assert b"Subscribe" in (site / "index.html").read_bytes()
    assert run("publish", str(plan), str(site)).exit_code == 0  # planforge's now


def test_a_folder_published_by_an_older_release_is_taken_over(tmp_path: Path) -> None:
    """No record: its subscribe page (by its words) and the plan's feed are planforge's."""
    plan = make(tmp_path / "plan.toml")
    site = tmp_path / "site"
    assert run("publish", str(plan), str(site)).exit_code == 0
    (site / ".planforge.json").unlink()
    (site / "mine.txt").write_bytes(b"mine")
    result = run("publish", str(plan), str(site), "--new-token")
    assert result.exit_code == 0, result.output
    feed = tokens(plan)[0]
    assert sorted(snapshot(site)) == sorted([".planforge.json", f"{feed}.ics", "index.html",
                                             "mine.txt"])


def test_permissions_of_the_plan_and_the_feeds_are_kept(tmp_path: Path) -> None:
    """chmod 600 priv.toml; publish priv.toml site left it 644 with the token readable."""
    plan = make(tmp_path / "priv.toml")
    plan.chmod(0o600)
    site = tmp_path / "site"
    assert run("publish", str(plan), str(site), "--busy-only").exit_code == 0
    assert plan.stat().st_mode & 0o777 == 0o600
    for path in site.iterdir():
        path.chmod(0o640)
    assert run("publish", str(plan), str(site), "--remind", "1h").exit_code == 0
    assert run("publish", str(plan), str(site), "--new-token").exit_code == 0
    assert plan.stat().st_mode & 0o777 == 0o600
    assert (site / "index.html").stat().st_mode & 0o777 == 0o640


def test_a_full_disk_during_new_token_never_leaves_the_revoked_feed_after_the_next_publish(
        tmp_path: Path) -> None:
    plan = make(tmp_path / "plan.toml")
    with tmpfs(tmp_path / "disk", "2m") as disk:
        site = disk / "site"
        assert run("publish", str(plan), str(site), "--busy-only").exit_code == 0
        old = tokens(plan)
        filler = fill(disk)
        result = run("publish", str(plan), str(site), "--new-token")
        assert result.exit_code == 1
        assert "No space left on device" in result.stderr
        assert f"note: the old feed is still in {site}; publish again to take it out" in \
            result.stderr
        new = tokens(plan)
        assert not set(new) & set(old)  # the revocation is in the plan file
        assert {p.name for p in site.iterdir()} >= {f"{old[0]}.ics"}  # still online, for now
        filler.unlink()
        result = run("publish", str(plan), str(site))
        assert result.exit_code == 0, result.output
        names = {p.name for p in site.iterdir()}
        assert names == {f"{new[0]}.ics", f"{new[1]}.ics", "index.html", ".planforge.json"}
        assert f"removed the old feed {site / (old[0] + '.ics')}" in result.stderr
        assert not [p for p in disk.iterdir() if p.name.startswith(".site.")]


def test_a_full_disk_for_the_plan_file_changes_nothing(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "disk", "2m") as disk:
        plan = make(disk / "plan.toml")
        site = tmp_path / "site"
        assert run("publish", str(plan), str(site)).exit_code == 0
        before_plan, before_site = plan.read_bytes(), snapshot(site)
        filler = fill(disk)
        result = run("publish", str(plan), str(site), "--new-token")
        assert result.exit_code == 1
        assert result.stderr == f"Error: cannot write {plan}: No space left on device\n"
        assert plan.read_bytes() == before_plan and snapshot(site) == before_site
        filler.unlink()
        assert not [p for p in disk.iterdir() if p.name.endswith(".tmp")]


KILL_PUBLISH = """
import sys
from planforge.cli import main
sys.argv = ["planforge", "publish", sys.argv[1], sys.argv[2], "--new-token", "--busy-only"]
main()
"""


@pytest.mark.slow
def test_kill_9_during_new_token_never_leaves_a_revoked_feed_after_the_next_publish(
        tmp_path: Path) -> None:
    plan = make(tmp_path / "plan.toml", "--weeks", "12")
    site = tmp_path / "site"
    assert run("publish", str(plan), str(site), "--busy-only").exit_code == 0
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    revoked: set[str] = set()
    chance = random.Random(19)
    for _ in range(12):
        before = tokens(plan)
        proc = subprocess.Popen([sys.executable, "-c", KILL_PUBLISH, str(plan), str(site)],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.2, 1.5))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        load_plan(plan)  # the plan file is whole: the old one or the new one
        now = tokens(plan)
        if now != before:
            revoked |= set(before)
        # the folder is one version: its page links a feed that is there
        page = (site / "index.html").read_text(encoding="utf-8")
        linked = [p.name for p in site.iterdir() if p.suffix == ".ics" and p.name in page]
        assert linked
        result = run("publish", str(plan), str(site))
        assert result.exit_code == 0, result.output
        online = {p.name.removesuffix(".ics") for p in site.iterdir()}
        assert not online & revoked, "a revoked feed is online after the next publish"
        assert set(now) <= online
    assert not [p for p in tmp_path.iterdir() if ".planforge-" in p.name]


# ----------------------------------------------------------------------------- batch


@pytest.fixture
def club_plan(tmp_path: Path) -> Path:
    return make(tmp_path / "club.toml", "--time", "07:00", "--tz", "Europe/London")


def roster(path: Path, names: list[str]) -> Path:
    path.write_text("name\n" + "\n".join(names) + "\n", encoding="utf-8")
    return path


def rows(club: Path) -> dict[str, dict[str, str]]:
    text = (club / "club.csv").read_text(encoding="utf-8")
    return {r["name"]: r for r in csv.DictReader(io.StringIO(text))}


def feed_dates(feed: Path) -> dict[str, object]:
    import icalendar

    calendar = icalendar.Calendar.from_ical(feed.read_bytes())
    return {str(e["UID"]): e["DTSTART"].dt.date() for e in calendar.walk("VEVENT")}


def test_a_coachs_shift_of_a_members_plan_is_kept(tmp_path: Path, club_plan: Path) -> None:
    club = tmp_path / "club"
    names = roster(tmp_path / "r.csv", ["Ada", "Bo"])
    assert run("batch", str(club_plan), str(names), "-o", str(club)).exit_code == 0
    bo = club / rows(club)["Bo"]["plan_file"]
    feed = club / rows(club)["Bo"]["feed"]
    result = run("shift", str(bo), "--from", "2027-01-11", "--by", "2d", "-o", str(bo),
                 "--force")
    assert result.exit_code == 0, result.output
    shifted, shifted_feed = bo.read_bytes(), feed.read_bytes()
    result = run("batch", str(club_plan), str(roster(tmp_path / "r.csv", ["Cy", "Ada", "Bo"])),
                 "-o", str(club))
    assert result.exit_code == 0, result.output
    assert "note: kept plans/bo.toml: changed since batch wrote it" in result.stderr
    assert bo.read_bytes() == shifted
    assert feed.read_bytes() != shifted_feed  # made from the shifted plan ...
    assert feed_dates(feed) == {s.uid: s.date for s in load_plan(bo).sessions}
    again = snapshot(club)
    assert run("batch", str(club_plan), str(tmp_path / "r.csv"), "-o",
               str(club)).exit_code == 0
    assert snapshot(club) == again  # ... and still kept, byte for byte
    result = run("batch", str(club_plan), str(tmp_path / "r.csv"), "-o", str(club), "--force")
    assert result.exit_code == 0 and "kept" not in result.stderr
    assert bo.read_bytes() != shifted and rows(club)["Bo"]["feed"] == feed.relative_to(
        club).as_posix()


def test_a_members_plan_file_that_no_longer_parses_keeps_their_address(
        tmp_path: Path, club_plan: Path) -> None:
    """It made the re-run exit 0 silently, draw a new address and leave the old feed up."""
    club = tmp_path / "club"
    names = roster(tmp_path / "r.csv", ["Ada", "Bo"])
    assert run("batch", str(club_plan), str(names), "-o", str(club)).exit_code == 0
    before = rows(club)["Bo"]
    bo = club / before["plan_file"]
    bo.write_text("this = [is not a plan", encoding="utf-8")
    feed_bytes = (club / before["feed"]).read_bytes()
    result = run("batch", str(club_plan), str(names), "-o", str(club))
    assert result.exit_code == 1
    assert (f"{names}: line 3 (Bo): plan: plans/bo.toml was changed since batch wrote it and "
            "is no longer a plan file (") in result.stderr
    assert (club / before["feed"]).read_bytes() == feed_bytes  # the same address, kept
    assert len(list((club / "site").iterdir())) == 2  # no new address drawn
    result = run("batch", str(club_plan), str(names), "-o", str(club), "--force")
    assert result.exit_code == 0 and rows(club)["Bo"]["feed"] == before["feed"]
    load_plan(bo)


def test_a_file_batch_did_not_write_is_refused_without_force(tmp_path: Path,
                                                             club_plan: Path) -> None:
    club = tmp_path / "club"
    club.mkdir()
    (club / "index.html").write_bytes(b"the coach's own page")
    names = roster(tmp_path / "r.csv", ["Ada"])
    result = run("batch", str(club_plan), str(names), "-o", str(club))
    assert result.exit_code == 1
    assert result.stderr == (f"Error: {club / 'index.html'} is not a file batch wrote; use "
                             "--force to overwrite it, or write the club into another folder\n")
    assert snapshot(club) == {"index.html": b"the coach's own page"}
    (club / "index.html").unlink()
    (club / "plans").mkdir()
    (club / "plans" / "ada.toml").write_bytes(b"the coach's notes")
    result = run("batch", str(club_plan), str(names), "-o", str(club))
    assert result.exit_code == 1 and "plans/ada.toml is a file batch did not write" in \
        result.stderr
    assert (club / "plans" / "ada.toml").read_bytes() == b"the coach's notes"


def test_a_re_run_with_nothing_new_reads_no_member_plan(tmp_path: Path, club_plan: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """The re-run was 4-7 times slower than the first: every member's plan file was read
    and validated. Now the digests of the record decide."""
    from planforge.formats import planfile

    club = tmp_path / "club"
    names = roster(tmp_path / "r.csv", [f"Member {i}" for i in range(12)])
    assert run("batch", str(club_plan), str(names), "-o", str(club), "--jobs", "1").exit_code == 0
    before = snapshot(club)
    read: list[str] = []
    real = planfile.read_plan

    def counting(path: object) -> object:
        read.append(str(path))
        return real(path)  # type: ignore[arg-type]

    monkeypatch.setattr(planfile, "read_plan", counting)
    monkeypatch.setattr(planfile, "load_plan", lambda p: counting(p)[0])  # type: ignore[index]
    result = run("batch", str(club_plan), str(names), "-o", str(club), "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert read == [str(club_plan)]
    assert snapshot(club) == before


def test_a_full_disk_during_batch_leaves_the_club_folder_as_it_was(
        tmp_path: Path, club_plan: Path) -> None:
    with tmpfs(tmp_path / "disk", "3m") as disk:
        club = disk / "club"
        names = roster(tmp_path / "r.csv", ["Ada", "Bo"])
        assert run("batch", str(club_plan), str(names), "-o", str(club)).exit_code == 0
        before = snapshot(club)
        filler = fill(disk)
        result = run("batch", str(club_plan), str(roster(tmp_path / "r.csv", ["Ada", "Bo", "Cy",
                                                                               "Dee"])),
                     "-o", str(club), "--jobs", "1")
        assert result.exit_code == 1 and "No space left on device" in result.stderr
        assert snapshot(club) == before
        filler.unlink()
        assert run("batch", str(club_plan), str(tmp_path / "r.csv"), "-o", str(club),
                   "--jobs", "1").exit_code == 0
        assert set(rows(club)) == {"Ada", "Bo", "Cy", "Dee"}
        assert not [p for p in disk.iterdir() if p.name.startswith(".club.")]


def _processes_with(marker: str) -> list[int]:
    """The live (not zombie) processes whose command line holds ``marker``."""
    found = []
    for entry in (p.name for p in Path("/proc").iterdir()):
        if not entry.isdigit():
            continue
        try:
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            state = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker.encode() in cmdline and state != "Z":
            found.append(int(entry))
    return found


@pytest.mark.slow
def test_pool_workers_end_with_batch_killed_9(tmp_path: Path, club_plan: Path) -> None:
    """kill -9 of batch left its pool workers alive (36 MB each, parent pid 1)."""
    club = tmp_path / "club-killed"
    names = roster(tmp_path / "r.csv", [f"Member {i}" for i in range(80)])
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, "-m", "planforge", "batch", str(club_plan),
                             str(names), "-o", str(club), "--jobs", "2"], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    marker = str(club)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(_processes_with(marker)) < 3:
        time.sleep(0.05)
    workers = [pid for pid in _processes_with(marker) if pid != proc.pid]
    assert workers, "the pool did not start"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _processes_with(marker):
        time.sleep(0.1)
    assert _processes_with(marker) == []
    assert not club.exists()  # killed before the swap: nothing but a hidden folder ...
    assert run("batch", str(club_plan), str(names), "-o", str(club)).exit_code == 0
    assert not [p for p in tmp_path.iterdir() if ".planforge-" in p.name]  # ... cleaned up


def test_a_coachs_new_token_for_a_member_moves_their_feed_and_takes_the_old_offline(
        tmp_path: Path, club_plan: Path) -> None:
    club = tmp_path / "club"
    names = roster(tmp_path / "r.csv", ["Ada", "Bo"])
    assert run("batch", str(club_plan), str(names), "-o", str(club)).exit_code == 0
    old = rows(club)["Bo"]["feed"]
    bo = club / rows(club)["Bo"]["plan_file"]
    assert run("publish", str(bo), str(tmp_path / "bo-site"), "--new-token").exit_code == 0
    result = run("batch", str(club_plan), str(names), "-o", str(club))
    assert result.exit_code == 0, result.output
    new = rows(club)["Bo"]["feed"]
    assert new != old and new == f"site/{tokens(bo)[0]}/{tokens(bo)[0]}.ics"
    assert not (club / old).exists() and (club / new).is_file()


def test_a_member_plan_replaced_by_anothers_is_refused(tmp_path: Path, club_plan: Path) -> None:
    """A copy of Ada's plan over Bo's would give Bo Ada's feed: it is reported instead."""
    club = tmp_path / "club"
    names = roster(tmp_path / "r.csv", ["Ada", "Bo"])
    assert run("batch", str(club_plan), str(names), "-o", str(club)).exit_code == 0
    before = rows(club)
    (club / before["Bo"]["plan_file"]).write_bytes((club / before["Ada"]["plan_file"]).read_bytes())
    result = run("batch", str(club_plan), str(names), "-o", str(club))
    assert result.exit_code == 1
    assert ("line 3 (Bo): plan: plans/bo.toml now holds the plan of 'Ada', not this member's"
            in result.stderr)
    assert rows(club)["Ada"]["feed"] == before["Ada"]["feed"]
    assert "Bo" not in rows(club) and (club / before["Bo"]["feed"]).is_file()
