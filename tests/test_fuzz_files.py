"""Fuzzing every file planforge reads (issue 6, part 2): goal templates
(``templates.load_template``) and plan files in TOML and JSON (``planfile.load_plan``).

Whatever the bytes (random, a valid file cut short, a wrong type in any field, nesting
100,000 deep, numbers of 400 digits, a file over the size limit, /dev/zero), a loader either
returns or raises its own error (:class:`TemplateError`, :class:`PlanFileError`) naming the
file, and the field when the problem is in one; never another exception; within a time
limit. Every command that reads a file gives one clean line for each of these files.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import os
import re
import resource
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_support import (
    CREATED,
    START,
    FilePool,
    check_run,
    commands,
    fuzz_budget,
    invoke,
    make_pool,
    role,
    user_params,
    valid_argv,
)
from planforge.errors import PlanFileError, PlanforgeError, TemplateError
from planforge.formats.planfile import MAX_PLAN_BYTES, load_plan
from planforge.goals.templates import MAX_TEMPLATE_BYTES, builtin_dir, load_template
from sampling import named, sample

SRC = Path(__file__).resolve().parent.parent / "src"
#: seconds one load may take (files under the size limits; the slowest seen is well under)
TIME_LIMIT = 5.0
FILES = settings(deadline=None, max_examples=fuzz_budget(40),
                 suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                        HealthCheck.function_scoped_fixture])


# ----------------------------------------------------------------------------- loaders


class Loader:
    """One kind of file: how to load it, its error, a valid example and how to write one."""

    def __init__(self, name: str, suffix: str, load: Callable[[Path], object],
                 error: type[PlanforgeError], valid: bytes,
                 dump: Callable[[Any], bytes]) -> None:
        self.name, self.suffix, self.load, self.error = name, suffix, load, error
        self.valid, self.dump = valid, dump

    def __repr__(self) -> str:
        return self.name

    def parse(self, raw: bytes) -> Any:
        return json.loads(raw) if self.suffix == ".json" else tomllib.loads(raw.decode())


def toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else json.dumps(key)


def toml_value(value: Any) -> str:
    """A value as inline TOML (no null in TOML: a null in an array becomes ``{}``)."""
    if value is None:
        return "{}"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        return ("inf" if value > 0 else "-inf") if math.isinf(value) else repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(toml_value(v) for v in value) + "]"
    assert isinstance(value, dict)
    return "{ " + ", ".join(f"{toml_key(k)} = {toml_value(v)}" for k, v in value.items()
                            if v is not None) + " }"


def toml_dumps(doc: Any) -> bytes:
    if not isinstance(doc, dict):
        return f"value = {toml_value(doc)}\n".encode()
    return "".join(f"{toml_key(k)} = {toml_value(v)}\n" for k, v in doc.items()
                   if v is not None).encode()


def json_dumps(doc: Any) -> bytes:
    return json.dumps(doc, ensure_ascii=False).encode()


def _plan_bytes(tmp: Path, fmt: str) -> bytes:
    out = tmp / f"valid.{fmt}"
    result = invoke(["make", "--goal", "glutes", "--weeks", "1", "--start", START,
                     "--created", CREATED, "--time", "07:00", "--tz", "Europe/London",
                     "-o", str(out)])
    assert result.exit_code == 0, result.output
    return out.read_bytes()


@pytest.fixture(scope="session")
def loaders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Loader]:
    tmp = tmp_path_factory.mktemp("loaders")
    template = (builtin_dir() / "glutes.toml").read_text(encoding="utf-8")
    template = template.replace('name = "glutes"', 'name = "fuzzed"', 1)
    return {
        "template": Loader("template", ".toml", load_template, TemplateError,
                           template.encode(), toml_dumps),
        "plan-toml": Loader("plan-toml", ".toml", load_plan, PlanFileError,
                            _plan_bytes(tmp, "toml"), toml_dumps),
        "plan-json": Loader("plan-json", ".json", load_plan, PlanFileError,
                            _plan_bytes(tmp, "json"), json_dumps),
    }


LOADER_NAMES = ["template", "plan-toml", "plan-json"]


def file_for(loader: Loader, folder: Path, raw: bytes) -> Path:
    # a template's file name is its goal's name
    path = folder / f"fuzzed{loader.suffix}"
    path.write_bytes(raw)
    return path


def load_cleanly(loader: Loader, path: Path, limit: float = TIME_LIMIT) -> PlanforgeError | None:
    """Load ``path``: None if it loads, else the loader's own error, checked."""
    began = time.perf_counter()
    try:
        loader.load(path)
    except loader.error as exc:
        error: PlanforgeError | None = exc
    else:
        error = None
    took = time.perf_counter() - began
    assert took < limit, f"{loader} took {took:.1f} s on {path}"
    if error is not None:
        text = str(error)
        assert text.startswith((str(path), path.name)), text  # names the file
        assert "\n" not in text.strip() or loader.name == "template", text
        assert error.exit_code in (1, 2)
    return error


# ----------------------------------------------------------------------------- bytes


@pytest.mark.parametrize("name", LOADER_NAMES)
@FILES
@given(raw=st.one_of(st.binary(max_size=3000),
                     st.text(max_size=2000).map(lambda t: t.encode("utf-8", "surrogatepass"))))
def test_random_bytes(name: str, loaders: dict[str, Loader], raw: bytes,
                      tmp_path_factory: pytest.TempPathFactory) -> None:
    loader = loaders[name]
    assert load_cleanly(loader, file_for(loader, tmp_path_factory.mktemp("b"), raw))


@pytest.mark.parametrize("name", LOADER_NAMES)
@FILES
@given(cut=st.floats(0, 1, exclude_max=True), noise=st.binary(max_size=8))
def test_truncated_valid_files(name: str, loaders: dict[str, Loader], cut: float,
                               noise: bytes, tmp_path_factory: pytest.TempPathFactory) -> None:
    loader = loaders[name]
    raw = loader.valid[: int(len(loader.valid) * cut)] + noise
    load_cleanly(loader, file_for(loader, tmp_path_factory.mktemp("t"), raw))


def test_valid_files_load(loaders: dict[str, Loader], tmp_path: Path) -> None:
    for loader in loaders.values():
        assert load_cleanly(loader, file_for(loader, tmp_path, loader.valid)) is None


# ----------------------------------------------------------------------------- fields


def paths(doc: Any, where: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    """Every place in a document: keys of tables, indexes of arrays (first 3 items)."""
    if where:
        yield where
    if isinstance(doc, dict):
        for key, value in doc.items():
            yield from paths(value, (*where, key))
    elif isinstance(doc, list):
        for i, value in enumerate(doc[:3]):
            yield from paths(value, (*where, i))


def field_name(where: tuple[Any, ...]) -> str:
    out = ""
    for part in where:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def replaced(doc: Any, where: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(doc))
    node = copy
    for part in where[:-1]:
        node = node[part]
    node[where[-1]] = value
    return copy


LONG = settings.default.max_examples > 100  # the long profile (tests/conftest.py)


def in_turn(values: list[Any], n: int, per_field: int) -> list[Any]:
    """Every value under the long profile; else ``per_field`` of them, the next ones for
    the next field, so that every value is tried somewhere."""
    if LONG:
        return values
    return [values[(n * per_field + k) % len(values)] for k in range(per_field)]


WRONG = [None, True, 0, -1, 1.5, "", "x", [], [1, "a"], {}, {"a": 1}, 2**63, 1e308, -1e308,
         10**400, "\x00", "a\u2028b", [[[[]]]]]


def _sweep(loader: Loader, tmp: Path) -> list[tuple[str, str, PlanforgeError | None]]:
    doc = loader.parse(loader.valid)
    if loader.name.startswith("plan"):  # one session of each kind is enough
        keep = {}
        for i, s in enumerate(doc["sessions"]):
            keep.setdefault(s["kind"], i)
        doc["sessions"] = [doc["sessions"][i] for i in sorted(keep.values())]
    out = []
    for n, where in enumerate(paths(doc)):
        for value in in_turn(WRONG, n, 2):
            raw = loader.dump(replaced(doc, where, value))
            error = load_cleanly(loader, file_for(loader, tmp, raw))
            out.append((field_name(where), repr(value), error))
    return out


#: the sweeps over every field: a template's in the fast set, the plan files' (some 20 s
#: each, their fields are named in the fast set by tests/test_planfile.py) with -m slow
SWEPT = sample(LOADER_NAMES, keep=named("template"))


@pytest.mark.parametrize("name", SWEPT)
def test_a_wrong_value_in_every_field_is_named(name: str, loaders: dict[str, Loader],
                                               tmp_path: Path) -> None:
    """Each field in turn holds a value of each other type (null, a bool, numbers, text,
    arrays, tables, 400 digits, a NUL): the error names a field, and for a value of the
    wrong type, that field or one inside or around it."""
    results = _sweep(loaders[name], tmp_path)
    assert len(results) > 100
    unnamed = [(where, value, str(err)) for where, value, err in results
               if err is not None and err.field is None]  # type: ignore[attr-defined]
    assert not unnamed, unnamed[:10]
    unrelated = []
    for where, value, err in results:
        if err is None:
            continue
        field: str = err.field  # type: ignore[attr-defined]
        top = re.split(r"[.\[]", where)[0]
        if not field.startswith(top) and not where.startswith(field.split("[")[0]):
            unrelated.append((where, value, str(err)))
    assert not unrelated, unrelated[:10]


# ----------------------------------------------------------------------------- shapes


def nested(depth: int, kind: str) -> str:
    if kind == "array":
        return "[" * depth + "]" * depth
    return "{" + '"a": {' * (depth - 1) + "}" * depth if kind == "json-object" else \
        "{a = " * (depth - 1) + "{}" + "}" * (depth - 1)


@pytest.mark.parametrize("depth", sample([10, 100, 300, 500, 990, 1000, 5000, 100_000],
                                         keep=named(10, 1000, 100_000)))
@pytest.mark.parametrize("name", LOADER_NAMES)
def test_deep_nesting(name: str, depth: int, loaders: dict[str, Loader], tmp_path: Path) -> None:
    """Nesting that makes parsers recurse: at the top and inside a field."""
    loader = loaders[name]
    if loader.suffix == ".json":
        inside = f'"notes": [{nested(depth, "array")}, '
        docs = [nested(depth, "array"), nested(depth, "json-object"),
                loader.valid.decode().replace('"notes": [', inside, 1)]
    else:
        docs = [f"a = {nested(depth, 'array')}\n", f"a = {nested(depth, 'toml-table')}\n",
                "[" + ".".join(["t"] * min(depth, 20_000)) + "]\n",
                loader.valid.decode() + f"\nzz = {nested(depth, 'array')}\n"]
    for text in docs:
        error = load_cleanly(loader, file_for(loader, tmp_path, text.encode()))
        assert error is not None


NUMBERS = ["1e308", "-1e308", "1e309", "-1e309", "1" + "0" * 400, "-" + "9" * 400,
           "9" * 5000, "0", "-0", "-1", "4.9e-324", "9223372036854775808", "1.5", "nan", "inf"]


@pytest.mark.parametrize("name", SWEPT)
def test_huge_numbers_in_every_number_field(name: str, loaders: dict[str, Loader],
                                           tmp_path: Path) -> None:
    loader = loaders[name]
    doc = loader.parse(loader.valid)
    numeric = [w for w in paths(doc) if _get(doc, w).__class__ in (int, float)]
    assert numeric
    for n, where in enumerate(numeric):
        for number in in_turn(NUMBERS, n, 3):
            marker = "__NUMBER__"
            raw = loader.dump(replaced(doc, where, marker)).replace(
                json.dumps(marker).encode(), number.encode())
            load_cleanly(loader, file_for(loader, tmp_path, raw))


def _get(doc: Any, where: tuple[Any, ...]) -> Any:
    for part in where:
        doc = doc[part]
    return doc


# ----------------------------------------------------------------------------- size


@pytest.mark.parametrize(("name", "limit"), [("template", MAX_TEMPLATE_BYTES),
                                             ("plan-toml", MAX_PLAN_BYTES),
                                             ("plan-json", MAX_PLAN_BYTES)])
def test_a_file_over_the_size_limit(name: str, limit: int, loaders: dict[str, Loader],
                                    tmp_path: Path) -> None:
    loader = loaders[name]
    path = file_for(loader, tmp_path, loader.valid + b"\n#" + b"x" * (limit - len(loader.valid)))
    assert path.stat().st_size == limit + 2
    error = load_cleanly(loader, path, limit=1.0)
    assert error is not None
    assert "larger than" in str(error)
    assert str(limit // 1_000_000 if limit >= 1_000_000 else limit) in str(error)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("name", LOADER_NAMES)
def test_an_endless_file_is_read_only_to_the_limit(name: str, loaders: dict[str, Loader]) -> None:
    """/dev/zero says it is empty and never ends: reading stops at the limit."""
    error = load_cleanly(loaders[name], Path("/dev/zero"), limit=3.0)
    assert error is not None


def _big_plan(loader: Loader, target: int) -> bytes:
    """A plan document just under ``target`` bytes: copies of its richest session, as many as
    fit (the schema allows 2000), 6 a day (the most a day may hold) over up to 52 weeks."""
    doc = loader.parse(loader.valid)
    rich = max(doc["sessions"], key=lambda s: len(json.dumps(s)))
    rich.pop("weekday", None)
    one = len(loader.dump({"x": rich}))
    count = min(2000, target // one)
    start = dt.date.fromisoformat(doc["plan"]["start"])
    doc["plan"]["weeks"] = 52
    doc["plan"].pop("end", None)
    sessions = []
    for i in range(count):
        day = i // 6
        sessions.append({**rich, "uid": f"u{i}", "week": day // 7 + 1,
                         "date": (start + dt.timedelta(days=day)).isoformat()})
    doc["sessions"] = sessions
    return loader.dump(doc)


def test_a_day_holds_at_most_six_workouts(loaders: dict[str, Loader], tmp_path: Path) -> None:
    """Seven workouts on one day are refused: else checking pairs of workouts (R12) takes
    time and memory that grow with the square of the file (2000 on a day: 2 million
    findings, 45 s)."""
    loader = loaders["plan-json"]
    doc = loader.parse(loader.valid)
    first = doc["sessions"][0]
    doc["sessions"] = [{**first, "uid": f"u{i}"} for i in range(7)]
    error = load_cleanly(loader, file_for(loader, tmp_path, loader.dump(doc)))
    assert error is not None
    assert str(error).endswith(f"sessions[6].date: {first['date']} has more than 6 workouts; "
                               "a day holds at most 6")
    doc["sessions"] = doc["sessions"][:6]
    error = load_cleanly(loader, file_for(loader, tmp_path, loader.dump(doc)))
    assert error is None or "has more than" not in str(error)


@pytest.mark.parametrize("name", ["plan-toml", "plan-json"])
def test_time_and_memory_are_bounded(name: str, loaders: dict[str, Loader],
                                     tmp_path: Path) -> None:
    """A big plan file (half a MB; just under the size limit under the long profile) is
    read and checked in bounded time, in a process whose address space is capped at 1 GB."""
    loader = loaders[name]
    size = MAX_PLAN_BYTES - 100_000 if LONG else 500_000
    raw = _big_plan(loader, size)
    assert size * 0.8 < len(raw) <= MAX_PLAN_BYTES
    path = file_for(loader, tmp_path, raw)
    code = ("import resource, sys\n"
            "resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))\n"
            "from planforge.cli import main\n"
            "main(['check', sys.argv[1]])\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), os.environ.get(
        "PYTHONPATH", "")])}
    began = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", code, str(path)], capture_output=True,
                          text=True, env=env, timeout=120, check=False)
    took = time.perf_counter() - began
    # 2: not a plan file; 1: a plan file that breaks the rules (it does, a lot)
    assert proc.returncode in (1, 2), proc.stderr[-2000:]
    assert proc.stderr.startswith((f"Error: {path}: ", f"{path}: "))
    assert proc.stderr.count("\n") == 1, proc.stderr[-2000:]
    assert took < 60, took
    assert resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss < 1 << 20  # KiB: 1 GiB


# ----------------------------------------------------------------------------- commands


@pytest.fixture(scope="session")
def pool(tmp_path_factory: pytest.TempPathFactory) -> FilePool:
    return make_pool(tmp_path_factory.mktemp("files-pool"))


def _input_cases() -> list[tuple[str, str]]:
    """Every (command, option) that reads a file, found by introspection."""
    cases = []
    for name, command in commands().items():
        for param in user_params(command):
            if role(param) == "input":
                cases.append((name, param.name or ""))
    return cases


INPUT_CASES = _input_cases()


def test_commands_that_read_files_are_found() -> None:
    names = {name for name, _ in INPUT_CASES}
    assert {"check", "render", "shift", "next", "show", "make"} <= names, INPUT_CASES


#: the fast set: show and make (the cheap readers of both kinds of file) and check
FAST_READERS = ("show", "make", "check")


@pytest.mark.parametrize(("name", "param_name"), sample(
    INPUT_CASES, keep=lambda _i, case: case[0] in FAST_READERS, tuples=True, ids="-".join))
def test_every_command_reading_a_file_gives_one_clean_line(
        name: str, param_name: str, pool: FilePool) -> None:
    command = commands()[name]
    param = next(p for p in user_params(command) if p.name == param_name)
    for path in pool.inputs:
        args = valid_argv(name, pool)
        if param.opts and param.opts[0].startswith("-"):
            if "--goal" in args:  # a template replaces the goal
                i = args.index("--goal")
                del args[i:i + 2]
            args += [max(param.opts, key=len), path]
        else:
            args = [path, *[a for a in args if a != str(pool.plan_toml)]]
        check_run([name, *args], {})
