"""`marsad export`: events, quotes or entities from the store as PLOVER JSON lines, CSV, Parquet or JSON lines."""

from __future__ import annotations

import argparse
import contextlib
import sys

from marsad.cli import command
from marsad.cli._storecli import add_db, open_store
from marsad.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "export",
        help="export events, quotes or entities (PLOVER JSON lines, CSV, Parquet, JSON lines)",
        description=(
            "Write what the store holds. events: one row per corpus event (its reports' articles listed);\n"
            "--format plover gives PLOVER JSON records (one per line, the manual's field names).\n"
            "Parquet needs --output."
        ),
        examples=(
            "  marsad export events --format plover > events.plover.jsonl\n"
            "  marsad export quotes --format csv --db corpus.db > quotes.csv\n"
            "  marsad export entities --format parquet --output entities.parquet\n"
        ),
    )
    p.add_argument("kind", choices=("events", "quotes", "entities"), help="what to export")
    add_db(p)
    p.add_argument("--format", choices=("csv", "plover", "parquet", "jsonl"), default="csv",
                   help="csv (default), plover (events only), parquet, jsonl")
    p.add_argument("--output", "-o", metavar="FILE", help="write to FILE (default: standard output)")
    p.set_defaults(func=run_export)


def run_export(args: argparse.Namespace) -> int:
    from marsad.store import export

    if args.format == "plover" and args.kind != "events":
        raise InputError("--format plover applies to events only; use csv, parquet or jsonl for quotes and entities")
    if args.format == "parquet" and not args.output:
        raise InputError("Parquet is binary: give --output FILE.parquet")
    with open_store(args) as store:
        items = export.plover_records(store) if args.format == "plover" else export.rows(store, args.kind)
        if args.format == "parquet":
            n = export.write_parquet(items, args.output)
        else:
            with contextlib.ExitStack() as stack:
                out = stack.enter_context(open(args.output, "w", encoding="utf-8", newline="")) if args.output else sys.stdout
                n = export.write_csv(items, out) if args.format == "csv" else export.write_jsonl(items, out)
    print(f"marsad: exported {n} {args.kind}" + (f" to {args.output}" if args.output else ""), file=sys.stderr)
    return 0
