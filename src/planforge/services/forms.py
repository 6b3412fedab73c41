"""The options of ``make``, ``render`` and ``shift`` as fields: their words, and one way to read
them.

A field is an option without its dashes (``weeks``, ``busy-only``), with the help the
command line shows (without the ``[default: ...]`` it adds), its choices, whether it is a
flag or repeatable, and the reader of :mod:`.inputs` its text goes through. The command line
takes its options' help from here (``planforge make --help``), so the web page's form, which
shows the same words, cannot drift from it; :func:`.formread.read_form` reads a whole form
as the command line reads its options, collecting every bad value rather than stopping at the
first.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Literal

from . import inputs

Reader = Literal["goal", "weeks", "level", "date", "days", "time", "zone", "equipment",
                 "duration", "shift", "color", "datetime", "flag", "minutes"]


@dataclass(frozen=True, slots=True)
class Field:
    """One option of a command as a form field.

    ``name``: the option without dashes; ``param``: the keyword of the operation it is for
    (:func:`planforge.services.make`'s ``timezone`` for ``tz``); ``help``: what it is;
    ``default``: what the command line says when it is not given (``[default: ...]``);
    ``reader``: how its text is read; ``multiple``: repeatable (``time``);
    ``required``: the operation cannot go without it.
    """

    name: str
    param: str
    help: str
    reader: Reader
    default: str | None = None
    choices: tuple[str, ...] | None = None
    multiple: bool = False
    required: bool = False

    @property
    def flag(self) -> bool:
        return self.reader == "flag"

    @property
    def option(self) -> str:
        return f"--{self.name}"


_CALENDAR = (
    Field("remind", "remind", "Add a reminder this long before each workout: 30 (minutes), "
          "30m, 2h, 1d. All-day events start at midnight.", "duration"),
    Field("busy-only", "busy_only", "Generic titles, no details, marked private; timed "
          "workouts show as busy (all-day ones never do): for a calendar others can see.",
          "flag"),
    Field("calendar-color", "color", "Calendar colour, a CSS colour name such as orange.",
          "color"),
)

#: each command's fields, in the order its help lists them
FIELDS: dict[str, tuple[Field, ...]] = {
    "make": (
        Field("goal", "goal", "What the plan is for; see 'planforge goals'.", "goal"),
        Field("weeks", "weeks", "Length of the plan in weeks, 1 to 52.", "weeks",
              default="8"),
        Field("level", "level", "beginner: cannot yet run 5 minutes; returning: runs 10-15 "
              "minutes; runner: runs 30 minutes.", "level", default="beginner",
              choices=inputs.LEVELS),
        Field("start", "start", "First day of week 1: 2026-11-23, '23 November 2026', today, "
              "tomorrow or a weekday.", "date", default="the next Monday"),
        Field("days", "days", "Weekdays you can train, e.g. mon,wed,fri,sat, 'Mon Wed Fri' or "
              "mon-fri.", "days", default="depends on --goal and --level"),
        Field("time", "times", "Start time of timed events, e.g. 07:00, 7am or '6:30 pm', or "
              "sat=09:00 for one weekday; repeatable.", "time", default="all-day events",
              multiple=True),
        Field("tz", "timezone", "Time zone of --time: an IANA name or a city, e.g. "
              "Europe/London or London.", "zone", default="the system's zone"),
        Field("equipment", "equipment", "What you have: none, or any of "
              f"{', '.join(inputs.EQUIPMENT)} (comma-separated); the plan uses only that.",
              "equipment", default="any"),
        *_CALENDAR,
        Field("created", "created", "Creation time stamped into the file (DTSTAMP), ISO "
              "8601.", "datetime", default="$SOURCE_DATE_EPOCH if set, else now"),
    ),
    "render": (
        Field("start", "start", "New first day of week 1 (as for make); every workout moves "
              "with it.", "date", default="the plan's own"),
        Field("days", "days", "Lay every week out afresh on these weekdays, e.g. "
              "mon,wed,fri,sat.", "days", default="the plan's own"),
        Field("time", "times", "Start time of timed events, e.g. 07:00, 7am or sat=09:00; "
              "repeatable.", "time", default="the plan's own", multiple=True),
        Field("tz", "timezone", "Time zone of the times, e.g. Europe/London or London.",
              "zone", default="the plan's own, else the system's"),
        Field("all-day", "all_day", "All-day events, whatever the plan's times.", "flag"),
        *_CALENDAR,
    ),
    "shift": (
        Field("from", "from_date", "The first workout date to move (the first one you "
              "missed).", "date", required=True),
        Field("by", "by", "Move every workout from DATE on this much later: 3d, 1w, 2w ...",
              "shift"),
        Field("repeat-week", "repeat_week", "Do the week containing DATE again (any week may "
              "be); the weeks after it move later, after a lighter week when the rules need "
              "one (R6).", "flag"),
    ),
    # planforge missed PLAN FROM [TO]: the days as arguments on the command line, fields on
    # the web page ("I missed some days")
    "missed": (
        Field("from", "first", "The first day you missed: 2027-03-08, '8 March 2027', "
              "today or a weekday.", "date", required=True),
        Field("to", "last", "The last day you missed.", "date", default="FROM"),
    ),
    # planforge done PLAN [ACTIVITY...] (the web page: "I did this workout")
    "done": (
        Field("on", "on", "The planned day this was for (without activity files: every "
              "workout of that day, done as planned).", "date",
              default="each activity's own day"),
        Field("ran", "ran", "Minutes you ran, without an activity file: 12, 12.5 or 12:30 "
              "(with --on, for a day of one run).", "minutes", default="as planned"),
        Field("longest", "longest", "Your longest stretch of running without a walk or stop, "
              "in minutes (with --ran).", "minutes",
              default="--ran, up to the planned stretch"),
    ),
}


def field_of(command: str, name: str) -> Field:
    """The field ``name`` (an option without dashes) of ``command``."""
    return next(f for f in FIELDS[command] if f.name == name)


def help_text(command: str, name: str, *, default: bool = True) -> str:
    """The help of ``command``'s option ``name`` as the command line shows it: with
    ``[default: ...]`` when the field says what applies without it (and ``default``)."""
    found = field_of(command, name)
    if default and found.default is not None and found.reader not in ("weeks", "level"):
        return f"{found.help}  [default: {found.default}]"
    return found.help


def read_value(reader: Reader, text: str, *, today: dt.date | None = None
               ) -> tuple[Any, str | None]:
    """``text`` read by ``reader``: the value and, for a zone given as a city, the note
    that says which zone it is. :class:`~planforge.errors.UsageError` for a bad value."""
    if reader == "zone":
        return inputs.parse_zone(text)
    readers: dict[str, Any] = {
        "goal": inputs.parse_goal, "weeks": inputs.parse_weeks, "level": inputs.parse_level,
        "days": inputs.parse_days, "time": inputs.parse_day_time,
        "equipment": inputs.parse_equipment, "duration": inputs.parse_reminder,
        "shift": inputs.parse_shift, "color": inputs.parse_color,
        "minutes": inputs.parse_minutes,
        "datetime": inputs.parse_created,
    }
    if reader == "date":
        return inputs.parse_date(text, today=today), None
    return readers[reader](text), None
