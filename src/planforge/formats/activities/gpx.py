"""GPX activity files (``.gpx``, what Strava, phones and most apps export), read with
`gpxpy <https://pypi.org/project/gpxpy/>`_.

Every track point with a time is read, in order; a new track segment starts after a pause
(GPX's own way of saying one), which :func:`planforge.core.activity.measure` sees as the gap
in time between the segments. The sport is the first track's ``type`` when it has one.
"""

from __future__ import annotations

import datetime as dt

from ...core.activity import Activity, Point
from ...errors import ExtraMissingError, FileError
from .common import INSTALL_HINT, checked


def read_gpx(raw: bytes, *, source: str) -> Activity:
    try:
        import gpxpy
        import gpxpy.gpx
    except ImportError:
        raise ExtraMissingError(INSTALL_HINT.format(kind="GPX", package="gpxpy")) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileError(source, None, f"is not UTF-8 text (byte {exc.start})") from None
    try:
        gpx = gpxpy.parse(text)
    except gpxpy.gpx.GPXException as exc:
        raise FileError(source, None, f"is not a readable GPX file ({exc})") from None
    points = []
    for track in gpx.tracks:
        for segment in track.segments:
            for p in segment.points:
                if p.time is None:
                    continue
                when = p.time if p.time.tzinfo else p.time.replace(tzinfo=dt.UTC)
                points.append(Point(time=when, lat=p.latitude, lon=p.longitude))
    sport = next((t.type for t in gpx.tracks if t.type), "") or ""
    points.sort(key=lambda p: p.time)
    return checked(Activity(source=source, sport=sport.strip().lower(), points=tuple(points)))
