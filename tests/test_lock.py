"""The project lock, contended by real processes."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from polyglot.errors import EXIT_LOCKED, LockError, PolyglotError
from polyglot.lock import LOCK_NAME, ProjectLock, read_holder

SRC = Path(__file__).resolve().parents[1] / "src"

HOLDER = """
import os, sys, time
from pathlib import Path
from polyglot.lock import ProjectLock
lock = ProjectLock(Path(sys.argv[1]), timeout=0, command="polyglot translate")
lock.acquire()
if sys.argv[2] == "fork":  # leave a child holding the inherited descriptor, then exit
    child = os.fork()
    if child == 0:
        time.sleep(30)
        os._exit(0)
    print(child, flush=True)
    os._exit(0)
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
lock.release()
print("released", flush=True)
"""

WORKER = """
import os, sys, time
from pathlib import Path
from polyglot.lock import ProjectLock
state, log = Path(sys.argv[1]), sys.argv[2]
for i in range(4):
    with ProjectLock(state, timeout=20, poll=0.005, command="polyglot build"):
        for j in range(5):
            with open(log, "a") as f:  # one write per line, reopened: interleaving would show
                f.write(f"{os.getpid()} {i} {j}\\n")
            time.sleep(0.002)
"""


def _python(script: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    return subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(script), *args], env=env, stdout=subprocess.PIPE, text=True
    )


def _hold(state: Path, seconds: float) -> subprocess.Popen[str]:
    proc = _python(HOLDER, str(state), str(seconds))
    assert proc.stdout is not None and proc.stdout.readline() == "locked\n"
    return proc


def test_acquire_writes_and_release_clears_the_holder_record(tmp_path: Path) -> None:
    state = tmp_path / ".polyglot"
    with ProjectLock(state, command="polyglot update") as lock:
        assert lock.held
        holder = read_holder(state)
        assert holder is not None
        assert (holder.pid, holder.command) == (os.getpid(), "polyglot update")
        assert abs(holder.since - time.time()) < 5
    assert not lock.held
    assert read_holder(state) is None
    assert (state / LOCK_NAME).exists()  # the file stays; only the flock matters
    with ProjectLock(state):  # and it can be taken again
        pass


def test_not_reentrant_in_one_object(tmp_path: Path) -> None:
    with ProjectLock(tmp_path) as lock:
        with pytest.raises(RuntimeError):
            lock.acquire()


def test_second_run_waits_bounded_time_then_names_the_holder(tmp_path: Path) -> None:
    state = tmp_path / ".polyglot"
    holder = _hold(state, 30)
    try:
        started = time.monotonic()
        with pytest.raises(LockError) as info:
            ProjectLock(state, timeout=0.5, poll=0.05).acquire()
        waited = time.monotonic() - started
    finally:
        holder.kill()
        holder.communicate()
    assert 0.45 <= waited < 3
    error = info.value
    assert isinstance(error, PolyglotError) and error.exit_code == EXIT_LOCKED == 4
    message = str(error)
    assert re.search(
        rf"another polyglot run \(pid {holder.pid}, 'polyglot translate', since \d\d:\d\d:\d\d\) holds the project lock",
        message,
    ), message
    assert "wait for it" in message and "waited 0.5 s" in message
    assert error.path == f"{state.name}/{LOCK_NAME}"


def test_no_wait_fails_at_once(tmp_path: Path) -> None:
    holder = _hold(tmp_path, 30)
    try:
        started = time.monotonic()
        with pytest.raises(LockError, match="did not wait"):
            ProjectLock(tmp_path).acquire()
        assert time.monotonic() - started < 5  # the holder keeps it 30 s: it did not wait
    finally:
        holder.kill()
        holder.communicate()


def test_waiting_run_gets_the_lock_when_the_holder_finishes(tmp_path: Path) -> None:
    holder = _hold(tmp_path, 0.3)
    started = time.monotonic()
    with ProjectLock(tmp_path, timeout=10, poll=0.02) as lock:
        assert 0.1 < time.monotonic() - started < 5
        assert read_holder(tmp_path).pid == os.getpid()  # type: ignore[union-attr]
        assert lock.previous is None  # the holder released cleanly
    out, _ = holder.communicate(timeout=10)
    assert out == "released\n"


def test_lock_of_a_killed_run_is_free_at_once(tmp_path: Path) -> None:
    holder = _hold(tmp_path, 30)
    holder.send_signal(signal.SIGKILL)
    holder.communicate()
    stale = read_holder(tmp_path)
    assert stale is not None and stale.pid == holder.pid and stale.alive() is False
    started = time.monotonic()
    with ProjectLock(tmp_path, timeout=0) as lock:
        assert time.monotonic() - started < 5  # never waits for the dead holder's 30 s
        assert lock.previous == stale  # the killed run is known, e.g. to clean its temporary files
        assert read_holder(tmp_path).pid == os.getpid()  # type: ignore[union-attr]


def test_garbage_in_the_lock_file_is_harmless(tmp_path: Path) -> None:
    (tmp_path / LOCK_NAME).write_bytes(b"\x00\xffnot json")
    with ProjectLock(tmp_path) as lock:
        assert lock.previous is None
    holder = _hold(tmp_path, 30)
    try:
        (tmp_path / LOCK_NAME).write_bytes(b"garbage")
        with pytest.raises(LockError, match=r"^.*: another polyglot run holds the project lock"):
            ProjectLock(tmp_path).acquire()
    finally:
        holder.kill()
        holder.communicate()


def test_holder_that_exited_but_left_a_child_is_reported(tmp_path: Path) -> None:
    proc = _python(HOLDER, str(tmp_path), "fork")
    assert proc.stdout is not None
    grandchild = int(proc.stdout.readline())  # communicate() would wait for the grandchild's pipe
    assert proc.wait(timeout=10) == 0
    proc.stdout.close()
    try:
        with pytest.raises(LockError, match="has exited but left a child holding it"):
            ProjectLock(tmp_path).acquire()
    finally:
        os.kill(grandchild, signal.SIGKILL)
    deadline = time.monotonic() + 5
    while True:  # the grandchild is reaped by init; its flock goes with it
        try:
            with ProjectLock(tmp_path):
                break
        except LockError:
            assert time.monotonic() < deadline
            time.sleep(0.05)


def test_contending_processes_never_interleave(tmp_path: Path) -> None:
    state, log = tmp_path / ".polyglot", tmp_path / "log.txt"
    workers = [_python(WORKER, str(state), str(log)) for _ in range(3)]
    for w in workers:
        assert w.wait(timeout=60) == 0
        w.communicate()
    lines = log.read_text().splitlines()
    assert len(lines) == 3 * 4 * 5
    blocks = [lines[k : k + 5] for k in range(0, len(lines), 5)]
    for block in blocks:  # each critical section's five lines are contiguous and in order
        owners = {tuple(line.split()[:2]) for line in block}
        assert len(owners) == 1, block
        assert [line.split()[2] for line in block] == ["0", "1", "2", "3", "4"]
    assert len({tuple(b[0].split()[:2]) for b in blocks}) == 12


def test_a_lock_released_but_kept_open_is_free_for_others_and_taken_again(tmp_path: Path) -> None:
    lock = ProjectLock(tmp_path, timeout=0)
    lock.acquire()
    lock.release(keep_open=True)
    assert read_holder(tmp_path) is None
    with ProjectLock(tmp_path, timeout=0):  # another descriptor gets it: really released
        with pytest.raises(LockError):
            lock.acquire()
    lock.acquire()
    try:
        with pytest.raises(LockError):  # and the kept descriptor really holds it again
            ProjectLock(tmp_path, timeout=0).acquire()
        assert read_holder(tmp_path).pid == os.getpid()  # type: ignore[union-attr]
    finally:
        lock.close()
    with ProjectLock(tmp_path, timeout=0):
        pass


def test_a_kept_lock_file_deleted_meanwhile_is_opened_again(tmp_path: Path) -> None:
    """Locking a deleted file would exclude nobody: the kept descriptor is checked against the path."""
    lock = ProjectLock(tmp_path, timeout=0)
    lock.acquire()
    lock.release(keep_open=True)
    (tmp_path / LOCK_NAME).unlink()
    holder = _hold(tmp_path, 30)  # a run that locks the new file
    try:
        with pytest.raises(LockError, match="another polyglot run"):
            lock.acquire()
    finally:
        holder.kill()
        holder.communicate()
        lock.close()
