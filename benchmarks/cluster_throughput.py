"""Ray executor throughput: the base-shaped random Argos model on 1 and 2 Ray workers.

Starts a local Ray cluster (``--address`` to use a running one), builds the random
Transformer-base package of ``argos_throughput.py`` (6+6 layers, d_model 512, int8), and
translates the same segments three ways: polyglot's local ``ArgosEngine`` (CTranslate2
with all cores), and :class:`polyglot.cluster.RayEngine` with 1 and with 2 actors, each
actor holding one translator with one thread (``num_cpus=1``). Output lengths are pinned
as in ``argos_throughput.py`` so every path decodes the same number of tokens.

    PYTHONPATH=src python3 benchmarks/cluster_throughput.py [--segments 400] [--batch 32]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "tests"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=400)
    parser.add_argument("--batch", type=int, default=32, help="segments per Ray task")
    parser.add_argument("--address", default=None, help="a running cluster (default: start a local one)")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/polyglot-argos-bench"))
    args = parser.parse_args()
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ.setdefault(var, str(args.workdir / var.lower()))

    import ray
    import sentencepiece
    from argos_throughput import build_model, segments

    from polyglot.cluster import ClusterOptions, RayEngine
    from polyglot.engines.argos import ArgosEngine
    from polyglot.engines.base import EngineRecipe

    packages = build_model(args.workdir, 32000, 8000)
    texts = segments(args.segments, seed=2025)
    local = ArgosEngine(packages, compute_type="int8", beam_size=2)
    route = local.route("fr", "en")
    sp = sentencepiece.SentencePieceProcessor(model_file=str(local._package("fr", "en").path / "sentencepiece.model"))
    pinned = round(sum(len(t) for t in sp.encode(texts, out_type=str)) / len(texts))
    local.max_decoding_length = local.min_decoding_length = pinned
    local.translate(texts[:4], route)  # load outside the timing
    t = time.perf_counter()
    local.translate(texts, route)
    rows = [("local ArgosEngine (all cores)", time.perf_counter() - t)]

    ray.init(address=args.address, include_dashboard=False, log_to_driver=False, configure_logging=False)
    options = {"packages_dir": str(packages), "compute_type": "int8", "beam_size": 2, "threads": 1,
               "max_decoding_length": pinned, "min_decoding_length": pinned}  # fmt: skip
    for workers in (1, 2):
        engine = RayEngine(EngineRecipe("polyglot.engines.argos", "ArgosEngine", options),
                           ClusterOptions(workers=workers, batch_size=args.batch))  # fmt: skip
        engine.translate(texts[: args.batch * workers], route)  # start actors, load models
        t = time.perf_counter()
        engine.translate(texts, route)
        rows.append((f"RayEngine, {workers} worker{'s' * (workers > 1)} (1 thread each)", time.perf_counter() - t))
        engine.close()
    ray.shutdown()

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{len(texts)} segments, outputs pinned to {pinned} tokens, {os.cpu_count()} logical CPUs, "
          f"load average {load} at the end\n")
    print("| path | wall s | segments/s |\n|---|---:|---:|")
    for name, s in rows:
        print(f"| {name} | {s:.2f} | {len(texts) / s:.0f} |")
    print(f"\n2 workers vs 1: {rows[1][1] / rows[2][1]:.2f}×")


if __name__ == "__main__":
    main()
