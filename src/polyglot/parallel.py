"""Independent work side by side, within the user's cap on cores (``translate.workers``).

:func:`workers` turns the setting into a count (0: every core this process may use);
:func:`confined` keeps a whole operation, the engine processes it starts included, on
that many cores; :func:`pmap` maps a pure function over jobs on that many processes;
:func:`each` runs I/O-bound calls (writing files) on that many threads. Only orchestration
uses them: the work itself stays a pure function of its inputs, so the bytes written
never depend on the number of workers.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from contextlib import contextmanager
from functools import partial
from typing import Any, TypeVar

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")


def cores() -> frozenset[int]:
    """The CPUs this process may run on (all of them where affinity is unknown)."""
    try:
        return frozenset(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return frozenset(range(os.cpu_count() or 1))


def workers(setting: int) -> int:
    """The worker count a setting asks for: 0 means one per core this process may use."""
    return setting if setting > 0 else len(cores())


@contextmanager
def confined(count: int) -> Iterator[None]:
    """Run the block on at most ``count`` cores (0: no limit), the processes it starts included.

    Sets the CPU affinity of the calling thread (inherited by the threads and processes
    it starts) to its first ``count`` allowed cores, and restores it after. Where
    affinity cannot be set (not Linux), the block runs unconfined.
    """
    allowed = cores()
    if count <= 0 or count >= len(allowed):
        yield
        return
    try:
        os.sched_setaffinity(0, sorted(allowed)[:count])
    except (AttributeError, OSError):
        yield
        return
    try:
        yield
    finally:
        os.sched_setaffinity(0, allowed)


def pmap(function: Callable[[C, T], R], common: C, jobs: Sequence[T], count: int) -> Iterator[R]:
    """``function(common, job)`` for each job on ``count`` processes, in order; here when one is enough.

    ``function`` must be a module-level function. ``common`` reaches each process once,
    through the fork (never pickled: it may hold anything); jobs and results cross
    processes pickled, in chunks (a few per process), so one fork serves many small jobs.
    """
    if count <= 1 or len(jobs) < 2:
        yield from (function(common, job) for job in jobs)
        return
    count = min(count, len(jobs))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(count, mp_context=context, initializer=_receive, initargs=(common, os.getpid())) as pool:
        yield from pool.map(partial(_apply, function), jobs, chunksize=max(1, len(jobs) // (4 * count)))


#: In a pool process, the ``common`` of the pmap that forked it.
_common: Any = None


def _receive(common: Any, parent: int) -> None:
    """A pool process starts: keep ``common``, and die with the parent (a killed run leaves none behind)."""
    global _common
    _common = common
    try:
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    except (AttributeError, OSError):  # not Linux: such a process ends when the pool is next used
        pass
    if os.getppid() != parent:  # the parent died before the call above
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _apply(function: Callable[[Any, T], R], job: T) -> R:
    return function(_common, job)


def each(function: Callable[[T], R], jobs: Iterable[T], count: int) -> list[R]:
    """``list(map(function, jobs))`` on ``count`` threads, for calls that mostly wait (disk, fsync)."""
    jobs = list(jobs)
    if count <= 1 or len(jobs) < 2:
        return [function(j) for j in jobs]
    pool = ThreadPoolExecutor(min(count, len(jobs)), thread_name_prefix="polyglot-io")
    try:
        return list(pool.map(function, jobs))
    finally:  # on an error or Ctrl-C, calls not yet started never start
        pool.shutdown(wait=True, cancel_futures=True)
