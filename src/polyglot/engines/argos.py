"""The Argos engine: argostranslate packages run directly through CTranslate2 and SentencePiece.

argostranslate's own ``translate()`` is not used: it re-splits every paragraph
with MiniSBD or Stanza (which download models at run time, so it fails offline)
and sends one paragraph at a time to the model. Our segments are already
sentences, so each route step is one ``translate_batch`` call over all of them;
CTranslate2 sorts them by length and cuts them into ``batch_size`` batches.

Protected tags (``<x id="N"/>``, ``<g id="N">``, ``</g>``) never reach the
model: each text is cut at its tags, the text runs between them are translated
(all runs of all texts in the same batch) and the tags are put back between the
translated runs, in their original order. Every tag thus comes back exactly
once; the price is that a run is translated without the words on the other side
of a tag. Runs without a letter (a number, punctuation, spaces) are kept as is,
and the spaces around each run are kept, so ``mot<x id="1"/>.`` stays glued.

ctranslate2 and sentencepiece are imported only when a translator is first
needed, so listing routes and every command that translates nothing stay light.
"""

from __future__ import annotations

import html
import importlib.util
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import EngineError, PolyglotError
from ..packages import PackageInfo, list_packages, resolve_packages_dir
from .base import Route, Translation

PIVOT = "en"
_TAG = re.compile(r'(<x id="\d+"/>|<g id="\d+">|</g>)')
_EDGE = re.compile(r"^(\s*)(.*?)(\s*)$", re.DOTALL)


@dataclass(frozen=True)
class _Run:
    """A text run to translate: where it goes (text index, part index) and its unescaped text."""

    text: int
    part: int
    source: str


def split_tags(text: str) -> list[str]:
    """Alternating text runs and tags: ``[run, tag, run, tag, …, run]``."""
    return _TAG.split(text)


def _needs_model(run: str) -> bool:
    return any(c.isalpha() for c in run)


class ArgosEngine:
    """Argos packages (CTranslate2 Transformers with SentencePiece) in large batches."""

    name = "argos"

    def __init__(
        self,
        packages_dir: str | Path | None = None,
        device: str = "cpu",
        threads: int = 0,
        beam_size: int = 2,
        compute_type: str = "auto",
        batch_size: int = 32,
        *,
        max_decoding_length: int = 256,
        min_decoding_length: int = 1,
    ) -> None:
        self.packages_dir = resolve_packages_dir(packages_dir)
        self.device = device
        self.threads = threads
        self.beam_size = beam_size
        self.compute_type = compute_type
        self.batch_size = batch_size
        self.max_decoding_length = max_decoding_length
        self.min_decoding_length = min_decoding_length
        self._packages: list[PackageInfo] | None = None
        self._loaded: dict[Path, tuple[Any, Any]] = {}

    # -- routes ------------------------------------------------------------

    def packages(self) -> list[PackageInfo]:
        """The installed packages (read once)."""
        if self._packages is None:
            self._packages = list_packages(self.packages_dir)
        return self._packages

    def _package(self, source: str, target: str) -> PackageInfo | None:
        matches = [p for p in self.packages() if (p.from_code, p.to_code) == (source, target)]
        return max(matches, key=lambda p: _version_key(p.version)) if matches else None

    def available(self) -> bool:
        """argostranslate, ctranslate2 and sentencepiece importable, and at least one package installed."""
        if any(importlib.util.find_spec(m) is None for m in ("argostranslate", "ctranslate2", "sentencepiece")):
            return False
        try:
            return bool(self.packages())
        except PolyglotError:
            return False

    def route(self, source: str, target: str) -> Route | None:
        """A direct package, else a pivot through English (fr→en→de)."""
        direct = self._package(source, target)
        chain = [direct] if direct else []
        if not chain and PIVOT not in (source, target):
            first, second = self._package(source, PIVOT), self._package(PIVOT, target)
            if first and second:
                chain = [first, second]
        if not chain:
            return None
        return Route(
            engine=self.name,
            source=source,
            target=target,
            steps=tuple(p.code for p in chain),
            version="+".join(f"{p.code}:{p.version}" for p in chain),
        )

    def prepare(self, route: Route) -> None:
        """Load every package of the route now; EngineError if one cannot be loaded (a broken model)."""
        for step in route.steps:
            self._load(self._step_package(step))

    def _step_package(self, step: str) -> PackageInfo:
        """The installed package for a route step (``fr-en``); EngineError if there is none."""
        source, _, target = step.partition("-")
        package = self._package(source, target)
        if package is None:
            raise EngineError(f"Argos package {step} is not installed", path=self.packages_dir)
        return package

    # -- translation -------------------------------------------------------

    def translate(self, texts: Sequence[str], route: Route) -> list[Translation]:
        """Translate a batch through every step of the route; one output per input, tags in place."""
        parts = [split_tags(t) for t in texts]
        runs = [
            _Run(i, j, html.unescape(piece))
            for i, pieces in enumerate(parts)
            for j, piece in enumerate(pieces)
            if j % 2 == 0 and _needs_model(piece)
        ]
        edges = [_EDGE.match(r.source).groups() for r in runs]  # type: ignore[union-attr]
        current = [core for _, core, _ in edges]
        for step in route.steps:
            package = self._step_package(step)
            # Runs that a step turned into letterless text go on unchanged, as at the start,
            # so a pivot route gives what its two steps give one after the other.
            todo = [i for i, text in enumerate(current) if _needs_model(text)]
            if todo:
                done = self._translate_step(package, [current[i] for i in todo])
                for i, text in zip(todo, done):
                    current[i] = text
        out = [list(p) for p in parts]
        for run, (lead, _, trail), text in zip(runs, edges, current):
            out[run.text][run.part] = lead + html.escape(text.strip(), quote=False) + trail
        return [Translation("".join(p)) for p in out]

    def _load(self, package: PackageInfo) -> tuple[Any, Any]:
        """The package's (translator, tokenizer), loaded once per engine."""
        if package.path not in self._loaded:
            try:
                import ctranslate2
                import sentencepiece
            except ImportError as exc:
                raise EngineError(f"Argos needs ctranslate2 and sentencepiece: {exc}") from None
            if package.tokenizer != "sentencepiece.model":
                raise EngineError(
                    f"package {package.code} uses {package.tokenizer or 'no tokenizer'}; "
                    "only SentencePiece packages are supported",
                    path=package.path,
                )
            try:
                translator = ctranslate2.Translator(
                    str(package.path / "model"),
                    device=self.device,
                    compute_type=self.compute_type,
                    inter_threads=1,
                    intra_threads=self.threads,
                )
                tokenizer = sentencepiece.SentencePieceProcessor(model_file=str(package.path / package.tokenizer))
            except Exception as exc:  # noqa: BLE001  ctranslate2 raises RuntimeError, ValueError, IndexError…
                raise EngineError(f"cannot load Argos package {package.code}: {exc}", path=package.path) from None
            self._loaded[package.path] = (translator, tokenizer)
        return self._loaded[package.path]

    def _translate_step(self, package: PackageInfo, texts: list[str]) -> list[str]:
        translator, sp = self._load(package)
        try:
            tokens = sp.encode(texts, out_type=str)
            prefix = [[package.target_prefix]] * len(tokens) if package.target_prefix else None
            results = translator.translate_batch(
                tokens,
                target_prefix=prefix,
                max_batch_size=self.batch_size,
                batch_type="examples",
                beam_size=self.beam_size,
                length_penalty=0.2,  # argostranslate's setting
                replace_unknowns=True,
                max_decoding_length=self.max_decoding_length,
                min_decoding_length=self.min_decoding_length,
            )
            out = [sp.decode_pieces(r.hypotheses[0]) for r in results]
        except Exception as exc:  # noqa: BLE001  any failure inside the model is the engine's
            raise EngineError(f"Argos package {package.code} failed: {exc}", path=package.path) from None
        if len(out) != len(texts):
            raise EngineError(f"Argos package {package.code} returned {len(out)} outputs for {len(texts)} inputs")
        if package.target_prefix:
            out = [t.removeprefix(package.target_prefix) for t in out]
        return [t.strip() for t in out]


def _version_key(version: str) -> tuple:
    return tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.\-_]", version))
