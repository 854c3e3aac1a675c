"""chrF of Apertium's English with and without glossary enforcement.

The test set ``benchmarks/data/glossary-fr-en.tsv`` has 32 French sentences with
glossary terms and English references. Each sentence goes through polyglot's
protect → Apertium (fr→ca→en) → restore → typography, once with only the
do-not-translate terms protected (as before enforcement) and once with the
glossary applied (:meth:`polyglot.glossary.Glossary.engine_terms`). chrF is
computed here as sacrebleu defines it (character 6-grams, β = 2, whitespace
removed, corpus-level statistics), since sacrebleu is not a project dependency;
when sacrebleu is installed its figure is printed too, as a cross-check.

    PYTHONPATH=src python3 benchmarks/glossary_chrf.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from polyglot.config import Config
from polyglot.engines import resolve
from polyglot.glossary import read_glossary
from polyglot.inline import unescape
from polyglot.protect import protect, restore
from polyglot.typography import adapt

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data" / "glossary-fr-en.tsv"


def _ngrams(text: str, n: int) -> Counter[str]:
    text = "".join(text.split())
    return Counter(text[i : i + n] for i in range(len(text) - n + 1))


def chrf(hypotheses: list[str], references: list[str], order: int = 6, beta: float = 2.0) -> float:
    """Corpus chrF (0–100): n-gram matches summed over sentences, F_beta of the mean precision and recall."""
    match = [0] * order
    hyp = [0] * order
    ref = [0] * order
    for h, r in zip(hypotheses, references):
        for n in range(1, order + 1):
            hc, rc = _ngrams(h, n), _ngrams(r, n)
            match[n - 1] += sum((hc & rc).values())
            hyp[n - 1] += sum(hc.values())
            ref[n - 1] += sum(rc.values())
    precisions = [m / h if h else 0.0 for m, h in zip(match, hyp)]
    recalls = [m / r if r else 0.0 for m, r in zip(match, ref)]
    p, r = sum(precisions) / order, sum(recalls) / order
    if p + r == 0:
        return 0.0
    return 100 * (1 + beta**2) * p * r / (beta**2 * p + r)


def main() -> None:
    pairs = [line.split("\t") for line in DATA.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    sources, references = [s for s, _ in pairs], [r for _, r in pairs]
    glossary = read_glossary((ROOT / "glossary.csv").read_text(encoding="utf-8"), "glossary.csv")
    engine, route = resolve("apertium", Config(root=ROOT), "fr", "en")
    outputs = {}
    for label, rule in (("without", glossary.dnt_terms()), ("with", glossary.engine_terms("en"))):
        protected = [protect(s, (), rule) for s in sources]
        translated = engine.translate([p.text for p in protected], route)
        outputs[label] = [unescape(adapt(restore(t.text, p).text, "fr", "en")) for t, p in zip(translated, protected)]
    satisfied = {
        label: sum(
            t.satisfied_in(out, "en") for s, out in zip(sources, outs) for t in glossary.find(s) if t.required("en")
        )
        for label, outs in outputs.items()
    }
    total = sum(1 for s in sources for t in glossary.find(s) if t.required("en"))
    print(f"{len(sources)} sentences, {total} glossary term occurrences, route {route}")
    for label, outs in outputs.items():
        print(f"{label:>8} enforcement: chrF {chrf(outs, references):5.1f}   terms right {satisfied[label]}/{total}")
    try:
        import sacrebleu
    except ImportError:
        print("(sacrebleu not installed: chrF computed by this script only)", file=sys.stderr)
    else:
        for label, outs in outputs.items():
            print(f"{label:>8} sacrebleu chrF {sacrebleu.corpus_chrf(outs, [references]).score:5.1f}")
    if "-v" in sys.argv:
        for s, a, b in zip(sources, outputs["without"], outputs["with"]):
            print(f"\n{s}\n  - {a}\n  + {b}")


if __name__ == "__main__":
    main()
