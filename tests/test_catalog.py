"""The cheap catalogue of built-in goals (``planforge goals``, ``--help``, ``--goal``) agrees
with the full template loader, and falls back to it whenever the quick read (tomllib, then the
loader's checks of ``description`` alone) does not give a value the loader accepts."""

from __future__ import annotations

from pathlib import Path

import pytest

from planforge.goals import catalog, templates
from planforge.goals.catalog import quick_description
from planforge.goals.user import builtin_description


def test_builtin_goals_are_the_template_files() -> None:
    folder = templates.builtin_dir()
    assert folder == Path(catalog.builtin_dir())
    assert catalog.builtin_goals() == tuple(sorted(p.stem for p in folder.glob("*.toml")))
    assert templates.builtin_goals is catalog.builtin_goals


@pytest.mark.parametrize("goal", catalog.builtin_goals())
def test_quick_description_is_the_loaded_one(goal: str) -> None:
    path = Path(catalog.builtin_dir(), f"{goal}.toml")
    assert quick_description(str(path)) == templates.load_goal(goal).description
    assert builtin_description(goal) == templates.load_goal(goal).description


@pytest.mark.parametrize(("text", "expected"), [
    ('name = "x"\ndescription = "Plain words."\n[running]\n', "Plain words."),
    ("description='Literal, no escapes.'\n", "Literal, no escapes."),
    ('description = "  padded  "  # a comment\n', "padded"),
    ('description = "Windows line end."\r\nname = "x"\r\n', "Windows line end."),
    # tomllib reads TOML, not a subset: escapes, quoted keys and multi-line strings too
    ('description = "escaped \\u00e9"\n', "escaped \u00e9"),
    ('"description" = "quoted key"\n', "quoted key"),
    ('description = """\nOne line after the opening newline."""\n',
     "One line after the opening newline."),
    ('notes = """\ndescription = "inside a string"\n"""\ndescription = "the real one"\n',
     "the real one"),
    # only the part before the first table is read: what follows it may be anything
    ('description = "before the tables"\n[running]\ntarget_runs = [\n', "before the tables"),
    ('description = "indented table"\n  [[running.extra]]\nx = 1\n', "indented table"),
])
def test_quick_description_reads_toml(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "x.toml"
    path.write_bytes(text.encode())
    assert quick_description(str(path)) == expected


@pytest.mark.parametrize("text", [
    'description = """multi\nline"""\n',
    'notes = """\ndescription = "inside a string"\n"""\n',
    'description = "one"\ndescription = "two"\n',  # a repeated key is an error
    # a line starting with "[" inside a multi-line string or array cuts it short: not TOML,
    # so the full loader decides
    'notes = """\n[not a table]\n"""\ndescription = "after it"\n',
    'tags = [\n["a"],\n]\ndescription = "after it"\n',
    'description = "unterminated\n',
    'description = "x" trailing\n',
    'description = ""\n',
    "description = \"" + "x" * 101 + "\"\n",  # longer than the loader allows
    'description = "bell \x07"\n',
    '[running]\ndescription = "in a table, not top-level"\n',
    'name = "x"\n',  # no description at all
    'description = "two\\nlines"\n',  # the loader wants one line
    'description = "x"\nweeks = 1' + "0" * 5000 + '\n',  # a number tomllib refuses
])
def test_quick_description_gives_up_when_unsure(tmp_path: Path, text: str) -> None:
    path = tmp_path / "x.toml"
    path.write_bytes(text.encode())
    assert quick_description(str(path)) is None


def test_quick_description_gives_up_on_bad_bytes(tmp_path: Path) -> None:
    path = tmp_path / "x.toml"
    path.write_bytes(b'description = "\xff"\n')
    assert quick_description(str(path)) is None
    assert quick_description(str(tmp_path / "missing.toml")) is None
