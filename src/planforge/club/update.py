"""A club folder brought up to date (``planforge batch``): who each member is, what to make
for them, and the folder swapped in whole.

For each member of the roster (their identity from :func:`.state.assign`):

* nothing new (the same club plan, row, options and release, and every file of theirs still
  as written): their files stay, unread but for their digests;
* their plan file changed since batch wrote it (a coach's ``shift``): it is kept, and their
  feed and page are made from it (``force``: made again from the club plan); a changed plan
  file that no longer reads as a plan, or now holds another member's plan, is reported and
  all of their files stay as they were, at the same address;
* else their files are made (:func:`.batch.build_members`).

Members who left the roster, or whose row is bad this time, keep their files and their
record (a member who comes back has their address back). A file in the folder that batch
did not write is never overwritten without ``force`` (a coach's own ``index.html``), and any
other is carried over as it is. The new folder is made beside the old one and swapped in
whole (:class:`~planforge.formats.folder.Staging`): a kill or a full disk at any point leaves
the old folder or the new one, never a mix, and a member's tokens change together with the
files they name.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .. import __version__
from ..core.model import Plan
from ..errors import OutputError, PlanforgeError
from ..formats.folder import MANIFEST, Staging, digest, file_digest
from ..publish.feed import EXTRA_MODIFIED, EXTRA_TOKEN, EXTRA_TOKEN_BUSY, TOKEN_RE
from .batch import Context, Job, Written, build_members
from .page import render_overview_csv, render_overview_html
from .roster import Member, Roster, RowProblem, member_key
from .state import (
    EXTRA_MEMBER,
    EXTRA_MEMBER_ID,
    OVERVIEW,
    ClubState,
    Identity,
    Record,
    assign,
    on_disk,
    read_state,
    state_bytes,
)

if TYPE_CHECKING:
    from ..goals.templates import Template


@dataclass(frozen=True, slots=True)
class ClubResult:
    written: tuple[Written, ...]  # in the roster's order
    problems: tuple[RowProblem, ...]  # the roster's and the members', by line
    notes: tuple[str, ...]
    made: int  # members whose files were made anew this time


@dataclass(frozen=True, slots=True)
class _Plan:
    """The decision for one member."""

    job: Job | None = None
    written: Written | None = None  # nothing new: the record's row
    problem: RowProblem | None = None  # their files stay as they are
    note: str = ""


def update_club(plan: Plan, roster: Roster, folder: str, *,
                draw: Callable[[], tuple[str, str]], template: Template | None = None,
                base_url: str | None = None, workers: int = 1, watch: bool = False,
                force: bool = False) -> ClubResult:
    """Bring the club folder ``folder`` up to date with ``plan`` and ``roster`` (see the
    module's notes); ``draw`` gives a new member's two feed tokens."""
    with Staging(folder) as stage:
        club_modified = dict(plan.extra).get(EXTRA_MODIFIED)
        state = read_state(stage.target, club_modified=club_modified) if stage.existed \
            else ClubState()
        _refuse_foreign(stage, state, force)
        identities = assign(state, roster.members, draw)
        base = _inputs_base(plan, template, base_url, watch)
        taken = {t for ident, _ in identities.values() for t in (ident.feed, ident.busy)}
        decisions = {m.key: _decide(m, *identities[m.key], stage.target, base, taken, force)
                     for m in roster.members}
        jobs = [d.job for d in decisions.values() if d.job is not None]
        # the rules the club's plan breaks, worked out once for every member whose days lay
        # its weeks out afresh (the check is a fifth of a member's work)
        broken = None
        if any(j.member.days is not None for j in jobs):
            from ..core.replan.shift import rules_broken
            broken = rules_broken(plan, template=template)
        context = Context(plan, str(stage.root), str(stage.target) if stage.existed else None,
                          template, base_url, watch, folder, _recorded(template), broken)
        built = build_members(context, jobs, workers=workers)
        written, problems, records = _collect(roster, identities, decisions, built, state)
        records += [r for r in state.records if r.identity.key not in
                    {rec.identity.key for rec in records} | _adopted(identities)]
        overview = {"club.csv": render_overview_csv(written, base_url),
                    "index.html": render_overview_html(plan, written, base_url,
                                                       len(problems))}
        for name, data in overview.items():
            stage.put(name, data)
        new_state = ClubState(tuple(records), {n: digest(d) for n, d in overview.items()})
        stage.put(MANIFEST, state_bytes(new_state))
        drop = set(state.owned()) - set(new_state.owned())
        stage.finish(drop=drop)
    notes = [d.note for d in decisions.values() if d.note]
    if state.legacy:
        notes.insert(0, f"read each member's address back from {folder}/plans/ (written by "
                        f"an older release); {folder}/{MANIFEST} keeps them from now on")
    return ClubResult(tuple(written), tuple(sorted(problems, key=lambda p: p.line)),
                      tuple(notes), len(jobs))


def _recorded(template: Template | None) -> tuple[tuple[str, str], ...] | None:
    """What a member's plan records of the template, worked out once for the club (telling
    a built-in goal's file reads the goal again)."""
    from ..goals.user import template_extra

    return None if template is None else template_extra(template)


def _refuse_foreign(stage: Staging, state: ClubState, force: bool) -> None:
    """The overview's files must be batch's own (or ``force``)."""
    if force or not stage.existed:
        return
    for name in OVERVIEW:
        path = stage.target / name
        if (path.exists() or path.is_symlink()) and name not in state.files:
            raise OutputError(f"{Path(stage.shown, name)} is not a file batch wrote; use "
                              "--force to overwrite it, or write the club into another folder")


def _inputs_base(plan: Plan, template: Template | None, base_url: str | None,
                 watch: bool) -> str:
    """What every member's files are made from, as a digest: the release, the club plan,
    its template (when a member is built again from it) and the options."""
    text = repr((__version__, plan, template.digest if template else None, base_url, watch))
    return hashlib.sha256(text.encode()).hexdigest()


def _inputs(base: str, member: Member, identity: Identity, plan_digest: str = "") -> str:
    text = repr((base, replace(member, line=0), identity, plan_digest))
    return hashlib.sha256(text.encode()).hexdigest()


def _decide(member: Member, identity: Identity, record: Record | None, folder: Path,
            base: str, taken: set[str], force: bool) -> _Plan:
    plan_path = folder / identity.plan_file
    current = file_digest(plan_path)
    if record is None:
        if current is not None and not force:
            return _Plan(problem=RowProblem(
                member.line, "plan", f"{identity.plan_file} is a file batch did not write; move "
                "it away, or use --force to replace it", member.name[:40]))
        return _Plan(Job(member, identity, _inputs(base, member, identity)))
    changed = current is not None and (record.kept or current != record.files.get(
        identity.plan_file))
    if changed:
        return _changed(member, identity, record, folder, current or "", base, taken, force)
    inputs = _inputs(base, member, identity)
    if record.inputs == inputs and on_disk(folder, record.files):
        return _reuse(member, record, inputs, kept=False)
    return _Plan(Job(member, identity, inputs))


def _changed(member: Member, identity: Identity, record: Record, folder: Path,
             current: str, base: str, taken: set[str], force: bool) -> _Plan:
    """A member's plan file a coach changed: kept, or (``force``) made again."""
    from ..formats.planfile import load_plan

    rel = identity.plan_file
    plan_path = folder / rel
    try:
        theirs = load_plan(plan_path)
    except PlanforgeError as exc:
        if force:
            return _Plan(Job(member, identity, _inputs(base, member, identity)))
        return _Plan(problem=RowProblem(
            member.line, "plan", f"{rel} was changed since batch wrote it and is no longer a "
            f"plan file ({exc.problem if hasattr(exc, 'problem') else exc}); fix it, or use "
            "--force to make it again from the club plan", member.name[:40]))
    extra = dict(theirs.extra)
    owner = extra.get(EXTRA_MEMBER)
    if not isinstance(owner, str) or member_key(owner, extra.get(EXTRA_MEMBER_ID)) not in (
            member.key, member_key(member.name, None)):
        return _Plan(problem=RowProblem(
            member.line, "plan", f"{rel} now holds the plan of {str(owner)[:40]!r}, not this "
            "member's; put their own plan back, or use --force to make it again from the "
            "club plan", member.name[:40]))
    identity = _their_tokens(identity, extra, taken)
    if force:
        return _Plan(Job(member, identity, _inputs(base, member, identity)))
    inputs = _inputs(base, member, identity, current)
    note = (f"kept {rel}: changed since batch wrote it, so {member.name[:40]}'s feed is made "
            "from it (--force makes it again from the club plan)")
    if record.inputs == inputs and record.kept and on_disk(folder, record.files):
        return replace(_reuse(member, record, inputs, kept=True), note=note)
    return _Plan(Job(member, identity, inputs, plan=theirs), note=note)


def _their_tokens(identity: Identity, extra: dict[str, str], taken: set[str]) -> Identity:
    """The identity with the tokens a coach gave the member's plan file (``publish
    --new-token`` on it), unless they are not tokens or another member's."""
    feed, busy = extra.get(EXTRA_TOKEN), extra.get(EXTRA_TOKEN_BUSY)
    if not (isinstance(feed, str) and isinstance(busy, str) and TOKEN_RE.fullmatch(feed)
            and TOKEN_RE.fullmatch(busy)) or feed == busy:
        return identity
    if (feed, busy) == (identity.feed, identity.busy):
        return identity
    if {feed, busy} & (taken - {identity.feed, identity.busy}):
        return identity
    return replace(identity, feed=feed, busy=busy)


def _reuse(member: Member, record: Record, inputs: str, *, kept: bool) -> _Plan:
    try:
        return _Plan(written=Written.from_summary(member, record.summary, record.files,
                                                  inputs, kept))
    except ValueError:
        return _Plan(Job(member, record.identity, inputs))


def _collect(roster: Roster, identities: dict[str, tuple[Identity, Record | None]],
             decisions: dict[str, _Plan], built: dict[str, Written | RowProblem],
             state: ClubState) -> tuple[list[Written], list[RowProblem], list[Record]]:
    """The overview's rows, the problems and the new records, in the roster's order. A
    member who failed keeps the record (and files) they had."""
    written: list[Written] = []
    problems: list[RowProblem] = list(roster.problems)
    records: list[Record] = []
    for member in roster.members:
        decision = decisions[member.key]
        identity, old = identities[member.key]
        done = decision.written
        if decision.job is not None:
            result = built.get(member.key)
            if isinstance(result, Written):
                done, identity = result, decision.job.identity
            elif isinstance(result, RowProblem):
                problems.append(result)
        elif decision.problem is not None:
            problems.append(decision.problem)
        if done is not None:
            written.append(done)
            records.append(Record(identity, member.name, dict(done.files), done.inputs,
                                  done.kept, done.summary()))
        elif old is not None:
            records.append(replace(old, identity=identity))
    return written, problems, records


def _adopted(identities: dict[str, tuple[Identity, Record | None]]) -> set[str]:
    """The keys on record that a member took over under a new key (an id was added)."""
    return {old.identity.key for ident, old in identities.values()
            if old is not None and old.identity.key != ident.key}
