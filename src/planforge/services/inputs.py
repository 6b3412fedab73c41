"""Values as people type them, read one way for every shell: command-line options, the web
page's fields and a club roster's cells all go through these.

Each reader takes the text and returns the value the operations take, or raises
:class:`~planforge.errors.UsageError` with one line naming the value and saying what is
accepted (the command line turns it into ``Invalid value for '--weeks': ...``). They live in
:mod:`planforge.core.inputs` (a roster, read in :mod:`planforge.club`, needs them too) and
:mod:`planforge.goals.equipment`; this module is where the shells find them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from ..core.inputs.natural import (
    MAX_WEEKS,
    MIN_WEEKS,
    WEEKS_HINT,
    match_name,
    normal_name,
    parse_color,
    parse_created,
    parse_date,
    parse_day_time,
    parse_days,
    parse_level,
    parse_minutes,
    parse_race_distance,
    parse_reminder,
    parse_shift,
    parse_times,
    parse_weeks,
    parse_yes_no,
    shorten,
    times_from,
    too_long,
)
from ..core.vocab import LEVELS, RACE_DISTANCES, WEEKDAYS
from ..errors import UsageError
from ..goals.equipment import EQUIPMENT, NONE, WORDS, parse_equipment

__all__ = [
    "EQUIPMENT",
    "LEVELS",
    "MAX_WEEKS",
    "MIN_WEEKS",
    "NONE",
    "RACE_DISTANCES",
    "WEEKDAYS",
    "WEEKS_HINT",
    "WORDS",
    "default_created",
    "is_zone",
    "known_goals",
    "match_name",
    "normal_name",
    "parse_color",
    "parse_created",
    "parse_date",
    "parse_day_time",
    "parse_days",
    "parse_equipment",
    "parse_goal",
    "parse_level",
    "parse_minutes",
    "parse_race_distance",
    "parse_reminder",
    "parse_shift",
    "parse_times",
    "parse_weeks",
    "parse_yes_no",
    "parse_zone",
    "shorten",
    "times_from",
    "too_long",
    "zone_names",
]


def default_created(environ: Mapping[str, str], *, now: dt.datetime) -> dt.datetime:
    """The creation time a shell stamps when none is given: ``SOURCE_DATE_EPOCH`` of
    ``environ`` when set (reproducible builds), else ``now`` (the shell's clock); UTC, whole
    seconds. The shell passes both: the library reads neither."""
    epoch = environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch:
        if not epoch.isdigit():
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is not a whole number of seconds")
        try:
            return dt.datetime.fromtimestamp(int(epoch), dt.UTC)
        except (OverflowError, OSError, ValueError):
            raise UsageError(f"SOURCE_DATE_EPOCH={epoch!r} is out of range") from None
    return now.astimezone(dt.UTC).replace(microsecond=0)


def is_zone(name: str) -> bool:
    """Whether ``name`` is a zone of the tzdata package planforge ships with (the machine's
    ``$TZ`` is read with it)."""
    from ..core.inputs.zones import is_zone as known

    return known(name)


def zone_names() -> frozenset[str]:
    """Every zone of the tzdata package planforge ships with that it writes (the web page's
    list to choose from): not the abbreviations (``EST``) and fixed offsets the options,
    plan files and rosters refuse."""
    from ..core.inputs.zonenames import names_a_place
    from ..core.inputs.zones import zone_names as names

    return frozenset(name for name in names() if names_a_place(name))


def known_goals() -> tuple[str, ...]:
    """The built-in goals and the user's own templates, by name."""
    from ..goals.user import known_goals as known

    return known()


def parse_goal(text: str) -> str:
    """A built-in goal's or a user template's name (any case; ``_`` and spaces as ``-``); a
    near miss gets "did you mean"."""
    return match_name(text, known_goals(), "goal")


def parse_zone(text: str) -> tuple[str, str | None]:
    """The IANA zone ``text`` means (``Europe/London``, a city such as ``London``) and a note
    to show when it was not given as one; abbreviations (``EST``) and fixed offsets
    (``UTC+1``) are refused with the zones they likely mean."""
    from ..core.inputs.zonenames import resolve_zone

    return resolve_zone(text)
