"""Real activity files for the tests of ``planforge done``, written with the same libraries
that read them (and, for FIT, Garmin's own SDK).

A track is made from a list of ``(effort, seconds)`` stretches, one point a second along a
straight line north from a start position: ``walk`` at 1.4 m/s (5 km/h), ``run`` at 2.8 m/s
(10 km/h, a 6-minute kilometre), ``jog`` at 2.1 m/s (7.6 km/h, a slow beginner's jog),
``stand`` at 0 m/s (points recorded while standing), ``pause`` (no points at all: a watch on
auto-pause). So the expected measures are known from the stretches themselves, not from
planforge.

* :func:`gpx_bytes`: written by gpxpy (``GPX.to_xml``), the library planforge reads GPX with;
* :func:`tcx_bytes`: written by the standard library's ElementTree, in TCX's namespace;
* :func:`fit_bytes`: encoded by Garmin's FIT SDK (``garmin_fit_sdk.Encoder``): ``file_id``
  (an activity), ``event`` timer start, a ``record`` each second (time, distance, position),
  ``event`` timer stop, ``lap``, ``session`` (sport) and ``activity`` (with its local time
  stamp); fitdecode cannot write FIT, and the SDK has an encoder, so no FIT writer of our own
  is needed;

``tests/fit_reading.py`` reads the FIT files back with Garmin's decoder and with fitdecode.
"""

from __future__ import annotations

import datetime as dt
import math
import xml.etree.ElementTree as ET
from typing import NamedTuple

SPEEDS = {"walk": 1.4, "run": 2.8, "jog": 2.1, "stand": 0.0, "pause": 0.0}
#: the start position: a park in London
START_LAT, START_LON = 51.5310, -0.1570
METRES_PER_DEGREE = math.pi * 6_371_008.8 / 180  # along a meridian
FIT_EPOCH = dt.datetime(1989, 12, 31, tzinfo=dt.UTC)


class TrackPoint(NamedTuple):
    time: dt.datetime
    distance_m: float
    lat: float
    lon: float


def track(stretches: list[tuple[str, float]], start: dt.datetime) -> list[TrackPoint]:
    """One point a second through the stretches (none during a ``pause``)."""
    points = [TrackPoint(start, 0.0, START_LAT, START_LON)]
    t, dist = 0.0, 0.0
    for effort, seconds in stretches:
        speed = SPEEDS[effort]
        for _ in range(int(seconds)):
            t += 1
            dist += speed
            if effort != "pause":
                points.append(TrackPoint(start + dt.timedelta(seconds=t), dist,
                                         START_LAT + dist / METRES_PER_DEGREE, START_LON))
    return points


def session_stretches(warmup: float, main: list[tuple[str, float]],
                      cooldown: float) -> list[tuple[str, float]]:
    """A run as the plan says: a brisk walk, the main set (minutes), a walk; in seconds."""
    return [("walk", warmup * 60), *((e, m * 60) for e, m in main), ("walk", cooldown * 60)]


# ------------------------------------------------------------------------------------- GPX


def gpx_bytes(points: list[TrackPoint], *, sport: str | None = "running",
              pause_splits: bool = True) -> bytes:
    """A GPX track written by gpxpy; a gap of more than 10 s starts a new segment."""
    import gpxpy.gpx

    gpx = gpxpy.gpx.GPX()
    gpx.creator = "planforge tests"
    trk = gpxpy.gpx.GPXTrack(name="Morning run")
    if sport:
        trk.type = sport
    gpx.tracks.append(trk)
    segment = gpxpy.gpx.GPXTrackSegment()
    trk.segments.append(segment)
    last: TrackPoint | None = None
    for p in points:
        if pause_splits and last is not None and (p.time - last.time).total_seconds() > 10:
            segment = gpxpy.gpx.GPXTrackSegment()
            trk.segments.append(segment)
        segment.points.append(gpxpy.gpx.GPXTrackPoint(p.lat, p.lon, time=p.time))
        last = p
    return gpx.to_xml().encode("utf-8")


# ------------------------------------------------------------------------------------- TCX

TCX_NS = "http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"


def tcx_bytes(points: list[TrackPoint], *, sport: str = "Running",
              with_distance: bool = True) -> bytes:
    """A TCX activity written with ElementTree: one lap, one track."""
    ET.register_namespace("", TCX_NS)

    def sub(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
        element = ET.SubElement(parent, f"{{{TCX_NS}}}{name}")
        if text is not None:
            element.text = text
        return element

    root = ET.Element(f"{{{TCX_NS}}}TrainingCenterDatabase")
    activity = sub(sub(root, "Activities"), "Activity")
    activity.set("Sport", sport)
    sub(activity, "Id", _iso(points[0].time))
    lap = sub(activity, "Lap")
    lap.set("StartTime", _iso(points[0].time))
    sub(lap, "TotalTimeSeconds", str((points[-1].time - points[0].time).total_seconds()))
    sub(lap, "DistanceMeters", f"{points[-1].distance_m:.1f}")
    trk = sub(lap, "Track")
    for p in points:
        tp = sub(trk, "Trackpoint")
        sub(tp, "Time", _iso(p.time))
        position = sub(tp, "Position")
        sub(position, "LatitudeDegrees", f"{p.lat:.7f}")
        sub(position, "LongitudeDegrees", f"{p.lon:.7f}")
        if with_distance:
            sub(tp, "DistanceMeters", f"{p.distance_m:.2f}")
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def _iso(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# ------------------------------------------------------------------------------------- FIT


def fit_bytes(points: list[TrackPoint], *, sport: str = "running",
              utc_offset: dt.timedelta = dt.timedelta(hours=1)) -> bytes:
    """A FIT activity encoded by Garmin's FIT SDK."""
    import garmin_fit_sdk as sdk

    numbers = sdk.Profile["mesg_num"]
    sports = {name: number for number, name in sdk.Profile["types"]["sport"].items()}
    start, end = points[0].time, points[-1].time
    elapsed = (end - start).total_seconds()
    encoder = sdk.Encoder()
    encoder.write_mesg({"mesg_num": numbers["FILE_ID"], "type": "activity",
                        "manufacturer": "development", "product": 0, "serial_number": 12345,
                        "time_created": start})
    encoder.write_mesg({"mesg_num": numbers["EVENT"], "timestamp": start, "event": "timer",
                        "event_type": "start"})
    for p in points:
        encoder.write_mesg({
            "mesg_num": numbers["RECORD"], "timestamp": p.time, "distance": p.distance_m,
            "position_lat": round(p.lat * 2**31 / 180),
            "position_long": round(p.lon * 2**31 / 180)})
    encoder.write_mesg({"mesg_num": numbers["EVENT"], "timestamp": end, "event": "timer",
                        "event_type": "stop_all"})
    summary = {"timestamp": end, "start_time": start, "total_elapsed_time": elapsed,
               "total_timer_time": elapsed, "total_distance": points[-1].distance_m,
               "event": "lap", "event_type": "stop"}
    encoder.write_mesg({"mesg_num": numbers["LAP"], "message_index": 0, **summary})
    encoder.write_mesg({"mesg_num": numbers["SESSION"], "message_index": 0,
                        "sport": sports.get(sport, 0), **summary, "event": "session"})
    local = (end + utc_offset).replace(tzinfo=None)
    encoder.write_mesg({"mesg_num": numbers["ACTIVITY"], "timestamp": end,
                        "total_timer_time": elapsed, "num_sessions": 1, "type": "manual",
                        "event": "activity", "event_type": "stop",
                        "local_timestamp": round((local - FIT_EPOCH.replace(tzinfo=None))
                                                 .total_seconds())})
    return bytes(encoder.close())
