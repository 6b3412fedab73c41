"""Writing a finished file (or a folder of them): whole or not at all, and never over an
existing file without force.

The bytes go to a temporary file in the target's folder (``tempfile.mkstemp``: a new file,
mode 0600, opened exclusively), are flushed to disk (``os.fsync``), and only then take the
target's name: with ``os.replace`` when overwriting is allowed, else with ``os.link``,
which fails if the name exists (so a file that appears between our check and our write is
never clobbered). ``"-"`` means standard output.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..errors import OutputError

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
    folder = target.parent
    try:
        # the name is cut so that a target name of the longest length still has a temp name
        fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=f".{target.name[:200]}.",
                                         suffix=".tmp")
    except (OSError, ValueError) as exc:  # ValueError: a NUL in the name
        raise OutputError(f"cannot write {path}: {_reason(exc)}") from None
    tmp = Path(tmp_name)
    try:
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            tmp.chmod(_default_mode())
            if force:
                tmp.replace(target)
            else:
                _link_new(tmp, target, path)
        except (OSError, ValueError) as exc:
            raise OutputError(f"cannot write {path}: {_reason(exc)}") from None
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


def _default_mode() -> int:
    """0o666 less the process umask: the mode an ordinary new file gets."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


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
    (made if missing; its parent must exist).

    Every name is checked before anything is written, so an existing file (without
    ``force``) or a bad path leaves the folder as it was; each file is written whole or not
    at all (:func:`write_output`), and when one fails the files written before it (and the
    folder, if this made it) are removed again.
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
        for name, data in files:
            target = folder / name
            existed = target.exists()
            write_output(str(target), data, force=force)
            if not existed:
                written.append(target)
    except OutputError:
        for target in written:
            target.unlink(missing_ok=True)
        if made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _check_folder(folder: Path, path: str, files: Sequence[tuple[str, bytes]], *,
                  force: bool) -> bool:
    """Refuse a target that is no folder or holds one of ``files`` (without ``force``);
    make the folder if it is missing; whether it was made."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{path} is a file; give a folder name for the watch files")
    if not folder.parent.is_dir():
        raise OutputError(f"cannot write {path}: folder {folder.parent} does not exist")
    if not force:
        for name, _ in files:
            target = folder / name
            if target.exists() or target.is_symlink():
                raise OutputError(f"{target} already exists; use --force to overwrite it")
    if folder.is_dir():
        return False
    folder.mkdir()
    return True
