"""`marsad ingest`: analyse articles from files, folders, feeds and archives into the store, or store analyses
made elsewhere (`marsad batch` output) with --analyses."""

from __future__ import annotations

import argparse
import json
import sys

from marsad.cli import command, ner_model_option
from marsad.cli._storecli import add_db, open_store


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "ingest",
        help="analyse articles (files, folders, JSON lines, HTML, RSS/Atom, WARC) into the store, or store the "
        "analyses of `marsad batch` (--analyses)",
        description=(
            "Read articles, analyse them in parallel and store them (SQLite by default, or PostgreSQL).\n"
            "Inputs: .txt (with NAME.meta.json beside it), .json, .jsonl (fields text, title, published,\n"
            "url, source, id, author), .html (trafilatura), .rss/.atom/.xml feeds, .warc/.warc.gz, folders.\n"
            "Running it again skips what the store already holds (same URL, or same text without URL), so an\n"
            "interrupted run resumes where it stopped. Bad items are reported in the summary and skipped, and\n"
            "so is an article whose analysis runs past the time limit (--timeout, 60 s by default).\n"
            "\n"
            "With --analyses the PATHs hold analyses, not articles: the output folder of `marsad batch` (its\n"
            "part-*.jsonl files), .jsonl files of analyses (`marsad analyze --compact`), .json analyses. They are\n"
            "stored as they are, without running the NLP, with the same de-duplication, story linking, resuming\n"
            "and summary; a line that is not a marsad.analysis/1 record is reported with its file and line."
        ),
        examples=(
            "  marsad ingest articles.jsonl                       # into ./marsad.db\n"
            "  marsad ingest news/ feeds/*.rss crawl.warc.gz --db corpus.db\n"
            "  marsad ingest articles.jsonl --db postgresql://marsad@localhost/marsad --jobs 8\n"
            "  marsad ingest articles.jsonl --disable events --format json > summary.json\n"
            "  marsad ingest crawl.warc.gz --timeout 20           # stop and report any article taking over 20 s\n"
            "  marsad ingest articles.jsonl --ner-model stacked   # a more accurate NER model\n"
            "  marsad batch corpus/ --out analyses/ --engine dask --scheduler tcp://10.0.0.5:8786\n"
            "  marsad ingest --analyses analyses/ --db corpus.db  # store what the cluster analysed, no NLP here\n"
            "  marsad analyze articles.jsonl --compact | marsad ingest --analyses -\n"
        ),
    )
    p.add_argument("paths", nargs="+", metavar="PATH", help="files or folders to ingest (- reads JSON lines from stdin)")
    p.add_argument("--analyses", action="store_true",
                   help="the PATHs hold analyses (a `marsad batch` output folder, .jsonl/.json files of analyses): "
                   "store them without running the NLP")
    add_db(p)
    p.add_argument("--jobs", "-j", type=int, default=None, help="worker processes for the NLP (default: all cores)")
    p.add_argument("--disable", action="append", default=[], metavar="STAGE", help="skip an NLP stage (repeatable)")
    p.add_argument("--stages", metavar="A,B,...", help="run only these stages (comma-separated, in order)")
    ner_model_option(p)
    p.add_argument("--commit-every", type=int, default=32, metavar="N",
                   help="articles written per transaction (default 32); a crash loses at most the uncommitted ones, "
                   "which the next run redoes")
    p.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                   help="time limit for the analysis of one article (default 60); an article that runs longer is "
                   "stopped and reported as rejected, and the batch goes on; 0 = no limit")
    p.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--format", choices=("table", "json"), default="table", help="summary format: table or json")
    p.add_argument("--show-rejected", type=int, default=20, metavar="N",
                   help="list at most N rejected items in the table summary (default 20; all in --format json)")
    p.set_defaults(func=run_ingest)


def _seconds(value: str) -> float:
    """A --timeout value: seconds >= 0 (0: no limit)."""
    try:
        seconds = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of seconds, e.g. 60 or 0.5, not {value!r}") from None
    if not seconds >= 0:  # also rejects nan
        raise argparse.ArgumentTypeError(f"expected seconds >= 0 (0: no limit), not {value!r}")
    return seconds


def run_ingest(args: argparse.Namespace) -> int:
    from marsad.errors import InputError
    from marsad.ingest import ingest, ingest_analyses
    from marsad.ner import check_ner_model

    if args.analyses:
        nlp_options = [name for name, given in (("--jobs", args.jobs is not None), ("--disable", args.disable),
                                                ("--stages", args.stages), ("--timeout", args.timeout is not None),
                                                ("--ner-model", args.ner_model is not None))
                       if given]
        if nlp_options:
            raise InputError(f"{', '.join(nlp_options)}: no NLP runs with --analyses (the analyses are stored as "
                             "they are); leave these options out")
    ner_model = check_ner_model(args.ner_model)  # before the store is opened (or created)
    store = open_store(args, must_exist=False)
    try:
        progress = not args.no_progress and sys.stderr.isatty()
        if args.analyses:
            summary = ingest_analyses(args.paths, store, progress=progress, commit_every=max(1, args.commit_every))
        else:
            stages = [s.strip() for s in args.stages.split(",") if s.strip()] if args.stages else None
            limit = {} if args.timeout is None else {"timeout": args.timeout}  # None: the library's default
            summary = ingest(
                args.paths, store, jobs=args.jobs, stages=stages, disable=args.disable, ner_model=ner_model,
                progress=progress, commit_every=max(1, args.commit_every), **limit,
            )
        stats = store.stats()
    finally:
        store.close()
    data = summary.to_dict()
    data["store"] = stats
    if args.format == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return 0
    out = sys.stdout
    what, how = ("analyses", " (no NLP run)") if args.analyses else ("items", f" with {data['jobs']} worker(s)" + (
        f" and NER model {data['ner_model']}" if data["ner_model"] else ""))
    out.write(
        f"read {data['read']} {what} in {data['seconds']:.1f} s{how}: "
        f"{data['ingested']} ingested ({data['articles_per_second']:.1f} articles/s), "
        f"{data['duplicates']} duplicates skipped, {data['near_duplicates']} near-duplicates linked to a story, "
        f"{data['rejected']} rejected\n"
    )
    if data["stage_errors"]:
        out.write(f"{data['stage_errors']} articles stored with a failed NLP stage (see the article's errors)\n")
    if data["rejected"]:
        out.write("rejected by reason: " + ", ".join(f"{k}: {v}" for k, v in data["rejected_by_reason"].items()) + "\n")
        for r in data["rejections"][: args.show_rejected]:
            out.write(f"  {r['where']}: {r['reason']}\n")
        if data["rejected"] > args.show_rejected:
            out.write(f"  … and {data['rejected'] - args.show_rejected} more (--format json lists them all)\n")
    for w in data["warnings"][:10]:
        out.write(f"warning: {w}\n")
    out.write(
        "store: " + ", ".join(f"{stats[k]} {k}" for k in ("articles", "stories", "entities", "quotes", "events")) + "\n"
    )
    return 0
