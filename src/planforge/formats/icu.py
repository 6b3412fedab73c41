"""The plan as intervals.icu workout text: what its workout builder reads, one day at a time.

intervals.icu syncs planned workouts to Garmin, COROS, Wahoo, Suunto and Polar watches, so this
plain text (no dependency) gets the same sessions onto those watches. The syntax followed,
as documented on intervals.icu's forum ("Workout builder", https://forum.intervals.icu/t/
workout-builder/1163, and its "Workout Builder Syntax Quick Guide",
https://forum.intervals.icu/t/workout-builder-syntax-quick-guide/123701):

* a step is a line ``- [cue] DURATION [target]``; text before the duration is the cue the
  watch shows; durations are ``30s``, ``10m``, ``1h``, combined ``5m30s`` (``m`` is minutes,
  never metres);
* a repeat is a header line ending in ``Nx`` (``Main set 8x``) followed by its steps, with an
  empty line before and after the block; nested repeats are not supported;
* other lines are text: section titles and the workout's description.

planforge prescribes effort by feel (talk test, "hard but relaxed"), so its steps carry no
pace, heart-rate or power target: each step is its cue and its duration.

A strength session lists each exercise as its FIT workout does (:mod:`.fit`): the warm-up a
step, then per exercise the plan's line for it (name, range, aim, rest, cue) as text and its
sets as a repeat of the work (a step a side for a one-sided exercise) and the rest. The
builder has no reps, so a reps step is timed at the plan's own estimate of a set
(:data:`~planforge.core.engine.strength.SECONDS_PER_REP` a rep) and its cue says the reps in
words (``- Goblet squat ten reps 30s``): a cue holds letters and spaces only, so the parser
never takes part of it for a duration or a target. A hold is timed at its seconds. Mobility
sessions are their movements as text lines and one timed step for the whole session.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence

from ..core.engine.strength import SECONDS_PER_REP
from ..core.model import Block, Exercise, Plan, Session
from ..core.wording import calendar_name, clean_text, exercise_line
from .steps import SIDES, effort_step

_WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
                  "Sunday")
#: a repeat block's header by the work it repeats; anything else is the main set
_REPEAT_LABELS = {"hill": "Hill sprints", "fast": "Intervals", "stride": "Strides"}
_ENDS_IN_REPEAT = re.compile(r"\d\s*[xX]\s*$")


def duration_text(seconds: int) -> str:
    """``90`` -> ``"1m30s"``, ``1500`` -> ``"25m"``, ``3600`` -> ``"1h"``, ``8`` -> ``"8s"``."""
    hours, rest = divmod(max(seconds, 0), 3600)
    mins, secs = divmod(rest, 60)
    text = (f"{hours}h" if hours else "") + (f"{mins}m" if mins else "") + (
        f"{secs}s" if secs else "")
    return text or "0s"


def session_text(session: Session) -> str:
    """The workout text of ``session`` for intervals.icu's workout builder."""
    lines = [_text_line(session.title), ""]
    lines += _run_lines(session) if session.kind == "run" else _other_lines(session)
    return "\n".join(_single_blanks(lines)).strip("\n")


def render_icu(plan: Plan, *, weeks: tuple[int, int] | None = None) -> bytes:
    """The plan's sessions of ``weeks`` (first, last; all when None) as one text file:
    a heading per calendar day, then each of that day's workouts."""
    from .fitfolder import last_week, window_sessions  # the dates' weeks, as for FIT

    first, last = weeks or (1, last_week(plan))
    sessions = window_sessions(plan, (first, last))
    span = f"week {first}" if first == last else f"weeks {first}-{last}"
    out = [f"{calendar_name(plan)}: {span} as intervals.icu workouts",
           "Paste the text of each workout (below its date) into a workout in intervals.icu: "
           "its workout builder reads it."]
    for day, group in _by_day(sessions):
        out += ["", f"=== {day.isoformat()} {_WEEKDAY_NAMES[day.weekday()]} ==="]
        for session in group:
            out += ["", session_text(session)]
    return ("\n".join(out).rstrip("\n") + "\n").encode("utf-8")


def _by_day(sessions: Sequence[Session]) -> list[tuple[dt.date, list[Session]]]:
    days: dict[dt.date, list[Session]] = {}
    for session in sessions:
        days.setdefault(session.date, []).append(session)
    return sorted(days.items())


def _run_lines(session: Session) -> list[str]:
    lines: list[str] = []
    hard = session.workout in ("intervals", "hills")
    if session.warmup_min > 0:
        cue = ("Easy jog" if hard else "Brisk walk or very easy jog"
               if session.workout == "easy" else "Brisk walk")
        lines += ["", "Warmup", f"- {cue} {duration_text(round(session.warmup_min * 60))}"]
    plain_open = False
    for block in session.main:
        steps = list(_block_steps(block))
        if block.repeat < 1 or not steps:
            continue
        if block.repeat > 1:
            lines += ["", f"{_repeat_label(block)} {block.repeat}x", *steps, ""]
            plain_open = False
        else:
            if not plain_open:
                lines += ["", "Main set"]
            lines += steps
            plain_open = True
    if session.cooldown_min > 0:
        cue = "Walk" if session.workout == "run-walk" else "Easy jog or walk"
        lines += ["", "Cooldown", f"- {cue} {duration_text(round(session.cooldown_min * 60))}"]
    return lines


def _block_steps(block: Block) -> Iterator[str]:
    previous = None
    for segment in block.segments:
        if segment.seconds <= 0:
            continue
        _, name = effort_step(segment.effort, previous)
        yield f"- {_cue(name)} {duration_text(segment.seconds)}"
        previous = segment


def _repeat_label(block: Block) -> str:
    for segment in block.segments:
        if segment.effort in _REPEAT_LABELS:
            return _REPEAT_LABELS[segment.effort]
    return "Main set"


def _cue(name: str) -> str:
    """A cue the parser cannot take for a duration or a target: letters and spaces only."""
    return " ".join(re.sub(r"[^A-Za-z ]+", " ", name).split()) or "Step"


def _strength_lines(session: Session) -> list[str]:
    """The warm-up, then each exercise: its line of the plan, and its sets as a repeat."""
    lines = ["Do all sets of one exercise before the next."]
    if session.warmup_min > 0:
        lines += ["", "Warmup", f"- Warm up {duration_text(round(session.warmup_min * 60))}"]
    for exercise in session.exercises:
        lines += ["", _text_line(exercise_line(exercise))]
        if exercise.sets < 1 or exercise.reps < 1:
            continue
        steps = _set_steps(exercise)
        if exercise.sets > 1:
            lines += ["", f"{_cue(_words_only(exercise.name))} {exercise.sets}x", *steps, ""]
        else:
            lines += steps
    return lines


def _set_steps(exercise: Exercise) -> list[str]:
    """One set: the work (a step a side for a one-sided exercise), then the rest."""
    name = _words_only(exercise.name)
    steps = []
    for side in SIDES if exercise.per_side else ("",):
        if exercise.unit == "seconds":
            steps.append(f"- {_cue(name + side)} {duration_text(exercise.reps)}")
        else:
            reps = f"{number_words(exercise.reps)} rep{'s' if exercise.reps != 1 else ''}"
            steps.append(f"- {_cue(f'{name}{side} {reps}')} "
                         f"{duration_text(exercise.reps * SECONDS_PER_REP)}")
    if exercise.rest_s > 0:
        steps.append(f"- Rest {duration_text(exercise.rest_s)}")
    return steps


def _words_only(name: str) -> str:
    """``Glute bridge, 2-s hold`` -> ``Glute bridge, hold``: a name without its words that
    hold digits, which a cue cannot carry (and which would leave ``s`` alone in it)."""
    return " ".join(w for w in clean_text(name, single_line=True).split()
                    if not any(c.isdigit() for c in w))


_ONES = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
         "eighteen", "nineteen")
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def number_words(n: int) -> str:
    """``12`` -> ``twelve``, ``45`` -> ``forty five``, ``120`` -> ``one hundred twenty``: a
    count in a cue, where digits could be read as a duration."""
    if n >= 1000:
        thousands, rest = divmod(n, 1000)
        return f"{number_words(thousands)} thousand" + (f" {number_words(rest)}" if rest else "")
    if n >= 100:
        hundreds, rest = divmod(n, 100)
        return f"{_ONES[hundreds]} hundred" + (f" {number_words(rest)}" if rest else "")
    if n >= 20:
        tens, rest = divmod(n, 10)
        return _TENS[tens - 2] + (f" {_ONES[rest]}" if rest else "")
    return _ONES[max(n, 0)]


def _other_lines(session: Session) -> list[str]:
    if session.kind == "strength" and any(e.sets >= 1 and e.reps >= 1
                                          for e in session.exercises):
        return _strength_lines(session)
    lines = []
    if session.kind == "strength":
        lines.append("Do all sets of one exercise before the next.")
        lines += [_text_line(exercise_line(e)) for e in session.exercises]
    else:
        lines += [_text_line(note) for note in session.notes]
    label = {"strength": "Strength", "walk": "Brisk walk"}.get(session.kind, "Mobility")
    if session.minutes > 0:
        lines += ["", f"- {label} {duration_text(round(session.minutes * 60))}"]
    return lines


def _text_line(text: str) -> str:
    """A line of text that the builder cannot read as a step or a repeat header."""
    line = clean_text(text, single_line=True).lstrip("-\u2013\u2014 \t")
    if _ENDS_IN_REPEAT.search(line):
        line += "."
    return line


def _single_blanks(lines: list[str]) -> list[str]:
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    return out
