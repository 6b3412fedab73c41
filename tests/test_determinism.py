"""Determinism (issue 6, part 5): the same inputs and creation time give byte-identical files
from two processes that differ in PYTHONHASHSEED, TZ, LANG/LC_ALL and working folder.

Every command is run (found by introspection, tests/fuzz_support.py), with every output
format the format registry knows (``planforge.formats.registry.FORMATS``), timed and all-day, the
creation time from ``--created`` or from ``SOURCE_DATE_EPOCH``; what goes to standard output
(show, check, schema, goals) is compared too. Each process runs all the command lines
in-process one after another and writes what they produce into its own folder.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from fuzz_support import (
    CREATED,
    START,
    FilePool,
    commands,
    make_pool,
    role,
    user_params,
    valid_argv,
)
from planforge.formats.registry import FORMATS

SRC = Path(__file__).resolve().parent.parent / "src"
EPOCH = "1795000000"

_DRIVER = """
import json, sys
from pathlib import Path
from click.testing import CliRunner
from planforge.cli import main

out = Path(sys.argv[1])
for name, args in json.loads(Path(sys.argv[2]).read_text()):
    args = [a.replace("@OUT@", str(out)) for a in args]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code in (0, 1), (args, result.output)
    (out / (name + ".stdout")).write_bytes(result.stdout_bytes)
"""

ENVIRONMENTS = [
    {"PYTHONHASHSEED": "0", "TZ": "UTC", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"},
    {"PYTHONHASHSEED": "4242", "TZ": "Pacific/Chatham", "LANG": "tr_TR.UTF-8",
     "LC_ALL": "tr_TR.UTF-8"},
    {"PYTHONHASHSEED": "random", "TZ": "America/St_Johns", "LANG": "de_DE.ISO-8859-1",
     "LC_ALL": "C"},
]


@pytest.fixture(scope="session")
def pool(tmp_path_factory: pytest.TempPathFactory) -> FilePool:
    return make_pool(tmp_path_factory.mktemp("determinism-pool"))


def command_lines(pool: FilePool) -> list[tuple[str, list[str]]]:
    """(name, argv) for every command, and for the writing ones every format, all-day and
    timed, with --created or (the 'epoch' ones) SOURCE_DATE_EPOCH."""
    lines: list[tuple[str, list[str]]] = []
    timed = ["--time", "06:30", "--time", "sat=08:15", "--tz", "Europe/Paris"]
    for name, command in sorted(commands().items()):
        params = {p.name for p in user_params(command)}
        writes = any(role(p) == "output" for p in user_params(command))
        base = [name, *valid_argv(name, pool)]
        if name in ("make", "show"):
            base += ["--weeks", "10", "--start", START]
        if "remind" in params:
            base += ["--remind", "1h"]
        for variant, extra in (("allday", []), ("timed", timed)):
            if variant == "timed" and "times" not in params:
                continue
            for stamp, created in (("created", ["--created", CREATED]), ("epoch", [])):
                if stamp == "created" and "created" not in params:
                    continue
                args = [*base, *extra, *created]
                key = f"{name}-{variant}-{stamp}"
                if not writes:
                    lines.append((key, args))
                    continue
                for fmt, ending in format_choices(command):
                    argv = [*args, "--format", fmt]
                    argv[argv.index("-o") + 1] = f"@OUT@/{key}{ending}"
                    lines.append((f"{key}-{fmt}", argv))
    return lines


#: how the output of a format outside the registry is named: ``workouts --format icu`` writes
#: a .txt file, ``fit`` (there and in ``make``) a folder of files
_OTHER_ENDINGS = {"icu": ".txt", "fit": "-watch"}


def format_choices(command: click.Command) -> list[tuple[str, str]]:
    """(format, how its output's name ends) for every --format the command offers."""
    param = next((p for p in user_params(command) if p.name == "fmt"), None)
    if param is None or not isinstance(param.type, click.Choice):
        return [(f.name, f.extension) for f in FORMATS.values()]
    return [(str(name), FORMATS[name].extension if name in FORMATS else _OTHER_ENDINGS[name])
            for name in param.type.choices]


def run_all(folder: Path, lines_file: Path, env: dict[str, str]) -> dict[str, bytes]:
    folder.mkdir()
    full_env = {k: v for k, v in os.environ.items() if k not in ("PYTHONHASHSEED", "TZ")}
    full_env.update(env)
    full_env["PYTHONPATH"] = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    full_env["SOURCE_DATE_EPOCH"] = EPOCH
    proc = subprocess.run([sys.executable, "-c", _DRIVER, str(folder), str(lines_file)],
                          capture_output=True, text=True, env=full_env, cwd=folder,
                          timeout=300, check=False)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}  # a folder format's files too (fit: FOLDER/W01-1-run-walk.fit)


@pytest.mark.slow  # every command and format in two processes; tests/test_ics.py has a fast sample
def test_two_processes_write_the_same_bytes(pool: FilePool, tmp_path: Path) -> None:
    lines = command_lines(pool)
    names = {name.split("-")[0] for name, _ in lines}
    assert names == set(commands()), "every command is run"
    assert {name.rsplit("-", 1)[-1] for name, _ in lines} >= set(FORMATS)
    lines_file = tmp_path / "lines.json"
    lines_file.write_text(json.dumps(lines))
    runs = [run_all(tmp_path / f"run{i}", lines_file, env)
            for i, env in enumerate(ENVIRONMENTS)]
    first = runs[0]
    files = [n for n in first if not n.endswith(".stdout")]
    assert len(files) >= len(FORMATS) * 4, sorted(first)
    if importlib.util.find_spec("garmin_fit_sdk") is not None:  # the fit extra: watch files
        assert any(n.endswith("-watch/schedule.fit") for n in files), sorted(first)
    for other in runs[1:]:
        assert sorted(other) == sorted(first)
        differ = [n for n in first if first[n] != other[n]]
        assert not differ, differ
    # the creation time comes from --created or from SOURCE_DATE_EPOCH, never the clock
    epoch = dt.datetime.fromtimestamp(int(EPOCH), dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    epoch_json = [n for n in first if n.startswith(("make-", "next-")) and "-epoch" in n
                  and n.endswith(".json")]
    assert len(epoch_json) >= 2, sorted(first)
    for name in epoch_json:
        assert json.loads(first[name])["plan"]["created"] == epoch, name
