"""Target-locale typography for machine output: quotation marks, spaces, numbers.

Works on placeholder text and never touches placeholders. Number symbols and
percent patterns come from CLDR through babel. Babel 2.18 does not ship CLDR's
quotation-mark delimiters, so :data:`QUOTES` carries them, copied from CLDR
(``main/<lang>.xml``, ``<delimiters>``).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from babel.numbers import format_decimal, format_percent, get_decimal_symbol, get_group_symbol

from .inline import TOKEN
from .lang import Lang

# CLDR delimiters: quotationStart, quotationEnd, alternateQuotationStart, alternateQuotationEnd.
QUOTES: dict[str, tuple[str, str, str, str]] = {
    "root": ("“", "”", "‘", "’"),
    "ar": ("”", "“", "’", "‘"),
    "ca": ("«", "»", "“", "”"),
    "de": ("„", "“", "‚", "‘"),
    "en": ("“", "”", "‘", "’"),
    "eo": ("“", "”", "‘", "’"),
    "es": ("«", "»", "“", "”"),
    "fr": ("«", "»", "«", "»"),
    "it": ("«", "»", "“", "”"),
    "ja": ("「", "」", "『", "』"),
    "nl": ("‘", "’", "“", "”"),
    "oc": ("«", "»", "“", "”"),
    "pl": ("„", "”", "«", "»"),
    "pt": ("“", "”", "‘", "’"),
    "pt_PT": ("«", "»", "“", "”"),
    "ru": ("«", "»", "„", "“"),
    "uk": ("«", "»", "„", "“"),
    "zh": ("“", "”", "‘", "’"),
}

_SPACES = " \u00a0\u202f"
_PUA = 0xE000  # placeholders are swapped for private-use characters while rules run



def quotes(target: str) -> tuple[str, str, str, str]:
    """The target's quotation marks: start, end, alternate start, alternate end."""
    code = Lang.of(target).posix
    return QUOTES.get(code) or QUOTES.get(Lang.of(code).base) or QUOTES["root"]


@lru_cache(maxsize=64)
def symbols(code: str) -> tuple[str, str]:
    """Group and decimal symbols of a locale (root's if babel does not know it)."""
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        code = "en"
    return get_group_symbol(code), get_decimal_symbol(code)


def _protect(text: str) -> tuple[str, list[str]]:
    found: list[str] = []

    def sub(m: re.Match[str]) -> str:
        found.append(m.group(0))
        return chr(_PUA + len(found) - 1)

    return TOKEN.sub(sub, text), found


def _unprotect(text: str, found: list[str]) -> str:
    for i, value in enumerate(found):
        text = text.replace(chr(_PUA + i), value)
    return text


def _number_re(source: str) -> re.Pattern[str]:
    group, decimal = symbols(Lang.of(source).posix)
    groups = _SPACES if group in _SPACES else re.escape(group)
    # Only digit runs that really are grouped thousands: 1–3 digits, then groups of exactly 3.
    return re.compile(
        rf"(?<![\w.,])(?<!\d[{_SPACES}])"
        rf"(?P<int>\d{{1,3}}(?:[{groups}]\d{{3}})+|\d+)"
        rf"(?:{re.escape(decimal)}(?P<dec>\d+))?"
        rf"(?![\w]|[.,]\d|[{_SPACES}]\d)"
        rf"(?P<pct>[{_SPACES}]?%)?"
    )


def _numbers(text: str, source: str, target: str) -> str:
    code = Lang.of(target).posix
    try:
        Locale.parse(code)
    except (UnknownLocaleError, ValueError):
        return text
    pattern = _number_re(source)

    def sub(m: re.Match[str]) -> str:
        digits = re.sub(r"\D", "", m.group("int"))
        grouped = digits != m.group("int")
        if not (grouped or m.group("dec") is not None or m.group("pct")):
            return m.group(0)  # a year, a day, a bare count: leave it alone
        try:
            value = Decimal(digits + ("." + m.group("dec") if m.group("dec") is not None else ""))
        except InvalidOperation:
            return m.group(0)
        if m.group("pct"):
            return format_percent(value / 100, locale=code, decimal_quantization=False)
        # Digits after the decimal mark are kept as written (babel would drop trailing zeros).
        whole = format_decimal(int(digits), locale=code) if grouped else digits
        if m.group("dec") is None:
            return whole
        return whole + symbols(code)[1] + m.group("dec")

    return pattern.sub(sub, text)


def _quotes(text: str, target: str) -> str:
    start, end, alt_start, alt_end = quotes(target)
    out: list[str] = []
    depth = 0
    i = 0
    ws = _SPACES + "\t"
    while i < len(text):
        c = text[i]
        if c in "«“":
            out.append(start if depth == 0 else alt_start)
            depth += 1
            i += 1
            while i < len(text) and text[i] in ws:  # no space inside quotes outside French
                i += 1
            continue
        if c in "»”" and depth > 0:
            while out and out[-1] in ws:
                out.pop()
            depth -= 1
            out.append(end if depth == 0 else alt_end)
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def adapt(text: str, source: str, target: str) -> str:
    """Give placeholder text (an engine's output) the typography of ``target``.

    Quotation marks become the target's (nested ones its alternate marks), the
    French spaces before ``: ; ! ?`` and inside guillemets go (except for French),
    numbers take the target's group and decimal symbols and percent pattern,
    runs of spaces collapse.

    >>> adapt("« Plus de 100 000 soldats » : 3,5 %", "fr", "en")
    '“Plus de 100,000 soldats”: 3.5%'
    """
    body, found = _protect(text)
    lang = Lang.of(target).base
    if lang != "fr":
        body = _quotes(body, target)
        # French puts a (no-break) space before high punctuation; other languages do not.
        body = re.sub(rf"[{_SPACES}\t]+(?=[:;!?](?!\w))", "", body)
    body = _numbers(body, source, target)
    body = re.sub(r"[ \t]{2,}", " ", body).strip(" \t")
    return _unprotect(body, found)
