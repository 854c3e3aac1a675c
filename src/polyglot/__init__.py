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
from .pipeline import segment_file  # noqa: E402
from .project import Project  # noqa: E402
from .results import (  # noqa: E402
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
