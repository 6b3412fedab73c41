"""Issue 10 item 3: zones come from the pinned tzdata package, never the machine's files.

A stale or different system zone database (``PYTHONTZPATH``, which ``zoneinfo`` reads before
the tzdata package) must change nothing planforge writes or accepts; each calendar says which
tzdata release wrote it.
"""

from __future__ import annotations

import importlib.resources
import os
import subprocess
import sys
from pathlib import Path

import icalendar

from planforge.core.inputs.zones import is_zone, load_zone, tzdata_version, zone_names
from planforge.formats.ics import TZDATA_PROPERTY

SRC = Path(__file__).resolve().parent.parent / "src"

#: in a child: a timed plan in three zones as .ics bytes (hex), what plain zoneinfo says of
#: London and whether planforge accepts a zone only the fake system database has
CHILD = """
import datetime as dt, sys, zoneinfo
sys.path.insert(0, sys.argv[1])
import planforge
from planforge.core.inputs.zones import is_zone
out = []
for zone in ("Europe/London", "Africa/Casablanca", "America/New_York"):
    plan = planforge.build_plan(goal="glutes", weeks=3, start=dt.date(2026, 9, 14),
                                created=dt.datetime(2026, 9, 1, tzinfo=dt.UTC),
                                timezone=zone, times=planforge.Times(default=dt.time(7, 0)))
    out.append(planforge.render_ics(plan).hex())
try:
    london = zoneinfo.ZoneInfo("Europe/London")
    winter = dt.datetime(2026, 1, 1, 12, tzinfo=dt.UTC).astimezone(london).utcoffset()
    out.append(str(winter))
except zoneinfo.ZoneInfoNotFoundError:
    out.append("not found")
out.append(str(is_zone("Mars/Olympus")))
print("\\n".join(out))
"""


def _child(tzpath: str | None) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONTZPATH"}
    if tzpath is not None:
        env["PYTHONTZPATH"] = tzpath
    result = subprocess.run([sys.executable, "-c", CHILD, str(SRC)], capture_output=True,
                            text=True, env=env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout.split("\n")[:5]


def test_a_stale_or_different_system_database_changes_nothing(tmp_path: Path) -> None:
    tokyo = importlib.resources.files("tzdata").joinpath("zoneinfo", "Asia", "Tokyo")
    fake = tmp_path / "fake-zoneinfo"
    for name in ("Europe/London", "Africa/Casablanca", "America/New_York", "Mars/Olympus"):
        (fake / name).parent.mkdir(parents=True, exist_ok=True)
        (fake / name).write_bytes(tokyo.read_bytes())  # every zone "is" Tokyo here
    empty = tmp_path / "empty"
    empty.mkdir()
    normal = _child(None)
    faked = _child(str(fake))
    emptied = _child(str(empty))
    # the control: plain zoneinfo really reads the fake folder (London at +09:00 in winter)
    assert faked[3] == "9:00:00"
    assert emptied[3] == "0:00:00"  # no system files: zoneinfo falls back to tzdata
    # planforge's bytes are the same whatever the system has, and it accepts no zone that
    # only the system database has
    assert faked[:3] == normal[:3] == emptied[:3]
    assert faked[4] == normal[4] == emptied[4] == "False"


def test_every_calendar_says_its_tzdata_release() -> None:
    import datetime as dt

    import planforge

    plan = planforge.build_plan(goal="glutes", weeks=1, start=dt.date(2026, 11, 23),
                                created=dt.datetime(2026, 11, 20, tzinfo=dt.UTC))
    cal = icalendar.Calendar.from_ical(planforge.render_ics(plan))
    release = importlib.resources.files("tzdata").joinpath("__init__.py").read_text("utf-8")
    assert f'IANA_VERSION = "{cal[TZDATA_PROPERTY]}"' in release
    assert str(cal[TZDATA_PROPERTY]) == tzdata_version()


def test_is_zone_is_what_the_writer_can_load() -> None:
    names = zone_names()
    assert "Europe/London" in names and "Factory" not in names
    for name in sorted(names)[::25]:
        assert is_zone(name)
        assert load_zone(name).key == name
    for name in ("Factory", "zone.tab", "tzdata.zi", "__init__.py", "posixrules",
                 "right/UTC", "../zoneinfo/UTC", "Europe/../UTC", "europe/london"):
        assert not is_zone(name)
