"""Exports of the store: events (PLOVER JSON lines, CSV, Parquet), quotes and entities (CSV, Parquet, JSON lines).

The PLOVER form follows the manual's JSON field table (id, date, enddate, actor, recipient, event,
mode, quad_code, event_scale, event_text, text, link, coder, coded_date, ...): one record per corpus
event, ``link`` listing the articles that reported it. Each report's own record, from the events
stage's ``marsad.events.plover.to_plover(event, analysis)``, is kept under ``reports``.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import IO, Any

from marsad.errors import InputError

QUAD = {
    "AGREE": 1, "CONSULT": 1, "SUPPORT": 1, "CONCEDE": 1,
    "COOPERATE": 2, "AID": 2, "RETREAT": 2,
    "REQUEST": 3, "ACCUSE": 3, "REJECT": 3, "THREATEN": 3,
    "PROTEST": 4, "SANCTION": 4, "MOBILIZE": 4, "COERCE": 4, "ASSAULT": 4,
}  # fmt: skip  (the manual's quad categories: verbal/material cooperation/conflict)

KINDS = ("events", "quotes", "entities")


def _actor(prefix: str, ev: dict[str, Any]) -> list[dict[str, Any]]:
    if not (ev.get(f"{prefix}_text") or ev.get(f"{prefix}_id") or ev.get(f"{prefix}_country")):
        return []
    return [{"actorText": ev.get(f"{prefix}_text"), "name": ev.get(f"{prefix}_name_en"), "entity": ev.get(f"{prefix}_id"),
             "code": ev.get(f"{prefix}_country"), "sector": ev.get(f"{prefix}_sector")}]


def _external_to_plover() -> Any:
    try:
        from marsad.events.plover import to_plover  # type: ignore[import-not-found]
    except ImportError:
        return None
    return to_plover


def plover_records(store: Any) -> Iterator[dict[str, Any]]:
    """One PLOVER JSON record per corpus event."""
    ext = _external_to_plover()
    cache: dict[str, Any] = {}
    reports: dict[str, list[dict[str, Any]]] = {}
    for r in store.iter_event_reports():
        reports.setdefault(r["event_id"], []).append(r)
    coded = datetime.now(UTC).date().isoformat()
    for ev in store.iter_events():
        reps = reports.get(ev["id"], [])
        first = reps[0]["event"] if reps else {}
        rec: dict[str, Any] = {
            "id": ev["id"],
            "date": ev["date_start"] if ev["date_granularity"] else None,
            "enddate": ev["date_end"] if ev["date_granularity"] and ev["date_end"] != ev["date_start"] else None,
            "actor": _actor("actor", ev),
            "recipient": _actor("recipient", ev),
            "event": [ev["type"]],
            "mode": [ev["mode"]] if ev["mode"] else [],
            "event_loc": {"placeText": ev["place_text"], "entity": ev["place_id"]} if ev["place_text"] else None,
            "quad_code": QUAD.get(ev["type"]),
            "event_scale": ev["score"],
            "event_text": [r["event"]["trigger"]["text"] for r in reps if r["event"].get("trigger")],
            "text": (first.get("evidence") or {}).get("text"),
            "link": [{"article": r["article_id"], "url": r["url"], "source": r["source"], "published": r["published"]}
                     for r in reps],
            "cameo": ev["cameo"],
            "date_granularity": ev["date_granularity"],
            "date_source": ev["date_source"],
            "summary_en": ev["summary_en"],
            "language": "ar",
            "coder": "marsad",
            "coded_date": coded,
        }
        if ext is not None:
            out = []
            for r in reps:
                if r["article_id"] not in cache:
                    cache.clear()  # reports come grouped by event, not article: keep a few analyses
                    cache[r["article_id"]] = store.analysis(r["article_id"])
                analysis = cache[r["article_id"]]
                local = next((e for e in analysis.events if e.id == r["event"]["id"]), None) if analysis else None
                if local is not None:
                    out.append(ext(local, analysis))
            rec["reports"] = out
        yield rec


def rows(store: Any, kind: str) -> Iterator[dict[str, Any]]:
    if kind == "events":
        return store.iter_events()
    if kind == "quotes":
        return store.iter_quotes()
    if kind == "entities":
        return store.iter_entities()
    raise InputError(f"unknown export {kind!r}; choose one of {', '.join(KINDS)}")


def write_csv(items: Iterable[dict[str, Any]], out: IO[str]) -> int:
    w = None
    n = 0
    for it in items:
        if w is None:
            w = csv.DictWriter(out, fieldnames=list(it), extrasaction="ignore")
            w.writeheader()
        w.writerow({k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in it.items()})
        n += 1
    return n


def write_jsonl(items: Iterable[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for it in items:
        out.write(json.dumps(it, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_parquet(items: Iterable[dict[str, Any]], path: str) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    data = [{k: (json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v) for k, v in it.items()}
            for it in items]
    table = pa.Table.from_pylist(data) if data else pa.table({})
    pq.write_table(table, path)
    return len(data)
