"""The speech-verb lexicon: forms in every person, participles, nominal cues."""

from __future__ import annotations

import pytest

from marsad.quotes.lexicon import QuoteLexicon, default_lexicon
from marsad.text import normalize_word


@pytest.mark.parametrize(
    ("word", "lemma", "participle"),
    [
        ("قال", "قال", False),
        ("قالت", "قال", False),
        ("قالوا", "قال", False),
        ("قلت", "قال", False),
        ("يقول", "قال", False),
        ("تقولون", "قال", False),
        ("قائلًا", "قال", True),
        ("أضافت", "اضاف", False),
        ("يضيف", "اضاف", False),
        ("مضيفًا", "اضاف", True),
        ("أكّد", "اكد", False),
        ("يؤكدون", "اكد", False),
        ("مؤكدةً", "اكد", True),
        ("أشارت", "اشار", False),
        ("مشيرين", "اشار", True),
        ("نفت", "نفي", False),
        ("نافيًا", "نفي", True),
        ("دعت", "دعا", False),
        ("داعيًا", "دعا", True),
        ("حذّر", "حذر", False),
        ("محذرًا", "حذر", True),
        ("صرّح", "صرح", False),
        ("شدّدت", "شدد", False),
        ("قيل", "قيل", False),
        ("سُئل", "سيل", False),
        ("أجاب", "اجاب", False),
    ],
)
def test_verb_forms(word: str, lemma: str, participle: bool) -> None:
    form = default_lexicon().forms[normalize_word(word)]
    assert form.verb.lemma == lemma
    assert form.participle is participle


def test_classes_of_special_verbs() -> None:
    forms = default_lexicon().forms
    assert forms["قيل"].verb.cls == "passive"
    assert forms[normalize_word("سُئل")].verb.cls == "question"
    assert forms[normalize_word("أجاب")].verb.cls == "answer"
    assert forms[normalize_word("وصف")].verb.cls == "describe"


@pytest.mark.parametrize(
    ("phrase", "cls"),
    [("وفقا ل", "via"), ("بحسب", "via"), ("نقلا عن", "via"), ("في بيان", "via"), ("في مقابلة", "via"),
     ("ردا على سؤال", "question"), ("صادر عن", "issued")],
)  # fmt: skip
def test_nominal_cues(phrase: str, cls: str) -> None:
    words = tuple(normalize_word(w) for w in phrase.split())
    assert words in [w for w, _ in default_lexicon().phrases[cls]]


def test_a_custom_lexicon_generates_persons() -> None:
    lex = QuoteLexicon()
    lex.add_verb("نبّه", "نبه", "منبه", "ILA_AN", "say")
    for w in ("نبهت", "ينبهون", "منبها", "نبهوا"):
        assert w in lex.forms
    assert lex.forms["منبها"].participle
