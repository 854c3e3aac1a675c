"""The translation memory and engine cache: one SQLite file, ``.polyglot/memory.sqlite3``.

Two tables:

``cache``
    Engine outputs keyed by engine, route, route version, languages and the
    exact source text (tags included). A re-run with nothing changed finds
    every segment here and calls no engine; a new model version is a new key.
``reviewed``
    Reviewed (non-fuzzy) translations from the project's PO files, with the
    document they came from, reused as exact matches in other documents.

Every write is one transaction (WAL journal, ``synchronous=FULL``), so a run
killed at any moment keeps every batch it had committed and never leaves a
corrupt file. Lookups are batched in chunked ``IN`` queries.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import NamedTuple

from .engines.base import Route, Translation
from .errors import InputError

MEMORY_NAME = "memory.sqlite3"
SCHEMA_VERSION = 2
#: Texts per ``IN (...)`` query: well under SQLite's smallest variable limit (999).
CHUNK = 500

_SCHEMA = """
CREATE TABLE IF NOT EXISTS cache (
    engine TEXT NOT NULL,
    route TEXT NOT NULL,
    route_version TEXT NOT NULL,
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    unknown TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (engine, route, route_version, source_lang, target_lang, source)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reviewed (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    origin TEXT NOT NULL,
    target TEXT NOT NULL,
    updated REAL NOT NULL,
    PRIMARY KEY (source_lang, target_lang, source, origin)
);
"""


class CacheKey(NamedTuple):
    """Everything a cached engine output depends on, except the source text.

    A tuple, so ``memory.lookup_many(*key, texts)`` spreads it into the key arguments.
    """

    engine: str
    route: str
    route_version: str
    source_lang: str
    target_lang: str

    @classmethod
    def for_route(cls, route: Route) -> CacheKey:
        """The key for an engine route: ``str(route)`` and its data version included."""
        return cls(route.engine, str(route), route.version, route.source, route.target)


@dataclass(frozen=True)
class CachedTranslation:
    """An engine output: the text (tags kept) and the unknown words."""

    text: str
    unknown: tuple[str, ...] = field(default=())


#: What :meth:`Memory.store_many` accepts as an output.
Output = CachedTranslation | Translation


class Reviewed(NamedTuple):
    """A reviewed translation and its origin (document name or PO path)."""

    text: str
    origin: str


class Memory:
    """An open memory file. Use :meth:`open`, and close it (or use ``with``)."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self._db = connection
        self.path = path

    @classmethod
    def open(cls, path: Path) -> Memory:
        """Open (creating it and its folder if needed) the memory at ``path``.

        InputError if the file is not a polyglot memory or comes from a newer polyglot.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise InputError(
                    f"translation memory has schema version {version}; this polyglot knows {SCHEMA_VERSION}",
                    path=path,
                    hint="upgrade polyglot",
                )
            if version < SCHEMA_VERSION:
                with _transaction(db):
                    if version == 1:  # its cache had a column that was always empty
                        db.execute("ALTER TABLE cache DROP COLUMN problems")
                    _create_schema(db)
                    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            db.close()
            raise InputError(
                f"translation memory is unreadable: {exc}",
                path=path,
                hint="delete it: the cache is rebuilt and the memory refilled from reviewed PO entries",
            ) from exc
        except BaseException:
            db.close()
            raise
        return cls(db, path)

    def close(self) -> None:
        """Close the file (committed data is already on disk)."""
        self._db.close()

    def __enter__(self) -> Memory:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    # -- engine cache ---------------------------------------------------------------

    def lookup_many(
        self,
        engine: str,
        route: str,
        route_version: str,
        source_lang: str,
        target_lang: str,
        texts: Iterable[str],
    ) -> dict[str, CachedTranslation]:
        """The cached outputs for those of ``texts`` that are in the cache, by source text."""
        found: dict[str, CachedTranslation] = {}
        prefix = (engine, route, route_version, source_lang, target_lang)
        for chunk in _chunks(dict.fromkeys(texts)):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT source, target, unknown FROM cache WHERE engine=? AND route=?"
                " AND route_version=? AND source_lang=? AND target_lang=?"
                f" AND source IN ({marks})",
                (*prefix, *chunk),
            )
            for source, target, unknown in rows:
                found[source] = CachedTranslation(target, tuple(json.loads(unknown)))
        return found

    def store_many(
        self,
        engine: str,
        route: str,
        route_version: str,
        source_lang: str,
        target_lang: str,
        items: Mapping[str, Output] | Iterable[tuple[str, Output]],
    ) -> int:
        """Store engine outputs (replacing older ones for the same source) in one transaction; the count.

        An output is a :class:`CachedTranslation` or an engine's
        :class:`~polyglot.engines.base.Translation`.
        """
        pairs = items.items() if isinstance(items, Mapping) else items
        now = time.time()
        prefix = (engine, route, route_version, source_lang, target_lang)
        rows = [
            (
                *prefix,
                source,
                out.text,
                json.dumps(list(out.unknown), ensure_ascii=False),
                now,
            )
            for source, out in pairs
        ]
        with _transaction(self._db):
            self._db.executemany("INSERT OR REPLACE INTO cache VALUES (?,?,?,?,?,?,?,?,?)", rows)
        return len(rows)

    # -- reviewed translation memory --------------------------------------------------

    def add_reviewed(
        self,
        source_lang: str,
        target_lang: str,
        pairs: Iterable[tuple[str, str]],
        origin: str,
        *,
        replace: bool = False,
    ) -> int:
        """Record reviewed ``(source, translation)`` pairs from ``origin`` in one transaction; the count.

        Empty translations are skipped. With ``replace``, the origin's earlier
        entries for this language pair are dropped first, so the memory mirrors
        the current PO file.
        """
        now = time.time()
        rows = [(source_lang, target_lang, s, origin, t, now) for s, t in pairs if s and t]
        with _transaction(self._db):
            if replace:
                self._db.execute(
                    "DELETE FROM reviewed WHERE source_lang=? AND target_lang=? AND origin=?",
                    (source_lang, target_lang, origin),
                )
            self._db.executemany("INSERT OR REPLACE INTO reviewed VALUES (?,?,?,?,?,?)", rows)
        return len(rows)

    def lookup_reviewed(
        self,
        source_lang: str,
        target_lang: str,
        texts: Iterable[str],
        *,
        exclude_origin: str | None = None,
    ) -> dict[str, Reviewed]:
        """Exact reviewed matches for ``texts``, by source text.

        When several origins reviewed the same source, the most recently added
        wins. ``exclude_origin`` skips entries from one origin (the document
        being translated).
        """
        found: dict[str, Reviewed] = {}
        for chunk in _chunks(dict.fromkeys(texts)):
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                "SELECT source, target, origin FROM reviewed WHERE source_lang=? AND target_lang=?"
                f" AND source IN ({marks}) AND origin IS NOT ? ORDER BY updated, rowid",
                (source_lang, target_lang, *chunk, exclude_origin),
            )
            for source, target, origin in rows:
                found[source] = Reviewed(target, origin)
        return found


def _create_schema(db: sqlite3.Connection) -> None:
    # executescript() would COMMIT the open transaction; run the statements one by one.
    for statement in _SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)


@contextmanager
def _transaction(db: sqlite3.Connection) -> Iterator[None]:
    """One write transaction: BEGIN IMMEDIATE … COMMIT, rolled back on any error."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if db.in_transaction:  # SQLite may already have rolled back (disk full, I/O error)
            db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _chunks(texts: Iterable[str], size: int = CHUNK) -> Iterator[tuple[str, ...]]:
    batch = tuple(texts)
    for start in range(0, len(batch), size):
        yield batch[start : start + size]
