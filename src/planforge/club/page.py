"""The club overview ``planforge batch`` writes: ``index.html`` and ``club.csv``.

Who trains when (each member's start, end, level and, per weekday, the time or "all day"),
and each member's subscribe page and feed. The overview holds every member's secret address:
it is the coach's, not a page to put online. Plan text is escaped; CSV cells a spreadsheet
would run as formulas start with ``'``.
"""

from __future__ import annotations

import csv
import io
from html import escape

from ..core.model import Plan
from ..core.wording import calendar_name, clean_text
from ..formats.html import CSS
from .batch import Written

DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
CSV_COLUMNS = ("name", "start", "end", "level", "zone", *(d.lower() for d in DAYS), "workouts",
               "equipment", "busy_only", "page", "feed", "busy_feed",
               "plan_file")


def _link(path: str | None, base_url: str | None) -> str:
    """A member file's address: under ``base_url`` for the files in site/, else relative."""
    if path is None:
        return ""
    if base_url is not None and path.startswith("site/"):
        return f"{base_url.rstrip('/')}/{path.removeprefix('site/')}"
    return path


def render_overview_csv(written: list[Written], base_url: str | None) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for w in written:
        writer.writerow([_cell(v) for v in (
            w.member.name, w.start, w.end, w.level, w.zone, *w.week, str(w.workouts),
            " ".join(w.equipment) or "none",
            "yes" if w.member.busy_only else "no", _link(w.page, base_url),
            _link(w.feed, base_url), _link(w.busy, base_url), w.plan_file)])
    return out.getvalue().encode("utf-8")


def _cell(value: str) -> str:
    text = clean_text(value).replace("\n", " ")
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def _e(text: str) -> str:
    return escape(clean_text(text), quote=True)


def render_overview_html(plan: Plan, written: list[Written], base_url: str | None,
                         failed: int) -> bytes:
    rows = []
    for w in written:
        cells = "".join(f"<td>{_e(day)}</td>" for day in w.week)
        rows.append(
            f"<tr><th scope=\"row\">{_e(w.member.name)}</th><td>{_e(w.start)}</td>"
            f"<td>{_e(w.end)}</td><td>{_e(w.level)}</td><td>{_e(w.zone)}</td>{cells}"
            f"<td><a href=\"{_e(_link(w.page, base_url))}\">page</a> &middot; "
            f"<a href=\"{_e(_link(w.feed, base_url))}\">feed</a></td></tr>")
    head = "".join(f"<th scope=\"col\">{d}</th>" for d in DAYS)
    note = (f"<p><b>{failed} row{'s' if failed != 1 else ''} of the roster could not be "
            "made</b>; the command listed them.</p>" if failed else "")
    body = "\n".join([
        "<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
        "<meta name=\"robots\" content=\"noindex, nofollow\">",
        "<meta name=\"referrer\" content=\"no-referrer\">",
        f"<title>Club: {_e(calendar_name(plan))}</title>",
        f"<style>{CSS}\ntable.club td, table.club th {{ padding: .2rem .4rem; }}</style>",
        "</head>", "<body>",
        f"<h1>{_e(calendar_name(plan))}: {len(written)} member"
        f"{'s' if len(written) != 1 else ''}</h1>",
        f"<p class=\"meta\">{_e(plan.summary)}</p>", note,
        "<p>Who trains when: each member's days and start times (all-day workouts say so). "
        "Send each member the link to their page; this overview holds every member's secret "
        "feed address, so keep it to yourself. <code>club.csv</code> holds the same.</p>",
        "<table class=\"club\"><thead><tr><th scope=\"col\">Member</th><th scope=\"col\">"
        "Start</th><th scope=\"col\">End</th><th scope=\"col\">Level</th><th scope=\"col\">"
        f"Zone</th>{head}<th scope=\"col\">Subscribe</th></tr></thead><tbody>",
        *rows, "</tbody></table>", "</body>", "</html>", ""])
    return body.encode("utf-8")
