"""A polyglot project on disk: its configuration, where each file lives, and loading them.

This is the only layer (with the CLI) that turns names into paths; the stages it
feeds work on model objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import config as config_mod
from .catalog import Catalog
from .config import Config, DocumentConfig
from .errors import CatalogError, InputError
from .model import Document


@dataclass(frozen=True)
class Project:
    """A loaded project: its validated configuration and path helpers."""

    config: Config
    _snapshots: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def open(cls, start: Path | str = ".") -> "Project":
        root = config_mod.find_root(Path(start))
        return cls(config_mod.load(root))

    @property
    def root(self) -> Path:
        return self.config.root

    @property
    def locales(self) -> Path:
        return self.root / self.config.locales_dir

    def source_path(self, doc: DocumentConfig) -> Path:
        return self.root / doc.path

    def pot_path(self, doc: DocumentConfig) -> Path:
        return self.locales / f"{doc.name}.pot"

    def po_path(self, language: str, doc: DocumentConfig) -> Path:
        return self.locales / language / "LC_MESSAGES" / f"{doc.name}.po"

    def rel(self, path: Path) -> str:
        """A project-relative posix path for messages and references."""
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
                path=config_mod.CONFIG_NAME,
                hint=f"targets: {', '.join(self.config.target_languages)}",
            )
        return tuple(only)

    def read_document(self, doc: DocumentConfig) -> Document:
        """Read and segment one source document."""
        from .readers import read_file
        from .segment import load_rules, segment

        path = self.source_path(doc)
        if not path.is_file():
            raise InputError("source document not found", path=doc.path, hint="check [[documents]] in polyglot.toml")
        document = read_file(
            path, name=doc.name, relpath=doc.path, language=self.config.source_language, format=doc.format
        )
        return segment(document, load_rules(self.config.source_language))

    def save_catalog(self, path: Path, catalog: Catalog) -> bool:
        """Write a PO/POT file through :func:`polyglot.pofs.save`, against what :meth:`read_catalog` read.

        Templates (``.pot``) are polyglot's own and written unchecked; a PO file never read
        in this session must not exist yet.
        """
        from . import pofs

        path = Path(path)
        snapshot = self._snapshots.get(path)
        if snapshot is None and path.suffix != ".pot":
            snapshot = pofs.Snapshot(None, None)
        changed = pofs.save(path, catalog, snapshot, self.rel(path))
        self._snapshots.pop(path, None)
        return changed

    def documents(self) -> list[tuple[DocumentConfig, Document]]:
        return [(d, self.read_document(d)) for d in self.config.documents]

    def read_catalog(self, path: Path, language: str | None = None) -> Catalog | None:
        """Read a PO/POT file, or None if it does not exist; checks its Language header.

        What was read is remembered, so that :meth:`save_catalog` never overwrites a
        change made to the file since (see :mod:`polyglot.pofs`).
        """
        from . import pofs

        rel = self.rel(path)
        catalog, snapshot = pofs.load(path, rel)
        self._snapshots[Path(path)] = snapshot
        if catalog is None:
            return None
        if language is not None:
            declared = catalog.header("Language")
            if declared and declared.replace("-", "_") != language.replace("-", "_"):
                raise CatalogError(
                    f"Language header says {declared!r} but the file is in the {language!r} folder",
                    path=rel,
                    hint="fix the header or move the file",
                )
        return catalog
