"""``polyglot review`` on a long document: page open to interactive, and save round trips.

Builds a 5,000-sentence project (machine drafts, every entry fuzzy), serves it as
``polyglot review`` does (uvicorn on a free loopback port, the workspace warmed in the
background), then in headless Chromium:

- opens the review page N times: time from navigation start to the page's script having
  painted every sentence and bound its keys (``body.rv-ready``), and to a first key press
  answered (``j`` focuses the first sentence);
- saves sentences one after another from the page (``fetch`` of ``/api/save``, alternating
  edit and accept, each waiting for the previous one): the round trip as the page sees it,
  and the CPU time the server process spent per save (load-independent, unlike the wall clock).

    PYTHONPATH=src python3 benchmarks/review.py [--sentences 5000] [--saves 60]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import threading
import time
from dataclasses import replace
from pathlib import Path

WORDS = ("le la les un une des armée exercice président pays ville guerre paix sommet accord "
         "ministre rapport frontière troupes manœuvres observateurs").split()


def make_project(root: Path, sentences: int) -> None:
    """A one-document project of ``sentences`` sentences, its English PO full of fuzzy drafts."""
    from polyglot.pofile import read_po, write_po
    from polyglot.project import Project

    rng = random.Random(1)
    paras, n = [], 0
    while n < sentences:
        k = min(rng.randint(1, 6), sentences - n)
        paras.append(" ".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 20))).capitalize() + f" numéro {n + i}."
            for i in range(k)
        ))
        n += k
    (root / "long.fr.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    (root / "polyglot.toml").write_text(
        '[project]\nsource_language = "fr"\ntarget_languages = ["en"]\n\n'
        '[[documents]]\nname = "long"\npath = "long.fr.txt"\n',
        encoding="utf-8",
    )
    project = Project.open(root)
    project.update()
    path = project.po_path("en", project.document("long"))
    cat = read_po(path.read_bytes())
    drafts = tuple(
        replace(m, msgstr=m.msgid.upper(), flags=("fuzzy",), comments=("polyglot: machine translation, pseudo:fr-en",))
        if m.msgid else m
        for m in cat.messages
    )
    path.write_text(write_po(replace(cat, messages=drafts)), encoding="utf-8")


OPEN_JS = """async () => {
  const ready = performance.getEntriesByType('navigation')[0];
  return {dcl: ready.domContentLoadedEventEnd, load: ready.loadEventEnd};
}"""

SAVE_JS = """async ([n, first]) => {
  const data = JSON.parse(document.getElementById('rv-data').textContent);
  const segs = [...document.querySelectorAll('.cell.tgt .seg[data-seg]')];
  const times = [];
  for (let i = first; i < first + n; i++) {
    const seg = segs[(i * 37) % segs.length], id = seg.dataset.seg;
    const entry = data.entries[data.ids[id]];
    const body = JSON.stringify({doc: data.doc, lang: data.lang, id, version: entry[1],
      action: i % 2 ? 'accept' : 'edit', text: seg.textContent + ' ' + i});
    const t = performance.now();
    const r = await fetch('/api/save', {method: 'POST', body,
      headers: {'Content-Type': 'application/json', 'X-Polyglot-Token': data.token}});
    const j = await r.json();
    times.push(performance.now() - t);
    if (j.error) { throw new Error(j.error); }
    entry[1] = j.entry.version;
  }
  return times;
}"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sentences", type=int, default=5000)
    ap.add_argument("--saves", type=int, default=60)
    ap.add_argument("--opens", type=int, default=5)
    args = ap.parse_args()

    import uvicorn
    from playwright.sync_api import sync_playwright

    from polyglot.project import Project
    from polyglot.review.server import prepare

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        t = time.perf_counter()
        make_project(root, args.sentences)
        print(f"project: {args.sentences} sentences, made in {time.perf_counter() - t:.1f} s")
        session = prepare(Project.open(root), path="/doc/long/en")
        t = time.perf_counter()
        session.warm()
        print(f"server start: documents and catalogs read, drafts checked, pages rendered in {time.perf_counter() - t:.1f} s")
        server = uvicorn.Server(uvicorn.Config(session.app, log_level="warning", lifespan="off"))
        threading.Thread(target=server.run, kwargs={"sockets": [session.sock]}, daemon=True).start()
        while not server.started:
            time.sleep(0.02)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            opens, keys = [], []
            for _ in range(args.opens):
                t = time.perf_counter()
                page.goto(session.url)
                page.wait_for_selector("body.rv-ready")
                opens.append(time.perf_counter() - t)
                page.keyboard.press("j")
                page.wait_for_function("() => document.activeElement.classList.contains('current')")
                keys.append(time.perf_counter() - t)
            size = len(page.content().encode())
            print(f"page: {size / 1e6:.1f} MB of HTML, {page.locator('.cell.tgt .seg').count()} editable sentences")
            print(f"open → interactive (rv-ready): median {statistics.median(opens):.2f} s, "
                  f"best {min(opens):.2f} s, worst {max(opens):.2f} s over {len(opens)} opens")
            print(f"open → first key answered: median {statistics.median(keys):.2f} s")
            page.evaluate(SAVE_JS, [3, 0])  # the first saves fill the writer's caches
            cpu = time.process_time()
            times = page.evaluate(SAVE_JS, [args.saves, 3])
            cpu = (time.process_time() - cpu) * 1000 / args.saves
            q = statistics.quantiles(times, n=20)
            print(f"save round trip (page fetch → JSON): median {statistics.median(times):.1f} ms, "
                  f"p95 {q[18]:.1f} ms, best {min(times):.1f} ms over {len(times)} saves; "
                  f"server CPU {cpu:.1f} ms a save (HTTP, routing, save, answer)")
            browser.close()
        server.should_exit = True
        in_process(session.workspace, args.saves)


def in_process(workspace, n: int) -> None:
    """The save itself, without HTTP: wall time, and the CPU time of the saving thread
    (what the save costs on an idle machine, where no other process competes for the cores)."""
    from polyglot.review import entries

    msgids = [m.msgid for m in workspace.catalog("long", "en").active if m.msgid]
    wall, cpu = [], []
    for i in range(n):
        m = workspace.entry("long", "en", msgids[(i * 53) % len(msgids)])
        t, c = time.perf_counter(), time.thread_time()
        workspace.change("long", "en", m.msgid, entries.version(m), lambda x, i=i: entries.edit(x, f"{x.msgstr} {i}"))
        wall.append((time.perf_counter() - t) * 1000)
        cpu.append((time.thread_time() - c) * 1000)
    print(f"save in process (Workspace.change: check, lay out, write, fsync): median {statistics.median(wall):.1f} ms "
          f"wall, {statistics.median(cpu):.1f} ms CPU")


if __name__ == "__main__":
    main()
