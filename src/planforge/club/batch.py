"""One plan for a whole club (``planforge batch``): a plan, feed and page per member, and an
overview, written into one folder by every core.

The folder::

    index.html, club.csv         the overview: who trains when, and each member's feed (the
                                 coach's: it holds every member's secret address)
    plans/SLUG.toml              each member's plan file (their feed tokens inside)
    site/TOKEN/index.html        each member's subscribe page, and their feed beside it:
    site/TOKEN/TOKEN.ics         site/ is what goes online (it has no index of its own)
    site/TOKEN/watch/            with ``watch``: the member's FIT watch workouts (the default
                                 window of weeks), schedule.fit and index.html, their plan's
                                 page linking each session's file

A member's plan is the club's re-based on their start, days, time and zone (or, for another
level or other equipment, built again from the same template with the club plan's weeks and
progression, at their level and with only their equipment, as ``make --equipment`` and
``next`` build it), with UIDs of their own derived from the plan's and
the member's name, so two members never share an event. Each member's files are rendered
whole before any is written, and each is written atomically; a member whose plan cannot be
made is reported (:class:`~planforge.club.roster.RowProblem`) and the others are written.
The feed tokens come from the caller (the command line draws them); nothing here reads the
clock or randomness.
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..core.model import Plan
from ..errors import PlanforgeError, UsageError
from ..formats.output import write_output
from ..publish.feed import FeedNames, FeedOptions, render_feed, with_tokens
from .roster import Member, RowProblem

if TYPE_CHECKING:
    from ..goals.templates import Template

#: the plan.extra key naming the member a plan is for
EXTRA_MEMBER = "member"
#: the folder beside a member's feed that ``watch`` writes
WATCH_FOLDER = "watch"
#: below this many members the work stays in this process (a pool costs more than it saves)
POOL_FROM = 8


@dataclass(frozen=True, slots=True)
class Tokens:
    feed: str
    busy: str


@dataclass(frozen=True, slots=True)
class Written:
    """What the overview says about one member whose files were written."""

    member: Member
    plan_file: str  # paths relative to the club folder, with /
    page: str
    feed: str
    busy: str | None
    start: str
    end: str
    level: str
    zone: str
    week: tuple[str, ...]  # per weekday (Mon..Sun): "07:00", "all day" or ""
    workouts: int
    equipment: tuple[str, ...]  # the equipment the member's plan uses


def write_if_changed(path: str | os.PathLike[str], data: bytes) -> bool:
    """Write ``data`` atomically unless the file already holds exactly it (an unchanged file
    keeps its modification time, and with it the ETag a server gives it)."""
    from ..errors import OutputError

    try:
        with Path(path).open("rb") as handle:
            if handle.read(len(data) + 1) == data:
                return False
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        pass
    except OSError as exc:
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}") from None
    write_output(os.fspath(path), data, force=True)
    return True


def member_plan(plan: Plan, member: Member, template: Template | None = None) -> Plan:
    """The club's plan as ``member`` asked for it, with UIDs of the member's own.

    One way for everyone: the club's plan (built again from its template at the member's
    level or with only their equipment, on the club's own start, days and times, when they
    ask for another) re-dated onto the member's start, days, times and zone, as ``render``
    re-dates a plan file. Days that cannot hold the club's weeks within the rules are
    refused (:class:`~planforge.errors.RuleBreakError`, as ``render --days`` refuses them),
    at every level: a member's days never change what the club's plan holds, only when.
    """
    from ..core.replan.shift import rebase

    base = _rebuilt(plan, member, template) if needs_rebuild(plan, member) else plan
    mine = rebase(base, start=member.start, days=member.days, timezone=member.timezone,
                  times=member.times).plan
    return member_copy(mine, member)


def needs_rebuild(plan: Plan, member: Member) -> bool:
    """Whether the member's plan is built again (another level or other equipment) before
    it is re-dated."""
    return ((member.level is not None and member.level != plan.level)
            or (member.equipment is not None and member.equipment != plan.equipment_choice))


def _rebuilt(plan: Plan, member: Member, template: Template | None) -> Plan:
    """The club's plan at the member's level, with their equipment: from the club plan's
    template, on its start, days, times and zone, with its weeks and progression."""
    from ..core.engine.progression import build_plan
    from ..goals.user import template_extra

    if template is None:
        raise UsageError("the club plan's template is not known, so it cannot be built for "
                         "another level or other equipment")
    built = build_plan(goal=template, weeks=plan.weeks, start=plan.start,
                       created=plan.created, level=member.level or plan.level,
                       days=plan.days, timezone=plan.timezone, times=plan.times,
                       continues=plan.continues,
                       equipment=(member.equipment if member.equipment is not None
                                  else plan.equipment_choice))
    extra = template_extra(template)  # as make and next record a custom template
    return replace(built, extra=(*(kv for kv in built.extra if kv[0] not in dict(extra)),
                                 *extra))


def member_copy(plan: Plan, member: Member) -> Plan:
    """``plan`` with a plan_id and UIDs derived from its own and the member's, and the
    member's name in ``plan.extra``."""
    new_id = hashlib.sha256(f"{plan.plan_id}|member|{member.slug}".encode()).hexdigest()[:16]
    prefix = f"{plan.plan_id}-"

    def uid(old: str) -> str:
        if old.startswith(prefix):
            return f"{new_id}-{old[len(prefix):]}"
        return f"{new_id}-{hashlib.sha256(old.encode()).hexdigest()[:12]}@planforge"

    extra = dict(plan.extra)
    extra[EXTRA_MEMBER] = member.name
    return replace(plan, plan_id=new_id, extra=tuple(extra.items()),
                   sessions=tuple(replace(s, uid=uid(s.uid)) for s in plan.sessions))


def build_members(plan: Plan, jobs: list[tuple[Member, Tokens]], folder: str, *,
                  template: Template | None, base_url: str | None,
                  workers: int, watch: bool = False) -> list[Written | RowProblem]:
    """Every member's files, written into ``folder`` by up to ``workers`` processes; in the
    roster's order. ``watch``: their watch folders too (needs the ``fit`` extra)."""
    if workers <= 1 or len(jobs) < POOL_FROM:
        results = _build_chunk(plan, jobs, folder, template, base_url, watch)
    else:
        count = min(len(jobs), workers * 4)  # several chunks a worker: an even finish
        chunks = [jobs[i::count] for i in range(count)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = pool.map(_build_chunk, [plan] * count, chunks, [folder] * count,
                             [template] * count, [base_url] * count, [watch] * count)
            results = [result for part in parts for result in part]
    return sorted(results, key=lambda r: r.member.line if isinstance(r, Written) else r.line)


def _build_chunk(plan: Plan, jobs: list[tuple[Member, Tokens]], folder: str,
                 template: Template | None, base_url: str | None,
                 watch: bool = False) -> list[Written | RowProblem]:
    out: list[Written | RowProblem] = []
    for member, tokens in jobs:
        try:
            out.append(_member_files(plan, member, tokens, Path(folder), template, base_url,
                                     watch=watch))
        except PlanforgeError as exc:
            out.append(RowProblem(member.line, _field(member, exc), str(exc), member.name[:40]))
    return out


def _field(member: Member, exc: PlanforgeError) -> str:
    """The roster field a failure is most likely about."""
    text = str(exc).lower()
    for field, given in (("tz", member.timezone or ("zone" in text and member.times)),
                         ("equipment", member.equipment is not None),
                         ("days", member.days), ("level", member.level),
                         ("start", member.start), ("time", member.times)):
        if given and (field in text or (field == "days" and "day" in text)
                      or (field == "tz" and "zone" in text)):
            return field
    for field, given in (("days", member.days), ("start", member.start),
                         ("level", member.level), ("time", member.times)):
        if given:
            return field
    return "plan"


def _member_files(plan: Plan, member: Member, tokens: Tokens, folder: Path,
                  template: Template | None, base_url: str | None, *,
                  watch: bool = False) -> Written:
    from ..formats.planfile import plan_to_toml
    from ..publish.page import page_links, render_subscribe_page

    mine = with_tokens(member_plan(plan, member, template), token=tokens.feed,
                       busy_token=tokens.busy)
    names = FeedNames(f"{tokens.feed}.ics", f"{tokens.busy}.ics")
    options = FeedOptions(remind=member.remind)
    page_base = None if base_url is None else f"{base_url.rstrip('/')}/{tokens.feed}/"
    files = {
        f"plans/{member.slug}.toml": plan_to_toml(mine),
        f"site/{tokens.feed}/{names.feed}": render_feed(mine, options),
        f"site/{tokens.feed}/index.html": render_subscribe_page(
            mine, page_links(names, base_url=page_base, busy=member.busy_only),
            watch=WATCH_FOLDER if watch else None),
    }
    if member.busy_only:
        files[f"site/{tokens.feed}/{names.busy}"] = render_feed(mine, options, busy_only=True)
    if watch:
        files.update(_watch_files(mine, f"site/{tokens.feed}/{WATCH_FOLDER}"))
    for name, data in files.items():  # all rendered first: a failure above writes nothing
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(folder / name, data)
    return _written(mine, member, tokens, busy=member.busy_only)


def _watch_files(plan: Plan, folder: str) -> dict[str, bytes]:
    """The member's watch folder: FIT files of the default window and the page linking them."""
    from ..formats.fitfolder import default_window, watch_files, watch_page

    weeks = default_window(plan)
    return {f"{folder}/{item.name}": item.data
            for item in (*watch_files(plan, weeks=weeks), watch_page(plan, weeks=weeks))}


def _written(plan: Plan, member: Member, tokens: Tokens, *, busy: bool) -> Written:
    week = []
    for day in range(7):
        at = plan.times.for_weekday(day)
        trains = day in {s.date.weekday() for s in plan.sessions}
        week.append("" if not trains else "all day" if at is None else at.strftime("%H:%M"))
    return Written(member, f"plans/{member.slug}.toml", f"site/{tokens.feed}/index.html",
                   f"site/{tokens.feed}/{tokens.feed}.ics",
                   f"site/{tokens.feed}/{tokens.busy}.ics" if busy else None,
                   plan.start.isoformat(), plan.end.isoformat(), plan.level,
                   plan.timezone or "", tuple(week), len(plan.sessions), plan.equipment)
