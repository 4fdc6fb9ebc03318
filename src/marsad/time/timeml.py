"""Reading TimeML files (TIMEX3 tags inline in ``<TEXT>``) and scoring the time layer against them.

A TimeML document looks like::

    <TimeML>
    <DCT><TIMEX3 tid="t0" type="DATE" value="2025-10-26" functionInDocument="CREATION_TIME">2025-10-26</TIMEX3></DCT>
    <TEXT>التقى الوزير نظيره <TIMEX3 tid="t1" type="DATE" value="2025-10-25">يوم السبت</TIMEX3>.</TEXT>
    </TimeML>

The document creation time (DCT) is the TIMEX3 with ``functionInDocument="CREATION_TIME"``
(anywhere in the file); other tags inside ``<TEXT>`` (EVENT, SIGNAL, ...) are read through. Offsets
are character offsets into the plain text of ``<TEXT>`` (tags removed, entities decoded).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from marsad.errors import InputError
from marsad.eval.scoring import Report, Score, match_spans, merge, score_spans

TYPE_OF = {"date": "DATE", "time": "TIME", "duration": "DURATION", "set": "SET", "range": "DATE"}


@dataclass(slots=True)
class GoldTimex:
    start: int
    end: int
    text: str
    type: str
    value: str | None


@dataclass(slots=True)
class TimeMLDoc:
    path: str
    text: str
    dct: str | None
    timexes: list[GoldTimex] = field(default_factory=list)


def read_timeml(path: str | Path) -> TimeMLDoc:
    """Parse one TimeML file."""
    path = Path(path)
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise InputError(f"{path}: not well-formed XML ({exc}); check the TIMEX3 tags are closed") from exc
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc})") from exc
    dct = None
    for t in root.iter("TIMEX3"):
        if t.get("functionInDocument") == "CREATION_TIME":
            dct = (t.get("value") or "")[:10] or None
            break
    body = root if root.tag == "TEXT" else root.find(".//TEXT")
    if body is None:
        raise InputError(f"{path}: no <TEXT> element; put the article inside <TEXT>...</TEXT>")
    pieces: list[str] = []
    timexes: list[GoldTimex] = []
    pos = 0

    def walk(el: ET.Element) -> None:
        nonlocal pos
        start = pos
        if el.text:
            pieces.append(el.text)
            pos += len(el.text)
        for child in el:
            walk(child)
            if child.tail:
                pieces.append(child.tail)
                pos += len(child.tail)
        if el.tag == "TIMEX3" and el.get("functionInDocument") != "CREATION_TIME":
            typ = (el.get("type") or "").upper()
            if not typ:
                raise InputError(f"{path}: TIMEX3 {el.get('tid', '?')} has no type (DATE, TIME, DURATION, SET)")
            text = "".join(pieces)[start:pos]
            timexes.append(GoldTimex(start, pos, text, typ, el.get("value")))

    walk(body)
    return TimeMLDoc(str(path), "".join(pieces), dct, sorted(timexes, key=lambda t: t.start))


def timeml_files(path: str | Path) -> list[Path]:
    p = Path(path)
    if p.is_dir():
        files = sorted(q for q in p.rglob("*") if q.suffix.lower() in (".tml", ".xml", ".timeml"))
        if not files:
            raise InputError(f"{p}: no .tml/.xml files in this folder")
        return files
    if not p.exists():
        raise InputError(f"{p}: no such file or folder")
    return [p]


@dataclass(slots=True)
class TimeEval:
    exact: Report
    overlap: Report
    matched: int = 0  # overlap-matched pairs
    value_correct: int = 0
    type_correct: int = 0
    documents: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def value_accuracy(self) -> float:
        return self.value_correct / self.matched if self.matched else 0.0

    @property
    def type_accuracy(self) -> float:
        return self.type_correct / self.matched if self.matched else 0.0

    def as_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "exact": self.exact.micro.as_dict(),
            "overlap": self.overlap.micro.as_dict(),
            "matched": self.matched,
            "value_accuracy": round(self.value_accuracy, 4),
            "type_accuracy": round(self.type_accuracy, 4),
        }


def same_value(gold: str | None, pred: str | None) -> bool:
    if gold is None or pred is None:
        return gold == pred
    return gold.strip().upper() == pred.strip().upper()


def evaluate(docs: Iterable[TimeMLDoc], *, dct: str | None = None) -> TimeEval:
    """Run the time layer on each document (DCT from the file, or ``dct`` when given) and score it:
    detection P/R/F1 with exact and overlapping spans (types ignored), then the type and value of the
    gold expressions matched by overlap."""
    from marsad.pipeline import Pipeline

    nlp = Pipeline(["text", "time"])
    exact: list[Report] = []
    overlap: list[Report] = []
    out = TimeEval(Report(Score()), Report(Score()))
    for doc in docs:
        analysis = nlp(doc.text, published=dct or doc.dct, doc_id=Path(doc.path).stem)
        gold = [(g.start, g.end, "TIMEX3") for g in doc.timexes]
        pred = [(t.start, t.end, "TIMEX3") for t in analysis.times]
        exact.append(score_spans(gold, pred, mode="exact"))
        overlap.append(score_spans(gold, pred, mode="overlap"))
        for gi, pi in match_spans(gold, pred, mode="overlap"):
            g, p = doc.timexes[gi], analysis.times[pi]
            out.matched += 1
            out.type_correct += TYPE_OF.get(p.type) == g.type
            if same_value(g.value, p.value):
                out.value_correct += 1
            else:
                out.errors.append(f"{Path(doc.path).name}: {g.text!r} gold {g.value} / marsad {p.text!r} {p.value}")
        out.documents += 1
    out.exact, out.overlap = merge(exact), merge(overlap)
    return out
