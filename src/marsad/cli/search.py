"""`marsad search`: Arabic-normalised full-text search over the store."""

from __future__ import annotations

import argparse

from marsad.cli import command
from marsad.cli._storecli import add_db, add_format, emit, open_store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "search",
        help="full-text search of the stored articles (Arabic-normalised, ranked, with snippets)",
        description=(
            "Search the store. Every word must occur; \"quoted phrases\" match as a whole. The text and the\n"
            "query are normalised alike (hamza forms, alef maqsura, taa marbuta, tashkeel, digits), and words\n"
            "match inside words too, so السعودية finds والسعودية. Ranked by how often the words occur\n"
            "(title counted three times) for the article's length."
        ),
        examples=(
            "  marsad search \"وزير الخارجية\"\n"
            "  marsad search '\"مجلس الأمن\" إيران' --since 2015-07-01 --limit 5\n"
            "  marsad search باكستان --format json --db corpus.db\n"
        ),
    )
    p.add_argument("query", metavar="QUERY", help="words (all must occur) and \"quoted phrases\"")
    add_db(p)
    add_format(p)
    p.add_argument("--limit", type=int, default=20, help="results per page (default 20)")
    p.add_argument("--offset", type=int, default=0, help="skip this many results")
    p.add_argument("--since", metavar="YYYY-MM-DD", help="published on or after")
    p.add_argument("--until", metavar="YYYY-MM-DD", help="published on or before")
    p.add_argument("--source", help="only this source")
    p.set_defaults(func=run_search)


def run_search(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        res = store.search(args.query, limit=args.limit, offset=args.offset, since=args.since, until=args.until,
                           source=args.source)
    rows = []
    for it in res["items"]:
        snip = it["snippet"]
        if args.format == "table":
            for s, e in sorted(it["highlights"], reverse=True):
                snip = snip[:s] + "[" + snip[s:e] + "]" + snip[e:]
            first = snip.find("[")
            if first > 20:  # the table cell is short: start a little before the first hit
                snip = "…" + snip[first - 20 :]
        rows.append({**it, "snippet": snip})
    shown = f"{res['offset'] + 1}-{res['offset'] + len(rows)}" if rows else "0"
    emit(res, rows, ("id", "published", "source", "score", "title", "snippet"), args.format,
         title=f"{res['total']} articles match; showing {shown}")
    return 0
