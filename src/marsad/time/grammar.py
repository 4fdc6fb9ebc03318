"""Detection: a table of patterns over the normalised text, built from the lexicons in ``data/``.

Each :class:`Rule` has a regular expression (written in ordinary Arabic spelling with placeholders
such as ``{MONTH}`` or ``{UNIT}``, filled from the lexicons and normalised like the text) and a
reader that turns a match into a :class:`Candidate`: a span in the normalised text and a ``spec``
(plain dict) that :mod:`marsad.time.resolve` turns into a value. A reader may return None to turn
a match down (an ambiguous month name with no date context, ``اليوم`` in ``اليوم الوطني``).

Every pattern may start with conjunction/preposition clitics (و ف ب ل ك), which stay outside the
span, and with a modifier (مطلع، أواخر، في وقت سابق من ...), which is kept in the span. Candidates
from all rules compete: the longest wins, then the earlier rule.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from marsad.caches import WORD_CACHE_SIZE
from marsad.text import normalize_word
from marsad.time.calendar import iso_duration
from marsad.time.lexicon import Lexicon, lexicon
from marsad.time.numbers import parse_count

S = r"[^\S\n]+"  # spaces inside an expression (never a line break)
OS = r"[^\S\n]*"
DEF = r"(?:ال|(?<=ل)ل)"  # the article, also after ل (للعام)
FRACTIONS = {"نصف": 0.5, "النصف": 0.5, "ربع": 0.25, "الربع": 0.25, "ثلث": 1 / 3, "الثلث": 1 / 3}


@dataclass(slots=True)
class Candidate:
    start: int  # normalised offsets
    end: int
    kind: str
    spec: dict[str, Any]
    rule: int = 0
    parts: list[Candidate] = field(default_factory=list)


Reader = Callable[[re.Match[str], str], "Candidate | None"]


@dataclass(slots=True)
class Rule:
    name: str
    regex: re.Pattern[str]
    read: Reader
    triggers: frozenset[str] = frozenset()  # words one of which every match contains ("#" = a digit)


def alt(words: object) -> str:
    """A regex alternation of lexicon entries, longest first, spaces as flexible gaps."""
    items = sorted({str(w) for w in words}, key=len, reverse=True)  # type: ignore[attr-defined]
    return "(?:" + "|".join(S.join(re.escape(p) for p in w.split()) for w in items) + ")"


def _strip_al(w: str) -> str:
    return w[2:] if w.startswith("ال") else w


def _placeholders(lx: Lexicon) -> dict[str, str]:
    singular = [w for w, (_u, n) in lx.units.items() if n == 1]
    return {
        "MONTH": alt(lx.months),
        # a second name for the same month: أيلول/سبتمبر، سبتمبر (أيلول)
        "MONTH2": r"(?:{OS}/{OS}MM|{S}\({OS}MM{OS}\))?".replace("MM", alt(lx.months))
        .replace("{OS}", OS)
        .replace("{S}", S),
        "HMONTH": alt(lx.hijri_months),
        "WD": DEF + alt(_strip_al(w) for w in lx.weekdays),
        "WDBARE": alt(_strip_al(w) for w in lx.weekdays),
        "DIR": alt(lx.directions),
        "UNIT": alt(lx.units),
        "UNIT_SG": alt(singular),
        "UNIT_SG_NODAY": alt(w for w in singular if lx.units[w][0] != "day"),
        "UNIT_DU": alt(w for w, (_u, n) in lx.units.items() if n == 2),
        "UNIT_PL": alt(w for w, (_u, n) in lx.units.items() if n == 0),
        "NUMW": alt(lx.number_words),
        "ORD": alt(lx.ordinals),
        "CENT": alt(lx.centuries),
        "DECADE": alt(lx.decades),
        "HOURS": alt(lx.hours),
        "PODN": alt(lx.pod_nouns),
        "PODA": alt(lx.pod_adverbs),
        "RELDAY": alt(lx.relative_days),
        "REFS": alt(lx.references),
        "SETS": alt(lx.sets),
        "MODS": alt(lx.modifiers),
        "S": S,
        "OS": OS,
        "DEF": DEF,
    }


# Shared pieces (placeholders inside are filled when the rules are compiled).
MODP = r"(?:(?P<mod>{MODS}){S}(?:من{S})?)?"
NUM = r"(?:\d+(?:[.,]\d+)?|{NUMW}(?:{S}(?:و{OS})?(?:{NUMW}))*)"
YEARP = r"(?:{S}(?:من{S})?(?:(?:ال)?عام{S}|(?:ال)?سنة{S})?(?P<y>\d{{4}})(?:{OS}م(?!\w))?)"
HSUF = r"(?:{OS}هـ(?!\w)|{S}(?:للهجرة|هجري|هجرية)(?!\w))"
WDPRE = r"(?:(?:يوم{S})?(?P<wd>{WD})(?:{OS}[،,])?{S}(?:الموافق{S})?)?"
DAYP = r"(?:(?:يوم{S})?(?:ال)?(?P<d>\d{{1,2}})|(?P<dw>{ORD}))"
FRAC = r"(?:نصف|ربع|ثلث)"


def _g(m: re.Match[str], name: str) -> str | None:
    try:
        return m.group(name)
    except IndexError:
        return None


def _cand(match: re.Match[str], kind: str, **spec: Any) -> Candidate:
    span = "x" if _g(match, "x") is not None else "body"
    spec = {k: v for k, v in spec.items() if v is not None}
    mod = _g(match, "mod")
    if mod:
        spec["mod"] = mod
    start = match.start(span)
    if span == "body" and (match.group("pre") or "").endswith("ل") and match.group("body").startswith("ل"):
        start -= 1  # للعام المقبل: ل + ال written لل; keep the word whole rather than cut it
    return Candidate(start, match.end(span), kind, spec)


def _prev_word(text: str, pos: int) -> str:
    m = re.search(r"(\w+)\W*$", text[max(0, pos - 30) : pos])
    return m.group(1) if m else ""


def _next_word(text: str, pos: int, *, across_comma: bool = True) -> str:
    gap = r"[^\S\n]*[،,]?[^\S\n]*" if across_comma else r"[^\S\n]*"
    m = re.match(gap + r"(\w+)", text[pos : pos + 40])
    return m.group(1) if m else ""


def _has_context(m: re.Match[str], text: str, name: str) -> bool:
    """An ambiguous month name (آب، مارس، رمضان) counts only with a date context."""
    lx = lexicon()
    if name not in lx.ambiguous:
        return True
    if any(_g(m, k) for k in ("d", "dw", "y", "dir", "mod")) or "شهر" in m.group("body"):
        return True
    prev = _prev_word(text, m.start("body"))
    return prev in lx.month_cues or (prev[:1] in "وفب" and prev[1:] in lx.month_cues)


def _day(m: re.Match[str]) -> int | None:
    if _g(m, "d"):
        return int(m.group("d"))
    if _g(m, "dw"):
        return lexicon().ordinals.get(_norm_ws(m.group("dw")))
    return None


def _norm_ws(s: str) -> str:
    return " ".join(s.split())


def _wd(m: re.Match[str], group: str = "wd") -> int | None:
    w = _g(m, group)
    if not w:
        return None
    w = w if w.startswith("ال") else "ال" + w[1:] if w.startswith("ل") else "ال" + w
    return lexicon().weekdays.get(w)


def _dir(m: re.Match[str], group: str = "dir") -> str | None:
    d = _g(m, group)
    return lexicon().directions.get(d) if d else None


# --- readers ---------------------------------------------------------------------------------------


def r_numeric(m: re.Match[str], text: str) -> Candidate | None:
    y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    if not (1 <= mo <= 12 and 1 <= d <= 31 and 1800 <= y <= 2200):
        return None
    return _cand(m, "cal", cal="gregorian", y=y, m=mo, d=d)


def r_gdate(m: re.Match[str], text: str) -> Candidate | None:
    name = _norm_ws(m.group("mon"))
    if not _has_context(m, text, name):
        return None
    day = _day(m)
    if day is not None and not 1 <= day <= 31:
        return None
    y = int(m.group("y")) if _g(m, "y") else None
    return _cand(m, "cal", cal="gregorian", y=y, m=lexicon().months[name], d=day, wd=_wd(m), dir=_dir(m))


def r_hdate(m: re.Match[str], text: str) -> Candidate | None:
    name = _norm_ws(m.group("hmon"))
    if not _has_context(m, text, name):
        return None
    day = _day(m)
    if day is not None and not 1 <= day <= 30:
        return None
    y = int(m.group("y")) if _g(m, "y") else None
    if y is not None and not 1300 <= y <= 1600:
        return None
    return _cand(m, "cal", cal="hijri", y=y, m=lexicon().hijri_months[name], d=day, wd=_wd(m), dir=_dir(m))


def r_hyear(m: re.Match[str], text: str) -> Candidate | None:
    return _cand(m, "cal", cal="hijri", y=int(m.group("y")))


def r_year(m: re.Match[str], text: str) -> Candidate | None:
    if _g(m, "y"):
        return _cand(m, "cal", cal="gregorian", y=int(m.group("y")))
    if _g(m, "y2"):
        prev = _prev_word(text, m.start("body"))
        cues = lexicon().month_cues
        # a year alone is a year when a cue word precedes it, when it carries the era letter (2003م) or
        # when it stands alone in brackets after a name or an event ((1949))
        marked = m.group(0).rstrip().endswith("م")
        bracketed = text[: m.start("y2")].rstrip().endswith("(") and text[m.end("y2") :].lstrip().startswith(")")
        if not (prev in cues or (prev[:1] in "وف" and prev[1:] in cues) or _g(m, "mod") or marked or bracketed):
            return None
        return _cand(m, "cal", cal="gregorian", y=int(m.group("y2")))
    value = parse_count(m.group("yw"))
    if isinstance(value, float) and value.is_integer() and 1000 <= value <= 2200:
        return _cand(m, "cal", cal="gregorian", y=int(value))
    return None


def r_weekday(m: re.Match[str], text: str) -> Candidate | None:
    return _cand(m, "cal", cal="gregorian", wd=_wd(m), dir=_dir(m), pod=_pod_noun(m))


def _pod_noun(m: re.Match[str]) -> str | None:
    p = _g(m, "pod")
    return lexicon().pod_nouns.get(p) if p else None


def r_relday(m: re.Match[str], text: str) -> Candidate | None:
    rel = _norm_ws(m.group("rel"))
    offset, pod = lexicon().relative_days[rel]
    if rel.endswith("اليوم") and not _g(m, "wd"):
        # اليوم الوطني، اليوم الأول، اليوم التالي: a day named by what follows, not today
        nxt = _next_word(text, m.end("body"))
        if nxt.startswith("ال") or nxt in ("نفسه", "ذاته"):
            return None
    return _cand(m, "relday", offset=offset, pod=_pod_noun(m) or pod or None)


def r_relunit(m: re.Match[str], text: str) -> Candidate | None:
    unit = lexicon().units[m.group("unit")][0]
    direction = _dir(m)
    if _g(m, "dem"):
        direction = direction or "current"
    if direction is None:
        if not _g(m, "mod"):
            return None  # a bare العام / الشهر: too ambiguous (الأمين العام) without a modifier
        direction = "current"
    return _cand(m, "relunit", unit=unit, n={"past": -1, "future": 1, "current": 0}[direction])


def r_offset(m: re.Match[str], text: str) -> Candidate | None:
    lx = lexicon()
    sign = -1 if m.group("sig") in ("منذ", "قبل") else 1
    nxt = _next_word(text, m.end("body"), across_comma=False)
    if not _g(m, "now") and nxt in ("من", "على", "علي"):
        return None  # قبل أسبوعين من الانتخابات: counted from an event, not from publication
    if _g(m, "u1") or _g(m, "du"):
        prev = _prev_word(text, m.start("body"))
        unit_word = m.group("u1") or m.group("du")
        if prev and lx.units.get(prev, ("",))[0] == lx.units[unit_word][0]:
            return None  # يومًا بعد يوم، عامًا بعد عام: "day after day", not a date
    if _g(m, "u1"):
        if nxt.isdigit() or nxt in lx.months or nxt in lx.weekdays or nxt in lx.hijri_months or nxt in lx.directions:
            return None  # منذ عام 2011، قبل شهر رمضان: the unit noun heads a date
        unit, n = lx.units[m.group("u1")][0], 1.0
    elif _g(m, "du"):
        unit, n = lx.units[m.group("du")][0], 2.0
    elif _g(m, "upl"):
        return _cand(m, "ref", value="PAST_REF" if sign < 0 else "FUTURE_REF", unit=lx.units[m.group("upl")][0])
    else:
        unit = lx.units[m.group("unit")][0]
        count = parse_count(m.group("n"))
        if count is None:
            return None
        if count == "X":
            return _cand(m, "ref", value="PAST_REF" if sign < 0 else "FUTURE_REF", unit=unit)
        n = float(count)
    if not n.is_integer():
        return None
    return _cand(m, "relunit", unit=unit, n=sign * int(n), offset=True)


def r_plref(m: re.Match[str], text: str) -> Candidate | None:
    lx = lexicon()
    unit = lx.units[m.group("upl")][0]
    direction = _dir(m)
    if direction == "current":
        return None
    count: float | str | None = 2.0 if lx.units[m.group("upl")][1] == 2 else None  # العامين الماضيين
    if _g(m, "n"):
        count = parse_count(m.group("n"))
        if count is None:
            return None
    if count is not None:
        return _cand(m, "duration", unit=unit, n=count, relation="before" if direction == "past" else "after")
    return _cand(m, "ref", value="PAST_REF" if direction == "past" else "FUTURE_REF", unit=unit)


def r_ref(m: re.Match[str], text: str) -> Candidate | None:
    value, gran = lexicon().references[_norm_ws(m.group("ref"))]
    return _cand(m, "ref", value=value, granularity=gran)


def r_decade(m: re.Match[str], text: str) -> Candidate | None:
    lx = lexicon()
    century = lx.centuries.get(_norm_ws(m.group("cord"))) if _g(m, "cord") else None
    return _cand(m, "decade", tens=lx.decades[m.group("dec")], century=century, cdir=_dir(m, "cdir"))


def r_century(m: re.Match[str], text: str) -> Candidate | None:
    return _cand(m, "century", century=lexicon().centuries[_norm_ws(m.group("cord"))])


def r_quarter(m: re.Match[str], text: str) -> Candidate | None:
    order = {"الاول": 1, "الثاني": 2, "الثالث": 3, "الرابع": 4, "الاخير": 0}[m.group("qo")]
    half = m.group("qh") == "النصف"
    if half and order > 2:
        return None
    y = _g(m, "y") or _g(m, "y2")
    direction = _dir(m)
    return _cand(
        m,
        "quarter",
        half=half,
        n=order or (2 if half else 4),
        y=int(y) if y else None,
        yn={"past": -1, "future": 1, "current": 0}.get(direction or "current") if not y else None,
    )


def r_time(m: re.Match[str], text: str) -> Candidate | None:
    lx = lexicon()
    minute = 0
    if _g(m, "h") is not None:
        hour = int(m.group("h"))
        minute = int(m.group("mi")) if _g(m, "mi") else 0
        pod = _g(m, "pod")
    elif _g(m, "h2") is not None:
        hour, minute, pod = int(m.group("h2")), int(m.group("mi2")), _g(m, "pod2")
    else:
        hw = _g(m, "hw") or _g(m, "hw3")
        hour = lx.hours[_norm_ws(hw)]
        pod = _g(m, "pod") or _g(m, "pod3")
        frac = _g(m, "frac")
        if frac:
            minute = round(60 * FRACTIONS[frac])
        if _g(m, "minus"):
            minute = -round(60 * FRACTIONS[m.group("minus").rstrip("ا")])
    code = lx.pod_adverbs.get(_norm_ws(pod)) if pod else None
    if code in ("pm", "noon") and hour < 12:
        hour += 12 if (code == "pm" or hour <= 6) else 0
    elif code == "night" and 6 <= hour < 12:
        hour += 12
    if minute < 0:
        hour, minute = hour - 1, 60 + minute
    if not (0 <= hour <= 24 and 0 <= minute <= 59):
        return None
    explicit_minutes = _g(m, "mi") is not None or _g(m, "h2") is not None or minute != 0
    return _cand(m, "time", hour=hour % 24, minute=minute, minutes=explicit_minutes, shifted=code is not None or None)


def r_duration(m: re.Match[str], text: str) -> Candidate | None:
    lx = lexicon()
    frac = _g(m, "frac") or _g(m, "frac2") or _g(m, "frac3")
    extra = FRACTIONS[frac] if frac else 0.0
    if _g(m, "n"):
        count = parse_count(m.group("n"))
        if count is None:
            return None
        return _cand(m, "duration", unit=lx.units[m.group("unit")][0], n=count if count == "X" else count + extra)
    if _g(m, "du"):
        return _cand(m, "duration", unit=lx.units[m.group("du")][0], n=2.0 + extra)
    if _g(m, "u1"):
        return _cand(m, "duration", unit=lx.units[m.group("u1")][0], n=1.0 + extra)
    if _g(m, "fr"):
        return _cand(m, "duration", unit=lx.units[m.group("u2")][0], n=FRACTIONS[m.group("fr")])
    if _g(m, "u3"):
        return _cand(m, "duration", unit=lx.units[m.group("u3")][0], n=1.0)
    if _g(m, "upl"):
        if not (m.group("pre") or "").endswith("ل"):
            return None  # لسنوات (for years); a bare plural is not a duration on its own
        return _cand(m, "duration", unit=lx.units[m.group("upl")][0], n="X")
    return None


def r_set(m: re.Match[str], text: str) -> Candidate | None:
    if _g(m, "wd") or _g(m, "wdb"):
        return _cand(m, "set", value=f"XXXX-WXX-{_wd(m, 'wd' if _g(m, 'wd') else 'wdb')}", granularity="day")
    if _g(m, "n") or _g(m, "du"):
        units = lexicon().units
        count = parse_count(m.group("n")) if _g(m, "n") else 2.0
        unit = units[m.group("unit") or m.group("du")][0] if _g(m, "unit") else units[m.group("du")][0]
        if count is None:
            return None
        return _cand(m, "set", value=iso_duration(count, unit), granularity=unit)
    return _cand(m, "set", value=lexicon().sets[_norm_ws(m.group("set"))])


def r_dayrange(m: re.Match[str], text: str) -> Candidate | None:
    d1, d2 = int(m.group("d1")), int(m.group("d2"))
    name = _norm_ws(m.group("mon"))
    if not (1 <= d1 < d2 <= 31):
        return None
    mon = lexicon().months[name]
    y = int(m.group("y")) if _g(m, "y") else None
    a = Candidate(0, 0, "cal", {"cal": "gregorian", "y": y, "m": mon, "d": d1})
    b = Candidate(0, 0, "cal", {"cal": "gregorian", "y": y, "m": mon, "d": d2})
    c = _cand(m, "range")
    c.parts = [a, b]
    return c


def r_yearrange(m: re.Match[str], text: str) -> Candidate | None:
    y1, y2 = int(m.group("y1")), int(m.group("y2"))
    if not y1 < y2 <= y1 + 200:
        return None
    if not (_g(m, "frm") or _g(m, "dash") or _g(m, "pl")):
        return None
    c = _cand(m, "range")
    c.parts = [
        Candidate(0, 0, "cal", {"cal": "gregorian", "y": y1}),
        Candidate(0, 0, "cal", {"cal": "gregorian", "y": y2}),
    ]
    return c


# --- the rule table --------------------------------------------------------------------------------

RULES: list[tuple[str, str, Reader]] = [
    ("iso-date", r"(?<![\d./-])(?P<y>\d{{4}})[-/.](?P<m>\d{{1,2}})[-/.](?P<d>\d{{1,2}})(?![\d./])", r_numeric),
    ("dmy-date", r"(?<![\d./-])(?P<d>\d{{1,2}})[-/.](?P<m>\d{{1,2}})[-/.](?P<y>\d{{4}})(?![\d./])", r_numeric),
    (
        "day-range",
        r"(?:(?:من|بين){S})?(?:ال)?(?P<d1>\d{{1,2}}){OS}(?:(?:إلى|حتى){S}|و{OS}|[-–]{OS})(?:ال)?(?P<d2>\d{{1,2}})"
        r"{S}(?:من{S})?(?:شهر{S})?(?P<mon>{MONTH}){MONTH2}" + YEARP + "?",
        r_dayrange,
    ),
    (
        "year-range",
        r"(?:(?P<frm>من|بين){S})?(?:(?P<pl>(?:ال)?عامي|(?:ال)?أعوام|(?:ال)?سنوات){S})?(?P<y1>(?:1[89]|20)\d\d)"
        r"{OS}(?:(?:إلى|حتى){S}(?:(?:ال)?عام{S})?|و{OS}|(?P<dash>[-–]){OS})(?P<y2>(?:1[89]|20)\d\d)",
        r_yearrange,
    ),
    (
        "date",
        MODP + WDPRE + DAYP + r"{S}(?:من{S})?(?:شهر{S})?(?P<mon>{MONTH}){MONTH2}(?:" + YEARP + r"|{S}(?P<dir>{DIR}))?",
        r_gdate,
    ),
    (
        "month",
        MODP + r"(?:شهر{S})?(?P<mon>{MONTH}){MONTH2}(?:" + YEARP + r"|{S}(?P<dir>{DIR}))?",
        r_gdate,
    ),
    (
        "hijri-date",
        MODP + WDPRE + DAYP + r"{S}(?:من{S})?(?:شهر{S})?(?P<hmon>{HMONTH})" + YEARP + "?" + HSUF + "?",
        r_hdate,
    ),
    (
        "hijri-month",
        MODP + r"(?:شهر{S})?(?P<hmon>{HMONTH})(?:" + YEARP + HSUF + r"?|{S}(?P<dir>{DIR}))?",
        r_hdate,
    ),
    ("hijri-year", MODP + r"(?:(?:ال)?عام{S}|(?:ال)?سنة{S})?(?P<y>1[3-5]\d\d)" + HSUF, r_hyear),
    (
        "year",
        MODP + r"(?:(?:(?:ال)?عام|(?:ال)?سنة){S}(?:(?P<y>\d{{4}})(?:{OS}م(?!\w))?|(?P<yw>" + NUM + r"))"
        r"|(?P<y2>(?:1[89]|20)\d\d)(?:{OS}م(?!\w))?)",
        r_year,
    ),
    ("weekday", MODP + r"(?:(?P<pod>{PODN}){S})?(?:يوم{S})?(?P<wd>{WD})(?:{S}(?P<dir>{DIR}))?", r_weekday),
    (
        "relative-day",
        MODP + r"(?:(?P<pod>{PODN}){S}(?:يوم{S})?)?(?P<rel>{RELDAY})(?:{OS}[،,]?{OS}(?P<wd>{WD}))?",
        r_relday,
    ),
    (
        "relative-unit",
        MODP + r"(?:(?P<dem>هذا|هذه){S})?{DEF}(?P<unit>{UNIT_SG_NODAY})(?:{S}(?P<dir>{DIR}))?",
        r_relunit,
    ),
    (
        "offset",
        r"(?P<sig>منذ|قبل|بعد){S}(?:(?P<n>" + NUM + r"){S}(?P<unit>{UNIT})|(?P<du>{UNIT_DU})"
        r"|(?P<u1>{UNIT_SG})(?:{S}(?:واحد|واحدة))?|(?P<upl>{UNIT_PL}))(?:{S}(?P<now>من{S}(?:الآن|اليوم)))?",
        r_offset,
    ),
    ("plural-ref", r"{DEF}(?P<upl>{UNIT_PL}|{UNIT_DU}){S}(?:ال(?P<n>" + NUM + r"){S})?(?P<dir>{DIR})", r_plref),
    ("reference", r"(?P<ref>{REFS})", r_ref),
    (
        "decade",
        MODP + r"(?:عقد{S})?{DEF}?(?P<dec>{DECADE})(?:{S}(?:من{S})?القرن{S}(?:(?P<cdir>{DIR})|(?P<cord>{CENT})))?",
        r_decade,
    ),
    ("century", MODP + r"القرن{S}(?P<cord>{CENT})", r_century),
    (
        "quarter",
        r"(?P<qh>الربع|النصف){S}(?P<qo>الأول|الثاني|الثالث|الرابع|الأخير){S}(?:من{S})?"
        r"(?:(?:ال)?عام{S}(?P<y>\d{{4}})|(?P<y2>\d{{4}})|(?:هذا{S})?(?:ال)?(?:عام|سنة)(?:{S}(?P<dir>{DIR}))?)",
        r_quarter,
    ),
    (
        "clock",
        r"(?:(?:ال)?ساعة{S}(?:(?P<h>\d{{1,2}})(?:[:.](?P<mi>\d{{2}}))?|(?P<hw>{HOURS})"
        r"(?:{S}و(?P<frac>النصف|الربع|نصف|ربع|الثلث|ثلث))?(?:{S}إلا{S}(?P<minus>ربعا|ربع|ثلثا|ثلث))?)"
        r"(?:{S}(?P<pod>{PODA}))?"
        r"|(?P<h2>\d{{1,2}}):(?P<mi2>\d{{2}})(?:{S}(?P<pod2>{PODA}))?"
        r"|(?P<hw3>{HOURS}){S}(?P<pod3>{PODA}))"
        r"(?:{S}ب?(?:ال)?توقيت{S}\w+(?:{S}المكرمة)?)?",
        r_time,
    ),
    (
        "duration",
        r"(?:(?P<n>" + NUM + r"){S}(?P<unit>{UNIT})(?:{S}و(?P<frac>" + FRAC + r"))?"
        r"|(?P<du>{UNIT_DU})(?:{S}و(?P<frac2>" + FRAC + r"))?"
        r"|(?P<u1>{UNIT_SG}){S}(?:و(?P<frac3>" + FRAC + r")|(?:واحد|واحدة|كامل|كاملة|كاملا)(?!\w))"
        r"|(?P<fr>" + FRAC + r"){S}(?P<u2>{UNIT_SG})"
        r"|(?:لمدة|مدة|طيلة|طوال|لفترة|فترة){S}(?P<x>(?P<u3>{UNIT_SG}))"
        r"|(?P<upl>{UNIT_PL}))",
        r_duration,
    ),
    (
        "set",
        r"(?:كل{S}(?:يوم{S})?(?:(?P<wd>{WD})|(?P<wdb>{WDBARE}))|كل{S}(?:(?P<n>" + NUM + r"){S}(?P<unit>{UNIT})"
        r"|(?P<du>{UNIT_DU}))|(?P<set>{SETS}))",
        r_set,
    ),
]


DIGIT = "#"  # special triggers start with #: positions of digit patterns found by the regexes below
DIGIT_TRIGGERS = {
    "#date": re.compile(r"\d[-/.]\d"),
    "#year": re.compile(r"[12]\d\d\d"),  # a charset first: re scans fast; a superset of years is fine
    "#clock": re.compile(r"\d:\d\d"),
}
TRIGGER_STOPWORDS = frozenset({"من", "في", "بعد", "اول", "هذا", "هذه", "يوم"})


def _words(phrases: object) -> set[str]:
    return {w for p in phrases for w in str(p).split() if w not in TRIGGER_STOPWORDS}  # type: ignore[attr-defined]


def _triggers(lx: Lexicon) -> dict[str, set[str]]:
    """For each rule, words of which every match contains at least one (a necessary condition, so a
    rule runs only near them). Words are compared after stripping up to four leading letters, so
    clitics and the article (وبالعام) do not hide them."""
    # the distinctive word of each name: the first (كانون، ربيع), or the last after ذو/ذي (الحجه)
    months = {n.split()[0] for n in lx.months}
    hijri = {n.split()[-1] if n.split()[0] in ("ذو", "ذي") else n.split()[0] for n in lx.hijri_months}
    units = set(lx.units)
    return {
        "iso-date": {"#date"},
        "dmy-date": {"#date"},
        "day-range": months,
        "year-range": {"#year"},
        "date": months,
        "month": months,
        "hijri-date": hijri,
        "hijri-month": hijri,
        "hijri-year": {"#year"},
        "year": {"#year", "عام", "سنه"},
        "weekday": {_strip_al(w) for w in lx.weekdays},
        "relative-day": _words(lx.relative_days) | set(lx.pod_nouns),
        "relative-unit": {w for w, (u, n) in lx.units.items() if n == 1 and u != "day"},
        "offset": {"منذ", "قبل", "بعد"},
        "plural-ref": {w for w, (_u, n) in lx.units.items() if n != 1},
        "reference": _words(lx.references),
        "decade": set(lx.decades),
        "century": {"القرن"},
        "quarter": {"الربع", "النصف"},
        "clock": {"#clock", "ساعه"} | _words(lx.hours),
        "duration": units,
        "set": {"كل"} | _words(lx.sets),
    }


@cache
def rules() -> tuple[Rule, ...]:
    lx = lexicon()
    ph = _placeholders(lx)
    triggers = _triggers(lx)
    out = []
    for name, pattern, reader in RULES:
        body = normalize_word(pattern.format(**{k: v for k, v in ph.items()}))
        # Clitics (و ف ب ل ك) before the expression stay outside the span.
        full = r"(?<!\w)(?P<pre>[وف]?[بلك]?)(?P<body>" + body + r")(?!\w)"
        words = {normalize_word(w) for w in triggers.get(name, ())}
        words |= {w[2:] for w in words if w.startswith("ال") and len(w) > 4}  # the stem, for token_index
        words = frozenset(words)
        out.append(Rule(name, re.compile(full), reader, words))
    return tuple(out)


WORD_RE = re.compile(r"\w+")
BACK, AHEAD = 70, 80  # characters searched before and after a trigger word (longer than any match reaches)
# Narrower reaches for rules whose trigger sits near the start or end of every match.
REACH = {
    "offset": (8, 60),
    "duration": (45, 25),
    "relative-unit": (40, 25),
    "plural-ref": (8, 45),
    "weekday": (45, 25),
    "relative-day": (45, 45),
    "set": (8, 45),
    "reference": (25, 30),
    "century": (40, 30),
    "quarter": (8, 60),
    "iso-date": (12, 12),
    "dmy-date": (8, 12),
    "year-range": (40, 30),
}


def _digit_triggers(text: str, index: dict[str, list[int]]) -> None:
    for key, regex in DIGIT_TRIGGERS.items():
        found = [m.start() for m in regex.finditer(text)]
        if found:
            index[key] = found


@cache
def _all_triggers() -> frozenset[str]:
    return frozenset(w for rule in rules() for w in rule.triggers)


CLITIC_LETTERS = frozenset("وفبلكا")


def _word_index(text: str) -> dict[str, list[int]]:
    """Positions of the trigger words in ``text``: whole words, or behind at most four letters of
    clitics and article (وبالعام). ``str.find`` per word is much faster than a regex alternation."""
    index: dict[str, list[int]] = {}
    find = text.find
    for w in _all_triggers():
        if w.startswith(DIGIT):
            continue
        n = len(w)
        pos = find(w)
        while pos >= 0:
            end = pos + n
            if end == len(text) or not (text[end].isalnum() or text[end] == "_"):
                k = pos
                while k > 0 and pos - k < 4 and text[k - 1] in CLITIC_LETTERS:
                    k -= 1
                if k == 0 or not (text[k - 1].isalnum() or text[k - 1] == "_"):
                    index.setdefault(w, []).append(pos)
            pos = find(w, pos + 1)
    _digit_triggers(text, index)
    return index


def _windows(text: str, positions: list[int], back: int = BACK, ahead: int = AHEAD) -> list[tuple[int, int]]:
    """Merged search windows around trigger positions, cut at whitespace so that word boundaries
    at their edges are the text's own."""
    n = len(text)
    out: list[tuple[int, int]] = []
    for p in sorted(set(positions)):
        lo, hi = max(0, p - back), min(n, p + ahead)
        while lo > 0 and not text[lo - 1].isspace():
            lo -= 1
        while hi < n and not text[hi].isspace():
            hi += 1
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    return out


def _scan(rule: Rule, i: int, text: str, lo: int, hi: int, found: list[Candidate]) -> None:
    pos = lo
    regex = rule.regex
    while True:
        m = regex.search(text, pos, hi)
        if m is None:
            break
        c = rule.read(m, text)
        if c is not None and c.end > c.start:
            c.rule = i
            found.append(c)
        # try again from the next character: a turned-down match may hide a shorter good one
        pos = m.start() + 1 if c is None else max(m.start() + 1, m.start("body") + 1)


def trigger_keys(norm: str) -> tuple[str, ...]:
    """The trigger words a normalised word stands for: itself, and the word behind up to three clitic
    letters (و ف ب ل ك) and the article (usually none)."""
    keys = _KEY_CACHE.get(norm)
    if keys is not None:
        return keys
    found = {norm}
    w = norm
    for _ in range(3):
        if w[:1] in "وفبلك" and len(w) > 3:
            w = w[1:]
            found.add(w)
    for k in list(found):
        if k[:2] in ("ال", "لل") and len(k) > 3:
            found.add(k[2:])
    wanted = _all_triggers()
    keys = tuple(k for k in found if k in wanted)
    if len(_KEY_CACHE) >= WORD_CACHE_SIZE:
        _KEY_CACHE.clear()
    _KEY_CACHE[norm] = keys
    return keys


_KEY_CACHE: dict[str, tuple[str, ...]] = {}


@cache
def _surface_forms() -> dict[str, tuple[str, ...]]:
    """Every written form of every trigger word with the clitics news text puts before it
    (و ف, then ب ل ك, then the article), mapped to the trigger words it stands for."""
    table: dict[str, set[str]] = {}
    for w in _all_triggers():
        if w.startswith(DIGIT):
            continue
        bases = {w, "ال" + w, "لل" + w} if not w.startswith("ال") else {w, "ل" + w[1:]}
        for base in bases:
            for conj in ("", "و", "ف"):
                for prep in ("", "ب", "ل", "ك"):
                    table.setdefault(conj + prep + base, set()).add(w)
    return {form: tuple(keys) for form, keys in table.items()}


def token_index(
    words: list[tuple[int, str]], text: str, position: Callable[[int], int] | None = None
) -> dict[str, list[int]]:
    """The trigger index from tokens already found: (start, normalised form) pairs, with ``position``
    mapping a token's start to the normalised text (identity when None). Faster than scanning the text:
    a dictionary of written forms picks the tokens that are trigger words."""
    index: dict[str, list[int]] = {}
    forms = _surface_forms()
    present = {n for _, n in words if n in forms}
    if present:
        for start, norm in words:
            if norm in present:
                p = position(start) if position else start
                for key in forms[norm]:
                    index.setdefault(key, []).append(p)
    _digit_triggers(text, index)
    return index


def detect(text: str, *, windows: bool = True, index: dict[str, list[int]] | None = None) -> list[Candidate]:
    """Non-overlapping candidates in normalised ``text``, in order: longest match first, then rule order.

    With ``windows`` (the default) each rule runs only around its trigger words (found in the text,
    or given as ``index``, see :func:`token_index`); ``windows=False`` runs every rule over the whole
    text (slower, same result: a test checks it)."""
    found: list[Candidate] = []
    if windows and index is None:
        index = _word_index(text)
    index = index or {}
    for i, rule in enumerate(rules()):
        if not windows or not rule.triggers:
            _scan(rule, i, text, 0, len(text), found)
            continue
        positions = [p for w in rule.triggers for p in index.get(w, ())]
        for lo, hi in _windows(text, positions, *REACH.get(rule.name, (BACK, AHEAD))):
            _scan(rule, i, text, lo, hi, found)
    unique = {(c.start, c.end, c.rule): c for c in found}
    ordered = sorted(unique.values(), key=lambda c: (-(c.end - c.start), c.rule, c.start))
    taken: list[Candidate] = []
    occupied: list[tuple[int, int]] = []
    for c in ordered:
        if any(c.start < e and s < c.end for s, e in occupied):
            continue
        taken.append(c)
        occupied.append((c.start, c.end))
    taken.sort(key=lambda c: c.start)
    return _combine(text, taken)


RANGE_BEFORE = re.compile(normalize_word(r"(?:^|\s)(?:من|بين|الفترة\s+من|بين\s+عامي)\s*$"))
RANGE_GAP = re.compile(normalize_word(r"^\s*(?:(?:إلى|حتى)\s+|و\s*|[-–]\s*)$"))
TIME_AFTER_DATE = re.compile(normalize_word(r"^[^\S\n]*(?:[،,][^\S\n]*)?$"))
DATE_AFTER_TIME = re.compile(normalize_word(r"^[^\S\n]*(?:[،,][^\S\n]*)?(?:من[^\S\n]+|في[^\S\n]+)?$"))
DAYLIKE = ("cal", "relday")


def _combine(text: str, items: list[Candidate]) -> list[Candidate]:
    """Join neighbours: a date and a clock time (يوم السبت الساعة العاشرة), and two dates around
    من/بين ... إلى/و (من يونيو إلى أغسطس) into a range."""
    out: list[Candidate] = []
    i = 0
    while i < len(items):
        c = items[i]
        nxt = items[i + 1] if i + 1 < len(items) else None
        if nxt is not None:
            gap = text[c.end : nxt.start]
            if c.kind in DAYLIKE and nxt.kind == "time" and TIME_AFTER_DATE.match(gap):
                out.append(Candidate(c.start, nxt.end, "time", dict(nxt.spec), c.rule, [c, nxt]))
                i += 2
                continue
            if c.kind == "time" and nxt.kind in DAYLIKE and DATE_AFTER_TIME.match(gap) and "hour" in c.spec:
                out.append(Candidate(c.start, nxt.end, "time", dict(c.spec), c.rule, [nxt, c]))
                i += 2
                continue
            if (
                c.kind == "cal"
                and nxt.kind == "cal"
                and RANGE_GAP.match(gap)
                and RANGE_BEFORE.search(text[max(0, c.start - 20) : c.start])
            ):
                head = RANGE_BEFORE.search(text[max(0, c.start - 20) : c.start])
                start = max(0, c.start - 20) + head.start() + (1 if head.group().startswith((" ", "\n")) else 0)
                out.append(Candidate(start, nxt.end, "range", {}, c.rule, [c, nxt]))
                i += 2
                continue
        out.append(c)
        i += 1
    return out
