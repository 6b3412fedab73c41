"""Which time-zone names planforge accepts: IANA zones a calendar app knows, nothing else."""

from __future__ import annotations

import pytest

from planforge.core.inputs.zones import is_zone


@pytest.mark.parametrize("name", ["Europe/London", "UTC", "Asia/Kathmandu", "Etc/GMT+5",
                                  "Australia/Lord_Howe", "America/Argentina/Buenos_Aires"])
def test_iana_zones_are_accepted(name: str) -> None:
    assert is_zone(name)


@pytest.mark.parametrize("name", [
    "", " Europe/London", "Europe/Londn", "/etc/localtime", "../../etc/passwd",
    "localtime", "posixrules", "Factory", "right/UTC", "posix/Europe/London", "zone.tab",
])
def test_paths_typos_and_database_files_are_refused(name: str) -> None:
    assert not is_zone(name)
