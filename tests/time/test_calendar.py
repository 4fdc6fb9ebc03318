"""Calendar arithmetic, with property tests."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.time import calendar as cal

dates = st.dates(min_value=date(1930, 1, 1), max_value=date(2070, 12, 31))


@given(dates, st.integers(1, 7), st.sampled_from(["past", "future"]))
def test_weekday_near(ref, weekday, direction):
    d = cal.weekday_near(ref, weekday, direction)
    assert d.isoweekday() == weekday
    delta = (d - ref).days
    assert (1 <= delta <= 7) if direction == "future" else (-7 <= delta <= -1)


@given(dates, st.sampled_from(["day", "week", "month", "quarter", "year", "decade", "century"]), st.integers(-15, 15))
def test_shift_gives_an_interval_on_the_right_side(ref, unit, n):
    value, gran = cal.shift(ref, unit, n)
    span = cal.interval(value, gran)
    assert span is not None and span[0] <= span[1]
    rel = cal.relation(span, ref)
    assert rel == ("before" if n < 0 else "after" if n > 0 else "at")


@given(dates, st.integers(1, 12), st.sampled_from(["past", "future"]), st.booleans())
def test_pick_year(ref, month, direction, strict):
    y = cal.pick_year((ref.year, ref.month, ref.day), month, None, direction, strict)
    start, end = date(y, month, 1), cal.month_end(y, month)
    if direction == "past":
        assert start <= ref if not strict else end < date(ref.year, ref.month, 1)
        assert (date(y + 1, month, 1) > ref) if not strict else True
    else:
        assert end >= ref if not strict else start > cal.month_end(ref.year, ref.month)


@given(st.dates(min_value=date(1940, 1, 1), max_value=date(2070, 1, 1)))
def test_hijri_round_trip(d):
    h = cal.to_hijri(d)
    assert h is not None and cal.hijri_day(*h) == d


@pytest.mark.parametrize(
    ("n", "unit", "iso"),
    [
        (4.0, "day", "P4D"),
        (1.5, "month", "P1.5M"),
        (2.0, "hour", "PT2H"),
        (0.5, "hour", "PT0.5H"),
        (30.0, "minute", "PT30M"),
        (2.0, "decade", "P2DE"),
        (0.25, "century", "P25Y"),
        ("X", "year", "PXY"),
    ],
)
def test_iso_duration(n, unit, iso):
    assert cal.iso_duration(n, unit) == iso


@pytest.mark.parametrize(
    ("value", "first", "last"),
    [
        ("2025-W43", date(2025, 10, 20), date(2025, 10, 26)),
        ("2025-Q1", date(2025, 1, 1), date(2025, 3, 31)),
        ("2024-H2", date(2024, 7, 1), date(2024, 12, 31)),
        ("198", date(1980, 1, 1), date(1989, 12, 31)),
        ("19", date(1900, 1, 1), date(1999, 12, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2025-10-25TMO", date(2025, 10, 25), date(2025, 10, 25)),
        ("2020/2022", date(2020, 1, 1), date(2022, 12, 31)),
    ],
)
def test_interval(value, first, last):
    assert cal.interval(value, None) == (first, last)


@pytest.mark.parametrize("value", ["XXXX-06", "PAST_REF", None, "XXXX-WXX-6"])
def test_partial_values_have_no_interval(value):
    assert cal.interval(value, None) is None


def test_relation_edges():
    ref = date(2025, 10, 26)
    assert cal.relation((ref - timedelta(1), ref - timedelta(1)), ref) == "before"
    assert cal.relation((ref, ref), ref) == "at"
    assert cal.relation((ref + timedelta(1), ref + timedelta(3)), ref) == "after"
    assert cal.relation((ref, ref), None) is None
