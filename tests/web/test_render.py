"""The article renderer: highlights nest, text is escaped, spans slice back, URLs are filtered."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from marsad.model import Analysis, Document, Entity, Mention, Quote, TimeExpr
from marsad.web.render import collect_highlights, nest, render_article, safe_url


def _analysis(text: str, **layers) -> Analysis:
    return Analysis(document=Document(id="d1", text=text), **layers)


def _strip_tags(markup: str) -> str:
    # drop the attribution badges (not article text), then every tag, then unescape
    markup = re.sub(r'<bdi class="attrib-wrap">.*?</bdi>', "", markup)
    return html.unescape(re.sub(r"<[^>]+>", "", markup))


def test_quote_contains_mention_and_is_attributed():
    text = "قال روبيو: “نرى فرصة مع باكستان” أمس."
    s = text.index("“") + 1
    e = text.index("”")
    r0, r1 = text.index("روبيو"), text.index("روبيو") + len("روبيو")
    p0 = text.index("باكستان")
    a = _analysis(
        text,
        mentions=[Mention("m1", r0, r1, "روبيو", "PERS", 0, entity="person:rubio"),
                  Mention("m2", p0, p0 + 7, "باكستان", "LOC", 0, entity="country:PAK")],
        entities=[Entity("person:rubio", "PERSON", "روبيو", ["m1"], name_en="Marco Rubio"),
                  Entity("country:PAK", "COUNTRY", "باكستان", ["m2"], name_en="Pakistan")],
        quotes=[Quote("q1", s, e, text[s:e], "direct", 0, speaker="person:rubio")],
    )
    out = str(render_article(a).body)
    assert '<q class="hl quote quote-direct" id="q-q1"' in out
    quote_html = out[out.index('id="q-q1"'): out.index("</q>")]
    assert "Pakistan — country" in quote_html  # the mention nests inside the quotation
    assert 'data-tip="Quotation (direct) — said by Marco Rubio' in out
    assert "— Marco Rubio</a>" in out  # visible attribution after the quote
    assert _strip_tags(out) == text


@pytest.mark.parametrize(
    "spans, kept",
    [
        ([(0, 5), (2, 8)], 1),  # crossing: the later one is dropped
        ([(0, 8), (2, 5)], 2),  # nested
        ([(0, 3), (3, 6)], 2),  # adjacent
        ([(0, 4), (0, 4)], 2),  # identical spans nest
    ],
)
def test_nesting(spans, kept):
    text = "ابجدهوزحطي"
    a = _analysis(text, times=[TimeExpr(f"t{i}", s, e, text[s:e], "date") for i, (s, e) in enumerate(spans)])
    roots, dropped = nest(collect_highlights(a))

    def count(nodes):
        return sum(1 + count(n.children) for n in nodes)

    assert count(roots) == kept
    assert dropped == len(spans) - kept


def test_script_in_text_is_escaped():
    text = "<script>alert(1)</script> قال <img src=x onerror=alert(2)> “<b>نص</b>”"
    s, e = text.index("“") + 1, text.index("”")
    a = _analysis(text, quotes=[Quote("q1", s, e, text[s:e], "direct", 0, speaker_text='"><script>x</script>')])
    out = str(render_article(a).body)
    assert "<script" not in out and "<img" not in out and "<b>" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert _strip_tags(out) == text


def test_out_of_range_spans_are_ignored():
    a = _analysis("نص قصير", times=[TimeExpr("t1", 3, 99, "x", "date"), TimeExpr("t2", 5, 2, "x", "date")])
    assert collect_highlights(a) == []


@pytest.mark.parametrize(
    "url, ok",
    [
        ("https://example.org/a?b=1", True),
        ("http://aawsat.com/home/article/410826/بريطانيا", True),
        ("javascript:alert(1)", False),
        ("JaVaScRiPt:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\nscript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("vbscript:msgbox", False),
        ("//evil.example/x", False),
        ("/relative", False),
        ('https://x.org/"onmouseover="alert(1)', False),
        ("", False),
        (None, False),
    ],
)
def test_safe_url(url, ok):
    assert (safe_url(url) is not None) == ok


@given(st.text(max_size=60), st.lists(st.tuples(st.integers(0, 60), st.integers(0, 60)), max_size=8))
def test_rendered_text_is_the_text(text, spans):
    """Whatever the spans, the rendered body shows exactly the text (nothing lost, nothing doubled)."""
    times = [TimeExpr(f"t{i}", s, e, text[s:e], "date") for i, (s, e) in enumerate(spans) if s < e <= len(text)]
    a = _analysis(text, times=times)
    assert _strip_tags(str(render_article(a).body)) == text


def test_facts_with_empty_layers_and_loose_mentions():
    from marsad.web.facts import article_facts

    text = "زار الوزير القاهرة ثم القاهرة."
    i = text.index("القاهرة")
    j = text.index("القاهرة", i + 1)
    a = _analysis(text, mentions=[Mention("m1", i, i + 7, "القاهرة", "LOC", 0), Mention("m2", j, j + 7, "القاهرة", "LOC", 0)],
                  stages=["text", "ner"])
    f = article_facts(a)
    assert f.entities == [] and f.quotes == [] and f.events == [] and f.times == []
    assert f.loose_mentions == [{"text": "القاهرة", "type": "LOC", "count": 2, "anchor": "m-m1", "type_label": "place"}]
    out = str(render_article(a).body)
    assert out.count('class="hl ent ent-loc"') == 2 and "not linked to an entity" in out
