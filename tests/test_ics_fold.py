"""planforge.formats.ics.fold: icalendar's bytes, without icalendar 7.3's per-character folding.

Two kinds of test: that the workaround is needed (icalendar 7.3 encodes every character of a
line it folds), and that it changes nothing (the bytes are ``Component.to_ical()``'s).
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import warnings
from collections.abc import Callable
from importlib.metadata import version
from pathlib import Path

import icalendar
import pytest
from hypothesis import given
from hypothesis import strategies as st
from icalendar.parser import Contentline

from planforge import build_plan
from planforge.formats.ics import build_calendar, to_ical
from planforge.formats.options import RenderOptions
from planforge.goals.templates import builtin_goals

GOLDEN = Path(__file__).parent / "golden"
CREATED = dt.datetime(2026, 11, 20, 8, 0, tzinfo=dt.UTC)
ICALENDAR = tuple(int(part) for part in version("icalendar").split(".")[:2])
#: icalendar 7.3.0 moved a trailing backslash or caret to the next folded line (its #1501);
#: before it, folds fell every 74 octets whatever the character
ESCAPE_AWARE = ICALENDAR >= (7, 3)


def _encode_calls(fold: Callable[[], object]) -> int:
    """How many times ``str.encode`` is called while ``fold`` runs (a count, not a timing)."""
    calls = 0

    def count(frame: object, event: str, arg: object) -> None:
        nonlocal calls
        if event == "c_call" and getattr(arg, "__name__", "") == "encode":
            calls += 1

    sys.setprofile(count)
    try:
        fold()
    finally:
        sys.setprofile(None)
    return calls


class UpstreamFixed(UserWarning):
    """icalendar no longer needs a workaround planforge carries."""


def test_icalendar_folds_ascii_lines_one_character_at_a_time() -> None:
    """Why fold.py exists: icalendar 7.3 calls str.encode once per character of a line it
    folds (docs/upstream-icalendar-folding.md). The day a new icalendar folds ASCII lines in
    one pass again, delete planforge/formats/ics/fold.py and call Component.to_ical().

    That day is good news, not a broken planforge: a user's run says so in a warning and
    passes; under CI=true (.ci/run) it fails, so that the workaround goes."""
    line = Contentline("X-PLANFORGE-PLAN:" + "eJzV" * 1_500)
    calls = _encode_calls(line.to_ical)
    if not ESCAPE_AWARE:  # icalendar 6.x-7.2 had the one-pass ASCII path that 7.3 dropped
        assert calls < 10
        return
    if calls >= len(line):
        return  # still per character: fold.py is still needed
    message = (f"icalendar {version('icalendar')} no longer encodes each character ({calls} "
               f"calls for {len(line)} characters): remove the fold.py workaround "
               "(docs/upstream-icalendar-folding.md)")
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    warnings.warn(UpstreamFixed(message), stacklevel=1)


def test_planforge_folds_an_ascii_line_in_one_pass() -> None:
    line = Contentline("X-PLANFORGE-PLAN:" + "eJzV" * 1_500)
    calls = _encode_calls(lambda: to_ical(_calendar_with("X-PLANFORGE-PLAN", "eJzV" * 1_500)))
    assert calls < 100 < len(line)


def _calendar_with(name: str, value: str) -> icalendar.Calendar:
    calendar = icalendar.Calendar()
    calendar["VERSION"] = icalendar.vText("2.0")
    calendar[name] = icalendar.vText(value)
    return calendar


def _same_as_icalendar(calendar: icalendar.Calendar) -> None:
    ours, theirs = to_ical(calendar), calendar.to_ical()
    if ESCAPE_AWARE:
        assert ours == theirs
        return
    # an older icalendar may fold at other points; the unfolded lines are the same
    assert ours.replace(b"\r\n ", b"") == theirs.replace(b"\r\n ", b"")
    assert all(len(line) <= 75 for line in ours.split(b"\r\n"))


@pytest.mark.parametrize("name", sorted(p.name for p in GOLDEN.glob("*.ics")))
def test_golden_files_are_what_icalendar_writes(name: str) -> None:
    """Each golden .ics, read by icalendar and written again both ways: the same bytes."""
    calendar = icalendar.Calendar.from_ical((GOLDEN / name).read_bytes())
    _same_as_icalendar(calendar)


@pytest.mark.parametrize("goal", builtin_goals())
@pytest.mark.parametrize("options", [RenderOptions(), RenderOptions(
    remind=dt.timedelta(minutes=30), busy_only=True, color="tomato")], ids=["details", "busy"])
def test_every_goal_is_what_icalendar_writes(goal: str, options: RenderOptions) -> None:
    plan = build_plan(goal=goal, weeks=8, start=dt.date(2027, 3, 1), created=CREATED,
                      timezone="Europe/London", times=None)
    _same_as_icalendar(build_calendar(plan, options))


# ASCII text with the characters icalendar escapes (\ ; , newline) and the caret that RFC
# 6868 uses in parameters, plus some that take two to four octets in UTF-8
_TEXT = st.text(alphabet=st.sampled_from("ab \\;,\n^:\"é\u2013😀"), max_size=400)


@given(summary=_TEXT, description=_TEXT, padding=st.integers(0, 80))
def test_any_text_is_folded_as_icalendar_folds_it(summary: str, description: str,
                                                  padding: int) -> None:
    calendar = _calendar_with("X-PAD", "p" * padding)
    event = icalendar.Event()
    event["SUMMARY"] = icalendar.vText(summary)
    event["DESCRIPTION"] = icalendar.vText("d" * padding + description)
    event["LOCATION"] = icalendar.vText("\\" * padding)
    calendar.subcomponents.append(event)
    _same_as_icalendar(calendar)


@pytest.mark.parametrize("width", range(70, 80))
@pytest.mark.parametrize("escape", ["\n", "\\", "^", ","])
def test_an_escape_at_the_fold(width: int, escape: str) -> None:
    """A backslash or caret exactly where a fold falls (and a plain comma, for contrast)."""
    calendar = _calendar_with("X-A", "a" * (width - len("X-A:")) + escape + "b" * 200)
    _same_as_icalendar(calendar)
    if escape == "\n":  # written as backslash-n: never split between the two
        assert b"\\\r\n n" not in to_ical(calendar)
        assert b"\\n" in to_ical(calendar).replace(b"\r\n ", b"")
