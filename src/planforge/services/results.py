"""What the operations return: their result and everything there is to say about it, as data.

Nothing in :mod:`planforge.services` prints. An operation returns a frozen dataclass holding
its result (a plan, files' bytes, findings) and its words: :class:`Message` items (notes and
warnings, in the order they arose, each without its ``note:``/``warning:`` prefix) and the
lines a shell shows after writing (what changed, the plan's summary). The command line prints
them on standard error; the web page shows them beside the form.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from .text import one_line as one_line  # re-exported: how a shell shows an error
from .text import printable as printable  # and a message

if TYPE_CHECKING:
    from ..core.model import Plan
    from ..core.rules.check import Finding

MessageKind = Literal["note", "warning"]


@dataclass(frozen=True, slots=True)
class Message:
    """One thing to tell the user: a ``note`` (what was assumed or done) or a ``warning``
    (something to look at). ``str()`` gives the line as the command line prints it."""

    kind: MessageKind
    text: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


class Said:
    """The messages of one operation as they arise (private to that operation's call)."""

    __slots__ = ("_items",)

    def __init__(self) -> None:
        self._items: list[Message] = []

    def note(self, text: str) -> None:
        self._items.append(Message("note", text))

    def warn(self, text: str) -> None:
        self._items.append(Message("warning", text))

    def extend(self, messages: tuple[Message, ...]) -> None:
        self._items.extend(messages)

    def all(self) -> tuple[Message, ...]:
        return tuple(self._items)


def notes(messages: tuple[Message, ...]) -> tuple[str, ...]:
    """The texts of the notes among ``messages``."""
    return tuple(m.text for m in messages if m.kind == "note")


def warnings(messages: tuple[Message, ...]) -> tuple[str, ...]:
    """The texts of the warnings among ``messages``."""
    return tuple(m.text for m in messages if m.kind == "warning")


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanFile:
    """A plan file read (:func:`planforge.services.read_plan`): the plan, the format it was
    in, the name messages call it by, the stem the names of what is made from it start with
    (``club`` for ``plans/club.toml``), and warnings about it (titles that no longer match
    their workouts)."""

    plan: Plan
    kind: Literal["toml", "json", "ics"]
    source: str
    stem: str
    messages: tuple[Message, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class PlanResult:
    """A plan made or changed (``make``, ``render``, ``shift``, ``next``).

    ``messages``: said while the plan was made (before anything is written). ``changes``:
    what changed in it, one line each (said once it is written). ``summary``: what it holds,
    in words (said after what was written). ``warnings``: about the plan made (said with
    the writer's own warnings). ``stem``: its default file name, without the extension.
    """

    plan: Plan
    stem: str
    messages: tuple[Message, ...] = ()
    changes: tuple[str, ...] = ()
    summary: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Encoded:
    """A plan in one format (:func:`planforge.services.encode`): a file's bytes, or a folder
    format's files (``(name, bytes)`` each, ``data`` empty); the writer's warnings (options it
    ignores, lines too long for some calendars, workouts that run past midnight) and notes."""

    format: str
    data: bytes
    files: tuple[tuple[str, bytes], ...] = ()
    warnings: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class Checked:
    """A plan checked against the training rules (:func:`planforge.services.check`).

    ``findings`` one per line of ``check``'s report; ``verdict`` the line that sums them up;
    ``passed``: no rule broken (and, ``strict``, no warning but those planforge's own plans
    are expected to show, which ``expected`` names with ``expected_note`` saying why).
    """

    plan: Plan
    findings: tuple[Finding, ...]
    verdict: str
    passed: bool
    expected: tuple[str, ...] = ()
    expected_note: str | None = None
    messages: tuple[Message, ...] = ()
