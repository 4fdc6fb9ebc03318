"""The canonical article (../shared): the quantities the issue names, and nothing that is not one."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="module")
def quantities(canonical_analysis):
    assert "quantities" in canonical_analysis.stages, canonical_analysis.errors
    return canonical_analysis.quantities


def _one(quantities, text):
    hits = [q for q in quantities if q.text == text]
    assert len(hits) == 1, [q.text for q in quantities]
    return hits[0]


def test_money(quantities):
    q = _one(quantities, "نحو 500 مليون دولار")
    assert (q.value, q.unit, q.kind, q.approximate, q.bound) == (500_000_000, "USD", "money", True, "exact")


@pytest.mark.parametrize(("text", "value", "unit", "iso"), [
    ("أربعة أيام", 4, "day", "P4D"),
    ("خمسة أيام", 5, "day", "P5D"),
    ("شهر ونصف", 1.5, "month", "P1.5M"),
])  # fmt: skip
def test_durations(quantities, text, value, unit, iso):
    q = _one(quantities, text)
    assert (q.value, q.unit, q.kind, q.iso) == (value, unit, "duration", iso)


def test_ordinals(quantities):
    firsts = [q for q in quantities if q.kind == "ordinal" and q.value == 1]
    assert {q.counted for q in firsts} == {"قائد", "شحنة"}
    second = _one(quantities, "الثانية")
    assert second.kind == "ordinal" and second.value == 2


def test_nothing_else(canonical_text, quantities):
    # every quantity is one of these; USSM, the year-less dates and the quotes give none
    allowed = {"نحو 500 مليون دولار", "أربعة أيام", "خمسة أيام", "شهر ونصف", "أول", "الثانية"}
    assert {q.text for q in quantities} <= allowed
    assert not [q for q in quantities if "USSM" in q.text or q.value is None]
    for q in quantities:
        assert canonical_text[q.start : q.end] == q.text
        assert q.id.startswith("q")


def test_sentence_index(canonical_analysis, quantities):
    for q in quantities:
        sent = canonical_analysis.sentences[q.sentence]
        assert sent.start <= q.start < sent.end
