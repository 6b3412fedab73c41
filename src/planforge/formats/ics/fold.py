"""A calendar's bytes: icalendar's own content lines, folded the way icalendar folds them.

Why this module exists: icalendar 7.3.0 (collective/icalendar commit ec058ded, its issue
#1501: "avoid folding escape sequences") dropped the all-ASCII fast path of its line folding.
Since then ``Contentline.to_ical()`` walks every line character by character, encoding each
one to count its octets, and that walk was 60 % of the time of an 8-week plan's
``Calendar.to_ical()`` (9 of 15.7 ms; the plan inside the file alone is a 5,000-character
line). ``tests/test_ics_fold.py`` proves the walk (one ``str.encode`` per character) and
fails the day icalendar folds ASCII lines in one pass again, so this module can go.

The workaround is as narrow as it can be: icalendar still builds every content line
(``Component.content_lines()``: property order, parameters, TEXT escaping); only an all-ASCII
line is folded here, by slicing, with icalendar 7.3's rule (74 octets a line; a backslash or
caret that would end a line moves to the next, so an escape such as ``\\n`` is never split).
Any other line goes through icalendar's own ``Contentline.to_ical()``. The bytes are
icalendar's: the tests compare them with ``Component.to_ical()`` for every golden file and
for random text. The fix belongs upstream, as a suggestion for collective/icalendar (restore
the ASCII fast path, with the #1501 rule; not filed from here); nothing of icalendar is
patched here.
"""

from __future__ import annotations

import icalendar
from icalendar.parser import Contentline

#: octets of a folded line's content before the fold (icalendar: "byte_count + 1 >= 75")
_CHUNK = 74
#: characters icalendar 7.3 never leaves at the end of a folded line (#1501)
_ESCAPES = "\\^"


def to_ical(component: icalendar.Component) -> bytes:
    """``component.to_ical()``, byte for byte, without icalendar 7.3's per-character folding."""
    return b"\r\n".join(_fold(line) for line in component.content_lines() if line) + b"\r\n"


def _fold(line: Contentline) -> bytes:
    if not line.isascii():
        # icalendar counts octets of multi-byte characters; its own walk stays the reference
        folded: bytes = line.to_ical()  # type: ignore[no-untyped-call]
        return folded
    if len(line) <= _CHUNK:
        return line.encode("ascii")
    pieces = []
    start, end = 0, len(line)
    while end - start > _CHUNK:
        stop = start + _CHUNK
        if line[stop - 1] in _ESCAPES:
            stop -= 1
        pieces.append(line[start:stop])
        start = stop
    pieces.append(line[start:])
    return "\r\n ".join(pieces).encode("ascii")
