"""The plan inside the calendar: a .ics planforge wrote can be read back as the plan itself.

Every calendar planforge writes with details (not ``--busy-only``, which exists to hide
them) carries the plan document (``planforge-plan/1``, the JSON that ``--format json``
writes, without indentation) in one VCALENDAR property, ``X-PLANFORGE-PLAN``: zlib-compressed
and base64-encoded, so an 8-week plan adds about 5 KB rather than 60 KB, and the value holds
only letters, digits, ``+``, ``/`` and ``=``, which no parser escapes or mangles. Calendar apps
ignore ``X-`` properties (RFC 5545 3.8.8.2); the nine parsers of the shared harness read files
with it cleanly. Reading it back needs no engine: the plan, its UIDs and SEQUENCEs are exactly
the ones written, whatever a later planforge would build from the same options.

The bytes are the same for the same plan wherever Python's zlib module is the reference
zlib (as on Debian, where CI runs); a Python linked to zlib-ng instead (some newer systems
and builds) compresses to other bytes, which read back to the same plan.

This module only packs and unpacks the value; planforge.formats.planfile reads the document
with the same checks as any plan file.
"""

from __future__ import annotations

import base64
import binascii
import json
import zlib
from datetime import timedelta

from ...core.model import Plan
from ...errors import PlanFileError

#: the VCALENDAR property holding the plan document
PLAN_PROPERTY = "X-PLANFORGE-PLAN"


def pack_plan(plan: Plan) -> str:
    """The plan document, compact JSON, zlib-compressed (level 6), base64 text."""
    from ..json import plan_to_dict

    text = json.dumps(plan_to_dict(plan), ensure_ascii=False, separators=(",", ":"))
    return base64.b64encode(zlib.compress(text.encode("utf-8"), 6)).decode("ascii")


def unpack_plan(raw: bytes, *, source: str, limit: int) -> bytes:
    """The plan document (JSON bytes) inside the calendar ``raw``; PlanFileError, saying
    what was expected, when ``raw`` is no calendar planforge wrote with its plan."""
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(raw)
    except ValueError as exc:
        raise PlanFileError(source, None, f"is not a readable iCalendar file ({exc})") from None
    value = calendar.get(PLAN_PROPERTY)
    if value is None:
        prodid = str(calendar.get("PRODID", ""))
        if "//planforge" in prodid:
            raise PlanFileError(source, None, "is a planforge calendar without its plan (a "
                                              "--busy-only copy, or from an older planforge); "
                                              "give the detailed .ics or the plan file")
        raise PlanFileError(source, None, f"is a calendar without a planforge plan in it "
                                          f"(no {PLAN_PROPERTY}); give a .ics planforge "
                                          "wrote, or a plan file (.toml or .json)")
    try:
        packed = base64.b64decode(str(value), validate=True)
        inflater = zlib.decompressobj()
        document = inflater.decompress(packed, limit + 1)
    except (binascii.Error, ValueError, zlib.error):
        raise PlanFileError(source, PLAN_PROPERTY, "is damaged (not base64 of zlib data); "
                                                   "write the calendar again") from None
    if len(document) > limit or not inflater.eof:
        raise PlanFileError(source, PLAN_PROPERTY, f"holds more than {limit:,} bytes, more "
                                                   "than a plan file may")
    return document


def calendar_options(raw: bytes) -> tuple[timedelta | None, str | None]:
    """The reminder lead time and the colour a planforge calendar was written with (its
    first VALARM's TRIGGER, its COLOR), so a calendar written again in its place keeps them
    (``planforge missed`` and ``done`` update a .ics plan file as they found it)."""
    import icalendar

    try:
        calendar = icalendar.Calendar.from_ical(raw)
    except ValueError:
        return None, None
    color = calendar.get("COLOR")
    remind = None
    for alarm in calendar.walk("VALARM"):
        trigger = alarm.get("TRIGGER")
        value = getattr(trigger, "dt", None)
        if isinstance(value, timedelta) and value <= timedelta(0):
            remind = -value
        break
    return remind, None if color is None else str(color)
