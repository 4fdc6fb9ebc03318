"""`marsad analyze` and `marsad schema`."""

from __future__ import annotations

import argparse
import json
import sys

from marsad.cli import command, ner_model_option
from marsad.documents import read_path
from marsad.errors import InputError
from marsad.ner import check_ner_model
from marsad.pipeline import Pipeline, available_stages, parse_date

FORMATS = ("json", "text", "plover")


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "analyze",
        help="analyse an article: entities, quotes, times, quantities, events",
        description=(
            "Analyse one article (UTF-8 text, a .json record, or a .jsonl file of records with fields\n"
            "text, title, published, url, source, id) and print the analysis."
        ),
        examples=(
            "  marsad analyze article.txt --published 2025-10-26 --title-first-line\n"
            "  marsad analyze article.txt --published 2025-10-26 --format text\n"
            "  marsad analyze article.txt --published 2025-10-26 --format plover   # PLOVER JSON lines\n"
            "  marsad analyze record.json                      # published/title come from the record\n"
            "  cat article.txt | marsad analyze - --id my-article-1\n"
            "  marsad analyze article.txt --disable events --tokens   # include tokens in the JSON\n"
            "  marsad analyze article.txt --kb my-actors.tsv          # add your own actors to the KB\n"
            "  marsad analyze article.txt --ner-model ensemble        # most accurate NER, about 5x slower\n"
        ),
    )
    p.add_argument("path", metavar="PATH", help="file to analyse, or - for standard input")
    p.add_argument("--published", metavar="YYYY-MM-DD", help="publication date: relative dates resolve against it")
    p.add_argument("--title", help="the article's title")
    p.add_argument("--title-first-line", action="store_true", help="the first line of the text is the headline")
    p.add_argument("--id", dest="doc_id", help="document id (default: a hash of the text)")
    p.add_argument("--source", help="the outlet that published the article")
    p.add_argument("--url", help="the article's URL")
    p.add_argument(
        "--format",
        choices=FORMATS,
        default="json",
        help="json (default), a readable text report, or plover (JSON lines, one PLOVER record per event)",
    )
    p.add_argument("--tokens", action="store_true", help="include tokens in the JSON output")
    p.add_argument("--compact", action="store_true", help="one-line JSON")
    p.add_argument(
        "--kb",
        action="append",
        default=[],
        metavar="FILE",
        help="an extra actor knowledge-base file (TSV or JSON lines, see `marsad kb --help`); repeatable",
    )
    ner_model_option(p)
    p.add_argument(
        "--disable",
        action="append",
        default=[],
        metavar="STAGE",
        help=f"skip a stage (repeatable); stages: {', '.join(available_stages())}",
    )
    p.set_defaults(func=run_analyze)

    s = command(
        sub,
        "schema",
        help="print the JSON Schema of the analysis output",
        description="Print the JSON Schema (draft 2020-12) that every `marsad analyze` output validates against.",
        examples="  marsad schema > analysis.schema.json\n",
    )
    s.set_defaults(func=run_schema)


def run_analyze(args: argparse.Namespace) -> int:
    published = parse_date(args.published)  # fail early on a bad date, before reading anything
    ner_model = check_ner_model(args.ner_model)  # and on an unknown model
    records = list(read_path(args.path))
    if len(records) > 1 and args.doc_id:
        raise InputError("--id applies to one article; this input holds several records")
    options: dict[str, dict[str, object]] = {}
    if args.kb:
        options["entities"] = {"kb_paths": tuple(args.kb)}
    if ner_model:
        options["ner"] = {"model": ner_model}
    nlp = Pipeline(disable=args.disable, options=options or None)
    out = sys.stdout
    for rec in records:
        analysis = nlp(
            rec.text,
            published=published or parse_date(rec.published, what=f"{rec.where}: published date"),
            title=args.title or rec.title,
            doc_id=args.doc_id or rec.id,
            source=args.source or rec.source,
            url=args.url or rec.url,
            title_first_line=args.title_first_line,
        )
        if args.format == "plover":
            from marsad.events.plover import plover_records

            for record in plover_records(analysis):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
        elif args.format == "text":
            from marsad.cli.report import print_report

            print_report(analysis)
        else:
            data = analysis.to_json(tokens=args.tokens)
            indent = None if (args.compact or len(records) > 1) else 2
            out.write(json.dumps(data, ensure_ascii=False, indent=indent))
            out.write("\n")
    return 0


def run_schema(args: argparse.Namespace) -> int:
    from marsad.schema import load_schema

    sys.stdout.write(json.dumps(load_schema(), ensure_ascii=False, indent=2) + "\n")
    return 0
