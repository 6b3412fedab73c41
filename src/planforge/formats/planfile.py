"""Plan files: the ``planforge-plan/1`` document read back from JSON or TOML, and written as TOML.

Reading is for files from anyone, so it is strict and happens in this order before any of
the data is used: a size limit (:data:`MAX_PLAN_BYTES`), UTF-8, a parser (JSON without
duplicate keys or NaN; TOML), the JSON Schema that ships in the package
(``schema/plan.schema.json``, checked by fastjsonschema in :mod:`.schemacheck`), then the meaning:
real dates and zones, each workout inside the plan and in or after its week, numbers that
agree with one another. Every problem is one :class:`~planforge.errors.PlanFileError`
naming the file, the field and what is wrong.

What decides what, when a person edits a file by hand:

* a run's ``main`` blocks decide its running and walking minutes; ``run_min``,
  ``walk_min``, ``longest_run_min``, ``on_feet_min``, ``total_run_min`` (with the
  warm-up and cool-down) and ``duration_min`` are written for
  reading and, when present, must agree with it (so an edit of ``run_min`` alone is refused
  with a message saying to edit ``main``); a strength or mobility session's ``minutes``
  decides its ``duration_min``;
* ``date`` decides ``weekday``; ``start`` and ``weeks`` decide ``end``; ``workout``
  decides ``hard``;
* ``week`` is the plan week a workout belongs to: the 7-day block its date is in, or a
  later one's workout moved later by ``planforge shift`` (never an earlier block).

Nothing in a plan file names a path: commands decide where they write.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import re
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any, BinaryIO, Literal, NoReturn

from ..core.inputs.zones import is_zone
from ..core.model import (
    LAST_DAY,
    WEEKDAYS,
    Block,
    Exercise,
    Outcome,
    Plan,
    Segment,
    Session,
    Times,
)
from ..errors import PlanFileError, PlanFileProblems
from ..goals.equipment import EQUIPMENT
from ..goals.templates import number_problem
from .json import FORMAT, minutes, plan_to_dict, plan_to_json
from .schemacheck import SchemaViolation, validate

#: the largest plan file planforge reads (a 52-week plan is about 0.7 MB of JSON)
MAX_PLAN_BYTES = 5_000_000
#: workouts one day may hold (planforge makes at most 3); more would make the checks of
#: pairs of workouts (48 h between strength days) grow with the square of a stranger's file
MAX_PER_DAY = 6

Kind = Literal["toml", "json"]
_RUN_WORKOUTS = ("run-walk", "easy", "intervals", "hills")
_WORKOUTS = {"run": _RUN_WORKOUTS, "strength": ("strength",), "mobility": ("mobility",)}
_HARD = ("intervals", "hills")


# ----------------------------------------------------------------------------- reading


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file (TOML, JSON, or a .ics planforge wrote);
    :class:`PlanFileError` if it is not one."""
    return read_plan(path)[0]


def read_plan(path: str | Path) -> tuple[Plan, Kind | Literal["ics"]]:
    """The plan in ``path`` and how it was written (``"toml"``, ``"json"`` or ``"ics"``).

    A calendar (it starts with ``BEGIN:VCALENDAR``) is read for the plan document planforge
    puts in every calendar it writes (formats/ics/embed.py), then checked like any plan file.
    Otherwise the kind comes from the extension (``.toml``, ``.json``); any other name is
    sniffed: a document whose first character is ``{`` is JSON, anything else TOML.
    """
    source = str(path)
    return read_plan_bytes(_read_bytes(Path(path), source), source=source)


def read_plan_bytes(raw: bytes, *, source: str) -> tuple[Plan, Kind | Literal["ics"]]:
    """:func:`read_plan` for a file's bytes read elsewhere (the web page's file picker):
    ``source`` is the file's name, for the kind and the messages."""
    if len(raw) > MAX_PLAN_BYTES:
        raise PlanFileError(source, None, _too_big(len(raw)))
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    if start == b"BEGIN:VCALENDAR":  # a calendar planforge wrote carries its plan
        from .ics.embed import unpack_plan

        document = unpack_plan(raw, source=source, limit=MAX_PLAN_BYTES)
        return plan_from_dict(parse_document(document, "json", source=source),
                              source=source), "ics"
    if Path(source).suffix.lower() == ".ics":
        raise PlanFileError(source, None, "is not an iCalendar file (it does not start with "
                                          "BEGIN:VCALENDAR)")
    kind = _kind(Path(source), raw)
    data = parse_document(raw, kind, source=source)
    return plan_from_dict(data, source=source), kind


def read_plan_stream(stream: BinaryIO, *, source: str = "standard input"
                     ) -> tuple[Plan, Kind | Literal["ics"]]:
    """The plan read from ``stream`` (standard input for ``-``): a calendar planforge wrote,
    JSON or TOML, by its first characters; the same checks as :func:`read_plan`."""
    try:
        raw = stream.read(MAX_PLAN_BYTES + 1)
    except OSError as exc:
        raise PlanFileError(source, None, f"cannot read: {exc.strerror or exc}") from None
    return read_plan_bytes(raw, source=source)


def _read_bytes(path: Path, source: str) -> bytes:
    try:
        if path.is_dir():
            raise PlanFileError(source, None, "is a folder, not a plan file")
        if path.exists() and not path.is_file():
            # a named pipe with no writer would wait forever, a device may never end
            raise PlanFileError(source, None, "is not a regular file (a pipe or a device); "
                                              "give a plan file, or - for standard input")
        size = path.stat().st_size
        if size > MAX_PLAN_BYTES:
            raise PlanFileError(source, None, _too_big(size))
        with path.open("rb") as handle:
            raw = handle.read(MAX_PLAN_BYTES + 1)
    except FileNotFoundError:
        raise PlanFileError(source, None, "no such file") from None
    except OSError as exc:
        raise PlanFileError(source, None, f"cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:  # a name no file can have: "embedded null byte"
        raise PlanFileError(source, None, f"cannot read: {exc}") from None
    if len(raw) > MAX_PLAN_BYTES:
        raise PlanFileError(source, None, _too_big(len(raw)))
    return raw


def _too_big(size: int) -> str:
    return (f"is larger than {MAX_PLAN_BYTES // 1_000_000} MB ({size:,} bytes or more); "
            "a plan file is at most that")


def _kind(path: Path, raw: bytes) -> Kind:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix == ".toml":
        return "toml"
    return "json" if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "toml"


def parse_document(raw: bytes, kind: Kind, *, source: str) -> Any:
    """Bytes to plain data (TOML dates and times become the ISO strings JSON has)."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise PlanFileError(source, None, f"is not UTF-8 text (byte {exc.start})") from None
    try:
        if kind == "json":
            return json.loads(text, object_pairs_hook=_no_duplicates,
                              parse_constant=_no_constant, parse_float=_finite)
        return _plain(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise PlanFileError(source, None, f"is not valid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise PlanFileError(source, None, f"is not valid JSON: {exc.msg} (line {exc.lineno}, "
                                          f"column {exc.colno})") from None
    except RecursionError:
        raise PlanFileError(source, None, "is nested too deeply to be a plan file") from None
    except ValueError as exc:  # a duplicate key, NaN, or a number too long to read
        raise PlanFileError(source, None,
                            f"is not valid {kind.upper()}: {number_problem(exc)}") from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key {key!r} appears twice in one object")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a plan can hold")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large a number")
    return value


def _plain(value: Any) -> Any:
    """TOML's native dates and times as the strings the JSON document uses."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() == dt.timedelta(0):
            return value.replace(tzinfo=None).isoformat() + "Z"
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return _clock_text(value)
    return value


def _clock_text(at: dt.time) -> str:
    return at.strftime("%H:%M") if not (at.second or at.microsecond) else at.isoformat()


def plan_from_dict(data: Any, *, source: str) -> Plan:
    """Check ``data`` (a parsed plan document) against the schema and its meaning; the Plan.

    ``source`` names the file in error messages.
    """
    try:
        data = validate(data)
    except SchemaViolation as exc:
        raise PlanFileError(source, exc.field or None, exc.problem) from None
    _check_text(data, "", source)
    return _Builder(source).plan(data)


def _check_text(value: Any, where: str, source: str) -> None:
    """No control characters but tab, CR and LF in any text; no lone surrogates."""
    if isinstance(value, str):
        for char in value:
            if char in "\t\r\n":
                continue
            category = unicodedata.category(char)
            if category == "Cc":
                raise PlanFileError(source, where or None,
                                    f"contains the control character U+{ord(char):04X}")
            if category == "Cs":
                raise PlanFileError(source, where or None,
                                    f"contains a lone surrogate U+{ord(char):04X}")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_text(item, f"{where}.{key}" if where else key, source)
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_text(item, f"{where}[{i}]", source)


_CLOCK = re.compile(r"(\d{2}):(\d{2})(?::(\d{2}))?")


class _Builder:
    """The checked document to a :class:`Plan`, failing with the file and the field."""

    def __init__(self, source: str) -> None:
        self.source = source
        self.problems: list[PlanFileError] = []

    def fail(self, field: str | None, problem: str) -> NoReturn:
        raise PlanFileError(self.source, field, problem)

    @contextlib.contextmanager
    def soft(self) -> Iterator[None]:
        """Record a problem found inside and go on to the next check: every problem of a
        file is reported at once."""
        try:
            yield
        except PlanFileProblems as exc:
            self.problems.extend(exc.problems)
        except PlanFileError as exc:
            self.problems.append(exc)

    def stop_if_problems(self) -> None:
        if len(self.problems) == 1:
            raise self.problems[0]
        if self.problems:
            raise PlanFileProblems(self.source, tuple(self.problems))

    def date(self, text: str, field: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            self.fail(field, f"{text!r} is not a date ({exc}); expected a date like 2026-11-23")

    def clock(self, text: str, field: str) -> dt.time:
        match = _CLOCK.fullmatch(text)
        assert match is not None  # the schema's pattern
        return dt.time(int(match[1]), int(match[2]), int(match[3] or 0))

    def plan(self, data: Mapping[str, Any]) -> Plan:
        p = data["plan"]
        start = self.date(p["start"], "plan.start")
        weeks: int = p["weeks"]
        if start > LAST_DAY - dt.timedelta(days=7 * weeks - 1):
            self.fail("plan.start", f"{start} with {weeks} weeks would end after "
                                    f"{LAST_DAY}, the last day a plan can reach")
        end = start + dt.timedelta(days=7 * weeks - 1)
        with self.soft():
            self.end(p, end)
        days = tuple(sorted(WEEKDAYS.index(d) for d in p["days"]))
        times = Times()
        timezone = p.get("timezone")
        with self.soft():
            times = self.times(p.get("time"))
            self.zone(times, timezone)
        created = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
        with self.soft():
            created = self.created(p["created"])
        reached = p.get("reached_most_days_week")
        with self.soft():
            if reached is not None and reached > weeks:
                self.fail("plan.reached_most_days_week",
                          f"week {reached} is after the plan's last week ({weeks})")
        sessions = self.sessions(data["sessions"], start, weeks, end)
        self.stop_if_problems()
        return Plan(
            plan_id=p["plan_id"],
            goal=p["goal"],
            goal_title=p["goal_title"],
            level=p["level"],
            weeks=weeks,
            start=start,
            days=days,
            timezone=None if times.all_day else timezone,
            times=times,
            created=created,
            summary=p["summary"],
            notes=tuple(p["notes"]),
            left_out=tuple(p.get("left_out", ())),
            sessions=sessions,
            reached_most_days_week=reached,
            continues=p.get("continues", 0),
            outcome=self.outcome(p.get("outcome"), weeks),
            extra=tuple((key, value) for key, value in p.get("extra", ())),
            equipment=self.equipment(p, sessions),
            equipment_choice=(None if p.get("equipment_choice") is None
                              else tuple(p["equipment_choice"])),
        )

    def end(self, p: Mapping[str, Any], end: dt.date) -> None:
        if "end" in p:
            written = self.date(p["end"], "plan.end")
            if written != end:
                self.fail("plan.end", f"{written} does not match start and weeks ({end}); "
                                      "start and weeks decide the end: fix or delete end")

    def zone(self, times: Times, timezone: str | None) -> None:
        if times.all_day and timezone is not None:
            self.fail("plan.timezone", "an all-day plan has no time zone; delete timezone, "
                                       "or add a start time (plan.time)")
        if not times.all_day:
            if timezone is None:
                self.fail("plan.timezone", "missing; timed workouts need an IANA time zone "
                                           "like Europe/London")
            if not is_zone(timezone):
                self.fail("plan.timezone", f"unknown time zone {timezone!r}; expected an IANA "
                                           "name like Europe/London")

    def created(self, text: str) -> dt.datetime:
        try:
            return dt.datetime.fromisoformat(text).astimezone(dt.UTC)
        except ValueError as exc:
            self.fail("plan.created", f"{text!r} is not a date and time ({exc})")
        except OverflowError:  # 0001-01-01T00:00+05:00 is in the year 0 in UTC
            self.fail("plan.created", f"{text!r} is out of range: in UTC it falls "
                                      "outside the years 1 to 9999")

    def equipment(self, p: Mapping[str, Any], sessions: tuple[Session, ...]) -> tuple[str, ...]:
        """``plan.equipment``, or (a file from before it) what the exercises name."""
        if "equipment" in p:
            return tuple(p["equipment"])
        used = {piece for s in sessions for e in s.exercises for piece in e.equipment}
        return tuple(piece for piece in EQUIPMENT if piece in used)
    def outcome(self, raw: Mapping[str, Any] | None, weeks: int) -> Outcome | None:
        if raw is None:
            return None
        if raw["week"] > weeks:
            self.fail("plan.outcome.week", f"week {raw['week']} is after the plan's last week "
                                           f"({weeks})")
        return Outcome(week=raw["week"], runs=raw["runs"],
                       longest_run_min=raw["longest_run_min"], hard=raw["hard"],
                       most_days_after=raw.get("most_days_after"),
                       hard_after=raw.get("hard_after"))

    def times(self, raw: Mapping[str, Any] | None) -> Times:
        if raw is None:
            return Times()
        default = raw.get("default")
        by_day = tuple(sorted((WEEKDAYS.index(day), self.clock(at, f"plan.time.{day}"))
                              for day, at in raw.items() if day != "default"))
        times = Times(default=None if default is None else self.clock(default,
                                                                      "plan.time.default"),
                      by_weekday=by_day)
        if times.all_day:
            self.fail("plan.time", "names no start time; leave time out for all-day events")
        return times

    def sessions(self, raw: list[Mapping[str, Any]], start: dt.date, weeks: int,
                 end: dt.date) -> tuple[Session, ...]:
        seen: dict[str, int] = {}
        per_day: dict[dt.date, int] = {}
        out: list[Session] = []
        for i, s in enumerate(raw):
            where = f"sessions[{i}]"
            uid = s["uid"]
            with self.soft():
                if uid in seen:
                    self.fail(f"{where}.uid", f"{uid!r} is also the uid of sessions"
                                              f"[{seen[uid]}]; every workout needs a uid of "
                                              "its own")
            seen.setdefault(uid, i)
            with self.soft():
                session = self.session(s, where, start, weeks, end)
                out.append(session)
                per_day[session.date] = per_day.get(session.date, 0) + 1
                if per_day[session.date] > MAX_PER_DAY:
                    self.fail(f"{where}.date", f"{session.date} has more than {MAX_PER_DAY} "
                                               f"workouts; a day holds at most {MAX_PER_DAY}")
        if self.problems:  # the order of weeks is checked on a complete list
            return tuple(out)
        # weeks follow the dates: a later workout never belongs to an earlier week
        order = sorted(range(len(out)), key=lambda j: (out[j].date, out[j].week))
        latest: int | None = None
        for j in order:
            if latest is not None and out[j].week < out[latest].week:
                self.fail(f"sessions[{j}].week",
                          f"week {out[j].week} on {out[j].date} comes after a week "
                          f"{out[latest].week} workout on {out[latest].date} "
                          f"(sessions[{latest}]); weeks follow the dates")
            if latest is None or out[j].week > out[latest].week:
                latest = j
        return tuple(out)

    def session(self, s: Mapping[str, Any], where: str, start: dt.date, weeks: int,
                end: dt.date) -> Session:
        date = self.date(s["date"], f"{where}.date")
        if not start <= date <= end:
            self.fail(f"{where}.date", f"{date} is outside the plan ({start} to {end})")
        week: int = s["week"]
        if week > weeks:
            self.fail(f"{where}.week", f"week {week} is after the plan's last week ({weeks})")
        week_start = start + dt.timedelta(days=7 * (week - 1))
        if date < week_start:
            block = (date - start).days // 7 + 1
            self.fail(f"{where}.week", f"week {week} begins on {week_start}, after this "
                                       f"workout's date {date} (in week {block})")
        weekday = WEEKDAYS[date.weekday()]
        if "weekday" in s and s["weekday"] != weekday:
            self.fail(f"{where}.weekday", f"{s['weekday']} does not match the date {date}, a "
                                          f"{weekday}; the date decides: fix or delete weekday")
        kind, workout = s["kind"], s["workout"]
        if workout not in _WORKOUTS[kind]:
            self.fail(f"{where}.workout", f"{workout!r} is not a {kind} workout; use one of: "
                                          f"{', '.join(_WORKOUTS[kind])}")
        if s["hard"] != (workout in _HARD):
            self.fail(f"{where}.hard", f"must be {str(workout in _HARD).lower()} for a "
                                       f"{workout} workout")
        main = tuple(
            Block(b["repeat"], tuple(Segment(g["effort"], g["seconds"]) for g in b["segments"]))
            for b in s.get("main", ()))
        exercises = tuple(self.exercise(e, f"{where}.exercises[{k}]")
                          for k, e in enumerate(s.get("exercises", ())))
        warmup, cooldown = s.get("warmup_min", 0), s.get("cooldown_min", 0)
        length = s.get("minutes", 0)
        if kind == "run":
            if not main:
                self.fail(f"{where}.main", "a run needs its main set: blocks of run and walk "
                                           "segments")
            if not any(g.running for b in main for g in b.segments):
                self.fail(f"{where}.main", "has no running segment (run, fast, jog or hill)")
            if length:
                self.fail(f"{where}.minutes", "must be 0 for a run: warm-up, main set and "
                                              "cool-down decide its length")
        else:
            for key in ("main", "warmup_min", "cooldown_min"):
                if s.get(key) and not (key == "warmup_min" and kind == "strength"):
                    self.fail(f"{where}.{key}", f"a {kind} session has none; delete {key}")
            if not length:
                self.fail(f"{where}.minutes", f"a {kind} session needs its length in minutes")
            if kind == "strength" and s.get("warmup_min", 0) > length:
                self.fail(f"{where}.warmup_min", f"{minutes(s['warmup_min'])} is longer than "
                                                 f"the whole session ({minutes(length)} min)")
        if exercises and kind != "strength":
            self.fail(f"{where}.exercises", f"a {kind} session has no exercises")
        if kind == "strength" and not exercises:
            self.fail(f"{where}.exercises", "a strength session needs at least one exercise")
        session = Session(
            uid=s["uid"], date=date, week=week, kind=kind, workout=workout, hard=s["hard"],
            title=s["title"], warmup_min=warmup, cooldown_min=cooldown, main=main,
            exercises=exercises, notes=tuple(s.get("notes", ())), deload=s.get("deload", False),
            minutes=length, sequence=s.get("sequence", 0),
        )
        self.derived(s, where, session)
        return session

    def exercise(self, e: Mapping[str, Any], where: str) -> Exercise:
        low, high = e["rep_range"]
        if low > high:
            self.fail(f"{where}.rep_range", f"[{low}, {high}] is not a range; the low end "
                                            "comes first")
        return Exercise(
            exercise=e["exercise"], name=e["name"], sets=e["sets"], reps=e["reps"],
            rep_range=(low, high), per_side=e["per_side"], load=e["load"],
            muscles=tuple(e["muscles"]), cue=e["cue"], rest_s=e.get("rest_s", 75),
            unit=e.get("unit", "reps"), equipment=tuple(e.get("equipment", ())),
            variation="" if e.get("variation", e["name"]) == e["name"] else e["variation"],
        )

    def derived(self, s: Mapping[str, Any], where: str, session: Session) -> None:
        """Numbers written for reading must agree with what decides them."""
        from_main = "the main set decides it: edit main, then fix or delete {key}"
        checks: list[tuple[str, float, str, str]] = [
            ("run_min", session.run_min, "main holds {n} min of running", from_main),
            ("walk_min", session.walk_min, "main holds {n} min of walking", from_main),
            ("longest_run_min", session.longest_run_min,
             "the longest stretch of running in main is {n} min", from_main),
            ("on_feet_min", session.on_feet_min, "main holds {n} min on your feet", from_main),
            ("total_run_min", session.total_run_min,
             "main set, warm-up and cool-down hold {n} min of running or jogging",
             "they decide it: fix or delete {key}"),
        ]
        if session.kind == "run":
            checks.append(("duration_min", session.duration_min,
                           "warm-up, main set and cool-down make {n} min",
                           "they decide it: fix or delete {key}"))
        else:
            checks.append(("duration_min", session.duration_min, "minutes says {n}",
                           "minutes decides it: fix or delete {key}"))
        found = [PlanFileError(self.source, f"{where}.{key}", f"says {minutes(s[key])} but "
                               f"{what.format(n=minutes(value))}; {fix.format(key=key)}")
                 for key, value, what, fix in checks
                 if key in s and abs(s[key] - minutes(value)) > 0.005]
        if len(found) == 1:
            raise found[0]
        if found:
            raise PlanFileProblems(self.source, tuple(found))


_TOTAL = re.compile(r"\((\d+(?:\.\d+)?) min\)\s*$")
_REPEAT = re.compile(r"\b(\d+) x ")


def stale_titles(plan: Plan, *, source: str) -> tuple[str, ...]:
    """A line for each title whose numbers its workout no longer has: ``(30 min)`` when the
    workout now takes 25, ``8 x`` when the main set repeats 6 times (after a hand edit of
    ``main``; the title is what a phone shows)."""
    lines = []
    for i, s in enumerate(plan.sessions):
        wrong = []
        total = _TOTAL.search(s.title)
        if total and abs(float(total[1]) - s.duration_min) > 0.05:
            wrong.append(f"{total[1]} min (it takes {minutes(s.duration_min)})")
        repeats = {b.repeat for b in s.main}
        for match in _REPEAT.finditer(s.title if s.kind == "run" else ""):
            if int(match[1]) not in repeats:
                shown = ", ".join(str(r) for r in sorted(repeats))
                wrong.append(f"{match[1]} x (main repeats {shown} x)")
        if wrong:
            lines.append(f"{source}: sessions[{i}].title {s.title!r} says {'; '.join(wrong)}: "
                         "update the title, or the calendar shows the old workout")
    return tuple(lines)


# ----------------------------------------------------------------------------- writing


def dump(plan: Plan, kind: Kind) -> bytes:
    """The plan as a plan file of the given kind."""
    return plan_to_toml(plan) if kind == "toml" else plan_to_json(plan)


def plan_to_toml(plan: Plan) -> bytes:
    """The ``planforge-plan/1`` document as TOML: the same structure as the JSON output.

    TOML has no null: a null value (``timezone``, ``time``, ``reached_most_days_week``,
    ``time.default``) is a key left out. Dates stay strings, as in JSON, so both kinds
    parse to the same data. A comment header says what the file is and how to render it.
    """
    doc = plan_to_dict(plan)
    lines = [
        f"# planforge plan file ({FORMAT}): {plan.weeks} week"
        f"{'s' if plan.weeks != 1 else ''}, {plan.start.isoformat()} to "
        f"{plan.end.isoformat()}, {len(plan.sessions)} workouts.",
        "# Edit it by hand if you like (titles, notes, dates, main sets), then:",
        "#   planforge check FILE.toml     check it against the training rules",
        "#   planforge render FILE.toml    write it as a calendar (.ics); --start, --tz,",
        "#                                 --time and --days re-base it on your own",
        "# A run's main set decides its minutes: run_min, walk_min, longest_run_min,",
        "# on_feet_min, total_run_min and duration_min are here to read and must agree",
        "# with it (delete them after editing main). The format: README.md, 'Plan files';",
        "# planforge schema.",
        f"format = {_toml_value(doc['format'])}",
        "",
        "[plan]",
    ]
    for key, value in doc["plan"].items():
        if value is None:
            lines.append(f"# {key}: {_NULL_NOTES.get(key, 'none')}")
            continue
        lines.extend(_toml_pair(key, value))
    for session in doc["sessions"]:
        lines += ["", "[[sessions]]"]
        exercises = session["exercises"]
        for key, value in session.items():
            if key == "exercises" and exercises:
                continue
            lines.extend(_toml_pair(key, value))
        for exercise in exercises:
            lines += ["", "[[sessions.exercises]]"]
            for key, value in exercise.items():
                lines.extend(_toml_pair(key, value))
    return ("\n".join(lines) + "\n").encode("utf-8")


_NULL_NOTES = {
    "timezone": "left out: all-day events (timed ones need time and an IANA zone)",
    "time": 'left out: all-day events (for timed ones: time = { default = "07:00" })',
    "reached_most_days_week": "left out: 30 minutes on most days is not reached in this plan",
    "equipment_choice": "left out: made without --equipment (any equipment)",
    "outcome": "left out: the plan has no runs",
}
_TOML_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r",
                 "\b": "\\b", "\f": "\\f"}


def _toml_string(text: str) -> str:
    out = ['"']
    for char in text:
        if char in _TOML_ESCAPES:
            out.append(_TOML_ESCAPES[char])
        elif unicodedata.category(char) == "Cc":
            out.append(f"\\u{ord(char):04X}")
        elif unicodedata.category(char) == "Cs":
            raise ValueError(f"a lone surrogate U+{ord(char):04X} cannot be written as TOML")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{value} cannot be written as a plan number")
        return repr(value)
    if isinstance(value, str):
        return _toml_string(value)
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        items = [f"{key} = {_toml_value(item)}" for key, item in value.items()
                 if item is not None]
        return "{ " + ", ".join(items) + " }" if items else "{}"
    raise TypeError(f"cannot write {type(value).__name__} as TOML")


def _toml_pair(key: str, value: Any) -> list[str]:
    """``key = value``; a long array of strings or tables one item a line, for reading."""
    line = f"{key} = {_toml_value(value)}"
    if (isinstance(value, list) and len(line) > 100
            and all(isinstance(v, str | dict) for v in value)):
        return [f"{key} = [", *(f"  {_toml_value(item)}," for item in value), "]"]
    return [line]
