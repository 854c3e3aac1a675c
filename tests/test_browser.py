"""The bilingual page in headless Chromium: alignment, highlight, switches, marking toggle, escaping.

Screenshots are kept under ``test-artifacts/`` at the repository root.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import render_samples as s

from polyglot.render import render_site, write_site

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("site")
    doc, cat = s.hostile()
    catalogs = {**s.catalogs(), ("hostile", "en"): cat}
    write_site(render_site([s.document(), doc], catalogs, s.config(), date=s.DATE), out)
    return out


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists() or shutil.which(CHROMIUM) is None:
        pytest.skip("chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


class Page:
    """A page opened from file://, recording console errors, page errors and dialogs."""

    def __init__(self, browser, url: str, width: int) -> None:
        self.context = browser.new_context(viewport={"width": width, "height": 900})
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        self.page.goto(url)
        self.page.wait_for_load_state("load")

    def tops(self, side: str) -> dict[str, float]:
        return self.page.eval_on_selector_all(
            f".cell.{side} .seg",
            "els => Object.fromEntries(els.map(e => [e.dataset.seg, e.getBoundingClientRect().top]))",
        )

    def lefts(self, side: str) -> dict[str, float]:
        return self.page.eval_on_selector_all(
            f".cell.{side} .seg",
            "els => Object.fromEntries(els.map(e => [e.dataset.seg, e.getBoundingClientRect().left]))",
        )

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name), full_page=True)

    def close(self) -> None:
        assert not self.errors, self.errors
        self.context.close()


def test_side_by_side_alignment_hover_and_toggle(browser, site):
    p = Page(browser, (site / "zapad" / "en.html").as_uri(), 1280)
    src, tgt = p.tops("src"), p.tops("tgt")
    assert list(src) == list(tgt) and len(src) == 12
    for seg_id in src:
        assert abs(src[seg_id] - tgt[seg_id]) <= 3, (seg_id, src[seg_id], tgt[seg_id])
    # The long first sentence wraps over several lines, its short translation does not:
    # the next pair still starts level on both sides.
    heights = p.page.eval_on_selector('.src [data-seg="b2s1"]', "e => e.getBoundingClientRect().height")
    assert heights > 60
    lefts_src, lefts_tgt = p.lefts("src"), p.lefts("tgt")
    assert all(lefts_tgt[k] > lefts_src[k] + 400 for k in src)

    # Hover highlights the counterpart; focus (keyboard) does too.
    p.page.hover('.src [data-seg="b2s2"]')
    assert "hl" in p.page.get_attribute('.tgt [data-seg="b2s2"]', "class").split()
    assert p.page.eval_on_selector('.tgt [data-seg="b2s2"]', "e => getComputedStyle(e).backgroundColor") != "rgba(0, 0, 0, 0)"
    p.shot("bilingual-side-by-side-1280.png")
    p.page.focus('.tgt [data-seg="b4s1"]')
    assert "hl" in p.page.get_attribute('.src [data-seg="b4s1"]', "class").split()
    assert "hl" not in p.page.get_attribute('.tgt [data-seg="b2s2"]', "class").split()

    # The marking toggle hides and shows the machine-translation marking.
    machine = '.tgt [data-seg="b2s2"]'
    p.page.mouse.move(0, 0)
    p.page.focus("[data-marks]")
    marked = p.page.eval_on_selector(machine, "e => getComputedStyle(e).textDecorationStyle + getComputedStyle(e).backgroundImage")
    assert "dotted" in marked
    p.page.click("[data-marks]")
    assert "marks" not in p.page.get_attribute("body", "class").split()
    assert p.page.get_attribute("[data-marks]", "aria-pressed") == "false"
    unmarked = p.page.eval_on_selector(machine, "e => getComputedStyle(e).textDecorationStyle + getComputedStyle(e).backgroundImage")
    assert unmarked != marked and "gradient" not in unmarked
    p.page.click("[data-marks]")
    assert "marks" in p.page.get_attribute("body", "class").split()
    p.close()


def test_layout_switches(browser, site):
    p = Page(browser, (site / "zapad" / "en.html").as_uri(), 1280)
    assert p.page.is_visible("[data-layout=inter]")
    p.page.click("[data-layout=inter]")
    assert "layout-inter" in p.page.get_attribute("body", "class").split()
    assert p.page.get_attribute("[data-layout=inter]", "aria-pressed") == "true"
    src, tgt = p.tops("src"), p.tops("tgt")
    ls, lt = p.lefts("src"), p.lefts("tgt")
    ids = list(src)
    for i, k in enumerate(ids):
        assert tgt[k] > src[k] and abs(ls[k] - lt[k]) <= 1  # translation right under its sentence
        if i + 1 < len(ids):
            assert src[ids[i + 1]] > tgt[k]
    p.page.hover('.src [data-seg="b2s1"]')
    assert "hl" in p.page.get_attribute('.tgt [data-seg="b2s1"]', "class").split()
    p.shot("bilingual-interlinear-1280.png")

    p.page.click("[data-layout=tgt]")
    assert not p.page.is_visible(".cell.src") and p.page.is_visible(".cell.tgt")
    # One language only: the paragraph flows, so two sentences can share a line.
    tops = p.tops("tgt")
    assert abs(tops["b2s2"] - tops["b2s3"]) < 3 or abs(tops["b2s1"] - tops["b2s2"]) < 3
    p.page.click("[data-layout=src]")
    assert p.page.is_visible(".cell.src") and not p.page.is_visible(".cell.tgt")
    p.page.click("[data-layout=side]")
    assert p.page.is_visible(".cell.src") and p.page.is_visible(".cell.tgt")
    p.close()


def test_narrow_screen_stacks(browser, site):
    p = Page(browser, (site / "zapad" / "ar.html").as_uri(), 375)
    width = p.page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    src, tgt = p.tops("src"), p.tops("tgt")
    for k in src:
        assert tgt[k] > src[k]
    ls = p.lefts("src")
    assert max(ls.values()) < 100  # every sentence starts at the left: one column
    assert p.page.get_attribute(".cell.tgt", "dir") == "rtl"
    p.shot("bilingual-stacked-375-ar.png")
    p.close()


def test_payloads_show_as_text(browser, site):
    for name in ("en.html", "en.mono.html", "fr.mono.html"):
        p = Page(browser, (site / "hostile" / name).as_uri(), 1280)
        p.page.wait_for_timeout(200)
        assert p.dialogs == []
        assert p.page.query_selector("img[src=x]") is None
        assert p.page.query_selector("main script, main b") is None
        text = p.page.inner_text("main")
        for payload in s.PAYLOADS:
            assert payload in text
        assert "49" not in text
        if name == "en.html":
            p.page.hover("main .seg")
            p.shot("hostile-1280.png")
        p.close()


def test_index_and_monolingual_pages_load_cleanly(browser, site):
    for path in ("index.html", "index.es.html", "zapad/es.mono.html", "zapad/fr.mono.html"):
        p = Page(browser, (site / path).as_uri(), 1280)
        assert p.page.title()
        if path == "index.html":
            p.shot("index-1280.png")
            p.page.click("a.pct >> nth=0")
            assert p.page.url.endswith("/zapad/en.html")
        p.close()
