"""Detection on the text alone: which stretches are quoted or reported, and of which kind."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.pipeline import Pipeline
from marsad.quotes import find_quotes


def quotes_of(text: str, **kw) -> list[tuple[str, str]]:
    a = Pipeline(["text"])(text, **kw)
    return [(q.kind, q.text) for q in find_quotes(a)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # direct quotations, every style
        ("وقال الوزير: «لن نتراجع عن قرارنا».", [("direct", "لن نتراجع عن قرارنا")]),
        ("وقال الوزير: “لن نتراجع عن قرارنا”.", [("direct", "لن نتراجع عن قرارنا")]),
        ('وقال الوزير: "لن نتراجع عن قرارنا".', [("direct", "لن نتراجع عن قرارنا")]),
        ("وقال الوزير: „لن نتراجع عن قرارنا“.", [("direct", "لن نتراجع عن قرارنا")]),
        ("وقال الوزير: ‹لن نتراجع عن قرارنا›.", [("direct", "لن نتراجع عن قرارنا")]),
        ("وقال الوزير: «لن نتراجع عن قرارنا", [("direct", "لن نتراجع عن قرارنا")]),  # no closing mark
        ("وقال الوزير: لن نتراجع عن قرارنا.", [("direct", "لن نتراجع عن قرارنا")]),  # no marks at all
        ("وأضاف:\n\n“لن نتراجع عن قرارنا.”", [("direct", "لن نتراجع عن قرارنا.")]),  # quote on its own line
        ("«لن نتراجع عن قرارنا»، قال الوزير.", [("direct", "لن نتراجع عن قرارنا")]),  # postposed cue
        # indirect speech with the verbs of the issue
        ("قال الوزير إن الحكومة ستخفض الضرائب.", [("indirect", "الحكومة ستخفض الضرائب")]),
        ("وأكد الوزير أن الحكومة ستخفض الضرائب.", [("indirect", "الحكومة ستخفض الضرائب")]),
        ("وأوضح الوزير أن الحكومة ستخفض الضرائب.", [("indirect", "الحكومة ستخفض الضرائب")]),
        ("وأشار الوزير إلى أن الحكومة ستخفض الضرائب.", [("indirect", "الحكومة ستخفض الضرائب")]),
        ("وأعلنت الوزارة أن الحكومة ستخفض الضرائب.", [("indirect", "الحكومة ستخفض الضرائب")]),
        ("ونفى الوزير أن تكون الحكومة قد رفعت الضرائب.", [("indirect", "تكون الحكومة قد رفعت الضرائب")]),
        ("وحذّر الوزير من ارتفاع الأسعار.", [("indirect", "ارتفاع الأسعار")]),
        ("وحذّر الوزير من أن الأسعار سترتفع.", [("indirect", "الأسعار سترتفع")]),
        ("ودعا الوزير إلى ضبط النفس.", [("indirect", "ضبط النفس")]),
        ("وشدد الوزير على ضرورة الحوار.", [("indirect", "ضرورة الحوار")]),
        ("وطالب المحتجون بالإفراج عن المعتقلين.", [("indirect", "الإفراج عن المعتقلين")]),
        ("وقيل إن المدارس ستغلق.", [("indirect", "المدارس ستغلق")]),
        # partial quotations inside reported speech
        (
            "ووصف الوزير زيارته بأنها “بُعد جديد” في العلاقات.",
            [("indirect", "“بُعد جديد” في العلاقات"), ("partial", "بُعد جديد")],
        ),
        ("ووصف الوزير الاتفاق بأنه «تاريخي وشجاع».", [("partial", "تاريخي وشجاع")]),
        # clause boundaries: a participle cue starts a new quote
        (
            "قال الوزير إن الحكومة مستعدة للحوار، مؤكدًا أن الأمن أولوية.",
            [("indirect", "الحكومة مستعدة للحوار"), ("indirect", "الأمن أولوية")],
        ),
        ("قال الوزير إن الحكومة مستعدة، لكنه رفض الشروط.", [("indirect", "الحكومة مستعدة")]),
        # not quotations
        ("يُذكر أن الحكومة رفعت الضرائب العام الماضي.", []),  # the reporter's aside
        ("وافتتح الوزير مهرجان «الربيع» أمس.", []),  # a quoted name with no cue
        ("وقال الوزير بعد أن وصل إلى المطار.", []),  # بعد أن is not a complementiser
        ("وحصل الطالب على نصف الدرجات.", []),  # نصف is a noun here
    ],
)
def test_detection(text: str, expected: list[tuple[str, str]]) -> None:
    assert quotes_of(text) == expected


def test_quote_over_paragraphs() -> None:
    text = "وقال الوزير: «الوضع صعب.\n\nلكننا سنواصل العمل»."
    assert quotes_of(text) == [("direct", "الوضع صعب.\n\nلكننا سنواصل العمل")]


def test_cue_inside_a_quote_is_the_speakers_own_words() -> None:
    text = "وقال الوزير: «قلت لهم إن الحوار هو الحل»."
    assert quotes_of(text) == [("direct", "قلت لهم إن الحوار هو الحل")]


def test_question_phrases_are_partial_quotes() -> None:
    text = "وعندما سُئل عن «تعزيز العلاقات» مع الجيران، أجاب الوزير: «نحن منفتحون»."
    assert quotes_of(text) == [("partial", "تعزيز العلاقات"), ("direct", "نحن منفتحون")]


def test_headline_with_speaker_after_colon_needs_a_mention() -> None:
    # without a mention after the colon nothing is claimed
    assert quotes_of("الحكومة ستخفض الضرائب: وزير المالية\n\nنص الخبر.", title_first_line=True) == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            ["وقال", "الوزير", "إن", "أن", ":", "«", "»", "“", "”", '"', "،", ".", "\n", "الحكومة", "ستخفض",
             "مؤكدًا", "بحسب", "سُئل", "وأضاف", "بأنها", "في", "بيان"]
        ),
        max_size=40,
    )
)  # fmt: skip
def test_spans_slice_back_to_their_text(words: list[str]) -> None:
    text = " ".join(words)
    if not text.strip():
        return
    a = Pipeline(["text"])(text)
    for q in find_quotes(a):
        assert text[q.start : q.end] == q.text and q.start < q.end
        for sp in (q.cue, q.speaker_span, q.reported_via):
            if sp is not None:
                assert text[sp.start : sp.end] == sp.text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("وبحسب بيان، تمكنت الشرطة من تفكيك الخلية.", [("indirect", "تمكنت الشرطة من تفكيك الخلية")]),
        ("ووفقا للبيان ستعلن الوزارة الأسعار كل شهر.", [("indirect", "ستعلن الوزارة الأسعار كل شهر")]),
        ("وبحسب المصدر نفسه كانوا يخططون لهجمات.", [("indirect", "كانوا يخططون لهجمات")]),
    ],
)
def test_preposed_source(text: str, expected: list[tuple[str, str]]) -> None:
    assert quotes_of(text) == expected


def test_a_missing_closing_mark_without_colon_ends_with_its_sentence() -> None:
    text = "وتمكن المكتب من «تفكيك خلية في المدينة. وأضافت الوزارة أن الخلية «خطيرة جدا» وفق المصادر."
    assert ("indirect", "الخلية «خطيرة جدا» وفق المصادر") in quotes_of(text)


def test_a_new_clause_with_its_own_cue_ends_the_content() -> None:
    text = "ويتوقع الصندوق أن يسجل البلد عجزا وتفيد تقديرات الصندوق بأن البلد ينفق كثيرا."
    assert quotes_of(text) == [("indirect", "يسجل البلد عجزا"), ("indirect", "البلد ينفق كثيرا")]
