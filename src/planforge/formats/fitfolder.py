"""The watch folder: a FIT workout file per session of a window of weeks, and ``schedule.fit``.

Watches hold about :data:`WATCH_SCHEDULE_LIMIT` scheduled workouts, so the files are written
for a window of weeks (``planforge workouts PLAN --weeks 1-4``); the default window is, from
week 1, as many whole weeks as hold at most that many workouts. The files go to a folder
(:func:`~planforge.formats.output.write_folder`, as a unit) that is copied to the watch's
``GARMIN/NewFiles`` over USB. :func:`is_watch_file` knows planforge's own files in it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ..core.model import Plan, Session
from ..goals.fitnames import load_profile
from . import fit

#: watches hold about this many scheduled workouts: the default window stays within it
WATCH_SCHEDULE_LIMIT = 30
SCHEDULE_FILE = "schedule.fit"
#: the plan's page written beside the watch files (``--with-page``), linking each file
PAGE_FILE = "index.html"


class WatchFile(NamedTuple):
    """One file of the watch folder: its name and its bytes."""

    name: str
    data: bytes


def calendar_week(plan: Plan, session: Session) -> int:
    """The 7-day block of the plan ``session``'s date falls in (week 1 starts on the start
    date): a window of weeks is of dates, whatever week a shifted workout was planned for."""
    return (session.date - plan.start).days // 7 + 1


def default_window(plan: Plan) -> tuple[int, int]:
    """From week 1, as many whole weeks as hold at most :data:`WATCH_SCHEDULE_LIMIT`
    workouts (at least week 1)."""
    per_week: dict[int, int] = {}
    for session in plan.sessions:
        week = calendar_week(plan, session)
        per_week[week] = per_week.get(week, 0) + 1
    last = 1
    total = 0
    for week in range(1, last_week(plan) + 1):
        total += per_week.get(week, 0)
        if total > WATCH_SCHEDULE_LIMIT:
            break
        last = week
    return 1, last


def last_week(plan: Plan) -> int:
    """The plan's last week: its length, or a later one a workout's date falls in."""
    return max([plan.weeks, *(calendar_week(plan, s) for s in plan.sessions)])


def window_sessions(plan: Plan, weeks: tuple[int, int]) -> list[Session]:
    """The sessions dated in weeks ``first`` to ``last``, by date (plan order on a day)."""
    first, last = weeks
    chosen = [s for s in plan.sessions if first <= calendar_week(plan, s) <= last]
    return sorted(chosen, key=lambda s: s.date)


def file_names(plan: Plan, sessions: Sequence[Session]) -> list[str]:
    """``W01-1-run-walk.fit``: the week, the session's place in its week, what it is."""
    names = []
    place: dict[int, int] = {}
    for session in sessions:
        week = calendar_week(plan, session)
        place[week] = place.get(week, 0) + 1
        slug = re.sub(r"[^a-z0-9]+", "-", session.workout.lower()).strip("-")[:20] or "workout"
        names.append(f"W{week:02d}-{place[week]}-{slug}.fit")
    return names


def watch_files(plan: Plan, *, weeks: tuple[int, int]) -> tuple[WatchFile, ...]:
    """One workout file per session of ``weeks`` (first, last), then ``schedule.fit``."""
    fit.require_sdk()
    sessions = window_sessions(plan, weeks)
    serials = unique_serials(sessions)
    profile = load_profile()  # the FIT exercise names, read once for every file
    files = [WatchFile(name, fit.encode_workout(session, plan=plan, serial=serial,
                                                profile=profile))
             for name, session, serial in zip(file_names(plan, sessions), sessions, serials,
                                              strict=True)]
    schedule = fit.encode_schedule(list(zip(sessions, serials, strict=True)), plan=plan)
    return (*files, WatchFile(SCHEDULE_FILE, schedule))


def watch_page(plan: Plan, *, weeks: tuple[int, int]) -> WatchFile:
    """The plan's HTML page (:func:`~planforge.formats.html.render_html`) for the watch
    folder: each session of ``weeks`` links its FIT file beside it."""
    from .html import render_html

    sessions = window_sessions(plan, weeks)
    links = {s.uid: name for s, name in zip(sessions, file_names(plan, sessions), strict=True)}
    return WatchFile(PAGE_FILE, render_html(plan, watch_files=links))


def unique_serials(sessions: Sequence[Session]) -> list[int]:
    """Each session's serial number (from its UID); a clash (about 1 in 2^32 for a pair)
    takes the hash of the UID with ``+`` added, so every file of a folder has its own."""
    seen: set[int] = set()
    out = []
    for session in sessions:
        key = session.uid
        serial = fit.serial_number(key)
        while serial in seen:
            key += "+"
            serial = fit.serial_number(key)
        seen.add(serial)
        out.append(serial)
    return out


#: the names planforge gives watch files (file_names, SCHEDULE_FILE)
_WATCH_NAME = re.compile(r"W[0-9]{2,}-[0-9]+-[a-z0-9-]+\.fit|" + re.escape(SCHEDULE_FILE))
#: what a page planforge wrote says of itself (formats/html.py)
_PAGE_MARK = b'<meta name="generator" content="planforge">'


def is_watch_file(path: Path) -> bool:
    """Whether ``path`` is a watch file (or a plan's page) planforge wrote: by its name, and
    a page by its words. ``write_folder --force`` takes these out when the new plan does not
    have them, so a folder never holds two plans' workouts."""
    if path.is_symlink() or not path.is_file():
        return False
    if _WATCH_NAME.fullmatch(path.name):
        return True
    if path.name != PAGE_FILE:
        return False
    try:
        with path.open("rb") as handle:
            return _PAGE_MARK in handle.read(4096)
    except OSError:
        return False
