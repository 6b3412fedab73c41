"""A parsed plan document to a :class:`~planforge.core.model.Plan`: the JSON Schema that ships
in the package (``schema/plan.schema.json``, checked by fastjsonschema in
:mod:`..schemacheck`), then the meaning: real dates and zones, each workout inside the plan
and in or after its week, numbers that agree with one another. Every problem is one
:class:`~planforge.errors.PlanFileError` naming the file, the field and what is wrong.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
import unicodedata
from collections.abc import Iterator, Mapping
from typing import Any, NoReturn

from ...core.inputs.zones import is_zone
from ...core.model import (
    LAST_DAY,
    WEEKDAYS,
    Block,
    Done,
    Exercise,
    Outcome,
    Plan,
    Race,
    Segment,
    Session,
    Times,
)
from ...errors import PlanFileError, PlanFileProblems
from ...goals.bounds import BIDI_CONTROLS
from ...goals.equipment import EQUIPMENT
from ...goals.fitnames import FitProfile, load_profile
from ..json import minutes
from ..schemacheck import SchemaViolation, validate

#: workouts one day may hold (planforge makes at most 3); more would make the checks of
#: pairs of workouts (48 h between strength days) grow with the square of a stranger's file
MAX_PER_DAY = 6

_RUN_WORKOUTS = ("run-walk", "easy", "intervals", "hills", "race")
_WORKOUTS = {"run": _RUN_WORKOUTS, "strength": ("strength",), "mobility": ("mobility",),
             "walk": ("walk",)}
_HARD = ("intervals", "hills")


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
    """No control characters but tab, CR and LF in any text; no lone surrogates; no
    direction overrides (a title that displays in another order than it reads)."""
    if isinstance(value, str):
        for char in value:
            if char in "\t\r\n":
                continue
            if char in BIDI_CONTROLS:
                raise PlanFileError(source, where or None,
                                    f"contains the direction override U+{ord(char):04X} (it "
                                    "shows the text in another order than it reads)")
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
        self._fit: FitProfile | None = None  # read at the first exercise with a ``fit``

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
            race=self.race(p.get("race"), start, end),
        )

    def race(self, raw: Mapping[str, Any] | None, start: dt.date, end: dt.date) -> Race | None:
        if raw is None:
            return None
        date = self.date(raw["date"], "plan.race.date")
        if not start <= date <= end:
            self.fail("plan.race.date", f"{date} is outside the plan ({start} to {end})")
        return Race(date=date, distance=raw["distance"])

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
            from ...core.inputs.zonenames import place_zone_problem

            problem = place_zone_problem(timezone)
            if problem is not None:  # EST: an hour off half the year, as --tz refuses it
                self.fail("plan.timezone", problem)

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
                       hard_after=raw.get("hard_after"),
                       full_run_after=raw.get("full_run_after"))

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
        movements = tuple(s.get("movements", ()))
        self.movements(movements, s, where, kind)
        session = Session(
            uid=s["uid"], date=date, week=week, kind=kind, workout=workout, hard=s["hard"],
            title=s["title"], warmup_min=warmup, cooldown_min=cooldown, main=main,
            exercises=exercises, notes=tuple(s.get("notes", ())), deload=s.get("deload", False),
            minutes=length, sequence=s.get("sequence", 0), movements=movements,
            done=self.done(s.get("done"), f"{where}.done", date, kind),
            missed=s.get("missed", False),
        )
        if session.done is not None and session.missed:
            self.fail(f"{where}.missed", "a workout is done or missed, not both; delete "
                                         "missed or done")
        self.derived(s, where, session)
        return session

    def done(self, raw: Mapping[str, Any] | None, where: str, planned: dt.date,
             kind: str) -> Done | None:
        """The record of a done workout: done on its day or within a day of it (the nearest
        one ``planforge done`` matches), its longest stretch no longer than its running."""
        if raw is None:
            return None
        date = self.date(raw["date"], f"{where}.date")
        if abs((date - planned).days) > 1:
            self.fail(f"{where}.date", f"{date} is more than a day from the workout's date "
                                       f"{planned}; a workout is done on its day or within a "
                                       "day of it")
        if raw["longest_run_min"] > raw["run_min"] + 0.005:
            self.fail(f"{where}.longest_run_min",
                      f"says {minutes(raw['longest_run_min'])} but run_min says "
                      f"{minutes(raw['run_min'])}; the longest stretch is part of the "
                      "running")
        if kind != "run" and raw["run_min"]:
            self.fail(f"{where}.run_min", f"a {kind} session has no running; make it 0")
        return Done(date=date, run_min=raw["run_min"], longest_run_min=raw["longest_run_min"],
                    source=raw["source"])

    def movements(self, movements: tuple[str, ...], s: Mapping[str, Any], where: str,
                  kind: str) -> None:
        """A mobility session's movements are some of its notes, each once."""
        if movements and kind != "mobility":
            self.fail(f"{where}.movements", f"a {kind} session has none; delete movements")
        notes = s.get("notes", ())
        for k, movement in enumerate(movements):
            if movement not in notes:
                self.fail(f"{where}.movements[{k}]", f"{movement!r} is not one of the "
                          "session's notes; a movement (a watch step) is one of the notes the "
                          "calendar lists: fix it or delete movements")
            if movement in movements[:k]:
                self.fail(f"{where}.movements[{k}]", f"{movement!r} is repeated")

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
            fit=self.fit(e.get("fit", ""), f"{where}.fit"),
        )

    def fit(self, value: str, where: str) -> str:
        """An exercise's ``fit``, checked against Garmin's FIT profile (``goals.fitnames``)."""
        if not value:
            return ""
        if self._fit is None:
            self._fit = load_profile()
        problem = self._fit.problem(value)
        if problem is not None:
            self.fail(where, problem)
        return value

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
        # planforge writes whole minutes, rounded half up ("36 min" for 36.27); an older
        # file's title may say "31.5 min"
        slack = 0.05 if "." in (total[1] if total else "") else 0.5 + 1e-9
        if total and abs(float(total[1]) - s.duration_min) > slack:
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
