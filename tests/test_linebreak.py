"""Line breaking of CJK text: where msgcat breaks, and nowhere else (GNU msgcat is the oracle)."""

from __future__ import annotations

import random

import pytest
from gettext_tools import msgcat

from polyglot.pofile import read_po, write_po

# Kana (small ones included: never a break before them), kanji, hangul, CJK and fullwidth
# punctuation, iteration and prolonged sound marks, and some ASCII between them.
_ALPHABET = (
    "あいうえおかきくけこさしすせそアイウエオカキクケコサシスセソ漢字表示入力出力文件中国語한국어입니다"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱー・、。「」『』（）！？：；，．〜ゝゞヽヾ々〆〇〻゛゜％＄￥℃"
    "…‥—―〃〒〓〔〕【】〈〉《》 　ab1.,;:!?()-/"
)
_HEADER = 'msgid ""\nmsgstr "Content-Type: text/plain; charset=UTF-8\\n"\n\n'


@pytest.mark.parametrize("seed", range(3))
def test_cjk_text_is_wrapped_where_msgcat_wraps_it(tmp_path, seed):
    rnd = random.Random(seed)
    texts = ["".join(rnd.choice(_ALPHABET) for _ in range(rnd.randint(30, 120))) for _ in range(200)]
    path = tmp_path / "ja.po"
    path.write_text(_HEADER + "".join(f'msgid "m{i}"\nmsgstr "{t}"\n\n' for i, t in enumerate(texts)), encoding="utf-8")
    assert write_po(read_po(path.read_bytes())).encode() == msgcat(path)


def test_no_break_before_small_kana(tmp_path):
    """The case that was wrong: a line full up to フ, then ァ; msgcat moves フ to the next line."""
    texts = ["入力は " + "x" * n + "ファイルッ。" for n in range(50, 80)]
    cat = read_po(_HEADER + "".join(f'msgid "m{i}"\nmsgstr "{t}"\n\n' for i, t in enumerate(texts)))
    written = write_po(cat)
    assert not any(line.startswith(('"ァ', '"ッ', '"。')) for line in written.split("\n"))
    assert written.count('"ファイル') > 3  # the lines really are full there
    path = tmp_path / "k.po"
    path.write_text(written, encoding="utf-8")
    assert written.encode() == msgcat(path)
