"""What the store commands share: ``--db``, ``--format table|json|csv`` and printing rows."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence
from typing import Any

FORMATS = ("table", "json", "csv")


def add_db(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--db",
        metavar="URL",
        default=None,
        help="the store: a SQLite file (default: $MARSAD_DB or marsad.db) or postgresql://user@host/db",
    )


def add_format(p: argparse.ArgumentParser, formats: Sequence[str] = FORMATS) -> None:
    p.add_argument("--format", choices=formats, default=formats[0], help=f"output format: {', '.join(formats)}")


def open_store(args: argparse.Namespace, *, must_exist: bool = True) -> Any:
    import os

    from marsad.errors import InputError
    from marsad.store import Store, default_db

    url = args.db or default_db()
    if must_exist and "://" not in url and not os.path.exists(url):
        raise InputError(f"no store at {url}; create one with `marsad ingest FILES --db {url}` (or give --db)")
    return Store.open(url)


def cell(value: Any, width: int = 60) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, (list, dict)):
        value = json.dumps(value, ensure_ascii=False)
    s = str(value).replace("\n", " ")
    return s if len(s) <= width else s[: width - 1] + "…"


def emit(result: Any, rows: list[dict[str, Any]], columns: Sequence[str], fmt: str, *, title: str | None = None,
         out: Any = None) -> None:
    """Print ``result`` as JSON, or ``rows`` (restricted to ``columns``) as a table or CSV."""
    out = out or sys.stdout
    if fmt == "json":
        out.write(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
        return
    if fmt == "csv":
        w = csv.writer(out, lineterminator="\n")
        w.writerow(columns)
        for r in rows:
            w.writerow(["" if r.get(c) is None else (json.dumps(r[c], ensure_ascii=False) if isinstance(r[c], (list, dict))
                        else r[c]) for c in columns])
        return
    if title:
        out.write(title + "\n")
    if not rows:
        out.write("(nothing found)\n")
        return
    widths = {c: min(60, max(len(c), *(len(cell(r.get(c))) for r in rows))) for c in columns}
    out.write("  ".join(c.ljust(widths[c]) for c in columns).rstrip() + "\n")
    out.write("  ".join("-" * widths[c] for c in columns) + "\n")
    for r in rows:
        out.write("  ".join(cell(r.get(c), widths[c]).ljust(widths[c]) for c in columns).rstrip() + "\n")
