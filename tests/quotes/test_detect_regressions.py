"""Regression tests named after the bugs they pin down."""

import marsad
from tests.spans import bad_spans


def test_speaker_span_never_inverted_when_source_opens_a_guillemet():
    # found on a SaudiNewsNet article: the source's name was inside «…», right after the cue phrase
    text = "ويقول تقرير حديث صادر عن «ميتال فوكس» إن أسعار الذهب قد تجد دعما قويا."
    a = marsad.analyze(text, published="2015-07-21")
    assert bad_spans(a.to_json()) == []
    for q in a.quotes:
        if q.speaker_span is not None:
            assert q.speaker_span.start < q.speaker_span.end
