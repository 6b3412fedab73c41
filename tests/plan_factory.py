"""Hand-built Plans for the writer tests, and an independent reading of what a writer wrote.

``make_plan`` puts a run on every date given (alternating run/walk, intervals and hill
sprints), a strength session on every strength date and a mobility session on every
mobility date; two sessions on one date are fine and are what the "second one starts
when the first ends" rule is tested with.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import math
import os
import subprocess
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from planforge.core.model import Block, Exercise, Plan, Segment, Session, Times

#: the interpreter that runs recurring-ical-events (tests/rie_read.py), when set
RIE_PYTHON = "PLANFORGE_RIE_PYTHON"
RIE_SCRIPT = Path(__file__).resolve().parent / "rie_read.py"

CREATED = dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC)


def package_zone(name: str) -> ZoneInfo:
    """Zone ``name`` from the installed tzdata package, as planforge's writer loads it, but
    read here without planforge code (``ZoneInfo(name)`` would read the system's files first)."""
    import importlib.resources

    with importlib.resources.files("tzdata").joinpath("zoneinfo", *name.split("/")).open(
            "rb") as handle:
        return ZoneInfo.from_file(handle, key=name)


def run_walk_main(repeat: int = 8, run_s: int = 60, walk_s: int = 90) -> tuple[Block, ...]:
    return (Block(repeat, (Segment("run", run_s), Segment("walk", walk_s))),)


def intervals_main(repeat: int = 6) -> tuple[Block, ...]:
    return (Block(repeat, (Segment("fast", 30), Segment("jog", 90))),)


def hills_main(repeat: int = 4) -> tuple[Block, ...]:
    return (Block(1, (Segment("run", 15 * 60),)),
            Block(repeat, (Segment("hill", 8), Segment("walk", 90))))


GLUTE_BRIDGE = Exercise(
    exercise="hip-thrust", name="Glute bridge, 2-s hold", sets=2, reps=12, rep_range=(12, 15),
    per_side=False, load="bodyweight", muscles=("glutes", "hamstrings"),
    cue="Drive through your heels and squeeze your glutes for 2 seconds at the top.",
)
SPLIT_SQUAT = Exercise(
    exercise="lunge", name="Static split squat", sets=2, reps=8, rep_range=(8, 10),
    per_side=True, load="bodyweight", muscles=("quads", "glutes"),
    cue="Lower straight down until the back knee nearly touches the floor.",
)
PLANK = Exercise(
    exercise="plank", name="Front plank on knees", sets=2, reps=20, rep_range=(20, 30),
    per_side=False, load="bodyweight", muscles=("core",),
    cue="Straight line from head to knees; breathe steadily.", unit="seconds",
)
GOBLET = Exercise(
    exercise="squat", name="Goblet squat", sets=3, reps=8, rep_range=(8, 12),
    per_side=False, load="dumbbell", muscles=("quads", "glutes"),
    cue="Hold the weight at your chest and keep your chest up.", rest_s=90,
)


def uid_for(plan_id: str, date: dt.date, n: int) -> str:
    return f"{plan_id}-{date:%Y%m%d}-{n}@planforge"


def run_session(uid: str, date: dt.date, week: int, workout: str = "run-walk",
                title: str | None = None, notes: tuple[str, ...] = ()) -> Session:
    main = {"run-walk": run_walk_main(), "easy": (Block(1, (Segment("run", 20 * 60),)),),
            "intervals": intervals_main(), "hills": hills_main()}[workout]
    hard = workout in ("intervals", "hills")
    return Session(
        uid=uid, date=date, week=week, kind="run", workout=workout,  # type: ignore[arg-type]
        hard=hard, title=title or f"Run: {workout}", warmup_min=10 if hard else 5,
        cooldown_min=5, main=main, notes=notes or ("Stop if it hurts.",),
    )


def strength_session(uid: str, date: dt.date, week: int, title: str | None = None,
                     notes: tuple[str, ...] = ()) -> Session:
    return Session(
        uid=uid, date=date, week=week, kind="strength", workout="strength", hard=False,
        title=title or "Strength: glutes", exercises=(GLUTE_BRIDGE, SPLIT_SQUAT, PLANK, GOBLET),
        minutes=25, notes=notes,
    )


def mobility_session(uid: str, date: dt.date, week: int) -> Session:
    return Session(
        uid=uid, date=date, week=week, kind="mobility", workout="mobility", hard=False,
        title="Hip mobility and foam rolling", minutes=10,
        notes=("Foam roll glutes, hamstrings and calves, 30-60 s each side",
               "Hip flexor stretch in a half-kneeling lunge, 30 s each side"),
    )


_RUN_CYCLE = ("run-walk", "intervals", "easy", "hills")


def make_plan(
    run_dates: Iterable[dt.date],
    strength_dates: Iterable[dt.date] = (),
    mobility_dates: Iterable[dt.date] = (),
    *,
    timezone: str | None = None,
    times: Times | None = None,
    goal: str = "glutes",
    goal_title: str = "Stronger glutes",
    plan_id: str | None = None,
    created: dt.datetime = CREATED,
    titles: Sequence[str] = (),
    notes: Sequence[str] = (),
) -> Plan:
    """A plan holding the given sessions; ``titles``/``notes`` override the first sessions'."""
    runs = sorted(run_dates)
    strengths = sorted(strength_dates)
    mobility = sorted(mobility_dates)
    all_dates = runs + strengths + mobility
    start = min(all_dates)
    weeks = (max(all_dates) - start).days // 7 + 1
    if plan_id is None:
        seed = f"{goal}|{start}|{timezone}|{times}|{runs}|{strengths}|{mobility}|{titles}|{notes}"
        plan_id = hashlib.sha256(seed.encode()).hexdigest()[:12]
    counts: dict[dt.date, int] = {}
    sessions: list[Session] = []
    items = ([(d, "run") for d in runs] + [(d, "strength") for d in strengths]
             + [(d, "mobility") for d in mobility])
    for index, (date, kind) in enumerate(sorted(items, key=lambda x: x[0])):
        n = counts.get(date, 0)
        counts[date] = n + 1
        uid = uid_for(plan_id, date, n)
        week = (date - start).days // 7 + 1
        title = titles[index] if index < len(titles) else None
        note = (notes[index],) if index < len(notes) else ()
        if kind == "run":
            workout = _RUN_CYCLE[index % len(_RUN_CYCLE)]
            sessions.append(run_session(uid, date, week, workout, title, note))
        elif kind == "strength":
            sessions.append(strength_session(uid, date, week, title, note))
        else:
            sessions.append(mobility_session(uid, date, week))
    return Plan(
        plan_id=plan_id, goal=goal, goal_title=goal_title, level="beginner", weeks=weeks,
        start=start, days=tuple(sorted({d.weekday() for d in all_dates})), timezone=timezone,
        times=times or Times(), created=created, summary="A test plan.",
        notes=("Wear proper shoes.",), left_out=(), sessions=tuple(sessions),
    )


def weekly_dates(start: dt.date, weeks: int, weekdays: Sequence[int]) -> list[dt.date]:
    """Every date in ``weeks`` weeks from ``start`` whose weekday is in ``weekdays``."""
    return [start + dt.timedelta(days=i) for i in range(7 * weeks)
            if (start + dt.timedelta(days=i)).weekday() in weekdays]


# -- what the writer should produce, computed independently of planforge.formats.ics --


@dataclass(frozen=True)
class Expected:
    """Where one session should sit: a date (all-day) or an aware datetime in the plan's zone."""

    start: dt.date | dt.datetime
    end: dt.date | dt.datetime
    asked: dt.time | None = None  # the time the user chose, for the first session of a day
    moved: bool = False  # the asked time did not exist that day


def _exists(wall: dt.datetime, tz: ZoneInfo) -> bool:
    there = wall.replace(tzinfo=tz).astimezone(dt.UTC).astimezone(tz)
    return there.replace(tzinfo=None) == wall


def expected_slots(plan: Plan) -> dict[str, Expected]:
    """UID -> where the session belongs, straight from zoneinfo (no planforge code)."""
    tz = package_zone(plan.timezone) if plan.timezone else None
    result: dict[str, Expected] = {}
    day_end: dict[dt.date, dt.datetime] = {}
    ordered = sorted(enumerate(plan.sessions), key=lambda item: (item[1].date, item[0]))
    for _, session in ordered:
        at = plan.times.for_weekday(session.date.weekday())
        if at is None:
            result[session.uid] = Expected(session.date, session.date + dt.timedelta(days=1))
            continue
        assert tz is not None
        asked: dt.time | None = None
        moved = False
        if session.date in day_end:
            start = day_end[session.date]
        else:
            asked = at
            wall = dt.datetime.combine(session.date, at)
            while not _exists(wall, tz):  # walk forward a minute at a time out of the gap
                wall += dt.timedelta(minutes=1)
                moved = True
            start = wall.replace(tzinfo=tz, fold=0)  # fold=0: the first of a repeated time
        minutes = max(1, math.ceil(round(session.duration_min * 60) / 60))
        end = (start.astimezone(dt.UTC) + dt.timedelta(minutes=minutes)).astimezone(tz)
        day_end[session.date] = end
        result[session.uid] = Expected(start, end, asked, moved)
    return result


# -- reading a file back with five independent parsers ------------------------------------------


@dataclass(frozen=True)
class Parsed:
    """One VEVENT as a parser saw it; datetimes are aware and in UTC."""

    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None
    summary: str | None
    description: str | None


def _norm(value: object) -> dt.date | dt.datetime:
    if isinstance(value, dt.datetime):
        assert value.tzinfo is not None and value.utcoffset() is not None, f"floating {value}"
        return value.astimezone(dt.UTC)
    assert isinstance(value, dt.date), value
    return value


@contextlib.contextmanager
def _quiet_tatsu() -> Iterator[None]:
    """ics-py's grammar (TatSu) calls colorama.init() on every parse; with colorama installed
    (awscli brings it) the stream wrappers nest until a RecursionError kills the process."""
    try:
        import tatsu.color as tatsu_color
    except ImportError:
        yield
        return
    saved = tatsu_color.init
    tatsu_color.init = lambda: None
    try:
        yield
    finally:
        tatsu_color.init = saved


def parse_icalendar(data: bytes) -> dict[str, Parsed]:
    import icalendar

    cal = icalendar.Calendar.from_ical(data)
    out = {}
    for ev in cal.walk("VEVENT"):
        end = ev.get("DTEND")
        out[str(ev["UID"])] = Parsed(
            _norm(ev["DTSTART"].dt), _norm(end.dt) if end is not None else None,
            str(ev["SUMMARY"]) if "SUMMARY" in ev else None,
            str(ev["DESCRIPTION"]) if "DESCRIPTION" in ev else None)
    return out


def parse_vobject(data: bytes) -> dict[str, Parsed]:
    import vobject

    cal = vobject.readOne(data.decode("utf-8"), validate=True)
    out = {}
    for ev in cal.contents.get("vevent", []):
        desc = ev.contents.get("description")
        out[ev.uid.value] = Parsed(
            _norm(ev.dtstart.value),
            _norm(ev.dtend.value) if "dtend" in ev.contents else None,
            ev.summary.value if "summary" in ev.contents else None,
            desc[0].value if desc else None)
    return out


def parse_ics_py(data: bytes) -> dict[str, Parsed]:
    import warnings

    import ics

    with _quiet_tatsu(), warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cal = ics.Calendar(data.decode("utf-8"))
    out = {}
    for ev in cal.events:
        if ev.all_day:
            start: dt.date | dt.datetime = ev.begin.date()
            end: dt.date | dt.datetime | None = ev.end.date() if ev.end is not None else None
        else:
            start = _norm(ev.begin.datetime)
            end = _norm(ev.end.datetime) if ev.end is not None else None
        out[ev.uid] = Parsed(start, end, ev.name, ev.description)
    return out


def parse_ical(data: bytes) -> dict[str, Parsed]:
    from ical.calendar_stream import IcsCalendarStream

    cal = IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))
    return {ev.uid: Parsed(_norm(ev.dtstart), _norm(ev.dtend) if ev.dtend else None,
                           ev.summary, ev.description)
            for ev in cal.events if ev.uid is not None}


def parse_rie(data: bytes) -> dict[str, Parsed]:
    """recurring-ical-events, in its own interpreter (``$PLANFORGE_RIE_PYTHON``, see
    tests/rie_read.py: it pins python-dateutil below 3, so it stays out of the test
    environment); in this process when it is importable here and no interpreter is named."""
    python = os.environ.get(RIE_PYTHON)
    if python:
        proc = subprocess.run([python, str(RIE_SCRIPT)], input=data, capture_output=True,
                              timeout=120, check=False)
        assert proc.returncode == 0, proc.stderr.decode(errors="replace")
        events = json.loads(proc.stdout)
    else:
        events = _rie_in_process(data)
    out: dict[str, Parsed] = {}
    for ev in events:
        uid = ev["uid"]
        assert uid not in out, f"recurring-ical-events gave {uid} twice"
        out[uid] = Parsed(_from_iso(ev["start"]), _from_iso(ev["end"]), ev["summary"],
                          ev["description"])
    return out


def _rie_in_process(data: bytes) -> list[dict[str, object]]:
    import io
    import sys

    import rie_read

    stdin, stdout = sys.stdin, sys.stdout
    sys.stdin = io.TextIOWrapper(io.BytesIO(data))
    sys.stdout = io.StringIO()
    try:
        rie_read.main()
        result: list[dict[str, object]] = json.loads(sys.stdout.getvalue())
    finally:
        sys.stdin, sys.stdout = stdin, stdout
    return result


def _from_iso(value: list[str] | None) -> dt.date | dt.datetime:
    assert value is not None, "an event without a start or end"
    kind, text = value
    assert kind != "floating", f"floating {text}"
    return dt.datetime.fromisoformat(text) if kind == "datetime" else dt.date.fromisoformat(text)


def rie_available() -> bool:
    """Whether recurring-ical-events can be run: its own interpreter, or importable here."""
    if os.environ.get(RIE_PYTHON):
        return True
    try:
        import recurring_ical_events  # noqa: F401
    except ImportError:
        return False
    return True


PARSERS: dict[str, Callable[[bytes], dict[str, Parsed]]] = {
    "icalendar": parse_icalendar,
    "vobject": parse_vobject,
    "ics-py": parse_ics_py,
    "ical": parse_ical,
}
# recurring-ical-events runs apart (tests/rie_read.py); under CI=true it must be there
if rie_available() or os.environ.get("CI") == "true":
    PARSERS["recurring-ical-events"] = parse_rie


def parse_all(data: bytes) -> dict[str, dict[str, Parsed]]:
    """parser name -> UID -> what that parser read."""
    return {name: parse(data) for name, parse in PARSERS.items()}


def busy_uid(uid: str) -> str:
    """The UID the busy-only copy of a session carries: ``-busy`` before the ``@``."""
    local, at, domain = uid.rpartition("@")
    return f"{local}-busy@{domain}" if at else f"{uid}-busy"


def check_against_plan(plan: Plan, data: bytes, *, busy_only: bool = False) -> list[str]:
    """Every way the file disagrees with the plan, per parser (empty when all is well)."""
    want = expected_slots(plan)
    if busy_only:
        want = {busy_uid(uid): slot for uid, slot in want.items()}
    problems: list[str] = []
    uids = [busy_uid(s.uid) if busy_only else s.uid for s in plan.sessions]
    if len(set(uids)) != len(uids):
        problems.append("the plan itself repeats a UID")
    if data.count(b"BEGIN:VEVENT") != len(uids):
        problems.append(f"{data.count(b'BEGIN:VEVENT')} VEVENTs for {len(uids)} sessions")
    tz = package_zone(plan.timezone) if plan.timezone else None
    for name, events in parse_all(data).items():
        if set(events) != set(uids):
            problems.append(f"{name}: UIDs differ from the plan's "
                            f"({len(set(events) ^ set(uids))} differ)")
        for uid, got in events.items():
            exp = want.get(uid)
            if exp is None:
                continue
            if isinstance(exp.start, dt.datetime):
                assert tz is not None and isinstance(exp.end, dt.datetime)
                # compare in UTC: PEP 495 makes == across zones False for a repeated wall time
                want_start, want_end = exp.start.astimezone(dt.UTC), exp.end.astimezone(dt.UTC)
                if not isinstance(got.start, dt.datetime) or got.start != want_start:
                    problems.append(f"{name}: {uid} starts {got.start}, expected {exp.start}")
                    continue
                local = got.start.astimezone(tz)
                if (local.replace(tzinfo=None), local.fold) != (
                        exp.start.replace(tzinfo=None), exp.start.fold):
                    problems.append(f"{name}: {uid} wall time {local}, expected {exp.start}")
                if exp.asked is not None and not exp.moved and local.time() != exp.asked:
                    problems.append(f"{name}: {uid} at {local.time()}, asked {exp.asked}")
                if got.end != want_end:
                    problems.append(f"{name}: {uid} ends {got.end}, expected {exp.end}")
            else:
                if isinstance(got.start, dt.datetime) or got.start != exp.start:
                    problems.append(f"{name}: {uid} all-day start {got.start}, not {exp.start}")
                if got.end != exp.end:
                    problems.append(f"{name}: {uid} all-day end {got.end}, expected {exp.end} "
                                    "(exclusive)")
    return problems


def lint(data: bytes) -> list[str]:
    """RFC 5545 line rules: CRLF, at most 75 octets, whole UTF-8 characters, no controls."""
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("does not end with CRLF")
    lines = data.split(b"\r\n")[:-1]
    for n, line in enumerate(lines, 1):
        if b"\r" in line or b"\n" in line:
            problems.append(f"line {n}: bare CR or LF")
        if len(line) > 75:
            problems.append(f"line {n}: {len(line)} octets")
        try:
            text = line.decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"line {n}: splits a UTF-8 character")
            continue
        if any((ord(c) < 32 and c != "\t") or ord(c) == 127 for c in text):
            problems.append(f"line {n}: control character")
        if n > 1 and text[:1] not in (" ", "\t") and ":" not in text:
            problems.append(f"line {n}: no colon")
    return problems
