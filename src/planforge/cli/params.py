"""Click parameter types: each checks its value while the command line is parsed.

A bad value fails with ``self.fail(...)``: one line that names the value and says what is
accepted; click turns it into exit code 2. Nothing here imports the engine or icalendar, so
``planforge --help`` and ``planforge goals`` stay fast.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any, TypeVar

import click

from ..errors import UsageError
from ..services import inputs
from ..services.inputs import EQUIPMENT, NONE, parse_equipment

_T = TypeVar("_T")

too_long = inputs.too_long
shorten = inputs.shorten


def _read(ptype: click.ParamType[_T], read: Callable[[str], _T], value: Any,
          param: click.Parameter | None, ctx: click.Context | None) -> _T:
    """``value`` read by ``read``, a reader of :mod:`planforge.services.inputs` (the one way
    roster cells and the web page's fields are read too); its UsageError becomes click's
    ``Invalid value for '--option': ...`` line. A value that is no text is a default, already
    read."""
    if not isinstance(value, str):
        return value  # type: ignore[no-any-return]
    try:
        return read(value)
    except UsageError as exc:
        ptype.fail(str(exc), param, ctx)


class _LibraryType(click.ParamType[_T]):
    """A type whose value is read by :meth:`read` (:func:`_read`)."""

    def read(self, text: str) -> _T:
        raise NotImplementedError

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None
                ) -> _T:
        return _read(self, self.read, value, param, ctx)


class GoalType(_LibraryType[str]):
    """A built-in goal's or a user template's name; an unknown one lists the known goals."""

    name = "goal"

    def read(self, text: str) -> str:
        return inputs.parse_goal(text)

    def shell_complete(
        self, ctx: click.Context, param: click.Parameter, incomplete: str
    ) -> list[click.shell_completion.CompletionItem]:
        from click.shell_completion import CompletionItem

        return [CompletionItem(g) for g in inputs.known_goals() if g.startswith(incomplete)]


class WeeksType(_LibraryType[int]):
    """The plan's length in weeks, 1 to 52."""

    name = "weeks"

    def read(self, text: str) -> int:
        return inputs.parse_weeks(text)


class LevelType(click.Choice[str]):
    """``beginner``, ``returning`` or ``runner`` in any case; a near miss (``begginer``)
    gets "did you mean", as --goal does (click's own Choice says only what it is not). A
    Choice still, so --help lists the levels."""

    def __init__(self) -> None:
        super().__init__(inputs.LEVELS, case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return _read(self, inputs.parse_level, value, param, ctx)


class RaceDistanceType(click.Choice[str]):
    """A race distance planforge plans for (``5k``), in any case; a Choice, so --help lists
    them; anything else is refused naming the accepted ones."""

    def __init__(self) -> None:
        super().__init__(inputs.RACE_DISTANCES, case_sensitive=False)

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> str:
        return _read(self, inputs.parse_race_distance, value, param, ctx)


class DateType(_LibraryType[dt.date]):
    """A date: ISO, ``1 March 2027``, or ``today``/``tomorrow``/a weekday (the shell's clock)."""

    name = "date"

    def read(self, text: str) -> dt.date:
        return inputs.parse_date(text, today=dt.datetime.now().astimezone().date())


class DateTimeType(_LibraryType[dt.datetime]):
    """An ISO date and time; without an offset it is taken as UTC. Returns an aware UTC datetime."""

    name = "datetime"

    def read(self, text: str) -> dt.datetime:
        return inputs.parse_created(text)


class WeekdaysType(_LibraryType[tuple[int, ...]]):
    """Distinct weekdays: ``mon,wed,fri``, ``"Mon Wed"``, ``tues,thurs``, ``mon-fri``."""

    name = "days"

    def read(self, text: str) -> tuple[int, ...]:
        return inputs.parse_days(text)


class TimeZoneType(_LibraryType[str]):
    """An IANA time zone, or a city name that is the last part of exactly one (``London``);
    abbreviations (``EST``) and fixed offsets (``UTC+1``) are refused with the likely zones."""

    name = "zone"

    def read(self, text: str) -> str:
        from .report import note as say_note

        zone, note = inputs.parse_zone(text)
        if note is not None:
            say_note(note)
        return zone


class TimeType(_LibraryType[tuple[int | None, dt.time]]):
    """A start time (``07:00``, ``7am``, ``6:30 pm``) or ``DAY=TIME`` for one weekday.

    Returns ``(weekday or None, time)``.
    """

    name = "time"

    def read(self, text: str) -> tuple[int | None, dt.time]:
        return inputs.parse_day_time(text)


class DurationType(_LibraryType[dt.timedelta]):
    """A reminder lead time: ``30`` (minutes), ``30m``, ``2h``, ``1d``; at most 7 days."""

    name = "duration"

    def read(self, text: str) -> dt.timedelta:
        return inputs.parse_reminder(text)


class MinutesType(_LibraryType[float]):
    """Minutes run (``done --ran``): ``12``, ``12.5``, ``12:30``; 0 to 600."""

    name = "minutes"

    def read(self, text: str) -> float:
        return inputs.parse_minutes(text)


class ShiftType(_LibraryType[dt.timedelta]):
    """How far ``shift --by`` moves workouts: ``3d`` or ``1w``, 1 day to 12 weeks."""

    name = "duration"

    def read(self, text: str) -> dt.timedelta:
        return inputs.parse_shift(text)


class ColorType(_LibraryType[str]):
    """A CSS colour name (RFC 7986 COLOR), such as ``orange`` or ``teal``."""

    name = "color"

    def read(self, text: str) -> str:
        return inputs.parse_color(text)


class EquipmentType(_LibraryType[tuple[str, ...]]):
    """The equipment a user has: ``none`` or a comma-separated list, as people name it."""

    name = "equipment"

    def read(self, text: str) -> tuple[str, ...]:
        return parse_equipment(text)

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
LEVEL = LevelType()
DATE = DateType()
RACE_DISTANCE = RaceDistanceType()
DATETIME = DateTimeType()
WEEKDAY_LIST = WeekdaysType()
TIMEZONE = TimeZoneType()
TIME = TimeType()
DURATION = DurationType()
SHIFT = ShiftType()
MINUTES = MinutesType()
COLOR = ColorType()
EQUIPMENT_LIST = EquipmentType()
