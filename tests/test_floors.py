"""pyproject.toml's lowest versions and ci/floors.txt (what CI installs to test them) agree:
every runtime dependency has a floor, and the floor CI tests is the one users are promised."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def promised_floors() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    floors = {}
    for requirement in project["dependencies"]:
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)\s*>=\s*([0-9][0-9A-Za-z.]*)", requirement)
        assert match, f"{requirement!r}: a runtime dependency is written NAME>=FLOOR"
        floors[match[1].lower()] = match[2]
    return floors


def ci_floors() -> dict[str, str]:
    text = (ROOT / "ci" / "floors.txt").read_text(encoding="utf-8")
    return {name.lower(): version
            for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)$", text, re.M)}


def _release(version: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", version))


def test_every_dependency_has_its_floor_tested() -> None:
    promised, pinned = promised_floors(), ci_floors()
    assert set(promised) == set(pinned), (promised, pinned)
    for name, floor in promised.items():
        # the pin is the floor itself (0.61 promises 0.61.x: the first release tested)
        assert _release(pinned[name])[: len(_release(floor))] == _release(floor), (
            name, floor, pinned[name])


def readme_floors() -> dict[str, str]:
    """docs/design.md's "Runtime dependencies" table: package -> floor."""
    text = (ROOT / "docs" / "design.md").read_text(encoding="utf-8")
    section = text.split("\n## Runtime dependencies\n", 1)[1].split("\n\n", 1)[0]
    return {name.lower(): floor
            for name, floor in re.findall(r"^\| \[([\w.-]+)\]\([^)]*\) \| ([0-9.]+) \|",
                                          section, re.M)}


def test_the_readme_names_each_runtime_dependency_at_its_floor() -> None:
    """The table a user reads lists exactly the runtime dependencies, each at its floor (a
    dependency replaced in pyproject.toml and left in the docs fails here)."""
    assert readme_floors() == promised_floors()
