"""What the project operations return: typed, frozen results, each with ``as_dict()`` for ``--json``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from .catalog import MergeReport
from .errors import EngineError
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
class UpdateResult:
    """``update``: the files written and a merge report per language and document."""

    written: Written
    reports: Mapping[str, Mapping[str, MergeReport]] = field(default_factory=dict)

    def languages(self) -> dict[str, dict[str, dict[str, Any]]]:
        return {lang: {doc: r.as_dict() for doc, r in docs.items()} for lang, docs in self.reports.items()}

    def as_dict(self) -> dict[str, Any]:
        return {"written": list(self.written.changed), "languages": self.languages()}


@dataclass(frozen=True)
class TranslateResult:
    """``translate``: the files written and one report per language."""

    written: Written
    reports: tuple[LanguageReport, ...] = ()

    @property
    def failed(self) -> tuple[LanguageReport, ...]:
        """The languages where an engine failed on some segments."""
        return tuple(r for r in self.reports if r.failed or r.error)

    def as_dict(self) -> dict[str, Any]:
        return {"written": list(self.written.changed), "languages": [r.as_dict() for r in self.reports]}


class TranslationIncomplete(EngineError):
    """An engine failed on some segments; everything else was done and written.

    ``result`` is the result the operation would have returned (a :class:`TranslateResult`
    or :class:`RunResult`), so a caller can still report it.
    """

    def __init__(self, result: TranslateResult | RunResult, failed: tuple[LanguageReport, ...]) -> None:
        detail = "; ".join(f"{r.language}: {len(r.failed)} segments failed ({r.error})" for r in failed)
        super().__init__(f"{detail}; completed translations were kept, re-run to retry the rest")
        self.result = result


@dataclass(frozen=True)
class CheckResult:
    """``check``: the findings of the quality checks."""

    findings: tuple[Finding, ...] = ()

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    def as_dict(self) -> dict[str, Any]:
        return {
            "errors": self.errors,
            "other": len(self.findings) - self.errors,
            "findings": [f.as_dict() for f in self.findings],
        }


@dataclass(frozen=True)
class BuildResult:
    """``build``: the files written into the output folder and its index page (project-relative)."""

    written: Written
    index: str

    def as_dict(self) -> dict[str, Any]:
        return {"written": list(self.written.changed), "unchanged": len(self.written.unchanged), "index": self.index}


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

    def as_dict(self) -> dict[str, Any]:
        return {"catalogs": [r.as_dict() for r in self.rows]}


@dataclass(frozen=True)
class RunResult:
    """``run``: the result of each stage."""

    update: UpdateResult
    translate: TranslateResult
    check: CheckResult
    build: BuildResult
    #: Nothing changed since the last complete run: no stage ran, ``check`` is what it found.
    unchanged: bool = False

    def as_dict(self) -> dict[str, Any]:
        check = self.check.as_dict()
        return {
            "unchanged": self.unchanged,
            "update": self.update.languages(),
            "translate": [r.as_dict() for r in self.translate.reports],
            "check": {"errors": check["errors"], "other": check["other"]},
            "build": self.build.as_dict(),
        }
