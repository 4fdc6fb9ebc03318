"""`marsad quotes`: who said what in an article."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from typing import Any

from marsad.cli import command
from marsad.documents import read_path
from marsad.errors import InputError
from marsad.model import Analysis, Quote
from marsad.pipeline import parse_date

FORMATS = ("table", "json", "csv")
CSV_FIELDS = (
    "doc", "id", "kind", "start", "end", "speaker", "speaker_name", "speaker_text", "attribution", "cue",
    "reported_via", "within", "repeats", "text",
)  # fmt: skip


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "quotes",
        help="who said what: quotations and reported speech with their speakers",
        description=(
            "Find the direct quotations, partial quotations and reported (indirect) speech of an article\n"
            "and attribute each to its speaker: a named person or organisation, a title (الوزير الأمريكي),\n"
            "the previous speaker (وأضاف:), or nobody when it comes from a reporter's question.\n"
            "A quote that is part of another one's statement is marked [inside qN] (a quoted stretch of\n"
            "reported speech) or [repeats qN] (the same words told again, e.g. headline and body); the\n"
            "header counts the distinct statements (the JSON and CSV have within and repeats).\n"
            "FILE is UTF-8 text, a .json record or a .jsonl file (as for `marsad analyze`).\n"
            "Without FILE the command queries the article store instead (--db; filters --speaker,\n"
            "--contains, --since, --until)."
        ),
        examples=(
            "  marsad quotes article.txt --published 2025-10-26 --title-first-line\n"
            "  marsad quotes article.txt --format json > quotes.json\n"
            "  marsad quotes articles.jsonl --format csv > quotes.csv\n"
            "  echo 'وقال الوزير: «لن نتراجع».' | marsad quotes -\n"
            "  marsad quotes --speaker \"ماركو روبيو\" --db corpus.db          # from the store\n"
            "  marsad quotes --speaker person:marco-rubio --contains باكستان --since 2025-10-01 --format csv\n"
        ),
    )
    p.add_argument(
        "path", metavar="FILE", nargs="?", help="article to read (- for standard input); omit to query the store"
    )
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date of the article")
    p.add_argument("--title-first-line", action="store_true", help="the first line of the text is the headline")
    p.add_argument("--format", choices=FORMATS, default="table", help="table (default, readable), json or csv")
    store = p.add_argument_group("store mode (without FILE)")
    store.add_argument("--db", metavar="URL", help="the store (default: $MARSAD_DB or marsad.db)")
    store.add_argument("--speaker", help="entity id or name of the speaker (or text the speaker was written as)")
    store.add_argument("--contains", metavar="WORDS", help="words the quotation must contain (normalised)")
    store.add_argument("--since", metavar="YYYY-MM-DD", help="published on or after")
    store.add_argument("--until", metavar="YYYY-MM-DD", help="published on or before")
    store.add_argument("--distinct", action="store_true",
                       help="distinct statements only: leave out partial quotes inside another and repeats")
    store.add_argument("--limit", type=int, default=50, help="quotations to list (default 50)")
    store.add_argument("--offset", type=int, default=0, help="skip this many")
    p.set_defaults(func=run_quotes)


def run_quotes(args: argparse.Namespace) -> int:
    if args.path is None:
        return _store_mode(args)
    from marsad.quotes import analyze_quotes

    published = parse_date(args.published)
    out = sys.stdout
    writer = csv.DictWriter(out, fieldnames=CSV_FIELDS) if args.format == "csv" else None
    if writer:
        writer.writeheader()
    records = list(read_path(args.path))
    for n, rec in enumerate(records):
        analysis = analyze_quotes(
            rec.text,
            published=published or parse_date(rec.published, what=f"{rec.where}: published date"),
            title=rec.title,
            doc_id=rec.id,
            source=rec.source,
            url=rec.url,
            title_first_line=args.title_first_line,
        )
        if args.format == "json":
            data = {"doc": analysis.document.id, "quotes": [quote_dict(analysis, q) for q in analysis.quotes]}
            out.write(json.dumps(data, ensure_ascii=False, indent=None if len(records) > 1 else 2) + "\n")
        elif writer:
            for q in analysis.quotes:
                row = quote_dict(analysis, q)
                writer.writerow({k: _cell(row.get(k)) for k in CSV_FIELDS} | {"doc": analysis.document.id})
        else:
            if n:
                out.write("\n")
            out.write(format_table(analysis))
    return 0


def _store_mode(args: argparse.Namespace) -> int:
    """Quotations from the store (`marsad quotes --speaker X [--db URL]`), via Store.quotes."""
    from marsad.cli._storecli import emit, open_store

    with open_store(args) as store:
        res = store.quotes(speaker=args.speaker, contains=args.contains, since=args.since, until=args.until,
                           limit=args.limit, offset=args.offset, distinct=args.distinct)
    if args.speaker and res["speaker"] is None and not res["items"]:
        raise InputError(f"no entity or speaker matches {args.speaker!r}; try `marsad entity {args.speaker}`")
    who = res["speaker"]["name"] if res["speaker"] else None
    emit(res, res["items"], ("published", "speaker_name", "speaker_text", "kind", "text", "article_id"), args.format,
         title=f"{res['total']} {'distinct statements' if args.distinct else 'quotations'}" + (f" by {who}" if who else ""))
    return 0


def _cell(v: Any) -> Any:
    if isinstance(v, dict):
        return v.get("text")
    return v


def speaker_name(analysis: Analysis, q: Quote) -> str | None:
    ent = analysis.entity(q.speaker)
    return ent.name if ent else None


def quote_dict(analysis: Analysis, q: Quote) -> dict[str, Any]:
    from marsad.model import to_plain

    d = to_plain(q)
    d["speaker_name"] = speaker_name(analysis, q)
    return d


def _short(text: str, width: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(analysis: Analysis) -> str:
    """A readable listing: one block per quotation, then who said how much."""
    doc = analysis.document
    from marsad.quotes.links import count_statements

    n_statements = count_statements(analysis.quotes)
    lines = [f"{doc.title or doc.id}: {len(analysis.quotes)} quotation(s), {n_statements} distinct statement(s)"]
    if not analysis.quotes:
        return lines[0] + "\n"
    counts: dict[str, int] = {}
    for q in analysis.quotes:
        who = speaker_name(analysis, q) or q.speaker_text or "(unknown speaker)"
        written_as = q.speaker and q.speaker_text and q.speaker_text != who
        who_shown = f"{who} — as «{q.speaker_text}»" if written_as else who
        counts[who] = counts.get(who, 0) + 1
        ident = f" [{q.speaker}]" if q.speaker else ""
        lines.append("")
        link = f"  [inside {q.within}]" if q.within else f"  [repeats {q.repeats}]" if q.repeats else ""
        lines.append(f"{q.id:>4}  {q.kind:<8}  {who_shown}{ident}  ({q.attribution}){link}")
        extra = []
        if q.cue:
            extra.append(f"cue: {q.cue.text}")
        if q.reported_via:
            extra.append(f"via: {_short(q.reported_via.text, 80)}")
        if extra:
            lines.append("      " + "   ".join(extra))
        lines.append(f"      «{_short(q.text)}»")
    lines.append("")
    lines.append("speakers: " + "; ".join(f"{k} ×{v}" for k, v in sorted(counts.items(), key=lambda kv: -kv[1])))
    return "\n".join(lines) + "\n"
