"""Calendar arithmetic for the time layer: ISO values, their intervals, shifts from a reference date,
and the Hijri calendar (through ``hijridate``, Umm al-Qura tables, 1343-1500 AH = 1924-2077 CE).

Value forms (TimeML TIMEX3 conventions):

=============  =================  ==========================================
granularity    value              example
=============  =================  ==========================================
minute / hour  YYYY-MM-DDTHH:MM   2025-10-25T10:30
part_of_day    YYYY-MM-DDTPP      2025-10-25TMO (MO, AF, EV, NI, MI)
day            YYYY-MM-DD         2025-10-25
week           YYYY-Www           2025-W43 (ISO weeks, Monday first)
month          YYYY-MM            2025-06
quarter        YYYY-Qn            2025-Q1
half           YYYY-Hn            2025-H1
year           YYYY               2025
decade         YYY                198 (the 1980s)
century        YY                 19 (1900-1999)
=============  =================  ==========================================

Parts that cannot be known are written with X: ``XXXX-06`` (June, year unknown), ``XXXX-10-26``,
``XXXX-WXX-6`` (a Saturday), ``XXXX-XX-XXT10:30`` (a clock time on an unknown day).
"""

from __future__ import annotations

import calendar as _cal
from datetime import date, timedelta

from hijridate import Gregorian, Hijri

UNIT_ORDER = ("second", "minute", "hour", "day", "week", "month", "quarter", "half", "year", "decade", "century")


def add_months(y: int, m: int, n: int) -> tuple[int, int]:
    total = y * 12 + (m - 1) + n
    return total // 12, total % 12 + 1


def month_end(y: int, m: int) -> date:
    return date(y, m, _cal.monthrange(y, m)[1])


def shift(ref: date, unit: str, n: int) -> tuple[str, str] | None:
    """The value ``n`` units from ``ref`` at the unit's granularity (None below a day)."""
    if unit == "day":
        return (ref + timedelta(days=n)).isoformat(), "day"
    if unit == "week":
        y, w, _ = (ref + timedelta(weeks=n)).isocalendar()
        return f"{y}-W{w:02d}", "week"
    if unit == "month":
        y, m = add_months(ref.year, ref.month, n)
        return f"{y:04d}-{m:02d}", "month"
    if unit == "quarter":
        q = (ref.year * 4 + (ref.month - 1) // 3) + n
        return f"{q // 4:04d}-Q{q % 4 + 1}", "quarter"
    if unit == "year":
        return f"{ref.year + n:04d}", "year"
    if unit == "decade":
        return f"{ref.year // 10 + n:03d}", "decade"
    if unit == "century":
        return f"{ref.year // 100 + n:02d}", "century"
    return None


def interval(value: str | None, granularity: str | None) -> tuple[date, date] | None:
    """First and last day covered by a resolved value (None when it is partial or vague)."""
    if not value or "X" in value or value.endswith("_REF"):
        return None
    try:
        if "/" in value:
            a, b = value.split("/", 1)
            ia, ib = interval(a, None), interval(b, None)
            return (ia[0], ib[1]) if ia and ib else None
        if "T" in value:
            value = value.split("T", 1)[0]
        if len(value) == 10:
            d = date.fromisoformat(value)
            return d, d
        if "-W" in value:
            y, w = int(value[:4]), int(value[6:8])
            start = date.fromisocalendar(y, w, 1)
            return start, start + timedelta(days=6)
        if "-Q" in value:
            y, q = int(value[:4]), int(value[6])
            return date(y, 3 * q - 2, 1), month_end(y, 3 * q)
        if "-H" in value:
            y, h = int(value[:4]), int(value[6])
            return date(y, 6 * h - 5, 1), month_end(y, 6 * h)
        if len(value) == 7:
            y, m = int(value[:4]), int(value[5:7])
            return date(y, m, 1), month_end(y, m)
        if len(value) == 4:
            return date(int(value), 1, 1), date(int(value), 12, 31)
        if len(value) == 3:
            return date(int(value) * 10, 1, 1), date(int(value) * 10 + 9, 12, 31)
        if len(value) == 2:
            return date(int(value) * 100, 1, 1), date(int(value) * 100 + 99, 12, 31)
    except ValueError:
        return None
    return None


def relation(span: tuple[date, date] | None, ref: date | None) -> str | None:
    if span is None or ref is None:
        return None
    if span[1] < ref:
        return "before"
    if span[0] > ref:
        return "after"
    return "at"


def weekday_near(ref: date, weekday: int, direction: str) -> date:
    """The closest ``weekday`` (ISO, Monday=1) strictly before (past) or after (future) ``ref``."""
    if direction == "future":
        return ref + timedelta(days=(weekday - ref.isoweekday()) % 7 or 7)
    return ref - timedelta(days=(ref.isoweekday() - weekday) % 7 or 7)


def pick_year(ref_ymd: tuple[int, int, int], month: int, day: int | None, direction: str, strict: bool) -> int:
    """The year that puts (month, day) on the wanted side of the reference (y, m, d).

    ``direction`` past/future; ``strict`` excludes the reference's own month (or day, when ``day``
    is given): June in "June last" is strictly before, a bare June in a past sentence is not after."""
    ry, rm, rd = ref_ymd
    here = (rm, rd) if day is not None else (rm,)
    there = (month, day) if day is not None else (month,)
    if direction == "future":
        return ry if (there > here or (there == here and not strict)) else ry + 1
    return ry if (there < here or (there == here and not strict)) else ry - 1


# --- Hijri ----------------------------------------------------------------------------------------


def to_hijri(d: date) -> tuple[int, int, int] | None:
    try:
        h = Gregorian(d.year, d.month, d.day).to_hijri()
    except (OverflowError, ValueError):
        return None
    return h.year, h.month, h.day


def hijri_day(y: int, m: int, d: int) -> date | None:
    try:
        g = Hijri(y, m, d).to_gregorian()
    except (OverflowError, ValueError):
        return None
    return date(g.year, g.month, g.day)


def hijri_month_span(y: int, m: int) -> tuple[date, date] | None:
    try:
        length = Hijri(y, m, 1).month_length()
    except (OverflowError, ValueError):
        return None
    a, b = hijri_day(y, m, 1), hijri_day(y, m, length)
    return (a, b) if a and b else None


def hijri_year_span(y: int) -> tuple[date, date] | None:
    a, b = hijri_month_span(y, 1), hijri_month_span(y, 12)
    return (a[0], b[1]) if a and b else None


def iso_duration(n: float | str, unit: str) -> str:
    """ISO 8601 duration: P4D, PT2H, P1.5M, P2DE (decades) ... ``n`` may be "X" (unknown count).

    Fractions are written with a dot on the unit itself (P1.5M for شهر ونصف), as ISO 8601 allows for
    the lowest-order component; fractional decades and centuries become years (ربع قرن -> P25Y)."""
    if isinstance(n, float) and not n.is_integer() and unit in ("decade", "century"):
        n, unit = n * (10 if unit == "decade" else 100), "year"
    num = n if isinstance(n, str) else (str(int(n)) if float(n).is_integer() else f"{n:g}")
    code = {
        "second": "TS", "minute": "TM", "hour": "TH", "day": "D", "week": "W", "month": "M",
        "year": "Y", "decade": "DE", "century": "CE",
    }[unit]  # fmt: skip
    if code.startswith("T"):
        return f"PT{num}{code[1:]}"
    return f"P{num}{code}"
