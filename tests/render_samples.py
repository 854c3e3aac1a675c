"""Hand-built documents and catalogs for the render tests (no reader, segmenter or PO file involved)."""

from __future__ import annotations

import datetime
from pathlib import Path

from polyglot.catalog import Catalog, Message
from polyglot.config import Config, ProjectConfig, PublishConfig
from polyglot.inline import escape
from polyglot.model import Block, BlockKind, Document, Element, ElementKind, Segment

DATE = datetime.date(2025, 9, 17)

FN1 = Element("fn1", ElementKind.FOOTNOTE, "1")
EM1 = Element("em1", ElementKind.EMPHASIS)
LINK1 = Element("link1", ElementKind.LINK, "https://example.org/a?b=1&c=2")
URL1 = Element("url1", ElementKind.URL, "https://example.org/zapad")
CODE1 = Element("code1", ElementKind.CODE, "a < b && c")


def block(kind: BlockKind, *sentences, line: int = 1, level: int = 0, list_id=None, ordered=False) -> Block:
    """A block whose segments are ``sentences``: msgid strings or (msgid, elements) pairs."""
    segs, pos = [], 0
    for s in sentences:
        msgid, elements = (s, ()) if isinstance(s, str) else s
        segs.append(Segment(msgid, pos, line, msgid, tuple(elements)))
        pos += len(msgid) + 1
    text = " ".join(s.msgid for s in segs)
    elements = tuple(e for s in segs for e in s.elements)
    return Block(kind, text, line, elements, level, list_id, ordered, tuple(segs))


H, P, LI = BlockKind.HEADING, BlockKind.PARAGRAPH, BlockKind.LIST_ITEM

SOURCE = {
    "title": "Zapad 2025 : bilan d’un exercice",
    "p1": "L’exercice militaire Zapad 2025, qui a débuté vendredi 12 septembre, s’est achevé hier, mardi 16, après cinq jours de manœuvres menées conjointement par les armées russe et biélorusse.",
    "p2": ("Selon le Kremlin, plus de 100 000 militaires y auraient pris part{fn1}.", (FN1,)),
    "p3": ("Le rapport est {em1}très{/em1} détaillé.", (EM1,)),
    "h2": "Des observateurs étrangers",
    "li1": ("Voir {link1}le communiqué{/link1} et {url1}.", (LINK1, URL1)),
    "li2": ("La commande {code1} a été citée.", (CODE1,)),
    "li3a": "Un élément imbriqué.",
    "li3b": "Il a deux phrases.",
    "o1": "Premier point.",
    "o2": "Deuxième point.",
    "end": "Fin de l’article.",
}


def _seg(key):
    return SOURCE[key]


def document(name: str = "zapad") -> Document:
    blocks = (
        block(H, _seg("title"), level=1, line=1),
        block(P, _seg("p1"), _seg("p2"), _seg("p3"), line=3),
        block(H, _seg("h2"), level=2, line=5),
        block(LI, _seg("li1"), level=1, list_id=1, line=7),
        block(LI, _seg("li2"), level=1, list_id=1, line=8),
        block(LI, _seg("li3a"), _seg("li3b"), level=2, list_id=1, line=9),
        block(LI, _seg("o1"), level=1, list_id=2, ordered=True, line=11),
        block(LI, _seg("o2"), level=1, list_id=2, ordered=True, line=12),
        block(P, _seg("end"), line=14),
    )
    return Document(name, f"seeds/{name}.fr.txt", "fr", blocks)


def msgid(key: str) -> str:
    s = SOURCE[key]
    return s if isinstance(s, str) else s[0]


EN = {
    "title": ("Zapad 2025: an exercise reviewed", "reviewed"),
    "p1": ("The Zapad 2025 military exercise ended yesterday.", "reviewed"),
    "p2": ("According to the Kremlin, more than 100,000 troops took part{fn1}.", "machine"),
    "p3": ("The report is {em1}very{/em1} detailed.", "reviewed"),
    "h2": ("Foreign observers", "machine"),
    "li1": ("See {link1}the statement{/link1} and {url1}.", "reviewed"),
    "li2": ("The command {code1} was quoted.", "reviewed"),
    "li3a": ("A nested item.", "reviewed"),
    "o1": ("First point.", "reviewed"),
    "o2": ("Second point.", "machine"),
    # li3b and end: untranslated
}

ES = {k: ("ES " + msgid(k), "reviewed") for k in SOURCE}
AR = {"title": ("زاباد 2025: حصيلة تمرين", "reviewed"), "p1": ("انتهى تمرين زاباد 2025 أمس.", "machine")}


def catalog(entries: dict) -> Catalog:
    messages = []
    for key in SOURCE:
        text, state = entries.get(key, ("", "untranslated"))
        flags = ("fuzzy",) if state == "machine" else ()
        messages.append(Message(msgid(key), text, flags=flags))
    return Catalog(messages=tuple(messages))


def config(targets=("en", "es", "ar"), threshold: float = 0.0, below: str = "mark") -> Config:
    return Config(
        root=Path("."),
        project=ProjectConfig(source_language="fr", target_languages=tuple(targets)),
        publish=PublishConfig(threshold, below),
    )


def catalogs(name: str = "zapad") -> dict:
    return {(name, "en"): catalog(EN), (name, "es"): catalog(ES), (name, "ar"): catalog(AR)}


PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "{{ 7*7 }}")


def hostile() -> tuple[Document, Catalog]:
    """A document and an English catalog whose texts are injection attempts."""
    sentences = [escape(p) for p in PAYLOADS]
    link = Element("link1", ElementKind.LINK, "javascript:alert(1)")
    doc = Document(
        "hostile",
        "seeds/hostile.fr.txt",
        "fr",
        (
            block(H, escape('Titre <script>alert("t")</script>'), level=1),
            block(P, *sentences),
            block(P, ("Un {link1}lien{/link1} piégé.", (link,))),
        ),
    )
    cat = Catalog(
        messages=tuple(Message(s, s + " " + escape('<b onmouseover="alert(2)">x</b>')) for s in sentences)
        + (Message("Un {link1}lien{/link1} piégé.", "A trapped {link1}link{/link1} {em1}open."),)
    )
    return doc, cat


def select(tree, selector: str) -> list:
    """Elements matching a simple CSS selector (tags, classes, [attr], [attr="v"], descendant, ``>``)."""
    import re

    xpath, axis = ".", "//"
    for part in re.findall(r'>|[^\s>]+(?:\[[^\]]*\])*', selector):
        if part == ">":
            axis = "/"
            continue
        m = re.match(r"([a-z0-9*]*)", part)
        tag = m.group(1) or "*"
        preds = []
        for cls in re.findall(r"\.([\w-]+)", re.sub(r"\[[^\]]*\]", "", part)):
            preds.append(f"contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')")
        for name, value in re.findall(r'\[([\w-]+)(?:="([^"]*)")?\]', part):
            preds.append(f"@{name}='{value}'" if "=" in part and value != "" else f"@{name}")
        xpath += axis + tag + "".join(f"[{p}]" for p in preds)
        axis = "//"
    return tree.xpath(xpath)
