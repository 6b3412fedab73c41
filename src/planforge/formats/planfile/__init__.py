"""Plan files: the ``planforge-plan/1`` document read back from JSON or TOML, and written as TOML.

Reading is for files from anyone, so it is strict and happens in this order before any of
the data is used: a size limit (:data:`MAX_PLAN_BYTES`), UTF-8, a parser (JSON without
duplicate keys or NaN; TOML), the JSON Schema that ships in the package
(``schema/plan.schema.json``, checked by fastjsonschema in
:mod:`planforge.formats.schemacheck`), then the meaning:
real dates and zones, each workout inside the plan and in or after its week, numbers that
agree with one another. Every problem is one :class:`~planforge.errors.PlanFileError`
naming the file, the field and what is wrong.

What decides what, when a person edits a file by hand:

* a run's ``main`` blocks decide its running and walking minutes; ``run_min``,
  ``walk_min``, ``longest_run_min``, ``on_feet_min``, ``total_run_min`` (with the
  warm-up and cool-down) and ``duration_min`` are written for
  reading and, when present, must agree with it (so an edit of ``run_min`` alone is refused
  with a message saying to edit ``main``); a strength or mobility session's ``minutes``
  decides its ``duration_min``;
* ``date`` decides ``weekday``; ``start`` and ``weeks`` decide ``end``; ``workout``
  decides ``hard``;
* ``week`` is the plan week a workout belongs to: the 7-day block its date is in, or a
  later one's workout moved later by ``planforge shift`` (never an earlier block).

Nothing in a plan file names a path: commands decide where they write.

The package, by the way a file goes:

* :mod:`.read`: bytes to a parsed document (size, UTF-8, a parser) and on to a plan; a
  planforge .ics is read for the plan it carries;
* :mod:`.build`: a parsed document to a :class:`~planforge.core.model.Plan` (the JSON
  Schema, then the meaning of every field, every problem named with its field);
* :mod:`.write`: a plan as a TOML (or JSON) plan file.
"""

from __future__ import annotations

from .build import plan_from_dict, stale_titles
from .read import (
    MAX_PLAN_BYTES,
    Kind,
    load_plan,
    parse_document,
    read_plan,
    read_plan_bytes,
    read_plan_stream,
)
from .write import dump, plan_to_toml

__all__ = [
    "MAX_PLAN_BYTES",
    "Kind",
    "dump",
    "load_plan",
    "parse_document",
    "plan_from_dict",
    "plan_to_toml",
    "read_plan",
    "read_plan_bytes",
    "read_plan_stream",
    "stale_titles",
]
