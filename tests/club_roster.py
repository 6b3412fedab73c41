"""Write a club roster of N members for ``planforge batch`` (CI's 200-member run, issue 13).

``python tests/club_roster.py N OUT.csv``: N good rows, varied (start, days, time, zone,
level, reminder, busy-only), then three broken rows (lines N+2 to N+4: a bad date, a bad
weekday, a duplicate name), so a run reports exactly those three and writes N members.
The same N always gives the same file.
"""

from __future__ import annotations

import sys
from pathlib import Path

DAYS = ("", "mon,wed,fri,sat", "tue,thu,sat,sun", "mon,tue,thu,fri,sun")
ZONES = ("", "Europe/London", "America/New_York", "Australia/Sydney", "Asia/Kolkata")
TIMES = ("07:00", "06:15 sat=09:00", "18:30")
STARTS = ("", "2027-01-04", "2027-01-06", "2027-02-01")
LEVELS = ("", "", "returning", "runner")


def roster(count: int) -> str:
    lines = ["name,start,days,time,zone,level,reminder,busy-only"]
    for i in range(count):
        zone = ZONES[i % len(ZONES)]
        time = TIMES[i % len(TIMES)] if zone else ""
        lines.append(f"Member {i:03d},{STARTS[i % len(STARTS)]},\"{DAYS[i % len(DAYS)]}\","
                     f"{time},{zone},{LEVELS[i % len(LEVELS)]},{'30m' if i % 5 == 0 else ''},"
                     f"{'yes' if i % 7 == 0 else 'no'}")
    lines += ["Broken date,2027-02-30,,,,,,", "Broken day,,\"mon,fun\",,,,,",
              "Member 000,,,,,,,"]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    Path(sys.argv[2]).write_text(roster(int(sys.argv[1])), encoding="utf-8")
