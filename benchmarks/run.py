"""How fast planforge is, measured against the import floor (issue 7; targets of issue 10).

    python benchmarks/run.py            # the full run (under a minute on 2 cores)
    python benchmarks/run.py --quick    # a few runs of everything: proves the script works

Standard library only. Every figure is printed beside its target as pass/miss, but the script
never fails on timing: it exits 0 unless it breaks itself (or planforge does, e.g. a command
exits non-zero). Latest figures: benchmarks/RESULTS.md.

What it measures, all with this interpreter (``sys.executable``):

a  the floor: ``python -c "import click, icalendar, dateutil.rrule"``
b  ``planforge make --weeks 8 --goal glutes`` with timed events in Europe/London (a zone with
   DST), fixed --start and --created, written to a temporary file with --force
c  ``planforge --help`` and ``planforge goals``
d  the same as b for 52 weeks
e  in one process: build and serialize to .ics (``build_plan`` + ``render_ics``) 1,000
   different 8-week plans, per-plan milliseconds (the six goal templates loaded once,
   before the clock starts); and, under cProfile, which share of that
   time is planforge's own (everything outside icalendar: the time of icalendar's functions
   and of what they call, from the profile's caller records)
f  peak memory (max RSS, from ``os.wait4``) of b, each in a fresh child process

a to d run as subprocesses in interleaved rounds (a, b, c, c, d, a, b, ...) after warm-up
rounds, so machine noise hits all alike; medians are compared. The command is the console
script installed beside the interpreter, else ``python -m planforge``.

It also shows that cost grows linearly: with weeks (1, 8, 26, 52 weeks, in-process build and
serialize, per-week cost and a fitted line) and with the number of plans (250, 500, 1,000:
per-plan cost). The in-process figures each come from a fresh child process (this script
with ``--worker``), so one measurement's warm caches do not flatter the next.

Beside each wall time it prints the CPU time (user + system) of the same work: other work
on the machine stretches wall times but hardly CPU times, so the linearity checks use CPU
time and the CPU ratios tell whether a wall-time miss was the machine or planforge.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
START = "2026-11-23"
CREATED = "2026-11-20T08:00:00Z"
TIMED = ["--time", "07:00", "--tz", "Europe/London"]

# targets (issue 10, "Speed, re-based": the calendar is built and serialized by icalendar)
B_OVER_A = 1.6
C_OVER_A = 0.60
D_OVER_A = 2.7
E_MS_PER_PLAN = 11.0
#: at most this share of e's time outside icalendar (planforge's own code, and what it calls)
E_OWN_SHARE = 0.25
F_MIB = 40.0
# linearity: per-week cost at 52 weeks vs 8 weeks, and per-plan cost at 1,000 vs 250 plans
LINEAR_RATIO = 1.25

GOALS = ("cellulite", "fat-loss", "general", "glutes", "loose-skin", "thighs")
LEVELS = ("beginner", "returning", "runner")
DAY_SETS = (None, (0, 2, 4, 5), (0, 1, 3, 5, 6), (1, 3, 5), (0, 2, 4, 6), (0, 1, 2, 4, 5, 6),
            (5, 6), (0, 1, 2, 3, 4, 5, 6), (1, 2, 4, 6))
ZONES = (None, "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata")


# ------------------------------------------------------------------------------ helpers


def _child_env() -> dict[str, str]:
    """The environment for every child: planforge importable even from a bare checkout."""
    env = dict(os.environ)
    env.pop("SOURCE_DATE_EPOCH", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode caches are part of a normal start
    if importlib.util.find_spec("planforge") is None:
        src = str(ROOT / "src")
        env["PYTHONPATH"] = os.pathsep.join(p for p in (src, env.get("PYTHONPATH")) if p)
    return env


def _planforge_command() -> tuple[list[str], str]:
    """The installed console script beside this interpreter, else ``python -m planforge``."""
    scripts = Path(sysconfig.get_path("scripts"))
    for name in ("planforge", "planforge.exe"):
        script = scripts / name
        if script.is_file() and os.access(script, os.X_OK) and (
                importlib.util.find_spec("planforge") is not None):
            return [str(script)], f"{script} (console script)"
    return [sys.executable, "-m", "planforge"], f"{sys.executable} -m planforge"


def _run(argv: list[str], env: dict[str, str]) -> tuple[float, float | None, float | None]:
    """Run ``argv`` once: wall seconds, CPU seconds (user + system) and max RSS in MiB (the
    last two None where os.wait4 is missing)."""
    with tempfile.TemporaryFile() as errors:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                stderr=errors, env=env)
        cpu = rss = None
        if hasattr(os, "wait4"):
            _, status, usage = os.wait4(proc.pid, 0)
            elapsed = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            cpu = usage.ru_utime + usage.ru_stime
            # Linux reports KiB, macOS bytes
            rss = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        else:  # pragma: no cover - Windows
            proc.wait()
            elapsed = time.perf_counter() - start
        if proc.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"benchmark: {' '.join(argv)} exited {proc.returncode}:\n"
                             f"{errors.read().decode(errors='replace')}")
    return elapsed, cpu, rss


def _verdict(ok: bool) -> str:
    return "pass" if ok else "MISS"


def machine() -> dict[str, str]:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    os_name = platform.platform()
    try:
        for line in Path("/etc/os-release").read_text(encoding="utf-8").splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = f"{line.split('=', 1)[1].strip(chr(34))} ({platform.release()})"
    except OSError:
        pass
    from importlib import metadata

    versions = []
    for name in ("planforge", "click", "icalendar", "python-dateutil", "tzdata"):
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{name} (not installed)")
    try:
        load = "load average {:.2f} {:.2f} {:.2f} at the start".format(*os.getloadavg())
    except (AttributeError, OSError):
        load = "load average unknown"
    return {
        "load": load,
        "packages": ", ".join(versions),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": str(os.cpu_count()),
        "cpu": cpu,
        "python": f"{platform.python_implementation()} {platform.python_version()} "
                  f"({sys.executable})",
        "os": os_name,
    }


# ------------------------------------------------------------------- in-process workers


def _plans(count: int, weeks: int, seed: int = 0) -> list[dict[str, object]]:
    """``count`` different plan requests: goal, level, start, days and zone all vary."""
    requests = []
    base = dt.date(2026, 1, 5)
    for i in range(count):
        j = i + seed
        zone = ZONES[j % len(ZONES)]
        requests.append({
            "goal": GOALS[j % len(GOALS)],
            "level": LEVELS[(j // len(GOALS)) % len(LEVELS)],
            "start": base + dt.timedelta(days=(j * 5) % 730),
            "days": DAY_SETS[(j // 2) % len(DAY_SETS)],
            "weeks": weeks,
            "timezone": zone,
        })
    return requests


def _build_and_render(requests: list[dict[str, object]]) -> list[tuple[float, float]]:
    """(wall, CPU) seconds per plan for ``build_plan`` + ``render_ics`` of each request."""
    from planforge import Times, build_plan, load_goal, render_ics

    # the goal templates are read once, as a program that builds many plans does (planforge
    # keeps nothing between calls: build_plan(goal="glutes") reads and checks the file)
    templates = {goal: load_goal(goal) for goal in GOALS}
    created = dt.datetime(2026, 1, 1, 8, tzinfo=dt.UTC)
    timed = Times(default=dt.time(7, 0))
    timings = []
    clock, cpu_clock = time.perf_counter, time.process_time
    for req in requests:
        zone = req["timezone"]
        t0, c0 = clock(), cpu_clock()
        plan = build_plan(goal=templates[req["goal"]], weeks=req["weeks"],  # type: ignore[index]
                          start=req["start"],  # type: ignore[arg-type]
                          created=created, level=req["level"], days=req["days"],  # type: ignore[arg-type]
                          timezone=zone, times=timed if zone else None)  # type: ignore[arg-type]
        data = render_ics(plan)
        timings.append((clock() - t0, cpu_clock() - c0))
        assert data.startswith(b"BEGIN:VCALENDAR")
    return timings


def worker(kind: str, value: int, quick: bool = False) -> dict[str, object]:
    """One in-process measurement, run in a fresh child: prints JSON."""
    from planforge import build_plan, render_ics  # imports are not part of the figure

    # warm-up: one plan outside the measured set (imports the engine and icalendar fully)
    build_plan(goal="glutes", weeks=2, start=dt.date(2030, 1, 7),
               created=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    render_ics(build_plan(goal="glutes", weeks=2, start=dt.date(2030, 1, 7),
                          created=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)))
    if kind == "plans":
        timings = _build_and_render(_plans(value, 8))
        return {"count": value, "total_ms": 1000 * sum(w for w, _ in timings),
                "per_plan_ms": 1000 * sum(w for w, _ in timings) / value,
                "cpu_per_plan_ms": 1000 * sum(c for _, c in timings) / value}
    if kind == "profile":
        return _profile_share(_plans(value, 8, seed=3))
    if kind == "weeks":
        count = 4 if quick else 40 if value <= 8 else 20
        timings = _build_and_render(_plans(count, value, seed=7))
        return {"weeks": value, "count": count,
                "median_ms": 1000 * statistics.median(w for w, _ in timings),
                "cpu_median_ms": 1000 * statistics.median(c for _, c in timings)}
    raise SystemExit(f"unknown worker {kind!r}")


def _profile_share(requests: list[dict[str, object]]) -> dict[str, object]:
    """Build and render ``requests`` under cProfile: the time inside icalendar (its functions
    and everything they call) and outside it (planforge's own code, and the standard library
    and dateutil it calls itself), from the profile's own times and caller records."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.enable()
    _build_and_render(requests)
    profiler.disable()
    stats = pstats.Stats(profiler)
    entries = stats.stats  # type: ignore[attr-defined]

    def in_package(func: tuple[str, int, str], name: str) -> bool:
        parts = Path(func[0]).parts
        return (name in parts and "site-packages" in parts) or (
            name == "planforge" and "planforge" in parts and "src" in parts)

    # the share of each function's own time spent on icalendar's behalf: 1 for icalendar's
    # functions; for any other (the standard library, builtins, dateutil), the share of its
    # calls that came from code running on icalendar's behalf, weighted by their time, found
    # by repeating until nothing changes (a function called only by icalendar counts whole)
    share = {func: 1.0 if in_package(func, "icalendar") else 0.0 for func in entries}
    for _ in range(50):
        changed = False
        for func, (_, _, _, _, callers) in entries.items():
            if in_package(func, "icalendar") or not callers:
                continue
            weight = sum(edge[3] for edge in callers.values()) or 1.0
            value = sum(edge[3] * share.get(caller, 0.0)
                        for caller, edge in callers.items()) / weight
            if abs(value - share[func]) > 1e-9:
                share[func], changed = value, True
        if not changed:
            break
    total = sum(tt for _, _, tt, _, _ in entries.values())
    inside = sum(entries[func][2] * share[func] for func in entries)
    own = sum(tt for func, (_, _, tt, _, _) in entries.items() if in_package(func, "planforge"))
    return {"count": len(requests), "total_s": total, "icalendar_s": inside,
            "planforge_files_s": own}


def _line_fit(xs: list[float], ys: list[float]) -> tuple[float, float, float]:
    """Least squares: intercept, slope and R^2 of ys against xs."""
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    slope = (sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True))
             / sum((x - mx) ** 2 for x in xs))
    intercept = my - slope * mx
    ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    ss_tot = sum((y - my) ** 2 for y in ys) or 1.0
    return intercept, slope, 1 - ss_res / ss_tot


def _worker(kind: str, value: int, env: dict[str, str], quick: bool) -> dict[str, object]:
    argv = [sys.executable, str(Path(__file__).resolve()), "--worker", kind, str(value)]
    if quick:
        argv.append("--quick")
    out = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"benchmark worker {kind} {value} failed:\n{out.stderr}")
    result: dict[str, object] = json.loads(out.stdout)
    return result


# --------------------------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true",
                        help="few runs and small counts: proves the script works (CI)")
    parser.add_argument("--rounds", type=int, default=None,
                        help="counted rounds of a-d (default 20; --quick: 2)")
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.worker:
        print(json.dumps(worker(args.worker[0], int(args.worker[1]), args.quick)))
        return 0

    quick = args.quick
    rounds = args.rounds or (2 if quick else 20)
    warmup = 1 if quick else 3
    env = _child_env()
    pf, pf_label = _planforge_command()
    info = machine()

    print("planforge benchmark" + (" (--quick: timings are not meaningful)" if quick else ""))
    for key in ("date", "cpus", "cpu", "load", "python", "os", "packages"):
        print(f"  {key:<8} {info[key]}")
    print(f"  command  {pf_label}")
    print(f"  rounds   {rounds} counted after {warmup} warm-up, interleaved a,b,c,c,d")
    print()

    with tempfile.TemporaryDirectory(prefix="planforge-bench-") as tmp:
        out_b = str(Path(tmp, "b.ics"))
        out_d = str(Path(tmp, "d.ics"))
        make = ["make", "--goal", "glutes", "--start", START, "--created", CREATED, *TIMED,
                "--force"]
        commands: dict[str, tuple[str, list[str]]] = {
            "a": ("python -c 'import click, icalendar, dateutil.rrule'",
                  [sys.executable, "-c", "import click, icalendar, dateutil.rrule"]),
            "b": ("planforge make --weeks 8 --goal glutes --time 07:00 --tz Europe/London",
                  [*pf, *make, "--weeks", "8", "-o", out_b]),
            "c:help": ("planforge --help", [*pf, "--help"]),
            "c:goals": ("planforge goals", [*pf, "goals"]),
            "d": ("planforge make --weeks 52 (same options as b)",
                  [*pf, *make, "--weeks", "52", "-o", out_d]),
        }
        times: dict[str, list[float]] = {k: [] for k in commands}
        cpu_times: dict[str, list[float]] = {k: [] for k in commands}
        rss_b: list[float] = []
        for i in range(warmup + rounds):
            for key, (_, cmd) in commands.items():
                elapsed, cpu, rss = _run(cmd, env)
                if i >= warmup:
                    times[key].append(elapsed)
                    if cpu is not None:
                        cpu_times[key].append(cpu)
                    if key == "b" and rss is not None:
                        rss_b.append(rss)
        ics_b = Path(out_b).read_bytes()
        ics_d = Path(out_d).read_bytes()
        assert ics_b.startswith(b"BEGIN:VCALENDAR") and b"TZID=Europe/London" in ics_b
        assert ics_d.count(b"BEGIN:VEVENT") > ics_b.count(b"BEGIN:VEVENT")

    med = {k: 1000 * statistics.median(v) for k, v in times.items()}
    a = med["a"]
    print("Commands (wall time, median of the counted runs; ratio = median / median of a)")
    print(f"  {'':8} {'median':>9} {'min..max':>15} {'ratio':>6}  {'target':>8}  verdict  command")
    targets = {"b": B_OVER_A, "c:help": C_OVER_A, "c:goals": C_OVER_A, "d": D_OVER_A}
    for key, (label, _) in commands.items():
        lo, hi = 1000 * min(times[key]), 1000 * max(times[key])
        ratio = med[key] / a
        target = targets.get(key)
        if target is None:
            tail = f"{'':>8}  {'':7}"
        else:
            tail = f"{'<= ' + format(target, '.2f'):>8}  {_verdict(ratio <= target):7}"
        print(f"  {key:<8} {med[key]:7.1f}ms {lo:6.1f}..{hi:6.1f}ms {ratio:6.2f}  {tail}  {label}")
    print(f"  (b writes {len(ics_b):,} bytes, {ics_b.count(b'BEGIN:VEVENT')} events; "
          f"d {len(ics_d):,} bytes, {ics_d.count(b'BEGIN:VEVENT')} events)")
    # each round runs a, b, c, c, d within about a second: the ratio of a command to the a of
    # its own round cancels a machine whose speed drifts over the run (this VM's does by up
    # to 2x), which the ratio of the two medians above does not
    paired = {k: statistics.median(x / y for x, y in zip(times[k], times["a"], strict=True))
              for k in commands if k != "a"}
    print("  paired ratios (median over the rounds of each run / the a of its round): "
          + ", ".join(f"{k} {v:.2f}" + (f" ({_verdict(v <= targets[k])})" if k in targets else "")
                      for k, v in paired.items()))
    if all(cpu_times.values()):
        cpu_med = {k: 1000 * statistics.median(v) for k, v in cpu_times.items()}
        print("  CPU time (user + system) of the same runs, less sensitive to a busy machine: "
              + ", ".join(f"{k} {cpu_med[k]:.1f}ms ({cpu_med[k] / cpu_med['a']:.2f})"
                          for k in commands))
    print()

    if rss_b:
        peak = max(rss_b)
        print("f: peak memory of b (max RSS of each fresh child, os.wait4)")
        print(f"  {statistics.median(rss_b):.1f} MiB median, {peak:.1f} MiB max  "
              f"target <= {F_MIB:.0f} MiB  {_verdict(peak <= F_MIB)}")
    else:
        print("f: peak memory of b: not measured (no os.wait4 on this system)")
    print()

    counts = (25, 50, 100) if quick else (250, 500, 1000)
    by_count = {n: _worker("plans", n, env, quick) for n in counts}

    def per_plan(n: int, key: str = "per_plan_ms") -> float:
        return float(by_count[n][key])  # type: ignore[arg-type]

    e, e_cpu = per_plan(counts[-1]), per_plan(counts[-1], "cpu_per_plan_ms")
    print(f"e: build_plan + render_ics (.ics bytes) of {counts[-1]:,} different 8-week plans "
          "in one process")
    print("   (goal, level, start, days vary; 4 in 5 are timed at 07:00 in a DST zone or "
          "Kolkata, 1 in 5 all-day)")
    print(f"  {e:.2f} ms per plan  target <= {E_MS_PER_PLAN:.0f} ms  "
          f"{_verdict(e <= E_MS_PER_PLAN)}  (CPU time {e_cpu:.2f} ms per plan)")
    profiled = _worker("profile", 50 if quick else 200, env, quick)
    total_s = float(profiled["total_s"])  # type: ignore[arg-type]
    outside = 1 - float(profiled["icalendar_s"]) / total_s  # type: ignore[arg-type]
    files = float(profiled["planforge_files_s"]) / total_s  # type: ignore[arg-type]
    print(f"  under cProfile ({profiled['count']} of the plans): {outside:.0%} of the time is "
          f"outside icalendar (planforge and what it calls itself), target <= "
          f"{E_OWN_SHARE:.0%}  {_verdict(outside <= E_OWN_SHARE)}")
    print(f"  ({files:.0%} in planforge's own files; "
          f"{1 - outside:.0%} in icalendar and what it calls)")
    print()

    print("Linear in the number of plans: per-plan cost, each count in a fresh process "
          "(verdict on CPU time,")
    print("less sensitive to other work on the machine than wall time)")
    for n in counts:
        print(f"  {n:>5} plans  {float(by_count[n]['total_ms']):9.1f} ms total  "  # type: ignore[arg-type]
              f"{per_plan(n):6.2f} ms per plan (CPU {per_plan(n, 'cpu_per_plan_ms'):.2f} ms)")
    count_ratio = e_cpu / per_plan(counts[0], "cpu_per_plan_ms")
    print(f"  per-plan CPU time at {counts[-1]} vs {counts[0]} plans: {count_ratio:.2f}  "
          f"(<= {LINEAR_RATIO:.2f}: {_verdict(count_ratio <= LINEAR_RATIO)})")
    print()

    print("Linear in weeks: build_plan + render_ics, median of different plans per length "
          "(verdict on CPU time)")
    week_sizes = (1, 8, 26, 52)
    by_weeks = {w: _worker("weeks", w, env, quick) for w in week_sizes}
    wall_w = {w: float(r["median_ms"]) for w, r in by_weeks.items()}  # type: ignore[arg-type]
    cpu_w = {w: float(r["cpu_median_ms"]) for w, r in by_weeks.items()}  # type: ignore[arg-type]
    for w in week_sizes:
        print(f"  {w:>3} weeks  {wall_w[w]:7.2f} ms  {wall_w[w] / w:6.3f} ms per week   "
              f"CPU {cpu_w[w]:7.2f} ms  {cpu_w[w] / w:6.3f} ms per week")
    intercept, slope, r2 = _line_fit([float(w) for w in week_sizes],
                                     [cpu_w[w] for w in week_sizes])
    per_week_ratio = (cpu_w[52] / 52) / (cpu_w[8] / 8)
    print(f"  fitted (CPU): {intercept:.2f} ms + {slope:.3f} ms x weeks (R^2 {r2:.4f})")
    print(f"  per-week CPU time at 52 vs 8 weeks: {per_week_ratio:.2f}  "
          f"(<= {LINEAR_RATIO:.2f}: {_verdict(per_week_ratio <= LINEAR_RATIO)})")
    print()

    verdicts = {
        "b/a": med["b"] / a <= B_OVER_A,
        "c/a (help)": med["c:help"] / a <= C_OVER_A,
        "c/a (goals)": med["c:goals"] / a <= C_OVER_A,
        "d/a": med["d"] / a <= D_OVER_A,
        "e": e <= E_MS_PER_PLAN,
        "e: own share": outside <= E_OWN_SHARE,
        "f": bool(rss_b) and max(rss_b) <= F_MIB,
        "linear in plans": count_ratio <= LINEAR_RATIO,
        "linear in weeks": per_week_ratio <= LINEAR_RATIO,
    }
    missed = [k for k, ok in verdicts.items() if not ok]
    print("Targets: " + ("all met" if not missed else f"missed {', '.join(missed)}")
          + (" (--quick: not meaningful)" if quick else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
