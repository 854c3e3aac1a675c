"""Translation engines behind one small interface (see :mod:`polyglot.engines.base`).

Engines come from a registry of recipes (:data:`REGISTRY`); an engine module is imported
only when an engine is built, so commands that translate nothing never load Argos (and
with it PyTorch). A run resolves routes through one :class:`Engines`, or through an engine
object the caller passes in.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Callable

from ..config import Config
from ..errors import EngineError, EngineUnavailable
from .base import Engine, EngineRecipe, Route

if TYPE_CHECKING:
    from ..cluster import ClusterOptions

#: What ``engine = "auto"`` tries, in order.
AUTO = ("argos", "apertium")


def _pseudo(config: Config) -> EngineRecipe:
    return EngineRecipe(f"{__name__}.pseudo", "PseudoEngine")


def _apertium(config: Config) -> EngineRecipe:
    a = config.apertium
    return EngineRecipe(
        f"{__name__}.apertium", "ApertiumEngine", {"command": a.command, "timeout": a.timeout, "data_dir": a.data_dir, "workers": config.translate.workers}
    )


def _argos(config: Config) -> EngineRecipe:
    g = config.argos
    options = {
        "packages_dir": str(config.path(g.packages_dir)) if g.packages_dir else None,
        "device": g.device,
        "threads": g.threads,
        "beam_size": g.beam_size,
        "compute_type": g.compute_type,
        "batch_size": g.batch_size,
    }
    return EngineRecipe(f"{__name__}.argos", "ArgosEngine", options)


#: Engine name → how to build it from the project settings. :func:`register` adds one.
REGISTRY: dict[str, Callable[[Config], EngineRecipe]] = {"argos": _argos, "apertium": _apertium, "pseudo": _pseudo}


def register(name: str, recipe: Callable[[Config], EngineRecipe]) -> None:
    """Make an engine available by name (to ``--engine``, ``translate.engine`` and :class:`Engines`)."""
    REGISTRY[name] = recipe


def recipe(name: str, config: Config) -> EngineRecipe:
    """How to build an engine from the project settings: picklable, so a cluster worker can too."""
    try:
        return REGISTRY[name](config)
    except KeyError:
        raise EngineUnavailable(f"unknown engine {name!r}", hint=f"use auto, {', '.join(REGISTRY)}") from None


def create(name: str, config: Config) -> Engine:
    """An engine instance configured from the project settings."""
    return recipe(name, config).build()


class Engines:
    """The engines of one run, each created once and on first use, so each model loads once.

    ``choice`` is an engine name, ``"auto"`` (Argos, then Apertium), or an engine object
    passed in by the caller (a test's fake engine, a :class:`~polyglot.cluster.RayEngine`).
    """

    def __init__(self, config: Config, choice: str | Engine = "auto", cluster: ClusterOptions | None = None) -> None:
        self.config = config
        self.choice = choice
        self.cluster = cluster
        self._created: dict[str, Engine] = {}

    def get(self, name: str) -> Engine:
        """The named engine, built once; with ``cluster`` set, one whose batches run on Ray."""
        if name not in self._created:
            if self.cluster is not None:
                from ..cluster import RayEngine

                self._created[name] = RayEngine(recipe(name, self.config), self.cluster)
            else:
                self._created[name] = create(name, self.config)
        return self._created[name]

    def resolve(self, source: str, target: str) -> tuple[Engine, Route]:
        """The engine and route for a language pair; EngineUnavailable when none can.

        Under ``auto``, an engine with a ``prepare(route)`` method (Argos: load the
        models) must pass it; one that fails is skipped with a warning, so a broken
        model falls back to the next engine instead of failing the run.
        """
        if not isinstance(self.choice, str):
            route = self.choice.route(source, target)
            if route is None:
                raise EngineUnavailable(f"engine {self.choice.name!r} cannot translate {source}→{target}")
            return self.choice, route
        names = AUTO if self.choice == "auto" else (self.choice,)
        tried, packages = [], []
        for n in names:
            engine = self.get(n)
            if not engine.available():
                tried.append(f"{n} is not installed")
                continue
            route = engine.route(source, target)
            prepare = getattr(engine, "prepare", None)
            if route is not None and self.choice == "auto" and prepare is not None:
                try:
                    prepare(route)
                except EngineError as exc:
                    logging.getLogger(__name__).warning("polyglot: warning: %s; trying the next engine", exc)
                    tried.append(f"{route} cannot be loaded")
                    continue
            if route is not None:
                return engine, route
            tried.append(f"{n} has no {source}→{target} route")
            if n == "apertium":
                packages = engine.missing(source, target)  # type: ignore[attr-defined]
        apertium = f"apt-get install {' '.join(packages)}" if packages else "an Apertium pair"
        raise EngineUnavailable(
            f"no engine can translate {source}→{target}: {'; '.join(tried)}",
            hint=f"install an Argos package with 'polyglot models install FILE.argosmodel', or {apertium}",
        )


def resolve(name: str, config: Config, source: str, target: str) -> tuple[Engine, Route]:
    """The engine and route for a language pair: ``auto`` tries Argos, then Apertium."""
    return Engines(config, name).resolve(source, target)
