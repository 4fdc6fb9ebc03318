"""The shipped lexicons load, are normalised, and the currency table has what the issue names."""

from __future__ import annotations

import pytest

from marsad.quantities.units import adjective_key, context_words, currency_tables, markers, unit_noun, units


def test_units_table():
    table = units()
    assert table[("ايام",)].unit == "day"
    assert table[("كيلومتر", "مربع")].unit == "km2"
    assert unit_noun("أسبوعين").count == 2
    assert unit_noun("شهر").count == 1
    assert unit_noun("كتاب") is None


@pytest.mark.parametrize(("noun", "qualifier", "code"), [
    ("دولار", "أمريكي", "USD"), ("دولار", "كندي", "CAD"), ("يورو", None, "EUR"), ("ريال", None, "SAR"),
    ("ريال", "قطري", "QAR"), ("ريال", "عماني", "OMR"), ("ريال", "يمني", "YER"), ("ريال", "إيراني", "IRR"),
    ("جنيه", None, "EGP"), ("جنيه", "إسترليني", "GBP"), ("درهم", None, "AED"), ("درهم", "مغربي", "MAD"),
    ("دينار", "كويتي", "KWD"), ("دينار", "أردني", "JOD"), ("دينار", "عراقي", "IQD"), ("دينار", "بحريني", "BHD"),
    ("دينار", "تونسي", "TND"), ("دينار", "ليبي", "LYD"), ("دينار", "جزائري", "DZD"), ("روبية", "هندية", "INR"),
    ("روبية", "باكستانية", "PKR"), ("ليرة", "تركية", "TRY"), ("ليرة", "لبنانية", "LBP"), ("ليرة", "سورية", "SYP"),
    ("يوان", None, "CNY"), ("رنمينبي", None, "CNY"), ("ين", None, "JPY"), ("روبل", None, "RUB"),
    ("دينار", None, None), ("ليرة", None, None),
])  # fmt: skip
def test_currency_codes(noun, qualifier, code):
    from marsad.text import normalize_word

    t = currency_tables()
    lemma = t.nouns[normalize_word(noun)]
    if qualifier is None:
        assert t.defaults[lemma] == code
    else:
        assert t.qualified[(lemma, adjective_key(qualifier))] == code


def test_cldr_table_is_shipped():
    t = currency_tables()
    assert len(t.codes) > 150  # every currency in use, from CLDR
    assert t.symbols["ر.س"] == "SAR"
    assert t.symbols["$"] == "USD"


def test_adjective_key_ignores_agreement():
    assert adjective_key("الأمريكية") == adjective_key("أمريكي") == adjective_key("امريكيا")


def test_markers_and_context():
    before = dict(markers()["before"])
    assert before[("نحو",)] == "approximate"
    assert before[("اكثر", "من")] == "lower"
    assert before[("اقل", "من")] == "upper"
    assert "اكتوبر" in context_words()["after"]
