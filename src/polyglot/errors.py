"""The exception tree of polyglot.

Every error the library raises on purpose is a :class:`PolyglotError`; the CLI
turns it into one line on stderr and its ``exit_code``::

    PolyglotError                 exit 2 unless stated
    ├── ConfigError               polyglot.toml is missing or invalid
    ├── InputError                a source file cannot be read (encoding, binary, empty, too large)
    ├── CatalogError              a PO/POT file is malformed (syntax, duplicates, wrong Language)
    ├── GlossaryError             the glossary file is malformed
    ├── ModelPackageError         an .argosmodel archive is malformed or unsafe
    ├── EngineError               exit 3: an engine is missing, crashed, hung or misaligned
    │   └── EngineUnavailable     exit 3: no engine or route for a language pair
    └── LockError                 exit 4: another run holds the project lock
"""

from __future__ import annotations

from pathlib import Path

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_ENGINE = 3
EXIT_LOCKED = 4
EXIT_INTERRUPTED = 130  # Ctrl-C (SIGINT): completed work is kept


class PolyglotError(Exception):
    """Base of all polyglot errors: a message, optionally the file and line it is about."""

    exit_code = EXIT_INPUT

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        line: int | None = None,
        hint: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        text = f"{where}{self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class ConfigError(PolyglotError):
    """The project configuration is missing or invalid."""


class InputError(PolyglotError):
    """A source document cannot be read."""


class CatalogError(PolyglotError):
    """A PO or POT file is malformed."""


class GlossaryError(PolyglotError):
    """The glossary file is malformed."""


class ModelPackageError(PolyglotError):
    """An Argos model package is malformed or unsafe to install."""


class EngineError(PolyglotError):
    """A translation engine failed: crashed, hung, or returned misaligned output."""

    exit_code = EXIT_ENGINE


class EngineUnavailable(EngineError):
    """No installed engine can translate a language pair."""


class LockError(PolyglotError):
    """Another polyglot run holds the project lock."""

    exit_code = EXIT_LOCKED
