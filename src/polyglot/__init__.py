"""polyglot: offline translation and bilingual publishing for articles.

The public API: open a project as a session, then run its stages::

    import polyglot

    with polyglot.Project.open("my-articles") as project:  # takes the project lock
        project.update()
        project.translate(engine="apertium")
        if project.check().errors == 0:
            project.build()

Each operation returns a typed result with ``as_dict()``; every error raised on
purpose is a :class:`PolyglotError` (see :mod:`polyglot.errors`).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

from .errors import (  # noqa: E402  (the version is defined first: modules below read it)
    CatalogError,
    ConfigError,
    EngineError,
    EngineUnavailable,
    GlossaryError,
    InputError,
    LockError,
    ModelPackageError,
    PolyglotError,
)

#: Each public name and the module that defines it. They are imported on first use,
#: so that ``import polyglot`` (and the ``polyglot`` command's start-up) stays cheap.
_EXPORTS = {
    "BuildResult": "results",
    "CheckResult": "results",
    "Failure": "results",
    "Incomplete": "results",
    "Project": "project",
    "RunResult": "results",
    "StatusResult": "results",
    "StatusRow": "results",
    "TranslateResult": "results",
    "TranslationIncomplete": "results",
    "UpdateResult": "results",
    "Written": "results",
    "segment_file": "pipeline",
}

if TYPE_CHECKING:
    from .pipeline import segment_file
    from .project import Project
    from .results import (
        BuildResult,
        CheckResult,
        Failure,
        Incomplete,
        RunResult,
        StatusResult,
        StatusRow,
        TranslateResult,
        TranslationIncomplete,
        UpdateResult,
        Written,
    )


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})


__all__ = [
    "BuildResult",
    "CatalogError",
    "CheckResult",
    "ConfigError",
    "EngineError",
    "EngineUnavailable",
    "Failure",
    "GlossaryError",
    "Incomplete",
    "InputError",
    "LockError",
    "ModelPackageError",
    "PolyglotError",
    "Project",
    "RunResult",
    "StatusResult",
    "StatusRow",
    "TranslateResult",
    "TranslationIncomplete",
    "UpdateResult",
    "Written",
    "segment_file",
]
