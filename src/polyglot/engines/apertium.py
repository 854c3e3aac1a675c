"""The Apertium engine: Debian's rule-based ``apertium`` with its pair packages.

All segments of a call cross each route step in ONE ``apertium -f html``
process. Segments are joined with ``<hr id="pg-N"/>`` markers: the HTML
deformatter turns a block tag into a sentence boundary plus a superblank, so
the marker comes back verbatim and no context leaks from one segment into the
next; protected ``<x id="N"/>``/``<g id="N">`` tags are unknown inline tags and
come back as superblanks too. The output is split on the markers and their
count and order checked, so a lost segment is an error, never a shift.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import threading
import time
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Sequence

from .. import parallel
from ..errors import EngineError, EngineUnavailable
from ..lang import Lang
from .base import Route, Translation, reply_limit


@dataclass(frozen=True)
class _Pair:
    """An Apertium mode (translation direction) and the Debian package that installs it."""

    mode: str
    package: str


# Route steps per (source, target), as data. fr→en goes through Catalan (a better
# pair than through Spanish); Italian and Portuguese through Spanish.
_PAIRS = {
    p.mode: p
    for p in (
        _Pair("fr-es", "apertium-fr-es"),
        _Pair("fra-cat", "apertium-fra-cat"),
        _Pair("fra-oci", "apertium-oci-fra"),
        _Pair("fra-oci_gascon", "apertium-oci-fra"),
        _Pair("fr-eo", "apertium-eo-fr"),
        _Pair("cat-eng", "apertium-eng-cat"),
        _Pair("cat-eng_US", "apertium-eng-cat"),
        _Pair("spa-ita", "apertium-spa-ita"),
        _Pair("es-pt", "apertium-es-pt"),
        _Pair("es-pt_BR", "apertium-es-pt"),
    )
}
ROUTES: dict[tuple[str, str], tuple[str, ...]] = {
    ("fr", "es"): ("fr-es",),
    ("fr", "ca"): ("fra-cat",),
    ("fr", "oc"): ("fra-oci",),
    ("fr", "eo"): ("fr-eo",),
    ("fr", "en"): ("fra-cat", "cat-eng"),
    ("fr", "en_US"): ("fra-cat", "cat-eng_US"),
    ("fr", "it"): ("fr-es", "spa-ita"),
    ("fr", "pt"): ("fr-es", "es-pt"),
    ("fr", "pt_BR"): ("fr-es", "es-pt_BR"),
}

_MODE_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*$")

_MARK = '<hr id="pg-{}"/>'
_MARK_RE = re.compile(r'<hr\s+id="pg-(\d+)"\s*/?>')
# Apertium's marks: *unknown word, #generation failure, @transfer failure. Literal
# * # @ in the input are sent as character references, so every bare mark in the
# output is the engine's.
_UNKNOWN = re.compile(r"(?<!&)[*#@](\w(?:[\w’'·-]*\w)?)")
_LITERAL = re.compile(r"(?<!&)[*#@]")
_REFS = {"*": "&#42;", "#": "&#35;", "@": "&#64;"}


def package_for(mode: str) -> str:
    """The Debian package that provides an Apertium mode (a best guess for unknown ones)."""
    pair = _PAIRS.get(mode)
    return pair.package if pair else f"apertium-{mode.split('_')[0]}"


def strip_marks(output: str) -> tuple[str, tuple[str, ...]]:
    """Remove Apertium's unknown-word marks; return the text and the marked words.

    Numbers marked ``#`` (Esperanto's generator does that) lose the mark but are not reported.
    """
    words: list[str] = []

    def sub(m: re.Match[str]) -> str:
        word = m.group(1)
        if not word.isdigit() and word not in words:
            words.append(word)
        return word

    return _UNKNOWN.sub(sub, output), tuple(words)


def _encode(text: str) -> str:
    # A segment that itself holds a marker would shift every later one: escape it.
    text = _MARK_RE.sub(lambda m: m.group(0).replace("<", "&lt;").replace(">", "&gt;"), text)
    return _LITERAL.sub(lambda m: _REFS[m.group(0)], text)


def _decode(text: str) -> str:
    for char, ref in _REFS.items():
        text = text.replace(ref, char)
    return text


class ApertiumEngine:
    """Apertium behind the :class:`~polyglot.engines.base.Engine` protocol."""

    name = "apertium"

    def __init__(
        self, command: str = "apertium", timeout: float = 300.0, data_dir: str | None = None, workers: int = 0
    ) -> None:
        self.command = command
        self.timeout = timeout
        self.data_dir = data_dir
        #: Pipelines worth running side by side: each already runs its stages on several cores.
        self.concurrency = parallel.workers(workers)
        self._live: set[subprocess.Popen[bytes]] = set()

    def _argv(self, *args: str) -> list[str]:
        base = [self.command] + (["-d", self.data_dir] if self.data_dir else [])
        return base + list(args)

    def available(self) -> bool:
        return shutil.which(self.command) is not None

    @cached_property
    def modes(self) -> frozenset[str]:
        """Installed translation directions (``apertium -l``), read once."""
        if not self.available():
            return frozenset()
        try:
            res = subprocess.run(self._argv("-l"), capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError):
            return frozenset()
        # An empty data folder lists its unexpanded glob ("*"): keep real mode names only.
        return frozenset(m for m in (ln.strip() for ln in res.stdout.splitlines()) if _MODE_NAME.match(m))

    def steps(self, source: str, target: str) -> tuple[str, ...] | None:
        """The route steps polyglot knows for a pair, installed or not."""
        s, t = Lang.of(source), Lang.of(target)
        return ROUTES.get((s.posix, t.posix)) or ROUTES.get((s.base, t.base))

    def missing(self, source: str, target: str) -> list[str]:
        """Debian packages to install for the pair (empty when ready or when no route is known)."""
        steps = self.steps(source, target) or ()
        return sorted({package_for(m) for m in steps if m not in self.modes})

    def route(self, source: str, target: str) -> Route | None:
        steps = self.steps(source, target)
        if steps is None or any(m not in self.modes for m in steps):
            return None
        return Route(self.name, source, target, steps, self._version(steps))

    def require(self, source: str, target: str) -> Route:
        """The route for a pair, or EngineUnavailable saying what to install."""
        route = self.route(source, target)
        if route is not None:
            return route
        if self.steps(source, target) is None:
            raise EngineUnavailable(f"Apertium has no route from {source} to {target}")
        if not self.available():
            raise EngineUnavailable(
                f"the '{self.command}' command is not installed", hint="apt-get install apertium"
            )
        pkgs = " ".join(self.missing(source, target))
        raise EngineUnavailable(
            f"Apertium pair for {source}→{target} is not installed", hint=f"apt-get install {pkgs}"
        )

    def _version(self, steps: Sequence[str]) -> str:
        pkgs = ["apertium", *dict.fromkeys(package_for(m) for m in steps)]
        return ";".join(f"{p}={_deb_version(p)}" for p in pkgs)

    def translate(self, texts: Sequence[str], route: Route) -> list[Translation]:
        """Translate a batch through every step of the route: one pipeline (one process per step).

        Calls from different threads run side by side, each its own pipeline; the caller
        runs up to :attr:`concurrency` at once (:func:`polyglot.translate.fill_languages`:
        the chunks of every language's batch).
        """
        if not texts:
            return []
        for mode in route.steps:
            if mode not in self.modes:
                raise EngineUnavailable(
                    f"Apertium mode {mode} is not installed", hint=f"apt-get install {package_for(mode)}"
                )
        return self._translate(texts, route)

    def stop(self) -> None:
        """Kill every pipeline in flight (Ctrl-C, while calls run in other threads)."""
        for proc in list(self._live):
            _kill(proc)

    def _translate(self, texts: Sequence[str], route: Route) -> list[Translation]:
        current = [_encode(t) for t in texts]
        unknown: list[tuple[str, ...]] = [() for _ in current]
        for step, mode in enumerate(route.steps):
            outputs = self._run(mode, current)
            for i, out in enumerate(outputs):
                current[i], words = strip_marks(out)
                # Unknown words are reported as source words: on a pivot route only the
                # first step's (a later step's are words of the pivot language).
                if step == 0:
                    unknown[i] = words
        return [Translation(_decode(t), u) for t, u in zip(current, unknown)]

    def _run(self, mode: str, segments: Sequence[str]) -> list[str]:
        """One ``apertium -f html MODE`` process over all segments, split back on the markers."""
        payload = "".join(_MARK.format(i) + s for i, s in enumerate(segments)) + _MARK.format(len(segments))
        argv = self._argv("-f", "html", mode)
        try:
            proc = subprocess.Popen(
                argv,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,  # the mode is a shell pipeline: kill the whole group
            )
        except OSError as exc:
            raise EngineError(f"cannot run {self.command}: {exc.strerror or exc}") from None
        self._live.add(proc)
        try:
            data = payload.encode("utf-8")
            try:
                out, err = _exchange(proc, data, self.timeout, reply_limit(len(data)))
            except subprocess.TimeoutExpired:
                raise EngineError(
                    f"apertium {mode} timed out after {self.timeout:g} s on {len(segments)} segments"
                ) from None
            except _TooLong as exc:
                raise EngineError(f"apertium {mode} answered more than {exc.args[0]} bytes for {len(data)}") from None
            if proc.returncode != 0:
                lines = err.decode("utf-8", "replace").strip().splitlines()
                last = lines[-1] if lines else "no message"
                raise EngineError(f"apertium {mode} failed (exit {proc.returncode}): {last}")
        finally:
            self._live.discard(proc)  # finished or failed: nothing left for Ctrl-C to stop
        return _split(out.decode("utf-8", "replace"), len(segments), mode)


def _split(output: str, n: int, mode: str) -> list[str]:
    parts = _MARK_RE.split(output)
    ids = [int(x) for x in parts[1::2]]
    if ids != list(range(n + 1)):
        raise EngineError(
            f"apertium {mode} returned misaligned output: {len(ids)} of {n + 1} segment markers came back"
        )
    if parts[0].strip() or parts[-1].strip():
        raise EngineError(f"apertium {mode} returned text outside the segment markers")
    return parts[2:-1:2]


class _TooLong(Exception):
    """The process wrote more than its reply limit."""


def _exchange(proc: subprocess.Popen[bytes], data: bytes, timeout: float, limit: int) -> tuple[bytes, bytes]:
    """Feed ``data`` to the process and read its stdout (at most ``limit`` bytes) and stderr's tail.

    The process group is killed on a timeout (TimeoutExpired), on a reply over
    the limit (_TooLong) and on any interruption, Ctrl-C included: the mode is a
    pipeline started in its own session, which the terminal's SIGINT never reaches.
    """
    out, err = bytearray(), bytearray()
    too_long = threading.Event()

    def feed() -> None:
        try:
            proc.stdin.write(data)  # type: ignore[union-attr]
            proc.stdin.close()  # type: ignore[union-attr]
        except (BrokenPipeError, ValueError, OSError):
            pass

    def read_out() -> None:
        while chunk := proc.stdout.read1(1 << 16):  # type: ignore[union-attr]
            out.extend(chunk)
            if len(out) > limit:
                too_long.set()
                _killpg(proc)
                return

    def read_err() -> None:
        while chunk := proc.stderr.read1(1 << 16):  # type: ignore[union-attr]
            err.extend(chunk)
            del err[: max(0, len(err) - (1 << 16))]  # keep the tail: the last line is the message

    threads = [threading.Thread(target=f, daemon=True) for f in (feed, read_out, read_err)]
    deadline = time.monotonic() + timeout
    try:
        for t in threads:
            t.start()
        # short joins: a signal may be delivered to a reader thread, and only the main
        # thread's Python code raises KeyboardInterrupt, between two waits
        while any(t.is_alive() for t in threads):
            if time.monotonic() >= deadline:
                raise subprocess.TimeoutExpired(proc.args, timeout)
            threads[1].join(0.05)
        proc.wait(max(0.0, deadline - time.monotonic()))
    except BaseException:
        _kill(proc)
        raise
    if too_long.is_set():
        raise _TooLong(limit)
    return bytes(out), bytes(err)


def _killpg(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        proc.kill()


def _kill(proc: subprocess.Popen[bytes]) -> None:
    _killpg(proc)
    proc.wait()


@lru_cache(maxsize=None)
def _deb_version(package: str) -> str:
    """A Debian package's version, or ``unknown`` where dpkg is missing or knows nothing of it."""
    try:
        res = subprocess.run(
            ["dpkg-query", "-W", "-f", "${Version}", package], capture_output=True, text=True, timeout=30
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return res.stdout.strip() if res.returncode == 0 and res.stdout.strip() else "unknown"
