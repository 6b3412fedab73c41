"""The printable page's chart of the weekly load, as inline SVG (no script, no font, no image).

Top: minutes a week in the main sets (running, and walking on top: time on feet). Bottom: hard
and strength sessions. Shaded: deload weeks. Its words (``<desc>``) say what the bars show,
for people who cannot see it; the page's table beside it has the numbers.
"""

from __future__ import annotations

from html import escape

from ..core.wording import clean_text
from .digest import WeekLoad, number, weeks_phrase


def _e(text: object) -> str:
    return escape(clean_text(str(text)), quote=True)


_W, _LEFT, _RIGHT = 720, 52, 12
_MIN_TOP, _MIN_H = 40, 170
_SES_TOP, _SES_H = 262, 64
_H = 356


def _nice_step(top: float, ticks: int = 5) -> int:
    for step in (5, 10, 15, 20, 30, 60, 90, 120, 180, 240, 300, 600):
        if top / step <= ticks:
            return step
    return int(top // ticks) + 1


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


def load_chart(weeks: list[WeekLoad]) -> str:
    """The chart as inline SVG: scales to any width (a viewBox, width 100%)."""
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
