"""What the UniversalPetrarch import adds and breaks: the event gold sets scored with and without it.

    .venv/bin/python benchmarks/events_import.py            # GSR dev, ANT salient gold, sentence gold
    .venv/bin/python benchmarks/events_import.py --skip-gsr

Loads the packaged lexicon twice (hand-written triggers alone; with ``triggers_upetrarch.tsv`` under
them), codes every gold set with each and prints the figures side by side. GSR figures are for every
coded event (threshold 0) and at the occurrence model's threshold. Asserts nothing.
"""

from __future__ import annotations

import argparse
import functools
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"


def run(imported: bool, skip_gsr: bool) -> dict[str, str]:
    from marsad.events import coder, gsr, lexicon, salient
    from marsad.events.evaluate import evaluate
    from marsad.events.occurrence import THRESHOLD

    lexicon.default_lexicon = functools.cache(lambda: lexicon.load_lexicon(imported=imported))
    coder.default_lexicon = lexicon.default_lexicon
    lex = lexicon.default_lexicon()
    out = {"trigger entries": str(len(lex.entries)), "trigger forms": str(len(lex.forms))}
    if not skip_gsr and (SHARED / "arabic_event_gsr_dev").is_dir():
        analyse = gsr.memo_analyse()
        for th in (0.0, THRESHOLD):
            for s in gsr.evaluate(SHARED / "arabic_event_gsr_dev", threshold=th, analyse=analyse):
                out[f"GSR {s.type} >= {th:.2f}: P/R/F1 (TP FP)"] = (
                    f"{100 * s.precision:.1f}/{100 * s.recall:.1f}/{100 * s.f1:.1f} ({s.tp} {s.fp})"
                )
    for name in ("ant.jsonl", "ant-heldout.jsonl"):
        path = ROOT / "gold" / "events" / name
        if path.exists() and (SHARED / "ant_news").is_dir():
            d = salient.evaluate(path).as_dict()
            out[f"ANT {name}: recall/type/actor (predicted)"] = (
                f"{100 * d['recall']:.1f}/{100 * d['type_accuracy_matched']:.1f}/{100 * d['actor_accuracy']:.1f} "
                f"({d['predicted_events']})"
            )
    articles = SHARED / "saudinewsnet_sample" / "articles.jsonl"
    for ids in ("own-", "snn-"):
        if ids == "snn-" and not articles.exists():
            continue
        d = evaluate(ROOT / "gold" / "events" / "events.jsonl", articles=articles, ids=ids).as_dict()
        out[f"sentences {ids}: typed F1 / predicted"] = f"{100 * d['typed_detection']['f1']:.1f} / {d['predicted_events']}"
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--skip-gsr", action="store_true", help="leave the GSR out (its two runs take the longest)")
    ap.add_argument("--imported", choices=("0", "1"), help=argparse.SUPPRESS)  # one side, in a child process
    args = ap.parse_args()
    if args.imported is not None:
        for k, v in run(args.imported == "1", args.skip_gsr).items():
            print(f"{k}\t{v}")
        return 0
    import subprocess

    sides = []
    for flag in ("0", "1"):  # each side in its own process: the lexicon is cached per process
        cmd = [sys.executable, __file__, "--imported", flag] + (["--skip-gsr"] if args.skip_gsr else [])
        res = subprocess.run(cmd, capture_output=True, text=True, check=True)
        sides.append(dict(line.split("\t", 1) for line in res.stdout.splitlines() if "\t" in line))
    width = max(len(k) for k in sides[0])
    print(f"{'':{width}}  {'hand-written':>24}  {'+ UniversalPetrarch':>24}")
    for k in sides[0]:
        print(f"{k:{width}}  {sides[0][k]:>24}  {sides[1].get(k, '-'):>24}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
