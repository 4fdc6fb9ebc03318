"""The web UI in headless Debian Chromium (Playwright): the canonical article with Rubio's quotations
highlighted and attributed to him, Rubio's entity page, and the United States–Pakistan edge in the
relations view. Screenshots go to tests/artifacts/ (git-ignored): look at them.

Needs /usr/bin/chromium (Debian's package; `.ci/run` installs it). Never downloads a browser.
"""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ROOT = Path(__file__).resolve().parents[2]
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]


def _pipeline_store(tmp_path_factory, canonical_analysis):
    """The canonical article through the full default pipeline, and two example articles."""
    import marsad
    from marsad.store import Store

    store = Store.open(str(tmp_path_factory.mktemp("web") / "browser.db"))
    store.ingest_analysis(canonical_analysis)
    for name in ("diplomatic-visit", "economic-agreement"):
        meta = json.loads((ROOT / "examples" / f"{name}.ar.meta.json").read_text("utf-8"))
        text = (ROOT / "examples" / f"{name}.ar.txt").read_text("utf-8")
        store.ingest_analysis(marsad.analyze(text, published=meta["published"], title=meta.get("title"),
                                             doc_id=meta["id"], source=meta.get("source")))
    return store, canonical_analysis.document.id


@pytest.fixture(scope="module", params=["pipeline", "handmade"])
def live_server(request, tmp_path_factory):
    """A real server on a free loopback port over a temporary store. ``pipeline``: the canonical
    article and two examples analysed by the full default pipeline (what marsad really extracts).
    ``handmade``: the canonical article with hand-built layers (tests/web/conftest.py), which checks
    the UI machinery whatever the NLP stages can do today."""
    if not CHROMIUM.exists():
        pytest.skip("/usr/bin/chromium is absent: install Debian's chromium package (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api", reason="the playwright Python package is not installed")
    import uvicorn

    from marsad.web import WebConfig, create_app

    if request.param == "pipeline":
        store, doc_id = _pipeline_store(tmp_path_factory, request.getfixturevalue("canonical_analysis"))
    else:
        store, doc_id = request.getfixturevalue("filled_store"), "rubio-pakistan"
    app = create_app(store=store, config=WebConfig())
    config = uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the web server did not start")
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    yield {"base": f"http://127.0.0.1:{port}", "doc_id": doc_id, "kind": request.param}
    server.should_exit = True
    thread.join(timeout=10)
    if request.param == "pipeline":
        store.close()


@pytest.fixture(scope="module")
def browser(live_server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ar")
    pg = context.new_page()
    problems: list[str] = []
    pg.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: problems.append(str(e)))
    pg.problems = problems  # type: ignore[attr-defined]
    yield pg
    context.close()


def _wait_for(pg, expression: str, what: str, timeout: float = 10.0) -> None:
    """Poll a JS expression from Python (Playwright's wait_for_function evaluates strings, which the
    page's Content-Security-Policy forbids)."""
    deadline = time.monotonic() + timeout
    while not pg.evaluate(f"() => Boolean({expression})"):
        if time.monotonic() > deadline:
            pytest.fail(f"timed out waiting for {what}")
        time.sleep(0.05)


def _needs(live_server, *stages: str) -> None:
    """In the pipeline variant, a check that needs NLP stages not registered yet skips, saying which."""
    from marsad.pipeline import STAGE_REGISTRY

    missing = [s for s in stages if s not in STAGE_REGISTRY]
    if live_server["kind"] == "pipeline" and missing:
        pytest.skip(f"needs the {', '.join(missing)} stage(s), not registered in marsad.pipeline yet")


def _no_errors(pg) -> None:
    assert pg.problems == [], f"console errors (CSP violations, script errors): {pg.problems}"


def test_canonical_article_quotes_attributed_to_rubio(live_server, page):
    from urllib.parse import quote

    _needs(live_server, "entities", "quotes")
    page.goto(live_server["base"] + "/articles/" + quote(live_server["doc_id"], safe=""))
    assert page.locator("html").get_attribute("dir") == "rtl"
    body = page.locator(".article-text")
    assert body.get_attribute("dir") == "rtl" and body.get_attribute("lang") == "ar"
    page.screenshot(path=str(ARTIFACTS / f"web-{live_server['kind']}-article.png"), full_page=True)
    quotes = page.locator(".article-text q.quote")
    assert quotes.count() >= 2, "no quotations highlighted (needs the quotes stage)"
    rubio = page.locator(".article-text q.quote[data-speaker-en='Marco Rubio']")
    assert rubio.count() >= 2, (
        "Rubio's quotations are not attributed to him; speakers seen: "
        + str(sorted({quotes.nth(i).get_attribute("data-speaker-en") for i in range(quotes.count())}))
    )
    first = rubio.first
    assert "Marco Rubio" in first.get_attribute("data-tip")
    first.scroll_into_view_if_needed()
    first.hover()
    page.screenshot(path=str(ARTIFACTS / f"web-{live_server['kind']}-article-quote.png"))
    # hovering Rubio's name shows his English name and role
    name = page.locator(".article-text mark.ent[data-name-en='Marco Rubio']").first
    name.scroll_into_view_if_needed()
    name.hover()
    tip = name.evaluate("el => getComputedStyle(el, '::after').content")
    assert "Marco Rubio" in tip and "person" in tip, tip
    page.screenshot(path=str(ARTIFACTS / f"web-{live_server['kind']}-article-hover.png"))
    # the visible attribution badge and the facts panel both name him
    assert page.locator(".article-text a.attrib", has_text="Marco Rubio").count() >= 2
    assert page.locator("#facts-quotes .speaker-en", has_text="Marco Rubio").count() >= 2
    # entities highlighted with their English names on hover
    assert page.locator(".article-text mark.ent[data-name-en='Pakistan']").count() >= 1
    _no_errors(page)


def test_rubio_entity_page(live_server, page):
    from urllib.parse import quote

    _needs(live_server, "entities", "quotes")
    page.goto(live_server["base"] + "/articles/" + quote(live_server["doc_id"], safe=""))
    links = page.locator(".article-text a.attrib", has_text="Marco Rubio")
    assert links.count() >= 1, "no quotation attributed to Marco Rubio on the article page (needs the quotes stage)"
    links.first.click()
    page.wait_for_load_state("load")
    assert "/entities/" in page.url
    assert page.locator("h1", has_text="Marco Rubio").count() == 1
    assert page.locator("#entity-quotes .quote-card").count() >= 2
    assert page.locator("#roles", has_text="Secretary of State").count() == 1
    _wait_for(page, "window.marsadMentionsChart", "the mentions chart")
    page.screenshot(path=str(ARTIFACTS / f"web-{live_server['kind']}-entity-rubio.png"), full_page=True)
    _no_errors(page)


def test_relations_united_states_pakistan_edge(live_server, page):
    _needs(live_server, "entities", "events")
    page.goto(live_server["base"] + "/relations")
    page.screenshot(path=str(ARTIFACTS / f"web-{live_server['kind']}-relations.png"), full_page=True)
    assert page.locator("#graph").count() == 1, "no relations graph: the store holds no events between two actors"
    _wait_for(page, "window.marsadGraph", "the relations graph")
    edges = page.evaluate(
        """() => window.marsadGraph.edges().map(e => [e.source().data('label'), e.target().data('label'),
                                                     e.data('count'), e.data('id')])"""
    )
    pair = {"United States", "Pakistan"}
    match = [e for e in edges if {e[0], e[1]} == pair]
    assert match, f"no United States–Pakistan edge; edges: {edges}"
    assert match[0][2] >= 1
    # click it: the side panel shows the series behind the edge
    page.evaluate(f"() => {{ window.marsadGraph.getElementById({json.dumps(match[0][3])}).emit('tap'); }}")
    _wait_for(page, "document.querySelector('#edge-panel .edge-title').textContent.includes('Pakistan')",
              "the edge panel")
    _wait_for(page, "document.querySelector('#edge-chart').getAttribute('height')", "the edge series chart")
    page.screenshot(path=str(ARTIFACTS / f"web-{live_server['kind']}-relations.png"), full_page=True)
    row = page.locator("#edge-table tr.edge-row", has_text="Pakistan").filter(has_text="United States")
    assert row.count() >= 1
    row.first.locator("a", has_text="series").click()
    page.wait_for_load_state("load")
    assert page.locator("#series-chart").count() == 1
    page.screenshot(path=str(ARTIFACTS / f"web-{live_server['kind']}-relation-usa-pak.png"), full_page=True)
    _no_errors(page)


def test_search_quotes_and_timeline_pages(live_server, page):
    _needs(live_server, "quotes")
    base = live_server["base"]
    page.goto(base + "/search?q=باكستان")
    assert page.locator(".article-list li").count() >= 1
    page.screenshot(path=str(ARTIFACTS / f"web-{live_server['kind']}-search.png"), full_page=True)
    page.goto(base + "/quotes?speaker=" + "روبيو")
    page.screenshot(path=str(ARTIFACTS / f"web-{live_server['kind']}-quotes.png"), full_page=True)
    assert page.locator(".quote-card").count() >= 1, "no quotes by Rubio in the store (needs the quotes stage)"
    page.goto(base + "/events")
    page.screenshot(path=str(ARTIFACTS / f"web-{live_server['kind']}-events.png"), full_page=True)
    _no_errors(page)
