"""`marsad eval quantities`: score the quantities stage against Wojood's numeric tags."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from marsad.cli import command, group


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    members = group(
        sub, "eval", help="score marsad against gold data", description="Score marsad's stages against gold data."
    )
    p = command(
        members,
        "quantities",
        help="numbers, money, percentages against Wojood (MONEY, PERCENT, CARDINAL, ORDINAL, QUANTITY)",
        description=(
            "Run the quantities stage over Wojood files (token TAG [TAG...] per line, blank line between\n"
            "sentences) and print precision/recall/F1 per label with exact and overlapping spans, and a\n"
            "label-blind detection score. marsad's kinds map to Wojood's labels: money MONEY, percent\n"
            "PERCENT, ordinal ORDINAL, measures QUANTITY, counts and bare numbers CARDINAL; durations\n"
            "(Wojood's DATE/TIME) are left out."
        ),
        examples=(
            "  marsad eval quantities --wojood ../shared/data/wojood_sample/val.txt\n"
            "  marsad eval quantities --wojood ../shared/data/wojood_sample/ --format json\n"
        ),
    )
    p.add_argument(
        "--wojood", required=True, type=Path, metavar="FILE_OR_DIR", help="a Wojood file or a folder of .txt"
    )
    p.add_argument("--format", choices=("table", "json"), default="table", help="table (default) or json")
    p.set_defaults(func=run_eval_quantities)


def run_eval_quantities(args: argparse.Namespace) -> int:
    from marsad.errors import InputError
    from marsad.quantities.wojood import evaluate, read_wojood

    path: Path = args.wojood
    files = sorted(path.glob("*.txt")) if path.is_dir() else [path]
    if not files or not all(f.exists() for f in files):
        raise InputError(f"{path}: no Wojood files there (give a file or a folder of .txt files)")
    result = evaluate(s for f in files for s in read_wojood(f))
    if args.format == "json":
        out = {
            "sentences": result.sentences,
            "exact": {str(k): v.as_dict() for k, v in result.exact.by_label.items()}
            | {"micro": result.exact.micro.as_dict()},
            "overlap": {str(k): v.as_dict() for k, v in result.overlap.by_label.items()}
            | {"micro": result.overlap.micro.as_dict()},
            "detection": result.detection.micro.as_dict(),
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(f"files: {', '.join(str(f) for f in files)}   sentences: {result.sentences}")
    print(result.exact.table("exact spans"))
    print(result.overlap.table("overlapping spans"))
    d = result.detection.micro
    print(
        f"detection (overlap, labels ignored): P {100 * d.precision:.2f}  R {100 * d.recall:.2f}  F1 {100 * d.f1:.2f}"
    )
    return 0
