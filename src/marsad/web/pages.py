"""The server-rendered web UI: Arabic right-to-left pages with English labels alongside."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, Form, Path, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse

from marsad.errors import InputError
from marsad.model import Analysis
from marsad.pipeline import parse_date
from marsad.web import storeview
from marsad.web.app import TOKEN_COOKIE, Services, check_read, templates
from marsad.web.facts import article_facts
from marsad.web.render import ENTITY_TYPE_LABELS, render_article, safe_url
from marsad.web.security import token_matches

router = APIRouter(include_in_schema=False, dependencies=[Depends(check_read)])
public = APIRouter(include_in_schema=False)  # pages open even on a private server (signing in)

DateQ = Annotated[str | None, Query(max_length=10)]
TextQ = Annotated[str | None, Query(max_length=300)]
PageQ = Annotated[int, Query(ge=1, le=10_000)]


def _svc(request: Request) -> Services:
    return request.app.state.services


def _date(value: str | None, what: str) -> str | None:
    """Empty form fields mean no filter; anything else must be a date."""
    return parse_date(value or None, what=what)


def page_url(request: Request, **changes: Any) -> str:
    """This page's URL with some query parameters changed (None removes one)."""
    params = dict(request.query_params)
    for k, v in changes.items():
        if v is None:
            params.pop(k, None)
        else:
            params[k] = str(v)
    return request.url.path + ("?" + urlencode(params) if params else "")


def _render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    svc = _svc(request)
    context.setdefault("has_store", svc.store is not None)
    return templates.TemplateResponse(request, name, context, status_code=status)


templates.env.globals.update(
    safe_url=safe_url,
    entity_href=storeview.entity_href,
    article_href=storeview.article_href,
    type_label=lambda t: ENTITY_TYPE_LABELS.get(t or "", (t or "").lower()),
    quote_path=lambda s: quote(str(s), safe=""),
    snippet_markup=storeview.snippet_markup,
)
templates.env.globals["page_url"] = page_url


def article_page(request: Request, analysis: Analysis, *, stored: bool, status: int = 200,
                 extra: dict[str, Any] | None = None) -> HTMLResponse:
    link = None
    if stored:
        def link(ent: Any) -> str:
            return storeview.entity_href(storeview.entity_store_id(ent.id, ent.type, ent.name))

    by_id = {e.id: e for e in analysis.entities}

    def ent_link(local_id: str | None) -> str | None:
        ent = by_id.get(local_id) if local_id else None
        return link(ent) if link and ent else None

    rendered = render_article(analysis, link)
    return _render(
        request,
        "article.html",
        status,
        analysis=analysis,
        doc=analysis.document,
        rendered=rendered,
        facts=article_facts(analysis),
        stored=stored,
        ent_link=ent_link,
        extra=extra or {},
    )


@router.get("/", response_class=HTMLResponse)
def home(request: Request) -> HTMLResponse:
    svc = _svc(request)
    recent: dict[str, Any] = {"items": []}
    stats: dict[str, Any] = {}
    if svc.store is not None:
        recent = storeview.articles(svc, limit=10, offset=0)
        stats = svc.store.stats()
    return _render(request, "home.html", recent=recent, stats=stats)


@router.get("/analyze", response_class=HTMLResponse)
def analyze_form(request: Request) -> HTMLResponse:
    return _render(request, "analyze.html", form={})


@router.post("/analyze", response_class=HTMLResponse)
async def analyze_post(
    request: Request,
    text: Annotated[str, Form(min_length=1, max_length=1_000_000)],
    title: Annotated[str, Form(max_length=2000)] = "",
    published: Annotated[str, Form(max_length=40)] = "",
    url: Annotated[str, Form(max_length=4000)] = "",
    title_first_line: Annotated[bool, Form()] = False,
) -> HTMLResponse:
    """Analyse a pasted article and show it (nothing is stored from the form)."""
    svc = _svc(request)
    kwargs = {
        "text": text.replace("\r\n", "\n"),
        "published": _date(published, "published date"),
        "title": title or None,
        "url": url or None,
        "title_first_line": title_first_line,
    }
    analysis = await run_in_threadpool(lambda: svc.analyze(**kwargs))
    return article_page(request, analysis, stored=False)


@router.get("/articles", response_class=HTMLResponse)
def articles_page(request: Request, source: TextQ = None, since: DateQ = None, until: DateQ = None,
                  page: PageQ = 1) -> HTMLResponse:
    svc = _svc(request)
    n = svc.config.page_size
    res = storeview.articles(svc, source=source or None, since=_date(since, "since"), until=_date(until, "until"),
                             limit=n, offset=(page - 1) * n)
    return _render(request, "articles.html", res=res, page=page, size=n,
                   filters={"source": source or "", "since": since or "", "until": until or ""})


@router.get("/articles/{article_id:path}", response_class=HTMLResponse)
def article_view(request: Request, article_id: Annotated[str, Path(max_length=300)]) -> HTMLResponse:
    svc = _svc(request)
    record = storeview.article(svc, article_id)
    analysis = storeview.analysis_of(record, svc)
    return article_page(request, analysis, stored=True, extra=record)


@router.get("/search", response_class=HTMLResponse)
def search_page(request: Request, q: TextQ = None, since: DateQ = None, until: DateQ = None,
                source: TextQ = None, page: PageQ = 1) -> HTMLResponse:
    svc = _svc(request)
    n = svc.config.page_size
    res = None
    if q and q.strip():
        res = storeview.search(svc, q.strip(), since=_date(since, "since"), until=_date(until, "until"),
                               source=source or None, limit=n, offset=(page - 1) * n)
    return _render(request, "search.html", res=res, page=page, size=n,
                   filters={"q": q or "", "since": since or "", "until": until or "", "source": source or ""})


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, q: TextQ = None, type: Annotated[str | None, Query(max_length=20)] = None,
                  page: PageQ = 1) -> HTMLResponse:
    svc = _svc(request)
    n = svc.config.page_size
    res = storeview.entities(svc, q=q or None, type=type or None, limit=n, offset=(page - 1) * n)
    return _render(request, "entities.html", res=res, page=page, size=n, filters={"q": q or "", "type": type or ""})


@router.get("/entities/{entity_id:path}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: Annotated[str, Path(max_length=300)],
                by: Annotated[Literal["day", "week", "month", "year"], Query()] = "month") -> HTMLResponse:
    svc = _svc(request)
    ent = storeview.entity(svc, entity_id, by=by)
    return _render(request, "entity.html", ent=ent, by=by)


@router.get("/quotes", response_class=HTMLResponse)
def quotes_page(request: Request, speaker: TextQ = None, q: TextQ = None, since: DateQ = None,
                until: DateQ = None, page: PageQ = 1) -> HTMLResponse:
    svc = _svc(request)
    n = svc.config.page_size
    res = storeview.quotes(svc, speaker=speaker or None, q=q or None, since=_date(since, "since"),
                           until=_date(until, "until"), limit=n, offset=(page - 1) * n)
    return _render(request, "quotes.html", res=res, page=page, size=n,
                   filters={"speaker": speaker or "", "q": q or "", "since": since or "", "until": until or ""})


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, actor: TextQ = None, recipient: TextQ = None,
                type: Annotated[str | None, Query(max_length=30)] = None, since: DateQ = None,
                until: DateQ = None, page: PageQ = 1) -> HTMLResponse:
    svc = _svc(request)
    n = svc.config.page_size
    status, error = 200, None
    try:
        res = storeview.events(svc, actor=actor or None, recipient=recipient or None, type=type or None,
                               since=_date(since, "since"), until=_date(until, "until"), limit=n,
                               offset=(page - 1) * n)
    except InputError as exc:  # an actor the store does not know: say so on the page, keep the form
        status, error, res = 400, str(exc), {"items": [], "has_more": False}
    return _render(request, "events.html", status, error=error, res=res, page=page, size=n, event_types=storeview.PLOVER_TYPES,
                   filters={"actor": actor or "", "recipient": recipient or "", "type": type or "",
                            "since": since or "", "until": until or ""})


@router.get("/relations", response_class=HTMLResponse)
def relations_page(request: Request, since: DateQ = None, until: DateQ = None,
                   by: Annotated[Literal["day", "week", "month", "year"], Query()] = "month") -> HTMLResponse:
    svc = _svc(request)
    g = storeview.graph(svc, since=_date(since, "since"), until=_date(until, "until"), limit=150)
    return _render(request, "relations.html", graph=g, by=by, filters={"since": since or "", "until": until or ""})


@router.get("/relations/{a}/{b}", response_class=HTMLResponse)
def relation_page(request: Request, a: Annotated[str, Path(max_length=300)], b: Annotated[str, Path(max_length=300)],
                  by: Annotated[Literal["day", "week", "month", "year"], Query()] = "month") -> HTMLResponse:
    svc = _svc(request)
    series = storeview.relation_series(svc, a, b, by=by)
    return _render(request, "relation.html", series=series, by=by)


@public.get("/login", response_class=HTMLResponse)
def login_form(request: Request) -> HTMLResponse:
    return _render(request, "login.html", failed=False)


@public.post("/login", response_class=HTMLResponse)
def login(request: Request, token: Annotated[str, Form(min_length=1, max_length=500)]) -> HTMLResponse:
    """Sign in to a private server: the token goes into an HttpOnly, SameSite=Strict cookie."""
    svc = _svc(request)
    if not svc.config.private or not token_matches(token, svc.config.token):
        return _render(request, "login.html", 401, failed=True)
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict", secure=request.url.scheme == "https")
    return response  # type: ignore[return-value]
