"""``marsad ner``, ``marsad train ner`` and ``marsad eval ner``."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from marsad.cli import command, group
from marsad.errors import InputError


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = command(
        sub,
        "ner",
        help="tag a CoNLL-style token file with PERS/LOC/ORG/MISC",
        description=(
            "Tag tokens with named-entity BIO tags (PERS, LOC, ORG, MISC). Input: one token per line in\n"
            "the first column (further columns are ignored), a blank line between sentences. Output:\n"
            "'token TAG' lines in the same order and count, blank lines kept between sentences."
        ),
        examples=(
            "  marsad ner ../shared/data/anercorp/dev.txt > dev.pred\n"
            "  printf 'قال\\nماركو\\nروبيو\\n' | marsad ner -\n"
            "  marsad ner tokens.txt --no-propagation --model my.crfsuite"
        ),
    )
    p.add_argument("file", help="CoNLL-style file, or - for standard input")
    _tagging_options(p)
    p.set_defaults(func=run_ner)

    train = group(sub, "train", help="train marsad's models", description="Train one of marsad's statistical models.")
    t = command(
        train,
        "ner",
        help="train the CRF named-entity tagger (ANERcorp by default)",
        description=(
            "Train a named-entity tagger on a CoNLL file ('token TAG' lines) and print entity-level scores\n"
            "on the dev file (scored only, never used to choose the model). Two kinds: the CRF\n"
            "(python-crfsuite, about four minutes with its second pass) and, with --neural, the BiLSTM-CRF\n"
            "over the same features plus a character CNN (PyTorch for training only; the shipped model\n"
            "runs on NumPy). Train one neural model at a time: two at once on 2 cores crawl.\n"
            "Deterministic: the same data and parameters give the same model."
        ),
        examples=(
            "  marsad train ner\n"
            "  marsad train ner --train ../shared/data/anercorp/train.txt --dev ../shared/data/anercorp/dev.txt \\\n"
            "      --out /tmp/ner.crfsuite\n"
            "  marsad train ner --c1 0.1 --c2 0.01 --out /tmp/try.crfsuite\n"
            "  marsad train ner --neural --out /tmp/ner.npz   # the BiLSTM-CRF (about 7 minutes on 2 cores)\n"
            "  python -m marsad.ner.crossval --c2 0.05   # judge a change on all of train.txt (5 folds, ~3 min)"
        ),
    )
    from marsad.ner.train import DEFAULT_DEV, DEFAULT_PARAMS, DEFAULT_TRAIN

    t.add_argument("--train", type=Path, default=DEFAULT_TRAIN, help="training file (default: %(default)s)")
    t.add_argument(
        "--dev", type=Path, default=DEFAULT_DEV, help="dev file scored after training (default: %(default)s)"
    )
    t.add_argument("--out", type=Path, default=None, help="model file (default: the packaged model)")
    t.add_argument("--c1", type=float, default=DEFAULT_PARAMS["c1"], help="L1 penalty (default: %(default)s)")
    t.add_argument("--c2", type=float, default=DEFAULT_PARAMS["c2"], help="L2 penalty (default: %(default)s)")
    t.add_argument(
        "--max-iterations",
        type=int,
        default=DEFAULT_PARAMS["max_iterations"],
        help="L-BFGS iterations (default: %(default)s)",
    )
    t.add_argument(
        "--neural",
        action="store_true",
        help="train the BiLSTM-CRF (needs PyTorch: pip install torch==2.13.0) instead of the CRF; "
        "--out then defaults to the packaged neural model",
    )
    t.add_argument(
        "--no-stack",
        action="store_true",
        help="CRF: skip the second-pass (stacked) model, trained by default beside the first "
        "(five more CRF trainings on cross-validation folds)",
    )
    t.add_argument("--epochs", type=int, default=None, help="neural: training epochs (default: 14)")
    t.set_defaults(func=run_train)

    r = command(
        train,
        "representations",
        help="learn word clusters and vectors from unlabelled Arabic news (build time; needs gensim)",
        description=(
            "Learn the NER features' word representations from unlabelled text: context vectors\n"
            "(word2vec), k-means word clusters at three depths, and subword vectors (fastText) that\n"
            "place an unseen word in its nearest cluster. Reads the ANT news corpus and Egyptian\n"
            "Wikipedia under ../shared/data by default (about 12 minutes on 2 cores) and writes the\n"
            "package's ner/data/clusters.tsv.gz and ner/data/vectors/. Seeded; with one worker (the\n"
            "default) a rebuild gives the same bytes. Retrain the taggers afterwards (marsad train ner)."
        ),
        examples=(
            "  pip install gensim   # LGPL, build time only\n"
            "  marsad train representations\n"
            "  marsad train representations --out /tmp/rep --corpus my_news.jsonl.xz --workers 2"
        ),
    )
    from marsad.ner.build_representations import add_arguments

    add_arguments(r)
    r.set_defaults(func=run_representations)

    ev = group(
        sub, "eval", help="score marsad against gold data", description="Score marsad's output against gold data."
    )
    e = command(
        ev,
        "ner",
        help="entity-level P/R/F1 of the NER tagger on a gold CoNLL file",
        description=(
            "Tag the tokens of a gold CoNLL file ('token TAG' lines) and print entity-level micro and\n"
            "per-type precision, recall and F1 (exact span and type match, conlleval semantics)."
        ),
        examples=(
            "  marsad eval ner --gold ../shared/data/anercorp/dev.txt\n"
            "  marsad eval ner --gold dev.txt --format json\n"
            "  marsad eval ner --gold dev.txt --model ensemble\n"
            "  marsad eval ner --gold dev.txt --model /tmp/ner.crfsuite --no-propagation\n"
            "  marsad eval ner --gold dev.txt --calibration   # is a 0.9 mention right 9 times in 10?\n"
            "  marsad eval ner --gold ../shared/data/wojood_sample/val.txt --scheme wojood   # another genre"
        ),
    )
    e.add_argument(
        "--gold", type=Path, required=True, help="gold file: 'token TAG' lines, blank line between sentences"
    )
    e.add_argument("--format", choices=("table", "json"), default="table", help="output format (default: table)")
    e.add_argument(
        "--scheme",
        choices=("anercorp", "wojood"),
        default="anercorp",
        help="the gold file's tags: anercorp (PERS, LOC, ORG, MISC; the default) or wojood (nested "
        "layers in further columns; scored over persons, places (GPE, LOC, FAC) and organisations, "
        "outermost span first, the tagger's MISC left out)",
    )
    e.add_argument(
        "--calibration",
        action="store_true",
        help="also print, per band of confidence (the NER stage's mention confidence), how many predicted "
        "mentions are right",
    )
    _tagging_options(e)
    e.set_defaults(func=run_eval)


def _tagging_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--model",
        default=None,
        help="crf (the packaged CRF: default, fastest), stacked (the CRF with a second, document-level "
        "pass), neural (the packaged BiLSTM-CRF), ensemble (neural + stacked: the most accurate, slowest), "
        "or a model file (.crfsuite, stacked when its .stack.crfsuite lies beside it; .npz)",
    )
    p.add_argument(
        "--no-propagation", action="store_true", help="tag each sentence alone (no document-level label propagation)"
    )
    p.add_argument(
        "--window",
        type=int,
        default=None,
        help="propagate labels among sentences at most this far apart (default: 15; 0: whole input is one document)",
    )


def _tag(
    sentences: list[list[str]], args: argparse.Namespace, *, marginals: bool = False
) -> tuple[list[list[str]], list[list[float]]]:
    """The tags of ``sentences`` as the options ask and, with ``marginals``, each token's marginal
    probability (see :func:`marsad.ner.tag_with_marginals`; else no lists)."""
    from marsad.ner import DEFAULT_WINDOW, load_tagger, tag, tag_with_marginals

    window = DEFAULT_WINDOW if args.window is None else (None if args.window == 0 else args.window)
    how = {"tagger": load_tagger(args.model), "document": not args.no_propagation, "window": window}
    return tag_with_marginals(sentences, **how) if marginals else (tag(sentences, **how), [])


def run_ner(args: argparse.Namespace) -> int:
    from marsad.ner.train import read_conll

    if args.file == "-":
        sents = read_conll("<stdin>", tags=False, text=sys.stdin.read())
    else:
        sents = read_conll(args.file, tags=False)
    tags = _tag([s.tokens for s in sents], args)[0]
    out = sys.stdout
    for i, (s, tg) in enumerate(zip(sents, tags, strict=True)):
        if i:
            out.write("\n")
        out.write("".join(f"{tok} {t}\n" for tok, t in zip(s.tokens, tg, strict=True)))
    return 0


def run_eval(args: argparse.Namespace) -> int:
    from marsad.eval.scoring import bio_to_spans, calibration
    from marsad.ner import span_confidence
    from marsad.ner.train import WOJOOD_FLAT_MAP, evaluate, keep_types, read_conll, read_wojood

    wojood = getattr(args, "scheme", "anercorp") == "wojood"
    gold = read_wojood(args.gold) if wojood else read_conll(args.gold)
    if not gold:
        raise InputError(f"{args.gold}: no sentences")
    t0 = time.perf_counter()
    pred, probs = _tag([s.tokens for s in gold], args, marginals=args.calibration)
    dt = time.perf_counter() - t0
    if wojood:
        pred = keep_types(pred, set(WOJOOD_FLAT_MAP.values()))
    bands = None
    if args.calibration:
        scored = [[(a, b, t, span_confidence(p, a, b)) for a, b, t in bio_to_spans(tg)] for tg, p in zip(pred, probs, strict=True)]
        bands = calibration([bio_to_spans(s.tags) for s in gold], scored)
    report = evaluate(gold, pred)
    if wojood:
        report.by_label.pop("MISC", None)
    ntok = sum(len(s.tokens) for s in gold)
    if args.format == "json":
        out = {
            "gold": str(args.gold),
            "sentences": len(gold),
            "tokens": ntok,
            "micro": report.micro.as_dict(),
            "by_type": {str(k): v.as_dict() for k, v in sorted(report.by_label.items(), key=lambda kv: str(kv[0]))},
        }
        if bands is not None:
            out["calibration"] = bands
        print(json.dumps(out, indent=2, ensure_ascii=False))
    else:
        print(report.table(f"{args.gold}: {len(gold)} sentences, {ntok} tokens, tagged in {dt:.1f} s"))
        if bands is not None:
            print("\nconfidence   mentions  correct  precision")
            for b in bands:
                print(f"{b['from']:.1f}-{b['to']:.1f}    {b['spans']:8d} {b['correct']:8d}    {b['precision']:.3f}")
    return 0


def run_representations(args: argparse.Namespace) -> int:
    from marsad.ner.build_representations import run

    return run(args)


def run_train(args: argparse.Namespace) -> int:
    from marsad.ner import CRF_MODEL_PATH, NEURAL_MODEL_PATH, Tagger, load_tagger, tag
    from marsad.ner.train import evaluate, read_conll, train

    out = args.out or (NEURAL_MODEL_PATH if args.neural else CRF_MODEL_PATH)
    sents = read_conll(args.train)
    if not sents:
        raise InputError(f"{args.train}: no sentences")
    print(f"training on {args.train}: {len(sents)} sentences ...", file=sys.stderr)
    if args.neural:
        from marsad.ner.neural_train import train_neural

        def progress(epoch: int, loss: float) -> None:
            print(f"  epoch {epoch}: loss {loss:.1f}", file=sys.stderr)

        meta = train_neural(sents, out, params={"epochs": args.epochs} if args.epochs else None, on_epoch=progress)
        kind = "BiLSTM-CRF"
    else:
        params = {"c1": args.c1, "c2": args.c2, "max_iterations": args.max_iterations}
        meta = train(sents, out, params=params, stack=not args.no_stack)
        kind = "CRF"
    print(f"model: {out} ({Path(out).stat().st_size / 1e6:.1f} MB, {meta['seconds']} s)")
    if args.dev and not Path(args.dev).is_file():
        print(f"dev file {args.dev} not found: no dev scores", file=sys.stderr)
    elif args.dev:
        dev = read_conll(args.dev)
        toks = [s.tokens for s in dev]
        taggers = [(kind, load_tagger(out) if args.neural else Tagger(out))]
        if meta.get("stacked"):
            taggers[0] = ("CRF first pass", taggers[0][1])
            taggers.append(("stacked CRF", Tagger(out, stacked=True)))
        for name, tagger in taggers:
            alone = evaluate(dev, tag(toks, tagger=tagger, document=False))
            full = evaluate(dev, tag(toks, tagger=tagger))
            print(alone.table(f"dev {args.dev}: {name} alone"))
            print()
            print(full.table(f"dev {args.dev}: {name} + label propagation (window 15)"))
            print()
    return 0
