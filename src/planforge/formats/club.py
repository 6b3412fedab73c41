"""One plan for a whole club (``planforge batch``): a plan, feed and page per member, and an
overview, written into one folder by every core.

The folder::

    index.html, club.csv         the overview: who trains when, and each member's feed (the
                                 coach's: it holds every member's secret address)
    plans/SLUG.toml              each member's plan file (their feed tokens inside)
    site/TOKEN/index.html        each member's subscribe page, and their feed beside it:
    site/TOKEN/TOKEN.ics         site/ is what goes online (it has no index of its own)

A member's plan is the club's re-based on their start, days, time and zone (or built again
from the same template at their level), with UIDs of their own derived from the plan's and
the member's name, so two members never share an event. Each member's files are rendered
whole before any is written, and each is written atomically; a member whose plan cannot be
made is reported (:class:`~planforge.formats.roster.RowProblem`) and the others are written.
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
from .feed import FeedNames, FeedOptions, render_feed, with_tokens
from .output import write_output
from .roster import Member, RowProblem

if TYPE_CHECKING:
    from ..goals.templates import Template

#: the plan.extra key naming the member a plan is for
EXTRA_MEMBER = "member"
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
    missing: tuple[str, ...]  # equipment the plan uses that the member did not list


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
    """The club's plan as ``member`` asked for it, with UIDs of the member's own."""
    from ..core.replan import rebase

    if member.level is not None and member.level != plan.level:
        base = _rebuilt(plan, member, template)
    else:
        base = rebase(plan, start=member.start, days=member.days, timezone=member.timezone,
                      times=member.times).plan
    return member_copy(base, member)


def _rebuilt(plan: Plan, member: Member, template: Template | None) -> Plan:
    from ..core.progression import build_plan

    if template is None:
        raise UsageError("the club plan's template is not known, so it cannot be built for "
                         "another level")
    times = member.times if member.times is not None else plan.times
    zone = member.timezone or plan.timezone
    if not times.all_day and zone is None:
        raise UsageError("timed workouts need a time zone")
    return build_plan(goal=template, weeks=plan.weeks, start=member.start or plan.start,
                      created=plan.created, level=member.level or plan.level,
                      days=member.days or plan.days, timezone=None if times.all_day else zone,
                      times=times, continues=plan.continues)


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
                  workers: int) -> list[Written | RowProblem]:
    """Every member's files, written into ``folder`` by up to ``workers`` processes; in the
    roster's order."""
    if workers <= 1 or len(jobs) < POOL_FROM:
        results = _build_chunk(plan, jobs, folder, template, base_url)
    else:
        count = min(len(jobs), workers * 4)  # several chunks a worker: an even finish
        chunks = [jobs[i::count] for i in range(count)]
        with ProcessPoolExecutor(max_workers=workers) as pool:
            parts = pool.map(_build_chunk, [plan] * count, chunks, [folder] * count,
                             [template] * count, [base_url] * count)
            results = [result for part in parts for result in part]
    return sorted(results, key=lambda r: r.member.line if isinstance(r, Written) else r.line)


def _build_chunk(plan: Plan, jobs: list[tuple[Member, Tokens]], folder: str,
                 template: Template | None, base_url: str | None) -> list[Written | RowProblem]:
    out: list[Written | RowProblem] = []
    for member, tokens in jobs:
        try:
            out.append(_member_files(plan, member, tokens, Path(folder), template, base_url))
        except PlanforgeError as exc:
            out.append(RowProblem(member.line, _field(member, exc), str(exc), member.name[:40]))
    return out


def _field(member: Member, exc: PlanforgeError) -> str:
    """The roster field a failure is most likely about."""
    text = str(exc).lower()
    for field, given in (("zone", member.timezone or ("zone" in text and member.times)),
                         ("days", member.days), ("level", member.level),
                         ("start", member.start), ("time", member.times)):
        if given and (field in text or (field == "days" and "day" in text)):
            return field
    for field, given in (("days", member.days), ("start", member.start),
                         ("level", member.level), ("time", member.times)):
        if given:
            return field
    return "plan"


def _member_files(plan: Plan, member: Member, tokens: Tokens, folder: Path,
                  template: Template | None, base_url: str | None) -> Written:
    from .planfile import plan_to_toml
    from .subscribe import page_links, render_subscribe_page

    mine = with_tokens(member_plan(plan, member, template), token=tokens.feed,
                       busy_token=tokens.busy)
    names = FeedNames(f"{tokens.feed}.ics", f"{tokens.busy}.ics")
    options = FeedOptions(remind=member.remind)
    page_base = None if base_url is None else f"{base_url.rstrip('/')}/{tokens.feed}/"
    files = {
        f"plans/{member.slug}.toml": plan_to_toml(mine),
        f"site/{tokens.feed}/{names.feed}": render_feed(mine, options),
        f"site/{tokens.feed}/index.html": render_subscribe_page(
            mine, page_links(names, base_url=page_base, busy=member.busy_only)),
    }
    if member.busy_only:
        files[f"site/{tokens.feed}/{names.busy}"] = render_feed(mine, options, busy_only=True)
    for name, data in files.items():  # all rendered first: a failure above writes nothing
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        write_if_changed(folder / name, data)
    return _written(mine, member, tokens, busy=member.busy_only)


def _written(plan: Plan, member: Member, tokens: Tokens, *, busy: bool) -> Written:
    week = []
    for day in range(7):
        at = plan.times.for_weekday(day)
        trains = day in {s.date.weekday() for s in plan.sessions}
        week.append("" if not trains else "all day" if at is None else at.strftime("%H:%M"))
    loads = {e.load for s in plan.sessions for e in s.exercises} - {"bodyweight"}
    missing = tuple(sorted(loads - set(member.equipment))) if member.equipment else ()
    return Written(member, f"plans/{member.slug}.toml", f"site/{tokens.feed}/index.html",
                   f"site/{tokens.feed}/{tokens.feed}.ics",
                   f"site/{tokens.feed}/{tokens.busy}.ics" if busy else None,
                   plan.start.isoformat(), plan.end.isoformat(), plan.level,
                   plan.timezone or "", tuple(week), len(plan.sessions), missing)
