"""How likely a coded ASSAULT or PROTEST event is a concrete occurrence the sentence reports.

The coder finds violence and protest wherever Arabic names them: in reports of an attack, but also in
references to one (the trial over a kidnapping, a film about a massacre, the anniversary of a bombing),
in generic or habitual statements and in biographies. openeventdata's Arabic gold-standard records
(GSR) label such sentences: does the sentence report an assault (a protest)? A logistic regression
trained on the GSR's dev half (MIT; the other half is held out) scores each coded event from what the
analysis says about it: the trigger's lemma and form, the words around it, its modality, its parties'
sectors, a place, its own date, counts and casualty words in the sentence, the sentence's length and
the trigger's position. The score is the event's ``confidence`` for these two types; below
:data:`THRESHOLD` the event is kept but not counted as a report by ``marsad eval events --gsr``.

Weights live in ``data/occurrence.tsv`` (``type<TAB>feature<TAB>weight``), rebuilt with::

    python -m marsad.events.occurrence --gsr ../shared/data/arabic_event_gsr_dev \\
        --out src/marsad/events/data/occurrence.tsv

which also prints the 5-fold cross-validated precision, recall and F1 on the dev half. Numpy only;
seeded folds; the same data give the same weights.
"""

from __future__ import annotations

import argparse
import bisect
import math
import sys
from collections import Counter
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from marsad.errors import ResourceError
from marsad.model import Analysis, Event
from marsad.text import normalize_word

if TYPE_CHECKING:
    from marsad.events.coder import EventCoder

TYPES = ("ASSAULT", "PROTEST")
THRESHOLD = 0.30  # chosen by cross-validation on the GSR dev half (see the build's report)
L2 = 3.0  # chosen by cross-validation among 0.3, 1, 3, 10, 30
MIN_COUNT = 2
SPEECH = frozenset(normalize_word(w) for w in ["قال", "قالت", "أعلن", "أعلنت", "أفاد", "أفادت", "ذكر", "ذكرت", "أكد", "أكدت", "أضاف", "أضافت", "أوضح"])
CASUALTY = frozenset(
    normalize_word(w)
    for w in ["جرحى", "بجروح", "مصرع", "مصرعه", "حتفه", "حتفهم", "قتلى", "القتلى", "ضحايا", "إصابة", "وإصابة", "جرح", "وجرح", "أصيب", "وأصيب", "الجرحى", "إصابات"]
)  # fmt: skip


def features(event: Event, analysis: Analysis, coder: EventCoder | None = None) -> list[str]:
    """The features of one coded event, from the analysis only (``coder``: whose trigger readings, cached,
    give the lemma; default a coder of the packaged lexicon)."""
    sent = analysis.sentences[event.sentence] if 0 <= event.sentence < len(analysis.sentences) else None
    lo, hi = (sent.start, sent.end) if sent else (event.evidence.start, event.evidence.end)
    toks = analysis.tokens  # sorted by offset: the sentence's tokens by bisection, not a scan of the document
    first = bisect.bisect_left(toks, lo, key=lambda t: t.start)
    last = bisect.bisect_left(toks, hi, key=lambda t: t.start)
    words = [t for t in toks[first:last] if t.kind in ("word", "number", "latin")]
    ti = next((i for i, t in enumerate(words) if t.start >= event.trigger.start), 0)
    norms = {t.norm for t in words}
    tok = words[ti] if words else None
    readings = (coder or _coder()).readings(tok) if tok is not None else []
    lemma = normalize_word(readings[0][0].entry.lemma) if readings else "-"
    tense = readings[0][0].tense if readings else "?"
    same_type = sum(1 for e in analysis.events if e.type == event.type and e.sentence == event.sentence)
    f = [
        f"lemma={lemma}", f"tense={tense}", f"mod={event.modality}", f"actor={event.actor is not None}",
        f"recip={event.recipient is not None}", f"asec={event.actor.sector if event.actor else '-'}",
        f"rsec={event.recipient.sector if event.recipient else '-'}", f"place={event.place is not None}",
        f"dsrc={event.date_source}", f"amounts={bool(event.amounts)}", f"quote={event.quote is not None}",
        f"pos={min(ti, 5)}", f"len={min(len(words) // 10, 6)}", f"nev={min(same_type, 3)}",
        f"speech={bool(norms & SPEECH)}", f"casualty={bool(norms & CASUALTY)}",
        f"num={any(t.kind == 'number' for t in words)}",
        f"qty={any(lo <= q.start < hi for q in analysis.quantities)}",
        f"time={any(lo <= t.start < hi for t in analysis.times)}",
    ]  # fmt: skip
    for off in (-2, -1, 1, 2):
        if 0 <= ti + off < len(words):
            f.append(f"w{off}={words[ti + off].norm}")
    return f


@cache
def _coder() -> EventCoder:
    from marsad.events.coder import EventCoder

    return EventCoder()


# --- scoring -----------------------------------------------------------------------------------


@cache
def _weights() -> dict[str, dict[str, float]]:
    path = resources.files("marsad.events").joinpath("data/occurrence.tsv")
    if not path.is_file():
        return {}  # not built yet (the build itself runs the pipeline): events keep their coder confidence
    try:
        text = path.read_text("utf-8")
    except OSError as exc:
        raise ResourceError(f"cannot read the occurrence model marsad/events/data/occurrence.tsv: {exc}") from exc
    out: dict[str, dict[str, float]] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3:
            raise ResourceError(f"marsad/events/data/occurrence.tsv:{n}: expected type<TAB>feature<TAB>weight")
        try:
            out.setdefault(cols[0], {})[cols[1]] = float(cols[2])
        except ValueError as exc:
            raise ResourceError(f"marsad/events/data/occurrence.tsv:{n}: weight {cols[2]!r} is not a number") from exc
    return out


def probability(event: Event, analysis: Analysis, coder: EventCoder | None = None) -> float | None:
    """The model's probability that ``event`` is a reported occurrence, or None for other types."""
    w = _weights().get(event.type)
    return None if w is None else _predict(w, features(event, analysis, coder))


def score_events(analysis: Analysis, coder: EventCoder | None = None) -> None:
    """Set the confidence of the ASSAULT and PROTEST events of an analysis."""
    for e in analysis.events:
        if e.type in TYPES:
            p = probability(e, analysis, coder)
            if p is not None:
                e.confidence = round(p, 2)


# --- training ----------------------------------------------------------------------------------


def fit(rows: list[list[str]], labels: list[bool], *, l2: float = L2, steps: int = 400) -> dict[str, float]:
    """L2-regularised logistic regression on binary features (numpy, full-batch Adam)."""
    import numpy as np

    counts = Counter(f for r in rows for f in set(r))
    vocab = {f: i for i, f in enumerate(sorted(f for f, c in counts.items() if c >= MIN_COUNT))}
    idx = [np.array(sorted({vocab[f] for f in r if f in vocab}), dtype=np.int64) for r in rows]
    flat = np.concatenate(idx) if idx else np.zeros(0, dtype=np.int64)
    owner = np.repeat(np.arange(len(rows)), [len(i) for i in idx])
    y = np.array(labels, dtype=np.float64)
    w = np.zeros(len(vocab))
    b = 0.0
    m_w, v_w, m_b, v_b = np.zeros_like(w), np.zeros_like(w), 0.0, 0.0
    lr, beta1, beta2, eps = 0.05, 0.9, 0.999, 1e-8
    n = max(1, len(rows))
    for t in range(1, steps + 1):
        z = np.bincount(owner, weights=w[flat], minlength=len(rows)) + b
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
        r = (p - y) / n
        g_w = np.bincount(flat, weights=r[owner], minlength=len(vocab)) + l2 * w / n
        g_b = float(r.sum())
        m_w = beta1 * m_w + (1 - beta1) * g_w
        v_w = beta2 * v_w + (1 - beta2) * g_w**2
        m_b = beta1 * m_b + (1 - beta1) * g_b
        v_b = beta2 * v_b + (1 - beta2) * g_b**2
        w -= lr * (m_w / (1 - beta1**t)) / (np.sqrt(v_w / (1 - beta2**t)) + eps)
        b -= lr * (m_b / (1 - beta1**t)) / (math.sqrt(v_b / (1 - beta2**t)) + eps)
    out = {f: float(w[i]) for f, i in vocab.items() if abs(w[i]) >= 1e-4}
    out["<bias>"] = float(b)
    return out


def _predict(weights: dict[str, float], feats: Iterable[str]) -> float:
    z = weights.get("<bias>", 0.0) + sum(weights.get(f, 0.0) for f in feats)
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def _sentences(directory: Path, event_type: str) -> list[tuple[bool, list[list[str]]]]:
    """(label, features of each coded event) per labelled GSR sentence; no event: an empty list."""
    from marsad.events import gsr
    from marsad.events.evaluate import analyse_sentence

    out = []
    for s in gsr.load_sentences(directory, event_type):
        a = analyse_sentence(s.text, s.published)
        evs = gsr.coded(a.events, event_type)
        out.append((s.label == "yes", [features(e, a) for e in evs]))
    return out


def cross_validate(data: list[tuple[bool, list[list[str]]]], thresholds: Iterable[float], folds: int = 5) -> dict[float, tuple[float, float, float]]:
    """Sentence-level P/R/F1 for each threshold, 5 folds (sentence i in fold i % folds)."""
    probs: list[float] = [0.0] * len(data)
    for k in range(folds):
        train = [(y, f) for i, (y, fs) in enumerate(data) if i % folds != k for f in fs]
        weights = fit([f for _, f in train], [y for y, _ in train])
        for i, (_y, fs) in enumerate(data):
            if i % folds == k:
                probs[i] = max((_predict(weights, f) for f in fs), default=0.0)
    out = {}
    for th in thresholds:
        tp = sum(1 for (y, fs), p in zip(data, probs, strict=True) if y and fs and p >= th)
        fp = sum(1 for (y, fs), p in zip(data, probs, strict=True) if not y and fs and p >= th)
        fn = sum(1 for (y, _), p in zip(data, probs, strict=True) if y) - tp
        prec = tp / (tp + fp) if tp + fp else 0.0
        rec = tp / (tp + fn) if tp + fn else 0.0
        out[th] = (prec, rec, 2 * prec * rec / (prec + rec) if prec + rec else 0.0)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Train the occurrence model of ASSAULT and PROTEST events on the GSR dev half.")
    ap.add_argument("--gsr", required=True, type=Path, help="the GSR folder (assault_gsr.csv, protest_gsr.csv)")
    ap.add_argument("--out", required=True, type=Path, help="the weights file to write")
    args = ap.parse_args(argv)
    lines = ["# GENERATED by python -m marsad.events.occurrence from openeventdata's Arabic GSR dev half (MIT).",
             "# type\tfeature\tweight"]  # fmt: skip
    ths = [round(0.2 + 0.05 * i, 2) for i in range(12)]
    for t in TYPES:
        data = _sentences(args.gsr, t)
        cv = cross_validate(data, ths)
        print(f"{t}: 5-fold CV on the dev half (sentence P/R/F1 by threshold)")
        for th, (p, r, f1) in cv.items():
            mark = "  <- THRESHOLD" if abs(th - THRESHOLD) < 1e-9 else ""
            print(f"  {th:.2f}  P {100 * p:5.1f}  R {100 * r:5.1f}  F1 {100 * f1:5.1f}{mark}")
        weights = fit([f for y, fs in data for f in fs], [y for y, fs in data for _ in fs])
        lines += [f"{t}\t{f}\t{w:.5f}" for f, w in sorted(weights.items())]
    args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{len(lines) - 2} weights written to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
