"""The canonical article (published 2025-10-26): the time layer's must-show expressions."""

from __future__ import annotations

import pytest

from marsad.pipeline import Pipeline

EXPECTED = [
    # (expression, value, granularity, relation)
    ("يوم السبت", "2025-10-25", "day", "before"),
    ("يونيو الماضي", "2025-06", "month", "before"),
    ("أغسطس", "2025-08", "month", "before"),
    ("وقت سابق من الشهر الجاري", "2025-10", "month", "before"),
    ("أربعة أيام", "P4D", "day", None),
    ("خمسة أيام", "P5D", "day", None),
    ("شهر ونصف", "P1.5M", "month", None),
]


@pytest.fixture(scope="module")
def times(canonical_text):
    return Pipeline(["text", "time"])(canonical_text, published="2025-10-26", title_first_line=True).times


@pytest.fixture(scope="module")
def times_no_date(canonical_text):
    return Pipeline(["text", "time"])(canonical_text, title_first_line=True).times


def _one(times, text):
    hits = [t for t in times if t.text == text]
    assert hits, f"{text!r} not found; found {[t.text for t in times]}"
    return hits[0]


@pytest.mark.parametrize(("text", "value", "granularity", "relation"), EXPECTED)
def test_canonical_times(times, text, value, granularity, relation):
    t = _one(times, text)
    assert (t.value, t.granularity, t.relation) == (value, granularity, relation)
    assert t.resolved


def test_both_septembers(times, canonical_text):
    septembers = [t for t in times if t.text == "سبتمبر"]
    assert len(septembers) == 2
    assert all(t.value == "2025-09" and t.granularity == "month" and t.anchor == "publication" for t in septembers)


def test_spans_slice_the_original_text(times, canonical_text):
    for t in times:
        assert canonical_text[t.start : t.end] == t.text


def test_duration_types(times):
    for text in ("أربعة أيام", "خمسة أيام", "شهر ونصف"):
        assert _one(times, text).type == "duration"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("يوم السبت", "XXXX-WXX-6"),
        ("يونيو الماضي", "XXXX-06"),
        ("أغسطس", "XXXX-08"),
        ("وقت سابق من الشهر الجاري", None),
        ("أربعة أيام", "P4D"),
        ("شهر ونصف", "P1.5M"),
    ],
)
def test_canonical_without_publication_date(times_no_date, text, value):
    t = _one(times_no_date, text)
    assert t.value == value
    if t.type != "duration":
        assert not t.resolved and t.anchor == "none" and t.relation is None


def test_registered_in_default_pipeline(canonical_analysis):
    assert "time" in canonical_analysis.stages
    got = {(t.text, t.value) for t in canonical_analysis.times}
    assert ("يوم السبت", "2025-10-25") in got
    assert ("شهر ونصف", "P1.5M") in got
