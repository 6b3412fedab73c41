"""A plan as one self-contained, printable HTML page (``--format html``).

Nothing on the page is loaded from anywhere: the stylesheet is inline, the load chart is
inline SVG, there are no scripts, fonts or images. The page holds, in order: the heading, the
summary and what was left out, a chart of the weekly load (running and on-feet minutes, hard
and strength sessions, deload weeks) with its numbers as a table, the plan at a glance (the
terminal grid as a table), the notes, then every week with every workout's full instructions
(:func:`planforge.core.wording.session_description`), each workout an
``<article class="workout" data-uid="...">``.

Every piece of plan text is escaped (plan files may come from strangers), and the print
stylesheet fits A4 and Letter: the paper size is left to the printer, the content fits the
narrower of the two, and each week starts on a new page.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from html import escape
from importlib.resources import files
from urllib.parse import quote

from ..core.engine.strength import equipment_words
from ..core.model import WEEKDAYS, Plan, Session
from ..core.wording import (
    calendar_name,
    clean_text,
    format_minutes,
    kind_label,
    session_description,
)
from .chart import load_chart
from .clock import When, session_times
from .digest import (
    WEEKDAY_TITLES,
    WeekLoad,
    counts_phrase,
    level_words,
    number,
    record_line,
    record_weeks,
    short_label,
    short_title,
    weekly_load,
    weeks_phrase,
)

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBERED = re.compile(r"(\d{1,3})\. (.*)")

#: the page's stylesheet (html.css beside this module, package data), inline in every page;
#: publish/ and club/ pages use it too
CSS = files(__package__).joinpath("html.css").read_text("utf-8").strip()


def _e(text: object) -> str:
    """Plan text as HTML text or attribute value: control characters gone, all escaped."""
    return escape(clean_text(str(text)), quote=True)


def _one_line(text: object) -> str:
    return escape(clean_text(str(text), single_line=True), quote=True)


def _token(text: str) -> str:
    """``text`` reduced to a safe class-name part (plan files may hold anything)."""
    return re.sub(r"[^a-z0-9-]", "", str(text).lower()) or "other"


def _long_date(day: dt.date, *, year: bool = True) -> str:
    text = f"{_DAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"
    return f"{text} {day.year}" if year else text


def _short_date(day: dt.date) -> str:
    return f"{WEEKDAY_TITLES[day.weekday()]} {day.day} {_MONTHS[day.month - 1][:3]}"


def render_html(plan: Plan, *, watch_files: Mapping[str, str] | None = None) -> bytes:
    """The page as UTF-8 bytes, ending in a newline.

    ``watch_files``: session UID -> the (relative) name of its watch workout file, written
    beside the page (``workouts --with-page``, ``batch --watch``); each such session links it.
    """
    weeks = weekly_load(plan)
    goal = clean_text(plan.goal_title, single_line=True) or plan.goal
    parts: list[str] = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="planforge">',
        f"<title>{_one_line(calendar_name(plan))}</title>",
        f"<style>\n{CSS}\n</style>",
        "</head>",
        "<body>",
        '<header class="page-head">',
        '<p class="brand">planforge training plan</p>',
        f"<h1>{_one_line(goal)}</h1>",
        f'<p class="meta">{_meta(plan)}</p>',
        "</header>",
        "<main>",
        *_summary(plan),
        *_record(plan),
        *_load(weeks),
        *_glance(plan, weeks),
        *_notes(plan),
        *_calendar(plan, weeks, watch_files or {}),
        "</main>",
        f'<footer><p>Made with planforge on {plan.created.date().isoformat()}. Plan id '
        f"{_one_line(plan.plan_id)}.</p></footer>",
        "</body>",
        "</html>",
    ]
    return ("\n".join(parts) + "\n").encode("utf-8")


def _meta(plan: Plan) -> str:
    bits = [
        f"{weeks_phrase(plan.weeks)} for a {_one_line(level_words(plan))}",
        f"{_long_date(plan.start)} to {_long_date(plan.end)}",
        _one_line(counts_phrase(plan)),
        "days: " + ", ".join(_DAYS[d][:3] for d in plan.days if 0 <= d < 7),
    ]
    if not plan.times.all_day:
        clock = []
        if plan.times.default is not None:
            clock.append(plan.times.default.strftime("%H:%M"))
        clock += [f"{_DAYS[d][:3]} {at.strftime('%H:%M')}" for d, at in plan.times.by_weekday
                  if 0 <= d < 7]
        zone = f" ({_one_line(plan.timezone)})" if plan.timezone else ""
        bits.append("starts at " + ", ".join(clock) + zone)
    return " &middot; ".join(bits)


def _summary(plan: Plan) -> list[str]:
    out = ['<section id="summary" aria-labelledby="summary-title">',
           '<h2 id="summary-title">Summary</h2>']
    out += [f"<p>{_one_line(p)}</p>" for p in clean_text(plan.summary).split("\n") if p.strip()]
    left_out = [x for x in plan.left_out if clean_text(x).strip()]
    if left_out:
        out.append("<h3>Left out</h3>")
        out.append("<ul>" + "".join(f"<li>{_one_line(x)}</li>" for x in left_out) + "</ul>")
    out += ["<h3>Equipment</h3>", '<ul class="equipment">' + "".join(
        f"<li>{_one_line(x)}</li>" for x in equipment_words(plan)) + "</ul>"]
    out.append("</section>")
    return out


def _record(plan: Plan) -> list[str]:
    """Planned against done for the weeks so far (a plan with a record, ``planforge missed``
    and ``done``)."""
    weeks = record_weeks(plan)
    if not weeks:
        return []
    rows = ['<section id="record" aria-labelledby="record-title">',
            '<h2 id="record-title">Planned vs done</h2>',
            '<table class="record-table">',
            "<caption>The weeks so far: workouts done, missed and not recorded; minutes of "
            "running and the longest run without stopping, planned and done</caption>",
            "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in (
                "Week", "Starts", "Done", "Missed", "Not recorded", "Running planned",
                "Running done", "Longest planned", "Longest done")) + "</tr></thead>",
            "<tbody>"]
    for w in weeks:
        short = w.done and w.done_run_min < 0.75 * w.planned_run_min - 1e-9
        cells = [str(w.done), str(w.missed), str(w.open), number(round(w.planned_run_min, 1)),
                 number(round(w.done_run_min, 1)), number(round(w.planned_longest_min, 1)),
                 number(round(w.done_longest_min, 1))]
        cls = ' class="short"' if short else ""
        rows.append(
            f'<tr{cls}><th scope="row">'
            f'<a href="#week-{w.week}">{w.week}</a></th>'
            f'<td><time datetime="{w.start.isoformat()}">{_short_date(w.start)}</time></td>'
            + "".join(f'<td class="num">{c}</td>' for c in cells) + "</tr>")
    rows += ["</tbody>", "</table>", "</section>"]
    return rows


def _notes(plan: Plan) -> list[str]:
    notes = [x for x in plan.notes if clean_text(x).strip()]
    if not notes:
        return []
    return ['<section id="notes" aria-labelledby="notes-title">',
            '<h2 id="notes-title">Notes</h2>',
            "<ul>" + "".join(f"<li>{_one_line(x)}</li>" for x in notes) + "</ul>",
            "</section>"]


# -- the load chart -----------------------------------------------------------------------------


def _load(weeks: list[WeekLoad]) -> list[str]:
    return ['<section id="load" aria-labelledby="load-title">',
            '<h2 id="load-title">Weekly load</h2>',
            "<figure>", load_chart(weeks),
            "<figcaption>Top: minutes a week in the main sets (dark: running; light: walking, "
            "so the whole bar is time on your feet; warm-ups and cool-downs not counted). "
            "Bottom: hard sessions (hill sprints, intervals) and strength sessions. Shaded: "
            "deload weeks. The numbers are in the table below.</figcaption>",
            "</figure>", _load_table(weeks), "</section>"]


_LOAD_COLUMNS = ("Week", "Starts", "Running (min)", "On feet (min)", "Runs", "Hard sessions",
                 "Strength sessions", "Mobility sessions", "Deload")


def _load_table(weeks: list[WeekLoad]) -> str:
    rows = [
        '<table class="load-table">',
        "<caption>Weekly load in numbers</caption>",
        "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in _LOAD_COLUMNS)
        + "</tr></thead>",
        "<tbody>",
    ]
    for w in weeks:
        cls = ' class="deload"' if w.deload else ""
        cells = [number(round(w.run_min)), number(round(w.on_feet_min)), str(w.runs),
                 str(w.hard), str(w.strength), str(w.mobility)]
        # data-label: each cell's column, which a narrow screen shows beside it
        rows.append(
            f'<tr{cls}><th scope="row"><a href="#week-{w.week}">{w.week}</a></th>'
            f'<td data-label="Starts"><time datetime="{w.start.isoformat()}">'
            f"{_short_date(w.start)}</time></td>"
            + "".join(f'<td class="num" data-label="{h}">{c}</td>'
                      for h, c in zip(_LOAD_COLUMNS[2:-1], cells, strict=True))
            + f"<td>{'deload' if w.deload else ''}</td></tr>")
    rows += ["</tbody>", "</table>"]
    return "\n".join(rows)


# -- at a glance ----------------------------------------------------------------------------------


def _glance(plan: Plan, weeks: list[WeekLoad]) -> list[str]:
    first = plan.start.weekday()
    heads = [_DAYS[(first + i) % 7] for i in range(7)]
    out = ['<section id="glance" aria-labelledby="glance-title">',
           '<h2 id="glance-title">At a glance</h2>',
           '<table class="glance">',
           "<caption>Each workout in short: R 8x1/1.5 = 8 x (run 1 min, walk 1.5 min); "
           "R 5-8-5 = runs of 5, 8 and 5 min with walks between; R 25 = run 25 min; "
           "H 6x8s = 6 hill sprints of 8 s; I 6x30s = 6 fast 30-s intervals; S = strength "
           "(the muscles it works most); M = mobility; empty = rest day.</caption>",
           '<thead><tr><th scope="col">Week</th>'
           + "".join(f'<th scope="col"><abbr title="{d}">{d[:3]}</abbr></th>' for d in heads)
           + "</tr></thead>",
           "<tbody>"]
    for w in weeks:
        cls = ' class="deload"' if w.deload else ""
        deload = " (deload)" if w.deload else ""
        cells = []
        for day, sessions in w.days():
            labels = "".join(
                (f'<span class="hard-label">{_e(short_label(s))}</span>' if s.hard
                 else f"<span>{_e(short_label(s))}</span>") for s in sessions)
            # data-day: the weekday, which a narrow screen shows beside the cell
            cells.append(f'<td data-day="{_DAYS[day.weekday()][:3]}">{labels}</td>')
        out.append(f'<tr{cls}><th scope="row"><a href="#week-{w.week}">{w.week}</a>{deload}'
                   f"</th>{''.join(cells)}</tr>")
    out += ["</tbody>", "</table>", "</section>"]
    return out


# -- the calendar -------------------------------------------------------------------------------


def _calendar(plan: Plan, weeks: list[WeekLoad], files: Mapping[str, str]) -> list[str]:
    out = ['<section id="calendar" aria-labelledby="calendar-title">',
           '<h2 id="calendar-title">Week by week</h2>']
    times = dict(zip((s.uid for s in plan.sessions), session_times(plan), strict=True))
    for w in weeks:
        out += _week(plan, w, files, times)
    out.append("</section>")
    return out


def _week(plan: Plan, w: WeekLoad, files: Mapping[str, str],
          times: dict[str, When | None]) -> list[str]:
    badge = ' <span class="badge">Deload week</span>' if w.deload else ""
    same_year = w.start.year == w.end.year
    dates = (f"{_long_date(w.start, year=not same_year)} to {_long_date(w.end)}")
    facts = [f"{w.runs} run" + ("" if w.runs == 1 else "s")]
    if w.run_min:
        facts.append(f"{number(round(w.run_min))} min running")
    if w.on_feet_min > w.run_min:
        facts.append(f"{number(round(w.on_feet_min))} min on feet")
    if w.hard:
        facts.append(f"{w.hard} hard")
    facts.append(f"{w.strength} strength")
    if w.mobility:
        facts.append(f"{w.mobility} mobility")
    out = [f'<section class="week" id="week-{w.week}" aria-labelledby="week-{w.week}-title">',
           f'<div class="week-head"><h3 id="week-{w.week}-title">Week {w.week}</h3>'
           f'<span class="dates">{dates}</span>{badge}</div>',
           f'<p class="meta">{", ".join(facts)}</p>',
           '<ol class="days">']
    for date, sessions in w.days():
        head = (f'<h4><time datetime="{date.isoformat()}">'
                f"{_long_date(date, year=False)}</time></h4>")
        if not sessions:
            out.append(f'<li class="day rest">{head}<p>Rest day</p></li>')
            continue
        out.append(f'<li class="day">{head}<div class="workouts">')
        out += [_workout(plan, s, files.get(s.uid), times.get(s.uid)) for s in sessions]
        out.append("</div></li>")
    out += ["</ol>", "</section>"]
    return out


def _workout(plan: Plan, session: Session, watch_file: str | None = None,
             when: When | None = None) -> str:
    classes = ["workout", "kind-" + _token(session.kind)]
    if session.hard:
        classes.append("hard")
    if session.done is not None:
        classes.append("done")
    elif session.missed:
        classes.append("missed")
    record = record_line(session)
    tags = [kind_label(session)]
    if when is not None:
        tags.insert(0, f"{when.span()} {_one_line(plan.timezone)}")
    if session.hard:
        tags.append('<span class="tag-hard">hard</span>')
    if session.duration_min > 0:
        tags.append(format_minutes(session.duration_min))
    if session.deload:
        tags.append("deload")
    weekday = WEEKDAYS[session.date.weekday()]
    return "\n".join([
        f'<article class="{" ".join(classes)}" data-uid="{_e(session.uid)}" '
        f'data-date="{session.date.isoformat()}" data-weekday="{weekday}">',
        f"<h5>{_one_line(short_title(session))}</h5>",
        *([f'<p class="record">{_one_line(record)}</p>'] if record else []),
        f'<p class="tags">{" &middot; ".join(t if t.startswith("<") else _e(t) for t in tags)}'
        "</p>",
        f'<div class="instructions">{_instructions(plan, session)}</div>',
        *([] if watch_file is None else [
            f'<p class="watch"><a href="{_e(quote(watch_file))}" download>Watch workout: '
            f"{_e(watch_file)}</a></p>"]),
        "</article>",
    ])


def _instructions(plan: Plan, session: Session) -> str:
    """session_description's text as paragraphs and lists (its numbered steps an <ol>)."""
    text = session_description(session, plan=plan, max_chars=None)
    lines = text.split("\n")
    goal = clean_text(plan.goal_title, single_line=True)
    trailer = f"Week {session.week} of {plan.weeks} of your {goal} plan (planforge)"
    if lines and lines[-1] == trailer:
        lines.pop()
    out: list[str] = []
    kind: str | None = None  # the open list's tag

    def close() -> None:
        nonlocal kind
        if kind is not None:
            out.append(f"</{kind}>")
            kind = None

    for index, raw in enumerate(lines):
        line = raw.strip()
        numbered = _NUMBERED.fullmatch(line)
        if numbered:
            if kind != "ol":
                close()
                start = int(numbered[1])
                out.append("<ol>" if start == 1 else f'<ol start="{start}">')
                kind = "ol"
            out.append(f"<li>{_e(numbered[2])}</li>")
        elif line.startswith("- "):
            if kind != "ul":
                close()
                out.append("<ul>")
                kind = "ul"
            out.append(f"<li>{_e(line[2:])}</li>")
        else:
            close()
            if not line:
                continue
            following = lines[index + 1].strip() if index + 1 < len(lines) else ""
            heads_list = line.endswith(":") and following.startswith("- ")
            out.append(f'<p class="head">{_e(line)}</p>' if heads_list else f"<p>{_e(line)}</p>")
    close()
    return "".join(out)
