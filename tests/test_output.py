"""write_output: whole files, never over an existing file without force, stdout as bytes."""

from __future__ import annotations

import io
import os
import re
import stat
from pathlib import Path

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
    real_mkstemp = output._mkstemp

    def mkstemp_then_race(folder: Path, **kwargs: str) -> tuple[int, str]:
        result = real_mkstemp(folder, **kwargs)
        target.write_bytes(b"theirs")
        return result

    monkeypatch.setattr(output, "_mkstemp", mkstemp_then_race)
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


def test_temporary_files_are_made_as_tempfile_makes_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """output._mkstemp stands in for tempfile.mkstemp (not imported, for speed): a new file,
    mode 0600, prefix + 8 characters + suffix, an absolute path; a taken name is skipped."""
    fd, name = output._mkstemp(tmp_path, prefix=".plan.ics.", suffix=".tmp")
    os.close(fd)
    assert Path(name).is_absolute() and Path(name).parent == tmp_path
    assert re.fullmatch(r"\.plan\.ics\.[a-z0-9_]{8}\.tmp", Path(name).name)
    assert Path(name).stat().st_mode & 0o777 == 0o600

    draws = iter([b"\x00" * 8, b"\x00" * 8, b"\x01" * 8])
    monkeypatch.setattr(output.os, "urandom", lambda n: next(draws))
    taken = tmp_path / ".x.aaaaaaaa.tmp"
    taken.write_bytes(b"")
    fd, name = output._mkstemp(tmp_path, prefix=".x.", suffix=".tmp")
    os.close(fd)
    assert Path(name).name == ".x.bbbbbbbb.tmp"

    monkeypatch.setattr(output.os, "urandom", lambda n: b"\x00" * 8)
    with pytest.raises(FileExistsError):
        output._mkstemp(tmp_path, prefix=".x.", suffix=".tmp")
