"""Arabic numbers: number words, digits in every script, fractions, percentages, ordinals.

Public functions (stable signatures; other stages import them):

- :func:`parse_number_words` ``(text) -> float | None``: the value of a whole string that is one number,
  in words, digits or both (``مليار و200 مليون``, ``ثلاثة آلاف وخمسمئة``, ``ألفين``, ``واحد وعشرون``,
  ``نصف``, ``مليون ونصف``, ``شهر ونصف`` = 1.5); ``None`` when the string is not exactly one number.
- :func:`parse_ordinal` ``(text) -> int | None``: ``الأول`` = 1, ``الحادي عشر`` = 11, ``الخامس والعشرون`` = 25,
  ``الـ75`` = 75.
- :func:`number_to_words` ``(n) -> str``: a non-negative integer below 10^15 written in Arabic words
  (masculine, nominative), for property tests and display.
- :func:`find_numbers` ``(text) -> list[NumberSpan]``: every number in a normalised string
  (see :func:`marsad.text.normalize`), with offsets into that string, its value and its kind
  (cardinal, fraction, percent, vague, ordinal).

Choices (documented here because the grammar leaves them open):

- ``عشرات`` / ``مئات`` / ``آلاف`` (alone) / ``بضعة`` are *vague*: their value is the lower figure
  (10, 100, 1000, 3) and :attr:`NumberSpan.kind` is ``"vague"``; ``عشرات الآلاف`` = 10 x 1000, vague.
  :func:`parse_number_words` returns ``None`` for them: they are not a number.
- ``أحد`` / ``إحدى`` and ``اثنين`` with the article are numbers only inside compounds (11, 21 ...):
  alone they are "one of" or the weekdays الأحد / الاثنين.
- Digits: ``٫`` is the decimal mark and ``٬`` the thousands separator (normalised to ``.`` and ``,``).
  A comma or dot followed by groups of exactly three digits separates thousands (``1,500,000``,
  ``1.500.000``); one comma or dot followed by one, two or four-plus digits is a decimal mark
  (``2,5`` = 2.5, ``1.5`` = 1.5). A single dot before three digits (``1.500``) is read as a decimal.
- Fractions after ``و`` add that part of the last scale or unit: ``مليون ونصف`` = 1,500,000,
  ``ثلاثة ونصف`` = 3.5.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources
from typing import Literal

from marsad.caches import word_cache
from marsad.errors import ResourceError
from marsad.text.normalize import normalize_word

__all__ = [
    "NumberSpan",
    "find_numbers",
    "number_lexicon",
    "number_to_words",
    "parse_digits",
    "parse_number_words",
    "parse_ordinal",
]

NumberKind = Literal["cardinal", "fraction", "percent", "vague", "ordinal"]

# atom types
UNIT, UNIT_COMPOUND, TEN, TENS, HUNDRED, HUNDREDS = "unit", "unit_compound", "ten", "tens", "hundred", "hundreds"
SCALE, SCALE_DUAL, SCALE_PLURAL = "scale", "scale_dual", "scale_plural"
FRACTION, FRACTION_PLURAL, VAGUE = "fraction", "fraction_plural", "vague"
ORDINAL, ORDINAL_COMPOUND, DIGITS = "ordinal", "ordinal_compound", "digits"
_TYPES = {
    UNIT, UNIT_COMPOUND, TEN, TENS, HUNDRED, HUNDREDS, SCALE, SCALE_DUAL, SCALE_PLURAL,
    FRACTION, FRACTION_PLURAL, VAGUE, ORDINAL, ORDINAL_COMPOUND,
}  # fmt: skip
_SCALES = (SCALE, SCALE_DUAL, SCALE_PLURAL)
_GROUP_START = (UNIT, UNIT_COMPOUND, TEN, TENS, HUNDRED, HUNDREDS, DIGITS)


@dataclass(slots=True, frozen=True)
class NumberSpan:
    """A number found in a normalised string: ``text[start:end]`` of that string."""

    start: int
    end: int
    text: str
    value: float
    kind: NumberKind = "cardinal"
    words: bool = False  # written at least partly in words
    digits: bool = False  # written at least partly in digits
    scale: float = 1.0  # the smallest scale word used (مليون: 1e6; 1 when none)


@cache
def number_lexicon() -> dict[str, tuple[str, float]]:
    """Normalised number word -> (type, value), from ``data/numbers.tsv`` (loaded once)."""
    name = "data/numbers.tsv"
    try:
        raw = resources.files("marsad.quantities").joinpath(name).read_text("utf-8")
    except OSError as exc:  # pragma: no cover - packaging error
        raise ResourceError(f"marsad/quantities/{name} is missing: reinstall marsad") from exc
    lex: dict[str, tuple[str, float]] = {}
    for lineno, line in enumerate(raw.splitlines(), 1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        parts = line.split("\t")
        if len(parts) != 3 or parts[1] not in _TYPES:
            raise ResourceError(
                f"marsad/quantities/{name} line {lineno}: expected form<TAB>type<TAB>value with a type among "
                f"{sorted(_TYPES)}, got {line!r}"
            )
        try:
            value = float(parts[2])
        except ValueError as exc:
            raise ResourceError(f"marsad/quantities/{name} line {lineno}: {parts[2]!r} is not a number") from exc
        lex.setdefault(normalize_word(parts[0]), (parts[1], value))
    return lex


# clitics before a number word, longest first: (prefix, conjunction و, definite article)
_PREFIXES: tuple[tuple[str, bool, bool], ...] = (
    ("وبال", True, True),
    ("ولل", True, True),
    ("وال", True, True),
    ("فال", False, True),
    ("بال", False, True),
    ("لل", False, True),
    ("ال", False, True),
    ("وب", True, False),
    ("ول", True, False),
    ("فب", False, False),
    ("فل", False, False),
    ("و", True, False),
    ("ف", False, False),
    ("ب", False, False),
    ("ل", False, False),
)  # fmt: skip  (no ك: وكمية would read as و+ك+مية = 100)
# with the article these are weekdays or other words, never numbers
_NOT_DEFINITE = frozenset(
    normalize_word(w) for w in ("اثنين", "اثنان", "أحد", "إحدى", "ست", "نصف", "ربع", "ثلث", "صفر")
)
_FRACTION_SUFFIXES = ("هما", "هم", "هن", "ها", "ه", "كم", "نا")
# standalone, these are something else: ميتا is both مئتا (200, construct) and "meta"
_NOT_ALONE = frozenset(normalize_word(w) for w in ("مئتا", "مئتي"))
_WAHID = frozenset(normalize_word(w) for w in ("وأحد", "وإحدى"))
# whole words that look like a clitic + number word but are something else (لست "I am not")
_NOT_NUMBERS = frozenset(normalize_word(w) for w in ("لست", "لستُ", "بست", "فست", "كست"))


@dataclass(slots=True)
class _Atom:
    type: str
    value: float
    conj: bool  # preceded by the conjunction و (attached or alone)
    definite: bool
    start: int  # offsets of the number part (clitics excluded)
    end: int
    prefix_start: int  # where the word begins, clitics included


@word_cache
def _lookup(word: str) -> tuple[str, float, int, bool, bool] | None:
    """(type, value, prefix length, conj, definite) for a normalised word, or None."""
    lex = number_lexicon()
    if word in _NOT_NUMBERS or (word[:1] in ("و", "ف") and word[1:] in _NOT_NUMBERS):
        return None
    hit = lex.get(word)
    if hit is not None:
        return hit[0], hit[1], 0, False, False
    for prefix, conj, definite in _PREFIXES:
        if word.startswith(prefix) and len(word) > len(prefix) + 1:
            rest = word[len(prefix) :]
            hit = lex.get(rest)
            if hit is None:
                continue
            if definite and rest in _NOT_DEFINITE:
                return None
            if definite and hit[0] in (FRACTION, UNIT_COMPOUND, SCALE_DUAL):
                return None
            # the article stays inside the number's span (الثانية، العشرات); other clitics do not
            keep = 2 if prefix.endswith("ال") else 0
            return hit[0], hit[1], len(prefix) - keep, conj, definite
    # a fraction with a pronoun: نصفهم، ثلثها، وربعه (half of them ...)
    for suffix in _FRACTION_SUFFIXES:
        if word.endswith(suffix):
            stem = word[: -len(suffix)]
            conj = stem[:1] == "و" and stem[1:] in lex
            hit = lex.get(stem[1:] if conj else stem)
            if hit is not None and hit[0] == FRACTION:
                return hit[0], hit[1], 1 if conj else 0, conj, False
    return None


def seed_forms() -> list[str]:
    """Number word forms for a fast first-pass regex (clitics are added by the caller). أحد / إحدى and
    حادي are left out: they only count next to عشر or a tens word, which are seeds themselves."""
    lex = number_lexicon()
    forms = [f for f, (t, _v) in lex.items() if t not in (UNIT_COMPOUND, ORDINAL_COMPOUND)]
    forms += [f + s for f, (t, _v) in lex.items() if t == FRACTION for s in _FRACTION_SUFFIXES]
    return forms


CLITIC_PREFIXES: tuple[str, ...] = tuple(p for p, _, _ in _PREFIXES)

_DIGITS_RE = r"[0-9]+(?:[.,][0-9]+)*"
_TOKEN_RE = re.compile(rf"(?P<d>{_DIGITS_RE})|(?P<w>[\u0621-\u064a\u0671-\u06d3]+)|(?P<l>[A-Za-z]+)|(?P<o>\S)")
_THOUSANDS_RE = re.compile(r"^[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*$")


def parse_digits(s: str) -> float | None:
    """Value of a digit string in ASCII digits with ``.``/``,`` separators (normalised text)."""
    if s.isdigit():
        return float(int(s))
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        dec = "." if s.rfind(".") > s.rfind(",") else ","
        thou = "," if dec == "." else "."
        whole, _, frac = s.rpartition(dec)
        if dec in whole or (not _THOUSANDS_RE.match(whole) and not whole.isdigit()):
            return None
        return float(whole.replace(thou, "") + "." + frac)
    sep = "." if has_dot else ","
    groups = s.split(sep)
    if len(groups) > 2 or (sep == "," and len(groups[1]) == 3):
        return float("".join(groups)) if _THOUSANDS_RE.match(s) else None
    return float(groups[0] + "." + groups[1])


class _Words:
    """The words of a normalised string, each with its number atom (or None)."""

    __slots__ = ("atoms", "kinds", "spans", "text", "texts")

    def __init__(self, text: str, start: int = 0, end: int | None = None) -> None:
        """The words of ``text[start:end]`` (offsets stay those of ``text``)."""
        self.text = text
        self.spans: list[tuple[int, int]] = []
        self.kinds: list[str] = []
        self.texts: list[str] = []
        self.atoms: list[_Atom | None] = []
        spans, kinds, texts, atoms = self.spans, self.kinds, self.texts, self.atoms
        lookup = _lookup
        for m in _TOKEN_RE.finditer(text, start, len(text) if end is None else end):
            s, e = m.span()
            kind = m.lastgroup or "o"
            tok = m.group()
            spans.append((s, e))
            kinds.append(kind)
            texts.append(tok)
            atom = None
            if kind == "w":
                hit = lookup(tok)
                if hit is not None:
                    atom = _Atom(hit[0], hit[1], hit[3], hit[4], s + hit[2], e, s)
            elif kind == "d":
                value = parse_digits(tok)
                if value is not None:
                    atom = _Atom(DIGITS, value, False, False, s, e, s)
            atoms.append(atom)

    def __len__(self) -> int:
        return len(self.spans)


@dataclass(slots=True)
class _Parse:
    end_index: int  # index of the word after the number
    start: int
    end: int
    value: float
    vague: bool
    words: bool
    digits: bool
    kind: NumberKind = "cardinal"
    scale: float = 1.0


def _parse_cardinal(w: _Words, i: int) -> _Parse | None:
    """The longest well-formed number starting at word ``i`` (a state machine over atoms)."""
    n = len(w)
    first = w.atoms[i]
    if first is None or first.type in (ORDINAL, ORDINAL_COMPOUND):
        return None
    total = 0.0
    group = 0.0
    state = "start"  # start | empty (after a scale) | H | U | T | F | X
    last_scale = math.inf
    vague = False
    used_words = used_digits = False
    unit_compound_alone = False
    checkpoint: tuple[int, int, float] | None = None
    j = i
    end = first.end
    start = first.start
    while j < n:
        conj = False
        k = j
        if j > i and w.texts[j] == "و" and w.kinds[j] == "w":  # a detached conjunction
            conj = True
            k = j + 1
            if k >= n:
                break
        a = w.atoms[k]
        if a is None:
            break
        if j > i:
            # وأحد normalises to واحد: inside a number it is "and one" (وأحد عشر ألفًا), never a bare "one"
            conj = conj or a.conj or (a.type == UNIT and a.value == 1 and w.texts[k] in _WAHID)
            if vague and state == "empty":
                break  # عشرات الآلاف ends at its scale word
            # الأربع والعشرين: every part carries the article; عشرات الآلاف: vague + definite plural scale
            if a.definite and not first.definite and not (a.type == SCALE_PLURAL and state == "F" and vague):
                break
        t, v = a.type, a.value
        ok = True
        if state == "start":
            if t in (UNIT, UNIT_COMPOUND):
                group, state = v, "U"
                unit_compound_alone = t == UNIT_COMPOUND
            elif t in (TEN, TENS, DIGITS):
                group, state = v, "T"
            elif t in (HUNDRED, HUNDREDS):
                group, state = v, "H"
            elif t in _SCALES:
                if t == SCALE_PLURAL:
                    vague = True
                total, last_scale, state = v * (2 if t == SCALE_DUAL else 1), v, "empty"
            elif t == FRACTION:
                group, state = v, "F"
            elif t == VAGUE:
                group, state, vague = v, "F", True
            else:
                ok = False
        elif state == "empty":
            if conj and t in _GROUP_START and (t != DIGITS or v < last_scale):
                checkpoint = (j, end, total)  # where to end if this group turns out to start a new number
                if t in (UNIT, UNIT_COMPOUND):
                    group, state = v, "U"
                elif t in (HUNDRED, HUNDREDS):
                    group, state = v, "H"
                else:
                    group, state = v, "T"
            elif conj and t in (SCALE, SCALE_DUAL) and v < last_scale:
                total += v * (2 if t == SCALE_DUAL else 1)
                last_scale = v
            elif conj and t == FRACTION:
                total += v * last_scale
                state = "X"
                # مليون ونصف المليون: the scale repeated with the article adds nothing
                nxt = w.atoms[k + 1] if k + 1 < n else None
                if nxt is not None and nxt.type == SCALE and nxt.definite and nxt.value == last_scale:
                    a = nxt
                    k += 1
            else:
                ok = False
        elif state == "H":
            if conj and t in (UNIT, UNIT_COMPOUND):
                group, state = group + v, "U"
            elif conj and (t in (TEN, TENS) or (t == DIGITS and v < 100)):
                group, state = group + v, "T"
            elif not conj and t in (SCALE, SCALE_PLURAL) and v < last_scale:
                total, group, last_scale, state = total + group * v, 0.0, v, "empty"
            elif conj and t == FRACTION:
                group, state = group + v, "X"
            else:
                ok = False
        elif state == "U":
            if not conj and t == TEN:
                group, state = group + v, "T"
            elif not conj and t == HUNDRED and group < 10:
                group, state = group * v, "H"
            elif not conj and t == FRACTION_PLURAL:
                group, state = group * v, "F"
            elif conj and t == TENS:
                group, state = group + v, "T"
            elif not conj and t in (SCALE, SCALE_PLURAL) and v < last_scale and not unit_compound_alone:
                total, group, last_scale, state = total + group * v, 0.0, v, "empty"
            elif conj and t == FRACTION and not unit_compound_alone:
                group, state = group + v, "X"
            else:
                ok = False
            unit_compound_alone = False if ok else unit_compound_alone
        elif state in ("T", "F", "X"):
            if not conj and t in (SCALE, SCALE_PLURAL) and v < last_scale:
                total, group, last_scale, state = total + group * v, 0.0, v, "empty"
            elif state == "T" and conj and t == FRACTION:
                group, state = group + v, "X"
            else:
                ok = False
        if not ok:
            if checkpoint is not None and t in _SCALES and v >= last_scale and state != "empty":
                # 250 ألفا و270 ألف دولار، مليون وخمسة ملايين: the group after و is a second number
                j, end, total = checkpoint
                group = 0.0
            break
        if t == DIGITS:
            used_digits = True
        else:
            used_words = True
        end = a.end
        j = k + 1
    if j == i or unit_compound_alone or (j == i + 1 and w.texts[i] in _NOT_ALONE):
        return None
    value = total + group
    scale = last_scale if last_scale != math.inf else 1.0
    return _Parse(j, start, end, value, vague, used_words, used_digits, "vague" if vague else "cardinal", scale)


def _parse_ordinal_at(w: _Words, i: int) -> _Parse | None:
    a = w.atoms[i]
    if a is None or a.type not in (ORDINAL, ORDINAL_COMPOUND):
        return None
    value = a.value
    end = a.end
    j = i + 1
    n = len(w)
    if j < n and w.atoms[j] is not None and w.atoms[j].type == TEN and not w.atoms[j].conj and value < 10:
        value += 10
        end = w.atoms[j].end
        j += 1
    elif j < n:
        k = j + 1 if (w.texts[j] == "و" and j + 1 < n) else j
        b = w.atoms[k]
        if b is not None and b.type == TENS and (b.conj or k > j) and value < 10:
            value += b.value
            end = b.end
            j = k + 1
    if a.type == ORDINAL_COMPOUND and value < 10:
        return None
    return _Parse(j, a.start, end, value, False, True, False, "ordinal")


_PERCENT_WORDS = frozenset(normalize_word(w) for w in ("بالمئة", "بالمائة", "بالمية", "بالميه", "%"))
_PERCENT_AFTER_FI = frozenset(normalize_word(w) for w in ("المئة", "المائة", "المية"))


def _percent_end(w: _Words, j: int) -> int | None:
    """Index after a percent sign or word starting at word ``j``, if there is one."""
    if j < len(w) and w.texts[j] in _PERCENT_WORDS:
        return j + 1
    if j + 1 < len(w) and w.texts[j] == "في" and w.texts[j + 1] in _PERCENT_AFTER_FI:
        return j + 2
    return None


_GLUED_OK = frozenset({*(p for p, _, _ in _PREFIXES), "نحو", "بنحو", "حوالي", "بحوالي", "قرابه"})


def _digits_context_ok(w: _Words, i: int, j: int) -> bool:
    """False for digits that belong to something else: F-16, COVID-19, Windows 10, 10:30, 26 / 10 / 2025,
    2020-2025, list numbers ("3 -" or "3." opening a line) and "(6)" headings."""
    text = w.text
    s, e = w.spans[i][0], w.spans[j - 1][1]
    before = text[s - 1] if s > 0 else " "
    after = text[e] if e < len(text) else " "
    if (before.isascii() and before.isalpha()) or (after.isascii() and after.isalpha()):
        return False
    if before in "-_#" and s >= 2 and not text[s - 2].isspace():
        return False
    if after in "-_" and e + 1 < len(text) and text[e + 1].isdigit():
        return False
    # the nearest non-space characters either side
    k = s - 1
    while k >= 0 and text[k] in " \t\u00a0":
        k -= 1
    prev = text[k] if k >= 0 else "\n"
    m = e
    while m < len(text) and text[m] in " \t\u00a0":
        m += 1
    nxt = text[m] if m < len(text) else "\n"
    if prev in "/:+×*" or nxt in "/:+×*":
        return False  # dates, clock times, 5 + 1, 1920 × 1080
    if prev in "-–—":
        k -= 1
        while k >= 0 and text[k] in " \t\u00a0":
            k -= 1
        if k >= 0 and text[k].isalpha():
            return False  # المرسوم رقم (م - 17): an identifier
    if (prev == "\n" and nxt in "-.)–") or (prev == "(" and nxt == ")"):
        return False
    if i > 0 and w.kinds[i - 1] == "w" and w.spans[i - 1][1] == s and w.texts[i - 1] not in _GLUED_OK:
        return False  # ملف1، جزء1: digits glued to a word (a clitic or a marker is fine: و200، بنحو500)
    return not (i > 0 and w.kinds[i - 1] == "l")


def find_numbers(text: str, *, ordinals: bool = True) -> list[NumberSpan]:
    """Every number in ``text`` (a *normalised* string), left to right, not overlapping.

    Cardinals in words, digits or both; fractions (``نصف``, ``ثلاثة أرباع``); percentages
    (``50%``, ``15 بالمئة``, ``في المائة``: the span includes the sign or words); vague plurals
    (``عشرات``, ``آلاف``); and ordinals (``الثاني``, ``الحادي عشر``, ``الـ75``) unless ``ordinals=False``.
    Digits glued to Latin letters or inside dates and clock times (F-16, 26/10/2025, 10:30) are skipped.
    """
    return [span for span, _, _ in _find(_Words(text), ordinals=ordinals)]


def _find(w: _Words, *, ordinals: bool = True) -> list[tuple[NumberSpan, int, int]]:
    """Numbers with the index of their first word and the index after their last word."""
    text = w.text
    out: list[tuple[NumberSpan, int, int]] = []
    i = 0
    n = len(w)
    while i < n:
        a = w.atoms[i]
        if a is None:
            i += 1
            continue
        if a.type in (ORDINAL, ORDINAL_COMPOUND):
            p = _parse_ordinal_at(w, i) if ordinals else None
            if p is not None:
                out.append(
                    (NumberSpan(p.start, p.end, text[p.start : p.end], p.value, "ordinal", True, False), i, p.end_index)
                )
                i = p.end_index
            else:
                i += 1
            continue
        p = _parse_cardinal(w, i)
        if p is None:
            i += 1
            continue
        if p.digits and not p.words and not _digits_context_ok(w, i, p.end_index):
            i = p.end_index
            continue
        # في المائة left over after a number the parser did not take (الـ8 في المائة is handled below)
        if a.type == HUNDRED and a.definite and i > 0 and w.texts[i - 1] == "في":
            i += 1
            continue
        # الـ75 (normalised ال75): an ordinal written in digits, unless a percent follows (الـ8 في المائة)
        if (
            _percent_end(w, i + 1) is None
            and a.type == DIGITS
            and p.end_index == i + 1
            and i > 0
            and w.texts[i - 1] == "ال"
            and w.spans[i - 1][1] == a.start
        ):
            if ordinals and a.value == int(a.value):
                s = w.spans[i - 1][0]
                out.append((NumberSpan(s, a.end, text[s : a.end], a.value, "ordinal", False, True), i - 1, i + 1))
            i += 1
            continue
        kind: NumberKind = p.kind
        end = p.end
        j = p.end_index
        pe = _percent_end(w, j)
        if pe is not None:
            kind, end, j = "percent", w.spans[pe - 1][1], pe
        elif kind == "cardinal" and p.words and 0 < p.value < 1:
            kind = "fraction"
        out.append((NumberSpan(p.start, end, text[p.start : end], p.value, kind, p.words, p.digits, p.scale), i, j))
        i = j
    return out


@lru_cache(maxsize=4096)
def parse_number_words(text: str) -> float | None:
    """The value of ``text`` when the whole string is one number (words, digits or both), else None.

    >>> parse_number_words("مليار و200 مليون")
    1200000000.0
    >>> parse_number_words("ثلاثة آلاف وخمسمئة")
    3500.0
    >>> parse_number_words("شهر ونصف")
    1.5

    Accepts normalised or unnormalised text. Vague plurals (عشرات) and ordinals give None
    (see :func:`parse_ordinal`). A unit noun followed by و + fraction (``شهر ونصف``, ``ساعتين وربع``)
    gives the count of units: 1.5, 2.25.
    """
    from marsad.text.normalize import normalize

    norm = normalize(text).text.strip()
    if not norm:
        return None
    w = _Words(norm)
    if not len(w):
        return None
    p = _parse_cardinal(w, 0)
    if p is not None:
        if p.end_index == len(w) and not p.vague:
            return p.value
        return None
    return _unit_and_fraction(w)


def _unit_and_fraction(w: _Words) -> float | None:
    """``شهر ونصف`` = 1.5, ``ساعتين ونصف`` = 2.5: a unit noun (singular or dual) and a fraction."""
    if len(w) not in (2, 3) or w.kinds[0] != "w":
        return None
    from marsad.quantities.units import unit_noun

    noun = unit_noun(w.texts[0])
    if noun is None:
        return None
    last = w.atoms[-1]
    if last is None or last.type != FRACTION or not (last.conj or (len(w) == 3 and w.texts[1] == "و")):
        return None
    return noun.count + last.value


@lru_cache(maxsize=4096)
def parse_ordinal(text: str) -> int | None:
    """The value of an ordinal (``الأول``, ``الثانية``, ``الحادي عشر``, ``الخامس والعشرون``, ``الـ75``)."""
    from marsad.text.normalize import normalize

    norm = normalize(text).text.strip()
    m = re.fullmatch(r"ال\s*([0-9]+)", norm)
    if m:
        return int(m.group(1))
    w = _Words(norm)
    if not len(w):
        return None
    p = _parse_ordinal_at(w, 0)
    if p is None or p.end_index != len(w):
        return None
    return int(p.value)


# --- writing numbers in words ---------------------------------------------------------------------

_ONES = ("", "واحد", "اثنان", "ثلاثة", "أربعة", "خمسة", "ستة", "سبعة", "ثمانية", "تسعة")
_TENS_W = ("", "عشرة", "عشرون", "ثلاثون", "أربعون", "خمسون", "ستون", "سبعون", "ثمانون", "تسعون")
_HUNDREDS_W = ("", "مئة", "مئتان", "ثلاثمئة", "أربعمئة", "خمسمئة", "ستمئة", "سبعمئة", "ثمانمئة", "تسعمئة")
# scale: (singular, dual, plural, accusative singular)
_SCALE_W = (
    (10**12, ("تريليون", "تريليونان", "تريليونات", "تريليونًا")),
    (10**9, ("مليار", "ملياران", "مليارات", "مليارًا")),
    (10**6, ("مليون", "مليونان", "ملايين", "مليونًا")),
    (10**3, ("ألف", "ألفان", "آلاف", "ألفًا")),
)


def _below_thousand(n: int, *, hundred: str = "مئة") -> str:
    parts = []
    h, rest = divmod(n, 100)
    if h:
        parts.append(_HUNDREDS_W[h].replace("مئة", hundred).replace("مئتان", "مئتان" if hundred == "مئة" else "مائتان"))
    if rest:
        if rest < 10:
            parts.append(_ONES[rest])
        elif rest == 10:
            parts.append("عشرة")
        elif rest == 11:
            parts.append("أحد عشر")
        elif rest == 12:
            parts.append("اثنا عشر")
        elif rest < 20:
            parts.append(f"{_ONES[rest - 10]} عشر")
        else:
            t, u = divmod(rest, 10)
            parts.append(f"{_ONES[u]} و{_TENS_W[t]}" if u else _TENS_W[t])
    return " و".join(parts)


def number_to_words(n: int, *, hundred: str = "مئة", digit_groups: bool = False) -> str:
    """``n`` (0 <= n < 10^15) in Arabic words: 1,234 = ``ألف ومئتان وأربعة وثلاثون``.

    ``hundred="مائة"`` uses the older spelling; ``digit_groups=True`` writes each group before a scale
    word in digits when it is above 2 (``مليار و200 مليون``), the mixed style of news copy.
    """
    if not isinstance(n, int) or n < 0 or n >= 10**15:
        raise ValueError(f"number_to_words takes an integer 0 <= n < 10^15, not {n!r}")
    if n == 0:
        return "صفر"
    parts = []
    rest = n
    for scale, (sing, dual, plural, acc) in _SCALE_W:
        count, rest = divmod(rest, scale)
        if not count:
            continue
        if count == 1:
            parts.append(sing)
        elif count == 2:
            parts.append(dual)
        else:
            words = str(count) if digit_groups else _below_thousand(count, hundred=hundred)
            tail = count % 100
            if 3 <= tail <= 10:
                parts.append(f"{words} {plural}")
            elif tail == 0 or digit_groups:
                parts.append(f"{words} {sing}")
            else:
                parts.append(f"{words} {acc}")
    if rest:
        parts.append(_below_thousand(rest, hundred=hundred))
    return " و".join(parts)
