"""Scaling harness: time each stage as the input doubles, and compare `update` with msgmerge.

Generates French news-style projects of N sentences in one document (paragraphs of 1–5
sentences, some with a URL or a footnote marker; ``--words`` words a sentence, 5–12 by
default, about 80 bytes, so that 100,000 sentences stay under the 10 MiB source limit),
then times, through the command line as a user runs it: extract, update (new PO),
translate (pseudo engine: the engine's own time excluded), build, a no-change `run`, and
`update` after editing 1 % of the sentences, beside GNU `msgmerge --previous` on the same
files. Each command's CPU seconds and peak memory (maximum resident set size) are those of
its own process. Also times segmentation of one long paragraph from 100 KB to 10 MB.
Prints the curves with the ratio of each step to the one before.

    PYTHONPATH=src python3 benchmarks/scaling.py [--sizes 1000,2000,...] [--words 5-12] [--paragraph-mb 0.1,...] [--archive 200x20] [--rounds 3]

The archive run (200 documents × 3 languages by default, Apertium) is timed in wall and
CPU seconds with ``[translate] workers`` = 1 (confined to one core, as polyglot runs it),
1 unconfined (polyglot's own work in turn, Apertium's processes free on every core: what
workers = 1 meant before the confinement) and 2, outputs compared byte for byte, then a
no-change ``run``, ``status`` and ``check``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = (
    "le gouvernement a annoncé mardi une série de mesures pour soutenir les agriculteurs "
    "touchés par la sécheresse dans le sud du pays selon le ministre de l'économie "
    "les exercices militaires ont réuni plusieurs milliers de soldats près de la frontière "
    "la commission européenne examine le projet depuis plusieurs mois sans conclure"
).split()
NAMES = ("Paris", "Minsk", "Bruxelles", "Moscou", "Varsovie", "Vilnius", "Kiev", "Berlin")


def sentence(rng: random.Random, i: int, words_range: tuple[int, int] = (8, 20)) -> str:
    """A unique French-looking sentence of ``words_range`` words and a name (its number keeps it distinct)."""
    words = [rng.choice(WORDS) for _ in range(rng.randint(*words_range))]
    words.insert(rng.randrange(len(words)), rng.choice(NAMES))
    text = " ".join(words)
    extra = rng.random()
    if extra < 0.05:
        text += f" (https://exemple.fr/article/{i})"
    elif extra < 0.10:
        text += f"\u00a0{i % 9 + 1}"
    return f"{text[0].upper()}{text[1:]}, numéro {i}."


def article(n: int, seed: int = 1, words_range: tuple[int, int] = (8, 20)) -> list[list[str]]:
    """Paragraphs of 1–5 sentences, ``n`` sentences in all."""
    rng = random.Random(seed)
    paras, i = [], 0
    while i < n:
        k = min(rng.randint(1, 5), n - i)
        paras.append([sentence(rng, i + j, words_range) for j in range(k)])
        i += k
    return paras


def write_project(root: Path, paras: list[list[str]]) -> None:
    (root / "src").mkdir(parents=True)
    (root / "src" / "big.fr.txt").write_text("\n\n".join(" ".join(p) for p in paras) + "\n", encoding="utf-8")
    (root / "polyglot.toml").write_text(
        '[project]\nsource_language = "fr"\ntarget_languages = ["es"]\n'
        '[translate]\nengine = "pseudo"\n'
        '[[documents]]\nname = "big"\npath = "src/big.fr.txt"\n',
        encoding="utf-8",
    )


#: Peak memory (MiB) of the last command :func:`_cpu` ran, its own process only.
PEAK_MIB = [0.0]


def _cpu(argv: list[str]) -> float:
    """CPU seconds (user + system) the command used: steadier than wall time on a shared machine.

    Its own rusage (``wait4``), so :data:`PEAK_MIB` is that process's maximum resident set
    size, not the largest of every child so far as ``RUSAGE_CHILDREN`` would give.
    """
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise subprocess.CalledProcessError(proc.returncode, argv)
    PEAK_MIB[0] = usage.ru_maxrss / 1024  # kilobytes on Linux
    return usage.ru_utime + usage.ru_stime


def polyglot(root: Path, *args: str) -> float:
    return _cpu([sys.executable, "-m", "polyglot", "-C", str(root), *args])


def edit_one_percent(root: Path, paras: list[list[str]]) -> None:
    rng = random.Random(7)
    flat = [(p, s) for p in range(len(paras)) for s in range(len(paras[p]))]
    for p, s in rng.sample(flat, max(1, len(flat) // 100)):
        paras[p][s] = paras[p][s].replace(",", " aujourd'hui,", 1)
    (root / "src" / "big.fr.txt").write_text("\n\n".join(" ".join(p) for p in paras) + "\n", encoding="utf-8")


def msgmerge_time(root: Path) -> float:
    po = root / "locales" / "es" / "LC_MESSAGES" / "big.po"
    pot = root / "locales" / "big.pot"
    out = root / "merged.po"
    return _cpu(["msgmerge", "--quiet", "--previous", "-o", str(out), str(po), str(pot)])


def stages(n: int, words_range: tuple[int, int]) -> tuple[dict[str, float], dict[str, float]]:
    """CPU seconds and peak MiB of each stage on one document of ``n`` sentences."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        paras = article(n, words_range=words_range)
        write_project(root, paras)
        cpu: dict[str, float] = {"source MB": (root / "src" / "big.fr.txt").stat().st_size / 1e6}
        peak: dict[str, float] = {}

        def step(name: str, seconds: float) -> None:
            cpu[name], peak[name] = seconds, PEAK_MIB[0]

        for name in ("extract", "update", "translate", "build"):
            step(name, polyglot(root, name))
        step("first run", polyglot(root, "run"))
        step("run (no change)", polyglot(root, "run"))
        edit_one_percent(root, paras)
        polyglot(root, "extract")
        keep = root / "keep.po"
        shutil.copy(root / "locales" / "es" / "LC_MESSAGES" / "big.po", keep)
        step("update 1 % edit", polyglot(root, "update"))
        shutil.copy(keep, root / "locales" / "es" / "LC_MESSAGES" / "big.po")
        step("msgmerge --previous", msgmerge_time(root))
        return cpu, peak


def write_archive(root: Path, docs: int, sentences: int, languages: list[str], workers: int) -> None:
    """A project of ``docs`` distinct articles of ``sentences`` sentences each."""
    (root / "articles").mkdir(parents=True)
    entries = []
    for d in range(docs):
        paras = article(sentences, seed=1000 + d)
        text = "\n\n".join(" ".join(p) for p in paras) + "\n"
        (root / "articles" / f"a{d:04}.fr.txt").write_text(text, encoding="utf-8")
        entries.append(f'[[documents]]\nname = "a{d:04}"\npath = "articles/a{d:04}.fr.txt"\n')
    (root / "polyglot.toml").write_text(
        f'[project]\nsource_language = "fr"\ntarget_languages = {json.dumps(languages)}\n'
        f'[translate]\nengine = "apertium"\nworkers = {workers}\n' + "".join(entries),
        encoding="utf-8",
    )


def wall(root: Path, *args: str) -> float:
    t = time.perf_counter()
    subprocess.run([sys.executable, "-m", "polyglot", "-C", str(root), *args], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t


#: ``polyglot`` as before workers confined a run: Python in turn, engine processes free on every core.
UNCONFINED = ("import contextlib, sys, polyglot.parallel as p; p.confined = lambda n: contextlib.nullcontext(); "
              "from polyglot.cli import main; main(sys.argv[1:])")


def timed(root: Path, *args: str, unconfined: bool = False) -> tuple[float, float]:
    """Wall and CPU seconds (user + system, the command and every process it waited for)."""
    argv = [sys.executable, "-c", UNCONFINED] if unconfined else [sys.executable, "-m", "polyglot"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run([*argv, "-C", str(root), *args], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seconds = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return seconds, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and p.parts[len(root.parts)] in ("locales", "build")}


def archive(docs: int, sentences: int, languages: list[str], rounds: int = 1) -> None:
    """Whole runs with 1 worker (confined to one core, then unconfined) and 2, outputs compared; then a no-change run.

    Each configuration runs on a fresh copy, ``rounds`` times, the order of the three
    reversed every other round (this VM's speed drifts by tens of percent over minutes:
    each round's ratio compares runs minutes apart); the load average is read before each.
    """
    configs = [("1", 1, False), ("1u", 1, True), ("2", 2, False)]
    table, same, loads = [], True, []
    for r in range(rounds):
        rows, outputs = {}, []
        for label, workers, unconfined in configs if r % 2 == 0 else configs[::-1]:
            with tempfile.TemporaryDirectory() as tmp:
                root = Path(tmp)
                write_archive(root, docs, sentences, languages, workers)
                loads.append(os.getloadavg()[0])
                rows[label] = timed(root, "run", unconfined=unconfined)
                print(f"round {r + 1}, {label}: wall {rows[label][0]:.1f} s, CPU {rows[label][1]:.1f} s, "
                      f"load before {loads[-1]:.2f}", flush=True)
                outputs.append(tree(root))
                if workers == 2 and r == 0:
                    nothing = wall(root, "run")
                    status, check = wall(root, "status"), wall(root, "check")
        same = same and outputs[0] == outputs[1] == outputs[2]
        table.append((rows["1"], rows["1u"], rows["2"]))
    print(f"\n{docs} documents × {len(languages)} languages ({', '.join(languages)}), "
          f"{docs * sentences:,} sentences, Apertium; seconds (CPU: user + system, engines included); "
          f"load average before the runs {min(loads):.2f}–{max(loads):.2f}; outputs identical in every run: {same}; "
          f"no-change run {nothing:.2f} s, status {status:.2f} s, check {check:.2f} s")
    print("| round | run, 1 worker (one core) | run, 1 worker unconfined | run, 2 workers | speed-up | speed-up vs unconfined |")
    print("|---|---:|---:|---:|---:|---:|")
    for r, ((w1, c1), (u1, cu), (w2, c2)) in enumerate(table, 1):
        print(f"| {r} | {w1:.1f} (CPU {c1:.1f}) | {u1:.1f} (CPU {cu:.1f}) | {w2:.1f} (CPU {c2:.1f}) | {w1 / w2:.2f}× "
              f"| {u1 / w2:.2f}× |")
    if rounds > 1:
        med = [statistics.median(row[k][0] for row in table) for k in range(3)]
        print(f"| median | {med[0]:.1f} | {med[1]:.1f} | {med[2]:.1f} | "
              f"{statistics.median(row[0][0] / row[2][0] for row in table):.2f}× "
              f"| {statistics.median(row[1][0] / row[2][0] for row in table):.2f}× |")


def paragraph(mb: float) -> float:
    from polyglot.model import Block, BlockKind, Document
    from polyglot.segment import segment

    rng = random.Random(3)
    parts, size, i = [], 0, 0
    while size < mb * 1_000_000:
        s = sentence(rng, i)
        parts.append(s)
        size += len(s.encode()) + 1
        i += 1
    text = " ".join(parts)
    doc = Document(name="p", path="p.txt", language="fr", blocks=(Block(kind=BlockKind.PARAGRAPH, text=text, line=1),))
    t = time.process_time()
    segment(doc)
    return time.process_time() - t


def table(title: str, rows: dict[str, dict[str, float]]) -> None:
    keys = list(next(iter(rows.values())))
    print(f"\n{title}\n| size | " + " | ".join(keys) + " |")
    print("|---|" + "---:|" * len(keys))
    prev = None
    for size, row in rows.items():
        cells = []
        for k in keys:
            ratio = f" (×{row[k] / prev[k]:.2f})" if prev and prev[k] > 0 else ""
            cells.append(f"{row[k]:.2f}{ratio}")
        print(f"| {size} | " + " | ".join(cells) + " |")
        prev = row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="1000,2000,5000,10000,20000,50000,100000")
    ap.add_argument("--words", default="5-12", help="MIN-MAX words a generated sentence (5-12: about 80 bytes)")
    ap.add_argument("--paragraph-mb", default="0.1,0.5,1,2,5,10")
    ap.add_argument("--archive", default="200x20", help="DOCSxSENTENCES for the whole-project run ('' to skip)")
    ap.add_argument("--languages", default="es,ca,eo")
    ap.add_argument("--rounds", type=int, default=1, help="archive runs of each configuration (the median is shown)")
    args = ap.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    if args.archive:
        docs, sentences = map(int, args.archive.split("x"))
        archive(docs, sentences, args.languages.split(","), args.rounds)
    words_range = tuple(map(int, args.words.split("-")))
    rows: dict[str, dict[str, float]] = {}
    peaks: dict[str, dict[str, float]] = {}
    for n in (int(x) for x in args.sizes.split(",") if x):
        rows[f"{n:,}"], peaks[f"{n:,}"] = stages(n, words_range)  # type: ignore[arg-type]
        print(f"{n:,}: " + ", ".join(f"{k} {v:.2f}" for k, v in rows[f"{n:,}"].items()), flush=True)
        print(f"{n:,} peak MiB: " + ", ".join(f"{k} {v:.0f}" for k, v in peaks[f"{n:,}"].items()), flush=True)
    print(f"\nload average at the end: {os.getloadavg()}")
    if rows:
        table("Stages (CPU seconds of the command, through the CLI; ratio to the previous size)", rows)
        table("Peak memory (MiB, maximum resident set size of the command)", peaks)
    for size, row in rows.items():
        print(f"{size}: update after 1 % edit / msgmerge --previous = "
              f"{row['update 1 % edit'] / row['msgmerge --previous']:.1f}×")
    para = {f"{float(mb):g} MB": {"segment": paragraph(float(mb))} for mb in args.paragraph_mb.split(",") if mb}
    if para:
        table("One paragraph, segment() (CPU seconds)", para)


if __name__ == "__main__":
    main()
