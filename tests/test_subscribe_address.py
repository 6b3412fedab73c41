"""The subscribe page names the scheme of the address it shows (issue 20).

``planforge serve`` serves a published folder on ``http://127.0.0.1:PORT/``; the page listed
that address under "Address (https)". The label is now the address's own scheme: from
``--base-url`` when it is given, else from where the page is served (its script), which a
real browser (Debian's chromium) shows here.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from planforge.cli import main
from planforge.publish.server import make_server

CREATED = "2026-11-20T08:00:00Z"


def _site(tmp_path: Path, *base_url: str) -> Path:
    plan = tmp_path / "plan.toml"
    runner = CliRunner()
    made = runner.invoke(main, ["make", "--goal", "glutes", "--weeks", "2", "--start",
                                "2026-11-23", "--created", CREATED, "-o", str(plan)])
    assert made.exit_code == 0, made.output
    site = tmp_path / "site"
    published = runner.invoke(main, ["publish", str(plan), str(site), *base_url])
    assert published.exit_code == 0, published.output
    return site


def _labels(page: str) -> list[str]:
    return re.findall(r"<dt>([^<]*)</dt>", page)


@pytest.mark.parametrize(("base_url", "label"), [("https://you.github.io/plans/", "https"),
                                                 ("http://192.168.1.20:8765/", "http")])
def test_a_known_address_is_labelled_with_its_scheme(tmp_path: Path, base_url: str,
                                                     label: str) -> None:
    page = (_site(tmp_path, "--base-url", base_url) / "index.html").read_text("utf-8")
    assert _labels(page) == [f"Address ({label})", "Address (webcal)"]
    assert f"<code>{base_url}" in page


def test_a_relative_address_claims_no_scheme_the_page_does_not_know(tmp_path: Path) -> None:
    page = (_site(tmp_path) / "index.html").read_text("utf-8")
    assert _labels(page) == ["Address", "Address (webcal)"]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[str]:
    server = make_server(_site(tmp_path), port=0)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05},
                              daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.mark.slow
def test_served_by_planforge_serve_the_page_says_http(served: str, tmp_path: Path) -> None:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        if os.environ.get("CI") == "true":  # CI installs it (.ci/run): a skip would pass
            pytest.fail("chromium is not installed but CI must run the browser check")
        pytest.skip("chromium is not installed (Debian: apt-get install chromium)")
    proc = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--dump-dom", served + "index.html"],
        capture_output=True, text=True, timeout=120, check=False, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert _labels(proc.stdout)[0] == "Address (http)"
    feed = re.search(r'data-feed="https" href="([^"]+)"><code>([^<]+)</code>', proc.stdout)
    assert feed is not None and feed[1] == feed[2] and feed[1].startswith(served)
