"""The API without a store: the analyser, authentication, limits, and errors as JSON (never a 500)."""

from __future__ import annotations

import json
import re

import pytest
from fastapi.testclient import TestClient

from marsad.web import WebConfig, create_app

TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
ARTICLE = {"text": "قال وزير الخارجية إن الزيارة ناجحة.\nوأضاف أن المحادثات ستستمر.", "published": "2025-10-26"}


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app(config=WebConfig(token=TOKEN, max_body=64 * 1024)), raise_server_exceptions=False)


def _error(r, status: int) -> str:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert body["status"] == status and isinstance(body["error"], str) and body["error"]
    return body["error"]


def test_info(client):
    r = client.get("/api")
    assert r.status_code == 200
    assert r.json()["name"] == "marsad" and r.json()["store"] is False and r.json()["writable"] is True


def test_openapi_lists_the_endpoints(client):
    paths = client.get("/openapi.json").json()["paths"]
    for p in ("/api/analyze", "/api/ingest", "/api/articles", "/api/articles/{article_id}", "/api/search",
              "/api/entities", "/api/entities/{entity_id}", "/api/quotes", "/api/events", "/api/relations",
              "/api/timeline/{entity_id}"):  # (the {id:path} converters show as {id})
        assert p in paths, p
    assert not any(p.startswith("/articles") for p in paths)  # the HTML pages stay out of the API document


def test_analyze(client):
    r = client.post("/api/analyze", json={**ARTICLE, "id": "a-1", "title_first_line": True})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["id"] == "a-1" and body["stored"] is False and body["page"] is None
    a = body["analysis"]
    assert a["schema"] == "marsad.analysis/1"
    assert a["document"]["published"] == "2025-10-26"
    assert a["document"]["title"] == "قال وزير الخارجية إن الزيارة ناجحة."
    assert "text" in a["stages"] and "tokens" not in a
    assert "tokens" in client.post("/api/analyze", json={**ARTICLE, "tokens": True}).json()["analysis"]


@pytest.mark.parametrize(
    "payload, status, words",
    [
        ({"published": "2025-10-26"}, 422, "body.text"),  # missing text
        ({"text": ""}, 422, "body.text"),
        ({"text": 123}, 422, "body.text"),  # wrong type
        ({"text": ["a"]}, 422, "body.text"),
        ({"text": "نص", "title_first_line": "yes"}, 422, "title_first_line"),
        ({"text": "نص", "published": 20251026}, 422, "published"),
        ({"text": "نص", "published": "yesterday"}, 400, "YYYY-MM-DD"),
        ({"text": "نص", "published": "2025-13-45"}, 400, "YYYY-MM-DD"),
        ({"text": "نص", "colour": "red"}, 422, "colour"),  # unknown field
        ({"text": "نص", "store": "true"}, 422, "store"),
        ([ARTICLE], 422, "body"),  # a list, not an object
        ("just a string", 422, "body"),
    ],
)
def test_analyze_bad_input(client, payload, status, words):
    assert words in _error(client.post("/api/analyze", json=payload), status)


@pytest.mark.parametrize("raw", [b"{", b'{"text": "x",}', b"\xff\xfe not json", b'{"text": "\\ud800"'])
def test_malformed_json(client, raw):
    r = client.post("/api/analyze", content=raw, headers={"content-type": "application/json"})
    assert r.status_code in (400, 422)
    assert r.json()["error"]


def test_oversized_body_by_length(client):
    big = json.dumps({"text": "ا" * 70_000})
    msg = _error(client.post("/api/analyze", content=big, headers={"content-type": "application/json"}), 413)
    assert "limit" in msg and "65,536" in msg


def test_oversized_body_streamed_without_length(client):
    def chunks():
        yield b'{"text": "'
        for _ in range(100):
            yield b"a" * 1024
        yield b'"}'

    r = client.post("/api/analyze", content=chunks(), headers={"content-type": "application/json"})
    assert "limit" in _error(r, 413)


def test_bad_content_length(client):
    r = client.post("/api/analyze", content=b"{}", headers={"content-type": "application/json", "content-length": "x"})
    assert r.status_code == 400


@pytest.mark.parametrize(
    "headers, status",
    [({}, 401), ({"Authorization": "Bearer wrong"}, 401), ({"Authorization": TOKEN}, 401),
     ({"Authorization": "Basic " + TOKEN}, 401)],
)
def test_writes_need_the_token(client, headers, status):
    _error(client.post("/api/analyze", json={**ARTICLE, "store": True}, headers=headers), status)
    _error(client.post("/api/ingest", json={"articles": [ARTICLE]}, headers=headers), status)


def test_with_token_but_no_store(client):
    assert "--db" in _error(client.post("/api/analyze", json={**ARTICLE, "store": True}, headers=AUTH), 503)
    assert "--db" in _error(client.post("/api/ingest", json={"articles": [ARTICLE]}, headers=AUTH), 503)


def test_no_token_configured_means_read_only():
    c = TestClient(create_app(config=WebConfig(token=None)))
    msg = _error(c.post("/api/ingest", json={"articles": [ARTICLE]}, headers=AUTH), 403)
    assert "MARSAD_TOKEN" in msg
    assert c.post("/api/analyze", json=ARTICLE).status_code == 200  # analysing without storing is a read


def test_private_server():
    c = TestClient(create_app(config=WebConfig(token=TOKEN, private=True)))
    _error(c.get("/api"), 401)
    _error(c.post("/api/analyze", json=ARTICLE), 401)
    assert c.get("/api", headers=AUTH).status_code == 200
    assert c.get("/", headers={"accept": "text/html"}).status_code == 401
    assert c.get("/", headers={**AUTH, "accept": "text/html"}).status_code == 200
    c.cookies.set("marsad_token", TOKEN)
    assert c.get("/").status_code == 200


@pytest.mark.parametrize(
    "path",
    ["/api/articles", "/api/articles/x", "/api/search?q=x", "/api/entities", "/api/entities/person:x",
     "/api/quotes", "/api/events", "/api/relations", "/api/timeline/x"],
)
def test_reads_without_store_say_how(client, path):
    assert "--db" in _error(client.get(path), 503)


@pytest.mark.parametrize(
    "path, words",
    [
        ("/api/articles?limit=5000", "limit"),
        ("/api/articles?limit=0", "limit"),
        ("/api/articles?limit=ten", "limit"),
        ("/api/articles?offset=-1", "offset"),
        ("/api/articles?since=26-10-2025", "since"),
        ("/api/search", "q"),
        ("/api/search?q=", "q"),
        ("/api/events?until=yesterday", "until"),
        ("/api/relations?by=century", "by"),
        ("/api/entities/x?by=century", "by"),
        ("/api/search?q=" + "ب" * 301, "q"),
    ],
)
def test_bad_query_parameters(client, path, words):
    assert words in _error(client.get(path), 422)


def test_unknown_endpoint_and_method(client):
    assert "openapi" in _error(client.get("/api/nothing-here"), 404)
    _error(client.get("/api/analyze"), 405)
    _error(client.delete("/api/articles"), 405)


def test_security_headers(client):
    r = client.get("/analyze")
    csp = r.headers["content-security-policy"]
    assert "script-src 'self';" in csp and "object-src 'none'" in csp
    assert "unsafe" not in csp.split("script-src", 1)[1].split(";")[0]
    assert r.headers["x-content-type-options"] == "nosniff"


def test_static_vendor_files_are_served(client):
    for name in ("chart.umd.min.js", "cytoscape.min.js", "chart.js.LICENSE.txt", "cytoscape.LICENSE.txt"):
        assert client.get(f"/static/vendor/{name}").status_code == 200, name
    assert client.get("/static/../app.py").status_code == 404


XSS_TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>'
XSS_TEXT = (
    'قال المتحدث "<script>alert(document.cookie)</script>" في بيان.\n'
    "<iframe src=javascript:alert(2)></iframe> <a href=\"javascript:alert(3)\">رابط</a> {{ 7*7 }}"
)


def test_xss_in_the_analyser_page(client):
    r = client.post(
        "/analyze",
        data={"text": XSS_TEXT, "title": XSS_TITLE, "published": "2025-10-26", "url": "javascript:alert(4)"},
        headers={"accept": "text/html"},
    )
    assert r.status_code == 200, r.text
    page = r.text
    scripts = [s for s in page.split("<script")[1:]]
    assert all(s.startswith(' src="/static/') or s.startswith(' type="application/json"') for s in scripts)
    for bad in ("<img src=x", "<iframe", 'href="javascript:', "href=javascript:", "onerror=alert(1)>"):
        assert bad not in page, bad
    assert "&lt;script&gt;alert(document.cookie)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#34;title&#34;)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in re.sub(r"<[^>]+>", "", page)  # article text is data, not a template


def test_xss_in_the_api_is_json(client):
    r = client.post("/api/analyze", json={"text": XSS_TEXT, "title": XSS_TITLE})
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    assert r.json()["analysis"]["document"]["title"] == XSS_TITLE  # kept verbatim as data


def test_analyser_form_bad_input_is_an_html_4xx(client):
    r = client.post("/analyze", data={"text": "نص", "published": "not-a-date"}, headers={"accept": "text/html"})
    assert r.status_code == 400 and "YYYY-MM-DD" in r.text and r.headers["content-type"].startswith("text/html")
    r = client.post("/analyze", data={"title": "x"}, headers={"accept": "text/html"})
    assert r.status_code == 422


def test_pages_without_store(client):
    assert client.get("/").status_code == 200
    r = client.get("/articles", headers={"accept": "text/html"})
    assert r.status_code == 503 and "--db" in r.text


def test_analyser_page_shows_quote_links(client):
    # a quoted stretch inside reported speech: listed, marked as inside the indirect quote, counted once
    text = 'وقال المتحدث باسم الوزارة إن الحكومة "لن ترفع الضرائب هذا العام" رغم العجز.'
    r = client.post("/analyze", data={"text": text}, headers={"accept": "text/html"})
    assert r.status_code == 200, r.text
    section = r.text.split('id="facts-quotes"', 1)[1].split("</section>", 1)[0]
    assert section.count('class="quote-item"') == 2
    assert 'href="#q-q1"' in section and "inside q1" in section
    assert re.search(r'<span class="count"[^>]*>1 <bdi[^>]*>distinct</bdi></span>', section)
    assert "Quotation (partial) — said by" in r.text and "; inside q1" in r.text  # the highlight's tip
