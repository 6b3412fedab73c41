"""``planforge publish`` (issue 13, item 1): a plan's feed under a secret name kept in the plan
file, stable across shift, render, next and re-publishing; the feed properties; the page."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result

from ical_check import harness
from planforge.cli import main
from planforge.formats.planfile import load_plan
from planforge.publish.feed import TOKEN_RE

START = "2027-01-04"
CREATED = "2026-11-20T08:00:00Z"
#: the time shift records for its change: 2026-11-30T00:53:20Z (date -u -d @1796000000)
SHIFTED_AT = "1796000000"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)


def make(folder: Path, name: str = "plan.toml", *extra: str) -> Path:
    path = folder / name
    result = run("make", "--goal", "thighs", "--weeks", "12", "--start", START, "--time",
                 "07:00", "--tz", "Europe/London", "--created", CREATED, "-o", str(path),
                 *extra)
    assert result.exit_code == 0, result.output
    return path


def tokens(path: Path) -> tuple[str, str]:
    extra = dict(load_plan(path).extra)
    return extra["feed_token"], extra["feed_token_busy"]


def events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    found = {str(e["UID"]): e for e in cal.walk("VEVENT")}
    assert len(found) == data.count(b"BEGIN:VEVENT")
    return found


def test_publish_writes_the_feed_under_a_secret_name_kept_in_the_plan(tmp_path: Path) -> None:
    plan = make(tmp_path)
    before = load_plan(plan)
    site = tmp_path / "site"
    result = run("publish", str(plan), str(site))
    assert result.exit_code == 0, result.output
    token, busy = tokens(plan)
    assert TOKEN_RE.fullmatch(token) and TOKEN_RE.fullmatch(busy) and token != busy
    assert len(token) >= 32  # 24 random bytes
    assert sorted(p.name for p in site.iterdir()) == sorted([f"{token}.ics", "index.html",
                                                             ".planforge.json"])
    assert token.encode() not in (site / ".planforge.json").read_bytes()  # names as digests
    # the plan file itself is unchanged but for the tokens
    after = load_plan(plan)
    assert after.sessions == before.sessions and after.plan_id == before.plan_id
    feed = (site / f"{token}.ics").read_bytes()
    assert feed.startswith(b"BEGIN:VCALENDAR\r\n")
    assert b"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n" in feed
    assert b"\r\nX-PUBLISHED-TTL:PT6H\r\n" in feed
    assert set(events(feed)) == {s.uid for s in before.sessions}
    assert b"LAST-MODIFIED" not in feed  # nothing has changed yet
    assert token in result.stderr and "a secret feed name kept in" in result.stderr


def test_a_second_plan_gets_another_name(tmp_path: Path) -> None:
    first, second = make(tmp_path, "a.toml"), make(tmp_path, "b.toml")
    for plan in (first, second):
        assert run("publish", str(plan), str(tmp_path / plan.stem)).exit_code == 0
    assert not set(tokens(first)) & set(tokens(second))


def test_publishing_an_unchanged_plan_changes_no_byte(tmp_path: Path) -> None:
    plan = make(tmp_path)
    site = tmp_path / "site"
    assert run("publish", str(plan), str(site), "--busy-only").exit_code == 0
    plan_bytes = plan.read_bytes()
    first = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.iterdir()}
    result = run("publish", str(plan), str(site), "--busy-only")
    assert result.exit_code == 0, result.output
    again = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in site.iterdir()}
    assert again == first  # same bytes, and not even rewritten (same mtime, same ETag)
    assert plan.read_bytes() == plan_bytes
    assert "is up to date" in result.stderr


def test_shift_then_publish_moves_the_workouts_in_the_same_feed(tmp_path: Path) -> None:
    plan = make(tmp_path)
    site = tmp_path / "site"
    assert run("publish", str(plan), str(site)).exit_code == 0
    token, _ = tokens(plan)
    old = events((site / f"{token}.ics").read_bytes())
    result = run("shift", str(plan), "--from", "2027-01-18", "--by", "1w", "-o", str(plan),
                 "--force", env={"SOURCE_DATE_EPOCH": SHIFTED_AT})
    assert result.exit_code == 0, result.output
    assert tokens(plan) == (token, tokens(plan)[1])
    assert dict(load_plan(plan).extra)["modified"] == "2026-11-30T00:53:20Z"
    assert run("publish", str(plan), str(site)).exit_code == 0
    assert sorted(p.name for p in site.iterdir()) == sorted([f"{token}.ics", "index.html",
                                                             ".planforge.json"])
    new = events((site / f"{token}.ics").read_bytes())
    assert set(new) == set(old)  # same UIDs: nothing added, nothing lost
    moved = 0
    for uid, event in new.items():
        was = old[uid]["DTSTART"].dt
        if was.date() >= dt.date(2027, 1, 18):
            moved += 1
            assert event["DTSTART"].dt == was + dt.timedelta(days=7), uid
            assert int(event["SEQUENCE"]) == int(old[uid]["SEQUENCE"]) + 1 == 1
            assert event["LAST-MODIFIED"].dt == dt.datetime(2026, 11, 30, 0, 53, 20,
                                                            tzinfo=dt.UTC)
        else:
            assert event["DTSTART"].dt == was and int(event["SEQUENCE"]) == 0
            assert "LAST-MODIFIED" not in event
    assert moved == sum(1 for e in old.values() if e["DTSTART"].dt.date() >= dt.date(2027, 1, 18))
    assert moved > 50


@pytest.mark.parametrize("name", ["plan.toml", "plan.json"])
def test_the_token_survives_render_shift_and_next(tmp_path: Path, name: str) -> None:
    plan = make(tmp_path, name)
    assert run("publish", str(plan), str(tmp_path / "site")).exit_code == 0
    kept = tokens(plan)
    suffix = plan.suffix
    steps = [
        ("render", str(plan), "--time", "06:30", "-o", str(tmp_path / f"r{suffix}")),
        ("shift", str(plan), "--from", "2027-02-01", "--by", "3d", "-o",
         str(tmp_path / f"s{suffix}")),
        ("next", str(plan), "--weeks", "4", "--created", CREATED, "-o",
         str(tmp_path / f"n{suffix}")),
    ]
    for step in steps:
        result = run(*step)
        assert result.exit_code == 0, result.output
        out = Path(step[-1])
        assert tokens(out) == kept, step[0]
        if suffix == ".json":
            extra = dict(json.loads(out.read_text(encoding="utf-8"))["plan"]["extra"])
            assert extra["feed_token"] == kept[0]


def test_a_copy_on_other_dates_gets_no_feed_of_the_original(tmp_path: Path) -> None:
    """render --start makes another plan (UIDs of its own): publishing it must not overwrite
    the original's feed, so the copy carries no token and draws its own."""
    plan = make(tmp_path)
    site = tmp_path / "site"
    assert run("publish", str(plan), str(site)).exit_code == 0
    copy = tmp_path / "copy.toml"
    assert run("render", str(plan), "--start", "2027-02-01", "-o", str(copy)).exit_code == 0
    assert "feed_token" not in dict(load_plan(copy).extra)
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    assert run("publish", str(copy), str(site)).exit_code == 0
    assert tokens(copy)[0] != tokens(plan)[0]
    original = tokens(plan)[0] + ".ics"
    assert (site / original).read_bytes() == before[original]


def test_new_token_rotates_the_name_and_removes_the_old_feed(tmp_path: Path) -> None:
    plan = make(tmp_path)
    site = tmp_path / "site"
    assert run("publish", str(plan), str(site), "--busy-only").exit_code == 0
    old = tokens(plan)
    result = run("publish", str(plan), str(site), "--new-token")
    assert result.exit_code == 0, result.output
    new = tokens(plan)
    assert not set(new) & set(old)
    assert sorted(p.name for p in site.iterdir()) == sorted(
        [f"{new[0]}.ics", f"{new[1]}.ics", "index.html", ".planforge.json"])
    assert load_plan(plan).extra[-1] == ("feed_revoked", f"{old[0]} {old[1]}")
    assert f"removed the old feed {site / (old[0] + '.ics')}" in result.stderr
    page = (site / "index.html").read_text(encoding="utf-8")
    assert old[0] not in page and new[0] in page


def test_the_busy_only_twin_has_its_own_name_uids_and_no_details(tmp_path: Path) -> None:
    plan = make(tmp_path)
    site = tmp_path / "site"
    assert run("publish", str(plan), str(site), "--busy-only").exit_code == 0
    token, busy = tokens(plan)
    full = events((site / f"{token}.ics").read_bytes())
    twin_bytes = (site / f"{busy}.ics").read_bytes()
    twin = events(twin_bytes)
    assert len(twin) == len(full) and not set(twin) & set(full)
    assert {str(e["SUMMARY"]) for e in twin.values()} <= {"Workout", "Strength", "Mobility"}
    assert b"DESCRIPTION" not in twin_bytes and b"CLASS:PRIVATE" in twin_bytes
    assert token not in twin_bytes.decode()


@pytest.mark.parametrize("token", ["../../etc/x", "short", "-" + "a" * 31, "a" * 20 + "/b" * 5,
                                   "a b" * 10])
def test_a_plan_file_with_a_bad_token_is_refused(tmp_path: Path, token: str) -> None:
    plan = make(tmp_path)
    text = plan.read_text(encoding="utf-8")
    lines = [f'extra = [["feed_token", {json.dumps(token)}], '
             f'["feed_token_busy", "{"b" * 32}"]]' if line.startswith("extra = ") else line
             for line in text.splitlines()]
    if not any(line.startswith("extra = ") for line in lines):
        at = lines.index("[plan]") + 1
        lines.insert(at, f'extra = [["feed_token", {json.dumps(token)}], '
                         f'["feed_token_busy", "{"b" * 32}"]]')
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    site = tmp_path / "site"
    result = run("publish", str(plan), str(site))
    assert result.exit_code == 2, result.output
    assert "is not a feed token" in result.stderr and "--new-token" in result.stderr
    assert not site.exists()


def test_the_page_links_every_client(tmp_path: Path) -> None:
    plan = make(tmp_path)
    site = tmp_path / "site"
    result = run("publish", str(plan), str(site), "--base-url", "https://me.example/plans")
    assert result.exit_code == 0, result.output
    token, _ = tokens(plan)
    page = (site / "index.html").read_text(encoding="utf-8")
    https = f"https://me.example/plans/{token}.ics"
    assert f"feed: {https}" in result.stderr
    assert f'href="{https}"' in page and f'href="webcal://me.example/plans/{token}.ics"' in page
    google = "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fme.example%2Fplans%2F"
    assert google + f"{token}.ics" in page
    assert "outlook.live.com/calendar/0/addfromweb?url=https%3A%2F%2Fme.example" in page
    for words in ("Google Calendar (on the web only)", "Apple Calendar", "Outlook",
                  "Thunderbird", "up to a day", "noindex"):
        assert words in page, words
    assert "<script" not in page  # absolute addresses need no script
    relative = tmp_path / "rel"
    assert run("publish", str(plan), str(relative)).exit_code == 0
    page = (relative / "index.html").read_text(encoding="utf-8")
    assert f'href="{token}.ics"' in page and "<script" in page


@pytest.mark.parametrize("url", ["ftp://x/", "https://", "https://x/?a=1", "javascript:x",
                                 "https://x/\"onmouseover=", "plans/", "http://[x/",
                                 "https://h:99999/"])
def test_a_bad_base_url_is_refused(tmp_path: Path, url: str) -> None:
    plan = make(tmp_path)
    before = plan.read_bytes()
    result = run("publish", str(plan), str(tmp_path / "site"), "--base-url", url)
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "site").exists() and plan.read_bytes() == before


def test_plan_text_on_the_page_is_escaped(tmp_path: Path) -> None:
    plan = make(tmp_path)
    text = plan.read_text(encoding="utf-8")
    plan.write_text(re.sub(r'(?m)^summary = "', 'summary = "<script>alert(1)</script> ',
                           text, count=1), encoding="utf-8")
    site = tmp_path / "site"
    assert run("publish", str(plan), str(site), "--base-url", "https://x.example/").exit_code == 0
    page = (site / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)" in page


@pytest.mark.slow  # the nine parsers of the shared harness, each a process
def test_every_published_feed_passes_the_parsers(tmp_path: Path) -> None:
    check = harness()
    plan = make(tmp_path)
    site = tmp_path / "site"
    assert run("publish", str(plan), str(site), "--busy-only", "--remind", "30m").exit_code == 0
    result = run("shift", str(plan), "--from", "2027-01-18", "--by", "1w", "-o", str(plan),
                 "--force", env={"SOURCE_DATE_EPOCH": SHIFTED_AT})
    assert result.exit_code == 0, result.output
    assert run("publish", str(plan), str(site)).exit_code == 0
    feeds = sorted(str(p) for p in site.glob("*.ics"))
    assert len(feeds) == 2
    proc = subprocess.run(["bash", check, *feeds], capture_output=True, text=True,
                          timeout=600, check=False)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-2000:]
    assert not re.search(r"(?m)^FAIL", proc.stdout), proc.stdout
    assert len(re.findall(r"(?m)^PASS ", proc.stdout)) >= 2 * 10, proc.stdout
