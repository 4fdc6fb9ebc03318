"""Score the event coder against a gold file (format: ``gold/events/README.md``).

Each gold record is one Arabic sentence with the events an analyst codes in it. The sentence is run
through the pipeline (every registered stage below ``events``, then the event coder), and gold and
predicted events are matched one to one by overlapping trigger spans. Reported figures:

- trigger detection and typed detection P/R/F1 (the shared scorer, overlap matching);
- type accuracy over matched triggers, and over all gold events (a missed event counts as wrong);
- actor and recipient accuracy over matched events (a gold party matches when its text and the
  predicted party's text contain one another after normalisation, or their ISO3 country codes agree
  when the gold gives one; both empty also agree);
- modality accuracy over matched events;
- the confusion matrix of types (``-`` for no event).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from marsad.errors import InputError
from marsad.eval.scoring import Report, merge, score_spans
from marsad.events.lexicon import PLOVER_TYPES
from marsad.model import Actor, Analysis, Event
from marsad.text import normalize

NONE = "-"


@dataclass(slots=True)
class GoldEvent:
    type: str
    trigger: str
    start: int  # offsets of the trigger in the sentence text
    end: int
    actor: str | None = None
    actor_country: str | None = None
    recipient: str | None = None
    recipient_country: str | None = None
    mode: str | None = None
    modality: str = "asserted"


@dataclass(slots=True)
class GoldSentence:
    id: str
    text: str
    published: str | None
    events: list[GoldEvent]
    where: str


@dataclass(slots=True)
class EventScores:
    detection: Report
    typed: Report
    matched: int = 0
    gold_total: int = 0
    pred_total: int = 0
    type_correct: int = 0
    actor_correct: int = 0
    recipient_correct: int = 0
    modality_correct: int = 0
    confusion: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    sentences: int = 0

    def as_dict(self) -> dict[str, Any]:
        m = self.matched or 1
        return {
            "sentences": self.sentences,
            "gold_events": self.gold_total,
            "predicted_events": self.pred_total,
            "matched": self.matched,
            "trigger_detection": self.detection.micro.as_dict(),
            "typed_detection": self.typed.micro.as_dict(),
            "type_accuracy_matched": round(self.type_correct / m, 4),
            "type_accuracy_all_gold": round(self.type_correct / (self.gold_total or 1), 4),
            "actor_accuracy": round(self.actor_correct / m, 4),
            "recipient_accuracy": round(self.recipient_correct / m, 4),
            "modality_accuracy": round(self.modality_correct / m, 4),
            "confusion": {f"{g}->{p}": n for (g, p), n in sorted(self.confusion.items())},
        }

    def confusion_table(self) -> str:
        labels = [t for t in PLOVER_TYPES if any(t in k for k in self.confusion)] + [NONE]
        short = {t: t[:4] for t in labels}
        lines = ["gold\\pred " + "".join(f"{short[t]:>6}" for t in labels)]
        for g in labels:
            row = [self.confusion.get((g, p), 0) for p in labels]
            if not any(row):
                continue
            lines.append(f"{g:<10}" + "".join(f"{n:>6}" if n else f"{'.':>6}" for n in row))
        return "\n".join(lines)


def _locate(text: str, trigger: str, nth: int, where: str) -> tuple[int, int]:
    pos = -1
    for _ in range(nth + 1):
        pos = text.find(trigger, pos + 1)
        if pos < 0:
            raise InputError(f"{where}: trigger {trigger!r} (occurrence {nth}) is not in the sentence text")
    return pos, pos + len(trigger)


@dataclass(slots=True)
class _Articles:
    path: Path
    cache: dict[str, dict[str, Any]] = field(default_factory=dict)

    def get(self, article_id: str, where: str) -> dict[str, Any]:
        if not self.cache:
            if not self.path.exists():
                raise InputError(
                    f"{where}: the record points into {self.path}, which is absent; pass --articles with the "
                    "SaudiNewsNet sample (articles.jsonl)"
                )
            with self.path.open(encoding="utf-8") as fh:
                for line in fh:
                    rec = json.loads(line)
                    self.cache[rec["id"]] = rec
        if article_id not in self.cache:
            raise InputError(f"{where}: article {article_id!r} is not in {self.path}")
        return self.cache[article_id]


def load_gold(path: str | Path, *, articles: str | Path | None = None) -> list[GoldSentence]:
    """Read a gold JSON-lines file; records that point into SaudiNewsNet get their text from
    ``articles`` (default ``../shared/data/saudinewsnet_sample/articles.jsonl`` next to the repo)."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"gold file {path} does not exist")
    default_articles = Path(__file__).resolve().parents[3].parent / "shared/data/saudinewsnet_sample/articles.jsonl"
    store = _Articles(Path(articles) if articles else default_articles)
    out = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            where = f"{path}:{n}"
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{where}: not valid JSON ({exc.msg})") from exc
            published = rec.get("published")
            if "text" in rec:
                text = rec["text"]
            elif "article" in rec:
                art = store.get(rec["article"], where)
                text = art["text"][rec["start"] : rec["end"]]
                published = published or art.get("published")
                cue = rec.get("cue", "")
                if cue and not text.startswith(cue):
                    raise InputError(
                        f"{where}: article {rec['article']} [{rec['start']}:{rec['end']}] does not start with the cue "
                        f"{cue!r} (found {text[:30]!r}); fix the offsets"
                    )
            else:
                raise InputError(f"{where}: a record needs 'text' or 'article' + 'start' + 'end'")
            events = []
            for ev in rec.get("events", []):
                if ev.get("type") not in PLOVER_TYPES:
                    raise InputError(f"{where}: {ev.get('type')!r} is not a PLOVER event type")
                s, e = _locate(text, ev["trigger"], int(ev.get("nth", 0)), where)
                events.append(
                    GoldEvent(
                        ev["type"], ev["trigger"], s, e, ev.get("actor"), ev.get("actor_country"),
                        ev.get("recipient"), ev.get("recipient_country"), ev.get("mode"),
                        ev.get("modality", "asserted"),
                    )
                )
            out.append(GoldSentence(rec.get("id", f"line{n}"), text, published, events, where))
    return out


def _norm(s: str) -> str:
    return normalize(s).text.replace(" ", "")


def _party_ok(gold: str | None, gold_country: str | None, pred: Actor | None) -> bool:
    if not gold and not gold_country:
        return pred is None
    if pred is None:
        return False
    if gold_country and pred.country == gold_country and not pred.members:
        return True
    if gold:
        g = _norm(gold)
        texts = [pred.text, *(pred.text.split("، ") if pred.members else [])]
        for t in texts:
            p = _norm(t)
            if p and (p in g or g in p):
                return True
    return False


@cache
def _pipeline():  # type: ignore[no-untyped-def]
    """The registered stages up to the event coder, built once (their caches then serve every text)."""
    from marsad.pipeline import Pipeline, available_stages

    return Pipeline([n for n in available_stages() if n != "contexts"])


def analyse_sentence(text: str, published: str | None) -> Analysis:
    """Run the registered pipeline stages up to the event coder."""
    return _pipeline()(text, published=published)


def score(gold: list[GoldSentence], predicted: list[list[Event]]) -> EventScores:
    det, typed = [], []
    sc = EventScores(Report(score_spans([], []).micro), Report(score_spans([], []).micro))
    for g, preds in zip(gold, predicted, strict=True):
        sc.sentences += 1
        sc.gold_total += len(g.events)
        sc.pred_total += len(preds)
        gs = [(e.start, e.end, e.type) for e in g.events]
        ps = [(e.trigger.start, e.trigger.end, e.type) for e in preds]
        det.append(score_spans(gs, ps, mode="overlap", labels=False))
        typed.append(score_spans(gs, ps, mode="overlap", labels=True))
        # one-to-one matching by trigger overlap, whatever the type
        used: set[int] = set()
        for ge in g.events:
            best = None
            for pi, pe in enumerate(preds):
                if pi in used or not (ge.start < pe.trigger.end and pe.trigger.start < ge.end):
                    continue
                best = pi
                if pe.type == ge.type:
                    break
            if best is None:
                sc.confusion[(ge.type, NONE)] += 1
                sc.errors.append(f"{g.id}: missed {ge.type} {ge.trigger!r}")
                continue
            used.add(best)
            pe = preds[best]
            sc.matched += 1
            sc.confusion[(ge.type, pe.type)] += 1
            ok_type = pe.type == ge.type
            ok_actor = _party_ok(ge.actor, ge.actor_country, pe.actor)
            ok_recip = _party_ok(ge.recipient, ge.recipient_country, pe.recipient)
            sc.type_correct += ok_type
            sc.actor_correct += ok_actor
            sc.recipient_correct += ok_recip
            sc.modality_correct += pe.modality == ge.modality
            if not (ok_type and ok_actor and ok_recip):
                sc.errors.append(
                    f"{g.id}: {ge.trigger!r} gold {ge.type} {ge.actor}->{ge.recipient}; "
                    f"got {pe.type} {pe.actor.text if pe.actor else None}->{pe.recipient.text if pe.recipient else None}"
                )
        for pi, pe in enumerate(preds):
            if pi not in used:
                sc.confusion[(NONE, pe.type)] += 1
                sc.errors.append(f"{g.id}: spurious {pe.type} {pe.trigger.text!r}")
    sc.detection = merge(det)
    sc.typed = merge(typed)
    return sc


def evaluate(gold_path: str | Path, *, articles: str | Path | None = None, ids: str | None = None) -> EventScores:
    """Score the coder on a gold file; ``ids`` keeps only records whose id starts with it."""
    gold = load_gold(gold_path, articles=articles)
    if ids:
        gold = [g for g in gold if g.id.startswith(ids)]
    preds = [analyse_sentence(g.text, g.published).events for g in gold]
    return score(gold, preds)
