"""The html, csv and md formats: through make and the registry, read back, escaped.

The HTML page is also opened in real Chromium (test_html_chromium.py); here it is parsed with
the stdlib's html.parser: well formed, self-contained, every workout with its whole
instructions, every piece of plan text escaped.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from plan_factory import make_plan, weekly_dates
from planforge import cli
from planforge.core.engine.progression import build_plan
from planforge.core.model import WEEKDAYS, Plan
from planforge.core.wording import session_description
from planforge.formats import registry as formats
from planforge.formats.csv import COLUMNS, render_csv, safe_cell
from planforge.formats.digest import short_title
from planforge.formats.html import render_html
from planforge.formats.json import minutes
from planforge.formats.markdown import md_escape, render_markdown
from planforge.goals.templates import builtin_goals

START = "2026-11-23"
CREATED = "2026-11-20T08:00:00Z"
CREATED_DT = dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC)
EVIL = ('=HYPERLINK("http://evil.example","x") <script>alert(1)</script> *b* _i_ [l](http://e.x)'
        ' `c` | &amp; <!-- www.evil.example a@b.example \u202e\x07')


def make(*args: str) -> Result:
    return CliRunner().invoke(cli.main, ["make", "--start", START, "--created", CREATED, *args],
                              catch_exceptions=False)


def thighs_12() -> Plan:
    return build_plan(goal="thighs", weeks=12, start=dt.date(2026, 11, 23), created=CREATED_DT)


def evil_plan() -> Plan:
    start = dt.date(2026, 11, 23)
    plan = make_plan(weekly_dates(start, 2, (0, 3)), weekly_dates(start, 2, (1, 3)),
                     weekly_dates(start, 2, (4,)), titles=[EVIL, "+1", "-1", "@x", "\tx"],
                     notes=[EVIL, "=1+1"], goal_title=EVIL)
    return dataclasses.replace(plan, summary=EVIL, notes=(EVIL,), left_out=(EVIL,))


# ----------------------------------------------------------------------------- the registry


@pytest.mark.parametrize(("fmt", "ext", "start"), [
    ("html", ".html", b"<!DOCTYPE html>\n"),
    ("csv", ".csv", b"date,weekday,start,end,timezone,week,kind,"),
    ("md", ".md", b"# Strong, balanced thighs: 12-week plan\n"),
])
def test_make_writes_each_format(fmt: str, ext: str, start: bytes, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = make("--weeks", "12", "--goal", "thighs", "--format", fmt)
    assert result.exit_code == 0, result.output
    out = tmp_path / f"planforge-thighs-12w{ext}"
    assert out.read_bytes().startswith(start)
    lines = result.stderr.splitlines()
    # 11 weeks of 8 workouts, then week 12 adds a 4th run: 97
    assert lines[0].startswith(f"wrote planforge-thighs-12w{ext}: 12 weeks, 97 workouts")
    assert "Import:" not in result.stderr
    # the extension alone picks the format too, and the bytes are the same
    again = tmp_path / f"again{ext}"
    assert make("--weeks", "12", "--goal", "thighs", "-o", str(again)).exit_code == 0
    assert again.read_bytes() == out.read_bytes()


def test_format_and_extension_must_agree(tmp_path: Path) -> None:
    result = make("--goal", "glutes", "--format", "csv", "-o", str(tmp_path / "plan.html"))
    assert result.exit_code == 2
    assert "ends in .html but --format is csv" in result.stderr


def test_registry_entries() -> None:
    for name in ("html", "csv", "md"):
        entry = formats.FORMATS[name]
        assert entry.extension == f".{name}" and not entry.is_calendar


@pytest.mark.parametrize("render", [render_html, render_csv, render_markdown])
def test_same_plan_same_bytes(render: object) -> None:
    assert callable(render)
    assert render(thighs_12()) == render(thighs_12())


# ----------------------------------------------------------------------------- HTML

VOID = {"meta", "br", "img", "input", "link", "hr", "col", "area", "base", "wbr", "source",
        "rect", "line", "path", "circle"}


class Page(HTMLParser):
    """Checks nesting; collects the text of every workout and the page's attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.workouts: dict[str, list[str]] = {}
        self._uid: str | None = None
        self._depth = 0
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag in VOID:
            return
        self.stack.append(tag)
        if "workout" in (attributes.get("class") or "").split():
            assert self._uid is None, "a workout inside a workout"
            self._uid = attributes["data-uid"]
            assert self._uid is not None
            self.workouts[self._uid] = []
            self._depth = len(self.stack)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        assert self.stack and self.stack[-1] == tag, (tag, self.stack[-5:])
        if self._uid is not None and len(self.stack) == self._depth:
            self._uid = None
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._uid is not None and data.strip():
            self.workouts[self._uid].append(data.strip())


def parse(data: bytes) -> Page:
    page = Page()
    page.feed(data.decode("utf-8"))
    page.close()
    assert page.stack == [], page.stack
    return page


def test_html_page_holds_every_workout_with_its_instructions() -> None:
    plan = thighs_12()
    data = render_html(plan)
    page = parse(data)
    assert list(page.workouts) == [s.uid for s in plan.sessions]
    for session in plan.sessions:
        text = " ".join(page.workouts[session.uid])
        assert short_title(session) in text
        description = session_description(session, plan=plan, max_chars=None)
        for line in description.split("\n")[:-1]:  # the last line names the plan
            line = re.sub(r"^(\d+\. |- )", "", line.strip())
            assert line in text, (session.uid, line)


def test_html_page_is_self_contained_and_accessible() -> None:
    data = render_html(thighs_12())
    text = data.decode("utf-8")
    page = parse(data)
    assert text.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    for tag, attrs in page.tags:
        assert tag not in ("script", "link", "img", "iframe", "object", "embed"), tag
        for name, value in attrs.items():
            if name in ("src", "href", "action", "srcset", "poster"):
                assert value is not None and value.startswith("#"), (tag, name, value)
            if name.startswith("on"):
                raise AssertionError(f"event handler {name} on {tag}")
    assert "@import" not in text and "url(" not in text
    # the one URL on the page is the SVG namespace, which loads nothing
    assert re.findall(r"https?://[^\s\"'<>]+", text) == ["http://www.w3.org/2000/svg"]
    names = [tag for tag, _ in page.tags]
    assert names.count("h1") == 1 and names.count("main") == 1
    assert names.count("h3") >= 12  # one per week
    svg = next(attrs for tag, attrs in page.tags if tag == "svg")
    assert svg["role"] == "img" and svg["aria-labelledby"] == "load-chart-title load-chart-desc"
    assert "title" in names and "desc" in names
    assert '<table class="load-table">' in text and "<caption>" in text
    assert "@page" in text and "@media print" in text and "break-before: page" in text


def test_html_escapes_strangers_text() -> None:
    plan = evil_plan()
    data = render_html(plan)
    text = data.decode("utf-8")
    page = parse(data)
    assert "<script>" not in text and "<!--" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "\x07" not in text
    assert [t for t, _ in page.tags].count("script") == 0
    assert len(page.workouts) == len(plan.sessions)


def test_html_for_every_goal_and_a_year() -> None:
    for goal in builtin_goals():
        plan = build_plan(goal=goal, weeks=52, start=dt.date(2026, 11, 23), created=CREATED_DT)
        page = parse(render_html(plan))
        assert len(page.workouts) == len(plan.sessions)


# ----------------------------------------------------------------------------- CSV


def read_csv(data: bytes) -> list[dict[str, str]]:
    assert not data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8")
    assert text.endswith("\r\n")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def test_csv_reads_back_as_the_plan() -> None:
    plan = thighs_12()
    rows = read_csv(render_csv(plan))
    assert len(rows) == len(plan.sessions) == 97  # weeks 1-11: 8 workouts, week 12: 9 (a 4th run)
    for row, session in zip(rows, plan.sessions, strict=True):
        assert row["uid"] == session.uid
        assert row["date"] == session.date.isoformat()
        assert row["weekday"] == WEEKDAYS[session.date.weekday()]
        assert int(row["week"]) == session.week
        assert row["kind"] == session.kind and row["workout"] == session.workout
        assert row["hard"] == ("yes" if session.hard else "no")
        assert row["deload"] == ("yes" if session.deload else "no")
        assert row["title"] == short_title(session)
        for name in ("duration_min", "warmup_min", "run_min", "walk_min", "cooldown_min",
                     "longest_run_min", "on_feet_min"):
            assert float(row[name]) == minutes(getattr(session, name)), name
        names = [e.name for e in session.exercises]
        assert all(n in row["exercises"] for n in names)
        assert row["exercises"].count(" | ") == max(len(names) - 1, 0)
        assert all(n in row["notes"] for n in session.notes)


def test_csv_guards_against_formulas_and_keeps_one_line_per_row() -> None:
    plan = evil_plan()
    data = render_csv(plan)
    rows = read_csv(data)
    assert len(rows) == len(plan.sessions)
    assert data.count(b"\r\n") == len(plan.sessions) + 1  # no line break inside a cell
    for row in rows:
        for name in ("title", "notes", "exercises", "kind", "uid"):
            assert not row[name].startswith(("=", "+", "-", "@", "\t", "\r")), (name, row[name])
    titles = [row["title"] for row in rows]
    assert titles[0].startswith("'=HYPERLINK(")
    assert {"'+1", "'-1", "'@x"} <= set(titles)
    assert rows[1]["notes"] == "'=1+1"
    assert safe_cell("plain") == "plain" and safe_cell("-2") == "'-2"


def test_csv_keeps_unicode() -> None:
    start = dt.date(2026, 11, 23)
    plan = make_plan([start], titles=["Läufchen 🏃 日本"])
    assert read_csv(render_csv(plan))[0]["title"] == "Läufchen 🏃 日本"


# ----------------------------------------------------------------------------- Markdown


def test_markdown_lists_every_week_and_workout() -> None:
    plan = thighs_12()
    text = render_markdown(plan).decode("utf-8")
    assert text.startswith("# Strong, balanced thighs: 12-week plan\n")
    heads = re.findall(r"^## Week (\d+) ", text, re.M)
    assert heads == [str(w) for w in range(1, 13)]
    assert "## Week 10 (Mon 25 Jan to Sun 31 Jan), deload week" in text
    day_lines = [line for line in text.splitlines() if line.startswith("- **")]
    assert len(day_lines) == len({s.date for s in plan.sessions})
    listed = sum(line.split("**: ", 1)[1].count("; ") + 1 for line in day_lines)
    assert listed == len(plan.sessions)
    assert text.count("(hard)") == sum(s.hard for s in plan.sessions)
    assert "## Notes" in text and text.endswith("_Made with planforge._\n")


def test_markdown_escapes_strangers_text() -> None:
    text = render_markdown(evil_plan()).decode("utf-8")
    assert "<script>" not in text and "\\<script\\>" in text
    assert "*b*" not in text and "\\*b\\*" in text
    assert "[l](" not in text and "\\[l\\](http\\://e.x)" in text
    assert "www.evil" not in text and "a@b" not in text
    assert "`c`" not in text and "\x07" not in text
    for line in text.splitlines():
        assert not line.startswith(("=", "+", "<", ">", "|", "[")), line


@pytest.mark.parametrize(("raw", "escaped"), [
    ("Run/walk 8 x 1 min (30 min)", "Run/walk 8 x 1 min (30 min)"),
    ("Stop if it hurts: pain", "Stop if it hurts: pain"),
    ("# not a heading", "\\# not a heading"),
    ("1. not a list", "1\\. not a list"),
    ("- not a list", "\\- not a list"),
    ("a_b*c", "a\\_b\\*c"),
    ("line\nbreak", "line break"),
])
def test_md_escape(raw: str, escaped: str) -> None:
    assert md_escape(raw) == escaped
