"""What a club folder remembers between ``batch`` runs: who each member is and what was
written for them, in ``DIR/.planforge.json``.

A member's identity (:class:`Identity`) is drawn once, the first time their key is seen
(:func:`assign`), and kept: their file name (``slug``), the seed of their UIDs and their two
feed tokens. Rows moving, new members and members leaving change nobody else's. The record
also holds the digest of each file written for the member and of what it was made from
(``inputs``), so a run with nothing new for a member rewrites nothing and reads none of their
files but to compare digests, and a plan file a coach changed since (``shift``) is found.

The file is the coach's, like ``index.html``, ``club.csv`` and ``plans/``: it holds every
member's feed tokens. Only ``site/`` goes online. A folder written by a release that kept no
record is read back from its plan files once (:func:`read_state`: each plan file names its
member and carries their tokens; the file name was the UIDs' seed).
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import PlanFileError
from ..formats.folder import MANIFEST, file_digest
from ..publish.feed import EXTRA_MODIFIED, EXTRA_TOKEN, EXTRA_TOKEN_BUSY, TOKEN_RE
from .roster import Member, member_key

FORMAT = "planforge-club/1"
#: plan.extra keys of a member's plan: their name (and id) as the roster gave them
EXTRA_MEMBER = "member"
EXTRA_MEMBER_ID = "member_id"
#: the files of the overview, at the top of the club folder
OVERVIEW = ("index.html", "club.csv")
_MAX_STATE_BYTES = 50_000_000
_HEX = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True, slots=True)
class Identity:
    """Who a member is to their calendar: kept from the first run on."""

    key: str
    slug: str  # their plan file is plans/SLUG.toml
    seed: str  # what their UIDs are derived from
    feed: str
    busy: str

    @property
    def plan_file(self) -> str:
        return f"plans/{self.slug}.toml"

    @property
    def site(self) -> str:
        return f"site/{self.feed}"


@dataclass(frozen=True, slots=True)
class Record:
    """A member as the last run left them."""

    identity: Identity
    name: str
    files: Mapping[str, str] = field(default_factory=dict)  # rel -> sha256 of the bytes
    inputs: str = ""  # digest of what the files were made from ("": unknown)
    kept: bool = False  # the plan file is the coach's edit, kept as it is
    summary: Mapping[str, Any] = field(default_factory=dict)  # the overview's columns


@dataclass(frozen=True, slots=True)
class ClubState:
    records: tuple[Record, ...] = ()
    files: Mapping[str, str] = field(default_factory=dict)  # the overview's files
    legacy: bool = False  # read back from the plan files of an older release

    def by_key(self) -> dict[str, Record]:
        return {r.identity.key: r for r in self.records}

    def owned(self) -> dict[str, str]:
        """Every file planforge wrote into the folder, with its digest."""
        out = dict(self.files)
        for record in self.records:
            out.update(record.files)
        return out


def read_state(folder: Path, *, club_modified: str | None = None) -> ClubState:
    """The folder's record; a folder an older release wrote is read from its plan files
    (``club_modified``: the club plan's own recorded change, which its members' plans carry
    too: another one marks a plan the coach changed); a folder batch never wrote has none
    (:class:`ClubState` empty)."""
    path = folder / MANIFEST
    if path.exists() or path.is_symlink():
        return _parse(path)
    if (folder / "plans").is_dir():
        return _legacy(folder, club_modified)
    return ClubState()


def _parse(path: Path) -> ClubState:
    def bad(why: str) -> PlanFileError:
        return PlanFileError(str(path), None, f"is not a club record planforge can read ({why});"
                             " move it away and run batch again: the members' addresses are "
                             "then read back from plans/")

    try:
        with path.open("rb") as handle:
            raw = handle.read(_MAX_STATE_BYTES + 1)
        data = json.loads(raw)
    except (OSError, ValueError, RecursionError) as exc:
        raise bad(str(getattr(exc, "strerror", None) or exc)[:100]) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise bad(f"its format is not {FORMAT}")
    try:
        records = tuple(_record(item) for item in data["members"])
        files = _files(data["files"])
    except (KeyError, TypeError, ValueError) as exc:
        raise bad(str(exc)[:100]) from None
    return ClubState(records, files)


def _record(item: Any) -> Record:
    ident = Identity(_text(item["key"]), _text(item["slug"]), _text(item["seed"]),
                     _text(item["feed"]), _text(item["busy"]))
    if not safe_slug(ident.slug) or not all(TOKEN_RE.fullmatch(t)
                                            for t in (ident.feed, ident.busy)):
        raise ValueError(f"member {ident.key[:40]!r} has a bad file name or token")
    summary = item.get("summary", {})
    if not isinstance(summary, dict):
        raise TypeError("summary")
    return Record(ident, _text(item["name"]), _files(item["files"]), _text(item["inputs"]),
                  item.get("kept") is True, summary)


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{value!r:.40} is not text")
    return value


def _files(value: Any) -> dict[str, str]:
    if not isinstance(value, dict):
        raise TypeError("files")
    for rel, sha in value.items():
        if not safe_rel(rel) or not isinstance(sha, str) or not _HEX.fullmatch(sha):
            raise ValueError(f"the file {rel!r:.60}")
    return dict(value)


def safe_slug(slug: str) -> bool:
    """A file name :func:`~.roster.slug_of` could give: letters, digits and marks of any
    script and ``-``, never ``.`` or ``/``."""
    return 0 < len(slug) <= 100 and slug[0] != "-" and all(
        c == "-" or c.isalnum() or unicodedata.category(c)[0] == "M" for c in slug)


def safe_rel(rel: str) -> bool:
    """A path inside the folder: relative, no ``..``, no hidden part, no backslash."""
    parts = rel.split("/")
    return bool(rel) and "\\" not in rel and "\x00" not in rel and all(
        p and not p.startswith(".") for p in parts)


def state_bytes(state: ClubState) -> bytes:
    """The record as JSON, members in key order (the same state gives the same bytes)."""
    members = [{
        "key": r.identity.key, "name": r.name, "slug": r.identity.slug,
        "seed": r.identity.seed, "feed": r.identity.feed, "busy": r.identity.busy,
        "inputs": r.inputs, "kept": r.kept, "files": dict(sorted(r.files.items())),
        "summary": dict(r.summary),
    } for r in sorted(state.records, key=lambda r: r.identity.key)]
    data = {"format": FORMAT, "members": members, "files": dict(sorted(state.files.items()))}
    return (json.dumps(data, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


# ----------------------------------------------------------------------------- identities


def assign(state: ClubState, members: Iterable[Member], draw: Callable[[], tuple[str, str]]
           ) -> dict[str, tuple[Identity, Record | None]]:
    """Each member's identity and record, by key: the ones on record, else (a member given
    an ``id`` for the first time) the ones their name had, else a new identity with tokens
    from ``draw`` and a file name of its own. New members are taken in key order, so which
    of two names that read alike (``Zoë``, ``Zoe``) gets the plain file name does not depend
    on the rows' order either."""
    members = list(members)
    known = state.by_key()
    keys = {m.key for m in members}
    taken = {r.identity.slug.casefold() for r in state.records}
    out: dict[str, tuple[Identity, Record | None]] = {}
    adopted: set[str] = set()
    for member in members:
        record = known.get(member.key)
        if record is not None:
            out[member.key] = (record.identity, record)
            continue
        by_name = known.get(member_key(member.name, None)) if member.member_id else None
        if by_name is not None and by_name.identity.key not in keys | adopted:
            adopted.add(by_name.identity.key)  # the coach added an id: they stay who they were
            out[member.key] = (Identity(member.key, *_rest(by_name.identity)), by_name)
    for member in sorted((m for m in members if m.key not in out), key=lambda m: m.key):
        slug = _free_slug(member, taken)
        taken.add(slug.casefold())
        feed, busy = draw()
        out[member.key] = (Identity(member.key, slug, slug, feed, busy), None)
    return out


def _rest(identity: Identity) -> tuple[str, str, str, str]:
    return identity.slug, identity.seed, identity.feed, identity.busy


def _free_slug(member: Member, taken: set[str]) -> str:
    slug = member.slug
    if slug.casefold() not in taken:
        return slug
    tail = hashlib.sha256(member.key.encode()).hexdigest()
    for size in range(6, 65):
        candidate = f"{slug[:50]}-{tail[:size]}"
        if candidate.casefold() not in taken:
            return candidate
    raise AssertionError("no free file name")  # 2**256 names: never


# ----------------------------------------------------------------------------- older folders


def _legacy(folder: Path, club_modified: str | None) -> ClubState:
    """Read back a club folder of a release that kept no record: each plans/SLUG.toml names
    its member and holds their tokens, and SLUG was their UIDs' seed. Where two files name
    one member (an older release could give a member someone else's file), the newer wins."""
    found: dict[str, tuple[float, Record]] = {}
    for path in sorted((folder / "plans").glob("*.toml")):
        extra = _extra_of(path)
        name, tokens = extra.get(EXTRA_MEMBER), (extra.get(EXTRA_TOKEN),
                                                 extra.get(EXTRA_TOKEN_BUSY))
        slug = path.stem
        if not isinstance(name, str) or not name.strip() or not safe_slug(slug) or not all(
                isinstance(t, str) and TOKEN_RE.fullmatch(t) for t in tokens):
            continue
        key = member_key(" ".join(name.split()), extra.get(EXTRA_MEMBER_ID) or None)
        ident = Identity(key, slug, slug, str(tokens[0]), str(tokens[1]))
        files = _digests(folder, [ident.plan_file, *_under(folder, ident.site)])
        changed = extra.get(EXTRA_MODIFIED)
        record = Record(ident, name, files, "",
                        kept=changed is not None and changed != club_modified)
        when = path.stat().st_mtime
        if key not in found or found[key][0] < when:
            found[key] = (when, record)
    return ClubState(tuple(r for _, r in found.values()),
                     _digests(folder, [n for n in OVERVIEW if (folder / n).is_file()]),
                     legacy=True)


def _extra_of(path: Path) -> dict[str, Any]:
    """A plan file's ``extra`` (read from the part before the sessions: quick)."""
    try:
        with path.open("rb") as handle:
            text = handle.read(5_000_001).decode("utf-8")
        head = text[:text.find("\n[[")] if "\n[[" in text else text
        data = tomllib.loads(head)
    except (OSError, ValueError, RecursionError):
        return {}
    extra = data.get("plan", {}).get("extra") if isinstance(data.get("plan"), dict) else None
    if isinstance(extra, list):
        return {p[0]: p[1] for p in extra if isinstance(p, list) and len(p) == 2}
    return extra if isinstance(extra, dict) else {}


def _under(folder: Path, rel: str) -> list[str]:
    base = folder / rel
    if not base.is_dir() or base.is_symlink():
        return []
    return sorted(p.relative_to(folder).as_posix() for p in base.rglob("*")
                  if p.is_file() and not p.is_symlink())


def _digests(folder: Path, rels: Iterable[str]) -> dict[str, str]:
    out = {}
    for rel in rels:
        sha = file_digest(folder / rel)
        if sha is not None:
            out[rel] = sha
    return out


def on_disk(folder: Path, files: Mapping[str, str]) -> bool:
    """Whether every file is in ``folder`` with the bytes recorded."""
    return all(file_digest(folder / rel) == sha for rel, sha in files.items())

