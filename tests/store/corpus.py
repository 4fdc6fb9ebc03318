"""A handful of hand-made analyses (the layers the NLP stages will produce), so the store tests do not
depend on the state of the NLP stages. Texts are short made-up Arabic news items."""

from __future__ import annotations

from marsad.model import Actor, Analysis, Document, Entity, Event, Mention, Quote, Role, Span, TimeExpr

T1 = (
    "روبيو يبحث مع باكستان توسيع العلاقات\n"
    "قال وزير الخارجيّة الأمريكي ماركو روبيو إن الولايات المتحدة ترى فرصة لتوسيع علاقاتها الاستراتيجية مع "
    "باكستان، وذلك خلال لقائه رئيس الوزراء الباكستاني في الدوحة يوم السبت. وأضاف أن التعاون في مجال المعادن "
    "والتجارة سيتعزز خلال الأشهر المقبلة، وأن الجانبين اتفقا على مواصلة الحوار بشأن الأمن الإقليمي والسعودية."
)
# A syndicated copy: same story, another outlet, a few words changed.
T2 = T1.replace("الأشهر المقبلة", "الفترة المقبلة")
T3 = (
    "مشاورات أمريكية باكستانية\n"
    "أجرى وزير الخارجية ماركو روبيو مشاورات مع المسؤولين في إسلام آباد خلال شهر أكتوبر حول التجارة "
    "والاستثمار، في حين شهدت الحدود مع أفغانستان اشتباكات عنيفة بين القوات الباكستانية والأفغانية."
)
T4 = (
    "اتفاق تجاري جديد\n"
    "وقّعت الولايات المتحدة وباكستان اتفاقا تجاريا جديدا في واشنطن، وأعلن المتحدث باسم الخارجية أحمد خان "
    "أن الاتفاق يشمل المعادن النادرة، وقال خان إن المفاوضات استمرت أشهرا."
)


def _span(text: str, piece: str, start: int = 0) -> Span:
    i = text.index(piece, start)
    return Span(i, i + len(piece), piece)


def _mention(text: str, mid: str, piece: str, type_: str, entity: str) -> Mention:
    s = _span(text, piece)
    return Mention(mid, s.start, s.end, piece, type_, 1, entity=entity)


def article1(text: str = T1, url: str = "https://news.example/a/1", published: str = "2025-10-26",
             source: str = "example-news", doc_id: str = "a1") -> Analysis:
    title = text.split("\n", 1)[0]
    doc = Document(id=doc_id, text=text, title=title, published=published, source=source, url=url,
                   title_span=Span(0, len(title), title))
    m1 = _mention(text, "m1", "ماركو روبيو", "PERS", "person:marco-rubio")
    m2 = _mention(text, "m2", "الولايات المتحدة", "LOC", "country:USA")
    s3 = _span(text, "باكستان", len(title))
    m3 = Mention("m3", s3.start, s3.end, s3.text, "LOC", 1, entity="country:PAK")
    rubio = Entity("person:marco-rubio", "PERSON", "ماركو روبيو", ["m1"], name_en="Marco Rubio", name_en_source="kb",
                   kb_id="person:marco-rubio", wikidata="Q324546", country="USA", sector="GOV",
                   roles=[Role("Secretary of State", "وزير الخارجية", "USA", "GOV")], aliases=["ماركو روبيو"])
    usa = Entity("country:USA", "COUNTRY", "الولايات المتحدة", ["m2"], name_en="United States", country="USA")
    pak = Entity("country:PAK", "COUNTRY", "باكستان", ["m3"], name_en="Pakistan", country="PAK")
    q_text = "الولايات المتحدة ترى فرصة لتوسيع علاقاتها الاستراتيجية مع باكستان"
    qs = _span(text, q_text)
    quote = Quote("q1", qs.start, qs.end, q_text, "indirect", 1, cue=_span(text, "قال"), speaker="person:marco-rubio",
                  speaker_text="ماركو روبيو", attribution="named")
    ts = _span(text, "السبت")
    time = TimeExpr("t1", ts.start, ts.end, ts.text, "date", "2025-10-25", "day", True, "before", "publication", 1)
    trig = _span(text, "لقائه")
    ev = Event("e1", "CONSULT", 1, trig, Span(trig.start, trig.end, trig.text), mode="visit",
               actor=Actor("person:marco-rubio", "ماركو روبيو", "Marco Rubio", "USA", "GOV"),
               recipient=Actor("country:PAK", "باكستان", "Pakistan", "PAK"), date="2025-10-25", date_granularity="day",
               time="t1")
    return Analysis(document=doc, mentions=[m1, m2, m3], entities=[rubio, usa, pak], quotes=[quote], times=[time],
                    events=[ev], stages=["text", "ner", "entities", "time", "quotes", "events"])


def article2() -> Analysis:
    a = article1(T2, url="https://other.example/story/77", source="other-news", doc_id="a2")
    return a


def article3() -> Analysis:
    text = T3
    title = text.split("\n", 1)[0]
    doc = Document(id="a3", text=text, title=title, published="2025-10-28", source="third", url="https://third.example/3",
                   title_span=Span(0, len(title), title))
    m1 = _mention(text, "m1", "ماركو روبيو", "PERS", "person:marco-rubio")
    m2 = _mention(text, "m2", "أفغانستان", "LOC", "country:AFG")
    rubio = Entity("person:marco-rubio", "PERSON", "ماركو روبيو", ["m1"], name_en="Marco Rubio", kb_id="person:marco-rubio",
                   country="USA", sector="GOV", roles=[Role("Secretary of State", "وزير الخارجية", "USA", "GOV")])
    afg = Entity("country:AFG", "COUNTRY", "أفغانستان", ["m2"], name_en="Afghanistan", country="AFG")
    t1 = _span(text, "مشاورات", len(title))
    consult = Event("e1", "CONSULT", 1, t1, t1, actor=Actor("person:marco-rubio", "ماركو روبيو", "Marco Rubio", "USA", "GOV"),
                    recipient=Actor(None, "المسؤولين في إسلام آباد", None, "PAK", "GOV"), date="2025-10",
                    date_granularity="month")
    t2 = _span(text, "اشتباكات")
    clash = Event("e2", "ASSAULT", 1, t2, t2, actor=Actor(None, "القوات الباكستانية", None, "PAK", "MIL"),
                  recipient=Actor("country:AFG", "الأفغانية", "Afghanistan", "AFG", "MIL"),
                  date="2025-10-28", date_granularity="day", date_source="publication")
    return Analysis(document=doc, mentions=[m1, m2], entities=[rubio, afg], events=[consult, clash],
                    stages=["text", "ner", "entities", "events"])


def article4() -> Analysis:
    text = T4
    title = text.split("\n", 1)[0]
    doc = Document(id="a4", text=text, title=title, published="2025-11-04", source="fourth", url=None,
                   title_span=Span(0, len(title), title))
    m1 = _mention(text, "m1", "أحمد خان", "PERS", "local:pers:ahmad-khan")
    s2 = _span(text, "خان", text.index("أحمد خان") + 6)
    m2 = Mention("m2", s2.start, s2.end, s2.text, "PERS", 1, entity="local:pers:ahmad-khan")
    khan = Entity("local:pers:ahmad-khan", "PERSON", "أحمد خان", ["m1", "m2"], aliases=["أحمد خان", "خان"],
                  roles=[Role("spokesperson", "المتحدث باسم الخارجية", "PAK", "GOV")])
    usa = Entity("country:USA", "COUNTRY", "الولايات المتحدة", [], name_en="United States", country="USA")
    q_text = "المفاوضات استمرت أشهرا"
    qs = _span(text, q_text)
    quote = Quote("q1", qs.start, qs.end, q_text, "indirect", 1, cue=_span(text, "وقال"), speaker="local:pers:ahmad-khan",
                  speaker_text="خان", attribution="named")
    tr = _span(text, "وقّعت")
    agree = Event("e1", "AGREE", 1, tr, tr, actor=Actor("country:USA", "الولايات المتحدة", "United States", "USA"),
                  recipient=Actor(None, "باكستان", "Pakistan", "PAK"), date="2025-11-03", date_granularity="day")
    return Analysis(document=doc, mentions=[m1, m2], entities=[khan, usa], quotes=[quote], events=[agree],
                    stages=["text", "ner", "entities", "quotes", "events"])


def article5() -> Analysis:
    """Another article naming the same local person (merges by normalised name and type)."""
    text = "تصريحات جديدة\nقال احمد خان إن الزيارة المقبلة ستكون مهمة للعلاقات بين البلدين في المرحلة القادمة."
    title = text.split("\n", 1)[0]
    doc = Document(id="a5", text=text, title=title, published="2025-11-05", source="fourth",
                   url="https://fourth.example/5", title_span=Span(0, len(title), title))
    m1 = _mention(text, "m1", "احمد خان", "PERS", "local:pers:x1")
    khan = Entity("local:pers:x1", "PERSON", "احمد خان", ["m1"])
    q_text = "الزيارة المقبلة ستكون مهمة للعلاقات بين البلدين"
    qs = _span(text, q_text)
    quote = Quote("q1", qs.start, qs.end, q_text, "indirect", 1, cue=_span(text, "قال"), speaker="local:pers:x1",
                  speaker_text="احمد خان", attribution="named")
    return Analysis(document=doc, mentions=[m1], entities=[khan], quotes=[quote], stages=["text", "ner", "entities", "quotes"])


def corpus() -> list[Analysis]:
    return [article1(), article2(), article3(), article4(), article5()]
