"""Activity files read and measured (``planforge done``): real FIT, GPX and TCX files written by
the tests with the libraries that read them (tests/activity_files.py), the FIT ones encoded by
Garmin's FIT SDK and read back by both Garmin's decoder and fitdecode."""

from __future__ import annotations

import datetime as dt

import pytest

from activity_files import (
    fit_bytes,
    gpx_bytes,
    session_stretches,
    tcx_bytes,
    track,
)
from fit_reading import decoders, fitdecode_read, garmin_read
from planforge.core.activity import BREAK_S, RUN_SPEED, Activity, Point, measure
from planforge.errors import FileError
from planforge.formats.activities import read_activity

START = dt.datetime(2027, 3, 9, 6, 30, tzinfo=dt.UTC)
#: NHS week 1: a 5-minute walk, 8 x (run 1 min, walk 1.5 min), a 5-minute walk
WEEK_1 = session_stretches(5, [("run", 1), ("walk", 1.5)] * 8, 5)
WRITERS = {"fit": fit_bytes, "gpx": gpx_bytes, "tcx": tcx_bytes}


def _read(kind: str, points: list, **kwargs: object) -> Activity:
    if kind == "fit":
        decoders()  # skips without the SDK (fails under CI=true)
    return read_activity(WRITERS[kind](points, **kwargs), source=f"run.{kind}")


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_run_walk_session_measures_as_planned(kind: str) -> None:
    """8 runs of 1 minute between walks: 8 minutes of running, the longest 1 minute; the
    walks before, between and after are moving but not running."""
    activity = _read(kind, track(WEEK_1, START))
    measured = measure(activity)
    assert activity.sport == "running" and activity.is_run
    assert measured.elapsed_min == pytest.approx(30)
    assert measured.moving_min == pytest.approx(30)
    assert measured.run_min == pytest.approx(8, abs=0.05)
    assert measured.longest_run_min == pytest.approx(1, abs=0.02)


@pytest.mark.parametrize("kind", sorted(WRITERS))
def test_a_pause_or_walk_of_30_s_ends_a_stretch_and_a_shorter_one_does_not(kind: str) -> None:
    """10 min of running, 20 s standing (a traffic light), 5 min: one stretch of 15:20; then
    a 40-s walk ends it; 5 min; a 2-minute pause with no points (auto-pause) ends it; 3:20."""
    stretches = [("walk", 300), ("run", 600), ("stand", 20), ("run", 300), ("walk", 40),
                 ("run", 300), ("pause", 120), ("run", 200), ("walk", 300)]
    measured = measure(_read(kind, track(stretches, START)))
    assert measured.longest_run_min == pytest.approx(920 / 60, abs=0.05)
    assert measured.run_min == pytest.approx((920 + 300 + 200) / 60, abs=0.05)
    # the stand and the pause are not moving; every walk is
    assert measured.moving_min == pytest.approx((2180 - 20 - 120) / 60, abs=0.05)


def test_a_slow_jog_is_running_and_a_brisk_walk_is_not() -> None:
    """7.6 km/h (a slow beginner's jog) is above the 6.5 km/h line; 5 km/h is walking."""
    assert 2.1 > RUN_SPEED > 1.4
    measured = measure(_read("gpx", track([("walk", 120), ("jog", 300), ("walk", 120)],
                                          START)))
    assert measured.run_min == pytest.approx(5, abs=0.05)
    assert measured.longest_run_min == pytest.approx(5, abs=0.05)


def test_a_walk_just_under_30_s_does_not_end_a_stretch_and_30_s_does() -> None:
    short = measure(_read("tcx", track([("run", 120), ("walk", BREAK_S - 2), ("run", 120)],
                                       START)))
    long = measure(_read("tcx", track([("run", 120), ("walk", BREAK_S + 2), ("run", 120)],
                                      START)))
    assert short.longest_run_min == pytest.approx((240 + BREAK_S - 2) / 60, abs=0.05)
    assert long.longest_run_min == pytest.approx(2, abs=0.05)


def test_a_gps_jump_does_not_make_a_walk_a_run() -> None:
    """One point 60 m off the line (a GPS glitch) in a walk: the median speed ignores it."""
    points = track([("walk", 600)], START)
    glitch = points[300]
    points[300] = glitch._replace(lat=glitch.lat + 60 / 111_195)
    measured = measure(_read("gpx", points))
    assert measured.run_min == 0


def test_the_fit_file_reads_the_same_with_garmins_decoder_and_fitdecode() -> None:
    """The FIT activity the tests encode with Garmin's SDK is a valid FIT file to both
    decoders: the same records, times and distances."""
    decoders()
    points = track(WEEK_1, START)
    data = fit_bytes(points)
    garmin, fitdecode = garmin_read(data), fitdecode_read(data)
    assert len(garmin["record"]) == len(fitdecode["record"]) == len(points)
    for g, f, p in zip(garmin["record"], fitdecode["record"], points, strict=True):
        assert g["timestamp"] == f["timestamp"].replace(tzinfo=dt.UTC) == p.time
        assert g["distance"] == pytest.approx(f["distance"]) == pytest.approx(p.distance_m)
    assert garmin["session"][0]["sport"] == fitdecode["session"][0]["sport"] == "running"
    assert garmin["file_id"][0]["type"] == "activity"


def test_fit_gives_the_local_offset_and_the_day_follows_the_plans_zone() -> None:
    """A run at 23:30 UTC on 9 March recorded in New York (UTC-5): the FIT file says the
    offset, so its day is the 9th there; in London it would be the 9th too, in Sydney the
    10th."""
    from zoneinfo import ZoneInfo

    late = dt.datetime(2027, 3, 9, 23, 30, tzinfo=dt.UTC)
    activity = _read("fit", track(WEEK_1, late), utc_offset=dt.timedelta(hours=-5))
    assert activity.utc_offset == dt.timedelta(hours=-5)
    assert activity.local_date(None) == dt.date(2027, 3, 9)
    assert activity.local_date(ZoneInfo("Australia/Sydney")) == dt.date(2027, 3, 10)


def test_tcx_without_distances_is_measured_from_the_positions() -> None:
    measured = measure(_read("tcx", track(WEEK_1, START), with_distance=False))
    assert measured.run_min == pytest.approx(8, abs=0.05)


def test_the_sport_of_a_ride_is_read_and_it_is_no_run() -> None:
    for kind, sport in (("gpx", "cycling"), ("tcx", "Biking"), ("fit", "cycling")):
        assert not _read(kind, track(WEEK_1, START), sport=sport).is_run


def test_what_is_no_activity_is_refused_with_one_line() -> None:
    cases = {
        b"\x89PNG\r\n\x1a\n": "is not an activity file planforge reads (FIT, GPX or TCX)",
        b"<?xml version='1.0'?><!DOCTYPE TrainingCenterDatabase [<!ENTITY x 'y'>]>"
        b"<TrainingCenterDatabase/>": "declares a document type or entities",
        b"<TrainingCenterDatabase><Activities/></TrainingCenterDatabase>":
            "holds no track with times",
        b"<gpx version='1.1'><rte><rtept lat='51' lon='0'/></rte></gpx>":
            "holds no track with times",
        b"<TrainingCenterDatabase><Trackpoint><Time>soon</Time></Trackpoint>"
        b"</TrainingCenterDatabase>": "has a Trackpoint time 'soon' that is not a date",
    }
    for data, words in cases.items():
        with pytest.raises(FileError) as caught:
            read_activity(data, source="x")
        assert str(caught.value).startswith("x: ") and words in str(caught.value)


def test_a_damaged_fit_file_and_a_fit_workout_file_are_refused() -> None:
    decoders()
    data = bytearray(fit_bytes(track(WEEK_1, START)))
    data[200] ^= 0xFF  # a flipped byte: the file's CRC no longer matches
    with pytest.raises(FileError, match="is not a readable FIT file"):
        read_activity(bytes(data), source="run.fit")
    import garmin_fit_sdk as sdk

    encoder = sdk.Encoder()
    encoder.write_mesg({"mesg_num": sdk.Profile["mesg_num"]["FILE_ID"], "type": "workout",
                        "manufacturer": "development", "product": 0, "serial_number": 1,
                        "time_created": START})
    with pytest.raises(FileError, match="is a FIT workout file, not a recorded activity"):
        read_activity(bytes(encoder.close()), source="plan.fit")


def test_measure_of_points_without_distance_or_position_is_zero() -> None:
    points = tuple(Point(START + dt.timedelta(seconds=i)) for i in range(10))
    assert measure(Activity("x", "running", points)).run_min == 0
