"""Plain-text descriptions of a session: what a person follows on a phone mid-workout.

Pure functions shared by every writer (.ics, Markdown, ...): no I/O, no clock, no
calendar library. Every repeat of a run's main set is spelled out as its own numbered
line, so nobody has to count in their head while running.

Text that comes from user files (titles, notes, exercise names, cues) goes through
:func:`clean_text`, which removes control characters a calendar file could misread.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from datetime import date

from .model import Block, Exercise, Plan, Segment, Session

#: Google Calendar's documented (second-hand) limit on an event description, in characters
GOOGLE_DESCRIPTION_LIMIT = 8000
#: session_description keeps well under Google's limit, leaving room for a writer's own lines
MAX_DESCRIPTION_CHARS = 7500
TRUNCATION_NOTE = "(Shortened to fit a calendar event: the full session is in your plan file.)"

_KIND_LABEL = {"run": "Run", "strength": "Strength", "mobility": "Mobility", "walk": "Walk"}
#: characters some parsers treat as line breaks although they are not CR/LF
_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n",
                "\x0b": "\n", "\x0c": "\n"}
#: what clean_text drops: Unicode category Cc (C0 controls, DEL, C1 controls) but tab and
#: newline, category Cs (lone surrogates) and the byte-order mark. Both categories are fixed
#: ranges (Unicode's stability policy), so one regex does what a per-character
#: unicodedata.category() loop did, at C speed.
_DROPPED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufeff]")


def clean_text(text: str, *, single_line: bool = False) -> str:
    """``text`` with no control characters but newline and tab (and no newline if single_line).

    CR, CRLF and the Unicode line/paragraph separators become ``\\n``; every other C0/C1
    control character, lone surrogate and byte-order mark is dropped. With ``single_line``
    each run of line breaks becomes one space. Emoji and any other printable text stay.
    """
    # Nearly every text is clean already (it is called ~400 times per 8-week calendar), so
    # it is tested first at C speed: str.isprintable() is False for every character _clean
    # changes (the line breaks above are categories Cc, Zl and Zp; _DROPPED is Cc, Cs and
    # the BOM, Cf), so a printable text would come back as it is (stripped, as one line).
    if text.isprintable():
        return text.strip() if single_line else text
    if not single_line and text.replace("\n", "").isprintable():
        return text  # a clean multi-line text: newline is the one control character kept
    return _clean(text, single_line)


def _clean(text: str, single_line: bool) -> str:
    for old, new in _LINE_BREAKS.items():
        if old in text:
            text = text.replace(old, new)
    cleaned = _DROPPED.sub("", text)
    if single_line:
        cleaned = " ".join(part.strip() for part in cleaned.split("\n") if part.strip())
    return cleaned


def format_minutes(minutes: float) -> str:
    """``1.5`` -> ``"1 min 30 s"``, ``25`` -> ``"25 min"``, ``0.5`` -> ``"30 s"``.

    Rounded to whole seconds; zero or less is ``"0 min"``.
    """
    total = round(minutes * 60)
    if total <= 0:
        return "0 min"
    mins, secs = divmod(total, 60)
    parts = []
    if mins:
        parts.append(f"{mins} min")
    if secs:
        parts.append(f"{secs} s")
    return " ".join(parts)


def format_seconds(seconds: int) -> str:
    """``90`` -> ``"1 min 30 s"``, ``8`` -> ``"8 s"``."""
    return format_minutes(seconds / 60)


def kind_label(session: Session) -> str:
    """``"Run"``, ``"Strength"``, ``"Mobility"`` or ``"Walk"``."""
    return _KIND_LABEL.get(session.kind, session.kind.capitalize())


def calendar_name(plan: Plan) -> str:
    """The calendar's display name, e.g. ``"planforge: Stronger glutes (8 weeks)"``.

    Commas, semicolons and backslashes are left out: calendar apps disagree on whether the
    (non-standard) X-WR-CALNAME is escaped text.
    """
    weeks = f"{plan.weeks} week" + ("" if plan.weeks == 1 else "s")
    goal = clean_text(plan.goal_title, single_line=True)
    goal = " ".join(goal.replace(",", " ").replace(";", " ").replace("\\", " ").split())
    return f"planforge: {goal} ({weeks})"


def session_description(session: Session, *, plan: Plan,
                        max_chars: int | None = MAX_DESCRIPTION_CHARS) -> str:
    """The event description of ``session``: warm-up, every repeat, cool-down, exercises, notes.

    The text is plain (lines separated by ``\\n``) and never longer than ``max_chars``
    characters; a longer one is cut at a line boundary and ends with :data:`TRUNCATION_NOTE`.
    ``max_chars=None`` returns the whole text (writers use it to warn about the cut).
    """
    lines: list[str] = []
    if session.kind == "run":
        lines += _run_lines(session)
    elif session.kind == "strength":
        lines += _strength_lines(session)
    elif session.kind == "walk":
        lines += _walk_lines(session)
    else:
        lines += _mobility_lines(session)
    notes = [clean_text(n).strip() for n in session.notes]
    notes = [n for n in notes if n]
    if notes:
        lines += ["", "What to do:" if session.kind == "mobility" else "Notes:"]
        lines += [f"- {note}" for note in notes]
    goal = clean_text(plan.goal_title, single_line=True)
    lines += ["", f"Week {session.week} of {plan.weeks} of your {goal} plan (planforge)"]
    text = "\n".join(lines).strip("\n")
    if max_chars is not None and len(text) > max_chars:
        text = _truncate(text, max_chars)
    return text


def _truncate(text: str, max_chars: int) -> str:
    room = max_chars - len(TRUNCATION_NOTE) - 2
    if room <= 0:
        return TRUNCATION_NOTE[:max_chars]
    head = text[:room]
    cut = head.rfind("\n")
    if cut > room // 2:
        head = head[:cut]
    return head.rstrip() + "\n\n" + TRUNCATION_NOTE


# -- runs ---------------------------------------------------------------------------------

_RECOVERY = frozenset({"walk", "jog"})


def _run_lines(session: Session) -> list[str]:
    key = (session.workout, session.hard, session.warmup_min, session.cooldown_min,
           session.main)
    try:
        return list(_run_lines_remembered(*key))
    except TypeError:  # something unhashable where a tuple belongs: describe it afresh
        return _run_lines_of(session)


@functools.lru_cache(maxsize=1024)
def _run_lines_remembered(workout: str, hard: bool, warmup_min: float, cooldown_min: float,
                          main: tuple[Block, ...]) -> tuple[str, ...]:
    """A run's lines depend on these fields only (its minutes are derived from them)."""
    return tuple(_run_lines_of(Session(uid="", date=_ANY_DATE, week=1, kind="run",
                                       workout=workout, hard=hard, title="",  # type: ignore[arg-type]
                                       warmup_min=warmup_min, cooldown_min=cooldown_min,
                                       main=main)))


_ANY_DATE = date(2000, 1, 1)


def _run_lines_of(session: Session) -> list[str]:
    """Warm-up, main set, cool-down and the totals; a hard session's warm-up and cool-down
    are easy jogs and count as running (R18: its total running is stated truthfully)."""
    lines: list[str] = []
    hard = session.hard
    if session.warmup_min > 0:
        how = "easy jog, starting with a brisk walk" if hard else "brisk walk"
        lines.append(f"Warm-up: {format_minutes(session.warmup_min)} {how}")
    lines += _main_lines(session.main)
    if session.cooldown_min > 0:
        how = "easy jog" if hard else "walk"
        lines.append(f"Cool-down: {format_minutes(session.cooldown_min)} {how}")
    total = f"Total: {format_minutes(session.duration_min)}"
    if session.total_run_min > 0:
        total += f", {format_minutes(session.total_run_min)} of it running"
        if hard:
            total += " or jogging"
    lines.append(total)
    return lines


def _main_lines(blocks: tuple[Block, ...]) -> list[str]:
    """One block: its repeats as numbered steps. Several (a hard session): each block on its
    own, the repeats of each numbered from 1."""
    if len(blocks) <= 1:
        steps = list(_steps(blocks))
        if not steps:
            return []
        summary = _blocks_summary(blocks)
        head = "Main set" + (f": {summary}" if summary else "")
        if len(steps) == 1 and not summary:
            return [f"{head}: {steps[0]}"]
        return [head, *(f"{i}. {step}" for i, step in enumerate(steps, 1))]
    lines = ["Main set:"]
    for n, block in enumerate(blocks):
        inner = ", ".join(_segment_words(block.segments))
        if not inner or block.repeat < 1:
            continue
        then = ", then" if n < len(blocks) - 1 else ""
        if block.repeat == 1:
            lines.append(_capitalize(inner) + then)
            continue
        lines.append(f"{block.repeat} x ({inner}){then}:")
        lines += [f"{i}. {step}" for i, step in enumerate(_steps((block,)), 1)]
    return lines


def _blocks_summary(blocks: tuple[Block, ...]) -> str:
    """``"8 x (run 1 min, walk 1 min 30 s)"``; empty when nothing repeats (the steps say it all)."""
    if not any(block.repeat > 1 for block in blocks):
        return ""
    parts = []
    for block in blocks:
        if not block.segments or block.repeat < 1:
            continue
        inner = ", ".join(_segment_words(block.segments))
        parts.append(f"{block.repeat} x ({inner})" if block.repeat > 1 else inner)
    return ", then ".join(parts)


def _steps(blocks: tuple[Block, ...]) -> Iterator[str]:
    """One line per repeat: a piece of work (run, fast, uphill sprint) and its recovery."""
    flat: list[Segment] = [
        segment
        for block in blocks
        for _ in range(max(block.repeat, 0))
        for segment in block.segments
        if segment.seconds > 0
    ]
    step: list[Segment] = []
    for segment in flat:
        work = segment.effort not in _RECOVERY
        if step and work and (step[-1].effort in _RECOVERY or step[-1].effort != segment.effort):
            yield _capitalize(", ".join(_segment_words(step)))
            step = []
        step.append(segment)
    if step:
        yield _capitalize(", ".join(_segment_words(step)))


def _segment_words(segments: Iterable[Segment]) -> list[str]:
    words = []
    previous: Segment | None = None
    for segment in segments:
        length = format_seconds(segment.seconds)
        effort = segment.effort
        if effort == "run":
            words.append(f"run {length}")
        elif effort == "fast":
            words.append(f"fast {length}")
        elif effort == "hill":
            words.append(f"sprint uphill {length}")
        elif effort == "stride":
            words.append(f"stride {length}")
        elif effort == "jog":
            after_hill = previous is not None and previous.effort == "hill"
            words.append(f"jog back down {length}" if after_hill else f"easy jog {length}")
        else:
            after_hill = previous is not None and previous.effort == "hill"
            words.append(f"walk back down {length}" if after_hill else f"walk {length}")
        previous = segment
    return words


def _capitalize(text: str) -> str:
    return text[:1].upper() + text[1:]


# -- strength and mobility ----------------------------------------------------------------


def _strength_lines(session: Session) -> list[str]:
    lines = []
    if session.minutes > 0:
        lines.append(f"Strength, about {format_minutes(session.minutes)}. "
                     "Do all sets of one exercise before the next.")
    if session.warmup_min > 0:
        lines.append(f"Warm-up, {format_minutes(session.warmup_min)}: {STRENGTH_WARMUP}")
    lines += [f"{i}. {exercise_line(e)}" for i, e in enumerate(session.exercises, 1)]
    return lines


#: what a strength session's warm-up is, after "Warm-up, 5 min: " (a watch shows it as the
#: warm-up step's notes)
STRENGTH_WARMUP = ("march or jog on the spot for 2 minutes, then 10 slow bodyweight squats, "
                   "10 hip hinges, 10 arm circles each way and 5 lunges each leg.")
#: the word for each piece of equipment that a name mentioning it contains
_EQUIPMENT_WORDS = {"mat": "mat", "chair": "chair", "towel": "towel", "band": "band",
                    "dumbbells": "dumbbell", "bench": "bench", "foam-roller": "foam roller"}


def exercise_line(exercise: Exercise) -> str:
    """``"Glute bridge, 2-s hold: 2 x 12 (rest 75 s) - Drive through your heels..."``."""
    try:
        return _exercise_line_remembered(exercise)
    except TypeError:  # something unhashable where a tuple belongs
        return _exercise_line(exercise)


@functools.lru_cache(maxsize=1024)
def _exercise_line_remembered(exercise: Exercise) -> str:
    return _exercise_line(exercise)


def _exercise_line(exercise: Exercise) -> str:
    name = clean_text(exercise.name, single_line=True)
    needs = [clean_text(p, single_line=True) for p in exercise.equipment]
    if not needs and exercise.load != "bodyweight":  # a plan file from before equipment
        needs = [clean_text(exercise.load, single_line=True)]
    missing = [p for p in needs if p and _EQUIPMENT_WORDS.get(p, p) not in name.lower()]
    if missing:  # "Goblet squat (dumbbells)", never "Dumbbell walking lunge (dumbbell)"
        name += f" ({', '.join(missing)})"
    unit = " s" if exercise.unit == "seconds" else ""
    low, high = exercise.rep_range
    dose = f"{exercise.sets} x {exercise.reps}{unit}"
    if low < high:  # "3 x 8-12, aim for 10": the range, and where this week is in it
        dose = f"{exercise.sets} x {low}-{high}{unit}, aim for {exercise.reps}{unit}"
    if exercise.per_side:
        dose += " each side"
    line = f"{name}: {dose} (rest {exercise.rest_s} s)"
    cue = clean_text(exercise.cue, single_line=True)
    if cue:
        line += f" - {cue}"
    return line


def _walk_lines(session: Session) -> list[str]:
    if session.minutes <= 0:
        return []
    return [f"Brisk walk, {format_minutes(session.minutes)}: fast enough to breathe harder, "
            "slow enough to talk."]


def _mobility_lines(session: Session) -> list[str]:
    lines = []
    if session.minutes > 0:
        lines.append(f"Mobility, about {format_minutes(session.minutes)}.")
    for exercise in session.exercises:
        lines.append(f"- {exercise_line(exercise)}")
    return lines

