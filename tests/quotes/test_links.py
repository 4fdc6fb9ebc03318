"""Links between quotes (marsad.quotes.links): a partial quote inside another quote, a statement told
twice. The quote lists are written by hand (offsets into made-up texts), so each rule is tested on its
own; the last tests run the detector on a short made-up article."""

from __future__ import annotations

import pytest

from marsad.model import Quote, Span
from marsad.quotes import count_statements, find_quotes, is_statement, link_quotes

MINISTER = "local:pers:minister"
SPOKESMAN = "local:pers:spokesman"


def quote(
    qid: str, start: int, end: int, kind: str, speaker: str | None, text: str = "", speaker_text: str | None = None
) -> Quote:
    """A quote with just what linking looks at; ``text`` defaults to a filler of the span's length."""
    return Quote(
        qid,
        start,
        end,
        text or "س" * (end - start),
        kind,  # type: ignore[arg-type]
        0,
        speaker=speaker,
        speaker_text=speaker_text if speaker_text is not None else ("الوزير" if speaker else None),
        attribution="named" if speaker or speaker_text else "unknown",
    )


# --- containment -----------------------------------------------------------------------------------


def test_partial_inside_indirect_of_the_same_speaker_is_within_it():
    quotes = link_quotes([quote("q1", 10, 90, "indirect", MINISTER), quote("q2", 40, 80, "partial", MINISTER)])
    assert [q.within for q in quotes] == [None, "q1"]
    assert [q.repeats for q in quotes] == [None, None]
    assert count_statements(quotes) == 1
    assert is_statement(quotes[0]) and not is_statement(quotes[1])


def test_innermost_container_is_chosen():
    outer = quote("q1", 0, 200, "direct", MINISTER)  # a long direct quote holding reported speech
    inner = quote("q2", 50, 150, "indirect", MINISTER)
    part = quote("q3", 60, 100, "partial", MINISTER)
    link_quotes([outer, inner, part])
    assert part.within == "q2"
    assert inner.within is None  # only partial quotes are linked by containment


def test_partial_without_speaker_inherits_the_indirect_quotes():
    indirect = quote("q1", 0, 100, "indirect", MINISTER)
    indirect.speaker_span = Span(3, 9, "الوزير")
    part = quote("q2", 20, 60, "partial", None)
    link_quotes([indirect, part])
    assert part.within == "q1"
    assert (part.speaker, part.speaker_text, part.speaker_span, part.attribution) == (
        MINISTER, "الوزير", Span(3, 9, "الوزير"), "named",
    )  # fmt: skip


def test_partial_of_another_known_speaker_is_not_within():
    # the minister reports the spokesman's words: the spokesman's quote is a statement of its own
    quotes = link_quotes([quote("q1", 0, 100, "indirect", MINISTER), quote("q2", 20, 60, "partial", SPOKESMAN)])
    assert quotes[1].within is None
    assert quotes[1].speaker == SPOKESMAN
    assert count_statements(quotes) == 2


def test_partial_without_speaker_is_not_given_a_direct_quotes_speaker():
    # a quoted phrase of nobody known inside a direct quote is not tied to that speaker
    quotes = link_quotes([quote("q1", 0, 100, "direct", MINISTER), quote("q2", 20, 60, "partial", None)])
    assert quotes[1].within is None and quotes[1].speaker is None


def test_partial_outside_or_overlapping_or_equal_is_not_within():
    quotes = link_quotes(
        [
            quote("q1", 0, 50, "indirect", MINISTER),
            quote("q2", 40, 70, "partial", MINISTER),  # overlaps the end: not inside
            quote("q3", 80, 120, "indirect", MINISTER),
            quote("q4", 80, 120, "partial", MINISTER),  # the same span: the same size, not inside
            quote("q5", 130, 140, "partial", None),  # a phrase from a reporter's question, inside nothing
        ]
    )
    assert [q.within for q in quotes] == [None] * 5
    assert count_statements(quotes) == 5


# --- repeats ---------------------------------------------------------------------------------------

HEADLINE = "الحكومة لن ترفع أسعار الوقود هذا العام"
BODY = "الحكومةُ لن ترفعَ اسعار الوقود هذا العامَ"  # tashkeel, a hamza dropped: the same normalised words
NEAR = "الحكومة لن ترفع أسعار الوقود في هذا العام"  # one word more (ratio 14/15)
OTHER = "الحكومة لن ترفع أسعار الكهرباء في العام المقبل"  # another statement sharing five words (10/15)


def _told(*specs: tuple[str, str, str | None]) -> list[Quote]:
    """Quotes one after another: (id, text, speaker)."""
    out, pos = [], 0
    for qid, text, speaker in specs:
        out.append(quote(qid, pos, pos + len(text), "indirect", speaker, text))
        pos += len(text) + 20
    return out


def test_headline_and_body_with_the_same_words_are_one_statement():
    quotes = link_quotes(_told(("q1", HEADLINE, MINISTER), ("q2", BODY, MINISTER)))
    assert [q.repeats for q in quotes] == [None, "q1"]
    assert count_statements(quotes) == 1


def test_near_same_words_repeat():
    quotes = link_quotes(_told(("q1", HEADLINE, MINISTER), ("q2", NEAR, MINISTER)))
    assert quotes[1].repeats == "q1"


def test_different_statements_of_one_speaker_are_not_linked():
    quotes = link_quotes(_told(("q1", HEADLINE, MINISTER), ("q2", OTHER, MINISTER)))
    assert [q.repeats for q in quotes] == [None, None]


def test_same_words_of_different_speakers_are_not_linked():
    quotes = link_quotes(_told(("q1", HEADLINE, MINISTER), ("q2", HEADLINE, SPOKESMAN)))
    assert [q.repeats for q in quotes] == [None, None]


def test_same_words_of_unknown_speakers_are_not_linked():
    quotes = link_quotes(_told(("q1", HEADLINE, None), ("q2", HEADLINE, None)))
    assert [q.repeats for q in quotes] == [None, None]


def test_speaker_as_written_counts_when_there_is_no_entity():
    quotes = _told(("q1", HEADLINE, None), ("q2", BODY, None), ("q3", BODY, None))
    quotes[0].speaker_text = quotes[1].speaker_text = "مصدر حكومي"
    quotes[2].speaker_text = "مصدر حكومي آخر"
    link_quotes(quotes)
    assert [q.repeats for q in quotes] == [None, "q1", None]


def test_short_quotes_do_not_repeat():
    # «بُعد جديد» twice: a term the speaker uses again, not a statement told twice
    quotes = link_quotes(_told(("q1", "بُعد جديد", MINISTER), ("q2", "بعد جديد", MINISTER)))
    assert [q.repeats for q in quotes] == [None, None]


def test_a_third_telling_points_at_the_first():
    quotes = link_quotes(_told(("q1", HEADLINE, MINISTER), ("q2", BODY, MINISTER), ("q3", NEAR, MINISTER)))
    assert [q.repeats for q in quotes] == [None, "q1", "q1"]


def test_a_partial_inside_a_quote_is_not_a_repeat():
    indirect = quote("q1", 0, 100, "indirect", MINISTER, HEADLINE + " رغم العجز في الموازنة")
    part = quote("q2", 10, 60, "partial", MINISTER, HEADLINE)
    later = quote("q3", 150, 150 + len(HEADLINE), "direct", MINISTER, HEADLINE)
    link_quotes([indirect, part, later])
    assert (part.within, part.repeats) == ("q1", None)
    assert later.repeats is None  # it repeats a fragment, not an earlier statement


def test_linking_twice_changes_nothing_and_stale_links_are_cleared():
    quotes = _told(("q1", HEADLINE, MINISTER), ("q2", OTHER, MINISTER))
    quotes[1].repeats = "q1"  # stale: e.g. read back from an older analysis
    quotes[0].within = "q9"
    link_quotes(quotes)
    first = [(q.within, q.repeats) for q in quotes]
    link_quotes(quotes)
    assert first == [(q.within, q.repeats) for q in quotes] == [(None, None), (None, None)]


# --- through the detector --------------------------------------------------------------------------

ARTICLE = (
    "وزير المالية: الحكومة لن ترفع الضرائب هذا العام\n\n"
    "قال وزير المالية سامي الخطيب إن الحكومة لن ترفع الضرائب هذا العام، مؤكدًا أن الموازنة الجديدة "
    '"تحمي ذوي الدخل المحدود من أي أعباء إضافية".\n'
)


@pytest.fixture
def article(build):
    return build(
        ARTICLE,
        [("سامي الخطيب", "PERS", "local:pers:khatib")],
        [("local:pers:khatib", "PERSON", "سامي الخطيب")],
        title_first_line=True,
    )


def test_detector_and_links_on_a_short_article(article):
    quotes = link_quotes(find_quotes(article))
    headline, body = (q for q in quotes if q.text == "الحكومة لن ترفع الضرائب هذا العام")
    indirect = next(q for q in quotes if q.kind == "indirect" and q.text.startswith("الموازنة الجديدة"))
    partial = next(q for q in quotes if q.kind == "partial")
    assert partial.text == "تحمي ذوي الدخل المحدود من أي أعباء إضافية"
    assert headline.sentence == 0 and body.sentence > 0
    assert headline.speaker == body.speaker == "local:pers:khatib"
    assert body.repeats == headline.id and headline.repeats is None
    assert partial.within == indirect.id
    assert count_statements(quotes) == 2  # what the minister said: no tax rise; the budget protects


def test_the_stage_links(article):
    from marsad.quotes import QuoteStage

    a = QuoteStage()(article)
    assert count_statements(a.quotes) == 2 < len(a.quotes)
