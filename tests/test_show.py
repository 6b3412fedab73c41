"""``planforge show`` and the terminal preview: snapshot, every workout in the grid, 80 columns,
colour only on a terminal, short labels.

The snapshot lives in tests/snapshots/; after an intended change to the preview, run
``PLANFORGE_UPDATE_SNAPSHOTS=1 python -m pytest tests/test_show.py``, read
``git diff tests/snapshots`` line by line against the plan, and commit it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plan_factory import (
    hills_main,
    intervals_main,
    make_plan,
    mobility_session,
    run_session,
    strength_session,
    weekly_dates,
)
from planforge import cli
from planforge.cli.show import ansi_style
from planforge.core.engine.progression import build_plan
from planforge.core.model import LEVELS, Block, Plan, Segment, Session
from planforge.formats.digest import LABEL_WIDTH, short_label, weekly_load
from planforge.formats.terminal import WIDTH, display_width, preview_lines, wrap
from planforge.goals.templates import builtin_goals

SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"
SRC = Path(__file__).resolve().parent.parent / "src"
START = "2026-11-23"
CREATED = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli.main, list(args), env=env, catch_exceptions=False)


def thighs_12() -> Plan:
    return build_plan(goal="thighs", weeks=12, start=dt.date(2026, 11, 23), created=CREATED)


# ----------------------------------------------------------------------------- the snapshot


@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("show-thighs-beginner-12w.txt", ["--weeks", "12", "--goal", "thighs"]),
        # starts on a Wednesday: the columns start there too; hill sprints and deloads
        ("show-glutes-runner-10w-wed.txt",
         ["--weeks", "10", "--goal", "glutes", "--level", "runner", "--start", "2026-11-25"]),
    ],
)
def test_snapshot(name: str, args: list[str]) -> None:
    if "--start" not in args:
        args = [*args, "--start", START]
    result = run("show", *args)
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    path = SNAPSHOTS / name
    if os.environ.get("PLANFORGE_UPDATE_SNAPSHOTS"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(result.stdout, encoding="utf-8", newline="\n")
    assert result.stdout == path.read_text(encoding="utf-8"), (
        f"{name} differs; see this module's doc to update it")


# ----------------------------------------------------------------------------- every workout


def grid_cells(lines: list[str], plan: Plan) -> dict[dt.date, list[str]]:
    """Read the grid back: date -> the labels stacked in its cell, top to bottom."""
    header = next(i for i, line in enumerate(lines) if line.startswith("Wk  Starts "))
    cells: dict[dt.date, list[str]] = {}
    week_start: dt.date | None = None
    for line in lines[header + 1:]:
        if not line.strip():
            break
        number = re.match(r" ?(-?\d+)", line)
        if number:
            week = int(number.group(1))
            week_start = plan.start + dt.timedelta(days=7 * (week - 1))
        assert week_start is not None
        for day in range(7):
            at = 11 + day * (LABEL_WIDTH + 1)
            label = line[at:at + LABEL_WIDTH].strip()
            if label:
                cells.setdefault(week_start + dt.timedelta(days=day), []).append(label)
    return cells


def expected_cells(plan: Plan) -> dict[dt.date, list[str]]:
    cells: dict[dt.date, list[str]] = {}
    for session in plan.sessions:
        cells.setdefault(session.date, []).append(short_label(session))
    return cells


def test_show_thighs_12_weeks_holds_every_workout() -> None:
    """The issue's "done when": every workout of the plan is in the grid, on its day."""
    plan = thighs_12()
    result = run("show", "--weeks", "12", "--goal", "thighs", "--start", START)
    lines = result.stdout.splitlines()
    cells = grid_cells(lines, plan)
    assert cells == expected_cells(plan)
    # weeks 1-11: 3 runs, 2 strength, 3 mobility; week 12 adds a 4th run (one step, R21)
    assert sum(len(v) for v in cells.values()) == len(plan.sessions) == 11 * 8 + 9
    # deload weeks are marked, the others not
    deload = {w.week for w in weekly_load(plan) if w.deload}
    assert deload == {10}
    marked = {int(line[:2]) for line in lines if re.match(r"[ \d]\d\* ", line)}
    assert marked == deload
    # the summary, what was left out and the notes follow the chart
    text = result.stdout
    assert plan.summary.split(".")[0] in " ".join(text.split())
    assert "Notes" in text
    assert "Left out" not in text  # the default days hold what the goal asks


def test_grid_columns_follow_the_start_weekday() -> None:
    result = run("show", "--goal", "general", "--weeks", "2", "--start", "2026-11-27")  # Friday
    header = next(line for line in result.stdout.splitlines() if line.startswith("Wk  "))
    assert header.split()[2:] == ["Fri", "Sat", "Sun", "Mon", "Tue", "Wed", "Thu"]


def test_show_reads_a_plan_file(tmp_path: Path) -> None:
    """show PLAN.json and PLAN.toml print what show with the plan's options prints."""
    from planforge.formats.planfile import plan_to_toml

    args = ["--weeks", "12", "--goal", "thighs", "--start", START]
    expected = run("show", *args).stdout
    json_file = tmp_path / "plan.json"
    result = CliRunner().invoke(cli.main, ["make", *args, "-o", str(json_file)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    toml_file = tmp_path / "plan.toml"
    toml_file.write_bytes(plan_to_toml(thighs_12()))
    for path in (json_file, toml_file):
        result = run("show", str(path))
        assert result.exit_code == 0, result.output
        assert result.stdout == expected


def test_show_takes_a_plan_file_or_options_not_both(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    result = run("show", str(path), "--weeks", "3", "--time", "07:00")
    assert result.exit_code == 2
    assert result.stderr == (f"Error: give a plan file or plan options, not both: {path} was "
                             "given with --weeks, --time\n")
    result = run("show", str(path))
    assert result.exit_code == 2
    assert result.stderr == f"Error: {path}: no such file\n"


def test_show_builds_from_a_template_file_as_make_does(tmp_path: Path) -> None:
    template = run("goals", "--show", "thighs").stdout.replace('name = "thighs"',
                                                               'name = "mythighs"')
    path = tmp_path / "mythighs.toml"
    path.write_text(template, encoding="utf-8")
    args = ["--weeks", "4", "--start", START]
    result = run("show", "--template", str(path), *args)
    assert result.exit_code == 0, result.output
    assert result.stdout == run("show", "--goal", "thighs", *args).stdout
    result = run("show", "--template", str(path), "--goal", "thighs")
    assert result.exit_code == 2
    assert result.stderr == "Error: give --goal or --template, not both\n"


def test_a_workout_moved_past_the_end_and_a_long_plan_file_still_show() -> None:
    """Plan files may hold up to 104 weeks and workouts shifted past the last week."""
    start = dt.date(2026, 11, 23)
    plan = make_plan(weekly_dates(start, 104, (0, 3)), weekly_dates(start, 104, (5,)))
    last = plan.sessions[-1]
    moved = dataclasses.replace(last, date=last.date + dt.timedelta(days=9))
    plan = dataclasses.replace(plan, sessions=(*plan.sessions[:-1], moved))
    lines = preview_lines(plan)
    assert_fits(lines)
    assert grid_cells(lines, plan) == expected_cells(plan)
    assert any(line.startswith("105  ") for line in lines)  # the week the workout moved into
    assert any(line.startswith("104 ") for line in lines)


# ----------------------------------------------------------------------------- 80 columns

goals = st.sampled_from(builtin_goals())
levels = st.sampled_from(LEVELS)
day_sets = st.one_of(st.none(), st.sets(st.integers(0, 6), min_size=1).map(
    lambda s: tuple(sorted(s))))
starts = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2035, 12, 31))


def assert_fits(lines: list[str]) -> None:
    for line in lines:
        assert "\n" not in line
        plain = ANSI.sub("", line)
        assert display_width(plain) <= WIDTH, (display_width(plain), plain)
        assert plain == plain.rstrip(), repr(plain)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(goal=goals, level=levels, weeks=st.integers(1, 52), start=starts, days=day_sets,
       color=st.booleans())
def test_every_line_fits_80_columns(goal: str, level: str, weeks: int, start: dt.date,
                                    days: tuple[int, ...] | None, color: bool) -> None:
    plan = build_plan(goal=goal, level=level, weeks=weeks, start=start, days=days,
                      created=CREATED)
    lines = preview_lines(plan, style=ansi_style) if color else preview_lines(plan)
    assert_fits(lines)
    cells = grid_cells([ANSI.sub("", line) for line in lines], plan)
    assert cells == expected_cells(plan)


odd_text = st.text(alphabet=st.characters(codec="utf-8"), max_size=300)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=odd_text, summary=odd_text, note=odd_text, left=odd_text, goal_title=odd_text)
def test_strangers_text_still_fits(title: str, summary: str, note: str, left: str,
                                   goal_title: str) -> None:
    """Plan files may hold anything: wide characters, emoji, controls, 300-letter words."""
    start = dt.date(2026, 11, 23)
    plan = make_plan(weekly_dates(start, 3, (0, 2, 4)), weekly_dates(start, 3, (1, 5)),
                     weekly_dates(start, 3, (2,)), titles=[title], notes=[note])
    plan = dataclasses.replace(plan, summary=summary, notes=(note, "x" * 200),
                               left_out=(left,), goal_title=goal_title)
    assert_fits(preview_lines(plan))
    assert_fits(preview_lines(plan, style=ansi_style))


@given(text=odd_text, width=st.integers(10, 80))
def test_wrap_never_exceeds_the_width(text: str, width: int) -> None:
    for line in wrap(text, width, first="- ", rest="  "):
        assert display_width(line) <= width


def test_wide_characters_count_twice() -> None:
    assert display_width("abc") == 3
    assert display_width("日本") == 4
    assert display_width("e\u0301") == 1
    assert wrap("日本語 " * 30, 20)[0] == "日本語 日本語 日本語"


# ----------------------------------------------------------------------------- labels

D = dt.date(2026, 11, 23)


@pytest.mark.parametrize(
    ("session", "label"),
    [
        (run_session("a", D, 1, "run-walk"), "R 8x1/1.5"),
        (run_session("a", D, 1, "intervals"), "I 6x30s"),
        (run_session("a", D, 1, "hills"), "H 4x8s"),
        (run_session("a", D, 1, "easy"), "R 20"),
        (strength_session("a", D, 1), "S glutes"),
        (mobility_session("a", D, 1), "M"),
    ],
)
def test_short_labels(session: Session, label: str) -> None:
    assert short_label(session) == label


def _run(main: tuple[Block, ...], workout: str = "run-walk") -> Session:
    return dataclasses.replace(run_session("a", D, 1, "run-walk"), main=main,
                               workout=workout)  # type: ignore[arg-type]


def test_labels_of_the_nhs_weeks() -> None:
    def rw(*pattern: tuple[str, float], repeat: int = 1) -> tuple[Block, ...]:
        return (Block(repeat, tuple(Segment(e, round(m * 60)) for e, m in pattern)),)  # type: ignore[arg-type]

    assert short_label(_run(rw(("run", 1.5), ("walk", 2), repeat=6))) == "R 6x1.5/2"
    assert short_label(_run(rw(("run", 1.5), ("walk", 1.5), ("run", 3), ("walk", 3),
                               repeat=2))) == "R 2x1.5-3"
    assert short_label(_run(rw(("run", 3), ("walk", 1.5), ("run", 5), ("walk", 2.5),
                               ("run", 3), ("walk", 1.5), ("run", 5)))) == "R 3-5-3-5"
    assert short_label(_run(rw(("run", 8), ("walk", 5), ("run", 8)))) == "R 8-8"
    assert short_label(_run(rw(("run", 25)), "easy")) == "R 25"
    assert short_label(_run(intervals_main(8), "intervals")) == "I 8x30s"
    assert short_label(_run(hills_main(10), "hills")) == "H 10x8s"


def test_a_label_too_long_falls_back_to_running_minutes() -> None:
    many = (Block(1, tuple(Segment("run" if i % 2 == 0 else "walk", 75) for i in range(15))),)
    session = _run(many)
    assert short_label(session) == "R~10"
    mixed = (Block(3, (Segment("hill", 8), Segment("walk", 60))),
             Block(2, (Segment("hill", 12), Segment("walk", 60))))
    assert short_label(_run(mixed, "hills")) == "H~0.8"


segments = st.builds(Segment, st.sampled_from(["run", "walk", "fast", "jog", "hill"]),
                     st.integers(0, 4000))
blocks = st.lists(st.builds(Block, st.integers(0, 40), st.lists(segments, max_size=6).map(tuple)),
                  max_size=5).map(tuple)


@given(main=blocks, workout=st.sampled_from(["run-walk", "easy", "intervals", "hills"]))
def test_a_label_is_never_wider_than_a_cell(main: tuple[Block, ...], workout: str) -> None:
    label = short_label(_run(main, workout))
    assert 1 <= len(label) <= LABEL_WIDTH
    assert label[0] in "RHI"


# ----------------------------------------------------------------------------- colour


def _python(code: str, *args: str, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    full = {**os.environ, "PYTHONPATH": path, **(env or {})}
    return subprocess.run([sys.executable, *args, *(["-c", code] if code else [])],
                          capture_output=True, text=True, env=full, timeout=120, check=False)


def test_no_colour_when_piped() -> None:
    env = {"NO_COLOR": "", "TERM": "xterm-256color"}
    proc = _python("", "-m", "planforge", "show", "--goal", "glutes", "--weeks", "3",
                   "--start", START, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "\x1b" not in proc.stdout
    assert "R 8x1/1.5" in proc.stdout


TTY_CODE = textwrap.dedent("""
    import os, pty, sys
    pid, fd = pty.fork()
    if pid == 0:
        os.execvp(sys.executable, [sys.executable, "-m", "planforge", "show", "--goal",
                                   "glutes", "--weeks", "2", "--start", "2026-11-23"])
    out = b""
    while True:
        try:
            chunk = os.read(fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        out += chunk
    os.waitpid(pid, 0)
    sys.stdout.write(out.decode("utf-8", "replace"))
""")


@pytest.mark.skipif(sys.platform == "win32", reason="needs a pseudo-terminal (pty)")
@pytest.mark.parametrize(("env", "coloured"), [
    ({"NO_COLOR": "", "TERM": "xterm-256color"}, True),
    ({"NO_COLOR": "1", "TERM": "xterm-256color"}, False),
    ({"NO_COLOR": "", "TERM": "dumb"}, False),
])
def test_colour_only_on_a_terminal_that_takes_it(env: dict[str, str], coloured: bool) -> None:
    proc = _python(TTY_CODE, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "R 8x1/1.5" in ANSI.sub("", proc.stdout)
    assert ("\x1b[" in proc.stdout) is coloured


# ----------------------------------------------------------------------------- the command


def test_show_needs_a_goal() -> None:
    result = run("show")
    assert result.exit_code == 2
    assert result.stderr == ("Error: Missing option '--goal' (a goal 'planforge goals' lists), "
                             "or --template FILE. Try 'planforge show --help'.\n")


def test_show_checks_its_options_like_make() -> None:
    result = run("show", "--goal", "glutes", "--weeks", "53")
    assert result.exit_code == 2
    assert result.stderr == (
        "Error: Invalid value for '--weeks': 53 weeks is out of range; expected 1 to 52\n")


def test_show_help_does_not_import_the_engine() -> None:
    code = textwrap.dedent("""
        import sys
        from click.testing import CliRunner
        from planforge import cli
        result = CliRunner().invoke(cli.main, ["show", "--help"])
        assert result.exit_code == 0, result.output
        assert "--goal" in result.output and "--created" in result.output
        heavy = [m for m in ("icalendar", "planforge.core.engine.progression",
                             "planforge.formats.terminal", "planforge.formats.html")
                 if m in sys.modules]
        assert not heavy, heavy
        print("ok")
    """)
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "ok\n"


def test_show_ends_quietly_when_the_reader_goes_away() -> None:
    code = textwrap.dedent("""
        import subprocess, sys
        p = subprocess.Popen([sys.executable, "-m", "planforge", "show", "--goal", "glutes",
                              "--weeks", "52", "--start", "2026-11-23"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        p.stdout.read(10)
        p.stdout.close()
        err = p.stderr.read().decode()
        p.wait()
        assert "Traceback" not in err and "BrokenPipe" not in err, err
        print("ok")
    """)
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout == "ok\n"
