"""The publication gate: entries with check errors never reach a page as they are."""

from __future__ import annotations

import pytest

from polyglot.catalog import Catalog, Message
from polyglot.gate import WITHHELD_FLAG, blocking, gate
from polyglot.inline import sanitize, unknown
from polyglot.qa import check_catalog

GOOD = Message("Voir {link1}le site{/link1}.", "See {link1}the site{/link1}.")
BROKEN = Message("Il y a 3 chars{fn1}.", "There are {link}tanks{/link}.")


def gated(policy: str, last_good=None):
    cat = Catalog(messages=(GOOD, BROKEN))
    errors = blocking(check_catalog(cat, path="p.po", source_lang="fr", target_lang="en"))
    assert set(errors) == {BROKEN.msgid}
    return gate(cat, errors, last_good, policy)


def test_fallback_to_last_good_or_source_marked():
    g = gated("fallback", {BROKEN.msgid: "There are 3 tanks{fn1}."})
    good, broken = g.catalog.messages
    assert good == GOOD and g.good == ((GOOD.msgid, GOOD.msgstr),)
    assert broken.msgstr == "There are 3 tanks{fn1}." and WITHHELD_FLAG in broken.flags
    assert g.withheld == (BROKEN.msgid,) and not g.omit
    # nothing known good: the source is shown
    assert gated("fallback").catalog.messages[1].msgstr == ""


def test_omit_language_and_publish_anyway():
    assert gated("omit-language").omit
    published = gated("publish").catalog.messages[1]
    assert WITHHELD_FLAG not in published.flags and unknown(published.msgstr) == []
    assert published.msgstr == "There are tanks."
    with pytest.raises(ValueError):
        gated("maybe")


@pytest.mark.parametrize("text, names, expected", [
    ("a {em1}b{/em1} c", {"em1"}, "a {em1}b{/em1} c"),
    ("{link1}x{/link} y", {"link1"}, "{link1}x y{/link1}"),
    ("{/em1}a{em1}", {"em1"}, "a{em1}{/em1}"),
    ("{fn2} {url1} {{lit}} {", {"url1"}, " {url1} {{lit}} "),
])
def test_sanitize(text, names, expected):
    assert sanitize(text, names) == expected
    assert unknown(sanitize(text, names)) == []
