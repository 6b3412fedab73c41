"""Writing a finished file (or a folder of them): whole or not at all, and never over an
existing file without force.

The bytes go to a temporary file in the target's folder (``tempfile.mkstemp``: a new file,
mode 0600, opened exclusively, named ``.NAME.PID.XXXXXXXX.tmp``), are flushed to disk
(``os.fsync``), and only then take the target's name: with ``os.replace`` when overwriting
is allowed, else with ``os.link``, which fails if the name exists (so a file that appears
between our check and our write is never clobbered). ``"-"`` means standard output.

A file that is replaced keeps its permissions (a plan file kept ``chmod 600`` for the feed
token in it stays 600) and, when planforge runs as root, its owner. A temporary file that a
killed run left behind (its process is gone) is removed by the next write to the same name.

A folder of files (a watch folder: :func:`write_folder`) is written as a unit
(:class:`~.folder.Staging`): beside the old one, then swapped in whole.
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from ..errors import OutputError
from .modes import keep_mode, process_alive

STDOUT = "-"


def write_output(path: str, data: bytes, *, force: bool) -> None:
    """Write ``data`` to ``path`` (``"-"`` for standard output); :class:`OutputError` on failure."""
    if path == STDOUT:
        _write_stdout(data)
        return
    target = Path(path)
    try:
        _check_target(target, path, force=force)
    except (OSError, ValueError) as exc:  # a name too long; ValueError: a NUL in the name
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from None
    # the name is cut so that a target name of the longest length still has a temp name
    prefix = f".{target.name[:200]}."
    clean_stale_temporaries(target.parent, prefix)
    _replace_whole(target, path, data, prefix=f"{prefix}{os.getpid()}.", force=force,
                   verb="write")


def update_file(path: str, data: bytes) -> None:
    """Replace the file at ``path`` with ``data`` in one step, keeping its permissions: the
    new bytes go to a temporary file beside it, take its mode, are flushed to disk, then
    take its name (``os.replace``), so the file is whole, old or new, whatever happens.
    ``planforge missed`` and ``done`` keep a plan file, the user's log, up to date this way."""
    target = Path(path)
    try:
        if not target.is_file():
            raise OutputError(f"cannot update {path}: it is not a regular file")
    except (OSError, ValueError) as exc:
        raise OutputError(f"cannot update {path}: {_reason(exc)}") from None
    _replace_whole(target, path, data, prefix=f".{target.name[:200]}.{os.getpid()}.",
                   force=True, verb="update")


def _replace_whole(target: Path, path: str, data: bytes, *, prefix: str, force: bool,
                   verb: str) -> None:
    """``data`` into a temporary file beside ``target``, flushed to disk, then given its
    name: replacing it (``force``, keeping its mode and owner) or only if the name is free."""
    folder = target.parent
    try:
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=prefix, suffix=".tmp")
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise OutputError(f"cannot {verb} {path}: {_reason(exc)}") from None
    tmp = Path(tmp_name)
    try:
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            keep_mode(tmp, target if force else None)
            if force:
                tmp.replace(target)
            else:
                _link_new(tmp, target, path)
        except (OSError, ValueError) as exc:
            raise OutputError(f"cannot {verb} {path}: {_reason(exc)}") from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
    _fsync_folder(folder)


def _check_target(target: Path, path: str, *, force: bool) -> None:
    if target.is_dir():
        raise OutputError(f"{path} is a folder; give a file name")
    if target.exists() and not target.is_file():
        raise OutputError(f"{path} is not a regular file (a device, pipe or socket); give a "
                          "file name, or - for standard output")
    if not force and (target.exists() or target.is_symlink()):
        raise OutputError(f"{path} already exists; use --force to overwrite it")
    if not target.parent.is_dir():
        raise OutputError(f"cannot write {path}: folder {target.parent} does not exist")


def _reason(exc: Exception) -> str:
    return str(getattr(exc, "strerror", None) or exc)


def _link_new(tmp: Path, target: Path, path: str) -> None:
    """Give ``tmp``'s content the name ``target`` only if that name is free."""
    try:
        os.link(tmp, target)
        return
    except FileExistsError:
        raise OutputError(f"{path} already exists; use --force to overwrite it") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EMLINK,
                             errno.EXDEV, errno.ENOSYS):
            raise
    # The file system has no hard links: claim the name with O_EXCL, then move the data over it.
    try:
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))
    except FileExistsError:
        raise OutputError(f"{path} already exists; use --force to overwrite it") from None
    tmp.replace(target)


#: a temporary file of write_output: .NAME.PID.XXXXXXXX.tmp (before this release: no PID)
_TEMPORARY = re.compile(r"(?:(\d+)\.)?[a-z0-9_]{8}\.tmp")
#: how old a temporary file of a release that wrote no PID must be to count as left behind
_STALE_UNKNOWN = 600.0


def clean_stale_temporaries(folder: Path, prefix: str) -> None:
    """Remove the temporary files named ``prefix...`` that a run which no longer runs
    left behind (killed half way): its process id is in the name."""
    try:
        entries = [e for e in os.scandir(folder) if e.name.startswith(prefix)]
    except OSError:
        return
    for entry in entries:
        match = _TEMPORARY.fullmatch(entry.name[len(prefix):])
        if match is None:
            continue
        with contextlib.suppress(OSError):
            if match[1] is not None:
                stale = int(match[1]) != os.getpid() and not process_alive(int(match[1]))
            else:
                stale = time.time() - entry.stat(follow_symlinks=False).st_mtime > _STALE_UNKNOWN
            if stale and entry.is_file(follow_symlinks=False):
                Path(entry.path).unlink()


def _fsync_folder(folder: Path) -> None:
    """Make the new name durable (best effort: not every system can open a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def _write_stdout(data: bytes) -> None:
    """Write to standard output as bytes; a reader that went away (``| head``) ends quietly."""
    try:
        sys.stdout.flush()
        stream = getattr(sys.stdout, "buffer", None)
        if stream is None:  # a text-only replacement stream
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
        else:
            stream.write(data)
            stream.flush()
    except BrokenPipeError:
        silence_stdout()


def silence_stdout() -> None:
    """After a reader went away (``| head``): point stdout at /dev/null, so the
    interpreter's flush at exit raises nothing more."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


def write_folder(path: str, files: Sequence[tuple[str, bytes]], *, force: bool) -> None:
    """Write ``files`` (``(name, bytes)`` each: a watch folder) into the folder ``path``
    (made if missing; its parent must exist), as a unit.

    Every name is checked before anything is written, so an existing file (without
    ``force``) or a bad path leaves the folder as it was. The folder is made beside the old
    one and swapped in whole: a kill or a full disk never leaves a mix of two plans'
    workouts. With ``force`` the watch files of the folder's earlier plan that ``files``
    does not name (:func:`~.fitfolder.is_watch_file`) go out in the same step; any other
    file stays.
    """
    from .fitfolder import is_watch_file
    from .folder import Staging  # the folder swap, loaded only to write a folder

    if path == "-":
        raise OutputError("watch files are a folder of files; give a folder name with -o, "
                          "not -")
    folder = Path(path)
    try:
        _check_folder(folder, path, files, force=force)
    except (OSError, ValueError) as exc:  # a name too long; ValueError: a NUL in the name
        raise OutputError(f"cannot write {path}: {exc.strerror or exc}"
                          if isinstance(exc, OSError) else f"cannot write {path}: {exc}"
                          ) from None
    with Staging(path) as stage:
        for name, data in files:
            stage.put(name, data)
        names = {name for name, _ in files}
        drop = {p.name for p in stage.target.iterdir() if p.name not in names
                and is_watch_file(p)} if force and stage.existed else set()
        stage.finish(drop=drop)


def _check_folder(folder: Path, path: str, files: Sequence[tuple[str, bytes]], *,
                  force: bool) -> None:
    """Refuse a target that is no folder or holds one of ``files`` (without ``force``)."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{path} is a file; give a folder name for the watch files")
    if not folder.parent.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder.parent} does not exist")
    if not force:
        for name, _ in files:
            target = folder / name
            if target.exists() or target.is_symlink():
                raise OutputError(f"{target} already exists; use --force to overwrite it")
