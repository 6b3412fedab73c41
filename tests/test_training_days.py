"""The calendar of training days is a weekly recurrence (dateutil.rrule): checked by hand."""

from __future__ import annotations

import datetime as dt
import itertools

from planforge.core.engine.schedule import training_days


def test_monday_start_four_days() -> None:
    # 2026-11-23 is a Monday; mon, wed, fri, sat
    calendar = training_days(start=dt.date(2026, 11, 23), weeks=2, days=(5, 0, 4, 2))
    assert calendar == (
        {0: dt.date(2026, 11, 23), 2: dt.date(2026, 11, 25), 4: dt.date(2026, 11, 27),
         5: dt.date(2026, 11, 28)},
        {0: dt.date(2026, 11, 30), 2: dt.date(2026, 12, 2), 4: dt.date(2026, 12, 4),
         5: dt.date(2026, 12, 5)},
    )


def test_weeks_begin_on_the_start_weekday() -> None:
    # 2027-01-06 is a Wednesday: a plan week runs Wednesday to Tuesday, so Monday is offset 5
    # and Wednesday offset 0; the year changes inside no week here, the month does
    calendar = training_days(start=dt.date(2027, 1, 6), weeks=4, days=(0, 2))
    assert calendar[0] == {0: dt.date(2027, 1, 6), 5: dt.date(2027, 1, 11)}
    assert calendar[3] == {0: dt.date(2027, 1, 27), 5: dt.date(2027, 2, 1)}


def test_across_new_year_and_29_february() -> None:
    # 2027-12-30 is a Thursday; every day of the week, 10 weeks: 70 days in a row
    calendar = training_days(start=dt.date(2027, 12, 30), weeks=10, days=range(7))
    flat = [d for week in calendar for _, d in sorted(week.items())]
    assert len(flat) == 70
    assert flat[0] == dt.date(2027, 12, 30) and flat[-1] == dt.date(2028, 3, 8)
    assert dt.date(2028, 2, 29) in flat
    assert all(b - a == dt.timedelta(days=1) for a, b in itertools.pairwise(flat))


def test_a_plan_that_ends_on_the_last_day() -> None:
    # 9999-12-24 is a Friday; one week, Thursday the 30th is its last day: rrule must not
    # step into the year 10000 looking for the next occurrence
    assert training_days(start=dt.date(9999, 12, 24), weeks=1, days=(3,)) == (
        {6: dt.date(9999, 12, 30)},)
    last = training_days(start=dt.date(9999, 11, 5), weeks=8, days=(3, 4))
    assert last[-1] == {0: dt.date(9999, 12, 24), 6: dt.date(9999, 12, 30)}


def test_year_one() -> None:
    # 0001-01-01 is a Monday
    assert training_days(start=dt.date(1, 1, 1), weeks=2, days=(6,)) == (
        {6: dt.date(1, 1, 7)}, {6: dt.date(1, 1, 14)})
