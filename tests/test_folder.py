"""A folder written as a unit (issue 19: site, club and watch folders): the new version is
made beside the old one and swapped in whole; the user's files are carried over untouched;
what a killed run left is cleaned up or undone by the next one. Real files in a temporary
folder; a kill is a real process killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from planforge.errors import OutputError
from planforge.formats import folder as folder_module
from planforge.formats.folder import Staging, recover

SRC = Path(__file__).resolve().parent.parent / "src"


def tree(root: Path) -> dict[str, bytes | str]:
    out: dict[str, bytes | str] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_symlink():
            out[rel] = "-> " + str(path.readlink())
        elif path.is_file():
            out[rel] = path.read_bytes()
    return out


def dead_pid() -> int:
    """The id of a process that has ended."""
    pid = os.fork()
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    return pid


@pytest.fixture
def site(tmp_path: Path) -> Path:
    root = tmp_path / "site"
    (root / "sub").mkdir(parents=True)
    (root / "old.ics").write_bytes(b"old feed")
    (root / "same.ics").write_bytes(b"same")
    (root / "index.html").write_bytes(b"old page")
    (root / "mine.txt").write_bytes(b"the user's")
    (root / "sub" / "notes.md").write_bytes(b"notes")
    (root / "link").symlink_to("mine.txt")
    (root / "empty").mkdir()
    (root / "index.html").chmod(0o600)
    return root


def test_a_folder_is_swapped_in_whole_and_keeps_what_is_not_dropped(site: Path) -> None:
    mine, same = (site / "mine.txt").stat(), (site / "same.ics").stat()
    with Staging(site) as stage:
        assert stage.put("new.ics", b"new feed") is True
        assert stage.put("same.ics", b"same") is False
        assert stage.put("index.html", b"new page") is True
        stage.finish(drop={"old.ics"})
    assert tree(site) == {"index.html": b"new page", "link": "-> mine.txt",
                          "mine.txt": b"the user's", "new.ics": b"new feed",
                          "same.ics": b"same", "sub/notes.md": b"notes"}
    assert (site / "empty").is_dir()
    assert (site / "mine.txt").stat().st_ino == mine.st_ino  # carried, not copied
    assert (site / "same.ics").stat().st_mtime_ns == same.st_mtime_ns  # no new ETag
    assert (site / "index.html").stat().st_mode & 0o777 == 0o600  # its mode kept
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]  # nothing left beside


def test_nothing_new_leaves_the_folder_as_it_is(site: Path) -> None:
    before = site.stat().st_ino
    with Staging(site) as stage:
        stage.put("same.ics", b"same")
        stage.finish()
    assert site.stat().st_ino == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_an_error_before_the_swap_leaves_the_old_folder(site: Path) -> None:
    before = tree(site)
    with pytest.raises(RuntimeError), Staging(site) as stage:
        stage.put("new.ics", b"new")
        raise RuntimeError("stopped")
    assert tree(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_a_new_folder_is_made_whole(tmp_path: Path) -> None:
    with Staging(tmp_path / "new") as stage:
        stage.put("a/b.ics", b"b")
        stage.finish()
    assert tree(tmp_path / "new") == {"a/b.ics": b"b"}
    with pytest.raises(OutputError, match=r"folder .* does not exist"):
        Staging(tmp_path / "missing" / "new")
    (tmp_path / "file").write_bytes(b"x")
    with pytest.raises(OutputError, match="is not a folder"):
        Staging(tmp_path / "file")


def test_without_the_exchange_call_two_renames_do_it(site: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(folder_module, "_exchange", lambda new, target: False)
    with Staging(site) as stage:
        stage.put("new.ics", b"new")
        stage.finish(drop={"old.ics"})
    assert "new.ics" in tree(site) and "old.ics" not in tree(site)
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_the_current_folder_is_written_file_by_file(site: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A shell standing in the folder would be left in a removed one: the files go in one
    by one instead (each whole), and the dropped ones out."""
    monkeypatch.chdir(site / "sub")
    before = site.stat().st_ino
    with Staging(site) as stage:
        stage.put("new.ics", b"new")
        stage.put("index.html", b"new page")
        stage.finish(drop={"old.ics"})
    assert site.stat().st_ino == before
    assert tree(site)["new.ics"] == b"new" and "old.ics" not in tree(site)
    assert (site / "index.html").stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_a_pipe_in_the_folder_is_kept_by_writing_file_by_file(site: Path) -> None:
    os.mkfifo(site / "pipe")
    with Staging(site) as stage:
        stage.put("new.ics", b"new")
        stage.finish()
    assert (site / "pipe").exists() and tree(site)["new.ics"] == b"new"


def test_staging_inside_the_folder_when_the_parent_refuses(site: Path,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    """Where the parent takes no new entry the staging folder is made inside the target
    and the files are moved in one by one."""
    real = folder_module.tempfile.mkdtemp

    def refuse_beside(**kwargs: object) -> str:
        if Path(str(kwargs["dir"])) == site.parent:
            raise PermissionError(13, "Permission denied")
        return real(**kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(folder_module.tempfile, "mkdtemp", refuse_beside)
    with Staging(site) as stage:
        assert stage.root.parent == site
        stage.put("new.ics", b"new")
        stage.finish(drop={"old.ics"})
    assert tree(site)["new.ics"] == b"new" and "old.ics" not in tree(site)
    assert not [p for p in site.iterdir() if ".planforge-" in p.name]


def test_what_a_killed_run_left_is_undone_or_removed(site: Path) -> None:
    """Killed between the two renames of the fallback swap, the target is missing and its
    old version lies beside it: it goes back. Staging folders of gone processes go; a
    running one's stays."""
    pid = dead_pid()
    before = tree(site)
    aside = site.parent / f".site.planforge-old-{pid}-abcdefgh"
    site.rename(aside)
    half = site.parent / f".site.planforge-new-{pid}-ijklmnop"
    half.mkdir()
    (half / "partial.ics").write_bytes(b"part")
    running = site.parent / f".site.planforge-new-{os.getppid()}-qrstuvwx"
    running.mkdir()
    recover(site)
    assert tree(site) == before
    assert sorted(p.name for p in site.parent.iterdir()) == sorted(["site", running.name])


def test_a_file_that_appears_meanwhile_is_kept(site: Path) -> None:
    with Staging(site) as stage:
        stage.put("new.ics", b"new")
        real_carry = stage._carry

        def carry_then_write(drop: set[str]) -> bool:
            done = real_carry(drop)
            (site / "late.txt").write_bytes(b"written meanwhile")
            return done

        stage._carry = carry_then_write  # type: ignore[method-assign]
        stage.finish()
    assert tree(site)["late.txt"] == b"written meanwhile"


@pytest.mark.slow
def test_kill_9_at_any_moment_leaves_the_old_folder_or_the_new(tmp_path: Path) -> None:
    """A real process writes a folder of 200 files again and again and is killed at a
    random moment; the folder is each time wholly one version, and the next run cleans up."""
    site = tmp_path / "site"
    script = textwrap.dedent("""
        import sys
        from planforge.formats.folder import Staging
        version = 0
        while True:
            version += 1
            with Staging(sys.argv[1]) as stage:
                for i in range(200):
                    stage.put(f"f{i:03d}.txt", f"{version}".encode() * 50)
                stage.finish(drop=set())
            print(version, flush=True)
    """)
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    for delay in (0.0, 0.01, 0.03, 0.07, 0.15):
        proc = subprocess.Popen([sys.executable, "-c", script, str(site)], env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout is not None
        assert proc.stdout.readline().strip().isdigit()  # one version is in: kill it later
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
        versions = {p.read_bytes() for p in site.iterdir()}
        assert len(versions) == 1 and len(list(site.iterdir())) == 200
        recover(site)
        if site.exists():
            assert len({p.read_bytes() for p in site.iterdir()}) == 1
    with Staging(site) as stage:
        stage.put("f000.txt", b"last")
        stage.finish()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_mount_point_is_written_file_by_file_from_inside(tmp_path: Path) -> None:
    """A folder that is a mount point cannot be renamed: the files are staged inside it
    (a rename from beside it would cross file systems) and moved in one by one."""
    target = tmp_path / "mounted"
    target.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", str(target)],
                          capture_output=True, text=True, check=False)
    if done.returncode != 0:
        pytest.skip(f"needs root to mount a tmpfs ({done.stderr.strip()})")
    try:
        (target / "old.ics").write_bytes(b"old")
        (target / "mine.txt").write_bytes(b"mine")
        with Staging(target) as stage:
            assert stage.root.parent == target
            stage.put("new.ics", b"new")
            stage.finish(drop={"old.ics"})
        assert tree(target) == {"mine.txt": b"mine", "new.ics": b"new"}
        assert sorted(p.name for p in tmp_path.iterdir()) == ["mounted"]
    finally:
        subprocess.run(["umount", "-l", str(target)], check=False)
