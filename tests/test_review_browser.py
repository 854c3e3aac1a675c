"""``polyglot review`` in headless Chromium: keyboard review, saving, conflicts, chips, escaping.

A real server (uvicorn on a free loopback port) over a copy of the seed project;
screenshots are kept under ``test-artifacts/``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import replace
from pathlib import Path

import pytest

pytest.importorskip("starlette")

import review_samples as rs
from gettext_tools import msgfmt_check
from test_browser import Page as BrowserPage
from test_browser import browser  # noqa: F401  (the module's Chromium fixture)

from polyglot.pipeline import update_all
from polyglot.pofile import read_po
from polyglot.project import Project

pytestmark = pytest.mark.browser
FIRST = rs.seg_id(rs.ROOT, "L’exercice")
SECOND = rs.seg_id(rs.ROOT, "Selon le Kremlin")
THIRD = rs.seg_id(rs.ROOT, "En addition")



class Server:
    """``polyglot review`` serving a project from a thread (what the CLI runs, minus the browser)."""

    def __init__(self, project: Path, path: str = "/") -> None:
        import uvicorn

        from polyglot.review.server import prepare

        self.session = prepare(Project.open(project), path=path)
        self.url = self.session.url
        self.server = uvicorn.Server(uvicorn.Config(self.session.app, log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.session.sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started and time.monotonic() < deadline:
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(5)


@pytest.fixture
def seed(tmp_path):
    project = rs.seed(tmp_path)
    server = Server(project, f"/doc/{rs.DOC}/es")
    yield project, server
    server.stop()


class Page(BrowserPage):
    """A review page (console errors, page errors and dialogs recorded)."""

    def __init__(self, browser, url: str) -> None:
        super().__init__(browser, url, 1280)
        self.page.wait_for_selector("body.rv-ready")

    def seg(self, seg_id: str) -> str:
        return f'.cell.tgt .seg[data-seg="{seg_id}"]'

    def current(self) -> str | None:
        return self.page.evaluate("document.activeElement && document.activeElement.dataset.seg || null")

    def status(self, text: str) -> None:
        self.page.wait_for_function(
            "t => document.querySelector('[data-p-status]').textContent === t", arg=text, timeout=10_000
        )

    def close(self, expected: str = "\0") -> None:
        """Close, with no console error but ``expected`` (Chromium logs refused requests)."""
        self.errors = [e for e in self.errors if expected not in e]
        super().close()


def walk_to(p: Page, seg_id: str) -> None:
    """Press ``j`` until ``seg_id`` is the current sentence."""
    for _ in range(10):
        p.page.keyboard.press("j")
        if p.current() == seg_id:
            return
    raise AssertionError(f"j never reached {seg_id}")


def po_message(project: Path, start: str, lang: str = "es"):
    cat = read_po(rs.po(project, lang).read_bytes())
    return next(m for m in cat.messages if m.msgid.startswith(start))


def test_fix_and_accept_with_the_keyboard_alone(browser, seed):
    project, server = seed
    p = Page(browser, server.url)
    kb = p.page.keyboard
    walk_to(p, FIRST)
    p.page.wait_for_selector("[data-panel]:not([hidden])")
    kb.press("Enter")
    assert p.page.get_attribute(p.seg(FIRST), "contenteditable") == "true"
    kb.press("Control+a")
    kb.type("El ejercicio militar ruso-bielorruso Zapad 2025 terminó ayer, martes 16.")
    kb.press("Control+Enter")
    p.status("saved")
    assert p.current() == SECOND  # accept moves on to the next sentence needing work
    m = po_message(project, "L’exercice")
    assert m.msgstr == "El ejercicio militar ruso-bielorruso Zapad 2025 terminó ayer, martes 16."
    assert not m.fuzzy
    msgfmt_check(rs.po(project, "es"))
    assert "st-reviewed" in p.page.get_attribute(p.seg(FIRST), "class").split()
    progress = p.page.text_content("[data-progress]")
    assert progress.startswith("16 / ")
    p.shot("review-accepted-1280.png")
    p.close()


def test_keyboard_flow_filters_marks_and_undo(browser, seed):
    project, server = seed
    # The seed's Spanish machine output has no finding besides its state (machine translation
    # applies the glossary): drop a number from one sentence for "f" to find.
    rs.rewrite(rs.po(project, "es"),
               lambda m: replace(m, msgstr=m.msgstr.replace("17 ", "")) if "17 pays" in m.msgid else m)
    p = Page(browser, server.url)
    kb = p.page.keyboard
    walk_to(p, FIRST)
    kb.press("j")
    kb.press("j")
    assert p.current() == THIRD
    kb.press("k")
    assert p.current() == SECOND
    kb.press("f")  # next sentence with a finding
    found = p.current()
    assert "f-" in p.page.get_attribute(p.seg(found), "class")
    kb.press("Alt+w")
    p.status("saved")
    m = po_message(project, read_msgid(p, found))
    assert m.fuzzy and "polyglot: needs work" in m.comments
    kb.press("Alt+z")
    p.status("undone")
    assert "polyglot: needs work" not in po_message(project, read_msgid(p, found)).comments
    # Filter: only reviewed sentences (none in Spanish) hides every row.
    p.page.select_option("[data-filter]", "needs-work")
    assert p.page.locator(".bitext .row:not(.rv-hidden)").count() == 0
    p.page.select_option("[data-filter]", "all")
    assert p.page.locator(".bitext .row.rv-hidden").count() == 0
    kb.press("?")
    assert p.page.is_visible("[data-helpbox]")
    p.shot("review-keys-1280.png")
    p.close()


def test_undo_survives_a_page_reload(browser, seed):
    """The undo list lives in the server's session, not in the page: a reload keeps it."""
    project, server = seed
    p = Page(browser, server.url)
    walk_to(p, FIRST)
    p.page.keyboard.press("Alt+w")
    p.status("saved")
    assert "polyglot: needs work" in po_message(project, "L’exercice").comments
    p.page.reload()
    p.page.wait_for_selector("body.rv-ready")
    assert "st-needs-work" in p.page.get_attribute(p.seg(FIRST), "class").split()
    p.page.keyboard.press("Alt+z")
    p.status("undone")
    m = po_message(project, "L’exercice")
    assert "polyglot: needs work" not in m.comments and m.fuzzy  # the machine draft it was
    assert "st-machine" in p.page.get_attribute(p.seg(FIRST), "class").split()
    p.close()


def test_outdated_sentence_shows_the_source_change_word_by_word(browser, tmp_path):
    project = rs.seed(tmp_path)
    src = project / "seeds" / f"{rs.DOC}.fr.txt"
    src.write_text(src.read_text(encoding="utf-8").replace("mardi 16", "mardi 17", 1), encoding="utf-8")
    update_all(Project.open(project))
    server = Server(project, f"/doc/{rs.DOC}/es")
    try:
        p = Page(browser, server.url)
        assert "st-outdated" in p.page.get_attribute(p.seg(FIRST), "class").split()
        walk_to(p, FIRST)
        p.page.wait_for_selector("[data-p-diff]:not([hidden])")
        assert p.page.text_content("[data-p-state]") == "outdated"
        diff = "[data-p-diff] .rv-diff"
        assert p.page.locator(f"{diff} del").all_text_contents() == ["16"]
        assert p.page.locator(f"{diff} ins").all_text_contents() == ["17"]
        shown = p.page.text_content(diff)  # both versions, in place, and nothing else
        assert shown.replace("16", "", 1) == p.page.text_content(f'.cell.src .seg[data-seg="{FIRST}"]').strip()
        p.shot("review-outdated-diff-1280.png")
        p.page.keyboard.press("j")  # a sentence whose source did not change: no diff shown
        p.page.wait_for_selector("[data-p-diff][hidden]", state="attached")
        p.close()
    finally:
        server.stop()


def read_msgid(p: Page, seg_id: str) -> str:
    src = p.page.text_content(f'.cell.src .seg[data-seg="{seg_id}"]')
    return src.strip()[:12]


def test_conflicting_change_on_disk_is_refused_and_kept(browser, seed):
    project, server = seed
    p = Page(browser, server.url)
    path = rs.po(project, "es")
    rs.rewrite(path, lambda m: replace(m, msgstr="Versión del colega.") if m.msgid.startswith("L’exercice") else m)
    theirs = path.read_bytes()
    p.page.focus(p.seg(FIRST))
    p.page.keyboard.press("Enter")
    p.page.keyboard.press("Control+a")
    p.page.keyboard.type("Mi versión.")
    p.page.keyboard.press("Control+Enter")
    p.status("not saved")
    assert p.page.is_visible("[data-p-conflict]")
    assert "Versión del colega." in p.page.text_content("[data-p-conflict]")
    assert p.page.text_content(p.seg(FIRST)) == "Mi versión."  # the reviewer's text stays
    assert path.read_bytes() == theirs
    p.shot("review-conflict-1280.png")
    p.page.focus(p.seg(FIRST))
    p.page.keyboard.press("Control+Enter")  # knowingly, again: saved over theirs
    p.status("saved")
    assert po_message(project, "L’exercice").msgstr == "Mi versión."
    p.close(expected="status of 409")  # Chromium logs the refused save


def test_placeholder_chips_go_whole_and_are_checked(browser, seed):
    project, server = seed
    p = Page(browser, server.url)
    seg = p.page.eval_on_selector(".cell.tgt .seg .ph", "e => e.closest('.seg').dataset.seg")
    before = rs.po(project, "es").read_bytes()
    sel = p.seg(seg)
    p.page.focus(sel)
    p.page.keyboard.press("Enter")
    # Put the caret right after the chip and delete backwards: the whole chip goes.
    p.page.evaluate(
        "s => { const ph = document.querySelector(s + ' .ph'); const r = document.createRange();"
        " r.setStartAfter(ph); r.collapse(true); const x = getSelection(); x.removeAllRanges(); x.addRange(r); }",
        sel,
    )
    p.page.keyboard.press("Backspace")
    assert p.page.locator(f"{sel} .ph").count() == 0
    assert "{fn" not in p.page.text_content(sel)
    p.page.wait_for_function(
        "() => [...document.querySelectorAll('[data-p-findings] li')].some(li => li.textContent.includes('placeholder-missing'))"
    )
    p.page.keyboard.press("Control+Enter")
    p.page.wait_for_function(
        "() => document.querySelector('[data-p-status]').textContent.startsWith('fix the placeholders first')"
    )
    assert rs.po(project, "es").read_bytes() == before
    p.shot("review-placeholder-1280.png")
    p.close(expected="status of 400")


def test_payloads_show_as_text_and_run_nothing(browser, tmp_path):
    project = rs.hostile(tmp_path)
    server = Server(project, "/doc/hostile/en")
    try:
        p = Page(browser, server.url)
        for seg in p.page.eval_on_selector_all(".cell.tgt .seg[data-seg]", "els => els.map(e => e.dataset.seg)"):
            p.page.focus(p.seg(seg))
            p.page.wait_for_function("() => !document.querySelector('[data-panel]').hidden")
            p.page.wait_for_timeout(100)
        text = p.page.inner_text("body")
        for payload in rs.PAYLOADS:
            assert payload in text
        assert "<img src=x onerror=alert(2)>" in p.page.inner_text("[data-p-glossary]")
        assert "<script>alert(4)</script>" in p.page.inner_text("[data-p-prov]")
        assert p.page.query_selector("main img, main script, main b, aside img, aside script") is None
        assert "49" not in text
        p.page.wait_for_timeout(200)
        assert p.dialogs == []
        p.shot("review-hostile-1280.png")
        p.close()
    finally:
        server.stop()


def test_live_server_refuses_foreign_host_origin_and_missing_token(seed):
    import httpx

    project, server = seed
    before = rs.po(project, "es").read_bytes()
    port = server.url.split(":")[2].split("/")[0]
    body = {"doc": rs.DOC, "lang": "es", "id": FIRST, "action": "accept", "text": "x", "version": "0"}
    with httpx.Client(base_url=f"http://127.0.0.1:{port}") as c:
        assert c.get("/", headers={"Host": f"evil.example:{port}"}).status_code == 421
        assert c.post("/api/save", json=body, headers={"Origin": "http://evil.example"}).status_code == 403
        assert c.post("/api/save", json=body, headers={"Origin": f"http://127.0.0.1:{port}"}).status_code == 403
        assert c.get("/").status_code == 200
    assert rs.po(project, "es").read_bytes() == before
