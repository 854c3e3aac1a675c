"""Whether anything changed since the last complete run: one fingerprint of what a run reads and writes.

``polyglot run`` hashes every input (polyglot's version, ``polyglot.toml``, the glossary,
each source, template and PO file, the build date, the engine and languages asked for)
and notes the size and time of every file it keeps (the state folder) and wrote (the
output folder). A run that finishes with nothing left to retry stores the fingerprint
and its check findings in ``.polyglot/uptodate.json``. When the next run finds the same
fingerprint, nothing could come out differently: it reports the stored findings and
does nothing else. Any edit — a source, a PO file saved by a translator, a deleted
page, a new glossary term, a memory imported — changes the fingerprint.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from . import __version__
from .fsutil import atomic_write
from .qa import Finding

if TYPE_CHECKING:
    from .project import Project

STATE_FILE = "uptodate.json"
_NOT_STATE = {STATE_FILE, "lock"}


def fingerprint(project: Project, languages: Iterable[str] | None, engine: object) -> str:
    """A digest of everything a run depends on and everything it left behind."""
    cfg = project.config
    h = hashlib.sha256()

    def add(*parts: object) -> None:
        for part in parts:
            h.update(repr(part).encode("utf-8", "surrogateescape"))
            h.update(b"\0")

    def add_file(path: Path) -> None:
        try:
            add(str(path), hashlib.sha256(path.read_bytes()).hexdigest())
        except OSError:
            add(str(path), None)

    def add_tree(folder: Path, skip: set[str] = set()) -> None:
        for dirpath, dirnames, filenames in os.walk(folder):
            dirnames.sort()
            for name in sorted(filenames):
                if name not in skip:
                    st = os.lstat(os.path.join(dirpath, name))
                    add(os.path.join(dirpath, name), st.st_size, st.st_mtime_ns)

    add(__version__, sorted(languages or ()), engine if isinstance(engine, str | None) else type(engine).__name__)
    from .render.site import default_date  # here: status and --help never load the renderer

    add(default_date().isoformat(), os.environ.get("SOURCE_DATE_EPOCH"))
    add_file(cfg.root / "polyglot.toml")
    if cfg.glossary:
        add_file(project.path(cfg.glossary))
    for doc in cfg.documents:
        add_file(project.source_path(doc))
        add_file(project.pot_path(doc))
        for lang in cfg.target_languages:
            add_file(project.po_path(lang, doc))
    add_tree(project.state_dir, _NOT_STATE)
    add_tree(project.output_dir)
    return h.hexdigest()


def recall(project: Project, digest: str) -> tuple[Finding, ...] | None:
    """The check findings stored with ``digest`` by the last complete run, or None."""
    try:
        data = json.loads((project.state_dir / STATE_FILE).read_text(encoding="utf-8"))
        if data.get("fingerprint") != digest:
            return None
        return tuple(Finding(**f) for f in data["findings"])
    except (OSError, ValueError, TypeError, KeyError):
        return None  # missing or damaged: simply run


def remember(project: Project, digest: str, findings: Iterable[Finding]) -> None:
    """Store the fingerprint of a complete run with its findings."""
    data = {"fingerprint": digest, "findings": [f.as_dict() for f in findings]}
    path = project.state_dir / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write(path, json.dumps(data, ensure_ascii=False, sort_keys=True))


def forget(project: Project) -> None:
    """Drop the stored fingerprint (a run that did not finish must not be skipped next time)."""
    (project.state_dir / STATE_FILE).unlink(missing_ok=True)
