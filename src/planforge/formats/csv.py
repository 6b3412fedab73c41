"""A plan as CSV (``--format csv``): one row per workout, for spreadsheets.

``start``, ``end`` and ``timezone``: a timed workout's local clock times (``07:00``; an
``end`` on the next day is past midnight) and its IANA zone; empty for an all-day one.

RFC 4180 through the csv module: a header row, CRLF line ends, UTF-8 without a byte-order
mark, fields quoted when they need it. Minutes are numbers as in the JSON format (ints when
whole, else 2 decimals). Lists (exercises, notes) are joined with `` | `` in one cell.

A text cell that a spreadsheet would run as a formula (one starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) gets a leading ``'`` so it is shown as text: plan
files may come from strangers.
"""

from __future__ import annotations

import csv
import io

from ..core.model import Exercise, Plan, Session
from ..core.wording import clean_text
from .clock import When, session_times
from .digest import short_title, weekday_name
from .json import minutes

COLUMNS: tuple[str, ...] = (
    "date", "weekday", "start", "end", "timezone", "week", "kind", "workout", "hard",
    "deload", "title", "duration_min",
    "warmup_min", "run_min", "walk_min", "cooldown_min", "longest_run_min", "on_feet_min",
    "exercises", "notes", "uid",
)
LIST_SEPARATOR = " | "
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(text: str) -> str:
    """``text`` as a spreadsheet shows it: a would-be formula gets a leading ``'``."""
    return "'" + text if text.startswith(_FORMULA_START) else text


def _text(value: str) -> str:
    return safe_cell(clean_text(value, single_line=True))


def exercise_cell(exercise: Exercise) -> str:
    """``"Static split squat 2 x 8 each side"``: the variation and its dose, no cue."""
    amount = f"{exercise.reps} s" if exercise.unit == "seconds" else str(exercise.reps)
    dose = f"{exercise.sets} x {amount}" + (" each side" if exercise.per_side else "")
    return f"{clean_text(exercise.name, single_line=True)} {dose}"


def _row(session: Session, when: When | None, zone: str) -> list[str | int | float]:
    return [
        session.date.isoformat(),
        weekday_name(session.date),
        "" if when is None else when.start.strftime("%H:%M"),
        "" if when is None else when.end.strftime("%H:%M"),
        "" if when is None else _text(zone),
        session.week,
        _text(session.kind),
        _text(session.workout),
        "yes" if session.hard else "no",
        "yes" if session.deload else "no",
        _text(short_title(session)),
        minutes(session.duration_min),
        minutes(session.warmup_min),
        minutes(session.run_min),
        minutes(session.walk_min),
        minutes(session.cooldown_min),
        minutes(session.longest_run_min),
        minutes(session.on_feet_min),
        _text(LIST_SEPARATOR.join(exercise_cell(e) for e in session.exercises)),
        _text(LIST_SEPARATOR.join(clean_text(n, single_line=True) for n in session.notes)),
        _text(session.uid),
    ]


def render_csv(plan: Plan) -> bytes:
    """The CSV file as UTF-8 bytes: the header row, then one row per session in plan order."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for session, when in zip(plan.sessions, session_times(plan), strict=True):
        writer.writerow(_row(session, when, plan.timezone or ""))
    return out.getvalue().encode("utf-8")
