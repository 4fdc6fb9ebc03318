"""Pipeline throughput: articles/s, tokens/s, MB/s, peak RSS, and each stage's share of the time.

    .venv/bin/python benchmarks/throughput.py                      # the SaudiNewsNet sample in ../shared
    .venv/bin/python benchmarks/throughput.py my.jsonl --limit 500
    .venv/bin/python benchmarks/throughput.py --stages text          # the text layer alone

Runs on one core (this process). Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from pathlib import Path

from corpus import DEFAULT, load


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT, help="JSON lines with a 'text' field")
    ap.add_argument("--limit", type=int, default=None, help="at most this many articles")
    ap.add_argument("--stages", default=None, help="comma-separated stages (default: every registered stage)")
    ap.add_argument("--warmup", type=int, default=3, help="articles analysed before timing (loads resources)")
    args = ap.parse_args()
    if not args.path.exists():
        print(f"{args.path}: not found (give a JSONL file of articles)", file=sys.stderr)
        return 2

    from marsad.pipeline import Pipeline

    records = load(args.path, args.limit)
    rss_before = peak_rss_mb()
    t0 = time.perf_counter()
    nlp = Pipeline(args.stages.split(",") if args.stages else None)
    for rec in records[: args.warmup]:
        nlp(rec["text"], published=(rec.get("published") or "")[:10] or None)
    load_s = time.perf_counter() - t0

    per_stage = dict.fromkeys(nlp.names, 0.0)
    n_tokens = 0
    n_bytes = 0
    start = time.perf_counter()
    for rec in records:
        a = nlp.make_analysis(rec["text"], published=(rec.get("published") or "")[:10] or None)
        for name, stage in zip(nlp.names, nlp.stages, strict=True):
            s = time.perf_counter()
            stage(a)
            per_stage[name] += time.perf_counter() - s
        n_tokens += len(a.tokens)
        n_bytes += len(rec["text"].encode("utf-8"))
        a.scratch.clear()
    total = time.perf_counter() - start

    mb = n_bytes / 1e6
    print(f"input: {args.path} ({len(records)} articles, {mb:.1f} MB UTF-8, {n_tokens} tokens)")
    print(f"stages: {', '.join(nlp.names)}")
    print(f"load + warm-up: {load_s:.2f} s   peak RSS: {peak_rss_mb():.0f} MB (before pipeline {rss_before:.0f} MB)")
    print(f"total: {total:.2f} s   {len(records) / total:.1f} articles/s   {n_tokens / total:,.0f} tokens/s   "
          f"{mb / total:.2f} MB/s")
    print(f"{'stage':<12}{'seconds':>10}{'share':>9}{'MB/s':>9}{'tokens/s':>12}")
    for name, sec in per_stage.items():
        share = 100 * sec / total if total else 0.0
        rate = mb / sec if sec else float("inf")
        trate = n_tokens / sec if sec else float("inf")
        print(f"{name:<12}{sec:10.2f}{share:8.1f}%{rate:9.2f}{trate:12,.0f}")
    text_s = per_stage.get("text")
    if text_s:
        others = total - text_s
        print(f"text layer alone: {mb / text_s:.2f} MB/s; stages after it: {others:.2f} s "
              f"({100 * others / text_s:.0f}% of the text layer's time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
