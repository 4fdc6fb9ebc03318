"""`marsad batch`: analyse a corpus in partitions, locally or on a Dask cluster, into JSON-lines part files."""

from __future__ import annotations

import argparse
import json
import sys

from marsad.cli import command, ner_model_option
from marsad.cli.ingest import _seconds


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "batch",
        help="analyse a large corpus in partitions, on local processes or a Dask cluster, into JSON-lines files",
        description=(
            "Read articles (the inputs of `marsad ingest`: .txt, .json, .jsonl, .html, feeds, .warc, folders), cut\n"
            "them into partitions of --partition-size articles in input order, analyse each partition on a\n"
            "worker and write OUT/part-00000.jsonl, part-00001.jsonl, ... (one analysis per line, the JSON of\n"
            "`marsad analyze --compact`), OUT/rejected.jsonl (each item not analysed: where, reason) and\n"
            "OUT/_SUMMARY.json (counts, seconds, engine, workers).\n"
            "\n"
            "Engines: local (default): --workers processes on this machine. dask: a Dask cluster; with\n"
            "--scheduler the cluster already running at that address, without it one started on this machine\n"
            "for the run (--workers single-threaded processes). This process reads the inputs and writes every\n"
            "file; the workers get the articles and send back the analyses, so they need marsad installed (the\n"
            "same version; `pip install 'marsad[dask]'`) but neither the inputs nor a shared filesystem.\n"
            "\n"
            "To scale out over several machines:\n"
            "  dask scheduler                                          # on one machine: prints tcp://HOST:8786\n"
            "  dask worker tcp://HOST:8786 --nworkers auto --nthreads 1  # on each worker machine\n"
            "  marsad batch corpus/ --out analyses/ --engine dask --scheduler tcp://HOST:8786\n"
            "\n"
            "Each part file is written whole or not at all; after a crash, --resume analyses only the\n"
            "partitions whose part file is missing (partitions are deterministic: the same input gives the same\n"
            "partitions). One bad article is a line of rejected.jsonl, never the end of the batch; a partition\n"
            "whose worker dies is retried, then reported in the summary (exit status 1; --resume redoes it).\n"
            "\n"
            "Memory: each worker caches what it computed for each word, up to MARSAD_WORD_CACHE words per cache\n"
            "(default 50000; read when marsad is imported, so set it where the workers start). Lower it where\n"
            "memory is tight: 20000 kept one full pipeline under 260 MB over 2,000 articles, at some speed cost."
        ),
        examples=(
            "  marsad batch articles.jsonl --out analyses/                  # local processes, all cores\n"
            "  marsad batch news/ feeds/*.rss --out analyses/ --workers 8 --partition-size 200\n"
            "  marsad batch articles.jsonl --out analyses/ --resume         # after a crash: only the missing parts\n"
            "  marsad batch articles.jsonl --out analyses/ --engine dask --workers 4   # a Dask cluster on this machine\n"
            "  marsad batch corpus/ --out analyses/ --engine dask --scheduler tcp://10.0.0.5:8786\n"
            "  marsad batch articles.jsonl --out analyses/ --stages text,ner,entities --format json > summary.json\n"
            "  marsad batch articles.jsonl --out analyses/ --ner-model stacked   # a more accurate NER model\n"
            "  MARSAD_WORD_CACHE=20000 marsad batch articles.jsonl --out analyses/ --workers 4   # less memory\n"
        ),
    )
    p.add_argument("paths", nargs="+", metavar="INPUT", help="files or folders to analyse (- reads JSON lines from stdin)")
    p.add_argument("--out", "-o", required=True, metavar="DIR", help="output folder (created if absent)")
    p.add_argument("--engine", choices=("local", "dask"), default=None,
                   help="local processes (default) or dask (the default when --scheduler is given)")
    p.add_argument("--scheduler", metavar="tcp://HOST:PORT",
                   help="address of a running Dask scheduler (`dask scheduler` prints it)")
    p.add_argument("--workers", "-j", type=_positive, default=None, metavar="N",
                   help="worker processes (local engine and a dask cluster started here: default all cores); with "
                   "--scheduler: wait until N workers have joined (default 1)")
    p.add_argument("--partition-size", type=_positive, default=None, metavar="N",
                   help="articles per partition and part file (default 500)")
    p.add_argument("--stages", metavar="A,B,...", help="run only these stages (comma-separated, in order)")
    p.add_argument("--disable", action="append", default=[], metavar="STAGE", help="skip an NLP stage (repeatable)")
    ner_model_option(p)
    p.add_argument("--timeout", type=_seconds, default=None, metavar="SECONDS",
                   help="time limit for the analysis of one article (default 60; 0 = no limit); enforced by the "
                   "local engine (Dask runs tasks in threads, where it cannot be)")
    again = p.add_mutually_exclusive_group()
    again.add_argument("--resume", action="store_true",
                       help="finish an earlier run in DIR: skip the partitions whose part file exists")
    again.add_argument("--overwrite", action="store_true", help="delete an earlier run's output in DIR first")
    bar = p.add_mutually_exclusive_group()
    bar.add_argument("--progress", action="store_true", help="show a progress bar (default: when stderr is a terminal)")
    bar.add_argument("--no-progress", action="store_true", help="no progress bar")
    p.add_argument("--format", choices=("table", "json"), default="table", help="summary format: table or json")
    p.add_argument("--show-rejected", type=int, default=20, metavar="N",
                   help="list at most N rejected items in the table summary (default 20; all in rejected.jsonl)")
    p.set_defaults(func=run_batch_command)


def _positive(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"expected a number >= 1, not {value!r}")
    return n


def run_batch_command(args: argparse.Namespace) -> int:
    from marsad.batch import DEFAULT_PARTITION_SIZE, run_batch

    engine = args.engine or ("dask" if args.scheduler else "local")
    stages = [s.strip() for s in args.stages.split(",") if s.strip()] if args.stages else None
    limit = {} if args.timeout is None else {"timeout": args.timeout}  # None: the library's default
    summary = run_batch(
        args.paths, args.out, engine=engine, scheduler=args.scheduler, workers=args.workers,
        partition_size=args.partition_size or DEFAULT_PARTITION_SIZE, stages=stages, disable=args.disable,
        ner_model=args.ner_model, resume=args.resume, overwrite=args.overwrite,
        progress=args.progress or (not args.no_progress and sys.stderr.isatty()), **limit,
    )
    data = summary.to_dict()
    status = 1 if data["partitions_failed"] else 0
    if args.format == "json":
        sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
        return status
    out = sys.stdout
    where = f" at {data['scheduler']}" if data["scheduler"] else ""
    out.write(
        f"read {data['read']} items: {data['analysed']} analysed into {data['partitions']} partition(s) in "
        f"{data['out']}, {data['rejected']} rejected\n"
        f"this run: {data['partitions_computed']} partition(s), {data['analysed_this_run']} articles in "
        f"{data['seconds']:.1f} s ({data['articles_per_second']:.1f} articles/s) on the {data['engine']} engine{where} "
        f"with {data['workers']} worker(s)"
        + (f", NER model {data['ner_model']}" if data["ner_model"] else "")
        + (f"; {data['partitions_skipped']} partition(s) done by an earlier run" if data["partitions_skipped"] else "")
        + "\n"
    )
    if data["stage_errors"]:
        out.write(f"{data['stage_errors']} articles analysed with a failed NLP stage (see the analysis's errors)\n")
    if data["rejected"]:
        out.write("rejected by reason: " + ", ".join(f"{k}: {v}" for k, v in data["rejected_by_reason"].items()) + "\n")
        for r in summary.rejected[: args.show_rejected]:
            out.write(f"  {r['where']}: {r['reason']}\n")
        if data["rejected"] > args.show_rejected:
            out.write(f"  … and {data['rejected'] - args.show_rejected} more (see {data['out']}/rejected.jsonl)\n")
    for w in data["warnings"][:10]:
        out.write(f"warning: {w}\n")
    if status:
        out.write(f"{data['partitions_failed']} partition(s) failed (listed in _SUMMARY.json); rerun the same command "
                  "with --resume to redo them\n")
    return status
