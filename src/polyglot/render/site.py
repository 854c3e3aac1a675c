"""The whole build: documents × catalogs → every page and export, then an atomic write.

Layout of the output folder::

    index.html, index.<lang>.html     documents × languages, share reviewed
    <doc>/<lang>.html                 bilingual page (source + target)
    <doc>/<lang>.mono.html            monolingual page (also <doc>/<source>.mono.html)
    exports/<doc>.<src>-<lang>.tmx    TMX 1.4b translation memory
    exports/<doc>.<lang>.md / .txt    Markdown and plain text
    exports/<doc>.<src>-<lang>.epub   bilingual EPUB 3
    assets/polyglot.css, polyglot.js

:func:`render_site` is pure (same input, same bytes; the date is a parameter);
:func:`write_site` does the I/O.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from importlib import resources
from pathlib import Path

from ..catalog import Catalog
from ..config import Config, source_date
from ..errors import InputError
from ..fsutil import atomic_write_many
from ..paths import ensure_all_inside
from ..model import BlockKind, Document
from ..parallel import pmap
from .bitext import BiBlock, Progress, State, align, block_states, progress, states
from .head import describe, page_head
from .html import bitext_row, build_rows, mono_row, grid_css, max_rows, page_context, render_template, switcher, title_text
from .inline_html import to_plain as plain
from .epub import to_epub
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
    when = source_date()
    return when.date() if when else datetime.date.today()


def publications(
    documents: Sequence[Document], catalogs: Mapping[tuple[str, str], Catalog], config: Config
) -> dict[str, Publication]:
    """Per target language, its reviewed share over all documents and whether it is shown."""
    found = {(doc.name, lang): states(doc, catalogs.get((doc.name, lang)))
             for doc in documents for lang in config.target_languages}
    return _publications(documents, found, config)


def _publications(documents, found: Mapping[tuple[str, str], Mapping[str, State]], config: Config) -> dict[str, Publication]:
    """:func:`publications` from the state of each msgid of each document × language."""
    out = {}
    for lang in config.target_languages:
        entries: list[tuple[str, State]] = []
        for doc in documents:
            entries += found[(doc.name, lang)].items()
        out[lang] = Publication(lang, progress(entries), config.publish.threshold, config.publish.below)
    return out


def _static(name: str) -> bytes:
    return resources.files("polyglot.render").joinpath("static", name).read_bytes()


def _document_files(common: tuple[_Site, Mapping[str, Document], Mapping[tuple[str, str], tuple[BiBlock, ...]]],
                    job: tuple[str, str]) -> tuple[dict[str, bytes], int]:
    """One document's pages (``part`` "pages") or exports ("exports") in every shown
    language, and its longest row count (1 for exports).

    ``aligned`` holds each document's blocks aligned with each language (and with none,
    under the source language): every page and export of a language shares them. The two
    parts of a document are separate jobs, so even a one-document build uses two workers.
    """
    site, documents, aligned = common
    name, part = job
    doc, source = documents[name], site.source
    files: dict[str, bytes] = {}
    blocks_src = aligned[(name, source)]
    longest = 1
    if part == "exports":
        files[f"exports/{name}.{source}.md"] = to_markdown(blocks_src, "src", source).encode()
        files[f"exports/{name}.{source}.txt"] = to_text(blocks_src, "src", source).encode()
        for lang in site.shown:
            blocks = aligned[(name, lang)]
            files[f"exports/{name}.{source}-{lang}.tmx"] = to_tmx(doc, None, source, lang, site.day, blocks=blocks)
            notice = _banner(UI.for_reader(lang), site.pubs[lang])  # a draft says so in every export
            files[f"exports/{name}.{lang}.md"] = to_markdown(blocks, "tgt", lang, notice).encode()
            files[f"exports/{name}.{lang}.txt"] = to_text(blocks, "tgt", lang, notice).encode()
            files[f"exports/{name}.{source}-{lang}.epub"] = to_epub(doc, blocks, source, lang, site.day, notice=notice)
        return files, longest
    for lang in site.shown:
        blocks = aligned[(name, lang)]
        rows = build_rows(blocks, source, lang, UI.for_reader(lang)("back"))
        longest = max(longest, max_rows(rows))
        files[f"{name}/{lang}.html"] = site.page("bilingual.html", doc, blocks, rows, lang)
        files[f"{name}/{lang}.mono.html"] = site.page("mono.html", doc, blocks, rows, lang)
    rows_src = build_rows(blocks_src, source, source, UI.for_reader(source)("back"), targets=False)
    longest = max(longest, max_rows(rows_src))
    files[f"{name}/{source}.mono.html"] = site.page("mono.html", doc, blocks_src, rows_src, source)
    return files, longest


def render_site(
    documents: Sequence[Document],
    catalogs: Mapping[tuple[str, str], Catalog],
    config: Config,
    *,
    date: datetime.date | None = None,
    workers: int = 1,
) -> dict[str, bytes]:
    """Every output file, by path relative to the output folder (``/``-separated).

    Documents (each one's pages, and its exports) are rendered by ``workers`` processes
    side by side (the bytes do not depend on it); the index pages, which list them all, after.
    """
    for doc in documents:
        if not _NAME.match(doc.name):
            raise InputError(f"document name {doc.name!r} cannot name a folder", path=doc.path)
    day = date or default_date()
    source = config.source_language
    # each document aligned once with each language (and the source alone): pages,
    # exports, the index and the publication figures all read these
    aligned = {(doc.name, lang): align(doc, catalogs.get((doc.name, lang)) if lang != source else None)
               for doc in documents for lang in (source, *config.target_languages)}
    found = {key: block_states(blocks) for key, blocks in aligned.items() if key[1] != source}
    pubs = _publications(documents, found, config)
    shown = [lang for lang in config.target_languages if pubs[lang].visible]
    site = _Site(source, tuple(shown), pubs, day, config.publish.base_url)
    # what the jobs share reaches each worker once, through the fork: a job is two names
    common = (site, {doc.name: doc for doc in documents}, aligned)
    jobs = [(doc.name, part) for doc in documents for part in ("pages", "exports")]
    files: dict[str, bytes] = {}
    longest = 1
    shares = {key: progress(entries.items()) for key, entries in found.items()}
    for doc_files, doc_longest in pmap(_document_files, common, jobs, workers):
        files.update(doc_files)
        longest = max(longest, doc_longest)
    for lang in [source, *shown]:
        name = "index.html" if lang == source else f"index.{lang}.html"
        files[name] = _index(documents, aligned, shares, config, lang, site)
    files["assets/polyglot.css"] = _static("polyglot.css") + grid_css(longest).encode()
    files["assets/polyglot.js"] = _static("polyglot.js")
    return dict(sorted(files.items()))


def epub_files(
    documents: Sequence[Document],
    catalogs: Mapping[tuple[str, str], Catalog],
    config: Config,
    languages: Sequence[str],
    *,
    date: datetime.date | None = None,
) -> dict[str, bytes]:
    """The EPUB of each document in each of ``languages`` (a draft's marked), by output path."""
    day = date or default_date()
    pubs = publications(documents, catalogs, config)
    source = config.source_language
    return {
        f"exports/{doc.name}.{source}-{lang}.epub": to_epub(
            doc, align(doc, catalogs.get((doc.name, lang))), source, lang, day,
            notice=_banner(UI.for_reader(lang), pubs[lang]),
        )
        for doc in documents
        for lang in languages
    }


def files_of(files: Iterable[str], document: str, language: str, source: str) -> list[str]:
    """The paths among ``files`` that belong to one document in one target language."""
    prefixes = (f"{document}/{language}.", f"exports/{document}.{language}.", f"exports/{document}.{source}-{language}.")
    return [p for p in files if p.startswith(prefixes)]


def write_site(files: Mapping[str, bytes], out_dir: Path) -> list[str]:
    """Write the files under ``out_dir`` atomically; the relative paths whose bytes changed.

    Every path is checked before anything is written: one that would leave
    ``out_dir`` (``..``, absolute, through a symbolic link) raises InputError.
    Nothing is deleted. The files are flushed to disk together
    (:func:`polyglot.fsutil.atomic_write_many`).
    """
    out_dir = Path(out_dir)
    for rel in files:
        if not rel or rel.startswith("/") or "\\" in rel or "\0" in rel or ".." in rel.split("/"):
            raise InputError("output path leads outside the build folder", path=rel)
    targets = ensure_all_inside(out_dir, files)
    written = atomic_write_many({targets[rel]: files[rel] for rel in targets})
    return [rel for rel, changed in zip(targets, written) if changed]


# --- pages --------------------------------------------------------------------------------


def _downloads(ui: UI, doc: Document, source: str, lang: str) -> list[tuple[str, str, str]]:
    base = f"../exports/{doc.name}"
    out = []
    if lang != source:
        out.append((ui("tmx"), f"{base}.{source}-{lang}.tmx", "application/x-tmx+xml"))
    out.append((ui("markdown"), f"{base}.{lang}.md", "text/markdown"))
    out.append((ui("text"), f"{base}.{lang}.txt", "text/plain"))
    if lang != source:
        out.append((ui("epub"), f"{base}.{source}-{lang}.epub", "application/epub+zip"))
    return out


def _legend(blocks: Sequence[BiBlock]) -> list[str]:
    seen = {p.state.value for b in blocks for p in b.pairs}
    return [s for s in ("outdated", "withheld", "machine", "memory", "untranslated") if s in seen]


def _banner(ui: UI, pub: Publication | None) -> str:
    if pub is not None and pub.draft:
        return ui("draft", percent=ui.percent(pub.progress.percent_reviewed))
    return ""


def _has_title(doc: Document) -> bool:
    return any(b.kind in (BlockKind.TITLE, BlockKind.HEADING) and b.segments for b in doc.blocks)


def _description(blocks: Sequence[BiBlock], side: str) -> str:
    """The first paragraph of one side, as plain text, for search engines and link previews."""
    for b in blocks:
        if b.block.kind is BlockKind.PARAGRAPH and b.pairs:
            texts = [plain(p.segment.msgid if side == "src" else p.target, p.segment.elements, False) for p in b.pairs]
            return describe(" ".join(texts))
    return ""


@dataclass(frozen=True)
class _Site:
    """What every page of a build shares."""

    source: str
    shown: tuple[str, ...]
    pubs: Mapping[str, Publication]
    day: datetime.date
    base_url: str

    def home(self, lang: str) -> str:
        return "../index.html" if lang == self.source else f"../index.{lang}.html"

    def page(self, template: str, doc: Document, blocks, rows, lang: str) -> bytes:
        """A document's bilingual (``bilingual.html``) or monolingual (``mono.html``) page."""
        source, ui = self.source, UI.for_reader(lang)
        side = "src" if lang == source else "tgt"
        bilingual = template == "bilingual.html"
        if bilingual:
            langs = [(source, f"{source}.mono.html")] + [(t, f"{t}.html") for t in self.shown]
            path = f"{doc.name}/{lang}.html"
        else:
            langs = [(source, f"{source}.mono.html")] + [(t, f"{t}.mono.html") for t in self.shown]
            path = f"{doc.name}/{lang}.mono.html"
        if bilingual:
            shown = partial(bitext_row, source=source, target=lang, ui=ui)
        else:
            shown = partial(mono_row, side=side, ui=ui)
        title = title_text(blocks, side, doc.name)
        title_src = title_text(blocks, "src", doc.name)
        head = page_head(
            path=path,
            title=f"{title} · {title_src}" if bilingual else title,
            language=lang,
            meta=doc.meta,
            base_url=self.base_url,
            alternates=langs,
            description=_description(blocks, side),
            original=(title_src, source) if side == "tgt" else None,
            modified=self.day.isoformat(),
        )
        return render_template(
            template,
            **page_context(ui, self.day, "../"),
            head=head,
            home=self.home(lang),
            switcher=switcher(langs, lang),
            source=source,
            target=lang,
            language=lang,
            side=side,
            rows=[shown(r) for r in rows if r.kind != "note"],
            notes=[shown(r) for r in rows if r.kind == "note"],
            title=title,
            title_src=title_src,
            title_tgt=title_text(blocks, "tgt", doc.name),
            has_heading=_has_title(doc),
            legend=_legend(blocks) if side == "tgt" else [],
            banner=_banner(ui, self.pubs.get(lang)),
            bilingual_href=f"{lang}.html" if side == "tgt" and not bilingual else "",
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
    epub_href: str = ""


@dataclass(frozen=True)
class _IndexRow:
    name: str
    title: str
    href: str
    lang: str
    date: str
    author: str
    cells: tuple[_IndexCell, ...]


@dataclass(frozen=True)
class _Language:
    code: str


def _index(documents, aligned, shares: Mapping[tuple[str, str], Progress], config, lang, site: _Site) -> bytes:
    source, shown, pubs = config.source_language, site.shown, site.pubs
    ui = UI.for_reader(lang)
    rows = []
    for doc in documents:
        cells = []
        for target in config.target_languages:
            p = shares[(doc.name, target)]
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
                    epub_href=f"{base}.{source}-{target}.epub",
                )
            cells.append(cell)
        if lang == source:
            title, href = title_text(aligned[(doc.name, source)], "src", doc.name), f"{doc.name}/{source}.mono.html"
        else:
            title = title_text(aligned[(doc.name, lang)], "tgt", doc.name)
            href = f"{doc.name}/{lang}.html"
        rows.append(_IndexRow(doc.name, title, href, lang, _date(ui, doc.meta.date), doc.meta.author, tuple(cells)))
    links = [(source, "index.html")] + [(t, f"index.{t}.html") for t in shown]
    return render_template(
        "index.html",
        **page_context(ui, site.day, ""),
        head=None,
        home="index.html" if lang == source else f"index.{lang}.html",
        switcher=switcher(links, lang),
        source=source,
        languages=[_Language(t) for t in config.target_languages],
        documents=rows,
        banner="",
    )


def _date(ui: UI, value: str) -> str:
    """A metadata date in the reader's words when it is an ISO date, else as written."""
    try:
        return ui.date(datetime.date.fromisoformat(value[:10]))
    except ValueError:
        return value
