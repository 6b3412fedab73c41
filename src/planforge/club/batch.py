"""One plan for a whole club (``planforge batch``): a plan, feed and page per member, and an
overview, written into one folder by every core.

The folder::

    index.html, club.csv         the overview: who trains when, and each member's feed (the
                                 coach's: it holds every member's secret address)
    plans/SLUG.toml              each member's plan file (their feed tokens inside)
    .planforge.json              who each member is, and what was written for them
                                 (:mod:`.state`)
    site/TOKEN/index.html        each member's subscribe page, and their feed beside it:
    site/TOKEN/TOKEN.ics         site/ is what goes online (it has no index of its own)
    site/TOKEN/watch/            with ``watch``: the member's FIT watch workouts (the default
                                 window of weeks), schedule.fit and index.html, their plan's
                                 page linking each session's file

A member's plan is the club's re-based on their start, days, time and zone (or, for another
level or other equipment, built again from the same template with the club plan's weeks and
progression, at their level and with only their equipment, as ``make --equipment`` and
``next`` build it), with UIDs of their own derived from the plan's and the member's seed (kept
from their first run: :class:`~.state.Identity`), so two members never share an event and a
member's events keep their UIDs whatever happens to the other rows. A member whose plan
cannot be made is reported (:class:`~planforge.club.roster.RowProblem`) and the others are
written. Here the files are made, into a staging folder that :mod:`.update` swaps in whole;
by a process per core (:func:`build_members`), whose workers end with the process that
started them. The feed tokens come from the caller (the command line draws them); nothing
here reads the clock or randomness.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import signal
import sys
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ..core.model import Plan
from ..errors import OutputError, PlanforgeError, RuleBreakError, UsageError
from ..formats.folder import digest, stage_file
from ..publish.feed import EXTRA_REVOKED, FeedNames, FeedOptions, render_feed, with_tokens
from .roster import Member, RowProblem
from .state import EXTRA_MEMBER, EXTRA_MEMBER_ID, Identity

if TYPE_CHECKING:
    from ..goals.templates import Template

#: the folder beside a member's feed that ``watch`` writes
WATCH_FOLDER = "watch"
#: below this many members the work stays in this process (a pool costs more than it saves)
POOL_FROM = 8


@dataclass(frozen=True, slots=True)
class Job:
    """One member's files to make."""

    member: Member
    identity: Identity
    inputs: str  # the digest of what the files are made from (kept in the record)
    plan: Plan | None = None  # the coach's changed plan file, kept; None: from the club's


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
    files: Mapping[str, str] = field(default_factory=dict)  # rel -> sha256 of the bytes
    inputs: str = ""
    kept: bool = False  # the member's plan is the coach's changed plan file

    def summary(self) -> dict[str, Any]:
        """The overview's columns, for the club's record (a later run that has nothing new
        for the member shows them from there)."""
        return {"plan_file": self.plan_file, "page": self.page, "feed": self.feed,
                "busy": self.busy, "start": self.start, "end": self.end, "level": self.level,
                "zone": self.zone, "week": list(self.week), "workouts": self.workouts,
                "equipment": list(self.equipment)}

    @classmethod
    def from_summary(cls, member: Member, summary: Mapping[str, Any], files: Mapping[str, str],
                     inputs: str, kept: bool) -> Written:
        """The overview's row of a member whose files stay as they are; ValueError if the
        record lacks a column."""
        try:
            week = tuple(str(d) for d in summary["week"])
            if len(week) != 7:
                raise ValueError("week")
            busy = summary["busy"]
            return cls(member, str(summary["plan_file"]), str(summary["page"]),
                       str(summary["feed"]), None if busy is None else str(busy),
                       str(summary["start"]), str(summary["end"]), str(summary["level"]),
                       str(summary["zone"]), week, int(summary["workouts"]),
                       tuple(str(e) for e in summary["equipment"]), files, inputs, kept)
        except (KeyError, TypeError) as exc:
            raise ValueError(f"the record has no {exc}") from None


class MemberError(Exception):
    """A member's plan cannot be made: ``field`` is the roster column it is about (the stage
    that failed tells it: the rebuild at another level or with other equipment, the start,
    the days); ``error`` is what planforge said."""

    def __init__(self, field: str, error: PlanforgeError) -> None:
        super().__init__(str(error))
        self.field = field
        self.error = error


def member_plan(plan: Plan, member: Member, identity: Identity,
                template: Template | None = None, *,
                recorded: tuple[tuple[str, str], ...] | None = None,
                broken: frozenset[str] | None = None,
                bases: dict[tuple[object, object], tuple[Plan, frozenset[str]]] | None = None
                ) -> Plan:
    """The club's plan as ``member`` asked for it, with UIDs of the member's own (from their
    identity's seed). ``recorded``: what the plan records of ``template`` (as
    :func:`~planforge.goals.user.template_extra` says; given, it is not worked out again for
    every member). ``broken``: the rules the club's plan already breaks
    (:func:`~planforge.core.replan.shift.rules_broken`; given, the club's plan is not checked
    again for every member whose days lay its weeks out afresh). ``bases``: the plans built
    again so far for a level and equipment, with the rules they break, kept by the caller
    for the members to come (batch: a chunk of members).

    One way for everyone: the club's plan (built again from its template at the member's
    level or with only their equipment, on the club's own start, days and times, when they
    ask for another) re-dated onto the member's start, days, times and zone, as ``render``
    re-dates a plan file. Days that cannot hold the club's weeks within the rules are
    refused (:class:`~planforge.errors.RuleBreakError`, as ``render --days`` refuses them),
    at every level: a member's days never change what the club's plan holds, only when.

    Raises :class:`MemberError` naming the roster column the failure is about.
    """
    from ..core.replan.shift import rebase, rules_broken

    base = plan
    if needs_rebuild(plan, member):
        rebuilt_for = ("level" if member.level is not None and member.level != plan.level
                       else "equipment")
        key = (member.level, member.equipment)
        known = None if bases is None else bases.get(key)
        if known is None:
            try:
                rebuilt = _rebuilt(plan, member, template, recorded)
            except PlanforgeError as exc:
                raise MemberError(rebuilt_for, exc) from None
            # another plan: what it breaks is worked out for it, once
            known = (rebuilt, rules_broken(rebuilt, template=template))
            if bases is not None:
                bases[key] = known
        base, broken = known
    try:
        mine = rebase(base, start=member.start, days=member.days, timezone=member.timezone,
                      times=member.times, broken=broken, template=template).plan
    except RuleBreakError as exc:  # only laying the weeks out on other days breaks a rule
        raise MemberError("days", exc) from None
    except PlanforgeError as exc:  # the cells were read as the options are: what is left
        # is a start the plan cannot reach from, or times with no zone to read them in
        raise MemberError("start" if member.start is not None else "tz", exc) from None
    return member_copy(mine, member, identity.seed)


def needs_rebuild(plan: Plan, member: Member) -> bool:
    """Whether the member's plan is built again (another level or other equipment) before
    it is re-dated."""
    return ((member.level is not None and member.level != plan.level)
            or (member.equipment is not None and member.equipment != plan.equipment_choice))


def _rebuilt(plan: Plan, member: Member, template: Template | None,
             recorded: tuple[tuple[str, str], ...] | None) -> Plan:
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
    # as make and next record a custom template (a built-in one is read again to tell)
    extra = template_extra(template) if recorded is None else recorded
    return replace(built, extra=(*(kv for kv in built.extra if kv[0] not in dict(extra)),
                                 *extra))


def member_copy(plan: Plan, member: Member, seed: str) -> Plan:
    """``plan`` with a plan_id and UIDs derived from its own and the member's ``seed``, and
    the member's name (and id) in ``plan.extra``."""
    new_id = hashlib.sha256(f"{plan.plan_id}|member|{seed}".encode()).hexdigest()[:16]
    prefix = f"{plan.plan_id}-"

    def uid(old: str) -> str:
        if old.startswith(prefix):
            return f"{new_id}-{old[len(prefix):]}"
        return f"{new_id}-{hashlib.sha256(old.encode()).hexdigest()[:12]}@planforge"

    extra = dict(plan.extra)
    extra[EXTRA_MEMBER] = member.name
    extra.pop(EXTRA_MEMBER_ID, None)
    extra.pop(EXTRA_REVOKED, None)  # the club plan's own revoked feeds are not the member's
    if member.member_id:
        extra[EXTRA_MEMBER_ID] = member.member_id
    return replace(plan, plan_id=new_id, extra=tuple(extra.items()),
                   sessions=tuple(replace(s, uid=uid(s.uid)) for s in plan.sessions))


@dataclass(frozen=True, slots=True)
class Context:
    """What every member's files are made from, besides their own row."""

    plan: Plan
    root: str  # the staging folder the files go to
    old_root: str | None  # the club folder as it is (unchanged files are linked from there)
    template: Template | None = None
    base_url: str | None = None
    watch: bool = False
    shown: str = "the club folder"  # the folder as the user named it, for messages
    recorded: tuple[tuple[str, str], ...] | None = None  # what plans record of the template
    broken: frozenset[str] | None = None  # the rules the club's plan already breaks


def build_members(context: Context, jobs: list[Job], *,
                  workers: int) -> dict[str, Written | RowProblem]:
    """Every member's files, written into ``context.root`` by up to ``workers`` processes;
    the result of each, by member key. A file that cannot be written (a full disk) ends it
    all: :class:`~planforge.errors.OutputError`, and the caller discards the staging folder."""
    if workers <= 1 or len(jobs) < POOL_FROM:
        return dict(_build_chunk(context, jobs))
    count = min(len(jobs), workers * 4)  # several chunks a worker: an even finish
    chunks = [jobs[i::count] for i in range(count)]
    with ProcessPoolExecutor(max_workers=workers, initializer=end_with_parent) as pool:
        parts = pool.map(_build_chunk, [context] * count, chunks)
        return {key: result for part in parts for key, result in part}


def end_with_parent() -> None:
    """A pool worker's first act: end when the process that started it ends, even by
    ``kill -9`` (which runs no clean-up of its own). On Linux the kernel sends the worker
    SIGKILL (``prctl(PR_SET_PDEATHSIG)``); elsewhere a thread watches the parent. (The
    parent is whoever started the worker: batch itself, or the fork server that a start
    method may put between them, which ends with batch.)"""
    parent = os.getppid()
    done = False
    if sys.platform.startswith("linux"):
        try:
            prctl = ctypes.CDLL(None, use_errno=True).prctl
            prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong,
                              ctypes.c_ulong]
            done = prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0
        except (OSError, AttributeError):
            done = False
    if os.getppid() != parent:  # the parent ended before the call above took hold
        os._exit(1)
    if not done:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True).start()


_PR_SET_PDEATHSIG = 1


def _watch_parent(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(0.5)
    os._exit(1)


def _build_chunk(context: Context, jobs: list[Job]) -> list[tuple[str, Written | RowProblem]]:
    out: list[tuple[str, Written | RowProblem]] = []
    bases: dict[tuple[object, object], tuple[Plan, frozenset[str]]] = {}
    for job in jobs:
        member = job.member
        try:
            out.append((member.key, _member_files(context, job, bases)))
        except OutputError:
            raise
        except MemberError as exc:
            out.append((member.key, RowProblem(member.line, exc.field, str(exc),
                                               member.name[:40])))
        except OSError as exc:
            raise OutputError(f"cannot write {context.shown}: {exc.strerror or exc}") from None
    return out


def member_files(plan: Plan, member: Member, identity: Identity, base_url: str | None, *,
                 watch: bool = False) -> dict[str, bytes]:
    """The bytes of every file of a member (``plan`` is theirs, with their tokens), by path
    in the club folder."""
    from ..formats.planfile import plan_to_toml
    from ..publish.page import page_links, render_subscribe_page

    site = identity.site
    names = FeedNames(f"{identity.feed}.ics", f"{identity.busy}.ics")
    options = FeedOptions(remind=member.remind)
    page_base = None if base_url is None else f"{base_url.rstrip('/')}/{identity.feed}/"
    files = {
        identity.plan_file: plan_to_toml(plan),
        f"{site}/{names.feed}": render_feed(plan, options),
        f"{site}/index.html": render_subscribe_page(
            plan, page_links(names, base_url=page_base, busy=member.busy_only),
            watch=WATCH_FOLDER if watch else None),
    }
    if member.busy_only:
        files[f"{site}/{names.busy}"] = render_feed(plan, options, busy_only=True)
    if watch:
        files.update(_watch_files(plan, f"{site}/{WATCH_FOLDER}"))
    return files


def _member_files(context: Context, job: Job,
                  bases: dict[tuple[object, object], tuple[Plan, frozenset[str]]]) -> Written:
    member, identity = job.member, job.identity
    base = job.plan if job.plan is not None else member_plan(
        context.plan, member, identity, context.template, recorded=context.recorded,
        broken=context.broken, bases=bases)
    mine = with_tokens(base, token=identity.feed, busy_token=identity.busy)
    files = member_files(mine, member, identity, context.base_url, watch=context.watch)
    for name, data in files.items():  # all rendered first: a failure above writes nothing
        stage_file(context.root, context.old_root, name, data)
    return _written(mine, member, identity, {n: digest(d) for n, d in files.items()},
                    job.inputs, kept=job.plan is not None)


def _watch_files(plan: Plan, folder: str) -> dict[str, bytes]:
    """The member's watch folder: FIT files of the default window and the page linking them."""
    from ..formats.fitfolder import default_window, watch_files, watch_page

    weeks = default_window(plan)
    return {f"{folder}/{item.name}": item.data
            for item in (*watch_files(plan, weeks=weeks), watch_page(plan, weeks=weeks))}


def _written(plan: Plan, member: Member, identity: Identity, files: Mapping[str, str],
             inputs: str, *, kept: bool) -> Written:
    week = []
    for day in range(7):
        at = plan.times.for_weekday(day)
        trains = day in {s.date.weekday() for s in plan.sessions}
        week.append("" if not trains else "all day" if at is None else at.strftime("%H:%M"))
    site = identity.site
    return Written(member, identity.plan_file, f"{site}/index.html",
                   f"{site}/{identity.feed}.ics",
                   f"{site}/{identity.busy}.ics" if member.busy_only else None,
                   plan.start.isoformat(), plan.end.isoformat(), plan.level,
                   plan.timezone or "", tuple(week), len(plan.sessions), plan.equipment,
                   files, inputs, kept)
