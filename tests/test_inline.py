"""The placeholder walk shared by the output formats: spans come out balanced whatever the input."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from polyglot.inline import render, render_balanced
from polyglot.model import Element, ElementKind

ELEMENTS = (
    Element("em1", ElementKind.EMPHASIS),
    Element("link1", ElementKind.LINK, "https://example.org/"),
    Element("fn1", ElementKind.FOOTNOTE, "1"),
)
_piece = st.sampled_from(["{em1}", "{/em1}", "{link1}", "{/link1}", "{fn1}", "{url9}", "{{", "}}", "a", " b"])


def _tags(text: str) -> str:
    return render_balanced(
        text, ELEMENTS, lambda s: s.replace("{", "(").replace("}", ")"),
        lambda el, inside: f"<{el.name}{'@' if '</link1>' in inside else ''}/>",
        lambda el, inside: (f"<{el.name}>", f"</{el.name}>"),
    )


@given(st.lists(_piece, max_size=12).map("".join))
def test_spans_are_balanced_and_nothing_is_lost(text):
    out = _tags(text)
    stack = []
    for tag in re.findall(r"</?(?:em1|link1)>", out):
        if tag.startswith("</"):
            assert stack and stack.pop() == tag[2:-1]
        else:
            assert tag[1:-1] not in stack
            stack.append(tag[1:-1])
    assert not stack
    assert out.count("<fn1") == text.count("{fn1}")


def test_inside_names_the_open_spans_and_strays_are_literal():
    assert _tags("{link1}x {fn1}{/link1} {fn1}") == "<link1>x <fn1@/></link1> <fn1/>"
    assert _tags("{/em1}{em1}{em1}a") == "(/em1)<em1>(em1)a</em1>"
    assert _tags("{url9}") == "(url9)"


def test_the_flat_walk_keeps_order_and_unknown_placeholders():
    out = render("{em1}a{/em1}{x1}", ELEMENTS, str.upper, lambda el, closing: f"[{'/' if closing else ''}{el.name}]")
    assert out == "[em1]A[/em1]{X1}"
