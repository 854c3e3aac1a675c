"""The translation memory and engine cache: one SQLite file, ``.polyglot/memory.sqlite3``.

Three tables:

``cache``
    Engine outputs keyed by engine, route, route version, languages and the
    exact source text (tags included). A re-run with nothing changed finds
    every segment here and calls no engine; a new model version is a new key.
``reviewed``
    Reviewed (non-fuzzy) translations from the project's PO files, with the
    document they came from, reused as exact matches in other documents.
``units``
    Further translation-memory units for fuzzy matching (:mod:`polyglot.tm`):
    translations of earlier versions of sentences (``#|``), reviewed translations
    of removed sentences, and units imported from TMX files; one per distinct
    (source, target) pair, the first origin kept.

Another project's memory can be opened read-only (:meth:`Memory.open_readonly`)
and its units used for fuzzy matches: a team's shared memory.

Every write is one transaction (WAL journal, ``synchronous=FULL``), so a run
killed at any moment keeps every batch it had committed and never leaves a
corrupt file. Lookups are batched in chunked ``IN`` queries.
"""

from __future__ import annotations

import functools
import json
import sqlite3
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, NamedTuple, TypeVar

from .engines.base import Route, Translation
from .errors import InputError
from .tm import Unit

MEMORY_NAME = "memory.sqlite3"
SCHEMA_VERSION = 3
#: Texts per ``IN (...)`` query: well under SQLite's smallest variable limit (999).
CHUNK = 500
R = TypeVar("R")

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
CREATE TABLE IF NOT EXISTS units (
    source_lang TEXT NOT NULL,
    target_lang TEXT NOT NULL,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    origin TEXT NOT NULL,
    kind TEXT NOT NULL,
    created REAL NOT NULL,
    PRIMARY KEY (source_lang, target_lang, source, target)
);
CREATE INDEX IF NOT EXISTS units_origin ON units (origin, kind);
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


@dataclass(frozen=True)
class MemoryStats:
    """Counts for reports: cached engine outputs (also per route and target), reviewed entries, units."""

    cached: int
    reviewed: int
    by_route: tuple[tuple[str, str, int], ...] = ()  # (route, target_lang, count)
    units: int = 0
    by_origin: tuple[tuple[str, str, str, str, int], ...] = ()  # (kind, origin, source, target, count)

    def as_dict(self) -> dict:
        return {
            "cached": self.cached,
            "reviewed": self.reviewed,
            "units": self.units,
            "by_route": [{"route": r, "target": t, "count": n} for r, t, n in self.by_route],
            "by_origin": [
                {"kind": k, "origin": o, "source": s, "target": t, "count": n} for k, o, s, t, n in self.by_origin
            ],
        }


def _unusable(path: Path, exc: sqlite3.DatabaseError) -> InputError:
    """The one-line error for a memory SQLite cannot use, with what to do about it."""
    reason = str(exc)
    if "locked" in reason or "busy" in reason:
        return InputError(f"translation memory is busy: {reason}", path=path, hint="another program holds it; retry")
    if "full" in reason:
        return InputError(f"translation memory cannot be written: {reason}", path=path, hint="free disk space")
    return InputError(
        f"translation memory is damaged or not polyglot's: {reason}",
        path=path,
        hint=f"move it aside, e.g. to {path.name}.bad; the cache is rebuilt "
        "and reviewed translations reloaded from the PO files",
    )


def _guarded(method: Callable[..., R]) -> Callable[..., R]:
    """A Memory method whose SQLite errors (a file damaged while open) become one InputError."""

    @functools.wraps(method)
    def wrapper(self: Memory, *args: Any, **kwargs: Any) -> R:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.ProgrammingError:  # our bug, not the file's
            raise
        except sqlite3.DatabaseError as exc:
            raise _unusable(self.path, exc) from None

    return wrapper


class Memory:
    """An open memory file. Use :meth:`open`, and close it (or use ``with``)."""

    def __init__(self, connection: sqlite3.Connection, path: Path, readonly: bool = False) -> None:
        self._db = connection
        self.path = path
        self.readonly = readonly

    @classmethod
    def open(cls, path: Path) -> Memory:
        """Open (creating it and its folder if needed) the memory at ``path``.

        InputError if the file is not a polyglot memory or comes from a newer polyglot.
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(path, timeout=30.0, isolation_level=None)
        except sqlite3.DatabaseError as exc:
            raise _unusable(path, exc) from None
        try:
            # read-only checks first: another program's database is never modified
            version = db.execute("PRAGMA user_version").fetchone()[0]
            if version > SCHEMA_VERSION:
                raise InputError(
                    f"translation memory has schema version {version}; this polyglot knows {SCHEMA_VERSION}",
                    path=path,
                    hint="upgrade polyglot",
                )
            tables = sorted(r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))
            if version == 0 and tables:
                raise sqlite3.DatabaseError(f"it holds tables ({', '.join(tables)}) but no polyglot schema")
            for table, columns in _columns(_SCHEMA).items() if version else ():
                if version < SCHEMA_VERSION and table not in tables and table != "cache":
                    continue  # the upgrade creates it (it alters the cache, which must exist)
                have = _columns_of(db, table)
                # an older schema may have more columns (the upgrade drops them), never fewer
                if have != columns and not (version < SCHEMA_VERSION and set(columns) < set(have)):
                    raise sqlite3.DatabaseError(f"table {table!r} is missing or has other columns")
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            if version < SCHEMA_VERSION:
                with _transaction(db):
                    if version == 1:  # its cache had a column that was always empty (units came in 3)
                        db.execute("ALTER TABLE cache DROP COLUMN problems")
                    _create_schema(db)
                    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            db.close()
            raise _unusable(path, exc) from None
        except BaseException:
            db.close()
            raise
        return cls(db, path)

    @classmethod
    def open_readonly(cls, path: Path) -> Memory:
        """Open another project's memory for reading only (never created, never written).

        InputError naming the file if it is missing, unreadable or not a polyglot memory.
        """
        path = Path(path)
        if not path.is_file():
            raise InputError("attached translation memory not found", path=path, hint="check [tm] attach")
        db = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30.0, isolation_level=None)
        try:
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if not 1 <= version <= SCHEMA_VERSION or "reviewed" not in tables:
                raise InputError(
                    f"not a polyglot translation memory (schema version {version})", path=path,
                    hint="attach a .polyglot/memory.sqlite3 written by this polyglot",
                )
        except sqlite3.DatabaseError as exc:
            db.close()
            raise InputError(f"attached translation memory is unreadable: {exc}", path=path) from exc
        except BaseException:
            db.close()
            raise
        return cls(db, path, readonly=True)

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

    @_guarded
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

    @_guarded
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

    @_guarded
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

    @_guarded
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

    # -- fuzzy-matching units ---------------------------------------------------------

    def _has_units(self) -> bool:
        return self._db.execute("SELECT 1 FROM sqlite_master WHERE name='units'").fetchone() is not None

    def add_units(
        self,
        source_lang: str,
        target_lang: str,
        units: Iterable[Unit],
        *,
        replace_origins: Iterable[tuple[str, str]] = (),
    ) -> int:
        """Add units in one transaction, skipping (source, target) pairs already stored; the count added.

        ``replace_origins`` lists ``(origin, kind)`` whose earlier units for this language
        pair are dropped first, so harvested units mirror the current PO files.
        """
        now = time.time()
        rows = [(source_lang, target_lang, u.source, u.target, u.origin, u.kind, now) for u in units if u.source and u.target]
        with _transaction(self._db):
            for origin, kind in replace_origins:
                self._db.execute(
                    "DELETE FROM units WHERE source_lang=? AND target_lang=? AND origin=? AND kind=?",
                    (source_lang, target_lang, origin, kind),
                )
            before = self._db.total_changes
            self._db.executemany("INSERT OR IGNORE INTO units VALUES (?,?,?,?,?,?,?)", rows)
            added = self._db.total_changes - before
        return added

    def units(self, source_lang: str, target_lang: str) -> Iterator[Unit]:
        """Every unit for a language pair: reviewed entries first (oldest first), then the other units.

        Language variants are compatible as :func:`compatible` says: ``fr-FR`` units serve ``fr``.
        """
        args = (_primary(source_lang) + "%", _primary(target_lang) + "%")
        for sl, tl, unit in self._rows("source_lang LIKE ? AND target_lang LIKE ?", args):
            if compatible(sl, source_lang) and compatible(tl, target_lang):
                yield unit

    def all_units(self) -> Iterator[tuple[str, str, Unit]]:
        """Every reviewed entry and unit with its languages as stored: ``(source_lang, target_lang, unit)``."""
        yield from self._rows("1=1", ())

    def _rows(self, where: str, args: tuple) -> Iterator[tuple[str, str, Unit]]:
        queries = [f"SELECT source_lang, target_lang, source, target, origin, 'reviewed' FROM reviewed WHERE {where}"
                   " ORDER BY updated, rowid"]
        if self._has_units():
            queries.append(f"SELECT source_lang, target_lang, source, target, origin, kind FROM units WHERE {where}"
                           " ORDER BY created, rowid")
        for sql in queries:
            for sl, tl, source, target, origin, kind in self._db.execute(sql, args):
                yield sl, tl, Unit(source, target, origin, kind)

    def import_units(self, rows: Iterable[tuple[str, str, Unit]]) -> tuple[int, int]:
        """Store ``(source_lang, target_lang, unit)`` rows in one transaction, consuming them as they come.

        Nothing is stored if the iterable raises (a malformed file half read). Returns
        (rows read, rows added); pairs already stored are skipped.
        """
        now = time.time()
        read = 0

        def values() -> Iterator[tuple]:
            nonlocal read
            for sl, tl, u in rows:
                read += 1
                yield (sl, tl, u.source, u.target, u.origin, u.kind, now)

        with _transaction(self._db):
            before = self._db.total_changes
            self._db.executemany("INSERT OR IGNORE INTO units VALUES (?,?,?,?,?,?,?)", values())
            added = self._db.total_changes - before
        return read, added

    def search(self, text: str, target_lang: str | None = None, limit: int = 50) -> list[tuple[str, str, Unit]]:
        """Concordance: units whose source or target contains ``text`` (case-insensitive), newest last."""
        needle = " ".join(text.casefold().split())
        found = []
        for sl, tl, unit in self.all_units():
            if target_lang and not compatible(tl, target_lang):
                continue
            if needle in " ".join(unit.source.casefold().split()) or needle in " ".join(unit.target.casefold().split()):
                found.append((sl, tl, unit))
        return found[-limit:] if limit else found

    # -- reporting -------------------------------------------------------------------

    def stats(self) -> MemoryStats:
        """Entry counts."""
        cached = self._db.execute("SELECT count(*) FROM cache").fetchone()[0]
        reviewed = self._db.execute("SELECT count(*) FROM reviewed").fetchone()[0]
        by_route = self._db.execute(
            "SELECT route, target_lang, count(*) FROM cache GROUP BY route, target_lang ORDER BY route, target_lang"
        ).fetchall()
        sql = "SELECT 'reviewed', origin, source_lang, target_lang, count(*) FROM reviewed GROUP BY 2, 3, 4"
        if self._has_units():
            sql += " UNION ALL SELECT kind, origin, source_lang, target_lang, count(*) FROM units GROUP BY 1, 2, 3, 4"
        by_origin = tuple(sorted(tuple(r) for r in self._db.execute(sql)))
        units = sum(r[-1] for r in by_origin) - reviewed
        return MemoryStats(cached, reviewed, tuple((r, t, n) for r, t, n in by_route), units, by_origin)


def _primary(lang: str) -> str:
    """The primary language subtag, lower-case: ``fr-FR`` and ``fr_FR`` → ``fr``."""
    return lang.replace("_", "-").split("-")[0].lower()


def compatible(stored: str, wanted: str) -> bool:
    """Whether units in language ``stored`` serve a project language ``wanted``.

    The same primary language, and the same variant unless either side has none:
    ``en-GB`` serves ``en`` and ``en`` serves ``en-GB``, but ``pt-PT`` does not serve ``pt_BR``.

    >>> compatible("en-GB", "en"), compatible("pt-PT", "pt_BR"), compatible("FR-fr", "fr_FR")
    (True, False, True)
    """
    a, b = stored.replace("_", "-").lower().split("-"), wanted.replace("_", "-").lower().split("-")
    return a[0] == b[0] and (len(a) == 1 or len(b) == 1 or a == b)


@functools.lru_cache(maxsize=None)
def _columns(schema: str) -> dict[str, list[str]]:
    """Each table's column names in a schema, as SQLite itself reads them."""
    db = sqlite3.connect(":memory:")
    try:
        db.executescript(schema)
        tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: _columns_of(db, t) for t in tables}
    finally:
        db.close()


def _columns_of(db: sqlite3.Connection, table: str) -> list[str]:
    return [row[1] for row in db.execute(f"PRAGMA table_info({table})")]


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
