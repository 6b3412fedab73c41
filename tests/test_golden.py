"""Byte-for-byte golden files: ``planforge make`` for fixed inputs (see regen_golden.py)."""

from __future__ import annotations

import pytest

from fit_reading import decoders
from regen_golden import CASES, FIT_CASES, GOLDEN, render, render_fit


@pytest.mark.parametrize("name", sorted(CASES))
def test_output_matches_golden_file(name: str) -> None:
    expected = (GOLDEN / name).read_bytes()
    actual = render(CASES[name], name)
    assert actual == expected, (
        f"tests/golden/{name} differs from what planforge writes now; if the change is "
        "intended, run 'python tests/regen_golden.py', read the diff and commit it"
    )


@pytest.mark.parametrize("name", sorted(FIT_CASES))
def test_fit_file_matches_golden_file(name: str) -> None:
    sdk, _ = decoders()  # skipped without the extra (failed under CI=true)
    expected = (GOLDEN / name).read_bytes()
    actual = render_fit(name)
    version = sdk.Profile["version"]
    assert actual == expected, (
        f"tests/golden/{name} differs from what planforge writes now with garmin-fit-sdk "
        f"profile {version['major']}.{version['minor']} (CI pins the SDK in .ci/run); if the "
        "change is intended, run 'python tests/regen_golden.py', read the diff and commit it"
    )


def test_no_stray_golden_files() -> None:
    assert sorted(p.name for p in GOLDEN.iterdir()) == sorted([*CASES, *FIT_CASES])
