"""Regenerate the golden files in tests/golden/ from the current code.

    python tests/regen_golden.py          # rewrite every golden file
    python tests/regen_golden.py --check  # exit 1 if any golden file differs (what the test does)

Each golden file is what ``planforge make`` writes for one fixed set of options (``CASES``),
with a fixed --start and --created, so it changes only when the engine, the templates, the
.ics writer, the JSON format or the package version (it is in PRODID) change. After
regenerating, read the diff (``git diff tests/golden``) and check it by eye: dates, number of
weeks, UIDs, the summary. A golden file copied blindly from the output is a defect, not a test.
"""

from __future__ import annotations

import sys
from pathlib import Path

GOLDEN = Path(__file__).resolve().parent / "golden"
CREATED = "2026-11-20T08:00:00Z"

#: golden file name -> the options after ``planforge make``
CASES: dict[str, list[str]] = {
    "glutes-beginner-8w-allday.ics": [
        "--goal", "glutes", "--level", "beginner", "--weeks", "8", "--start", "2026-11-23",
    ],
    "glutes-beginner-8w-allday.json": [
        "--goal", "glutes", "--level", "beginner", "--weeks", "8", "--start", "2026-11-23",
    ],
    # 12 weeks across the clocks going forward in Europe/London (2027-03-28)
    "thighs-returning-12w-europe-london-0700.ics": [
        "--goal", "thighs", "--level", "returning", "--weeks", "12", "--start", "2027-03-01",
        "--days", "mon,tue,thu,sat,sun", "--time", "07:00", "--time", "sat=09:00",
        "--tz", "Europe/London",
    ],
    "thighs-returning-12w-europe-london-0700.json": [
        "--goal", "thighs", "--level", "returning", "--weeks", "12", "--start", "2027-03-01",
        "--days", "mon,tue,thu,sat,sun", "--time", "07:00", "--time", "sat=09:00",
        "--tz", "Europe/London",
    ],
    # a 4-week runner plan with reminders, in a zone whose clocks go back (2026-11-01)
    "general-runner-4w-america-new-york-1830-remind.ics": [
        "--goal", "general", "--level", "runner", "--weeks", "4", "--start", "2026-10-19",
        "--time", "18:30", "--tz", "America/New_York", "--remind", "30m",
    ],
}

#: FIT workout files (issues 14, 24), one session each of a hand-built plan
#: (tests/fit_reading.py's golden_plan: the run cycle run/walk, intervals, easy, hills, then
#: a strength day and a mobility day), so they change only when the FIT writer or Garmin's
#: SDK (pinned in .ci/run) changes, never with the engine
FIT_CASES: dict[str, str] = {
    "fit-run-walk.fit": "run-walk",
    "fit-hills.fit": "hills",
    "fit-intervals.fit": "intervals",
    "fit-strength.fit": "strength",
    "fit-mobility.fit": "mobility",
}


def render_fit(name: str) -> bytes:
    """The FIT workout file of the hand-built plan's session FIT_CASES[name] names."""
    from fit_reading import golden_plan
    from planforge.formats.fit import encode_workout

    plan = golden_plan()
    session = next(s for s in plan.sessions if s.workout == FIT_CASES[name])
    return encode_workout(session, plan=plan)


def render(options: list[str], name: str) -> bytes:
    """The bytes ``planforge make OPTIONS --created CREATED -o -`` writes for this case."""
    from click.testing import CliRunner

    from planforge import cli

    fmt = "json" if name.endswith(".json") else "ics"
    args = ["make", *options, "--created", CREATED, "--format", fmt, "-o", "-"]
    result = CliRunner().invoke(cli.main, args, env={"SOURCE_DATE_EPOCH": None},
                                catch_exceptions=False)
    if result.exit_code != 0:
        raise RuntimeError(f"planforge {' '.join(args)} failed: {result.stderr}")
    return result.stdout_bytes


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(GOLDEN.parent.parent / "src"))
    check = "--check" in argv
    GOLDEN.mkdir(exist_ok=True)
    differ = []
    try:
        import garmin_fit_sdk  # noqa: F401
        fit_cases = list(FIT_CASES)
    except ImportError:
        print("FIT golden files left as they are: pip install '.[fit]' to regenerate them")
        fit_cases = []
    for name, options in [*CASES.items(), *((n, None) for n in fit_cases)]:
        data = render(options, name) if options is not None else render_fit(name)
        path = GOLDEN / name
        if check:
            if not path.exists() or path.read_bytes() != data:
                differ.append(name)
        elif not path.exists() or path.read_bytes() != data:
            path.write_bytes(data)
            print(f"wrote {path.relative_to(GOLDEN.parent.parent)}")
    for name in differ:
        print(f"differs: tests/golden/{name}")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
