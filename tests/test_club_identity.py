"""A member's feed stays theirs (issue 19, item 1): rows inserted, deleted and moved, names in
any script, one-line JSON rosters, an id column, and club folders of older releases; each
member keeps their feed's file name (its secret token) and their events' UIDs."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz_support import fuzz_budget
from planforge.cli import main
from planforge.club.roster import RosterError, read_roster

CREATED = "2026-11-20T08:00:00Z"
#: Persian "Mohammadreza": two words joined by a zero-width non-joiner
PERSIAN = "\u0645\u062d\u0645\u062f\u200c\u0631\u0636\u0627"
NAMES = ["王芳", "李娜", "Ada", "Zoë", "Zoe", "🏃\u200d♀️", PERSIAN, "Анна", "Bo", "प्रिया"]


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def club_plan(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("plan") / "plan.toml"
    result = run("make", "--goal", "glutes", "--weeks", "3", "--start", "2027-01-04",
                 "--created", CREATED, "-o", str(path))
    assert result.exit_code == 0, result.output
    return path


def overview(club: Path) -> dict[str, dict[str, str]]:
    text = (club / "club.csv").read_text(encoding="utf-8")
    return {row["name"]: row for row in csv.DictReader(io.StringIO(text))}


def identities(club: Path) -> dict[str, tuple[str, frozenset[str]]]:
    """Each member's feed file and the UIDs in it, read from the files themselves."""
    out = {}
    for name, row in overview(club).items():
        data = (club / row["feed"]).read_bytes()
        uids = frozenset(str(e["UID"]) for e in icalendar.Calendar.from_ical(data).walk("VEVENT"))
        out[name] = (row["feed"], uids)
    return out


def batch(plan: Path, roster: Path, club: Path, *more: str) -> Result:
    result = run("batch", str(plan), str(roster), "-o", str(club), "--jobs", "1", *more)
    assert "Traceback" not in result.output
    return result


def write_csv(path: Path, names: list[str], header: str = "name") -> Path:
    path.write_text(header + "\n" + "\n".join(names) + "\n", encoding="utf-8")
    return path


def test_the_issue_inserting_a_row_gives_nobody_another_members_feed(
        tmp_path: Path, club_plan: Path) -> None:
    """``王芳, 李娜`` then ``Ada, 王芳, 李娜``: before the fix 王芳 got 李娜's old address."""
    club, roster = tmp_path / "club", tmp_path / "r.csv"
    assert batch(club_plan, write_csv(roster, ["王芳", "李娜"]), club).exit_code == 0
    before = identities(club)
    assert batch(club_plan, write_csv(roster, ["Ada", "王芳", "李娜"]), club).exit_code == 0
    after = identities(club)
    assert after["王芳"] == before["王芳"] and after["李娜"] == before["李娜"]
    assert len({feed for feed, _ in after.values()}) == 3
    assert sorted(p.name for p in (club / "plans").iterdir()) == ["ada.toml", "李娜.toml",
                                                                  "王芳.toml"]


@settings(max_examples=fuzz_budget(6), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_rows_inserted_deleted_and_moved_keep_every_members_feed_and_uids(
        tmp_path_factory: pytest.TempPathFactory, club_plan: Path, data: st.DataObject) -> None:
    folder = tmp_path_factory.mktemp("moves")
    club, roster = folder / "club", folder / "r.csv"
    first = data.draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True))
    assert batch(club_plan, write_csv(roster, first), club).exit_code == 0
    seen = identities(club)
    for _ in range(2):
        names = data.draw(st.permutations(data.draw(st.lists(
            st.sampled_from(NAMES), min_size=1, max_size=6, unique=True))))
        assert batch(club_plan, write_csv(roster, list(names)), club).exit_code == 0
        now = identities(club)
        assert set(now) == set(names)
        for name, ident in now.items():
            assert seen.setdefault(name, ident) == ident, name  # dropped ones come back too
        feeds = [feed for feed, _ in seen.values()]
        uids = [uid for _, u in seen.values() for uid in u]
        assert len(feeds) == len(set(feeds)) and len(uids) == len(set(uids))


def test_a_one_line_json_roster_gives_each_member_their_own_feed(tmp_path: Path,
                                                                 club_plan: Path) -> None:
    club, roster = tmp_path / "club", tmp_path / "r.json"
    roster.write_text(json.dumps([{"name": n} for n in ["王芳", "李娜", "🏃\u200d♀️"]]),
                      encoding="utf-8")
    result = batch(club_plan, roster, club)
    assert result.exit_code == 0, result.output
    before = identities(club)
    assert len(before) == 3
    roster.write_text(json.dumps([{"name": n} for n in ["Ada", "🏃\u200d♀️", "李娜", "王芳"]]),
                      encoding="utf-8")
    assert batch(club_plan, roster, club).exit_code == 0
    after = identities(club)
    assert all(after[name] == before[name] for name in before)


def test_json_rosters_report_the_line_each_member_starts_on(tmp_path: Path) -> None:
    """Other keys (and lists) before the members do not shift the lines."""
    roster = tmp_path / "r.json"
    roster.write_text('{"club": ["a", "[b"],\n "members": [\n  {"name": "Ada"},\n\n'
                      '  {"name": "Bo", "start": "x"},\n  {"name": "Cy"}]}\n', encoding="utf-8")
    read = read_roster(roster)
    assert [(m.line, m.name) for m in read.members] == [(3, "Ada"), (6, "Cy")]
    assert [str(p)[:35] for p in read.problems] == ["line 5 (Bo): start: 'x' is not a da"]


def test_two_rows_of_one_member_are_refused_naming_both_lines(tmp_path: Path) -> None:
    roster = write_csv(tmp_path / "r.csv", ["Ada Lovelace,", "Bo,b1", "ada  lovelace,",
                                            "Cy,B1"], header="name,id")
    read = read_roster(roster)
    assert [m.name for m in read.members] == ["Ada Lovelace", "Bo"]
    assert [str(p) for p in read.problems] == [
        "line 4 (ada lovelace): name: 'ada lovelace' is the same name as line 2's (Ada "
        "Lovelace); give each member a name of their own, or an id column",
        "line 5 (Cy): id: 'B1' is also the id of line 3 (Bo); give each member an id of "
        "their own"]


def test_an_id_keeps_a_members_feed_across_a_new_name(tmp_path: Path,
                                                     club_plan: Path) -> None:
    """Adding an id column keeps everyone's feed; then a member renamed keeps theirs, and
    two members of one name (different ids) get files of their own."""
    club, roster = tmp_path / "club", tmp_path / "r.csv"
    assert batch(club_plan, write_csv(roster, ["Ada", "Bo"]), club).exit_code == 0
    first = identities(club)
    assert batch(club_plan, write_csv(roster, ["Ada,7", "Bo,8"], "name,id"),
                 club).exit_code == 0
    assert identities(club) == first
    result = batch(club_plan, write_csv(roster, ["Ada King,7", "Bo,8", "Bo,9"], "name,id"), club)
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO((club / "club.csv").read_text("utf-8"))))
    assert [r["name"] for r in rows] == ["Ada King", "Bo", "Bo"]
    assert rows[0]["feed"] == first["Ada"][0] and rows[1]["feed"] == first["Bo"][0]
    assert rows[2]["feed"] not in (rows[0]["feed"], rows[1]["feed"])
    assert rows[0]["plan_file"] == "plans/ada.toml"  # a file keeps the name it was given
    assert rows[2]["plan_file"].startswith("plans/bo-") and rows[2]["plan_file"] != \
        rows[1]["plan_file"]


def test_names_alike_get_files_of_their_own_whatever_the_order(tmp_path: Path,
                                                               club_plan: Path) -> None:
    files = []
    for order in (["Zoë", "Zoe"], ["Zoe", "Zoë"]):
        club = tmp_path / "-".join(order)
        assert batch(club_plan, write_csv(tmp_path / "r.csv", order), club).exit_code == 0
        files.append({name: row["plan_file"] for name, row in overview(club).items()})
    assert files[0] == files[1] and len(set(files[0].values())) == 2


def test_a_club_folder_of_an_older_release_keeps_every_address_and_uid(
        tmp_path: Path, club_plan: Path) -> None:
    """An older release named a member with no ASCII letter by line (plans/member-3.toml)
    and derived their UIDs from that; the folder had no record. Its plan files name their
    members, so rows may move on the first run of this release."""
    from planforge.club.batch import member_files, member_plan
    from planforge.club.roster import read_roster as read
    from planforge.club.state import Identity
    from planforge.formats.planfile import load_plan
    from planforge.publish.feed import with_tokens

    plan = load_plan(club_plan)
    club = tmp_path / "club"
    old = read(write_csv(tmp_path / "old.csv", ["Ada", "王芳", "李娜"]))
    legacy = {}
    for member in old.members:
        slug = "ada" if member.name == "Ada" else f"member-{member.line}"
        token = (slug.replace("-", "_") + "_feed_token_0000000")[:24]
        ident = Identity(member.key, slug, slug, token, token.upper())
        mine = with_tokens(member_plan(plan, member, ident), token=ident.feed,
                           busy_token=ident.busy)
        for rel, data in member_files(mine, member, ident, None).items():
            (club / rel).parent.mkdir(parents=True, exist_ok=True)
            (club / rel).write_bytes(data)
        legacy[member.name] = (f"site/{token}/{token}.ics",
                               frozenset(s.uid for s in mine.sessions))
    (club / "index.html").write_text("old overview", encoding="utf-8")
    roster = write_csv(tmp_path / "r.csv", ["李娜", "Bo", "王芳", "Ada"])
    result = batch(club_plan, roster, club)
    assert result.exit_code == 0, result.output
    assert "read each member's address back" in result.stderr
    now = identities(club)
    assert {name: now[name] for name in legacy} == legacy
    assert (club / ".planforge.json").is_file()


def test_members_who_leave_keep_their_files_and_come_back_to_their_feed(
        tmp_path: Path, club_plan: Path) -> None:
    club, roster = tmp_path / "club", tmp_path / "r.csv"
    batch(club_plan, write_csv(roster, ["Ada", "Bo"]), club)
    first = identities(club)
    batch(club_plan, write_csv(roster, ["Ada"]), club)
    assert (club / first["Bo"][0]).is_file() and set(overview(club)) == {"Ada"}
    batch(club_plan, write_csv(roster, ["Bo", "Ada"]), club)
    assert identities(club) == first


@pytest.mark.parametrize("text", ['[{"name": "Ada", "name": "Bo"}]',
                                  '{"members": [], "members": [{"name": "Ada"}]}'])
def test_duplicate_keys_in_a_json_roster_are_refused(tmp_path: Path, text: str) -> None:
    roster = tmp_path / "r.json"
    roster.write_text(text, encoding="utf-8")
    with pytest.raises(RosterError, match="appears twice in one object"):
        read_roster(roster)


@pytest.mark.parametrize("text", ["[" * 500 + "]" * 500,
                                  '{"members": [{"name": ' + "[" * 500 + "]" * 500 + "}]}"])
def test_a_deep_json_roster_is_refused_in_one_line_at_once(tmp_path: Path, text: str,
                                                          club_plan: Path) -> None:
    roster = tmp_path / "r.json"
    roster.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    result = run("batch", str(club_plan), str(roster), "-o", str(tmp_path / "club"))
    assert time.perf_counter() - started < 30  # generous: the bound is checked first
    assert result.exit_code == 2
    assert result.stderr == (f"Error: {roster}: is nested more than 32 deep; no plan file, "
                             "template or roster nests so deep\n")


def test_joiners_are_names_and_direction_overrides_are_not(tmp_path: Path) -> None:
    roster = tmp_path / "r.csv"
    roster.write_text(f"name\n👩\u200d💻 Ada\n{PERSIAN}\nEve\u202egnp.exe\nA\u2066B\n",
                      encoding="utf-8")
    read = read_roster(roster)
    assert [m.name for m in read.members] == ["👩\u200d💻 Ada", PERSIAN]
    assert [p.line for p in read.problems] == [4, 5]
    assert all("direction overrides (U+202A-U+202E, U+2066-U+2069)" in str(p)
               for p in read.problems)
    assert all("\u202e" not in str(p) for p in read.problems)
