"""An activity a watch or phone recorded, and what it shows was done: pure, no file formats.

The readers (:mod:`planforge.formats.activities`: FIT, GPX, TCX) turn a file into an
:class:`Activity`, a list of time-stamped :class:`Point` s; :func:`measure` reads from the
points how long the user moved, ran, and ran without stopping (R32 compares that with the
plan).

How a track is read (docs/missed-and-done.md says the same for users):

* the **speed** between two points is the distance between them (the device's own distance
  when the file has one, else the great-circle distance between positions) over the time;
  each is then replaced by the median of the speeds within :data:`SMOOTH_S` seconds around
  it, which drops a GPS point's jump without blurring where a run starts or stops; a gap of
  more than :data:`PAUSE_GAP_S` seconds between two points is a pause (a watch that stops
  recording while you stand still);
* **moving** is going at :data:`MOVING_SPEED` (1.8 km/h) or faster; **running** is going at
  :data:`RUN_SPEED` (6.5 km/h, a pace of about 9:14 per km) or faster. A brisk walk is
  5 to 6.5 km/h; the slowest beginner's jog is about 7 km/h;
* a **continuous stretch** of running ends at a walk or pause of :data:`BREAK_S` (30) seconds
  or more; a shorter one (a traffic light, a gate, a stumble of the GPS) stays part of it;
* ``run_min`` is the time in continuous stretches, ``longest_run_min`` the longest of them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import math
import statistics
from dataclasses import dataclass

#: km/h and m/s: going at least this fast is moving, at least RUN_SPEED running
MOVING_SPEED = 0.5  # m/s, 1.8 km/h
RUN_SPEED = 6.5 / 3.6  # m/s
#: a walk or pause this long or longer ends a continuous stretch of running (R32)
BREAK_S = 30.0
#: the speed at a moment is the median of the speeds this many seconds around it
SMOOTH_S = 10.0
#: no point for longer than this: the device paused
PAUSE_GAP_S = 10.0
#: the mean radius of the Earth (IUGG), for the distance between two positions
EARTH_RADIUS_M = 6_371_008.8
#: sports a run may be recorded as; others (cycling, swimming ...) never match a run
RUN_SPORTS = frozenset({"running", "run", "walking", "walk", "hiking", "trail_running",
                        "treadmill", "generic", "other", ""})


@dataclass(frozen=True, slots=True)
class Point:
    """One moment of a track: when (aware), and where or how far (either may be missing)."""

    time: dt.datetime
    distance_m: float | None = None  # from the start, as the device measured it
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Activity:
    """A recorded workout: its file's name, its sport as the file says it (lower case, ``""``
    unknown), the UTC offset of the place it was recorded when the file says it, and its
    points in time order."""

    source: str
    sport: str
    points: tuple[Point, ...]
    utc_offset: dt.timedelta | None = None

    @property
    def start(self) -> dt.datetime:
        return self.points[0].time

    def local_date(self, zone: dt.tzinfo | None) -> dt.date:
        """The day it started: in ``zone`` (the plan's), else at the offset the file gives,
        else in UTC."""
        if zone is not None:
            return self.start.astimezone(zone).date()
        if self.utc_offset is not None:
            return (self.start.astimezone(dt.UTC) + self.utc_offset).date()
        return self.start.astimezone(dt.UTC).date()

    @property
    def is_run(self) -> bool:
        """Whether it may be a run (a walk counts: a run/walk may be recorded as one)."""
        return self.sport in RUN_SPORTS


@dataclass(frozen=True, slots=True)
class Measured:
    """What a track shows, in minutes."""

    elapsed_min: float  # first point to last
    moving_min: float
    run_min: float  # time in continuous stretches of running
    longest_run_min: float


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """The great-circle (haversine) distance between two positions in degrees, in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(a)))


def _track(points: tuple[Point, ...]) -> tuple[list[float], list[float]]:
    """Seconds from the start and metres from the start at each point: the device's
    distance when every point has one, else summed from the positions (a point without
    one adds nothing)."""
    start = points[0].time
    seconds = [(p.time - start).total_seconds() for p in points]
    if all(p.distance_m is not None for p in points):
        first = points[0].distance_m or 0.0
        metres = [(p.distance_m or 0.0) - first for p in points]
        # a device's distance never goes back; a reset (a new lap on an old watch) would
        for i in range(1, len(metres)):
            metres[i] = max(metres[i], metres[i - 1])
        return seconds, metres
    metres = [0.0]
    last: Point | None = None
    for p in points[1:]:
        step = 0.0
        prev = last or points[0]
        if None not in (p.lat, p.lon, prev.lat, prev.lon):
            step = distance_m(prev.lat, prev.lon, p.lat, p.lon)  # type: ignore[arg-type]
        if p.lat is not None and p.lon is not None:
            last = p
        metres.append(metres[-1] + step)
    return seconds, metres


def measure(activity: Activity) -> Measured:
    """Moving time, running, and the longest continuous run of ``activity`` (see the
    module's doc for how)."""
    points = activity.points
    if len(points) < 2:
        return Measured(0.0, 0.0, 0.0, 0.0)
    seconds, metres = _track(points)
    # (start, end, metres a second) of each stretch between two points, pauses apart
    steps: list[tuple[float, float, float]] = []
    pauses: list[tuple[float, float]] = []
    for i in range(1, len(points)):
        t0, t1 = seconds[i - 1], seconds[i]
        if t1 <= t0:
            continue
        if t1 - t0 > PAUSE_GAP_S:
            pauses.append((t0, t1))
        else:
            steps.append((t0, t1, (metres[i] - metres[i - 1]) / (t1 - t0)))
    speeds = _medians(steps)
    moving = sum(t1 - t0 for (t0, t1, _), v in zip(steps, speeds, strict=True)
                 if v >= MOVING_SPEED)
    spells = sorted([*((t0, t1, v >= RUN_SPEED) for (t0, t1, _), v in
                       zip(steps, speeds, strict=True)),
                     *((t0, t1, False) for t0, t1 in pauses)])
    stretches = _stretches(spells)
    return Measured(
        elapsed_min=(seconds[-1] - seconds[0]) / 60,
        moving_min=moving / 60,
        run_min=sum(end - begin for begin, end in stretches) / 60,
        longest_run_min=max((end - begin for begin, end in stretches), default=0.0) / 60,
    )


def _medians(steps: list[tuple[float, float, float]]) -> list[float]:
    """Each step's speed replaced by the median of the speeds of the steps whose middle is
    within ``SMOOTH_S / 2`` seconds of its own (a pause between them apart: a window never
    reaches across one, since no step spans it)."""
    middles = [(t0 + t1) / 2 for t0, t1, _ in steps]
    half = SMOOTH_S / 2
    out = []
    for i, at in enumerate(middles):
        lo = bisect.bisect_left(middles, at - half)
        hi = bisect.bisect_right(middles, at + half)
        # not across a pause: the window ends where the steps stop following each other
        first = i
        while first > lo and steps[first][0] <= steps[first - 1][1]:
            first -= 1
        last = i
        while last + 1 < hi and steps[last + 1][0] <= steps[last][1]:
            last += 1
        out.append(statistics.median(v for _, _, v in steps[first:last + 1]))
    return out


def _stretches(spells: list[tuple[float, float, bool]]) -> list[tuple[float, float]]:
    """The continuous stretches of running: running spells joined across walks or pauses
    shorter than :data:`BREAK_S`."""
    out: list[tuple[float, float]] = []
    begin: float | None = None
    end = 0.0
    stop_since: float | None = None  # where the current walk or pause began
    for t0, t1, running in spells:
        if running:
            if begin is None:
                begin = t0
            end = t1
            stop_since = None
            continue
        if begin is None:
            continue
        if stop_since is None:
            stop_since = t0
        if t1 - stop_since >= BREAK_S:
            out.append((begin, end))
            begin, stop_since = None, None
    if begin is not None:
        out.append((begin, end))
    return out
