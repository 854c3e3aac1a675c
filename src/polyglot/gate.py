"""The publication gate: what of a catalog may reach the pages and exports.

An entry with a check error (a broken, unknown or missing placeholder or footnote
marker, a missing number) is never published as is. ``[publish] on_errors`` says
what happens instead:

* ``fallback`` (default): the entry shows its last good state (the text last
  published for the same source, kept in ``.polyglot/published.json``) or else the
  source, marked *withheld*;
* ``omit-language``: a language with any such entry is not published;
* ``publish``: the entry is published anyway.

Whatever the policy, published text carries no placeholder syntax of its own: every
translation goes through :func:`polyglot.inline.sanitize` against its source.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from .catalog import Catalog, Message
from .inline import placeholders, sanitize

WITHHELD_FLAG = "polyglot-withheld"  # in-memory only: marks an entry the gate held back
POLICIES = ("fallback", "omit-language", "publish")


@dataclass(frozen=True)
class Gated:
    """One catalog after the gate: what may be published, what was held back, what was good."""

    catalog: Catalog
    withheld: tuple[str, ...] = ()
    good: tuple[tuple[str, str], ...] = ()  # (msgid, msgstr) published as is
    omit: bool = False  # ``omit-language`` and something was held back


def blocking(findings: Iterable) -> dict[str, tuple[str, ...]]:
    """The error codes of each msgid, from :class:`polyglot.qa.Finding` objects."""
    out: dict[str, tuple[str, ...]] = {}
    for f in findings:
        if f.severity == "error":
            out[f.msgid] = out.get(f.msgid, ()) + (f.code,)
    return out


def _names(msgid: str) -> set[str]:
    return {p.lstrip("/") for p in placeholders(msgid)}


def _clean(m: Message) -> Message:
    text = sanitize(m.msgstr, _names(m.msgid))
    return m if text == m.msgstr else replace(m, msgstr=text)


def gate(
    catalog: Catalog,
    errors: Mapping[str, tuple[str, ...]],
    last_good: Mapping[str, str] | None = None,
    policy: str = "fallback",
) -> Gated:
    """Apply the publication policy to one catalog, given the error codes of its entries."""
    if policy not in POLICIES:
        raise ValueError(f"unknown on_errors policy {policy!r}")
    last_good = last_good or {}
    out: list[Message] = []
    withheld: list[str] = []
    good: list[tuple[str, str]] = []
    for m in catalog.messages:
        if m.obsolete or not m.msgid or not m.translated or m.msgid_plural is not None:
            out.append(m)
            continue
        if m.msgid not in errors or policy == "publish":
            m = _clean(m)
            out.append(m)
            if m.msgid not in errors:
                good.append((m.msgid, m.msgstr))
            continue
        withheld.append(m.msgid)
        previous = last_good.get(m.msgid, "")
        out.append(
            replace(m, msgstr=sanitize(previous, _names(m.msgid)), previous_msgid=None).with_flag(WITHHELD_FLAG)
        )
    omit = policy == "omit-language" and bool(withheld)
    return Gated(replace(catalog, messages=tuple(out)), tuple(withheld), tuple(good), omit)
