"""Injection (issue 6, part 6): text that comes from a goal template or a plan file (titles,
notes, exercise names, cues, mobility items, UIDs) can never add an iCalendar property or
component or break a line, whatever characters it holds.

Hypothesis puts text full of line breaks (CR, LF, U+2028, U+0085 ...), NUL, ESC, the
characters iCalendar escapes (``; , \\ :``) and whole property lines into each such field,
through ``planforge make --template FILE`` and ``planforge render PLAN``; the calendar is
read back with icalendar and vobject. A template refuses control characters when it is
loaded (one clean error line); a plan file allows tab and line breaks. Either way a file that
is written has the same events, properties and components as the plan without the text, and
the text comes back as ``describe.clean_text`` documents it: line breaks as newlines (or one
space in a single-line field), other control characters dropped. The HTML page and the CSV
table are checked too: the text is escaped, and a CSV row stays a row.
"""

from __future__ import annotations

import csv
import io
import json
import re
import tomllib
from collections import Counter
from pathlib import Path
from typing import Any

import icalendar
import pytest
import vobject
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from fuzz_support import (
    CREATED,
    START,
    FilePool,
    assert_clean_outcome,
    fuzz_budget,
    invoke,
    make_pool,
)
from planforge.core.wording import clean_text
from planforge.goals.templates import builtin_dir
from sampling import first, sample

INJECT = settings(deadline=None, max_examples=fuzz_budget(40),
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                         HealthCheck.function_scoped_fixture])

PIECES = ["\r", "\n", "\r\n", "\n\r", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c", "\x00",
          "\x1b", "\x1b[31m", "\x7f", "\t", ";", ",", "\\", ":", '"', "\\n", "\\,", "^",
          "\ufeff", "\u200b", "é", "🏃‍♀️", "BEGIN:VEVENT", "END:VEVENT", "END:VCALENDAR",
          "\r\nATTENDEE:mailto:x@example.com", "\nDTSTART:20200101T000000Z",
          "\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nEND:VALARM", "\nX-INJECTED:1",
          "<script>alert(1)</script>", "=HYPERLINK(\"http://x\")", "x" * 90]
_any = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)),
               min_size=1, max_size=8).map("".join)
#: no C0/C1 control characters, which a template refuses: U+2028, ';', property lines ...
_no_controls = st.lists(
    st.one_of(st.sampled_from([p for p in PIECES if not re.search(r"[\x00-\x1f\x7f-\x9f]", p)]),
              st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=8)),
    min_size=1, max_size=8).map("".join)
text_strategy = st.one_of(_any, _no_controls)


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string, every character that needs it escaped."""
    out = []
    for char in text:
        if char in '"\\':
            out.append("\\" + char)
        elif char.isprintable() and char not in "\x7f":
            out.append(char)
        elif ord(char) > 0xFFFF:
            out.append(f"\\U{ord(char):08X}")
        else:
            out.append(f"\\u{ord(char):04X}")
    return '"' + "".join(out) + '"'


# ----------------------------------------------------------------------------- reading back


def physical_lines_are_clean(data: bytes) -> None:
    assert data.endswith(b"\r\n")
    for line in data[:-2].split(b"\r\n"):
        assert b"\r" not in line and b"\n" not in line, line
        assert len(line) <= 75, line
        assert not re.search(rb"[\x00-\x08\x0a-\x1f\x7f]", line), line
        line.decode("utf-8")


def shape(data: bytes) -> tuple[Counter[str], dict[str, frozenset[str]], int]:
    """The components, the property names of each kind of component, the number of events."""
    cal = icalendar.Calendar.from_ical(data)
    kinds: Counter[str] = Counter(c.name for c in cal.walk())
    props: dict[str, set[str]] = {}
    for comp in cal.walk():
        props.setdefault(comp.name, set()).update(comp.keys())
    return kinds, {k: frozenset(v) for k, v in props.items()}, kinds["VEVENT"]


def texts(data: bytes) -> list[str]:
    """Every text value the two parsers read, which must agree on the events."""
    cal = icalendar.Calendar.from_ical(data)
    out = [str(cal.get("NAME", "")), str(cal.get("X-WR-CALNAME", ""))]
    by_uid = {}
    for ev in cal.walk("VEVENT"):
        summary, description = str(ev["SUMMARY"]), str(ev.get("DESCRIPTION", ""))
        by_uid[str(ev["UID"])] = (summary, description)
        cats = ev.get("CATEGORIES")
        out += [summary, description, *(str(c) for c in (cats.cats if cats else []))]
    other = vobject.readOne(data.decode("utf-8"))
    assert len(other.vevent_list) == len(by_uid)
    for ev in other.vevent_list:
        summary, description = by_uid[ev.uid.value]
        assert ev.summary.value == summary
        if description:
            assert ev.description.value == description
    return out


def assert_like(data: bytes, baseline: bytes) -> None:
    physical_lines_are_clean(data)
    assert shape(data) == shape(baseline)


def found(text: str, values: list[str]) -> bool:
    """The text as documented: control characters cleaned (a line of it at a time; one
    line in single-line fields), or as a category ('; , \\' as spaces). A backslash and a
    capital N is a line break in iCalendar text, as the icalendar library writes it."""
    whole = "\n".join(values)
    text = text.replace("\\N", "\n")
    lines = [ln.strip() for ln in clean_text(text).split("\n") if ln.strip()]
    if all(ln in whole for ln in lines):
        return True
    one = clean_text(text, single_line=True)
    if one in whole:
        return True
    category = " ".join(one.replace(",", " ").replace(";", " ").replace("\\", " ").split())
    return category in whole


# ----------------------------------------------------------------------------- templates

#: template fields that reach the calendar, as (TOML table path, key)
TEMPLATE_FIELDS = [
    ("", "title"),
    ("exercises.0.variations.0", "name"),
    ("exercises.0.variations.0", "cue"),
    ("notes.0", "text"),
    ("mobility", "title"),
    ("mobility", "items.0"),
]


def template_with(field: tuple[str, str], text: str) -> str:
    """glutes.toml as the goal 'inject', ``field`` holding ``text``."""
    doc = tomllib.loads((builtin_dir() / "glutes.toml").read_text(encoding="utf-8"))
    doc["name"] = "inject"
    node: Any = doc
    for part in [p for p in field[0].split(".") if p]:
        node = node[int(part)] if part.isdigit() else node[part]
    key, _, index = field[1].partition(".")
    if index:
        node[key][int(index)] = text
    else:
        node[key] = text
    return dump_toml(doc)


def dump_toml(doc: dict[str, Any]) -> str:
    def value(v: Any) -> str:
        if isinstance(v, str):
            return toml_string(v)
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, int):
            return str(v)
        if isinstance(v, list):
            return "[" + ", ".join(value(x) for x in v) + "]"
        return "{ " + ", ".join(f"{k} = {value(x)}" for k, x in v.items()) + " }"

    return "".join(f"{k} = {value(v)}\n" for k, v in doc.items())


def make_ics(folder: Path, template: str, *extra: str) -> tuple[Any, Path]:
    path = folder / "inject.toml"
    path.write_text(template, encoding="utf-8")
    out = folder / "out.ics"
    out.unlink(missing_ok=True)
    args = ["make", "--template", str(path), "--weeks", "2", "--start", START,
            "--created", CREATED, "-o", str(out), *extra]
    result = invoke(args)
    assert_clean_outcome(result, args)
    return result, out


@pytest.fixture(scope="module")
def template_baseline(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    folder = tmp_path_factory.mktemp("inject-base")
    result, out = make_ics(folder, template_with(("", "title"), "Plain title"))
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_every_template_field_reaches_the_calendar(tmp_path: Path) -> None:
    """The fields injected into are the ones that show (else the test would prove little)."""
    for field in TEMPLATE_FIELDS:
        result, out = make_ics(tmp_path, template_with(field, "QQMARK QQ"))
        assert result.exit_code == 0, (field, result.output)
        assert any("QQMARK QQ" in t for t in texts(out.read_bytes())), field


@pytest.mark.parametrize("field", sample(TEMPLATE_FIELDS, keep=first(1),
                                          ids=lambda f: f"{f[0]}.{f[1]}".strip(".")))
@INJECT
@given(text=text_strategy)
def test_template_text_cannot_break_the_calendar(field: tuple[str, str], text: str,
                                                 template_baseline: bytes,
                                                 tmp_path_factory: pytest.TempPathFactory,
                                                 ) -> None:
    folder = tmp_path_factory.mktemp("inject")
    result, out = make_ics(folder, template_with(field, text))
    event(f"exit {result.exit_code}")
    if result.exit_code != 0:
        # refused when loaded: a control character, an empty or over-long field (a template
        # is input: exit 2, errors.py)
        assert result.exit_code == 2, result.output
        assert not out.exists()
        return
    data = out.read_bytes()
    assert_like(data, template_baseline)
    assert found(text, texts(data)), (text, field)


# ----------------------------------------------------------------------------- plan files


@pytest.fixture(scope="module")
def pool(tmp_path_factory: pytest.TempPathFactory) -> FilePool:
    return make_pool(tmp_path_factory.mktemp("inject-pool"))


#: plan-file fields that reach the calendar (session 1 is the first strength session)
PLAN_FIELDS = ["sessions.0.title", "sessions.0.notes.0", "sessions.0.uid", "plan.goal_title",
               "sessions.1.exercises.0.name", "sessions.1.exercises.0.cue",
               "sessions.2.title"]


def plan_with(pool: FilePool, field: str, text: str) -> bytes:
    doc = json.loads(pool.plan_json.read_bytes())
    strength = next(i for i, s in enumerate(doc["sessions"]) if s["kind"] == "strength")
    rest = [s for i, s in enumerate(doc["sessions"]) if i not in (0, strength)]
    doc["sessions"] = [doc["sessions"][0], doc["sessions"][strength], *rest][:8]
    node: Any = doc
    parts = field.split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node[part]
    last = parts[-1]
    node[int(last) if last.isdigit() else last] = text
    return json.dumps(doc, ensure_ascii=True).encode()


def render_ics(folder: Path, plan: bytes, *extra: str) -> tuple[Any, Path]:
    path = folder / "plan.json"
    path.write_bytes(plan)
    out = folder / "out.ics"
    out.unlink(missing_ok=True)
    args = ["render", str(path), "-o", str(out), *extra]
    result = invoke(args)
    assert_clean_outcome(result, args)
    return result, out


@pytest.fixture(scope="module")
def plan_baseline(pool: FilePool, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    result, out = render_ics(tmp_path_factory.mktemp("plan-base"),
                             plan_with(pool, "sessions.0.title", "Plain"))
    assert result.exit_code == 0, result.output
    return out.read_bytes()


def test_every_plan_field_reaches_the_calendar(pool: FilePool, tmp_path: Path) -> None:
    for field in PLAN_FIELDS:
        mark = "QQMARK-QQ" if field.endswith(".uid") else "QQMARK QQ"  # a uid has no spaces
        result, out = render_ics(tmp_path, plan_with(pool, field, mark))
        assert result.exit_code in (0, 1), (field, result.output)
        data = out.read_bytes()
        values = texts(data)
        if field.endswith(".uid"):
            values = [str(ev["UID"]) for ev in icalendar.Calendar.from_ical(data).walk("VEVENT")]
        assert any(mark in t for t in values), field


@pytest.mark.parametrize("field", sample(PLAN_FIELDS, keep=first(1)))  # the rest: -m slow
@INJECT
@given(text=text_strategy)
def test_plan_file_text_cannot_break_the_calendar(field: str, text: str, pool: FilePool,
                                                  plan_baseline: bytes,
                                                  tmp_path_factory: pytest.TempPathFactory,
                                                  ) -> None:
    folder = tmp_path_factory.mktemp("plan-inject")
    result, out = render_ics(folder, plan_with(pool, field, text))
    event(f"exit {result.exit_code}")
    if result.exit_code == 2:  # refused when loaded (a control character, a bad uid ...)
        assert not out.exists()
        return
    data = out.read_bytes()
    assert_like(data, plan_baseline)
    if field.endswith(".uid"):
        uids = [str(ev["UID"]) for ev in icalendar.Calendar.from_ical(data).walk("VEVENT")]
        assert clean_text(text, single_line=True).replace("\\N", "\n") in uids
    elif clean_text(text).strip():
        assert found(text, texts(data)), (text, field)


# ----------------------------------------------------------------------------- other formats


@pytest.mark.slow  # a fuzz sweep; tests/test_export_formats.py has the fast examples
@INJECT
@given(text=text_strategy)
def test_html_escapes_and_csv_keeps_its_rows(text: str, pool: FilePool,
                                             tmp_path_factory: pytest.TempPathFactory) -> None:
    folder = tmp_path_factory.mktemp("formats")
    plan = plan_with(pool, "sessions.0.title", text)
    (folder / "plan.json").write_bytes(plan)
    n_sessions = len(json.loads(plan)["sessions"])
    for fmt in ("html", "csv"):
        out = folder / f"out.{fmt}"
        args = ["render", str(folder / "plan.json"), "-o", str(out)]
        result = invoke(args)
        assert_clean_outcome(result, args)
        if result.exit_code != 0:
            return
        data = out.read_text(encoding="utf-8")
        if fmt == "html":
            assert "<script>" not in data
        else:
            rows = list(csv.reader(io.StringIO(data)))
            assert len(rows) == n_sessions + 1, rows[:3]
