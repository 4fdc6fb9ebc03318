"""Batch throughput: `marsad batch` on the local and the Dask engine (and one process as the baseline).

    .venv/bin/python benchmarks/batch.py --limit 200 --workers 2     # SaudiNewsNet sample, first 200 articles
    .venv/bin/python benchmarks/batch.py my.jsonl --partition-size 100 --stages text,ner
    .venv/bin/python benchmarks/batch.py --engines dask --scheduler tcp://10.0.0.5:8786   # a real cluster

For each engine: articles analysed, partitions, wall-clock seconds (with the engine's start-up: process pool,
LocalCluster, connection) and articles/s, with and without the start-up. Then whether every engine wrote
the same part files. Prints figures; asserts nothing. Uses the full default pipeline unless --stages is given.
"""

from __future__ import annotations

import argparse
import filecmp
import shutil
import sys
import tempfile
from pathlib import Path

from corpus import DEFAULT, head


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT, help="input (JSON lines)")
    ap.add_argument("--limit", type=int, help="only the first N lines of the input")
    ap.add_argument("--workers", type=int, default=2, help="worker processes per engine (default 2)")
    ap.add_argument("--partition-size", type=int, default=50, metavar="N", help="articles per partition (default 50)")
    ap.add_argument("--stages", help="comma-separated stages (default: every registered stage)")
    ap.add_argument("--engines", default="serial,local,dask",
                    help="comma-separated: serial (local engine, 1 process: the baseline), local, dask")
    ap.add_argument("--scheduler", help="run the dask engine on this cluster instead of a LocalCluster")
    args = ap.parse_args()
    if not args.path.exists():
        print(f"{args.path}: not found", file=sys.stderr)
        return 2

    from marsad.batch import run_batch

    tmp = Path(tempfile.mkdtemp(prefix="marsad-batch-bench-"))
    try:
        data = head(args.path, args.limit, tmp / "input.jsonl")
        stages = args.stages.split(",") if args.stages else None
        outs: dict[str, Path] = {}
        print(f"input: {args.path} ({args.limit or 'all'} lines), partitions of {args.partition_size}, "
              f"stages: {args.stages or 'default'}")
        print(f"{'engine':<8} {'workers':>7} {'articles':>8} {'parts':>5} {'seconds':>8} {'start-up':>8} "
              f"{'art/s':>7} {'art/s after start-up':>20}")
        for name in args.engines.split(","):
            engine = "local" if name == "serial" else name
            workers = 1 if name == "serial" else args.workers
            out = outs[name] = tmp / name
            s = run_batch([str(data)], out, engine=engine, workers=workers, partition_size=args.partition_size,
                          stages=stages, scheduler=args.scheduler if engine == "dask" else None)
            work = s.seconds - s.startup_seconds
            print(f"{name:<8} {s.workers:>7} {s.analysed:>8} {s.partitions:>5} {s.seconds:>8.2f} "
                  f"{s.startup_seconds:>8.2f} {s.rate:>7.1f} {s.analysed_this_run / work if work else 0:>20.1f}")
        names = list(outs)
        first = outs[names[0]]
        files = sorted(p.name for p in first.glob("part-*.jsonl"))
        same = all(filecmp.cmpfiles(first, outs[n], files, shallow=False)[0] == files for n in names[1:])
        print(f"same part files from every engine: {'yes' if same else 'NO'}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
