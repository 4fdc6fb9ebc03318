"""Score the event coder on whole articles against their salient events (``gold/events/ant.jsonl``).

Each gold record names an article of a corpus by id (the ANT news corpus, ``../shared/data/ant_news``)
and lists the events an analyst marks as the article's salient ones, with trigger offsets into the
article's ``text``, PLOVER type, actor, recipient, date and modality (format in
``gold/events/README.md``). The article is analysed whole, with its publication date. Reported:

- recall of salient events: a gold event is found when a predicted event's trigger overlaps its
  trigger (strict), or, failing that, a predicted event of the same type lies in the same sentence
  (lenient, reported apart);
- type accuracy over events matched by trigger overlap (whatever their type);
- actor and recipient accuracy over matched events (texts contain one another after normalisation,
  or the ISO3 codes agree when the gold gives one; both empty agree);
- date accuracy over matched events with a gold date (the predicted ISO date starts with the gold
  one, or the gold one with it);
- predicted events per article, for context: an article has more events than its salient ones, so
  this set measures no precision.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.errors import InputError
from marsad.eval.corpus import ANT_CORPUS, article_date, corpus_articles, read_gold_lines
from marsad.events.evaluate import GoldEvent, _party_ok, analyse_sentence
from marsad.events.lexicon import PLOVER_TYPES
from marsad.model import Analysis, Event

DEFAULT_CORPUS = ANT_CORPUS


@dataclass(slots=True)
class SalientEvent(GoldEvent):
    date: str | None = None


@dataclass(slots=True)
class GoldArticle:
    id: str
    article: str
    text: str
    published: str | None
    events: list[SalientEvent]
    where: str


@dataclass(slots=True)
class SalientScores:
    articles: int = 0
    gold: int = 0
    predicted: int = 0
    strict: int = 0
    lenient: int = 0
    type_right: int = 0
    actor_right: int = 0
    recipient_right: int = 0
    dated: int = 0
    date_right: int = 0
    by_type: Counter = field(default_factory=Counter)  # gold type -> found (strict or lenient)
    gold_by_type: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        m = self.strict or 1
        return {
            "articles": self.articles,
            "gold_events": self.gold,
            "predicted_events": self.predicted,
            "recall_strict": round(self.strict / (self.gold or 1), 4),
            "recall": round((self.strict + self.lenient) / (self.gold or 1), 4),
            "type_accuracy_matched": round(self.type_right / m, 4),
            "actor_accuracy": round(self.actor_right / m, 4),
            "recipient_accuracy": round(self.recipient_right / m, 4),
            "date_accuracy": round(self.date_right / self.dated, 4) if self.dated else None,
            "recall_by_type": {t: f"{self.by_type[t]}/{n}" for t, n in sorted(self.gold_by_type.items())},
        }

    def table(self) -> str:
        d = self.as_dict()
        rows = [
            f"{d['articles']} articles, {d['gold_events']} salient gold events, {d['predicted_events']} predicted events",
            f"recall: {100 * d['recall']:.1f}% ({self.strict} by trigger overlap + {self.lenient} same type in the "
            f"same sentence; by trigger alone {100 * d['recall_strict']:.1f}%)",
            f"of the {self.strict} matched by trigger: type {100 * d['type_accuracy_matched']:.1f}%, actor "
            f"{100 * d['actor_accuracy']:.1f}%, recipient {100 * d['recipient_accuracy']:.1f}%"
            + (f", date {100 * d['date_accuracy']:.1f}% ({self.dated} dated)" if d["date_accuracy"] is not None else ""),
            "recall by gold type: " + ", ".join(f"{t} {v}" for t, v in d["recall_by_type"].items()),
        ]
        return "\n".join(rows)


def load_gold(path: str | Path, *, corpus: str | Path | None = None) -> list[GoldArticle]:
    records = read_gold_lines(path)
    arts = corpus_articles(corpus or DEFAULT_CORPUS, {r["article"] for _, r in records})
    out = []
    for where, rec in records:
        art = arts.get(rec["article"])
        if art is None:
            raise InputError(f"{where}: article {rec['article']!r} is not in the corpus")
        text = art["text"]
        events = []
        for ev in rec.get("events", []):
            if ev.get("type") not in PLOVER_TYPES:
                raise InputError(f"{where}: {ev.get('type')!r} is not a PLOVER event type")
            s, e = int(ev["start"]), int(ev["end"])
            if text[s:e] != ev["trigger"]:
                raise InputError(f"{where}: [{s}:{e}] reads {text[s:e]!r}, not the trigger {ev['trigger']!r}")
            events.append(
                SalientEvent(
                    ev["type"], ev["trigger"], s, e, ev.get("actor"), ev.get("actor_country"), ev.get("recipient"),
                    ev.get("recipient_country"), ev.get("mode"), ev.get("modality", "asserted"), ev.get("date"),
                )
            )  # fmt: skip
        out.append(GoldArticle(rec["id"], rec["article"], text, article_date(art, rec.get("published")), events, where))
    return out



def score(
    gold: list[GoldArticle],
    analyse: Callable[[str, str | None], Analysis] = analyse_sentence,
    progress: Callable[[Iterator[Any], int], Iterator[Any]] | None = None,
) -> SalientScores:
    sc = SalientScores()
    it: Iterator[GoldArticle] = iter(gold)
    if progress is not None:
        it = progress(it, len(gold))
    for g in it:
        a = analyse(g.text, g.published)
        preds: list[Event] = list(a.events)
        sc.articles += 1
        sc.predicted += len(preds)
        used: set[int] = set()

        def sentence_of(offset: int, a: Analysis = a) -> int:
            return next((i for i, s in enumerate(a.sentences) if s.start <= offset < s.end), -1)

        for ge in g.events:
            sc.gold += 1
            sc.gold_by_type[ge.type] += 1
            over = [i for i, p in enumerate(preds) if i not in used and ge.start < p.trigger.end and p.trigger.start < ge.end]
            if over:
                best = next((i for i in over if preds[i].type == ge.type), over[0])
                used.add(best)
                pe = preds[best]
                sc.strict += 1
                ok_type = pe.type == ge.type
                sc.by_type[ge.type] += ok_type
                sc.type_right += ok_type
                ok_actor = _party_ok(ge.actor, ge.actor_country, pe.actor)
                ok_recip = _party_ok(ge.recipient, ge.recipient_country, pe.recipient)
                sc.actor_right += ok_actor
                sc.recipient_right += ok_recip
                if ge.date:
                    sc.dated += 1
                    pd = pe.date or ""
                    ok_date = bool(pd) and (pd.startswith(ge.date) or ge.date.startswith(pd))
                    sc.date_right += ok_date
                if not (ok_type and ok_actor and ok_recip):
                    sc.errors.append(
                        f"{g.id} {ge.trigger!r}: gold {ge.type} {ge.actor} -> {ge.recipient}; got {pe.type} "
                        f"{pe.actor.text if pe.actor else None} -> {pe.recipient.text if pe.recipient else None}"
                    )
                continue
            sent = sentence_of(ge.start)
            same = [i for i, p in enumerate(preds) if i not in used and p.type == ge.type and p.sentence == sent]
            if same:
                used.add(same[0])
                sc.lenient += 1
                sc.by_type[ge.type] += 1
                continue
            sc.errors.append(f"{g.id} {ge.trigger!r}: missed {ge.type} {ge.actor} -> {ge.recipient}")
    return sc


def evaluate(path: str | Path, *, corpus: str | Path | None = None, progress: Any = None) -> SalientScores:
    return score(load_gold(path, corpus=corpus), progress=progress)
