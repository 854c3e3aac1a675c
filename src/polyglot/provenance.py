"""Where a translation came from, as ``# polyglot: …`` translator comments in the PO file.

polyglot writes, and later reads back, these comments on an entry:

* ``polyglot: machine translation, <engine>:<route> (<versions>)`` or
  ``polyglot: translation memory, reviewed in <document>``: the text is a draft
  polyglot made; no person has accepted it yet;
* ``polyglot: unknown words: …`` and ``polyglot: review: …``: notes on that draft;
* ``polyglot: reviewed; draft was <origin>``: what the provenance line becomes once a
  person accepted the entry (removed ``fuzzy``), so it no longer reads as current;
* ``polyglot: suggestion: <text>``: a fresh machine translation of the new source
  of an outdated entry a person had reviewed; the reviewer may take it (copy it into
  ``msgstr``) or keep their own text, then remove ``fuzzy``;
* ``polyglot: ignore <code>[, <code>…]``: written by a person, silences those check
  codes on the entry (see :mod:`polyglot.qa`).
"""

from __future__ import annotations

from dataclasses import replace

from .catalog import Message

PREFIX = "polyglot:"
MACHINE = f"{PREFIX} machine translation, "
MEMORY = f"{PREFIX} translation memory, "
REVIEWED = f"{PREFIX} reviewed; draft was "
SUGGESTION = f"{PREFIX} suggestion: "
IGNORE = f"{PREFIX} ignore "
_DRAFT_NOTES = (f"{PREFIX} unknown words:", f"{PREFIX} review:")


def machine_made(message: Message) -> bool:
    """Whether a translation is a polyglot draft no person accepted: fuzzy, with a draft provenance."""
    return message.fuzzy and any(c.startswith((MACHINE, MEMORY)) for c in message.comments)


def suggestion(message: Message) -> str | None:
    """The machine suggestion stored on an entry, if any."""
    for c in message.comments:
        if c.startswith(SUGGESTION):
            return c[len(SUGGESTION) :]
    return None


def with_suggestion(message: Message, text: str | None) -> Message:
    """The entry with its suggestion comment set (or removed when ``text`` is None)."""
    comments = tuple(c for c in message.comments if not c.startswith(SUGGESTION))
    if text is not None:
        comments += (SUGGESTION + " ".join(text.split()),)
    return message if comments == message.comments else replace(message, comments=comments)


def ignored(message: Message) -> frozenset[str]:
    """Check codes a person silenced on an entry with ``# polyglot: ignore <code>[, <code>…]``."""
    codes: set[str] = set()
    for c in message.comments:
        if c.startswith(IGNORE):
            codes.update(c[len(IGNORE) :].replace(",", " ").split())
    return frozenset(codes)


def mark_reviewed(message: Message) -> Message:
    """A reviewed entry's comments: draft provenance turned past tense, draft notes dropped."""
    out = []
    for c in message.comments:
        if c.startswith(_DRAFT_NOTES) or c.startswith(SUGGESTION):
            continue
        if c.startswith((MACHINE, MEMORY)):
            c = REVIEWED + c[len(PREFIX) + 1 :]
        out.append(c)
    comments = tuple(out)
    return message if comments == message.comments else replace(message, comments=comments)


def from_memory(message: Message) -> bool:
    """Whether an unreviewed translation came from the translation memory rather than an engine."""
    return message.fuzzy and message.translated and any(c.startswith(MEMORY) for c in message.comments)
