"""`marsad events`: query the corpus events (one row per real event, with all its reports)."""

from __future__ import annotations

import argparse

from marsad.cli import command
from marsad.cli._storecli import add_db, add_format, emit, open_store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "events",
        help="list stored PLOVER events by actor, recipient, type and date",
        description=(
            "List the corpus events, newest first. Reports of one event by several articles (same type,\n"
            "actor, recipient and date within a day, at the dates' granularity) are one event; n_reports\n"
            "says how many. Actors are ISO country codes (PAK), entity ids or names."
        ),
        examples=(
            "  marsad events --actor USA --recipient PAK\n"
            "  marsad events --actor \"ماركو روبيو\" --type CONSULT --since 2025-10-01 --until 2025-10-31\n"
            "  marsad events --type ASSAULT --format csv > assaults.csv\n"
        ),
    )
    add_db(p)
    add_format(p)
    p.add_argument("--actor", help="who acted: ISO country code, entity id or name")
    p.add_argument("--recipient", help="who it was done to")
    p.add_argument("--type", help="PLOVER event type, e.g. CONSULT, AGREE, ASSAULT")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="events dated on or after")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="events dated on or before")
    p.add_argument("--limit", type=int, default=50, help="rows (default 50)")
    p.add_argument("--offset", type=int, default=0, help="skip this many rows")
    p.set_defaults(func=run_events)


def run_events(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        res = store.events(actor=args.actor, recipient=args.recipient, type=args.type, since=args.since,
                           until=args.until, limit=args.limit, offset=args.offset)
    rows = [{**e, "articles": ";".join(dict.fromkeys(r["article_id"] for r in e.get("reports", [])))} for e in res["items"]]
    emit(res, rows, ("date", "type", "mode", "actor_text", "actor_country", "recipient_text", "recipient_country",
                     "score", "n_reports", "id", "articles"), args.format, title=f"{res['total']} events")
    return 0
