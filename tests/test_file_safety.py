"""Files are safe (issue 6, part 3): a full disk, Ctrl-C, a read-only folder or a reader that
goes away never leaves a partial or empty file and never damages the file that was there;
nothing is overwritten without ``--force``.

Each case is simulated below the level of planforge's own code (``io.open``, ``os.fdopen``,
``os.write`` and ``os.open`` are patched, or a real process gets a file-size limit or a
signal), so the tests fail if ``planforge.formats.output`` stops writing to a temporary file and
renaming it into place. Commands that write files are found by introspection
(tests/fuzz_support.py), so one added later is covered too.
"""

from __future__ import annotations

import builtins
import contextlib
import errno
import io
import os
import resource
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from fuzz_support import (
    CREATED,
    START,
    FilePool,
    commands,
    invoke,
    make_pool,
    role,
    user_params,
    valid_argv,
)
from planforge.formats import output
from sampling import named, sample

SRC = Path(__file__).resolve().parent.parent / "src"
OLD = b"BEGIN:VCALENDAR\r\nX-OLD:the plan that was there\r\nEND:VCALENDAR\r\n"
MAKE = ["make", "--goal", "glutes", "--weeks", "4", "--start", START, "--created", CREATED]


def _writing_commands() -> list[str]:
    return sorted(name for name, command in commands().items()
                  if any(role(p) == "output" for p in user_params(command)))


WRITERS = _writing_commands()


@pytest.fixture(scope="session")
def pool(tmp_path_factory: pytest.TempPathFactory) -> FilePool:
    return make_pool(tmp_path_factory.mktemp("safety-pool"))


def argv_writing(name: str, pool: FilePool, target: Path, *extra: str) -> list[str]:
    """A valid command line for ``name`` that writes ``target``."""
    args = valid_argv(name, pool)
    i = args.index("-o")
    args[i + 1] = str(target)
    return [name, *args, *extra]


def names_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_writing_commands_are_found() -> None:
    assert {"make", "render", "shift", "next"} <= set(WRITERS)


# ----------------------------------------------------------------------------- a full disk


class _Budget:
    def __init__(self, left: int, error: Callable[[], BaseException]) -> None:
        self.left, self.error, self.hit = left, error, False

    def take(self, n: int) -> int:
        """How many of ``n`` bytes may still be written; raises once none may."""
        room = min(n, self.left)
        self.left -= room
        return room


class _FailingFile:
    """A file object that writes until the budget runs out, then raises (half a write)."""

    def __init__(self, real: Any, budget: _Budget) -> None:
        self._real, self._budget = real, budget

    def write(self, data: Any) -> int:
        room = self._budget.take(len(data))
        if room < len(data):
            self._real.write(data[:room])
            self._real.flush()
            self._budget.hit = True
            raise self._budget.error()
        return int(self._real.write(data))

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def __enter__(self) -> _FailingFile:
        return self

    def __exit__(self, *exc: object) -> None:
        self._real.__exit__(*exc)


@contextlib.contextmanager
def failing_writes(monkeypatch: pytest.MonkeyPatch, after: int,
                   error: Callable[[], BaseException]) -> Iterator[_Budget]:
    """Every file opened for writing (but standard output and error) fails after ``after``
    bytes in all with ``error()``, whichever way it is opened or written."""
    budget = _Budget(after, error)
    real_open, real_write = io.open, os.write

    def fake_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        handle = real_open(file, mode, *args, **kwargs)
        if any(c in mode for c in "wax+") and file not in (1, 2):
            return _FailingFile(handle, budget)
        return handle

    def fake_write(fd: int, data: Any) -> int:
        if fd in (1, 2):
            return real_write(fd, data)
        room = budget.take(len(data))
        if room < len(data):
            real_write(fd, bytes(data[:room]))
            budget.hit = True
            raise budget.error()
        return real_write(fd, data)

    monkeypatch.setattr(io, "open", fake_open)
    monkeypatch.setattr(builtins, "open", fake_open)
    monkeypatch.setattr(os, "write", fake_write)
    yield budget


def _enospc() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.mark.parametrize("name", WRITERS)
@pytest.mark.parametrize("exists", [False, True], ids=["new", "existing+force"])
def test_a_write_that_fails_half_way_leaves_nothing_and_keeps_the_old_file(
        name: str, exists: bool, pool: FilePool, tmp_path: Path,
        monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.ics"
    if exists:
        target.write_bytes(OLD)
    args = argv_writing(name, pool, target, *(["--force"] if exists else []))
    with failing_writes(monkeypatch, 1000, _enospc) as budget:
        result = invoke(args)
    assert budget.hit, "the write never reached the failing point"
    assert result.exit_code == 1, result.output
    assert result.stderr == f"Error: cannot write {target}: No space left on device\n"
    assert names_in(tmp_path) == (["plan.ics"] if exists else [])
    if exists:
        assert target.read_bytes() == OLD


def test_a_full_disk_in_a_real_process(tmp_path: Path) -> None:
    """A real limit on file size (RLIMIT_FSIZE): the write fails part way with EFBIG."""
    target = tmp_path / "plan.ics"
    target.write_bytes(OLD)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (4096, 4096))
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)

    proc = subprocess.run(
        [sys.executable, "-m", "planforge", *MAKE, "--weeks", "12", "-o", str(target),
         "--force"], capture_output=True, text=True, env=_env(), preexec_fn=limit,
        timeout=60, check=False)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr == f"Error: cannot write {target}: File too large\n"
    assert target.read_bytes() == OLD
    assert names_in(tmp_path) == ["plan.ics"]


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs Linux /proc")
def test_data_reaches_the_disk_before_the_name(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """fsync of the new file comes before it takes the target's name (a power cut leaves
    the old file or the whole new one)."""
    synced: set[str] = set()
    renamed: list[tuple[str, bool]] = []
    real_fsync, real_replace, real_link = os.fsync, os.replace, os.link

    def fsync(fd: int) -> None:
        synced.add(str(Path(f"/proc/self/fd/{fd}").readlink()))
        real_fsync(fd)

    def rename(real: Callable[[Any, Any], None]) -> Callable[[Any, Any], None]:
        def call(src: Any, dst: Any) -> None:
            renamed.append((str(dst), str(src) in synced))
            real(src, dst)
        return call

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", rename(real_replace))
    monkeypatch.setattr(os, "link", rename(real_link))
    target = str(tmp_path / "a.ics")
    output.write_output(target, b"data", force=False)
    output.write_output(target, b"more", force=True)
    assert renamed == [(target, True), (target, True)], renamed


# ----------------------------------------------------------------------------- Ctrl-C


@pytest.mark.parametrize("exists", [False, True], ids=["new", "existing+force"])
def test_ctrl_c_during_the_write(exists: bool, tmp_path: Path,
                                 monkeypatch: pytest.MonkeyPatch) -> None:
    """KeyboardInterrupt half way through the write: 'Aborted!', exit 1, nothing left."""
    target = tmp_path / "plan.ics"
    if exists:
        target.write_bytes(OLD)
    with failing_writes(monkeypatch, 1000, KeyboardInterrupt) as budget:
        result = invoke([*MAKE, "-o", str(target), *(["--force"] if exists else [])])
    assert budget.hit
    assert result.exit_code == 1
    assert result.stderr == "\nAborted!\n"  # click's: a new line after the ^C
    assert names_in(tmp_path) == (["plan.ics"] if exists else [])
    if exists:
        assert target.read_bytes() == OLD


_SLOW_WRITER = textwrap.dedent("""
    import io, os, sys, time
    from pathlib import Path

    ready = Path(sys.argv[1])
    real_open = io.open

    class Slow:
        def __init__(self, real):
            self.real = real
        def write(self, data):
            self.real.write(data[: len(data) // 2])
            self.real.flush()
            ready.write_bytes(b"half written")
            time.sleep(60)
            return self.real.write(data[len(data) // 2:])
        def __getattr__(self, name):
            return getattr(self.real, name)
        def __enter__(self):
            return self
        def __exit__(self, *exc):
            self.real.__exit__(*exc)

    def slow_open(file, mode="r", *args, **kwargs):
        handle = real_open(file, mode, *args, **kwargs)
        if "w" in mode and file not in (1, 2) and str(file) != str(ready):
            return Slow(handle)
        return handle

    io.open = slow_open
    import builtins
    builtins.open = slow_open
    from planforge.cli import main
    main(sys.argv[2:], prog_name="planforge")
""")


@pytest.mark.parametrize("exists", [False, True], ids=["new", "existing+force"])
def test_sigint_to_a_real_process_half_way_through_the_write(exists: bool,
                                                             tmp_path: Path) -> None:
    folder = tmp_path / "out"
    folder.mkdir()
    target = folder / "plan.ics"
    if exists:
        target.write_bytes(OLD)
    ready = tmp_path / "ready"
    proc = subprocess.Popen(
        [sys.executable, "-c", _SLOW_WRITER, str(ready), *MAKE, "-o", str(target),
         *(["--force"] if exists else [])],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=_env())
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            assert proc.poll() is None, proc.communicate()
            assert time.monotonic() < deadline, "the write never started"
            time.sleep(0.02)
        # the temporary file holds half the data now
        assert any(p.name.endswith(".tmp") for p in folder.iterdir())
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == 1, err
    assert err == b"\nAborted!\n"
    assert names_in(folder) == (["plan.ics"] if exists else [])
    if exists:
        assert target.read_bytes() == OLD


# ----------------------------------------------------------------------------- read-only


def _eacces_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Making or renaming a name in ``folder`` fails with EACCES, as in a folder without
    write permission (a file already there can still be opened for writing, as there)."""
    real_os_open, real_io_open = os.open, io.open

    def denied(path: Any) -> bool:
        return (isinstance(path, str | os.PathLike) and Path(path).parent == folder
                and not Path(path).exists())

    def fake_os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        if flags & os.O_CREAT and denied(path):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_os_open(path, flags, *args, **kwargs)

    def fake_io_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if any(c in mode for c in "wax+") and denied(file):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(file))
        return real_io_open(file, mode, *args, **kwargs)

    def fake_link(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(dst))

    monkeypatch.setattr(os, "open", fake_os_open)
    monkeypatch.setattr(io, "open", fake_io_open)
    monkeypatch.setattr(builtins, "open", fake_io_open)
    monkeypatch.setattr(os, "link", fake_link)
    monkeypatch.setattr(os, "replace", fake_link)
    monkeypatch.setattr(os, "rename", fake_link)


@pytest.mark.parametrize("name", WRITERS)
@pytest.mark.parametrize("exists", [False, True], ids=["new", "existing+force"])
def test_a_read_only_folder(name: str, exists: bool, pool: FilePool, tmp_path: Path,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "plan.ics"
    if exists:
        target.write_bytes(OLD)
    args = argv_writing(name, pool, target, *(["--force"] if exists else []))
    _eacces_in(tmp_path, monkeypatch)
    result = invoke(args)
    assert result.exit_code == 1, result.output
    assert result.stderr == f"Error: cannot write {target}: Permission denied\n"
    monkeypatch.undo()
    assert names_in(tmp_path) == (["plan.ics"] if exists else [])
    if exists:
        assert target.read_bytes() == OLD


@contextlib.contextmanager
def _really_read_only(folder: Path) -> Iterator[str]:
    """Make ``folder`` refuse new files for this process: chmod for a normal user; for root
    (CI runs as root, and chmod does not stop root) the immutable attribute."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        try:
            yield "chmod 555"
        finally:
            folder.chmod(0o755)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(folder)], capture_output=True,
                                        check=False).returncode != 0:
        pytest.skip("running as root, where chmod does not stop writes, and chattr +i is "
                    "not available here (no chattr, or no CAP_LINUX_IMMUTABLE); "
                    "test_a_read_only_folder covers the case with EACCES")
    try:
        yield "chattr +i"
    finally:
        subprocess.run([chattr, "-i", str(folder)], check=True)


@pytest.mark.parametrize("exists", [False, True], ids=["new", "existing+force"])
def test_a_really_read_only_folder(exists: bool, tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "plan.ics"
    if exists:
        target.write_bytes(OLD)
    with _really_read_only(folder):
        result = invoke([*MAKE, "-o", str(target), *(["--force"] if exists else [])])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Error: cannot write {target}: ")
    assert result.stderr.endswith(("Permission denied\n", "Operation not permitted\n"))
    assert names_in(folder) == (["plan.ics"] if exists else [])
    if exists:
        assert target.read_bytes() == OLD


@pytest.mark.skipif(not Path("/sys/kernel").is_dir(), reason="needs Linux /sys")
def test_a_system_folder_that_refuses_files() -> None:
    """/sys takes no new files, even from root."""
    result = invoke([*MAKE, "-o", "/sys/kernel/planforge-test.ics"])
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: cannot write /sys/kernel/planforge-test.ics: ")
    assert result.stderr.count("\n") == 1
    assert not Path("/sys/kernel/planforge-test.ics").exists()


# ----------------------------------------------------------------------------- --force


@pytest.mark.parametrize("name", sample(WRITERS, keep=named("make", "shift")))
def test_nothing_is_overwritten_without_force(name: str, pool: FilePool,
                                              tmp_path: Path) -> None:
    target = tmp_path / "plan.ics"
    target.write_bytes(OLD)
    link = tmp_path / "link.ics"
    link.symlink_to("plan.ics")
    dangling = tmp_path / "dangling.ics"
    dangling.symlink_to("nowhere.ics")
    for path in (target, link, dangling):
        result = invoke(argv_writing(name, pool, path))
        assert result.exit_code == 1, result.output
        assert result.stderr == f"Error: {path} already exists; use --force to overwrite it\n"
    assert target.read_bytes() == OLD
    assert names_in(tmp_path) == ["dangling.ics", "link.ics", "plan.ics"]

    result = invoke(argv_writing(name, pool, target, "--force"))
    assert result.exit_code == 0, result.output
    assert target.read_bytes() != OLD
    # --force on a link replaces the link, never the file it points to
    other = tmp_path / "other.ics"
    other.write_bytes(OLD)
    link.unlink()
    link.symlink_to("other.ics")
    assert invoke(argv_writing(name, pool, link, "--force")).exit_code == 0
    assert other.read_bytes() == OLD
    assert not link.is_symlink()


@pytest.mark.parametrize("name", sample(WRITERS, keep=named("make", "shift")))
def test_a_device_or_pipe_is_never_replaced(name: str, pool: FilePool,
                                            tmp_path: Path) -> None:
    """-o naming a FIFO, or a link to /dev/null, is refused even with --force: renaming a
    file over it would replace the device (as root, /dev/null itself)."""
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    null = tmp_path / "null"
    null.symlink_to(os.devnull)
    for path in (fifo, null):
        for force in ((), ("--force",)):
            result = invoke(argv_writing(name, pool, path, *force))
            assert result.exit_code == 1, result.output
            assert result.stderr == (f"Error: {path} is not a regular file (a device, pipe or "
                                     "socket); give a file name, or - for standard output\n")
    assert fifo.is_fifo() and null.is_symlink()


# ----------------------------------------------------------------------------- pipes


def _env(**extra: str) -> dict[str, str]:
    path = os.pathsep.join([str(SRC), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path, "PYTHONDONTWRITEBYTECODE": "1", **extra}


def test_make_into_head_ends_quietly() -> None:
    """The real shell pipeline: planforge exits 0 and says nothing about the pipe."""
    script = (f"'{sys.executable}' -m planforge make --goal glutes --weeks 52 "
              f"--start {START} -o - | head -1; echo \"status=${{PIPESTATUS[0]}}\"")
    proc = subprocess.run(["bash", "-c", script], capture_output=True, env=_env(),
                          timeout=120, check=False)
    assert proc.stdout == b"BEGIN:VCALENDAR\r\nstatus=0\n", proc.stdout
    err = proc.stderr.decode()
    assert "Traceback" not in err and "Broken pipe" not in err, err
    assert "Exception ignored" not in err, err
    assert err.startswith("wrote standard output: 52 weeks, "), err


def _stdout_argvs(pool: FilePool) -> dict[str, list[str]]:
    """A command line for every command, writing to standard output where it can."""
    out = {}
    for name in commands():
        args = valid_argv(name, pool)
        if name == "make" or name == "show":
            args += ["--weeks", "52"]
        out[name] = args
    return out


@pytest.mark.parametrize("name", sample(sorted(commands()), keep=named("make", "show", "check")))
def test_a_closed_pipe_on_standard_output(name: str, pool: FilePool) -> None:
    """Standard output is a pipe whose reader is already gone: every command ends quietly,
    exit 0 (1 for check, whose verdict stands)."""
    args = _stdout_argvs(pool)[name]
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run([sys.executable, "-m", "planforge", name, *args],
                              stdout=write_end, stderr=subprocess.PIPE, env=_env(),
                              timeout=120, check=False)
    finally:
        os.close(write_end)
    err = proc.stderr.decode()
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert "Broken pipe" not in err and "BrokenPipe" not in err, err
    assert proc.returncode == 0, (proc.returncode, err)


def test_check_keeps_its_verdict_when_the_reader_goes_away(tmp_path: Path) -> None:
    plan = tmp_path / "plan.toml"
    assert invoke([*MAKE, "-o", str(plan)]).exit_code == 0
    text = plan.read_text(encoding="utf-8").replace('load = "bodyweight"', 'load = "dumbbell"')
    plan.write_text(text, encoding="utf-8")  # breaks R11: a finding on standard output
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        proc = subprocess.run([sys.executable, "-m", "planforge", "check", str(plan)],
                              stdout=write_end, stderr=subprocess.PIPE, env=_env(),
                              timeout=60, check=False)
    finally:
        os.close(write_end)
    assert proc.returncode == 1, proc.stderr
    assert proc.stderr.decode().startswith(f"{plan}: ") and proc.stderr.count(b"\n") == 1
