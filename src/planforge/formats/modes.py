"""What a write keeps of the file it replaces, and whether the process that left a temporary
file still runs: shared by single-file writes (:mod:`.output`) and folders written as a unit
(:mod:`.folder`), kept apart so that writing one file loads nothing of the folder swap."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def default_mode() -> int:
    """0o666 less the process umask: the mode an ordinary new file gets."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


def keep_mode(new: Path, old: Path | None) -> None:
    """Give ``new`` the permissions (and, for root, the owner) of the regular file ``old``
    it replaces, else the mode an ordinary new file gets."""
    try:
        stat = old.lstat() if old is not None else None
    except OSError:
        stat = None
    if stat is None or stat.st_mode & 0o170000 != 0o100000:  # not a regular file
        new.chmod(default_mode())
        return
    if os.geteuid() == 0 and (stat.st_uid, stat.st_gid) != (0, 0):
        with contextlib.suppress(OSError):
            os.chown(new, stat.st_uid, stat.st_gid)
    new.chmod(stat.st_mode & 0o7777)


def process_alive(pid: int) -> bool:
    """Whether a process with this id runs (on this machine, as far as we can see)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, OverflowError):
        return False
    except PermissionError:  # another user's process
        return True
    return True
