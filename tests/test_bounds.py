"""Inputs are bounded before a parser sees them (issue 19, item 6): a TOML file of dotted keys
cost tomllib 30 s, 200 KB of them over a minute, and deep nesting gave RecursionError
tracebacks. Plan files, goal templates and rosters are measured first
(:mod:`planforge.goals.bounds`) and refused in one line; nothing planforge writes comes near
the bounds. Also: direction overrides are refused in plan and template text, joiners are
text like any other."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from fuzz_support import fuzz_budget
from planforge.cli import main
from planforge.errors import PlanFileError, TemplateError
from planforge.formats.planfile import load_plan
from planforge.goals.bounds import (
    MAX_DEPTH,
    MAX_KEY_PARTS,
    MAX_KEYS,
    json_problem,
    toml_problem,
)
from planforge.goals.templates import builtin_dir, load_template

ROOT = Path(__file__).resolve().parent.parent
#: generous: each of these is refused by the bounds in milliseconds; tomllib alone took
#: 30 s to over a minute on the first two
SECONDS = 2.0

HOSTILE = {
    "dotted-line.toml": "a" + ".a" * 50_000 + " = 1\n",  # the dd.toml
    "dotted-200k.toml": "\n".join("a" + ".a" * 100 + f".b{i} = 1" for i in range(1000)),
    "dotted-header.toml": "\n".join(f"[{'.'.join(['t'] * 40)}.x{i}]\nk = 1" for i in range(500)),
    "deep.toml": "x = " + "[" * 500 + "]" * 500 + "\n",
    "deep-inline.toml": "x = " + "{a = " * 500 + "1" + "}" * 500 + "\n",
    "keys.toml": "a = 1\n" * (MAX_KEYS + 1),
    "deep.json": "[" * 500 + "]" * 500,
    "keys.json": "{" + ",\n".join(f'"k{i}": 1' for i in range(MAX_KEYS + 1)) + "}",
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_plan_files_are_refused_at_once(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(HOSTILE[name], encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(PlanFileError) as info:
        load_plan(path)
    assert time.perf_counter() - started < SECONDS
    assert str(info.value).startswith(f"{path}: ") and "\n" not in str(info.value)
    result = CliRunner().invoke(main, ["check", str(path)])
    assert result.exit_code == 2 and result.stderr == f"Error: {info.value}\n"


@pytest.mark.parametrize("name", sorted(n for n in HOSTILE if n.endswith(".toml")))
def test_hostile_templates_are_refused_at_once(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.write_text(HOSTILE[name], encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(TemplateError):
        load_template(path)
    assert time.perf_counter() - started < SECONDS


def test_each_bound_names_what_it_found() -> None:
    assert toml_problem("a" + ".a" * 40 + " = 1") == (
        f"line 1 has a key of more than {MAX_KEY_PARTS} dotted parts; no plan file or "
        "template has one")
    assert toml_problem("x = 1\n" + "a" * 70_000) == "line 2 is longer than 65,536 characters"
    assert toml_problem("x = " + "[" * 40 + "]" * 40) == (
        f"is nested more than {MAX_DEPTH} deep; no plan file, template or roster nests so deep")
    assert json_problem("[" * 33 + "]" * 33) is not None
    assert json_problem("[" * 32 + "]" * 32) is None
    assert toml_problem(".".join(["a"] * MAX_KEY_PARTS) + " = 1") is None
    assert toml_problem(".".join(["a"] * (MAX_KEY_PARTS + 1)) + " = 1") is not None


@pytest.mark.parametrize("text", [
    'x = "a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h.i"',
    "x = '''\n" + "[" * 100 + "\n'''",
    '# [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[\nx = 1',
    'x = """\n' + "a.b." * 50 + ' = 1\n"""',
    "x = [\n  [" + ", ".join(["1.5"] * 60) + "],\n]",
    '"a.b.c.d.e.f.g.h.i.j.k.l.m.n.o.p.q.r.s.t.u.v.w.x.y.z.a.b.c.d.e.f.g.h" = 1',
])
def test_what_is_inside_strings_and_comments_does_not_count(text: str) -> None:
    assert toml_problem(text) is None


def test_nothing_planforge_writes_or_ships_comes_near_the_bounds() -> None:
    files = [*builtin_dir().glob("*.toml"), *(ROOT / "tests" / "plans").glob("*.toml"),
             *(ROOT / "tests" / "plans").glob("*.json"), *(ROOT / "tests" / "golden").glob("*"),
             *(ROOT / "tests" / "templates").rglob("*.toml")]
    checked = 0
    for path in files:
        if path.suffix not in (".toml", ".json"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert (toml_problem(text) if path.suffix == ".toml" else json_problem(text)) is None, path
        checked += 1
    assert checked > 20


@settings(max_examples=fuzz_budget(60), deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False)
                    | st.text(max_size=20),
                    lambda inner: st.lists(inner, max_size=4)
                    | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                    max_leaves=30))
def test_json_within_the_bounds_passes(value: object) -> None:
    """JSON of any shape that nests no deeper than the bound is never refused (the strings
    are blanked before anything is counted, whatever they hold)."""
    text = json.dumps(value)
    depth = _depth(value)
    assert (json_problem(text) is None) == (depth <= MAX_DEPTH)


def _depth(value: object) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(v) for v in value.values()), default=0)
    return 0


def _plan_with(tmp_path: Path, summary: str) -> Path:
    plan = tmp_path / "plan.toml"
    result = CliRunner().invoke(main, ["make", "--goal", "glutes", "--weeks", "2",
                                       "--start", "2027-01-04", "-o", str(plan)])
    assert result.exit_code == 0
    lines = plan.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("summary = "))
    lines[at] = f"summary = {json.dumps(summary, ensure_ascii=False)}"
    plan.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return plan


def test_a_direction_override_in_plan_text_is_refused(tmp_path: Path) -> None:
    plan = _plan_with(tmp_path, "Glutes \u202eexe.evil")
    with pytest.raises(PlanFileError) as info:
        load_plan(plan)
    assert str(info.value) == (f"{plan}: plan.summary: contains the direction override U+202E "
                               "(it shows the text in another order than it reads)")


def test_joiners_in_plan_text_are_kept(tmp_path: Path) -> None:
    text = "Run 🏃\u200d♀️ with \u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627"
    assert load_plan(_plan_with(tmp_path, text)).summary == text


def test_a_direction_override_in_a_template_is_refused(tmp_path: Path) -> None:
    source = (builtin_dir() / "glutes.toml").read_text(encoding="utf-8")
    mine = tmp_path / "glutes.toml"
    mine.write_text(source.replace('title = "', 'title = "\u2067', 1), encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_template(mine)
    assert "title: contains the direction override U+2067" in str(info.value)
