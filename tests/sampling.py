"""The fast set and the slow set (issue 20): a parametrized sweep keeps a sample in the fast
set and runs the rest only with ``-m slow``.

``python -m pytest`` (README's test command) runs the fast set: pyproject.toml's ``addopts``
deselects the tests marked ``slow``. ``python -m pytest -m slow`` runs only those, and
``.ci/run`` runs both, so every case still runs in CI. A sweep over goals, levels, zones,
fields or commands is one test per value; :func:`sample` marks all but a few values slow,
so the fast set still tries each kind of case once and a failure of the kind shows there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import pytest

SLOW = pytest.mark.slow


def sample(values: Iterable[Any], *, keep: Callable[[int, Any], bool] | int = 1,
           ids: Callable[[Any], str] | None = None, tuples: bool = False) -> list[Any]:
    """``values`` as pytest params for ``parametrize``, all but a sample marked ``slow``.

    ``keep`` chooses the sample: a number ``n`` keeps every ``n``-th value from the first
    (1 keeps them all, so give at least 2), or a function of (index, value). ``tuples``: each
    value is a tuple of the arguments of a parametrize over several names.
    """
    chosen = (lambda i, _v: i % keep == 0) if isinstance(keep, int) else keep
    out = []
    for index, value in enumerate(values):
        marks = () if chosen(index, value) else (SLOW,)
        name = ids(value) if ids is not None else None
        args = tuple(value) if tuples else (value,)
        out.append(pytest.param(*args, marks=marks, id=name))
    return out


def first(n: int) -> Callable[[int, Any], bool]:
    """A ``keep`` for :func:`sample`: the first ``n`` values."""
    return lambda index, _value: index < n


def named(*chosen: Any) -> Callable[[int, Any], bool]:
    """A ``keep`` for :func:`sample`: the values given (compared with ``==``)."""
    return lambda _index, value: value in chosen
