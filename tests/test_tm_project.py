"""The translation memory in a project: a second document reuses the first's reviews, fuzzily."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT

from polyglot.pofile import read_po
from polyglot.provenance import from_memory

#: Sentences of the seed with one word or number changed, and two new ones.
SECOND = """\
En addition, des représentants de 19 pays (en comptant la Russie) ont assisté aux exercices en tant qu’observateurs au Bélarus, parmi lesquels trois membres de l’OTAN : les États-Unis, la Hongrie et la Turquie.

L’administration Trump semble elle aussi vouloir améliorer ses relations avec la Hongrie.

Le ministre a visité une usine de tracteurs près de Minsk.

Les journalistes n’ont pas été autorisés à assister aux manœuvres.
"""


def run(project: Path, *args: str) -> tuple[int, str, str]:
    proc = subprocess.run([sys.executable, "-m", "polyglot", "-C", str(project), *args],
                          capture_output=True, text=True, timeout=300)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def two_docs(seed_project: Path) -> Path:
    shutil.copytree(ROOT / "locales", seed_project / "locales")
    (seed_project / "seeds" / "second.fr.txt").write_text(SECOND, encoding="utf-8")
    with open(seed_project / "polyglot.toml", "a", encoding="utf-8") as f:
        f.write('\n[[documents]]\nname = "second"\npath = "seeds/second.fr.txt"\n')
    code, _, err = run(seed_project, "update", "--to", "en")
    assert code == 0, err
    return seed_project


def entries(project: Path, doc: str) -> dict[str, object]:
    path = project / "locales" / "en" / "LC_MESSAGES" / f"{doc}.po"
    return {m.msgid: m for m in read_po(path.read_text(encoding="utf-8"), str(path)).active if m.msgid}


def test_near_identical_sentences_come_from_memory_the_rest_from_the_engine(two_docs: Path) -> None:
    code, out, err = run(two_docs, "translate", "--to", "en", "--engine", "pseudo", "--json")
    assert code == 0, err
    report = json.loads(out)["languages"][0]
    assert report["tm_hits"] == 2 and report["sent"] == 2
    seed = entries(two_docs, "zapad-2025")
    second = entries(two_docs, "second")
    memory = {k: m for k, m in second.items() if from_memory(m)}
    assert len(memory) == 2
    for msgid, m in memory.items():
        assert m.fuzzy
        comment = next(c for c in m.comments if "translation memory" in c)
        score = int(re.search(r"(\d+)% match", comment).group(1))
        assert 75 <= score < 100 and "reviewed in zapad-2025" in comment
    # The number-only difference got the new number; the word difference kept the reviewed text.
    numbers = next(m for k, m in memory.items() if "19 pays" in k)
    original = next(m for k, m in seed.items() if "17 pays" in k)
    assert numbers.msgstr == original.msgstr.replace("17", "19") and "carried over" in " ".join(numbers.comments)
    machine = [m for m in second.values() if not from_memory(m)]
    assert len(machine) == 2 and all(any("machine translation" in c for c in m.comments) for m in machine)

    code, out, _ = run(two_docs, "status", "--json")
    rows = {(r["document"], r["language"]): r for r in json.loads(out)}
    assert rows[("second", "en")]["memory"] == 2 and rows[("second", "en")]["machine"] == 4
    code, out, _ = run(two_docs, "check", "--to", "en", "--format", "json")
    codes = [f["code"] for f in json.loads(out) if f["path"].endswith("second.po")]
    assert codes.count("fuzzy-memory") == 2 and codes.count("fuzzy") == 2

    # Pages mark memory matches apart from engine output (and still as unreviewed).
    code, _, err = run(two_docs, "build")
    assert code == 0, err
    page = (two_docs / "build" / "second" / "en.html").read_text(encoding="utf-8")
    assert page.count('class="seg r') > 0
    assert len(re.findall(r'class="seg r\d+ machine memory"', page)) == 2
    assert len(re.findall(r'class="seg r\d+ machine"', page)) == 2
    assert "From the translation memory, not yet reviewed" in page


def test_min_similarity_from_config(two_docs: Path) -> None:
    with open(two_docs / "polyglot.toml", "a", encoding="utf-8") as f:
        f.write("\n[tm]\nmin_similarity = 100\n")
    code, out, err = run(two_docs, "translate", "--to", "en", "--engine", "pseudo", "--json")
    assert code == 0, err
    assert json.loads(out)["languages"][0]["tm_hits"] == 0


def test_attached_memory_is_read_only_and_used(two_docs: Path, tmp_path_factory) -> None:
    other = tmp_path_factory.mktemp("other")
    (other / "polyglot.toml").write_text(
        '[project]\nsource_language = "fr"\ntarget_languages = ["en"]\n'
        '[[documents]]\nname = "o"\npath = "o.fr.txt"\n', encoding="utf-8")
    (other / "o.fr.txt").write_text("Les journalistes n’ont pas été autorisés à assister aux exercices.\n",
                                    encoding="utf-8")
    assert run(other, "update")[0] == 0
    po = other / "locales" / "en" / "LC_MESSAGES" / "o.po"
    text = po.read_text(encoding="utf-8").replace('msgstr ""\n\n', "", 0)
    text = re.sub(r'(msgid "Les journalistes[^\n]*"\n)msgstr ""', r'\1msgstr "Journalists were not allowed."', text)
    po.write_text(text, encoding="utf-8")
    assert run(other, "translate", "--engine", "pseudo")[0] == 0  # records the review in its memory
    shared = other / ".polyglot" / "memory.sqlite3"
    before = shared.read_bytes()
    relative = Path(os.path.relpath(shared, two_docs)).as_posix()
    assert relative.startswith("../")
    with open(two_docs / "polyglot.toml", "a", encoding="utf-8") as f:
        f.write(f'\n[tm]\nattach = ["{relative}"]\n')
    proj = two_docs
    code, out, err = run(proj, "translate", "--to", "en", "--engine", "pseudo", "--json")
    assert code == 0, err
    assert json.loads(out)["languages"][0]["tm_hits"] == 3
    m = entries(proj, "second")["Les journalistes n’ont pas été autorisés à assister aux manœuvres."]
    assert m.msgstr == "Journalists were not allowed." and any("reviewed in o" in c for c in m.comments)
    assert shared.read_bytes() == before


def test_missing_attached_memory_is_one_line_error(two_docs: Path) -> None:
    with open(two_docs / "polyglot.toml", "a", encoding="utf-8") as f:
        f.write('\n[tm]\nattach = ["nowhere/memory.sqlite3"]\n')
    code, out, err = run(two_docs, "translate", "--to", "en", "--engine", "pseudo")
    assert code == 2 and "nowhere/memory.sqlite3" in err and len(err.strip().splitlines()) == 1
    assert not (two_docs / ".polyglot" / "memory.sqlite3").exists()
