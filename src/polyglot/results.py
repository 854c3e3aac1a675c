"""What the project operations return: typed, frozen results, each with ``as_dict()`` for ``--json``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .catalog import MergeReport
from .errors import EXIT_ENGINE, EXIT_INPUT, PolyglotError
from .qa import Finding
from .stats import Stats
from .translate import LanguageReport


@dataclass(frozen=True)
class Written:
    """Files an operation wrote (changed) and left as they were (unchanged)."""

    changed: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"written": list(self.changed), "unchanged": list(self.unchanged)}


@dataclass(frozen=True)
class Failure:
    """A language (or one document in it) a stage could not handle; the others went on.

    ``exit_code`` is that of the error behind it: 3 for an engine, 2 for a file.
    """

    stage: str
    language: str
    message: str
    document: str | None = None
    exit_code: int = EXIT_INPUT

    def __str__(self) -> str:
        return self.message  # names the file, or the language pair, itself

    def as_dict(self) -> dict[str, Any]:
        return {"stage": self.stage, "language": self.language, "document": self.document,
                "message": self.message, "exit_code": self.exit_code}

    @classmethod
    def of(cls, stage: str, language: str, exc: PolyglotError, document: str | None = None) -> Failure:
        return cls(stage, language, str(exc), document, exc.exit_code)


@dataclass(frozen=True)
class UpdateResult:
    """``update``: the files written, a merge report per language and document, what failed."""

    written: Written
    reports: Mapping[str, Mapping[str, MergeReport]] = field(default_factory=dict)
    failures: tuple[Failure, ...] = ()

    def languages(self) -> dict[str, dict[str, dict[str, Any]]]:
        return {lang: {doc: r.as_dict() for doc, r in docs.items()} for lang, docs in self.reports.items()}

    @property
    def failed(self) -> tuple[Failure, ...]:
        return self.failures

    def as_dict(self) -> dict[str, Any]:
        return {"written": list(self.written.changed), "languages": self.languages(),
                "failures": [f.as_dict() for f in self.failures]}


@dataclass(frozen=True)
class TranslateResult:
    """``translate``: the files written and one report per language."""

    written: Written
    reports: tuple[LanguageReport, ...] = ()
    failures: tuple[Failure, ...] = ()  # languages or documents not translated at all

    @property
    def failed(self) -> tuple[Failure, ...]:
        """What failed: languages not started, then those where an engine failed on some segments."""
        crashed = tuple(
            Failure(
                "translate", r.language, f"{r.language}: {len(r.failed)} segments failed ({r.error})",
                exit_code=EXIT_ENGINE,
            )
            for r in self.reports
            if r.failed or r.error
        )
        return self.failures + crashed

    def as_dict(self) -> dict[str, Any]:
        return {"written": list(self.written.changed), "languages": [r.as_dict() for r in self.reports],
                "failures": [f.as_dict() for f in self.failed]}


class Incomplete(PolyglotError):
    """Some languages or documents failed; everything else was done and written.

    ``result`` is the result the operation would have returned (a :class:`TranslateResult`,
    :class:`RunResult`…), so a caller can still report it; ``failures`` names what failed.
    The exit code is 3 when an engine failed, else 2.
    """

    def __init__(self, result: Any, failures: tuple[Failure, ...]) -> None:
        detail = "; ".join(str(f) for f in failures)
        super().__init__(f"{detail}; completed work was kept, re-run to retry the rest")
        self.result = result
        self.failures = failures
        self.exit_code = EXIT_ENGINE if any(f.exit_code == EXIT_ENGINE for f in failures) else EXIT_INPUT


TranslationIncomplete = Incomplete  # the name of earlier versions


@dataclass(frozen=True)
class CheckResult:
    """``check``: the findings of the quality checks."""

    findings: tuple[Finding, ...] = ()
    failures: tuple[Failure, ...] = ()

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def failed(self) -> tuple[Failure, ...]:
        return self.failures

    def as_dict(self) -> dict[str, Any]:
        return {
            "errors": self.errors,
            "other": len(self.findings) - self.errors,
            "findings": [f.as_dict() for f in self.findings],
            "failures": [f.as_dict() for f in self.failures],
        }


@dataclass(frozen=True)
class BuildResult:
    """``build``: the files written into the output folder and its index page (project-relative)."""

    written: Written
    index: str
    failures: tuple[Failure, ...] = ()
    removed: tuple[str, ...] = ()  # files of an earlier build no longer published

    @property
    def failed(self) -> tuple[Failure, ...]:
        return self.failures

    def as_dict(self) -> dict[str, Any]:
        return {"written": list(self.written.changed), "unchanged": len(self.written.unchanged), "index": self.index,
                "removed": list(self.removed), "failures": [f.as_dict() for f in self.failures]}


@dataclass(frozen=True)
class StatusRow:
    """Review statistics of one document in one language."""

    document: str
    language: str
    stats: Stats
    exists: bool = True

    def as_dict(self) -> dict[str, Any]:
        return {"document": self.document, "language": self.language, "exists": self.exists, **self.stats.as_dict()}


@dataclass(frozen=True)
class StatusResult:
    """``status``: one row per document and target language."""

    rows: tuple[StatusRow, ...] = ()
    failures: tuple[Failure, ...] = ()  # catalogs that could not be read (their rows have no counts)

    @property
    def failed(self) -> tuple[Failure, ...]:
        return self.failures

    def as_dict(self) -> dict[str, Any]:
        return {"catalogs": [r.as_dict() for r in self.rows], "failures": [f.as_dict() for f in self.failures]}


@dataclass(frozen=True)
class RunResult:
    """``run``: the result of each stage."""

    update: UpdateResult
    translate: TranslateResult
    check: CheckResult
    build: BuildResult
    #: Nothing changed since the last complete run: no stage ran, ``check`` is what it found.
    unchanged: bool = False

    @property
    def failed(self) -> tuple[Failure, ...]:
        """Every failure of every stage, in stage order; one that recurs in later stages once."""
        every = self.update.failures + self.translate.failed + self.check.failures + self.build.failures
        seen: dict[tuple, Failure] = {}
        for f in every:
            seen.setdefault((f.language, f.document, f.message), f)
        return tuple(seen.values())

    def as_dict(self) -> dict[str, Any]:
        check = self.check.as_dict()
        return {
            "unchanged": self.unchanged,
            "update": self.update.languages(),
            "translate": [r.as_dict() for r in self.translate.reports],
            "check": {"errors": check["errors"], "other": check["other"]},
            "build": self.build.as_dict(),
            "failures": [f.as_dict() for f in self.failed],
        }
