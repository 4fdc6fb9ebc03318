"""`marsad eval time`: score the time layer against TimeML (TIMEX3) files."""

from __future__ import annotations

import argparse
import json

from marsad.cli import command, group
from marsad.pipeline import parse_date


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    members = group(
        sub, "eval", help="score marsad against gold data", description="Score marsad's stages against gold data."
    )
    p = command(
        members,
        "time",
        help="time expressions against TimeML (TIMEX3) files",
        description=(
            "Run the time layer over TimeML files (TIMEX3 tags inline in <TEXT>) and print detection\n"
            "precision/recall/F1 (exact and overlapping spans) and, for the gold expressions matched by\n"
            "overlap, the share whose type and value marsad got right. Each file's document date comes\n"
            'from its creation-time TIMEX3 (functionInDocument="CREATION_TIME") unless --dct is given.\n'
            "The format is described in gold/time/README.md."
        ),
        examples=(
            "  marsad eval time --gold gold/time/\n"
            "  marsad eval time --gold gold/time/news-01.tml --dct 2025-10-26\n"
            "  marsad eval time --gold gold/time/heldout-1*.tml   # several files\n"
            "  marsad eval time --gold gold/time/ --errors        # list the value mismatches\n"
            "  marsad eval time --gold gold/time/ --format json\n"
        ),
    )
    p.add_argument(
        "--gold", required=True, nargs="+", metavar="FILE_OR_DIR", help="TimeML files or folders of .tml files"
    )
    p.add_argument("--dct", metavar="YYYY-MM-DD", help="document date for every file (overrides the files' DCT)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="table (default) or json")
    p.add_argument("--errors", action="store_true", help="also list matched expressions whose value differs")
    p.set_defaults(func=run_eval_time)


def run_eval_time(args: argparse.Namespace) -> int:
    from marsad.time.timeml import evaluate, read_timeml, timeml_files

    dct = parse_date(args.dct, what="--dct")
    docs = [read_timeml(f) for path in args.gold for f in timeml_files(path)]
    result = evaluate(docs, dct=dct)
    if args.format == "json":
        print(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
    else:
        gold = result.exact.micro.tp + result.exact.micro.fn
        print(f"documents: {result.documents}   gold TIMEX3: {gold}")
        print(result.exact.table("detection, exact spans"))
        print(result.overlap.table("detection, overlapping spans"))
        print(
            f"matched (overlap): {result.matched}   type accuracy: {100 * result.type_accuracy:.2f}   "
            f"value accuracy: {100 * result.value_accuracy:.2f}"
        )
    if args.errors:
        for line in result.errors:
            print(line)
    return 0
