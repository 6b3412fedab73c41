"""Shared pieces of the fuzz tests (issue 6): the commands found by introspection, nasty
values for every kind of parameter, a pool of input files, and the checks every run must pass.

Nothing here lists planforge's commands or options by hand: :func:`commands` reads them from
``planforge.cli.main`` and :func:`value_strategy` picks values from each parameter's click
type (``click.Choice``, ``click.IntRange``, the types in ``planforge.cli.params`` by their
``name``), so a command or an option added later is fuzzed without touching these tests.
The few hand-written hints (:data:`VALID_HINTS`) only help the fuzzer reach the end of a
command more often; a command without one is still fuzzed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import tempfile
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from unittest import mock

import click
from click.testing import CliRunner, Result
from hypothesis import event, settings
from hypothesis import strategies as st
from hypothesis.control import currently_in_test_context

from planforge import cli
from planforge.goals.templates import builtin_dir, builtin_goals

START = "2026-11-23"
CREATED = "2026-11-20T08:00:00Z"
#: bytes of the file every run finds as ``existing.ics`` in its folder
EXISTING = b"BEGIN:VCALENDAR\r\nX-MINE:do not touch\r\nEND:VCALENDAR\r\n"


def fuzz_budget(examples: int) -> int:
    """``examples`` under the default profile, scaled up by the long one (tests/conftest.py)."""
    return max(1, examples * settings.default.max_examples // 100)


# ----------------------------------------------------------------------------- commands


def commands() -> dict[str, click.Command]:
    """Every command of ``planforge``, by name, as ``planforge --help`` lists them."""
    ctx = click.Context(cli.main)
    return {name: cli.main.get_command(ctx, name)  # type: ignore[misc]
            for name in cli.main.list_commands(ctx)}


def user_params(command: click.Command) -> list[click.Parameter]:
    """The parameters a user types (help and other eager, value-less options left out)."""
    return [p for p in command.params
            if not (isinstance(p, click.Option) and p.is_eager and not p.expose_value)]


def opt_name(param: click.Parameter) -> str:
    """The long spelling of an option (``--output`` rather than ``-o``)."""
    return max(param.opts, key=len)


def is_flag(param: click.Parameter) -> bool:
    return isinstance(param, click.Option) and param.is_flag


def role(param: click.Parameter) -> str:
    """What a parameter's value is: ``output`` (a path written), ``input`` (a path read) or
    the click type's name (``date``, ``zone``, ``choice``, ``integer`` ...)."""
    name = (param.name or "").lower()
    metavar = (getattr(param, "metavar", None) or "").strip("[]").upper()
    if isinstance(param.type, click.Path):
        return "output" if getattr(param.type, "writable", False) else "input"
    if metavar in ("DIR", "ROSTER"):  # a folder written or served; a roster file read
        return "folder" if metavar == "DIR" else "roster"
    if param.type is click.STRING:
        if name in ("output", "out") or metavar == "PATH":
            return "output"
        if metavar in ("FILE", "PLAN") or name.endswith(("_file", "_path", "file", "path")):
            return "input"
        return "text"
    if isinstance(param.type, click.Choice):
        return "choice"
    if isinstance(param.type, click.IntRange | click.types.IntParamType):
        return "integer"
    return param.type.name


# ----------------------------------------------------------------------------- values

NASTY: tuple[str, ...] = (
    "", " ", "-", "--", "0", "-1", "+1", "\x00", "a\x00b", "\n", "x\ny", "\r", "\r\n", "\t",
    "\x1b[2J", "\x1b]0;title\x07", "\x7f", "\x08", "\u2028", "\u2029", "\u0085", "\ufeff",
    "\u200b", "\u202e", "é", "日本語", "🏃", "\udcff", "a\udc80b", "\u0663", "²",
    "\uff12\uff10\uff12\uff16-\uff11\uff11-\uff12\uff13",  # 2026-11-23 in full-width digits
    "9" * 5000, "x" * 10_000, "%s", "{}", "{0}", "%(prog)s", "'", '"', "\\", "$(touch pwned)",
    "`id`", ";", ",", ":", "=", "NaN", "inf", "-inf", "1e308", "None", "null", "true",
    "../../../../etc/passwd", "/", "~", "*", "?",
)


def nasty_text() -> st.SearchStrategy[str]:
    control = st.characters(codec=None, categories=["Cc", "Cs", "Zl", "Zp", "Cf"])
    return st.one_of(
        st.sampled_from(NASTY),
        st.text(max_size=40),
        st.text(alphabet=control, min_size=1, max_size=8),
        st.builds(lambda a, b: a + b, st.sampled_from(NASTY), st.text(max_size=10)),
    )


ODD_DATES = (
    "0001-01-01", "0001-01-02", "9999-12-31", "9999-12-25", "9999-12-01", "9999-10-01",
    "9998-12-31", "2027-02-29", "2028-02-29", "2026-02-30", "2026-00-10", "2026-13-01",
    "0000-01-01", "2026-11-23T00:00", "20261123", "2026-W48-1", "+2026-11-23",
    " 2026-11-23 ", "2026-11-23\x00", "\u22122026-11-23", "2026-1-3", "1900-01-01",
    "1970-01-01", "2020-01-06", "2038-01-19", "2100-02-28", START,
)
ODD_DATETIMES = (
    "9999-12-31T23:59:59-05:00", "9999-12-31T23:59:59+14:00", "0001-01-01T00:00:00+05:00",
    "0001-01-01T00:00:00-12:00", "0001-01-01T00:00:00Z", "9999-12-31T23:59:59Z", CREATED,
    "2026-11-20", "2026-11-20T25:00", "2026-11-20T08:00:00+24:00", "2026-11-20 08:00",
    "2026-11-20T08:00:00.123456789Z", "1970-01-01T00:00:00Z", "2026-11-20T08:00:00+05:45",
)
ZONES = (
    "UTC", "Europe/London", "America/New_York", "Australia/Sydney", "Pacific/Kiritimati",
    "Pacific/Chatham", "Asia/Kathmandu", "Australia/Lord_Howe", "America/St_Johns",
    "Antarctica/Troll", "Africa/Casablanca", "Etc/GMT+12", "Etc/GMT-14", "EST5EDT",
    "Europe/Londn", "Mars/Olympus", "europe/london", "Europe/", "Europe", "posixrules",
    "zone.tab", "tzdata.zi", "__init__", "../../../../etc/passwd", "/etc/localtime",
    "Europe/London\x00", "Europe/London ", "a" * 5000,
)
DAY_WORDS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun", "monday", "SUNDAY", "Fri",
             "", " ", "fun", "mon wed", "mon;wed", "lundi", "\x00", "\u0663")
TIMES = ("07:00", "00:00", "23:59", "24:00", "7:00", "07:60", "sat=09:00", "SUN=06:30",
         "monday=12:00", "sat=", "=07:00", "mon=mon=07:00", "\uff10\uff17:\uff10\uff10",
         "07:00:00", "-1:00",
         "99:99", "7am", "fun=07:00", " sat = 09:00 ", "02:30", "01:30")
DURATIONS = ("0m", "30m", "1d", "7d", "8d", "10080m", "10081m", "168h", "169h", "1w", "3d",
             "12w", "13w", "84d", "85d", "0d", "99999999999999999999d", "9" * 5000 + "m",
             "-1m", "1 h", "1H", "\u0663h", "²d", "1.5h", "")
WEEKS = ("0", "1", "52", "53", "-1", "+5", "08", " 8 ", "\u0665", "1e3", "8.0", "9" * 5000,
         "99999999999999999999999999", "-99999999999999999999")


def date_strategy() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(ODD_DATES),
                     st.dates().map(dt.date.isoformat),
                     st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31)).map(dt.date.isoformat),
                     nasty_text())


#: values of each kind that are valid, though odd: they get past parsing into the commands
PLAUSIBLE: dict[str, st.SearchStrategy[str]] = {
    "goal": st.sampled_from(builtin_goals()),
    "weeks": st.integers(1, 52).map(str),
    "date": st.one_of(st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)),
                      st.dates()).map(dt.date.isoformat),
    "datetime": st.datetimes(dt.datetime(1, 1, 2), dt.datetime(9999, 12, 30),  # noqa: DTZ001
                             timezones=st.none() | st.timezones()).map(dt.datetime.isoformat),
    "days": st.lists(st.sampled_from(DAY_WORDS[:7]), min_size=1, max_size=7,
                     unique=True).map(",".join),
    "zone": st.sampled_from(ZONES[:14]),
    "time": st.sampled_from(TIMES[:7]),
    "duration": st.sampled_from(("0m", "30m", "1d", "7d", "2h", "3d", "1w", "12w")),
    "color": st.sampled_from(("teal", "orange", "rebeccapurple")),
}


#: folders (publish, serve, batch), relative to the folder each run happens in: never "/"
#: or "..", which a fuzzed publish would write into
FOLDER_NAMES: tuple[str, ...] = (
    "folder", "folder/", "site", "nodir/site", ".", "existing.ics", "link.ics", "fifo", "",
    "\x00", "x\ny", "file.ics/x", "é", "-", "--force",
)


def plausible_strategy(param: click.Parameter, files: FilePool) -> st.SearchStrategy[str]:
    """Values that are valid for the parameter's type (falling back to any value)."""
    kind = role(param)
    if kind == "folder":
        return st.sampled_from(("folder", "site", "."))
    if kind == "roster":
        return st.sampled_from((str(files.root / "roster.csv"), str(files.root / "roster.json")))
    if kind == "output":
        return st.sampled_from(("-", "out.ics", "out.json", "out.toml", "existing.ics"))
    if kind == "input":
        return st.sampled_from((str(files.plan_toml), str(files.plan_json),
                                str(files.plan_timed), str(files.template)))
    if kind == "choice":
        assert isinstance(param.type, click.Choice)
        return st.sampled_from([str(c) for c in param.type.choices])
    if kind in PLAUSIBLE:
        return PLAUSIBLE[kind]
    return value_strategy(param, files)


def value_strategy(param: click.Parameter, files: FilePool) -> st.SearchStrategy[str]:
    """Values for one parameter: valid ones, odd ones and plain garbage."""
    kind = role(param)
    typ = param.type
    if kind == "output":
        return st.sampled_from(OUTPUT_NAMES)
    if kind == "folder":
        return st.sampled_from(FOLDER_NAMES)
    if kind == "roster":
        return st.one_of(st.sampled_from((str(files.root / "roster.csv"),
                                          str(files.root / "roster.json"),
                                          str(files.root / "roster-broken.csv"),
                                          *files.inputs)), nasty_text())
    if kind == "input":
        return st.one_of(st.sampled_from(files.inputs), nasty_text())
    if kind == "choice":
        assert isinstance(typ, click.Choice)
        choices = [str(c) for c in typ.choices]
        return st.one_of(st.sampled_from(choices),
                         st.sampled_from(choices).map(str.upper), nasty_text())
    if kind == "integer":
        return st.one_of(st.integers(-(10**30), 10**30).map(str),
                         st.integers(-3, 60).map(str), st.sampled_from(WEEKS), nasty_text())
    special: dict[str, st.SearchStrategy[str]] = {
        "goal": st.one_of(st.sampled_from(builtin_goals()),
                          st.sampled_from(["GLUTES", " thighs ", "mine", "broken", "glute"])),
        "weeks": st.one_of(st.sampled_from(WEEKS), st.integers(-60, 60).map(str)),
        "date": date_strategy(),
        "datetime": st.one_of(
            st.sampled_from(ODD_DATETIMES),
            st.datetimes(timezones=st.none() | st.timezones()).map(dt.datetime.isoformat)),
        "days": st.one_of(
            st.lists(st.sampled_from(DAY_WORDS), max_size=9).map(",".join),
            st.lists(st.sampled_from(DAY_WORDS[:7]), min_size=1, max_size=7,
                     unique=True).map(",".join)),
        "zone": st.sampled_from(ZONES),
        "time": st.sampled_from(TIMES),
        "duration": st.sampled_from(DURATIONS),
        "color": st.sampled_from(("teal", "TEAL", "rebeccapurple", "nocolour", "#fff", "a" * 21,
                                  "ab", "te al", "tea\x00l")),
    }
    found = special.get(kind)
    if found is None:  # a type added later: garbage only, plus its default
        if param.default is not None and not callable(param.default):
            return st.one_of(st.just(str(param.default)), nasty_text())
        return nasty_text()
    return st.one_of(found, found, nasty_text())


# ----------------------------------------------------------------------------- files

#: names for output paths, relative to the folder each run happens in (never outside it)
OUTPUT_NAMES: tuple[str, ...] = (
    "-", "out.ics", "out.json", "out.toml", "out.html", "out.csv", "out.md", "out.txt",
    "OUT.JSON", "existing.ics", "link.ics", "dangling.ics", "fifo", "nodir/out.ics",
    "folder", "folder/", ".", "..", "", "a" * 245 + ".ics", "b" * 255, "c" * 300,
    "x\ny.ics", "\x00.ics", "é.ics", "\udcff.ics", "\x1b[2J.ics", " .ics", "-.ics",
    "--force", "file.ics/x.ics",
)


#: rosters for batch: good, broken in places, and as JSON
ROSTERS = {
    "roster.csv": "name,start,days,time,zone\nAda,,,,\nBo,2026-11-30,\"mon,wed,fri,sat\","
                  "07:00,Europe/London\n",
    "roster-broken.csv": "name,start,days\nAda,2026-13-01,\nBo,,fun\nCy,,\n",
    "roster.json": '[{"name": "Ada"}, {"name": "Bo", "start": "2026-11-30", "level": "runner"}]',
}


class FilePool:
    """Input files made once per session (absolute paths); see :func:`make_pool`."""

    def __init__(self, root: Path, plan_toml: Path, plan_json: Path, plan_timed: Path,
                 template: Path, user_dirs: dict[str, Path], inputs: tuple[str, ...]) -> None:
        self.root, self.plan_toml, self.plan_json = root, plan_toml, plan_json
        self.plan_timed, self.template = plan_timed, template
        self.user_dirs, self.inputs = user_dirs, inputs

    def __repr__(self) -> str:
        return f"FilePool({str(self.root)!r})"


def _run_ok(*args: str) -> None:
    result = CliRunner().invoke(cli.main, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output


def make_pool(root: Path) -> FilePool:
    """Valid plan files and a template, and broken, odd and missing ones beside them."""
    root.mkdir(parents=True, exist_ok=True)
    base = ("make", "--start", START, "--created", CREATED, "--weeks", "3")
    plan_toml, plan_json, plan_timed = root / "plan.toml", root / "plan.json", root / "timed.toml"
    _run_ok(*base, "--goal", "glutes", "-o", str(plan_toml))
    _run_ok(*base, "--goal", "general", "-o", str(plan_json))
    _run_ok(*base, "--goal", "thighs", "--time", "07:00", "--time", "sat=09:00",
            "--tz", "Europe/London", "-o", str(plan_timed))
    template = root / "mine.toml"
    text = (builtin_dir() / "glutes.toml").read_text(encoding="utf-8")
    template.write_text(text.replace('name = "glutes"', 'name = "mine"', 1), encoding="utf-8")

    toml_bytes = plan_toml.read_bytes()
    json_bytes = plan_json.read_bytes()
    odd = {
        "empty.toml": b"",
        "empty.json": b"",
        "bytes.toml": bytes(range(256)) * 4,
        "latin1.json": '{"format": "é"}'.encode("latin-1"),
        "half.toml": toml_bytes[: len(toml_bytes) // 2],
        "half.json": json_bytes[: len(json_bytes) // 2],
        "bom.json": b"\xef\xbb\xbf" + json_bytes,
        "plan.txt": toml_bytes,
        "list.json": b"[1, 2, 3]",
        "deep.json": b"[" * 100_000 + b"]" * 100_000,
        "deep.toml": b"a = " + b"[" * 100_000 + b"]" * 100_000,
        "huge-int.json": json_bytes.replace(b'"weeks": 3', b'"weeks": 1' + b"0" * 400, 1),
        "huge-float.json": json_bytes.replace(b'"weeks": 3', b'"weeks": 1e400', 1),
        "nan.json": json_bytes.replace(b'"weeks": 3', b'"weeks": NaN', 1),
        "far.toml": toml_bytes.replace(b'start = "2026-11-23"', b'start = "9999-12-25"', 1),
        "early.toml": toml_bytes.replace(b'created = "2026-11-20T08:00:00Z"',
                                         b'created = "0001-01-01T00:00:00+05:00"', 1),
        "template-bytes.toml": os.urandom(2000),
        "nul.toml": b"name = \"a\x00b\"\n",
    }
    for name, data in odd.items():
        (root / name).write_bytes(data)
    (root / "big.json").write_bytes(b" " * 5_000_001)
    (root / "a-folder").mkdir(exist_ok=True)

    user_dirs = {}
    for name, files in {
        "none": {},
        "mine": {"mine.toml": template.read_bytes()},
        "broken": {"broken.toml": b"name = [", "glutes.toml": b"", "Bad Name.toml": b"x"},
    }.items():
        folder = root / f"user-{name}"
        folder.mkdir(exist_ok=True)
        for filename, data in files.items():
            (folder / filename).write_bytes(data)
        user_dirs[name] = folder
    user_dirs["missing"] = root / "no-such-folder"
    user_dirs["a-file"] = plan_toml

    # feed tokens drawn once, so publish never writes these plan files back afterwards
    for plan in (plan_toml, plan_json, plan_timed):
        _run_ok("publish", str(plan), str(root / f"site-{plan.stem}"))
    (root / "site").mkdir(exist_ok=True)
    for name, data in ROSTERS.items():
        (root / name).write_text(data, encoding="utf-8")

    inputs = (str(plan_toml), str(plan_json), str(plan_timed), str(template),
              *(str(root / name) for name in (*odd, "big.json", "a-folder")),
              str(root / "missing.toml"), "-", "", "existing.ics")
    return FilePool(root, plan_toml, plan_json, plan_timed, template, user_dirs, inputs)


# ----------------------------------------------------------------------------- running


@contextlib.contextmanager
def run_folder() -> Iterator[Path]:
    """A fresh folder, made current, holding the files output names refer to."""
    with tempfile.TemporaryDirectory(prefix="planforge-fuzz-") as name:
        folder = Path(name)
        (folder / "existing.ics").write_bytes(EXISTING)
        (folder / "folder").mkdir()
        (folder / "link.ics").symlink_to("existing.ics")
        (folder / "dangling.ics").symlink_to("nowhere.ics")
        (folder / "file.ics").write_bytes(b"x")
        os.mkfifo(folder / "fifo")
        with contextlib.chdir(folder):
            yield folder


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every name under ``folder`` with its bytes (a link: where it points)."""
    out: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            out[rel] = "-> " + str(path.readlink())
        elif path.is_file():
            out[rel] = path.read_bytes()
        elif path.is_dir():
            out[rel] = "<dir>"
        else:
            out[rel] = "<special>"
    return out


def invoke(args: Sequence[str], env: Mapping[str, str | None] | None = None) -> Result:
    """Run planforge in-process; an exception escapes and fails the test. ``serve`` binds
    its address and stops at once instead of serving until Ctrl-C."""
    with mock.patch("planforge.publish.server.serve_until_stopped", _stop_at_once):
        return CliRunner().invoke(cli.main, list(args), env=env, catch_exceptions=False)


def _stop_at_once(server: object, *, stop_after: float | None = None) -> None:
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def bad_chars(line: str) -> list[str]:
    """Characters that have no place in a line on a terminal."""
    return [c for c in line if _CONTROL.match(c) or unicodedata.category(c) == "Cs"]


def assert_clean_outcome(result: Result, args: Sequence[str]) -> None:
    """Exit 0, 1 or 2; no traceback; an error is one clean ``Error:`` line, the last one."""
    shown = f"planforge {' '.join(map(repr, args))}\nstdout: {result.stdout[-2000:]!r}\n" \
            f"stderr: {result.stderr[-2000:]!r}"
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"exception {result.exception!r}\n{shown}")
    assert result.exit_code in (0, 1, 2), shown
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout, shown
    lines = result.stderr.splitlines()
    errors = [i for i, line in enumerate(lines) if line.startswith("Error:")]
    if result.exit_code == 0:
        assert not errors, shown
        return
    assert lines, f"exit {result.exit_code} with nothing on standard error\n{shown}"
    if errors:
        assert errors == [len(lines) - 1], f"the error is not one last line\n{shown}"
        assert result.stderr.endswith("\n") and "\r" not in result.stderr, shown
        assert not bad_chars(lines[-1]), f"control characters in the error\n{shown}"
        assert len(lines[-1]) > len("Error: "), shown
        for line in lines[:-1]:
            assert line.startswith(("note: ", "warning: ")), f"stray line {line!r}\n{shown}"
    else:
        # a verdict, not a failure (planforge check: 1 when a rule is broken)
        assert result.exit_code == 1, shown
        assert not bad_chars(lines[-1]), shown


# ----------------------------------------------------------------------------- whole runs

#: valid values by role, for the parameters a command needs to run at all
VALID = {"goal": "glutes", "weeks": "2", "date": START, "datetime": CREATED,
         "days": "mon,wed,fri,sat", "zone": "Europe/London", "time": "07:00",
         "duration": "1d", "color": "teal", "integer": "1", "output": "-", "minutes": "12"}
#: what click cannot say about a command: a choice it needs ("one of --by or --repeat-week",
#: "--goal or a plan file"); a command without an entry is still fuzzed
VALID_HINTS: dict[str, tuple[str, ...]] = {
    "make": ("--goal", "glutes", "--start", START, "--weeks", "2"),
    "show": ("--goal", "glutes", "--start", START, "--weeks", "2"),
    "shift": ("--by", "1w"),
    # a day of the plan's done as planned (activity files have tests of their own)
    "done": ("--on", START),
    # one file, so -o names a file as for the other commands (fit writes a folder; its own
    # safety tests are in tests/test_workouts_cli.py)
    "workouts": ("--format", "icu"),
    "serve": ("--port", "0", "--stop-after", "0s"),
}
#: the folder each command that names one is given (under the pool's root)
VALID_FOLDERS = {"publish": "site", "serve": "site", "batch": "club"}


def valid_argv(name: str, pool: FilePool) -> list[str]:
    """A command line that runs ``name`` to the end: its required parameters, given valid
    values by their role, plus :data:`VALID_HINTS`."""
    command = commands()[name]
    argv: list[str] = []
    for param in user_params(command):
        # check's PLAN is optional only for --explain RULE
        if not param.required and (name, param.name) != ("check", "plan_path"):
            continue
        kind = role(param)
        value = str(pool.plan_toml) if kind == "input" else VALID.get(kind)
        if kind == "folder":
            value = str(pool.root / VALID_FOLDERS.get(name, "site"))
        elif kind == "roster":
            value = str(pool.root / "roster.csv")
        if value is None and isinstance(param.type, click.Choice):
            value = str(param.type.choices[0])
        assert value is not None, f"no valid value for {name} {param.name} ({kind})"
        argv += [value] if isinstance(param, click.Argument) else [opt_name(param), value]
    argv += VALID_HINTS.get(name, ())
    if any(role(p) == "output" for p in user_params(command)):
        argv += ["-o", "-"]
    return argv


_TEMP = re.compile(r"(^|/)\..*\.tmp$")


def check_run(args: Sequence[str], env: dict[str, str | None]) -> None:
    """One run in a fresh folder: a clean outcome and a folder left as it must be."""
    with run_folder() as folder:
        before = snapshot(folder)
        result = invoke(args, env=env)
        if currently_in_test_context():
            event(f"exit {result.exit_code}")
        assert_clean_outcome(result, args)
        after = snapshot(folder)
        leftovers = [name for name in after if _TEMP.search(name)]
        assert not leftovers, f"temporary files left: {leftovers} by {args!r}"
        if result.exit_code != 0 and not (result.exit_code == 1 and "Error:" not in
                                          result.stderr):
            assert after == before, f"a failed run changed the folder: {args!r}\n" \
                                    f"{sorted(set(after) ^ set(before))}"
        if after.get("existing.ics") != EXISTING:
            assert result.exit_code == 0 and ("--force" in args or "-f" in args), args


