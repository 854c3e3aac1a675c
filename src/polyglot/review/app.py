"""The review web app: Starlette routes over a :class:`~.store.Workspace`.

Pages::

    GET  /                          documents × languages, reviewed words / total
    GET  /doc/<doc>/<lang>          the bilingual page, target sentences editable
    GET  /site/...                  the built site (after the build button)

JSON API (writes need the session token, see :mod:`.security`)::

    GET  /api/entry?doc=&lang=&id=  one sentence: state, diff, glossary, findings, provenance, suggestions
    POST /api/check                 {doc, lang, id, text} → QA findings of a draft
    POST /api/save                  {doc, lang, id, version, action, text} → the entry as written
    POST /api/undo                  → the entry the last change replaced, put back
    POST /api/build                 → {href} of the built page

``action`` is ``edit``, ``accept``, ``needs-work`` or ``revert`` (``text`` is then
the suggestion). Errors answer ``{"error": "..."}``: 400 bad input, 409 conflict
(with the entry now on disk), 423 project locked.
"""

from __future__ import annotations

import datetime
import json
import re
import threading
import time
from dataclasses import asdict
from importlib import resources
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..errors import LockError, PolyglotError
from ..inline import Placeholder, tokenize
from ..provenance import PREFIX, ignored
from ..render.html import grid_css, page_context, switcher
from ..render.ui import UI
from . import entries
from .diff import word_diff
from .page import environment, review_page, script_json
from .security import TOKEN_HEADER, Guard
from .store import ConflictError, Saved, Workspace

_ID = re.compile(r"^b([0-9]{1,7})s([0-9]{1,5})$")
ACTIONS = {
    "edit": entries.edit,
    "accept": entries.accept,
    "needs-work": entries.needs_work,
    "revert": entries.revert,
}


class _Error(Exception):
    def __init__(self, status: int, message: str, **extra) -> None:
        super().__init__(message)
        self.status = status
        self.body = {"error": message, **extra}


def tokens(text: str) -> list[list[str]]:
    """Placeholder text for the script: ``["t", literal]`` and ``["p", "{fn1}"]`` runs."""
    return [["p", str(t)] if isinstance(t, Placeholder) else ["t", t] for t in tokenize(text)]


class ReviewApp:
    """The routes, bound to one workspace and session token."""

    def __init__(self, workspace: Workspace, token: str) -> None:
        self.ws = workspace
        self.token = token
        self.longest = 8
        self.ui = UI("en")
        self._occurrences: dict[str, tuple[object, dict[str, list[str]]]] = {}
        self._pages: dict[tuple[str, str], tuple[tuple, str]] = {}
        self._stale: dict[tuple[str, str], float] = {}  # pages to render again, and when
        self._quiet = threading.Condition()
        self._refresher: threading.Thread | None = None
        self._rendering = threading.Lock()

    # --- helpers -----------------------------------------------------------------------------

    def _target(self, doc: object, lang: object) -> tuple[str, str]:
        if not isinstance(doc, str) or not isinstance(lang, str):
            raise _Error(400, "doc and lang are required")
        try:
            self.ws.check(doc, lang)
        except PolyglotError as exc:
            raise _Error(404, str(exc)) from None
        return doc, lang

    def _msgid(self, doc: str, seg_id: object) -> str:
        m = _ID.match(seg_id) if isinstance(seg_id, str) else None
        blocks = self.ws.document(doc).blocks
        if m is None or not (0 < int(m.group(1)) <= len(blocks)):
            raise _Error(400, "no such sentence")
        segments = blocks[int(m.group(1)) - 1].segments
        if not 0 < int(m.group(2)) <= len(segments):
            raise _Error(400, "no such sentence")
        return segments[int(m.group(2)) - 1].msgid

    def _ids(self, doc: str, msgid: str) -> list[str]:
        """The page ids of every occurrence of a sentence in its document."""
        document = self.ws.document(doc)
        cached = self._occurrences.get(doc)
        if cached is None or cached[0] is not document:
            where: dict[str, list[str]] = {}
            for bi, b in enumerate(document.blocks, 1):
                for si, s in enumerate(b.segments, 1):
                    where.setdefault(s.msgid, []).append(f"b{bi}s{si}")
            cached = (document, where)
            self._occurrences[doc] = cached
        return cached[1].get(msgid, [])

    def _stats(self, doc: str, lang: str, stats=None) -> dict:
        s = stats or self.ws.stats(doc, lang)
        return {"reviewed_words": s.reviewed_words, "words": s.words, "percent": s.percent_reviewed,
                "reviewed": s.reviewed, "entries": s.entries}

    def _entry_json(self, doc: str, lang: str, msgid: str, *, detail: bool = True) -> dict:
        m = self.ws.entry(doc, lang, msgid)
        found = self.ws.findings(msgid, m.msgstr, lang, ignored(m)) if m.translated else ()
        out: dict[str, Any] = {
            "state": entries.state(m),
            "version": entries.version(m),
            "text": m.msgstr,
            "tokens": tokens(m.msgstr if m.translated else msgid),
            "findings": [asdict(f) for f in found],
            "worst": entries.worst(list(found)),
            "ids": self._ids(doc, msgid),
        }
        if detail:
            terms = self.ws.glossary.find(msgid) if self.ws.glossary else []
            prov = entries.provenance(m)
            out.update(
                source=tokens(msgid),
                diff=word_diff(m.previous_msgid, msgid) if m.previous_msgid is not None else None,
                glossary=[
                    {"source": t.source, "required": list(t.required(lang)), "note": t.note,
                     "dnt": t.do_not_translate}
                    for t in terms
                ],
                provenance=asdict(prov),
                comments=[c for c in m.comments if not c.startswith(PREFIX)],
                suggestions=[
                    {"text": text, "tokens": tokens(text), "origin": origin}
                    for text, origin in self.ws.suggestions(doc, lang, msgid)
                ],
            )
        return out

    def _saved(self, saved: Saved) -> dict:
        if saved.written:
            self.refresh_later(saved.document, saved.language)
        return {
            "entry": self._entry_json(saved.document, saved.language, saved.message.msgid, detail=False),
            "stats": self._stats(saved.document, saved.language, saved.stats),
            "written": saved.written,
            "doc": saved.document,
            "lang": saved.language,
        }

    async def _json(self, request: Request) -> dict:
        try:
            data = json.loads(await request.body())
        except (ValueError, UnicodeDecodeError):
            raise _Error(400, "the request body is not JSON") from None
        if not isinstance(data, dict):
            raise _Error(400, "the request body must be a JSON object")
        return data

    # --- pages -------------------------------------------------------------------------------

    def _render(self, name: str, **context) -> str:
        base = page_context(self.ui, datetime.date.today(), "/")
        return environment().get_template(name).render(**{**base, "built": "polyglot review", **context})

    def documents(self, request: Request) -> HTMLResponse:
        rows = []
        for name in self.ws.names:
            cells: list[tuple[str, dict | None]] = []
            for lang in self.ws.languages:
                try:
                    cells.append((lang, self._stats(name, lang)))
                except PolyglotError:
                    cells.append((lang, None))
            rows.append((name, cells))
        html = self._render(
            "documents.html", head=None, home="/", switcher=(), rows=rows, languages=self.ws.languages, banner="",
        )
        return HTMLResponse(html, headers={"cache-control": "no-store"})

    def review(self, request: Request) -> HTMLResponse:
        doc, lang = self._target(request.path_params["doc"], request.path_params["lang"])
        return HTMLResponse(self.review_html(doc, lang), headers={"cache-control": "no-store"})

    def review_html(self, doc: str, lang: str) -> str:
        """The review page, rendered again only when the document or its PO file changed."""
        with self._rendering:
            key = self.ws.revision(doc, lang)
            cached = self._pages.get((doc, lang))
            if cached is None or cached[0] != key:
                cached = (key, self._review_html(doc, lang))
                self._pages[(doc, lang)] = cached
            return cached[1]

    def refresh_later(self, doc: str, lang: str, delay: float = 2.0) -> None:
        """Render a page again once saves have paused for ``delay`` seconds, so reloads stay fast."""
        with self._quiet:
            self._stale[(doc, lang)] = time.monotonic() + delay
            if self._refresher is None:
                self._refresher = threading.Thread(target=self._refresh, daemon=True)
                self._refresher.start()
            self._quiet.notify()

    def _refresh(self) -> None:
        while True:
            with self._quiet:
                while not self._stale:
                    self._quiet.wait()
                key, due = min(self._stale.items(), key=lambda kv: kv[1])
                if due > time.monotonic():
                    self._quiet.wait(due - time.monotonic())
                    continue
                del self._stale[key]
            try:
                self.review_html(*key)
            except PolyglotError:
                pass

    def warm(self) -> None:
        """Read, check and render everything up front (the server does this as it starts)."""
        self.ws.warm()
        for doc in self.ws.names:
            for lang in self.ws.languages:
                try:
                    self.review_html(doc, lang)
                except (PolyglotError, OSError):  # reported when the page is opened, not from here
                    pass

    def _review_html(self, doc: str, lang: str) -> str:
        document = self.ws.document(doc)
        catalog = self.ws.catalog(doc, lang)
        page = review_page(
            document, catalog, self.ws.source, lang,
            lambda m: self.ws.findings(m.msgid, m.msgstr, lang, ignored(m)) if m.translated else (),
        )
        self.longest = max(self.longest, page.longest)
        from ..render.html import bitext_row, title_text

        data = {**page.data, "doc": doc, "lang": lang, "token": self.token, "stats": self._stats(doc, lang)}
        return self._render(
            "review.html",
            home="/",
            switcher=switcher([(t, f"/doc/{doc}/{t}") for t in self.ws.languages], lang),
            source=self.ws.source,
            target=lang,
            head=None,
            rows=[bitext_row(r, self.ws.source, lang, self.ui) for r in page.rows if r.kind != "note"],
            notes=[bitext_row(r, self.ws.source, lang, self.ui) for r in page.rows if r.kind == "note"],
            title_src=title_text(page.blocks, "src", doc),
            title_tgt=title_text(page.blocks, "tgt", doc),
            has_heading=True,
            legend=["machine", "untranslated"],
            banner="",
            downloads=[],
            data=script_json(data),
            stats=data["stats"],
        )

    def css(self, request: Request) -> Response:
        text = resources.files("polyglot.render").joinpath("static", "polyglot.css").read_bytes()
        return Response(text + grid_css(self.longest).encode(), media_type="text/css",
                         headers={"cache-control": "no-store"})

    def js(self, request: Request) -> Response:
        text = resources.files("polyglot.render").joinpath("static", "polyglot.js").read_bytes()
        return Response(text, media_type="text/javascript")

    # --- API ---------------------------------------------------------------------------------

    def entry(self, request: Request) -> JSONResponse:
        q = request.query_params
        doc, lang = self._target(q.get("doc"), q.get("lang"))
        return JSONResponse(self._entry_json(doc, lang, self._msgid(doc, q.get("id"))))

    async def check(self, request: Request) -> JSONResponse:
        data = await self._json(request)
        doc, lang = self._target(data.get("doc"), data.get("lang"))
        msgid = await run_in_threadpool(self._msgid, doc, data.get("id"))
        text = entries.clean(data.get("text", ""), msgid)
        found = await run_in_threadpool(
            lambda: self.ws.findings(msgid, text, lang, ignored(self.ws.entry(doc, lang, msgid)))
        )
        return JSONResponse({"findings": [asdict(f) for f in found], "worst": entries.worst(list(found))})

    async def save(self, request: Request) -> JSONResponse:
        data = await self._json(request)
        doc, lang = self._target(data.get("doc"), data.get("lang"))
        action = ACTIONS.get(data.get("action"))  # type: ignore[arg-type]
        if action is None:
            raise _Error(400, f"unknown action (one of {', '.join(ACTIONS)})")
        seen = data.get("version")
        if not isinstance(seen, str):
            raise _Error(400, "version is required")

        def run() -> dict:
            msgid = self._msgid(doc, data.get("id"))
            text = entries.clean(data.get("text", ""), msgid)
            try:
                saved = self.ws.change(doc, lang, msgid, seen, lambda m: action(m, text))
            except ConflictError as exc:
                current = self._entry_json(doc, lang, msgid, detail=False) if exc.current else None
                raise _Error(409, str(exc), current=current) from None
            return self._saved(saved)

        return JSONResponse(await run_in_threadpool(run))

    async def undo(self, request: Request) -> JSONResponse:
        await self._json(request)
        try:
            saved = await run_in_threadpool(self.ws.undo)
        except ConflictError as exc:
            raise _Error(409, str(exc)) from None
        if saved is None:
            raise _Error(400, "nothing to undo")
        return JSONResponse(self._saved(saved))

    async def build(self, request: Request) -> JSONResponse:
        data = await self._json(request)
        doc, lang = self._target(data.get("doc"), data.get("lang"))
        await run_in_threadpool(self.ws.build)
        return JSONResponse({"href": f"/site/{doc}/{lang}.html"})


async def _errors(request: Request, exc: Exception) -> JSONResponse:
    if isinstance(exc, _Error):
        return JSONResponse(exc.body, status_code=exc.status)
    if isinstance(exc, LockError):
        return JSONResponse({"error": str(exc)}, status_code=423)
    return JSONResponse({"error": str(exc)}, status_code=400)


def create_app(
    workspace: Workspace,
    *,
    token: str,
    hosts,
    token_everywhere: bool = False,
    max_body: int | None = None,
):
    """The ASGI app: routes behind the :class:`~.security.Guard`."""
    r = ReviewApp(workspace, token)
    out = workspace.project.output_dir
    app = Starlette(
        routes=[
            Route("/", r.documents),
            Route("/doc/{doc}/{lang}", r.review),
            Route("/assets/polyglot.css", r.css),
            Route("/assets/polyglot.js", r.js),
            Route("/favicon.ico", lambda request: Response(status_code=204)),
            Route("/api/entry", r.entry),
            Route("/api/check", r.check, methods=["POST"]),
            Route("/api/save", r.save, methods=["POST"]),
            Route("/api/undo", r.undo, methods=["POST"]),
            Route("/api/build", r.build, methods=["POST"]),
            Mount("/static", StaticFiles(packages=[("polyglot.review", "static")])),
            Mount("/site", StaticFiles(directory=out, check_dir=False, html=True)),
        ],
        exception_handlers={_Error: _errors, PolyglotError: _errors},
    )
    extra = {} if max_body is None else {"max_body": max_body}
    app.state.review = r  # the server warms it as it starts
    return Guard(app, token=token, hosts=hosts, token_everywhere=token_everywhere, **extra)


__all__ = ["TOKEN_HEADER", "create_app"]
