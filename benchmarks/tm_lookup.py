"""Fuzzy translation-memory lookup: 100,000 memory units, 1,000 lookups.

Sentences are generated from a Zipf-distributed French-like vocabulary (so common
words have long posting lists, as in real text); each lookup is a memory sentence
with one or two words changed (a hit ≥ 75 %) or a fresh sentence (usually a miss).
Reports index build time, lookup time, hit rate, and agreement with a brute-force
scan (rapidfuzz ``process.extractOne`` over every unit) on a sample.

    PYTHONPATH=src python3 benchmarks/tm_lookup.py [UNITS] [LOOKUPS]
"""

from __future__ import annotations

import random
import sys
import time

from rapidfuzz import fuzz, process

from polyglot.tm import FuzzyIndex, Unit, normalize

SYLLABLES = "ba be bi bo bu la le li lo lu ma me mi mo mu na ne ni no nu ra re ri ro ru sa se si so su ta te ti to tu".split()


def vocabulary(rng: random.Random, size: int = 20_000) -> list[str]:
    words = set()
    while len(words) < size:
        words.add("".join(rng.choice(SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def sentence(rng: random.Random, vocab: list[str], weights: list[float]) -> str:
    words = rng.choices(vocab, weights, k=rng.randint(8, 30))
    if rng.random() < 0.3:
        words.insert(rng.randrange(len(words)), str(rng.randint(1, 3000)))
    return " ".join(words).capitalize() + "."


def main(n_units: int = 100_000, n_lookups: int = 1_000) -> None:
    rng = random.Random(13)
    vocab = vocabulary(rng)
    weights = [1 / (r + 1) for r in range(len(vocab))]
    units = [Unit(sentence(rng, vocab, weights), f"target {i}", "bench") for i in range(n_units)]
    queries = []
    for i in range(n_lookups):
        if i % 2:
            queries.append(sentence(rng, vocab, weights))
            continue
        words = rng.choice(units).source.split()
        for _ in range(rng.randint(1, 2)):
            words[rng.randrange(len(words))] = rng.choice(vocab)
        queries.append(" ".join(words))

    t0, c0 = time.perf_counter(), time.process_time()
    index = FuzzyIndex(units)
    built, built_cpu = time.perf_counter() - t0, time.process_time() - c0
    t0, c0 = time.perf_counter(), time.process_time()
    results = [index.best(q) for q in queries]
    looked, looked_cpu = time.perf_counter() - t0, time.process_time() - c0
    hits = sum(r is not None for r in results)

    sample = range(0, n_lookups, max(n_lookups // 100, 1))
    texts = [normalize(u.source) for u in index.units]
    t0 = time.perf_counter()
    agree = 0
    for i in sample:
        brute = process.extractOne(normalize(queries[i]), texts, scorer=fuzz.ratio, processor=None, score_cutoff=75)
        mine = results[i]
        agree += (brute is None and mine is None) or (
            brute is not None and mine is not None and abs(brute[1] - mine.score) < 1e-9
        )
    brute_s = (time.perf_counter() - t0) / len(sample) * n_lookups

    print(f"units {len(index):,}  lookups {n_lookups:,}")
    print(f"index build      {built:6.2f} s wall, {built_cpu:6.2f} s CPU")
    print(f"lookups          {looked:6.2f} s wall, {looked_cpu:6.2f} s CPU  ({looked / n_lookups * 1e3:.2f} ms each)")
    print(f"hits (>= 75 %)   {hits:,}")
    print(f"brute force      {brute_s:6.1f} s  (extrapolated from {len(sample)} lookups)")
    print(f"same best score as brute force: {agree}/{len(sample)}")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
