"""The web app's adapter over :class:`marsad.store.Store`.

The store returns plain dicts; this module writes through it under one lock (one writer, as SQLite
wants; reads go straight to the store's thread-safe engine), turns "not found" into 404 errors with a clear message, adds paging
information (``has_more``), and builds what the pages need that the store does not give directly
(the relations graph from the stored events).
"""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import quote

from markupsafe import Markup, escape

from marsad.model import Analysis
from marsad.web.app import ApiError, Services

log = logging.getLogger(__name__)

PLOVER_TYPES = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
)  # fmt: skip

TIMELINE_MAX = 1000  # events and quotes read for one timeline (then filtered and paged here)


def article_href(article_id: str) -> str:
    return "/articles/" + quote(str(article_id), safe="")


def entity_href(entity_id: str) -> str:
    return "/entities/" + quote(str(entity_id), safe=":")


def ingest(svc: Services, analysis: Analysis) -> Any:
    store = svc.need_store()
    with svc.store_lock:
        return store.ingest_analysis(analysis)


def analysis_of(record: dict[str, Any], svc: Services | None = None) -> Analysis:
    """The Analysis inside a stored article record (parsed once per article while ``svc`` caches it)."""
    key = (str(record.get("id")), str(record.get("ingested_at")))
    if svc is not None:
        with svc.cache_lock:
            hit = svc.analysis_cache.get(key)
            if hit is not None:
                svc.analysis_cache.move_to_end(key)
                return hit
    analysis = _parse_analysis(record)
    if svc is not None:
        with svc.cache_lock:
            svc.analysis_cache[key] = analysis
            while len(svc.analysis_cache) > svc.analysis_cache_size:
                svc.analysis_cache.popitem(last=False)
    return analysis


def _parse_analysis(record: dict[str, Any]) -> Analysis:
    data = record.get("analysis")
    if isinstance(data, str):
        import json

        data = json.loads(data)
    if not isinstance(data, dict):
        raise ApiError(404, f"article {record.get('id')!r} has no stored analysis")
    return Analysis.from_json(data)


# --- helpers ----------------------------------------------------------------------------------------


def _paged(res: dict[str, Any]) -> dict[str, Any]:
    """The store's page plus ``has_more``."""
    total = res.get("total")
    shown = res.get("offset", 0) + len(res.get("items", []))
    res["has_more"] = bool(total is not None and shown < total)
    return res


def _not_found(what: str, ident: str, hint: str) -> ApiError:
    shown = ident if len(ident) <= 80 else ident[:80] + "…"
    return ApiError(404, f"no {what} with id or name {shown!r}; {hint}")


def entity_store_id(ent_id: str, ent_type: str, name: str) -> str:
    """The corpus id the store gives an analysis entity (KB ids stay; local ones merge by name)."""
    from marsad.store import Store

    return Store.entity_key(ent_id, ent_type, name)


def highlight_snippet(snippet: str, marks: list[list[int]] | None) -> Markup:
    """The search snippet, escaped, with the store's hit offsets wrapped in <mark>."""
    out: list[str] = []
    pos = 0
    for s, e in sorted(marks or []):
        if s < pos or e <= s or e > len(snippet):
            continue
        out.append(escape(snippet[pos:s]))
        out.append(Markup("<mark>{}</mark>").format(snippet[s:e]))
        pos = e
    out.append(escape(snippet[pos:]))
    return Markup("").join(out)


def _actor(row: dict[str, Any], side: str) -> dict[str, Any] | None:
    if not (row.get(f"{side}_id") or row.get(f"{side}_text") or row.get(f"{side}_name_en")):
        return None
    return {"id": row.get(f"{side}_id"), "name": row.get(f"{side}_text") or "",
            "name_en": row.get(f"{side}_name_en") or row.get(f"{side}_country") or ""}


def _event(row: dict[str, Any]) -> dict[str, Any]:
    reports = row.get("reports") or []
    first = reports[0] if reports else {}
    return {
        **{k: row.get(k) for k in ("id", "type", "mode", "cameo", "date", "date_granularity", "score", "summary_en",
                                   "n_reports")},
        "actor": _actor(row, "actor"),
        "recipient": _actor(row, "recipient"),
        "place": row.get("place_text"),
        "modality": first.get("modality") or "asserted",
        "evidence": first.get("evidence") or "",
        "article_id": first.get("article_id"),
        "article_title": first.get("title"),
        "published": first.get("published") or row.get("first_reported"),
        "reports": reports,
    }


def _quote(row: dict[str, Any]) -> dict[str, Any]:
    return {
        **row,
        "speaker_name": row.get("speaker_name") or row.get("speaker_text") or "",
        "speaker_en": row.get("speaker_name_en") or "",
    }


# --- reads ------------------------------------------------------------------------------------------


def articles(svc: Services, *, source: str | None = None, since: str | None = None, until: str | None = None,
             limit: int = 20, offset: int = 0) -> dict[str, Any]:
    store = svc.need_store()
    return _paged(store.articles(limit=limit, offset=offset, source=source, since=since, until=until))


def article(svc: Services, article_id: str) -> dict[str, Any]:
    store = svc.need_store()
    rec = store.article(article_id)
    if rec is None:
        raise _not_found("article", article_id, "list them at /api/articles or search at /api/search?q=")
    return rec


def search(svc: Services, q: str, *, since: str | None = None, until: str | None = None,
           source: str | None = None, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    store = svc.need_store()
    res = _paged(store.search(q, limit=limit, offset=offset, since=since, until=until, source=source))
    return res


def snippet_markup(item: dict[str, Any]) -> Markup | None:
    if not item.get("snippet"):
        return None
    return highlight_snippet(item["snippet"], item.get("highlights"))


def entities(svc: Services, *, q: str | None = None, type: str | None = None, limit: int = 20,
             offset: int = 0) -> dict[str, Any]:
    store = svc.need_store()
    res = _paged(store.entities(q, type=type, limit=limit, offset=offset))
    for e in res["items"]:
        e["mentions"] = e.get("n_mentions", 0)
    return res


def entity(svc: Services, entity_id: str, *, by: str = "month", limit: int = 20) -> dict[str, Any]:
    store = svc.need_store()
    ent = store.entity(entity_id, by=by, limit=limit)
    if ent is None:
        raise _not_found("entity", entity_id, "list them at /api/entities?q=NAME")
    over = [p for p in ent.get("mentions_over_time", []) if p.get("period") != "unknown"]
    ent["series"] = {"labels": [p["period"] for p in over], "counts": [p["mentions"] for p in over],
                     "articles": [p["articles"] for p in over]}
    ent["mentions_total"] = ent.get("n_mentions", 0)
    ent["quotes"] = [_quote(q) for q in ent.get("quotes", [])]
    ent["events"] = [_event(e) for e in ent.get("events", [])]
    return ent


def quotes(svc: Services, *, speaker: str | None = None, q: str | None = None, since: str | None = None,
           until: str | None = None, limit: int = 20, offset: int = 0, distinct: bool = False) -> dict[str, Any]:
    store = svc.need_store()
    res = _paged(store.quotes(speaker=speaker, contains=q, since=since, until=until, limit=limit, offset=offset,
                              distinct=distinct))
    res["items"] = [_quote(x) for x in res["items"]]
    return res


def events(svc: Services, *, actor: str | None = None, recipient: str | None = None, type: str | None = None,
           since: str | None = None, until: str | None = None, limit: int = 20, offset: int = 0) -> dict[str, Any]:
    store = svc.need_store()
    res = _paged(store.events(actor=actor, recipient=recipient, type=type, since=since, until=until, limit=limit,
                              offset=offset))
    res["items"] = [_event(e) for e in res["items"]]
    return res


def timeline(svc: Services, entity_id: str, *, since: str | None = None, until: str | None = None,
             limit: int = 100, offset: int = 0) -> dict[str, Any]:
    store = svc.need_store()
    res = store.timeline(entity_id, limit=TIMELINE_MAX)
    if res is None:
        raise _not_found("entity, event or story", entity_id, "list entities at /api/entities?q=NAME")
    for i in res["items"]:  # the store's items say kind "event"/"quote", but a quote's own kind overrides it
        if res.get("kind") == "entity":
            i["entry"] = "event" if "actor_id" in i else "quote"
        else:
            i["entry"] = i.get("kind")
    items = [i for i in res["items"] if (not since or (i.get("date") or "") >= since)
             and (not until or (i.get("date") or "9999") <= until)]
    res["total"] = len(items)
    res["items"] = items[offset : offset + limit]
    res["limit"], res["offset"] = limit, offset
    return _paged(res)


def _name(store: Any, ident: str) -> dict[str, Any]:
    ent = store.resolve_entity(ident)
    if ent is None:
        return {"id": ident, "name": ident, "name_en": None}
    return {"id": ent["id"], "name": ent["name"], "name_en": ent.get("name_en")}


def relation_series(svc: Services, a: str, b: str, *, by: str = "month", since: str | None = None,
                    until: str | None = None) -> dict[str, Any]:
    """The series behind one edge: counts and score sums per period, and the events themselves."""
    store = svc.need_store()
    res = store.relations(a, b, by=by)
    res["a"], res["b"] = _name(store, res["a"]), _name(store, res["b"])
    evs = [_event(e) for e in store.events(actor=a, recipient=b, since=since, until=until, limit=50)["items"]]
    evs += [_event(e) for e in store.events(actor=b, recipient=a, since=since, until=until, limit=50)["items"]]
    series = res["series"]
    if by != "week":  # day, month and year labels are prefixes of ISO dates: compare them directly
        series = [p for p in series if p["period"] == "unknown" or (
            (not since or p["period"] >= since[: len(p["period"])]) and (not until or p["period"] <= until[: len(p["period"])]))]
    for p in series:
        p["mean"] = round(p["score"] / p["count"], 3) if p["count"] else 0.0
    res["series"] = series
    evs.sort(key=lambda e: (e.get("date") or "", e.get("id") or ""))
    res["events"] = evs
    return res


def graph(svc: Services, *, since: str | None = None, until: str | None = None, limit: int = 150) -> dict[str, Any]:
    """Nodes (countries and actors) and undirected edges between them, from the stored events: how many
    events, the sum and mean of their cooperation-conflict scores. The heaviest ``limit`` edges."""
    from sqlalchemy import func, select

    from marsad.store.schema import entities as ent_t
    from marsad.store.schema import events as ev_t

    store = svc.need_store()
    conds = [ev_t.c.actor_key != "-", ev_t.c.recipient_key != "-", ev_t.c.actor_key != ev_t.c.recipient_key]
    if since:
        conds.append(ev_t.c.date_end >= since)
    if until:
        conds.append(ev_t.c.date_start <= until)
    query = (
        select(ev_t.c.actor_key, ev_t.c.recipient_key, func.count().label("n"),
               func.coalesce(func.sum(ev_t.c.score), 0.0).label("score"),
               func.max(ev_t.c.actor_text).label("a_text"), func.max(ev_t.c.actor_name_en).label("a_en"),
               func.max(ev_t.c.recipient_text).label("b_text"), func.max(ev_t.c.recipient_name_en).label("b_en"))
        .where(*conds)
        .group_by(ev_t.c.actor_key, ev_t.c.recipient_key)
    )
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    labels: dict[str, tuple[str, str | None]] = {}
    with store.engine.connect() as conn:
        for r in conn.execute(query):
            a, b = sorted((r.actor_key, r.recipient_key))
            e = edges.setdefault((a, b), {"source": a, "target": b, "count": 0, "score": 0.0})
            e["count"] += r.n
            e["score"] += float(r.score or 0.0)
            labels.setdefault(r.actor_key, (r.a_text or r.actor_key, r.a_en))
            labels.setdefault(r.recipient_key, (r.b_text or r.recipient_key, r.b_en))
        top = sorted(edges.values(), key=lambda e: (-e["count"], e["source"], e["target"]))[:limit]
        ids = sorted({k for e in top for k in (e["source"], e["target"])})
        known: dict[str, Any] = {}
        for i in range(0, len(ids), 500):
            for r in conn.execute(select(ent_t.c.id, ent_t.c.name, ent_t.c.name_en, ent_t.c.type)
                                  .where(ent_t.c.id.in_(ids[i : i + 500]))):
                known[r.id] = r
    degree: dict[str, int] = {}
    for e in top:
        e["score"] = round(e["score"], 3)
        e["mean"] = round(e["score"] / e["count"], 3) if e["count"] else 0.0
        e["href"] = f"/relations/{quote(e['source'], safe=':')}/{quote(e['target'], safe=':')}"
        for k in (e["source"], e["target"]):
            degree[k] = degree.get(k, 0) + e["count"]
    nodes = []
    for k in ids:
        row = known.get(k)
        name, name_en = (row.name, row.name_en) if row is not None else labels.get(k, (k, None))
        ntype = row.type if row is not None else ("COUNTRY" if k.startswith("country:") else "GROUP")
        nodes.append({"id": k, "label": name, "label_en": name_en, "type": ntype, "count": degree.get(k, 0)})
    by_id = {n["id"]: n for n in nodes}
    for e in top:
        e["source_name"], e["source_en"] = by_id[e["source"]]["label"], by_id[e["source"]]["label_en"]
        e["target_name"], e["target_en"] = by_id[e["target"]]["label"], by_id[e["target"]]["label_en"]
    return {"nodes": nodes, "edges": top, "total_edges": len(edges)}
