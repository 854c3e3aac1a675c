"""Argos throughput: polyglot's batched path against raw CTranslate2 and argostranslate's per-segment path.

Builds a random model shaped like a real Argos package (Transformer base: 6+6
layers, d_model 512, FFN 2048, 8 heads, ~32k vocabulary, int8) and ≥ 1,000
news-style French segments (clauses of the seed article and the segmentation
gold set recombined with a fixed random seed), then times:

- **polyglot**: ``ArgosEngine.translate`` on the whole batch, end to end (tag
  splitting, SentencePiece encoding, one ``translate_batch``, decoding);
- **raw**: one ``ctranslate2.Translator.translate_batch`` over the same segments,
  already tokenized, with the same settings (target: polyglot ≥ 0.95× its throughput);
- **argos loop**: argostranslate 1.11's own per-paragraph function,
  ``argostranslate.translate.apply_packaged_translation``, called once per segment
  on a subset (target: polyglot ≥ 4× its throughput). ``translate()`` itself cannot
  run offline: its MiniSBD/Stanza sentence splitter downloads a model first. So its
  splitter is replaced by one that returns the segment whole (each segment is one
  sentence; this spares argostranslate its splitting cost), and its translator is
  wrapped to add the pinned decoding lengths below; everything else (tokenizer,
  ``translate_batch`` with its own options, decoding) is argostranslate's code.

A random model never emits ``</s>``, so every output would run to the length
limit. CTranslate2's ``min_decoding_length``/``max_decoding_length`` apply to a
whole call, so all three paths pin every output to L tokens, L being the mean
token length of the input segments: the decoder does as much work as for a
real translation of the same length.

The SentencePiece trainer reaches only as many pieces as the generated text
allows (a few thousand); the model's vocabulary is padded with unused tokens up
to ``--vocab`` so that embeddings and the output projection have the real size.

    PYTHONPATH=src python3 benchmarks/argos_throughput.py [--segments 1000] [--loop-segments 100] [--repeat 1]

The default run takes about 2 minutes on 2 shared CPU cores (plus ~30 s to build
the model the first time; it is kept under ``--workdir``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
SOURCES = [ROOT / "seeds" / "zapad-2025.fr.txt", ROOT / "tests" / "data" / "segmentation" / "fr-news.txt"]


def sentences() -> list[str]:
    """French sentences from the seed and the gold set (rough split: enough for a workload)."""
    out = []
    for path in SOURCES:
        if path.exists():
            text = re.sub(r"\u00a0(\d)(?=\.)", "", path.read_text(encoding="utf-8").replace("•", "\n"))
            for line in re.split(r"\n+", text):
                out += [s.strip() for s in re.split(r"(?<=[.!?])\s+(?=[A-ZÉÀ«])", line) if len(s.strip()) > 20]
    return out or ["Le président a reçu la délégation au palais mardi soir, selon l'agence officielle."]


def segments(n: int, seed: int) -> list[str]:
    """``n`` distinct segments: a sentence's first clause followed by one or two clauses of others."""
    rng = random.Random(seed)
    clauses = [c for s in sentences() for c in re.split(r",\s+", s.rstrip(".!?")) if len(c) > 3]
    heads = [c for c in clauses if c[0].isupper() or c[0] == "«"]
    out: dict[str, None] = {}
    while len(out) < n:
        parts = [rng.choice(heads)] + [rng.choice(clauses) for _ in range(rng.choice((1, 1, 2)))]
        out[", ".join(p if i == 0 else p[0].lower() + p[1:] for i, p in enumerate(parts)) + "."] = None
    return list(out)


def build_model(workdir: Path, vocab_size: int, sp_vocab: int) -> Path:
    """The random Transformer-base package under ``workdir`` (built once, then reused)."""
    from argos_fixture import build_package_folder, train_sentencepiece

    folder = workdir / "packages" / f"translate-fr_en-bench-{vocab_size}-{sp_vocab}"
    if (folder / "model" / "model.bin").is_file():
        return folder.parent
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    corpus = segments(20000, seed=1)
    sp_model = train_sentencepiece(corpus, sp_vocab)
    build_package_folder(
        folder, "fr", "en", "1.0", sp_model,
        layers=6, d_model=512, ffn=2048, heads=8, seed=42, quantization="int8", vocab_pad_to=vocab_size,
    )  # fmt: skip
    return folder.parent


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{cpu}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=1000, help="segments for polyglot and raw (≥ 1000)")
    parser.add_argument("--loop-segments", type=int, default=100, help="subset for argostranslate's per-segment loop")
    parser.add_argument("--threads", type=int, default=0, help="CTranslate2 intra_threads (0: its default)")
    parser.add_argument("--beam-size", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=32)
    parser.add_argument("--compute-type", default="int8")
    parser.add_argument("--vocab", type=int, default=32000, help="model vocabulary size")
    parser.add_argument("--sp-vocab", type=int, default=8000, help="SentencePiece target vocabulary")
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/polyglot-argos-bench"))
    parser.add_argument("--repeat", type=int, default=1, help="best of N interleaved runs of raw and polyglot")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):  # argostranslate writes there on import
        os.environ.setdefault(var, str(args.workdir / var.lower()))
    os.environ.update(
        ARGOS_BEAM_SIZE=str(args.beam_size),
        ARGOS_COMPUTE_TYPE=args.compute_type,
        ARGOS_INTRA_THREADS=str(args.threads),
        ARGOS_INTER_THREADS="1",
        ARGOS_DEVICE_TYPE="cpu",
    )

    import ctranslate2
    import sentencepiece

    from polyglot.engines.argos import ArgosEngine

    t = time.perf_counter()
    packages = build_model(args.workdir, args.vocab, args.sp_vocab)
    build_s = time.perf_counter() - t
    texts = segments(args.segments, seed=2025)

    engine = ArgosEngine(packages, threads=args.threads, beam_size=args.beam_size,
                         compute_type=args.compute_type, batch_size=args.batch_size)  # fmt: skip
    route = engine.route("fr", "en")
    package = engine._package("fr", "en")
    sp = sentencepiece.SentencePieceProcessor(model_file=str(package.path / "sentencepiece.model"))
    tokens = sp.encode(texts, out_type=str)
    pinned = round(sum(map(len, tokens)) / len(tokens))
    engine.max_decoding_length = engine.min_decoding_length = pinned
    options = {
        "max_batch_size": args.batch_size, "batch_type": "examples", "beam_size": args.beam_size,
        "length_penalty": 0.2, "replace_unknowns": True,
        "max_decoding_length": pinned, "min_decoding_length": pinned,
    }  # fmt: skip
    raw = ctranslate2.Translator(str(package.path / "model"), device="cpu", compute_type=args.compute_type,
                                 inter_threads=1, intra_threads=args.threads)  # fmt: skip

    # warm up both (load, allocate), outside the timings
    engine.translate(texts[:4], route)
    raw.translate_batch(tokens[:4], **options)

    class Timed:  # measures the time polyglot spends inside translate_batch
        def __init__(self, inner: ctranslate2.Translator) -> None:
            self.inner, self.seconds = inner, 0.0

        def translate_batch(self, source, **kw):
            t = time.perf_counter()
            try:
                return self.inner.translate_batch(source, **kw)
            finally:
                self.seconds += time.perf_counter() - t

    timed = Timed(engine._loaded[package.path][0])
    engine._loaded[package.path] = (timed, engine._loaded[package.path][1])
    raw_s = poly_s = float("inf")
    overhead_s = 0.0
    for _ in range(args.repeat):  # interleaved, best of N: the machine may be shared
        t = time.perf_counter()
        results = raw.translate_batch(tokens, **options)
        raw_s = min(raw_s, time.perf_counter() - t)
        assert all(len(r.hypotheses[0]) == pinned for r in results), "outputs not pinned"

        timed.seconds = 0.0
        t = time.perf_counter()
        out = engine.translate(texts, route)
        elapsed = time.perf_counter() - t
        if elapsed < poly_s:
            poly_s, overhead_s = elapsed, elapsed - timed.seconds
        assert len(out) == len(texts)

    # argostranslate's per-paragraph path, one call per segment
    from argostranslate import package as argos_package
    from argostranslate import settings as argos_settings
    from argostranslate.translate import apply_packaged_translation

    class WholeSegment:
        def split_sentences(self, text: str) -> list[str]:
            return [text]

    class Pinned:
        def __init__(self, inner: ctranslate2.Translator) -> None:
            self.inner = inner

        def translate_batch(self, source, **kw):
            return self.inner.translate_batch(source, max_decoding_length=pinned, min_decoding_length=pinned, **kw)

    pkg = argos_package.Package(package.path)
    argos_translator = ctranslate2.Translator(  # as PackageTranslation.hypotheses builds it
        str(package.path / "model"), device=argos_settings.device, inter_threads=argos_settings.inter_threads,
        intra_threads=argos_settings.intra_threads, compute_type=argos_settings.compute_type,
    )  # fmt: skip
    loop = texts[: args.loop_segments]
    apply_packaged_translation(pkg, loop[0], Pinned(argos_translator), WholeSegment(), 1)  # warm-up
    t = time.perf_counter()
    for text in loop:
        apply_packaged_translation(pkg, text, Pinned(argos_translator), WholeSegment(), 1)
    loop_s = time.perf_counter() - t

    n_tokens = sum(map(len, tokens))
    figures = {
        "machine": machine(),
        "ctranslate2": ctranslate2.__version__,
        "model": f"Transformer 6+6, d_model 512, ffn 2048, 8 heads, vocab {args.vocab} "
        f"(SentencePiece {sp.get_piece_size()} pieces), {args.compute_type}",
        "settings": f"beam {args.beam_size}, batch {args.batch_size} examples, intra_threads {args.threads}, "
        f"output pinned to {pinned} tokens (mean input length)",
        "segments": len(texts),
        "source_tokens": n_tokens,
        "loop_segments": len(loop),
        "repeat": args.repeat,
        "build_seconds": round(build_s, 1),
        "raw_seg_per_s": len(texts) / raw_s,
        "polyglot_seg_per_s": len(texts) / poly_s,
        "polyglot_outside_translate_batch_s": overhead_s,
        "argos_loop_seg_per_s": len(loop) / loop_s,
    }
    figures["polyglot_vs_raw"] = figures["polyglot_seg_per_s"] / figures["raw_seg_per_s"]
    figures["polyglot_vs_argos_loop"] = figures["polyglot_seg_per_s"] / figures["argos_loop_seg_per_s"]
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    print(f"Machine: {figures['machine']}; CTranslate2 {figures['ctranslate2']}")
    print(f"Model: {figures['model']}; {figures['settings']}")
    print(f"Workload: {len(texts)} segments, {n_tokens} source tokens; argos loop on the first {len(loop)}; "
          f"best of {args.repeat}; model built or loaded in {build_s:.1f} s\n")  # fmt: skip
    print("| path | segments | seconds | segments/s | ratio |")
    print("|---|---:|---:|---:|---|")
    print(f"| raw ctranslate2 translate_batch | {len(texts)} | {raw_s:.1f} | {figures['raw_seg_per_s']:.1f} | |")
    print(f"| polyglot ArgosEngine | {len(texts)} | {poly_s:.1f} | {figures['polyglot_seg_per_s']:.1f} "
          f"| {figures['polyglot_vs_raw']:.2f}× raw (target ≥ 0.95) |")  # fmt: skip
    print(f"| argostranslate per segment | {len(loop)} | {loop_s:.1f} | {figures['argos_loop_seg_per_s']:.1f} "
          f"| polyglot {figures['polyglot_vs_argos_loop']:.1f}× faster (target ≥ 4) |")  # fmt: skip
    print(f"\npolyglot's own work around translate_batch (tags, SentencePiece, decoding): "
          f"{overhead_s:.2f} s of {poly_s:.1f} s")  # fmt: skip


if __name__ == "__main__":
    main()
