"""Time zones, from the ``tzdata`` package planforge depends on, never the machine's files.

Python's ``zoneinfo.ZoneInfo(name)`` reads the system's zone database first and the
``tzdata`` package only when the system has none, so two machines (or one machine before and
after an operating-system update) would put the same workout at different instants: a system
database from 2025 puts Casablanca's workouts an hour off after 2026-09-20. planforge
therefore loads every zone from the ``tzdata`` package itself (:func:`load_zone`, with
``ZoneInfo.from_file``), without changing ``zoneinfo``'s search path for anyone else, and says
in every calendar which tzdata release it used (:func:`tzdata_version`).

The one test of "is this a zone we can use" (:func:`is_zone`) asks the same package: a name
is a zone when tzdata lists it, so what the options and plan files accept is exactly what the
writers can load. Nothing is cached at module level: a caller that needs a zone many times
keeps the object it was given.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from zoneinfo import ZoneInfo

#: names in tzdata's list that are no zone a calendar app knows ("Factory" is tzdata's
#: placeholder for "zone not set")
_NOT_ZONES = frozenset({"Factory"})


def _tzdata_file(*parts: str) -> bytes:
    """A file of the installed tzdata package (read where the package is, folder or zip)."""
    from pathlib import Path

    import tzdata  # type: ignore[import-untyped]

    # pip installs tzdata as a folder: read the file there. importlib.resources reads it
    # from a zip too, but importing it costs a command such as `make` about 3 ms (a tenth
    # of what planforge may add to its start), so it is kept for that case only.
    folder = Path(tzdata.__file__ or "").parent
    if folder.is_dir():
        return folder.joinpath(*parts).read_bytes()
    import importlib.resources

    return importlib.resources.files("tzdata").joinpath(*parts).read_bytes()


def zone_names() -> frozenset[str]:
    """Every zone name the tzdata package ships (its ``zones`` list), without placeholders."""
    text = _tzdata_file("zones").decode("ascii")
    return frozenset(line.strip() for line in text.splitlines() if line.strip()) - _NOT_ZONES


def tzdata_version() -> str:
    """The IANA release of the tzdata package in use, such as ``2026f``."""
    import tzdata  # its __init__ says its release

    version: str = tzdata.IANA_VERSION
    return version


def is_zone(name: str) -> bool:
    """True when ``name`` is an IANA zone of the tzdata package (what :func:`load_zone` loads)."""
    try:
        zone_file(name)
    except ValueError:
        return False
    return True


def zone_file(name: str) -> bytes:
    """The TZif file of zone ``name`` from the tzdata package; ``ValueError`` when the package
    has no such zone (a path, a placeholder such as ``Factory``, a table such as
    ``zone.tab``)."""
    # a path or "../" is never a zone name; refused before looking at any file
    parts = name.split("/")
    if (not name or name != name.strip() or name in _NOT_ZONES
            or any(not part or part.startswith(".") for part in parts)):
        raise ValueError(f"not a zone of the tzdata package: {name!r}")
    try:
        data = _tzdata_file("zoneinfo", *parts)
    except (OSError, ValueError):
        data = b""
    if not data.startswith(b"TZif"):  # tzdata's tables and __init__.py are no zones
        raise ValueError(f"not a zone of the tzdata package: {name!r}")
    return data


def load_zone(name: str, data: bytes | None = None) -> ZoneInfo:
    """Zone ``name`` read from the tzdata package (``ValueError`` if it ships no such zone),
    or from ``data``, its TZif bytes as :func:`zone_file` gave them.

    Each call gives a new object: keep it while working in one zone (datetimes compare and
    subtract by wall clock only within the same tzinfo object).
    """
    import io
    from zoneinfo import ZoneInfo

    return ZoneInfo.from_file(io.BytesIO(zone_file(name) if data is None else data), key=name)
