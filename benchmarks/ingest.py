"""Ingest throughput: the whole corpus into a fresh store, a second run (adds nothing), and the share of
the time spent outside the NLP pipeline (reading, de-duplication, MinHash, writing, indexing).

    .venv/bin/python benchmarks/ingest.py                           # SaudiNewsNet sample (6,340 articles)
    .venv/bin/python benchmarks/ingest.py --jobs 2 --serial 300     # serial share measured on 300 articles
    .venv/bin/python benchmarks/ingest.py my.jsonl --db postgresql://me@localhost/bench
    .venv/bin/python benchmarks/ingest.py --stages text             # the text layer alone

Three measurements:
1. serial (one process, ``--serial N`` articles, fresh store): time inside the pipeline vs. the whole run,
   in wall-clock and CPU seconds: the share outside the NLP is ``1 - pipeline / total``;
2. the full input with ``--jobs`` workers into a fresh store: counts and articles/s;
3. the same input again into that store: nothing may be added.
Prints figures; asserts nothing. Uses the full default pipeline as registered unless --stages is given.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from corpus import DEFAULT, head


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT, help="input (JSON lines, folder, ...)")
    ap.add_argument("--db", help="store URL for the full run (default: a fresh SQLite file in a temp folder)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="workers for the full run")
    ap.add_argument("--serial", type=int, default=300, metavar="N", help="articles for the serial measurement (0: skip)")
    ap.add_argument("--stages", help="comma-separated stages (default: every registered stage)")
    ap.add_argument("--limit", type=int, help="only the first N lines of the input for the full run")
    ap.add_argument("--skip-full", action="store_true", help="only the serial measurement")
    ap.add_argument("--keep", action="store_true", help="keep the temporary stores (their folder is printed)")
    args = ap.parse_args()
    if not args.path.exists():
        print(f"{args.path}: not found", file=sys.stderr)
        return 2

    tmp = Path(tempfile.mkdtemp(prefix="marsad-bench-"))
    try:
        return run(args, tmp)
    finally:
        if args.keep:
            print(f"stores kept in {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)


def run(args: argparse.Namespace, tmp: Path) -> int:
    from marsad.ingest import ingest
    from marsad.pipeline import Pipeline
    from marsad.store import Store

    stages = args.stages.split(",") if args.stages else None
    t0 = time.perf_counter()
    nlp = Pipeline(stages)
    print(f"pipeline: {', '.join(nlp.names)} (built in {time.perf_counter() - t0:.1f} s)")
    # warm the lazily loaded resources so neither measurement pays for them
    nlp("قال وزير الخارجية إن المحادثات مع الوفد الزائر كانت مثمرة يوم الأحد.", published="2025-10-26")
    from marsad.store import dedup

    dedup.warm()

    if args.serial and args.path.is_file():
        sample = head(args.path, args.serial, tmp / "sample.jsonl")
        with Store.open(str(tmp / "serial.db")) as store:
            c0 = time.process_time()
            s = ingest([str(sample)], store, jobs=1, pipeline=nlp)
            cpu = time.process_time() - c0
        outside = 1 - s.nlp_seconds / s.seconds if s.seconds else 0.0
        outside_cpu = 1 - s.nlp_cpu_seconds / cpu if cpu else 0.0
        print(
            f"serial, {s.ingested} articles, 1 process: {s.seconds:.1f} s wall ({s.rate:.1f} articles/s), "
            f"{s.nlp_seconds:.1f} s inside the NLP pipeline, {s.store_seconds:.1f} s writing the store\n"
            f"  CPU: {cpu:.1f} s in all, {s.nlp_cpu_seconds:.1f} s inside the NLP pipeline\n"
            f"  share of the time outside the NLP pipeline: {outside_cpu:.1%} of CPU time "
            f"({outside:.1%} of wall-clock time, which other load on the machine inflates)"
        )

    if args.skip_full:
        return 0
    src = head(args.path, args.limit, tmp / "limited.jsonl") if args.limit and args.path.is_file() else args.path
    db = args.db or str(tmp / "full.db")
    with Store.open(db) as store:
        self0, kids0 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        first = ingest([str(src)], store, jobs=args.jobs, pipeline=nlp, progress=sys.stderr.isatty())
        self1, kids1 = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        stats1 = store.stats()
        second = ingest([str(src)], store, jobs=args.jobs, pipeline=nlp)
        stats2 = store.stats()
        latencies = query_latencies(store)
    d = first.to_dict()
    print(
        f"full run, {args.jobs} worker(s): read {d['read']}, ingested {d['ingested']}, duplicates {d['duplicates']}, "
        f"near-duplicates {d['near_duplicates']}, rejected {d['rejected']} {d['rejected_by_reason']}, "
        f"stage errors {d['stage_errors']}\n"
        f"  {d['seconds']:.1f} s wall: {d['articles_per_second']:.1f} articles/s; "
        f"NLP {d['nlp_seconds']:.1f} s summed over workers; store writes {d['store_seconds']:.1f} s (main process)"
    )
    main_cpu = (self1.ru_utime + self1.ru_stime) - (self0.ru_utime + self0.ru_stime)
    kids_cpu = (kids1.ru_utime + kids1.ru_stime) - (kids0.ru_utime + kids0.ru_stime)
    all_cpu = main_cpu + kids_cpu
    print(
        f"  CPU: {all_cpu:.1f} s in all ({main_cpu:.1f} s main process: reading, de-duplication, writing; "
        f"{kids_cpu:.1f} s workers), {d['nlp_cpu_seconds']:.1f} s inside the NLP pipeline\n"
        f"  share of the CPU time outside the NLP pipeline: {1 - d['nlp_cpu_seconds'] / all_cpu if all_cpu else 0:.1%}"
    )
    print("  store: " + ", ".join(f"{k} {v}" for k, v in stats1.items()))
    if "://" not in db and os.path.exists(db):
        print(f"  store file: {os.path.getsize(db) / 1e6:.1f} MB (+ WAL {os.path.getsize(db + '-wal') / 1e6:.1f} MB)"
              if os.path.exists(db + "-wal") else f"  store file: {os.path.getsize(db) / 1e6:.1f} MB")
    print(
        f"second run: ingested {second.ingested}, duplicates {second.duplicates}, rejected {len(second.rejected)}, "
        f"{second.seconds:.1f} s; store unchanged: {stats1 == stats2}"
    )
    print("query latency on the full store (median of 5): " + "; ".join(f"{k} {v * 1000:.0f} ms" for k, v in latencies))
    return 0


def query_latencies(store: object) -> list[tuple[str, float]]:
    """Median wall time of a few typical queries on the store just built."""
    import statistics

    top = store.entities(limit=1)["items"]  # type: ignore[attr-defined]
    countries = store.entities(type="COUNTRY", limit=2)["items"]  # type: ignore[attr-defined]
    queries: list[tuple[str, object]] = [
        ("search السعودية", lambda: store.search("السعودية")),  # type: ignore[attr-defined]
        ('search "مجلس الأمن" ايران', lambda: store.search('"مجلس الأمن" ايران')),  # type: ignore[attr-defined]
        ("events of a type", lambda: store.events(type="CONSULT")),  # type: ignore[attr-defined]
    ]
    if top:
        queries.append((f"entity {top[0]['id']}", lambda: store.entity(top[0]["id"])))  # type: ignore[attr-defined]
    if len(countries) == 2:
        a, b = countries[0]["id"], countries[1]["id"]
        queries.append((f"relations {a} {b}", lambda: store.relations(a, b)))  # type: ignore[attr-defined]
    out = []
    for name, fn in queries:
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            fn()  # type: ignore[operator]
            times.append(time.perf_counter() - t0)
        out.append((name, statistics.median(times)))
    return out


if __name__ == "__main__":
    sys.exit(main())
