"""The whole build: documents × catalogs → every page and export, then an atomic write.

Layout of the output folder::

    index.html, index.<lang>.html     documents × languages, share reviewed
    <doc>/<lang>.html                 bilingual page (source + target)
    <doc>/<lang>.mono.html            monolingual page (also <doc>/<source>.mono.html)
    exports/<doc>.<src>-<lang>.tmx    TMX 1.4b translation memory
    exports/<doc>.<lang>.md / .txt    Markdown and plain text
    assets/polyglot.css, polyglot.js

:func:`render_site` is pure (same input, same bytes; the date is a parameter);
:func:`write_site` does the I/O.
"""

from __future__ import annotations

import datetime
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from ..catalog import Catalog
from ..config import Config
from ..errors import InputError
from ..fsutil import atomic_write, ensure_inside
from ..model import BlockKind, Document
from .bitext import BiBlock, Progress, align, progress, states
from .html import (
    Link,
    build_rows,
    grid_css,
    max_rows,
    page_context,
    render_template,
    switcher,
    title_text,
)
from .markdown import to_markdown, to_text
from .tmx import to_tmx
from .ui import UI

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass(frozen=True)
class Publication:
    """Whether a target language is published: reviewed share against the threshold."""

    language: str
    progress: Progress
    threshold: float
    below: str

    @property
    def under(self) -> bool:
        return self.progress.percent_reviewed < self.threshold

    @property
    def visible(self) -> bool:
        return not (self.under and self.below == "omit")

    @property
    def draft(self) -> bool:
        return self.under and self.below == "mark"


def default_date() -> datetime.date:
    """``SOURCE_DATE_EPOCH`` when set (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def publications(
    documents: Sequence[Document], catalogs: Mapping[tuple[str, str], Catalog], config: Config
) -> dict[str, Publication]:
    """Per target language, its reviewed share over all documents and whether it is shown."""
    out = {}
    for lang in config.target_languages:
        entries = []
        for doc in documents:
            entries += states(doc, catalogs.get((doc.name, lang))).items()
        out[lang] = Publication(lang, progress(entries), config.publish.threshold, config.publish.below)
    return out


def _static(name: str) -> bytes:
    return resources.files("polyglot.render").joinpath("static", name).read_bytes()


def render_site(
    documents: Sequence[Document],
    catalogs: Mapping[tuple[str, str], Catalog],
    config: Config,
    *,
    date: datetime.date | None = None,
) -> dict[str, bytes]:
    """Every output file, by path relative to the output folder (``/``-separated)."""
    for doc in documents:
        if not _NAME.match(doc.name):
            raise InputError(f"document name {doc.name!r} cannot name a folder", path=doc.path)
    day = date or default_date()
    source = config.source_language
    pubs = publications(documents, catalogs, config)
    shown = [lang for lang in config.target_languages if pubs[lang].visible]
    files: dict[str, bytes] = {}
    longest = 1
    for doc in documents:
        blocks_src = align(doc, None)
        files[f"exports/{doc.name}.{source}.md"] = to_markdown(blocks_src, "src", source).encode()
        files[f"exports/{doc.name}.{source}.txt"] = to_text(blocks_src, "src", source).encode()
        for lang in shown:
            catalog = catalogs.get((doc.name, lang))
            blocks = align(doc, catalog)
            rows = build_rows(blocks, source, lang)
            longest = max(longest, max_rows(rows))
            files[f"{doc.name}/{lang}.html"] = _bilingual(doc, blocks, rows, source, lang, shown, pubs, day)
            files[f"{doc.name}/{lang}.mono.html"] = _mono(doc, blocks, rows, source, lang, shown, pubs, day)
            files[f"exports/{doc.name}.{source}-{lang}.tmx"] = to_tmx(doc, catalog, source, lang, day)
            files[f"exports/{doc.name}.{lang}.md"] = to_markdown(blocks, "tgt", lang).encode()
            files[f"exports/{doc.name}.{lang}.txt"] = to_text(blocks, "tgt", lang).encode()
        rows_src = build_rows(blocks_src, source, source)
        longest = max(longest, max_rows(rows_src))
        files[f"{doc.name}/{source}.mono.html"] = _mono(
            doc, blocks_src, rows_src, source, source, shown, pubs, day
        )
    for lang in [source, *shown]:
        name = "index.html" if lang == source else f"index.{lang}.html"
        files[name] = _index(documents, catalogs, config, lang, shown, pubs, day)
    files["assets/polyglot.css"] = _static("polyglot.css") + grid_css(longest).encode()
    files["assets/polyglot.js"] = _static("polyglot.js")
    return dict(sorted(files.items()))


def write_site(files: Mapping[str, bytes], out_dir: Path) -> list[str]:
    """Write the files under ``out_dir`` atomically; the relative paths whose bytes changed.

    Every path is checked before anything is written: one that would leave
    ``out_dir`` (``..``, absolute, through a symbolic link) raises InputError.
    Nothing is deleted.
    """
    out_dir = Path(out_dir)
    targets = {}
    for rel in files:
        if not rel or rel.startswith("/") or "\\" in rel or "\0" in rel or ".." in rel.split("/"):
            raise InputError("output path leads outside the build folder", path=rel)
        targets[rel] = ensure_inside(out_dir, rel)
    return [rel for rel, path in targets.items() if atomic_write(path, files[rel])]


# --- pages --------------------------------------------------------------------------------


def _doc_switcher(source: str, shown: Sequence[str], current: str) -> tuple[Link, ...]:
    langs = [(source, f"{source}.mono.html")] + [(lang, f"{lang}.html") for lang in shown]
    return switcher(langs, current)


def _downloads(ui: UI, doc: Document, source: str, lang: str) -> list[tuple[str, str, str]]:
    base = f"../exports/{doc.name}"
    out = []
    if lang != source:
        out.append((ui("tmx"), f"{base}.{source}-{lang}.tmx", "application/x-tmx+xml"))
    out.append((ui("markdown"), f"{base}.{lang}.md", "text/markdown"))
    out.append((ui("text"), f"{base}.{lang}.txt", "text/plain"))
    return out


def _legend(blocks: Sequence[BiBlock]) -> list[str]:
    seen = {p.state.value for b in blocks for p in b.pairs}
    return [s for s in ("machine", "untranslated") if s in seen]


def _banner(ui: UI, pub: Publication | None) -> str:
    if pub is not None and pub.draft:
        return ui("draft", percent=ui.percent(pub.progress.percent_reviewed))
    return ""


def _has_heading(doc: Document) -> bool:
    return any(b.kind is BlockKind.HEADING and b.segments for b in doc.blocks)


def _home(source: str, lang: str) -> str:
    return "../index.html" if lang == source else f"../index.{lang}.html"


def _bilingual(doc, blocks, rows, source, lang, shown, pubs, day) -> bytes:
    ui = UI.for_reader(lang)
    return render_template(
        "bilingual.html",
        **page_context(ui, day, "../"),
        home=_home(source, lang),
        switcher=_doc_switcher(source, shown, lang),
        source=source,
        target=lang,
        rows=rows,
        title_src=title_text(blocks, "src", doc.name),
        title_tgt=title_text(blocks, "tgt", doc.name),
        has_heading=_has_heading(doc),
        legend=_legend(blocks),
        banner=_banner(ui, pubs.get(lang)),
        downloads=_downloads(ui, doc, source, lang),
    )


def _mono(doc, blocks, rows, source, lang, shown, pubs, day) -> bytes:
    ui = UI.for_reader(lang)
    side = "src" if lang == source else "tgt"
    return render_template(
        "mono.html",
        **page_context(ui, day, "../"),
        home=_home(source, lang),
        switcher=switcher(
            [(source, f"{source}.mono.html")] + [(t, f"{t}.mono.html") for t in shown], lang
        ),
        language=lang,
        side=side,
        rows=rows,
        title=title_text(blocks, side, doc.name),
        has_heading=_has_heading(doc),
        legend=_legend(blocks) if side == "tgt" else [],
        banner=_banner(ui, pubs.get(lang)),
        bilingual_href=f"{lang}.html" if side == "tgt" else "",
        downloads=_downloads(ui, doc, source, lang),
    )


@dataclass(frozen=True)
class _IndexCell:
    lang: str
    percent: float
    percent_text: str
    draft: bool
    href: str = ""
    mono_href: str = ""
    tmx_href: str = ""
    md_href: str = ""
    txt_href: str = ""


@dataclass(frozen=True)
class _IndexRow:
    name: str
    title: str
    href: str
    cells: tuple[_IndexCell, ...]


@dataclass(frozen=True)
class _Language:
    code: str


def _index(documents, catalogs, config, lang, shown, pubs, day) -> bytes:
    source = config.source_language
    ui = UI.for_reader(lang)
    rows = []
    for doc in documents:
        cells = []
        for target in config.target_languages:
            p = progress(states(doc, catalogs.get((doc.name, target))).items())
            cell = _IndexCell(target, p.percent_reviewed, ui.percent(p.percent_reviewed), pubs[target].draft)
            if target in shown:
                base = f"exports/{doc.name}"
                cell = _IndexCell(
                    target,
                    p.percent_reviewed,
                    ui.percent(p.percent_reviewed),
                    pubs[target].draft,
                    href=f"{doc.name}/{target}.html",
                    mono_href=f"{doc.name}/{target}.mono.html",
                    tmx_href=f"{base}.{source}-{target}.tmx",
                    md_href=f"{base}.{target}.md",
                    txt_href=f"{base}.{target}.txt",
                )
            cells.append(cell)
        title = title_text(align(doc, None), "src", doc.name)
        rows.append(_IndexRow(doc.name, title, f"{doc.name}/{source}.mono.html", tuple(cells)))
    links = [(source, "index.html")] + [(t, f"index.{t}.html") for t in shown]
    return render_template(
        "index.html",
        **page_context(ui, day, ""),
        home="index.html" if lang == source else f"index.{lang}.html",
        switcher=switcher(links, lang),
        source=source,
        languages=[_Language(t) for t in config.target_languages],
        documents=rows,
        banner="",
    )
