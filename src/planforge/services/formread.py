"""A whole form read at once (the web page's), as the command line reads its options: each
field of :mod:`.forms` by its reader, every bad value collected rather than stopping at the
first. Apart from :mod:`.forms`, whose fields the command line's help is made of, so that a
command loads none of this."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from ..errors import UsageError
from .forms import FIELDS, read_value
from .results import Message


@dataclass(frozen=True, slots=True)
class FieldError:
    """A value a form cannot take: the option (``--weeks``; None when the problem is no one
    option's), the message, and the line the command line shows for it."""

    option: str | None
    message: str
    line: str


@dataclass(frozen=True, slots=True)
class Form:
    """A form read: the values by the operation's keywords (only those given), what it
    noted while reading (a zone given as a city), and every bad value."""

    values: dict[str, Any] = field(default_factory=dict)
    messages: tuple[Message, ...] = ()
    errors: tuple[FieldError, ...] = ()


def read_form(command: str, given: dict[str, Any], *, today: dt.date | None = None) -> Form:
    """The form ``given`` (option name without dashes -> text, True for a flag, a list for
    a repeatable option; None or False for not given) of ``command``, read by the fields'
    readers. A name the command has no option for and a required field left out are errors
    too, as on the command line; a repeated option's values stay a list."""
    fields = {f.name: f for f in FIELDS[command]}
    values: dict[str, Any] = {}
    notes: list[Message] = []
    errors: list[FieldError] = []
    for name, raw in given.items():
        found = fields.get(name)
        if found is None:
            line = f"No such option '--{name}'."
            errors.append(FieldError(None, line, line))
            continue
        if raw is None or raw is False or raw == []:
            continue
        if found.flag:
            values[found.param] = bool(raw)
            continue
        texts = list(raw) if isinstance(raw, list | tuple) else [raw]
        if not found.multiple and len(texts) != 1:
            line = f"Option '--{name}' takes one value, not {len(texts)}."
            errors.append(FieldError(found.option, line, line))
            continue
        try:
            read = []
            for text in texts:
                value, note = read_value(found.reader, str(text), today=today)
                read.append(value)
                if note is not None:
                    notes.append(Message("note", note))
        except UsageError as exc:
            errors.append(FieldError(found.option, str(exc),
                                     f"Invalid value for '{found.option}': {exc}"))
            continue
        values[found.param] = read if found.multiple else read[0]
    for found in fields.values():
        if found.required and found.param not in values and not any(
                e.option == found.option for e in errors):
            line = f"Missing option '{found.option}'."
            errors.append(FieldError(found.option, line, line))
    return Form(values, tuple(notes), tuple(errors))
