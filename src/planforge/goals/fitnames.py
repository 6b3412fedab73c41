"""Garmin's FIT exercise names: what a template's ``fit = "squat.goblet_squat"`` may say.

A watch shows a strength step by the FIT profile's ``exercise_category`` (``squat``) and,
within it, an ``exercise_name`` (the profile's type ``squat_exercise_name``: ``goblet_squat``
is 37). The profile ships with Garmin's FIT SDK (PyPI ``garmin-fit-sdk``, the optional extra
``planforge[fit]``, whose licence is not an open-source one), so planforge never imports it
here: the two tables are copied from the SDK's ``Profile["types"]`` into ``fit_profile.json``
beside this module (package data), by ``python tests/regen_fit_tables.py``, and a test
regenerates the copy from the SDK that .ci/run pins and compares, so it cannot drift.

A ``fit`` value is ``category.name``, or ``category`` alone for an exercise the profile has
no name for (the watch then shows the category; never a name that is not the exercise).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: the copy of the SDK's tables, package data beside this module
PROFILE_PATH = Path(__file__).resolve().parent / "fit_profile.json"
#: the category FIT writes when nothing is known: not a choice a template makes
UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class FitProfile:
    """The FIT profile's exercise categories and, for each, its exercise names by number."""

    sdk: str  # the SDK release the tables were copied from, e.g. "garmin-fit-sdk 21.218.0"
    categories: Mapping[str, int]  # category -> its number in ``exercise_category``
    names: Mapping[str, Mapping[str, int]]  # category -> {exercise name -> its number}

    def problem(self, value: str) -> str | None:
        """What is wrong with ``value`` as a ``fit`` field (``category`` or
        ``category.name``), with the closest names the profile has; None when it is right."""
        category, _, name = value.partition(".")
        if category == UNKNOWN or category not in self.categories:
            close = _close(category, [c for c in self.categories if c != UNKNOWN])
            return (f"{value!r}: {category!r} is not an exercise_category of Garmin's FIT "
                    f"profile{close}; write category.name or a category alone")
        if not name and "." not in value:
            return None
        names = self.names.get(category, {})
        if name not in names:
            close = _close(name, list(names), prefix=f"{category}.")
            if not names:
                return f"{value!r}: the FIT profile has no exercise names in {category!r}; " \
                       f"write {category!r} alone"
            return (f"{value!r}: {name!r} is not an exercise name of {category!r} in Garmin's "
                    f"FIT profile{close}; write {category!r} alone when none fits")
        return None

    def number(self, value: str) -> tuple[str, int | None]:
        """``(category, exercise-name number or None)`` of a valid ``fit`` value."""
        category, _, name = value.partition(".")
        return category, (self.names[category][name] if name else None)


def _close(word: str, choices: list[str], prefix: str = "") -> str:
    import difflib  # only when a value is wrong (a template's start needs none)

    found = difflib.get_close_matches(word, choices, n=3, cutoff=0.6)
    if not found:
        return ""
    return " (did you mean " + " or ".join(repr(prefix + f) for f in found) + "?)"


def load_profile(path: Path = PROFILE_PATH) -> FitProfile:
    """The committed copy of the profile's tables (``fit_profile.json``)."""
    data = json.loads(path.read_text("utf-8"))
    categories = {name: entry["number"] for name, entry in data["categories"].items()}
    names = {name: entry["names"] for name, entry in data["categories"].items()}
    return FitProfile(sdk=data["sdk"], categories=categories, names=names)


def profile_table(profile: Mapping[str, Any], sdk: str) -> dict[str, Any]:
    """The JSON data of ``fit_profile.json`` from the SDK's ``Profile`` (``garmin_fit_sdk.
    Profile``, passed in: this module never imports the SDK): ``exercise_category`` and each
    category's ``<category>_exercise_name`` type, in the profile's own numbers."""
    types = profile["types"]
    categories: dict[str, Any] = {}
    for number, category in sorted(types["exercise_category"].items()):
        names = types.get(f"{category}_exercise_name", {})
        categories[category] = {
            "number": int(number),
            "names": {name: int(n) for n, name in sorted(names.items())},
        }
    return {"sdk": sdk, "categories": categories}


def table_text(table: Mapping[str, Any]) -> str:
    """``table`` as the bytes of ``fit_profile.json`` are written: stable, one name a line."""
    return json.dumps(table, indent=1, ensure_ascii=False) + "\n"
