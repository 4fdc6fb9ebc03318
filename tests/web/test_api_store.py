"""Every store-backed endpoint and page, good input and bad (4xx with a clear message, never a 500),
and an article whose text, title, source and URL carry script and HTML."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from marsad.web import WebConfig, create_app
from tests.web.conftest import AUTH, RUBIO_QUOTES, TOKEN, XSS_TEXT, XSS_TITLE

HTML = {"accept": "text/html"}


@pytest.fixture(scope="module")
def client(filled_store) -> TestClient:
    app = create_app(store=filled_store, config=WebConfig(token=TOKEN, max_page_size=3, page_size=2))
    return TestClient(app, raise_server_exceptions=False)


def _ok(r) -> dict:
    assert r.status_code == 200, r.text
    return r.json()


def _error(r, status: int) -> str:
    assert r.status_code == status, r.text
    body = r.json()
    assert body["status"] == status and body["error"]
    return body["error"]


# --- articles, paging ---------------------------------------------------------------------------------


def test_articles_paging_and_cap(client):
    page = _ok(client.get("/api/articles"))
    assert page["limit"] == 20 or len(page["items"]) <= 3
    assert page["total"] == 5
    capped = _ok(client.get("/api/articles?limit=100"))
    assert len(capped["items"]) == 3 and capped["limit"] == 3 and capped["has_more"] is True
    rest = _ok(client.get("/api/articles?limit=3&offset=3"))
    assert len(rest["items"]) == 2 and rest["has_more"] is False
    ids = [a["id"] for a in capped["items"] + rest["items"]]
    assert len(set(ids)) == 5


def test_articles_filters(client):
    res = _ok(client.get("/api/articles?since=2025-10-26&until=2025-10-26"))
    assert [a["id"] for a in res["items"]] == ["rubio-pakistan"]
    assert _ok(client.get("/api/articles?source=nowhere"))["total"] == 0


def test_article(client):
    rec = _ok(client.get("/api/articles/rubio-pakistan"))
    assert rec["analysis"]["schema"] == "marsad.analysis/1"
    assert any(q["speaker"] == "person:marco-rubio" for q in rec["analysis"]["quotes"])


@pytest.mark.parametrize("ident", ["nope", "rubio-pakistan'--", "%00", "ا" * 200])
def test_unknown_article(client, ident):
    assert "no article" in _error(client.get("/api/articles/" + quote(ident, safe="")), 404)


def test_overlong_id(client):
    _error(client.get("/api/articles/" + "x" * 301), 422)


# --- search ---------------------------------------------------------------------------------------------


def test_search(client):
    res = _ok(client.get("/api/search", params={"q": "باكستان"}))
    assert res["total"] >= 1 and res["items"][0]["snippet"]
    assert "rubio-pakistan" in [i["id"] for i in res["items"]]
    # folded spelling: hamza forms and taa marbuta match
    assert _ok(client.get("/api/search", params={"q": "الاستراتيجيه"}))["total"] >= 1


def test_search_bad_queries(client):
    assert "empty" in _error(client.get("/api/search", params={"q": "   "}), 400)
    _error(client.get("/api/search", params={"q": "x", "since": "2025/10/01"}), 422)


def test_search_is_parameterised(client):
    for q in ("' OR 1=1 --", '"; DROP TABLE articles; --', "%%%%", "_x_", "\\"):
        assert _ok(client.get("/api/search", params={"q": q}))["total"] == 0
    assert _ok(client.get("/api/articles"))["total"] == 5


# --- entities, quotes, events, relations, timeline ------------------------------------------------------


def test_entities(client):
    res = _ok(client.get("/api/entities", params={"type": "COUNTRY"}))
    assert {e["id"] for e in res["items"]} >= {"country:PAK", "country:USA"}
    assert _ok(client.get("/api/entities", params={"q": "Rubio"}))["items"][0]["id"] == "person:marco-rubio"


def test_entity(client):
    ent = _ok(client.get("/api/entities/person:marco-rubio"))
    assert ent["name_en"] == "Marco Rubio"
    assert ent["roles"][0]["role_en"] == "Secretary of State"
    assert len(ent["quotes"]) == min(RUBIO_QUOTES, 3) and ent["series"]["labels"] == ["2025-10"]
    assert _ok(client.get("/api/entities/" + quote("روبيو")))["id"] == "person:marco-rubio"  # by name
    assert _ok(client.get("/api/entities/person:marco-rubio?by=day"))["series"]["labels"] == ["2025-10-26"]


def test_unknown_entity(client):
    assert "no entity" in _error(client.get("/api/entities/person:nobody-at-all"), 404)


def test_quotes(client):
    res = _ok(client.get("/api/quotes", params={"speaker": "person:marco-rubio"}))
    assert res["total"] == RUBIO_QUOTES and res["items"][0]["speaker_en"] == "Marco Rubio"
    word = res["items"][0]["text"].split()[0]
    assert _ok(client.get("/api/quotes", params={"q": word}))["total"] >= 1
    assert _ok(client.get("/api/quotes", params={"q": "كلمةغيرموجودة"}))["total"] == 0
    distinct = _ok(client.get("/api/quotes", params={"speaker": "person:marco-rubio", "distinct": "true"}))
    assert 0 < distinct["total"] <= res["total"]
    assert all(q["within"] is None and q["repeats"] is None for q in distinct["items"])


def test_events(client):
    res = _ok(client.get("/api/events", params={"actor": "PAK"}))
    assert res["total"] == 1 and res["items"][0]["type"] == "CONSULT"
    assert res["items"][0]["recipient"]["name_en"] == "United States"
    assert _ok(client.get("/api/events", params={"type": "ASSAULT"}))["total"] == 0
    assert _ok(client.get("/api/events", params={"since": "2026-01-01"}))["total"] == 0
    assert "no entity" in _error(client.get("/api/events", params={"actor": "nobody-known-here"}), 400)


def test_relations_graph_and_series(client):
    g = _ok(client.get("/api/relations"))
    edge = next(e for e in g["edges"] if {e["source"], e["target"]} == {"country:PAK", "country:USA"})
    assert edge["count"] == 1 and edge["score"] > 0  # CONSULT is cooperative
    s = _ok(client.get("/api/relations", params={"a": "USA", "b": "PAK"}))
    assert s["series"][0]["period"] == "2025-10" and s["total"]["count"] == 1
    assert s["a"]["name_en"] == "United States" and len(s["events"]) == 1
    assert "both" in _error(client.get("/api/relations", params={"a": "USA"}), 422)
    assert "no entity" in _error(client.get("/api/relations", params={"a": "USA", "b": "zzz-nobody"}), 400)


def test_timeline(client):
    t = _ok(client.get("/api/timeline/person:marco-rubio"))
    assert t["total"] == RUBIO_QUOTES and {i["entry"] for i in t["items"]} == {"quote"}
    assert len(t["items"]) == 3 and t["has_more"]  # capped by max_page_size
    assert "no entity" in _error(client.get("/api/timeline/nobody-at-all-here"), 404)


# --- writes ---------------------------------------------------------------------------------------------


def test_analyze_and_store(client):
    body = {"text": "زار وزير الخارجية القاهرة يوم الأحد.", "published": "2025-11-10", "id": "stored-1", "store": True}
    _error(client.post("/api/analyze", json=body), 401)
    res = _ok(client.post("/api/analyze", json=body, headers=AUTH))
    assert res["stored"] is True and res["page"] == "/articles/stored-1"
    assert client.get(res["page"], headers=HTML).status_code == 200
    again = _ok(client.post("/api/analyze", json=body, headers=AUTH))  # idempotent: same text, same article
    assert again["id"] == "stored-1"
    slashed = _ok(client.post("/api/analyze", json={**body, "text": "نص آخر عن جدة.", "id": "feed/2025/1"},
                              headers=AUTH))
    assert slashed["page"] == "/articles/feed%2F2025%2F1"
    assert client.get(slashed["page"], headers=HTML).status_code == 200
    assert _ok(client.get("/api/articles/feed/2025/1"))["id"] == "feed/2025/1"


def test_ingest(client, canonical_analysis_json):
    _error(client.post("/api/ingest", json={"analyses": [canonical_analysis_json]}), 401)
    res = _ok(client.post("/api/ingest", json={"analyses": [canonical_analysis_json]}, headers=AUTH))
    assert res["ingested"] == 1 and res["results"][0]["result"]["status"] in ("ingested", "duplicate")
    res = _ok(client.post("/api/ingest", json={"articles": [{"text": "نص قصير عن الرياض.", "id": "ing-1"}]},
                          headers=AUTH))
    assert res["results"][0]["id"] == "ing-1"


@pytest.mark.parametrize(
    "payload, status, words",
    [
        ({}, 422, "nothing to ingest"),
        ({"analyses": [{"schema": "other/1"}]}, 422, "analyses[0]"),
        ({"analyses": [{"schema": "marsad.analysis/1", "document": {"id": "x", "text": "y"}, "bogus": 1}]}, 422,
         "analyses[0]"),
        ({"analyses": ["not an object"]}, 422, "analyses"),
        ({"articles": [{"text": "x"}] * 51}, 413, "limit is 50"),
        ({"articles": [{"text": 5}]}, 422, "articles.0.text"),
        ({"articles": [{"text": "نص", "published": "soon"}]}, 400, "articles[0]: published date"),
        ({"articles": {"text": "x"}}, 422, "articles"),
    ],
)
def test_ingest_bad_input(client, payload, status, words):
    assert words in _error(client.post("/api/ingest", json=payload, headers=AUTH), status)


@pytest.fixture(scope="module")
def canonical_analysis_json(canonical_text):
    from marsad.pipeline import Pipeline

    a = Pipeline(["text"])(canonical_text, published="2025-10-26", title_first_line=True, doc_id="ingested-copy")
    return a.to_json()


# --- pages ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/", "/articles", "/articles?page=2", "/articles/rubio-pakistan", "/search", "/search?q=باكستان",
     "/entities", "/entities?type=COUNTRY", "/entities/person:marco-rubio", "/quotes", "/quotes?speaker=روبيو",
     "/events", "/events?actor=USA&type=CONSULT", "/relations", "/relations/country:PAK/country:USA",
     "/analyze", "/articles?since=&until=", "/events?since=2025-01-01"],
)
def test_pages(client, path):
    r = client.get(path, headers=HTML)
    assert r.status_code == 200, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert '<html lang="ar" dir="rtl">' in r.text


@pytest.mark.parametrize(
    "path, status",
    [("/articles/nope", 404), ("/entities/person:nobody-at-all", 404), ("/articles?since=tomorrow", 400),
     ("/articles?page=0", 422), ("/events?actor=zzz-nobody", 400), ("/relations?by=decade", 422),
     ("/search?q=" + "ب" * 400, 422), ("/no/such/page", 404)],
)
def test_page_errors_are_html_4xx(client, path, status):
    r = client.get(path, headers=HTML)
    assert r.status_code == status, r.text[:300]
    assert r.headers["content-type"].startswith("text/html")
    assert "error" in r.text


def test_article_page_highlights_and_links(client):
    page = client.get("/articles/rubio-pakistan", headers=HTML).text
    assert 'data-speaker-en="Marco Rubio"' in page
    assert 'class="attrib" href="/entities/person:marco-rubio"' in page
    assert re.search(r'<mark class="hl ent ent-country"[^>]*data-tip="Pakistan — country"', page)
    assert 'class="hl time time-date"' in page
    assert '<a href="https://example.org/rubio" rel="noopener noreferrer nofollow"' in page


def test_pagination_links(client):
    page = client.get("/articles", headers=HTML).text
    assert 'rel="next" href="/articles?page=2"' in page


# --- XSS ------------------------------------------------------------------------------------------------


def _assert_no_injection(page: str) -> None:
    scripts = page.split("<script")[1:]
    assert all(s.startswith((' src="/static/', ' type="application/json"')) for s in scripts), scripts
    for bad in ("<img src=x", "<iframe", 'href="javascript:', "href=javascript:", "<b onmouseover"):
        assert bad not in page, bad


@pytest.mark.parametrize(
    "path",
    ["/articles/xss-1", "/articles", "/", "/search?q=باكستان", "/search?q=" + quote("<script>alert(1)</script>"),
     "/entities?q=" + quote('"><script>alert(1)</script>'), "/quotes?q=" + quote("<img src=x onerror=alert(1)>")],
)
def test_xss_pages(client, path):
    r = client.get(path, headers=HTML)
    assert r.status_code == 200
    _assert_no_injection(r.text)


def test_xss_article_page_shows_the_text_as_text(client):
    page = client.get("/articles/xss-1", headers=HTML).text
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in re.sub(r"<[^>]+>", "", page)
    assert "javascript:alert(4)" in page  # shown, as text
    assert 'href="javascript:alert(4)"' not in page


def test_xss_in_json_data_blocks(client, filled_store):
    """Names inside <script type="application/json"> cannot close the block."""
    from tests.web.conftest import _text_only
    from tests.web.layers import add_layers

    text = "قال </script><script>alert(1)</script> إن باكستان والهند تتفاوضان."
    a = _text_only(text, published="2025-10-28", doc_id="xss-2")
    add_layers(a, speaker_needle="</script><script>alert(1)</script>", speaker_id="person:xss",
               speaker_en="</script><script>alert(9)</script>", quote_open="إن", quote_close="تتفاوضان",
               country_needles={"باكستان": ("country:PAK", "Pakistan"), "الهند": ("country:IND", "India")})
    filled_store.ingest_analysis(a)
    for path in ("/relations", "/entities/person:xss", "/articles/xss-2", "/relations/country:IND/country:PAK"):
        r = client.get(path, headers=HTML)
        assert r.status_code == 200, path
        _assert_no_injection(r.text)
        assert "alert(9)</script>" not in r.text


def test_xss_json_api_returns_data_verbatim(client):
    rec = _ok(client.get("/api/articles/xss-1"))
    assert rec["title"] == XSS_TITLE and rec["text"] == XSS_TEXT


def test_analysis_cache_is_bounded(filled_store):
    from marsad.web import storeview

    app = create_app(store=filled_store)
    svc = app.state.services
    svc.analysis_cache_size = 2
    ids = [a["id"] for a in filled_store.articles(limit=3)["items"]]
    first = storeview.analysis_of(storeview.article(svc, ids[0]), svc)
    assert storeview.analysis_of(storeview.article(svc, ids[0]), svc) is first  # parsed once
    for i in ids[1:]:
        storeview.analysis_of(storeview.article(svc, i), svc)
    assert len(svc.analysis_cache) == 2 and all(k[0] != ids[0] for k in svc.analysis_cache)  # oldest evicted


def test_article_page_lists_the_same_story(client, filled_store):
    from tests.web.conftest import ROOT, _text_only

    text = (ROOT / "examples" / "protest.ar.txt").read_text("utf-8")
    filled_store.ingest_analysis(_text_only(text, doc_id="story-a", published="2025-11-01", url="https://a.example/1"))
    res = filled_store.ingest_analysis(_text_only(text + "\nوتابعت الصحيفة الخبر.", doc_id="story-b",
                                                  published="2025-11-02", url="https://b.example/2"))
    assert res["duplicate_of"] == "story-a"
    page = client.get("/articles/story-b", headers=HTML).text
    assert "the same story elsewhere" in page and 'href="/articles/story-a"' in page
