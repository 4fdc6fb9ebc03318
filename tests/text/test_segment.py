import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.text import split_sentences


def sents(text: str) -> list[str]:
    return [text[s.start : s.end] for s in split_sentences(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("زار الوزير القاهرة. والتقى الرئيس.", ["زار الوزير القاهرة.", "والتقى الرئيس."]),
        ("هل ستأتي؟ نعم! سآتي…  غدا", ["هل ستأتي؟", "نعم!", "سآتي…", "غدا"]),
        # a headline without a final period is a sentence of its own
        ("عنوان الخبر بلا نقطة\nنص الخبر هنا.", ["عنوان الخبر بلا نقطة", "نص الخبر هنا."]),
        # the quoted passage stays inside its sentence, its closing mark too
        ("قال: “لن نتراجع. سنواصل” ثم غادر.", ["قال: “لن نتراجع. سنواصل” ثم غادر."]),
        ("قال: “لن نتراجع. سنواصل.” ثم غادر.", ["قال: “لن نتراجع. سنواصل.”", "ثم غادر."]),
        ("وقال «نحن هنا. وسنبقى» وأضاف أمرا.", ["وقال «نحن هنا. وسنبقى» وأضاف أمرا."]),
        ('قال "لا. أبدا" وغادر. ثم عاد.', ['قال "لا. أبدا" وغادر.', "ثم عاد."]),
        # closing quotation marks after the terminal belong to the sentence
        ("قال: “انتهى الأمر.” ثم صمت.", ["قال: “انتهى الأمر.”", "ثم صمت."]),
        # an intro line ending in a colon and the quote on its own line form one sentence
        ("وأضاف:\n\n“نرى فرصة كبيرة.”\n\nوانتهى المؤتمر.", ["وأضاف:\n\n“نرى فرصة كبيرة.”", "وانتهى المؤتمر."]),
        # ... but a colon line followed by ordinary text does not swallow it
        ("النقاط التالية:\nأولا كذا.", ["النقاط التالية:", "أولا كذا."]),
        # abbreviations and initials
        ("التقى د. محمد الوزير. ثم غادر.", ["التقى د. محمد الوزير.", "ثم غادر."]),
        ("Mr. Smith met the U.S. envoy. Then left.", ["Mr. Smith met the U.S. envoy.", "Then left."]),
        # decimals and URLs do not split
        ("ارتفع بنسبة 3.5 بالمئة. وانخفض.", ["ارتفع بنسبة 3.5 بالمئة.", "وانخفض."]),
        ("راجع www.example.com/a.html للمزيد. شكرا.", ["راجع www.example.com/a.html للمزيد.", "شكرا."]),
        # an unmatched quotation mark protects nothing
        ("قال “لن نتراجع. ثم غادر. وعاد.", ["قال “لن نتراجع.", "ثم غادر.", "وعاد."]),
        # the Arabic semicolon and comma do not end sentences
        ("أولا، كذا؛ ثانيا كذا.", ["أولا، كذا؛ ثانيا كذا."]),
        ("", []),
        ("   \n\n  ", []),
    ],
)
def test_segmentation_table(text, expected):
    assert sents(text) == expected


def test_hard_break_after_title():
    text = "قال:\n“نص”"
    assert len(split_sentences(text)) == 1
    assert len(split_sentences(text, hard_breaks=frozenset({4}))) == 2


def test_canonical_article(canonical_text):
    got = sents(canonical_text)
    assert got[0] == "الولايات المتحدة ترى فرصة لتوسيع علاقاتها الاستراتيجية مع باكستان: ماركو روبيو"
    # every quotation opened in a sentence is closed in the same sentence
    for s in got:
        assert s.count("“") == s.count("”"), s
    # intro lines and their quotes stay together
    assert any(s.startswith("وأضاف:") and s.endswith("براغماتية.”") for s in got)
    assert any(s.startswith("أجاب") or "أجاب روبيو:\n\n“أعتقد أنهم قدّروا ذلك.”" in s for s in got)
    assert any(s.startswith("وتابع موضحًا:") and s.endswith("معًا.”") for s in got)
    assert got[-1].startswith("ووصف بيان صادر عن الشركة") and got[-1].endswith("باكستان”.")
    assert len(got) == 18


@given(st.text(alphabet=st.one_of(st.characters(), st.sampled_from(list(".؟!…“”«»\": \n،"))), max_size=300))
def test_sentences_cover_the_text_without_gaps_or_overlaps(text):
    spans = split_sentences(text)
    pos = 0
    for s in spans:
        assert s.start >= pos and s.end > s.start
        assert text[pos : s.start].strip() == "" or text[pos : s.start].isspace()
        assert not text[s.start].isspace() and not text[s.end - 1].isspace()
        pos = s.end
    assert text[pos:].strip() == "" or text[pos:].isspace()
