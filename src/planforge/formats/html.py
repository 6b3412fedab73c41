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
from .clock import When, session_times
from .digest import (
    WEEKDAY_TITLES,
    WeekLoad,
    counts_phrase,
    level_words,
    number,
    short_label,
    short_title,
    weekly_load,
    weeks_phrase,
)

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_NUMBERED = re.compile(r"(\d{1,3})\. (.*)")

CSS = """
:root { --ink: #1a1a1a; --muted: #4a4a4a; --line: #c8c8c8; --paper: #ffffff;
  --run: #1b6b32; --walk: #8fd19e; --hard: #a4161a; --strength: #5b2a86;
  --mobility: #1f4e8c; --deload: #ececec; }
* { box-sizing: border-box; }
html { color: var(--ink); background: var(--paper);
  font: 16px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
  sans-serif; }
body { margin: 0 auto; max-width: 62rem; padding: 1.5rem 1.25rem 3rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0 0 .25rem; }
h2 { font-size: 1.4rem; margin: 2rem 0 .75rem; border-bottom: 2px solid var(--ink);
  padding-bottom: .2rem; }
h3 { font-size: 1.2rem; margin: 0 0 .25rem; }
h4 { font-size: 1rem; margin: 0; }
h5 { font-size: 1rem; margin: 0 0 .35rem; }
p { margin: .35rem 0; }
ul, ol { margin: .3rem 0; padding-left: 1.4rem; }
.brand { text-transform: uppercase; letter-spacing: .12em; font-size: .8rem; color: var(--muted);
  margin: 0; }
.meta { color: var(--muted); }
figure { margin: 0; }
svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: .9rem; }
table { border-collapse: collapse; width: 100%; font-size: .9rem; margin: .75rem 0; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border: 1px solid var(--line); padding: .2rem .4rem; text-align: left;
  vertical-align: top; }
thead th { background: #f3f3f3; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td time { white-space: nowrap; }
.glance caption { font-weight: 400; }
tr.deload th, tr.deload td { background: var(--deload); }
.glance td { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace;
  white-space: nowrap; font-size: .85rem; }
.glance td span { display: block; }
.glance a { color: inherit; }
.hard-label { color: var(--hard); font-weight: 700; }
.week { margin: 1.75rem 0 0; }
.week-head { display: flex; flex-wrap: wrap; gap: .25rem .75rem; align-items: baseline; }
.dates { font-weight: 400; color: var(--muted); font-size: 1rem; }
.badge { display: inline-block; border: 1px solid var(--ink); border-radius: .3rem;
  padding: 0 .4rem; font-size: .85rem; font-weight: 600; background: var(--deload); }
.days { list-style: none; padding: 0; margin: .5rem 0 0; }
.day { display: grid; grid-template-columns: 8.5rem 1fr; gap: .5rem;
  border-top: 1px solid var(--line); padding: .5rem 0; }
.day.rest { color: var(--muted); }
.workouts { display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
  gap: .5rem; align-items: start; }
.workout { border: 1px solid var(--line); border-left: .4rem solid var(--run);
  border-radius: .3rem; padding: .4rem .6rem; font-size: .92rem; }
.workout.kind-strength { border-left-color: var(--strength); }
.workout.kind-mobility { border-left-color: var(--mobility); }
.workout.hard { border-left-color: var(--hard); }
.tags { margin: 0 0 .3rem; font-size: .85rem; color: var(--muted); }
.tag-hard { color: var(--hard); font-weight: 700; }
.instructions p.head { font-weight: 600; margin-bottom: 0; }
footer { margin-top: 2rem; color: var(--muted); font-size: .85rem; }
@media (max-width: 40rem) {
  .day { grid-template-columns: 1fr; }
}
@page { margin: 12mm; }
@media print {
  html { font-size: 9.5pt; }
  body { max-width: none; padding: 0; }
  h1 { font-size: 1.8rem; }
  h2 { margin-top: 1rem; }
  a { color: inherit; text-decoration: none; }
  figure, tr, .workout, .day.rest { break-inside: avoid; }
  h2, h3, h4, h5, .week-head { break-after: avoid; }
  #glance, #calendar > h2 { break-before: page; }
  .week { break-before: page; margin: 0; }
  #calendar > h2 + .week { break-before: auto; }
  .days { column-count: 2; column-gap: 6mm; }
  .day { display: block; padding: .3rem 0 0; border-top: 0; }
  .day h4 { border-top: 1px solid var(--line); padding-top: .2rem; margin-bottom: .2rem; }
  .day.rest p { margin: 0; }
  .workouts { display: block; }
  .workout { font-size: .9rem; padding: .3rem .45rem; margin-bottom: .35rem; }
  .glance td { font-size: 8pt; }
  thead th, tr.deload th, tr.deload td, .badge, .workout, svg { print-color-adjust: exact;
    -webkit-print-color-adjust: exact; }
}
""".strip()


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


def _notes(plan: Plan) -> list[str]:
    notes = [x for x in plan.notes if clean_text(x).strip()]
    if not notes:
        return []
    return ['<section id="notes" aria-labelledby="notes-title">',
            '<h2 id="notes-title">Notes</h2>',
            "<ul>" + "".join(f"<li>{_one_line(x)}</li>" for x in notes) + "</ul>",
            "</section>"]


# -- the load chart -----------------------------------------------------------------------------

_W, _LEFT, _RIGHT = 720, 52, 12
_MIN_TOP, _MIN_H = 40, 170
_SES_TOP, _SES_H = 262, 64
_H = 356


def _nice_step(top: float, ticks: int = 5) -> int:
    for step in (5, 10, 15, 20, 30, 60, 90, 120, 180, 240, 300, 600):
        if top / step <= ticks:
            return step
    return int(top // ticks) + 1


def _load(weeks: list[WeekLoad]) -> list[str]:
    return ['<section id="load" aria-labelledby="load-title">',
           '<h2 id="load-title">Weekly load</h2>',
           "<figure>", _svg(weeks),
           "<figcaption>Top: minutes a week in the main sets (dark: running; light: walking, "
           "so the whole bar is time on your feet; warm-ups and cool-downs not counted). "
           "Bottom: hard sessions (hill sprints, intervals) and strength sessions. Shaded: "
           "deload weeks. The numbers are in the table below.</figcaption>",
           "</figure>", _load_table(weeks), "</section>"]


def _chart_text(weeks: list[WeekLoad]) -> str:
    if not weeks:
        return "The plan has no weeks."
    first, last = weeks[0], weeks[-1]
    peak = max(weeks, key=lambda w: (w.run_min, -w.week))
    text = (f"Bar chart of the weekly load over {weeks_phrase(len(weeks))}. Running goes from "
            f"{number(round(first.run_min))} minutes in week {first.week} to "
            f"{number(round(last.run_min))} in week {last.week} (most: "
            f"{number(round(peak.run_min))} in week {peak.week}); time on feet from "
            f"{number(round(first.on_feet_min))} to {number(round(last.on_feet_min))} minutes. ")
    deload = [str(w.week) for w in weeks if w.deload]
    text += ("Deload weeks: " + ", ".join(deload) + ". ") if deload else "No deload weeks. "
    hard = sum(w.hard for w in weeks)
    hard_weeks = [w.week for w in weeks if w.hard]
    if hard:
        text += f"{hard} hard sessions, from week {hard_weeks[0]}. "
    else:
        text += "No hard sessions. "
    text += f"{sum(w.strength for w in weeks)} strength sessions."
    return text


def _svg(weeks: list[WeekLoad]) -> str:
    n = max(len(weeks), 1)
    plot_w = _W - _LEFT - _RIGHT
    slot = plot_w / n
    top_min = max([w.on_feet_min for w in weeks] + [1.0])
    step = _nice_step(top_min)
    axis_top = step * -(-top_min // step)
    top_count = max([max(w.hard, w.strength) for w in weeks] + [1])

    def x_of(i: int) -> float:
        return _LEFT + i * slot

    def y_min(value: float) -> float:
        return _MIN_TOP + _MIN_H - value / axis_top * _MIN_H

    def y_count(value: float) -> float:
        return _SES_TOP + _SES_H - value / top_count * _SES_H

    el: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_W} {_H}" role="img" '
        'aria-labelledby="load-chart-title load-chart-desc" class="load-chart">',
        '<title id="load-chart-title">Weekly load</title>',
        f'<desc id="load-chart-desc">{_e(_chart_text(weeks))}</desc>',
    ]
    # deload bands behind everything
    for i, week in enumerate(weeks):
        if week.deload:
            el.append(f'<rect x="{x_of(i):.1f}" y="{_MIN_TOP - 6}" width="{slot:.1f}" '
                      f'height="{_SES_TOP + _SES_H - _MIN_TOP + 6}" fill="#e4e4e4"/>')
    # legend
    legend = [("#1b6b32", "none", "Running"), ("#8fd19e", "#1b6b32", "Walking (on feet)"),
              ("#a4161a", "none", "Hard sessions"), ("#5b2a86", "none", "Strength sessions"),
              ("#e4e4e4", "#888888", "Deload week")]
    lx = _LEFT
    for fill, stroke, label in legend:
        el.append(f'<rect x="{lx}" y="8" width="14" height="14" fill="{fill}" '
                  f'stroke="{stroke}"/>')
        el.append(f'<text x="{lx + 19}" y="20" font-size="13" fill="#1a1a1a">{label}</text>')
        lx += 26 + len(label) * 7
    # minutes axis and grid
    value = 0
    while value <= axis_top:
        y = y_min(value)
        el.append(f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                  f'stroke="{"#1a1a1a" if value == 0 else "#cfcfcf"}" stroke-width="1"/>')
        el.append(f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" font-size="12" text-anchor="end" '
                  f'fill="#1a1a1a">{value}</text>')
        value += step
    el.append(f'<text x="14" y="{_MIN_TOP + _MIN_H / 2:.0f}" font-size="12" fill="#1a1a1a" '
              f'text-anchor="middle" transform="rotate(-90 14 {_MIN_TOP + _MIN_H / 2:.0f})">'
              "minutes</text>")
    # sessions axis
    for count in range(top_count + 1):
        y = y_count(count)
        el.append(f'<line x1="{_LEFT}" x2="{_W - _RIGHT}" y1="{y:.1f}" y2="{y:.1f}" '
                  f'stroke="{"#1a1a1a" if count == 0 else "#e0e0e0"}" stroke-width="1"/>')
        if count == 0 or count == top_count or top_count <= 4:
            el.append(f'<text x="{_LEFT - 6}" y="{y + 4:.1f}" font-size="12" '
                      f'text-anchor="end" fill="#1a1a1a">{count}</text>')
    el.append(f'<text x="14" y="{_SES_TOP + _SES_H / 2:.0f}" font-size="12" fill="#1a1a1a" '
              f'text-anchor="middle" transform="rotate(-90 14 {_SES_TOP + _SES_H / 2:.0f})">'
              "sessions</text>")
    label_every = 1 if n <= 16 else (2 if n <= 26 else 4)
    bar_w = slot * 0.7
    for i, week in enumerate(weeks):
        x = x_of(i) + (slot - bar_w) / 2
        tip = (f"Week {week.week}: {number(round(week.run_min))} min running, "
               f"{number(round(week.on_feet_min))} min on feet, {week.hard} hard, "
               f"{week.strength} strength" + (" (deload week)" if week.deload else ""))
        el.append(f"<g><title>{_e(tip)}</title>")
        if week.on_feet_min > 0:
            y = y_min(week.on_feet_min)
            el.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                      f'height="{y_min(0) - y:.1f}" fill="#8fd19e" stroke="#1b6b32" '
                      'stroke-width="1"/>')
        if week.run_min > 0:
            y = y_min(week.run_min)
            el.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" '
                      f'height="{y_min(0) - y:.1f}" fill="#1b6b32"/>')
        half = bar_w / 2
        for offset, count, colour in ((0.0, week.hard, "#a4161a"),
                                      (half, week.strength, "#5b2a86")):
            if count:
                y = y_count(count)
                el.append(f'<rect x="{x + offset:.1f}" y="{y:.1f}" width="{half - 1:.1f}" '
                          f'height="{y_count(0) - y:.1f}" fill="{colour}"/>')
        el.append("</g>")
        if i % label_every == 0 or i == n - 1:
            cx = x_of(i) + slot / 2
            mark = " D" if week.deload and n <= 26 else ""
            el.append(f'<text x="{cx:.1f}" y="{_MIN_TOP + _MIN_H + 18}" font-size="12" '
                      f'text-anchor="middle" fill="#1a1a1a">{week.week}{mark}</text>')
    el.append(f'<text x="{_LEFT + plot_w / 2:.0f}" y="{_MIN_TOP + _MIN_H + 38}" '
              'font-size="12" text-anchor="middle" fill="#1a1a1a">week (D: deload)</text>')
    el.append("</svg>")
    return "\n".join(el)


def _load_table(weeks: list[WeekLoad]) -> str:
    rows = [
        '<table class="load-table">',
        "<caption>Weekly load in numbers</caption>",
        "<thead><tr>" + "".join(f'<th scope="col">{h}</th>' for h in (
            "Week", "Starts", "Running (min)", "On feet (min)", "Runs", "Hard sessions",
            "Strength sessions", "Mobility sessions", "Deload")) + "</tr></thead>",
        "<tbody>",
    ]
    for w in weeks:
        cls = ' class="deload"' if w.deload else ""
        cells = [number(round(w.run_min)), number(round(w.on_feet_min)), str(w.runs),
                 str(w.hard), str(w.strength), str(w.mobility)]
        rows.append(
            f'<tr{cls}><th scope="row"><a href="#week-{w.week}">{w.week}</a></th>'
            f'<td><time datetime="{w.start.isoformat()}">{_short_date(w.start)}</time></td>'
            + "".join(f'<td class="num">{c}</td>' for c in cells)
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
        for _, sessions in w.days():
            labels = "".join(
                (f'<span class="hard-label">{_e(short_label(s))}</span>' if s.hard
                 else f"<span>{_e(short_label(s))}</span>") for s in sessions)
            cells.append(f"<td>{labels}</td>")
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
