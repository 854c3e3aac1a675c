"""What a second core brings to Apertium itself, without polyglot: the ceiling of any speed-up.

Sends the archive workload of ``scaling.py --archive`` (news-style French sentences, one
``apertium -f html`` pipeline per 1,000, the way polyglot sends them) through each pair,
in four set-ups, best and median of ``--repeat`` interleaved rounds:

- **1 core**: one pipeline confined to one core (CPU affinity, as ``workers = 1`` runs it);
- **1 pipeline, 2 cores**: the same pipeline free (its stages run side by side);
- **2 pipelines, 1 core each**: two copies side by side, each confined to its own core;
- **2 pipelines, 2 cores**: two copies side by side, free;
- **3 pipelines, 2 cores**: three copies, free (would a spare pipeline fill the gaps left
  while a pipeline's stages wait on each other?);
- **2 pipelines, 1 core**: two copies on the one core (the same question for one worker).

Prints the sentences per second of each and its ratio to the confined pipeline: the most
two workers can gain over one on the engine's share of a run.

    PYTHONPATH=src python3 benchmarks/apertium_cores.py [--sentences 1000] [--repeat 5] [--pairs fr-es,fra-cat,fr-eo]
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from scaling import sentence  # noqa: E402  (the archive's sentence generator)

from polyglot.engines.apertium import _MARK  # noqa: E402
from polyglot.parallel import cores  # noqa: E402


def payload(n: int) -> bytes:
    rng = random.Random(1000)
    return ("".join(_MARK.format(i) + sentence(rng, i, (5, 12)) for i in range(n)) + _MARK.format(n)).encode()


def side_by_side(mode: str, data: Path, pins: list[int | None]) -> float:
    """Wall seconds until every pipeline (one per pin: a core, or None for free) has finished."""
    def pinned(core: int | None):
        return None if core is None else (lambda: os.sched_setaffinity(0, [core]))

    start = time.perf_counter()
    procs = [subprocess.Popen(["apertium", "-f", "html", mode], stdin=data.open("rb"), stdout=subprocess.DEVNULL,
                              preexec_fn=pinned(core)) for core in pins]
    for p in procs:
        if p.wait():
            raise SystemExit(f"apertium {mode} failed")
    return time.perf_counter() - start


SETUPS = {
    "1 core": lambda first, second: [first],
    "1 pipeline, 2 cores": lambda first, second: [None],
    "2 pipelines, 1 core each": lambda first, second: [first, second],
    "2 pipelines, 2 cores": lambda first, second: [None, None],
    "3 pipelines, 2 cores": lambda first, second: [None, None, None],
    "2 pipelines, 1 core": lambda first, second: [first, first],
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--pairs", default="fr-es,fra-cat,fr-eo")
    args = ap.parse_args()
    allowed = sorted(cores())
    if len(allowed) < 2:
        raise SystemExit("needs two cores")
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "in.html"
        data.write_bytes(payload(args.sentences))
        print(f"{args.sentences} sentences a pipeline, {args.repeat} rounds; load average before "
              f"{os.getloadavg()[0]:.2f}\n")
        print("| pair | " + " | ".join(SETUPS) + " |")
        print("|---|" + "---:|" * len(SETUPS))
        for mode in args.pairs.split(","):
            times: dict[str, list[float]] = {name: [] for name in SETUPS}
            for _ in range(args.repeat):
                for name, pins in SETUPS.items():
                    times[name].append(side_by_side(mode, data, pins(allowed[0], allowed[1])))
            rates = {name: args.sentences * len(SETUPS[name](0, 1)) / statistics.median(t) for name, t in times.items()}
            base = rates["1 core"]
            print(f"| {mode} | " + " | ".join(f"{r:.0f}/s ({r / base:.2f}×)" for r in rates.values()) + " |",
                  flush=True)
        print(f"\nload average after {os.getloadavg()[0]:.2f}; medians of {args.repeat}")


if __name__ == "__main__":
    main()
