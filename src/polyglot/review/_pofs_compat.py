"""Stand-in for :mod:`polyglot.pofs` until it lands: a save refuses any change made on disk."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from ..catalog import Catalog
from ..errors import CatalogError
from ..fsutil import atomic_write
from ..pofile import read_po, write_po


class ConflictError(CatalogError):
    def __init__(self, path: str, msgids: list[str]) -> None:
        super().__init__("changed on disk since it was read; nothing written", path=path)
        self.msgids = tuple(msgids)


@dataclass(frozen=True)
class Snapshot:
    digest: str | None
    catalog: Catalog | None

    @classmethod
    def of(cls, data: bytes | None, catalog: Catalog | None) -> "Snapshot":
        return cls(None if data is None else hashlib.sha256(data).hexdigest(), catalog)


def dump_po(catalog: Catalog) -> bytes:
    return write_po(catalog).encode("utf-8")


def load(path: Path, name: str | None = None):
    try:
        data = Path(path).read_bytes()
    except FileNotFoundError:
        return None, Snapshot(None, None)
    catalog = read_po(data, name or str(path))
    return catalog, Snapshot.of(data, catalog)


def save(path: Path, catalog: Catalog, snapshot: Snapshot, name: str | None = None) -> bool:
    data = Path(path).read_bytes() if Path(path).exists() else None
    if Snapshot.of(data, None).digest != snapshot.digest:
        raise ConflictError(name or str(path), [])
    return atomic_write(path, dump_po(catalog))
