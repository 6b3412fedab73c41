"""Watch workouts as FIT files: one workout file per session and a schedule file for a window.

A run becomes a running workout: a warm-up step, the main set with real repeat steps
(``8 x (run 1 min, walk 1 min 30 s)`` is two steps and one repeat step, not 16 steps), a
cool-down step. The schedule file (``schedule.fit``) puts each workout of the chosen weeks
on its date.

A strength session becomes a strength workout (sport ``training``, sub-sport
``strength_training``), encoded as Garmin's own strength workouts are: the warm-up is a timed
``warmup`` step (category ``warm_up``); each exercise is a repeat block of its sets: a work
step with the exercise's ``exercise_category`` and, where the FIT profile has one,
``exercise_name`` (the template's ``fit`` field, :mod:`planforge.goals.fitnames`), then a
``rest`` step of the plan's rest. The work step counts reps (``duration_type`` ``reps``, the
week's reps: the aim the plan gives inside the variation's range, which the step's notes
give in the plan's own words); a hold (unit seconds) is a timed step. A one-sided exercise
has a work step a side (left, then right) in each set. No step carries ``exercise_weight``:
the plans name a kind of load (a band, dumbbells), never a weight, and a weight is never
invented. An exercise without a FIT name keeps its category (the watch shows that) and its
own name in the step's name and notes. A mobility session becomes a flexibility workout: a
timed step per movement, the session's minutes shared among them.

The messages are built here as plain dicts (:func:`workout_messages`, pure, no SDK) and
encoded by Garmin's own FIT SDK (PyPI ``garmin-fit-sdk``, the optional extra
``planforge[fit]``; its licence is Garmin's FIT Protocol License, not an open-source one),
imported only when a file is encoded. Every value is written in the main field the FIT
profile defines, never in a sub-field: a time in ``duration_value`` (milliseconds, what the
``duration_time`` sub-field reads with its scale of 1000), reps in ``duration_value``
(``duration_reps``), a repeat's first step in ``duration_value`` (``duration_step``) and its
count in ``target_value`` (``repeat_steps``). The SDK's encoder silently drops a sub-field
name it is given, so writing ``repeat_steps`` directly would lose the count.

The bytes are deterministic: every time stamp is the plan's creation time (``plan.created``),
each file's serial number is derived from its session's UID (SHA-256), never the clock.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib
import re
from collections.abc import Iterable, Sequence
from types import ModuleType
from typing import Any

from ..core.model import Exercise, Plan, Segment, Session
from ..core.wording import STRENGTH_WARMUP, clean_text, exercise_line
from ..errors import ExtraMissingError
from ..goals.fitnames import FitProfile, load_profile
from .steps import SIDES, effort_step

#: what the command line says when the extra is missing (one line, exit code 1)
INSTALL_HINT = ('--format fit needs Garmin\'s FIT SDK, an optional extra: '
                'pip install "planforge[fit]"')
#: a workout's and a step's name: short enough for a watch's list (FIT itself allows 254 bytes)
NAME_BYTES = 32
#: a step's notes and a workout's description: a FIT string field holds at most 255 bytes,
#: the last of them the terminating NUL
NOTES_BYTES = 254

#: FIT's epoch: time stamps count seconds from 1989-12-31 00:00 (UTC, or local for local times)
FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)
#: ``manufacturer`` ``development``: no Garmin product id; the serial number tells files apart
MANUFACTURER = "development"
PRODUCT = 0

#: an exercise without a ``fit`` (a plan file from before it, a template of one's own that
#: gives none): its FIT exercise category by the exercise's id (the built-in templates' ids),
#: never a name
EXERCISE_CATEGORIES: dict[str, str] = {
    "hip-thrust": "hip_raise",
    "squat": "squat",
    "single-leg-squat": "squat",
    "lunge": "lunge",
    "single-leg-deadlift": "deadlift",
    "romanian-deadlift": "deadlift",
    "push-up": "push_up",
    "plank": "plank",
    "side-plank": "plank",
    "row": "row",
    "lateral-side-steps": "hip_stability",
    "side-leg-lifts": "hip_stability",
    "one-leg-hamstring-curl": "leg_curl",
}
#: else the category of the first of these words found in its id or name
_CATEGORY_WORDS: tuple[tuple[str, str], ...] = (
    ("thrust", "hip_raise"), ("bridge", "hip_raise"), ("deadlift", "deadlift"),
    ("squat", "squat"), ("lunge", "lunge"), ("step-up", "lunge"), ("push", "push_up"),
    ("plank", "plank"), ("row", "row"), ("hamstring", "leg_curl"), ("calf", "calf_raise"),
    ("crunch", "crunch"), ("sit-up", "sit_up"), ("clam", "hip_stability"),
    ("side", "hip_stability"),
)
UNKNOWN_CATEGORY = "unknown"
#: a strength session's warm-up (a mix of movements: the profile has no one name for it)
WARMUP_CATEGORY = "warm_up"


# ------------------------------------------------------------------------ the SDK, on demand


def require_sdk(option: str = "--format fit") -> ModuleType:
    """Garmin's FIT SDK; :class:`ExtraMissingError` (one line, exit 1) when it is missing,
    naming the ``option`` that needs it."""
    try:
        return importlib.import_module("garmin_fit_sdk")
    except ImportError:
        raise ExtraMissingError(INSTALL_HINT.replace("--format fit", option, 1)) from None


# ------------------------------------------------------------------------- session -> steps


Message = dict[str, Any]


def workout_messages(session: Session, *,
                     profile: FitProfile | None = None) -> tuple[Message, ...]:
    """The ``workout`` message and its ``workout_step`` messages for ``session`` (pure).

    Each dict holds the message's name under ``"mesg"`` and its fields by their FIT profile
    names, with values as the profile's types name them (``"running"``, ``"recovery"``),
    but ``exercise_name``: a number (a ``uint16`` in the profile, whose meaning depends on
    the step's ``exercise_category``), from ``profile`` (the committed copy of the FIT
    profile's tables, :mod:`planforge.goals.fitnames`; read here when not given).
    """
    if session.kind == "run":
        sport, sub_sport, steps = "running", "generic", _run_steps(session)
    elif session.kind == "strength":
        steps = _strength_steps(session, profile or load_profile())
        sport, sub_sport = "training", "strength_training"
    elif session.kind == "walk":  # a brisk walk (R30): one timed step
        sport, sub_sport, steps = "walking", "generic", [
            _step("Brisk walk", "time", _ms(session.minutes * 60), "active")]
    else:
        sport, sub_sport, steps = "training", "flexibility_training", _mobility_steps(session)
    if not steps:  # a hand-edited plan file's empty session: one step the watch can end
        steps = [_step(_title(session), "open", 0, "active")]
    numbered = [{"mesg": "workout_step", "message_index": i, **step}
                for i, step in enumerate(steps)]
    workout: Message = {
        "mesg": "workout",
        "sport": sport,
        "sub_sport": sub_sport,
        "num_valid_steps": len(numbered),
        "wkt_name": workout_name(session),
    }
    description = _cut(clean_text(session.title, single_line=True), NOTES_BYTES)
    if description:
        workout["wkt_description"] = description
    return (workout, *numbered)


def _step(name: str, duration_type: str, duration_value: int, intensity: str,
          notes: str = "", **extra: Any) -> Message:
    step: Message = {"wkt_step_name": _cut(name, NAME_BYTES)} if name.strip() else {}
    step["duration_type"] = duration_type
    if duration_type != "open":
        step["duration_value"] = duration_value
    step["target_type"] = "open"
    step["intensity"] = intensity
    if notes:
        step["notes"] = _cut(notes, NOTES_BYTES)
    step.update(extra)
    return step


def _repeat(first_index: int, count: int) -> Message:
    """Repeat the steps from ``first_index`` up to this one ``count`` times in all.

    ``duration_value`` is what the profile's ``duration_step`` sub-field reads and
    ``target_value`` what ``repeat_steps`` reads (see the module's docstring).
    """
    return {"duration_type": "repeat_until_steps_cmplt", "duration_value": first_index,
            "target_type": "open", "target_value": count}


def _ms(seconds: float) -> int:
    return round(seconds) * 1000


def _run_steps(session: Session) -> list[Message]:
    hard = session.workout in ("intervals", "hills")
    steps: list[Message] = []
    if session.warmup_min > 0:
        how = ("Easy jog, starting with a brisk walk" if hard else
               "Brisk walk or very easy jog" if session.workout == "easy" else "Brisk walk")
        steps.append(_step("Warm-up", "time", _ms(session.warmup_min * 60), "warmup", how))
    for block in session.main:
        segments = [s for s in block.segments if s.seconds > 0]
        if block.repeat < 1 or not segments:
            continue
        first = len(steps)
        previous: Segment | None = None
        for segment in segments:
            intensity, name = effort_step(segment.effort, previous)
            steps.append(_step(name, "time", _ms(segment.seconds), intensity))
            previous = segment
        if block.repeat > 1:
            steps.append(_repeat(first, block.repeat))
    if session.cooldown_min > 0:
        how = "Walk" if session.workout == "run-walk" else "Easy jog or walk"
        steps.append(_step("Cool-down", "time", _ms(session.cooldown_min * 60), "cooldown",
                           how))
    return steps


def _strength_steps(session: Session, profile: FitProfile) -> list[Message]:
    """The warm-up, then per exercise its sets as a repeat of work step(s) and a rest step
    (see the module's docstring)."""
    steps: list[Message] = []
    if session.warmup_min > 0:
        how = STRENGTH_WARMUP[:1].upper() + STRENGTH_WARMUP[1:]
        steps.append(_step("Warm-up", "time", _ms(session.warmup_min * 60), "warmup", how,
                           exercise_category=WARMUP_CATEGORY))
    for exercise in session.exercises:
        if exercise.sets < 1 or exercise.reps < 1:
            continue
        first = len(steps)
        steps += _work_steps(exercise, profile)
        if exercise.rest_s > 0:
            steps.append(_step("Rest", "time", _ms(exercise.rest_s), "rest"))
        if exercise.sets > 1:
            steps.append(_repeat(first, exercise.sets))
    return steps


def _work_steps(exercise: Exercise, profile: FitProfile) -> list[Message]:
    """One set's work: a reps step (a timed one for a hold), one a side for a one-sided
    exercise, each with its FIT exercise and the plan's line for it in the notes."""
    category, number = exercise_fit(exercise, profile)
    extra: dict[str, Any] = {"exercise_category": category}
    if number is not None:
        extra["exercise_name"] = number
    notes = exercise_line(exercise)
    name = clean_text(exercise.name, single_line=True)
    sides = SIDES if exercise.per_side else ("",)
    steps = []
    for side in sides:
        label = _cut(name, NAME_BYTES - len(side.encode("utf-8"))) + side
        if exercise.unit == "seconds":
            steps.append(_step(label, "time", _ms(exercise.reps), "active", notes, **extra))
        else:
            steps.append(_step(label, "reps", exercise.reps, "active", notes, **extra))
    return steps


def exercise_fit(exercise: Exercise, profile: FitProfile) -> tuple[str, int | None]:
    """``(exercise_category, exercise_name number or None)`` of ``exercise``: its ``fit``
    (from its template, checked against the FIT profile), else a category guessed from its
    id or name and no name (never one that may not be the exercise)."""
    if exercise.fit and profile.problem(exercise.fit) is None:
        return profile.number(exercise.fit)
    known = exercise.fit.partition(".")[0]
    if known in profile.categories and known != "unknown":
        return known, None
    return exercise_category(exercise), None


def exercise_category(exercise: Exercise) -> str:
    """The FIT exercise category of ``exercise`` without a ``fit``: by its id, else a word of
    its id or name (:data:`EXERCISE_CATEGORIES`, :data:`_CATEGORY_WORDS`)."""
    known = EXERCISE_CATEGORIES.get(exercise.exercise)
    if known is not None:
        return known
    text = f"{exercise.exercise} {exercise.name}".lower().replace(" ", "-")
    for word, category in _CATEGORY_WORDS:
        if word in text:
            return category
    return UNKNOWN_CATEGORY


def _mobility_steps(session: Session) -> list[Message]:
    """A timed step per movement, the session's minutes shared among them; a plan without
    its movements (a plan file from before) one timed step with the notes."""
    if session.minutes <= 0:
        return []
    total = round(session.minutes * 60)
    if not session.movements:
        notes = " / ".join(n for n in (clean_text(x, single_line=True) for x in session.notes)
                           if n)
        return [_step("Mobility", "time", total * 1000, "active", notes)]
    steps = []
    for movement, seconds in zip(session.movements, movement_seconds(total,
                                                                     len(session.movements)),
                                 strict=True):
        text = clean_text(movement, single_line=True)
        if seconds > 0:
            steps.append(_step(text or "Mobility", "time", seconds * 1000, "active", text))
    return steps


def movement_seconds(total: int, count: int) -> list[int]:
    """``total`` seconds shared among ``count`` movements: whole 5 s each when it shares out
    so, the first ones 5 s (else 1 s) longer until the sum is exactly ``total``."""
    if count < 1:
        return []
    unit = 5 if total % 5 == 0 and total >= 5 * count else 1
    base, extra = divmod(total // unit, count)
    return [(base + (1 if i < extra else 0)) * unit for i in range(count)]


def workout_name(session: Session) -> str:
    """``W1 Run/walk 8 x 1 min (28 min)``: the week and the title without its ``Week N:``,
    in at most :data:`NAME_BYTES` bytes (dropping a trailing ``(...)`` before cutting)."""
    name = f"W{session.week} {_title(session)}"
    if len(name.encode("utf-8")) > NAME_BYTES:
        name = re.sub(r"\s*\([^()]*\)$", "", name)
    return _cut(name, NAME_BYTES)


def _title(session: Session) -> str:
    """The session's title without its ``Week N:`` prefix."""
    title = clean_text(session.title, single_line=True)
    return re.sub(r"^Week \d+:\s*", "", title) or session.workout


def _cut(text: str, limit: int) -> str:
    """``text`` in at most ``limit`` bytes of UTF-8: cut after a whole word when one ends in
    the second half, else at a character boundary."""
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    head = data[:limit].decode("utf-8", errors="ignore")
    space = head.rfind(" ")
    if space > len(head) // 2:
        head = head[:space]
    return head.rstrip(" ,;:-/")


# ------------------------------------------------------------------------------- encoding


def fit_time(moment: dt.datetime) -> int:
    """A FIT ``date_time``: whole seconds since 1989-12-31 00:00 UTC (``moment`` is aware)."""
    return int((moment - FIT_EPOCH).total_seconds())


def fit_local_time(moment: dt.datetime) -> int:
    """A FIT ``local_date_time``: seconds since 1989-12-31 00:00 on the wearer's own wall
    clock (``moment``'s, aware or not)."""
    return int((moment.replace(tzinfo=None) - FIT_EPOCH.replace(tzinfo=None)).total_seconds())


def serial_number(key: str) -> int:
    """A ``uint32z`` serial number from ``key`` (a session's UID): the first 4 bytes of its
    SHA-256, never 0 (0 is the type's invalid value)."""
    value = int.from_bytes(hashlib.sha256(key.encode("utf-8")).digest()[:4], "big")
    return value or 1


def encode(messages: Iterable[Message]) -> bytes:
    """The FIT file of ``messages`` (each names its message type under ``"mesg"``)."""
    sdk = require_sdk()
    numbers = {name.lower(): number for name, number in sdk.Profile["mesg_num"].items()}
    encoder = sdk.Encoder()
    for message in messages:
        fields = {k: v for k, v in message.items() if k != "mesg"}
        encoder.write_mesg({"mesg_num": numbers[message["mesg"]], **fields})
    return bytes(encoder.close())


def file_id(kind: str, serial: int, plan: Plan) -> Message:
    return {"mesg": "file_id", "type": kind, "manufacturer": MANUFACTURER,
            "product": PRODUCT, "serial_number": serial,
            "time_created": fit_time(plan.created)}


def encode_workout(session: Session, *, plan: Plan, serial: int | None = None,
                   profile: FitProfile | None = None) -> bytes:
    """The FIT workout file of ``session`` (``profile``: see :func:`workout_messages`)."""
    serial = serial_number(session.uid) if serial is None else serial
    return encode([file_id("workout", serial, plan),
                   *workout_messages(session, profile=profile)])


def encode_schedule(scheduled: Sequence[tuple[Session, int]], *, plan: Plan) -> bytes:
    """The FIT schedule file: each (session, serial number of its workout file) on its date,
    at its start on the clock (:mod:`planforge.formats.clock`, as every writer has it;
    midnight for an all-day workout)."""
    from .clock import session_times

    key = "schedule:" + "\n".join(session.uid for session, _ in scheduled)
    messages = [file_id("schedules", serial_number(key), plan)]
    starts = {s.uid: when.start for s, when in zip(plan.sessions, session_times(plan),
                                                   strict=True) if when is not None}
    for session, serial in scheduled:
        messages.append({
            "mesg": "schedule", "manufacturer": MANUFACTURER, "product": PRODUCT,
            "serial_number": serial, "time_created": fit_time(plan.created),
            "completed": 0, "type": "workout",
            "scheduled_time": fit_local_time(
                starts.get(session.uid) or dt.datetime.combine(session.date, dt.time(0))),
        })
    return encode(messages)
