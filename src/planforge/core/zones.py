"""Time-zone names: the one test of "is this an IANA zone we can use", for options and files."""

from __future__ import annotations

_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory", "leapseconds", "tzdata.zi",
                        "zone.tab", "zone1970.tab", "iso3166.tab", "leap-seconds.list"})


def is_zone(name: str) -> bool:
    """True when ``name`` is an IANA zone that zoneinfo (system database or tzdata) can load."""
    import zoneinfo  # here, not at the top: --help and goals need no zones

    # zoneinfo would also take a path or "../" that points at any file: names only
    if not name or name.startswith("/") or ".." in name or name != name.strip():
        return False
    # files of the zone database that are no zone a calendar app knows
    if name in _NOT_ZONES or name.startswith(("posix/", "right/")):
        return False
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True
