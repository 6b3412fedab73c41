"""Time-zone names as people type them: ``Europe/London``, ``London``, ``New York``; and the
names that look like zones but would put workouts an hour off (``EST``, ``UTC+1``).

:func:`resolve_zone` returns the IANA zone a name means, or raises a :class:`UsageError`
that names the likely zones. Abbreviations and fixed offsets are refused: ``EST`` in the
zone database is UTC-5 all year, so a New Yorker's summer workouts would sit an hour off.
A city is the last part of an IANA name, any case, spaces for underscores
(``new york`` -> ``America/New_York``). ``Etc/GMT+5`` (a fixed offset named the IANA way,
sign inverted) is accepted as asked, with a note that it has no daylight-saving time.
"""

from __future__ import annotations

import re

from ...errors import UsageError
from .zones import is_zone

#: abbreviations people type, and the zones they most likely mean
ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "EST": ("America/New_York", "America/Toronto"), "EDT": ("America/New_York",),
    "ET": ("America/New_York",), "EST5EDT": ("America/New_York",),
    "CST": ("America/Chicago", "America/Mexico_City", "Asia/Shanghai"),
    "CDT": ("America/Chicago",), "CT": ("America/Chicago",), "CST6CDT": ("America/Chicago",),
    "MST": ("America/Denver", "America/Phoenix"), "MDT": ("America/Denver",),
    "MT": ("America/Denver",), "MST7MDT": ("America/Denver",),
    "PST": ("America/Los_Angeles", "America/Vancouver"), "PDT": ("America/Los_Angeles",),
    "PT": ("America/Los_Angeles",), "PST8PDT": ("America/Los_Angeles",),
    "AKST": ("America/Anchorage",), "HST": ("Pacific/Honolulu",),
    "GMT": ("Europe/London", "UTC"), "BST": ("Europe/London",),
    "WET": ("Europe/Lisbon",), "CET": ("Europe/Paris", "Europe/Berlin"),
    "CEST": ("Europe/Paris", "Europe/Berlin"), "MET": ("Europe/Paris", "Europe/Berlin"),
    "EET": ("Europe/Athens", "Europe/Helsinki"), "EEST": ("Europe/Athens", "Europe/Helsinki"),
    "IST": ("Asia/Kolkata", "Europe/Dublin"), "JST": ("Asia/Tokyo",), "KST": ("Asia/Seoul",),
    "AEST": ("Australia/Sydney", "Australia/Brisbane"), "AEDT": ("Australia/Sydney",),
    "ACST": ("Australia/Adelaide",), "AWST": ("Australia/Perth",),
    "NZST": ("Pacific/Auckland",), "NZDT": ("Pacific/Auckland",),
    "SAST": ("Africa/Johannesburg",), "MSK": ("Europe/Moscow",),
}
#: a few places per UTC offset (standard time), to suggest for ``UTC+1`` and the like
_BY_OFFSET: dict[int, tuple[str, ...]] = {
    -10: ("Pacific/Honolulu",), -9: ("America/Anchorage",), -8: ("America/Los_Angeles",),
    -7: ("America/Denver", "America/Phoenix"), -6: ("America/Chicago", "America/Mexico_City"),
    -5: ("America/New_York", "America/Toronto"), -4: ("America/Halifax",),
    -3: ("America/Sao_Paulo", "America/Argentina/Buenos_Aires"), 0: ("Europe/London", "UTC"),
    1: ("Europe/Paris", "Europe/Berlin", "Africa/Lagos"), 2: ("Europe/Athens",
                                                              "Africa/Johannesburg"),
    3: ("Europe/Moscow", "Asia/Riyadh"), 4: ("Asia/Dubai",), 5: ("Asia/Karachi",),
    6: ("Asia/Dhaka",), 7: ("Asia/Bangkok", "Asia/Jakarta"), 8: ("Asia/Shanghai",
                                                                 "Australia/Perth"),
    9: ("Asia/Tokyo", "Asia/Seoul"), 10: ("Australia/Sydney", "Australia/Brisbane"),
    12: ("Pacific/Auckland",),
}
_HALF_HOURS: dict[tuple[int, int], tuple[str, ...]] = {
    (5, 30): ("Asia/Kolkata",), (5, 45): ("Asia/Kathmandu",), (3, 30): ("Asia/Tehran",),
    (9, 30): ("Australia/Adelaide", "Australia/Darwin"), (-3, 30): ("America/St_Johns",),
}
_OFFSET = re.compile(r"(?:UTC|GMT|Z)?\s*([+-])\s*([0-9]{1,2})(?::?([0-9]{2}))?", re.IGNORECASE)
_ETC = re.compile(r"Etc/GMT([+-])([0-9]{1,2})")
#: names the zone database keeps that mean UTC
_UTC = frozenset({"UTC", "Etc/UTC", "Etc/UCT", "UCT", "Universal", "Zulu", "Etc/Universal",
                  "Etc/Zulu"})


def resolve_zone(name: str) -> tuple[str, str | None]:
    """The IANA zone ``name`` means, and a note to show when it was not given as one (a city,
    a fixed offset); :class:`UsageError` naming the likely zones for anything else."""
    text = name.strip()
    upper = text.upper()
    if upper in ("UTC", "Z"):
        return "UTC", None
    if upper in ABBREVIATIONS:
        raise UsageError(_abbreviation(name, upper))
    offset = _OFFSET.fullmatch(text)
    if offset and not int(offset[2]) and not int(offset[3] or 0):
        return "UTC", None
    if offset:
        raise UsageError(_fixed(name, offset))
    if text in _UTC:
        return text, None
    etc = _ETC.fullmatch(text)
    if etc and is_zone(text):
        hours = int(etc[2]) * (-1 if etc[1] == "+" else 1)
        return text, (f"{text} is a fixed offset, UTC{hours:+d}, with no daylight-saving "
                      "time; name a place (such as Europe/Paris) for local time all year")
    if is_zone(text):
        return text, None
    same = _any_case(text)
    if same is not None:
        return same, f"times in {same} (for {text!r})"
    city = city_zone(text)
    if city is not None:
        return city, f"times in {city} (for {text!r})"
    raise UsageError(f"unknown time zone {name!r}; expected an IANA name, {_hint(text)}")


def names_a_place(name: str) -> bool:
    """Whether ``name``, a zone of the database, is one planforge writes: not an abbreviation
    (``EST``) nor a fixed offset named as one (``GMT+1``). Cheap: reads no zone file."""
    stripped = name.strip()
    if stripped.upper() in ABBREVIATIONS:
        return False
    offset = _OFFSET.fullmatch(stripped)
    return not (offset and (int(offset[2]) or int(offset[3] or 0)))


def place_zone_problem(name: str) -> str | None:
    """Why ``name``, a zone read as it is (from a plan file, or given to the library), is no
    zone planforge writes, or None: an unknown name, or one the zone database keeps but
    that names no place (``EST``, ``CST6CDT``: an abbreviation, an hour off half the year;
    ``GMT+1``), with the places it likely means. The same names :func:`resolve_zone`
    refuses, so a plan file says what the command line accepts."""
    if not is_zone(name):
        return f"unknown time zone {name!r}; use an IANA name such as Europe/London"
    upper = name.strip().upper()
    if upper in ABBREVIATIONS:
        return _abbreviation(name, upper)
    offset = _OFFSET.fullmatch(name.strip())
    if offset and (int(offset[2]) or int(offset[3] or 0)):
        return _fixed(name, offset)
    return None


def _abbreviation(name: str, upper: str) -> str:
    likely = " or ".join(ABBREVIATIONS[upper])
    return (f"{name!r} is an abbreviation, not a place's time zone (EST, say, is UTC-5 all "
            f"year, an hour off all summer); use an IANA name such as {likely}")


def _fixed(name: str, offset: re.Match[str]) -> str:
    sign = -1 if offset[1] == "-" else 1
    hours, minutes = int(offset[2]), int(offset[3] or 0)
    places = _BY_OFFSET.get(sign * hours, ()) if not minutes else _HALF_HOURS.get(
        (sign * hours, minutes), ())
    likely = f"the place, such as {' or '.join(places)}" if places else "the place"
    if minutes or hours > 12:
        etc = ""
    elif hours == 0:
        etc = ", or UTC"
    else:
        etc = f", or Etc/GMT{-sign * hours:+d} for a fixed offset (IANA inverts the sign)"
    return (f"{name!r} is a fixed offset, not a time zone: it has no daylight-saving time; "
            f"name {likely}{etc}")


def _any_case(text: str) -> str | None:
    """The IANA name ``text`` is in another case (``europe/london``), if it is one."""
    import zoneinfo

    if "/" not in text:
        return None
    found = [z for z in zoneinfo.available_timezones() if z.lower() == text.lower()]
    return found[0] if len(found) == 1 and is_zone(found[0]) else None


def city_zone(text: str) -> str | None:
    """The one zone whose last part is ``text`` (``London``, ``new york``); None if none is,
    or if two zones in different places are."""
    import zoneinfo

    key = re.sub(r"\s+", "_", text.strip()).lower()
    if not key or "/" in key:
        return None
    found = sorted(z for z in zoneinfo.available_timezones()
                   if z.rsplit("/", 1)[-1].lower() == key and is_zone(z)
                   and not z.startswith(("posix/", "right/")))
    if not found:
        return None
    # the canonical name has the most parts (America/Argentina/Buenos_Aires beside the
    # old America/Buenos_Aires); different areas (US/Eastern, Canada/Eastern) are no match
    found.sort(key=lambda z: (-z.count("/"), z))
    areas = {z.split("/", 1)[0] for z in found if z.count("/") == found[0].count("/")}
    return found[0] if len(areas) == 1 else None


def _hint(name: str) -> str:
    import difflib
    import zoneinfo

    zones = sorted(zoneinfo.available_timezones())
    by_lower = {z.lower(): z for z in zones}
    close = by_lower.get(name.lower())
    if close is None:
        matches = difflib.get_close_matches(name, zones, n=1, cutoff=0.75)
        close = matches[0] if matches else None
    if close is None:
        cities = {z.rsplit("/", 1)[-1].lower(): z for z in zones}
        key = re.sub(r"\s+", "_", name.strip()).lower()
        near = difflib.get_close_matches(key, list(cities), n=1, cutoff=0.8)
        close = cities[near[0]] if near else None
    if close is not None:
        return f"did you mean {close}?"
    return "try Europe/London or America/New_York"
