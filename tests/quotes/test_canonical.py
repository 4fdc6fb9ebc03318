"""The canonical article: who said what.

Runs through the default pipeline when the quotes stage is registered (speakers are entity ids from
the NER and entities stages); before that, through the text layer alone, where the checks that need
entity ids are skipped. Nothing here is specific to this article's wording beyond the expectations."""

from __future__ import annotations

import pytest

from marsad.model import Analysis, Quote
from marsad.pipeline import STAGE_REGISTRY

HAS_ENTITIES = {"ner", "entities"} <= set(STAGE_REGISTRY)

RUBIO_DIRECT = [
    "في الحقيقة لم يفعلوا ذلك",  # وقال روبيو، وفقًا لنص المؤتمر ...:
    "نرى فرصة لتوسيع علاقتنا",  # وأضاف:
    "أعتقد أنهم قدّروا ذلك",  # أجاب روبيو:
    "عندما تعمل مع طرف ما",  # وتابع موضحًا:
    "إن تطور العلاقة بين واشنطن",  # وأكد روبيو في ختام حديثه:
]
RUBIO_REPORTED = [
    ("indirect", "الولايات المتحدة ترى فرصة لتوسيع علاقاتها الاستراتيجية مع باكستان"),  # قال ... إن
    ("indirect", "تعزيز العلاقات بين واشنطن وإسلام آباد"),  # مؤكدًا أن
    ("indirect", "ما تقوم به واشنطن مع باكستان"),  # وأكد الوزير الأمريكي أن
    ("partial", "علاقتها أو صداقتها العميقة"),
    ("indirect", "الولايات المتحدة “تعي تمامًا"),  # وأضاف أن
    ("partial", "تعي تمامًا التحديات"),
    ("indirect", "التعاون مع باكستان يمتد تاريخيًا"),  # مشيرًا إلى أن
    ("partial", "ونرغب بتوسيعه"),
]
QUESTION_PHRASES = ["تعزيز العلاقات", "حلّ ومنع اندلاع حرب محتملة بين الهند وباكستان"]


@pytest.fixture(scope="module")
def canon(request, canonical_text) -> Analysis:
    if "quotes" in STAGE_REGISTRY:
        return request.getfixturevalue("canonical_analysis")
    from marsad.quotes import analyze_quotes

    return analyze_quotes(canonical_text, published="2025-10-26", title_first_line=True)


def find(a: Analysis, start: str, kind: str | None = None) -> Quote:
    hits = [q for q in a.quotes if q.text.startswith(start) and (kind is None or q.kind == kind)]
    assert hits, f"no {kind or ''} quote starting {start!r}: {[q.text[:30] for q in a.quotes]}"
    return hits[-1] if start.startswith("الولايات المتحدة ترى") else hits[0]


def entity_named(a: Analysis, *names: str) -> str:
    for e in a.entities:
        forms = [e.name, *(e.aliases or []), e.name_en or ""]
        if any(n in f for n in names for f in forms):
            return e.id
    raise AssertionError(f"no entity named {names}")


def is_rubio(a: Analysis, q: Quote) -> bool:
    if HAS_ENTITIES:
        return q.speaker == entity_named(a, "روبيو")
    return "روبيو" in (q.speaker_text or "")


def test_spans_slice_back(canon: Analysis) -> None:
    text = canon.document.text
    for q in canon.quotes:
        assert text[q.start : q.end] == q.text
        for sp in (q.cue, q.speaker_span, q.reported_via):
            assert sp is None or text[sp.start : sp.end] == sp.text


@pytest.mark.parametrize("start", RUBIO_DIRECT)
def test_rubio_direct_quotes(canon: Analysis, start: str) -> None:
    q = find(canon, start, "direct")
    assert is_rubio(canon, q), (q.speaker, q.speaker_text, q.attribution)


@pytest.mark.parametrize(("kind", "start"), RUBIO_REPORTED)
def test_rubio_reported_speech(canon: Analysis, kind: str, start: str) -> None:
    q = find(canon, start, kind)
    if not HAS_ENTITIES and q.attribution == "title":
        pytest.skip("a title speaker resolves to an entity only with the NER and entities stages")
    assert is_rubio(canon, q), (q.speaker, q.speaker_text, q.attribution)


def test_continuations_and_title_are_marked(canon: Analysis) -> None:
    assert find(canon, "نرى فرصة لتوسيع علاقتنا").attribution == "continuation"
    assert find(canon, "عندما تعمل مع طرف ما").cue.text == "وتابع موضحًا"
    assert find(canon, "ما تقوم به واشنطن").attribution == "title"
    first = find(canon, "في الحقيقة لم يفعلوا ذلك")
    assert first.reported_via is not None
    assert first.reported_via.text == "وفقًا لنص المؤتمر المنشور على موقع وزارة الخارجية الأمريكية"


@pytest.mark.parametrize("phrase", QUESTION_PHRASES)
def test_reporters_questions_are_not_rubios(canon: Analysis, phrase: str) -> None:
    q = next(q for q in canon.quotes if q.text == phrase)
    assert q.kind == "partial"
    assert q.speaker is None and q.speaker_text is None and q.attribution == "unknown"


def test_munir_new_dimension(canon: Analysis) -> None:
    q = next(q for q in canon.quotes if q.text == "بُعد جديد")
    assert q.kind == "partial"
    if HAS_ENTITIES:
        assert q.speaker == entity_named(canon, "منير")
    else:
        assert "منير" in q.speaker_text


@pytest.mark.skipif(not HAS_ENTITIES, reason="the company is an entity only with the NER and entities stages")
def test_company_statements(canon: Analysis) -> None:
    company = entity_named(canon, "US Strategic Metals", "USSM")
    for start in ("محطة بارزة في الشراكة", "مذكرة التفاهم “ترسم", "ترسم خارطة طريق"):
        q = find(canon, start)
        assert q.speaker == company and q.attribution == "organisation", (start, q.speaker, q.speaker_text)


def test_company_statements_text_layer(canon: Analysis) -> None:
    for start in ("محطة بارزة في الشراكة", "ترسم خارطة طريق"):
        q = find(canon, start, "partial")
        assert q.attribution == "organisation" and q.speaker_text == "الشركة"


# --- links: partial quotes inside reported speech, the headline told again -------------------------

PARTIALS_INSIDE = [  # (the partial quote, the start of the indirect quote holding it)
    ("علاقتها أو صداقتها العميقة", "ما تقوم به واشنطن"),
    ("تعي تمامًا التحديات", "الولايات المتحدة “تعي تمامًا"),
    ("ونرغب بتوسيعه", "التعاون مع باكستان يمتد تاريخيًا"),
    ("بُعد جديد", "“بُعد جديد” في العلاقات"),
    ("ترسم خارطة طريق", "مذكرة التفاهم “ترسم"),
]


@pytest.mark.parametrize(("part", "holder"), PARTIALS_INSIDE)
def test_partial_quotes_are_within_the_reported_speech_holding_them(canon: Analysis, part: str, holder: str) -> None:
    p, h = find(canon, part, "partial"), find(canon, holder, "indirect")
    assert p.within == h.id, (p.id, p.within, h.id)
    assert h.start <= p.start and p.end <= h.end


def test_headline_statement_is_repeated_by_the_body(canon: Analysis) -> None:
    words = "الولايات المتحدة ترى فرصة لتوسيع علاقاتها الاستراتيجية مع باكستان"
    headline, body = (q for q in canon.quotes if q.text == words)
    assert canon.sentences[headline.sentence].is_title and not canon.sentences[body.sentence].is_title
    assert body.repeats == headline.id and headline.repeats is None and headline.within is None


@pytest.mark.parametrize("phrase", QUESTION_PHRASES)
def test_reporters_question_phrases_are_left_unlinked(canon: Analysis, phrase: str) -> None:
    q = next(q for q in canon.quotes if q.text == phrase)
    assert q.within is None and q.repeats is None  # inside no quote: a question is nobody's statement


def test_distinct_statements_are_what_an_analyst_counts(canon: Analysis) -> None:
    from marsad.quotes import count_statements

    # An analyst reading the article counts: Rubio's headline/lede claim, his "not at India's expense"
    # in the lede, his five direct quotes from the transcript, the reported "not at the expense" of
    # paragraph 6 and the two reported statements of paragraph 9 (10); Dawn's report, Munir's "new
    # dimension" and the company's statement(s) (13 or 14). The two phrases quoted from reporters'
    # questions stay as unknown-speaker quotes (up to 16); an analyst who also merges the lede's
    # paraphrases into the direct quotes they sum up gets 12. Before linking the layer gave 22.
    n = count_statements(canon.quotes)
    assert 12 <= n <= 16, [(q.id, q.kind, q.text[:30]) for q in canon.quotes if q.within is None and q.repeats is None]
    assert len(canon.quotes) - n >= 6  # five partial quotes inside reported speech, one headline repeat
