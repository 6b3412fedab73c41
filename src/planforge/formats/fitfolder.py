"""The watch folder: a FIT workout file per session of a window of weeks, and ``schedule.fit``.

Watches hold about :data:`WATCH_SCHEDULE_LIMIT` scheduled workouts, so the files are written
for a window of weeks (``planforge workouts PLAN --weeks 1-4``); the default window is, from
week 1, as many whole weeks as hold at most that many workouts. The files go to a folder
(:func:`write_folder`) that is copied to the watch's ``GARMIN/NewFiles`` over USB.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Sequence
from pathlib import Path
from typing import NamedTuple

from ..core.model import Plan, Session
from ..errors import OutputError
from ..goals.fitnames import load_profile
from . import fit
from .output import write_output

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


def write_folder(path: str, files: Sequence[WatchFile], *, force: bool) -> None:
    """Write ``files`` into the folder ``path`` (made if missing; its parent must exist).

    Every name is checked before anything is written, so an existing file (without
    ``force``) or a bad path leaves the folder as it was; each file is written whole or not
    at all (:func:`~planforge.formats.output.write_output`), and when one fails the files
    written before it (and the folder, if this made it) are removed again.
    """
    if path == "-":
        raise OutputError("watch files are a folder of files; give a folder name with -o, "
                          "not -")
    folder = Path(path)
    try:
        made = _check_folder(folder, path, files, force=force)
    except (OSError, ValueError) as exc:  # a name too long; ValueError: a NUL in the name
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}"
                          if isinstance(exc, OSError) else f"cannot write {path}: {exc}"
                          ) from None
    written: list[Path] = []
    try:
        for item in files:
            target = folder / item.name
            existed = target.exists()
            write_output(str(target), item.data, force=force)
            if not existed:
                written.append(target)
    except OutputError:
        for target in written:
            target.unlink(missing_ok=True)
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _check_folder(folder: Path, path: str, files: Sequence[WatchFile], *, force: bool) -> bool:
    """Refuse a target that is no folder or holds one of ``files`` (without ``force``);
    make the folder if it is missing; whether it was made."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{path} is a file; give a folder name for the watch files")
    if not folder.parent.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder.parent} does not exist")
    if not force:
        for item in files:
            target = folder / item.name
            if target.exists() or target.is_symlink():
                raise OutputError(f"{target} already exists; use --force to overwrite it")
    if folder.is_dir():
        return False
    folder.mkdir()
    return True
