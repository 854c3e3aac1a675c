"""polyglot.parallel: worker counts, confinement to cores, process and thread maps."""

from __future__ import annotations

import os
import subprocess
import sys
import threading

import pytest

from polyglot.parallel import confined, cores, each, pmap, workers


def _square(x: int) -> int:
    return x * x


def _scaled(factor: int, x: int) -> int:
    return factor * x


def test_zero_workers_means_every_core_this_process_may_use():
    assert workers(0) == len(cores()) >= 1 and workers(3) == 3


def _cores_of_a_child() -> int:
    out = subprocess.run([sys.executable, "-c", "import os; print(len(os.sched_getaffinity(0)))"],
                         capture_output=True, text=True, check=True).stdout
    return int(out)


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is Linux's")
def test_confined_keeps_the_block_and_its_processes_on_that_many_cores_then_restores():
    before = cores()
    with confined(1):
        assert len(cores()) == 1 and _cores_of_a_child() == 1
        with confined(1):  # nested: nothing more to confine
            assert len(cores()) == 1
    assert cores() == before and _cores_of_a_child() == len(before)
    with confined(0), confined(len(before)):  # 0 and "all" leave it as it is
        assert cores() == before


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="CPU affinity is Linux's")
def test_confined_restores_after_an_error():
    before = cores()
    with pytest.raises(ValueError), confined(1):
        raise ValueError("boom")
    assert cores() == before


@pytest.mark.parametrize("count", [1, 2, 3])
def test_pmap_keeps_the_order_of_the_jobs(count):
    jobs = list(range(40))
    assert list(pmap(_scaled, 3, jobs, count)) == [3 * x for x in jobs]


def test_pmap_with_two_workers_runs_in_other_processes_sharing_what_cannot_be_pickled():
    common = (lambda: None, threading.Lock())  # neither pickles: it reaches the processes by the fork
    assert set(pmap(_pid, common, list(range(8)), 2)) - {os.getpid()}


def _pid(common, _: int) -> int:
    assert callable(common[0])
    return os.getpid()


def test_each_keeps_the_order_and_uses_that_many_threads():
    seen: set[str] = set()
    barrier = threading.Barrier(2, timeout=10)

    def job(x: int) -> int:
        seen.add(threading.current_thread().name)
        if x < 2:
            barrier.wait()  # both first jobs at once: only two threads side by side pass
        return -x

    assert each(job, range(10), 2) == [-x for x in range(10)] and len(seen) == 2
    assert each(_square, [3], 4) == [9]


def test_each_raises_the_first_error_and_starts_nothing_more():
    started: list[int] = []

    def job(x: int) -> int:
        started.append(x)
        if x == 0:
            raise OSError("disk full")
        threading.Event().wait(0.05)
        return x

    with pytest.raises(OSError, match="disk full"):
        each(job, range(50), 2)
    assert len(started) < 50


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="parent-death signal is Linux's")
def test_pool_processes_die_with_a_killed_parent(tmp_path):
    """A SIGKILLed run leaves no pool process behind (it would hold the run's pipes open)."""
    script = (
        "import os, threading\n"
        "from polyglot.parallel import pmap\n"
        "def job(common, x):\n"
        "    if x == 0:\n"
        "        threading.Event().wait(60)\n"
        "    return os.getpid()\n"
        "for pid in pmap(job, None, [1, 1, 1, 1, 0, 1], 2):\n"
        "    print(pid, flush=True)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stdout.readline()  # the pool is running, one process now waits
    assert first.strip().isdigit(), proc.stderr.read()
    proc.kill()
    # stdout reaches EOF only once every process holding it (the pool's included) has ended
    out, _ = proc.communicate(timeout=20)
    assert proc.returncode == -9
