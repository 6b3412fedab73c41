"""The first ten minutes of a new user (issue 12): README.md's quick start and examples, run
exactly as written with the installed ``planforge``.

Every fenced ``console`` block is a session: its ``$ ...`` lines are commands, the lines under
one are what it prints (``...`` stands for anything, and ISO dates for any date, since a plan
without ``--start`` starts next Monday). Every ``sh`` block's lines that run ``planforge``
(or ``cmp`` on what it wrote) are commands too; the quick start's ``pip install . && ...``
is run from the ``&&`` on (the project is installed already). The ``python`` block (the
library) runs as a script. Each block runs in an empty folder of its own, with an empty
templates folder, and each command must exit 0 unless the lines under it show an error.
Commands that install, test, benchmark or change the shell's start-up files are not run,
nor the ones :data:`NOT_RUN` lists (with the reason).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

from sampling import first, sample

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
BIN = Path(sys.executable).parent
_FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ENV = re.compile(r"^(?:[A-Z_][A-Z0-9_]*=\S*\s+)*")
#: commands shown but not run here, and why: a server runs until Ctrl-C (tests/test_serve.py
#: runs it); batch's example reads a 200-member roster.csv that README only describes
NOT_RUN = ("planforge serve ", "planforge batch ")


class Step(NamedTuple):
    command: str
    expected: tuple[str, ...]


class Block(NamedTuple):
    line: int
    kind: str
    steps: tuple[Step, ...]
    source: str


def _runnable(command: str) -> str | None:
    """The part of a README command line this test runs, or None for one it does not."""
    command = re.sub(r"\s+#.*$", "", command).strip()
    if "_PLANFORGE_COMPLETE" in command:
        return None  # changes a shell's start-up files; tests/test_cli_conventions.py
    if command.startswith(NOT_RUN):
        return None
    parts = [p.strip() for p in command.split("&&")]
    runnable = [p for p in parts if _ENV.sub("", p).split(" ", 1)[0] in ("planforge", "cmp")]
    if not runnable or runnable != parts[len(parts) - len(runnable):]:
        return None
    return " && ".join(runnable)


def blocks() -> list[Block]:
    found = []
    for match in _FENCE.finditer(README):
        kind, body = match[1], match[2]
        line = README.count("\n", 0, match.start()) + 1
        steps: list[Step] = []
        if kind == "console":
            for text in body.splitlines():
                if text.startswith("$ "):
                    command = _runnable(text[2:])
                    steps.append(Step(command or "", ()))
                elif steps:
                    steps[-1] = Step(steps[-1].command, (*steps[-1].expected, text))
            steps = [s for s in steps if s.command]
        elif kind == "sh":
            steps = [Step(c, ()) for c in map(_runnable, body.splitlines()) if c]
        elif kind == "python":
            steps = [Step("python", ())]
        if steps:
            found.append(Block(line, kind, tuple(steps), body))
    return found


def _pattern(line: str) -> re.Pattern[str]:
    """``...`` (with the letters it elides, as in a secret name ``Zq3...Vw``) matches
    anything; an ISO date matches any date."""
    text = re.sub(r"\w*\.\.\.\w*", "\1", _DATE.sub("\0", line))
    text = re.escape(text).replace("\1", ".*")
    return re.compile(text.replace("\0", r"\d{4}-\d{2}-\d{2}"))


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("SOURCE_DATE_EPOCH", "PLANFORGE_TEMPLATES", "TZ", "COLUMNS")}
    home = tmp_path / "home"
    home.mkdir()
    env.update(PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}", HOME=str(home),
               XDG_CONFIG_HOME=str(home / ".config"), NO_COLOR="1")
    return env


def test_the_readme_has_the_examples_this_test_runs() -> None:
    found = blocks()
    commands = [s.command for b in found for s in b.steps]
    assert "planforge make --weeks 8 --goal glutes" in commands  # the quick start
    assert "planforge goals --new my-glutes --from glutes" in commands  # a goal of your own
    assert "cmp a.ics b.ics" in commands
    assert sum(b.kind == "python" for b in found) == 1
    assert len(commands) >= 20


@pytest.mark.parametrize("block", sample(blocks(), keep=first(1),
                                          ids=lambda b: f"README.md:{b.line}"))
def test_readme_block_runs_as_written(block: Block, tmp_path: Path) -> None:
    if shutil.which("planforge", path=str(BIN)) is None:
        pytest.fail(f"no planforge installed beside {sys.executable}: pip install -e .")
    folder = tmp_path / "work"
    folder.mkdir()
    env = _env(tmp_path)
    for step in block.steps:
        if step.command == "python":
            proc = subprocess.run([sys.executable, "-c", block.source], cwd=folder, env=env,
                                  capture_output=True, text=True, timeout=120, check=False)
        else:
            proc = subprocess.run(["bash", "-c", step.command], cwd=folder, env=env,
                                  capture_output=True, text=True, timeout=120, check=False)
        said = proc.stdout + proc.stderr
        fails = any(line.startswith("Error: ") for line in step.expected)
        assert (proc.returncode != 0) == fails, f"$ {step.command}\n{said}"
        lines = said.splitlines()
        at = 0
        for expected in step.expected:
            pattern = _pattern(expected)
            while at < len(lines) and not pattern.fullmatch(lines[at]):
                at += 1
            assert at < len(lines), f"$ {step.command}\nexpected: {expected}\ngot:\n{said}"
            at += 1
