"""`marsad entity`: an entity's profile from the store."""

from __future__ import annotations

import argparse
import sys

from marsad.cli import command
from marsad.cli._storecli import add_db, add_format, emit, open_store
from marsad.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "entity",
        help="an entity's profile: roles, mentions over time, quotes, events",
        description=(
            "Show what the store knows about one entity, given by id (person:marco-rubio, country:PAK, PAK)\n"
            "or by name (Arabic or English; normalised, so spelling variants of hamza and taa marbuta match).\n"
            "With --format csv, the rows are the mention counts per period."
        ),
        examples=(
            "  marsad entity person:marco-rubio\n"
            "  marsad entity \"ماركو روبيو\" --by week\n"
            "  marsad entity PAK --format json --db corpus.db\n"
        ),
    )
    p.add_argument("name", metavar="NAME|ID", help="entity id or name")
    add_db(p)
    add_format(p)
    p.add_argument("--by", choices=("day", "week", "month", "year"), default="month", help="period of the counts")
    p.add_argument("--limit", type=int, default=20, help="quotes, events and articles to list (default 20)")
    p.set_defaults(func=run_entity)


def run_entity(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        ent = store.entity(args.name, by=args.by, limit=args.limit)
    if ent is None:
        raise InputError(f"no entity matches {args.name!r}; list entities with `marsad export entities --format csv`")
    if args.format != "table":
        emit(ent, ent["mentions_over_time"], ("period", "mentions", "articles"), args.format)
        return 0
    out = sys.stdout
    name_en = f" ({ent['name_en']})" if ent["name_en"] else ""
    out.write(f"{ent['name']}{name_en}  [{ent['id']}, {ent['type']}]\n")
    facts = [f"{ent['n_mentions']} mentions in {ent['n_articles']} articles",
             f"seen {ent['first_seen'] or '?'} .. {ent['last_seen'] or '?'}"]
    if ent["country"]:
        facts.append(f"country {ent['country']}")
    if ent["wikidata"]:
        facts.append(f"wikidata {ent['wikidata']}")
    out.write("; ".join(facts) + "\n")
    if ent["aliases"]:
        out.write("also written: " + "، ".join(ent["aliases"][:10]) + "\n")
    out.write("\n")
    emit(None, ent["roles"], ("role_en", "title_ar", "country", "sector", "n_articles"), "table", title="roles")
    out.write("\n")
    emit(None, ent["mentions_over_time"], ("period", "mentions", "articles"), "table", title=f"mentions by {args.by}")
    out.write("\n")
    emit(None, ent["quotes"], ("published", "kind", "text", "article_id"), "table", title="quotes")
    out.write("\n")
    emit(None, ent["events"], ("date", "type", "actor_text", "recipient_text", "n_reports", "id"), "table", title="events")
    return 0
