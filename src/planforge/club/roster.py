"""A club's roster (``planforge batch``): CSV or JSON, one member a row, read into checked records.

Columns (CSV header, JSON keys; any case, ``-`` or ``_``): ``name`` (required), and any of
the options of ``make`` that a member may have of their own, named as the options are:
``start``, ``days``, ``time``, ``tz``, ``level``, ``equipment``, ``remind`` and ``busy-only``
(yes/no). The older names ``zone`` and ``reminder`` are still read (a roster naming both a
column and its older name is refused). Each cell is read as the option reads its value, by
the same readers (:mod:`planforge.core.inputs.natural`, :mod:`~planforge.core.inputs.zonenames`,
:mod:`planforge.goals.equipment`), so ``7am``, ``London``, ``weekend`` and ``30m`` are taken
and ``EST`` is refused with the zones it likely means, in the option's own words; a cell may
hold several times (``7am sat=9am``) and ``;`` may separate days and equipment. An empty
cell means "as the club's plan has it". A roster whose header or shape is wrong is refused
whole (:class:`RosterError`); a bad row is one :class:`RowProblem` per bad field, naming its
line, and the other rows are still read.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from ..core.inputs import natural
from ..core.inputs.zonenames import resolve_zone
from ..core.model import Times
from ..errors import PlanFileError, UsageError
from ..goals.equipment import parse_equipment

MAX_ROSTER_BYTES = 5_000_000
MAX_MEMBERS = 10_000
COLUMNS = ("name", "start", "days", "time", "tz", "level", "equipment", "remind",
           "busy-only")
#: the columns' older names, still read: the options' names are ``--tz`` and ``--remind``
OLD_NAMES = {"zone": "tz", "reminder": "remind"}


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
    """A column's name as the options have it (any case, ``_`` as ``-``, older names read)."""
    column = name.strip().lower().replace("_", "-")
    return OLD_NAMES.get(column, column)


def _csv_rows(text: str, source: str) -> list[tuple[int, dict[str, str]]]:
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader, None)
        if header is None:
            return []
        columns = [_column(c) for c in header]
        _check_columns(columns, source, 1, header)
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


def _check_columns(columns: list[str], source: str, line: int, written: list[str]) -> None:
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
        names = sorted({w.strip() for w, c in zip(written, columns, strict=True)
                        if c == seen[0]})
        if len(names) > 1:  # tz and zone: one column under its new and its older name
            raise RosterError(source, where, f"the columns {' and '.join(map(repr, names))} "
                                             f"are one column, {seen[0]!r}; keep one")
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
        _check_columns(columns, source, line, [str(k) for k in item])
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
    """The member's own values, each cell read by the reader of its option (a bad one is a
    problem of its field, in the option's own words)."""

    def read(field: str, reader: Callable[[str], _V]) -> _V | None:
        text = cells.get(field, "")
        if not text:
            return None
        try:
            return reader(text[:_MAX_CELL])
        except UsageError as exc:
            bad(field, str(exc))
            return None

    start = read("start", _date)
    days = read("days", lambda text: natural.parse_days(text.replace(";", ",")))
    times = read("time", lambda text: natural.times_from(natural.parse_times(text)))
    zone = read("tz", lambda text: resolve_zone(text)[0])
    level = read("level", natural.parse_level)
    equipment = read("equipment", lambda text: parse_equipment(text.replace(";", ",")))
    remind = read("remind", natural.parse_reminder)
    busy = read("busy-only", natural.parse_yes_no)
    return Member(line, name, slug, start, days, times, zone, level, equipment, remind,
                  bool(busy))


#: a cell is read up to this many characters (a message shows at most 40 of it)
_MAX_CELL = 200
_V = TypeVar("_V")


def _date(text: str) -> dt.date:
    """A start date, as ``--start`` reads one; but not ``today``, ``tomorrow`` or a weekday,
    which would mean another day each time the roster is read."""
    word = text.strip().lower()
    if word in ("today", "tomorrow") or (word.isalpha() and natural.weekday_number(word)
                                         is not None):
        raise UsageError(f"{text!r} means another day each time batch runs; write the date, "
                         "like 2027-01-04 or 4 January 2027")
    return natural.parse_date(text)
