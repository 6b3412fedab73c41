"""What a writer is asked for beyond the plan, and what it gives back.

Apart from :mod:`.registry` so that a writer (the .ics one) can name its options without
importing the registry that imports it: the writers and the registry both depend on this
module, and on each other not at all.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple


class RenderOptions(NamedTuple):
    """Options only some writers use (the .ics ones); the others ignore them."""

    remind: dt.timedelta | None = None
    busy_only: bool = False
    color: str | None = None


class Rendered(NamedTuple):
    data: bytes
    warnings: tuple[str, ...] = ()
    #: a folder format's files, (name, bytes) each, for the folder -o names (``data`` is empty)
    files: tuple[tuple[str, bytes], ...] = ()
