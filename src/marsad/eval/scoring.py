"""Precision, recall and F1 over labelled spans, with exact or overlap matching.

Spans are ``(start, end, label)`` triples (any hashable label; ``None`` ignores labels). Matching is
one-to-one: each gold span is matched at most once, so duplicated predictions count as false
positives. Per-label scores and the micro average come out of one call.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

SpanT = tuple[int, int, Hashable]
Mode = Literal["exact", "overlap"]


@dataclass(slots=True)
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: Score) -> Score:
        return Score(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


@dataclass(slots=True)
class Report:
    micro: Score
    by_label: dict[Hashable, Score] = field(default_factory=dict)

    def table(self, title: str = "") -> str:
        """A plain-text table in the spirit of conlleval."""
        lines = [title] if title else []
        lines.append(f"{'label':<12}{'prec':>8}{'rec':>8}{'F1':>8}{'gold':>7}{'pred':>7}")
        rows = sorted(self.by_label.items(), key=lambda kv: str(kv[0]))
        for label, s in [*rows, ("ALL (micro)", self.micro)]:
            lines.append(
                f"{label!s:<12}{100 * s.precision:8.2f}{100 * s.recall:8.2f}{100 * s.f1:8.2f}"
                f"{s.tp + s.fn:7d}{s.tp + s.fp:7d}"
            )
        return "\n".join(lines)


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    s = Score(tp, fp, fn)
    return s.precision, s.recall, s.f1


def _overlaps(a: SpanT, b: SpanT) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def match_spans(
    gold: Sequence[SpanT], pred: Sequence[SpanT], *, mode: Mode = "exact", labels: bool = True
) -> list[tuple[int, int]]:
    """One-to-one matches as (gold index, pred index) pairs."""
    pairs: list[tuple[int, int]] = []
    used: set[int] = set()
    if mode == "exact":
        index: dict[tuple, list[int]] = defaultdict(list)
        for gi, g in enumerate(gold):
            index[(g[0], g[1], g[2] if labels else None)].append(gi)
        for pi, p in enumerate(pred):
            cands = index.get((p[0], p[1], p[2] if labels else None))
            while cands:
                gi = cands.pop(0)
                if gi not in used:
                    used.add(gi)
                    pairs.append((gi, pi))
                    break
        return pairs
    # overlap: greedy by largest overlap first, labels must agree when ``labels``
    cands2 = []
    for gi, g in enumerate(gold):
        for pi, p in enumerate(pred):
            if _overlaps(g, p) and (not labels or g[2] == p[2]):
                cands2.append((min(g[1], p[1]) - max(g[0], p[0]), gi, pi))
    taken_p: set[int] = set()
    for _, gi, pi in sorted(cands2, key=lambda c: (-c[0], c[1], c[2])):
        if gi not in used and pi not in taken_p:
            used.add(gi)
            taken_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def score_spans(
    gold: Iterable[SpanT], pred: Iterable[SpanT], *, mode: Mode = "exact", labels: bool = True
) -> Report:
    """Micro and per-label scores. Call once per document and add reports with :func:`merge`."""
    g, p = list(gold), list(pred)
    pairs = match_spans(g, p, mode=mode, labels=labels)
    by: dict[Hashable, Score] = defaultdict(Score)
    matched_g = {gi for gi, _ in pairs}
    matched_p = {pi for _, pi in pairs}
    for gi, span in enumerate(g):
        if gi in matched_g:
            by[span[2]].tp += 1
        else:
            by[span[2]].fn += 1
    for pi, span in enumerate(p):
        if pi not in matched_p:
            by[span[2]].fp += 1
    micro = Score()
    for s in by.values():
        micro = micro + s
    return Report(micro, dict(by))


def merge(reports: Iterable[Report]) -> Report:
    total = Report(Score(), {})
    for r in reports:
        total.micro = total.micro + r.micro
        for label, s in r.by_label.items():
            total.by_label[label] = total.by_label.get(label, Score()) + s
    return total


def bio_to_spans(tags: Sequence[str]) -> list[SpanT]:
    """Entity spans (token indices) from BIO tags, conlleval-style: an I- after O or after another
    type starts a new entity."""
    spans: list[SpanT] = []
    start, label = -1, None
    for i, tag in enumerate([*tags, "O"]):
        prefix, _, typ = tag.partition("-")
        begins = prefix == "B" or (prefix == "I" and typ != label)
        if label is not None and (prefix == "O" or begins):
            spans.append((start, i, label))
            label = None
        if begins:
            start, label = i, typ
    return spans


CONFIDENCE_BANDS = (0.0, 0.5, 0.6, 0.7, 0.8, 0.9)


def calibration(
    gold: Iterable[Iterable[SpanT]], pred: Iterable[Iterable[tuple[int, int, Hashable, float]]]
) -> list[dict[str, float | int]]:
    """How often a predicted span with a given confidence is right (exact span and label), per
    document: bands of :data:`CONFIDENCE_BANDS` (the last one up to 1.0), each with its count of
    predicted spans, the correct ones and their share. A confidence that means what it says has a
    precision inside its band."""
    counts = [[0, 0] for _ in CONFIDENCE_BANDS]
    for g, p in zip(gold, pred, strict=True):
        truth = set(g)
        for a, b, label, conf in p:
            k = max(i for i, lo in enumerate(CONFIDENCE_BANDS) if conf >= lo or i == 0)
            counts[k][0] += 1
            counts[k][1] += (a, b, label) in truth
    out: list[dict[str, float | int]] = []
    for i, (n, ok) in enumerate(counts):
        hi = CONFIDENCE_BANDS[i + 1] if i + 1 < len(CONFIDENCE_BANDS) else 1.0
        out.append({"from": CONFIDENCE_BANDS[i], "to": hi, "spans": n, "correct": ok, "precision": round(ok / n, 3) if n else 0.0})
    return out
