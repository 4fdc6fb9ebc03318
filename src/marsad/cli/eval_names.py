"""`marsad eval names`: score the English names of persons against hand-made gold data."""

from __future__ import annotations

import argparse

from marsad.cli import command, group, print_scores


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    members = group(
        sub, "eval", help="score marsad against gold data", description="Score marsad's stages against gold data."
    )
    p = command(
        members,
        "names",
        help="the English names given to persons, against a gold JSONL file",
        description=(
            "Analyse the corpus articles a gold file points into (JSON lines: article id, the span of a\n"
            "person's name, the English spellings a reader accepts, the name's origin; see\n"
            "gold/names/README.md) and print how many persons get an acceptable English name, how many\n"
            "get none (unknown) and how many a wrong one, overall and by the name's origin. Articles\n"
            "are read at eval time from the ANT news corpus (../shared/data/ant_news by default)."
        ),
        examples=(
            "  marsad eval names --gold gold/names/ant-persons.jsonl\n"
            "  marsad eval names --gold gold/names/ant-persons.jsonl --errors   # list the misses\n"
            "  marsad eval names --gold my.jsonl --corpus my_corpus_folder --format json\n"
        ),
    )
    p.add_argument("--gold", required=True, metavar="FILE", help="gold JSONL file")
    p.add_argument("--corpus", default=None, metavar="DIR", help="folder of the corpus's .jsonl(.xz) files")
    p.add_argument("--format", choices=("table", "json"), default="table", help="table (default) or json")
    p.add_argument("--errors", action="store_true", help="also list persons not found and wrong names")
    p.set_defaults(func=run_eval_names)


def run_eval_names(args: argparse.Namespace) -> int:
    from marsad.entities.names_eval import load_gold, score

    scores = score(*load_gold(args.gold, corpus=args.corpus))
    return print_scores(scores, args.format, args.errors)
