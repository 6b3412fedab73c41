"""Activity files a watch or phone writes, read into :class:`~planforge.core.activity.Activity`
(``planforge done``): FIT (``fitdecode``), GPX (``gpxpy``) and TCX (the standard library's
XML), each in a module of its own.

:func:`read_activity` tells the kind from the bytes (a FIT header says ``.FIT``; GPX and TCX
are XML with a ``gpx`` or ``TrainingCenterDatabase`` root), never from the name alone. Every
problem is one :class:`~planforge.errors.FileError` naming the file. ``fitdecode`` and
``gpxpy`` come with the optional extra ``planforge[activities]`` and are imported only when a
file of theirs is read; without them the message says what to install
(:class:`~planforge.errors.ExtraMissingError`).
"""

from __future__ import annotations

from pathlib import Path

from ...core.activity import Activity
from ...errors import FileError

#: the largest activity file read (a 6-hour run recorded every second is about 2 MB as FIT,
#: 10 MB as GPX or TCX)
MAX_ACTIVITY_BYTES = 50_000_000
#: the kinds of file read, as the messages name them
KINDS = "FIT, GPX or TCX"


def read_activity_file(path: str | Path) -> Activity:
    """The activity in the file at ``path``."""
    source = str(path)
    target = Path(path)
    try:
        if target.is_dir():
            raise FileError(source, None, f"is a folder, not an activity file ({KINDS})")
        if target.stat().st_size > MAX_ACTIVITY_BYTES:
            raise FileError(source, None, f"is larger than {MAX_ACTIVITY_BYTES // 1_000_000} "
                                          "MB; an activity file is at most that")
        raw = target.read_bytes()
    except FileNotFoundError:
        raise FileError(source, None, "no such file") from None
    except OSError as exc:
        raise FileError(source, None, f"cannot read: {exc.strerror or exc}") from None
    return read_activity(raw, source=Path(source).name)


def read_activity(raw: bytes, *, source: str) -> Activity:
    """The activity in ``raw``, a FIT, GPX or TCX file's bytes; ``source`` names it in
    messages and in the record (``done.source``)."""
    if len(raw) > MAX_ACTIVITY_BYTES:
        raise FileError(source, None, f"is larger than {MAX_ACTIVITY_BYTES // 1_000_000} MB; "
                                      "an activity file is at most that")
    if len(raw) >= 12 and raw[8:12] == b".FIT":
        from .fit import read_fit

        return read_fit(raw, source=source)
    head = raw[:4096].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<"):
        if b"<gpx" in head:
            from .gpx import read_gpx

            return read_gpx(raw, source=source)
        if b"trainingcenterdatabase" in head:
            from .tcx import read_tcx

            return read_tcx(raw, source=source)
    raise FileError(source, None, f"is not an activity file planforge reads ({KINDS}): "
                                  "export the activity from your watch's or phone's app as "
                                  "one of those")

