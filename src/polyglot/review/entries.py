"""One PO entry as a reviewer sees it, and the changes a reviewer makes to it.

States (what filters and shortcuts jump between), in the order they are decided:

- ``untranslated``: no translation;
- ``reviewed``: translated and not fuzzy (accepted by a person);
- ``needs-work``: fuzzy, marked by a reviewer (a ``# polyglot: needs work`` comment);
- ``outdated``: fuzzy with a previous source (``#| msgid``): the source changed;
- ``machine``: any other fuzzy translation (engine or translation-memory output).

The changes are pure functions ``Message → Message``; :mod:`.store` writes them.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, replace

from .. import provenance as prov
from .. import stats
from ..catalog import Message
from ..errors import InputError
from ..glossary import Glossary
from ..qa import CODES, Pair, check_pair

NEEDS_WORK = f"{prov.PREFIX} needs work"
STATES = ("untranslated", "machine", "outdated", "needs-work", "reviewed")
MAX_TEXT = 20_000  # characters of one translation
_STATE_CODES = {"fuzzy", "fuzzy-memory", "untranslated", "outdated"}  # QA codes that restate the state
_MACHINE = re.compile(r"^(?:machine translation|reviewed; draft was machine translation), (\S+?):(\S+)(?: \((.*)\))?$")
_MEMORY = re.compile(r"^(?:translation memory|reviewed; draft was translation memory), reviewed in (.*)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def state(m: Message) -> str:
    """The review state of an entry (see the module docstring)."""
    st = stats.state(m)
    return "needs-work" if st != "reviewed" and m.translated and NEEDS_WORK in m.comments else st


def version(m: Message) -> str:
    """A short fingerprint of what a reviewer sees of an entry: a save names the version it changes."""
    seen = "\0".join((m.msgstr, ",".join(m.flags), m.previous_msgid or "", "\n".join(m.comments)))
    return hashlib.blake2s(seen.encode("utf-8"), digest_size=8).hexdigest()


@dataclass(frozen=True)
class Provenance:
    """Where a fuzzy translation came from, read from its ``# polyglot:`` comments."""

    engine: str = ""
    route: str = ""
    versions: str = ""
    memory: str = ""  # the document a translation-memory match was reviewed in
    unknown: tuple[str, ...] = ()
    problems: tuple[str, ...] = ()


def provenance(m: Message) -> Provenance:
    engine = route = versions = memory = ""
    unknown: tuple[str, ...] = ()
    problems: list[str] = []
    for c in m.comments:
        c = c[len(prov.PREFIX) :].strip() if c.startswith(prov.PREFIX) else ""
        if match := _MACHINE.match(c):
            engine, route, versions = match.group(1), match.group(2), match.group(3) or ""
        elif match := _MEMORY.match(c):
            memory = match.group(1)
        elif c.startswith("unknown words: "):
            unknown = tuple(w.strip() for w in c.split(":", 1)[1].split(",") if w.strip())
        elif c.startswith("review: "):
            problems.append(c.split(":", 1)[1].strip())
    return Provenance(engine, route, versions, memory, unknown, tuple(problems))


@dataclass(frozen=True)
class Finding:
    """A QA finding on the text being reviewed."""

    code: str
    severity: str
    message: str


def findings(
    msgid: str,
    msgstr: str,
    source: str,
    target: str,
    glossary: Glossary | None,
    ignored: frozenset[str] = frozenset(),
) -> list[Finding]:
    """What ``polyglot check`` says about this translation; state findings and ignored codes left out."""
    if not msgstr:
        return []
    pair = Pair(msgid, msgstr, source, target, False, glossary)
    return [
        Finding(code, CODES[code].severity, message)
        for code, message in check_pair(pair)
        if code not in _STATE_CODES and code not in ignored
    ]


def worst(found: list[Finding]) -> str:
    """``error``, ``warning``, ``info`` or empty: the most severe finding."""
    for level in ("error", "warning", "info"):
        if any(f.severity == level for f in found):
            return level
    return ""


# --- changes -------------------------------------------------------------------------------


def clean(text: object, msgid: str) -> str:
    """A translation as submitted, checked: a string of bounded size, no control characters."""
    if not isinstance(text, str):
        raise InputError("the translation must be text")
    if len(text) > MAX_TEXT:
        raise InputError(f"the translation is longer than {MAX_TEXT} characters")
    if "\n" not in msgid:
        text = " ".join(text.split("\n"))
    text = _CONTROL.sub("", text)
    return text.strip() if msgid == msgid.strip() else text


def _unfuzzy(m: Message, text: str) -> Message:
    comments = tuple(c for c in m.comments if c != NEEDS_WORK)
    out = replace(
        m, msgstr=text, comments=comments, previous_msgctxt=None, previous_msgid=None, previous_msgid_plural=None
    )
    return prov.mark_reviewed(out.with_flag("fuzzy", False))


def edit(m: Message, text: str) -> Message:
    """New text, state kept; a first translation typed by a person stays fuzzy until accepted."""
    if not text:
        return replace(m, msgstr="").with_flag("fuzzy", False)
    out = replace(m, msgstr=text)
    return out.with_flag("fuzzy") if not m.translated else out


def accept(m: Message, text: str) -> Message:
    """Reviewed: the text, ``fuzzy`` and the previous source dropped.

    Refused while placeholders are missing, extra or crossed: accepting would
    publish a sentence whose footnotes or links are broken.
    """
    if not text:
        raise InputError("an empty translation cannot be accepted")
    bad = [f for f in check_pair(Pair(m.msgid, text)) if f[0].startswith("placeholder-")]
    if bad:
        raise InputError(f"fix the placeholders first: {bad[0][1]}")
    return _unfuzzy(m, text)


def needs_work(m: Message, text: str) -> Message:
    """Fuzzy again, with a reviewer's mark, so it is not published as reviewed."""
    comments = m.comments if NEEDS_WORK in m.comments else (*m.comments, NEEDS_WORK)
    return replace(m, msgstr=text, comments=comments).with_flag("fuzzy", bool(text))


def revert(m: Message, suggestion: str) -> Message:
    """Back to a machine or translation-memory suggestion, fuzzy."""
    comments = tuple(c for c in m.comments if c != NEEDS_WORK)
    return replace(m, msgstr=suggestion, comments=comments).with_flag("fuzzy", bool(suggestion))

