"""The HTML page (``make --format html``) opened in real headless Chromium.

Chromium renders the page to a screenshot, which must not be blank (decoded with the tiny
stdlib reader in png_reader.py: many colours, most rows drawn, the chart's colours present),
and dumps the DOM it built, which must hold one workout element per session of the plan (the
same UIDs) and no element a plan's text tried to smuggle in.

At 360 and 390 px (a phone) the page has no sideways scroll: Playwright drives the same
chromium (no browser download) and measures every element's right edge.

Debian's ``chromium`` package is needed. Without it the tests skip locally, but under CI
(``CI=true``, as .ci/run runs, which installs chromium first) they fail: a skipped check
counted as passing would be a defect.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from plan_factory import make_plan, weekly_dates
from planforge import cli
from planforge.core.engine.progression import build_plan
from planforge.core.model import Plan
from planforge.formats.html import render_html
from png_reader import read_png

pytestmark = pytest.mark.slow

START = "2026-11-23"
CREATED = "2026-11-20T08:00:00Z"
IN_CI = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")
BASE_FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--host-resolver-rules=MAP * ~NOTFOUND",
)
RUN = (0x1B, 0x6B, 0x32)  # the chart's running bars (htmlpage.py)
HARD = (0xA4, 0x16, 0x1A)  # the chart's hard-session bars
STRENGTH = (0x5B, 0x2A, 0x86)


def find_chromium() -> str | None:
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


@pytest.fixture(scope="module")
def chromium() -> str:
    path = find_chromium()
    if path is not None:
        return path
    if IN_CI:
        pytest.fail("chromium is not installed but CI must run the browser check: .ci/run "
                    "installs Debian's chromium package (apt-get install -y chromium)")
    pytest.skip("chromium is not installed (Debian: apt-get install chromium); "
                "CI installs it and runs this test")


def run_chromium(chromium: str, tmp_path: Path, page: Path, *flags: str) -> str:
    profile = tmp_path / f"profile-{len(list(tmp_path.iterdir()))}"
    args = [chromium, *BASE_FLAGS, f"--user-data-dir={profile}", *flags, page.as_uri()]
    for attempt in (1, 2):
        try:
            proc = subprocess.run(args, capture_output=True, text=True, timeout=120,
                                  check=False, stdin=subprocess.DEVNULL)
        except subprocess.TimeoutExpired:
            if attempt == 2:
                raise
            continue
        assert proc.returncode == 0, f"chromium exited {proc.returncode}: {proc.stderr[-2000:]}"
        return proc.stdout
    raise AssertionError("unreachable")


def thighs_page(tmp_path: Path) -> tuple[Plan, Path]:
    """The issue's plan, written by the command as a user would: make --format html."""
    out = tmp_path / "thighs.html"
    result = CliRunner().invoke(cli.main, [
        "make", "--weeks", "12", "--goal", "thighs", "--start", START, "--created", CREATED,
        "--format", "html", "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    plan = build_plan(goal="thighs", weeks=12, start=dt.date(2026, 11, 23),
                      created=dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC))
    return plan, out


def workout_uids(dom: str) -> list[str]:
    """data-uid of every element whose class list holds ``workout``, in document order."""
    uids = []
    for tag in re.finditer(r"<[a-z][^>]*>", dom):
        text = tag.group(0)
        classes = re.search(r'\sclass="([^"]*)"', text)
        if classes and "workout" in classes.group(1).split():
            uid = re.search(r'\sdata-uid="([^"]*)"', text)
            assert uid, text
            uids.append(uid.group(1).replace("&amp;", "&"))
    return uids


def test_every_workout_is_on_the_rendered_page(chromium: str, tmp_path: Path) -> None:
    plan, page = thighs_page(tmp_path)
    dom = run_chromium(chromium, tmp_path, page, "--dump-dom")
    assert "<main>" in dom and "</html>" in dom, dom[:500]
    uids = workout_uids(dom)
    assert len(uids) == len(plan.sessions) == 97  # 11 weeks of 8 workouts, week 12 with a 4th run
    assert uids == [s.uid for s in plan.sessions]
    # one section per week, each workout with its instructions
    assert len(re.findall(r'<section class="week"', dom)) == 12
    assert len(re.findall(r'<div class="instructions">', dom)) == 97
    assert "<svg" in dom and "<desc" in dom


def test_screenshot_is_not_blank(chromium: str, tmp_path: Path) -> None:
    _, page = thighs_page(tmp_path)
    shot = tmp_path / "page.png"
    run_chromium(chromium, tmp_path, page, f"--screenshot={shot}", "--window-size=1280,2000")
    image = read_png(shot)
    assert (image.width, image.height) == (1280, 2000)
    colours = image.pixels(step=2)
    assert len(colours) >= 32, f"only {len(colours)} colours: a blank page?"
    assert image.changed_rows() >= image.height // 3
    # the chart is drawn: its running, hard and strength bars are there
    for colour in (RUN, HARD, STRENGTH):
        assert any(tuple(p[:3]) == colour for p in colours), f"no pixel of {colour}"


def test_strangers_text_stays_text_in_the_browser(chromium: str, tmp_path: Path) -> None:
    """Titles, notes and goal names from a plan file cannot add elements to the page."""
    start = dt.date(2026, 11, 23)
    evil = '<script>document.title="owned"</script><img src=x onerror=alert(1)>"\'&amp;'
    plan = make_plan(weekly_dates(start, 2, (0, 3)), weekly_dates(start, 2, (1,)),
                     titles=[evil, "</article><article class=\"workout\">"],
                     notes=[evil], goal_title=evil)
    plan = dataclasses.replace(plan, summary=evil, notes=(evil,), left_out=(evil,))
    page = tmp_path / "evil.html"
    page.write_bytes(render_html(plan))
    dom = run_chromium(chromium, tmp_path, page, "--dump-dom")
    assert "<script" not in dom.lower()
    assert "<img" not in dom.lower()
    title = re.search(r"<title>(.*?)</title>", dom, re.S)
    assert title is not None and title.group(1).strip() != "owned"  # no script ran
    assert "&lt;script&gt;" in dom
    assert len(workout_uids(dom)) == len(plan.sessions)


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("weeks", [12, 52])
def test_no_sideways_scroll_on_a_phone(chromium: str, tmp_path: Path, width: int,
                                       weeks: int) -> None:
    """The page as ``make -o plan.html`` writes it, timed (the widest workout tags), opened
    at a phone's width: nothing sticks out, the tables read as lists."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        if IN_CI:
            pytest.fail("playwright is not installed (the test extra) but CI must run this")
        pytest.skip("playwright is not installed (pip install -e '.[test]')")
    out = tmp_path / "plan.html"
    result = CliRunner().invoke(cli.main, [
        "make", "--weeks", str(weeks), "--goal", "thighs", "--start", START, "--created",
        CREATED, "--time", "07:00", "--time", "sat=09:30", "--tz", "America/Argentina/Buenos_Aires",
        "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium, args=list(BASE_FLAGS))
        try:
            page = browser.new_page(viewport={"width": width, "height": 800})
            page.goto(out.as_uri())
            assert page.evaluate("document.documentElement.scrollWidth") == width
            # every element, the weeks out of sight laid out too
            page.add_style_tag(content=".week { content-visibility: visible !important; }")
            wide = page.evaluate("""(w) => [...document.querySelectorAll('body *')]
                .filter((e) => e.getBoundingClientRect().right > w + 0.5)
                .map((e) => e.tagName + '.' + e.className).slice(0, 5)""", width)
            assert wide == []
            assert page.evaluate("document.documentElement.scrollWidth") == width
            # the tables are lists: a week's row as wide as the screen, its cells labelled
            assert page.evaluate("getComputedStyle(document.querySelector('.glance tr'))"
                                 ".display") == "flex"
            label = page.evaluate("getComputedStyle(document.querySelector("
                                  "'.load-table td.num'), '::before').content")
            assert label == '"Running (min): "'
        finally:
            browser.close()
