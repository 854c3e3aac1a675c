"""Translate on a Ray cluster: actors each hold one loaded engine; batches come back here.

:class:`RayEngine` is an engine like any other (see :mod:`polyglot.engines.base`), so the
translation memory, the cache and the PO writes stay on the machine that runs polyglot.
It cuts each chunk into batches, sends them to a pool of actors (each builds the real
engine once — a CTranslate2 translator on CPU or GPU, or an Apertium pipeline — from a
picklable :class:`EngineRecipe`) and gathers the results in order. A batch whose actor
dies is sent again to a fresh actor, up to ``retries`` times; batches already done are
kept. Ray is imported only here, and only when a cluster is asked for (``polyglot[cluster]``).
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from typing import Any, Sequence

from .engines.base import Engine, EngineRecipe, Route, Translation
from .errors import EngineError, EngineUnavailable


@dataclass(frozen=True)
class ClusterOptions:
    """Where the cluster is and how to use it (``[translate.ray]`` in polyglot.toml)."""

    address: str | None = None  # None: start a local cluster; "auto" or "ray://host:10001"
    workers: int = 2
    batch_size: int = 64
    num_cpus: float = 1.0
    num_gpus: float = 0.0
    retries: int = 2


def ray_available() -> bool:
    return importlib.util.find_spec("ray") is not None


class _Worker:
    """The actor body: one engine, built once, translating batch after batch."""

    def __init__(self, recipe: EngineRecipe) -> None:
        self.engine = recipe.build()

    def translate(self, texts: Sequence[str], route: Route) -> list[Translation]:
        return self.engine.translate(texts, route)


class RayEngine:
    """An engine whose batches run on Ray actors, each holding one loaded engine."""

    def __init__(self, recipe: EngineRecipe, options: ClusterOptions | None = None) -> None:
        self.recipe = recipe
        self.options = options or ClusterOptions()
        self.batches_sent = 0
        self.retried = 0
        self._local: Engine | None = None
        self._actors: list[Any] = []
        self._ray: Any = None

    @property
    def local(self) -> Engine:
        """The engine built here too, to pick routes: the workers are expected to hold the
        same models and pairs as the machine that runs polyglot (its models load lazily)."""
        if self._local is None:
            self._local = self.recipe.build()
        return self._local

    @property
    def name(self) -> str:
        return self.local.name

    def available(self) -> bool:
        return ray_available() and self.local.available()

    def _start(self) -> None:
        if self._ray is not None:
            return
        if not ray_available():
            raise EngineUnavailable("the Ray executor needs Ray", hint="pip install 'polyglot[cluster]'")
        import ray

        if not ray.is_initialized():
            if self.options.address:
                ray.init(address=self.options.address, log_to_driver=False)
            else:
                ray.init(include_dashboard=False, log_to_driver=False)
        self._ray = ray
        self._remote = ray.remote(num_cpus=self.options.num_cpus, num_gpus=self.options.num_gpus)(_Worker)
        self._actors = [self._new_actor() for _ in range(max(1, self.options.workers))]

    def _new_actor(self) -> Any:
        return self._remote.remote(self.recipe)

    def route(self, source: str, target: str) -> Route | None:
        return self.local.route(source, target)

    def missing(self, source: str, target: str) -> list[str]:
        return list(getattr(self.local, "missing", lambda s, t: [])(source, target))

    def translate(self, texts: Sequence[str], route: Route) -> list[Translation]:
        """Batches spread over the actors, results in input order; a lost actor is replaced."""
        self._start()
        ray = self._ray
        size = max(1, self.options.batch_size)
        batches = [list(texts[i : i + size]) for i in range(0, len(texts), size)]
        results: list[list[Translation] | None] = [None] * len(batches)
        tries = [0] * len(batches)
        pending = dict(self._submit(i, b, route) for i, b in enumerate(batches))
        while pending:
            done, _ = ray.wait(list(pending), num_returns=1)
            ref = done[0]
            i, actor = pending.pop(ref)
            try:
                out = ray.get(ref)
            except ray.exceptions.RayTaskError as exc:  # the engine itself failed: no retry helps
                cause = exc.as_instanceof_cause()
                raise cause if isinstance(cause, EngineError) else EngineError(str(cause)) from None
            except (ray.exceptions.RayActorError, ray.exceptions.WorkerCrashedError) as exc:
                tries[i] += 1
                if tries[i] > self.options.retries:
                    raise EngineError(f"a Ray worker failed {tries[i]} times on one batch: {exc}") from None
                self.retried += 1
                self._replace(i, actor)
                ref, owner = self._submit(i, batches[i], route)
                pending[ref] = owner
                continue
            if len(out) != len(batches[i]):
                raise EngineError(f"{route} returned {len(out)} translations for {len(batches[i])} segments")
            results[i] = out
        return [t for batch in results if batch is not None for t in batch]

    def _submit(self, i: int, batch: list[str], route: Route) -> tuple[Any, tuple[int, Any]]:
        self.batches_sent += 1
        actor = self._actors[i % len(self._actors)]
        return actor.translate.remote(batch, route), (i, actor)

    def _replace(self, i: int, dead: Any) -> None:
        """A fresh actor in the dead one's slot (once, however many of its batches failed)."""
        slot = i % len(self._actors)
        if self._actors[slot] is dead:
            self._ray.kill(dead)
            self._actors[slot] = self._new_actor()

    def close(self) -> None:
        """Stop the actors (the cluster itself stays up)."""
        if self._ray is not None:
            for actor in self._actors:
                self._ray.kill(actor)
            self._actors = []
