"""Click parameter types: each checks its value while the command line is parsed.

A bad value fails with ``self.fail(...)``: one line that names the value and says what is
accepted; click turns it into exit code 2. Nothing here imports the engine or icalendar, so
``planforge --help`` and ``planforge goals`` stay fast.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import click

from ..core.vocab import WEEKDAYS
from ..core.zones import is_zone
from ..errors import UsageError
from ..goals.catalog import builtin_goals
from ..goals.equipment import EQUIPMENT, NONE, parse_equipment

MIN_WEEKS = 1
MAX_WEEKS = 52

_FULL_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY_NUMBERS: dict[str, int] = {
    **{name: i for i, name in enumerate(WEEKDAYS)},
    **{name: i for i, name in enumerate(_FULL_DAYS)},
}
_DAYS_HINT = "use mon, tue, wed, thu, fri, sat, sun or full names, e.g. mon,wed,fri,sat"
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_TIME_RE = re.compile(r"(\d{1,2}):(\d{2})")
_REMIND_RE = re.compile(r"([0-9]+)\s*([mhd])")
_REMIND_UNITS = {"m": "minutes", "h": "hours", "d": "days"}
MAX_REMIND = dt.timedelta(days=7)
#: digits (leading zeros aside) a number may have before it is out of range without reading
#: it: every range here is far smaller, and Python refuses to read over 4300 digits
MAX_DIGITS = 6


def too_long(digits: str) -> bool:
    """Whether the ASCII number ``digits`` is certainly out of every range here."""
    return len(digits.lstrip("+-").lstrip("0")) > MAX_DIGITS


def shorten(text: str, limit: int = 40) -> str:
    """``text`` cut to ``limit`` characters for a message (a 5000-digit number, say)."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def weekday_number(name: str) -> int | None:
    """0 for Monday ... 6 for Sunday, from ``mon`` or ``monday`` in any case; None if neither."""
    return _DAY_NUMBERS.get(name.strip().lower())


class GoalType(click.ParamType[str]):
    """A built-in goal's or a user template's name; an unknown one lists the known goals."""

    name = "goal"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        from ..goals.user import known_goals

        known = known_goals()
        goal = str(value).strip().lower()
        if goal not in known:
            self.fail(f"unknown goal {value!r}; choose one of: {', '.join(known)}", param, ctx)
        return goal

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[click.shell_completion.CompletionItem]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(g) for g in builtin_goals() if g.startswith(incomplete)]


class WeeksType(click.ParamType[int]):
    """The plan's length in weeks, 1 to 52."""

    name = "weeks"
    accepted = f"expected {MIN_WEEKS} to {MAX_WEEKS}"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> int:
        if isinstance(value, int) and not isinstance(value, bool):
            weeks, text = value, str(value)
        else:
            text = str(value).strip()
            if not re.fullmatch(r"[+-]?[0-9]+", text):
                self.fail(f"{value!r} is not a whole number of weeks; {self.accepted}", param, ctx)
            weeks = MAX_WEEKS + 1 if too_long(text) else int(text)
        if not MIN_WEEKS <= weeks <= MAX_WEEKS:
            self.fail(f"{shorten(text)} weeks is out of range; {self.accepted}", param, ctx)
        return weeks


class DateType(click.ParamType[dt.date]):
    """An ISO date, YYYY-MM-DD."""

    name = "date"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.date:
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        text = str(value).strip()
        if not _DATE_RE.fullmatch(text):
            self.fail(f"{value!r} is not a date; expected a date like 2026-11-23", param, ctx)
        try:
            return dt.date.fromisoformat(text)
        except ValueError as exc:
            self.fail(f"{value!r} is not a date ({exc}); expected a date like 2026-11-23",
                      param, ctx)


class DateTimeType(click.ParamType[dt.datetime]):
    """An ISO date and time; without an offset it is taken as UTC. Returns an aware UTC datetime."""

    name = "datetime"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.datetime:
        if isinstance(value, dt.datetime):
            moment = value
        else:
            text = str(value).strip()
            try:
                moment = dt.datetime.fromisoformat(text)
            except ValueError:
                self.fail(
                    f"{value!r} is not a date and time; expected one like 2026-11-20T08:00:00Z",
                    param,
                    ctx,
                )
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        try:
            return moment.astimezone(dt.UTC)
        except OverflowError:  # 9999-12-31T23:00-05:00 is in the year 10000 in UTC
            self.fail(f"{value!r} is out of range: in UTC it falls outside the years 1 to 9999",
                      param, ctx)


class WeekdaysType(click.ParamType[tuple[int, ...]]):
    """A comma-separated list of distinct weekdays: ``mon,wed,fri,sat``. Returns sorted numbers."""

    name = "days"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[int, ...]:
        if isinstance(value, tuple):
            return value
        text = str(value)
        if not text.strip():
            self.fail(f"{value!r} names no weekday; {_DAYS_HINT}", param, ctx)
        seen: dict[int, str] = {}
        for raw in text.split(","):
            item = raw.strip()
            if not item:
                self.fail(f"{value!r} has an empty item; {_DAYS_HINT}", param, ctx)
            day = weekday_number(item)
            if day is None:
                self.fail(f"{value!r}: {item!r} is not a weekday; {_DAYS_HINT}", param, ctx)
            if day in seen:
                self.fail(
                    f"{value!r}: {WEEKDAYS[day]} is given twice; name each weekday once",
                    param,
                    ctx,
                )
            seen[day] = item
        return tuple(sorted(seen))


class TimeZoneType(click.ParamType[str]):
    """An IANA time zone name such as Europe/London."""

    name = "zone"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        name = str(value).strip()
        if not is_zone(name):
            self.fail(f"unknown time zone {value!r}; expected an IANA name, {_zone_hint(name)}",
                      param, ctx)
        return name


def _zone_hint(name: str) -> str:
    import difflib
    import zoneinfo

    zones = sorted(zoneinfo.available_timezones())
    by_lower = {z.lower(): z for z in zones}
    close = by_lower.get(name.lower())
    if close is None:
        matches = difflib.get_close_matches(name, zones, n=1, cutoff=0.75)
        close = matches[0] if matches else None
    if close is not None:
        return f"did you mean {close}?"
    return "try Europe/London or America/New_York"


class TimeType(click.ParamType[tuple[int | None, dt.time]]):
    """``HH:MM`` (every workout) or ``DAY=HH:MM`` (one weekday), 24-hour clock.

    Returns ``(weekday or None, time)``.
    """

    name = "time"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> tuple[int | None, dt.time]:
        if isinstance(value, tuple):
            return value
        text = str(value).strip()
        accepted = "expected HH:MM on a 24-hour clock like 07:00, or DAY=HH:MM like sat=09:00"
        day: int | None = None
        clock = text
        if "=" in text:
            day_name, _, clock = text.partition("=")
            day = weekday_number(day_name)
            if day is None:
                self.fail(f"{value!r}: {day_name.strip()!r} is not a weekday; {accepted}",
                          param, ctx)
        match = _TIME_RE.fullmatch(clock.strip())
        if not match or int(match[1]) > 23 or int(match[2]) > 59:
            self.fail(f"{value!r} is not a time; {accepted}", param, ctx)
        return day, dt.time(int(match[1]), int(match[2]))


class DurationType(click.ParamType[dt.timedelta]):
    """A reminder lead time: ``30m``, ``2h`` or ``1d``; at most 7 days (``0m``: at the start)."""

    name = "duration"

    def convert(
        self, value: Any, param: click.Parameter | None, ctx: click.Context | None
    ) -> dt.timedelta:
        if isinstance(value, dt.timedelta):
            return value
        accepted = "expected minutes, hours or days like 30m, 2h or 1d (at most 7d)"
        match = _REMIND_RE.fullmatch(str(value).strip().lower())
        if not match:
            self.fail(f"{value!r} is not a duration; {accepted}", param, ctx)
        if too_long(match[1]):
            self.fail(f"{shorten(repr(value))} is out of range; {accepted}", param, ctx)
        delta = dt.timedelta(**{_REMIND_UNITS[match[2]]: int(match[1])})
        if delta > MAX_REMIND:
            self.fail(f"{value!r} is out of range; {accepted}", param, ctx)
        return delta


class ColorType(click.ParamType[str]):
    """A CSS colour name (RFC 7986 COLOR), such as ``orange`` or ``teal``."""

    name = "color"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        text = str(value).strip().lower()
        if not re.fullmatch(r"[a-z]{3,20}", text):
            self.fail(f"{value!r} is not a colour name; expected a CSS name like orange or teal",
                      param, ctx)
        return text


class EquipmentType(click.ParamType[tuple[str, ...]]):
    """The equipment a user has: ``none`` or a comma-separated list, as people name it."""

    name = "equipment"

    def convert(self, value: Any, param: click.Parameter | None,
                ctx: click.Context | None) -> tuple[str, ...]:
        if isinstance(value, tuple):
            return value
        try:
            return parse_equipment(str(value))
        except UsageError as exc:
            self.fail(str(exc), param, ctx)

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[click.shell_completion.CompletionItem]:
        from click.shell_completion import CompletionItem

        done, _, last = incomplete.rpartition(",")
        prefix = f"{done}," if done else ""
        names = (NONE, *EQUIPMENT) if not done else EQUIPMENT
        return [CompletionItem(prefix + n) for n in names if n.startswith(last)]


GOAL = GoalType()
WEEKS = WeeksType()
DATE = DateType()
DATETIME = DateTimeType()
WEEKDAY_LIST = WeekdaysType()
TIMEZONE = TimeZoneType()
TIME = TimeType()
DURATION = DurationType()
COLOR = ColorType()
EQUIPMENT_LIST = EquipmentType()
