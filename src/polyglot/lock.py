"""The project lock: one polyglot run at a time writes a project.

The lock is an ``fcntl.flock`` on ``.polyglot/lock``. The kernel releases it
when the holding process exits or is killed, so a lock left by a killed run is
never stale: the next run simply gets it. The file also holds a one-line JSON
record of the holder (pid, host, command, start time), used only for the
message shown to a run that has to wait; it is overwritten by each new holder
and emptied on release, so a non-empty record on a free lock means a run was
killed.

Limits: ``flock`` is per open file, so one process taking the lock twice
blocks itself; on some network file systems ``flock`` is not shared between
machines.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shlex
import socket
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from .errors import InputError, LockError

LOCK_NAME = "lock"


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) the lock."""

    pid: int
    host: str
    command: str
    since: float

    def describe(self) -> str:
        """``pid 1234, 'polyglot translate', since 12:03:04`` (the host too when it is another)."""
        started = time.localtime(self.since)
        when = time.strftime("%H:%M:%S", started)
        if time.strftime("%Y-%m-%d", started) != time.strftime("%Y-%m-%d"):
            when = time.strftime("%Y-%m-%d %H:%M:%S", started)
        host = "" if self.host == socket.gethostname() else f" on {self.host}"
        return f"pid {self.pid}{host}, {self.command!r}, since {when}"

    def alive(self) -> bool | None:
        """Whether the holder's process still runs; None when it is on another host."""
        if self.host != socket.gethostname():
            return None
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def read_holder(state_dir: Path) -> Holder | None:
    """The holder record in the lock file, or None when it is absent, empty or unreadable."""
    try:
        raw = (Path(state_dir) / LOCK_NAME).read_text(encoding="utf-8")
        record = json.loads(raw)
        return Holder(int(record["pid"]), str(record["host"]), str(record["command"]), float(record["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def default_command() -> str:
    """The current command line, shortened to ``polyglot <subcommand …>``."""
    argv = list(sys.argv) or ["polyglot"]
    name = Path(argv[0]).name
    if name in {"__main__.py", "cli.py", "-m", "-c"} or name.startswith("python"):
        name = "polyglot"
    return shlex.join([name, *argv[1:]])


class ProjectLock:
    """Exclusive lock on ``<state_dir>/lock``, as a context manager.

    A second run polls every ``poll`` seconds for up to ``timeout`` seconds,
    then raises :class:`~polyglot.errors.LockError` naming the holder.

    >>> with ProjectLock(Path(".polyglot"), timeout=5):  # doctest: +SKIP
    ...     write_catalogs()
    """

    def __init__(
        self,
        state_dir: Path,
        timeout: float = 0.0,
        *,
        command: str | None = None,
        poll: float = 0.1,
    ) -> None:
        self.path = Path(state_dir) / LOCK_NAME
        self.timeout = timeout
        self.command = command if command is not None else default_command()
        self.poll = poll
        self._fd: int | None = None
        self._kept: int | None = None  # the lock file, open while not held (see release)
        #: The record found when the lock was taken: a run killed while holding it, or None.
        self.previous: Holder | None = None

    @property
    def held(self) -> bool:
        """Whether this object holds the lock now."""
        return self._fd is not None

    def acquire(self) -> None:
        """Take the lock, waiting up to ``timeout`` seconds; LockError if another run keeps it."""
        if self._fd is not None:
            raise RuntimeError("ProjectLock is not reentrant")
        fd, self._kept = self._kept, None
        if fd is not None and not self._still_the_file(fd):
            os.close(fd)
            fd = None
        if fd is None:
            fd = self._open()
        deadline = time.monotonic() + max(self.timeout, 0.0)
        try:
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    remaining = deadline - time.monotonic()
                    if remaining <= 0:
                        raise self._busy_error() from None
                    time.sleep(min(self.poll, remaining))
            self.previous = read_holder(self.path.parent)
            self._write_record(fd)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self, *, keep_open: bool = False) -> None:
        """Empty the holder record and release the lock (a no-op when not held).

        ``keep_open``: keep the lock file open, so that the next :meth:`acquire` only
        locks it again (a long-lived session taking the lock for each short write).
        """
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            os.ftruncate(fd, 0)
        finally:
            if keep_open:
                fcntl.flock(fd, fcntl.LOCK_UN)
                self._kept = fd
            else:
                os.close(fd)  # closing the last descriptor releases the flock

    def close(self) -> None:
        """Release the lock and close the lock file kept open."""
        self.release()
        fd, self._kept = self._kept, None
        if fd is not None:
            os.close(fd)

    def _open(self) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            # never through a link: opening one would truncate whatever file it points to
            return os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            if exc.errno != errno.ELOOP:
                raise
            raise InputError(
                "the lock file is a symbolic link; polyglot never writes through one",
                path=f"{self.path.parent.name}/{self.path.name}",
                hint="remove the link",
            ) from None

    def _still_the_file(self, fd: int) -> bool:
        """Whether a kept descriptor still opens the lock file (not one deleted or replaced since)."""
        try:
            now = os.stat(self.path, follow_symlinks=False)
        except OSError:
            return False
        kept = os.fstat(fd)
        return (now.st_dev, now.st_ino) == (kept.st_dev, kept.st_ino)

    def __enter__(self) -> ProjectLock:
        self.acquire()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.release()

    def _write_record(self, fd: int) -> None:
        record = {
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "command": self.command,
            "since": time.time(),
        }
        data = (json.dumps(record) + "\n").encode("utf-8")
        os.ftruncate(fd, 0)
        os.pwrite(fd, data, 0)

    def _busy_error(self) -> LockError:
        holder = None
        for _ in range(3):  # the holder may be between truncating and writing its record
            holder = read_holder(self.path.parent)
            if holder is not None:
                break
            time.sleep(0.02)
        if holder is None:
            who = "another polyglot run"
        else:
            who = f"another polyglot run ({holder.describe()})"
            if holder.alive() is False:
                who += " whose process has exited but left a child holding it"
        waited = f"waited {self.timeout:g} s" if self.timeout > 0 else "did not wait"
        return LockError(
            f"{who} holds the project lock; wait for it to finish or stop it, then retry",
            path=f"{self.path.parent.name}/{self.path.name}",  # project-relative, like other errors
            hint=waited,
        )
