"""Where the shared nine-parser harness is, for the tests that run it.

``PLANFORGE_ICAL_CHECK`` names it; else ``../shared/tools/ical-check/check.sh`` beside the
repository (where CI clones it). Without it a local run skips those tests with the reason; in
CI (``CI=true``) a missing harness fails them instead, so a skip never passes for a check.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

_BESIDE = Path(__file__).resolve().parents[2] / "shared" / "tools" / "ical-check" / "check.sh"


def harness() -> str:
    path = os.environ.get("PLANFORGE_ICAL_CHECK") or (str(_BESIDE) if _BESIDE.is_file() else "")
    if not path:
        message = f"the ical-check harness is not at {_BESIDE}; set PLANFORGE_ICAL_CHECK"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path
