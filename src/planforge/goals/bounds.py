"""Bounds on the text planforge parses, checked before a parser sees it.

A file under the size limit can still cost a parser minutes or its stack: ``tomllib``
spends time quadratic in the parts of a dotted key (``a.a.a...`` of 50,000 parts: 30 s),
and both parsers recurse into nested arrays and tables. So every TOML and JSON document
(plan files, goal templates, rosters) is first measured here, at C speed: the strings and
comments are blanked out with one regular expression, then the lines, the brackets, the
keys and the parts of each dotted key are counted. Anything within the bounds parses in
well under a second; anything beyond them is refused with one line saying which bound.

The bounds are far above what planforge writes or a person types (a 52-week plan file has
about 24,000 keys, nests 5 deep, and its longest line has under 1,000 characters).

Also here: the characters refused in names and titles (:func:`unsafe_character`), because
the same readers check them.
"""

from __future__ import annotations

import re

#: arrays, tables and objects inside each other (brackets), at most
MAX_DEPTH = 32
#: keys (and table headers) in one document, at most
MAX_KEYS = 250_000
#: the parts of one dotted TOML key or table header (``a.b.c`` has 3), at most
MAX_KEY_PARTS = 32
#: characters in one line of TOML, at most (JSON: :data:`MAX_JSON_LINE`)
MAX_TOML_LINE = 65_536
#: characters in one line of JSON (a whole plan written on one line fits), at most
MAX_JSON_LINE = 2_000_000

# TOML: multi-line basic and literal strings, basic and literal strings, comments (each
# written as an unrolled loop, which the regular expression engine runs fastest)
_TOML_BLANKS = re.compile(r'"""[^"\\]*(?:(?:\\.|"(?!""))[^"\\]*)*"{3,5}|'
                          r"'''[^']*(?:'(?!'')[^']*)*'{3,5}|"
                          r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"|'
                          r"'[^'\n]*'|#[^\n]*", re.DOTALL)
# a key (or table header) of too many parts: after a line start, "{" or ",", that many dots
# before any "=", bracket, comma or line end (a value stands after "=", so never here)
_TOML_DOTTED = re.compile(r"(?:^|[{,])[ \t]*\[{0,2}(?:[^=\n{},\[\].]*\.)"
                          f"{{{MAX_KEY_PARTS}}}", re.MULTILINE)
# a table header: [a.b] or [[a.b]] at the start of a line
_TOML_HEADER = re.compile(r"^[ \t]*\[\[?([^\]\n,]*)\]", re.MULTILINE)
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_PAIR = re.compile(r"\[\]|\{\}")


def toml_problem(text: str) -> str | None:
    """What makes ``text`` too costly to parse as TOML, or None when it is within bounds."""
    problem = _long_line(text, MAX_TOML_LINE)
    if problem:
        return problem
    code = _TOML_BLANKS.sub('""', text)
    headers = _TOML_HEADER.findall(code)
    if code.count("=") + len(headers) > MAX_KEYS:  # outside strings, "=" follows each key
        return f"has more than {MAX_KEYS:,} keys; no plan file or template has so many"
    dotted = _TOML_DOTTED.search(code)
    if dotted:
        line = code.count("\n", 0, dotted.end()) + 1
        return (f"line {line} has a key of more than {MAX_KEY_PARTS} dotted parts; "
                "no plan file or template has one")
    return _too_deep(code)


def json_problem(text: str) -> str | None:
    """What makes ``text`` too costly to parse as JSON, or None when it is within bounds."""
    problem = _long_line(text, MAX_JSON_LINE)
    if problem:
        return problem
    code = _JSON_STRING.sub('""', text)
    if code.count(":") > MAX_KEYS:  # outside strings, a colon follows each key
        return f"has more than {MAX_KEYS:,} keys; no plan file or roster has so many"
    return _too_deep(code)


def _long_line(text: str, limit: int) -> str | None:
    if len(text) <= limit:
        return None
    lengths = [len(line) for line in text.split("\n")]
    if max(lengths) <= limit:
        return None
    line = next(i for i, length in enumerate(lengths, 1) if length > limit)
    return f"line {line} is longer than {limit:,} characters"


def _too_deep(code: str) -> str | None:
    """Brackets nested more than :data:`MAX_DEPTH` deep (strings already blanked out): the
    brackets alone, with each pass taking away the innermost pairs. Brackets that do not
    pair up are left to the parser, which names the spot."""
    brackets = _NOT_BRACKET.sub("", code)
    for _ in range(MAX_DEPTH):
        inner = _PAIR.sub("", brackets)
        if inner == brackets:
            return None
        brackets = inner
    if _PAIR.search(brackets):
        return (f"is nested more than {MAX_DEPTH} deep; no plan file, template or roster "
                "nests so deep")
    return None


#: bidirectional embeddings, overrides and isolates: they make a text display in another
#: order than it is stored (a title that reads as something else), so names and titles
#: refuse them. Joiners (U+200C, U+200D: emoji sequences, Persian and Indic names) and the
#: direction marks (U+200E, U+200F, U+061C) change no order and are kept.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def unsafe_character(text: str) -> str | None:
    """The first bidirectional control in ``text`` as ``U+202E``, or None."""
    for char in text:
        if char in BIDI_CONTROLS:
            return f"U+{ord(char):04X}"
    return None
