"""A club's roster (``planforge batch``): CSV or JSON, one member a row, read into checked records.

Columns (CSV header, JSON keys; any case, ``-`` or ``_``): ``name`` (required), and any
of ``id`` (the member's own id, e.g. a membership number: what keeps their feed theirs
when their name changes), ``start`` (2027-01-04), ``days`` (mon,wed,fri,sat), ``time``
(07:00, or ``07:00 sat=09:00``), ``zone`` (Europe/London), ``level`` (beginner,
returning, runner), ``equipment`` (``none``, or any of mat, chair, towel, band,
dumbbells, bench, foam-roller, as ``--equipment`` reads them:
:mod:`planforge.goals.equipment`), ``reminder`` (30m, 2h, 1d) and ``busy-only`` (yes/no).
An empty cell means "as the club's plan has it". A roster whose header or shape is wrong
is refused whole (:class:`RosterError`); a bad row is one :class:`RowProblem` per bad
field, naming its line, and the other rows are still read.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core.inputs.zones import is_zone
from ..core.model import Times
from ..core.vocab import LEVELS, WEEKDAYS
from ..errors import PlanFileError, UsageError
from ..goals.bounds import BIDI_CONTROLS, json_problem
from ..goals.equipment import parse_equipment

MAX_ROSTER_BYTES = 5_000_000
MAX_MEMBERS = 10_000
COLUMNS = ("name", "id", "start", "days", "time", "zone", "level", "equipment", "reminder",
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
        _check_columns(columns, source, line)
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
    return Member(line, name, slug, key, start, days, times, zone, level, equipment, remind,
                  bool(busy), member_id)


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
