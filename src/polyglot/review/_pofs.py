"""The guarded PO load/save the review app writes through, plus the snapshot of what was written.

:func:`save_po` returns the snapshot of the file as it now is, so the next save is
guarded against it without re-reading a long catalog.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..catalog import Catalog

try:
    from ..pofs import ConflictError, Snapshot, load as load_po, save as _save
except ImportError:  # until polyglot.pofs lands: refuse any change on disk, merge nothing
    from ._pofs_compat import ConflictError, Snapshot, load as load_po, save as _save  # type: ignore

__all__ = ["ConflictError", "Snapshot", "load_po", "save_po"]


def save_po(path: Path, catalog: Catalog, snapshot: Snapshot, name: str) -> tuple[Catalog, Snapshot]:
    """Save through :func:`polyglot.pofs.save`; the catalog now on disk and its snapshot."""
    try:
        from ..pofile import dump_po
    except ImportError:
        from ._pofs_compat import dump_po  # type: ignore

    _save(path, catalog, snapshot, name)
    data = Path(path).read_bytes()
    if hashlib.sha256(data).hexdigest() == hashlib.sha256(dump_po(catalog)).hexdigest():
        return catalog, Snapshot.of(data, catalog)
    merged, snap = load_po(path, name)  # someone else's change was merged in
    assert merged is not None
    return merged, snap
