"""Fixtures for the web tests: a temporary SQLite store filled with articles whose layers are built by
hand (tests/web/layers.py), so the pages are tested whatever the NLP stages can do today."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.web.layers import add_layers

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "test-token-0123456789"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
RUBIO_QUOTES = 4  # quotations the hand-made layers attribute to Rubio in the canonical article

XSS_TITLE = '<script>alert("title")</script><img src=x onerror=alert(1)>'
XSS_TEXT = (
    'قال المتحدث "<script>alert(document.cookie)</script>" في بيان.\n'
    "<iframe src=javascript:alert(2)></iframe> <a href=\"javascript:alert(3)\">رابط</a> {{ 7*7 }} باكستان"
)


def _text_only(text: str, **kw):
    from marsad.pipeline import Pipeline

    return Pipeline(["text"])(text, **kw)


@pytest.fixture(scope="module")
def filled_store(tmp_path_factory, canonical_text):
    from marsad.store import Store

    store = Store.open(str(tmp_path_factory.mktemp("webstore") / "web.db"))
    a = _text_only(canonical_text, published="2025-10-26", title_first_line=True, doc_id="rubio-pakistan",
                   url="https://example.org/rubio")
    add_layers(a, speaker_needle="روبيو", speaker_id="person:marco-rubio", speaker_en="Marco Rubio",
               country_needles={"باكستان": ("country:PAK", "Pakistan"),
                                "الولايات المتحدة": ("country:USA", "United States")},
               time_needle="يوم السبت", max_quotes=RUBIO_QUOTES)
    store.ingest_analysis(a)
    for name in ("diplomatic-visit", "economic-agreement", "statement-quotes"):
        meta = json.loads((ROOT / "examples" / f"{name}.ar.meta.json").read_text("utf-8"))
        text = (ROOT / "examples" / f"{name}.ar.txt").read_text("utf-8")
        store.ingest_analysis(_text_only(text, published=meta["published"], title=meta.get("title"),
                                         doc_id=meta["id"], source=meta.get("source")))
    store.ingest_analysis(_text_only(XSS_TEXT, title=XSS_TITLE, doc_id="xss-1", published="2025-10-27",
                                     url="javascript:alert(4)", source='<b onmouseover="alert(5)">src</b>'))
    yield store
    store.close()
