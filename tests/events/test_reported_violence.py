"""Violence and acts told the way Arabic news tells them: passives, nouns of result, agent phrases,
denials, demands, blame; titles of works and media platforms; dates of background and vague events."""

from __future__ import annotations

import pytest

from tests.events.build import Ent, Spec, code

USA = Ent("الولايات المتحدة", "country:USA", "COUNTRY", "USA", None, "United States")
IRN = Ent("إيران", "country:IRN", "COUNTRY", "IRN", None, "Iran")
RUS = Ent("روسيا", "country:RUS", "COUNTRY", "RUS", None, "Russia")
MOSUL = Ent("الموصل", "loc:mosul", "LOC", "IRQ", None, "Mosul")
TWITTER = Ent("تويتر", "org:twitter", "ORG", "USA", "BUS", "Twitter")
TRUMP = Ent("ترامب", "person:trump", "PERSON", "USA", "GOV", "Donald Trump")


def events(text: str, *ents: Ent, published: str = "2018-05-01", times: list | None = None) -> list:
    return code(Spec(text, ents=list(ents), published=published, times=times or [])).events


def party(a) -> str | None:
    return a.text if a is not None else None


@pytest.mark.parametrize(
    "text, etype, actor, recipient",
    [
        # a count after the verb marks the passive: the victims are the recipient
        ("قتل أربعة أشخاص في هجوم على الموصل.", "ASSAULT", None, "أربعة أشخاص"),
        # a damma marks it explicitly
        ("قُتل الصحفي في الموصل.", "ASSAULT", None, "الصحفي"),
        # the agent phrase names the doer
        ("اختطف مهندس على يد مسلحين في الموصل.", "ASSAULT", "مسلحين", "مهندس"),
        ("قتل جندي برصاص قناص في الموصل.", "ASSAULT", "قناص", "جندي"),
        # a noun of result: the phrase after it suffered, the announcer did not act
        ("أعلنت الشرطة مقتل ثلاثة أشخاص في انفجار.", "ASSAULT", None, "ثلاثة أشخاص"),
    ],
)
def test_passive_and_result_nouns(text, etype, actor, recipient):
    e = next(e for e in events(text, MOSUL) if e.type == etype)
    assert (party(e.actor), party(e.recipient)) == (actor, recipient)


def test_an_active_verb_keeps_its_subject():
    e = events("قتلت الولايات المتحدة قياديا في الموصل.", USA, MOSUL)[0]
    assert e.type == "ASSAULT" and e.actor.country == "USA"


def test_a_light_verb_makes_its_subject_the_doer():
    e = next(e for e in events("قام الجيش بدهس المتظاهرين.") if e.type == "ASSAULT")
    assert party(e.actor) == "الجيش"


def test_an_arrest_announced_is_made_by_who_announces_it():
    e = next(e for e in events("أعلنت الشرطة اعتقال عشرة أشخاص.") if e.type == "COERCE")
    assert party(e.actor) == "الشرطة" and e.mode == "arrest"


@pytest.mark.parametrize(
    "text, etype",
    [
        ("نفت روسيا الاتهامات.", "REJECT"),
        ("حملت الولايات المتحدة روسيا المسؤولية عن الهجوم.", "ACCUSE"),
        ("أبدت إيران استعدادها للحوار مع الولايات المتحدة.", "AGREE"),
        ("خرج آلاف المتظاهرين في مسيرات احتجاجية.", "PROTEST"),
        ("سيطرت القوات على مدينة الموصل.", "COERCE"),
        ("رفعت السلطات مستوى التأهب.", "MOBILIZE"),
        ("قضت المحكمة بسجن المعارض خمس سنوات.", "SANCTION"),
        ("أوقفت الشرطة ثلاثة مشتبه بهم.", "COERCE"),
    ],
)
def test_acts_told_in_words_and_nouns(text, etype):
    assert etype in [e.type for e in events(text, USA, RUS, IRN, MOSUL)]


def test_the_object_of_a_denial_is_not_an_accusation():
    types = [e.type for e in events("نفت روسيا هذه الاتهامات بشكل قاطع.", RUS)]
    assert types == ["REJECT"]


def test_titles_of_works_code_no_events():
    assert events("فاز الممثل بجائزة عن دوره في فيلم «اغتيال جيسي جيمس على يد روبرت فورد».") == []
    assert events("صدرت رواية «أن تقتل طائرا محاكيا» عام 1960.") == []
    # the same words outside a title are an event
    assert [e.type for e in events("أعلنت الشرطة اغتيال القاضي في الموصل.", MOSUL)] == ["ASSAULT"]


def test_a_platform_is_never_a_party():
    e = events("وهدد ترامب عبر حسابه على تويتر بفرض عقوبات على إيران.", TRUMP, TWITTER, IRN)[0]
    assert e.type == "THREATEN" and party(e.actor) == "ترامب" and party(e.recipient) != "تويتر"


def test_a_pronoun_subject_after_inna():
    e = events("وقال ترامب إنه سيلتقي بوتين.", TRUMP, Ent("بوتين", "person:putin", "PERSON", "RUS", "GOV", "Vladimir Putin"))[0]
    assert party(e.actor) == "ترامب" and party(e.recipient) == "بوتين"


def test_a_state_acting_on_itself_has_no_recipient():
    e = events("فرضت الولايات المتحدة عقوبات على واشنطن.", USA, Ent("واشنطن", "country:USA", "LOC", "USA", None, "Washington"))[0]
    assert e.type == "SANCTION" and e.recipient is None


def test_recently_is_not_the_publication_day():
    e = events("وقد أرسلت الولايات المتحدة مؤخرًا مساعدات إلى إيران.", USA, IRN, times=[("مؤخرًا", "PAST_REF", "")])[0]
    assert e.date is None and e.time is not None and e.date_source == "time"
    assert e.summary_en.startswith("recently:")


def test_a_noun_told_as_news_is_dated_by_the_publication_but_not_in_the_past():
    now = events("أعلنت الشرطة مقتل ثلاثة أشخاص.")[0]
    assert (now.date, now.date_source) == ("2018-05-01", "publication")
    since = [e for e in events("وتدهورت العلاقات منذ اغتيال القاضي في الموصل.", MOSUL) if e.type == "ASSAULT"]
    assert since and since[0].date is None


def test_retaking_a_named_place_is_fought_for():
    e = events("تقدمت القوات نحو تحرير الحديدة.", Ent("الحديدة", "loc:hodeidah", "LOC", "YEM", None, "Hodeidah"))[0]
    assert (e.type, party(e.recipient)) == ("ASSAULT", "الحديدة")
    assert "ASSAULT" not in [e.type for e in events("ناقش المؤتمر تحرير الأسعار.")]  # no place after it


def test_a_count_and_what_it_counts_is_the_victim():
    e = events("أعلن التحالف مقتل أكثر من 20 حوثيا في الموصل.", MOSUL)[0]
    assert party(e.recipient) == "أكثر من 20 حوثيا" and party(e.place) == "الموصل"


def test_a_cue_naming_people_is_the_recipient():
    e = events("استدعت الخارجية السفير الإيراني.")[0]
    assert (e.type, party(e.actor), party(e.recipient)) == ("ACCUSE", "الخارجية", "السفير الإيراني")


def test_a_common_noun_subject_before_the_verb():
    e = events("وكشف أن الشرطة أحبطت أربع مؤامرات.")[0]
    assert (e.type, party(e.actor)) == ("COERCE", "الشرطة")


def test_an_agent_subject_carries_to_the_next_sentence():
    evs = events("نفذ الأساتذة الجامعيون إضرابا في العاصمة. ويطالبون بزيادة الأجور.")
    assert [party(e.actor) for e in evs] == ["الأساتذة الجامعيون", "الأساتذة الجامعيون"]


def test_a_verbal_noun_in_a_name_is_no_event():
    types = [e.type for e in events("أعلنت أجهزة الإنقاذ أنها أنقذت 400 مهاجر في البحر.")]
    assert types == ["AID"]


def test_commas_around_a_time_do_not_split_the_clause():
    e = events("أعلنت السلطات، السبت، اعتقال عشرة أشخاص.", times=[("السبت", "2018-04-28", "day")])[0]
    assert (e.type, party(e.actor), e.date) == ("COERCE", "السلطات", "2018-04-28")


def test_his_country_is_the_speakers():
    text = "وقال ترامب إن بلاده ستفرض عقوبات على إيران."
    e = code(Spec(text, ents=[TRUMP, IRN], quotes=[("بلاده ستفرض عقوبات على إيران", "person:trump")],
                  published="2018-05-01")).events[0]  # fmt: skip
    assert (e.type, e.actor.country if e.actor else None, e.recipient.country) == ("SANCTION", "USA", "IRN")
