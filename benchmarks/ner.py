"""NER speed and memory: model load time, tokens/s end to end from raw text (text + ner stages),
tokens/s of the tagger on a CoNLL file, peak RSS. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/ner.py                    # SaudiNewsNet sample + ANERcorp dev in ../shared
    .venv/bin/python benchmarks/ner.py --limit 500
    .venv/bin/python benchmarks/ner.py my.jsonl --conll my.conll
    .venv/bin/python benchmarks/ner.py --limit 500 --repeat 5   # five fresh processes: each run, median, best

Runs on one core (this process). Cold start: run it as a fresh process (the load figure includes
importing the stage, opening the CRF model and reading the gazetteer and lexicons). On a machine
whose speed drifts (a shared virtual machine), one run says little: ``--repeat N`` runs the
benchmark N times, each in a fresh process with cold caches, and prints every run with the median
and the range.

"""

from __future__ import annotations

import os

# one core: BLAS threads would only wait on each other over the neural tagger's small matrices
for _v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_v, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = ROOT.parent / "shared" / "data" / "saudinewsnet_sample" / "articles.jsonl"
CONLL = ROOT.parent / "shared" / "data" / "anercorp" / "dev.txt"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=ARTICLES, help="JSON lines with a 'text' field")
    ap.add_argument("--limit", type=int, default=2000, help="at most this many articles (default: %(default)s)")
    ap.add_argument("--conll", type=Path, default=CONLL, help="CoNLL file for the tagger-only figure")
    ap.add_argument("--model", default=None, help="NER model: crf, stacked, neural, ensemble or a model file (.crfsuite, .npz; default: crf)")
    ap.add_argument("--repeat", type=int, default=1, help="run N times, each in a fresh process, and summarise")
    ap.add_argument("--json", action="store_true", help="print the figures as one JSON object (used by --repeat)")
    args = ap.parse_args()
    if args.repeat > 1:
        return repeat(args)
    if not args.path.exists():
        print(f"{args.path}: not found (give a JSONL file of articles)", file=sys.stderr)
        return 2
    texts = []
    with args.path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                t = json.loads(line).get("text", "")
                if t.strip():
                    texts.append(t)
            if len(texts) >= args.limit:
                break
    rss0 = rss_mb()

    t0 = time.perf_counter()
    c0 = time.process_time()
    from marsad.pipeline import Pipeline

    nlp = Pipeline(["text", "ner"], options={"ner": {"model": args.model}} if args.model else None)
    nlp("قال وزير الخارجية الأمريكي ماركو روبيو في إسلام آباد.")  # touches every lazy resource
    load_s = time.perf_counter() - t0
    load_cpu = time.process_time() - c0
    rss_loaded = rss_mb()

    # CPU time of this process (time.process_time): the figure for one core, and robust to other
    # processes sharing the machine; wall-clock time is printed beside it.
    text_stage, ner_stage = nlp.stages
    ntok = 0
    t_text = t_ner = 0.0
    nment = 0
    w_all = time.perf_counter()
    t_all = time.process_time()
    for text in texts:
        a = nlp.make_analysis(text)
        s = time.process_time()
        text_stage(a)
        m = time.process_time()
        ner_stage(a)
        e = time.process_time()
        t_text += m - s
        t_ner += e - m
        ntok += len(a.tokens)
        nment += len(a.mentions)
    total = time.process_time() - t_all
    wall = time.perf_counter() - w_all
    mb = sum(len(t.encode("utf-8")) for t in texts) / 1e6

    if args.json:
        print(json.dumps({"tokens_per_s": ntok / total, "load_s": load_s, "peak_rss_mb": rss_mb(), "tokens": ntok}))
        return 0
    print(f"articles: {args.path} ({len(texts)} articles, {mb:.1f} MB, {ntok:,} tokens, {nment:,} mentions)")
    print(f"model: {args.model or 'packaged'}")
    print(f"load (import + model + lexicons + first call): {load_s:.2f} s wall, {load_cpu:.2f} s CPU")
    print(
        f"end to end from raw text (text + ner), per CPU second: {ntok / total:,.0f} tokens/s   "
        f"{len(texts) / total:.1f} articles/s   (wall clock: {ntok / wall:,.0f} tokens/s)"
    )
    print(f"  text stage: {ntok / t_text:,.0f} tokens/s   ner stage: {ntok / t_ner:,.0f} tokens/s")
    print(f"peak RSS: {rss_mb():.0f} MB (before the pipeline {rss0:.0f} MB, after loading {rss_loaded:.0f} MB)")

    if args.conll.exists():
        from marsad.ner import load_tagger, tag
        from marsad.ner.train import read_conll

        sents = read_conll(args.conll, tags=False)
        n = sum(len(s.tokens) for s in sents)
        tg = load_tagger(args.model)
        s = time.process_time()
        tag([x.tokens for x in sents], tagger=tg)
        dt = time.process_time() - s
        print(
            f"CoNLL tagger ({args.conll.name}, {n:,} tokens, with propagation): {n / dt:,.0f} tokens/s per CPU second"
        )
    return 0


def repeat(args: argparse.Namespace) -> int:
    """Run the end-to-end benchmark ``args.repeat`` times, each in a fresh process; print each run, then
    the median and range of tokens/s and the worst load time and peak RSS."""
    import statistics
    import subprocess

    cmd = [sys.executable, __file__, str(args.path), "--limit", str(args.limit), "--json"]
    if args.model:
        cmd += ["--model", args.model]
    runs = []
    for i in range(args.repeat):
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        r = json.loads(out.strip().splitlines()[-1])
        runs.append(r)
        print(f"run {i + 1}: {r['tokens_per_s']:,.0f} tokens/s   load {r['load_s']:.2f} s   peak RSS {r['peak_rss_mb']:.0f} MB", flush=True)
    speeds = [r["tokens_per_s"] for r in runs]
    print(
        f"{args.repeat} runs, {runs[0]['tokens']:,} tokens each, model {args.model or 'packaged'}: median "
        f"{statistics.median(speeds):,.0f} tokens/s (range {min(speeds):,.0f}-{max(speeds):,.0f}); load at most "
        f"{max(r['load_s'] for r in runs):.2f} s; peak RSS at most {max(r['peak_rss_mb'] for r in runs):.0f} MB"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
