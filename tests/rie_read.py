"""Read a calendar with recurring-ical-events, in an interpreter of its own.

recurring-ical-events pins python-dateutil below 3, so it is not in the ``test`` extra (it
would downgrade the python-dateutil that users get, issue 12 item 15): the harness
(``plan_factory.parse_rie``) runs this script with ``$PLANFORGE_RIE_PYTHON``, a virtual
environment holding only recurring-ical-events and what it needs (``.ci/run`` makes it):

    python3 -m venv /tmp/rie && /tmp/rie/bin/pip install recurring-ical-events
    PLANFORGE_RIE_PYTHON=/tmp/rie/bin/python python -m pytest

The .ics bytes come on standard input; each event goes to standard output as one JSON
object: uid, start, end (ISO, with ``kind`` "date" or "datetime"; datetimes in UTC),
summary, description.
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import icalendar
import recurring_ical_events


def _iso(value: object) -> list[str] | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            return ["floating", value.isoformat()]
        return ["datetime", value.astimezone(dt.UTC).isoformat()]
    assert isinstance(value, dt.date), value
    return ["date", value.isoformat()]


def main() -> None:
    cal = icalendar.Calendar.from_ical(sys.stdin.buffer.read())
    out = []
    for ev in recurring_ical_events.of(cal).all():
        out.append({
            "uid": str(ev["UID"]),
            "start": _iso(ev.start),
            "end": _iso(ev.end),
            "summary": str(ev["SUMMARY"]) if "SUMMARY" in ev else None,
            "description": str(ev["DESCRIPTION"]) if "DESCRIPTION" in ev else None,
        })
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
