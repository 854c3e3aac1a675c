"""PO files on disk, never overwriting a change polyglot did not read.

Every PO write goes through :func:`save`. :func:`load` returns the catalog and a
:class:`Snapshot` of the bytes it was read from; :func:`save` writes atomically and,
just before the rename, checks that the file still holds those bytes. If a person (an
editor such as Poedit, the review app) rewrote the file meanwhile, the file is re-read
and merged three ways (snapshot = base, the caller's catalog = ours, the disk = theirs):

- an entry only one side changed takes that side's version;
- an entry both sides changed, differently, is a conflict: :class:`ConflictError`
  (exit 2), the file is left as the person saved it;
- header fields: the person's value wins where both changed.

Typical use (the browser review app does the same for its saves)::

    catalog, snap = pofs.load(path)
    ...                                   # catalog2 = a changed copy of catalog
    pofs.save(path, catalog2, snap)       # raises ConflictError, or writes the merge
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from .catalog import Catalog, Message
from .errors import CatalogError
from .lang import same
from .fsutil import atomic_write
from .pofile import dump_po, read_back, read_po

__all__ = ["ConflictError", "Snapshot", "load", "merge3", "save", "saved", "written"]

_RETRIES = 5


class ConflictError(CatalogError):
    """Both polyglot and someone else changed the same entries of a PO file since it was read."""

    def __init__(self, path: str, msgids: list[str]) -> None:
        shown = ", ".join(repr(m[:40]) for m in msgids[:3]) + (f" and {len(msgids) - 3} more" if len(msgids) > 3 else "")
        super().__init__(
            f"changed on disk while polyglot worked on it; {len(msgids)} entries changed on both sides: {shown}",
            path=path,
            hint="nothing written; run the command again",
        )
        self.msgids = tuple(msgids)


@dataclass(frozen=True)
class Snapshot:
    """What a PO file held when it was read: the catalog parsed from it and its bytes (None: no file).

    Checks compare the bytes themselves (cheaper than hashing a long file); :attr:`digest`
    is their sha256, computed when asked.
    """

    catalog: Catalog | None
    data: bytes | None = field(default=None, repr=False)

    @classmethod
    def of(cls, data: bytes | None, catalog: Catalog | None) -> "Snapshot":
        return cls(catalog, data)

    @cached_property
    def digest(self) -> str | None:
        """The sha256 of the bytes (None: no file)."""
        return None if self.data is None else hashlib.sha256(self.data).hexdigest()

    def holds(self, data: bytes | None) -> bool:
        """Whether a file's bytes (None: no file) are still the ones this snapshot was taken of."""
        return data == self.data


def _read(path: Path) -> bytes | None:
    try:
        return Path(path).read_bytes()
    except FileNotFoundError:
        return None


def _parse(data: bytes | None, name: str) -> Catalog | None:
    return None if data is None else read_po(data, name)


def load(path: Path, name: str | None = None, known: Snapshot | None = None) -> tuple[Catalog | None, Snapshot]:
    """Read a PO/POT file (None if it does not exist) and the snapshot to :func:`save` it against.

    ``name`` is how errors name the file (default: ``path``). When the file still holds
    the bytes of ``known`` (a snapshot taken earlier, e.g. by :func:`written`), its
    catalog is returned without parsing the file again.
    """
    data = _read(path)
    if known is not None and known.data is not None and known.holds(data):
        return known.catalog, known
    catalog = _parse(data, name or str(path))
    return catalog, Snapshot.of(data, catalog)


def written(catalog: Catalog) -> Snapshot:
    """The snapshot of a file that :func:`save` wrote ``catalog`` into (no merge), without reading it."""
    return Snapshot.of(dump_po(catalog), read_back(catalog))


class _Changed(Exception):
    def __init__(self, data: bytes | None) -> None:
        self.data = data


def save(path: Path, catalog: Catalog, snapshot: Snapshot | None, name: str | None = None) -> bool:
    """Write ``catalog`` to ``path`` atomically, in its declared charset; False if the file already held it.

    ``snapshot`` is what :func:`load` returned; if the file changed since, the change is
    merged in (see the module docstring) or :class:`ConflictError` is raised with nothing
    written. ``None`` skips the check: only for files polyglot owns (``.pot`` templates).
    """
    if snapshot is None:
        return atomic_write(path, dump_po(catalog))
    return _save(path, catalog, snapshot, name or str(path))[0]


def saved(path: Path, catalog: Catalog, snapshot: Snapshot, name: str | None = None) -> tuple[Catalog, Snapshot]:
    """:func:`save`, then the catalog now in the file (``catalog``, or the merge) and its snapshot.

    Made from what was written, without reading the file back: a long-lived session that
    saves one file again and again (the review app) guards each save against the last.
    """
    _, catalog, data = _save(path, catalog, snapshot, name or str(path))
    return catalog, Snapshot.of(data, catalog)


def _save(path: Path, catalog: Catalog, snapshot: Snapshot, name: str) -> tuple[bool, Catalog, bytes]:
    for _ in range(_RETRIES):
        def guard(expected: Snapshot = snapshot) -> None:
            data = _read(path)
            if not expected.holds(data):
                raise _Changed(data)

        data = dump_po(catalog)
        try:
            return atomic_write(path, data, guard), catalog, data
        except _Changed as changed:
            theirs = _parse(changed.data, name)
            catalog = merge3(snapshot.catalog, catalog, theirs, name)
            snapshot = Snapshot.of(changed.data, theirs)
    raise CatalogError("keeps changing on disk; nothing written", path=name, hint="run the command again")


# --- three-way merge ---------------------------------------------------------------------------


def _key(m: Message) -> tuple:
    return (m.obsolete, m.domain, m.msgctxt, m.msgid)


def _pick(base, ours, theirs, conflicts: list, label: str):
    """The merged value of one item, recording a conflict when both sides changed it differently."""
    if ours == theirs or theirs == base:
        return ours
    if ours == base:
        return theirs
    conflicts.append(label)
    return theirs


def merge3(base: Catalog | None, ours: Catalog, theirs: Catalog | None, name: str = "<catalog>") -> Catalog:
    """Merge two catalogs that both started from ``base``; ConflictError if an entry changed on both sides.

    Entries are matched by (obsolete, domain, msgctxt, msgid); order follows ``ours``, entries
    only ``theirs`` added come after. A side that deleted an entry the other left alone
    wins; deleted on one side and changed on the other is a conflict.
    """
    base = base or Catalog()
    theirs = theirs or Catalog()
    b = {_key(m): m for m in base.messages}
    o = {_key(m): m for m in ours.messages}
    t = {_key(m): m for m in theirs.messages}
    conflicts: list[str] = []
    out: list[Message] = []
    for key in [*o, *(k for k in t if k not in o)]:
        m = _pick(b.get(key), o.get(key), t.get(key), conflicts, key[3])
        if m is not None:
            out.append(m)
    if conflicts:
        raise ConflictError(name, conflicts)
    # The header's comment lines and flags: the person's version wins where both changed them.
    parts = ("header_comments", "header_auto_comments", "header_locations", "header_flags")
    header = {p: _pick(getattr(base, p), getattr(ours, p), getattr(theirs, p), [], "") for p in parts}
    headers = _merge_headers(base.headers, ours.headers, theirs.headers)
    return replace(ours, headers=headers, messages=tuple(out), **header)


def _merge_headers(base, ours, theirs) -> tuple[tuple[str, str], ...]:
    """Field by field; where both sides changed a field, the person's (``theirs``) value wins."""
    b, o, t = dict(base), dict(ours), dict(theirs)
    out = []
    for key in [*o, *(k for k in t if k not in o)]:
        value = _pick(b.get(key), o.get(key), t.get(key), [], key)
        if value is not None:
            out.append((key, value))
    return tuple(out)


def checked_language(catalog: Catalog | None, language: str | None, rel: str) -> Catalog | None:
    """The catalog, unless its Language header names another language than its folder."""
    if catalog is not None and language is not None:
        declared = catalog.header("Language")
        if declared and not same(declared, language):
            raise CatalogError(
                f"Language header says {declared!r} but the file is in the {language!r} folder",
                path=rel,
                hint="fix the header or move the file",
            )
    return catalog
