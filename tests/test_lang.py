"""Language codes: one normalization, one syntax check."""

from __future__ import annotations

import pytest

from polyglot.lang import Lang, same, valid


@pytest.mark.parametrize("spelling", ["pt_BR", "pt-BR", " pt-BR "])
def test_spellings_are_one_lang(spelling):
    lang = Lang.of(spelling)
    assert lang == Lang("pt_BR") and str(lang) == "pt_BR"
    assert lang.bcp47 == "pt-BR" and lang.base == "pt"


def test_same_and_valid():
    assert same("zh-Hant", "zh_Hant") and not same("pt", "pt_BR")
    assert all(valid(c) for c in ("fr", "ast", "pt_BR", "zh-Hant", "sr_Latn_RS"))
    assert not any(valid(c) for c in ("", "f", "French", "fr/../x", "fr\n", 42, None, "fr_"))
