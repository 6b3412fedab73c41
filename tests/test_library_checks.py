"""The library checks what it is given (issue 10): a bad value is a UsageError naming it,
never a traceback from inside the engine and never a calendar that says something wrong."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

import pytest

from planforge import Times, UsageError, build_plan, render_ics
from planforge.core.replan.shift import rebase

START = dt.date(2026, 11, 23)
CREATED = dt.datetime(2026, 11, 20, 8, tzinfo=dt.UTC)
SEVEN = Times(default=dt.time(7, 0))


def build(**changes: Any) -> Any:
    values: dict[str, Any] = {"goal": "glutes", "weeks": 2, "start": START, "created": CREATED}
    values.update(changes)
    return build_plan(**values)


@pytest.mark.parametrize("zone", ["posixrules", "localtime", "Factory", "right/UTC",
                                  "posix/Europe/London", "/etc/localtime", "../zoneinfo/UTC",
                                  "Europe/Londn", "", " Europe/London", 42, b"Europe/London"])
def test_build_plan_refuses_what_is_no_zone(zone: object) -> None:
    with pytest.raises(UsageError) as err:
        build(timezone=zone, times=SEVEN)
    assert str(err.value) == (f"unknown time zone {zone!r}; use an IANA name such as "
                              "Europe/London")
    assert err.value.exit_code == 2


def test_a_zone_on_an_all_day_plan_is_checked_too() -> None:
    with pytest.raises(UsageError, match="unknown time zone 'posixrules'"):
        build(timezone="posixrules")
    assert build(timezone="Europe/London").timezone is None  # all-day: no zone in the plan


def test_good_zones_still_work() -> None:
    plan = build(timezone="America/New_York", times=SEVEN)
    assert b"TZID:America/New_York\r\n" in render_ics(plan)


def test_render_ics_refuses_a_plan_whose_zone_is_no_zone() -> None:
    """A Plan built by hand (or edited with dataclasses.replace) is checked when written."""
    plan = dataclasses.replace(build(timezone="Europe/London", times=SEVEN),
                               timezone="posixrules")
    with pytest.raises(UsageError, match="unknown time zone 'posixrules'"):
        render_ics(plan)


@pytest.mark.parametrize("start", [dt.datetime(2026, 11, 23, 7, 0, tzinfo=dt.UTC),
                                   "2026-11-23", None])
def test_start_must_be_a_date(start: object) -> None:
    with pytest.raises(UsageError) as err:
        build(start=start)
    assert str(err.value) == f"start must be a date (datetime.date), not {start!r}"


@pytest.mark.parametrize("created", [dt.datetime(2026, 11, 20), "2026-11-20T08:00:00Z",  # noqa: DTZ001 - naive on purpose
                                     dt.date(2026, 11, 20)])
def test_created_must_be_an_aware_datetime(created: object) -> None:
    with pytest.raises(UsageError, match=r"^created must be an aware datetime \(UTC\)$"):
        build(created=created)


@pytest.mark.parametrize("days", [(), (7,), (-1,), ("mon",), (True, 2), (0.0, 2), "024",
                                  5])
def test_days_must_be_weekday_numbers(days: object) -> None:
    with pytest.raises(UsageError, match=r"^days must name at least one weekday \(0 = Monday"):
        build(days=days)


def test_times_must_be_times() -> None:
    with pytest.raises(UsageError, match=r"^times must be a planforge.Times, not "):
        build(times=dt.time(7, 0), timezone="Europe/London")


def test_rebase_checks_its_zone_and_days() -> None:
    plan = build(timezone="Europe/London", times=SEVEN)
    with pytest.raises(UsageError, match="unknown time zone 'posixrules'"):
        rebase(plan, timezone="posixrules")
    with pytest.raises(UsageError, match="days must name at least one weekday"):
        rebase(plan, days=("mon",))
    assert rebase(plan, timezone="Asia/Kolkata").plan.timezone == "Asia/Kolkata"
