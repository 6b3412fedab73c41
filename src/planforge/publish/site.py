"""A published folder (``planforge publish``): a plan's feed, its busy-only twin and the
subscribe page, written whole, over planforge's own files only.

* What planforge wrote into the folder is recorded in it (``.planforge.json``: digests of
  the names and the bytes, so the record gives no feed name away when the folder goes
  online). A file planforge did not write is never replaced without ``force`` (a page of
  your own called ``index.html``), and any other stays as it is. A folder an older release
  wrote has no record: its subscribe page is known by its words, a feed by its name.
* The folder is written as a unit (:class:`~planforge.formats.folder.Staging`): the new feed
  and the page linking it go in together, and the feeds of the plan's revoked tokens
  (:func:`~.feed.revoked_tokens`) go out in the same step. The plan file takes a new token
  and revokes the old one in one write, before the folder is touched; so a revoked feed is
  gone as soon as its successor is in place, and when a publish is stopped before that (a
  kill, a full disk), the next publish takes it out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..core.model import Plan
from ..errors import OutputError
from ..formats.folder import (
    MANIFEST,
    Staging,
    digest,
    manifest_bytes,
    owned_by_digest,
    read_manifest,
)
from .feed import EXTRA_TOKEN, EXTRA_TOKEN_BUSY, TOKEN_RE, revoked_tokens
from .page import SUBSCRIBE_MARK

FORMAT = "planforge-site/1"
PAGE = "index.html"


@dataclass(frozen=True, slots=True)
class Ownership:
    """Which files of a folder are planforge's (``rel`` -> the digest of what it wrote, or
    ``""`` when an older release wrote it and kept no record), and whether the plan's
    busy-only twin was published there."""

    owned: Mapping[str, str]
    busy: bool = False


@dataclass(frozen=True, slots=True)
class SiteResult:
    changed: tuple[str, ...]  # the files written anew
    removed: tuple[str, ...]  # the feeds of revoked tokens taken out


def _plan_names(plan: Plan) -> list[str]:
    extra = dict(plan.extra)
    tokens = [extra.get(EXTRA_TOKEN), extra.get(EXTRA_TOKEN_BUSY), *revoked_tokens(plan)]
    return [f"{t}.ics" for t in tokens if t and TOKEN_RE.fullmatch(t)]


def ownership(folder: Path, plan: Plan) -> Ownership:
    """What of ``folder`` is planforge's: what its record names, the feeds of the plan's
    tokens (now and revoked), and a subscribe page of an older release."""
    if not folder.is_dir():
        return Ownership({})
    owned = {name: "" for name in _plan_names(plan)
             if (folder / name).is_file() and not (folder / name).is_symlink()}
    found = read_manifest(folder)
    if found is not None:
        fmt, data = found
        if fmt != FORMAT:
            raise OutputError(f"{folder} is a folder 'planforge batch' wrote (a club folder); "
                              "publish into a folder of its own")
        owned.update(owned_by_digest(folder, data.get("files")))
        return Ownership(owned, busy=data.get("busy") is True)
    if _is_subscribe_page(folder / PAGE):
        owned[PAGE] = ""
    return Ownership(owned)


def _is_subscribe_page(path: Path) -> bool:
    try:
        if path.is_symlink() or not path.is_file():
            return False
        with path.open("rb") as handle:
            return SUBSCRIBE_MARK.encode() in handle.read(200_000)
    except OSError:
        return False


def refuse_foreign(folder: Path, files: Iterable[str], own: Ownership, *, shown: str,
                   force: bool) -> None:
    """A file ``files`` would replace that planforge did not write: refused, unless
    ``force``."""
    if force:
        return
    for name in files:
        path = folder / name
        if (path.exists() or path.is_symlink()) and name not in own.owned:
            raise OutputError(f"{Path(shown, name)} is not a file planforge wrote; use --force "
                              "to overwrite it, or publish into another folder")


def write_site(folder: str, files: Mapping[str, bytes], plan: Plan, *,
               busy: bool = False) -> SiteResult:
    """Write ``files`` into ``folder`` as a unit, with the record; the feeds of the plan's
    revoked tokens go out in the same step, every other file stays."""
    revoked = {f"{t}.ics" for t in revoked_tokens(plan)} - set(files)
    with Staging(folder) as stage:
        changed = tuple(name for name, data in files.items() if stage.put(name, data))
        drop = {name for name in revoked if stage.existed and (
            (stage.target / name).is_file() or (stage.target / name).is_symlink())}
        record = dict(_recorded(stage.target)) if stage.existed else {}
        record.update({name: digest(data) for name, data in files.items()})
        for name in drop:
            record.pop(name, None)
        stage.put(MANIFEST, manifest_bytes(FORMAT, record, busy=busy))
        stage.finish(drop=drop)
    return SiteResult(changed, tuple(sorted(drop)))


def _recorded(folder: Path) -> Mapping[str, str]:
    """What the record names of the files still there (another plan's feed published into
    the same folder stays recorded)."""
    found = read_manifest(folder)
    if found is None or found[0] != FORMAT:
        return {}
    return owned_by_digest(folder, found[1].get("files"))


def same_file(a: str, b: Path) -> bool:
    try:
        return Path(a).samefile(b)
    except OSError:
        return False
