"""Each resolution rule of the entities stage, on sentences written for these tests."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.entities import entity_at
from tests.entities.helpers import analysed, by_id, entity_of, texts

# --- full name and surname --------------------------------------------------------------------------


def test_unknown_person_full_name_and_surname_group_locally():
    a = analysed(
        "قال المحلل سمير الخطيبي إن المحادثات مستمرة. وأضاف الخطيبي أن الجولة المقبلة قريبة.",
        [("سمير الخطيبي", "PERS"), ("الخطيبي", "PERS")],
    )
    ent = entity_of(a, "سمير الخطيبي")
    assert ent is not None and ent.id.startswith("local:person:")
    assert texts(a, ent) == ["سمير الخطيبي", "الخطيبي"]
    assert ent.name == "سمير الخطيبي"
    assert ent.kb_id is None
    # not in the KB: a transliteration, flagged as such
    assert ent.name_en_source == "transliterated" and ent.name_en and ent.name_en.isascii()


def test_surname_missed_by_ner_is_added_as_coref():
    a = analysed("وصل أسيم منير إلى العاصمة. والتقى منير عددا من المسؤولين.", [("أسيم منير", "PERS")])
    ent = by_id(a, "person:asim-munir")
    assert ent is not None
    assert texts(a, ent) == ["أسيم منير", "منير"]
    coref = [m for m in a.mentions if m.text == "منير"]
    assert coref[0].source == "coref" and coref[0].entity == "person:asim-munir"


def test_two_people_sharing_a_surname_are_not_merged_by_a_bare_surname():
    a = analysed(
        "التقى نواز شريف وشهباز شريف في لاهور. وقال شريف إن اللقاء ودي.",
        [("نواز شريف", "PERS"), ("شهباز شريف", "PERS")],
    )
    assert by_id(a, "person:nawaz-sharif") is not None
    assert by_id(a, "person:shehbaz-sharif") is not None
    assert not [m for m in a.mentions if m.text == "شريف"]  # ambiguous: left alone


# --- titles and roles --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "name", "kb_id", "role_en", "country", "sector"),
    [
        (
            "قال وزير الخارجية الأمريكي ماركو روبيو إن بلاده مستعدة.",
            "ماركو روبيو",
            "person:marco-rubio",
            "Secretary of State",
            "USA",
            "GOV",
        ),
        (
            "وصل رئيس الوزراء الهندي ناريندرا مودي إلى موسكو.",
            "ناريندرا مودي",
            "person:narendra-modi",
            "Prime Minister",
            "IND",
            "GOV",
        ),
        (
            "استقبل ورئيس الوزراء شهباز شريف الوفد.",
            "شهباز شريف",
            "person:shehbaz-sharif",
            "Prime Minister",
            "PAK",
            "GOV",
        ),
        (
            "قال وزير خارجية روسيا سيرغي لافروف إن الحوار ممكن.",
            "سيرغي لافروف",
            "person:sergey-lavrov",
            "Foreign Minister",
            "RUS",
            "GOV",
        ),
    ],
)
def test_title_before_a_name_gives_a_normalised_role(sentence, name, kb_id, role_en, country, sector):
    a = analysed(sentence, [(name, "PERS")])
    ent = entity_of(a, name)
    assert ent is not None and ent.id == kb_id and ent.type == "PERSON"
    role = ent.roles[0]
    assert (role.role_en, role.country, role.sector) == (role_en, country, sector)
    assert role.span is not None and a.text[role.span.start : role.span.end] == role.span.text
    assert ent.name_en_source == "kb"


def test_field_marshal_modifier_adds_a_second_role():
    a = analysed("زار قائد الجيش الباكستاني الميداني أسيم منير واشنطن.", [("أسيم منير", "PERS")])
    ent = by_id(a, "person:asim-munir")
    assert [(r.role_en, r.country, r.sector) for r in ent.roles] == [
        ("Chief of Army Staff", "PAK", "MIL"),
        ("Field Marshal", "PAK", "MIL"),
    ]
    assert (ent.country, ent.sector) == ("PAK", "MIL")
    # the army inside the title is part of the role, not an organisation mention of its own
    assert not [e for e in a.entities if e.id == "org:pakistan-army"]


def test_unknown_person_with_a_title_gets_role_and_local_id():
    a = analysed("قال وزير الدفاع التشادي فلان بن علان إن قواته جاهزة.", [("فلان بن علان", "PERS")])
    ent = entity_of(a, "فلان بن علان")
    assert ent.id.startswith("local:person:")
    assert [(r.role_en, r.country, r.sector) for r in ent.roles] == [("Defence Minister", "TCD", "GOV")]
    assert ent.country == "TCD"


def test_former_title_is_not_checked_against_current_office():
    a = analysed("قال رئيس الوزراء الباكستاني السابق عمران خان إن الانتخابات مزورة.", [("عمران خان", "PERS")])
    ent = by_id(a, "person:imran-khan")
    assert ent.roles[0].role_en == "former Prime Minister"
    assert ent.roles[0].country == "PAK"


def test_kb_role_depends_on_publication_date():
    text = "قال الرئيس الأمريكي إن المفاوضات ستستمر."
    now = analysed(text, published="2025-10-26")
    then = analysed(text, published="2023-05-01")
    assert entity_of(now, "الرئيس الأمريكي").id == "person:donald-trump"
    assert entity_of(then, "الرئيس الأمريكي").id == "person:joe-biden"


def test_title_reference_resolves_to_person_in_the_document_first():
    a = analysed(
        "قال وزير الخارجية الأمريكي ماركو روبيو إن العلاقات جيدة. وأكد الوزير الأمريكي أن الحوار مستمر.",
        [("ماركو روبيو", "PERS")],
    )
    ref = [m for m in a.mentions if m.text == "الوزير الأمريكي"]
    assert ref and ref[0].type == "TITLE" and ref[0].source == "rule"
    assert ref[0].entity == "person:marco-rubio"


def test_indefinite_title_is_not_a_reference():
    a = analysed("التقى رئيسا أمريكيا في البيت الأبيض.")
    assert not [m for m in a.mentions if m.type == "TITLE"]
    assert not [e for e in a.entities if e.type == "PERSON"]


def test_title_country_conflicting_with_kb_unlinks_a_namesake():
    # the KB's Mohammad Mustafa is the Palestinian prime minister; an Egyptian minister of that name is not him
    a = analysed("قال وزير المالية المصري محمد مصطفى إن العجز تراجع.", [("محمد مصطفى", "PERS")])
    ent = entity_of(a, "محمد مصطفى")
    assert ent.id.startswith("local:person:")
    assert ent.roles[0].country == "EGY"


# --- metonymy, countries, demonyms -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "surface", "entity_id", "etype"),
    [
        ("أعلنت واشنطن فرض عقوبات جديدة.", "واشنطن", "country:USA", "COUNTRY"),
        ("رحبت إسلام آباد بالقرار.", "إسلام آباد", "country:PAK", "COUNTRY"),
        ("ردت نيودلهي بحذر.", "نيودلهي", "country:IND", "COUNTRY"),
        ("قال البيت الأبيض إن الرئيس سيسافر.", "البيت الأبيض", "org:white-house", "ORG"),
        ("نفى الكرملين هذه التقارير.", "الكرملين", "org:kremlin", "ORG"),
        ("يرى الهنود أن الاتفاق عادل.", "الهنود", "country:IND", "COUNTRY"),
    ],
)
def test_metonymy_and_demonyms(sentence, surface, entity_id, etype):
    a = analysed(sentence)
    ent = entity_of(a, surface)
    assert ent is not None and ent.id == entity_id and ent.type == etype


def test_country_names_capital_and_demonym_group_into_one_country():
    a = analysed("زار الوفد الهند أمس. وقالت نيودلهي إن الهنود يرحبون بالتعاون مع الهند.", [("الهند", "LOC")])
    ind = by_id(a, "country:IND")
    assert sorted(texts(a, ind)) == sorted(["الهند", "نيودلهي", "الهنود", "الهند"])
    assert ind.name == "الهند" and ind.name_en == "India" and ind.name_en_source == "gazetteer"
    norp = next(m for m in a.mentions if m.text == "الهنود")
    assert (norp.type, norp.source) == ("NORP", "rule")


def test_demonym_inside_a_title_belongs_to_the_title():
    a = analysed("قال وزير الخارجية الأمريكي إن الحوار مستمر.")
    assert not [m for m in a.mentions if m.text == "الأمريكي"]


# --- national bodies -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "surface", "entity_id", "country", "sector"),
    [
        ("قال الجيش الباكستاني إن الحدود هادئة.", "الجيش الباكستاني", "org:pakistan-army", "PAK", "MIL"),
        ("نشرت وزارة الخارجية الأمريكية بيانا.", "وزارة الخارجية الأمريكية", "org:us-state-department", "USA", "GOV"),
        (
            "استدعت وزارة الخارجية الإيرانية السفير.",
            "وزارة الخارجية الإيرانية",
            "local:org:irn-foreign-ministry",
            "IRN",
            "GOV",
        ),
        ("أعلنت حكومة باكستان خطة جديدة.", "حكومة باكستان", "local:org:pak-government", "PAK", "GOV"),
    ],
)
def test_bodies_link_by_generic_rule(sentence, surface, entity_id, country, sector):
    a = analysed(sentence)
    ent = entity_of(a, surface)
    assert ent is not None, [m.text for m in a.mentions]
    assert (ent.id, ent.type, ent.country, ent.sector) == (entity_id, "ORG", country, sector)
    assert ent.name_en


def test_generic_body_name_is_built_from_the_country():
    a = analysed("استدعت وزارة الخارجية الإيرانية السفير.")
    assert by_id(a, "local:org:irn-foreign-ministry").name_en == "Iran: foreign ministry"


# --- acronyms, descriptors, nominal references ---------------------------------------------------------


def test_latin_name_and_acronym_group_with_descriptor_country_and_sector():
    a = analysed(
        "وقعت شركة التعدين البريطانية Acme Rare Earths (ARE) اتفاقا. وقالت ARE إن العمل سيبدأ قريبا. "
        "وأوضحت الشركة أن الاستثمار كبير."
    )
    ent = entity_of(a, "Acme Rare Earths")
    assert ent is not None and ent.type == "ORG"
    assert texts(a, ent) == ["Acme Rare Earths", "ARE", "ARE", "الشركة"]
    assert (ent.name_en, ent.name_en_source) == ("Acme Rare Earths", "document")
    assert (ent.country, ent.sector) == ("GBR", "BUS")
    assert not [m for m in a.mentions if m.text == "البريطانية"]


@pytest.mark.parametrize(
    ("words", "acronym", "ok"),
    [
        (["US", "Strategic", "Metals"], "USSM", True),
        (["World", "Health", "Organization"], "WHO", True),
        (["Bank", "of", "America"], "BOA", True),
        (["Bank", "of", "America"], "BA", True),
        (["Strategic", "Metals"], "USSM", False),
        (["Acme"], "A", False),
    ],
)
def test_acronym_matching(words, acronym, ok):
    from marsad.entities.match import acronym_of

    assert acronym_of(words, acronym) is ok


def test_ambiguous_name_alone_is_not_linked():
    a = analysed("تمت الصفقة دون أي تأخير، بحسب صحيفة دون الباكستانية.")
    dawn = [e for e in a.entities if e.id == "org:dawn"]
    assert len(dawn) == 1 and texts(a, dawn[0]) == ["صحيفة دون الباكستانية"]


def test_ambiguous_name_tagged_by_ner_is_linked():
    a = analysed("ونقلت دون عن مصادر رسمية.", [("دون", "ORG")])
    assert entity_of(a, "دون").id == "org:dawn"


# --- organisations from the KB ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "surface", "entity_id"),
    [
        ("على هامش اجتماعات الجمعية العامة للأمم المتحدة.", "الجمعية العامة للأمم المتحدة", "org:un-general-assembly"),
        ("قال حلف شمال الأطلسي إن التدريبات ستستمر.", "حلف شمال الأطلسي", "org:nato"),
        ("وافق صندوق النقد الدولي على القرض.", "صندوق النقد الدولي", "org:imf"),
        ("اجتمع وزراء منظمة شنغهاي للتعاون.", "منظمة شنغهاي للتعاون", "org:sco"),
        ("قال IMF إن النمو سيتباطأ.", "IMF", "org:imf"),
    ],
)
def test_organisations_link_to_the_kb(sentence, surface, entity_id):
    a = analysed(sentence)
    ent = entity_of(a, surface)
    assert ent is not None and ent.id == entity_id and ent.kb_id == entity_id and ent.name_en_source == "kb"


# --- invariants -------------------------------------------------------------------------------------------


def test_every_mention_has_an_entity_and_every_entity_lists_its_mentions():
    a = analysed(
        "قال وزير الخارجية الأمريكي ماركو روبيو في واشنطن إن الهنود شركاء. وأكد روبيو ذلك.",
        [("ماركو روبيو", "PERS"), ("روبيو", "PERS")],
    )
    ids = {e.id for e in a.entities}
    assert all(m.entity in ids for m in a.mentions)
    for e in a.entities:
        assert {m.id for m in a.mentions if m.entity == e.id} == set(e.mentions)
    assert len({m.id for m in a.mentions}) == len(a.mentions)


def test_entity_at_finds_the_entity_of_a_span():
    text = "قال وزير الخارجية الأمريكي ماركو روبيو إن بلاده مستعدة."
    a = analysed(text, [("ماركو روبيو", "PERS")])
    s = text.index("روبيو")
    assert entity_at(a, s, s + 5).id == "person:marco-rubio"
    assert entity_at(a, 0, 3) is None


WORDS = [
    "قال",
    "وزير",
    "الخارجية",
    "الأمريكي",
    "ماركو",
    "روبيو",
    "واشنطن",
    "الهنود",
    "الجيش",
    "الباكستاني",
    "صحيفة",
    "دون",
    "USSM",
    "(",
    ")",
    "،",
    "و",
    "الرئيس",
    "ترامب",
    "إسلام",
    "آباد",
    "الشركة",
    "US",
    "Metals",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=25))
def test_mention_spans_slice_back_to_their_text(words):
    text = " ".join(words)
    a = analysed(text)
    for m in a.mentions:
        assert text[m.start : m.end] == m.text
        assert m.entity is not None
    for e in a.entities:
        for r in e.roles:
            if r.span:
                assert text[r.span.start : r.span.end] == r.span.text


def test_ner_name_after_a_descriptor_keeps_its_span():
    a = analysed("نشرت صحيفة دون تقريرا.", [("دون", "ORG")])
    m = next(m for m in a.mentions if m.entity == "org:dawn")
    assert m.text == "دون" and m.source == "ner"


def test_every_kb_role_key_has_an_english_name_and_titles_use_known_keys():
    from marsad.entities.lexicon import default_lexicon
    from marsad.kb.store import shipped_entries

    lex = default_lexicon()
    named = {k for k, _ in lex.role_names}
    assert {t.role_key for t in lex.titles.values()} <= named
    assert {r.role_key for e in shipped_entries() for r in e.roles} <= named
    for t in lex.titles.values():
        assert set(t.refers_to) <= named


def test_user_kb_entries_link_in_the_stage(tmp_path):
    import json

    from marsad.entities import EntitiesStage
    from marsad.pipeline import Pipeline

    f = tmp_path / "mine.jsonl"
    record = {"id": "person:zaid-qadir", "type": "PERSON", "name_en": "Zaid Qadir", "names_ar": ["زيد قادر"],
              "country": "JOR", "sector": "GOV",
              "roles": [{"role_key": "interior-minister", "role_en": "Interior Minister", "country": "JOR",
                         "sector": "GOV", "start": "2025-01-01"}]}  # fmt: skip
    f.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    a = Pipeline(["text"])("قال وزير الداخلية الأردني زيد قادر إن الأمن مستتب.", published="2025-10-26")
    a = EntitiesStage(kb_paths=[str(f)])(a)
    ent = a.entity("person:zaid-qadir")
    assert ent is not None and ent.name_en == "Zaid Qadir"
    assert [(r.role_en, r.country, r.start) for r in ent.roles] == [("Interior Minister", "JOR", "2025-01-01")]


@pytest.mark.parametrize(
    "sentence",
    [
        "فاز الفريق في المباراة. وقال الفريق إنه سيواصل التدريب.",  # الفريق: the team, not the rank
        "وصلت القوات إلى المدينة الرئيسة في المحافظة.",  # الرئيسة: "main", not a president
        "قال سلطان بن سلمان إن الموسم ناجح.",  # سلطان: a given name without the article
    ],
)
def test_words_that_only_look_like_titles(sentence):
    a = analysed(sentence, [("سلطان بن سلمان", "PERS")])
    assert not [m for m in a.mentions if m.type == "TITLE"]
    assert all(not e.roles for e in a.entities)


@pytest.mark.parametrize(
    ("sentence", "surface", "entity_id", "sector"),
    [
        ("انسحبت القوات الأمريكية من القاعدة.", "القوات الأمريكية", "local:org:usa-armed-forces", "MIL"),
        ("اعتقلت السلطات المصرية ثلاثة أشخاص.", "السلطات المصرية", "local:org:egy-government", "GOV"),
        ("داهمت قوات الأمن العراقية المنزل.", "قوات الأمن العراقية", "local:org:irq-security-forces", "COP"),
    ],
)
def test_plural_bodies(sentence, surface, entity_id, sector):
    ent = entity_of(analysed(sentence), surface)
    assert ent is not None and (ent.id, ent.sector) == (entity_id, sector)


def test_mention_kind():
    from marsad.entities import mention_kind

    a = analysed(
        "قال وزير الخارجية الأمريكي ماركو روبيو إن واشنطن تحترم الهنود. وأكد الوزير الأمريكي ذلك.",
        [("ماركو روبيو", "PERS")],
    )
    kinds = {m.text: mention_kind(a, m) for m in a.mentions}
    assert kinds == {"ماركو روبيو": "name", "واشنطن": "capital", "الهنود": "demonym", "الوزير الأمريكي": "title"}


def test_kb_person_name_mistyped_by_the_ner_becomes_a_person_mention():
    a = analysed("وقال ترامب إن الاتفاق جيد.", [("ترامب", "LOC")])
    m = next(m for m in a.mentions if m.text == "ترامب")
    assert m.entity == "person:donald-trump" and m.type == "PERS"


def test_title_after_a_name_in_apposition():
    # a person the KB does not know (عادل الجبير is in it since session 12, with his KB roles)
    a = analysed("قال عادل الزهراني وزير الخارجية السعودي إن المملكة ترحب.", [("عادل الزهراني", "PERS")])
    ent = entity_of(a, "عادل الزهراني")
    assert [(r.role_en, r.country) for r in ent.roles] == [("Foreign Minister", "SAU")]
    b = analysed("وصل ماركو روبيو، وزير الخارجية الأمريكي، إلى الرياض.", [("ماركو روبيو", "PERS")])
    assert [(r.role_en, r.country) for r in entity_of(b, "ماركو روبيو").roles] == [("Secretary of State", "USA")]
    assert not [m for m in b.mentions if m.type == "TITLE"]


def test_title_after_a_kb_person_who_does_not_hold_it_is_someone_else():
    a = analysed("التقى ترامب رئيس الوزراء الباكستاني في البيت الأبيض.", [("ترامب", "PERS")])
    trump = a.entity("person:donald-trump")
    assert [r.role_en for r in trump.roles] == ["President"]
    ref = next(m for m in a.mentions if m.type == "TITLE")
    assert ref.text == "رئيس الوزراء الباكستاني" and ref.entity == "person:shehbaz-sharif"


def test_demonym_before_a_name_is_a_given_name():
    # تركي / هندي are given names too: before a person's name they are his, not a nationality
    a = analysed("وقال العقيد تركي المالكي إن الدفاعات اعترضت الصاروخ.", [("المالكي", "PERS")])
    assert a.entity("country:TUR") is None
    assert entity_of(a, "تركي المالكي").name == "تركي المالكي"
    b = analysed("وقال مسؤول تركي إن أنقرة ترفض ذلك.", [])
    assert b.entity("country:TUR") is not None


def test_kb_full_name_without_a_long_vowel_in_the_surname():
    # the press writes بوتين and بوتن; the given name must match as it is
    a = analysed("وقال فلاديمير بوتن إن بلاده سترد.", [("فلاديمير بوتن", "PERS")])
    assert entity_of(a, "فلاديمير بوتن").id == "person:vladimir-putin"
    b = analysed("وقال ديمتري بوتن إن بلاده سترد.", [("ديمتري بوتن", "PERS")])
    assert entity_of(b, "ديمتري بوتن").id.startswith("local:")
