"""Goal templates: one TOML file per goal, validated when loaded.

A template is data, not code: the goal's weekly emphasis, its strength exercises with their
progressions, and its notes, each naming the article it comes from. Errors name the file and
the field (``glutes.toml: exercises[2].variations[0].reps: ...``).

Where the files are and which goals there are: :mod:`planforge.goals.catalog`.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from hashlib import sha256
from pathlib import Path
from typing import Any, NoReturn

from ..errors import TemplateError, UnknownGoalError
from . import catalog
from .bounds import toml_problem, unsafe_character
from .catalog import builtin_goals as builtin_goals  # re-exported
from .equipment import EQUIPMENT, suggest
from .fitnames import FitProfile, load_profile

MUSCLES: frozenset[str] = frozenset(
    {"glutes", "hamstrings", "quads", "adductors", "abductors", "calves", "core", "upper"}
)
HARD_KINDS: frozenset[str] = frozenset({"hills", "intervals"})
#: what an exercise trains as a movement: every week with strength holds a hinge, a pull and
#: a push (R37)
PATTERNS: tuple[str, ...] = ("hinge", "squat", "lunge", "bridge", "knee-flexion",
                             "hip-abduction", "push", "pull", "core")
#: the loads a variation may use, lightest first (R23: bodyweight -> band -> dumbbell)
LOADS: tuple[str, ...] = ("bodyweight", "band", "dumbbell")
#: the equipment a load needs
LOAD_EQUIPMENT: dict[str, str] = {"band": "band", "dumbbell": "dumbbells"}
MAX_TEMPLATE_BYTES = 256 * 1024


# Each class has a docstring: without one, @dataclass works one out with inspect.signature,
# a quarter of the cost of creating the class (and these are created on every start of make).


@dataclass(frozen=True, slots=True)
class Variation:
    """One step of an exercise's progression: a named variation and its rep range."""

    name: str
    reps: tuple[int, int]  # rep range; the next variation comes only at the top (R15)
    load: str  # "bodyweight" for the first variation of every exercise (R11)
    cue: str
    equipment: tuple[str, ...] = ()  # what it needs, names of goals.equipment.EQUIPMENT
    variation: str = ""  # the movement, the same across loads ("Reverse lunge"); "" = name
    #: equivalent exercises with other equipment, for a user without this one's (R25)
    alternatives: tuple[Variation, ...] = ()
    #: Garmin's FIT name for it: "category.name" (``squat.goblet_squat``), a category alone
    #: when the FIT profile has no name for it, "" when the template gives none
    #: (:mod:`.fitnames`; a watch workout then guesses a category from the exercise's id)
    fit: str = ""

    @property
    def movement(self) -> str:
        return self.variation or self.name


@dataclass(frozen=True, slots=True)
class MobilityItem:
    """One item of a mobility session, the equipment it needs and what to do without it."""

    text: str
    equipment: tuple[str, ...] = ()
    instead: str = ""  # done when the equipment is missing; "" = leave the item out


@dataclass(frozen=True, slots=True)
class ExerciseSpec:
    """A strength exercise of the goal: its muscles, sets and variations, easiest first."""

    id: str
    muscles: tuple[str, ...]
    per_side: bool
    start_sets: int
    max_sets: int
    variations: tuple[Variation, ...]
    source: str
    unit: str = "reps"  # "reps", or "seconds" for holds such as a plank
    pattern: str = ""  # one of PATTERNS ("" in a template of the user's that names none)


@dataclass(frozen=True, slots=True)
class Note:
    """A note of the goal and the article it comes from."""

    text: str
    source: str


@dataclass(frozen=True, slots=True)
class Template:
    """A goal template, loaded and validated (see the module's docstring)."""

    name: str
    title: str
    description: str
    article: str
    target_runs: int  # runs a week once continuous; 4-5 is "30 min on most days" (R5)
    hard: tuple[str, ...]  # kinds of hard work wanted each week, in order of priority; the
    #: first is the goal's signature work (R35)
    strength_days: int
    mobility_per_week: int
    mobility_minutes: int
    mobility_title: str
    mobility_items: tuple[str, ...]  # the items' texts (with all their equipment)
    exercises: tuple[ExerciseSpec, ...]
    notes: tuple[Note, ...]
    path: str
    digest: str  # sha256 of the file's bytes: part of every plan id built from it
    mobility: tuple[MobilityItem, ...] = ()  # the items with their equipment (R25)
    #: easy runs a week the goal asks once running is continuous (the goal table, R35)
    easy_runs: tuple[int, int] = (1, 5)


def builtin_dir() -> Path:
    """The folder of the built-in templates, for a wheel install and for a source tree alike."""
    return Path(catalog.builtin_dir())


def load_goal(goal: str) -> Template:
    """The built-in template for ``goal``; :class:`UnknownGoalError` lists the known ones."""
    known = builtin_goals()
    if goal not in known:
        raise UnknownGoalError(goal, known)
    return load_template(builtin_dir() / f"{goal}.toml")


def load_template(path: str | Path, *, named_by_file: bool = True) -> Template:
    """Read and validate one template file (each call reads and parses it: nothing is kept;
    a program that builds many plans from one template loads it once and passes the
    :class:`Template` to ``build_plan``).

    ``named_by_file``: its ``name`` must be the file's name (a built-in goal, a template in
    the user's folder: the file name is how it is found). A file given by its path
    (``make --template FILE``) may have any name: ``goals --show glutes > my.toml`` works;
    its ``name`` must still be one a goal can have (it names the plan and its files)."""
    path = Path(path)
    too_big = f"file is larger than {MAX_TEMPLATE_BYTES} bytes"
    try:
        if path.stat().st_size > MAX_TEMPLATE_BYTES:
            raise TemplateError(str(path), None, too_big)
        with path.open("rb") as handle:  # at most the limit, whatever stat said (/dev/zero)
            raw = handle.read(MAX_TEMPLATE_BYTES + 1)
    except OSError as exc:
        raise TemplateError(str(path), None, f"cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:  # a name no file can have: "embedded null byte"
        raise TemplateError(str(path), None, f"cannot read: {exc}") from None
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise TemplateError(str(path), None, too_big)
    return _parse(str(path), raw, named_by_file=named_by_file)


def _parse(path: str, raw: bytes, *, named_by_file: bool = True) -> Template:
    name = Path(path).name
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise TemplateError(name, None, "not UTF-8 text") from None
    problem = toml_problem(text)  # before tomllib sees it: some texts cost it minutes
    if problem:
        raise TemplateError(name, None, problem)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(name, None, f"not valid TOML: {exc}") from None
    except RecursionError:  # arrays or tables nested thousands deep
        raise TemplateError(name, None, "nested too deeply to be a goal template") from None
    except ValueError as exc:  # tomllib reads no integer of over 4300 digits
        raise TemplateError(name, None, f"not valid TOML: {number_problem(exc)}") from None
    r = _Reader(name)
    r.keys(data, "", {"name", "title", "description", "article", "running", "strength",
                      "mobility", "exercises", "notes"})
    running = r.table(data, "running")
    r.keys(running, "running", {"target_runs", "easy_runs", "hard", "source"})
    strength = r.table(data, "strength")
    r.keys(strength, "strength", {"days", "source"})
    mobility = r.table(data, "mobility")
    r.keys(mobility, "mobility", {"per_week", "minutes", "title", "items", "source"})

    hard = tuple(r.str_list(running, "running", "hard", allow_empty=True))
    for i, kind in enumerate(hard):
        if kind not in HARD_KINDS:
            r.fail(f"running.hard[{i}]", f"{kind!r} is not one of {', '.join(sorted(HARD_KINDS))}")
    if len(hard) > 2:
        r.fail("running.hard", "at most 2 kinds of hard work a week (R7)")

    mobility_items = r.mobility_items(mobility)
    exercises_raw = data.get("exercises")
    if not isinstance(exercises_raw, list) or not exercises_raw:
        r.fail("exercises", "must be a non-empty array of tables ([[exercises]])")
    exercises = tuple(r.exercise(e, f"exercises[{i}]") for i, e in enumerate(exercises_raw))
    ids = [e.id for e in exercises]
    if len(set(ids)) != len(ids):
        r.fail("exercises", "exercise ids must be unique")

    notes_raw = data.get("notes")
    if not isinstance(notes_raw, list) or not notes_raw:
        r.fail("notes", "must be a non-empty array of tables ([[notes]])")
    notes = []
    for i, note in enumerate(notes_raw):
        where = f"notes[{i}]"
        if not isinstance(note, dict):
            r.fail(where, "must be a table with text and source")
        r.keys(note, where, {"text", "source"})
        notes.append(Note(text=r.text(note, where, "text", multiline=True),
                          source=r.text(note, where, "source")))

    target_runs = r.integer(running, "running", "target_runs", 3, 5)
    easy_runs = (r.pair(running, "running", "easy_runs", 1, 5) if "easy_runs" in running
                 else (1, target_runs))
    if easy_runs[1] > target_runs:
        r.fail("running.easy_runs", f"{list(easy_runs)}: at most target_runs ({target_runs}) "
                                    "easy runs a week")
    template = Template(
        name=r.text(data, "", "name"),
        title=r.text(data, "", "title"),
        description=r.text(data, "", "description", max_len=100),
        article=r.text(data, "", "article"),
        target_runs=target_runs,
        easy_runs=easy_runs,
        hard=hard,
        strength_days=r.integer(strength, "strength", "days", 2, 3),
        mobility_per_week=r.integer(mobility, "mobility", "per_week", 0, 3),
        mobility_minutes=r.integer(mobility, "mobility", "minutes", 5, 20),
        mobility_title=r.text(mobility, "mobility", "title"),
        mobility_items=tuple(item.text for item in mobility_items),
        mobility=mobility_items,
        exercises=exercises,
        notes=tuple(notes),
        path=path,
        digest=sha256(raw).hexdigest(),
    )
    r.text(running, "running", "source")
    r.text(strength, "strength", "source")
    r.text(mobility, "mobility", "source")
    if named_by_file and template.name != Path(path).stem:
        r.fail("name", f"{template.name!r} must match the file name {Path(path).stem!r}")
    if not re.fullmatch(catalog.GOAL_NAME, template.name):
        r.fail("name", f"{template.name[:60]!r} cannot name a goal: use 1 to 40 lower-case "
                       "letters, digits and '-', starting with a letter or digit")
    return template


#: Unicode category Cc (a fixed set: C0, DEL, C1) but the newline
_CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def number_problem(exc: ValueError) -> str:
    """What a parser's ValueError means, for a person (not ``sys.set_int_max_str_digits``)."""
    if "integer string conversion" in str(exc):
        return "a number has more digits than any value can use (over 4300)"
    return str(exc)


class _Reader:
    """Typed field access that fails with the file and the field's path."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._fit: FitProfile | None = None  # read at the first ``fit`` field, once a file

    def fail(self, field: str, problem: str) -> NoReturn:
        raise TemplateError(self.name, field or None, problem)

    @staticmethod
    def _join(where: str, key: str) -> str:
        return f"{where}.{key}" if where else key

    def keys(self, table: Mapping[str, Any], where: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                self.fail(self._join(where, key),
                          f"unknown field; expected one of: {', '.join(sorted(allowed))}")

    def table(self, data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
        value = data.get(key)
        if not isinstance(value, dict):
            self.fail(key, "missing table" if value is None else "must be a table")
        return value

    def _check_chars(self, field: str, value: str, multiline: bool) -> None:
        # Category Cc covers C0, DEL and C1: none belongs in a calendar event or a terminal line.
        if "\n" in value.strip() and not multiline:
            self.fail(field, "must be a single line")
        if _CONTROL.search(value):
            self.fail(field, "contains a control character")
        override = unsafe_character(value)
        if override:
            self.fail(field, f"contains the direction override {override} (it shows the text "
                             "in another order than it reads)")

    def text(self, table: Mapping[str, Any], where: str, key: str, max_len: int = 2000,
             multiline: bool = False) -> str:
        field = self._join(where, key)
        value = table.get(key)
        if value is None:
            self.fail(field, "missing")
        if not isinstance(value, str) or not value.strip():
            self.fail(field, "must be a non-empty string")
        if len(value) > max_len:
            self.fail(field, f"longer than {max_len} characters")
        self._check_chars(field, value, multiline)
        return value.strip()

    def integer(self, table: Mapping[str, Any], where: str, key: str, low: int, high: int) -> int:
        field = self._join(where, key)
        value = table.get(key)
        if value is None:
            self.fail(field, "missing")
        if not isinstance(value, int) or isinstance(value, bool):
            self.fail(field, f"must be a whole number from {low} to {high}")
        if not low <= value <= high:
            self.fail(field, f"{value} is out of range; must be from {low} to {high}")
        return value

    def boolean(self, table: Mapping[str, Any], where: str, key: str) -> bool:
        value = table.get(key)
        if not isinstance(value, bool):
            self.fail(self._join(where, key), "must be true or false")
        return value

    def str_list(self, table: Mapping[str, Any], where: str, key: str,
                 allow_empty: bool = False) -> list[str]:
        field = self._join(where, key)
        value = table.get(key)
        if not isinstance(value, list) or (not value and not allow_empty):
            self.fail(field, "must be a non-empty array of strings"
                      if not allow_empty else "must be an array of strings")
        items = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or not item.strip():
                self.fail(f"{field}[{i}]", "must be a non-empty string")
            self._check_chars(f"{field}[{i}]", item, multiline=False)
            if item.strip() in items:
                self.fail(f"{field}[{i}]", f"{item.strip()!r} is repeated")
            items.append(item.strip())
        return items

    def pair(self, table: Mapping[str, Any], where: str, key: str, low: int,
             high: int) -> tuple[int, int]:
        field = self._join(where, key)
        value = table.get(key)
        if (not isinstance(value, list) or len(value) != 2
                or not all(isinstance(v, int) and not isinstance(v, bool) for v in value)):
            self.fail(field, f"must be [low, high], whole numbers from {low} to {high}")
        lo, hi = value
        if not low <= lo <= hi <= high:
            self.fail(field, f"[{lo}, {hi}] is not a range within {low} to {high}")
        return lo, hi

    def equipment(self, table: Mapping[str, Any], where: str) -> tuple[str, ...]:
        """The optional ``equipment`` list: names of :data:`EQUIPMENT`, each once."""
        if "equipment" not in table:
            return ()
        field = self._join(where, "equipment")
        value = table["equipment"]
        if not isinstance(value, list):
            self.fail(field, "must be an array of equipment names (empty for none)")
        names = []
        for i, item in enumerate(value):
            if not isinstance(item, str) or item not in EQUIPMENT:
                close = suggest(item) if isinstance(item, str) else None
                hint = f" (did you mean {close!r}?)" if close in EQUIPMENT else ""
                self.fail(f"{field}[{i}]", f"{item!r} is not equipment{hint}; use any of: "
                          + ", ".join(EQUIPMENT))
            if item in names:
                self.fail(f"{field}[{i}]", f"{item!r} is repeated")
            names.append(item)
        return tuple(name for name in EQUIPMENT if name in names)

    def variation(self, v: Any, where: str, parent: Variation | None = None) -> Variation:
        """A variation, or (``parent`` given) one of its alternatives, which inherits the
        parent's reps and load unless it names its own."""
        if not isinstance(v, dict):
            self.fail(where, "must be a table with name, reps, load and cue")
        allowed = {"name", "reps", "load", "cue", "equipment", "variation", "fit"}
        self.keys(v, where, allowed | ({"alternatives"} if parent is None else set()))
        load = (self.text(v, where, "load", max_len=40)
                if parent is None or "load" in v else parent.load)
        if load not in LOADS:
            self.fail(f"{where}.load", f"{load!r} is not one of: {', '.join(LOADS)}")
        equipment = self.equipment(v, where)
        if "equipment" not in v and load in LOAD_EQUIPMENT:  # a load names what it needs
            equipment = (LOAD_EQUIPMENT[load],)
        for other, piece in LOAD_EQUIPMENT.items():
            if (piece in equipment) != (load == other):
                self.fail(f"{where}.equipment", f"load {load!r} "
                          + (f"needs {piece!r} in equipment" if load == other
                             else f"does not use {piece!r}; make the load {other!r}"))
        reps = (self.pair(v, where, "reps", 1, 60)
                if parent is None or "reps" in v else parent.reps)
        alternatives = v.get("alternatives", [])
        if not isinstance(alternatives, list):
            self.fail(f"{where}.alternatives", "must be an array of tables")
        same = parent is not None and "name" not in v  # the parent, done without its kit
        made = Variation(
            name=parent.name if same and parent else self.text(v, where, "name", max_len=80),
            reps=reps, load=load,
            cue=(parent.cue if parent is not None and "cue" not in v
                 else self.text(v, where, "cue", max_len=200)),
            equipment=equipment,
            variation=(self.text(v, where, "variation", max_len=80) if "variation" in v
                       else parent.variation if same and parent else ""),
            fit=self.fit(v, where, parent, same=same),
        )
        alts = tuple(self.variation(a, f"{where}.alternatives[{i}]", made)
                     for i, a in enumerate(alternatives))
        return Variation(made.name, made.reps, made.load, made.cue, made.equipment,
                         made.variation, alts, made.fit)

    def fit(self, v: Mapping[str, Any], where: str, parent: Variation | None, *,
            same: bool) -> str:
        """The variation's ``fit`` (checked against Garmin's FIT profile, :mod:`.fitnames`).
        An alternative without one is its parent's exercise when it keeps the parent's name,
        else only of the parent's category: never a name that may not be the exercise."""
        if "fit" not in v:
            if parent is None:
                return ""
            return parent.fit if same else parent.fit.partition(".")[0]
        value = self.text(v, where, "fit", max_len=120)
        if self._fit is None:
            self._fit = load_profile()
        problem = self._fit.problem(value)
        if problem is not None:
            self.fail(f"{where}.fit", problem)
        return value

    def mobility_items(self, mobility: Mapping[str, Any]) -> tuple[MobilityItem, ...]:
        """``items``: strings, or tables with text, equipment and what to do ``instead``."""
        raw = mobility.get("items")
        if not isinstance(raw, list) or not raw:
            self.fail("mobility.items", "must be a non-empty array of strings or tables")
        items = []
        for i, item in enumerate(raw):
            where = f"mobility.items[{i}]"
            if isinstance(item, dict):
                self.keys(item, where, {"text", "equipment", "instead"})
                items.append(MobilityItem(
                    text=self.text(item, where, "text"), equipment=self.equipment(item, where),
                    instead=self.text(item, where, "instead") if "instead" in item else ""))
            elif isinstance(item, str) and item.strip():
                self._check_chars(where, item, multiline=False)
                items.append(MobilityItem(item.strip()))
            else:
                self.fail(where, "must be a non-empty string or a table with text")
        texts = [item.text for item in items]
        for i, text in enumerate(texts):
            if text in texts[:i]:
                self.fail(f"mobility.items[{i}]", f"{text!r} is repeated")
        return tuple(items)

    def exercise(self, data: Any, where: str) -> ExerciseSpec:
        if not isinstance(data, dict):
            self.fail(where, "must be a table")
        self.keys(data, where,
                  {"id", "muscles", "per_side", "sets", "variations", "source", "unit",
                   "pattern"})
        pattern = data.get("pattern", "")
        if pattern and pattern not in PATTERNS:
            self.fail(f"{where}.pattern", f"{pattern!r} is not one of: {', '.join(PATTERNS)}")
        unit = data.get("unit", "reps")
        if unit not in ("reps", "seconds"):
            self.fail(f"{where}.unit", f"{unit!r} is not one of: reps, seconds")
        muscles = tuple(self.str_list(data, where, "muscles"))
        for i, muscle in enumerate(muscles):
            if muscle not in MUSCLES:
                self.fail(f"{where}.muscles[{i}]",
                          f"{muscle!r} is not one of {', '.join(sorted(MUSCLES))}")
        start_sets, max_sets = self.pair(data, where, "sets", 1, 3)
        raw_variations = data.get("variations")
        if not isinstance(raw_variations, list) or not raw_variations:
            self.fail(f"{where}.variations", "must be a non-empty array of tables")
        variations = [self.variation(v, f"{where}.variations[{i}]")
                      for i, v in enumerate(raw_variations)]
        if variations[0].load != "bodyweight":
            self.fail(f"{where}.variations[0].load", "the first variation must be bodyweight (R11)")
        return ExerciseSpec(
            id=self.text(data, where, "id", max_len=40),
            muscles=muscles,
            per_side=self.boolean(data, where, "per_side"),
            start_sets=start_sets,
            max_sets=max_sets,
            variations=tuple(variations),
            source=self.text(data, where, "source"),
            unit=unit,
            pattern=pattern,
        )
