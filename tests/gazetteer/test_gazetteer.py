"""The geographic gazetteer: coverage of ISO countries, spelling variants, collisions, offsets."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad import gazetteer
from marsad.gazetteer import Entry, Gazetteer
from marsad.text import normalize


def test_every_iso_country_is_present():
    import pycountry  # build-time source, used here only to check coverage

    have = {c.iso3 for c in gazetteer.countries()}
    missing = [c.alpha_3 for c in pycountry.countries if c.alpha_3 not in have]
    assert missing == []
    for c in gazetteer.countries():
        assert len(c.iso2) == 2 and len(c.iso3) == 3
        assert c.names_ar and c.name_en


@pytest.mark.parametrize(
    ("name", "iso3", "kind"),
    [
        ("الولايات المتحدة", "USA", "country"),
        ("الولايات المتحدة الأمريكية", "USA", "country"),
        ("أمريكا", "USA", "country"),
        ("أميركا", "USA", "country"),
        ("الهند", "IND", "country"),
        ("باكستان", "PAK", "country"),
        ("إسلام آباد", "PAK", "capital"),
        ("اسلام اباد", "PAK", "capital"),
        ("نيودلهي", "IND", "capital"),
        ("نيو دلهي", "IND", "capital"),
        ("دلهي الجديدة", "IND", "capital"),
        ("واشنطن", "USA", "capital"),
        ("الأمريكي", "USA", "demonym"),
        ("الأمريكية", "USA", "demonym"),
        ("الأمريكيون", "USA", "demonym"),
        ("الأمريكيين", "USA", "demonym"),
        ("الأميركيين", "USA", "demonym"),
        ("الهنود", "IND", "demonym"),
        ("الهندي", "IND", "demonym"),
        ("الباكستاني", "PAK", "demonym"),
        ("الباكستانيون", "PAK", "demonym"),
        ("باكستانيات", "PAK", "demonym"),
        ("الأفغان", "AFG", "demonym"),
        ("تركيا", "TUR", "country"),  # the country, not the accusative of تركي
        ("كراتشي", "PAK", "city"),
        ("بلوشستان", "PAK", "region"),
        ("أبين", "YEM", "region"),  # first-level divisions of the countries in the news
        ("الأنبار", "IRQ", "region"),
        ("عين العرب", "SYR", "city"),
        ("بنجالور", "IND", "city"),
        ("ريف دمشق", "SYR", "region"),
        ("القلمون", "SYR", "region"),
        ("بلجرشي", "SAU", "city"),  # the tagger took it for a person
        ("اشيقر", "SAU", "city"),
    ],
)
def test_lookup_variants(name, iso3, kind):
    entries = gazetteer.lookup(name)
    assert entries, name
    assert (entries[0].iso3, entries[0].kind) == (iso3, kind)


@pytest.mark.parametrize("code", ["PAK", "PK", "pak", "Pakistan", "باكستان", "الباكستان"])
def test_country_lookup(code):
    c = gazetteer.country(code)
    assert c is not None and c.iso3 == "PAK"
    assert "إسلام آباد" in c.capitals_ar
    assert "الباكستانيين" in c.demonyms_ar


def test_country_unknown():
    assert gazetteer.country("ZZZ") is None


@pytest.mark.parametrize(
    "text",
    [
        "العلاقات بين البلدين",
        "اعترفت بدور واشنطن",  # بدور is "the role of", not a place
        "قدمت دعما ماليا كبيرا والمساعدات المالية",
        "الدعم المالي للبنين والبنات",
        "كيف يمكن ذلك",
        # places whose names are ordinary words are left out of the lists: الخبر (Khobar) "the news",
        # ينبع (Yanbu) "springs", تدمر (Palmyra) "destroys", حجة (Hajjah) "an argument"
        "وتابع الخبر الذي ينبع من مصدر لا تدمر حجته",
    ],
)
def test_ordinary_words_never_match(text):
    found = [normalize(text).text[m.start : m.end] for m in gazetteer.find(normalize(text).text)]
    assert all(f not in ("بين", "بدور", "دور", "ماليا", "الماليه", "المالي", "للبنين", "كيف") for f in found), found
    assert all(f not in ("الخبر", "ينبع", "تدمر", "حجته") for f in found), found
    assert all(m.iso3 != "MLI" for m in gazetteer.find(normalize(text).text))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("بين واشنطن وإسلام آباد", ["واشنطن", "إسلام آباد"]),
        ("زار بالهند ثم وللهند", ["الهند", "للهند"]),
        ("وبباكستان", ["باكستان"]),
        ("الولايات المتحدة الأمريكية وباكستان", ["الولايات المتحدة الأمريكية", "باكستان"]),
        ("مع الولايات المتحدة، مع باكستان", ["الولايات المتحدة", "باكستان"]),
        ("وأعتقد أن الهنود يتعاملون", ["الهنود"]),
    ],
)
def test_find_in_text_longest_match_and_clitics(text, expected):
    assert [text[m.start : m.end] for m in gazetteer.find_in_text(text)] == expected


def test_small_in_memory_gazetteer():
    g = Gazetteer([Entry("نيو يورك", "city", "USA", "New York"), Entry("يورك", "city", "GBR", "York")], stop=["يورك"])
    assert [(m.key, m.iso3) for m in g.find("من نيو يورك الى يورك")] == [("نيو يورك", "USA")]


def test_priority_country_over_demonym():
    g = Gazetteer([Entry("تركيا", "demonym", "TUR", "Turkey"), Entry("تركيا", "country", "TUR", "Turkey")])
    assert g.lookup("تركيا").kind == "country"


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(["باكستان", "وإسلام", "آباد", "بين", "الهند", " ", "،", "مالي", "أميركا", "x"]), max_size=12
    )
)
def test_offsets_slice_back(parts):
    text = " ".join(parts)
    for m in gazetteer.find_in_text(text):
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end].strip() == text[m.start : m.end]
