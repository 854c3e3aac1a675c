"""Apertium throughput: polyglot's batched path against a raw pipe and one process per segment.

Builds ≥ 1,000 news-style French segments by recombining clauses of the seed
article and the segmentation gold set (deterministic: a fixed random seed), then
times, best of ``--repeat`` interleaved runs:

- polyglot: ``ApertiumEngine.translate`` on the whole batch (fr→es; fr→en via Catalan),
  and the full path protect → translate → restore → adapt;
- raw: one ``apertium fr-es`` (and ``apertium fra-cat | apertium cat-eng``) pipe over
  the same text, one segment per paragraph;
- one ``apertium`` process per segment, on a subset, extrapolated to the whole batch.

    PYTHONPATH=src python3 benchmarks/apertium_throughput.py [--segments 1000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import resource
import subprocess
import time
from pathlib import Path
from typing import Callable

from polyglot.engines.apertium import ApertiumEngine
from polyglot.inline import unescape
from polyglot.model import Element, ElementKind
from polyglot.protect import protect, restore
from polyglot.typography import adapt

ROOT = Path(__file__).resolve().parent.parent
SOURCES = [ROOT / "seeds" / "zapad-2025.fr.txt", ROOT / "tests" / "data" / "segmentation" / "fr-news.txt"]


def sentences() -> list[str]:
    """French sentences from the seed and the gold set (rough split: enough for a workload)."""
    out = []
    for path in SOURCES:
        if not path.exists():
            continue
        text = path.read_text(encoding="utf-8").replace("•", "\n")
        text = re.sub(r"\u00a0(\d)(?=\.)", "", text)  # the seed's footnote markers
        for line in re.split(r"\n+", text):
            out += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÉÀ«])", line) if len(s.strip()) > 20]
    return out


def workload(n: int, seed: int = 2025) -> list[tuple[str, tuple[Element, ...]]]:
    """``n`` distinct msgids: a sentence's clauses recombined with another's; some carry a footnote."""
    rng = random.Random(seed)
    base = sentences()
    clauses = [c for s in base for c in re.split(r",\s+", s.rstrip(".!?")) if c]
    out: dict[str, tuple[Element, ...]] = {}
    while len(out) < n:
        head = rng.choice(base).rstrip(".!?")
        tail = rng.choice(clauses)
        text = f"{head}, {tail[0].lower()}{tail[1:]}"
        els: tuple[Element, ...] = ()
        if rng.random() < 0.2:
            text += "{fn1}"
            els = (Element("fn1", ElementKind.FOOTNOTE, "1"),)
        out.setdefault(text + ".", els)
    return list(out.items())


def _cpu() -> float:
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def best(fns: dict[str, Callable[[], object]], repeat: int) -> dict[str, tuple[float, float]]:
    """Best wall time and best CPU time (this process and its children) of each function.

    Runs are interleaved so machine noise hits all alike; CPU time is the steadier
    figure on a shared machine, wall time what a user waits.
    """
    times: dict[str, list[tuple[float, float]]] = {k: [] for k in fns}
    for _ in range(repeat):
        for name, fn in fns.items():
            cpu, start = _cpu(), time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - start, _cpu() - cpu))
    return {k: (min(w for w, _ in v), min(c for _, c in v)) for k, v in times.items()}


def raw_pipe(command: str, text: str) -> None:
    subprocess.run(command, shell=True, input=text.encode(), stdout=subprocess.DEVNULL, check=True)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--segments", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--per-process-subset", type=int, default=50)
    args = ap.parse_args()

    engine = ApertiumEngine()
    es, en = engine.require("fr", "es"), engine.require("fr", "en")
    items = workload(args.segments)
    n = len(items)
    protected = [protect(t, els) for t, els in items]
    engine_texts = [p.text for p in protected]
    plain = "\n\n".join(unescape(t) for t, _ in items) + "\n"
    words = sum(len(unescape(t).split()) for t, _ in items)

    def full(route, target):
        out = engine.translate(engine_texts, route)
        return [adapt(restore(o.text, p).text, "fr", target) for o, p in zip(out, protected)]

    timed = best(
        {
            "raw pipe: apertium fr-es": lambda: raw_pipe("apertium fr-es", plain),
            "polyglot: translate fr→es (1 process)": lambda: engine.translate(engine_texts, es),
            "polyglot: protect+translate+restore+adapt fr→es": lambda: full(es, "es"),
            "raw pipe: apertium fra-cat, piped to apertium cat-eng": lambda: raw_pipe(
                "apertium fra-cat | apertium cat-eng", plain
            ),
            "polyglot: translate fr→en (fra-cat then cat-eng)": lambda: engine.translate(engine_texts, en),
        },
        args.repeat,
    )
    rows = [(name, wall, cpu) for name, (wall, cpu) in timed.items()]

    k = min(args.per_process_subset, n)
    subset = [unescape(t) for t, _ in items[:k]]

    def per_segment() -> None:
        for text in subset:
            raw_pipe("apertium fr-es", text)

    wall, cpu = best({"per": per_segment}, 1)["per"]
    rows.append((f"one apertium fr-es process per segment ({k} run, extrapolated)", wall * n / k, cpu * n / k))

    print(f"Apertium throughput, {n} segments, {words} words; {platform.node() or 'host'}, "
          f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
          f"route versions: {es.version}; {en.version}")
    print()
    print(f"| {'path':<64} | {'wall s':>7} | {'segments/s':>10} | {'CPU s':>7} |")
    print(f"|{'-' * 66}|{'-' * 8}:|{'-' * 11}:|{'-' * 8}:|")
    for name, wall, cpu in rows:
        print(f"| {name:<64} | {wall:7.2f} | {n / wall:10.1f} | {cpu:7.2f} |")
    (_, raw_es, raw_es_cpu), (_, ours_es, ours_es_cpu) = rows[0], rows[1]
    (_, raw_en, raw_en_cpu), (_, ours_en, ours_en_cpu) = rows[3], rows[4]
    print()
    print(f"polyglot fr→es vs raw pipe: {raw_es / ours_es:.2f}× wall, {raw_es_cpu / ours_es_cpu:.2f}× CPU (target ≥ 0.9×)")
    print(f"polyglot fr→en vs raw two-step pipe: {raw_en / ours_en:.2f}× wall, {raw_en_cpu / ours_en_cpu:.2f}× CPU "
          "(the raw pipe runs both steps at once)")
    print(f"polyglot fr→es vs one process per segment: {rows[-1][1] / ours_es:.0f}× faster (wall)")


if __name__ == "__main__":
    main()
