"""The small gaps issue 20 found in the command line, each with its exact message and exit
code: ``next -q``, ``make glutes``, ``--level begginer``, ``--gaol``, a plan whose goal is a
near miss, and the template round trip (``goals --show X > my.toml``, ``make --template``)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planforge import cli

START = "2026-11-23"
CREATED = "2026-11-20T08:00:00Z"
LEVELS = "beginner, returning, runner"


def run(*args: str, cwd: Path | None = None) -> Result:
    return CliRunner().invoke(cli.main, list(args), catch_exceptions=False)


def one_error(result: Result, message: str, code: int = 2) -> None:
    assert (result.exit_code, result.stdout, result.stderr) == (code, "", f"Error: {message}\n")


@pytest.fixture
def plan(tmp_path: Path) -> Path:
    path = tmp_path / "plan.toml"
    result = run("make", "--goal", "glutes", "--weeks", "4", "--start", START, "--created",
                 CREATED, "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def test_next_quiet_prints_nothing(plan: Path, tmp_path: Path) -> None:
    """``next -q`` printed the follow-on plan's summary all the same."""
    out = tmp_path / "next.toml"
    result = run("next", str(plan), "-q", "--created", CREATED, "-o", str(out))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "")
    assert out.exists()
    loud = run("next", str(plan), "--created", CREATED, "-o", str(tmp_path / "loud.toml"))
    lines = loud.stderr.splitlines()
    assert lines[0].startswith(f"follows {plan} (4 weeks of the progression done)")
    assert lines[1].startswith(f"wrote {tmp_path / 'loud.toml'}: 8 weeks, ")
    assert lines[2].startswith("Stronger glutes: an 8-week plan")


@pytest.mark.parametrize("word", ["glutes", "Glutes", "fat_loss"])
def test_a_goal_without_goal_gets_the_option(word: str) -> None:
    goal = word.lower().replace("_", "-")
    one_error(run("make", word), f"Got unexpected extra argument ({word}); to build goal "
                                 f"{goal}'s plan: planforge make --goal {goal}")


def test_other_extra_arguments_keep_clicks_message() -> None:
    one_error(run("make", "--goal", "glutes", "tomorrow"),
              "Got unexpected extra argument (tomorrow) Try 'planforge make --help'.")
    one_error(run("make", "glutes", "thighs"),
              "Got unexpected extra arguments (glutes thighs) Try 'planforge make --help'.")


@pytest.mark.parametrize(("command", "value", "message"), [
    ("make", "begginer", f"unknown level 'begginer'; did you mean 'beginner'? Choose one of: "
                         f"{LEVELS}"),
    ("make", "runer", f"unknown level 'runer'; did you mean 'runner'? Choose one of: "
                      f"{LEVELS}"),
    ("show", "retruning", f"unknown level 'retruning'; did you mean 'returning'? Choose one "
                          f"of: {LEVELS}"),
    ("make", "expert", f"unknown level 'expert'; choose one of: {LEVELS}"),
])
def test_a_misspelt_level_gets_did_you_mean(command: str, value: str, message: str) -> None:
    one_error(run(command, "--goal", "glutes", "--level", value),
              f"Invalid value for '--level': {message}")


def test_an_unknown_option_is_never_offered_the_hidden_old_color() -> None:
    """``--gaol`` offered ``--color`` (kept working, hidden, deprecated) before ``--goal``."""
    one_error(run("make", "--gaol", "glutes"),
              "No such option '--gaol'. Did you mean '--goal'? Try 'planforge make --help'.")
    one_error(run("render", "x.toml", "--colour", "red"),
              "No such option '--colour'. Try 'planforge render --help'.")


def test_a_plan_whose_goal_is_a_near_miss(plan: Path, tmp_path: Path) -> None:
    """``check`` passed ``goal = "glute"`` without a word and ``next`` failed without a
    suggestion; now both say what it probably is."""
    bad = tmp_path / "glute.toml"
    bad.write_text(plan.read_text("utf-8").replace('goal = "glutes"', 'goal = "glute"', 1),
                   "utf-8")
    checked = run("check", str(bad))
    assert checked.exit_code == 0
    assert checked.stderr.splitlines()[0] == (
        "warning: goal 'glute' is not a built-in goal and the plan names no template: did "
        "you mean 'glutes'? Correct the plan file's goal, or 'planforge next' needs its "
        "template (--template FILE)")
    one_error(run("next", str(bad), "-o", str(tmp_path / "n.toml")),
              f"{bad}: goal 'glute' is not a built-in goal and the plan names no template; did "
              "you mean 'glutes'? Correct the plan file's goal, or pass its template with "
              "--template FILE")
    assert run("check", str(plan)).stderr.count("warning") == 0


def test_goals_show_then_make_template_round_trip(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """``planforge goals --show glutes > my.toml && planforge make --template my.toml``
    failed: "name: 'glutes' must match the file name 'my'"."""
    monkeypatch.chdir(tmp_path)
    shown = run("goals", "--show", "glutes")
    assert shown.exit_code == 0
    (tmp_path / "my.toml").write_text(shown.stdout, "utf-8")
    made = run("make", "--template", "my.toml", "--weeks", "3", "--start", START,
               "--created", CREATED)
    assert made.exit_code == 0, made.output
    assert (tmp_path / "planforge-glutes-3w.ics").exists()
    follow = run("next", "planforge-glutes-3w.ics", "--template", "my.toml", "-o", "n.toml")
    assert follow.exit_code == 0, follow.output
    # the name still has to be one a goal can have: it names the files
    (tmp_path / "odd.toml").write_text(shown.stdout.replace('name = "glutes"',
                                                            'name = "../Glutes"', 1), "utf-8")
    one_error(run("make", "--template", "odd.toml"),
              "odd.toml: name: '../Glutes' cannot name a goal: use 1 to 40 lower-case "
              "letters, digits and '-', starting with a letter or digit")
