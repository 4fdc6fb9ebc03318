"""`marsad relations`: what two actors did to each other over time (counts and PLOVER scores)."""

from __future__ import annotations

import argparse

from marsad.cli import command
from marsad.cli._storecli import add_db, add_format, emit, open_store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "relations",
        help="event counts and cooperation-conflict scores between two actors, per week or month",
        description=(
            "Count the events between A and B (each way) per period and sum their PLOVER scores: from -10\n"
            "(most conflictual, e.g. ASSAULT) to +10 (most cooperative, e.g. AID), from the PLOVER manual's\n"
            "table (marsad/store/data/plover_scores.tsv). A and B are ISO country codes (an actor counts for\n"
            "its country), entity ids or names."
        ),
        examples=(
            "  marsad relations USA PAK --by month\n"
            "  marsad relations \"ماركو روبيو\" PAK --by week --format json\n"
            "  marsad relations SAU YEM --format csv > sau-yem.csv\n"
        ),
    )
    p.add_argument("a", metavar="A", help="first actor")
    p.add_argument("b", metavar="B", help="second actor")
    add_db(p)
    add_format(p)
    p.add_argument("--by", choices=("day", "week", "month", "year"), default="month", help="period (default month)")
    p.set_defaults(func=run_relations)


def run_relations(args: argparse.Namespace) -> int:
    with open_store(args) as store:
        res = store.relations(args.a, args.b, by=args.by)
    t = res["total"]
    title = (f"{res['a']} and {res['b']} by {res['by']}: {t['count']} events ({t['a_to_b']} {res['a']}→{res['b']}, "
             f"{t['b_to_a']} {res['b']}→{res['a']}), score {t['score']:+g}")
    if res["types"]:
        title += "\ntypes: " + ", ".join(f"{k} {v}" for k, v in res["types"].items())
    emit(res, res["series"], ("period", "count", "score", "a_to_b", "score_a_to_b", "b_to_a", "score_b_to_a"),
         args.format, title=title)
    return 0
