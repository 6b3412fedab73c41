"""The .ics writer and the session descriptions, on hand-built plans (tests/plan_factory.py)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import re
import subprocess
import sys
from pathlib import Path

import icalendar
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar.prop import vDuration

import planforge
from plan_factory import (
    CREATED,
    busy_uid,
    check_against_plan,
    lint,
    make_plan,
    parse_all,
    run_walk_main,
    weekly_dates,
)
from planforge.core.model import Block, Plan, Segment, Session, Times
from planforge.core.wording import (
    MAX_DESCRIPTION_CHARS,
    TRUNCATION_NOTE,
    clean_text,
    format_minutes,
    session_description,
)
from planforge.errors import UsageError
from planforge.formats.ics import (
    CSS3_COLORS,
    PLAN_PROPERTY,
    build_calendar,
    ics_warnings,
    render_ics,
)
from planforge.formats.ics.calendar import ICU_HEADING, ICU_LEFT_OUT
from planforge.formats.icu import render_icu, session_text
from planforge.formats.registry import RenderOptions
from sampling import named, sample

SRC = Path(__file__).resolve().parent.parent / "src"
MON = dt.date(2026, 3, 2)  # a Monday


def events(data: bytes) -> dict[str, icalendar.Event]:
    cal = icalendar.Calendar.from_ical(data)
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def logical_lines(data: bytes) -> list[str]:
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def week_plan(**kwargs: object) -> Plan:
    """Runs Mon/Wed/Sat, strength Tue/Sat, mobility Thu, for two weeks from MON."""
    return make_plan(weekly_dates(MON, 2, [0, 2, 5]), weekly_dates(MON, 2, [1, 5]),
                     weekly_dates(MON, 1, [3]), **kwargs)  # type: ignore[arg-type]


# -- the calendar -----------------------------------------------------------------------------


def test_calendar_properties_all_day() -> None:
    plan = week_plan()
    data = render_ics(plan)
    cal = icalendar.Calendar.from_ical(data)
    assert cal["VERSION"] == "2.0"
    assert str(cal["PRODID"]) == f"-//planforge//planforge {planforge.__version__}//EN"
    assert cal["CALSCALE"] == "GREGORIAN"
    assert "METHOD" not in cal
    assert "X-WR-TIMEZONE" not in cal and not cal.walk("VTIMEZONE")
    lines = logical_lines(data)
    assert "NAME:planforge: Stronger glutes (2 weeks)" in lines
    assert "X-WR-CALNAME:planforge: Stronger glutes (2 weeks)" in lines
    assert "COLOR" not in cal
    assert lint(data) == []
    assert check_against_plan(plan, data) == []


def test_every_session_is_one_event_with_its_fields() -> None:
    plan = week_plan()
    evs = events(render_ics(plan))
    assert list(evs) == [s.uid for s in sorted(plan.sessions, key=lambda s: s.date)]
    for session in plan.sessions:
        ev = evs[session.uid]
        assert ev["DTSTAMP"].dt == CREATED
        assert ev["SEQUENCE"] == session.sequence
        assert str(ev["SUMMARY"]) == session.title
        described = session_description(session, plan=plan)
        if session.kind == "run":  # the run's intervals.icu text after it (tested below)
            described += f"\n\n{ICU_HEADING}\n{session_text(session)}"
        assert str(ev["DESCRIPTION"]) == described
        cats = [str(c) for c in ev["CATEGORIES"].cats]
        assert cats[:2] == ["planforge", session.kind.capitalize()]
        assert "Stronger glutes" in cats
        assert ("Hard" in cats) == session.hard
        # all-day: DATE values and an exclusive end, free time
        assert ev["DTSTART"].params["VALUE"] == "DATE"
        assert ev["DTSTART"].dt == session.date
        assert ev["DTEND"].dt == session.date + dt.timedelta(days=1)
        assert ev["TRANSP"] == "TRANSPARENT"
        assert "VALARM" not in [c.name for c in ev.subcomponents]


def test_sequence_is_written() -> None:
    plan = week_plan()
    bumped = plan.sessions[0].__class__(**{
        **{f: getattr(plan.sessions[0], f) for f in plan.sessions[0].__slots__},
        "sequence": 3})
    plan2 = Plan(**{**{f: getattr(plan, f) for f in plan.__slots__},
                    "sessions": (bumped, *plan.sessions[1:])})
    assert events(render_ics(plan2))[bumped.uid]["SEQUENCE"] == 3


def test_timed_events_use_the_zone_and_a_vtimezone() -> None:
    plan = week_plan(timezone="Europe/London", times=Times(default=dt.time(7, 0)))
    data = render_ics(plan)
    cal = icalendar.Calendar.from_ical(data)
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/London"
    [vtz] = cal.walk("VTIMEZONE")
    assert vtz["TZID"] == "Europe/London"
    assert cal.get_missing_tzids() == set()
    assert "COMMENT" not in vtz
    lines = logical_lines(data)
    for line in lines[lines.index("BEGIN:VEVENT"):]:
        if line.startswith(("DTSTART", "DTEND")) and "VALUE=DATE" not in line:
            assert line.startswith(("DTSTART;TZID=Europe/London:", "DTEND;TZID=Europe/London:"))
    evs = events(data)
    for session in plan.sessions:
        ev = evs[session.uid]
        assert ev["TRANSP"] == "OPAQUE"
        length = ev["DTEND"].dt - ev["DTSTART"].dt
        assert length == dt.timedelta(minutes=-(-session.duration_min // 1))
    assert check_against_plan(plan, data) == []


def test_second_session_of_a_day_starts_when_the_first_ends() -> None:
    plan = week_plan(timezone="America/New_York", times=Times(default=dt.time(6, 30)))
    evs = events(render_ics(plan))
    by_day: dict[dt.date, list[Session]] = {}
    for s in plan.sessions:
        by_day.setdefault(s.date, []).append(s)
    doubles = [day for day in by_day.values() if len(day) == 2]
    assert doubles
    for first, second in doubles:
        assert evs[first.uid]["DTSTART"].dt.time() == dt.time(6, 30)
        assert evs[second.uid]["DTSTART"].dt == evs[first.uid]["DTEND"].dt


def test_utc_plans_use_z_times_and_no_vtimezone() -> None:
    plan = week_plan(timezone="UTC", times=Times(default=dt.time(7, 0)))
    data = render_ics(plan)
    cal = icalendar.Calendar.from_ical(data)
    assert not cal.walk("VTIMEZONE")
    assert str(cal["X-WR-TIMEZONE"]) == "UTC"
    starts = [ln for ln in logical_lines(data) if ln.startswith("DTSTART")]
    assert starts and all(re.fullmatch(r"DTSTART:\d{8}T\d{6}Z", ln) for ln in starts)
    assert check_against_plan(plan, data) == []


def test_per_weekday_times_and_all_day_days_mix() -> None:
    times = Times(by_weekday=((0, dt.time(18, 0)), (5, dt.time(9, 15))))
    plan = week_plan(timezone="Asia/Kathmandu", times=times)
    data = render_ics(plan)
    evs = events(data)
    for s in plan.sessions:
        start = evs[s.uid]["DTSTART"].dt
        if s.date.weekday() in (0, 5):
            assert isinstance(start, dt.datetime)
        else:
            assert not isinstance(start, dt.datetime)
    assert check_against_plan(plan, data) == []


@pytest.mark.parametrize(("zone", "day", "asked", "moved_to"), [
    ("America/New_York", dt.date(2027, 3, 14), dt.time(2, 30), dt.time(3, 0)),
    ("Europe/London", dt.date(2026, 3, 29), dt.time(1, 30), dt.time(2, 0)),
    ("Australia/Lord_Howe", dt.date(2026, 10, 4), dt.time(2, 15), dt.time(2, 30)),
    ("Pacific/Chatham", dt.date(2026, 9, 27), dt.time(2, 50), dt.time(3, 45)),
    ("America/Santiago", dt.date(2026, 9, 6), dt.time(0, 30), dt.time(1, 0)),
    ("Australia/Sydney", dt.date(2026, 10, 4), dt.time(2, 0), dt.time(3, 0)),
])
def test_a_time_in_a_dst_gap_moves_to_the_end_of_the_gap(
        zone: str, day: dt.date, asked: dt.time, moved_to: dt.time) -> None:
    plan = make_plan([day, day + dt.timedelta(days=1)], [day], timezone=zone,
                     times=Times(default=asked))
    data = render_ics(plan)
    assert check_against_plan(plan, data) == []
    evs = events(data)
    first, strength, next_day = (evs[s.uid] for s in plan.sessions)
    start = first["DTSTART"].dt
    assert start.time() == moved_to and start.date() == day
    assert str(first["DESCRIPTION"]).startswith(
        f"Moved from {asked:%H:%M} to {moved_to:%H:%M}: the clocks go forward that night.\n\n")
    # the second session that day follows on; the next day keeps the asked time
    assert strength["DTSTART"].dt == first["DTEND"].dt
    assert "Moved" not in str(strength["DESCRIPTION"])
    assert next_day["DTSTART"].dt.time() == asked


@pytest.mark.parametrize(("zone", "day", "asked", "first_utc"), [
    ("Europe/London", dt.date(2026, 10, 25), dt.time(1, 30), "20261025T003000"),
    ("America/New_York", dt.date(2026, 11, 1), dt.time(1, 15), "20261101T051500"),
    ("America/Santiago", dt.date(2027, 4, 3), dt.time(23, 30), "20270404T023000"),
    ("Australia/Lord_Howe", dt.date(2027, 4, 4), dt.time(1, 45), "20270403T144500"),
])
def test_a_repeated_time_takes_the_first_occurrence_written_in_utc(
        zone: str, day: dt.date, asked: dt.time, first_utc: str) -> None:
    plan = make_plan([day, day + dt.timedelta(days=2)], timezone=zone,
                     times=Times(default=asked))
    data = render_ics(plan)
    assert check_against_plan(plan, data) == []
    lines = logical_lines(data)
    assert f"DTSTART:{first_utc}Z" in lines
    # x-wr-timezone (used by recurring-ical-events) would re-read UTC times as local ones
    assert not any(ln.startswith("X-WR-TIMEZONE") for ln in lines)
    later = events(data)[plan.sessions[1].uid]
    assert later["DTSTART"].params["TZID"] == zone


@pytest.mark.parametrize("zone", sample(
    ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu",
     "Pacific/Chatham", "America/Santiago", "Australia/Sydney", "Asia/Kolkata", "Europe/Dublin",
     "America/Nuuk"],
    keep=named("Europe/London", "Australia/Lord_Howe", "America/Santiago")))
def test_vtimezone_is_one_yearly_rule_pair(zone: str) -> None:
    """Outlook reads one STANDARD (and one DAYLIGHT) with RRULE (MS-OXCICAL 2.1.3.1.1.19.2)."""
    plan = make_plan(weekly_dates(dt.date(2026, 9, 7), 40, [1, 4]), timezone=zone,
                     times=Times(default=dt.time(7, 0)))
    data = render_ics(plan)
    [vtz] = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    kinds = [c.name for c in vtz.subcomponents]
    assert kinds in (["STANDARD"], ["STANDARD", "DAYLIGHT"])
    if len(kinds) == 2:
        assert all("RRULE" in c for c in vtz.subcomponents)
    assert check_against_plan(plan, data) == []


def test_a_zone_whose_rule_does_not_fit_lists_its_transitions() -> None:
    """Casablanca's offset changes around Ramadan, which no yearly rule describes (2026: the
    clocks go back on 15 February and forward on 22 March, in every tzdata release)."""
    days = weekly_dates(dt.date(2026, 1, 5), 12, [0, 3, 6])
    plan = make_plan(days, timezone="Africa/Casablanca", times=Times(default=dt.time(7, 0)))
    data = render_ics(plan)
    [vtz] = icalendar.Calendar.from_ical(data).walk("VTIMEZONE")
    assert vtz["TZID"] == "Africa/Casablanca" and "COMMENT" not in vtz
    assert check_against_plan(plan, data) == []


def test_the_vtimezone_is_the_same_whatever_the_dates() -> None:
    def vtimezone(start: dt.date) -> bytes:
        plan = make_plan(weekly_dates(start, 3, [2]), timezone="Australia/Sydney",
                         times=Times(default=dt.time(7, 0)))
        data = render_ics(plan)
        return data[data.index(b"BEGIN:VTIMEZONE"):data.index(b"END:VTIMEZONE")]

    assert vtimezone(dt.date(2026, 3, 30)) == vtimezone(dt.date(2028, 9, 25))


def test_timed_plan_without_a_valid_zone_is_refused() -> None:
    with pytest.raises(UsageError, match="time zone"):
        render_ics(week_plan(timezone=None, times=Times(default=dt.time(7, 0))))
    with pytest.raises(UsageError, match="unknown time zone"):
        render_ics(week_plan(timezone="Mars/Olympus", times=Times(default=dt.time(7, 0))))


# -- options ----------------------------------------------------------------------------------


@pytest.mark.parametrize("timed", [False, True])
def test_remind_adds_exactly_one_valarm_per_event(timed: bool) -> None:
    kwargs = {"timezone": "Europe/London", "times": Times(default=dt.time(7, 0))} if timed else {}
    plan = week_plan(**kwargs)
    data = render_ics(plan, remind=dt.timedelta(minutes=30))
    assert data.count(b"BEGIN:VALARM") == len(plan.sessions)
    for ev in events(data).values():
        [alarm] = [c for c in ev.subcomponents if c.name == "VALARM"]
        assert alarm["ACTION"] == "DISPLAY"
        assert str(alarm["DESCRIPTION"]) == str(ev["SUMMARY"])
        assert alarm["TRIGGER"].dt == dt.timedelta(minutes=-30)
    assert "TRIGGER:-PT30M" in logical_lines(data)
    assert check_against_plan(plan, data) == []


def test_remind_at_the_start_and_refuses_negative() -> None:
    data = render_ics(week_plan(), remind=dt.timedelta(0))
    assert events(data)
    for ev in events(data).values():
        [alarm] = [c for c in ev.subcomponents if c.name == "VALARM"]
        assert alarm["TRIGGER"].dt == dt.timedelta(0)
    with pytest.raises(UsageError):
        render_ics(week_plan(), remind=dt.timedelta(minutes=-5))


def test_busy_only_hides_everything_but_the_time() -> None:
    plan = week_plan(timezone="Europe/London", times=Times(default=dt.time(7, 0)),
                     notes=["My secret note"])
    data = render_ics(plan, busy_only=True, remind=dt.timedelta(minutes=10))
    detailed = render_ics(plan)
    evs = events(data)
    assert len(evs) == len(plan.sessions)
    for session in plan.sessions:
        ev = evs[busy_uid(session.uid)]
        assert str(ev["SUMMARY"]) == {"run": "Workout", "strength": "Strength",
                                      "mobility": "Mobility"}[session.kind]
        assert "DESCRIPTION" not in ev and "CATEGORIES" not in ev
        assert ev["CLASS"] == "PRIVATE" and ev["TRANSP"] == "OPAQUE"
        [alarm] = [c for c in ev.subcomponents if c.name == "VALARM"]
        assert str(alarm["DESCRIPTION"]) == str(ev["SUMMARY"])
    for secret in (b"Stronger glutes", b"glutes", b"My secret note", b"Glute bridge",
                   plan.sessions[0].title.encode()):
        assert secret not in data
    # its own UIDs, so a busy copy can sit in another calendar beside the detailed one
    assert not set(evs) & set(events(detailed))
    assert check_against_plan(plan, data, busy_only=True) == []
    assert lint(data) == []


def test_busy_only_all_day_never_blocks_whole_days() -> None:
    """Issue 12 item 6: an all-day busy copy must not mark everyone's whole day busy."""
    data = render_ics(week_plan(), busy_only=True)
    evs = events(data)
    assert evs and all(ev["TRANSP"] == "TRANSPARENT" for ev in evs.values())
    assert all(ev["CLASS"] == "PRIVATE" for ev in evs.values())
    assert "TRANSP:OPAQUE" not in logical_lines(data)
    # mixed: the timed days block their hours, the all-day ones still do not
    plan = week_plan(timezone="Europe/London",
                     times=Times(by_weekday=((0, dt.time(7, 0)), (2, dt.time(7, 0)))))
    for ev in events(render_ics(plan, busy_only=True)).values():
        timed = isinstance(ev["DTSTART"].dt, dt.datetime)
        assert ev["TRANSP"] == ("OPAQUE" if timed else "TRANSPARENT")


def test_color_is_a_css3_name() -> None:
    data = render_ics(week_plan(), color="Tomato")
    assert "COLOR:tomato" in logical_lines(data)
    assert "rebeccapurple" not in CSS3_COLORS and len(CSS3_COLORS) == 147
    for bad in ("rebeccapurple", "#ff0000", "red\r\nATTENDEE:x", ""):
        with pytest.raises(UsageError, match="colour"):
            render_ics(week_plan(), color=bad)


# -- text -------------------------------------------------------------------------------------

INJECTION = "Run\r\nATTENDEE:mailto:x@y"


def test_injected_lines_stay_text() -> None:
    plan = make_plan([MON], [MON + dt.timedelta(days=1)], titles=[INJECTION, "Str\nSEQUENCE:99"],
                     notes=["note\r\nATTENDEE:mailto:x@y", "\rBEGIN:VALARM\nEND:VALARM"],
                     goal_title="Glutes\r\nATTENDEE:mailto:x@y")
    data = render_ics(plan)
    cal = icalendar.Calendar.from_ical(data)
    assert not any("ATTENDEE" in comp for comp in cal.walk())
    assert not any(ln.startswith(("ATTENDEE", "BEGIN:VALARM", "SEQUENCE:99"))
                   for ln in logical_lines(data))
    evs = events(data)
    run, strength = (evs[s.uid] for s in plan.sessions)
    assert str(run["SUMMARY"]) == "Run ATTENDEE:mailto:x@y"
    assert str(strength["SUMMARY"]) == "Str SEQUENCE:99"
    assert strength["SEQUENCE"] == 0
    assert "- note\nATTENDEE:mailto:x@y" in str(run["DESCRIPTION"])
    for name, parsed in parse_all(data).items():
        assert parsed[plan.sessions[0].uid].summary == "Run ATTENDEE:mailto:x@y", name
    assert lint(data) == []
    assert check_against_plan(plan, data) == []


def test_emoji_and_non_ascii_survive_every_parser() -> None:
    title = "Lauf 🏃‍♀️ über die Brücke, 日本語; \\ ok"
    plan = make_plan([MON], titles=[title], notes=["Ça va? 💪🏽 Ünïcödé"])
    data = render_ics(plan)
    assert lint(data) == []
    uid = plan.sessions[0].uid
    for name, parsed in parse_all(data).items():
        assert parsed[uid].summary == title, name
        assert "Ça va? 💪🏽 Ünïcödé" in (parsed[uid].description or ""), name


def test_control_characters_are_dropped() -> None:
    plan = make_plan([MON], titles=["A\x00B\x1bC\x7fD\u2028E\ufeffF"],
                     notes=["tab\there\x0cform\x85next"])
    data = render_ics(plan)
    assert lint(data) == []
    ev = events(data)[plan.sessions[0].uid]
    assert str(ev["SUMMARY"]) == "ABCD EF"
    assert "tab\there\nform\nnext" in str(ev["DESCRIPTION"])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=st.text(min_size=1, max_size=120), note=st.text(max_size=300))
def test_any_text_gives_a_clean_file_that_round_trips(title: str, note: str) -> None:
    plan = make_plan([MON], titles=[title], notes=[note])
    data = render_ics(plan)
    assert lint(data) == []
    cal = icalendar.Calendar.from_ical(data)
    [ev] = cal.walk("VEVENT")
    assert set(ev) <= {"UID", "DTSTAMP", "SEQUENCE", "SUMMARY", "DESCRIPTION", "CATEGORIES",
                       "DTSTART", "DTEND", "TRANSP"}
    want = clean_text(title, single_line=True) or "Run"
    assert str(ev["SUMMARY"]) == want
    cleaned_note = clean_text(note).strip()
    if cleaned_note:
        assert cleaned_note in str(ev["DESCRIPTION"])


# -- determinism, UIDs, limits ----------------------------------------------------------------


def test_same_plan_same_bytes_even_in_another_process() -> None:
    plan = week_plan(timezone="Pacific/Chatham", times=Times(default=dt.time(7, 0)))
    data = render_ics(plan, remind=dt.timedelta(hours=1), color="teal")
    assert data == render_ics(plan, remind=dt.timedelta(hours=1), color="teal")
    code = (
        "import sys, datetime as dt; sys.path[:0] = [sys.argv[1], sys.argv[2]]\n"
        "from test_ics import week_plan\nfrom planforge.formats.ics import render_ics\n"
        "from planforge.core.model import Times\n"
        "p = week_plan(timezone='Pacific/Chatham', times=Times(default=dt.time(7, 0)))\n"
        "sys.stdout.buffer.write(render_ics(p, remind=dt.timedelta(hours=1), color='teal'))\n"
    )
    env = {**os.environ, "TZ": "America/Santiago", "PYTHONHASHSEED": "12345", "LC_ALL": "C"}
    tests = str(Path(__file__).resolve().parent)
    other = subprocess.run([sys.executable, "-c", code, str(SRC), tests], env=env,
                           capture_output=True, check=True, timeout=120).stdout
    assert other == data


def test_two_plans_share_no_uid() -> None:
    from planforge.core.engine.progression import build_plan

    a = build_plan(goal="glutes", weeks=4, start=dt.date(2026, 3, 2), created=CREATED)
    b = build_plan(goal="thighs", weeks=4, start=dt.date(2026, 3, 2), created=CREATED)
    c = build_plan(goal="glutes", weeks=4, start=dt.date(2026, 3, 9), created=CREATED)
    uids = [set(events(render_ics(p))) for p in (a, b, c)]
    assert all(len(u) > 0 for u in uids)
    assert not uids[0] & uids[1] and not uids[0] & uids[2] and not uids[1] & uids[2]


def test_no_warnings_for_an_ordinary_plan() -> None:
    plan = week_plan()
    assert ics_warnings(plan) == ()
    assert ics_warnings(plan, data=render_ics(plan)) == ()


def test_warnings_for_too_many_events_and_too_many_bytes() -> None:
    days = [dt.date(2026, 1, 1) + dt.timedelta(days=i) for i in range(1001)]
    plan = make_plan(days)
    warnings = ics_warnings(plan, data=b"x")
    assert len(warnings) == 1 and "1001 events" in warnings[0]
    [size] = ics_warnings(week_plan(), data=b"x" * 1_500_000)
    assert "1.5 MB" in size


def test_long_descriptions_are_cut_and_warned_about() -> None:
    plan = make_plan([MON], notes=["word " * 2000])
    session = plan.sessions[0]
    text = session_description(session, plan=plan)
    assert len(text) <= MAX_DESCRIPTION_CHARS and text.endswith(TRUNCATION_NOTE)
    ev = events(render_ics(plan))[session.uid]
    assert len(str(ev["DESCRIPTION"])) <= 8000
    [warning] = ics_warnings(plan)
    assert "keeps the first 7,500" in warning and session.date.isoformat() in warning
    # the lengths kept while rendering say what measuring each description again says
    assert ics_warnings(plan, data=render_ics(plan)) == (warning,)


def test_sessions_that_read_the_same_share_one_description() -> None:
    """A calendar describes each distinct session once (a week's mobility sessions, say):
    every event's DESCRIPTION is still the one made for it alone, whatever its date."""
    from planforge.core.engine.progression import build_plan
    from planforge.core.inputs.zones import load_zone, zone_file
    from planforge.formats.ics.calendar import _description
    from planforge.formats.ics.slots import slots

    built = build_plan(goal="glutes", weeks=8, start=dt.date(2026, 3, 2), created=CREATED,
                       days=(0, 1, 2, 4, 5, 6), timezone="Europe/London",
                       times=Times(default=dt.time(1, 30)))  # 01:30 moves on 29 March
    odd = dataclasses.replace(built.sessions[0], notes=["unhashable"])  # type: ignore[arg-type]
    for plan in (built, dataclasses.replace(built, sessions=(odd, *built.sessions[1:]))):
        cal = build_calendar(plan)
        evs = {str(ev["UID"]): ev["DESCRIPTION"] for ev in cal.walk("VEVENT")}
        placed = slots(plan, load_zone("Europe/London", zone_file("Europe/London")))
        assert any(slot.moved for slot in placed)
        for slot in placed:
            assert str(evs[slot.session.uid]) == _description(plan, slot)[0]
        assert len({id(text) for text in evs.values()}) < len(evs)


def test_a_runs_description_ends_with_its_intervals_icu_text() -> None:
    """Issue 14 item 3: the text `workouts --format icu` writes for a run is in its event,
    under a heading, after the plan's own text; strength and mobility have none."""
    plan = week_plan()
    evs = events(render_ics(plan))
    first = plan.sessions[0]
    assert first.kind == "run" and first.main == run_walk_main()  # 8 x (run 60 s, walk 90 s)
    text = str(evs[first.uid]["DESCRIPTION"])
    plan_text, _, icu = text.partition(f"\n\n{ICU_HEADING}\n")
    assert plan_text == session_description(first, plan=plan)
    # written out by hand from the session: a heading per part, the repeat as "8x"
    assert "\n\nMain set 8x\n- Run 1m\n- Walk 1m30s\n\n" in icu
    # the same text as the intervals.icu file has for that day
    assert f"\n{icu}\n" in render_icu(plan).decode("utf-8")
    for session in plan.sessions:
        has = ICU_HEADING in str(evs[session.uid]["DESCRIPTION"])
        assert has == (session.kind == "run"), session.kind


def test_the_intervals_icu_text_keeps_within_the_description_budget() -> None:
    """The plan's text comes first: when the intervals.icu text would take a description
    over MAX_DESCRIPTION_CHARS (under Google's 8,000), one line says where to get it
    instead; when not even that fits (a description already cut), nothing is added."""

    def described(filler: int) -> tuple[str, str, str]:
        plan = make_plan([MON], notes=["x" * filler])
        session = plan.sessions[0]
        text = str(events(render_ics(plan))[session.uid]["DESCRIPTION"])
        return session_description(session, plan=plan), session_text(session), text

    own, icu, _ = described(1)
    base = len(own) - 1  # the description without the filler
    block = len(f"\n\n{ICU_HEADING}\n{icu}")
    left_out = len(f"\n\n{ICU_LEFT_OUT}")
    assert left_out < block
    full_max = MAX_DESCRIPTION_CHARS - base - block  # the longest filler with the text
    note_max = MAX_DESCRIPTION_CHARS - base - left_out  # ... with the note line instead
    for filler, expected in ((full_max, "text"), (full_max + 1, "note"), (note_max, "note"),
                             (note_max + 1, "nothing"), (20_000, "nothing")):
        own, icu, text = described(filler)
        assert len(text) <= MAX_DESCRIPTION_CHARS, filler
        assert text == {"text": f"{own}\n\n{ICU_HEADING}\n{icu}",
                        "note": f"{own}\n\n{ICU_LEFT_OUT}", "nothing": own}[expected], filler
    assert own.endswith(TRUNCATION_NOTE) and len(own) == MAX_DESCRIPTION_CHARS  # the cut one


def test_describe_does_not_import_icalendar() -> None:
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import planforge.core.wording; "
            "print('icalendar' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(SRC)], capture_output=True,
                         text=True, check=True, timeout=60).stdout.strip()
    assert out == "False"


# -- descriptions -----------------------------------------------------------------------------


@pytest.mark.parametrize(("minutes", "text"), [
    (1.5, "1 min 30 s"), (25, "25 min"), (0.5, "30 s"), (8 / 60, "8 s"), (1, "1 min"),
    (0, "0 min"), (90.25, "90 min 15 s"), (2.999999, "3 min"),
])
def test_format_minutes(minutes: float, text: str) -> None:
    assert format_minutes(minutes) == text


def test_run_walk_spells_out_every_repeat() -> None:
    plan = make_plan([MON])
    text = session_description(plan.sessions[0], plan=plan)
    lines = text.split("\n")
    assert lines[0] == "Warm-up: 5 min brisk walk"
    assert lines[1] == "Main set: 8 x (run 1 min, walk 1 min 30 s)"
    assert lines[2:10] == [f"{i}. Run 1 min, walk 1 min 30 s" for i in range(1, 9)]
    assert lines[10] == "Cool-down: 5 min walk"
    assert "Stop if it hurts." in text


def test_intervals_and_hills_wording() -> None:
    plan = make_plan([MON, MON + dt.timedelta(days=2), MON + dt.timedelta(days=4),
                      MON + dt.timedelta(days=6)])
    texts = {s.workout: session_description(s, plan=plan) for s in plan.sessions}
    assert "1. Fast 30 s, easy jog 1 min 30 s" in texts["intervals"]
    assert "6. Fast 30 s, easy jog 1 min 30 s" in texts["intervals"]
    # the easy run, then the sprints numbered 1 to their count (issue 12: not 2 to 5)
    assert "Main set:\nRun 15 min, then\n4 x (sprint uphill 8 s, walk back down 1 min 30 s):\n" \
           "1. Sprint uphill 8 s, walk back down 1 min 30 s\n" in texts["hills"]
    assert "4. Sprint uphill 8 s, walk back down 1 min 30 s\nCool-down" in texts["hills"]
    assert "Main set: Run 20 min" in texts["easy"]


def test_uneven_main_set_is_split_into_steps() -> None:
    main = (Block(1, (Segment("run", 180), Segment("walk", 90), Segment("run", 300),
                      Segment("walk", 150), Segment("run", 180), Segment("walk", 90),
                      Segment("run", 300))),)
    session = Session(uid="u@x", date=MON, week=4, kind="run", workout="run-walk", hard=False,
                      title="Week 4", warmup_min=5, cooldown_min=5, main=main)
    text = session_description(session, plan=make_plan([MON]))
    assert ("1. Run 3 min, walk 1 min 30 s\n2. Run 5 min, walk 2 min 30 s\n"
            "3. Run 3 min, walk 1 min 30 s\n4. Run 5 min\n") in text


def test_strength_lines() -> None:
    plan = make_plan([], [MON])
    text = session_description(plan.sessions[0], plan=plan)
    # the range, and the week's aim in it (issue 11: rep ranges)
    assert ("1. Glute bridge, 2-s hold: 2 x 12-15, aim for 12 (rest 75 s) - Drive through your "
            "heels and squeeze your glutes for 2 seconds at the top.") in text
    assert "2. Static split squat: 2 x 8-10, aim for 8 each side (rest 75 s)" in text
    assert "3. Front plank on knees: 2 x 20-30 s, aim for 20 s (rest 75 s)" in text
    # an exercise that names no equipment (a plan file from before it) shows its load
    assert "4. Goblet squat (dumbbell): 3 x 8-12, aim for 8 (rest 90 s)" in text
    with_kit = dataclasses.replace(plan.sessions[0], exercises=(
        dataclasses.replace(plan.sessions[0].exercises[3], name="Dumbbell goblet squat",
                equipment=("dumbbells",)),))
    assert "1. Dumbbell goblet squat: 3 x 8-12" in session_description(with_kit, plan=plan)


def test_mobility_lists_its_items() -> None:
    plan = make_plan([], [], [MON])
    text = session_description(plan.sessions[0], plan=plan)
    assert "What to do:\n- Foam roll glutes, hamstrings and calves, 30-60 s each side" in text


def test_engine_sessions_describe_cleanly() -> None:
    from planforge.core.engine.progression import build_plan

    plan = build_plan(goal="glutes", weeks=16, start=MON, created=CREATED, level="beginner")
    for session in plan.sessions:
        text = session_description(session, plan=plan)
        assert 0 < len(text) < 4000
        assert text == clean_text(text)
        if session.kind == "run" and session.main:
            repeats = sum(b.repeat for b in session.main)
            assert text.count("\n1. ") <= 1
            assert repeats == 1 or "\n1. " in text



#: what clean_text handles: every character it changes, and printable text around them
_CLEANED = ["\r", "\n", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x00", "\x1b",
            "\x7f", "\x9f", "\t", "\ud800", "\udfff", "\ufeff", "\u200b", "\xa0", " ", "é", "🏃"]


@settings(max_examples=300, deadline=None)
@given(text=st.lists(st.one_of(st.sampled_from(_CLEANED), st.text(max_size=6)),
                     max_size=8).map("".join))
def test_clean_text_shortcut_is_the_full_cleaning(text: str) -> None:
    """clean_text returns a printable text unchanged without running _clean: the same
    result as _clean, whatever the text holds."""
    from planforge.core.wording import _clean

    for single_line in (False, True):
        assert clean_text(text, single_line=single_line) == _clean(text, single_line)


# -- icalendar writes the text -------------------------------------------------------------------

#: iCalendar names that would start a hand-written content line ("DTSTART;TZID=...", "UID:...")
_ICAL_NAMES = ("BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "DTSTART", "DTEND",
               "DTSTAMP", "UID", "SEQUENCE", "SUMMARY", "DESCRIPTION", "CATEGORIES", "CLASS",
               "TRANSP", "TRIGGER", "ACTION", "RRULE", "RDATE", "TZID", "TZNAME",
               "TZOFFSETFROM", "TZOFFSETTO", "COLOR", "NAME", "X-[A-Z-]+")
_CONTENT_LINE = re.compile(rf"(?:^|\n|\r)(?:{'|'.join(_ICAL_NAMES)})[;:]")
#: reading is not writing: the plan-file loader recognises a calendar by its first line
_ALLOWED = {("formats/planfile/read.py", b"BEGIN:VCALENDAR")}


def hand_written_lines(source: str, name: str) -> list[str]:
    """String and bytes literals of ``source`` (docstrings aside) that start a content line."""
    import ast

    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or id(node) in docstrings:
            continue
        value = node.value
        if isinstance(value, bytes):
            text = value.decode("latin-1")
        elif isinstance(value, str):
            text = value
        else:
            continue
        if _CONTENT_LINE.search(text) and (name, value) not in _ALLOWED:
            found.append(f"{name}:{node.lineno}: {text[:60]!r}")
    return found


def test_no_calendar_text_is_assembled_in_src() -> None:
    found = []
    for path in sorted((SRC / "planforge").rglob("*.py")):
        name = path.relative_to(SRC / "planforge").as_posix()
        found += hand_written_lines(path.read_text(encoding="utf-8"), name)
    assert found == []


def test_the_check_catches_hand_written_lines() -> None:
    """The detector above fails on what the old writer did (so the test can fail)."""
    old = ('lines = ["BEGIN:VCALENDAR", "VERSION:2.0"]\n'
           'lines.append(f"DTSTART;TZID={zone}:{when}")\n'
           'lines += (_fold(f"UID:{uid}"), "END:VEVENT")\n'
           'text = "\\r\\n".join(lines) + "\\r\\nX-WR-CALNAME:" + name\n')
    assert len(hand_written_lines(old, "old.py")) == 6
    assert hand_written_lines('"""DTSTART;TZID=x in a docstring"""\nx = "Error: no"\n',
                              "ok.py") == []


def test_build_calendar_gives_objects_other_writers_extend() -> None:
    """A feed writer adds calendar and event properties to the objects, not to text."""
    plan = week_plan(timezone="Europe/London", times=Times(default=dt.time(7, 0)))
    cal = build_calendar(plan, RenderOptions(remind=dt.timedelta(minutes=5)))
    assert isinstance(cal, icalendar.Calendar)
    assert cal.to_ical() == render_ics(plan, remind=dt.timedelta(minutes=5))
    refresh = vDuration(dt.timedelta(hours=12))  # as publish/feed.py adds it (any icalendar)
    refresh.params["VALUE"] = "DURATION"
    cal.add("refresh-interval", refresh, encode=False)
    cal.add("x-published-ttl", "PT12H")
    for event in cal.walk("VEVENT"):
        event.add("last-modified", CREATED)
    data = cal.to_ical()
    lines = logical_lines(data)
    assert "REFRESH-INTERVAL;VALUE=DURATION:PT12H" in lines
    assert "X-PUBLISHED-TTL:PT12H" in lines
    assert lines.count("LAST-MODIFIED:20260102T030405Z") == len(plan.sessions)
    assert lint(data) == [] and check_against_plan(plan, data) == []
    # each call builds new objects: changing one calendar leaves the next one as it was
    assert b"REFRESH-INTERVAL" not in build_calendar(plan).to_ical()


def test_uid_and_dtstamp_are_always_given_never_defaults() -> None:
    plan = week_plan()
    first = render_ics(plan)
    evs = events(first)
    assert sorted(evs) == sorted(s.uid for s in plan.sessions)
    assert {ev["DTSTAMP"].dt for ev in evs.values()} == {CREATED}
    assert render_ics(plan) == first


def test_the_plan_travels_inside_the_calendar_but_not_in_a_busy_copy() -> None:
    plan = week_plan(notes=["A note of mine"])
    cal = icalendar.Calendar.from_ical(render_ics(plan))
    assert PLAN_PROPERTY in cal
    busy = render_ics(plan, busy_only=True)
    assert PLAN_PROPERTY.encode() not in busy and b"A note of mine" not in busy
