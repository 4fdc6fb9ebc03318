"""Event coding with hand-made lower layers: triggers, arguments, modality, merging."""

from __future__ import annotations

import pytest

from tests.events.build import Ent, Spec, code

SAU = Ent("السعودية", "country:SAU", "COUNTRY", "SAU", None, "Saudi Arabia")
EGY = Ent("مصر", "country:EGY", "COUNTRY", "EGY", None, "Egypt")
IRN = Ent("إيران", "country:IRN", "COUNTRY", "IRN", None, "Iran")
ISR = Ent("إسرائيل", "country:ISR", "COUNTRY", "ISR", None, "Israel")
USA = Ent("الولايات المتحدة", "country:USA", "COUNTRY", "USA", None, "United States")
FRA = Ent("فرنسا", "country:FRA", "COUNTRY", "FRA", None, "France")
CAIRO = Ent("القاهرة", "loc:cairo", "LOC", "EGY", None, "Cairo")
MACRON = Ent("ماكرون", "person:macron", "PERSON", "FRA", "GOV", "Emmanuel Macron")
SISI = Ent("السيسي", "person:sisi", "PERSON", "EGY", "GOV", "Abdel Fattah el-Sisi")


def one(text: str, *ents: Ent, **kw) -> list:
    return code(Spec(text, ents=list(ents), **kw)).events


def parties(e):
    return (e.actor.country if e.actor else None, e.recipient.country if e.recipient else None)


@pytest.mark.parametrize(
    "text, ents, etype, mode, actor, recipient",
    [
        ("زار ماكرون القاهرة أمس.", [MACRON, CAIRO], "CONSULT", "visit", "FRA", "EGY"),
        ("التقى ماكرون السيسي في باريس.", [MACRON, SISI], "CONSULT", None, "FRA", "EGY"),
        ("أجرى ماكرون اتصالا هاتفيا مع السيسي.", [MACRON, SISI], "CONSULT", "phone", "FRA", "EGY"),
        ("هاجمت إسرائيل مواقع في إيران.", [ISR, IRN], "ASSAULT", None, "ISR", None),
        ("اتهمت إيران الولايات المتحدة بالتجسس.", [IRN, USA], "ACCUSE", "allege", "IRN", "USA"),
        ("فرضت الولايات المتحدة عقوبات على إيران.", [USA, IRN], "SANCTION", "discontinue", "USA", "IRN"),
        ("قدمت السعودية مساعدات إلى مصر.", [SAU, EGY], "AID", None, "SAU", "EGY"),
        ("طالبت مصر إسرائيل بالانسحاب.", [EGY, ISR], "REQUEST", None, "EGY", "ISR"),
        ("رفضت إيران المقترح الأمريكي.", [IRN], "REJECT", None, "IRN", None),
        ("هددت إيران إسرائيل بالرد.", [IRN, ISR], "THREATEN", None, "IRN", "ISR"),
        ("أدانت السعودية الهجوم.", [SAU], "ACCUSE", "disapprove", "SAU", None),
        ("رحبت مصر بالاتفاق.", [EGY], "SUPPORT", None, "EGY", None),
        ("اعتذرت فرنسا لمصر.", [FRA, EGY], "CONCEDE", None, "FRA", "EGY"),
        ("انسحبت إسرائيل من المنطقة.", [ISR], "RETREAT", "withdraw", "ISR", None),
        ("حشدت إيران قواتها على الحدود.", [IRN], "MOBILIZE", "troops", "IRN", None),
        ("تعاونت مصر مع السعودية في مجال الطاقة.", [EGY, SAU], "COOPERATE", None, "EGY", "SAU"),
    ],
)
def test_verb_triggers_and_parties(text, ents, etype, mode, actor, recipient):
    events = one(text, *ents)
    assert events and events[0].type == etype
    e = events[0]
    assert e.mode == mode
    assert parties(e) == (actor, recipient)
    assert text[e.trigger.start : e.trigger.end] == e.trigger.text
    assert e.cameo


def test_svo_subject_before_the_verb():
    e = one("قال المتحدث إن إيران هاجمت السفينة.", IRN)[0]
    assert e.type == "ASSAULT" and e.actor.country == "IRN"


def test_host_verb_puts_the_visitor_first():
    # استقبل السيسي ماكرون: Sisi hosts Macron -> PLOVER actor is the visitor, recipient the host
    e = one("استقبل السيسي ماكرون في القاهرة.", SISI, MACRON, CAIRO)[0]
    assert (e.type, e.mode, e.cameo) == ("CONSULT", "visit", "043")
    assert e.actor.entity == "person:macron" and e.recipient.entity == "person:sisi"


def test_between_gives_a_compound_actor():
    e = one("عقد اجتماع بين مصر والسعودية في الرياض.", EGY, SAU)[0]
    assert e.type == "CONSULT" and e.recipient is None
    assert set(e.actor.members) == {"country:EGY", "country:SAU"}


def test_coordinated_subject_is_compound():
    e = one("اتفقت مصر والسعودية على تشكيل لجنة.", EGY, SAU)[0]
    assert e.type == "AGREE" and set(e.actor.members) == {"country:EGY", "country:SAU"}


def test_pro_drop_subject_from_previous_sentence():
    events = one("زار ماكرون القاهرة. وأجرى محادثات مع السيسي.", MACRON, CAIRO, SISI)
    assert len(events) == 2
    assert events[1].actor.entity == "person:macron" and events[1].recipient.entity == "person:sisi"


def test_verbal_noun_with_possessive_takes_the_subject():
    e = one("وصف ماكرون زيارته إلى مصر بأنها ناجحة.", MACRON, EGY)[0]
    assert e.type == "CONSULT" and e.actor.entity == "person:macron" and e.recipient.country == "EGY"


def test_cognate_noun_is_the_same_event():
    events = one("زار ماكرون القاهرة في زيارة رسمية استمرت يومين.", MACRON, CAIRO, durations=[("يومين", "P2D")])
    assert len(events) == 1 and events[0].duration == "P2D"


def test_names_are_not_triggers():
    gcc = Ent("مجلس التعاون الخليجي", "org:gcc", "ORG", None, "IGO", "Gulf Cooperation Council")
    assert one("عقد مجلس التعاون الخليجي اجتماعا في الرياض.", gcc)[0].type == "CONSULT"
    assert all(e.type != "COOPERATE" for e in one("أعلن مجلس التعاون الخليجي موقفه.", gcc))


def test_cue_is_needed():
    # وقع without an agreement is "happened/fell", not a signing; the explosion is the event
    assert [(e.type, e.trigger.text) for e in one("وقع انفجار في القاهرة.", CAIRO)] == [("ASSAULT", "انفجار")]
    e = one("وقعت مصر اتفاقية مع السعودية.", EGY, SAU)[0]
    assert (e.type, e.cameo) == ("SUPPORT", "057")


def test_mou_is_agree_and_gets_the_money():
    e = one(
        "وقعت مصر مذكرة تفاهم مع السعودية في مارس لاستثمار نحو 500 مليون دولار.",
        EGY, SAU,
        times=[("مارس", "2025-03", "month")],
        money=[("نحو 500 مليون دولار", 5e8, "USD", True)],
    )  # fmt: skip
    assert len(e) == 1
    assert (e[0].type, e[0].date, e[0].amounts) == ("AGREE", "2025-03", ["q0"])
    assert "about $500 million" in e[0].summary_en


@pytest.mark.parametrize(
    "text, modality",
    [
        ("لم تهاجم إسرائيل إيران.", "negated"),
        ("لن يزور ماكرون مصر.", "negated"),
        ("إذا هاجمت إسرائيل إيران فسترد طهران.", "hypothetical"),
        ("قد تفرض الولايات المتحدة عقوبات على إيران.", "hypothetical"),
        ("كانت مصر قد قطعت علاقاتها مع إيران تاريخيا.", "historical"),
        ("هاجمت إسرائيل إيران.", "asserted"),
    ],
)
def test_modality(text, modality):
    events = one(text, ISR, IRN, EGY, USA, MACRON)
    assert events and events[0].modality == modality


def test_intended_cooperation_becomes_agree():
    e = one("يعتزم ماكرون زيارة مصر الشهر المقبل.", MACRON, EGY)[0]
    assert e.type == "AGREE" and e.modality == "intended" and e.cameo == "036"
    e = one("سيزور ماكرون مصر.", MACRON, EGY)[0]
    assert e.type == "AGREE"


def test_intended_retreat_becomes_concede():
    e = one("أعلنت إسرائيل أنها ستنسحب من المنطقة.", ISR)[0]
    assert e.type == "CONCEDE"


def test_reported_inside_a_quote():
    text = "قال ماكرون: “فرنسا ستدعم مصر”."
    e = code(Spec(text, ents=[MACRON, FRA, EGY], quotes=[("فرنسا ستدعم مصر", "person:macron")])).events[0]
    assert e.speaker == "person:macron" and e.quote == "qt0"
    assert e.type == "AGREE"  # a future support is an intention


def test_not_at_the_expense_of_is_no_event():
    ind = Ent("الهند", "country:IND", "COUNTRY", "IND", None, "India")
    pak = Ent("باكستان", "country:PAK", "COUNTRY", "PAK", None, "Pakistan")
    text = "وأكد الوزير أن تعزيز العلاقات مع باكستان لا يأتي على حساب علاقاتها مع الهند."
    events = one(text, ind, pak)
    assert not any(e.recipient and e.recipient.country == "IND" for e in events)
    assert events == []


def test_topic_of_talks_is_not_an_event():
    events = one("التقى ماكرون السيسي وبحثا التعاون الاقتصادي.", MACRON, SISI)
    assert [e.type for e in events] == ["CONSULT"]


def test_threat_content_is_not_an_event():
    events = one("هددت الولايات المتحدة بفرض عقوبات على إيران.", USA, IRN)
    assert [e.type for e in events] == ["THREATEN"]


def test_objects_are_named():
    e = one("أرسلت مصر شحنة من القمح والوقود إلى السعودية.", EGY, SAU)[0]
    assert e.type == "COOPERATE" and e.objects == ["wheat", "fuel"]


def test_publication_date_is_flagged():
    e = one("هاجمت إسرائيل إيران.", ISR, IRN)[0]
    assert (e.date, e.date_source) == ("2025-10-26", "publication")
    e = one("هاجمت إسرائيل إيران في يونيو.", ISR, IRN, times=[("يونيو", "2025-06", "month")])[0]
    assert (e.date, e.date_granularity, e.date_source) == ("2025-06", "month", "time")


def test_nothing_without_tokens():
    from marsad.events import EventStage
    from marsad.model import Analysis, Document

    a = EventStage()(Analysis(Document("x", "")))
    assert a.events == []
