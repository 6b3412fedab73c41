"""Writing a folder as a unit: the new contents are made beside it and swapped in whole.

``publish`` (a site folder), ``batch`` (a club folder) and the watch folders write files
that belong together: a page and the feed it links, a plan file and the token in it, a
watch's workouts and their schedule. Written one by one in place, a kill or a full disk half
way leaves a mix of old and new. A :class:`Staging` instead

1. makes a hidden folder beside the target (``.NAME.planforge-new-PID-XXXXXXXX``) and the
   caller writes every new file there (:func:`stage_file`; a file whose bytes did not change
   is the old file, hard-linked, so it keeps its modification time and a server its ETag,
   and a replaced file keeps its permissions);
2. carries over what of the old folder the caller does not drop, by hard link: the files
   planforge did not write (the user's own) are left as they are;
3. flushes it to disk and swaps it in whole: ``renameat2(RENAME_EXCHANGE)`` on Linux, one
   atomic step; elsewhere two renames (the target aside, the new folder in), which the next
   run undoes if a kill came between them (the old folder goes back);
4. removes the old folder (a file that appeared in it meanwhile is moved over first).

So the target is at every moment the old folder or the new one, never a mix. The hidden
folders of a killed run (its process id is in the name; the process is gone) are removed by
the next run for the same target (:func:`recover`). A folder that cannot be swapped (the
current folder or one holding it, a mount point, one holding a pipe or device, or one whose
parent takes no new entries) gets the staged files moved in one by one instead, each whole,
the pages last, then the dropped files removed.

Which files are planforge's own is the callers' business; a site folder's record of them is
:data:`MANIFEST` (:func:`read_manifest`), holding digests of the names, not the names: a site
folder goes online, and its feeds' names are secrets. Also here, for every writer: a
replaced file's permissions kept (:func:`keep_mode`) and whether a process still runs
(:func:`process_alive`: what a killed run left is told by its process id).
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
from collections.abc import Collection, Mapping
from pathlib import Path
from types import TracebackType

from ..errors import OutputError
from .modes import keep_mode, process_alive

#: the record of what planforge wrote into a folder (site and club folders)
MANIFEST = ".planforge.json"
#: the hidden folders of a run: .NAME.planforge-new-PID-XXXXXXXX (beside the target) or
#: .planforge-new-PID-XXXXXXXX (inside it, when its parent takes no new entries)
_STAGE = re.compile(r"(?:.*\.)?planforge-(new|old)-([0-9]+)-[a-z0-9_]{8}")
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100
#: files moved in one by one go in this order: pages last, after the feeds they link
_LAST = ("index.html",)


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_digest(path: Path) -> str | None:
    """The digest of a regular file's bytes; None if it is not one (or cannot be read)."""
    try:
        if path.is_symlink() or not path.is_file():
            return None
        with path.open("rb") as handle:
            return hashlib.file_digest(handle, "sha256").hexdigest()
    except OSError:
        return None


def _prefix(target: Path) -> str:
    return f".{target.name[:100]}.planforge-"


def recover(target: Path) -> None:
    """Finish after a killed run for ``target``: an interrupted two-step swap is undone (the
    old folder goes back); hidden folders of runs no longer running are removed."""
    places = [(target.parent, _prefix(target)), (target, ".planforge-")]
    stale: list[tuple[str, Path]] = []
    for folder, prefix in places:
        try:
            entries = [e for e in os.scandir(folder) if e.name.startswith(prefix)]
        except OSError:
            continue
        for entry in entries:
            match = _STAGE.fullmatch(entry.name)
            if match is None or not entry.is_dir(follow_symlinks=False):
                continue
            pid = int(match[2])
            if pid != os.getpid() and not process_alive(pid):
                stale.append((match[1], Path(entry.path)))
    for kind, path in sorted(stale):  # "new" before "old": the old one may go back
        if kind == "old" and not os.path.lexists(target):
            with contextlib.suppress(OSError):
                path.rename(target)
                continue
        shutil.rmtree(path, ignore_errors=True)


def stage_file(root: str | Path, old_root: str | Path | None, rel: str, data: bytes) -> bool:
    """Write ``data`` as ``root/rel`` in a staging folder; whether the bytes differ from the
    old folder's ``old_root/rel`` (when they do not, the old file itself is linked in, so it
    keeps its time stamps). A new file gets the old one's permissions, or the usual ones."""
    new = Path(root, rel)
    new.parent.mkdir(parents=True, exist_ok=True)
    old = Path(old_root, rel) if old_root is not None else None
    if old is not None and _same_bytes(old, data):
        try:
            os.link(old, new)
        except OSError:
            shutil.copy2(old, new)
        return False
    fd = os.open(new, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(data)
    keep_mode(new, old)
    return True


def _same_bytes(path: Path, data: bytes) -> bool:
    try:
        if path.is_symlink() or not path.is_file() or path.stat().st_size != len(data):
            return False
        with path.open("rb") as handle:
            return handle.read(len(data) + 1) == data
    except OSError:
        return False


class Staging:
    """A new version of the folder ``path``, written beside it and swapped in by
    :meth:`finish` (see the module's notes). Use it as a context manager: an exception
    (or a Ctrl-C) before :meth:`finish` leaves the target as it was."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.shown = os.fspath(path)
        self.target = Path(os.path.realpath(path))
        parent = self.target.parent
        if not parent.is_dir():
            raise OutputError(f"cannot write {self.shown}: folder {parent} does not exist")
        if os.path.lexists(self.target) and not self.target.is_dir():
            raise OutputError(f"{self.shown} is not a folder; give a folder name")
        recover(self.target)
        self.existed = self.target.is_dir()
        self.inside = False
        if self.existed and os.path.ismount(self.target):  # a rename cannot leave it
            self.root = self._inside_target()
        else:
            try:
                self.root = Path(tempfile.mkdtemp(
                    dir=parent, prefix=f"{_prefix(self.target)}new-{os.getpid()}-"))
            except OSError as exc:
                if not self.existed:
                    raise OutputError(f"cannot write {self.shown}: {exc.strerror or exc}"
                                      ) from None
                self.root = self._inside_target()
        with contextlib.suppress(OSError):
            mode = self.target.stat().st_mode & 0o7777 if self.existed else 0o777 & ~_umask()
            self.root.chmod(mode)
        self.carried: set[str] = set()
        self.seen: set[str] = set()  # every old file, when the old folder was gone through

    def _inside_target(self) -> Path:
        """Staging inside the target, for a folder whose parent takes no new entries."""
        try:
            root = Path(tempfile.mkdtemp(dir=self.target, prefix=f".planforge-new-{os.getpid()}-"))
        except OSError as exc:
            raise OutputError(f"cannot write {self.shown}: {exc.strerror or exc}") from None
        self.inside = True
        return root

    @property
    def old_root(self) -> Path | None:
        """The folder as it is (None if it is new): where :func:`stage_file` compares."""
        return self.target if self.existed else None

    def __enter__(self) -> Staging:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 trace: TracebackType | None) -> None:
        if kind is not None:
            self.discard()

    def put(self, rel: str, data: bytes) -> bool:
        """Stage one file (``rel`` with ``/``); whether its bytes changed."""
        try:
            return stage_file(self.root, self.old_root, rel, data)
        except OSError as exc:
            raise OutputError(f"cannot write {Path(self.shown, rel)}: "
                              f"{exc.strerror or exc}") from None

    def discard(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)

    def finish(self, *, drop: Collection[str] = ()) -> None:
        """Carry over every old file but ``drop`` (and those staged anew), then put the new
        folder in place: swapped in whole where it can be, else file by file."""
        if self.existed and not drop and self._nothing_new():
            self.discard()  # every staged file is the old one: the folder stays as it is
            return
        try:
            whole = self.existed and not self.inside and self._carry(set(drop))
            _sync(self.root)
            if not self.existed:
                self._rename_new()
            elif whole:
                self._swap()
            else:
                self._merge(set(drop))
        except OSError as exc:
            self.discard()
            raise OutputError(f"cannot write {self.shown}: {exc.strerror or exc}") from None
        self.discard()
        _fsync_folder(self.target.parent)

    def _nothing_new(self) -> bool:
        for path in self.root.rglob("*"):
            if path.is_dir() and not path.is_symlink():
                continue
            try:
                old = (self.target / path.relative_to(self.root)).lstat()
                new = path.lstat()
            except OSError:
                return False
            if (old.st_ino, old.st_dev) != (new.st_ino, new.st_dev):
                return False
        return True

    # -- the whole folder

    def _carry(self, drop: set[str]) -> bool:
        """Link the old files that stay into the staging folder; False if one cannot be
        carried (a pipe, a device, a mount point inside) or the folder must not move."""
        if not self._may_move():
            return False
        for folder, dirs, files in os.walk(self.target):
            here = Path(folder)
            for name in [*files, *dirs]:
                path = here / name
                rel = path.relative_to(self.target).as_posix()
                if name in dirs and not path.is_symlink():
                    if os.path.ismount(path):
                        return False
                    if not any(os.scandir(path)) and rel not in drop:
                        self._mkdirs(rel)
                    continue
                self.seen.add(rel)
                if rel in drop or os.path.lexists(self.root / rel):
                    continue
                if not self._carry_one(path, rel):
                    return False
        return True

    def _may_move(self) -> bool:
        here = Path.cwd().resolve() if Path().exists() else None
        if here is not None and (here == self.target or self.target in here.parents):
            return False  # the current folder would be swapped away under the shell
        return not os.path.ismount(self.target)

    def _carry_one(self, path: Path, rel: str) -> bool:
        new = self.root / rel
        self._mkdirs(str(Path(rel).parent))
        if path.is_symlink():
            new.symlink_to(path.readlink())
        elif path.is_file():
            try:
                os.link(path, new, follow_symlinks=False)
            except OSError:
                shutil.copy2(path, new, follow_symlinks=False)
        else:
            return False
        self.carried.add(rel)
        return True

    def _mkdirs(self, rel: str) -> None:
        """Make the folders of ``rel`` in the staging folder, with the old ones' modes."""
        if rel in ("", "."):
            return
        made = self.root
        for part in Path(rel).parts:
            made = made / part
            if not made.is_dir():
                made.mkdir()
                with contextlib.suppress(OSError):
                    old = self.target / made.relative_to(self.root)
                    made.chmod(old.stat().st_mode & 0o7777)

    def _swap(self) -> None:
        if _exchange(self.root, self.target):
            aside = self.root  # now the old folder
        else:
            aside = self.target.parent / (
                f"{_prefix(self.target)}old-{os.getpid()}-{self.root.name[-8:]}")
            self.target.rename(aside)
            try:
                self.root.rename(self.target)
            except OSError:
                aside.rename(self.target)
                raise
        self._rescue(aside)
        shutil.rmtree(aside, ignore_errors=True)

    def _rescue(self, aside: Path) -> None:
        """Move into the new folder what appeared in the old one while this run worked (after
        the old folder was gone through)."""
        for folder, _, files in os.walk(aside):
            for name in files:
                rel = (Path(folder) / name).relative_to(aside).as_posix()
                new = self.target / rel
                if rel in self.seen or os.path.lexists(new) or not new.parent.is_dir():
                    continue
                with contextlib.suppress(OSError):
                    (Path(folder) / name).rename(new)

    def _rename_new(self) -> None:
        try:
            self.root.rename(self.target)
        except OSError as exc:
            if exc.errno not in (errno.EEXIST, errno.ENOTEMPTY):
                raise
            self.existed = True  # made meanwhile by someone else: join it
            self._merge(set())

    # -- file by file

    def _merge(self, drop: set[str]) -> None:
        """Move the staged files into the target one by one (each whole), pages last; then
        remove the dropped files and the folders they leave empty."""
        staged = sorted((p for p in self.root.rglob("*") if not p.is_dir() or p.is_symlink()),
                        key=lambda p: (p.name in _LAST, str(p)))
        for path in staged:
            target = self.target / path.relative_to(self.root)
            target.parent.mkdir(parents=True, exist_ok=True)
            if path.is_file() and not path.is_symlink() and target.is_file():
                keep_mode(path, target)
            _move_in(path, target)
        emptied: set[Path] = set()
        for rel in sorted(drop):
            path = self.target / rel
            if path.is_file() or path.is_symlink():
                with contextlib.suppress(FileNotFoundError):
                    path.unlink()
                emptied.add(path.parent)
        for folder in sorted(emptied, key=lambda p: -len(p.parts)):
            while folder != self.target and self.target in folder.parents:
                try:
                    folder.rmdir()
                except OSError:
                    break
                folder = folder.parent


def _move_in(path: Path, target: Path) -> None:
    """``path`` takes the name ``target`` in one step; from another file system (a mount
    point inside the folder) as a copy beside the target first."""
    try:
        path.replace(target)
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        copy = target.with_name(f".{target.name[:100]}.planforge-new-{os.getpid()}.tmp")
        shutil.copy2(path, copy, follow_symlinks=False)
        copy.replace(target)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _exchange(new: Path, target: Path) -> bool:
    """Swap two folders in one atomic step (Linux ``renameat2``); False where the system
    or the file system has no such call."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        call = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    call.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p,
                     ctypes.c_uint]
    call.restype = ctypes.c_int
    if call(_AT_FDCWD, os.fsencode(new), _AT_FDCWD, os.fsencode(target),
            _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code))


def _sync(root: Path) -> None:
    """Everything staged on disk before it takes the target's place: ``syncfs`` of the
    staging folder's file system on Linux (one call for every file), else ``os.sync``."""
    fd = os.open(root, os.O_RDONLY)
    try:
        if sys.platform.startswith("linux"):
            with contextlib.suppress(OSError, AttributeError):
                call = ctypes.CDLL(None, use_errno=True).syncfs
                call.argtypes = [ctypes.c_int]
                if call(fd) == 0:
                    return
        os.sync()
    finally:
        os.close(fd)


def _fsync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# ----------------------------------------------------------------------------- manifests


def name_digest(rel: str) -> str:
    """How a manifest names a file: a digest of its path, so the manifest of a folder that
    goes online gives away no secret feed name."""
    return hashlib.sha256(f"planforge-file:{rel}".encode()).hexdigest()


def read_manifest(folder: Path) -> tuple[str, dict[str, object]] | None:
    """A folder's manifest as (its format, its data), or None when it has none or one that
    is no manifest (then nothing in the folder counts as planforge's)."""
    path = folder / MANIFEST
    try:
        with path.open("rb") as handle:
            raw = handle.read(50_000_001)
        data = json.loads(raw)
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("format"), str):
        return None
    return data["format"], data


def owned_by_digest(folder: Path, files: object) -> dict[str, str]:
    """The files of ``folder`` that a manifest's ``files`` (name digest -> content digest)
    names: ``rel`` -> the digest of the bytes planforge wrote."""
    if not isinstance(files, Mapping):
        return {}
    out: dict[str, str] = {}
    for current, dirs, names in os.walk(folder):
        dirs[:] = [d for d in dirs if not _STAGE.fullmatch(d)]
        for name in names:
            rel = (Path(current) / name).relative_to(folder).as_posix()
            recorded = files.get(name_digest(rel))
            if isinstance(recorded, str):
                out[rel] = recorded
    return out


def manifest_bytes(fmt: str, files: Mapping[str, str], **more: object) -> bytes:
    """A manifest naming ``files`` (``rel`` -> content digest) by their name digests."""
    data = {"format": fmt, **more,
            "files": {name_digest(rel): files[rel] for rel in sorted(files)}}
    return (json.dumps(data, indent=1, sort_keys=False) + "\n").encode()

