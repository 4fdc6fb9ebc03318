import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.text import normalize, normalize_word, strip_tashkeel

ARABIC_ISH = st.text(
    alphabet=st.one_of(
        st.characters(min_codepoint=0x0600, max_codepoint=0x06FF),
        st.characters(min_codepoint=0xFB50, max_codepoint=0xFEFF),
        st.sampled_from(list(" .،\n\u200b\u200f\u202b\u0640ًٌٍَُِّْ")),
        st.characters(),
    ),
    max_size=200,
)


@pytest.mark.parametrize(
    ("raw", "norm"),
    [
        ("مُؤَكِّدًا", "موكدا"),  # tashkeel removed, hamza on waw folded
        ("إسلام آباد", "اسلام اباد"),  # alef variants
        ("ٱلله", "الله"),  # alef wasla
        ("مستشفى", "مستشفي"),  # alef maqsura
        ("الجمعية العامة", "الجمعيه العامه"),  # taa marbuta
        ("رئيس", "رييس"),  # hamza on ya
        ("الــــولايات", "الولايات"),  # tatweel
        ("٢٠٢٥ و۱۲", "2025 و12"),  # Arabic-Indic and Persian digits
        ("٣٫٥٪", "3.5%"),  # Arabic decimal separator and percent sign
        ("ﻻ", "لا"),  # presentation-form ligature
        ("ﺑﺎﻛﺴﺘﺎﻥ", "باكستان"),  # presentation forms
        ("ماركو\u200f روبيو\u200b", "ماركو روبيو"),  # bidi and zero-width marks
        ("ی و ک", "ي و ك"),  # Persian letters
        ("US Strategic Metals", "US Strategic Metals"),  # Latin untouched
    ],
)
def test_normalize_table(raw, norm):
    assert normalize(raw).text == norm
    assert normalize_word(raw) == norm


def test_identity_map_when_nothing_is_removed():
    n = normalize("أسيم منير")
    assert n.offsets is None
    assert n.to_original(0, 4) == (0, 4)


def test_spans_map_back_to_the_original():
    text = "قَالَ وَزِيرُ الخَارِجِيَّةِ"
    n = normalize(text)
    i = n.text.index("وزير")
    s, e = n.to_original(i, i + len("وزير"))
    assert text[s:e] == "وَزِيرُ"[:-1]  # the trailing damma after the last letter is not part of it
    assert normalize(text[s:e]).text == "وزير"


def test_strip_tashkeel_keeps_letters():
    assert strip_tashkeel("وقّعت شُرِكَةٌ") == "وقعت شركة"


@given(ARABIC_ISH)
def test_normalisation_never_moves_offsets(text):
    n = normalize(text)
    if n.offsets is None:
        assert len(n.text) == len(text)
        return
    assert len(n.offsets) == len(n.text)
    assert list(n.offsets) == sorted(n.offsets)
    for i, ch in enumerate(n.text):
        # each normalised character comes from the original character it points to
        assert ch in normalize_word(text[n.offsets[i]])


@given(ARABIC_ISH)
def test_normalising_twice_changes_nothing(text):
    once = normalize(text).text
    assert normalize(once).text == once


@given(ARABIC_ISH, st.data())
def test_any_normalised_span_maps_to_a_span_that_normalises_back(text, data):
    n = normalize(text)
    if not n.text:
        return
    start = data.draw(st.integers(0, len(n.text) - 1))
    end = data.draw(st.integers(start + 1, len(n.text)))
    s, e = n.to_original(start, end)
    assert 0 <= s < e <= len(text)
    assert n.text[start:end] in normalize(text[s:e]).text
