"""Translation engines behind one small interface (see :mod:`polyglot.engines.base`).

Engine modules are imported only when a route is needed, so commands that translate
nothing never load Argos (and with it PyTorch).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..config import Config
from ..errors import EngineUnavailable
from .base import Engine, Route

if TYPE_CHECKING:
    from ..cluster import EngineRecipe

ENGINES = ("argos", "apertium")


def recipe(name: str, config: Config) -> "EngineRecipe":
    """How to build an engine from the project settings: picklable, so a cluster worker can too."""
    from ..cluster import EngineRecipe

    if name == "pseudo":
        return EngineRecipe(f"{__name__}.pseudo", "PseudoEngine")
    if name == "apertium":
        a = config.apertium
        return EngineRecipe(
            f"{__name__}.apertium", "ApertiumEngine", {"command": a.command, "timeout": a.timeout, "data_dir": a.data_dir}
        )
    if name == "argos":
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
    raise EngineUnavailable(f"unknown engine {name!r}", hint="use auto, argos, apertium or pseudo")


def create(name: str, config: Config) -> Engine:
    """An engine instance configured from the project settings."""
    return recipe(name, config).build()


def resolve(name: str, config: Config, source: str, target: str) -> tuple[Engine, Route]:
    """The engine and route for a language pair: ``auto`` tries Argos, then Apertium."""
    names = ENGINES if name == "auto" else (name,)
    tried, packages = [], []
    for n in names:
        engine = create(n, config)
        if not engine.available():
            tried.append(f"{n} is not installed")
            continue
        route = engine.route(source, target)
        if route is not None:
            return engine, route
        tried.append(f"{n} has no {source}→{target} route")
        if n == "apertium":
            packages = engine.missing(source, target)
    apertium = f"apt-get install {' '.join(packages)}" if packages else "an Apertium pair"
    raise EngineUnavailable(
        f"no engine can translate {source}→{target}: {'; '.join(tried)}",
        hint=f"install an Argos package with 'polyglot models install FILE.argosmodel', or {apertium}",
    )
