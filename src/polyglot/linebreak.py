"""Line breaking as GNU gettext does it (UAX #14 through libunistring 1.0).

:mod:`polyglot.pofile` wraps strings where ``msgcat`` would, so files polyglot writes are
``msgcat`` fixed points and diffs stay small.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import accumulate

# Line break classes that differ from what the General Category gives (see _lb_class), for
# Latin, Greek, Cyrillic, general punctuation and symbols; from Unicode 14 LineBreak.txt.
_LB_EXCEPTIONS = (
    "9:BA A:LF B-C:BK D:CR 20:SP 21:EX 22:QU 25:PO 27:QU 29:CP 2B:PR 2C:IS 2D:HY 2E:IS "
    "2F:SY 3A-3B:IS 3F:EX 5C:PR 5D:CP 7C:BA 85:BK A0:GL A1:OP A2:PO AD:BA B0:PO B1:PR "
    "B4:BB BF:OP 2C8:BB 2CC:BB 2DF:BB 34F:GL 35C-362:GL 37E:IS 589:IS 1FFD:BB 2007:GL "
    "200B:ZW 2011:GL 2014:B2 2015:AL 2024-2026:IN 2027:BA 2028-2029:BK 202F:GL 2030-2037:PO "
    "203C-203D:NS 2044:IS 2047-2049:NS 2056:BA 2058-205B:BA 205D-205E:BA 2060:WJ 2061-2064:AL "
    "20A7:PO 20B6:PO 20BB:PO 20BE:PO 20C0:PO 2103:PO 2109:PO 2116:PR 2212-2213:PR 22EF:IN "
    "2E00-2E01:QU 2E06-2E08:QU 2E0B:QU 2E0E-2E15:BA 2E18:OP 2E19:BA 2E1A:AL 2E2A-2E2D:BA "
    "2E2E:EX 2E30-2E31:BA 2E33-2E34:BA 2E3A-2E3B:B2 2E3C-2E3E:BA 2E41:BA 2E43-2E4A:BA 2E4C:BA "
    "2E4E-2E4F:BA 2E53-2E54:EX 3001-3002:CL 3005:NS FEFF:WJ "
    # CJK: small kana, the prolonged sound mark and iteration marks (class CJ, resolved to NS
    # as libunistring does: never a break before them), and CJK punctuation.
    "3041:NS 3043:NS 3045:NS 3047:NS 3049:NS 3063:NS 3083:NS 3085:NS 3087:NS 308E:NS "
    "3095-3096:NS 30A1:NS 30A3:NS 30A5:NS 30A7:NS 30A9:NS 30C3:NS 30E3:NS 30E5:NS 30E7:NS "
    "30EE:NS 30F5-30F6:NS 30FC:NS 31F0-31FF:NS FF67-FF70:NS "
    "301C:NS 303B-303C:NS 309B-309E:NS 30A0:NS 30FB:NS 30FD-30FE:NS A015:NS FE54-FE55:NS "
    "FF1A-FF1B:NS FF65:NS FF9E-FF9F:NS FE10:IS FE11-FE12:CL FE13-FE14:IS FE15-FE16:EX FE19:IN "
    "FE50:CL FE52:CL FE56-FE57:EX FF01:EX FF0C:CL FF0E:CL FF1F:EX FF61:CL FF64:CL FF05:PO "
    "FFE0:PO"
)
_LB: dict[int, str] = {}
for _item in _LB_EXCEPTIONS.split():
    _span, _cls = _item.split(":")
    _lo, _, _hi = _span.partition("-")
    for _cp in range(int(_lo, 16), int(_hi or _lo, 16) + 1):
        _LB[_cp] = _cls

# Pair table measured on libunistring 1.0 (UAX #14 "example pair table"): for a class
# before (row) and after (column): D direct break, I break only across spaces, P never.
_CLASSES = "WJ GL B2 BA BB HY CL CP EX IN NS OP QU IS NU PO PR SY AL ID".split()
_PAIRS = {
    "WJ": "PIIIIIPPPIIIIPIIIPII", "GL": "PIIIIIPPPIIIIPIIIPII", "B2": "PIPIDIPPPIIDIPDDDPDD",
    "BA": "PDDIDIPPPIIDIPDDDPDD", "BB": "PIIIIIPPPIIIIPIIIPII", "HY": "PDDIDIPPPIIDIPIDDPDD",
    "CL": "PIDIDIPPPIPDIPDIIPDD", "CP": "PIDIDIPPPIIDIPIIIPID", "EX": "PIDIDIPPPIIDIPDDDPDD",
    "IN": "PIDIDIPPPIIDIPDDDPDD", "NS": "PIDIDIPPPIIDIPDDDPDD", "OP": "PPPPPPPPPPPPPPPPPPPP",
    "QU": "PIIIIIPPPIIPIPIIIPII", "IS": "PIDIDIPPPIIDIPIDDPDD", "NU": "PIDIDIPPPIIIIPIIIPID",
    "PO": "PIDIDIPPPIIIIPIDDPID", "PR": "PIDIDIPPPIIIIPIDDPII", "SY": "PIDIDIPPPIIDIPIDDPDD",
    "AL": "PIDIDIPPPIIIIPIIIPID", "ID": "PIDIDIPPPIIDIPDIDPDD",
}
_COLUMN = {c: i for i, c in enumerate(_CLASSES)}


def _lb_class(ch: str) -> str:
    cls = _LB.get(ord(ch))
    if cls is not None:
        return cls
    cat = unicodedata.category(ch)
    wide = unicodedata.east_asian_width(ch) in ("W", "F")
    if cat[0] in "MC":
        return "CM"
    if cat == "Nd":
        return "NU"
    if cat in ("Zs", "Pd"):
        return "BA"
    cls = {"Ps": "OP", "Pe": "CL", "Pi": "QU", "Pf": "QU", "Sc": "PR"}.get(cat, "ID" if wide else "AL")
    return "OPW" if cls == "OP" and wide else cls


def char_width(ch: str) -> int:
    cp = ord(ch)
    if cp < 0x20 or 0x7F <= cp < 0xA0 or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


# The pair table as one dict, and per-character memos of classes and widths as str.translate
# tables: the writer needs them for every character of a catalog, so a string is mapped in
# one C call (a class code or a width per character), then walked by runs, not characters.
_RULE = {(b, a): _PAIRS[b][_COLUMN[a]] for b in _CLASSES for a in _CLASSES}
# A wide opening bracket (【, 「, （) is OP, except that letters and digits may break before
# it (UAX #14 LB30 since Unicode 13, as libunistring 1.0 does).
_RULE.update({(b, "OPW"): _RULE[b, "OP"] for b in _CLASSES})
_RULE.update({("OPW", a): _RULE["OP", a] for a in [*_CLASSES, "OPW"]})
_RULE.update({("AL", "OPW"): "D", ("NU", "OPW"): "D"})
_NAMES = [*_CLASSES, "OPW", "SP", "BK", "LF", "CR", "ZW", "CM"]
_CODE = {name: chr(0x41 + i) for i, name in enumerate(_NAMES)}
_NAME = {code: name for name, code in _CODE.items()}
_CLASS_TABLE: dict[int, str] = {}
_WIDTH_TABLE: dict[int, str] = {}
_RUN = re.compile(r"(.)\1*", re.DOTALL)


def _mapped(text: str, table: dict[int, str], of) -> str:
    """``text`` through a memo table, filled first with ``of`` for the characters it lacks."""
    for ch in set(text):
        if ord(ch) not in table:
            table[ord(ch)] = of(ch)
    return text.translate(table)


def widths(chars: str | list[str]) -> list[int]:
    """Column widths of ``chars`` (memoized :func:`char_width`)."""
    return list(_mapped("".join(chars), _WIDTH_TABLE, lambda ch: chr(char_width(ch))).encode("latin-1"))


def break_opportunities(chars: str | list[str]) -> list[str]:
    """For each character: "B" (may break before it), "M" (mandatory break) or ""."""
    codes = _mapped("".join(chars), _CLASS_TABLE, lambda ch: _CODE[_lb_class(ch)])
    out = [""] * len(codes)
    rule = _RULE
    last, space = "BK", False
    for run in _RUN.finditer(codes):  # a run of one class: only its first character can differ
        i, j, cls = run.start(), run.end(), _NAME[run.group(1)]
        if cls == "SP":
            space = True
        elif cls in ("BK", "LF", "CR"):
            out[i:j] = ["M"] * (j - i)
            last, space = "BK", False
        elif cls == "ZW":
            last, space = "ZW", False
        elif cls == "CM":
            # A combining mark belongs to the character before it; after a line start,
            # a space or a zero-width space it stands alone, as a letter (and the marks
            # after it belong to it).
            if last in ("BK", "ZW") or space:
                out[i] = "B" if last != "BK" else ""
                last, space = "AL", False
        else:
            if last == "ZW":
                out[i] = "B"
            elif last != "BK":
                r = rule[last, cls]
                if r == "D" or (r == "I" and space):
                    out[i] = "B"
            if j - i > 1 and rule[cls, cls] == "D":
                out[i + 1 : j] = ["B"] * (j - i - 1)
            last, space = cls, False
    return out


def fit(widths: list[int], opportunities: list[str], width: int, column: int) -> list[int]:
    """Indexes where to break so pieces fit in ``width`` columns (libunistring's greedy fill)."""
    if column + sum(widths) <= width:
        return []  # it all fits: no break can be needed
    before = [0, *accumulate(widths)]  # columns taken by the characters before each index
    breaks: list[int] = []
    last, start = None, 0  # the last opportunity, and where the piece being measured starts
    for i in [k for k, o in enumerate(opportunities) if o]:
        piece = before[i] - before[start]
        if last is not None and column + piece > width:
            breaks.append(last)
            column = 0
        if opportunities[i] == "M":
            last, column, start = None, 0, i + 1
        else:
            last, column, start = i, column + piece, i
    if last is not None and column + before[-1] - before[start] > width:
        breaks.append(last)
    return breaks
