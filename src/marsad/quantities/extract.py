"""Quantities: numbers found by :mod:`marsad.quantities.numbers`, with their unit, kind and markers.

``find_quantities(text)`` works on any string; the pipeline stage calls :func:`extract` on the
document's normalised text and maps every span back to the original once, here.

A quantity's span covers the approximation/bound marker before it (نحو، أكثر من), the number, its
unit or counted noun (مليون دولار أمريكي، أيام، جندي) and a marker after it (تقريبا، على الأقل).
Clitics glued to the first word (بنحو، و500) stay outside the span.
"""

from __future__ import annotations

import bisect
import dataclasses
import itertools
import re
import unicodedata
from dataclasses import dataclass
from functools import cache

from marsad.caches import word_cache
from marsad.model import Quantity
from marsad.quantities.numbers import CLITIC_PREFIXES, FRACTION, NumberSpan, _find, _Words, seed_forms
from marsad.quantities.units import (
    ISO_DURATION,
    UnitNoun,
    adjective_key,
    context_words,
    currency_tables,
    markers,
    not_counted,
    units,
)
from marsad.text.normalize import NormalizedText, normalize

__all__ = ["extract", "find_quantities", "iso_duration"]

_CLITICS = ("و", "ب", "ل", "ف", "ك")
_ARTICLE_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال")
_UNIT_PREFIXES = ("وال", "بال", "فال", "كال", "لل", "ال", "وب", "ول", "و", "ب", "ل", "ف")


def iso_duration(value: float, unit: str) -> str | None:
    """ISO 8601 duration of ``value`` ``unit``s: (4, day) -> P4D, (1.5, month) -> P1.5M, (3, hour) -> PT3H.

    A fraction stays on its own unit (P1.5M, ISO 8601's decimal on the lowest component), because a
    month or a year is not a fixed number of days.
    """
    spec = ISO_DURATION.get(unit)
    if spec is None:
        return None
    designator, mult, timepart = spec
    total = value * mult
    num = str(int(total)) if float(total).is_integer() else f"{total:.6f}".rstrip("0").rstrip(".")
    return f"PT{num}{designator}" if timepart else f"P{num}{designator}"


@dataclass(slots=True)
class _Q:
    start: int  # normalised offsets
    end: int
    value: float | None
    unit: str | None = None
    kind: str = "number"
    approximate: bool = False
    bound: str = "exact"
    iso: str | None = None
    counted: tuple[int, int] | None = None  # normalised span of the counted noun
    scale: float = 1.0  # the smallest scale word in the number (مليون: 1e6)


def _eq_word(token: str, word: str, first: bool) -> bool:
    if token == word:
        return True
    if first and len(token) == len(word) + 1 and token[0] in _CLITICS and token[1:] == word:
        return True
    return first and len(token) == len(word) + 2 and token[:2] in ("وب", "ول", "فب") and token[2:] == word


@cache
def _markers_by_last_word() -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Markers placed before a number, indexed by their last word (with clitics for one-word markers)."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase, effect in markers()["before"]:
        keys = {phrase[-1]}
        if len(phrase) == 1:
            keys.update(c + phrase[0] for c in (*_CLITICS, "وب", "ول", "فب"))
        for key in keys:
            index.setdefault(key, []).append((phrase, effect))
    return index


def _marker_before(w: _Words, i: int) -> tuple[int, str] | None:
    """(start offset of the marker, clitics excluded, effect) for a marker ending just before word ``i``."""
    # a one-letter clitic written apart from digits (ب500، و 200) sits between marker and number
    if i > 0 and w.texts[i - 1] in _CLITICS and w.spans[i - 1][1] == w.spans[i][0]:
        i -= 1
    if i == 0:
        return None
    for phrase, effect in _markers_by_last_word().get(w.texts[i - 1], ()):
        k = len(phrase)
        if i - k < 0:
            continue
        if all(w.kinds[i - k + m] == "w" and _eq_word(w.texts[i - k + m], phrase[m], m == 0) for m in range(k)):
            first = w.texts[i - k]
            return w.spans[i - k][0] + len(first) - len(phrase[0]), effect
    return None


def _marker_after(w: _Words, j: int) -> tuple[int, str] | None:
    """(index after the marker, effect) for a marker starting at word ``j``."""
    if j >= len(w):
        return None
    first = w.texts[j]
    for phrase, effect in markers()["after"]:
        if not first.endswith(phrase[0]):
            continue
        k = len(phrase)
        if j + k > len(w):
            continue
        if all(w.kinds[j + m] == "w" and _eq_word(w.texts[j + m], phrase[m], m == 0) for m in range(k)):
            return j + k, effect
    return None


def _glued(w: _Words, j: int, most: int = 6) -> list[tuple[str, int]]:
    """Concatenations of the tokens from ``j`` written without spaces: [(text, index after)]."""
    out = []
    acc = ""
    n = len(w)
    for k in range(j, min(n, j + most)):
        if k > j and w.spans[k][0] != w.spans[k - 1][1]:
            break
        acc += w.texts[k]
        out.append((acc, k + 1))
    return out


def _currency_after(w: _Words, j: int, *, definite: bool) -> tuple[str | None, int] | None:
    """(ISO code or None when ambiguous, index after) for a currency at word ``j``."""
    n = len(w)
    if j >= n:
        return None
    tables = currency_tables()
    t = w.texts[j]
    kind = w.kinds[j]
    if kind == "l":
        if len(t) == 3 and t.isupper() and t in tables.codes:
            return t, j + 1
        glued = _glued(w, j, 2)
        for g, after in reversed(glued):
            if g in tables.symbols:
                return tables.symbols[g], after
        return None
    if kind == "o":
        if t in tables.symbols:
            return tables.symbols[t], j + 1
        return None
    # Arabic abbreviations written with dots: ر.س.، د.إ.
    if len(t) == 1:
        for g, after in reversed(_glued(w, j)):
            key = g.rstrip(".")
            if key in tables.symbols and len(key) > 1:
                if after < n and w.texts[after - 1] != "." and w.texts[after] == ".":
                    after += 1
                return tables.symbols[key], after
        return None
    lemma = tables.nouns.get(t)
    if lemma is None and t in tables.qualified_only:
        lemma = t
    if lemma is None and definite and t.startswith("ال"):
        lemma = tables.nouns.get(t[2:])
    if lemma is None:
        return None
    end = j + 1
    if end < n and w.kinds[end] == "w":
        adj = adjective_key(w.texts[end])
        if end + 1 < n:
            code = tables.qualified.get((lemma, adj, w.texts[end + 1]))
            if code:
                return code, end + 2
        code = tables.qualified.get((lemma, adj))
        if code:
            return code, end + 1
    if lemma in tables.qualified_only:
        return None
    return tables.defaults.get(lemma), end


def _currency_before(w: _Words, i: int) -> tuple[str, int] | None:
    """(code, index of the sign) for a sign just before word ``i`` ($500, US$ 500, € 20)."""
    tables = currency_tables()
    if i >= 1 and w.kinds[i - 1] == "o" and w.texts[i - 1] in tables.symbols:
        if i >= 2 and w.kinds[i - 2] == "l" and w.spans[i - 2][1] == w.spans[i - 1][0]:
            g = w.texts[i - 2] + w.texts[i - 1]
            if g in tables.symbols:
                return tables.symbols[g], i - 2
        return tables.symbols[w.texts[i - 1]], i - 1
    if i >= 1 and w.kinds[i - 1] == "l" and w.texts[i - 1] in tables.codes and w.texts[i - 1].isupper():
        return w.texts[i - 1], i - 1
    return None


def _strip_unit_prefix(t: str) -> list[tuple[str, int]]:
    out = [(t, 0)]
    for p in _UNIT_PREFIXES:
        if t.startswith(p) and len(t) > len(p) + 2:
            out.append((t[len(p) :], len(p)))
    return out


def _unit_after(w: _Words, j: int, *, definite: bool) -> tuple[UnitNoun, int] | None:
    n = len(w)
    if j >= n or w.kinds[j] != "w":
        return None
    table = units()
    if j + 1 < n and w.kinds[j + 1] == "w":
        u = table.get((w.texts[j], w.texts[j + 1]))
        if u is not None:
            return u, j + 2
    t = w.texts[j]
    u = table.get((t,))
    if u is None and definite and t.startswith("ال"):
        u = table.get((t[2:],))
    return (u, j + 1) if u is not None else None


def _fraction_after(w: _Words, j: int) -> tuple[float, int] | None:
    """و + نصف/ربع/ثلث at word ``j``: (fraction, index after)."""
    n = len(w)
    if j < n and w.atoms[j] is not None and w.atoms[j].type == FRACTION and w.atoms[j].conj and not w.atoms[j].definite:
        return w.atoms[j].value, j + 1
    b = w.atoms[j + 1] if j + 1 < n and w.texts[j] == "و" else None
    if b is not None and b.type == FRACTION and not b.conj and not b.definite:
        return b.value, j + 2
    return None


def _counted_noun(w: _Words, j: int, *, definite_ok: bool) -> tuple[int, int] | None:
    """(word index, index after) of the noun a number counts, or None."""
    n = len(w)
    if j >= n or w.kinds[j] != "w" or w.atoms[j] is not None:
        return None
    t = w.texts[j]
    if t == "من" and j + 1 < n and w.kinds[j + 1] == "w" and w.atoms[j + 1] is None:
        nxt = w.texts[j + 1]
        if nxt.startswith("ال") or (nxt,) in units():
            return j + 1, j + 2
    stop = not_counted()
    if t in stop or len(t) < 2 or (t[0] in ("و", "ف") and t[1:] in stop):
        return None
    if t.startswith(_ARTICLE_PREFIXES) and not definite_ok:
        return None
    ctx = context_words()
    if t in ctx.get("after", ()):
        return None
    return j, j + 1


def _apply_markers(w: _Words, q: _Q, i: int, j: int) -> int:
    """Extend ``q`` over markers before word ``i`` and after word ``j``; returns the new index after."""
    before = _marker_before(w, i)
    if before is not None:
        q.start, effect = before
        _set_effect(q, effect)
    after = _marker_after(w, j)
    if after is not None:
        j, effect = after
        q.end = w.spans[j - 1][1]
        _set_effect(q, effect)
    return j


def _set_effect(q: _Q, effect: str) -> None:
    if effect == "approximate":
        q.approximate = True
    else:
        q.bound = effect


def _one_quantity(w: _Words, ns: NumberSpan, i: int, j: int) -> tuple[_Q, int] | None:
    """The quantity around number ``ns`` (words ``i``..``j``), or None when it is not a quantity."""
    ctx = context_words()
    n = len(w)
    prev = w.texts[i - 1] if i > 0 else ""
    nxt = w.texts[j] if j < n else ""
    q = _Q(ns.start, ns.end, ns.value, scale=ns.scale)
    if (
        ns.kind == "ordinal"
        and ns.digits
        and (
            _unit_after(w, j, definite=True) is not None
            or _currency_after(w, j, definite=True) is not None
            or (_counted_noun(w, j, definite_ok=False) is not None and not nxt.startswith(("ل", "ب", "ك")))
        )
    ):
        ns = dataclasses.replace(ns, kind="cardinal")  # الـ5 سنوات الماضية: "the five years", not "the fifth"
    if ns.kind == "cardinal" and ns.digits and not ns.words and prev in ctx.get("rank_before", ()):
        ns = dataclasses.replace(ns, kind="ordinal")  # في المرتبة 82: the 82nd place
    if ns.kind == "ordinal":
        after_min = w.texts[j + 1] if nxt == "من" and j + 1 < n else ""
        if prev in ctx.get("ordinal_before", ()) or nxt in ctx.get("ordinal_after", ()):
            return None  # كانون الأول، أول أمس
        if after_min in ctx.get("ordinal_after", ()) or after_min in ctx.get("after", ()):
            return None  # أول من أمس، التاسع من يونيو (a date: the time layer's)
        q.kind = "ordinal"
        a = w.atoms[i]
        if a is not None and a.definite:
            if i > 0 and w.kinds[i - 1] == "w" and w.atoms[i - 1] is None and prev not in not_counted():
                q.counted = w.spans[i - 1]
        else:
            c = _counted_noun(w, j, definite_ok=False)
            if c is not None:
                q.counted = w.spans[c[0]]
        return q, j
    if ns.kind == "percent":
        q.kind, q.unit = "percent", "percent"
        return q, _apply_markers(w, q, i, j)
    vague = ns.kind == "vague"
    if vague:
        q.approximate, q.bound = True, "lower"
    # a currency sign before the digits: $500, US$ 1.5 مليار
    cb = _currency_before(w, i) if ns.digits else None
    if cb is not None:
        q.kind, q.unit = "money", cb[0]
        q.start = w.spans[cb[1]][0]
        i = cb[1]
        return q, _apply_markers(w, q, i, j)
    cur = _currency_after(w, j, definite=vague)
    if cur is None and nxt == "من" and j + 1 < n and w.texts[j + 1].startswith("ال"):
        cur = _currency_after(w, j + 1, definite=True)  # مئات الملايين من الدولارات
    if cur is not None:
        q.kind, q.unit = "money", cur[0]
        j = cur[1]
        q.end = w.spans[j - 1][1]
        return q, _apply_markers(w, q, i, j)
    ua = _unit_after(w, j, definite=vague)
    if ua is not None:
        u, j = ua
        q.end = w.spans[j - 1][1]
        q.unit = u.unit
        if u.kind == "duration":
            frac = _fraction_after(w, j)
            if frac is not None and q.value is not None:
                q.value += frac[0]
                j = frac[1]
                q.end = w.spans[j - 1][1]
            q.kind = "duration"
            q.iso = iso_duration(q.value, u.unit) if q.value is not None and not vague else None
        elif u.kind == "count":
            q.kind = "count"
            q.counted = w.spans[j - 1]
        else:
            q.kind = u.kind
        return q, _apply_markers(w, q, i, j)
    # not a quantity: years, days of the month, clock times, identifiers
    if ns.kind == "cardinal" and not vague:
        if prev in ctx.get("before", ()) or nxt in ctx.get("after", ()):
            return None
        # a bare four-digit 1300..2100 is a year (Gregorian or Hijri) far more often than an amount
        if ns.digits and not ns.words and q.value is not None and q.value.is_integer() and 1300 <= q.value <= 2100:
            return None
        # ست البنات, خمس الحقائق: a lone unit word before a definite noun is not a count
        a = w.atoms[i]
        if j == i + 1 and a is not None and a.type == "unit" and not a.definite and nxt.startswith(_ARTICLE_PREFIXES):
            return None
    # the noun before the number: يوم واحد، يومين اثنين، الأيام الخمسة، الساعات الأربع والعشرين
    single = j == i + 1 and ns.words and not ns.digits and q.value in (1.0, 2.0)
    first_atom = w.atoms[i]
    definite = first_atom is not None and first_atom.definite and ns.words
    if (single or definite) and i > 0 and w.kinds[i - 1] == "w":
        if definite:
            u = units().get((prev[2:],)) if prev.startswith("ال") and len(prev) > 4 else None
        else:
            u = units().get((prev,))
        if u is not None:
            q.start = w.spans[i - 1][0]
            q.unit = u.unit
            q.kind = "duration" if u.kind == "duration" else u.kind
            if u.kind == "duration":
                q.iso = iso_duration(q.value or 0.0, u.unit)
            elif u.kind == "count":
                q.counted = w.spans[i - 1]
            return q, _apply_markers(w, q, i - 1, j)
    if single and q.value == 1.0:
        return None  # "في آن واحد", "مرة واحدة": one is rarely a quantity on its own
    if ns.kind == "fraction":
        if nxt in ctx.get("fraction_after", ()):
            return None  # ربع النهائي، نصف النهائي: a round of a tournament
        q.kind = "fraction"
        c = _counted_noun(w, j, definite_ok=True)
    else:
        first = w.atoms[i]
        c = _counted_noun(w, j, definite_ok=vague)
        if c is not None and first is not None and first.definite and w.texts[j] != "من":
            c = None  # دور الثمانية لدوري ...: after a definite number the noun came before it
        if c is not None:
            q.kind = "count"
    if c is not None:
        q.counted = w.spans[c[0]]
        cw = w.texts[c[0]]
        u = units().get((cw,)) or (units().get((cw[2:],)) if cw.startswith("ال") else None)
        if u is not None and u.kind == "count":
            q.unit = u.unit
        if w.texts[j] == "من":
            q.end = w.spans[c[1] - 1][1]
            j = c[1]
        elif not vague and c[0] == j:
            q.end = w.spans[j][1]
            j += 1
        else:
            q.end = w.spans[c[1] - 1][1]
            j = c[1]
    return q, _apply_markers(w, q, i, j)


@cache
def _duration_forms() -> frozenset[str]:
    """Every time-unit word with the clitics it may carry (a fast pre-check for :func:`_duration_word`)."""
    forms = {key[0] for key, u in units().items() if u.kind == "duration" and len(key) == 1}
    return frozenset(forms | {p + f for f in forms for p in _UNIT_PREFIXES})


@word_cache
def _duration_word(t: str) -> tuple[UnitNoun, int] | None:
    """(time unit, clitic length) when the normalised word ``t`` is a time unit, clitics allowed."""
    table = units()
    for form, plen in _strip_unit_prefix(t):
        u = table.get((form,))
        if u is not None and u.kind == "duration":
            return u, plen
    return None


def _unit_only(w: _Words, k: int) -> tuple[_Q, int] | None:
    """Durations without a number word: يومين (2 days), شهر ونصف (1.5 months), العامين الماضيين."""
    t = w.texts[k]
    hit = _duration_word(t)
    if hit is not None:
        u, plen = hit
        frac = _fraction_after(w, k + 1)
        if u.number == "2":
            value = 2.0 + (frac[0] if frac else 0.0)
        elif u.number == "1" and frac is not None:
            value = 1.0 + frac[0]
        else:
            return None
        end_index = frac[1] if frac else k + 1
        prefix = t[:plen]
        keep_article = 2 if prefix.endswith("ال") else 0
        start = w.spans[k][0] + plen - keep_article
        q = _Q(start, w.spans[end_index - 1][1], value, u.unit, "duration", iso=iso_duration(value, u.unit))
        return q, _apply_markers(w, q, k, end_index)
    return None


_RANGE_LINKS = frozenset({"-", "–", "—", "الي", "او", "و"})


def _share_range_units(w: _Words, found: list[_Q]) -> None:
    """In a range or a pair (15 و25 في المائة، 6 - 12 شهرا، بين 3 و5 ملايين دولار) the first number takes
    the unit of the second."""
    if len(found) < 2:
        return
    starts = [sp[0] for sp in w.spans]
    ends = [sp[1] for sp in w.spans]
    for a, b in itertools.pairwise(found):
        if a.unit is not None or a.kind not in ("number", "count") or b.unit is None or a.counted is not None:
            continue
        ka = bisect.bisect_left(ends, a.end) + 1  # word index after a
        kb = bisect.bisect_right(starts, b.start) - 1
        gap = [w.texts[k] for k in range(ka, kb)]
        first_b = w.texts[kb] if kb < len(w) else ""
        linked = (len(gap) == 1 and gap[0] in _RANGE_LINKS) or (not gap and first_b[:1] == "و")
        if not linked and not gap and w.spans[ka - 1][1] < b.start:
            linked = True  # "70 ـــ 90": the tatweel dash vanished in normalisation
        if not linked:
            continue
        a.unit, a.kind = b.unit, b.kind
        if a.value is not None and b.value is not None and b.scale > 1 and a.scale == 1 and a.value < b.value / b.scale:
            a.value *= b.scale  # بين 3 و5 ملايين: three million
        if b.kind == "duration" and a.value is not None:
            a.iso = iso_duration(a.value, b.unit)


def _trie_pattern(words: set[str]) -> str:
    """A regex alternation of ``words`` factored as a trie (much faster than a flat alternation)."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def build(node: dict) -> str:
        alts = [re.escape(ch) + build(sub) for ch, sub in sorted(node.items()) if ch]
        if not alts:
            return ""
        ends = "" in node
        if len(alts) == 1 and not ends:
            return alts[0]
        body = "(?:" + "|".join(alts) + ")"
        return body + "?" if ends else body

    return build(trie)


@cache
def _seed_re() -> re.Pattern[str]:
    """Where a quantity may be: a digit, a number word (و + fraction included: شهر ونصف) or a dual time
    unit (يومين), with their clitics."""
    forms = set(seed_forms())
    forms.update(key[0] for key, u in units().items() if u.kind == "duration" and u.number == "2" and len(key) == 1)
    words = forms | {p + f for f in forms for p in CLITIC_PREFIXES}
    return re.compile(rf"[0-9]|(?<!\w){_trie_pattern(words)}(?!\w)")


_BEFORE = 40  # characters of context kept before a seed (markers, currency signs)
_AFTER = 60  # characters kept after the last seed of a stretch (units, qualifiers, markers after)


def extract(norm: NormalizedText) -> list[tuple[int, int, _Q]]:
    """Quantities in a normalised text: [(original start, original end, _Q)], in text order.

    Only the stretches around a digit, a number word or a duration word are tokenised: a seed regex
    finds them, and a stretch runs from a little before its first seed to a little after its last.
    """
    text = norm.text
    size = len(text)
    seed = _seed_re()
    found: list[_Q] = []
    pos = 0
    m = seed.search(text)
    while m is not None:
        s0 = m.start()
        ws = max(pos, s0 - _BEFORE)
        if ws > pos and not text[ws - 1].isspace():
            sp = text.find(" ", ws, s0)
            ws = sp + 1 if sp != -1 else ws
        # grow the stretch while further seeds follow within _AFTER characters
        we = m.end()
        while True:
            limit = min(size, we + _AFTER)
            while limit < size and not text[limit].isspace():
                limit += 1  # never cut a word: a seed cut in two would be missed
            nxt = seed.search(text, we, limit)
            if nxt is None:
                we = limit
                break
            we = nxt.end()
        found.extend(_window(_Words(text, ws, we)))
        pos = we
        m = seed.search(text, we)
    out = []
    last_end = -1
    for q in found:
        if q.start < last_end:
            continue
        last_end = q.end
        s, e = norm.to_original(q.start, q.end)
        out.append((s, e, q))
    return out


def _window(w: _Words) -> list[_Q]:
    found: list[_Q] = []
    for ns, i, j in _find(w):
        got = _one_quantity(w, ns, i, j)
        if got is not None:
            found.append(got[0])
    spans = sorted((q.start, q.end) for q in found)
    starts = [s for s, _ in spans]
    durations = _duration_forms()
    for k, t in enumerate(w.texts):
        if t not in durations:
            continue
        s = w.spans[k][0]
        pos = bisect.bisect_right(starts, s) - 1
        if pos >= 0 and spans[pos][1] > s:
            continue
        got = _unit_only(w, k)
        if got is not None:
            found.append(got[0])
    found.sort(key=lambda q: q.start)
    _share_range_units(w, found)
    return found


def _to_quantities(
    text: str, items: list[tuple[int, int, _Q]], norm: NormalizedText, sentence_starts: list[int] | None = None
) -> list[Quantity]:
    out = []
    size = len(text)
    for n, (s, e, q) in enumerate(items, 1):
        while e < size and unicodedata.category(text[e]) == "Mn":
            e += 1  # the last letter's diacritics (دولارٍ) belong to the span
        counted = None
        if q.counted is not None:
            cs, ce = norm.to_original(*q.counted)
            counted = text[cs:ce]
        sent = bisect.bisect_right(sentence_starts, s) - 1 if sentence_starts else 0
        out.append(
            Quantity(
                id=f"q{n}",
                start=s,
                end=e,
                text=text[s:e],
                value=q.value,
                unit=q.unit,
                kind=q.kind,  # type: ignore[arg-type]
                approximate=q.approximate,
                bound=q.bound,  # type: ignore[arg-type]
                iso=q.iso,
                sentence=max(sent, 0),
                counted=counted,
            )
        )
    return out


def find_quantities(
    text: str, *, sentence_starts: list[int] | None = None, norm: NormalizedText | None = None
) -> list[Quantity]:
    """Every quantity in ``text`` (original, unnormalised), offsets into ``text``."""
    norm = norm or normalize(text)
    return _to_quantities(text, extract(norm), norm, sentence_starts)
