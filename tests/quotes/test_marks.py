"""Quotation marks in every style."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.quotes import find_marked


def contents(text: str) -> list[str]:
    return [text[m.start : m.end] for m in find_marked(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("قال: “نحن هنا” ثم غادر.", ["نحن هنا"]),
        ("قال: «نحن هنا» ثم غادر.", ["نحن هنا"]),
        ("قال: ‹نحن هنا› ثم غادر.", ["نحن هنا"]),
        ("قال: „نحن هنا“ ثم غادر.", ["نحن هنا"]),
        ('قال: "نحن هنا" ثم غادر.', ["نحن هنا"]),
        ("قال: ”نحن هنا“ ثم غادر.", ["نحن هنا"]),  # marks the wrong way round
        ("قال: »نحن هنا« ثم غادر.", ["نحن هنا"]),
        ("قال: «نحن “هنا” الآن» ثم غادر.", ["نحن “هنا” الآن"]),  # nested: the outer one
        ("قال: «نحن هنا ولن نغادر", ["نحن هنا ولن نغادر"]),  # missing closing mark
        ("قال: «نحن هنا\nولن نغادر»", ["نحن هنا\nولن نغادر"]),  # closing mark a paragraph later
        ("قال: «نحن هنا\n«ولن نغادر»", ["نحن هنا\n«ولن نغادر"]),  # each paragraph opens again
        ('بلغ طول الشاشة 5" فقط.', []),  # a stray straight quote
        ('قال: "نحن هنا', ["نحن هنا"]),  # straight, after a colon, closing mark missing
        ("لا علامات هنا.", []),
        ("«أ» و«ب»", ["أ", "ب"]),
    ],
)
def test_styles(text: str, expected: list[str]) -> None:
    assert contents(text) == expected


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = "قال: «نحن هنا\n\nوفي خبر آخر «تم الافتتاح»."
    assert contents(text) == ["نحن هنا", "تم الافتتاح"]


@given(st.text(alphabet=st.sampled_from(list('ab :\n“”«»‹›„"')), max_size=60))
def test_spans_are_ordered_and_inside_the_text(text: str) -> None:
    prev_end = -1
    for m in find_marked(text):
        assert 0 <= m.open < m.start <= m.end <= len(text)
        assert m.close is None or m.end <= m.close
        assert m.open > prev_end
        prev_end = m.close if m.close is not None else m.end
