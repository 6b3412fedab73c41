"""A real subscribing client follows a published plan (issue 13, item 4).

make -> publish -> ``planforge serve`` on 127.0.0.1 (a free port) -> vdirsyncer subscribes
(its ``http`` storage, the one that syncs iCalendar feeds over HTTP, into a ``filesystem``
storage) -> khal reads the synced folder -> shift -> publish -> sync again: the moved
workouts are at their new times with the same UIDs, nothing duplicated, nothing lost.

The clients live in a venv of their own (``.cache/feed-clients``, pinned in
``tests/feed-clients.txt``, rebuilt when that file changes; ``PLANFORGE_FEED_CLIENTS`` names
another folder), so their pins never touch planforge's. Without network to install them a
local run skips; under ``CI=true`` it fails.

vdirsyncer's http storage identifies items by a hash of their content and replaces their UIDs
with it (many feeds have broken UIDs), so the synced files cannot show the feed's UIDs by
themselves: a vdirsyncer ``filter_hook`` (its documented way to rewrite fetched items) copies
each event's UID into ``X-PLANFORGE-FEED-UID`` before that, and the test reads it back.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import socket
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner

from planforge.cli import main
from planforge.formats.planfile import load_plan

#: a real client in a venv of its own, over HTTP: the slow set (-m slow)
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
REQUIREMENTS = ROOT / "tests" / "feed-clients.txt"
SRC = ROOT / "src"
LONDON = "Europe/London"


def _fail_or_skip(message: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="module")
def clients() -> Path:
    """The venv's bin folder holding vdirsyncer and khal, built once per requirements."""
    venv = Path(os.environ.get("PLANFORGE_FEED_CLIENTS") or ROOT / ".cache" / "feed-clients")
    stamp = venv / "requirements.sha256"
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()
    binary = venv / "bin"
    ready = stamp.is_file() and stamp.read_text().strip() == digest
    if not ready:
        try:
            subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True,
                           capture_output=True, timeout=300)
            subprocess.run([str(binary / "pip"), "install", "-q", "--disable-pip-version-check",
                            "-r", str(REQUIREMENTS)], check=True, capture_output=True,
                           timeout=600)
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            detail = getattr(exc, "stderr", b"") or b""
            _fail_or_skip(f"cannot install vdirsyncer and khal into {venv}: {exc} "
                          f"{detail.decode(errors='replace')[-800:]}")
        stamp.write_text(digest + "\n")
    for tool in ("vdirsyncer", "khal"):
        if not (binary / tool).is_file():
            _fail_or_skip(f"{tool} is missing from {binary}")
    return binary


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    """``planforge serve`` (the real command, in its own process) on a free port."""
    site = tmp_path / "site"
    site.mkdir()
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, "-m", "planforge", "serve", str(site), "--port",
                             str(port)], stderr=subprocess.PIPE, env=env)
    try:
        deadline = time.monotonic() + 30
        while True:
            assert proc.poll() is None, proc.communicate()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "planforge serve did not start"
                time.sleep(0.1)
        yield site, port
    finally:
        proc.terminate()
        proc.communicate(timeout=20)


def _run(*args: str, env: dict[str, str] | None = None) -> None:
    result = CliRunner().invoke(main, list(args), env=env, catch_exceptions=False)
    assert result.exit_code == 0, (args, result.output)


class Client:
    """vdirsyncer (feed -> folder) and khal (reads the folder), configured in ``home``."""

    def __init__(self, binary: Path, home: Path, url: str) -> None:
        self.binary, self.home = binary, home
        self.folder = home / "calendar"
        self.folder.mkdir(parents=True)
        hook = home / "keep-uid"
        hook.write_text(_HOOK, encoding="utf-8")
        hook.chmod(0o755)
        (home / "vdirsyncer.conf").write_text(_VDIRSYNCER.format(
            status=home / "status", url=url, folder=self.folder, hook=hook), encoding="utf-8")
        (home / "khal.conf").write_text(_KHAL.format(folder=self.folder, zone=LONDON),
                                        encoding="utf-8")
        self.env = {**os.environ, "XDG_CONFIG_HOME": str(home / "config"), "TZ": LONDON,
                    "XDG_DATA_HOME": str(home / "data"), "XDG_CACHE_HOME": str(home / "cache"),
                    "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        self._tool("vdirsyncer", "-c", str(home / "vdirsyncer.conf"), "discover")

    def _tool(self, name: str, *args: str) -> str:
        proc = subprocess.run([str(self.binary / name), *args], capture_output=True, text=True,
                              env=self.env, timeout=300, check=False)
        assert proc.returncode == 0, f"{name} {args}: {proc.stdout[-2000:]}{proc.stderr[-2000:]}"
        assert "error" not in proc.stderr.lower(), proc.stderr
        return proc.stdout

    def sync(self) -> None:
        self._tool("vdirsyncer", "-c", str(self.home / "vdirsyncer.conf"), "sync")

    def synced(self) -> dict[str, tuple[dt.datetime, int]]:
        """The folder's events, by the feed's UID: (start, SEQUENCE); each UID once."""
        found: dict[str, tuple[dt.datetime, int]] = {}
        for path in sorted(self.folder.glob("*.ics")):
            for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
                uid = str(event["X-PLANFORGE-FEED-UID"])
                assert uid not in found, f"{uid} twice in the synced folder"
                found[uid] = (event["DTSTART"].dt, int(event.get("SEQUENCE", 0)))
        return found

    def khal_starts(self, first: dt.date, last: dt.date) -> Counter[tuple[str, str]]:
        """(start, title) of every event khal lists from ``first`` to ``last``."""
        out = self._tool("khal", "-c", str(self.home / "khal.conf"), "list", "--json", "start",
                         "--json", "title", first.isoformat(), last.isoformat())
        rows = [row for line in out.splitlines() if line.strip() for row in json.loads(line)]
        return Counter((row["start"], row["title"]) for row in rows)


#: the filter hook: a copy of each event's UID line as X-PLANFORGE-FEED-UID (sed, not Python:
#: it runs once per event). planforge's UIDs are never folded (the test checks).
_HOOK = """#!/bin/sh
exec sed -e '/^UID:/{p;s/^UID:/X-PLANFORGE-FEED-UID:/;}'
"""
_VDIRSYNCER = """[general]
status_path = "{status}/"

[pair plan]
a = "plan_feed"
b = "plan_folder"
collections = null
conflict_resolution = "a wins"

[storage plan_feed]
type = "http"
url = "{url}"
filter_hook = "{hook}"

[storage plan_folder]
type = "filesystem"
path = "{folder}/"
fileext = ".ics"
"""
_KHAL = """[calendars]
[[plan]]
path = {folder}/
type = calendar
[locale]
timeformat = %H:%M
dateformat = %Y-%m-%d
longdateformat = %Y-%m-%d
datetimeformat = %Y-%m-%d %H:%M
longdatetimeformat = %Y-%m-%d %H:%M
default_timezone = {zone}
local_timezone = {zone}
"""


def _expected(plan_path: Path) -> Counter[tuple[str, str]]:
    """(start, title) as khal prints them, worked out from the plan file: its times in London."""
    plan = load_plan(plan_path)
    found: Counter[tuple[str, str]] = Counter()
    taken: dict[dt.date, dt.time] = {}
    for session in sorted(plan.sessions, key=lambda s: s.date):
        # a second workout on a day starts when the first ends (docs/guide.md: --time)
        at = taken.get(session.date, dt.time(7, 0))
        found[(f"{session.date} {at:%H:%M}", session.title)] += 1
        end = dt.datetime.combine(session.date, at) + dt.timedelta(
            minutes=round(session.duration_min))
        taken[session.date] = end.time()
    return found


def test_a_subscribed_client_follows_shift_and_publish(clients: Path, tmp_path: Path,
                                                       served: tuple[Path, int]) -> None:
    site, port = served
    plan = tmp_path / "plan.toml"
    _run("make", "--goal", "thighs", "--weeks", "12", "--start", "2027-01-04", "--time", "07:00",
         "--tz", LONDON, "--created", "2026-11-20T08:00:00Z", "-o", str(plan))
    _run("publish", str(plan), str(site))
    token = dict(load_plan(plan).extra)["feed_token"]
    assert re.search(rb"(?m)^UID:.*\r\n ", (site / f"{token}.ics").read_bytes()) is None
    client = Client(clients, tmp_path / "client", f"http://127.0.0.1:{port}/{token}.ics")

    client.sync()
    before = client.synced()
    sessions = load_plan(plan).sessions
    assert set(before) == {s.uid for s in sessions} and len(before) == len(sessions) > 90
    span = (dt.date(2027, 1, 1), dt.date(2027, 4, 30))
    assert client.khal_starts(*span) == _expected(plan)

    _run("shift", str(plan), "--from", "2027-01-18", "--by", "1w", "-o", str(plan), "--force",
         env={"SOURCE_DATE_EPOCH": "1796000000"})
    _run("publish", str(plan), str(site))
    assert sorted(p.name for p in site.iterdir()) == sorted([f"{token}.ics", "index.html",
                                                             ".planforge.json"])
    client.sync()
    after = client.synced()

    assert set(after) == set(before)  # the same UIDs: nothing lost, nothing added
    moved = {uid for uid, (start, _) in before.items() if start.date() >= dt.date(2027, 1, 18)}
    assert 50 < len(moved) < len(before)
    for uid, (start, sequence) in after.items():
        old_start, old_sequence = before[uid]
        if uid in moved:
            assert start == old_start + dt.timedelta(weeks=1), uid
            assert sequence == old_sequence + 1 == 1, uid
        else:
            assert (start, sequence) == (old_start, old_sequence), uid
    assert sum(1 for _ in client.folder.glob("*.ics")) == len(after)  # no duplicate files
    listed = client.khal_starts(*span)
    assert listed == _expected(plan) and sum(listed.values()) == len(sessions)
    # spot check by hand: week 3's Monday workout (2027-01-18, 07:00) is now on 2027-01-25
    assert not any(start.startswith("2027-01-18") for start, _ in listed)
    assert any(start == "2027-01-25 07:00" for start, _ in listed)


def test_a_subscribed_client_follows_a_missed_week(clients: Path, tmp_path: Path,
                                                   served: tuple[Path, int]) -> None:
    """``planforge missed`` on a published plan (issue 21): week 3 missed, 9 days without a
    run, so week 2 is done again and the rest moves 2 weeks later. The client gets the missed
    workouts cancelled on their dates, the rest moved (same UIDs, higher SEQUENCE), the copies
    of week 2 added: nothing duplicated, nothing left to do on the days missed."""
    site, port = served
    plan = tmp_path / "plan.toml"
    _run("make", "--goal", "thighs", "--weeks", "12", "--start", "2027-01-04", "--time", "07:00",
         "--tz", LONDON, "--created", "2026-11-20T08:00:00Z", "-o", str(plan))
    _run("publish", str(plan), str(site))
    token = dict(load_plan(plan).extra)["feed_token"]
    client = Client(clients, tmp_path / "client", f"http://127.0.0.1:{port}/{token}.ics")
    client.sync()
    before = client.synced()

    first, last = dt.date(2027, 1, 18), dt.date(2027, 1, 24)
    _run("missed", str(plan), first.isoformat(), last.isoformat(),
         env={"SOURCE_DATE_EPOCH": "1796000000"})
    _run("publish", str(plan), str(site))
    client.sync()
    after = client.synced()  # each UID once: nothing duplicated
    status = {}
    for path in client.folder.glob("*.ics"):
        for event in icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT"):
            status[str(event["X-PLANFORGE-FEED-UID"])] = str(event.get("STATUS", ""))
    assert sum(1 for _ in client.folder.glob("*.ics")) == len(after)
    assert set(before) < set(after)  # every event kept, the repeated week's copies added
    for uid, (start, sequence) in after.items():
        if uid not in before:  # a copy of week 2, after the days missed
            assert start.date() > last and status[uid] != "CANCELLED", uid
            continue
        old_start, old_sequence = before[uid]
        if first <= old_start.date() <= last:  # missed: cancelled where it was
            assert start == old_start and status[uid] == "CANCELLED", uid
            assert sequence == old_sequence + 1, uid
        elif old_start.date() > last:  # moved later by whole weeks
            assert start > old_start and (start - old_start).days % 7 == 0, uid
            assert sequence == old_sequence + 1 and status[uid] != "CANCELLED", uid
        else:
            assert (start, sequence) == (old_start, old_sequence), uid
    # nothing left to do on the days missed: khal lists them as cancelled or not at all
    listed = client.khal_starts(first, last)
    live = [title for (_start, title), _ in listed.items() if "CANCELLED" not in title.upper()]
    assert not any(uid for uid, (start, _) in after.items()
                   if first <= start.date() <= last and status[uid] != "CANCELLED"), live
    # spot check: week 4's Monday workout (2027-01-25) is now two weeks later
    week4 = next(s for s in load_plan(plan).sessions if s.uid in before
                 and before[s.uid][0].date() == dt.date(2027, 1, 25))
    assert after[week4.uid][0].date() == dt.date(2027, 2, 8)


def test_the_synced_feed_holds_the_feed_properties(clients: Path, tmp_path: Path,
                                                   served: tuple[Path, int]) -> None:
    """What the client fetched is the feed itself, byte for byte as published."""
    import http.client

    site, port = served
    plan = tmp_path / "plan.toml"
    _run("make", "--goal", "glutes", "--weeks", "2", "--start", "2027-01-04", "--created",
         "2026-11-20T08:00:00Z", "-o", str(plan))
    _run("publish", str(plan), str(site))
    token = dict(load_plan(plan).extra)["feed_token"]
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", f"/{token}.ics")
    body = conn.getresponse().read()
    conn.close()
    assert body == (site / f"{token}.ics").read_bytes()
    assert re.search(rb"\r\nREFRESH-INTERVAL;VALUE=DURATION:PT6H\r\n", body)
    client = Client(clients, tmp_path / "client", f"http://127.0.0.1:{port}/{token}.ics")
    client.sync()
    assert len(client.synced()) == body.count(b"BEGIN:VEVENT")
