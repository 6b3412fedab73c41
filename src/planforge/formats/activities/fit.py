"""FIT activity files (``.fit``, what Garmin, Wahoo, Coros and Suunto watches record), read
with `fitdecode <https://pypi.org/project/fitdecode/>`_ with its CRC check on.

What is read: every ``record`` message's time stamp, distance and position (semicircles
turned into degrees), the ``session`` message's sport, and the ``activity`` message's local
time stamp, whose difference from its UTC one is the offset of the place it was recorded.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from ...core.activity import Activity, Point
from ...errors import ExtraMissingError, FileError
from .common import INSTALL_HINT, checked

#: a FIT position is in semicircles: 2**31 of them make 180 degrees
SEMICIRCLE = 180 / 2**31


def read_fit(raw: bytes, *, source: str) -> Activity:
    try:
        import fitdecode
    except ImportError:
        raise ExtraMissingError(INSTALL_HINT.format(kind="FIT", package="fitdecode")) from None
    points: list[Point] = []
    sport = ""
    offset: dt.timedelta | None = None
    file_type: Any = None
    try:
        with fitdecode.FitReader(io.BytesIO(raw), check_crc=fitdecode.CrcCheck.RAISE,
                                 error_handling=fitdecode.ErrorHandling.RAISE) as fit:
            for frame in fit:
                if not isinstance(frame, fitdecode.FitDataMessage):
                    continue
                if frame.name == "file_id":
                    file_type = _value(frame, "type")
                elif frame.name == "record":
                    point = _point(frame)
                    if point is not None:
                        points.append(point)
                elif frame.name == "session":
                    sport = str(_value(frame, "sport") or sport).lower()
                elif frame.name == "activity":
                    offset = _offset(frame) or offset
    except fitdecode.FitError as exc:
        raise FileError(source, None, f"is not a readable FIT file ({exc})") from None
    if file_type not in (None, "activity", 4):
        raise FileError(source, None, f"is a FIT {file_type} file, not a recorded activity "
                                      "(a workout or course file says what to do, not what "
                                      "was done)")
    points.sort(key=lambda p: p.time)
    return checked(Activity(source=source, sport=sport, points=tuple(points),
                            utc_offset=offset))


def _value(frame: Any, name: str) -> Any:
    return frame.get_value(name, fallback=None) if frame.has_field(name) else None


def _point(frame: Any) -> Point | None:
    when = _value(frame, "timestamp")
    if not isinstance(when, dt.datetime):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    distance = _value(frame, "distance")
    lat, lon = _value(frame, "position_lat"), _value(frame, "position_long")
    return Point(
        time=when,
        distance_m=float(distance) if isinstance(distance, int | float) else None,
        lat=lat * SEMICIRCLE if isinstance(lat, int) else None,
        lon=lon * SEMICIRCLE if isinstance(lon, int) else None,
    )


def _offset(frame: Any) -> dt.timedelta | None:
    """The activity's local time stamp less its UTC one, to the quarter hour."""
    utc, local = _value(frame, "timestamp"), _value(frame, "local_timestamp")
    if not isinstance(utc, dt.datetime) or not isinstance(local, int | dt.datetime):
        return None
    if isinstance(local, dt.datetime):
        local_s = local.replace(tzinfo=dt.UTC).timestamp()
    else:  # seconds since the FIT epoch, 1989-12-31, in local time
        local_s = dt.datetime(1989, 12, 31, tzinfo=dt.UTC).timestamp() + local
    utc_s = (utc if utc.tzinfo else utc.replace(tzinfo=dt.UTC)).timestamp()
    minutes = round((local_s - utc_s) / 900) * 15
    return dt.timedelta(minutes=minutes) if abs(minutes) <= 14 * 60 else None
