"""Score the quantities stage against Wojood's numeric entity tags (MONEY, PERCENT, CARDINAL, ORDINAL, QUANTITY).

Wojood (SinaLab) tags one token per line, ``token TAG [TAG...]`` (nested entities in further
columns), a blank line between sentences. Each sentence is rebuilt as its tokens joined by single
spaces (``$#$`` paragraph markers dropped), the gold spans are read from the columns, and marsad's
quantities are mapped to Wojood's labels:

- money → MONEY; percent → PERCENT; ordinal → ORDINAL;
- number with a measure unit (km, t, barrel ...) → QUANTITY;
- count, number, fraction → CARDINAL (Wojood tags the number alone, marsad the number and its noun:
  compare with overlapping spans);
- durations are left out (Wojood tags them DATE or TIME, together with real dates).

Wojood also tags identifiers as ORDINAL (رقم 217، المادة (90)) and some vague amounts that marsad
keeps or leaves out on purpose, so the figures measure agreement with Wojood's conventions, not
only errors.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from marsad.errors import InputError
from marsad.eval.scoring import Report, merge, score_spans
from marsad.model import Quantity

LABELS = ("MONEY", "PERCENT", "CARDINAL", "ORDINAL", "QUANTITY")
_MEASURES = frozenset(
    ["km", "m", "cm", "mm", "km2", "m2", "ft2", "ha", "dunum", "feddan", "mile", "ft", "in", "kg", "g", "t",
     "lb", "oz", "barrel", "l", "m3", "MW", "GW", "kW"]
)  # fmt: skip


@dataclass(slots=True)
class Sentence:
    text: str
    gold: list[tuple[int, int, str]]


def read_wojood(path: Path) -> Iterator[Sentence]:
    """Sentences of a Wojood file with their gold numeric spans."""
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise InputError(f"{path}: cannot read ({exc.strerror}); give a Wojood file (token TAG per line)") from exc
    rows: list[list[str]] = []
    for lineno, line in enumerate([*lines, ""], 1):
        parts = line.split()
        if parts:
            if len(parts) < 2:
                raise InputError(f"{path} line {lineno}: expected 'token TAG [TAG...]', got {line!r}")
            if parts[0] != "$#$":
                rows.append(parts)
            continue
        if rows:
            yield _sentence(rows)
            rows = []


def _sentence(rows: list[list[str]]) -> Sentence:
    pieces: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    for row in rows:
        if pieces:
            pos += 1
        offsets.append((pos, pos + len(row[0])))
        pieces.append(row[0])
        pos += len(row[0])
    text = " ".join(pieces)
    gold: list[tuple[int, int, str]] = []
    open_spans: dict[str, int] = {}  # label -> start token index
    for k, row in enumerate([*rows, ["", "O"]]):
        tags = {t[2:]: t[0] for t in row[1:] if t[:2] in ("B-", "I-") and t[2:] in LABELS}
        for label in list(open_spans):
            if tags.get(label) != "I":
                first = open_spans.pop(label)
                gold.append((offsets[first][0], offsets[k - 1][1], label))
        for label, bi in tags.items():
            if bi == "B" or label not in open_spans:
                if label in open_spans:  # B right after an open span of the same label
                    first = open_spans.pop(label)
                    gold.append((offsets[first][0], offsets[k - 1][1], label))
                open_spans[label] = k
    return Sentence(text, sorted(gold))


def label_of(q: Quantity) -> str | None:
    """The Wojood label of a marsad quantity (None for durations, which Wojood files under DATE/TIME)."""
    if q.kind == "money":
        return "MONEY"
    if q.kind == "percent":
        return "PERCENT"
    if q.kind == "ordinal":
        return "ORDINAL"
    if q.kind == "duration":
        return None
    if q.unit in _MEASURES:
        return "QUANTITY"
    return "CARDINAL"


@dataclass(slots=True)
class Result:
    sentences: int
    exact: Report
    overlap: Report
    detection: Report  # overlapping spans, labels ignored


def evaluate(sentences: Iterable[Sentence]) -> Result:
    from marsad.quantities.extract import find_quantities

    exact, overlap, detection = [], [], []
    n = 0
    for sent in sentences:
        n += 1
        pred = [(q.start, q.end, lab) for q in find_quantities(sent.text) if (lab := label_of(q))]
        exact.append(score_spans(sent.gold, pred, mode="exact"))
        overlap.append(score_spans(sent.gold, pred, mode="overlap"))
        detection.append(
            score_spans([(s, e, "ANY") for s, e, _ in sent.gold], [(s, e, "ANY") for s, e, _ in pred], mode="overlap")
        )
    return Result(n, merge(exact), merge(overlap), merge(detection))
