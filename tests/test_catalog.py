"""Catalog model, template extraction and merge (pure, on model objects)."""

from polyglot.catalog import Catalog, Message, extract, merge, new_catalog
from polyglot.model import Block, BlockKind, Document, Element, ElementKind, Segment


def tmpl(*msgids: str) -> Catalog:
    return Catalog(
        headers=(("Project-Id-Version", "doc"), ("Content-Type", "text/plain; charset=UTF-8")),
        messages=tuple(Message(m, locations=(f"a.txt:{i}",)) for i, m in enumerate(msgids, 1)),
    )


def reviewed(msgid: str, msgstr: str) -> Message:
    return Message(msgid, msgstr)


def po(*messages: Message) -> Catalog:
    return Catalog(headers=(("Language", "en"), ("X-Custom", "keep me")), messages=messages)


def test_new_catalog_headers():
    cat = new_catalog(tmpl("A."), "es")
    assert cat.header("Language") == "es"
    assert cat.header("Plural-Forms") == "nplurals=2; plural=(n != 1);"


def test_unchanged_keep_translation_and_state():
    old = po(reviewed("A.", "A-en."), Message("B.", "B-en.", flags=("fuzzy",)))
    merged, rep = merge(tmpl("A.", "B."), old, "en")
    assert [(m.msgid, m.msgstr, m.fuzzy) for m in merged.messages] == [("A.", "A-en.", False), ("B.", "B-en.", True)]
    assert rep.kept == ("A.", "B.") and not rep.touched
    assert merged.header("X-Custom") == "keep me"


def test_edited_sentence_becomes_fuzzy_with_previous():
    old = po(reviewed("Le chat dort.", "The cat sleeps."))
    merged, rep = merge(tmpl("Le chat dormait."), old, "en")
    m = merged.get("Le chat dormait.")
    assert m.msgstr == "The cat sleeps." and m.fuzzy and m.previous_msgid == "Le chat dort."
    assert rep.changed == (("Le chat dort.", "Le chat dormait."),)
    # the reviewed pair is kept as an obsolete entry: nothing is lost
    obs = [x for x in merged.messages if x.obsolete]
    assert obs and obs[0].msgid == "Le chat dort." and obs[0].msgstr == "The cat sleeps." and not obs[0].fuzzy


def test_removed_becomes_obsolete_and_returns_with_state():
    old = po(reviewed("A.", "A-en."), reviewed("Une phrase supprimée.", "A deleted sentence."))
    merged, rep = merge(tmpl("A."), old, "en")
    assert rep.obsoleted == ("Une phrase supprimée.",)
    assert [m.msgid for m in merged.messages if m.obsolete] == ["Une phrase supprimée."]
    back, rep2 = merge(tmpl("A.", "Une phrase supprimée."), merged, "en")
    m = back.get("Une phrase supprimée.")
    assert m.msgstr == "A deleted sentence." and m.reviewed
    assert rep2.restored == ("Une phrase supprimée.",)
    assert not [x for x in back.messages if x.obsolete]


def test_new_segment_untranslated_and_unrelated_not_matched():
    old = po(reviewed("A.", "A-en."))
    merged, rep = merge(tmpl("A.", "Tout autre chose ici."), old, "en")
    assert merged.get("Tout autre chose ici.").msgstr == ""
    assert rep.added == ("Tout autre chose ici.",)


def test_untranslated_vanished_entries_are_dropped():
    old = po(Message("Jamais traduit.", ""))
    merged, rep = merge(tmpl("A."), old, "en")
    assert [m.msgid for m in merged.messages] == ["A."] and rep.obsoleted == ()


def test_template_references_and_comments_refresh():
    old = po(Message("A.", "A-en.", locations=("old.txt:9",), auto_comments=("old",), comments=("translator note",)))
    t = Catalog(messages=(Message("A.", locations=("a.txt:3",), auto_comments=("paragraph 1",)),))
    merged, _ = merge(t, old, "en")
    m = merged.messages[0]
    assert m.locations == ("a.txt:3",) and m.auto_comments == ("paragraph 1",)
    assert m.comments == ("translator note",)


def _doc() -> Document:
    fn = Element("fn1", ElementKind.FOOTNOTE, "1")
    b1 = Block(BlockKind.PARAGRAPH, "Un. Deux{fn1}.", 1, (fn,), segments=(
        Segment("Un.", 0, 1, "Un."), Segment("Deux{fn1}.", 4, 1, "Deux{fn1}.", (fn,))))
    b2 = Block(BlockKind.LIST_ITEM, "Un.", 3, list_id=1, segments=(Segment("Un.", 0, 3, "Un."),))
    return Document("d", "seeds/d.txt", "fr", (b1, b2))


def test_extract_dedupes_and_documents_positions():
    cat = extract(_doc())
    assert [m.msgid for m in cat.messages] == ["Un.", "Deux{fn1}."]
    un = cat.messages[0]
    assert un.locations == ("seeds/d.txt:1", "seeds/d.txt:3")
    assert "paragraph 1, sentence 1 of 2" in un.auto_comments and "list 1, item 1" in un.auto_comments
    assert any("{fn1}: footnote reference 1" in c for c in cat.messages[1].auto_comments)
    assert cat.header("Content-Type") == "text/plain; charset=UTF-8"


def test_merge_turns_a_reviewed_entrys_machine_provenance_past_tense():
    machine = "polyglot: machine translation, apertium:fr-es (1)"
    po = Catalog(messages=(
        Message("Il est parti.", "Se fue.", comments=(machine, "polyglot: unknown words: parti")),
        Message("Il pleut beaucoup.", "Llueve mucho.", flags=("fuzzy",), comments=(machine,)),
        Message("Oui.", "Sí.", comments=("Ana: ok", machine)),
    ))
    merged, report = merge(tmpl("Il est parti hier.", "Il pleut beaucoup ici.", "Oui."), po, "es")
    left, rain, yes = merged.active
    assert left.fuzzy and left.previous_msgid == "Il est parti." and left.msgstr == "Se fue."
    assert left.comments == ("polyglot: reviewed; draft was machine translation, apertium:fr-es (1)",)
    assert rain.fuzzy and rain.comments == (machine,)  # never reviewed: still a draft
    assert yes.comments == ("Ana: ok", "polyglot: reviewed; draft was machine translation, apertium:fr-es (1)")
    assert report.summary() == "1 kept, 2 changed (outdated), 0 new, 1 obsolete, 0 restored"


def test_empty_po_file_gets_its_charset_back():
    """An emptied PO file (a crashed editor) is rewritten with a full header, charset included."""
    from polyglot.pofile import read_po, write_po

    merged, _ = merge(tmpl("A."), read_po(b"", "empty.po"), "en")
    assert "charset=UTF-8" in merged.header("Content-Type")
    assert merged.header("Language") == "en" and [k for k, _ in merged.headers].count("Language") == 1
    assert read_po(write_po(merged)).header("Content-Type") == merged.header("Content-Type")
