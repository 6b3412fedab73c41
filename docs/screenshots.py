"""Regenerate the docs' screenshots with headless Chromium: ``python docs/screenshots.py``.

- docs/show.png: ``planforge show --weeks 12 --goal thighs`` in colour, drawn as a terminal
  (its ANSI styles turned into HTML, then screenshot);
- docs/plan-page.png: the top of the HTML page for the same plan (summary and load chart);
- docs/plan-week.png: one week of the same page, the workouts with their instructions.

Needs Debian's chromium (``apt-get install chromium``) and planforge importable (installed,
or ``PYTHONPATH=src``). Look at the images before committing them.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from planforge.core.engine.progression import build_plan
from planforge.formats.html import render_html
from planforge.formats.terminal import preview_lines

DOCS = Path(__file__).resolve().parent
PLAN = {"goal": "thighs", "weeks": 12, "start": dt.date(2026, 11, 23),
        "created": dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC)}
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars"]
# a dark terminal theme; SGR code -> CSS
SGR = {"1": "font-weight:bold", "2": "opacity:.7", "31": "color:#ff6b6b", "32": "color:#7bd88f",
       "33": "color:#e5c07b", "34": "color:#6cb6ff", "35": "color:#d59cf6",
       "36": "color:#56d4dd"}
LINE_PX = 17


def ansi_to_html(text: str) -> str:
    out: list[str] = []
    open_spans = 0
    for part in re.split(r"(\x1b\[[0-9;]*m)", text):
        match = re.fullmatch(r"\x1b\[([0-9;]*)m", part)
        if not match:
            out.append(html.escape(part))
            continue
        codes = [c for c in match.group(1).split(";") if c]
        if not codes or codes == ["0"]:
            out.append("</span>" * open_spans)
            open_spans = 0
            continue
        style = ";".join(SGR[c] for c in codes if c in SGR)
        out.append(f'<span style="{style}">')
        open_spans += 1
    out.append("</span>" * open_spans)
    return "".join(out)


def shoot(chromium: str, page: Path, png: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run([chromium, *FLAGS, f"--user-data-dir={profile}", f"--screenshot={png}",
                        f"--window-size={width},{height}", page.as_uri()],
                       check=True, capture_output=True, timeout=120)
    print(f"wrote {png.relative_to(DOCS.parent)} ({png.stat().st_size // 1024} KiB)")


def main() -> int:
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("needs chromium (apt-get install chromium)", file=sys.stderr)
        return 1
    plan = build_plan(**PLAN)  # type: ignore[arg-type]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        lines = ["$ planforge show --weeks 12 --goal thighs", *preview_lines(plan, color=True)]
        cut = next(i for i, line in enumerate(lines) if "Left out" in line)
        lines = [*lines[:cut], "..."]
        terminal = work / "terminal.html"
        terminal.write_text(
            "<!DOCTYPE html><html><head><meta charset='utf-8'><style>"
            "html,body{margin:0;background:#1e1e1e}"
            f"pre{{margin:0;padding:12px 16px;color:#dcdcdc;font:14px/{LINE_PX}px "
            "'DejaVu Sans Mono',monospace}</style></head><body><pre>"
            + "\n".join(ansi_to_html(line) for line in lines)
            + "</pre></body></html>", encoding="utf-8")
        shoot(chromium, terminal, DOCS / "show.png", 710, len(lines) * LINE_PX + 24)

        page = work / "plan.html"
        page.write_bytes(render_html(plan))
        shoot(chromium, page, DOCS / "plan-page.png", 1100, 1250)

        week = work / "week.html"
        only_week = ("<style>header,#summary,#load,#glance,#notes,#calendar>h2,"
                     ".week:not(#week-11){display:none}</style></head>")
        week.write_text(page.read_text(encoding="utf-8").replace("</head>", only_week, 1),
                        encoding="utf-8")
        shoot(chromium, week, DOCS / "plan-week.png", 1100, 1500)
    return 0


if __name__ == "__main__":
    sys.exit(main())
