"""Projects for the review tests: the seed with its committed catalogs, and a hostile one."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from polyglot.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
DOC = "zapad-2025"
PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}")


def seed(tmp: Path) -> Path:
    """The repository's seed project, catalogs included (English reviewed, Spanish machine)."""
    for name in ("polyglot.toml", "glossary.csv"):
        shutil.copy(ROOT / name, tmp / name)
    shutil.copytree(ROOT / "seeds", tmp / "seeds")
    shutil.copytree(ROOT / "locales", tmp / "locales")
    return tmp


def po(project: Path, lang: str, doc: str = DOC) -> Path:
    return project / "locales" / lang / "LC_MESSAGES" / f"{doc}.po"


def rewrite(path: Path, change) -> None:
    """Rewrite a PO file as a colleague's editor would: ``change(message) -> message``."""
    cat = read_po(path.read_bytes(), str(path))
    path.write_text(write_po(replace(cat, messages=tuple(change(m) for m in cat.messages))), encoding="utf-8")


def hostile(tmp: Path) -> Path:
    """A project whose source, PO strings, comments and glossary notes are injection attempts."""
    from polyglot.pipeline import update_all
    from polyglot.project import Project

    (tmp / "seeds").mkdir()
    text = "Titre <b>gras</b>\n\n" + " ".join(f"Phrase {p} numéro {i}." for i, p in enumerate(PAYLOADS, 1)) + "\n"
    (tmp / "seeds" / "hostile.fr.txt").write_text(text, encoding="utf-8")
    (tmp / "glossary.csv").write_text(
        'source,note,do_not_translate,target:en\nPhrase,"<img src=x onerror=alert(2)> <script>alert(3)</script>",no,'
        '"<b>Sentence</b>"\n',
        encoding="utf-8",
    )
    (tmp / "polyglot.toml").write_text(
        '[project]\nsource_language = "fr"\ntarget_languages = ["en"]\nglossary = "glossary.csv"\n\n'
        '[[documents]]\nname = "hostile"\npath = "seeds/hostile.fr.txt"\n',
        encoding="utf-8",
    )
    update_all(Project.open(tmp))

    def evil(m):
        if not m.msgid:
            return m
        return replace(
            m, msgstr=f"{m.msgid} {PAYLOADS[1]}", flags=("fuzzy",),
            comments=(f"polyglot: machine translation, x:<script>alert(4)</script> (v)", PAYLOADS[0]),
        )

    rewrite(po(tmp, "en", "hostile"), evil)
    return tmp


def seg_id(project: Path, start: str, doc: str = DOC) -> str:
    """The page id (``b<block>s<sentence>``) of the first sentence starting with ``start``."""
    from polyglot.project import Project

    p = Project.open(project)
    document = p.read_document(p.document(doc))
    for bi, block in enumerate(document.blocks, 1):
        for si, seg in enumerate(block.segments, 1):
            if seg.msgid.startswith(start):
                return f"b{bi}s{si}"
    raise LookupError(start)
