"""Detection details: what is not a time expression, spans, tense, modifiers, clitics."""

from __future__ import annotations

import pytest

from marsad.model import Analysis
from marsad.pipeline import Pipeline
from marsad.time import TimeStage, find_times, word_tense
from marsad.time.lexicon import lexicon

P = "2025-10-26"


@pytest.mark.parametrize(
    "sentence",
    [
        "قال الأمين العام للأمم المتحدة إن الوضع خطير",
        "احتفلت المملكة باليوم الوطني السعودي",
        "زار أبوه آب المدينة",  # آب (father) is not August without a date context
        "قال المفكر طارق رمضان في محاضرة",  # a name, not the month
        "مارس اللاعب الرياضة بانتظام",
        "ناقش أحد المسؤولين السياسة الخارجية",
        "سيارة جديدة وسياسة مختلفة",
        "اليوم التالي للزيارة كان هادئًا",
        "تتدهور الأوضاع يومًا بعد يوم",
    ],
)
def test_not_time_expressions(sentence):
    assert [t.text for t in find_times(sentence, published=P)] == []


@pytest.mark.parametrize(
    ("sentence", "expr", "mod"),
    [
        ("تراجعت الأسعار منذ مطلع العام", "مطلع العام", "START"),
        ("أعلنت الشركة إفلاسها أواخر العام الماضي", "أواخر العام الماضي", "END"),
        ("تجرى الانتخابات في منتصف الشهر المقبل", "منتصف الشهر المقبل", "MID"),
        ("وصل في بداية أكتوبر", "بداية أكتوبر", "START"),
    ],
)
def test_modifiers(sentence, expr, mod):
    (t,) = [t for t in find_times(sentence, published=P) if t.text == expr]
    assert t.mod == mod


def test_earlier_this_month_is_before_publication():
    (t,) = find_times("نشرت الصحيفة تقريرًا في وقت سابق من الشهر الجاري", published=P)
    assert (t.value, t.relation, t.anchor) == ("2025-10", "before", "publication")


def test_plain_current_month_is_at_publication():
    (t,) = find_times("تراجع التضخم الشهر الجاري", published=P)
    assert t.relation == "at"


def test_tense_decides_a_bare_month():
    past = find_times("عقد الاجتماع في نوفمبر", published=P)[0]
    future = find_times("سيعقد الاجتماع في نوفمبر", published=P)[0]
    assert (past.value, past.relation) == ("2024-11", "before")
    assert (future.value, future.relation) == ("2025-11", "after")


def test_tense_stays_in_its_clause():
    # the future verb belongs to another clause; the month was when the schedule was published
    times = find_times("وستعلن النتائج في أغسطس، بحسب الجدول الذي نشرته الوزارة في مارس", published="2024-07-02")
    assert [(t.text, t.value) for t in times] == [("أغسطس", "2024-08"), ("مارس", "2024-03")]


@pytest.mark.parametrize(
    ("word", "tense"),
    [("سيزور", "future"), ("ستعقد", "future"), ("سوف", "future"), ("سياسة", None), ("سنوات", None), ("قد", "past")],
)
def test_word_tense(word, tense):
    from marsad.text import normalize_word

    assert word_tense(normalize_word(word)) == tense


def test_clitics_stay_outside_the_span():
    (t,) = find_times("وبالأمس أعلن الوزير", published=P)
    assert t.text == "الأمس"
    (t,) = find_times("تستعد الحكومة للعام المقبل", published=P)
    assert (t.text, t.value) == ("للعام المقبل", "2026")


def test_marks_after_the_expression_are_kept():
    (t,) = find_times("تبدأ الجلسة الساعة الثامنة مساءً", published=P)
    assert t.text == "الساعة الثامنة مساءً"
    (h,) = find_times("صدر في 5 ربيع الآخر 1447 هـ", published=P)
    assert h.text.endswith("هـ") and h.calendar == "hijri"


def test_relative_to_an_event_is_a_duration():
    (t,) = find_times("قبل أسبوعين من الانتخابات", published=P)
    assert (t.text, t.type, t.value) == ("أسبوعين", "duration", "P2W")


def test_ids_and_sentences():
    text = "وصل الوفد أمس. ويغادر بعد غد."
    a = Pipeline(["text", "time"])(text, published=P)
    assert [t.id for t in a.times] == ["t1", "t2"]
    assert [t.sentence for t in a.times] == [0, 1]


def test_stage_contract():
    stage = TimeStage()
    assert (stage.name, stage.requires, stage.provides) == ("time", ("tokens",), ("times",))
    a = Pipeline(["text"])("", published=P)
    assert isinstance(stage(a), Analysis) and a.times == []


def test_json_round_trip():
    a = Pipeline(["text", "time"])("مطلع العام وفي 5 ربيع الآخر 1447 هـ", published=P)
    assert Analysis.from_json(a.to_json()).times == a.times


def test_lexicons_are_normalised():
    lx = lexicon()
    from marsad.text import normalize_word

    for table in (lx.months, lx.hijri_months, lx.weekdays, lx.units, lx.directions, lx.ordinals):
        for key in table:
            assert key == " ".join(normalize_word(w) for w in key.split())
    assert set(lx.months.values()) == set(range(1, 13))
    assert set(lx.hijri_months.values()) == set(range(1, 13))
    assert set(lx.weekdays.values()) == set(range(1, 8))
    assert set(lx.ordinals.values()) == set(range(1, 32))


def test_every_month_name_in_every_system_is_found():
    lx = lexicon()
    for name, number in lx.months.items():
        (t,) = find_times(f"وصل في {name} 2024", published=P)
        assert t.value == f"2024-{number:02d}", name


def test_windowed_search_finds_what_a_full_scan_finds():
    """Rules run only around their trigger words; that must never lose a match."""
    from pathlib import Path

    from marsad.text import normalize, normalized
    from marsad.time.grammar import detect, token_index
    from marsad.time.timeml import read_timeml, timeml_files

    from .test_table import TABLE

    gold = Path(__file__).resolve().parents[2] / "gold" / "time"
    texts = [row[0] for row in TABLE] + [read_timeml(f).text for f in timeml_files(gold)]

    def key(cands):
        return [(c.start, c.end, c.kind, sorted(c.spec.items(), key=str)) for c in cands]

    for text in texts:
        norm = normalize(text).text
        full = key(detect(norm, windows=False))
        assert key(detect(norm)) == full, text
        a = Pipeline(["text"])(text)
        n = normalized(a)
        words = [(t.start, t.norm) for t in a.tokens if t.kind == "word"]
        position = None if n.offsets is None else (lambda i, n=n: n.from_original(i, i)[0])
        assert key(detect(norm, index=token_index(words, norm, position))) == full, text


@pytest.mark.parametrize(
    ("sentence", "text", "value"),
    [
        ("انضم إلى الحزب (1949) ثم غادره.", "1949", "1949"),
        ("تأسست الشركة 2003م في الرياض.", "2003م", "2003"),
        ("في عامي 2002 و2003 شهدت البلاد أزمة.", "عامي 2002 و2003", "2002/2003"),
    ],
)
def test_a_year_alone_when_marked(sentence, text, value):
    got = [(t.text, t.value, t.granularity) for t in find_times(sentence, published=P)]
    assert got == [(text, value, "year")]


def test_a_bare_number_is_no_year():
    assert find_times("باع المعرض 2003 سيارة.", published=P) == []
