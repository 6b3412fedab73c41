"""TCX activity files (``.tcx``, Garmin's Training Center XML, which Garmin Connect and many
apps export), read with the standard library's XML parser: TCX is plain XML, and what is read
of it is a few elements.

Every ``Trackpoint`` with a ``Time`` is read, with its ``DistanceMeters`` and
``Position`` when it has them; the sport is the ``Activity`` element's ``Sport`` attribute
(``Running``, ``Biking`` or ``Other``). Namespaces are matched by local name, so files that
declare the schema's namespace under any prefix, or none, read alike. The parser refuses
document type declarations, so no entity in a file from anyone is ever expanded.
"""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from ...core.activity import Activity, Point
from ...errors import FileError
from .common import checked


def read_tcx(raw: bytes, *, source: str) -> Activity:
    if b"<!DOCTYPE" in raw[:4096].upper() or b"<!ENTITY" in raw.upper():
        raise FileError(source, None, "declares a document type or entities, which a TCX "
                                      "file never needs; planforge does not read it")
    try:
        root = ET.fromstring(raw)
    except ET.ParseError as exc:
        raise FileError(source, None, f"is not readable XML ({exc})") from None
    if _local(root.tag) != "TrainingCenterDatabase":
        raise FileError(source, None, "is not a TCX file (its root is not "
                                      "TrainingCenterDatabase)")
    sport = ""
    points = []
    for element in root.iter():
        name = _local(element.tag)
        if name == "Activity" and not sport:
            sport = (element.get("Sport") or "").strip().lower()
        elif name == "Trackpoint":
            point = _point(element, source)
            if point is not None:
                points.append(point)
    points.sort(key=lambda p: p.time)
    return checked(Activity(source=source, sport=sport, points=tuple(points)))


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _child(element: ET.Element, name: str) -> ET.Element | None:
    return next((c for c in element if _local(c.tag) == name), None)


def _number(element: ET.Element | None) -> float | None:
    if element is None or element.text is None:
        return None
    try:
        return float(element.text)
    except ValueError:
        return None


def _point(element: ET.Element, source: str) -> Point | None:
    time = _child(element, "Time")
    if time is None or not time.text:
        return None
    text = time.text.strip()
    try:
        when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise FileError(source, None, f"has a Trackpoint time {text[:40]!r} that is not a "
                                      "date and time") from None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    position = _child(element, "Position")
    lat = lon = None
    if position is not None:
        lat = _number(_child(position, "LatitudeDegrees"))
        lon = _number(_child(position, "LongitudeDegrees"))
    return Point(time=when, distance_m=_number(_child(element, "DistanceMeters")), lat=lat,
                 lon=lon)
