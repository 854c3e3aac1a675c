"""Fill catalogs: exact reviewed matches first, then fuzzy memory matches, then the engine cache and engines.

Per target language, every untranslated entry of every document is gathered, each
distinct source goes to the engine once, in large batches; protected elements cross
the engine as tags (:mod:`polyglot.protect`) and the result gets the target's
typography (:mod:`polyglot.typography`). Machine output is always ``fuzzy`` and
carries a ``polyglot:`` provenance comment; reviewed entries are never touched.

Outdated entries (the source changed since they were translated) are redone when
their text is a polyglot draft no one accepted; one a person had reviewed keeps its
text and gets the new machine translation beside it as a ``polyglot: suggestion``
comment (:mod:`polyglot.provenance`). A fuzzy translation-memory match (:mod:`polyglot.tm`) at or above the configured
similarity is used before any engine, fuzzy too, its comment naming score and origin.
"""

from __future__ import annotations

import queue
import time
from collections.abc import Generator, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import asdict, dataclass, field, replace
from functools import partial
from typing import Callable, Mapping, Sequence

from .catalog import Catalog, Message
from .engines.base import Engine, Route, Translation, check_output
from .errors import EngineError
from .inline import kind_of, placeholders
from .model import Element
from .protect import TermRule, protect, restore
from .provenance import IGNORE, MACHINE, MEMORY, PREFIX, machine_made, suggestion, with_suggestion
from .stats import outdated
from .tm import MIN_SIMILARITY, FuzzyIndex, Unit
from .typography import adapt

CHUNK_SIZE = 1000


@dataclass(frozen=True)
class LanguageReport:
    """What filling one language did."""

    language: str
    route: str = ""
    entries: int = 0
    memory_hits: int = 0
    tm_hits: int = 0
    cache_hits: int = 0
    sent: int = 0
    engine_calls: int = 0
    seconds: float = 0.0
    retranslated: int = 0
    suggested: int = 0
    unknown_words: tuple[str, ...] = ()
    flagged: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()
    error: str | None = None

    def as_dict(self) -> dict:
        return {**asdict(self), "seconds": round(self.seconds, 3)}


@dataclass(frozen=True)
class Step:
    """Progress of one language: segments the engine has done out of those it is sent."""

    language: str
    done: int
    total: int
    elapsed: float = 0.0

    @property
    def percent(self) -> int:
        """Whole percent done, rounded down: 100 only once everything is done."""
        return 100 if self.done >= self.total else 100 * self.done // self.total

    @property
    def eta(self) -> float | None:
        """Seconds left at the rate so far (None before the first segment is done)."""
        if self.done >= self.total:
            return 0.0
        if not self.done:
            return None
        return self.elapsed / self.done * (self.total - self.done)

    def __str__(self) -> str:
        eta = self.eta
        left = "ETA --:--" if eta is None else f"ETA {int(eta) // 60}:{int(eta) % 60:02d}"
        return f"{self.language}: {self.done}/{self.total} segments ({self.percent} %), {left}"


Progress = Callable[[Step], None]


@dataclass(frozen=True)
class Filled:
    """A translation for one source segment, with the comments to attach."""

    text: str
    comments: tuple[str, ...] = field(default=())
    unknown: tuple[str, ...] = ()


@dataclass(frozen=True)
class Batch:
    """What one language leaves for its engine: chunks of distinct texts, one engine call each, in order."""

    engine: Engine
    route: Route
    chunks: tuple[tuple[str, ...], ...]


#: A language being filled (see :func:`filling`): yields its Batch, is sent the outputs, returns the result.
Filling = Generator[Batch, Iterator[list[Translation]], tuple[dict[str, Catalog], LanguageReport]]


def elements_of(msgid: str) -> tuple[Element, ...]:
    """The elements a msgid's placeholders name (kinds from the names)."""
    seen: dict[str, Element] = {}
    for name in placeholders(msgid):
        name = name.lstrip("/")
        kind = kind_of(name)
        if kind is not None and name not in seen:
            seen[name] = Element(name, kind)
    return tuple(seen.values())


def _needs(m: Message) -> str | None:
    """What filling an entry means: ``fill`` an empty one, ``redo`` a stale draft, ``suggest``, or None."""
    if m.obsolete or not m.msgid or m.msgid_plural is not None:
        return None
    if not m.translated:
        return "fill"
    if not outdated(m):
        return None
    if machine_made(m):
        return "redo"
    return "suggest" if suggestion(m) is None else None


def todo(catalogs: Mapping[str, Catalog]) -> list[str]:
    """Distinct source texts of entries to fill, redo or suggest for, in first-seen order."""
    out: dict[str, None] = {}
    for cat in catalogs.values():
        for m in cat.messages:
            if _needs(m):
                out.setdefault(m.msgid, None)
    return list(out)


def harvest(catalog: Catalog, origin: str) -> list[Unit]:
    """Memory units a catalog holds besides its reviewed entries.

    An outdated entry (fuzzy, with ``#|`` the source it was translated from) whose
    translation no engine or memory wrote gives a ``previous`` unit for that earlier
    source; an obsolete reviewed entry gives an ``obsolete`` unit.
    """
    units = []
    for m in catalog.messages:
        if m.msgid_plural is not None or not m.translated:
            continue
        if m.obsolete and m.reviewed:
            units.append(Unit(m.msgid, m.msgstr, origin, "obsolete"))
        elif (
            not m.obsolete
            and m.fuzzy
            and m.previous_msgid
            and not machine_made(m)
        ):
            units.append(Unit(m.previous_msgid, m.msgstr, origin, "previous"))
    return units


def apply(catalog: Catalog, filled: Mapping[str, Filled]) -> Catalog:
    """Put translations into a catalog, fuzzy, with provenance: empty and stale draft entries
    get the text, outdated reviewed ones a suggestion."""
    out: list[Message] = []
    changed = False
    for m in catalog.messages:
        f = filled.get(m.msgid)
        need = _needs(m) if f is not None else None
        if f is None or need is None:
            out.append(m)
            continue
        if need == "suggest":
            out.append(with_suggestion(m, f.text))
        else:
            mine = tuple(c for c in m.comments if not c.startswith(PREFIX) or c.startswith(IGNORE))
            comments = mine + f.comments
            m = replace(m, msgstr=f.text, comments=comments, previous_msgid=None, previous_msgctxt=None,
                        previous_msgid_plural=None)
            out.append(m.with_flag("fuzzy"))
        changed = True
    return replace(catalog, messages=tuple(out)) if changed else catalog


def _count(catalogs: Mapping[str, Catalog], filled: Mapping[str, Filled]) -> dict[str, int]:
    counts = {"redo": 0, "suggest": 0}
    for cat in catalogs.values():
        for m in cat.messages:
            need = _needs(m) if m.msgid in filled else None
            if need in counts:
                counts[need] += 1
    return counts


def _usable(pairs, route: Route) -> tuple[list[tuple[str, Translation]], list[str]]:
    """Engine outputs that pass :func:`~polyglot.engines.base.check_output` (cleaned), and why the others fail."""
    good, refused = [], []
    for text, out in pairs:
        try:
            good.append((text, check_output(text, out, route)))
        except EngineError as exc:
            refused.append(exc.message)
    return good, refused


def filling(
    catalogs: Mapping[str, Catalog],
    *,
    source: str,
    target: str,
    resolve: Callable[[], tuple[Engine, Route]],
    memory,
    dnt_terms: Sequence[str] | TermRule = (),
    progress: Progress | None = None,
    chunk_size: int = CHUNK_SIZE,
    fuzzy: FuzzyIndex | None = None,
    min_similarity: float = MIN_SIMILARITY,
) -> Filling:
    """Fill the untranslated entries of one language's catalogs (one per document), as a generator.

    It yields once, the :class:`Batch` of chunks left for the engine (not when nothing
    is), is sent an iterator of their outputs in order, and returns the filled catalogs
    and the report; :func:`fill_language` and :func:`fill_languages` drive it.

    Order: exact reviewed matches in ``memory``, then the best ``fuzzy`` index match
    scoring at least ``min_similarity``, then the engine (through its cache).
    ``dnt_terms`` are do-not-translate terms or a glossary's
    :class:`~polyglot.protect.TermRule`: they cross the engine protected.
    ``resolve`` picks the engine and route; it is called only when some segment is
    left for the engine and not in its cache, so a re-run with nothing new starts no
    engine at all. A failing engine chunk stops the language: chunks already done are
    applied and cached, the rest are reported in ``failed``.
    """
    started = time.perf_counter()
    texts = todo(catalogs)
    report = LanguageReport(language=target, entries=len(texts))
    if not texts:
        return dict(catalogs), report

    filled: dict[str, Filled] = {}
    for text, (translation, origin) in memory.lookup_reviewed(source, target, texts).items():
        filled[text] = Filled(translation, (f"{MEMORY}reviewed in {origin}",))
    memory_hits = len(filled)
    if fuzzy is not None and len(fuzzy):
        # An outdated entry's own translation is no news: never offer it back as a match.
        current = {m.msgid: m.msgstr for cat in catalogs.values() for m in cat.active if m.translated}
        for text in texts:
            match = None if text in filled else fuzzy.best(text, min_similarity)
            if match is not None and match.target != current.get(text):
                filled[text] = Filled(match.target, (f"{PREFIX} {match.comment()}",))
    tm_hits = len(filled) - memory_hits
    rest = [t for t in texts if t not in filled]
    if not rest:
        counts = _count(catalogs, filled)
        out = {name: apply(cat, filled) for name, cat in catalogs.items()}
        return out, replace(
            report, memory_hits=memory_hits, tm_hits=tm_hits, retranslated=counts["redo"],
            suggested=counts["suggest"], seconds=time.perf_counter() - started,
        )

    engine, route = resolve()
    protected = {t: protect(t, elements_of(t), dnt_terms) for t in rest}
    engine_texts = list(dict.fromkeys(p.text for p in protected.values()))
    key = (route.engine, str(route), route.version, source, target)
    # cached outputs pass the same check as fresh ones: an empty one cached by an older run is resent
    results: dict[str, Translation] = dict(_usable(memory.lookup_many(*key, engine_texts).items(), route)[0])
    cache_hits = len(results)
    missing = [t for t in engine_texts if t not in results]
    calls, error = 0, None
    sending = time.perf_counter()
    if progress and missing:
        progress(Step(target, 0, len(missing)))
    chunks = tuple(tuple(missing[i : i + chunk_size]) for i in range(0, len(missing), chunk_size))
    answers = iter((yield Batch(engine, route, chunks)) if chunks else ())
    for i, chunk in zip(range(0, len(missing), chunk_size), chunks):
        try:
            outputs = next(answers)
        except EngineError as exc:
            error = str(exc)
            break
        calls += 1
        if len(outputs) != len(chunk):
            error = f"{route} returned {len(outputs)} translations for {len(chunk)} segments"
            break
        good, refused = _usable(zip(chunk, outputs), route)
        memory.store_many(*key, good)
        results.update(good)
        if refused and error is None:
            error = f"{len(refused)} outputs refused, e.g. {refused[0]}"
        if progress:
            progress(Step(target, i + len(chunk), len(missing), time.perf_counter() - sending))

    provenance = f"{MACHINE}{route}" + (f" ({route.version})" if route.version else "")
    unknown: dict[str, None] = {}
    flagged, failed = [], []
    for t in rest:
        res = results.get(protected[t].text)
        if res is None:
            failed.append(t)
            continue
        restored = restore(res.text, protected[t])
        comments = [provenance]
        if res.unknown:
            comments.append(f"{PREFIX} unknown words: {', '.join(res.unknown)}")
            unknown.update(dict.fromkeys(res.unknown))
        if restored.problems:
            comments += [f"{PREFIX} review: {p}" for p in restored.problems]
            flagged.append(t)
        filled[t] = Filled(adapt(restored.text, source, target), tuple(comments), tuple(res.unknown))

    counts = _count(catalogs, filled)
    out = {name: apply(cat, filled) for name, cat in catalogs.items()}
    return out, replace(
        report,
        route=str(route),
        retranslated=counts["redo"],
        suggested=counts["suggest"],
        memory_hits=memory_hits,
        tm_hits=tm_hits,
        cache_hits=cache_hits,
        sent=sum(1 for m in missing if m in results),
        engine_calls=calls,
        seconds=time.perf_counter() - started,
        unknown_words=tuple(unknown),
        flagged=tuple(flagged),
        failed=tuple(failed),
        error=error,
    )


def fill_language(catalogs: Mapping[str, Catalog], **options) -> tuple[dict[str, Catalog], LanguageReport]:
    """Fill one language's catalogs (see :func:`filling` for the options); engine calls in turn, here."""
    return _finish(filling(catalogs, **options), None)


def fill_languages(fillings: Sequence[Filling]) -> list[tuple[dict[str, Catalog], LanguageReport]]:
    """Fill several languages, their results in order; engine calls side by side where the engine allows.

    Every language is planned first (memory and cache lookups). Then an engine whose
    ``concurrency`` attribute is above 1 (Apertium: ``translate.workers`` pipelines) gets
    up to that many chunks at once, the languages' chunks interleaved (each one's first,
    then each one's second...), so every worker stays busy to the end whatever each
    language's share. This thread applies what comes back, language by language in the
    order their first chunk is answered (so a killed run keeps every language already
    done). Other engines (default 1: Argos already uses every core, Ray its cluster) are
    called from here, in turn. The outputs, hence the bytes written, do not depend on
    the concurrency.
    """
    results: list = [None] * len(fillings)
    batches: dict[int, Batch] = {}
    for i, gen in enumerate(fillings):
        try:
            batches[i] = next(gen)
        except StopIteration as done:
            results[i] = done.value
    width = max((_concurrency(b.engine) for b in batches.values()), default=1)
    feeds = {i: _Feed(b) for i, b in batches.items() if _concurrency(b.engine) > 1}
    if not feeds:
        for i, b in batches.items():
            results[i] = _finish(fillings[i], b)
        return results
    pool = ThreadPoolExecutor(width, thread_name_prefix="polyglot-engine")
    ready: queue.Queue[int] = queue.Queue()
    try:
        for n in range(max(len(feed.batch.chunks) for feed in feeds.values())):
            for i, feed in feeds.items():
                if n < len(feed.batch.chunks):
                    feed.submit(pool, partial(ready.put, i))
        for i, b in batches.items():
            if i not in feeds:
                results[i] = _finish(fillings[i], b)
        # languages in the order their engine answers: done work reaches the memory at once
        for _ in feeds:
            i = _patiently(ready.get, queue.Empty)
            results[i] = _finish(fillings[i], batches[i], feeds[i])
    except BaseException:  # Ctrl-C reaches this thread only: stop every engine call in flight
        for feed in feeds.values():
            feed.close()
        stops = [getattr(e, "stop", None) for e in {id(b.engine): b.engine for b in batches.values()}.values()]
        running = [f for feed in feeds.values() for f in feed.futures]
        # again until every call has ended: a call starting as we stop is caught by the next round
        while True:
            for stop in stops:
                if stop is not None:
                    stop()
            if not wait(running, timeout=0.05).not_done:
                break
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return results


def _concurrency(engine: Engine) -> int:
    return max(1, int(getattr(engine, "concurrency", 1)))


def _finish(gen: Filling, batch: Batch | None, answers: Iterator[list[Translation]] | None = None):
    """Drive a filling to its end: ``answers`` (default: engine calls in turn, here) for its batch."""
    try:
        if batch is None:
            batch = next(gen)
        gen.send(answers if answers is not None else _in_turn(batch))
    except StopIteration as done:
        return done.value
    finally:
        if isinstance(answers, _Feed):
            answers.close()  # a language stopped at a failure sends nothing more
    raise RuntimeError("a filling asked for a second batch")


def _in_turn(batch: Batch) -> Iterator[list[Translation]]:
    for chunk in batch.chunks:
        yield batch.engine.translate(list(chunk), batch.route)


class _Feed:
    """One language's chunks as calls on a shared thread pool; iterating gets their outputs in order.

    An engine error is raised there; iteration stops after it, and once closed (the
    language no longer wants any: calls not yet started never start).
    """

    def __init__(self, batch: Batch) -> None:
        self.batch = batch
        self.futures: list[Future[list[Translation]]] = []
        self._next = 0

    def submit(self, pool: ThreadPoolExecutor, first_answered: Callable[[], None]) -> None:
        """Queue the next chunk; ``first_answered`` is called once the first chunk is answered (or failed)."""
        chunk = list(self.batch.chunks[len(self.futures)])
        future = pool.submit(self.batch.engine.translate, chunk, self.batch.route)
        if not self.futures:
            future.add_done_callback(lambda _: first_answered())
        self.futures.append(future)

    def close(self) -> None:
        for future in self.futures:
            future.cancel()
        self._next = len(self.futures)

    def __iter__(self) -> _Feed:
        return self

    def __next__(self) -> list[Translation]:
        if self._next >= len(self.futures):
            raise StopIteration
        future = self.futures[self._next]
        self._next += 1
        return _patiently(future.result, FutureTimeout)


def _patiently(wait: Callable, timeout: type[Exception]):
    """``wait(timeout=0.05)`` (a queue's get, a future's result) until it answers: short waits,
    so Ctrl-C is raised in this thread, between two."""
    while True:
        try:
            return wait(timeout=0.05)
        except timeout:
            continue
