"""The terminal preview of a plan (``planforge show``): a plan in, lines of text out.

Pure: no I/O, no clock, no terminal look-ups. The lines never take more than
:data:`WIDTH` terminal columns (wide characters count 2), whatever the plan holds:

1. a heading: the goal, length, level, dates and what the plan holds;
2. a grid, one row per week and one column per weekday, in the plan's own week order (the
   start date's weekday first, so a row is exactly one plan week); each cell is a session's
   short label (:func:`planforge.formats.digest.short_label`), several sessions on a day stacked in
   the cell, rest days blank, deload weeks marked ``*``; then a legend;
3. a bar chart of each week's running and on-feet minutes;
4. for a plan with a record (``planforge missed``, ``done``), planned against done for the
   weeks so far; a done workout's cell is marked ``\u2713``, a missed one's ``\u2717``
   (in place of its letter);
5. the summary, what was left out, and the notes.

Each piece of text goes through ``style(text, role)`` (roles: ``title``, ``head``, ``run``,
``hard``, ``strength``, ``mobility``, ``deload``, ``bar-run``, ``bar-walk``, ``dim``,
``done``, ``missed``); the
default leaves it plain. The command line passes one that adds ANSI colours
(:func:`planforge.cli.show.ansi_style`, with ``click.style``), so this module needs no
terminal library.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable

from ..core.engine.strength import equipment_words
from ..core.model import Plan, Session
from ..core.wording import clean_text
from .digest import (
    DONE_MARK,
    LABEL_WIDTH,
    MISSED_MARK,
    WEEKDAY_TITLES,
    WeekLoad,
    counts_phrase,
    level_words,
    marked_label,
    number,
    record_weeks,
    short_label,
    weekly_load,
    weeks_phrase,
)

WIDTH = 80
DELOAD_MARK = "*"
#: the grid's left column: week number, deload mark, the date the week starts
_WEEK_COLUMN = 11  # "12* 14 Feb "
_BAR_WIDTH = 60
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: (label, meaning) pairs, shown two to a line under the grid
LEGEND: tuple[tuple[str, str], ...] = (
    ("R 8x1/1.5", "8 x (run 1, walk 1.5 min)"),
    ("R 5-8-5", "5, 8, 5-min runs + walks"),
    ("R 25", "run 25 min non-stop"),
    ("H 6x8s", "6 uphill sprints of 8 s"),
    ("I 6x30s", "6 fast 30 s, jog between"),
    ("S glutes", "strength, mostly glutes"),
    ("S full", "strength + upper body"),
    ("M", "mobility"),
    (DELOAD_MARK, "deload week: easier"),
    ("blank", "rest day"),
)
FALLBACK_LEGEND = ("R~16", "16 min running in all")
WALK_LEGEND = ("W", "brisk walk")  # shown when the plan has walks (R30)

Style = Callable[[str, str], str]


def _plain(text: str, role: str) -> str:
    return text


def preview_lines(plan: Plan, *, style: Style = _plain) -> list[str]:
    """The whole preview, one string per line (no newlines), each piece through ``style``."""
    weeks = weekly_load(plan)
    lines: list[str] = []
    lines += _heading(plan, style)
    lines.append("")
    lines += _grid(plan, weeks, style)
    lines.append("")
    lines += [style(line, "dim") for line in _legend(weeks)]
    lines.append("")
    lines += _chart(weeks, style)
    lines.append("")
    record = _record(plan, style)
    if record:
        lines += [*record, ""]
    lines += _texts(plan, style)
    return lines


# -- text width -------------------------------------------------------------------------------


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide (East Asian, most emoji) 2, combining marks 0."""
    width = 0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def fit(text: str, width: int) -> str:
    """``text`` cut to at most ``width`` columns (never splitting a wide character)."""
    out: list[str] = []
    used = 0
    for char in text:
        w = display_width(char)
        if used + w > width:
            break
        out.append(char)
        used += w
    return "".join(out)


def pad(text: str, width: int) -> str:
    """``text`` cut or padded with spaces to exactly ``width`` columns."""
    text = fit(text, width)
    return text + " " * (width - display_width(text))


def wrap(text: str, width: int = WIDTH, *, first: str = "", rest: str = "") -> list[str]:
    """Greedy word wrap by display width; a word longer than a line is split."""
    words = clean_text(text, single_line=True).split()
    lines: list[str] = []
    line = first
    has_word = False
    for word in words:
        while True:
            sep = " " if has_word else ""
            if display_width(line + sep + word) <= width:
                line += sep + word
                has_word = True
                break
            if has_word:
                lines.append(line)
                line, has_word = rest, False
                continue
            # a word wider than a whole line: put what fits, carry the rest
            room = width - display_width(line)
            head = fit(word, room) or word[:1]
            lines.append(line + head)
            word = word[len(head):]
            line = rest
            if not word:
                break
    if has_word or not lines:
        lines.append(line)
    return [ln.rstrip() for ln in lines]


# -- sections ---------------------------------------------------------------------------------


def _date(day: dt.date) -> str:
    return f"{day.day:>2} {_MONTHS[day.month - 1]}"


def _heading(plan: Plan, style: Style) -> list[str]:
    goal = clean_text(plan.goal_title, single_line=True) or plan.goal
    head = f"{goal}: {weeks_phrase(plan.weeks)} for a {level_words(plan)}"
    lines = [style(line, "title") for line in wrap(head)]
    lines += wrap(f"{plan.start.isoformat()} to {plan.end.isoformat()}, {counts_phrase(plan)}")
    lines += _times(plan)
    return lines


def _times(plan: Plan) -> list[str]:
    """For a timed plan: its times and zone, and week 1's workouts on the clock."""
    from .clock import session_times, times_phrase

    phrase = times_phrase(plan)
    if not phrase:
        return []
    first = min((s.week for s in plan.sessions), default=1)
    days: dict[dt.date, list[str]] = {}
    for session, when in zip(plan.sessions, session_times(plan), strict=True):
        if when is not None and session.week == first:
            days.setdefault(session.date, []).append(f"{when.span()} {session.kind}")
    week = "; ".join(f"{WEEKDAY_TITLES[d.weekday()]} {', '.join(v)}"
                     for d, v in sorted(days.items()))
    text = f"Times {phrase}; a second workout on a day starts when the first ends."
    if week:
        text += f" Week {first}: {week}"
    return wrap(text)



def _role(session: Session) -> str:
    if session.missed:
        return "missed"
    if session.done is not None:
        return "done"
    if session.kind == "run":
        return "hard" if session.hard else "run"
    return session.kind if session.kind in ("strength", "mobility", "walk") else "run"


def _week_mark(week: WeekLoad, style: Style) -> str:
    """``" 9* "``: the week number, the deload mark, a space; 4 columns (``"100*"`` past 99,
    which only a plan file can reach)."""
    number_ = f"{week.week:>2}"
    mark = style(DELOAD_MARK, "deload") if week.deload else " "
    return number_ + mark + (" " if len(number_) < 3 else "")


def _grid(plan: Plan, weeks: list[WeekLoad], style: Style) -> list[str]:
    first = plan.start.weekday()
    columns = [WEEKDAY_TITLES[(first + i) % 7] for i in range(7)]
    header = pad("Wk  Starts", _WEEK_COLUMN) + " ".join(pad(c, LABEL_WIDTH) for c in columns)
    lines = [style(header.rstrip(), "head")]
    for week in weeks:
        days = week.days()
        height = max([1, *(len(sessions) for _, sessions in days)])
        for row in range(height):
            if row == 0:
                prefix = f"{_week_mark(week, style)}{_date(week.start)} "
            else:
                prefix = " " * _WEEK_COLUMN
            cells = []
            for _, sessions in days:
                if row < len(sessions):
                    session = sessions[row]
                    label = fit(marked_label(session), LABEL_WIDTH)
                    gap = " " * (LABEL_WIDTH - display_width(label))
                    cells.append(style(label, _role(session)) + gap)
                else:
                    cells.append(" " * LABEL_WIDTH)
            lines.append((prefix + " ".join(cells)).rstrip())
    return lines


def _legend(weeks: list[WeekLoad]) -> list[str]:
    entries = list(LEGEND)
    if any(s.recorded for w in weeks for s in w.sessions):
        entries += [(f"{DONE_MARK} 8x1/1.5", "done (the record says so)"),
                    (f"{MISSED_MARK} 8x1/1.5", "missed")]
    if any("~" in short_label(s) for w in weeks for s in w.sessions):
        entries.insert(3, FALLBACK_LEGEND)
    if any(s.kind == "walk" for w in weeks for s in w.sessions):
        entries.insert(entries.index(("M", "mobility")) + 1, WALK_LEGEND)
    lines = []
    for i in range(0, len(entries), 2):
        pair = entries[i:i + 2]
        line = "Key  " if i == 0 else "     "
        line += "".join(pad(code, 11) + pad(text, 27) for code, text in pair)
        lines.append(line.rstrip())
    return lines


def _chart(weeks: list[WeekLoad], style: Style) -> list[str]:
    title = "Minutes a week: # running, = walking (main sets; warm-ups and cool-downs apart)"
    head = pad("", 4 + _BAR_WIDTH) + f"{'run':>5}{'on feet':>9}"
    lines = [style(title, "head"), style(head.rstrip(), "dim")]
    top = max((w.on_feet_min for w in weeks), default=0.0)
    for week in weeks:
        feet_len = run_len = 0
        if top > 0:
            feet_len = round(week.on_feet_min / top * _BAR_WIDTH)
            run_len = min(feet_len, round(week.run_min / top * _BAR_WIDTH))
            if week.run_min > 0 and run_len == 0:
                run_len = 1
            feet_len = max(feet_len, run_len)
            if week.on_feet_min > week.run_min and feet_len == run_len and feet_len < _BAR_WIDTH:
                feet_len += 1  # some walking: let it show
        bar = style("#" * run_len, "bar-run") + style("=" * (feet_len - run_len), "bar-walk")
        gap = " " * (_BAR_WIDTH - feet_len)
        lines.append(f"{_week_mark(week, style)}{bar}{gap}"
                     f"{number(round(week.run_min)):>5}{number(round(week.on_feet_min)):>9}")
    return lines


def _record(plan: Plan, style: Style) -> list[str]:
    """Planned against done, week by week, for the weeks so far (a plan with a record)."""
    weeks = record_weeks(plan)
    if not weeks:
        return []
    lines = [style("Planned vs done, the weeks so far (minutes of running; the longest "
                   "run without stopping)", "head"),
             style("Wk  Starts  done missed open   run planned  done   longest planned  done",
                   "dim")]
    for w in weeks:
        short = w.done_run_min < 0.75 * w.planned_run_min - 1e-9 and w.done
        row = (f"{w.week:>2}  {_date(w.start)} {w.done:>4} {w.missed:>6} {w.open:>4} "
               f"{number(round(w.planned_run_min, 1)):>13} {number(round(w.done_run_min, 1)):>5}"
               f" {number(round(w.planned_longest_min, 1)):>17} "
               f"{number(round(w.done_longest_min, 1)):>5}")
        role = "missed" if w.missed and not w.done else ("hard" if short else "dim")
        lines.append(style(row, role) if role != "dim" else row)
    return lines


def _texts(plan: Plan, style: Style) -> list[str]:
    lines = [style("Summary", "head")]
    lines += wrap(plan.summary)
    lines += ["", style("Equipment", "head")]
    for text in equipment_words(plan):
        lines += wrap(text, first="- ", rest="  ")
    left_out = [t for t in (clean_text(x, single_line=True) for x in plan.left_out) if t]
    if left_out:
        lines += ["", style("Left out", "head")]
        for text in left_out:
            lines += wrap(text, first="- ", rest="  ")
    notes = [t for t in (clean_text(x, single_line=True) for x in plan.notes) if t]
    if notes:
        lines += ["", style("Notes", "head")]
        for text in notes:
            lines += wrap(text, first="- ", rest="  ")
    return lines
