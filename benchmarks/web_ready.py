"""How long the web page takes to be ready, cold and warm, in this machine's chromium.

    python web/build.py && python benchmarks/web_ready.py            # 3 rounds
    python benchmarks/web_ready.py --rounds 5 --throttle 10         # also at 10 Mbit/s

web/dist/ is served on 127.0.0.1 (the standard library's server, from a thread) and opened in
Debian's chromium through Playwright (the test extra; no browser is downloaded). Each round
opens a fresh browser profile:

cold  the first visit: nothing kept, every file downloaded (15 MB), Python started;
warm  a reload in the same profile: the service worker serves every file from the device.

For each it prints the wall time from navigation to "Ready" (``body[data-ready]``) and the
stages the page's worker reports (``window.planforgeStages``: files downloaded, Python
started, planforge imported, in ms from the worker's start), the median over the rounds, the
longest main-thread task (``longtask`` entries: the page stays responsive while Python starts)
and the bytes the server sent. ``--throttle MBIT`` also runs cold starts with the server
sending at most that many Mbit/s in all (a token bucket shared by its connections: the page's
worker downloads in parallel, as from a real host).

Timings vary with the machine's load: the script never fails on a figure; it exits non-zero
only when the page does not start. Figures in docs/web.md.
"""

from __future__ import annotations

import argparse
import functools
import http.server
import statistics
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "web" / "dist"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
LONG_TASKS = """window.__longTasks = [];
new PerformanceObserver((list) => { for (const e of list.getEntries())
  window.__longTasks.push(e.duration); }).observe({ type: "longtask", buffered: true });"""


class Link:
    """The connection's speed, shared by every request the server answers at once (a token
    bucket: ``rate`` bytes a second; None: as fast as the loopback goes)."""

    def __init__(self) -> None:
        self.rate: float | None = None
        self._lock = threading.Lock()
        self._free_at = 0.0

    def send(self, n: int) -> None:
        if not self.rate:
            return
        with self._lock:
            now = time.monotonic()
            self._free_at = max(self._free_at, now) + n / self.rate
            wait = self._free_at - now
        time.sleep(wait)


class _Counting(http.server.SimpleHTTPRequestHandler):
    sent: list[int]
    link: Link

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def copyfile(self, source: Any, outputfile: Any) -> None:
        while chunk := source.read(64 * 1024):
            self.link.send(len(chunk))
            self.sent.append(len(chunk))
            outputfile.write(chunk)


def serve() -> tuple[str, list[int], Link, http.server.ThreadingHTTPServer]:
    sent: list[int] = []
    link = Link()
    handler = type("Handler", (_Counting,), {"sent": sent, "link": link})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(DIST)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return f"http://127.0.0.1:{server.server_address[1]}/", sent, link, server


def ready(page: Any, sent: list[int], began: float) -> dict[str, Any]:
    page.wait_for_selector("body[data-ready]", timeout=600_000)
    seconds = time.monotonic() - began
    if page.get_attribute("body", "data-ready") != "true":
        sys.exit(f"web_ready.py: the page did not start: {page.inner_text('#status')}")
    stages = page.evaluate("window.planforgeStages")
    tasks = page.evaluate("window.__longTasks")
    return {"s": seconds, "stages": stages, "longest_ms": max(tasks, default=0.0),
            "mb": sum(sent) / 1e6}


def round_(browser: Any, base: str, sent: list[int], link: Link,
           throttle: float | None) -> dict[str, Any]:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.add_init_script(LONG_TASKS)
    link.rate = throttle * 1e6 / 8 if throttle else None
    try:
        page = context.new_page()
        sent.clear()
        began = time.monotonic()
        page.goto(base)
        cold = ready(page, sent, began)
        if throttle:
            return {"cold": cold}
        sent.clear()
        began = time.monotonic()
        page.reload()
        warm = ready(page, sent, began)
        return {"cold": cold, "warm": warm}
    finally:
        context.close()
        link.rate = None


def report(name: str, runs: list[dict[str, Any]]) -> None:
    seconds = [r["s"] for r in runs]
    stage = {k: statistics.median(r["stages"][k] for r in runs) / 1000
             for k in ("download", "python", "planforge")}
    print(f"{name:<22} ready in {statistics.median(seconds):5.1f} s (median; "
          f"{min(seconds):.1f} to {max(seconds):.1f}); files by {stage['download']:.1f} s, "
          f"Python by {stage['python']:.1f} s, planforge by {stage['planforge']:.1f} s; "
          f"longest main-thread task {max(r['longest_ms'] for r in runs):.0f} ms; "
          f"{statistics.median(r['mb'] for r in runs):.2f} MB from the server")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--throttle", type=float, default=None, metavar="MBIT",
                        help="also cold starts at this many Mbit/s")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args(argv)
    if not (DIST / "index.html").is_file():
        sys.exit("web_ready.py: web/dist is not built: run python web/build.py")
    from playwright.sync_api import sync_playwright

    base, sent, link, server = serve()
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=FLAGS)
            print(f"chromium {browser.version}, {args.rounds} rounds, web/dist "
                  f"{sum(p.stat().st_size for p in DIST.rglob('*') if p.is_file()) / 1e6:.1f} MB")
            runs = [round_(browser, base, sent, link, None) for _ in range(args.rounds)]
            report("cold (first visit)", [r["cold"] for r in runs])
            report("warm (service worker)", [r["warm"] for r in runs])
            if args.throttle:
                slow = [round_(browser, base, sent, link, args.throttle)["cold"]
                        for _ in range(args.rounds)]
                report(f"cold at {args.throttle:g} Mbit/s", slow)
            browser.close()
    finally:
        server.shutdown()
        server.server_close()


if __name__ == "__main__":
    main()
