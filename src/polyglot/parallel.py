"""Independent work side by side: a process pool over documents (or languages), results in order.

Only orchestration uses it (building pages); the work itself stays a pure function of
its inputs, so the bytes written never depend on the number of workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from typing import TypeVar

T = TypeVar("T")
R = TypeVar("R")


def workers(setting: int) -> int:
    """The worker count a setting asks for: 0 means one per core."""
    return setting if setting > 0 else (os.cpu_count() or 1)


def pmap(function: Callable[[T], R], jobs: Sequence[T], count: int) -> Iterator[R]:
    """``map(function, jobs)`` on ``count`` processes, in order; here when one is enough.

    ``function`` must be a module-level function; jobs and results cross processes pickled.
    """
    if count <= 1 or len(jobs) < 2:
        yield from map(function, jobs)
        return
    count = min(count, len(jobs))
    with ProcessPoolExecutor(count, mp_context=multiprocessing.get_context("fork")) as pool:
        yield from pool.map(function, jobs, chunksize=max(1, len(jobs) // (4 * count)))
