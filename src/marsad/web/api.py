"""The JSON API under /api. Filters and pagination follow the command line (`marsad search`,
`marsad entity`, `marsad quotes`, `marsad events`, `marsad relations`, `marsad timeline`)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, ConfigDict, Field

from marsad import __version__
from marsad.model import Analysis
from marsad.pipeline import parse_date
from marsad.web import storeview
from marsad.web.app import ApiError, Services, check_read, check_write

router = APIRouter(prefix="/api", tags=["api"])

MAX_TEXT = 1_000_000  # characters of one article


class ArticleIn(BaseModel):
    """One article to analyse. ``published`` anchors relative dates (يوم السبت → 2025-10-25)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    text: str = Field(min_length=1, max_length=MAX_TEXT, description="the article text (UTF-8)")
    title: str | None = Field(None, max_length=2000)
    published: str | None = Field(None, max_length=40, description="YYYY-MM-DD", examples=["2025-10-26"])
    url: str | None = Field(None, max_length=4000)
    source: str | None = Field(None, max_length=200)
    id: str | None = Field(None, max_length=200, description="document id (default: a hash of the text)")
    title_first_line: bool = Field(False, description="the first line of the text is the headline")


class AnalyzeIn(ArticleIn):
    store: bool = Field(False, description="also store the analysis (needs the operator's token)")
    tokens: bool = Field(False, description="include tokens in the returned analysis")


class AnalyzeOut(BaseModel):
    id: str
    stored: bool
    page: str | None = Field(None, description="the article page, when stored")
    analysis: dict[str, Any]


class IngestIn(BaseModel):
    """Articles to analyse and store, and/or analyses made elsewhere (marsad.analysis/1 JSON)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    articles: list[ArticleIn] = Field(default_factory=list)
    analyses: list[dict[str, Any]] = Field(default_factory=list)


def services(request: Request) -> Services:
    return request.app.state.services


Svc = Annotated[Services, Depends(services)]
Limit = Annotated[int, Query(ge=1, le=1000, description="rows per page (capped by the server)")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="rows to skip")]
DateQ = Annotated[str | None, Query(max_length=10, description="YYYY-MM-DD", pattern=r"^\d{4}-\d{2}-\d{2}$")]
TextQ = Annotated[str | None, Query(max_length=300)]


def page_size(svc: Services, limit: int | None) -> int:
    return min(limit or svc.config.page_size, svc.config.max_page_size)


def _article_kwargs(a: ArticleIn, where: str) -> dict[str, Any]:
    return {
        "text": a.text,
        "published": parse_date(a.published, what=f"{where}: published date"),
        "title": a.title,
        "doc_id": a.id,
        "source": a.source,
        "url": a.url,
        "title_first_line": a.title_first_line,
    }


@router.get("", summary="server information")
def info(svc: Svc, _: None = Depends(check_read)) -> dict[str, Any]:
    from marsad.pipeline import available_stages

    return {
        "name": "marsad",
        "version": __version__,
        "stages": available_stages(),
        "store": svc.store is not None,
        "writable": bool(svc.config.token),
        "max_body_bytes": svc.config.max_body,
        "max_page_size": svc.config.max_page_size,
    }


@router.post("/analyze", response_model=AnalyzeOut, summary="analyse one article (optionally storing it)")
async def analyze(body: AnalyzeIn, request: Request, svc: Svc) -> dict[str, Any]:
    if body.store:
        check_write(request)
        svc.need_store()
    else:
        check_read(request)
    kwargs = _article_kwargs(body, "article")
    analysis: Analysis = await run_in_threadpool(lambda: svc.analyze(**kwargs))
    stored = False
    if body.store:
        await run_in_threadpool(storeview.ingest, svc, analysis)
        stored = True
    doc_id = analysis.document.id
    return {
        "id": doc_id,
        "stored": stored,
        "page": storeview.article_href(doc_id) if stored else None,
        "analysis": analysis.to_json(tokens=body.tokens),
    }


@router.post("/ingest", summary="analyse and store articles, or store analyses (needs the token)")
async def ingest(body: IngestIn, request: Request, svc: Svc) -> dict[str, Any]:
    check_write(request)
    svc.need_store()
    n = len(body.articles) + len(body.analyses)
    if n == 0:
        raise ApiError(422, "nothing to ingest: give `articles` (text records) or `analyses` (marsad.analysis/1)")
    if n > svc.config.max_batch:
        raise ApiError(413, f"{n} items in one request; the limit is {svc.config.max_batch}: split the batch")
    todo: list[Analysis] = []
    for i, data in enumerate(body.analyses):
        try:
            todo.append(Analysis.from_json(data))
        except Exception as exc:  # malformed analysis JSON: the client's fault, said clearly
            raise ApiError(422, f"analyses[{i}] is not a valid marsad.analysis/1 document: {exc}") from exc
    kwargs_list = [_article_kwargs(a, f"articles[{i}]") for i, a in enumerate(body.articles)]

    def work() -> list[dict[str, Any]]:
        results = []
        for kw in kwargs_list:
            todo.append(svc.analyze(**kw))
        for a in todo:
            outcome = storeview.ingest(svc, a)
            results.append({"id": a.document.id, "result": outcome, "page": storeview.article_href(a.document.id)})
        return results

    results = await run_in_threadpool(work)
    return {"ingested": len(results), "results": results}


# --- reads over the store -------------------------------------------------------------------------


@router.get("/articles", summary="articles, newest first")
def articles(
    svc: Svc,
    _: Annotated[None, Depends(check_read)],
    source: TextQ = None,
    since: DateQ = None,
    until: DateQ = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    n = page_size(svc, limit)
    return storeview.articles(svc, source=source, since=since, until=until, limit=n, offset=offset)


@router.get("/articles/{article_id:path}", summary="one article with its full analysis")
def article(
    svc: Svc,
    _: Annotated[None, Depends(check_read)],
    article_id: Annotated[str, Path(max_length=300)],
) -> dict[str, Any]:
    return storeview.article(svc, article_id)


@router.get("/search", summary="full-text search (Arabic-normalised, ranked, with snippets)")
def search(
    svc: Svc,
    _: Annotated[None, Depends(check_read)],
    q: Annotated[str, Query(min_length=1, max_length=300, description='words (all must occur) and "phrases"')],
    since: DateQ = None,
    until: DateQ = None,
    source: TextQ = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    return storeview.search(svc, q, since=since, until=until, source=source, limit=page_size(svc, limit),
                            offset=offset)


@router.get("/entities", summary="entities, most mentioned first")
def entities(
    svc: Svc,
    _: Annotated[None, Depends(check_read)],
    q: TextQ = None,
    type: Annotated[str | None, Query(max_length=20, description="PERSON, ORG, COUNTRY, LOC, GROUP, MISC")] = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    return storeview.entities(svc, q=q, type=type, limit=page_size(svc, limit), offset=offset)


@router.get("/entities/{entity_id:path}", summary="an entity: roles, mention counts over time, quotes, events")
def entity(
    svc: Svc,
    _: Annotated[None, Depends(check_read)],
    entity_id: Annotated[str, Path(max_length=300, description="entity id or name")],
    by: Annotated[Literal["day", "week", "month", "year"], Query()] = "month",
    limit: Annotated[int, Query(ge=1, le=1000, description="quotes, events and articles to list")] = 20,
) -> dict[str, Any]:
    return storeview.entity(svc, entity_id, by=by, limit=page_size(svc, limit))


@router.get("/quotes", summary="quotations: filter by speaker, search inside them")
def quotes(
    svc: Svc,
    _: Annotated[None, Depends(check_read)],
    speaker: Annotated[str | None, Query(max_length=300, description="entity id or name, or how the speaker was written")] = None,
    q: Annotated[str | None, Query(max_length=300, description="words that must all occur in the quote")] = None,
    contains: Annotated[str | None, Query(max_length=300, description="the same as q (the CLI's name)")] = None,
    since: DateQ = None,
    until: DateQ = None,
    limit: Limit = 20,
    offset: Offset = 0,
    distinct: Annotated[bool, Query(description="distinct statements only: no partial quote inside another, no repeat")] = False,
) -> dict[str, Any]:
    return storeview.quotes(svc, speaker=speaker, q=q or contains, since=since, until=until, limit=page_size(svc, limit),
                            offset=offset, distinct=distinct)


@router.get("/events", summary="events: filter by actor, recipient, PLOVER type and dates")
def events(
    svc: Svc,
    _: Annotated[None, Depends(check_read)],
    actor: TextQ = None,
    recipient: TextQ = None,
    type: Annotated[str | None, Query(max_length=30, description="PLOVER event type, e.g. CONSULT")] = None,
    since: DateQ = None,
    until: DateQ = None,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    return storeview.events(svc, actor=actor, recipient=recipient, type=type, since=since, until=until,
                            limit=page_size(svc, limit), offset=offset)


@router.get("/relations", summary="relations: the graph of actors, or the series between two of them")
def relations(
    svc: Svc,
    _: Annotated[None, Depends(check_read)],
    a: TextQ = None,
    b: TextQ = None,
    by: Annotated[Literal["day", "week", "month", "year"], Query()] = "month",
    since: DateQ = None,
    until: DateQ = None,
    limit: Annotated[int, Query(ge=1, le=1000, description="most edges in the graph")] = 100,
) -> dict[str, Any]:
    if (a is None) != (b is None):
        raise ApiError(422, "give both actors a and b for a series, or neither for the whole graph")
    if a and b:
        return storeview.relation_series(svc, a, b, by=by, since=since, until=until)
    return storeview.graph(svc, since=since, until=until, limit=min(limit, 500))


@router.get("/timeline/{entity_id:path}", summary="an entity's events and quotes in date order")
def timeline(
    svc: Svc,
    _: Annotated[None, Depends(check_read)],
    entity_id: Annotated[str, Path(max_length=300)],
    since: DateQ = None,
    until: DateQ = None,
    limit: Limit = 100,
    offset: Offset = 0,
) -> dict[str, Any]:
    return storeview.timeline(svc, entity_id, since=since, until=until, limit=page_size(svc, limit), offset=offset)
