"""What people type, read strictly: dates, weekdays, clock times, reminders, shifts, zones.

The command line's parameter types call these (and turn a :class:`UsageError` into click's
``Invalid value`` line); library callers may call them too. Each accepts what is
unambiguous (``1 March 2027``, ``tues,thurs``, ``mon-fri``, ``6:30 pm``, ``30min``) and
refuses the rest with a message that says what it does accept. Nothing here reads the
clock: ``today`` is always given by the caller. Only the standard library is imported at
first (``planforge --help`` stays fast); :mod:`dateutil.parser` and :mod:`zoneinfo` are
imported when a value needs them.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from ...errors import UsageError
from ..vocab import LEVELS, RACE_DISTANCES, WEEKDAYS

if TYPE_CHECKING:
    from collections.abc import Sequence

    from ..model import Times

FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAYS_HINT = ("use mon, tue, wed, thu, fri, sat, sun or full names, e.g. mon,wed,fri,sat or "
             "mon-fri")
DATE_HINT = "expected a date like 2026-11-23 or 23 November 2026, or today, tomorrow, monday"
#: the hint where no ``today`` is given, so the words relative to it are not taken
DATE_HINT_ABSOLUTE = "expected a date like 2026-11-23 or 23 November 2026"
TIME_HINT = "expected a time like 07:00, 7am or 6:30 pm, or DAY=TIME like sat=09:00"
REMIND_HINT = "expected minutes, hours or days like 30m, 2h or 1d (at most 7d)"
SHIFT_HINT = "expected days or weeks like 3d or 1w (1d to 12w)"
MAX_REMIND = dt.timedelta(days=7)
MAX_SHIFT = dt.timedelta(weeks=12)
#: digits (leading zeros aside) a number may have before it is certainly out of every range
MAX_DIGITS = 6
MIN_WEEKS = 1
MAX_WEEKS = 52
WEEKS_HINT = f"expected {MIN_WEEKS} to {MAX_WEEKS}"

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_DAY_ALIASES = {"tu": 1, "tues": 1, "th": 3, "thur": 3, "thurs": 3, "weds": 2}
_CLOCK = re.compile(r"(?P<h>[0-9]{1,2})(?:[:.h]?(?P<m>[0-9]{2}))?\s*"
                    r"(?P<ampm>[ap])?\.?\s*(?:m\.?)?", re.IGNORECASE)
_AMOUNT = re.compile(r"([0-9]+)\s*([a-z]*)")
_REMIND_UNITS = {"m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes",
                 "minutes": "minutes", "h": "hours", "hr": "hours", "hrs": "hours",
                 "hour": "hours", "hours": "hours", "d": "days", "day": "days", "days": "days"}
_SHIFT_UNITS = {"d": 1, "day": 1, "days": 1, "w": 7, "wk": 7, "wks": 7, "week": 7, "weeks": 7}


def too_long(digits: str) -> bool:
    """Whether the ASCII number ``digits`` is certainly out of every range here."""
    return len(digits.lstrip("+-").lstrip("0")) > MAX_DIGITS


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for a message (a 5000-digit number, say)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


# ------------------------------------------------------------------------------ weeks, level


def parse_weeks(text: str) -> int:
    """A plan's length in weeks, 1 to 52."""
    value = text.strip()
    if not re.fullmatch(r"[+-]?[0-9]+", value):
        raise UsageError(f"{text!r} is not a whole number of weeks; {WEEKS_HINT}")
    weeks = MAX_WEEKS + 1 if too_long(value) else int(value)
    if not MIN_WEEKS <= weeks <= MAX_WEEKS:
        raise UsageError(f"{shorten(value)} weeks is out of range; {WEEKS_HINT}")
    return weeks


def parse_level(text: str) -> str:
    """``beginner``, ``returning`` or ``runner``, in any case; a near miss (``begginer``)
    gets "did you mean"."""
    return match_name(text, LEVELS, "level")


def parse_race_distance(text: str) -> str:
    """A race distance planforge can plan for (R39): ``5k`` in any case."""
    return match_name(text, RACE_DISTANCES, "race distance")


# ------------------------------------------------------------------------------ weekdays


def weekday_number(name: str) -> int | None:
    """0 for Monday ... 6 for Sunday: ``mon``, ``monday``, ``tues``, ``thurs`` ... in any
    case (a prefix of a full name of 3 letters or more); None for anything else."""
    word = name.strip().lower().rstrip(".")
    if word in _DAY_ALIASES:
        return _DAY_ALIASES[word]
    if len(word) >= 3:
        for i, full in enumerate(FULL_DAYS):
            if full.startswith(word):
                return i
    return None


def parse_days(text: str) -> tuple[int, ...]:
    """Distinct weekdays, sorted: ``mon,wed,fri``, ``"Mon Wed"``, ``tues,thurs``,
    ``mon-fri`` (a range, which may wrap: ``fri-mon``), ``weekdays``, ``weekend``."""
    if not text.strip():
        raise UsageError(f"{text!r} names no weekday; {DAYS_HINT}")
    seen: list[int] = []
    for piece in re.sub(r"\s*-\s*", "-", text).split(","):
        if not piece.strip():
            raise UsageError(f"{text!r} has an empty item; {DAYS_HINT}")
        for day in (d for item in piece.split() for d in _day_item(text, item)):
            if day in seen:
                raise UsageError(f"{text!r}: {WEEKDAYS[day]} is given twice; name each "
                                 "weekday once")
            seen.append(day)
    return tuple(sorted(seen))


def _day_item(text: str, item: str) -> list[int]:
    word = item.lower()
    if word in ("weekdays", "workdays"):
        return [0, 1, 2, 3, 4]
    if word in ("weekend", "weekends"):
        return [5, 6]
    if "-" in item:
        first, _, last = (p.strip() for p in item.partition("-"))
        a, b = weekday_number(first), weekday_number(last)
        if a is None or b is None:
            bad = first if a is None else last
            raise UsageError(f"{text!r}: {bad!r} is not a weekday; {DAYS_HINT}")
        return [(a + i) % 7 for i in range((b - a) % 7 + 1)]
    day = weekday_number(item)
    if day is None:
        raise UsageError(f"{text!r}: {item!r} is not a weekday; {DAYS_HINT}")
    return [day]


# --------------------------------------------------------------------------------- dates


def parse_date(text: str, *, today: dt.date | None = None) -> dt.date:
    """A date: ISO ``2026-11-23``; ``today``, ``tomorrow`` or a weekday name (the next one
    after ``today``, never ``today`` itself) when ``today`` is given; or a date whose month is
    a word, ``23 November 2026`` or ``Nov 23, 2026`` (read with :mod:`dateutil.parser`).
    All-number forms other than ISO (``03/04/2027``: March or April?) are refused."""
    value = text.strip()
    hint = DATE_HINT if today is not None else DATE_HINT_ABSOLUTE
    if _ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as exc:
            raise UsageError(f"{text!r} is not a date ({exc}); {hint}") from None
    word = value.lower()
    if today is not None:
        if word == "today":
            return today
        if word == "tomorrow":
            return today + dt.timedelta(days=1)
        day = weekday_number(word) if word.isalpha() else None
        if day is not None:
            return today + dt.timedelta(days=(day - today.weekday() - 1) % 7 + 1)
    year_first = re.fullmatch(r"([0-9]{4})([/.])([0-9]{1,2})\2([0-9]{1,2})", value)
    if year_first:  # 2026/11/23: year, month, day, as everywhere a year comes first
        try:
            return dt.date(int(year_first[1]), int(year_first[3]), int(year_first[4]))
        except ValueError as exc:
            raise UsageError(f"{text!r} is not a date ({exc}); {hint}") from None
    if re.fullmatch(r"[0-9\s/.\-]+", value) and re.search(r"[0-9]", value):
        raise UsageError(f"{text!r} is ambiguous or not a date: write it as YYYY-MM-DD or "
                         "with the month as a word, like 2027-03-01 or 1 March 2027")
    return _worded_date(text, value, hint)


def _worded_date(text: str, value: str, hint: str) -> dt.date:
    """``23 November 2026``: a day, a month named in words and a four-digit year, nothing
    more; the one place dateutil's parser reads a date."""
    words = re.findall(r"[a-z]+", value.lower())
    months = [w for w in words if _month_word(w)]
    other = [w for w in words if not _month_word(w) and w not in ("st", "nd", "rd", "th", "of")]
    numbers = re.findall(r"[0-9]+", value)
    if (len(months) != 1 or other or len(numbers) != 2 or not any(len(n) == 4 for n in numbers)
            or re.search(r"[^\w\s,.\-/]", value)):
        raise UsageError(f"{text!r} is not a date; {hint}")
    from dateutil import parser  # here: only a worded date needs it

    try:
        one = parser.parse(value, default=dt.datetime(2000, 1, 1))  # noqa: DTZ001
        two = parser.parse(value, default=dt.datetime(2001, 2, 2))  # noqa: DTZ001
    except (ValueError, OverflowError) as exc:
        raise UsageError(f"{text!r} is not a date ({exc}); {hint}") from None
    if one != two:  # dateutil filled in a part the text does not give
        raise UsageError(f"{text!r} is not a whole date (day, month and year); {hint}")
    day: dt.date = one.date()
    return day


def _month_word(word: str) -> bool:
    months = ("january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december")
    return (len(word) >= 3 and any(m.startswith(word) for m in months)) or word == "sept"


# --------------------------------------------------------------------------------- times


def parse_clock(text: str) -> dt.time:
    """A start time: ``07:00``, ``7:00``, ``0700``, ``19.30``, ``7am``, ``6:30 pm``,
    ``noon``, ``midnight``. Refused: a bare ``7`` (07:00 or 19:00?), ``25:00``, ``13pm``."""
    value = text.strip().lower()
    if value in ("noon", "midday"):
        return dt.time(12, 0)
    if value == "midnight":
        return dt.time(0, 0)
    match = _CLOCK.fullmatch(value)
    if not match or (match["m"] is None and match["ampm"] is None
                     and not 13 <= int(match["h"]) <= 23):
        if match and match["m"] is None and int(match["h"]) <= 12:
            hour = int(match["h"])
            raise UsageError(f"{text!r} is ambiguous: {hour:02d}:00 or {hour % 12 + 12:02d}:00? "
                             f"{TIME_HINT}")
        raise UsageError(f"{text!r} is not a time; {TIME_HINT}")
    hour, minute = int(match["h"]), int(match["m"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise UsageError(f"{text!r} is not a time (an am/pm hour is 1 to 12); {TIME_HINT}")
        hour = hour % 12 + (12 if match["ampm"] == "p" else 0)
    if hour > 23 or minute > 59:
        raise UsageError(f"{text!r} is not a time; {TIME_HINT}")
    return dt.time(hour, minute)


def parse_day_time(text: str) -> tuple[int | None, dt.time]:
    """``--time``: a time for every workout, or ``DAY=TIME`` for one weekday."""
    value = text.strip()
    day: int | None = None
    clock = value
    if "=" in value:
        day_name, _, clock = value.partition("=")
        day = weekday_number(day_name)
        if day is None:
            raise UsageError(f"{text!r}: {day_name.strip()!r} is not a weekday; {TIME_HINT}")
    try:
        return day, parse_clock(clock)
    except UsageError:
        if day is None:
            raise
        raise UsageError(f"{text!r}: {clock.strip()!r} is not a time; {TIME_HINT}") from None


def times_from(values: Sequence[tuple[int | None, dt.time]]) -> Times:
    """Start times read by :func:`parse_day_time` (repeated ``--time``, a roster's ``time``
    cell) as :class:`~planforge.core.model.Times`: at most one default time and one time per
    weekday; none at all is all-day events."""
    from ..model import Times

    default: dt.time | None = None
    by_day: dict[int, dt.time] = {}
    for day, at in values:
        if day is None:
            if default is not None:
                raise UsageError("--time HH:MM is given twice; give one default time",
                                 option="--time")
            default = at
        else:
            if day in by_day:
                raise UsageError(f"--time for {WEEKDAYS[day]} is given twice", option="--time")
            by_day[day] = at
    return Times(default=default, by_weekday=tuple(sorted(by_day.items())))


def parse_times(text: str) -> list[tuple[int | None, dt.time]]:
    """Several start times in one text (a roster's ``time`` cell, a form's field):
    ``07:00 sat=09:00``, ``7am; sat=9am``, ``6:30 pm, sun=10:00``: each as
    :func:`parse_day_time` reads one ``--time``; an ``am``/``pm`` written apart belongs to
    the time before it."""
    words: list[str] = []
    for word in re.split(r"[;,\s]+", text.strip()):
        if not word:
            continue
        if words and re.fullmatch(r"[ap]\.?m\.?", word, re.IGNORECASE):
            words[-1] += f" {word}"
        else:
            words.append(word)
    if not words:
        raise UsageError(f"{text!r} is not a time; {TIME_HINT}")
    return [parse_day_time(word) for word in words]


# ----------------------------------------------------------------------------- durations


def parse_reminder(text: str) -> dt.timedelta:
    """A reminder's lead time: ``30`` (minutes), ``30m``, ``30min``, ``2h``, ``1h30m``,
    ``1d``; at most 7 days."""
    value = text.strip().lower()
    parts = _AMOUNT.findall(value)
    if not parts or "".join(n + u for n, u in parts) != re.sub(r"\s+", "", value):
        raise UsageError(f"{text!r} is not a duration; {REMIND_HINT}")
    total = dt.timedelta()
    for i, (number, unit) in enumerate(parts):
        if too_long(number):
            raise UsageError(f"{shorten(repr(text))} is out of range; {REMIND_HINT}")
        if not unit and len(parts) == 1:
            unit = "m"  # a bare number of minutes, as calendar apps ask for them
        if unit not in _REMIND_UNITS or (not unit and i):
            raise UsageError(f"{text!r} is not a duration; {REMIND_HINT}")
        total += dt.timedelta(**{_REMIND_UNITS[unit]: int(number)})
    if total > MAX_REMIND:
        raise UsageError(f"{text!r} is out of range; {REMIND_HINT}")
    return total


def parse_shift(text: str) -> dt.timedelta:
    """How far ``shift --by`` moves: ``3d``, ``1w``, ``2 weeks``; 1 day to 12 weeks. A bare
    number is refused with the question it raises (``2``: 2 weeks or 2 days?)."""
    value = text.strip().lower()
    match = _AMOUNT.fullmatch(value)
    if match and not match[2]:
        n = match[1]
        raise UsageError(f"{text!r}: {n} weeks ({n}w) or {n} days ({n}d)? {SHIFT_HINT}")
    if not match or match[2] not in _SHIFT_UNITS:
        raise UsageError(f"{text!r} is not a duration; {SHIFT_HINT}")
    if too_long(match[1]):
        raise UsageError(f"{shorten(repr(text))} is out of range; {SHIFT_HINT}")
    by = dt.timedelta(days=int(match[1]) * _SHIFT_UNITS[match[2]])
    if not dt.timedelta(days=1) <= by <= MAX_SHIFT:
        raise UsageError(f"{text!r} is out of range; {SHIFT_HINT}")
    return by


# ----------------------------------------------------------------------------- others


def parse_color(text: str) -> str:
    """A CSS colour name (RFC 7986 COLOR), such as ``orange`` or ``teal``."""
    value = text.strip().lower()
    if not re.fullmatch(r"[a-z]{3,20}", value):
        raise UsageError(f"{text!r} is not a colour name; expected a CSS name like orange or "
                         "teal")
    return value


def parse_created(text: str) -> dt.datetime:
    """An ISO 8601 date and time (``2026-11-20T08:00:00Z``); without an offset it is UTC.
    Returns an aware UTC datetime."""
    value = text.strip()
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        raise UsageError(f"{text!r} is not a date and time; expected one like "
                         "2026-11-20T08:00:00Z") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    try:
        return moment.astimezone(dt.UTC)
    except OverflowError:  # 9999-12-31T23:00-05:00 is in the year 10000 in UTC
        raise UsageError(f"{text!r} is out of range: in UTC it falls outside the years 1 to "
                         "9999") from None


def parse_yes_no(text: str) -> bool:
    """``yes``/``no`` (``y``, ``true``, ``1``/``n``, ``false``, ``0``; empty is no)."""
    answer = _YES_NO.get(text.strip().lower())
    if answer is None:
        raise UsageError(f"{shorten(repr(text))} is not yes or no")
    return answer


_YES_NO = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False,
           "false": False, "0": False, "": False}


# ----------------------------------------------------------------------------- names


def normal_name(text: str) -> str:
    """A goal name as typed, compared the one way: any case, ``_`` and spaces as ``-``."""
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def match_name(text: str, known: tuple[str, ...], what: str) -> str:
    """The one name of ``known`` that ``text`` means (case, ``_``, spaces and dashes aside);
    else :class:`UsageError` with "did you mean ..." or the list."""
    typed = normal_name(text)
    if typed in known:
        return typed
    bare = {k.replace("-", ""): k for k in known}
    if typed.replace("-", "") in bare:
        return bare[typed.replace("-", "")]
    import difflib  # only for a name that is not one

    close = difflib.get_close_matches(typed, known, n=2, cutoff=0.6)
    if close:
        guess = " or ".join(repr(c) for c in close)
        raise UsageError(f"unknown {what} {text!r}; did you mean {guess}? Choose one of: "
                         f"{', '.join(known)}")
    raise UsageError(f"unknown {what} {text!r}; choose one of: {', '.join(known)}")


#: what a number of minutes may look like (``planforge done --ran``)
MINUTES_HINT = "expected minutes like 12, 12.5 or 12:30 (minutes:seconds), 0 to 600"
_MINUTES = re.compile(r"(\d{1,3})(?:\.(\d{1,2}))?\s*(?:m|min|mins|minutes?)?")
_MIN_SEC = re.compile(r"(\d{1,3}):([0-5]\d)")


def parse_minutes(text: str) -> float:
    """Minutes as a person writes them: ``12``, ``12.5``, ``12 min``, ``12:30`` (12 minutes
    30 seconds); 0 to 600."""
    value = text.strip().lower()
    match = _MIN_SEC.fullmatch(value)
    if match:
        minutes = int(match[1]) + int(match[2]) / 60
    else:
        match = _MINUTES.fullmatch(value)
        if not match:
            raise UsageError(f"{shorten(repr(text))} is not a number of minutes; "
                             f"{MINUTES_HINT}")
        minutes = float(f"{match[1]}.{match[2] or 0}")
    if minutes > 600:
        raise UsageError(f"{shorten(repr(text))} is out of range; {MINUTES_HINT}")
    return round(minutes, 2)
