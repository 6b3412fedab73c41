"""R39 of shared/design/training-rules.md, as a check: a race (``--race DATE``) is the plan's
last session, on its date, after a taper.

From the plan's data alone (``plan.race`` and the sessions), so a plan file edited by hand
is held to it as a made plan is: the race session (``workout = "race"``) on the race date
and nothing after it; the taper (the race week, and the week before when the race comes
in the first 3 days of its week) runs less than the last build week before it; no hard
session in the 3 days before the race and no strength the day before or on the day; and the
progression reached 30 minutes of continuous running before the race week (a 5K).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from ..engine.race import NO_HARD_DAYS, RACE_RUN_MIN, running
from ..limits import EPS
from .base import Check, Finding, _Facts


def _error(message: str, week: int | None = None, date: dt.date | None = None) -> Finding:
    return Finding("R39", "error", message, week, date)


def _r39(f: _Facts) -> Iterator[Finding]:
    races = [s for s in f.sessions if s.workout == "race"]
    race = f.plan.race
    if race is None:
        for s in races:
            yield _error("a race session in a plan without a race (plan.race)", s.week, s.date)
        return
    on_day = [s for s in races if s.date == race.date]
    if not on_day:
        yield _error(f"no race session on the race date {race.date.isoformat()}")
        return
    session = on_day[0]
    for s in f.sessions:
        if s is not session and s.date >= race.date:
            yield _error(f"{s.title or s.kind} on {s.date.isoformat()}: the race on "
                         f"{race.date.isoformat()} must be the plan's last session",
                         s.week, s.date)
    hard_from = race.date - dt.timedelta(days=NO_HARD_DAYS)
    for s in f.runs:
        if s.hard and hard_from <= s.date < race.date:
            yield _error(f"hard session {(race.date - s.date).days} day(s) before the race "
                         f"(none in the last {NO_HARD_DAYS} days)", s.week, s.date)
    for s in f.sessions:
        if s.kind == "strength" and race.date - dt.timedelta(days=1) <= s.date <= race.date:
            yield _error("strength the day before the race or on race day", s.week, s.date)
    taper = f.taper
    builds = [w for w in f.weeks if w < taper.start and f.week_runs[w] and not f.deload[w]]
    if builds:
        last = max(builds)
        before = running(f.week_runs[last])
        for week in taper:
            now = running(f.week_runs[week])
            alone = [s.workout for s in f.week_runs[week]] == ["race"]  # as light as it gets
            if now >= before - EPS and not alone:
                yield _error(f"taper week runs {now:.0f} min, not less than build week {last} "
                             f"({before:.0f} min): the last week is a taper", week)
    need = RACE_RUN_MIN.get(race.distance)
    if need is not None and not f.plan.continues and f.plan.level != "runner" and not any(
            s.longest_run_min >= need - EPS for s in f.runs if s.week < taper.start):
        yield _error(f"no {need}-minute continuous run before the taper: a "
                     f"{race.label} is out of the plan's reach", session.week)

CHECKS: dict[str, Check] = {"R39": _r39}
