"""The VTIMEZONE of a zone, built from its tzdata file with icalendar's component API.

One shape per zone and span, chosen by what the zone does over the span:

* **yearly rules**: one STANDARD and one DAYLIGHT observance with a yearly RRULE, from the
  POSIX TZ string that ends the zone's TZif file (or one STANDARD when the zone keeps one
  offset). Used only when that rule gives exactly the zone's transitions over the whole span.
  This is the form Outlook imports (MS-OXCICAL 2.1.3.1.1.19: it keeps one STANDARD/DAYLIGHT
  rule pair) and the one every parser of the shared harness reads alike.
* **listed onsets** otherwise (Casablanca's Ramadan hour, zones whose rule changed inside the
  span): one observance per kind of change, its first onset in DTSTART and every further
  onset on a line of its own (``RDATE:...`` once per onset, never one comma-separated RDATE:
  ical.js and vobject read only its first value), plus the offset in force when the span
  starts.

Onsets are the local time *before* the change, in TZOFFSETFROM (RFC 5545 3.8.3): a spring
change at 02:00 is ``DTSTART:...T020000``, not the 03:00 the clocks show after it.

The span is fixed: :data:`FIRST_YEAR` to :data:`LAST_YEAR`, widened only for a plan with dates
outside it. So every calendar planforge writes for a zone carries the same VTIMEZONE, whatever
its dates: vobject keeps the first VTIMEZONE it reads per TZID for all later files, and a
VTIMEZONE cut to one plan's weeks would mislead it about the next plan's.

What icalendar itself offers (``Calendar.add_missing_timezones()``, ``Timezone.from_tzinfo``)
is not used, for what was measured with the nine parsers of the shared harness (icalendar
7.3.2; 8,707 events at 01:30, 02:30, 03:30 and 07:30 every third day of 2026-2027 in nine
zones): it writes every later onset of an observance in ONE comma-separated RDATE, which
ical.js and vobject read as its first value only (4,437 events at the wrong instant in
each); it writes spring-forward onsets at the wall time after the change, an hour late
against RFC 5545; its 64-day search steps over changes that come back within 64 days
(Casablanca's Ramadan hour; khal 576 and libical 48 of 968 events wrong there); and its
COMMENT line is refused by libical's RFC 5546 restriction check. These belong upstream, as a
report to collective/icalendar with these numbers, not as a patch here.
"""

from __future__ import annotations

import datetime as dt
import re
import struct
from typing import NamedTuple

import icalendar
from icalendar.prop import vDDDTypes, vRecur, vText, vUTCOffset

#: the years every VTIMEZONE covers (inclusive), unless a plan reaches outside them
FIRST_YEAR = 2025
LAST_YEAR = 2045

#: a STANDARD or DAYLIGHT block of a VTIMEZONE
Observance = icalendar.TimezoneStandard | icalendar.TimezoneDaylight

_EPOCH = dt.datetime.combine(dt.date(1970, 1, 1), dt.time())


class Offset(NamedTuple):
    """A local time type: UTC offset in seconds, whether it is daylight time, its name."""

    seconds: int
    dst: bool
    name: str


class Change(NamedTuple):
    """One change of offset, at a UTC instant (seconds since 1970)."""

    at: int
    before: Offset
    after: Offset


# -- the zone's TZif file (RFC 8536) --------------------------------------------------------


class Tzif(NamedTuple):
    initial: Offset  # in force before the first transition
    transitions: tuple[tuple[int, Offset], ...]  # (UTC instant, offset from then on)
    footer: str  # the POSIX TZ string for times after the last transition ("" if none)


def read_tzif(data: bytes) -> Tzif:
    """The transitions of a TZif file (version 2 or later: its 64-bit part)."""
    if data[:4] != b"TZif" or data[4:5] not in (b"2", b"3", b"4"):
        raise ValueError("not a TZif file of version 2 or later")
    counts = struct.unpack(">6l", data[20:44])
    # skip the 32-bit part: isut, isstd, leap, time, type, char counts
    isut, isstd, leap, times, types, chars = counts
    pos = 44 + times * 5 + types * 6 + chars + leap * 8 + isstd + isut
    isut, isstd, leap, times, types, chars = struct.unpack(">6l", data[pos + 20:pos + 44])
    pos += 44
    instants = struct.unpack(f">{times}q", data[pos:pos + times * 8])
    pos += times * 8
    indexes = data[pos:pos + times]
    pos += times
    raw_types = [struct.unpack(">lBB", data[pos + 6 * i:pos + 6 * i + 6]) for i in range(types)]
    pos += types * 6
    names = data[pos:pos + chars]
    pos += chars + leap * 12 + isstd + isut
    offsets = [Offset(off, bool(dst), names[at:names.index(b"\0", at)].decode("ascii"))
               for off, dst, at in raw_types]
    footer = data[pos:].strip(b"\n").decode("ascii")
    return Tzif(offsets[0], tuple(zip(instants, (offsets[i] for i in indexes), strict=True)),
                footer)


# -- the POSIX TZ string ---------------------------------------------------------------------

_NAME = r"(?:[A-Za-z]{3,}|<[A-Za-z0-9+\-]{3,}>)"
_CLOCK = r"[+-]?\d{1,3}(?::\d{1,2}(?::\d{1,2})?)?"
_RULE = rf"M(\d{{1,2}})\.([1-5])\.([0-6])(?:/({_CLOCK}))?"
_POSIX_TZ = re.compile(
    rf"(?P<std>{_NAME})(?P<stdoff>{_CLOCK})"
    rf"(?:(?P<dst>{_NAME})(?P<dstoff>{_CLOCK})?,(?P<start>{_RULE}),(?P<end>{_RULE}))?"
)
_ICAL_DAYS = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")
#: the fewest days each month has (February: 28)
_SHORTEST_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _seconds(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    parts = [int(p) for p in text.lstrip("+-").split(":")] + [0, 0]
    return sign * (parts[0] * 3600 + parts[1] * 60 + parts[2])


class Rule(NamedTuple):
    """A POSIX ``Mm.w.d/time`` rule: weekday d (0 = Sunday) of week w (5 = last) of month m."""

    month: int
    week: int
    weekday: int
    seconds: int  # local time of the change, in the offset before it; may be <0 or >=24 h

    def local(self, year: int) -> dt.datetime:
        """The wall time (before the change) at which the change happens in ``year``."""
        py_weekday = (self.weekday - 1) % 7  # Python: Monday = 0
        if self.week == 5:
            day = dt.date(year + self.month // 12, self.month % 12 + 1, 1) - dt.timedelta(1)
            day -= dt.timedelta(days=(day.weekday() - py_weekday) % 7)
        else:
            day = dt.date(year, self.month, 1)
            day += dt.timedelta(days=(py_weekday - day.weekday()) % 7 + 7 * (self.week - 1))
        return dt.datetime.combine(day, dt.time()) + dt.timedelta(seconds=self.seconds)

    def rrule(self) -> vRecur | None:
        """The yearly RRULE of this rule, or None when RRULE cannot say it simply."""
        shift = self.seconds // 86400
        weekday = _ICAL_DAYS[(self.weekday + shift) % 7]
        if shift == 0:
            return vRecur({"FREQ": "YEARLY", "BYMONTH": self.month,
                           "BYDAY": f"{-1 if self.week == 5 else self.week}{weekday}"})
        if self.week == 5:  # counted from the month's end: the shift must stay inside it
            days = list(range(-7 + shift, shift))
            fits = all(-28 <= d <= -1 for d in days)
        else:  # counted from the 1st: the shifted days must exist in every year's month
            days = list(range(7 * (self.week - 1) + 1 + shift, 7 * self.week + 1 + shift))
            fits = all(1 <= d <= _SHORTEST_MONTH[self.month] for d in days)
        if not fits:
            return None
        return vRecur({"FREQ": "YEARLY", "BYMONTH": self.month, "BYDAY": weekday,
                       "BYMONTHDAY": days})


class Posix(NamedTuple):
    std: Offset
    dst: Offset | None
    to_dst: Rule | None
    to_std: Rule | None

    def changes(self, first_year: int, last_year: int) -> list[Change]:
        """The changes this rule makes from ``first_year`` to ``last_year`` (inclusive)."""
        if self.dst is None or self.to_dst is None or self.to_std is None:
            return []
        found = []
        for year in range(first_year, last_year + 1):
            found.append(Change(_instant(self.to_dst.local(year)) - self.std.seconds,
                                self.std, self.dst))
            found.append(Change(_instant(self.to_std.local(year)) - self.dst.seconds,
                                self.dst, self.std))
        return sorted(found)


def read_posix(footer: str) -> Posix | None:
    """The POSIX TZ string's parts, or None for a form planforge does not read (Julian days)."""
    match = _POSIX_TZ.fullmatch(footer)
    if match is None:
        return None
    std = Offset(-_seconds(match["stdoff"]), False, match["std"].strip("<>"))
    if match["dst"] is None:
        return Posix(std, None, None, None)
    dst_seconds = -_seconds(match["dstoff"]) if match["dstoff"] else std.seconds + 3600
    dst = Offset(dst_seconds, True, match["dst"].strip("<>"))
    groups = match.groups()  # std, stdoff, dst, dstoff, start, 4 parts, end, 4 parts

    def rule(parts: tuple[str | None, ...]) -> Rule:
        month, week, weekday, at = parts
        assert month is not None and week is not None and weekday is not None
        return Rule(int(month), int(week), int(weekday), 7200 if at is None else _seconds(at))

    return Posix(std, dst, rule(groups[5:9]), rule(groups[10:14]))


def _instant(local: dt.datetime) -> int:
    """Seconds since 1970 of a naive datetime read as if it were UTC."""
    return (local - _EPOCH) // dt.timedelta(seconds=1)


def _new_year(year: int) -> int:
    """Seconds since 1970 of 1 January of ``year``, 00:00 UTC."""
    return (dt.date(year, 1, 1) - _EPOCH.date()).days * 86400


def _local(instant: int, offset: Offset) -> dt.datetime:
    return _EPOCH + dt.timedelta(seconds=instant + offset.seconds)


# -- what the zone does over the span ---------------------------------------------------------


def zone_changes(tzif: Tzif, posix: Posix | None, first_year: int,
                 last_year: int) -> tuple[Offset, list[Change]]:
    """The offset in force when ``first_year`` begins (UTC) and every change of offset until
    ``last_year`` ends, from the file's table and, after it, its POSIX rule."""
    start = _new_year(first_year)
    end = _new_year(last_year + 1)
    timeline = list(tzif.transitions)
    table_end = timeline[-1][0] if timeline else start
    if posix is not None:
        after_year = _local(table_end, posix.std).year
        if after_year <= last_year:
            timeline += [(c.at, c.after)
                         for c in posix.changes(max(first_year - 1, after_year), last_year + 1)
                         if c.at > table_end]
    current = tzif.initial
    changes: list[Change] = []
    for at, offset in timeline:
        if at >= end:
            break
        if at > start and offset.seconds != current.seconds:
            changes.append(Change(at, current, offset))
        current = offset
    initial = changes[0].before if changes else current
    return initial, changes


def _observance(offset: Offset, onset: dt.datetime, before: Offset) -> Observance:
    """A STANDARD or DAYLIGHT block: ``offset`` from ``onset`` (local time before it)."""
    block: Observance = (icalendar.TimezoneDaylight() if offset.dst
                         else icalendar.TimezoneStandard())
    block["DTSTART"] = vDDDTypes(onset)
    block["TZNAME"] = vText(offset.name)
    block["TZOFFSETFROM"] = vUTCOffset(dt.timedelta(seconds=before.seconds))
    block["TZOFFSETTO"] = vUTCOffset(dt.timedelta(seconds=offset.seconds))
    return block


def _rule_form(posix: Posix | None, initial: Offset, changes: list[Change],
               first_year: int, last_year: int) -> list[Observance] | None:
    """The yearly-rule observances, if the POSIX rule gives exactly ``changes`` (those from
    the start of ``first_year``) and ``initial`` (the offset then); else None."""
    if posix is None:
        return None
    if posix.dst is None or posix.to_dst is None or posix.to_std is None:
        if changes or initial.seconds != posix.std.seconds:
            return None
        return _rule_blocks(posix, first_year)
    start = _new_year(first_year)
    end = _new_year(last_year + 1)
    predicted = posix.changes(first_year - 1, last_year)
    earlier = [c.after for c in predicted if c.at <= start]
    inside = [(c.at, c.before.seconds, c.after.seconds) for c in predicted if start < c.at < end]
    actual = [(c.at, c.before.seconds, c.after.seconds) for c in changes]
    if not earlier or earlier[-1].seconds != initial.seconds or inside != actual:
        return None
    return _rule_blocks(posix, first_year)


def _rule_blocks(posix: Posix, year: int) -> list[Observance] | None:
    """STANDARD and DAYLIGHT with yearly RRULEs from ``year`` (one STANDARD without DST);
    None when an RRULE cannot say the rule."""
    if posix.dst is None or posix.to_dst is None or posix.to_std is None:
        new_year = dt.datetime.combine(dt.date(year, 1, 1), dt.time())
        return [_observance(posix.std, new_year, posix.std)]
    blocks = []
    for rule, offset, before in ((posix.to_std, posix.std, posix.dst),
                                 (posix.to_dst, posix.dst, posix.std)):
        recur = rule.rrule()
        if recur is None:
            return None
        block = _observance(offset, rule.local(year), before)
        block["RRULE"] = recur
        blocks.append(block)
    return blocks


def _listed_form(initial: Offset, changes: list[Change],
                 first_year: int) -> list[Observance]:
    """One observance per kind of change: its first onset in DTSTART, each later one on an
    RDATE line of its own; and one for the offset in force when the span begins."""
    span_start = _new_year(first_year)
    blocks = [_observance(initial, _local(span_start, initial), initial)]
    by_kind: dict[tuple[Offset, int], Observance] = {}
    for change in changes:
        onset = _local(change.at, change.before)
        key = (change.after, change.before.seconds)
        block = by_kind.get(key)
        if block is None:
            by_kind[key] = block = _observance(change.after, onset, change.before)
            blocks.append(block)
        else:
            block.add("RDATE", onset)  # one line per onset (each add appends a property)
    return blocks


def build_vtimezone(name: str, tzif_data: bytes, first_year: int,
                    last_year: int) -> icalendar.Timezone:
    """The VTIMEZONE of zone ``name`` (TZif bytes ``tzif_data``), right from the start of
    ``first_year`` to the end of ``last_year``."""
    tzif = read_tzif(tzif_data)
    posix = read_posix(tzif.footer)
    blocks = _rule_form_of(tzif, posix, first_year, last_year)
    if blocks is None:
        initial, changes = zone_changes(tzif, posix, first_year, last_year)
        blocks = _listed_form(initial, changes, first_year)
    component = icalendar.Timezone()
    component["TZID"] = vText(name)
    component.subcomponents += blocks
    return component


def _rule_form_of(tzif: Tzif, posix: Posix | None, first_year: int,
                  last_year: int) -> list[Observance] | None:
    """The rule form if it is right over the span (from a year early, so the span's first
    months follow an onset too)."""
    if posix is None:
        return None
    early = _new_year(first_year - 1)
    if tzif.transitions and tzif.transitions[-1][0] < early - 366 * 86400:
        # the file's table ended well before: its POSIX rule alone decides the span (RFC 8536)
        return _rule_blocks(posix, first_year - 1)
    initial, changes = zone_changes(tzif, posix, first_year - 1, last_year)
    return _rule_form(posix, initial, changes, first_year - 1, last_year)
