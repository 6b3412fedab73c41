"""Every test runs with an empty user-templates folder, whatever the machine's own holds."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _no_user_templates(tmp_path_factory: pytest.TempPathFactory,
                       monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path_factory.mktemp("user-templates")
    monkeypatch.setenv("PLANFORGE_TEMPLATES", str(folder))
    return folder
