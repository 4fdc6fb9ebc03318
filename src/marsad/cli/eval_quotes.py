"""`marsad eval quotes`: score quotations and speakers against hand-made gold data."""

from __future__ import annotations

import argparse

from marsad.cli import command, group, print_scores


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    members = group(
        sub, "eval", help="score marsad against gold data", description="Score marsad's stages against gold data."
    )
    p = command(
        members,
        "quotes",
        help="quotations and their speakers against a gold JSONL file",
        description=(
            "Run marsad over the documents of a gold file (JSON lines: a document reference and its\n"
            "quotations with kind and speaker; see gold/quotes/README.md) and print span\n"
            "precision/recall/F1 (exact and overlapping spans, labelled with the kind) and the speaker\n"
            "accuracy on the quotations found. Documents 'saudinewsnet:ID' are read at eval time from\n"
            "../shared/data/saudinewsnet_sample/articles.jsonl."
        ),
        examples=(
            "  marsad eval quotes --gold gold/quotes/quotes.jsonl\n"
            "  marsad eval quotes --gold gold/quotes/quotes.jsonl --errors   # list misses and wrong speakers\n"
            "  marsad eval quotes --gold gold/quotes/quotes.jsonl --format json\n"
        ),
    )
    p.add_argument("--gold", required=True, metavar="FILE", help="gold JSONL file")
    p.add_argument("--format", choices=("table", "json"), default="table", help="table (default) or json")
    p.add_argument("--errors", action="store_true", help="also list missed, spurious and wrongly attributed quotes")
    p.set_defaults(func=run_eval_quotes)


def run_eval_quotes(args: argparse.Namespace) -> int:
    from marsad.quotes.evaluate import evaluate, load_gold

    scores = evaluate(load_gold(args.gold), errors=args.errors)
    return print_scores(scores, args.format, args.errors)
