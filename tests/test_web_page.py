"""The web page (web/dist/, built by ``python web/build.py``) in real headless Chromium.

The folder is served on 127.0.0.1 from a thread; Playwright drives Debian's chromium
(/usr/bin/chromium: Playwright downloads no browser). One page is loaded once (Pyodide takes
seconds to start) and used by every test in order: a plan for each goal, each calendar, plan
file and page compared byte for byte with ``planforge make`` run with the same inputs, the
calendars through the nine-parser harness; a bad value showing the library's message; a plan
file someone shared put on other dates and shifted; the page working offline once loaded;
labels, keyboard and contrast; desktop and phone screenshots; and every request the page made
went to 127.0.0.1 (a request anywhere else is refused and fails the last test).

Needs web/dist/, chromium and playwright (the test extra). Locally a missing one skips these
tests with the reason; under CI=true (.ci/run builds web/dist/ and installs chromium) each
fails instead. ``PLANFORGE_WEB_SCREENSHOTS=docs`` writes the web page's screenshots in docs/ there.
"""

from __future__ import annotations

import datetime as dt
import functools
import http.server
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest

from ical_check import harness
from planforge.core.engine.progression import default_days
from planforge.core.vocab import WEEKDAYS
from planforge.goals.catalog import builtin_goals
from planforge.goals.equipment import EQUIPMENT
from png_reader import read_png

#: the built page in a real browser: the slow set (-m slow)
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "web" / "dist"
IN_CI = os.environ.get("CI", "").strip().lower() in ("true", "1", "yes")
CREATED = "2026-11-20T08:00:00Z"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
#: the Pyodide files the page must load (web/build.py copies only these)
RUNTIME = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip",
           "pyodide-lock.json")
BROWSER_ZONE = "Europe/Berlin"  # the zone the browser reports (Intl), set by the test
START_TIMEOUT_MS = 240_000
ANSWER_TIMEOUT_MS = 120_000


def missing(message: str) -> None:
    if IN_CI:
        pytest.fail(f"{message} (CI must run the web page's test)")
    pytest.skip(message)


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        missing("chromium is not installed (Debian: apt-get install chromium)")
    assert path is not None
    return path


# ----------------------------------------------------------------------------- fixtures


class _Quiet(http.server.SimpleHTTPRequestHandler):
    served: list[str]

    def log_message(self, format: str, *args: Any) -> None:
        self.served.append(self.path)


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, list[str]]]:
    if not (DIST / "index.html").is_file():
        missing(f"{DIST} is not built: run python web/build.py")
    served: list[str] = []
    handler = type("Handler", (_Quiet,), {"served": served})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(DIST)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/", served
    finally:
        server.shutdown()
        server.server_close()


class Session:
    """The one page every test uses, and every request it made."""

    def __init__(self, browser: Any, page: Any, base: str) -> None:
        self.browser = browser
        self.page = page
        self.base = base
        self.requests: list[str] = []
        self.failed: list[str] = []  # answered with an HTTP error
        self.refused: list[str] = []
        self.started_s = 0.0


@pytest.fixture(scope="module")
def web(site: tuple[str, list[str]]) -> Iterator[Session]:
    executable = chromium_path()
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing("playwright is not installed (pip install -e '.[test]')")
    base, _ = site
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=FLAGS)
        context = browser.new_context(accept_downloads=True, timezone_id=BROWSER_ZONE,
                                      viewport={"width": 1280, "height": 900})
        page = context.new_page()
        session = Session(browser, page, base)
        page.on("request", lambda request: session.requests.append(request.url))
        page.on("response", lambda response: session.failed.append(
            f"{response.status} {response.url}") if response.status >= 400 else None)

        def guard(route: Any) -> None:
            if _local(route.request.url, base):
                route.continue_()
            else:
                session.refused.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        began = time.monotonic()
        page.goto(base)
        page.wait_for_selector("body[data-ready]", timeout=START_TIMEOUT_MS)
        session.started_s = time.monotonic() - began
        assert page.get_attribute("body", "data-ready") == "true", page.inner_text("#status")
        yield session
        browser.close()


def _local(url: str, base: str) -> bool:
    """A request to the served folder, or one that never leaves the page (data:, blob:)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob"):
        return parts.scheme == "data" or url.startswith(f"blob:{base.rstrip('/')}")
    return parts.scheme == "http" and parts.hostname == "127.0.0.1" and url.startswith(base)


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("web-page")


# ----------------------------------------------------------------------------- helpers


def cli(*args: str, cwd: Path | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line: ``python -m planforge ...`` (``env``: added to this one's)."""
    return subprocess.run([sys.executable, "-m", "planforge", *args], cwd=cwd,
                          env={**os.environ, **(env or {})}, capture_output=True, text=True,
                          check=False, timeout=120)


def cli_bytes(out: Path, *args: str, cwd: Path | None = None,
              env: dict[str, str] | None = None) -> bytes:
    result = cli(*args, "-o", str(out), cwd=cwd, env=env)
    assert result.returncode == 0, result.stderr
    return out.read_bytes()


def answers(web: Session) -> int:
    return int(web.page.get_attribute("body", "data-answers") or 0)


def submit(web: Session, form: str) -> None:
    """Press the form's submit button and wait for planforge's answer."""
    before = answers(web)
    web.page.click(f"#{form} button[type=submit]")
    web.page.wait_for_selector(f'body[data-answers="{before + 1}"]', timeout=ANSWER_TIMEOUT_MS)


def open_more(web: Session, form: str) -> None:
    web.page.eval_on_selector_all(f"#{form} details", "ds => ds.forEach(d => d.open = true)")


def set_days(web: Session, form: str, days: list[str]) -> None:
    for day in ("mon", "tue", "wed", "thu", "fri", "sat", "sun"):
        web.page.set_checked(f"#{form}-days-{day}", day in days)


def set_times(web: Session, form: str, times: list[str]) -> None:
    open_more(web, form)
    for value in times:
        day, _, clock = value.rpartition("=")
        web.page.fill(f"#{form}-time-{day}" if day else f"#{form}-time", clock)


def download(web: Session, link: str, folder: Path) -> tuple[str, bytes]:
    with web.page.expect_download() as info:
        web.page.click(link)
    name = info.value.suggested_filename
    target = folder / f"page-{name}"
    info.value.save_as(target)
    return name, target.read_bytes()


def preview_workouts(web: Session, expected: int) -> int:
    """The workouts the preview (the HTML writer's page in an iframe) shows."""
    frame = web.page.frame_locator("#preview")
    if expected:
        frame.locator("article.workout").nth(expected - 1).wait_for(state="attached")
    return int(frame.locator("article.workout").count())


# ----------------------------------------------------------------------------- the tests


def test_the_page_starts_from_its_own_folder(web: Session, site: tuple[str, list[str]]) -> None:
    status = web.page.inner_text("#status")
    assert status.startswith("Ready: planforge "), status
    served = site[1]
    for name in RUNTIME:
        assert f"/pyodide/{name}" in served, name
    manifest = json.loads((DIST / "wheels" / "wheels.json").read_text("utf-8"))
    for wheel in manifest["wheels"]:
        assert f"/wheels/{wheel}" in served, wheel
    # the defaults come from the browser: its zone, the next Monday after its today
    assert web.page.input_value("#make-tz") == BROWSER_ZONE
    today = dt.datetime.now(ZoneInfo(BROWSER_ZONE)).date()
    monday = today + dt.timedelta(days=7 - today.weekday())
    assert web.page.input_value("#make-start") == monday.isoformat()
    assert web.page.is_checked("#make-level-beginner")
    days = [d for d in ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
            if web.page.is_checked(f"#make-days-{d}")]
    assert days == [WEEKDAYS[d] for d in default_days("beginner")]  # the level's days
    print(f"\nthe page started in {web.started_s:.1f} s "
          f"(the page's own count: {web.page.evaluate('window.planforgeStartSeconds')} s)")


#: one plan per goal, each with other options, so the page's every field reaches the CLI
CASES: list[dict[str, Any]] = [
    {},
    {"level": "runner", "weeks": "12", "start": "2027-03-01", "time": ["07:00", "sat=09:00"],
     "tz": "Europe/London"},
    {"level": "returning", "weeks": "6", "days": ["mon", "wed", "fri", "sun"],
     "equipment": ["mat", "chair"]},
    {"weeks": "4", "time": ["18:00"], "tz": "America/New_York", "remind": "1h",
     "busy-only": True, "calendar-color": "teal"},
    {"level": "runner", "weeks": "16", "start": "2027-01-04", "equipment": []},
    {"level": "returning", "weeks": "10", "time": ["06:15"], "tz": "Australia/Sydney",
     "start": "2027-03-29", "days": ["tue", "thu", "sat"]},
]


def fill_make(web: Session, goal: str, case: dict[str, Any]) -> None:
    page = web.page
    page.click("#make button[type=reset]")
    page.check(f"#make-goal-{goal}")
    if "level" in case:
        page.check(f"#make-level-{case['level']}")
    page.fill("#make-weeks", case.get("weeks", "8"))
    page.fill("#make-start", case.get("start", "2026-11-23"))
    if "days" in case:
        set_days(web, "make", case["days"])
    set_times(web, "make", case.get("time", []))
    page.fill("#make-tz", case.get("tz", "Europe/Berlin"))
    for item in EQUIPMENT:  # all ticked (after the reset): the plan may use any
        page.set_checked(f"#make-equipment-{item}", item in case.get("equipment", EQUIPMENT))
    page.fill("#make-remind", case.get("remind", ""))
    page.set_checked("#make-busy-only", bool(case.get("busy-only")))
    page.fill("#make-calendar-color", case.get("calendar-color", ""))
    page.fill("#make-created", CREATED)


def cli_make_args(goal: str, case: dict[str, Any]) -> list[str]:
    """The same plan's ``planforge make`` arguments, written out here by hand."""
    args = ["make", "--goal", goal, "--weeks", case.get("weeks", "8"),
            "--start", case.get("start", "2026-11-23"), "--created", CREATED]
    if "level" in case:
        args += ["--level", case["level"]]
    if "days" in case:
        args += ["--days", ",".join(case["days"])]
    for value in case.get("time", []):
        args += ["--time", value]
    if case.get("time"):
        args += ["--tz", case["tz"]]
    if "equipment" in case:
        args += ["--equipment", ",".join(case["equipment"]) or "none"]
    if case.get("remind"):
        args += ["--remind", case["remind"]]
    if case.get("busy-only"):
        args.append("--busy-only")
    if case.get("calendar-color"):
        args += ["--calendar-color", case["calendar-color"]]
    return args


@pytest.mark.parametrize("goal", builtin_goals())
def test_a_plan_for_each_goal_is_the_clis(web: Session, outdir: Path, goal: str) -> None:
    case = CASES[builtin_goals().index(goal) % len(CASES)]
    fill_make(web, goal, case)
    submit(web, "make")
    assert web.page.is_hidden("#make .errors"), web.page.inner_text("#make .errors")
    args = cli_make_args(goal, case)
    name, ics = download(web, "#get-ics", outdir)
    weeks = case.get("weeks", "8")
    assert name == f"planforge-{goal}-{weeks}w.ics"
    expected = cli_bytes(outdir / f"cli-{goal}.ics", *args)
    assert ics == expected
    (outdir / f"{goal}.ics").write_bytes(ics)  # for the parsers, below
    workouts = ics.count(b"BEGIN:VEVENT")
    assert workouts > 0
    assert preview_workouts(web, workouts) == workouts
    assert web.page.get_attribute("#result", "data-workouts") == str(workouts)
    summary = web.page.inner_text("#summary")
    assert f"{weeks} weeks, {workouts} workouts" in summary
    _, toml = download(web, "#get-toml", outdir)
    assert toml == cli_bytes(outdir / f"cli-{goal}.toml", *args)
    _, page_html = download(web, "#get-html", outdir)
    assert page_html == cli_bytes(outdir / f"cli-{goal}.html", *args)


@pytest.mark.parametrize(("field", "value", "option"), [
    ("#make-weeks", "60", "--weeks"),
    ("#make-tz", "Europe/Lndon", "--tz"),
    ("#make-remind", "2 weeks", "--remind"),
])
def test_a_bad_value_shows_the_librarys_message(web: Session, field: str, value: str,
                                                option: str) -> None:
    fill_make(web, "glutes", {"time": ["07:00"], "tz": "Europe/London"})
    open_more(web, "make")
    web.page.fill(field, value)
    args = cli_make_args("glutes", {"time": ["07:00"], "tz": "Europe/London"})
    args[args.index(option) + 1 if option in args else len(args):] = []
    result = cli(*args, *([] if option in args else [option]), value)
    assert result.returncode == 2
    line = result.stderr.strip()
    prefix = f"Error: Invalid value for '{option}': "
    assert line.startswith(prefix), line
    message = line.removeprefix(prefix)
    submit(web, "make")
    shown = web.page.inner_text(f"#make-{option.removeprefix('--')}-error")
    assert shown == message
    assert message in web.page.inner_text("#make .errors")
    assert web.page.get_attribute(field, "aria-invalid") == "true"


@pytest.fixture(scope="module")
def club(outdir: Path) -> Path:
    """A plan file someone made and shared: thighs, 8 weeks, 07:00 in London."""
    path = outdir / "club.toml"
    cli_bytes(path, "make", "--goal", "thighs", "--weeks", "8", "--start", "2026-11-23",
              "--time", "07:00", "--tz", "Europe/London", "--created", CREATED)
    return path


def test_a_shared_plan_is_put_on_my_dates(web: Session, outdir: Path, club: Path) -> None:
    page = web.page
    page.set_input_files("#plan-file", str(club))
    page.wait_for_selector("#plan-about:not(:empty)")
    about = page.inner_text("#plan-about")
    assert "8 weeks" in about and "07:00 (Europe/London)" in about, about
    page.fill("#render-start", "2027-01-04")
    set_times(web, "render", ["06:30"])
    page.fill("#render-tz", "America/New_York")
    submit(web, "render")
    assert page.is_hidden("#render .errors"), page.inner_text("#render .errors")
    name, ics = download(web, "#get-ics", outdir)
    assert name == "club-rendered.ics"
    args = ["render", "club.toml", "--start", "2027-01-04", "--time", "06:30",
            "--tz", "America/New_York"]
    assert ics == cli_bytes(outdir / "cli-rendered.ics", *args, cwd=outdir)
    _, toml = download(web, "#get-toml", outdir)
    assert toml == cli_bytes(outdir / "club-rendered.toml", *args, cwd=outdir)
    workouts = ics.count(b"BEGIN:VEVENT")
    assert preview_workouts(web, workouts) == workouts
    (outdir / "rendered.ics").write_bytes(ics)  # for the parsers, below


def test_missed_workouts_move_later(web: Session, outdir: Path) -> None:
    """Shift the plan rendered above (the page's current plan), as ``planforge shift``."""
    page = web.page
    page.fill("#shift-from", "2027-01-13")
    page.fill("#shift-by", "1w")
    page.set_checked("#shift-repeat-week", False)
    submit(web, "shift")
    assert page.is_hidden("#shift .errors"), page.inner_text("#shift .errors")
    name, ics = download(web, "#get-ics", outdir)
    assert name == "club-rendered-shifted.ics"
    args = ["shift", "club-rendered.toml", "--from", "2027-01-13", "--by", "1w"]
    # shift records when it changed the plan (the browser's clock): the command line is given
    # the same moment, read from the plan the page's calendar carries
    from planforge.formats.planfile import read_plan_bytes

    changed = dict(read_plan_bytes(ics, source=name)[0].extra)["modified"]
    epoch = int(dt.datetime.fromisoformat(changed.replace("Z", "+00:00")).timestamp())
    assert ics == cli_bytes(outdir / "cli-shifted.ics", *args, cwd=outdir,
                            env={"SOURCE_DATE_EPOCH": str(epoch)})
    assert "moved " in page.inner_text("#notes")
    (outdir / "shifted.ics").write_bytes(ics)


def test_the_calendars_pass_every_parser(web: Session, outdir: Path) -> None:
    """Every calendar the page made above (a plan per goal, the shared plan, the shifted one)."""
    files = sorted(str(p) for p in outdir.glob("*.ics") if not p.name.startswith(("cli-",
                                                                                  "page-")))
    assert len(files) == len(builtin_goals()) + 2
    check = harness()
    result = subprocess.run(["bash", check, *files], capture_output=True, text=True,
                            check=False, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert not re.search(r"^FAIL", result.stdout, re.M), result.stdout[-3000:]


def test_a_file_that_is_no_plan_shows_the_librarys_message(web: Session, outdir: Path) -> None:
    bad = outdir / "notes.toml"
    bad.write_text('title = "my notes"\n', "utf-8")
    result = cli("check", "notes.toml", cwd=outdir)
    assert result.returncode == 2
    message = result.stderr.strip().removeprefix("Error: ")
    web.page.set_input_files("#plan-file", str(bad))
    web.page.wait_for_selector("#render .errors:not([hidden])")
    assert message in web.page.inner_text("#render .errors")
    assert web.page.inner_text("#plan-about") == ""


def test_it_works_offline_once_loaded(web: Session) -> None:
    context = web.page.context
    context.set_offline(True)
    try:
        fill_make(web, "general", {"weeks": "2"})
        submit(web, "make")
        assert "2 weeks, " in web.page.inner_text("#summary")
    finally:
        context.set_offline(False)


def test_labels_keyboard_and_contrast(web: Session) -> None:
    page = web.page
    unlabelled = page.evaluate("""() => [...document.querySelectorAll(
        'input, select, textarea, button')].filter(el => !(el.labels && el.labels.length)
        && !el.getAttribute('aria-label') && !el.textContent.trim())
        .map(el => el.id || el.name || el.outerHTML.slice(0, 60))""")
    assert unlabelled == []
    # the keyboard alone: type into a field and press Enter
    fill_make(web, "glutes", {"weeks": "3"})
    before = answers(web)
    page.focus("#make-weeks")
    page.keyboard.press("Enter")
    page.wait_for_selector(f'body[data-answers="{before + 1}"]', timeout=ANSWER_TIMEOUT_MS)
    assert "3 weeks, " in page.inner_text("#summary")
    assert page.evaluate("document.activeElement.id") == "result-title"
    low = page.evaluate(CONTRAST)
    assert low == [], low


#: text on the page (not the preview) whose contrast is under WCAG AA: 4.5:1, 3:1 when large
CONTRAST = """() => {
  const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
  const lum = ([r, g, b]) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 :
    ((v + 0.055) / 1.055) ** 2.4; }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
  const back = (el) => {
    for (; el; el = el.parentElement) {
      const c = rgb(getComputedStyle(el).backgroundColor);
      if (c.length === 3 || c[3] > 0.9) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const low = [];
  for (const el of document.querySelectorAll('body *')) {
    if (!el.offsetParent || el.disabled || el.closest('[hidden], iframe')) continue;
    if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
    const s = getComputedStyle(el);
    const a = lum(rgb(s.color).slice(0, 3)), b = lum(back(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(s.fontSize), bold = Number(s.fontWeight) >= 700;
    const need = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const text = el.textContent.trim().slice(0, 30);
    if (ratio < need) low.push(`${el.tagName} "${text}" ${ratio.toFixed(2)}`);
  }
  return low;
}"""


@pytest.mark.parametrize(("name", "width", "height"), [("desktop", 1280, 900),
                                                       ("phone", 390, 844)])
def test_desktop_and_phone(web: Session, outdir: Path, name: str, width: int,
                           height: int) -> None:
    page = web.page
    page.set_viewport_size({"width": width, "height": height})
    try:
        fill_make(web, "thighs", {"weeks": "12", "time": ["07:00"], "tz": "Europe/London"})
        submit(web, "make")
        page.evaluate("window.scrollTo(0, 0)")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{name}: the page is {overflow}px wider than the screen"
        shot = outdir / f"web-{name}.png"
        page.screenshot(path=str(shot), full_page=False)
        png = read_png(shot)
        assert (png.width, png.height) == (width, height)
        assert len(png.pixels(step=2)) > 50, "the screenshot is (nearly) blank"
        assert png.changed_rows() > height // 3
        target = os.environ.get("PLANFORGE_WEB_SCREENSHOTS", "").strip()
        if target:  # the guide's: the form from the top, and the plan made
            tall = 1400 if name == "phone" else 1000
            page.screenshot(path=str(Path(target) / f"web-{name}.png"), full_page=True,
                            clip={"x": 0, "y": 0, "width": width, "height": tall})
            top = page.evaluate("document.querySelector('#result').getBoundingClientRect().top"
                                " + window.scrollY")
            page.screenshot(path=str(Path(target) / f"web-{name}-plan.png"), full_page=True,
                            clip={"x": 0, "y": top - 8, "width": width, "height": tall})
    finally:
        page.set_viewport_size({"width": 1280, "height": 900})


def test_a_page_opened_as_a_file_says_what_to_do(web: Session) -> None:
    context = web.browser.new_context()
    try:
        page = context.new_page()
        page.goto((DIST / "index.html").as_uri())
        page.wait_for_selector('body[data-ready="failed"]', timeout=60_000)
        status = page.inner_text("#status")
        assert "could not start" in status and "opened as a file" in status, status
        assert page.get_attribute("#status", "role") == "alert"
    finally:
        context.close()


def test_a_runtime_that_cannot_load_says_so(web: Session) -> None:
    """The WebAssembly runtime refused (a host that lost a file, a blocked download)."""
    context = web.browser.new_context()
    seen: list[str] = []
    try:
        context.route("**/*", lambda route: route.abort() if (
            route.request.url.endswith(".wasm") or not _local(route.request.url, web.base))
            else route.continue_())
        page = context.new_page()
        page.on("request", lambda request: seen.append(request.url))
        page.goto(web.base)
        page.wait_for_selector('body[data-ready="failed"]', timeout=START_TIMEOUT_MS)
        status = page.inner_text("#status")
        assert status.startswith("planforge could not start in this browser: "), status
        assert page.is_disabled("#make button[type=submit]")
        assert all(_local(url, web.base) for url in seen), seen
    finally:
        context.close()


def test_every_request_stayed_on_127_0_0_1(web: Session) -> None:
    assert web.refused == []
    assert web.requests, "no request was recorded"
    foreign = [url for url in web.requests if not _local(url, web.base)]
    assert foreign == []
    assert web.failed == []  # and everything it asked for was there


def test_the_wheels_cover_every_requirement() -> None:
    """Each wheel's dependencies (markers as Pyodide's Python reads them) are shipped too."""
    from packaging.markers import default_environment
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    if not (DIST / "wheels" / "wheels.json").is_file():
        missing(f"{DIST} is not built: run python web/build.py")
    manifest = json.loads((DIST / "wheels" / "wheels.json").read_text("utf-8"))
    env = {**default_environment(), "python_version": manifest["python"],
           "python_full_version": f"{manifest['python']}.0", "sys_platform": "emscripten",
           "platform_system": "Emscripten", "platform_machine": "wasm32", "extra": ""}
    names = {canonicalize_name(w.split("-")[0]) for w in manifest["wheels"]}
    assert "planforge" in names
    for wheel in manifest["wheels"]:
        with zipfile.ZipFile(DIST / "wheels" / wheel) as archive:
            meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
            lines = archive.read(meta).decode("utf-8").splitlines()
        for line in lines:
            if not line.startswith("Requires-Dist: "):
                continue
            req = Requirement(line.removeprefix("Requires-Dist: "))
            if req.marker is None or req.marker.evaluate(env):
                assert canonicalize_name(req.name) in names, (wheel, str(req))
