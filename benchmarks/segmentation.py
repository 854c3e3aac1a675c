"""Sentence-segmentation benchmark: boundary precision, recall and F1 on the French gold set.

Compares polyglot's rule-based segmenter with pysbd (an off-the-shelf rule-based
segmenter, used as the baseline if installed), and times polyglot on 10,000 sentences.

    PYTHONPATH=src python3 benchmarks/segmentation.py
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import Callable

from polyglot.segment import load_rules, split

ROOT = Path(__file__).resolve().parent.parent
GOLD = ROOT / "tests" / "data" / "segmentation" / "fr-news.txt"
SEED = ROOT / "seeds" / "zapad-2025.fr.txt"

Splitter = Callable[[str], list[tuple[int, int]]]


def load_gold(text: str) -> list[list[str]]:
    """Paragraphs of sentences: one sentence per line, a blank line between paragraphs."""
    return [p.split("\n") for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


def seed_gold(text: str) -> list[list[str]]:
    """The seed article as gold: one sentence per block, except the first paragraph's date stop."""
    blocks = []
    for para in re.split(r"\n\s*\n", text):
        for item in re.split(r"\n(?=\s*•)", para):
            item = re.sub(r"\u00a0(\d)(?=\.)", r"{fn\1}", item.strip().lstrip("•").strip())
            if item:
                blocks.append(item.replace("mardi 16. ", "mardi 16.\n").split("\n"))
    return blocks


def score(gold: list[list[str]], splitter: Splitter) -> tuple[float, float, float]:
    """Boundary precision, recall and F1 of ``splitter`` over gold paragraphs (joined by a space)."""
    tp = fp = fn = 0
    for sentences in gold:
        text = " ".join(sentences)
        expected, pos = set(), 0
        for s in sentences[:-1]:
            pos += len(s)
            expected.add(pos)
            pos += 1
        found = {end for _, end in splitter(text)[:-1]}  # sentence-internal boundaries
        tp += len(found & expected)
        fp += len(found - expected)
        fn += len(expected - found)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def polyglot_splitter() -> Splitter:
    rules = load_rules("fr")
    return lambda text: split(text, rules)


def pysbd_splitter() -> Splitter | None:
    """pysbd's French segmenter, its sentences mapped back to stripped spans; None if absent."""
    try:
        import pysbd
    except ImportError:
        return None
    seg = pysbd.Segmenter(language="fr", clean=False, char_span=True)

    def run(text: str) -> list[tuple[int, int]]:
        spans = []
        for span in seg.segment(text):
            stripped = span.sent.rstrip()
            if stripped.strip():
                start = span.start + len(span.sent) - len(span.sent.lstrip())
                spans.append((start, span.start + len(stripped)))
        return spans

    return run


def main() -> int:
    gold = load_gold(GOLD.read_text(encoding="utf-8"))
    seed = seed_gold(SEED.read_text(encoding="utf-8"))
    sets = {"news gold": gold, "seed": seed, "all": gold + seed}
    n_sent = sum(len(p) for p in gold + seed)
    n_bound = sum(len(p) - 1 for p in gold + seed)
    print(f"gold: {len(gold) + len(seed)} paragraphs, {n_sent} sentences, {n_bound} internal boundaries")
    print(f"{'segmenter':<12} {'set':<10} {'precision':>9} {'recall':>7} {'F1':>7}")
    splitters = {"polyglot": polyglot_splitter(), "pysbd (fr)": pysbd_splitter()}
    for name, splitter in splitters.items():
        if splitter is None:
            print(f"{name:<12} not installed (pip install pysbd)")
            continue
        for set_name, paragraphs in sets.items():
            p, r, f = score(paragraphs, splitter)
            print(f"{name:<12} {set_name:<10} {p:9.3f} {r:7.3f} {f:7.3f}")

    sentences = [s for p in gold for s in p]
    text = " ".join(sentences[i % len(sentences)] for i in range(10_000))
    rules = load_rules("fr")
    t0 = time.perf_counter()
    spans = split(text, rules)
    elapsed = time.perf_counter() - t0
    print(f"polyglot: 10,000 sentences ({len(text):,} chars) → {len(spans):,} segments in {elapsed:.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
