"""The project's translation memory as ``polyglot tm`` sees it: import, export, search, stats.

The store is :class:`polyglot.memory.Memory` (``.polyglot/memory.sqlite3``); memories
named in ``[tm] attach`` are read-only and take part in search and stats.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import InputError
from .memory import Memory, MemoryStats, compatible
from .tm import Unit

if TYPE_CHECKING:
    from .project import Project


@dataclass(frozen=True)
class ImportReport:
    """What importing a TMX file did."""

    file: str
    origin: str
    tus: int
    units: int
    added: int
    stripped: int
    skipped: int
    pairs: tuple[tuple[str, str, int], ...]

    @property
    def duplicates(self) -> int:
        return self.units - self.added

    def as_dict(self) -> dict:
        return {
            "file": self.file, "origin": self.origin, "tus": self.tus, "units": self.units, "added": self.added,
            "duplicates": self.duplicates, "stripped": self.stripped, "skipped": self.skipped,
            "pairs": [{"source": s, "target": t, "units": n} for s, t, n in self.pairs],
        }


def memory_path(project: Project) -> Path:
    return project.memory_path


def open_attached(project: Project) -> list[Memory]:
    """The memories ``[tm] attach`` names, opened read-only (all or none: the first failure raises)."""
    opened: list[Memory] = []
    try:
        for name in project.config.tm.attach:
            path = Path(name) if Path(name).is_absolute() else project.root / name
            opened.append(Memory.open_readonly(path))
    except BaseException:
        for m in opened:
            m.close()
        raise
    return opened


def import_tmx(project: Project, path: Path) -> ImportReport:
    """Import a TMX file into the project memory in one transaction: all of it or, on an error, nothing.

    Units whose source side is the project's source language are kept, for every
    other language in the file; (source, target) pairs already stored are skipped.
    """
    from .tmxfile import TmxStats, read_tmx

    name = project.rel(path)
    stats = TmxStats()
    try:
        file = open(path, "rb")
    except FileNotFoundError:
        raise InputError("TMX file not found", path=name) from None
    with file, Memory.open(memory_path(project)) as memory:
        origin_box: list[str] = []

        def rows():
            for u in read_tmx(file, name, project.config.source_language, stats):
                if not origin_box:
                    origin_box.append(f"{Path(path).name} ({stats.origin})")
                yield u.source_lang, u.target_lang, Unit(u.source, u.target, origin_box[0], "tmx")

        read, added = memory.import_units(rows())
    return ImportReport(
        name, origin_box[0] if origin_box else Path(path).name, stats.tus, read, added, stats.stripped,
        stats.skipped, tuple((s, t, n) for (s, t), n in sorted(stats.pairs.items())),
    )


def sync(project: Project, memory: Memory) -> None:
    """Record the reviewed entries (and earlier and removed translations) of the current PO files."""
    from .pipeline import record_reviewed

    for lang in project.config.target_languages:
        catalogs = {}
        for d in project.config.documents:
            cat = project.read_catalog(project.po_path(lang, d), lang)
            if cat is not None:
                catalogs[d.name] = cat
        record_reviewed(memory, project.config.source_language, lang, catalogs)


def export_tmx(project: Project, languages: list[str] | None = None) -> bytes:
    """The project memory (reviewed entries and units, not the engine cache) as TMX 1.4b.

    The memory is first brought up to date with the PO files' reviewed entries.
    """
    from .tmxfile import write_tmx

    source = project.config.source_language
    with Memory.open(memory_path(project)) as memory:
        sync(project, memory)
        rows = [
            r for r in memory.all_units()
            if compatible(r[0], source) and (not languages or any(compatible(r[1], lang) for lang in languages))
        ]
    return write_tmx(rows, source, datetime.date.today())


def search(project: Project, text: str, language: str | None = None, limit: int = 50) -> list[tuple[str, str, Unit]]:
    """Concordance over the project memory and the attached ones."""
    found: list[tuple[str, str, Unit]] = []
    with Memory.open(memory_path(project)) as memory:
        found += memory.search(text, language, limit)
    for other in open_attached(project):
        with other:
            found += [(s, t, Unit(u.source, u.target, f"{other.path.name}: {u.origin}", u.kind))
                      for s, t, u in other.search(text, language, limit)]
    return found


def stats(project: Project) -> dict[str, MemoryStats]:
    """Statistics of the project memory and each attached one, by file name."""
    out = {}
    with Memory.open(memory_path(project)) as memory:
        out[project.rel(memory.path)] = memory.stats()
    for other in open_attached(project):
        with other:
            out[str(other.path)] = other.stats()
    return out
