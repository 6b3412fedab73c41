"""write_output: whole files, never over an existing file without force, stdout as bytes."""

from __future__ import annotations

import io
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest

from planforge.errors import OutputError
from planforge.formats import output
from planforge.formats.output import write_output


def test_writes_a_new_file_whole(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    write_output(str(target), b"BEGIN:VCALENDAR\r\n", force=False)
    assert target.read_bytes() == b"BEGIN:VCALENDAR\r\n"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]  # no temp file left behind


def test_new_file_gets_the_usual_mode(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    old = os.umask(0o022)
    try:
        write_output(str(target), b"x", force=False)
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_existing_file_is_kept_without_force(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.write_bytes(b"mine")
    with pytest.raises(OutputError) as err:
        write_output(str(target), b"new", force=False)
    assert str(err.value) == f"{target} already exists; use --force to overwrite it"
    assert err.value.exit_code == 1
    assert target.read_bytes() == b"mine"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]


def test_force_replaces(tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.write_bytes(b"old")
    write_output(str(target), b"new", force=True)
    assert target.read_bytes() == b"new"


def test_a_file_that_appears_meanwhile_is_not_clobbered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process creates the file after the existence check: the link still refuses."""
    target = tmp_path / "plan.ics"
    real_mkstemp = tempfile.mkstemp

    def mkstemp_then_race(**kwargs: Any) -> tuple[int, str]:
        result = real_mkstemp(**kwargs)
        target.write_bytes(b"theirs")
        return result

    monkeypatch.setattr(output.tempfile, "mkstemp", mkstemp_then_race)
    with pytest.raises(OutputError, match="already exists"):
        write_output(str(target), b"ours", force=False)
    assert target.read_bytes() == b"theirs"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]


def test_without_hard_links_the_name_is_claimed_exclusively(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_links(src: object, dst: object) -> None:
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(output.os, "link", no_links)
    target = tmp_path / "plan.ics"
    write_output(str(target), b"data", force=False)
    assert target.read_bytes() == b"data"
    with pytest.raises(OutputError, match="already exists"):
        write_output(str(target), b"other", force=False)
    assert target.read_bytes() == b"data"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.ics"]


def test_missing_folder_and_folder_target(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="does not exist"):
        write_output(str(tmp_path / "no" / "plan.ics"), b"x", force=False)
    with pytest.raises(OutputError, match="is a folder"):
        write_output(str(tmp_path), b"x", force=True)


def test_dash_writes_bytes_to_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    raw = io.BytesIO()
    monkeypatch.setattr(output.sys, "stdout", io.TextIOWrapper(raw, encoding="utf-8"))
    write_output("-", b"BEGIN:VCALENDAR\r\n\xc3\xa9", force=False)
    assert raw.getvalue() == b"BEGIN:VCALENDAR\r\n\xc3\xa9"


def test_broken_pipe_on_stdout_is_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    class Gone(io.BytesIO):
        def write(self, data: object) -> int:
            raise BrokenPipeError(32, "Broken pipe")

    class Stdout(io.TextIOWrapper):
        def fileno(self) -> int:
            raise OSError("no descriptor")

    monkeypatch.setattr(output.sys, "stdout", Stdout(Gone()))
    write_output("-", b"data", force=False)  # no exception


def test_the_temporary_file_is_made_by_tempfile_in_the_target_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bytes go to a tempfile.mkstemp file in the target's folder (so os.replace and
    os.link stay on one file system), named .NAME.PID.XXXXXXXX.tmp as docs/guide.md says (the
    process id tells a later run whether a killed one left it behind); it is gone
    afterwards, and the new file has the ordinary mode (0666 less the umask), not 0600."""
    made: list[str] = []
    real_mkstemp = tempfile.mkstemp

    def recording_mkstemp(**kwargs: Any) -> tuple[int, str]:
        fd, name = real_mkstemp(**kwargs)
        made.append(name)
        assert Path(name).stat().st_mode & 0o777 == 0o600
        return fd, name

    monkeypatch.setattr(output.tempfile, "mkstemp", recording_mkstemp)
    target = tmp_path / "plan.ics"
    old_mask = os.umask(0o022)
    try:
        write_output(str(target), b"data", force=False)
    finally:
        os.umask(old_mask)
    assert len(made) == 1
    assert Path(made[0]).parent == tmp_path
    assert re.fullmatch(rf"\.plan\.ics\.{os.getpid()}\.[a-z0-9_]{{8}}\.tmp", Path(made[0]).name)
    assert not Path(made[0]).exists()
    assert target.read_bytes() == b"data"
    assert target.stat().st_mode & 0o777 == 0o644



def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    """A plan file kept 600 for the feed token in it stays 600 when it is written back."""
    target = tmp_path / "priv.toml"
    target.write_bytes(b"old")
    target.chmod(0o600)
    write_output(str(target), b"new", force=True)
    assert target.read_bytes() == b"new" and target.stat().st_mode & 0o7777 == 0o600
    target.chmod(0o640)
    write_output(str(target), b"newer", force=True)
    assert target.stat().st_mode & 0o7777 == 0o640


def test_temporary_files_a_killed_run_left_are_removed_by_the_next_write(
        tmp_path: Path) -> None:
    """A temporary file of a process that is gone goes; a running one's, another target's
    and an unknown recent one stay."""
    dead = os.fork()
    if dead == 0:
        os._exit(0)
    os.waitpid(dead, 0)
    left = tmp_path / f".out.ics.{dead}.abcd1234.tmp"
    running = tmp_path / f".out.ics.{os.getppid()}.abcd1234.tmp"
    other = tmp_path / f".other.ics.{dead}.abcd1234.tmp"
    recent = tmp_path / ".out.ics.abcd1234.tmp"  # an older release: no process id
    old = tmp_path / ".out.ics.zzzz9999.tmp"
    for path in (left, running, other, recent, old):
        path.write_bytes(b"partial")
    os.utime(old, (0, 0))
    write_output(str(tmp_path / "out.ics"), b"data", force=False)
    assert not left.exists() and not old.exists()
    assert running.exists() and other.exists() and recent.exists()
