"""Fuzzing every command and option of ``planforge`` (issue 6, part 1).

The commands and their options are read from ``planforge.cli.main``, so commands added
later are fuzzed too; values come from each option's click type (see tests/fuzz_support.py).
Every run must end with exit 0, 1 or 2, never a traceback, and a failure must be one
``Error:`` line on standard error with no control characters in it. A failed run leaves the
folder exactly as it was (no partial file, no temporary file, ``existing.ics`` untouched); a
successful one touches ``existing.ics`` only when ``--force`` was given.

In-process runs use click's ``CliRunner`` with ``catch_exceptions=False`` (an exception fails
the test); a few real processes check the same for invalid UTF-8 and the program's own
stderr encoding. The number of examples follows the hypothesis profile (tests/conftest.py):
``--hypothesis-profile=long`` or ``PLANFORGE_FUZZ=long`` for a longer run.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import click
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from fuzz_support import (
    FilePool,
    check_run,
    commands,
    fuzz_budget,
    invoke,
    is_flag,
    make_pool,
    plausible_strategy,
    run_folder,
    user_params,
    valid_argv,
    value_strategy,
)
from sampling import first, named, sample

COMMAND_NAMES = sorted(commands())
SRC = Path(__file__).resolve().parent.parent / "src"

FUZZ = settings(deadline=None, max_examples=fuzz_budget(40),
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])


@pytest.fixture(scope="session")
def pool(tmp_path_factory: pytest.TempPathFactory) -> FilePool:
    return make_pool(tmp_path_factory.mktemp("fuzz-pool"))


@st.composite
def argv_for(draw: st.DrawFn, name: str, pool: FilePool) -> list[str]:
    """A command line for ``name``: a valid one with a few values changed, or any mix of its
    parameters with any values (required ones sometimes left out), plus odd extras."""
    command = commands()[name]
    params = user_params(command)
    mode = draw(st.sampled_from(["garbage", "mutate", "plausible"]) if params
                else st.just("garbage"))
    values = plausible_strategy if mode == "plausible" else value_strategy
    if mode == "garbage":
        argv: list[str] = []
        chosen = draw(st.lists(st.sampled_from(params), max_size=len(params) + 2)
                      if params else st.just([]))
    else:  # a valid command line with a few values changed or added
        argv = valid_argv(name, pool)
        chosen = draw(st.lists(st.sampled_from(params), min_size=1,
                               max_size=3 if mode == "mutate" else len(params)))
        if any(isinstance(p, click.Argument) for p in chosen):
            argv = [a for a in argv if a != str(pool.plan_toml)]  # a new one replaces it
    for param in chosen:
        if isinstance(param, click.Argument):
            argv.insert(0, draw(values(param, pool)))
        elif is_flag(param):
            argv.append(draw(st.sampled_from(param.opts)))
        else:
            repeat = draw(st.integers(1, 3)) if getattr(param, "multiple", False) else 1
            for _ in range(repeat):
                argv += [draw(st.sampled_from(param.opts)), draw(values(param, pool))]
    extra: tuple[str, ...] = ()
    if draw(st.sampled_from([False] * 9 + [True])):
        extra = draw(st.sampled_from([("--nope",), ("extra",), ("--",), ("-",), ("-h",),
                                      ("--goal",), ("--force", "--force")]))
    return [*argv, *extra]


@st.composite
def environment(draw: st.DrawFn, pool: FilePool) -> dict[str, str | None]:
    return {
        "SOURCE_DATE_EPOCH": draw(st.sampled_from(
            [None, None, "1795000000", "0", "-1", "", " ", "1e9", "253402300800",
             "99999999999999999999", "²", "٣"])),
        "TZ": draw(st.sampled_from([None, "UTC", "Europe/London", ":America/New_York",
                                    "garbage", "", "../../etc/passwd", "EST5EDT,M3.2.0,M11.1.0"])),
        "PLANFORGE_TEMPLATES": str(pool.user_dirs[draw(st.sampled_from(sorted(pool.user_dirs)))]),
        "NO_COLOR": draw(st.sampled_from([None, "1"])),
    }


#: the commands fuzzed in the fast set (a command added later is fuzzed with -m slow)
FAST_COMMANDS = ("make", "show", "check", "goals", "schema")


@pytest.mark.parametrize("name", sample(COMMAND_NAMES, keep=named(*FAST_COMMANDS)))
@FUZZ
@given(data=st.data())
def test_any_command_line_ends_cleanly(name: str, pool: FilePool, data: st.DataObject) -> None:
    args = [name, *data.draw(argv_for(name, pool), label="argv")]
    env = data.draw(environment(pool), label="env")
    check_run(args, env)


@pytest.mark.parametrize("name", COMMAND_NAMES)
def test_every_command_has_a_valid_command_line(name: str, pool: FilePool) -> None:
    """The fuzzer's starting point runs to the end, so mutations of it reach deep code."""
    args = [name, *valid_argv(name, pool)]
    with run_folder():
        result = invoke(args)
    assert result.exit_code == 0, (args, result.output)


# ----------------------------------------------------------------------------- examples
# Values that crashed planforge once (each was a traceback), kept as regressions.

CRASHERS = [
    ["make", "--goal", "glutes", "--start", "9999-12-31", "--weeks", "52", "-o", "-"],
    ["make", "--goal", "glutes", "--start", "9999-12-31", "--weeks", "1", "-o", "-"],
    ["make", "--goal", "glutes", "--created", "9999-12-31T23:59:59-05:00", "-o", "-"],
    ["make", "--goal", "glutes", "--created", "0001-01-01T00:00:00+05:00", "-o", "-"],
    ["make", "--goal", "glutes", "--remind", "99999999999999999999d", "-o", "-"],
    ["make", "--goal", "glutes", "--remind", "9" * 5000 + "m", "-o", "-"],
    ["make", "--goal", "glutes", "--weeks", "9" * 5000, "-o", "-"],
]


@pytest.mark.parametrize("args", CRASHERS, ids=lambda a: " ".join(a)[:60])
def test_known_crashers_end_cleanly(args: list[str]) -> None:
    check_run(args, {})


def test_start_that_runs_past_the_last_date_names_the_value() -> None:
    result = invoke(["make", "--goal", "glutes", "--start", "9999-12-31", "--weeks", "52",
                     "-o", "-"])
    assert result.exit_code == 2
    assert "9999-12-31" in result.stderr
    assert result.stderr.count("\n") == 1


# ----------------------------------------------------------------------------- processes


def _planforge(*args: str | bytes, env: dict[str, str] | None = None,
               ) -> subprocess.CompletedProcess[bytes]:
    path = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    full_env = {**os.environ, "PYTHONPATH": path, **(env or {})}
    return subprocess.run([sys.executable, "-m", "planforge", *args], capture_output=True,
                          env=full_env, timeout=60, check=False)


@pytest.mark.parametrize("value", sample([b"\xff\xfe", b"caf\xe9", b"\x1b[31mred", b"\xed\xa0\x80"],
                                          keep=first(1)))
@pytest.mark.parametrize("option", ["--start", "--days", "--tz", "--time", "--goal"])
def test_invalid_utf8_in_a_real_process(option: str, value: bytes, tmp_path: Path) -> None:
    """Bytes that are not UTF-8 on the command line reach planforge as lone surrogates."""
    proc = _planforge("make", "--goal", "glutes", "--time", "07:00", option.encode(), value,
                      "-o", str(tmp_path / "x.ics"))
    assert proc.returncode == 2, proc.stderr
    assert b"Traceback" not in proc.stderr
    assert proc.stderr.count(b"\n") == 1 and proc.stderr.startswith(b"Error: ")
    assert not (tmp_path / "x.ics").exists()


@pytest.mark.parametrize("lang", sample(["C", "POSIX", "en_US.ISO-8859-1"], keep=first(1)))
def test_errors_in_an_ascii_locale(lang: str, tmp_path: Path) -> None:
    """Non-ASCII in a message (the value, a curly quote) cannot crash a stderr that is not
    UTF-8."""
    env = {"LANG": lang, "LC_ALL": lang, "PYTHONIOENCODING": "", "PYTHONUTF8": "0"}
    for args in (["make", "--goal", "glütes"], ["make", "--goal", "glutes", "--days", "lün"],
                 ["show", str(tmp_path / "plän.toml")]):
        proc = _planforge(*args, env=env)
        assert proc.returncode == 2, proc.stderr
        assert b"Traceback" not in proc.stderr and proc.stderr.count(b"\n") == 1, proc.stderr


@example(value="9" * 5000)
@settings(max_examples=fuzz_budget(10), deadline=None)
@given(value=st.text(max_size=30))
def test_weeks_any_text(value: str) -> None:
    check_run(["make", "--goal", "glutes", "--weeks", value, "-o", "-"], {})


def test_every_command_in_help_is_fuzzed() -> None:
    """What ``planforge --help`` lists (in a real process) is what the fuzz tests run."""
    proc = _planforge("--help")
    assert proc.returncode == 0, proc.stderr
    text = proc.stdout.decode()
    listed = re.findall(r"(?m)^  ([a-z][a-z-]*)  ", text.split("Commands:", 1)[1])
    assert sorted(listed) == COMMAND_NAMES
