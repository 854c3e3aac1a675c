"""The project operations behind the CLI: extract, update, translate, status, check, build, run.

Each gathers everything first (reads, segments, merges, translates in memory), then
writes atomically; a file whose bytes would not change is not rewritten.
"""

from __future__ import annotations

import contextlib
from dataclasses import asdict
from datetime import date, datetime, timezone
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from . import __version__, pofile, pofs
from .catalog import Catalog, MergeReport, extract, merge, stamp
from .cluster import ClusterOptions
from .config import source_date
from .engines import Engine, Engines
from .errors import CatalogError, EngineError, GlossaryError
from .glossary import read_glossary
from .memory import Memory
from .model import Document
from .parallel import each, pmap, workers
from .qa import ERROR_CHECKS, check_catalog
from .readers import read_file
from .results import Failure, StatusRow, Written
from .segment import load_rules, segment
from .stats import Stats, catalog_stats
from .tmproject import open_attached
from .translate import Progress, fill_languages, filling, todo

if TYPE_CHECKING:
    from .project import Project


def _write(project: Project, files: dict[Path, Catalog]) -> Written:
    """Write PO/POT catalogs, each through the guarded :meth:`Project.save_catalog`.

    A file someone changed in a way that conflicts is left as they saved it; the others are
    still written, then the first conflict is raised.
    """
    from .pofs import ConflictError

    def save(item: tuple[Path, Catalog]) -> bool | ConflictError:
        try:
            return project.save_catalog(*item)
        except ConflictError as exc:
            return exc

    # laid out on translate.workers processes first, then written on as many threads: each
    # file then mostly waits for the disk (fsync)
    count = workers(project.config.translate.workers)
    with pofile.prepared(list(files.values()), count):
        outcomes = each(save, files.items(), count)
    conflicts = [o for o in outcomes if isinstance(o, ConflictError)]
    if conflicts:
        raise conflicts[0]
    changed = [project.rel(path) for path, o in zip(files, outcomes) if o is True]
    return Written(tuple(changed), tuple(project.rel(path) for path, o in zip(files, outcomes) if o is False))


def revision_date() -> str:
    """Now (or ``SOURCE_DATE_EPOCH``) in PO header format, for ``PO-Revision-Date``."""
    now = source_date() or datetime.now(timezone.utc)
    return now.strftime("%Y-%m-%d %H:%M+0000")


def templates(project: Project) -> dict[str, Catalog]:
    """Each document's template, by document name."""
    return {
        d.name: extract(doc, generator=f"polyglot {__version__}") for d, doc in project.documents()
    }


def extract_all(project: Project) -> Written:
    """Write ``locales/<doc>.pot`` for every document."""
    files = {project.pot_path(project.document(n)): c for n, c in templates(project).items()}
    return _write(project, files)


def update_all(project: Project, languages: list[str] | None = None) -> tuple[Written, dict, list[Failure]]:
    """Extract, then merge each template into every language's PO file.

    Returns what was written, a report ``{lang: {doc: MergeReport}}`` and the failures:
    a PO file that cannot be read is left as it is, the others are merged.
    """
    tmpl = templates(project)
    files: dict[Path, Catalog] = {project.pot_path(project.document(n)): c for n, c in tmpl.items()}
    reports: dict[str, dict[str, MergeReport]] = {}
    failures: list[Failure] = []
    for lang in project.languages(languages):
        for name, template in tmpl.items():
            path = project.po_path(lang, project.document(name))
            try:
                old = project.read_catalog(path, lang)
            except CatalogError as exc:
                failures.append(Failure.of("update", lang, exc, name))
                continue
            merged, report = merge(template, old, lang)
            files[path] = stamp(merged, old, revision_date())
            reports.setdefault(lang, {})[name] = report
    return _write(project, files), reports, failures


def load_catalogs(project: Project, language: str) -> dict[str, Catalog]:
    """Every document's PO catalog for a language (missing ones are an error)."""
    catalogs, failures = _catalogs(project, language, "translate")
    if failures:
        raise failures[0][1]
    return catalogs


def _catalogs(
    project: Project, language: str, stage: str, missing_ok: bool = False
) -> tuple[dict[str, Catalog], list[tuple[Failure, CatalogError]]]:
    """The readable PO catalogs of a language, and a failure for each one that is not."""
    out, failures = {}, []
    for d in project.config.documents:
        path = project.po_path(language, d)
        try:
            cat = project.read_catalog(path, language)
            if cat is None and not missing_ok:
                raise CatalogError("catalog not found", path=project.rel(path), hint="run 'polyglot update' first")
        except CatalogError as exc:
            failures.append((Failure.of(stage, language, exc, d.name), exc))
            continue
        if cat is not None:
            out[d.name] = cat
    return out, failures


def load_glossary(project: Project):
    """The project glossary, or None when none is configured."""
    path = project.glossary_path
    if path is None or not project.config.glossary:
        return None
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise GlossaryError("glossary not found", path=project.config.glossary) from None
    except UnicodeDecodeError:
        raise GlossaryError("glossary is not UTF-8", path=project.config.glossary) from None
    return read_glossary(text, project.config.glossary)


def translate_all(
    project: Project,
    languages: list[str] | None = None,
    engine: str | Engine | None = None,
    progress: Progress | None = None,
    executor: str | None = None,
) -> tuple[Written, list, list[Failure]]:
    """Fill the untranslated entries of every PO file through memory, cache and engines.

    ``engine`` is a registered engine name, ``"auto"``, or an engine object (default: the
    project's ``translate.engine``). Completed work is written even when an engine fails;
    the caller raises on ``report.failed``. A language with an unreadable catalog (that
    document only) or without an engine route is a returned failure; the others go on.
    """
    cfg = project.config
    ray = cfg.translate.ray if (executor or cfg.translate.executor) == "ray" else None
    pool = Engines(cfg, engine or cfg.engine, cluster=ClusterOptions(**asdict(ray)) if ray else None)
    glossary = load_glossary(project)
    # Everything that can be refused is checked before the first write (the memory file
    # included): languages, catalogs, glossary, and a route for each language with work.
    # A language whose catalogs cannot be read, or with no engine route, fails alone.
    failures: list[Failure] = []
    catalogs, routes = {}, {}
    for lang in project.languages(languages):
        catalogs[lang], bad = _catalogs(project, lang, "translate")
        failures += [f for f, _ in bad]
        if todo(catalogs[lang]):
            try:
                routes[lang] = pool.resolve(cfg.source_language, lang)
            except EngineError as exc:
                failures.append(Failure.of("translate", lang, exc))
                del catalogs[lang]
    langs = list(catalogs)
    if failures and not any(todo(c) for c in catalogs.values()):
        return Written(), [], failures  # refused, nothing else to do: not even the memory file is written
    files: dict[Path, Catalog] = {}
    reports = []
    attached = open_attached(project)
    project.state_dir.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        for other in attached:
            stack.enter_context(other)
        memory = stack.enter_context(Memory.open(project.memory_path))
        for lang in langs:
            record_reviewed(memory, cfg.source_language, lang, catalogs[lang])
        fillings = [
            filling(
                catalogs[lang],
                source=cfg.source_language,
                target=lang,
                resolve=partial(routes.__getitem__, lang),
                memory=memory,
                dnt_terms=glossary.engine_terms(lang) if glossary else (),
                progress=progress,
                fuzzy=fuzzy_index([memory, *attached], cfg.source_language, lang) if todo(catalogs[lang]) else None,
                min_similarity=cfg.tm.min_similarity,
            )
            for lang in langs
        ]
        # the languages' engine calls side by side (fill_languages); the bytes do not depend on it
        for lang, (filled, report) in zip(langs, fill_languages(fillings)):
            for doc, cat in filled.items():
                if cat is not catalogs[lang][doc]:
                    cat = stamp(cat, catalogs[lang][doc], revision_date())
                    files[project.po_path(lang, project.document(doc))] = cat
            reports.append(report)
    return _write(project, files), reports, failures


def record_reviewed(memory, source: str, lang: str, catalogs: dict[str, Catalog]) -> None:
    """Mirror each catalog's reviewed entries, outdated translations and obsolete reviews into the memory."""
    from .translate import harvest

    for doc, cat in catalogs.items():
        memory.add_reviewed(source, lang, [(m.msgid, m.msgstr) for m in cat.active if m.reviewed], doc, replace=True)
        memory.add_units(source, lang, harvest(cat, doc), replace_origins=[(doc, "previous"), (doc, "obsolete")])


def fuzzy_index(memories, source: str, lang: str):
    """A fuzzy-match index over the units of the project's memory and the attached ones."""
    from .tm import FuzzyIndex

    return FuzzyIndex(u for m in memories for u in m.units(source, lang))


def status(project: Project) -> list[StatusRow]:
    """Review statistics per document and language, read from the PO files only."""
    return status_rows(project)[0]


def status_rows(project: Project) -> tuple[list[StatusRow], list[Failure]]:
    """Review statistics and failures: an unreadable PO file is one (its row has no
    counts), the others are counted."""
    rows, failures = [], []
    for lang in project.config.target_languages:
        catalogs, bad = _catalogs(project, lang, "status", missing_ok=True)
        failures += [f for f, _ in bad]
        unreadable = {f.document for f, _ in bad}
        for d in project.config.documents:
            cat = catalogs.get(d.name)
            rows.append(StatusRow(d.name, lang, catalog_stats(cat) if cat else Stats(),
                                  cat is not None or d.name in unreadable))
    order = {d.name: i for i, d in reversed(list(enumerate(project.config.documents)))}
    rows.sort(key=lambda r: order[r.document])
    return rows, failures


def check_all(project: Project, languages: list[str] | None = None) -> tuple[list, list[Failure]]:
    """Run the quality checks on every readable PO file; an unreadable one is a failure.

    Each pool process reads the catalogs it checks (nothing here writes them, so the
    session needs no snapshot): the parsing is spread over the workers too.
    """
    cfg = project.config
    common: tuple = (cfg.source_language, load_glossary(project), None, [])
    jobs = [
        (d.name, lang, path, project.rel(path))
        for lang in project.languages(languages)
        for d in cfg.documents
        for path in (project.po_path(lang, d),)
    ]
    findings, failures = [], []
    for found, failure in pmap(_read_and_check, common, jobs, workers(cfg.translate.workers)):
        findings += found
        if failure is not None:
            failures.append(failure)
    return findings, failures


def _read_and_check(common: tuple, job: tuple) -> tuple[list, Failure | None]:
    name, lang, path, rel = job
    try:
        cat = pofs.checked_language(pofs.load(path, rel, None)[0], lang, rel)
    except CatalogError as exc:
        return [], Failure.of("check", lang, exc, name)
    return ([], None) if cat is None else (_findings(common, cat, rel, lang), None)


def checked(project: Project, catalogs: dict[tuple[str, str], Catalog], only=None) -> list[list]:
    """The findings of each (document, language) catalog, in order, on ``translate.workers`` processes."""
    cfg = project.config
    docs = {d.name: d for d in cfg.documents}  # not project.document(): a linear search per catalog
    # the catalogs reach the pool processes through the fork: a job is a number, not a pickled catalog
    common = (cfg.source_language, load_glossary(project), only, list(catalogs.values()))
    jobs = [(i, project.rel(project.po_path(lang, docs[name])), lang) for i, (name, lang) in enumerate(catalogs)]
    return list(pmap(_check, common, jobs, workers(cfg.translate.workers)))


def _check(common: tuple, job: tuple) -> list:
    index, path, target = job
    return _findings(common, common[3][index], path, target)


def _findings(common: tuple, cat: Catalog, path: str, target: str) -> list:
    source, glossary, only, _ = common
    return check_catalog(cat, path=path, source_lang=source, target_lang=target, glossary=glossary, only=only)


def _last_revision(catalogs):
    """The newest PO-Revision-Date of the catalogs, so pages change only when translations do."""
    days = []
    for cat in catalogs:
        value = (cat.header("PO-Revision-Date") or "")[:10]
        try:
            days.append(date.fromisoformat(value))
        except ValueError:
            pass
    return max(days, default=None)


PUBLISHED = "published.json"


def _load_published(project: Project) -> dict:
    """The last good (published as is) translations: ``{lang: {doc: {msgid: msgstr}}}``."""
    import json

    try:
        data = json.loads((project.state_dir / PUBLISHED).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError, UnicodeDecodeError):
        return {}
    return data if isinstance(data, dict) else {}


def publish_gate(project: Project, catalogs: dict) -> tuple[dict, set[str], dict, dict]:
    """Run the publication gate on every catalog.

    Returns the catalogs as they may be published, the languages ``omit-language``
    leaves out, the withheld msgids by (document, language), and the new last-good store.
    """
    from .gate import blocking, gate

    cfg = project.config
    store = _load_published(project)
    published: dict = {}
    omitted: set[str] = set()
    withheld: dict = {}
    new_store: dict[str, dict[str, dict[str, str]]] = {}
    # the gate acts on errors only: warnings need not be computed
    for ((name, lang), cat), findings in zip(catalogs.items(), checked(project, catalogs, ERROR_CHECKS)):
        old = store.get(lang, {}).get(name, {})
        old = old if isinstance(old, dict) else {}
        g = gate(cat, blocking(findings), old, cfg.publish.on_errors)
        published[(name, lang)] = g.catalog
        if g.omit:
            omitted.add(lang)
        if g.withheld:
            withheld[(name, lang)] = g.withheld
        good = dict(g.good)
        good.update({m: old[m] for m in g.withheld if m in old})
        new_store.setdefault(lang, {})[name] = dict(sorted(good.items()))
    return published, omitted, withheld, new_store


def build(project: Project, date=None) -> tuple[Written, list[Failure], list[str]]:
    """Render the site and exports into the output folder, through the publication gate.

    A document × language whose catalog cannot be read is a failure: its files from an
    earlier build stay as they are. Files of an earlier build that are no longer
    published are removed (:mod:`polyglot.render.manifest`). Returns what was written,
    the failures and the removed files (project-relative).
    """
    import json
    from dataclasses import replace

    from .fsutil import atomic_write
    from .render import manifest, render_site, write_site
    from .render.site import files_of

    cfg = project.config
    docs = [doc for _, doc in project.documents()]
    catalogs, failures = {}, []
    for lang in cfg.target_languages:
        found, bad = _catalogs(project, lang, "build", missing_ok=True)
        failures += [f for f, _ in bad]
        catalogs.update({(name, lang): cat for name, cat in found.items()})
    published, omitted, _, store = publish_gate(project, catalogs)
    languages = tuple(t for t in cfg.target_languages if t not in omitted)
    shown = replace(cfg, project=replace(cfg.project, target_languages=languages))
    count = workers(cfg.translate.workers)
    files = render_site(docs, published, shown, date=date or _last_revision(catalogs.values()), workers=count)
    out = project.output_dir
    state = project.state_dir / manifest.NAME
    recorded = manifest.read(state)
    previous = recorded.get(cfg.output_dir, {})
    every = set(files) | set(previous)
    frozen = {rel for f in failures for rel in files_of(every, f.document or "", f.language, cfg.source_language)}
    files = {rel: data for rel, data in files.items() if rel not in frozen}
    changed = write_site(files, out)
    kept = {rel: h for rel, h in previous.items() if rel in frozen}
    removed = manifest.prune(out, previous, set(files) | set(kept))
    recorded[cfg.output_dir] = {**kept, **manifest.digests(files)}
    atomic_write(state, manifest.dump(recorded))
    atomic_write(project.state_dir / PUBLISHED, json.dumps(store, ensure_ascii=False, indent=1, sort_keys=True) + "\n")
    rel = [project.rel(out / p) for p in changed]
    unchanged = set(files).difference(changed)
    written = Written(tuple(rel), tuple(project.rel(out / p) for p in files if p in unchanged))
    return written, failures, [project.rel(out / p) for p in removed]


def segment_file(path: Path | str, *, language: str, format: str = "auto") -> Document:
    """Read and segment one source file outside any project (``polyglot segment``)."""
    name = Path(path).name.split(".")[0]
    document = read_file(Path(path), name=name, relpath=str(path), language=language, format=format)
    return segment(document, load_rules(language))
