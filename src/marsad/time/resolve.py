"""Resolution: a detected :class:`~marsad.time.grammar.Candidate` and the publication date give an
ISO value, a granularity and a relation to the publication date.

The rules, in short (see ``README`` in this package's ``data/`` folder for the full list):

* An expression that names its own year (2025-10-26, 5 ربيع الآخر 1447 هـ, عام 2024) is
  ``anchor="absolute"`` and needs no publication date.
* Anything counted from "now" (أمس، الأسبوع الماضي، منذ ثلاثة أيام، مطلع العام) and any month, day or
  weekday without a year is resolved against the publication date (``anchor="publication"``).
  Direction words decide the side: الماضي is strictly before the publication date's month/day,
  المقبل strictly after, الجاري/الحالي/هذا the current one. With no direction word the tense of the
  clause decides: in a past clause a bare month is the latest such month not after the publication
  month and a bare weekday the latest such day before the publication date; in a future clause the
  next one (not before / after).
* With no publication date such expressions stay unresolved (``resolved=False``): the value is
  partial where the text gives part of it (``XXXX-06``, ``XXXX-10-26``, ``XXXX-WXX-6``) and None
  where it gives nothing absolute (أمس، الأسبوع الماضي). A full date is never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from marsad.time import calendar as cal
from marsad.time.grammar import Candidate
from marsad.time.lexicon import lexicon


@dataclass(slots=True)
class Resolution:
    type: str
    value: str | None = None
    granularity: str | None = None
    resolved: bool = False
    relation: str | None = None
    anchor: str = "none"
    begin: str | None = None
    finish: str | None = None
    calendar: str = "gregorian"
    mod: str | None = None


def resolve(c: Candidate, dct: date | None, tense: str = "past") -> Resolution:
    """Resolve one candidate against the publication date ``dct`` (None when unknown)."""
    handler = _HANDLERS[c.kind]
    res = handler(c, dct, tense)
    _apply_modifier(res, c.spec.get("mod"), dct)
    return res


def _finish(res: Resolution, dct: date | None) -> Resolution:
    """Fill the relation to the publication date from the value's interval."""
    if res.relation is None and res.resolved:
        span = cal.interval(res.value, res.granularity)
        if span is None and res.begin and res.finish:
            a, b = cal.interval(res.begin, None), cal.interval(res.finish, None)
            span = (a[0], b[1]) if a and b else None
        res.relation = cal.relation(span, dct)
    return res


def _apply_modifier(res: Resolution, mod_text: str | None, dct: date | None) -> None:
    if not mod_text:
        return
    mod, rel = lexicon().modifiers.get(" ".join(mod_text.split()), (None, None))
    if mod:
        res.mod = mod
    if rel and res.resolved:
        res.relation = rel


# --- calendar dates (Gregorian and Hijri) ------------------------------------------------------------


def _cal(c: Candidate, dct: date | None, tense: str) -> Resolution:
    s = c.spec
    if s.get("cal") == "hijri":
        return _hijri(s, dct, tense)
    y, m, d, wd = s.get("y"), s.get("m"), s.get("d"), s.get("wd")
    direction = s.get("dir")
    if y is not None:
        if m is None:
            return _finish(Resolution("date", f"{y:04d}", "year", True, anchor="absolute"), dct)
        if d is None:
            return _finish(Resolution("date", f"{y:04d}-{m:02d}", "month", True, anchor="absolute"), dct)
        try:
            day = date(y, m, d)
        except ValueError:
            return Resolution("date", None, "day")
        return _finish(Resolution("date", day.isoformat(), "day", True, anchor="absolute"), dct)
    if m is not None:
        gran = "day" if d is not None else "month"
        if dct is None:
            partial = f"XXXX-{m:02d}" + (f"-{d:02d}" if d is not None else "")
            return Resolution("date", partial, gran)
        year = _pick_year((dct.year, dct.month, dct.day), m, d, direction, tense)
        value = f"{year:04d}-{m:02d}" + (f"-{d:02d}" if d is not None else "")
        return _finish(Resolution("date", value, gran, True, anchor="publication"), dct)
    if wd is not None:
        pod = s.get("pod")
        suffix = f"T{pod}" if pod else ""
        gran = "part_of_day" if pod else "day"
        typ = "time" if pod else "date"
        if dct is None:
            return Resolution(typ, f"XXXX-WXX-{wd}{suffix}", gran)
        side = "future" if direction == "future" or (direction is None and tense == "future") else "past"
        if direction == "current":
            side = tense
        day = cal.weekday_near(dct, wd, side)
        return _finish(Resolution(typ, day.isoformat() + suffix, gran, True, anchor="publication"), dct)
    return Resolution("date")


def _pick_year(ref: tuple[int, int, int], m: int, d: int | None, direction: str | None, tense: str) -> int:
    if direction == "current":
        return ref[0]
    if direction in ("past", "future"):
        return cal.pick_year(ref, m, d, direction, strict=True)
    return cal.pick_year(ref, m, d, "future" if tense == "future" else "past", strict=False)


def _hijri(s: dict[str, Any], dct: date | None, tense: str) -> Resolution:
    y, m, d = s.get("y"), s.get("m"), s.get("d")
    if y is None and m is not None:
        href = cal.to_hijri(dct) if dct else None
        if href is None:
            return Resolution("date", None, "day" if d else "month", calendar="hijri")
        y = _pick_year(href, m, d, s.get("dir"), tense)
        anchor = "publication"
    else:
        anchor = "absolute"
    if y is None:
        return Resolution("date", None, None, calendar="hijri")
    if m is None:
        span = cal.hijri_year_span(y)
        gran = "year"
    elif d is None:
        span = cal.hijri_month_span(y, m)
        gran = "month"
    else:
        day = cal.hijri_day(y, m, d)
        if day is None:
            return Resolution("date", None, "day", calendar="hijri")
        return _finish(Resolution("date", day.isoformat(), "day", True, anchor=anchor, calendar="hijri"), dct)
    if span is None:
        return Resolution("date", None, gran, calendar="hijri")
    a, b = span[0].isoformat(), span[1].isoformat()
    return _finish(Resolution("date", f"{a}/{b}", gran, True, anchor=anchor, begin=a, finish=b, calendar="hijri"), dct)


# --- counted from the publication date ---------------------------------------------------------------


def _relday(c: Candidate, dct: date | None, tense: str) -> Resolution:
    pod = c.spec.get("pod")
    typ, gran = ("time", "part_of_day") if pod else ("date", "day")
    if dct is None:
        return Resolution(typ, None, gran)
    value, _ = cal.shift(dct, "day", c.spec["offset"])  # type: ignore[misc]
    return _finish(Resolution(typ, value + (f"T{pod}" if pod else ""), gran, True, anchor="publication"), dct)


def _relunit(c: Candidate, dct: date | None, tense: str) -> Resolution:
    unit, n = c.spec["unit"], c.spec["n"]
    gran = unit
    if unit in ("second", "minute", "hour"):
        # "two hours ago": the day is the publication day, the hour is unknown
        ref = "PAST_REF" if n < 0 else "FUTURE_REF" if n > 0 else "PRESENT_REF"
        rel = {"PAST_REF": "before", "FUTURE_REF": "after", "PRESENT_REF": "at"}[ref]
        return Resolution("date", ref, gran, dct is not None, rel if dct else None, "publication" if dct else "none")
    if dct is None:
        return Resolution("date", None, gran)
    shifted = cal.shift(dct, unit, n)
    if shifted is None:
        return Resolution("date", None, gran)
    return _finish(Resolution("date", shifted[0], shifted[1], True, anchor="publication"), dct)


def _ref(c: Candidate, dct: date | None, tense: str) -> Resolution:
    value = c.spec["value"]
    rel = {"PAST_REF": "before", "FUTURE_REF": "after", "PRESENT_REF": "at"}.get(value)
    gran = c.spec.get("granularity") or c.spec.get("unit")
    return Resolution("date", value, gran, True, rel, "publication" if dct else "none")


def _decade(c: Candidate, dct: date | None, tense: str) -> Resolution:
    tens = c.spec["tens"]
    century = c.spec.get("century")
    if century is not None:
        return _finish(Resolution("date", f"{century - 1:02d}{tens}", "decade", True, anchor="absolute"), dct)
    if c.spec.get("cdir") in ("past", "current") and dct is not None:
        base = dct.year // 100 - (1 if c.spec["cdir"] == "past" else 0)
        return _finish(Resolution("date", f"{base:02d}{tens}", "decade", True, anchor="publication"), dct)
    if dct is None:
        return Resolution("date", f"XX{tens}", "decade")
    base = dct.year // 100 if tens <= (dct.year // 10) % 10 else dct.year // 100 - 1
    return _finish(Resolution("date", f"{base:02d}{tens}", "decade", True, anchor="publication"), dct)


def _century(c: Candidate, dct: date | None, tense: str) -> Resolution:
    return _finish(Resolution("date", f"{c.spec['century'] - 1:02d}", "century", True, anchor="absolute"), dct)


def _quarter(c: Candidate, dct: date | None, tense: str) -> Resolution:
    letter = "H" if c.spec["half"] else "Q"
    gran = "half" if c.spec["half"] else "quarter"
    y = c.spec.get("y")
    anchor = "absolute"
    if y is None:
        if dct is None:
            return Resolution("date", f"XXXX-{letter}{c.spec['n']}", gran)
        y, anchor = dct.year + (c.spec.get("yn") or 0), "publication"
    return _finish(Resolution("date", f"{y:04d}-{letter}{c.spec['n']}", gran, True, anchor=anchor), dct)


# --- durations, clock times, sets, ranges ------------------------------------------------------------


def _duration(c: Candidate, dct: date | None, tense: str) -> Resolution:
    n = c.spec["n"]
    value = cal.iso_duration(n, c.spec["unit"])
    res = Resolution("duration", value, c.spec["unit"], n != "X")
    if c.spec.get("relation") and dct is not None:
        res.relation, res.anchor = c.spec["relation"], "publication"
    return res


def _time(c: Candidate, dct: date | None, tense: str) -> Resolution:
    hour, minute = c.spec["hour"], c.spec["minute"]
    gran = "minute" if c.spec.get("minutes") else "hour"
    clock = f"T{hour:02d}:{minute:02d}"
    if c.parts:
        pod = c.parts[0].spec.get("pod")
        if pod in ("AF", "EV", "NI") and hour < 12 and not c.spec.get("shifted"):
            if pod != "NI" or hour >= 6:
                hour += 12  # مساء أمس الساعة الثامنة: 20:00
            clock = f"T{hour:02d}:{minute:02d}"
        day = resolve(c.parts[0], dct, tense)
        if day.resolved and day.value and day.granularity in ("day", "part_of_day"):
            value = day.value.split("T", 1)[0] + clock
            return _finish(Resolution("time", value, gran, True, anchor=day.anchor, calendar=day.calendar), dct)
        if day.value and day.granularity in ("day", "part_of_day"):
            return Resolution("time", day.value.split("T", 1)[0] + clock, gran)
    return Resolution("time", "XXXX-XX-XX" + clock, gran)


def _set(c: Candidate, dct: date | None, tense: str) -> Resolution:
    return Resolution("set", c.spec["value"], c.spec.get("granularity"), True)


def _range(c: Candidate, dct: date | None, tense: str) -> Resolution:
    a, b = (resolve(p, dct, tense) for p in c.parts)
    if a.granularity == "month" and b.granularity == "month" and a.resolved and b.resolved and a.value > b.value:
        # من نوفمبر إلى فبراير: the first month belongs to the year before
        a.value = f"{int(a.value[:4]) - 1:04d}{a.value[4:]}"
    gran = b.granularity
    if a.resolved and b.resolved:
        begin, finish = a.begin or a.value, b.finish or b.value
        anchor = "absolute" if a.anchor == b.anchor == "absolute" else "publication"
        return _finish(
            Resolution("range", f"{begin}/{finish}", gran, True, anchor=anchor, begin=begin, finish=finish), dct
        )
    if a.value and b.value:
        return Resolution("range", f"{a.value}/{b.value}", gran, begin=a.value, finish=b.value)
    return Resolution("range", None, gran)


_HANDLERS = {
    "cal": _cal,
    "relday": _relday,
    "relunit": _relunit,
    "ref": _ref,
    "decade": _decade,
    "century": _century,
    "quarter": _quarter,
    "duration": _duration,
    "time": _time,
    "set": _set,
    "range": _range,
}
