"""tests/plans/: one plan file per training rule, broken on purpose; check catches each.

The files are written by ``tests/regen_rule_plans.py`` (a small plan ``make`` would write,
with one edit that breaks the rule named at the start of the file's name).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from planforge import cli
from planforge.core.rules.check import RULES as REGISTRY
from planforge.formats.planfile import load_plan
from regen_rule_plans import FIXTURES
from sampling import sample

PLANS = Path(__file__).resolve().parent / "plans"
FILES = sorted(PLANS.glob("*.*"), key=lambda p: (len(p.name.split("-")[0]), p.name))
#: every rule check registers: R1, R2, ... in order, then START
RULES = sorted((r.id for r in REGISTRY),
               key=lambda i: (i == "START", int(i[1:]) if i != "START" else 0))


def test_one_file_per_rule() -> None:
    assert sorted({p.name.split("-")[0] for p in FILES}, key=RULES.index) == RULES
    assert {p.name for p in FILES} == set(FIXTURES)
    assert {p.suffix for p in FILES} == {".toml", ".json"}


@pytest.mark.parametrize("path", sample(FILES, keep=3, ids=lambda p: p.name))
def test_check_catches_the_rule_the_file_is_named_after(path: Path) -> None:
    rule = path.name.split("-")[0]
    plan = load_plan(path)  # a valid plan file: only the rules are broken
    assert dict(plan.extra)["broken"].startswith(f"{rule}: ")
    runner = CliRunner()
    result = runner.invoke(cli.main, ["check", str(path)])
    strict = runner.invoke(cli.main, ["check", "--strict", str(path)])
    lines = result.stdout.splitlines()
    ours = [line for line in lines if f": {rule} " in line]
    assert ours, result.stdout
    if rule == "R14":  # a target, so a warning: only --strict fails on it
        assert result.exit_code == 0 and all(line.endswith("(warning)") for line in ours)
    else:
        assert result.exit_code == 1, result.output
        assert any(not line.endswith("(warning)") for line in ours)
    assert strict.exit_code == 1
