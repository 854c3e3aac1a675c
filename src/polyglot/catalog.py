"""Catalogs: the Message/Catalog model, Document → template, and the merge of a template into a PO.

File I/O lives in :mod:`polyglot.pofile`; this module only works on model objects.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from rapidfuzz import fuzz, process

from .lang import Lang
from .plurals import plural_forms


@dataclass(frozen=True)
class Message:
    """One PO entry, every field a translator's editor may set kept as is.

    ``locations`` are ``#:`` references as written (``seeds/a.txt:12``);
    ``auto_comments`` are ``#.`` lines, ``comments`` translator ``#`` lines;
    ``previous_*`` are the ``#|`` fields; ``domain`` the PO ``domain`` directive it follows
    (None: the default domain); ``lineno`` is where the entry starts in its file.
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
    domain: str | None = None
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
        """Has a non-empty translation (fuzzy or not); for plurals, like msgfmt, msgstr[0]."""
        if self.msgid_plural is not None:
            return bool(self.msgstr_plural) and bool(self.msgstr_plural[0])
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
    """A PO/POT file: header comment lines, ordered header fields, header flags, messages.

    The header's ``#.`` comments and ``#:`` references are kept too, as GNU keeps them.
    """

    headers: tuple[tuple[str, str], ...] = ()
    header_comments: tuple[str, ...] = ()
    header_flags: tuple[str, ...] = ()
    messages: tuple[Message, ...] = ()
    header_auto_comments: tuple[str, ...] = ()
    header_locations: tuple[str, ...] = ()

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
        """The live message with this msgid and context, found in constant time."""
        return self._index.get((msgctxt, msgid))

    @cached_property
    def _index(self) -> dict[tuple[str | None, str], Message]:
        index: dict[tuple[str | None, str], Message] = {}
        for m in self.messages:
            if not m.obsolete:
                index.setdefault((m.msgctxt, m.msgid), m)
        return index


# --- Document → template ------------------------------------------------------------------

STANDARD_HEADERS = (
    ("MIME-Version", "1.0"),
    ("Content-Type", "text/plain; charset=UTF-8"),
    ("Content-Transfer-Encoding", "8bit"),
)


def _position_comment(kind_counts: dict, block, index_in_block: int, total_in_block: int) -> str:
    kind = block.kind.value
    n = kind_counts[kind]
    if block.note is not None:
        label = block.note.value
        number = block.note.name.removeprefix("fn")
        where = f"footnote {number}" + (f" [^{label}]" if label != number else "") + f", paragraph {n}"
    else:
        where = {
            "title": ("title" if block.level <= 1 else "subtitle") + ("" if block.line else " (set in polyglot.toml)"),
            "heading": f"heading {n} (level {block.level})",
            "paragraph": f"paragraph {n}",
            "list-item": f"list {block.list_id}, item {n}",
        }[kind]
    if total_in_block > 1:
        where += f", sentence {index_in_block} of {total_in_block}"
    return where


def _element_comment(el) -> str:
    from .model import ElementKind

    if el.kind is ElementKind.FOOTNOTE:
        return f"{{{el.name}}}: footnote reference {el.value} (keep it after the same word)"
    if el.kind.is_span:
        what = {"em": "emphasis", "strong": "strong emphasis", "link": f"link to {el.value}"}[el.kind.value]
        return f"{{{el.name}}}…{{/{el.name}}}: {what} (translate the text inside)"
    label = {"url": "URL", "email": "e-mail address", "code": "code"}[el.kind.value]
    return f"{{{el.name}}}: {label} {el.value}"


def extract(document, *, generator: str = "polyglot") -> Catalog:
    """The translation template of a segmented document: one entry per distinct segment.

    Each entry carries its source references, where the sentence stands (block kind and
    position) and what each placeholder stands for, as extracted comments.
    """
    entries: dict[str, Message] = {}
    order: list[str] = []
    kind_counts: dict[str, int] = {}
    list_items: dict[int | None, int] = {}
    notes: dict[str, int] = {}
    for block in document.blocks:
        if block.kind.value == "list-item":
            list_items[block.list_id] = list_items.get(block.list_id, 0) + 1
            kind_counts["list-item"] = list_items[block.list_id]
        elif block.note is not None:
            notes[block.note.name] = notes.get(block.note.name, 0) + 1
            kind_counts["note"] = notes[block.note.name]
        else:
            kind_counts[block.kind.value] = kind_counts.get(block.kind.value, 0) + 1
        for i, seg in enumerate(block.segments, 1):
            location = f"{document.path}:{seg.line}" if seg.line else document.path
            comments = [_position_comment(kind_counts, block, i, len(block.segments))]
            comments += [_element_comment(e) for e in seg.elements]
            old = entries.get(seg.msgid)
            if old is None:
                entries[seg.msgid] = Message(
                    msgid=seg.msgid, locations=(location,), auto_comments=tuple(comments)
                )
                order.append(seg.msgid)
            else:
                extra = tuple(c for c in comments if c not in old.auto_comments)
                more = () if location in old.locations else (location,)
                entries[seg.msgid] = replace(
                    old,
                    locations=old.locations + more,
                    auto_comments=old.auto_comments + extra,
                )
    headers = (
        ("Project-Id-Version", document.name),
        ("Report-Msgid-Bugs-To", ""),
        *STANDARD_HEADERS,
        ("X-Generator", generator),
        ("X-Polyglot-Source", document.path),
        ("X-Polyglot-Source-Language", document.language),
    )
    return Catalog(
        headers=headers,
        header_comments=(
            f"Translation template for {document.path}.",
            "Generated by polyglot: do not edit; translations live in",
            f"locales/<language>/LC_MESSAGES/{document.name}.po",
        ),
        messages=tuple(entries[k] for k in order),
    )


# --- template + PO → merged PO --------------------------------------------------------------


@dataclass(frozen=True)
class MergeReport:
    """What a merge changed in one catalog, by source segment."""

    kept: tuple[str, ...] = ()
    changed: tuple[tuple[str, str], ...] = ()  # (old msgid, new msgid): now fuzzy
    added: tuple[str, ...] = ()
    obsoleted: tuple[str, ...] = ()
    restored: tuple[str, ...] = ()

    @property
    def touched(self) -> bool:
        return bool(self.changed or self.added or self.obsoleted or self.restored)

    def summary(self) -> str:
        """One line: how many entries were kept, changed (now outdated), new, obsolete, restored."""
        return (
            f"{len(self.kept)} kept, {len(self.changed)} changed (outdated), {len(self.added)} new, "
            f"{len(self.obsoleted)} obsolete, {len(self.restored)} restored"
        )

    def as_dict(self) -> dict:
        return {
            "kept": len(self.kept),
            "changed": [{"old": o, "new": n} for o, n in self.changed],
            "added": list(self.added),
            "obsoleted": list(self.obsoleted),
            "restored": list(self.restored),
        }


def new_catalog(template: Catalog, language: str) -> Catalog:
    """An empty PO catalog for a language, from a template's header."""
    from babel import Locale

    try:
        name = Locale.parse(Lang.of(language).posix).get_display_name("en") or language
    except Exception:
        name = language
    headers = [(k, v) for k, v in template.headers if not k.startswith("X-Polyglot-Source")]
    headers[2:2] = [
        ("PO-Revision-Date", ""),
        ("Last-Translator", ""),
        ("Language-Team", name),
        ("Language", language),
    ]
    source = template.header("X-Polyglot-Source")
    return Catalog(
        headers=tuple(headers) + (("Plural-Forms", plural_forms(language)),),
        header_comments=(f"{name} translation of {source}." if source else f"{name} translation.",),
    )


def stamp(catalog: Catalog, old: Catalog | None, when: str) -> Catalog:
    """Set ``PO-Revision-Date`` to ``when`` unless the catalog equals ``old`` apart from it.

    Re-runs that change nothing thus leave the file byte-identical.
    """
    if old is not None:
        unchanged = catalog.with_header("PO-Revision-Date", old.header("PO-Revision-Date") or "")
        if unchanged == old:
            return old
    return catalog.with_header("PO-Revision-Date", when)


FUZZY_CUTOFF = 0.6


def _closest(msgid: str, candidates: list[Message], msgids: list[str]) -> Message | None:
    """The candidate whose msgid is most similar (Indel ratio ≥ FUZZY_CUTOFF), first on ties.

    rapidfuzz compares in C with a length filter, so matching every new entry against
    every vanished one stays fast on large catalogs.
    """
    if not candidates:
        return None
    found = process.extractOne(msgid, msgids, scorer=fuzz.ratio, processor=None, score_cutoff=FUZZY_CUTOFF * 100)
    return candidates[found[2]] if found else None


def merge(template: Catalog, po: Catalog | None, language: str) -> tuple[Catalog, MergeReport]:
    """Merge a template into a language's catalog without losing any translation.

    Unchanged segments keep translation and state; an edited one gets the closest
    vanished entry's translation, ``fuzzy``, and its old source as ``#| msgid``; new ones
    arrive untranslated; vanished ones become obsolete and come back, translation and
    state and all, when their text returns. Order follows the template; obsolete last.
    A reviewed entry's draft provenance comment is turned past tense
    (:func:`polyglot.provenance.mark_reviewed`); an edited entry loses its stale suggestion.
    """
    from .provenance import mark_reviewed, with_suggestion

    if po is None:
        po = new_catalog(template, language)
    elif po.header("Content-Type") is None:  # an empty file, say: never write one without its charset
        fresh = new_catalog(template, language)
        missing = tuple((k, v) for k, v in fresh.headers if po.header(k) is None)
        po = replace(po, headers=po.headers + missing, header_comments=po.header_comments or fresh.header_comments)
    active = {m.key: m for m in po.messages if not m.obsolete}
    obsolete = {m.key: m for m in po.messages if m.obsolete}
    new_keys = {m.key for m in template.messages}
    vanished = [m for k, m in active.items() if k not in new_keys and m.msgid]
    # Fuzzy starting points: vanished translations, then obsolete ones (as msgmerge), so
    # a removed sentence that returns edited finds its old translation.
    candidates = [m for m in vanished if m.translated]
    candidates += [m for k, m in obsolete.items() if k not in new_keys and m.translated]
    by_context: dict[str | None, tuple[list[Message], list[str]]] = {}
    for cand in candidates:
        group = by_context.setdefault(cand.msgctxt, ([], []))
        group[0].append(cand)
        group[1].append(cand.msgid)
    out: list[Message] = []
    kept: list[str] = []
    changed: list[tuple[str, str]] = []
    added: list[str] = []
    restored: list[str] = []
    used: set[tuple[str | None, str]] = set()
    for t in template.messages:
        old = active.get(t.key) or obsolete.get(t.key)
        if old is not None:
            (kept if not old.obsolete else restored).append(t.msgid)
            if not old.fuzzy:  # a reviewed entry's #| is stale; msgmerge drops it too
                old = replace(old, previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None)
            if old.reviewed:
                old = mark_reviewed(old)
            out.append(replace(_refresh(old, t), obsolete=False))
            continue
        best = _closest(t.msgid, *by_context.get(t.msgctxt, ([], [])))
        if best is not None:
            # #| names the source the translation was made for: an entry already fuzzy
            # keeps its own #|, as msgmerge does, so edits in a row diff against it.
            prev = best if not (best.fuzzy and best.previous_msgid is not None) else None
            seed = with_suggestion(mark_reviewed(best) if best.reviewed else best, None)
            msg = replace(
                _refresh(seed, t),
                msgid=t.msgid,
                msgid_plural=t.msgid_plural,
                previous_msgid=prev.msgid if prev else best.previous_msgid,
                previous_msgctxt=prev.msgctxt if prev else best.previous_msgctxt,
                previous_msgid_plural=prev.msgid_plural if prev else best.previous_msgid_plural,
                obsolete=False,
            ).with_flag("fuzzy")
            out.append(msg)
            changed.append((best.msgid, t.msgid))
            used.add(best.key)
            continue
        out.append(replace(t, msgstr="", flags=tuple(f for f in t.flags if f != "fuzzy")))
        added.append(t.msgid)
    # Vanished translations stay as obsolete entries, so the exact pair, state and all,
    # returns if the text does; reviewed ones even when used as a fuzzy starting point
    # (msgmerge drops those), a fuzzy one then lives on in the entry it seeded.
    obsoleted = [m for m in vanished if m.translated and (m.reviewed or m.key not in used)]
    gone = {m.key: replace(m, obsolete=True, locations=(), auto_comments=()) for m in obsoleted}
    for k, m in obsolete.items():
        if k not in new_keys:
            gone.setdefault(k, m)
    out.extend(gone.values())
    headers = po.with_header("Language", language)
    if headers.header("Plural-Forms") is None:
        headers = headers.with_header("Plural-Forms", plural_forms(language))
    for key, value in template.headers:
        if key in ("Project-Id-Version",) and headers.header(key) is None:
            headers = headers.with_header(key, value)
    merged = replace(headers, messages=tuple(out))
    report = MergeReport(
        tuple(kept), tuple(changed), tuple(added), tuple(m.msgid for m in obsoleted), tuple(restored)
    )
    return merged, report


def _refresh(old: Message, template: Message) -> Message:
    """An existing entry with the template's references and extracted comments."""
    return replace(old, locations=template.locations, auto_comments=template.auto_comments)
