"""Score the event coder on openeventdata's Arabic gold-standard records (GSR).

The GSR (``arabic_event_gsr_dev/``: ``assault_gsr.csv``, ``protest_gsr.csv`` and their
``*_spans.json``; MIT, Open Event Data Alliance) labels single newswire sentences for one event type:
``yes`` (the sentence reports such an event), ``easy no`` or ``difficult no``; ``ambiguous`` rows are
left out. marsad says *yes* for a sentence when the coder finds an event of that type in it that is
not negated or hypothetical and whose confidence (:mod:`marsad.events.occurrence`, a model trained on
the dev half) reaches :data:`marsad.events.occurrence.THRESHOLD`; the figures for every coded event,
whatever its confidence, are printed beside them. On the dev half the model's own training data, so
the honest dev figure is its cross-validated one (printed by the model's build). Reported, per type:

- sentence-level precision, recall and F1 (and the confusion of ``yes`` against the two kinds of no);
- source and target span accuracy on the ``*_spans.json`` sentences that marsad codes: the
  predicted actor (recipient) is right when it shares a word with the source (target) span that the
  annotators agree on (``source_gold`` where given, else words marked by at least two annotators),
  and both empty agree.

The sentence's publication date is taken from its id (``AAW_ARB_20080913.0007-59``).
"""

from __future__ import annotations

import csv
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.errors import InputError
from marsad.eval.scoring import Score
from marsad.events.evaluate import analyse_sentence
from marsad.model import Actor, Analysis, Event
from marsad.text import normalize_word

log = logging.getLogger(__name__)

GSR_TYPES = ("ASSAULT", "PROTEST")
NOT_ASSERTED = frozenset({"negated", "hypothetical"})
_DATE_RE = re.compile(r"_(\d{4})(\d{2})(\d{2})\.")
_CLITICS = ("وال", "بال", "فال", "كال", "لل", "ال", "و", "ب", "ل", "ف")


@dataclass(slots=True)
class GsrSentence:
    id: str
    type: str
    text: str
    label: str  # yes | easy no | difficult no
    published: str | None
    where: str


@dataclass(slots=True)
class GsrSpans:
    id: str
    type: str
    text: str
    source: set[str]  # agreed source words (normalised, clitics stripped)
    target: set[str]


@dataclass(slots=True)
class TypeScores:
    type: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0
    fp_by_label: Counter = field(default_factory=Counter)
    span_sentences: int = 0
    span_coded: int = 0
    source_right: int = 0
    target_right: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def score(self) -> Score:
        return Score(self.tp, self.fp, self.fn)

    @property
    def precision(self) -> float:
        return self.score.precision

    @property
    def recall(self) -> float:
        return self.score.recall

    @property
    def f1(self) -> float:
        return self.score.f1

    def as_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            **self.score.as_dict(),
            "tn": self.tn,
            "false_positives_by_label": dict(self.fp_by_label),
            "span_sentences": self.span_sentences,
            "span_sentences_coded": self.span_coded,
            "source_accuracy": round(self.source_right / self.span_coded, 4) if self.span_coded else None,
            "target_accuracy": round(self.target_right / self.span_coded, 4) if self.span_coded else None,
        }


def _published(sentence_id: str) -> str | None:
    m = _DATE_RE.search(sentence_id)
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None


def _stem(word: str) -> str:
    w = normalize_word(word)
    for c in _CLITICS:
        if w.startswith(c) and len(w) - len(c) >= 3:
            return w[len(c) :]
    return w


def _words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"\w+", text) if len(w) > 1}


def load_sentences(directory: str | Path, event_type: str) -> list[GsrSentence]:
    """The labelled sentences of one type; ``ambiguous`` rows are left out."""
    path = Path(directory) / f"{event_type.lower()}_gsr.csv"
    if not path.is_file():
        raise InputError(f"{path}: no such GSR file (expected {event_type.lower()}_gsr.csv in {directory})")
    out: list[GsrSentence] = []
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = {"id", "label", "text"} - set(reader.fieldnames or ())
        if missing:
            raise InputError(f"{path}:1: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            where = f"{path}:{reader.line_num}"
            label = (row.get("label") or "").strip()
            if label == "ambiguous":
                continue
            if label not in ("yes", "easy no", "difficult no"):
                raise InputError(f"{where}: unknown label {label!r}")
            out.append(GsrSentence(row["id"], event_type, row["text"], label, _published(row["id"]), where))
    return out


def load_spans(directory: str | Path, event_type: str) -> list[GsrSpans]:
    """The span annotations of one type, reduced to the words the annotators agree on."""
    path = Path(directory) / f"{event_type.lower()}_spans.json"
    if not path.is_file():
        return []
    try:
        records = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as e:
        raise InputError(f"{path}:{e.lineno}: not valid JSON ({e.msg})") from e
    out = []
    for rec in records:
        out.append(
            GsrSpans(
                rec["source"], event_type, rec["text"],
                _agreed(rec, "source_actor", "source_gold"), _agreed(rec, "target_actor", "target_gold"),
            )
        )  # fmt: skip
    return out


def _agreed(rec: dict[str, Any], key: str, gold_key: str) -> set[str]:
    if rec.get(gold_key):
        return _words(rec[gold_key])
    votes: Counter = Counter()
    for s in rec.get("spans", []):
        votes.update({_stem(w) for w in s.get(key) or [] if len(w) > 1})
    need = 2 if len(rec.get("spans", [])) >= 2 else 1
    return {w for w, n in votes.items() if n >= need}


def _party_right(gold: set[str], pred: Actor | None) -> bool:
    if not gold:
        return pred is None
    return pred is not None and bool(gold & _words(pred.text))


def coded(events: Iterable[Event], event_type: str, *, threshold: float = 0.0) -> list[Event]:
    """The events of ``event_type`` that count as a *yes*: asserted, reported or historical, with a
    confidence of at least ``threshold``."""
    return [e for e in events if e.type == event_type and e.modality not in NOT_ASSERTED and e.confidence >= threshold]



def score_type(
    directory: str | Path,
    event_type: str,
    *,
    analyse: Callable[[str, str | None], Analysis] = analyse_sentence,
    progress: Callable[[Iterator[Any], int], Iterator[Any]] | None = None,
    threshold: float | None = None,
) -> TypeScores:
    """Score one GSR type: sentence classification and span accuracy (``threshold`` on the events'
    confidence; default the occurrence model's; 0 counts every coded event)."""
    sents = load_sentences(directory, event_type)
    spans = {s.id: s for s in load_spans(directory, event_type)}
    from marsad.events.occurrence import THRESHOLD

    if threshold is None:
        threshold = THRESHOLD
    sc = TypeScores(event_type)
    it: Iterator[GsrSentence] = iter(sents)
    if progress is not None:
        it = progress(it, len(sents))
    cache: dict[tuple[str, str | None], list[Event]] = {}
    for s in it:
        events = coded(analyse(s.text, s.published).events, event_type, threshold=threshold)
        cache[(s.text, s.published)] = events
        said = bool(events)
        gold = s.label == "yes"
        if said and gold:
            sc.tp += 1
        elif said:
            sc.fp += 1
            sc.fp_by_label[s.label] += 1
            sc.errors.append(f"{s.where}: spurious ({s.label}) {events[0].trigger.text!r}: {s.text[:120]}")
        elif gold:
            sc.fn += 1
            sc.errors.append(f"{s.where}: missed: {s.text[:120]}")
        else:
            sc.tn += 1
    for sp in spans.values():
        sc.span_sentences += 1
        pub = _published(sp.id)
        events = cache.get((sp.text, pub))
        if events is None:
            events = coded(analyse(sp.text, pub).events, event_type, threshold=threshold)
        if not events:
            continue
        sc.span_coded += 1
        # the coded event whose parties fit best stands for the sentence
        best = max(events, key=lambda e: _party_right(sp.source, e.actor) + _party_right(sp.target, e.recipient))
        sc.source_right += _party_right(sp.source, best.actor)
        sc.target_right += _party_right(sp.target, best.recipient)
    return sc


def evaluate(
    directory: str | Path,
    types: Iterable[str] = GSR_TYPES,
    *,
    progress: Callable[[Iterator[Any], int], Iterator[Any]] | None = None,
    threshold: float | None = None,
    analyse: Callable[[str, str | None], Analysis] = analyse_sentence,
) -> list[TypeScores]:
    """Score every GSR type found in ``directory``."""
    if not Path(directory).is_dir():
        raise InputError(f"{directory}: not a directory (expected the GSR folder with *_gsr.csv files)")
    return [score_type(directory, t, progress=progress, threshold=threshold, analyse=analyse) for t in types]


def memo_analyse() -> Callable[[str, str | None], Analysis]:
    """An analyser that runs the pipeline once per sentence, for scoring at several thresholds."""
    memo: dict[tuple[str, str | None], Analysis] = {}

    def analyse(text: str, published: str | None) -> Analysis:
        key = (text, published)
        if key not in memo:
            memo[key] = analyse_sentence(text, published)
        return memo[key]

    return analyse


def table(scores: list[TypeScores]) -> str:
    head = f"{'type':<9} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5} {'TN':>6}  source  target  (spans: coded/all)"
    rows = [head]
    for s in scores:
        d = s.as_dict()
        src = f"{100 * d['source_accuracy']:5.1f}%" if d["source_accuracy"] is not None else "    - "
        tgt = f"{100 * d['target_accuracy']:5.1f}%" if d["target_accuracy"] is not None else "    - "
        rows.append(
            f"{s.type:<9} {100 * s.precision:6.1f} {100 * s.recall:6.1f} {100 * s.f1:6.1f} {s.tp:5d} {s.fp:5d} "
            f"{s.fn:5d} {s.tn:6d}  {src}  {tgt}  ({s.span_coded}/{s.span_sentences})"
        )
        if s.fp_by_label:
            rows.append(f"{'':9} false positives: " + ", ".join(f"{k} {v}" for k, v in sorted(s.fp_by_label.items())))
    return "\n".join(rows)
