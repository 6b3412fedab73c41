"""Every test runs with an empty user-templates folder, whatever the machine's own holds.

Hypothesis profiles: ``ci`` (the default: hypothesis's own budget, which the fuzz tests of
issue 6 scale down to a fixed few dozen examples each, see ``tests/fuzz_support.py``) and
``long`` (twenty times as many examples). Pick one with ``--hypothesis-profile=long`` or
``PLANFORGE_FUZZ=long``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

settings.register_profile("ci", print_blob=True)
settings.register_profile("long", max_examples=2000, deadline=None, print_blob=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("PLANFORGE_FUZZ", "").strip() or "ci")


@pytest.fixture(autouse=True)
def _no_user_templates(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.mktemp("user-templates")
    monkeypatch.setenv("PLANFORGE_TEMPLATES", str(folder))
    return folder
