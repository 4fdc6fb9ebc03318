"""`marsad eval events`: score PLOVER event coding against a gold file."""

from __future__ import annotations

import argparse
import json

from marsad.cli import command, group


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    members = group(
        sub, "eval", help="score marsad against gold data", description="Score marsad's stages against gold data."
    )
    p = command(
        members,
        "events",
        help="PLOVER event coding against gold sentences",
        description=(
            "Run the pipeline and the event coder over each gold sentence and print trigger detection\n"
            "P/R/F1, type accuracy, actor/recipient accuracy, modality accuracy and the confusion\n"
            "matrix of PLOVER types. The gold format (JSON lines: a sentence, or a pointer into the\n"
            "SaudiNewsNet sample by article id and offsets, with its events) is described in\n"
            "gold/events/README.md.\n\n"
            "--salient scores whole articles against the events an analyst marks as salient (recall,\n"
            "type, actor, recipient and date accuracy); --gsr scores sentence classification on\n"
            "openeventdata's Arabic gold-standard records (ASSAULT, PROTEST: precision, recall, F1, and\n"
            "source/target span accuracy)."
        ),
        examples=(
            "  marsad eval events --gold gold/events/events.jsonl\n"
            "  marsad eval events --gold gold/events/events.jsonl --errors\n"
            "  marsad eval events --gold gold/events/events.jsonl --ids snn-   # the SaudiNewsNet part only\n"
            "  marsad eval events --gold gold/events/events.jsonl --format json\n"
            "  marsad eval events --gold my.jsonl --articles ../shared/data/saudinewsnet_sample/articles.jsonl\n"
            "  marsad eval events --salient gold/events/ant.jsonl --corpus ../shared/data/ant_news\n"
            "  marsad eval events --gsr ../shared/data/arabic_event_gsr_dev --errors\n"
        ),
    )
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--gold", metavar="FILE", help="gold events by sentence, JSON lines")
    what.add_argument("--salient", metavar="FILE", help="salient events of whole articles, JSON lines (gold/events/ant.jsonl)")
    what.add_argument("--gsr", metavar="DIR", help="the Arabic event GSR folder (assault_gsr.csv, protest_gsr.csv, *_spans.json)")
    p.add_argument("--corpus", metavar="DIR", help="with --salient: the ANT news folder (default ../shared/data/ant_news)")
    p.add_argument("--articles", metavar="FILE", help="SaudiNewsNet articles.jsonl for records that point into it")
    p.add_argument("--ids", metavar="PREFIX", help="only records whose id starts with PREFIX (own-, snn-)")
    p.add_argument("--format", choices=("table", "json"), default="table", help="table (default) or json")
    p.add_argument("--errors", action="store_true", help="also list missed, spurious and mis-coded events")
    p.set_defaults(func=run_eval_events)


def run_eval_events(args: argparse.Namespace) -> int:
    from marsad.events.evaluate import evaluate

    if args.gsr:
        return _run_gsr(args)
    if args.salient:
        return _run_salient(args)
    sc = evaluate(args.gold, articles=args.articles, ids=args.ids)
    if args.format == "json":
        data = sc.as_dict()
        if args.errors:
            data["errors"] = sc.errors
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    d = sc.as_dict()
    print(f"{d['sentences']} sentences, {d['gold_events']} gold events, {d['predicted_events']} predicted, "
          f"{d['matched']} matched by trigger")  # fmt: skip
    print(sc.detection.table("trigger detection (overlap, any type)").splitlines()[-1].replace("ALL (micro)", "triggers   "))
    print(sc.typed.table("typed detection (overlap, same type)"))
    print(f"type accuracy: {100 * d['type_accuracy_matched']:.1f}% of matched events, "
          f"{100 * d['type_accuracy_all_gold']:.1f}% of all gold events")  # fmt: skip
    print(f"actor accuracy: {100 * d['actor_accuracy']:.1f}%   recipient accuracy: {100 * d['recipient_accuracy']:.1f}%"
          f"   modality accuracy: {100 * d['modality_accuracy']:.1f}%   (of matched events)")  # fmt: skip
    print("confusion matrix (rows gold, columns predicted; - = no event):")
    print(sc.confusion_table())
    if args.errors:
        print("\n".join(sc.errors))
    return 0


def _bar(it, total):  # type: ignore[no-untyped-def]
    import sys

    from tqdm import tqdm

    return tqdm(it, total=total, unit="sentence", disable=not sys.stderr.isatty())


def _run_gsr(args: argparse.Namespace) -> int:
    from marsad.events import gsr
    from marsad.events.occurrence import THRESHOLD

    analyse = gsr.memo_analyse()
    scores = gsr.evaluate(args.gsr, progress=_bar, analyse=analyse)
    every = gsr.evaluate(args.gsr, threshold=0.0, analyse=analyse)
    if args.format == "json":
        out = [s.as_dict() | {"threshold": THRESHOLD} | ({"errors": s.errors} if args.errors else {}) for s in scores]
        out += [s.as_dict() | {"threshold": 0.0} for s in every]
        print(json.dumps(out, ensure_ascii=False, indent=2))
        return 0
    print(
        "note: the occurrence model (events/occurrence.py) was trained on the GSR's dev half: on that half the\n"
        "figures at its threshold are in-sample; its 5-fold cross-validation there is printed by\n"
        "python -m marsad.events.occurrence (README, events section).\n"
    )
    print(f"events with confidence >= {THRESHOLD} (the occurrence model's threshold):")
    print(gsr.table(scores))
    print("\nevery coded event, whatever its confidence:")
    print(gsr.table(every))
    if args.errors:
        for s in scores:
            print("\n".join(s.errors))
    return 0


def _run_salient(args: argparse.Namespace) -> int:
    from marsad.events import salient

    sc = salient.evaluate(args.salient, corpus=args.corpus, progress=_bar)
    if args.format == "json":
        data = sc.as_dict() | ({"errors": sc.errors} if args.errors else {})
        print(json.dumps(data, ensure_ascii=False, indent=2))
        return 0
    print(sc.table())
    if args.errors:
        print("\n".join(sc.errors))
    return 0
