"""`marsad timeline`: the chronology of an entity (events and quotes), an event (its reports) or a story."""

from __future__ import annotations

import argparse

from marsad.cli import command
from marsad.cli._storecli import add_db, add_format, emit, open_store
from marsad.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "timeline",
        help="chronology of an entity, an event or a story",
        description=(
            "Show, oldest first: for an entity (id or name) the events it took part in and the quotes it\n"
            "said; for an event id (ev-...) the articles that reported it; for an article or story id the\n"
            "articles of that story (near-duplicate copies)."
        ),
        examples=(
            "  marsad timeline person:marco-rubio\n"
            "  marsad timeline ev-3f2a9c0d1e4b5a6c --format json\n"
            "  marsad timeline \"شهباز شريف\" --format csv > sharif.csv\n"
        ),
    )
    p.add_argument("ident", metavar="ID", help="entity id or name, event id, article or story id")
    add_db(p)
    add_format(p)
    p.add_argument("--limit", type=int, default=500, help="entries at most (default 500)")
    p.set_defaults(func=run_timeline)


def run_timeline(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        res = store.timeline(args.ident, limit=args.limit)
    if res is None:
        raise InputError(f"nothing in the store has the id or name {args.ident!r}")
    rows = []
    for it in res["items"]:
        if it["kind"] == "event":
            what = f"{it['type']}: {it.get('actor_text') or '?'} → {it.get('recipient_text') or '?'} ({it['n_reports']} reports)"
            ref = it["id"]
        elif it["kind"] == "quote":
            what = f"« {it['text']} »"
            ref = it["article_id"]
        elif it["kind"] == "report":
            what = it.get("evidence") or it.get("title")
            ref = it["article_id"]
        else:
            what = it.get("title")
            ref = it["id"]
        rows.append({"date": it.get("date"), "kind": it["kind"], "what": what, "ref": ref})
    head = res.get("entity") or res.get("event") or {"id": res.get("story_id")}
    emit(res, rows, ("date", "kind", "what", "ref"), args.format,
         title=f"timeline of {head.get('name') or head.get('type') or ''} [{head.get('id')}]: {len(rows)} entries")
    return 0
