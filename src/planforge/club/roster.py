"""A club's roster (``planforge batch``): CSV or JSON, one member a row, read into checked records.

Columns (CSV header, JSON keys; any case, ``-`` or ``_``): ``name`` (required), and any of
``start`` (2027-01-04), ``days`` (mon,wed,fri,sat), ``time`` (07:00, or ``07:00 sat=09:00``),
``zone`` (Europe/London), ``level`` (beginner, returning, runner), ``equipment`` (``none``,
or any of mat, chair, towel, band, dumbbells, bench, foam-roller, as ``--equipment`` reads
them: :mod:`planforge.goals.equipment`), ``reminder`` (30m, 2h, 1d) and ``busy-only``
(yes/no). An empty cell means "as the club's plan has it". A roster whose header or shape is
wrong is refused whole (:class:`RosterError`); a bad row is one :class:`RowProblem` per bad
field, naming its line, and the other rows are still read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.inputs.zones import is_zone
from ..core.model import Times
from ..core.vocab import LEVELS, WEEKDAYS
from ..errors import PlanFileError, UsageError
from ..goals.equipment import parse_equipment

MAX_ROSTER_BYTES = 5_000_000
MAX_MEMBERS = 10_000
COLUMNS = ("name", "start", "days", "time", "zone", "level", "equipment", "reminder",
           "busy-only")
_FULL = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_DAY = {**{d: i for i, d in enumerate(WEEKDAYS)}, **{d: i for i, d in enumerate(_FULL)}}
_TIME = re.compile(r"(?:([a-z]+)=)?([0-9]{1,2}):([0-9]{2})")
_REMIND = re.compile(r"([0-9]{1,5})([mhd])")
_YES = {"yes": True, "y": True, "true": True, "1": True, "no": False, "n": False,
        "false": False, "0": False, "": False}


class RosterError(PlanFileError):
    """The roster as a whole cannot be read (exit 2; nothing is written)."""


@dataclass(frozen=True, slots=True)
class Member:
    """One member's wishes; None (or empty) where the club's plan decides."""

    line: int
    name: str
    slug: str
    start: dt.date | None = None
    days: tuple[int, ...] | None = None
    times: Times | None = None
    timezone: str | None = None
    level: str | None = None
    equipment: tuple[str, ...] | None = None  # None: as the club's plan; (): none at all
    remind: dt.timedelta | None = None
    busy_only: bool = False


@dataclass(frozen=True, slots=True)
class RowProblem:
    line: int
    field: str
    problem: str
    name: str = ""

    def __str__(self) -> str:
        who = f" ({self.name})" if self.name else ""
        return f"line {self.line}{who}: {self.field}: {self.problem}"


@dataclass(frozen=True, slots=True)
class Roster:
    members: tuple[Member, ...]
    problems: tuple[RowProblem, ...]


def read_roster(path: str | Path) -> Roster:
    """Read and check a roster file (``.json`` is JSON, anything else CSV)."""
    source = str(path)
    try:
        if Path(path).is_dir():
            raise RosterError(source, None, "is a folder, not a roster")
        with Path(path).open("rb") as handle:
            raw = handle.read(MAX_ROSTER_BYTES + 1)
    except FileNotFoundError:
        raise RosterError(source, None, "no such file") from None
    except (OSError, ValueError) as exc:
        raise RosterError(source, None, f"cannot read: {getattr(exc, 'strerror', None) or exc}"
                          ) from None
    if len(raw) > MAX_ROSTER_BYTES:
        raise RosterError(source, None, f"is larger than {MAX_ROSTER_BYTES:,} bytes")
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise RosterError(source, None, f"is not UTF-8 text (byte {exc.start})") from None
    rows = _json_rows(text, source) if source.lower().endswith(".json") else _csv_rows(text,
                                                                                       source)
    if not rows:
        raise RosterError(source, None, "holds no member; give a header line and one row "
                                        "per member (name, and any of: " + ", ".join(COLUMNS[1:])
                          + ")")
    if len(rows) > MAX_MEMBERS:
        raise RosterError(source, None, f"has {len(rows):,} members; at most {MAX_MEMBERS:,}")
    return _members(rows)


def _column(name: str) -> str:
    return name.strip().lower().replace("_", "-")


def _csv_rows(text: str, source: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return []
        columns = [_column(c) for c in header]
        _check_columns(columns, source, 1)
        rows = []
        start = reader.line_num + 1
        for record in reader:
            if any(cell.strip() for cell in record):
                if len(record) > len(columns):
                    rows.append((start, {"": f"has {len(record)} cells; the header names "
                                             f"{len(columns)} columns"}))
                else:
                    rows.append((start, dict(zip(columns, record, strict=False))))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise RosterError(source, f"line {reader.line_num}", f"is not valid CSV: {exc}") from None
    return rows


def _check_columns(columns: list[str], source: str, line: int) -> None:
    where = f"line {line}"
    if "name" not in columns:
        raise RosterError(source, where, "has no name column; the header names the columns: "
                                         "name, and any of: " + ", ".join(COLUMNS[1:]))
    for column in columns:
        if column not in COLUMNS:
            raise RosterError(source, where, f"{column[:40]!r} is not a roster column; use "
                                             "name, " + ", ".join(COLUMNS[1:]))
    seen = [c for c in columns if columns.count(c) > 1]
    if seen:
        raise RosterError(source, where, f"the column {seen[0]!r} appears twice")


def _json_rows(text: str, source: str) -> list[tuple[int, dict[str, str]]]:
    """Each member object with the line it starts on; values as the CSV's text."""
    decoder = json.JSONDecoder()
    try:
        whole = json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise RosterError(source, None, f"is not valid JSON: {str(exc)[:200]}") from None
    items = whole.get("members") if isinstance(whole, dict) else whole
    if not isinstance(items, list):
        raise RosterError(source, None, "must be a list of members, or {\"members\": [...]}")
    starts = _item_lines(text, decoder, len(items))
    rows = []
    for i, item in enumerate(items):
        line = starts[i] if i < len(starts) else 0
        if not isinstance(item, dict):
            rows.append((line, {"": f"members[{i}] is not an object"}))
            continue
        columns = [_column(str(k)) for k in item]
        _check_columns(columns, source, line)
        rows.append((line, {_column(str(k)): _text(v) for k, v in item.items()}))
    return rows


def _item_lines(text: str, decoder: json.JSONDecoder, count: int) -> list[int]:
    """The line each item of the members list starts on (0 where it cannot be found)."""
    match = re.search(r"\[", text)
    if match is None:
        return []
    index, lines = match.end(), []
    try:
        for _ in range(count):
            index = len(text) - len(text[index:].lstrip(" \t\r\n,"))
            lines.append(text.count("\n", 0, index) + 1)
            _, index = decoder.raw_decode(text, index)
    except (ValueError, RecursionError):
        return lines
    return lines


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ",".join(_text(v) for v in value)
    return "" if value is None else str(value)


def slug_of(name: str) -> str:
    """A file-name-safe, lower-case ASCII form of a name: ``Zoë O'Neil`` -> ``zoe-o-neil``."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60].strip("-")


def _members(rows: list[tuple[int, dict[str, str]]]) -> Roster:
    members: list[Member] = []
    problems: list[RowProblem] = []
    slugs: dict[str, int] = {}
    for line, row in rows:
        found: list[RowProblem] = []
        member = _member(line, row, found)
        if member is not None and not found:
            if member.slug in slugs:
                found.append(RowProblem(line, "name", f"{member.name!r} gives the same file "
                                        f"names as the member on line {slugs[member.slug]}; "
                                        "give each member a name of their own", member.name))
            else:
                slugs[member.slug] = line
                members.append(member)
        problems += found
    return Roster(tuple(members), tuple(problems))


def _member(line: int, row: dict[str, str], found: list[RowProblem]) -> Member | None:
    if "" in row:
        found.append(RowProblem(line, "row", row[""]))
        return None
    name = " ".join(row.get("name", "").split())
    cells = {k: v.strip() for k, v in row.items()}

    def bad(field: str, problem: str) -> None:
        found.append(RowProblem(line, field, problem, name[:40]))

    if not name:
        bad("name", "is empty; every member needs a name")
        return None
    if len(name) > 100 or any(unicodedata.category(c) in ("Cc", "Cf", "Cs") for c in name):
        bad("name", "must be at most 100 characters, without control characters")
        return None
    return _fields(line, name, slug_of(name) or f"member-{line}", cells, bad)


def _fields(line: int, name: str, slug: str, cells: dict[str, str], bad: Any) -> Member:
    start = _date(cells.get("start", ""), bad)
    days = _days(cells.get("days", ""), bad)
    times = _times(cells.get("time", ""), bad)
    zone = cells.get("zone", "") or None
    if zone is not None and not is_zone(zone):
        bad("zone", f"unknown time zone {zone[:60]!r}; expected an IANA name like Europe/London")
        zone = None
    level = cells.get("level", "").lower() or None
    if level is not None and level not in LEVELS:
        bad("level", f"{level[:40]!r} is not one of {', '.join(LEVELS)}")
        level = None
    equipment = _equipment(cells.get("equipment", ""), bad)
    remind = _remind(cells.get("reminder", ""), bad)
    busy = _YES.get(cells.get("busy-only", "").lower())
    if busy is None:
        bad("busy-only", f"{cells['busy-only'][:40]!r} is not yes or no")
    return Member(line, name, slug, start, days, times, zone, level, equipment, remind,
                  bool(busy))


def _equipment(text: str, bad: Any) -> tuple[str, ...] | None:
    """``none`` or a list (commas or semicolons), as ``--equipment`` reads it; None if empty."""
    if not text:
        return None
    try:
        return parse_equipment(text[:200].replace(";", ","))
    except UsageError as exc:
        bad("equipment", str(exc))
        return None


def _date(text: str, bad: Any) -> dt.date | None:
    if not text:
        return None
    try:
        if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
            raise ValueError("not YYYY-MM-DD")
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        bad("start", f"{text[:40]!r} is not a date ({exc}); expected one like 2027-01-04")
        return None


def _days(text: str, bad: Any) -> tuple[int, ...] | None:
    if not text:
        return None
    days = []
    for item in re.split(r"[,;\s]+", text.strip().lower()):
        if item not in _DAY:
            bad("days", f"{item[:40]!r} is not a weekday; use mon, tue, wed, thu, fri, sat, sun")
            return None
        if _DAY[item] in days:
            bad("days", f"{WEEKDAYS[_DAY[item]]} is given twice")
            return None
        days.append(_DAY[item])
    return tuple(sorted(days))


def _times(text: str, bad: Any) -> Times | None:
    if not text:
        return None
    default, by_day = None, {}
    for item in re.split(r"[;\s]+", text.strip().lower()):
        match = _TIME.fullmatch(item)
        if not match or int(match[2]) > 23 or int(match[3]) > 59 or (
                match[1] is not None and match[1] not in _DAY):
            bad("time", f"{item[:40]!r} is not a time; expected HH:MM like 07:00, or "
                        "DAY=HH:MM like sat=09:00, separated by spaces")
            return None
        at = dt.time(int(match[2]), int(match[3]))
        if match[1] is None:
            default = at
        else:
            by_day[_DAY[match[1]]] = at
    return Times(default=default, by_weekday=tuple(sorted(by_day.items())))


def _remind(text: str, bad: Any) -> dt.timedelta | None:
    if not text:
        return None
    match = _REMIND.fullmatch(text.lower().replace(" ", ""))
    unit = {"m": "minutes", "h": "hours", "d": "days"}
    delta = dt.timedelta(**{unit[match[2]]: int(match[1])}) if match else None
    if delta is None or delta > dt.timedelta(days=7):
        bad("reminder", f"{text[:40]!r} is not a reminder; expected 30m, 2h or 1d (at most 7d)")
        return None
    return delta
