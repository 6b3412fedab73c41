"""Reading a plan file: the bytes (a size limit, UTF-8), the text's bounds (depth, keys, line
length: :mod:`planforge.goals.bounds`), a parser (JSON without duplicate keys or NaN; TOML),
then :func:`.build.plan_from_dict` for the schema and the meaning. A calendar
planforge wrote is read for the plan document it carries (:mod:`..ics.embed`)."""

from __future__ import annotations

import datetime as dt
import json
import math
import tomllib
from pathlib import Path
from typing import Any, BinaryIO, Literal

from ...core.model import Plan
from ...errors import PlanFileError
from ...goals.bounds import json_problem, toml_problem
from ...goals.templates import number_problem
from .build import plan_from_dict

#: the largest plan file planforge reads (a 52-week plan is about 0.7 MB of JSON)
MAX_PLAN_BYTES = 5_000_000

Kind = Literal["toml", "json"]


def load_plan(path: str | Path) -> Plan:
    """Read and validate a plan file (TOML, JSON, or a .ics planforge wrote);
    :class:`PlanFileError` if it is not one."""
    return read_plan(path)[0]


def read_plan(path: str | Path) -> tuple[Plan, Kind | Literal["ics"]]:
    """The plan in ``path`` and how it was written (``"toml"``, ``"json"`` or ``"ics"``).

    A calendar (it starts with ``BEGIN:VCALENDAR``) is read for the plan document planforge
    puts in every calendar it writes (formats/ics/embed.py), then checked like any plan file.
    Otherwise the kind comes from the extension (``.toml``, ``.json``); any other name is
    sniffed: a document whose first character is ``{`` is JSON, anything else TOML.
    """
    source = str(path)
    return read_plan_bytes(_read_bytes(Path(path), source), source=source)


def read_plan_bytes(raw: bytes, *, source: str) -> tuple[Plan, Kind | Literal["ics"]]:
    """:func:`read_plan` for a file's bytes read elsewhere (the web page's file picker):
    ``source`` is the file's name, for the kind and the messages."""
    if len(raw) > MAX_PLAN_BYTES:
        raise PlanFileError(source, None, _too_big(len(raw)))
    start = raw.lstrip(b"\xef\xbb\xbf \t\r\n")[:15].upper()
    if start == b"BEGIN:VCALENDAR":  # a calendar planforge wrote carries its plan
        from ..ics.embed import unpack_plan

        document = unpack_plan(raw, source=source, limit=MAX_PLAN_BYTES)
        return plan_from_dict(parse_document(document, "json", source=source),
                              source=source), "ics"
    if Path(source).suffix.lower() == ".ics":
        raise PlanFileError(source, None, "is not an iCalendar file (it does not start with "
                                          "BEGIN:VCALENDAR)")
    kind = _kind(Path(source), raw)
    data = parse_document(raw, kind, source=source)
    return plan_from_dict(data, source=source), kind


def read_plan_stream(stream: BinaryIO, *, source: str = "standard input"
                     ) -> tuple[Plan, Kind | Literal["ics"]]:
    """The plan read from ``stream`` (standard input for ``-``): a calendar planforge wrote,
    JSON or TOML, by its first characters; the same checks as :func:`read_plan`."""
    try:
        raw = stream.read(MAX_PLAN_BYTES + 1)
    except OSError as exc:
        raise PlanFileError(source, None, f"cannot read: {exc.strerror or exc}") from None
    return read_plan_bytes(raw, source=source)


def _read_bytes(path: Path, source: str) -> bytes:
    try:
        if path.is_dir():
            raise PlanFileError(source, None, "is a folder, not a plan file")
        if path.exists() and not path.is_file():
            # a named pipe with no writer would wait forever, a device may never end
            raise PlanFileError(source, None, "is not a regular file (a pipe or a device); "
                                              "give a plan file, or - for standard input")
        size = path.stat().st_size
        if size > MAX_PLAN_BYTES:
            raise PlanFileError(source, None, _too_big(size))
        with path.open("rb") as handle:
            raw = handle.read(MAX_PLAN_BYTES + 1)
    except FileNotFoundError:
        raise PlanFileError(source, None, "no such file") from None
    except OSError as exc:
        raise PlanFileError(source, None, f"cannot read: {exc.strerror or exc}") from None
    except ValueError as exc:  # a name no file can have: "embedded null byte"
        raise PlanFileError(source, None, f"cannot read: {exc}") from None
    if len(raw) > MAX_PLAN_BYTES:
        raise PlanFileError(source, None, _too_big(len(raw)))
    return raw


def _too_big(size: int) -> str:
    return (f"is larger than {MAX_PLAN_BYTES // 1_000_000} MB ({size:,} bytes or more); "
            "a plan file is at most that")


def _kind(path: Path, raw: bytes) -> Kind:
    suffix = path.suffix.lower()
    if suffix == ".json":
        return "json"
    if suffix == ".toml":
        return "toml"
    return "json" if raw.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"{") else "toml"


def parse_document(raw: bytes, kind: Kind, *, source: str) -> Any:
    """Bytes to plain data (TOML dates and times become the ISO strings JSON has)."""
    try:
        text = raw.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise PlanFileError(source, None, f"is not UTF-8 text (byte {exc.start})") from None
    problem = json_problem(text) if kind == "json" else toml_problem(text)
    if problem:  # before a parser sees it: a dotted key of 50,000 parts took tomllib 30 s
        raise PlanFileError(source, None, problem)
    try:
        if kind == "json":
            return json.loads(text, object_pairs_hook=_no_duplicates,
                              parse_constant=_no_constant, parse_float=_finite)
        return _plain(tomllib.loads(text))
    except tomllib.TOMLDecodeError as exc:
        raise PlanFileError(source, None, f"is not valid TOML: {exc}") from None
    except json.JSONDecodeError as exc:
        raise PlanFileError(source, None, f"is not valid JSON: {exc.msg} (line {exc.lineno}, "
                                          f"column {exc.colno})") from None
    except RecursionError:
        raise PlanFileError(source, None, "is nested too deeply to be a plan file") from None
    except ValueError as exc:  # a duplicate key, NaN, or a number too long to read
        raise PlanFileError(source, None,
                            f"is not valid {kind.upper()}: {number_problem(exc)}") from None


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key {key!r} appears twice in one object")
        out[key] = value
    return out


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number a plan can hold")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"{text} is too large a number")
    return value


def _plain(value: Any) -> Any:
    """TOML's native dates and times as the strings the JSON document uses."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if isinstance(value, dt.datetime):
        if value.tzinfo is not None and value.utcoffset() == dt.timedelta(0):
            return value.replace(tzinfo=None).isoformat() + "Z"
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return _clock_text(value)
    return value


def _clock_text(at: dt.time) -> str:
    return at.strftime("%H:%M") if not (at.second or at.microsecond) else at.isoformat()
