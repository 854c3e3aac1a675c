"""The review session's view of the project: documents and PO files loaded once, saved safely.

Every change is written at once, under the project lock, through :mod:`polyglot.pofs`
(the bytes ``polyglot update`` writes; a file changed on disk since it was read is
merged, or the save is refused). On top of that file-level guard, each save names
the :func:`~.entries.version` of the entry the reviewer saw: if the entry is no
longer that (a colleague's Poedit, ``git pull``, ``polyglot update``), the save is
refused with :class:`ConflictError` and nothing is written.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from ..catalog import Catalog, Message, stamp
from ..errors import CatalogError, InputError, PolyglotError
from ..glossary import Glossary
from ..model import Document
from ..project import Project
from ..stats import Stats, catalog_stats, state, tally
from ..pofile import dump_po
from ..provenance import ignored, suggestion
from ..pofs import ConflictError as FileConflict
from ..pofs import Snapshot
from ..pofs import load as load_po
from ..pofs import saved
from . import entries

__all__ = ["ConflictError", "Saved", "Workspace"]


class ConflictError(CatalogError):
    """The entry changed on disk after the reviewer's page showed it; nothing was written."""

    def __init__(self, path: str, current: Message | None) -> None:
        super().__init__(
            "this sentence was changed on disk by someone else after the page loaded; nothing was saved",
            path=path,
            hint="your text is kept in the page: compare, then save again to overwrite",
        )
        self.current = current


@dataclass
class _Loaded:
    """One PO file as last read or written: its catalog, snapshot, stat and msgid index."""

    catalog: Catalog
    snapshot: Snapshot
    stat: tuple[int, int, int]
    stats: Stats
    index: dict[str, Message] = field(default_factory=dict)


@dataclass(frozen=True)
class Saved:
    """The result of a change: the entry now on disk and the file's new progress."""

    document: str
    language: str
    message: Message
    stats: Stats
    written: bool


@dataclass(frozen=True)
class _Undo:
    document: str
    language: str
    before: Message
    after: str  # version written


def _shift(counts: Stats, old: Message, new: Message) -> Stats:
    """``counts`` with one entry changed from ``old`` to ``new``: a save does not recount the file."""
    minus, plus = tally([(old.msgid, state(old))]), tally([(new.msgid, state(new))])
    return Stats(**{f.name: getattr(counts, f.name) - getattr(minus, f.name) + getattr(plus, f.name)
                    for f in fields(Stats)})


def _stat(path: Path) -> tuple[int, int, int]:
    try:
        st = path.stat()
    except FileNotFoundError:
        return (0, 0, 0)
    return (st.st_mtime_ns, st.st_size, st.st_ino)


class Workspace:
    """A project opened for review. Thread-safe: the web app calls it from worker threads."""

    def __init__(self, project: Project, *, glossary: Glossary | None = None) -> None:
        from ..pipeline import load_glossary

        self.project = project
        self.source = project.config.source_language
        self.languages = project.config.target_languages
        self.glossary = glossary if glossary is not None else load_glossary(project)
        self._lock = threading.RLock()
        self._docs: dict[str, tuple[tuple[int, int, int], Document]] = {}
        self._po: dict[tuple[str, str], _Loaded] = {}
        self._suggested: dict[tuple[str, str, str], str] = {}
        self._undo: list[_Undo] = []
        self._findings: dict[tuple, tuple[entries.Finding, ...]] = {}
        self._paths: dict[tuple[str, str], tuple[Path, str]] = {}

    # --- reading ---------------------------------------------------------------------------

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(d.name for d in self.project.config.documents)

    def check(self, name: str, language: str) -> None:
        """InputError unless ``name`` is a document of the project and ``language`` a target."""
        if name not in self.names:
            raise InputError(f"no document named {name!r} in this project")
        if language not in self.languages:
            raise InputError(f"{language!r} is not a target language of this project")

    def document(self, name: str) -> Document:
        """The segmented source document (re-read when its file changed)."""
        doc = self.project.document(name)
        path = self.project.source_path(doc)
        key = _stat(path)
        with self._lock:
            cached = self._docs.get(name)
            if cached is None or cached[0] != key:
                cached = (key, self.project.read_document(doc))
                self._docs[name] = cached
            return cached[1]

    def po_path(self, name: str, language: str) -> Path:
        return self._where(name, language)[0]

    def _where(self, name: str, language: str) -> tuple[Path, str]:
        """The PO file's path and its project-relative name (worked out once per session)."""
        found = self._paths.get((name, language))
        if found is None:
            self.check(name, language)
            path = self.project.po_path(language, self.project.document(name))
            found = self._paths[(name, language)] = (path, self.project.rel(path))
        return found

    def _loaded(self, name: str, language: str) -> _Loaded:
        """The PO file, re-read when its stat changed since it was read or written."""
        path, rel = self._where(name, language)
        key = _stat(path)
        with self._lock:
            cached = self._po.get((name, language))
            if cached is not None and cached.stat == key:
                return cached
            catalog, snapshot = load_po(path, rel)
            if catalog is None:
                raise CatalogError("catalog not found", path=rel, hint="run 'polyglot update' first")
            loaded = _Loaded(catalog, snapshot, key, catalog_stats(catalog), {m.msgid: m for m in catalog.active})
            self._po[(name, language)] = loaded
            for m in catalog.active:
                if m.translated and entries.state(m) in ("machine", "outdated"):
                    self._suggested.setdefault((name, language, m.msgid), m.msgstr)
            return loaded

    def revision(self, name: str, language: str) -> tuple:
        """What a rendered page depends on: the source file's and the PO file's state."""
        self.document(name)
        loaded = self._loaded(name, language)
        return (self._docs[name][0], loaded.snapshot.digest)

    def catalog(self, name: str, language: str) -> Catalog:
        return self._loaded(name, language).catalog

    def entry(self, name: str, language: str, msgid: str) -> Message:
        m = self._loaded(name, language).index.get(msgid)
        if m is None:
            raise InputError("no such sentence in the PO file", path=self.project.rel(self.po_path(name, language)))
        return m

    def stats(self, name: str, language: str) -> Stats:
        """Progress as ``polyglot status`` counts it."""
        return self._loaded(name, language).stats

    def findings(
        self, msgid: str, msgstr: str, language: str, ignored: frozenset[str] = frozenset()
    ) -> tuple[entries.Finding, ...]:
        """QA findings of one translation (cached: a long document is checked once)."""
        key = (msgid, msgstr, language, ignored)
        found = self._findings.get(key)
        if found is None:
            found = tuple(entries.findings(msgid, msgstr, self.source, language, self.glossary, ignored))
            if len(self._findings) > 200_000:
                self._findings.clear()
            self._findings[key] = found
        return found

    def suggestions(self, name: str, language: str, msgid: str) -> list[tuple[str, str]]:
        """``(text, origin)`` a reviewer can revert to: machine output, then reviewed memory matches."""
        m = self.entry(name, language, msgid)
        found: dict[str, str] = {}
        if stored := suggestion(m):
            found.setdefault(stored, "machine translation of the new source")
        if machine := self._suggested.get((name, language, msgid)):
            found.setdefault(machine, entries.provenance(m).engine or "machine translation")
        memory = self.project.memory_path
        if memory.is_file():
            from ..memory import Memory

            with Memory.open(memory) as mem:
                match = mem.lookup_reviewed(self.source, language, [msgid], exclude_origin=name).get(msgid)
            if match is not None:
                found.setdefault(match.text, f"translation memory ({match.origin})")
        return list(found.items())

    def warm(self) -> None:
        """Load every document and PO file and check every translation, so pages open at once."""
        # best effort, in a background thread: a file that cannot be read is reported
        # when its page is opened, never as a traceback from here
        for name in self.names:
            try:
                self.document(name)
            except (PolyglotError, OSError):
                continue
            for lang in self.languages:
                try:
                    cat = self.catalog(name, lang)
                except (PolyglotError, OSError):
                    continue
                for m in cat.active:
                    if m.msgid and m.translated:
                        self.findings(m.msgid, m.msgstr, lang, ignored(m))
                dump_po(cat)  # lays out every entry once: the first save rewrites only its own

    # --- writing ---------------------------------------------------------------------------

    def change(
        self,
        name: str,
        language: str,
        msgid: str,
        seen: str,
        change: Callable[[Message], Message],
        *,
        undoable: bool = True,
    ) -> Saved:
        """Apply ``change`` to the entry the reviewer saw at version ``seen`` and write the file.

        ConflictError (nothing written) if the entry is no longer that version.
        """
        from ..pipeline import revision_date

        path, rel = self._where(name, language)
        with self._lock, self.project.briefly_locked():  # the project lock, for this one save
            loaded = self._loaded(name, language)
            old = loaded.index.get(msgid)
            if old is None:
                raise ConflictError(rel, None)
            if entries.version(old) != seen:
                raise ConflictError(rel, old)
            new = change(old)
            if new == old:
                return Saved(name, language, old, loaded.stats, False)
            messages = tuple(new if m is old else m for m in loaded.catalog.messages)
            catalog = stamp(replace(loaded.catalog, messages=messages), loaded.catalog, revision_date())
            try:
                written, snapshot = saved(path, catalog, loaded.snapshot, rel)
            except FileConflict:
                self._po.pop((name, language), None)
                raise ConflictError(rel, self._loaded(name, language).index.get(msgid)) from None
            if written is catalog:
                counts = _shift(loaded.stats, old, new)
                index = {**loaded.index, msgid: new}
            else:  # someone's change was merged in: count again
                counts = catalog_stats(written)
                index = {m.msgid: m for m in written.active}
            loaded = _Loaded(written, snapshot, _stat(path), counts, index)
            self._po[(name, language)] = loaded
            now = loaded.index.get(msgid, new)
            if undoable:
                self._undo.append(_Undo(name, language, old, entries.version(now)))
            return Saved(name, language, now, loaded.stats, True)

    def undo(self) -> Saved | None:
        """Put back the entry the last change replaced (None when there is nothing to undo)."""
        with self._lock:
            if not self._undo:
                return None
            last = self._undo.pop()
            try:
                return self.change(
                    last.document, last.language, last.before.msgid, last.after,
                    lambda m: replace(last.before, locations=m.locations, auto_comments=m.auto_comments),
                    undoable=False,
                )
            except ConflictError:
                self._undo.append(last)
                raise

    def build(self) -> Path:
        """Run ``polyglot build`` (under the project lock); the output folder."""
        with self._lock:
            self.project.build()
        return self.project.output_dir
