"""The equipment a plan may use, and how people name it (``--equipment``, ``build_plan``).

One vocabulary for the command line, the library and the templates: ``mat``, ``chair``,
``towel``, ``band``, ``dumbbells``, ``bench`` and ``foam-roller``, or ``none``. Natural spellings
(``dumbbell``, ``foam roller``, ``Chairs``, ``resistance band``) are accepted; anything else is
refused with a "did you mean" where one is close. Imports nothing heavy: ``--help`` needs it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..errors import UsageError

#: every piece of equipment a plan may use, in the order a plan lists them
EQUIPMENT: tuple[str, ...] = ("mat", "chair", "towel", "band", "dumbbells", "bench",
                              "foam-roller")
NONE = "none"
#: how a plan names each piece for a person
WORDS: dict[str, str] = {
    "mat": "a mat", "chair": "a sturdy chair or step", "towel": "a towel",
    "band": "a resistance band", "dumbbells": "dumbbells", "bench": "a bench or sofa edge",
    "foam-roller": "a foam roller",
}
_ALIASES: dict[str, str] = {
    "dumbbell": "dumbbells", "resistance band": "band", "resistance bands": "band",
    "exercise mat": "mat", "yoga mat": "mat", "foam roller": "foam-roller",
    "foam rollers": "foam-roller", "foamroller": "foam-roller", "roller": "foam-roller",
    "step": "chair", "steps": "chair", "box": "chair", "nothing": NONE, "no": NONE,
}
_HINT = "choose none or any of: " + ", ".join(EQUIPMENT)


def _key(word: str) -> str:
    return " ".join(re.split(r"[\s_-]+", word.strip().lower()))


def canonical(word: str) -> str | None:
    """The equipment (or ``none``) ``word`` names, or None when it names none."""
    key = _key(word)
    for name in (*EQUIPMENT, NONE):
        if key in (name.replace("-", " "), name.replace("-", " ") + "s"):
            return name
    if key in _ALIASES:
        return _ALIASES[key]
    if key.endswith("s") and key[:-1] in _ALIASES:
        return _ALIASES[key[:-1]]
    return None


def parse_equipment(value: str | Iterable[str]) -> tuple[str, ...]:
    """The equipment a user has, in :data:`EQUIPMENT` order; ``()`` for none.

    ``value`` is ``"none"``, a comma-separated list (``"dumbbell, foam roller"``) or a
    sequence of names (empty for none). Raises :class:`UsageError` naming the word it cannot read.
    """
    words = value.split(",") if isinstance(value, str) else list(value)
    if not all(isinstance(word, str) for word in words):
        raise UsageError(f"equipment must be names; {_HINT}")
    if not words and not isinstance(value, str):
        return ()  # an empty sequence: nothing at all, as "none"
    words = [word for word in words if word.strip()]
    if not words:
        raise UsageError(f"no equipment named; {_HINT}")
    chosen: set[str] = set()
    for word in words:
        name = canonical(word)
        if name is None:
            raise UsageError(f"unknown equipment {word.strip()!r}{_did_you_mean(word)}; {_HINT}")
        chosen.add(name)
    if NONE in chosen:
        if len(chosen) > 1:
            raise UsageError(f"equipment 'none' cannot be combined with other equipment; {_HINT}")
        return ()
    return tuple(name for name in EQUIPMENT if name in chosen)


def suggest(word: str) -> str | None:
    """The equipment ``word`` most likely means (a natural spelling or a near miss)."""
    known = canonical(word)
    if known is not None:
        return known
    names = {name.replace("-", " "): name for name in (*EQUIPMENT, NONE)}
    names.update(_ALIASES)
    import difflib  # only for a word that is no equipment

    close = difflib.get_close_matches(_key(word), list(names), n=1, cutoff=0.6)
    return names[close[0]] if close else None


def _did_you_mean(word: str) -> str:
    close = suggest(word)
    return f" (did you mean {close!r}?)" if close else ""


def spoken(names: Iterable[str]) -> str:
    """``"a mat, a sturdy chair or step and dumbbells"``: names in words, for a person."""
    words = [WORDS.get(name, name) for name in names]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
