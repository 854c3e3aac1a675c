"""Exchange with other tools: export XLIFF or EPUB per document and language, import returned files.

Exports go under the output folder: ``exports/xliff/<doc>.<lang>.xlf`` (XLIFF 1.2),
``exports/xliff2/<doc>.<lang>.xlf`` (XLIFF 2.1), ``exports/<doc>.<src>-<lang>.epub``.
An import merges one returned file into the PO file of its document and language
(:mod:`polyglot.interchange` decides what is taken); the write is guarded
(:meth:`Project.save_catalog`), so an edit made meanwhile in an editor is merged, not lost.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import InputError
from .interchange import ImportReport, merge_returned, read_returned
from .lang import same
from .pipeline import Written
from .project import Project

FORMATS = {"xliff": "1.2", "xliff2": "2.1"}


def export_path(fmt: str, document: str, source: str, language: str) -> str:
    """Where an export lands, relative to the output folder."""
    if fmt == "epub":
        return f"exports/{document}.{source}-{language}.epub"
    return f"exports/{fmt}/{document}.{language}.xlf"


def export_files(project: Project, fmt: str, languages: list[str] | None = None) -> dict[str, bytes]:
    """Every export file of a format, by path relative to the output folder (nothing written)."""
    from .pipeline import load_catalogs, publish_gate
    from .render.xliff import to_xliff

    langs = project.languages(languages)
    source = project.config.source_language
    files: dict[str, bytes] = {}
    if fmt == "epub":
        from .render.site import epub_files

        docs = [doc for _, doc in project.documents()]
        catalogs = {(d, lang): c for lang in langs for d, c in load_catalogs(project, lang).items()}
        published = publish_gate(project, catalogs)[0]  # a book is published: through the gate
        return epub_files(docs, published, project.config, langs)
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r} (expected xliff, xliff2 or epub)")
    for lang in langs:
        for name, catalog in load_catalogs(project, lang).items():
            files[export_path(fmt, name, source, lang)] = to_xliff(name, catalog, source, lang, FORMATS[fmt])
    return files


def export(project: Project, fmt: str, languages: list[str] | None = None) -> Written:
    """Write the exports of a format atomically into the output folder, listed in the build manifest."""
    from .fsutil import atomic_write
    from .render import manifest, write_site

    cfg = project.config
    out = project.output_dir
    files = export_files(project, fmt, languages)
    changed = set(write_site(files, out))
    state = project.state_dir / manifest.NAME
    recorded = manifest.read(state)
    key = manifest.exports_key(cfg.output_dir, fmt)
    recorded[key] = {**recorded.get(key, {}), **manifest.digests(files)}
    project.state_dir.mkdir(parents=True, exist_ok=True)
    atomic_write(state, manifest.dump(recorded))
    rel = {p: project.rel(out / p) for p in files}
    return Written(tuple(rel[p] for p in files if p in changed), tuple(rel[p] for p in files if p not in changed))


@dataclass(frozen=True)
class Imported:
    """An import: the PO file it went into, whether that changed, and what was taken or refused."""

    po: str
    document: str
    language: str
    changed: bool
    report: ImportReport


def import_file(
    project: Project, path: Path, document: str | None = None, language: str | None = None
) -> Imported:
    """Merge a returned XLIFF or PO file into the project's PO file of its document and language."""
    from .catalog import stamp
    from .pipeline import revision_date

    rel = project.rel(Path(path))
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=rel) from None
    returned = read_returned(data, rel)
    name = document or returned.document or Path(path).name.split(".")[0]
    doc = project.document(name)
    lang = language or returned.target_language
    if not lang:
        raise InputError("the file names no target language", path=rel, hint="give --language")
    lang = next((t for t in project.config.target_languages if same(t, lang)), lang)
    project.languages([lang])
    src = returned.source_language
    if src and not same(src, project.config.source_language):
        raise InputError(f"the file translates from {src!r}, the project from {project.config.source_language!r}", path=rel)
    po = project.po_path(lang, doc)
    catalog = project.read_catalog(po, lang)
    if catalog is None:
        raise InputError("catalog not found", path=project.rel(po), hint="run 'polyglot update' first")
    merged, report = merge_returned(catalog, returned)
    changed = False
    if merged != catalog:
        changed = project.save_catalog(po, stamp(merged, catalog, revision_date()))
    return Imported(project.rel(po), doc.name, lang, changed, report)
