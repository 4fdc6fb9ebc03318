"""Document contexts (PLOVER context list)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from marsad.events.contexts import ContextStage
from tests.events.build import Spec, build, code


@pytest.mark.parametrize(
    "text, expected, absent",
    [
        ("قصف الجيش مواقع للمسلحين. وقالت القوات المسلحة إن الصواريخ أصابت أهدافها.", {"military"}, {"economic"}),
        ("ارتفعت صادرات النفط. وقال البنك المركزي إن التضخم تراجع والاستثمار نما.", {"economic"}, {"military"}),
        ("أعلنت الشرطة إحباط هجوم لتنظيم داعش. وتعهدت الحكومة بمكافحة الإرهاب.", {"terrorism"}, set()),
        ("اجتاحت الفيضانات المدينة. وأعلنت السلطات أن الزلزال خلف أضرارا.", {"disasters"}, {"election"}),
        ("زار الوزير القاهرة.", set(), {"military", "economic", "terrorism"}),
    ],
)
def test_contexts(text, expected, absent):
    a = ContextStage()(code(Spec(text)))
    assert expected <= set(a.contexts)
    assert not (absent & set(a.contexts))


ARABIC = st.text(alphabet=st.sampled_from(list("زار التقى هاجم قصف اعتقل مصر. ،وفي لم سيزور")), min_size=0, max_size=80)


@settings(max_examples=40, deadline=None)
@given(ARABIC)
def test_spans_slice_back_and_json_round_trips(text):
    from marsad.events import EventStage
    from marsad.model import Analysis

    a = ContextStage()(EventStage()(build(Spec(text))))
    for e in a.events:
        assert a.text[e.trigger.start : e.trigger.end] == e.trigger.text
        assert a.text[e.evidence.start : e.evidence.end] == e.evidence.text
    assert Analysis.from_json(a.to_json()).events == a.events
