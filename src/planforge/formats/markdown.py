"""A plan as Markdown (``--format md``), to paste into a chat or a forum post.

Short on purpose: a heading, the summary, then one list per week with one line per training
day naming its workouts (the title, hard ones marked), what was left out and the notes. The
full instructions are in the .ics events and the HTML page.

Every piece of plan text is escaped, so a title or note can neither format nor link
(``*``, ``_``, ``[``, ``<``, backticks ... are backslash-escaped; a line cannot start a
heading, list or quote).
"""

from __future__ import annotations

import datetime as dt
import re

from ..core.model import Plan, Session
from ..core.wording import clean_text
from .clock import When, session_times, times_phrase
from .digest import WEEKDAY_TITLES, counts_phrase, level_words, short_title, weekly_load

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def md_escape(text: str) -> str:
    """Plan text as literal Markdown on one line: it can neither format, link nor start a block.

    Backslash-escapes (valid for any ASCII punctuation in CommonMark) what formats or links
    anywhere in a line (``\\ ` * _ [ ] < > | ~ & $ @``), the ``:`` of ``http:``-like schemes
    and the ``.`` of ``www.`` (GitHub's autolinks), and what would start a heading, quote,
    list or table at the start of the line. Ordinary prose (``.``, ``-``, ``:``) stays
    readable.
    """
    line = clean_text(text, single_line=True)
    line = re.sub(r"([\\`*_\[\]<>|~&$@])", r"\\\1", line)
    line = re.sub(r"(?i)\b(https?|ftp|mailto|file|javascript|data)(:)", r"\1\\\2", line)
    line = re.sub(r"(?i)\b(www)(\.)", r"\1\\\2", line)
    line = re.sub(r"^(\s*)([#>+=-])", r"\1\\\2", line)
    return re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", line)


def _date(day: dt.date) -> str:
    return f"{WEEKDAY_TITLES[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"


def _workout(session: Session, when: When | None) -> str:
    title = md_escape(short_title(session))
    title = f"{title} (hard)" if session.hard else title
    return title if when is None else f"{when.start:%H:%M} {title}"


def render_markdown(plan: Plan) -> bytes:
    """The Markdown text as UTF-8 bytes, ending in a newline."""
    goal = md_escape(plan.goal_title) or md_escape(plan.goal)
    weeks = plan.weeks
    lines = [
        f"# {goal}: {weeks}-week plan",
        "",
        f"**{md_escape(level_words(plan).capitalize())}**, {plan.start.isoformat()} to "
        f"{plan.end.isoformat()}, {md_escape(counts_phrase(plan))}",
        "",
    ]
    phrase = times_phrase(plan)
    if phrase:
        lines += [f"Times {md_escape(phrase)}; a second workout on a day starts when the "
                  "first ends.", ""]
    times = dict(zip((s.uid for s in plan.sessions), session_times(plan), strict=True))
    lines += [md_escape(p) for p in clean_text(plan.summary).split("\n") if p.strip()]
    left_out = [x for x in plan.left_out if clean_text(x).strip()]
    if left_out:
        lines += ["", "**Left out:**", ""]
        lines += [f"- {md_escape(x)}" for x in left_out]
    for week in weekly_load(plan):
        head = f"## Week {week.week} ({_date(week.start)} to {_date(week.end)})"
        if week.deload:
            head += ", deload week"
        lines += ["", head, ""]
        days = [(date, sessions) for date, sessions in week.days() if sessions]
        if not days:
            lines.append("- Rest all week")
        for date, sessions in days:
            lines.append(f"- **{_date(date)}**: "
                         + "; ".join(_workout(s, times.get(s.uid)) for s in sessions))
    notes = [x for x in plan.notes if clean_text(x).strip()]
    if notes:
        lines += ["", "## Notes", ""]
        lines += [f"- {md_escape(x)}" for x in notes]
    lines += ["", "_Made with planforge._"]
    return ("\n".join(lines) + "\n").encode("utf-8")
