"""How much of the pipeline's time event coding takes (the target: the events stage at most 15%).

    .venv/bin/python benchmarks/events.py                 # 300 SaudiNewsNet articles + the canonical one
    .venv/bin/python benchmarks/events.py --limit 1000

Runs the registered stages below ``events`` over each article, timing them, then the ``events`` and
``contexts`` stages, each timed on its own; prints the totals, the events stage's share of the whole
pipeline's time (events + contexts beside it), and events/article.
Stages that are not registered yet are simply absent from the base (the figure is then pessimistic:
the base is smaller than the full pipeline's). CPU time (process_time) is the figure to quote on a shared machine; wall time is printed
too. Runs on one core; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from corpus import DEFAULT, load

ROOT = Path(__file__).resolve().parents[1]
CANONICAL = ROOT.parent / "shared" / "examples" / "rubio-pakistan.ar.txt"



def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT, help="JSON lines with a 'text' field")
    ap.add_argument("--limit", type=int, default=300, help="articles (default 300)")
    args = ap.parse_args()
    if not args.path.exists():
        print(f"{args.path}: not found (give a JSONL file of articles)", file=sys.stderr)
        return 2

    from marsad.events import EventStage
    from marsad.events.contexts import ContextStage
    from marsad.pipeline import Pipeline, available_stages

    records = load(args.path, args.limit)
    if CANONICAL.exists():
        records.insert(0, {"text": CANONICAL.read_text("utf-8"), "published": "2025-10-26"})
    base_names = [n for n in available_stages() if n not in ("events", "contexts")]
    base = Pipeline(base_names)
    events, contexts = EventStage(), ContextStage()
    warm = base(records[0]["text"], published=records[0].get("published"))
    contexts(events(warm))  # load lexicons before timing

    t_base = t_events = c_base = c_events = c_contexts = 0.0
    n_events = 0
    for rec in records:
        t0, c0 = time.perf_counter(), time.process_time()
        a = base.make_analysis(rec["text"], published=(rec.get("published") or "")[:10] or None)
        # run stage by stage so the working state (normalised text) survives for the event stage
        for stage in base.stages:
            stage(a)
        t1, c1 = time.perf_counter(), time.process_time()
        events(a)
        c15 = time.process_time()
        contexts(a)
        t2, c2 = time.perf_counter(), time.process_time()
        t_base += t1 - t0
        t_events += t2 - t1
        c_base += c1 - c0
        c_events += c15 - c1
        c_contexts += c2 - c15
        n_events += len(a.events)
    n = len(records)
    total = c_base + c_events + c_contexts
    print(f"articles: {n}   base stages: {', '.join(base_names)}")
    print(f"base pipeline: {t_base:.2f} s wall, {c_base:.2f} s CPU ({1000 * c_base / n:.1f} ms CPU/article)")
    print(f"events: {c_events:.2f} s CPU ({1000 * c_events / n:.1f} ms/article); contexts: {c_contexts:.2f} s CPU "
          f"({1000 * c_contexts / n:.1f} ms/article); both {t_events:.2f} s wall")
    print(f"the events stage takes {100 * c_events / total:.1f}% of the pipeline's CPU time (target <= 15%); "
          f"events + contexts {100 * (c_events + c_contexts) / total:.1f}%")
    print(f"events: {n_events} ({n_events / len(records):.2f} per article)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
