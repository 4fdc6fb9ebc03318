"""What quotation attribution adds to the pipeline's time (the issue's budget: at most 15%).

    .venv/bin/python benchmarks/quotes.py                 # 300 articles of the SaudiNewsNet sample
    .venv/bin/python benchmarks/quotes.py --limit 1000

Runs the default pipeline stage by stage over the articles, timing each stage, and prints the time
of the quotes stage against the rest of the pipeline (every other registered stage) and against the
stages it needs (text, ner, entities). Runs on one core. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

from corpus import DEFAULT, load


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT, help="JSON lines with a 'text' field")
    ap.add_argument("--limit", type=int, default=300, help="at most this many articles (default 300)")
    args = ap.parse_args()
    if not args.path.exists():
        print(f"{args.path}: not found (give a JSONL file of articles)", file=sys.stderr)
        return 2
    from marsad.pipeline import Pipeline
    from marsad.quotes import QuoteStage

    texts = [rec["text"] for rec in load(args.path, args.limit)]
    nlp = Pipeline()
    if "quotes" not in nlp.names:
        nlp.stages.append(QuoteStage())
        nlp.names.append("quotes")
    for t in texts[:3]:  # load lexicons and models
        nlp.run(nlp.make_analysis(t))
    spent: dict[str, float] = defaultdict(float)
    n_quotes = 0
    for t in texts:
        a = nlp.make_analysis(t)
        for name, stage in zip(nlp.names, nlp.stages, strict=True):
            t0 = time.perf_counter()
            stage(a)
            spent[name] += time.perf_counter() - t0
        n_quotes += len(a.quotes)
    n = len(texts)
    quotes_s = spent["quotes"]
    rest = sum(v for k, v in spent.items() if k != "quotes")
    needed = sum(spent[k] for k in ("text", "ner", "entities") if k in spent)
    print(f"articles: {n}   quotations found: {n_quotes}")
    for name in nlp.names:
        print(f"  {name:<12}{spent[name]:8.2f} s  {1000 * spent[name] / n:8.2f} ms/article")
    print(
        f"quotes add {100 * quotes_s / rest:.1f}% to the time of the rest of the pipeline "
        f"({', '.join(k for k in nlp.names if k != 'quotes')}); budget: 15%"
    )
    print(f"quotes add {100 * quotes_s / needed:.1f}% to the time of the stages they need (text, ner, entities)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
