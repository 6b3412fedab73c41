"""Garmin's FIT exercise names in the goal templates (issue 24): the ``fit`` field of a
variation, checked on load against the FIT profile's tables; the committed copy of those
tables (``goals/fit_profile.json``) regenerated from the pinned SDK and compared.
"""

from __future__ import annotations

import datetime as dt
import json
import tomllib
from pathlib import Path
from typing import Any

import pytest

from fit_reading import decoders
from planforge.core.engine.progression import build_plan
from planforge.core.model import Times
from planforge.errors import PlanFileError, TemplateError
from planforge.formats.json import plan_to_dict
from planforge.formats.planfile.build import plan_from_dict
from planforge.goals.fitnames import PROFILE_PATH, load_profile
from planforge.goals.templates import builtin_dir, builtin_goals, load_goal, load_template

FIXTURES = Path(__file__).resolve().parent / "templates"


def test_the_committed_table_is_the_pinned_sdks_profile() -> None:
    """fit_profile.json is exactly what tests/regen_fit_tables.py makes from the SDK that
    .ci/run pins: it cannot drift from the profile the FIT files are encoded with."""
    decoders()  # skip without the SDK (fail under CI=true)
    from importlib.metadata import version

    from regen_fit_tables import pinned_sdk, profile_text

    if version("garmin-fit-sdk") != pinned_sdk():
        pytest.skip(f"garmin-fit-sdk {version('garmin-fit-sdk')} is not the pinned "
                    f"{pinned_sdk()}")
    assert PROFILE_PATH.read_text("utf-8") == profile_text()


def test_the_table_holds_the_sdks_numbers() -> None:
    """A few entries against the SDK's own Profile, and every one against fitdecode's copy
    of the profile (an independent one), where fitdecode has it."""
    sdk, fitdecode = decoders()
    table = load_profile()
    types = sdk.Profile["types"]
    assert table.categories["squat"] == 28
    assert table.names["squat"]["goblet_squat"] == 37
    assert types["squat_exercise_name"][37] == "goblet_squat"
    theirs = fitdecode.profile.FIELD_TYPES
    checked = 0
    for category, number in table.categories.items():
        assert theirs["exercise_category"].enum[number] == category
        names = theirs.get(f"{category}_exercise_name")
        for name, n in table.names[category].items():
            if names is not None and n in names.enum:  # fitdecode's profile is older
                assert names.enum[n] == name
                checked += 1
    assert checked > 1500


def _template(tmp_path: Path, variations: str, alternatives: str = "") -> Path:
    """valid.toml with the push-up's variations replaced by ``variations``."""
    text = (FIXTURES / "valid.toml").read_text("utf-8")
    old = ('  { name = "Incline push-up", reps = [8, 12], load = "bodyweight", '
           'cue = "Body straight." },\n')
    assert old in text
    path = tmp_path / "valid.toml"
    path.write_text(text.replace(old, variations), "utf-8")
    return path


def test_a_fit_name_and_a_category_alone_load(tmp_path: Path) -> None:
    path = _template(tmp_path, (
        '  { name = "Incline push-up", reps = [8, 12], load = "bodyweight", cue = "Body '
        'straight.", fit = "push_up.incline_push_up" },\n'
        '  { name = "Wall slide push-up", reps = [8, 12], load = "bodyweight", cue = "Slow.", '
        'fit = "push_up" },\n'))
    template = load_template(path)
    push_up = template.exercises[1]
    assert [v.fit for v in push_up.variations] == ["push_up.incline_push_up", "push_up"]
    assert template.exercises[0].variations[0].fit == ""  # none given: none invented


@pytest.mark.parametrize(("fit", "problem"), [
    ("push_up.incline_pushup",
     "'push_up.incline_pushup': 'incline_pushup' is not an exercise name of 'push_up' in "
     "Garmin's FIT profile (did you mean 'push_up.incline_push_up' or "
     "'push_up.decline_push_up' or 'push_up.weighted_incline_push_up'?); write 'push_up' "
     "alone when none fits"),
    ("pushup.incline_push_up",
     "'pushup.incline_push_up': 'pushup' is not an exercise_category of Garmin's FIT profile "
     "(did you mean 'push_up' or 'pull_up'?); write category.name or a category alone"),
    ("squat.incline_push_up",  # a real name, of another category
     "'squat.incline_push_up': 'incline_push_up' is not an exercise name of 'squat' in "
     "Garmin's FIT profile; write 'squat' alone when none fits"),
    ("unknown", "'unknown': 'unknown' is not an exercise_category of Garmin's FIT profile; "
                "write category.name or a category alone"),
    ("push_up.", "'push_up.': '' is not an exercise name of 'push_up' in Garmin's FIT "
                 "profile; write 'push_up' alone when none fits"),
])
def test_a_wrong_fit_names_the_file_the_field_and_what_fits(tmp_path: Path, fit: str,
                                                            problem: str) -> None:
    path = _template(tmp_path, (
        '  { name = "Incline push-up", reps = [8, 12], load = "bodyweight", cue = "Body '
        f'straight.", fit = "{fit}" }},\n'))
    with pytest.raises(TemplateError) as err:
        load_template(path)
    assert err.value.path == "valid.toml"
    assert err.value.field == "exercises[1].variations[0].fit"
    assert err.value.problem == problem


@pytest.mark.parametrize("value", ["3", "[]", '""'])
def test_a_fit_that_is_no_text(tmp_path: Path, value: str) -> None:
    path = _template(tmp_path, (
        '  { name = "Incline push-up", reps = [8, 12], load = "bodyweight", cue = "Body '
        f'straight.", fit = {value} }},\n'))
    with pytest.raises(TemplateError) as err:
        load_template(path)
    assert str(err.value) == ("valid.toml: exercises[1].variations[0].fit: must be a "
                              "non-empty string")


def test_an_alternative_keeps_its_parents_name_only_when_it_is_the_same_exercise(
        tmp_path: Path) -> None:
    """Without its own ``fit``: the parent's, when the alternative is the parent done without
    its kit (no name of its own); only the parent's category when it is another exercise."""
    path = _template(tmp_path, (
        '  { name = "Knee push-up", reps = [8, 12], load = "bodyweight", equipment = ["mat"], '
        'cue = "On a mat.", fit = "push_up.kneeling_push_up", alternatives = [{ equipment = '
        '[], cue = "On a carpet." }] },\n'
        '  { name = "Push-up", reps = [8, 12], load = "bodyweight", equipment = ["mat"], '
        'cue = "On a mat.", fit = "push_up.push_up", alternatives = [{ name = "Wall push-up", '
        'equipment = [], cue = "Hands on a wall." }, { name = "Table push-up", equipment = [], '
        'cue = "Hands on a table.", fit = "push_up.incline_push_up" }] },\n'))
    knee, full = load_template(path).exercises[1].variations
    assert knee.alternatives[0].fit == "push_up.kneeling_push_up"
    assert [a.fit for a in full.alternatives] == ["push_up", "push_up.incline_push_up"]


# -- plan files: an exercise's fit and a mobility session's movements -------------------------

def _plan_document() -> dict[str, Any]:
    plan = build_plan(goal="glutes", weeks=2, start=dt.date(2026, 11, 23),
                      created=dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC), level="beginner",
                      days=None, timezone=None, times=Times())
    return json.loads(json.dumps(plan_to_dict(plan)))


def _first(document: dict[str, Any], kind: str) -> tuple[int, dict[str, Any]]:
    return next((i, s) for i, s in enumerate(document["sessions"]) if s["kind"] == kind)


def test_a_plan_file_carries_the_fit_names_and_the_movements() -> None:
    document = _plan_document()
    plan = plan_from_dict(document, source="plan.json")
    fits = {e.name: e.fit for s in plan.sessions for e in s.exercises}
    assert fits["Static split squat"] == "lunge"  # glutes.toml: no FIT name, its category
    _, mobility = _first(document, "mobility")
    assert mobility["movements"] == [n for n in mobility["notes"]
                                     if n in mobility["movements"]]
    assert plan_to_dict(plan) == document  # read back as it was written


def test_a_plan_file_from_before_reads_without_them() -> None:
    document = _plan_document()
    for session in document["sessions"]:
        session.pop("movements", None)
        for exercise in session["exercises"]:
            exercise.pop("fit", None)
    plan = plan_from_dict(document, source="plan.json")
    assert all(not e.fit for s in plan.sessions for e in s.exercises)
    assert all(not s.movements for s in plan.sessions)


def test_a_wrong_fit_in_a_plan_file_names_the_field() -> None:
    document = _plan_document()
    i, strength = _first(document, "strength")
    strength["exercises"][1]["fit"] = "squat.goblet_sqat"
    with pytest.raises(PlanFileError) as err:
        plan_from_dict(document, source="plan.json")
    assert err.value.field == f"sessions[{i}].exercises[1].fit"
    assert err.value.problem.startswith("'squat.goblet_sqat': 'goblet_sqat' is not an "
                                        "exercise name of 'squat' in Garmin's FIT profile "
                                        "(did you mean 'squat.goblet_squat'")


def test_movements_must_be_notes_of_a_mobility_session() -> None:
    document = _plan_document()
    i, mobility = _first(document, "mobility")
    mobility["notes"][1] = "Foam roll glutes and calves, 60 s each side"  # edited alone
    with pytest.raises(PlanFileError) as err:
        plan_from_dict(document, source="plan.json")
    assert str(err.value) == (
        f"plan.json: sessions[{i}].movements[0]: {mobility['movements'][0]!r} is not one of "
        "the session's notes; a movement (a watch step) is one of the notes the calendar "
        "lists: fix it or delete movements")
    document = _plan_document()
    j, strength = _first(document, "strength")
    strength["movements"] = [strength["notes"][0]]
    with pytest.raises(PlanFileError) as err:
        plan_from_dict(document, source="plan.json")
    assert str(err.value) == (f"plan.json: sessions[{j}].movements: a strength session has "
                              "none; delete movements")


@pytest.mark.parametrize("goal", builtin_goals())
def test_every_exercise_of_the_built_in_templates_names_its_fit(goal: str) -> None:
    """Every variation and every alternative with a name of its own says its FIT exercise
    (a category alone where the profile has no name for it, which the docs' table lists);
    the loader has checked each against the profile."""
    raw = tomllib.loads((builtin_dir() / f"{goal}.toml").read_text("utf-8"))
    how = ('add fit = "category.exercise_name" as Garmin\'s FIT profile spells it, or the '
           "category alone when it has none (docs/watch-workouts.md), then run python "
           "tests/regen_fit_tables.py for the docs' table")
    for i, exercise in enumerate(raw["exercises"]):
        for j, variation in enumerate(exercise["variations"]):
            where = f"{goal}.toml: exercises[{i}].variations[{j}] ({variation.get('name')})"
            assert "fit" in variation, f"{where}: {how}"
            for k, alternative in enumerate(variation.get("alternatives", [])):
                assert "fit" in alternative or "name" not in alternative, \
                    f"{where}.alternatives[{k}]: {how}"
    for spec in load_goal(goal).exercises:
        for variation in spec.variations:
            for v in (variation, *variation.alternatives):
                assert v.fit, (goal, v.name)


def test_the_docs_table_is_the_templates() -> None:
    """docs/watch-workouts.md's table of every exercise and its FIT name is what
    tests/regen_fit_tables.py makes from the templates today."""
    from regen_fit_tables import DOC, docs_text

    assert DOC.read_text("utf-8") == docs_text(), "run python tests/regen_fit_tables.py"
    table = DOC.read_text("utf-8")
    for goal in builtin_goals():
        for spec in load_goal(goal).exercises:
            for variation in spec.variations:
                assert f"| {variation.name} ({spec.id}) |" in table
