"""What resolution and linking (the ``entities`` stage) add to the pipeline's time.

    .venv/bin/python benchmarks/entities.py                    # 300 SaudiNewsNet articles from ../shared
    .venv/bin/python benchmarks/entities.py my.jsonl --limit 1000

Runs the default pipeline (the entities stage included, in its place after the NER, as
``marsad analyze`` does) over each article, timing every stage on one core, and prints the entities
stage's time as a share of the rest of the pipeline (the target is at most 20%) with the entity
counts. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from corpus import DEFAULT, load


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT, help="JSON lines with a 'text' field")
    ap.add_argument("--limit", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=5)
    args = ap.parse_args()
    if not args.path.exists():
        print(f"{args.path}: not found (give a JSONL file of articles)", file=sys.stderr)
        return 2

    from marsad.pipeline import DEFAULT_STAGES, STAGE_REGISTRY, Pipeline, register_stage

    if "entities" not in STAGE_REGISTRY:  # before the stage is registered by default
        register_stage("entities", "marsad.entities:EntitiesStage")
    names = [n for n in DEFAULT_STAGES if n in STAGE_REGISTRY]
    nlp = Pipeline(names)
    records = load(args.path, args.limit + args.warmup)
    t0 = time.perf_counter()
    for rec in records[: args.warmup]:
        nlp(rec["text"], published=(rec.get("published") or "")[:10] or None)
    load_s = time.perf_counter() - t0

    spent = dict.fromkeys(nlp.names, 0.0)
    n_ent = n_mentions = n_linked = 0
    chars = 0
    for rec in records[args.warmup :]:
        a = nlp.make_analysis(rec["text"], published=(rec.get("published") or "")[:10] or None)
        for name, stage in zip(nlp.names, nlp.stages, strict=True):
            s = time.perf_counter()
            stage(a)
            spent[name] += time.perf_counter() - s
        a.scratch.clear()
        n_ent += len(a.entities)
        n_mentions += len(a.mentions)
        n_linked += sum(1 for x in a.entities if x.kb_id)
        chars += len(rec["text"])
    t_ent = spent["entities"]
    t_rest = sum(v for k, v in spent.items() if k != "entities")
    n = len(records) - args.warmup
    print(f"articles: {n} ({chars / 1e6:.2f} M characters) from {args.path.name}")
    print(
        "stages: " + ", ".join(f"{k} {1000 * v / max(len(records) - args.warmup, 1):.1f} ms" for k, v in spent.items())
    )
    print(f"first {args.warmup} articles (resource loading included): {load_s:.2f} s")
    print(f"other stages: {t_rest:.2f} s ({1000 * t_rest / max(n, 1):.1f} ms/article)")
    print(f"entities stage: {t_ent:.2f} s ({1000 * t_ent / max(n, 1):.1f} ms/article)")
    print(f"entities / rest of the pipeline: {100 * t_ent / max(t_rest, 1e-9):.1f}% (target: at most 20%)")
    print(f"entities: {n_ent} ({n_linked} linked to the KB), mentions after resolution: {n_mentions}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
