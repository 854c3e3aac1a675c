"""Catalogs: the Message/Catalog model, Document → template, and the merge of a template into a PO.

File I/O lives in :mod:`polyglot.pofile`; this module only works on model objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace


@dataclass(frozen=True)
class Message:
    """One PO entry, every field a translator's editor may set kept as is.

    ``locations`` are ``#:`` references as written (``seeds/a.txt:12``);
    ``auto_comments`` are ``#.`` lines, ``comments`` translator ``#`` lines;
    ``previous_*`` are the ``#|`` fields; ``lineno`` is where the entry starts in its file.
    """

    msgid: str
    msgstr: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr_plural: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    auto_comments: tuple[str, ...] = ()
    comments: tuple[str, ...] = ()
    previous_msgctxt: str | None = None
    previous_msgid: str | None = None
    previous_msgid_plural: str | None = None
    obsolete: bool = False
    lineno: int = field(default=0, compare=False)

    @property
    def key(self) -> tuple[str | None, str]:
        """Identity of the entry in its catalog: (msgctxt, msgid)."""
        return (self.msgctxt, self.msgid)

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def translated(self) -> bool:
        """Has a non-empty translation (fuzzy or not)."""
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and all(self.msgstr_plural)
        return bool(self.msgstr)

    @property
    def reviewed(self) -> bool:
        """Translated and accepted by a person: not fuzzy."""
        return self.translated and not self.fuzzy

    def with_flag(self, flag: str, present: bool = True) -> "Message":
        flags = [f for f in self.flags if f != flag]
        if present:
            flags.insert(0, flag) if flag == "fuzzy" else flags.append(flag)
        return replace(self, flags=tuple(flags))


@dataclass(frozen=True)
class Catalog:
    """A PO/POT file: header comment lines, ordered header fields, header flags, messages."""

    headers: tuple[tuple[str, str], ...] = ()
    header_comments: tuple[str, ...] = ()
    header_flags: tuple[str, ...] = ()
    messages: tuple[Message, ...] = ()

    def header(self, name: str) -> str | None:
        for key, value in self.headers:
            if key.lower() == name.lower():
                return value
        return None

    def with_header(self, name: str, value: str) -> "Catalog":
        """Set a header field, keeping its position (appended if new)."""
        out, seen = [], False
        for key, old in self.headers:
            if key.lower() == name.lower():
                out.append((key, value))
                seen = True
            else:
                out.append((key, old))
        if not seen:
            out.append((name, value))
        return replace(self, headers=tuple(out))

    @property
    def active(self) -> list[Message]:
        """Messages that are not obsolete."""
        return [m for m in self.messages if not m.obsolete]

    def get(self, msgid: str, msgctxt: str | None = None) -> Message | None:
        for m in self.messages:
            if not m.obsolete and m.msgid == msgid and m.msgctxt == msgctxt:
                return m
        return None
