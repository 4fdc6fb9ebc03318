"""Arabic number words, digits and ordinals (marsad.quantities.numbers), with property tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.quantities.numbers import (
    find_numbers,
    number_lexicon,
    number_to_words,
    parse_digits,
    parse_number_words,
    parse_ordinal,
)
from marsad.text import normalize

WORDS: list[tuple[str, float | None]] = [
    ("مليار و200 مليون", 1.2e9),
    ("مليار و 200 مليون", 1.2e9),
    ("ثلاثة آلاف وخمسمئة", 3500),
    ("ثلاثة آلاف وخمسمائة", 3500),
    ("ثلاثة الاف وخمسميه", 3500),  # normalised spelling
    ("خمسمائة", 500),
    ("خمسمئة", 500),
    ("خمس مئة", 500),
    ("ألفين", 2000),
    ("ألفي", 2000),
    ("ألفان", 2000),
    ("ألف", 1000),
    ("ألفًا", 1000),
    ("واحد وعشرون", 21),
    ("إحدى وعشرون", 21),
    ("اثنان وثلاثون", 32),
    ("أحد عشر", 11),
    ("إحدى عشرة", 11),
    ("اثنا عشر", 12),
    ("اثنتا عشرة", 12),
    ("ثلاثة عشر", 13),
    ("تسعة عشر", 19),
    ("عشرة", 10),
    ("عشرون", 20),
    ("تسعين", 90),
    ("مئة", 100),
    ("مائة", 100),
    ("مئتان", 200),
    ("مئتا", None),  # alone it is also "meta" (ميتا) once normalised
    ("مائتا", 200),
    ("مائتين", 200),
    ("ثلاثمئة", 300),
    ("ثمانمائة", 800),
    ("ثمانيمائة", 800),
    ("مئة وواحد", 101),
    ("مئة وخمسة وعشرون", 125),
    ("تسعمئة وتسعة وتسعون", 999),
    ("ثلاث مئة ألف", 300000),
    ("مئتا ألف", 200000),
    ("مئة ألف", 100000),
    ("أحد عشر ألفًا", 11000),
    ("مليون", 1e6),
    ("مليونان", 2e6),
    ("ثلاثة ملايين", 3e6),
    ("عشرة مليارات", 1e10),
    ("مليار", 1e9),
    ("بليون", 1e9),
    ("تريليون", 1e12),
    ("تريليونين", 2e12),
    ("مليون ونصف", 1.5e6),
    ("مليون ونصف المليون", 1.5e6),
    ("ألف ونصف", 1500),
    ("نصف مليون", 5e5),
    ("ربع مليون", 2.5e5),
    ("ثلاثة ونصف", 3.5),
    ("نصف", 0.5),
    ("ربع", 0.25),
    ("ثلث", 1 / 3),
    ("ثلثا", 2 / 3),
    ("ثلاثة أرباع", 0.75),
    ("شهر ونصف", 1.5),
    ("ساعتين ونصف", 2.5),
    ("ساعة وربع", 1.25),
    ("يومين و نصف", 2.5),
    ("1.5 مليار", 1.5e9),
    ("٣٫٥ مليون", 3.5e6),
    ("2,5 مليار", 2.5e9),
    ("١٢٬٠٠٠", 12000),
    ("1,500,000", 1.5e6),
    ("1.500.000", 1.5e6),
    ("۱۲۳", 123),  # Persian digits
    ("٤٥", 45),
    ("صفر", 0),
    ("مليون وألف", 1001000),
    ("ألف وتسعمئة وخمسة وعشرون", 1925),
    # not one number
    ("عشرات", None),
    ("مئات", None),
    ("آلاف", None),
    ("أحد", None),
    ("إحدى", None),
    ("الاثنين", None),
    ("الأول", None),
    ("ثلاثة وأربعة", None),
    ("خمسة أيام", None),
    ("دولار", None),
    ("", None),
    ("شهر", None),
]


@pytest.mark.parametrize(("text", "value"), WORDS, ids=[w[0] or "empty" for w in WORDS])
def test_parse_number_words(text, value):
    got = parse_number_words(text)
    if value is None:
        assert got is None
    else:
        assert got == pytest.approx(value)


ORDINALS = [
    ("الأول", 1),
    ("أول", 1),
    ("الأولى", 1),
    ("الثاني", 2),
    ("الثانية", 2),
    ("العاشر", 10),
    ("الحادي عشر", 11),
    ("الحادية عشرة", 11),
    ("الثاني عشر", 12),
    ("الثالث عشر", 13),
    ("الحادي والعشرون", 21),
    ("الخامس والعشرون", 25),
    ("التاسع والتسعين", 99),
    ("الـ75", 75),
    ("ال 30", 30),
    ("الحادي", None),
    ("ثلاثة", None),
    ("الأول الثاني", None),
]


@pytest.mark.parametrize(("text", "value"), ORDINALS, ids=[o[0] for o in ORDINALS])
def test_parse_ordinal(text, value):
    assert parse_ordinal(text) == value


@pytest.mark.parametrize(
    ("digits", "value"),
    [("1500", 1500), ("1,500", 1500), ("1.5", 1.5), ("2,5", 2.5), ("1,500,000.25", 1500000.25),
     ("1.500.000,5", 1500000.5), ("12,34,56", None), ("0.75", 0.75)],
)  # fmt: skip
def test_parse_digits(digits, value):
    assert parse_digits(digits) == value


def test_find_numbers_kinds():
    norm = normalize("ارتفع 3.5% بعد عشرات الآلاف و15 بالمئة والثالث عشر وثلثي نصف مليون").text
    got = [(n.text, n.value, n.kind) for n in find_numbers(norm)]
    assert got == [
        ("3.5%", 3.5, "percent"),
        ("عشرات الالاف", 10000.0, "vague"),
        ("15 بالميه", 15.0, "percent"),
        ("الثالث عشر", 13.0, "ordinal"),
        ("ثلثي", pytest.approx(2 / 3), "fraction"),
        ("نصف مليون", 500000.0, "cardinal"),
    ]


def test_find_numbers_without_ordinals():
    assert [n.kind for n in find_numbers("الثاني و3", ordinals=False)] == ["cardinal"]


def test_lexicon_is_normalised():
    lex = number_lexicon()
    assert "ميه" in lex and "مئة" not in lex  # entries pass through normalize_word
    assert lex["الفين"] == ("scale_dual", 1000.0)


# --- property tests: write the number in words, parse it back -----------------------------------

NUMBERS = st.one_of(st.integers(0, 1000), st.integers(0, 10**6), st.integers(0, 10**12))


@settings(max_examples=300, deadline=None)
@given(NUMBERS)
def test_words_round_trip(n):
    assert parse_number_words(number_to_words(n)) == n


@settings(max_examples=200, deadline=None)
@given(NUMBERS)
def test_words_round_trip_normalised_and_old_spelling(n):
    words = number_to_words(n, hundred="مائة")
    assert parse_number_words(normalize(words).text) == n
    assert parse_number_words(words) == n


@settings(max_examples=200, deadline=None)
@given(NUMBERS)
def test_mixed_digits_and_words_round_trip(n):
    assert parse_number_words(number_to_words(n, digit_groups=True)) == n


@settings(max_examples=100, deadline=None)
@given(st.integers(1, 10**12), st.sampled_from(["قال إن ", "بلغ ", "نحو "]), st.sampled_from([" دولار", " شخص", ""]))
def test_found_in_a_sentence(n, before, after):
    text = before + number_to_words(n) + after
    spans = [s for s in find_numbers(normalize(text).text) if s.kind == "cardinal"]
    assert [s.value for s in spans] == [n]


@settings(max_examples=100, deadline=None)
@given(st.text(alphabet="ثلاثة آلاف وخمسمئة مليون نصف و12,.% ٣٤ عشر الأول", max_size=60))
def test_spans_slice_back(text):
    for s in find_numbers(text):
        assert text[s.start : s.end] == s.text


def test_number_to_words_examples():
    assert number_to_words(1234) == "ألف ومئتان وأربعة وثلاثون"
    assert number_to_words(2_000_000) == "مليونان"
    assert number_to_words(1_200_000_000, digit_groups=True) == "مليار و200 مليون"
    with pytest.raises(ValueError):
        number_to_words(-1)
