"""Text as a shell shows it: one clean line. A module of its own, free of dataclasses, so that
``planforge --help`` (whose error handling uses :func:`one_line`) stays fast."""

from __future__ import annotations


def printable(text: str) -> str:
    """``text`` as one line with no control characters (a plan file's text may come from
    anyone); leading spaces are kept. How a shell shows a message."""
    from ..core.wording import clean_text

    return " ".join(clean_text(text).split("\n"))


def one_line(text: str) -> str:
    """``text`` as one clean line: control characters, line breaks, format characters and
    lone surrogates (a file name, say, as the user typed it) escaped as Python writes them.
    How a shell shows an error."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)
