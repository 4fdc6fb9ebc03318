"""What the time and quantities stages cost: their share of the pipeline's time (issue 6: at most 15%).

    .venv/bin/python benchmarks/time_quantities.py                  # SaudiNewsNet sample in ../shared
    .venv/bin/python benchmarks/time_quantities.py --limit 500
    .venv/bin/python benchmarks/time_quantities.py my.jsonl --stages text,ner,time,quantities

Each stage of the default pipeline (or --stages) is timed on every article, after a warm-up that loads
the resources; by default each stage is timed in CPU seconds of this process (time.process_time), which
other jobs on a shared machine disturb far less than the wall clock (--wall for perf_counter). Prints,
for the time and quantities stages, their seconds, their share of the whole
pipeline, and what they add to the other stages ("added" = their time / the time of all the rest),
plus how many time expressions and quantities they found. Runs on one core; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from corpus import DEFAULT, load

MEASURED = ("time", "quantities")



def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT, help="JSON lines with a 'text' field")
    ap.add_argument("--limit", type=int, default=1000, help="at most this many articles (default 1000)")
    ap.add_argument("--stages", default=None, help="comma-separated stages (default: every registered stage)")
    ap.add_argument("--warmup", type=int, default=3, help="articles analysed before timing")
    ap.add_argument("--wall", action="store_true", help="time with the wall clock instead of CPU time")
    args = ap.parse_args()
    if not args.path.exists():
        print(f"{args.path}: not found (give a JSONL file of articles)", file=sys.stderr)
        return 2

    from marsad.pipeline import Pipeline

    records = load(args.path, args.limit)
    nlp = Pipeline(args.stages.split(",") if args.stages else None)
    for rec in records[: args.warmup]:
        nlp(rec["text"], published=(rec.get("published") or "")[:10] or None)

    clock = time.perf_counter if args.wall else time.process_time
    per_stage = dict.fromkeys(nlp.names, 0.0)
    found = dict.fromkeys(MEASURED, 0)
    for rec in records:
        a = nlp.make_analysis(rec["text"], published=(rec.get("published") or "")[:10] or None)
        for name, stage in zip(nlp.names, nlp.stages, strict=True):
            s = clock()
            stage(a)
            per_stage[name] += clock() - s
        found["time"] += len(a.times)
        found["quantities"] += len(a.quantities)
        a.scratch.clear()
    total = sum(per_stage.values())
    measured = {n: per_stage[n] for n in MEASURED if n in per_stage}
    rest = total - sum(measured.values())

    print(f"input: {args.path} ({len(records)} articles)")
    what = "wall-clock" if args.wall else "CPU"
    print(f"stages: {', '.join(nlp.names)}   total {total:.2f} {what} s   ({len(records) / total:.1f} articles/s)")
    print(f"{'stage':<12}{'seconds':>9}{'share':>9}{'added':>9}{'found':>9}{'ms/article':>12}")
    for name, sec in per_stage.items():
        share = 100 * sec / total if total else 0.0
        added = f"{100 * sec / rest:7.1f}%" if name in measured and rest else ""
        count = str(found[name]) if name in found else ""
        print(f"{name:<12}{sec:9.2f}{share:8.1f}%{added:>9}{count:>9}{1000 * sec / len(records):12.2f}")
    if measured and rest:
        both = sum(measured.values())
        print(
            f"{' + '.join(measured)}: {both:.2f} s = {100 * both / total:.1f}% of the pipeline; "
            f"they add {100 * both / rest:.1f}% to the other stages ({rest:.2f} s)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
