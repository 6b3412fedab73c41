"""``planforge serve`` (issue 13, item 2): real HTTP over 127.0.0.1 with http.client.

Read-only (GET and HEAD; other methods 405), nothing outside the folder (``..``, encoded
slashes and backslashes, symbolic links that leave it, hidden files, listings), ETag and
Last-Modified with 304 answers, the content types, and a clean stop on Ctrl-C.
"""

from __future__ import annotations

import email.utils
import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from planforge.publish.server import DEFAULT_HOST, DEFAULT_PORT, make_server

SRC = Path(__file__).resolve().parent.parent / "src"
FEED = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A published folder, and a secret beside it that must never be served."""
    root = tmp_path / "site"
    root.mkdir()
    (root / "abcdefghijklmnopqrstuvwxyz012345.ics").write_bytes(FEED)
    (root / "index.html").write_bytes(b"<!DOCTYPE html><title>x</title>")
    (root / ".index.html.x1.tmp").write_bytes(b"half")
    (root / "sub").mkdir()
    (root / "sub" / "plan.csv").write_bytes(b"a,b\n")
    (root / "empty").mkdir()
    (tmp_path / "secret.txt").write_bytes(b"SECRET")
    (root / "out.txt").symlink_to(tmp_path / "secret.txt")
    (root / "outdir").symlink_to(tmp_path)
    (root / "in.ics").symlink_to("abcdefghijklmnopqrstuvwxyz012345.ics")
    return root


@pytest.fixture
def port(site: Path) -> Iterator[int]:
    server = make_server(site, port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        assert server.server_address[0] == "127.0.0.1"
        yield int(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def request(port: int, method: str, path: str,
            headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.putrequest(method, path, skip_accept_encoding=True)
        for key, value in (headers or {}).items():
            conn.putheader(key, value)
        conn.endheaders()
        response = conn.getresponse()
        body = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, body
    finally:
        conn.close()


def test_the_defaults_are_documented() -> None:
    assert (DEFAULT_HOST, DEFAULT_PORT) == ("127.0.0.1", 8765)
    guide = (Path(__file__).resolve().parent.parent / "docs" / "guide.md").read_text(
        encoding="utf-8")
    assert "127.0.0.1:8765" in guide


def test_a_feed_is_served_with_its_type_and_validators(port: int) -> None:
    status, headers, body = request(port, "GET", "/abcdefghijklmnopqrstuvwxyz012345.ics")
    assert status == 200 and body == FEED
    assert headers["content-type"] == "text/calendar; charset=utf-8"
    assert headers["content-length"] == str(len(FEED))
    assert re.fullmatch(r'"[0-9a-f]+-[0-9a-f]+"', headers["etag"])
    assert email.utils.parsedate_to_datetime(headers["last-modified"]).tzinfo is not None
    assert headers["cache-control"] == "no-cache"
    assert headers["x-content-type-options"] == "nosniff"
    status, headers, body = request(port, "GET", "/")
    assert status == 200 and headers["content-type"] == "text/html; charset=utf-8"
    assert body.startswith(b"<!DOCTYPE html>")
    status, headers, _ = request(port, "GET", "/sub/plan.csv")
    assert status == 200 and headers["content-type"] == "text/csv; charset=utf-8"


def test_head_sends_the_headers_and_no_body(port: int) -> None:
    status, headers, body = request(port, "HEAD", "/abcdefghijklmnopqrstuvwxyz012345.ics")
    assert status == 200 and body == b"" and headers["content-length"] == str(len(FEED))


def test_304_for_an_unchanged_feed_and_200_once_it_changes(port: int, site: Path) -> None:
    path = "/abcdefghijklmnopqrstuvwxyz012345.ics"
    _, headers, _ = request(port, "GET", path)
    etag, modified = headers["etag"], headers["last-modified"]
    status, again, body = request(port, "GET", path, {"If-None-Match": etag})
    assert status == 304 and body == b"" and again["etag"] == etag
    assert request(port, "GET", path, {"If-None-Match": f'"x", W/{etag}'})[0] == 304
    assert request(port, "GET", path, {"If-Modified-Since": modified})[0] == 304
    # If-None-Match decides when both are sent
    assert request(port, "GET", path, {"If-None-Match": '"other"',
                                       "If-Modified-Since": modified})[0] == 200
    assert request(port, "GET", path, {"If-Modified-Since": "not a date"})[0] == 200
    feed = site / path[1:]
    feed.write_bytes(FEED + b"")  # the same bytes, written again: a new mtime
    os.utime(feed, ns=(feed.stat().st_atime_ns, feed.stat().st_mtime_ns + 2_000_000_000))
    status, headers, body = request(port, "GET", path, {"If-None-Match": etag})
    assert status == 200 and headers["etag"] != etag and body == FEED


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE"])
def test_other_methods_are_refused(port: int, site: Path, method: str) -> None:
    before = sorted(p.name for p in site.iterdir())
    status, headers, _ = request(port, method, "/abcdefghijklmnopqrstuvwxyz012345.ics")
    assert status == 405 and headers["allow"] == "GET, HEAD"
    assert request(port, method, "/new.ics")[0] == 405
    assert sorted(p.name for p in site.iterdir()) == before
    assert (site / "abcdefghijklmnopqrstuvwxyz012345.ics").read_bytes() == FEED


def test_an_unknown_method_is_not_implemented(port: int) -> None:
    assert request(port, "PROPFIND", "/")[0] == 501


@pytest.mark.parametrize("path", [
    "/../secret.txt", "/..%2fsecret.txt", "/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
    "/sub/../../secret.txt", "/sub/%2e%2e/%2e%2e/secret.txt", "/sub%2f..%2f..%2fsecret.txt",
    "/..%5csecret.txt", "/%5c..%5csecret.txt", "/..\\secret.txt", "//../secret.txt",
    "/out.txt", "/outdir/secret.txt", "/outdir/", "/.index.html.x1.tmp", "/%2eindex.html.x1.tmp",
    "/empty/", "/sub/", "/nothing.ics", "/index.html%00.ics", "/%ff.ics",
    f"/{'..%2f' * 20}etc/passwd", "/../../../../../../etc/passwd",
])
def test_nothing_outside_the_folder_is_served(port: int, path: str) -> None:
    status, _, body = request(port, "GET", path)
    assert status == 404, (path, status)
    assert b"SECRET" not in body and b"root:" not in body


def test_a_link_that_stays_inside_is_served(port: int) -> None:
    status, _, body = request(port, "GET", "/in.ics")
    assert status == 200 and body == FEED


def test_a_folder_without_slash_redirects_and_has_no_listing(port: int) -> None:
    status, headers, _ = request(port, "GET", "/sub")
    assert status == 301 and headers["location"] == "/sub/"
    status, _, body = request(port, "GET", "/sub/")
    assert status == 404 and b"plan.csv" not in body
    status, headers, _ = request(port, "GET", "//sub")
    assert status == 301 and headers["location"] == "/sub/"  # not "//sub/": another host


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.1)
    raise AssertionError("the server did not start")


@pytest.mark.slow  # a real process (the in-process server above is the fast sample)
def test_the_command_serves_on_127_0_0_1_and_stops_cleanly_on_ctrl_c(site: Path) -> None:
    port = _free_port()
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    proc = subprocess.Popen([sys.executable, "-m", "planforge", "serve", str(site), "--port",
                             str(port)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    try:
        _wait_for(port, proc)
        status, _, body = request(port, "GET", "/abcdefghijklmnopqrstuvwxyz012345.ics")
        assert status == 200 and body == FEED
        assert _listening(port) == [f"0100007F:{port:04X}"]  # 127.0.0.1 only
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    text = err.decode()
    assert proc.returncode == 0, text
    assert "Traceback" not in text and "Aborted" not in text
    assert f"serving {site} at http://127.0.0.1:{port}/ (Ctrl-C stops)" in text
    assert '"GET /abcdefghijklmnopqrstuvwxyz012345.ics HTTP/1.1" 200' in text
    assert text.rstrip().endswith("stopped") and out == b""
    assert _listening(port) == []  # nothing listens on the port any more


def _listening(port: int) -> list[str]:
    """The local addresses (hex, as /proc/net/tcp{,6} shows them) listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            if fields[1].endswith(f":{port:04X}") and fields[3] == "0A":  # 0A: LISTEN
                found.append(fields[1])
    return found


def test_serve_refuses_what_is_not_a_folder_and_a_taken_port(tmp_path: Path,
                                                             site: Path) -> None:
    from click.testing import CliRunner

    from planforge.cli import main

    result = CliRunner().invoke(main, ["serve", str(tmp_path / "nope")])
    assert result.exit_code == 2 and "is not a folder" in result.stderr
    result = CliRunner().invoke(main, ["serve", str(site), "--host", "example.com"])
    assert result.exit_code == 2 and "is not an IP address" in result.stderr
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", str(site), "--port", str(port),
                                           "--stop-after", "0s"])
    assert result.exit_code == 1 and "try another --port" in result.stderr
    assert result.stderr.count("\n") == 1


@pytest.mark.slow  # waits a second on the clock
def test_stop_after_ends_the_server(site: Path) -> None:
    from click.testing import CliRunner

    from planforge.cli import main

    started = time.monotonic()
    result = CliRunner().invoke(main, ["serve", str(site), "--port", "0", "--stop-after", "1s"])
    assert result.exit_code == 0, result.output
    assert 0.9 <= time.monotonic() - started < 15
    assert result.stderr.rstrip().endswith("stopped")


@pytest.mark.slow  # a real browser
def test_the_page_writes_full_addresses_in_a_browser(tmp_path: Path) -> None:
    """Published without --base-url and opened from ``serve`` in headless Chromium, the
    subscribe page's script turns the relative links into this server's full addresses."""
    from click.testing import CliRunner

    from planforge.cli import main
    from planforge.formats.planfile import load_plan
    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    if browser is None:
        if os.environ.get("CI") == "true":
            pytest.fail("chromium is not installed but CI must run the browser check")
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    plan, site = tmp_path / "plan.toml", tmp_path / "site"
    runner = CliRunner()
    assert runner.invoke(main, ["make", "--goal", "glutes", "--weeks", "2", "--start",
                                "2027-01-04", "-o", str(plan)]).exit_code == 0
    assert runner.invoke(main, ["publish", str(plan), str(site)]).exit_code == 0
    token = dict(load_plan(plan).extra)["feed_token"]
    server = make_server(site, port=0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        proc = subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu",
                               f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom",
                               f"http://127.0.0.1:{port}/"], capture_output=True, text=True,
                              timeout=120, check=False, stdin=subprocess.DEVNULL)
    finally:
        server.shutdown()
        server.server_close()
    hrefs = re.findall(r'href="([^"]*)"', proc.stdout)
    assert f"http://127.0.0.1:{port}/{token}.ics" in hrefs, (hrefs, proc.stderr[-1000:])
    assert f"webcal://127.0.0.1:{port}/{token}.ics" in hrefs
    assert any(h.startswith("https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2F127.0.0.1")
               for h in hrefs)
