"""A polyglot project on disk, and the session that works on it.

:class:`Project` knows the configuration and where each file lives (the only layer,
with the CLI, that turns names into paths; the stages it feeds work on model
objects). Used as a context manager it is a session: it holds the project lock, so
one run at a time writes, and removes the temporary files a killed run left behind.
Its operations (:meth:`Project.update`, :meth:`~Project.translate`, …) take the
lock for their own duration when no ``with`` block holds it::

    with Project.open("my-articles") as project:
        project.update()
        project.translate(engine="apertium")
        project.build()
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Callable, Iterator, Sequence, TypeVar

from . import config as config_mod
from . import parallel, pipeline, pofs, uptodate
from .catalog import Catalog
from .config import Config, DocumentConfig
from .engines import Engine
from .errors import CatalogError, ConfigError, InputError
from .fsutil import atomic_write, clean_stale_temps
from .lock import ProjectLock
from .model import Document
from .paths import check_layout, inside
from .readers import apply_meta, read_file
from .readers.meta import from_mapping
from .results import (
    BuildResult,
    CheckResult,
    Incomplete,
    RunResult,
    StatusResult,
    TranslateResult,
    UpdateResult,
    Written,
)
from .segment import load_rules, segment
from .translate import Progress

if TYPE_CHECKING:
    from .memory import MemoryStats
    from .terms import Candidate
    from .tm import Unit
    from .tmproject import ImportReport

#: Seconds a session waits for another run's lock by default.
DEFAULT_WAIT = 10.0
#: The folder of the lock and the translation memory.
STATE_DIR = ".polyglot"

R = TypeVar("R")


class Project:
    """A loaded project: its validated configuration, path helpers and operations."""

    def __init__(self, config: Config, *, wait: float = DEFAULT_WAIT) -> None:
        self.config = config
        #: Seconds to wait for another run's lock before raising LockError.
        self.wait = wait
        self._lock: ProjectLock | None = None
        self._kept_lock: ProjectLock | None = None  # see briefly_locked
        self._cleaned = False
        self._snapshots: dict[Path, pofs.Snapshot] = {}
        self._documents: dict[str, tuple[tuple[object, ...], Document]] = {}

    def __repr__(self) -> str:
        return f"Project({str(self.root)!r})"

    @classmethod
    def open(cls, start: Path | str = ".", *, wait: float = DEFAULT_WAIT) -> Project:
        """The project in ``start`` or its nearest parent holding ``polyglot.toml``.

        InputError if its layout breaks the path policy of :mod:`polyglot.paths`.
        """
        root = config_mod.find_root(Path(start))
        cfg = config_mod.load(root)
        inputs = [config_mod.CONFIG_NAME, *(d.path for d in cfg.documents)]
        check_layout(
            root,
            locales=cfg.locales_dir,
            output=cfg.output_dir,
            state=STATE_DIR,
            inputs=inputs + ([cfg.glossary] if cfg.glossary else []),
        )
        return cls(cfg, wait=wait)

    @classmethod
    def init(
        cls,
        root: Path | str,
        *,
        source: str,
        targets: list[str],
        documents: Sequence[Path | str] = (),
        force: bool = False,
    ) -> Project:
        """Write a commented ``polyglot.toml`` in ``root`` for the given (existing) source documents.

        The template publishes a language as reviewed from 80 % reviewed (``publish.threshold``).
        """
        root = Path(root)
        if not root.is_dir():
            raise InputError("no such folder; create it first", path=root)  # init makes one file, not a tree
        path = root / config_mod.CONFIG_NAME
        if path.exists() and not force:
            raise ConfigError(f"{path} exists; use --force to overwrite it")
        for d in documents:
            if not (root / d).is_file():
                raise InputError("source document not found", path=Path(d).as_posix(),
                                 hint="give the path of an existing file, relative to the project folder")
        docs = [DocumentConfig(config_mod.document_name(str(d)), Path(d).as_posix()) for d in documents]
        from .configdoc import template  # here, so `python -m polyglot.configdoc` runs it fresh

        text = template(source, targets, docs)
        config = config_mod.parse(text, root)  # never write a config that would not load
        atomic_write(path, text)
        return cls(config)

    # -- the session: lock and clean-up ------------------------------------------------

    def __enter__(self) -> Project:
        lock = ProjectLock(self.state_dir, timeout=self.wait)
        lock.acquire()
        self._lock = lock
        try:
            self._clean_temps()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def _clean_temps(self) -> None:
        # temp files of a killed run are only ever ours to remove while we hold the lock
        for folder in (self.locales, self.output_dir):
            if folder.is_dir():
                clean_stale_temps(folder)

    @contextmanager
    def briefly_locked(self) -> Iterator[None]:
        """Hold the project lock for one short write of a long-lived session (the review server).

        As cheap as a lock can be: the lock file stays open between writes, so each one
        only locks it again, and temporary files of killed runs are removed the first time
        only (this session's own never outlive the write that made them).
        """
        if self.locked:
            yield
            return
        if self._kept_lock is None:
            self._kept_lock = ProjectLock(self.state_dir, timeout=self.wait)
        lock = self._kept_lock
        lock.acquire()
        self._lock = lock
        try:
            if not self._cleaned:
                self._clean_temps()
                self._cleaned = True
            yield
        finally:
            self._lock = None
            lock.release(keep_open=True)

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()

    @property
    def locked(self) -> bool:
        """Whether this session holds the project lock now."""
        return self._lock is not None

    @contextmanager
    def _writing(self) -> Iterator[None]:
        """Hold the lock for one operation, unless a ``with`` block already holds it; and keep
        the operation, engines included, on ``translate.workers`` cores (:func:`polyglot.parallel.confined`)."""
        with parallel.confined(self.config.translate.workers):
            if self.locked:
                yield
                return
            with self:
                yield

    # -- operations ---------------------------------------------------------------------

    def extract(self) -> Written:
        """Write ``locales/<document>.pot`` for every document."""
        with self._writing():
            return pipeline.extract_all(self)

    def update(self, languages: list[str] | None = None) -> UpdateResult:
        """Extract, then merge each template into every language's PO file."""
        with self._writing():
            written, reports, failures = pipeline.update_all(self, languages)
        return _complete(UpdateResult(written, reports, tuple(failures)))

    def translate(
        self,
        languages: list[str] | None = None,
        engine: str | Engine | None = None,
        progress: Progress | None = None,
        *,
        executor: str | None = None,
    ) -> TranslateResult:
        """Fill untranslated entries by machine translation, marked fuzzy.

        ``engine``: a registered engine name, ``"auto"``, or an engine object such as
        :class:`polyglot.engines.pseudo.PseudoEngine` (default: ``translate.engine``).
        ``executor``: ``"local"`` or ``"ray"`` (default: ``translate.executor``; see docs/cluster.md).

        Raises :class:`~polyglot.results.Incomplete` (its ``result`` attached) after
        writing the completed work when a language failed: no engine route, an engine
        crash, an unreadable catalog (that document only). The other languages are done.
        """
        with self._writing():
            written, reports, failures = pipeline.translate_all(self, languages, engine, progress, executor)
        return _complete(TranslateResult(written, tuple(reports), tuple(failures)))

    def check(self, languages: list[str] | None = None) -> CheckResult:
        """Run the quality checks on the PO files (reads only; takes no lock)."""
        findings, failures = pipeline.check_all(self, languages)
        return _complete(CheckResult(tuple(findings), tuple(failures)))

    def status(self) -> StatusResult:
        """Review statistics per document and language (reads only; takes no lock)."""
        rows, failures = pipeline.status_rows(self)
        return _complete(StatusResult(tuple(rows), tuple(failures)))

    def build(self) -> BuildResult:
        """Render the site and exports into the output folder."""
        with self._writing():
            written, failures, removed = pipeline.build(self)
        index = str(self.output_dir / "index.html")
        return _complete(BuildResult(written, index, tuple(failures), tuple(removed)))

    def export(self, fmt: str, languages: list[str] | None = None) -> Written:
        """Write XLIFF 1.2 (``xliff``), XLIFF 2.1 (``xliff2``) or EPUB (``epub``) exports, per document and language."""
        from .exchange import export

        with self._writing():
            return export(self, fmt, languages)

    def import_file(self, path: Path | str, document: str | None = None, language: str | None = None):
        """Merge a returned XLIFF or PO file into the PO file of its document and language.

        Returns an :class:`~polyglot.exchange.Imported`; refused entries are in its report.
        """
        from .exchange import import_file

        with self._writing():
            return import_file(self, Path(path), document, language)

    def run(
        self,
        languages: list[str] | None = None,
        engine: str | Engine | None = None,
        progress: Progress | None = None,
        *,
        force: bool = False,
        executor: str | None = None,
    ) -> RunResult:
        """The main job: update, translate, check, build, under one lock.

        A failure stops one language (or one document in it) only: the other stages
        and languages still run, then :class:`~polyglot.results.Incomplete` is raised
        with the result, naming every failure. When nothing changed since the last
        complete run (see :mod:`polyglot.uptodate`), no stage runs and the result,
        ``unchanged``, carries that run's findings; ``force`` runs every stage all the same.
        """
        with self._writing():
            index = str(self.output_dir / "index.html")
            before = uptodate.fingerprint(self, languages, engine)
            known = None if force else uptodate.recall(self, before)
            if known is not None:
                nothing = Written()
                return RunResult(UpdateResult(nothing), TranslateResult(nothing), CheckResult(known),
                                 BuildResult(nothing, index), unchanged=True)  # fmt: skip
            uptodate.forget(self)
            update = _partial(lambda: self.update(languages))
            translated = _partial(lambda: self.translate(languages, engine, progress, executor=executor))
            checked = _partial(lambda: self.check(languages))
            result = RunResult(update, translated, checked, _partial(self.build))
            if not result.failed:
                uptodate.remember(self, uptodate.fingerprint(self, languages, engine), result.check.findings)
        return _complete(result)

    # -- translation memory -----------------------------------------------------------

    def tm_import(self, path: Path | str) -> ImportReport:
        """Import a TMX file into the project memory, all or nothing."""
        from .tmproject import import_tmx

        with self._writing():
            return import_tmx(self, Path(path))

    def tm_export(self, languages: list[str] | None = None) -> bytes:
        """The project memory as TMX 1.4b (after recording the PO files' reviews)."""
        from .tmproject import export_tmx

        with self._writing():
            return export_tmx(self, languages)

    def tm_search(self, text: str, language: str | None = None, limit: int = 50) -> list[tuple[str, str, Unit]]:
        """Concordance over the project memory and the attached ones (reads only)."""
        from .tmproject import search

        return search(self, text, language, limit)

    def tm_stats(self) -> dict[str, MemoryStats]:
        """Counts of the project memory and the attached ones, by file (reads only)."""
        from .tmproject import stats

        return stats(self)

    def suggest_terms(self, min_count: int = 2) -> list[Candidate]:
        """Glossary candidates the glossary lacks, from the sources and the engines' unknown words (reads only)."""
        from .terms import suggest, unknown_words

        sentences = [seg.msgid for _, doc in self.documents() for _, seg in doc.segments]
        unknown: dict[str, list[str]] = {}
        for lang in self.config.target_languages:
            for d in self.config.documents:
                cat = self.read_catalog(self.po_path(lang, d), lang)
                if cat is not None:
                    unknown.setdefault(lang, []).extend(w for m in cat.active for w in unknown_words(m.comments))
        return suggest(sentences, pipeline.load_glossary(self), unknown, min_count)

    # -- layout -------------------------------------------------------------------------

    @property
    def root(self) -> Path:
        return self.config.root

    def path(self, relative: str | Path) -> Path:
        """An absolute path for a project-relative one, refused if it leads outside (links followed)."""
        return inside(self.root, relative)

    @property
    def locales(self) -> Path:
        return self.path(self.config.locales_dir)

    @property
    def output_dir(self) -> Path:
        return self.path(self.config.output_dir)

    @property
    def state_dir(self) -> Path:
        """The folder of the lock and the translation memory."""
        return self.path(STATE_DIR)

    @property
    def memory_path(self) -> Path:
        """The translation memory and engine cache (:mod:`polyglot.memory`)."""
        from .memory import MEMORY_NAME

        return self.path(Path(STATE_DIR, MEMORY_NAME))

    @property
    def glossary_path(self) -> Path | None:
        return self.path(self.config.glossary) if self.config.glossary else None

    def source_path(self, doc: DocumentConfig) -> Path:
        return self.path(doc.path)

    def pot_path(self, doc: DocumentConfig) -> Path:
        return self.path(Path(self.config.locales_dir, f"{doc.name}.pot"))

    def po_path(self, language: str, doc: DocumentConfig) -> Path:
        return self.path(Path(self.config.locales_dir, language, "LC_MESSAGES", f"{doc.name}.po"))

    def rel(self, path: Path) -> str:
        """A project-relative posix path for messages and references."""
        path = Path(path)
        if path.is_absolute() and ".." not in path.parts and path.is_relative_to(self.root):
            return path.relative_to(self.root).as_posix()  # as joined by :meth:`path`: no resolving needed
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def document(self, name: str) -> DocumentConfig:
        for d in self.config.documents:
            if d.name == name:
                return d
        raise InputError(f"no document named {name!r} in polyglot.toml")

    def languages(self, only: list[str] | None = None) -> tuple[str, ...]:
        """The configured target languages, or the requested subset (validated)."""
        if not only:
            return self.config.target_languages
        unknown = [lang for lang in only if lang not in self.config.target_languages]
        if unknown:
            raise InputError(
                f"language {', '.join(unknown)} is not a target language of this project",
                hint=f"targets: {', '.join(self.config.target_languages)}",
            )
        return tuple(only)

    def read_document(self, doc: DocumentConfig) -> Document:
        """Read and segment one source document (again only if the file changed since)."""
        path = self.source_path(doc)
        if not path.is_file():
            raise InputError("source document not found", path=doc.path, hint="check [[documents]] in polyglot.toml")
        st = path.stat()
        key = (doc, st.st_mtime_ns, st.st_size, st.st_ino)
        known = self._documents.get(doc.name)
        if known is not None and known[0] == key:  # read and segmented once per session
            return known[1]
        document = read_file(
            path, name=doc.name, relpath=doc.path, language=self.config.source_language, format=doc.format
        )
        if doc.meta:
            document = apply_meta(document, from_mapping(dict(doc.meta), config_mod.CONFIG_NAME))
        document = segment(document, load_rules(self.config.source_language))
        self._documents[doc.name] = (key, document)
        return document

    def save_catalog(self, path: Path, catalog: Catalog) -> bool:
        """Write a PO/POT file through :func:`polyglot.pofs.save`, against what :meth:`read_catalog` read.

        Templates (``.pot``) are polyglot's own and written unchecked; a PO file never read
        in this session must not exist yet.
        """
        path = Path(path)
        snapshot = self._snapshots.get(path)
        if snapshot is None and path.suffix != ".pot":
            snapshot = pofs.Snapshot(None)
        changed = pofs.save(path, catalog, snapshot, self.rel(path))
        # what is now on disk, so that a later stage of this session need not parse it again
        # (if a concurrent edit was merged in, the bytes differ and the file is read again)
        self._snapshots[path] = pofs.written(catalog)
        return changed

    def documents(self) -> list[tuple[DocumentConfig, Document]]:
        return [(d, self.read_document(d)) for d in self.config.documents]

    def read_catalog(self, path: Path, language: str | None = None) -> Catalog | None:
        """Read a PO/POT file, or None if it does not exist; checks its Language header.

        What was read is remembered, so that :meth:`save_catalog` never overwrites a
        change made to the file since (see :mod:`polyglot.pofs`), and so that a file
        this session read or wrote is parsed again only if its bytes changed since.
        """
        rel = self.rel(path)
        catalog, snapshot = pofs.load(path, rel, self._snapshots.get(Path(path)))
        self._snapshots[Path(path)] = snapshot
        return pofs.checked_language(catalog, language, rel)



def _complete(result: R) -> R:
    """The result, or :class:`Incomplete` carrying it when something in it failed."""
    if result.failed:  # type: ignore[attr-defined]
        raise Incomplete(result, result.failed)  # type: ignore[attr-defined]
    return result


def _partial(call: Callable[[], R]) -> R:
    """A stage's result, complete or not: in ``run`` a failure never stops the other stages."""
    try:
        return call()
    except Incomplete as exc:
        return exc.result
