"""Scoring quotations against hand-made gold data (the format is described in ``gold/quotes/README.md``).

A gold file is JSON lines, one document per line::

    {"doc": "examples/protest.ar.txt", "title_first_line": true, "published": "2025-10-26",
     "quotes": [{"text": "لن نقبل أن يدفع العمال ثمن الأزمة وحدهم", "kind": "direct",
                 "speaker": "نور الدين الطبوبي"}]}

``doc`` is a path relative to the repository root (a file under ``examples/`` or ``gold/``, or
``../shared/...``), or ``saudinewsnet:ID`` for an article of the SaudiNewsNet sample, read at eval time
from ``../shared/data/saudinewsnet_sample/articles.jsonl`` (its text is never stored in the repo).
A quote gives its span either as ``text`` (found in the document; ``occurrence`` picks the n-th,
default 1) or as ``start``/``end`` offsets with an optional ``head`` (the first words, checked).
``speaker`` is how the speaker is named (a name as written, a title, an anonymous source's phrase),
or null when the speaker is unknown (a reporter's question).

Scores: span precision/recall/F1 with the shared scorer, exact and overlapping, labelled with the
kind (direct, partial, indirect); speaker accuracy over the gold quotes matched by overlap (same
kind): the predicted speaker entity's name, one of its aliases, its English name, or the predicted
speaker text must contain the gold speaker's words (روبيو is found in ماركو روبيو; الشركة does not
contain US Strategic Metals); a null gold speaker needs no predicted speaker and no speaker text.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from marsad.errors import InputError
from marsad.eval.scoring import Report, match_spans, merge, score_spans
from marsad.model import Analysis, Quote
from marsad.text import normalize_word

ROOT = Path(__file__).resolve().parents[3]
SAUDINEWSNET = ROOT.parent / "shared" / "data" / "saudinewsnet_sample" / "articles.jsonl"
KINDS = ("direct", "partial", "indirect")


@dataclass(slots=True)
class GoldQuote:
    start: int
    end: int
    kind: str
    speaker: str | None


@dataclass(slots=True)
class GoldDoc:
    ref: str
    text: str
    published: str | None
    title_first_line: bool
    title: str | None
    quotes: list[GoldQuote]


@dataclass(slots=True)
class QuoteScores:
    exact: Report
    overlap: Report
    speaker_matched: int = 0
    speaker_correct: int = 0
    gold_total: int = 0
    documents: int = 0
    errors: list[dict[str, Any]] = field(default_factory=list)

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_correct / self.speaker_matched if self.speaker_matched else 0.0

    @property
    def speaker_end_to_end(self) -> float:
        return self.speaker_correct / self.gold_total if self.gold_total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "gold_quotes": self.gold_total,
            "exact": {"micro": self.exact.micro.as_dict(), **{k: s.as_dict() for k, s in self.exact.by_label.items()}},
            "overlap": {
                "micro": self.overlap.micro.as_dict(),
                **{k: s.as_dict() for k, s in self.overlap.by_label.items()},
            },
            "speaker": {
                "matched": self.speaker_matched,
                "correct": self.speaker_correct,
                "accuracy": round(self.speaker_accuracy, 4),
                "end_to_end": round(self.speaker_end_to_end, 4),
            },
        }

    def table(self) -> str:
        return "\n".join(
            [
                f"{self.documents} documents, {self.gold_total} gold quotations",
                "",
                self.exact.table("spans, exact match (label = kind)"),
                "",
                self.overlap.table("spans, overlap match (label = kind)"),
                "",
                f"speaker accuracy on overlap-matched quotations: {100 * self.speaker_accuracy:.2f}% "
                f"({self.speaker_correct}/{self.speaker_matched})",
                f"speaker right end to end (correct / all gold quotations): {100 * self.speaker_end_to_end:.2f}%",
            ]
        )


@cache
def _saudinewsnet() -> dict[str, dict[str, Any]]:
    if not SAUDINEWSNET.exists():
        raise InputError(
            f"{SAUDINEWSNET} is absent: gold documents 'saudinewsnet:ID' need the shared SaudiNewsNet sample"
        )
    out = {}
    with SAUDINEWSNET.open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            out[rec["id"]] = rec
    return out


def _read_doc(ref: str, where: str) -> tuple[str, dict[str, Any]]:
    if ref.startswith("saudinewsnet:"):
        key = ref.split(":", 1)[1]
        rec = _saudinewsnet().get(key)
        if rec is None:
            raise InputError(f"{where}: no article {key!r} in {SAUDINEWSNET}")
        return rec["text"], {"published": rec.get("published"), "title": rec.get("title")}
    from marsad.documents import read_path

    path = ROOT / ref
    if not path.exists():
        raise InputError(f"{where}: document {ref!r} not found (paths are relative to the repository root {ROOT})")
    rec = next(read_path(str(path)))
    return rec.text, {"published": rec.published, "title": None}


def load_gold(path: str | Path) -> list[GoldDoc]:
    """Read a gold JSONL file; every problem names the file and line."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{path}: no such gold file")
    docs = []
    for lineno, line in enumerate(p.read_text("utf-8").splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        where = f"{path}, line {lineno}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}: broken JSON ({exc.msg})") from exc
        if not isinstance(obj, dict) or "doc" not in obj or not isinstance(obj.get("quotes"), list):
            raise InputError(f"{where}: expected an object with 'doc' and a 'quotes' list")
        text, meta = _read_doc(obj["doc"], where)
        quotes = [_gold_quote(text, q, f"{where}, quote {i + 1}") for i, q in enumerate(obj["quotes"])]
        docs.append(
            GoldDoc(
                obj["doc"],
                text,
                obj.get("published") or meta["published"],
                bool(obj.get("title_first_line", False)),
                meta["title"],
                quotes,
            )
        )
    return docs


def _gold_quote(text: str, q: dict[str, Any], where: str) -> GoldQuote:
    kind = q.get("kind")
    if kind not in KINDS:
        raise InputError(f"{where}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if "start" in q and "end" in q:
        s, e = int(q["start"]), int(q["end"])
        head = q.get("head")
        if not (0 <= s < e <= len(text)) or (head and not text[s:e].startswith(head)):
            raise InputError(f"{where}: offsets {s}-{e} do not hold the quotation starting {head!r}")
    elif "text" in q:
        n = int(q.get("occurrence", 1))
        s = -1
        for _ in range(n):
            s = text.find(q["text"], s + 1)
            if s < 0:
                raise InputError(f"{where}: quotation text not found in the document: {q['text'][:60]!r}")
        e = s + len(q["text"])
    else:
        raise InputError(f"{where}: give the quotation's 'text' or its 'start' and 'end'")
    return GoldQuote(s, e, kind, q.get("speaker"))


def _fold(s: str) -> str:
    return " ".join(normalize_word(s).replace("ـ", "").split())


def speaker_ok(analysis: Analysis, pred: Quote, gold: str | None) -> bool:
    if gold is None:
        return pred.speaker is None and not pred.speaker_text
    g = f" {_fold(gold)} "
    names = [pred.speaker_text or ""]
    ent = analysis.entity(pred.speaker)
    if ent is not None:
        names += [ent.name, *ent.aliases]
        if ent.name_en:
            names.append(ent.name_en)
    return any(g in f" {_fold(n)} " for n in names if n)


def evaluate(
    docs: list[GoldDoc], analyse: Callable[[GoldDoc], Analysis] | None = None, *, errors: bool = False
) -> QuoteScores:
    if analyse is None:
        from marsad.quotes import analyze_quotes

        def analyse(d: GoldDoc) -> Analysis:
            return analyze_quotes(d.text, published=d.published, title_first_line=d.title_first_line, title=d.title)

    exact, overlap = [], []
    res = QuoteScores(Report(score_spans([], []).micro), Report(score_spans([], []).micro))
    for d in docs:
        a = analyse(d)
        gold = [(q.start, q.end, q.kind) for q in d.quotes]
        pred = [(q.start, q.end, q.kind) for q in a.quotes]
        exact.append(score_spans(gold, pred, mode="exact"))
        overlap.append(score_spans(gold, pred, mode="overlap"))
        pairs = dict(match_spans(gold, pred, mode="overlap"))
        res.gold_total += len(gold)
        res.documents += 1
        for gi, gq in enumerate(d.quotes):
            pi = pairs.get(gi)
            if pi is None:
                if errors:
                    res.errors.append(
                        {"doc": d.ref, "error": "missed", "kind": gq.kind, "text": d.text[gq.start : gq.end]}
                    )
                continue
            res.speaker_matched += 1
            pq = a.quotes[pi]
            if speaker_ok(a, pq, gq.speaker):
                res.speaker_correct += 1
            elif errors:
                ent = a.entity(pq.speaker)
                res.errors.append(
                    {"doc": d.ref, "error": "speaker", "gold": gq.speaker,
                     "pred": ent.name if ent else pq.speaker_text, "text": d.text[gq.start : gq.end][:80]}
                )  # fmt: skip
        if errors:
            matched = set(pairs.values())
            for pi, pq in enumerate(a.quotes):
                if pi not in matched:
                    res.errors.append({"doc": d.ref, "error": "spurious", "kind": pq.kind, "text": pq.text[:80]})
    res.exact = merge(exact)
    res.overlap = merge(overlap)
    return res
