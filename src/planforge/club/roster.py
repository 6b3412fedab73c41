"""A club's roster (``planforge batch``): CSV or JSON, one member a row, read into checked records.

Columns (CSV header, JSON keys; any case, ``-`` or ``_``): ``name`` (required), ``id`` (the
member's own id, e.g. a membership number: what keeps their feed theirs when their name
changes), and any of the options of ``make`` that a member may have of their own, named as
the options are: ``start``, ``days``, ``time``, ``tz``, ``level``, ``equipment``, ``remind``
and ``busy-only`` (yes/no). The older names ``zone`` and ``reminder`` are still read (a
roster naming both a column and its older name is refused). Each cell is read as the option
reads its value, by the same readers (:mod:`planforge.core.inputs.natural`,
:mod:`~planforge.core.inputs.zonenames`, :mod:`planforge.goals.equipment`), so ``7am``,
``London``, ``weekend`` and ``30m`` are taken and ``EST`` is refused with the zones it
likely means, in the option's own words; a cell may hold several times (``7am sat=9am``) and
``;`` may separate days and equipment. An empty cell means "as the club's plan has it". A
roster whose header or shape is wrong is refused whole (:class:`RosterError`); a bad row is
one :class:`RowProblem` per bad field, naming its line, and the other rows are still read.

Who a member is (:attr:`Member.key`) never depends on where their row stands: it is their
``id`` when the roster gives one, else their name itself (compared without regard to case,
spacing or Unicode form), so inserting, deleting or moving rows changes no member's feed.
Two rows of one member are refused, naming both lines. :attr:`Member.slug` is a readable
file name from the name, in any script (``Zoë O'Neil`` -> ``zoe-o-neil``, ``王芳`` ->
``王芳``); :mod:`.state` makes it unique in a club folder and keeps it.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
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
from ..goals.bounds import BIDI_CONTROLS, json_problem
from ..goals.equipment import parse_equipment

MAX_ROSTER_BYTES = 5_000_000
MAX_MEMBERS = 10_000
COLUMNS = ("name", "id", "start", "days", "time", "tz", "level", "equipment", "remind",
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
    slug: str  # a readable file name from the name (state.py makes it unique in a folder)
    key: str  # who the member is: "id:..." or "name:..." (never the line)
    start: dt.date | None = None
    days: tuple[int, ...] | None = None
    times: Times | None = None
    timezone: str | None = None
    level: str | None = None
    equipment: tuple[str, ...] | None = None  # None: as the club's plan; (): none at all
    remind: dt.timedelta | None = None
    busy_only: bool = False
    member_id: str | None = None  # the roster's id cell, as given


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
    problem = json_problem(text)
    if problem:
        raise RosterError(source, None, problem)
    try:
        whole = json.loads(text, object_pairs_hook=_no_duplicates)
    except ValueError as exc:
        raise RosterError(source, None, f"is not valid JSON: {str(exc)[:200]}") from None
    items = whole.get("members") if isinstance(whole, dict) else whole
    if not isinstance(items, list):
        raise RosterError(source, None, "must be a list of members, or {\"members\": [...]}")
    starts = _item_lines(text, isinstance(whole, dict))
    rows = []
    for i, item in enumerate(items):
        line = starts[i]
        if not isinstance(item, dict):
            rows.append((line, {"": f"members[{i}] is not an object"}))
            continue
        columns = [_column(str(k)) for k in item]
        _check_columns(columns, source, line, [str(k) for k in item])
        rows.append((line, {_column(str(k)): _text(v) for k, v in item.items()}))
    return rows


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"the key {key[:40]!r} appears twice in one object")
        out[key] = value
    return out


_WHITE = " \t\r\n"


def _item_lines(text: str, in_object: bool) -> list[int]:
    """The line each member of a valid JSON roster starts on: the items of the top-level
    list, or of the list under the top-level key ``members`` (found key by key, with the
    decoder itself, never by searching the text)."""
    decoder = json.JSONDecoder()

    def skip(at: int) -> int:
        while at < len(text) and text[at] in _WHITE:
            at += 1
        return at

    at = skip(0)
    if in_object:  # {"key": value, ..., "members": [ ... ], ...}
        at = skip(at + 1)
        while text[at] == '"':
            key, at = decoder.raw_decode(text, at)
            at = skip(skip(at) + 1)  # the colon
            if key == "members":
                break
            _, at = decoder.raw_decode(text, at)
            at = skip(at)
            at = skip(at + 1) if text[at] == "," else at
    lines = []
    at = skip(at + 1)  # past "["
    while at < len(text) and text[at] != "]":
        lines.append(text.count("\n", 0, at) + 1)
        _, at = decoder.raw_decode(text, at)
        at = skip(at)
        at = skip(at + 1) if text[at] == "," else at
    return lines


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ",".join(_text(v) for v in value)
    return "" if value is None else str(value)


#: names Windows keeps for devices: a file called so cannot be opened there
_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
            *(f"lpt{i}" for i in range(10))}


def slug_of(name: str) -> str:
    """A readable file name from a name, in its own script: lower case, letters and digits
    joined by ``-``; a letter with accents that has a plain Latin form takes it.
    ``Zoë O'Neil`` -> ``zoe-o-neil``, ``王芳`` -> ``王芳``, ``Анна Петрова`` -> ``анна-петрова``;
    a name of no letters or digits (emoji only) -> ``""`` (:func:`member_key` gives one)."""
    out = []
    for char in unicodedata.normalize("NFC", name):
        plain = unicodedata.normalize("NFKD", char)
        base = "".join(c for c in plain if not unicodedata.combining(c))
        if base.isascii() and base.isalnum():  # é -> e, ﬁ -> fi, ² -> 2
            out.append(base.lower())
        elif unicodedata.category(char)[0] in "LN" or (
                unicodedata.category(char)[0] == "M" and out and out[-1] != "-"):
            out.append(char.lower())  # a letter or digit of any script, and its marks
        else:
            out.append("-")
    slug = re.sub(r"-+", "-", "".join(out)).strip("-")[:60].strip("-")
    return f"{slug}-member" if slug in _DEVICES else slug


def member_key(name: str, member_id: str | None) -> str:
    """Who a row is: ``id:`` and the id when given, else ``name:`` and the name, each
    compared without regard to case, spacing or Unicode form."""
    if member_id:
        return "id:" + _fold(member_id)
    return "name:" + _fold(name)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def fallback_slug(key: str) -> str:
    """A file name for a member whose name gives none (emoji only): from their key."""
    return "member-" + hashlib.sha256(key.encode()).hexdigest()[:8]


def _members(rows: list[tuple[int, dict[str, str]]]) -> Roster:
    members: list[Member] = []
    problems: list[RowProblem] = []
    keys: dict[str, Member] = {}
    for line, row in rows:
        found: list[RowProblem] = []
        member = _member(line, row, found)
        if member is not None and not found:
            first = keys.get(member.key)
            if first is not None and member.member_id:
                found.append(RowProblem(line, "id", f"{member.member_id[:40]!r} is also the "
                                        f"id of line {first.line} ({first.name[:40]}); give "
                                        "each member an id of their own", member.name[:40]))
            elif first is not None:
                found.append(RowProblem(line, "name", f"{member.name[:40]!r} is the same name "
                                        f"as line {first.line}'s ({first.name[:40]}); give "
                                        "each member a name of their own, or an id column",
                                        member.name[:40]))
            else:
                keys[member.key] = member
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
    if len(name) > 100 or not _printable(name):
        found.append(RowProblem(line, "name", "must be at most 100 characters, without "
                                "control characters or direction overrides (U+202A-U+202E, "
                                "U+2066-U+2069)"))
        return None
    member_id = " ".join(cells.get("id", "").split()) or None
    if member_id is not None and (len(member_id) > 100 or not _printable(member_id)):
        bad("id", "must be at most 100 characters, without control characters or "
                  "direction overrides (U+202A-U+202E, U+2066-U+2069)")
        return None
    key = member_key(name, member_id)
    return _fields(line, name, slug_of(name) or fallback_slug(key), key, member_id, cells,
                   bad)


#: the invisible format characters a name may hold: the joiners (emoji sequences, Persian
#: and Indic names) and the direction marks, which reorder nothing
_FORMAT_KEPT = frozenset("\u200c\u200d\u200e\u200f\u061c")


def _printable(text: str) -> bool:
    """No control character, lone surrogate, direction override or isolate, nor any other
    invisible format character than :data:`_FORMAT_KEPT`."""
    for char in text:
        category = unicodedata.category(char)
        if category in ("Cc", "Cs") or char in BIDI_CONTROLS or (
                category == "Cf" and char not in _FORMAT_KEPT):
            return False
    return True


def _fields(line: int, name: str, slug: str, key: str, member_id: str | None,
            cells: dict[str, str], bad: Any) -> Member:
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
    return Member(line, name, slug, key, start, days, times, zone, level, equipment, remind,
                  bool(busy), member_id)


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
