"""Training and evaluation of the CRF tagger (``marsad train ner`` / ``marsad eval ner``).

Reproducible: python-crfsuite's L-BFGS has no randomness; with the same data, features
(:data:`marsad.ner.features.FEATURE_VERSION`) and :data:`DEFAULT_PARAMS` the model is the same.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.errors import InputError
from marsad.eval.scoring import Report, bio_to_spans, merge, score_spans

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[3]
SHARED = ROOT.parent / "shared"
DEFAULT_TRAIN = SHARED / "data" / "anercorp" / "train.txt"
DEFAULT_DEV = SHARED / "data" / "anercorp" / "dev.txt"
LABELS = ("PERS", "LOC", "ORG", "MISC")

DEFAULT_PARAMS: dict[str, Any] = {
    "c1": 0.2,
    "c2": 0.02,  # tuned on dev with the v2 features (0.02: 73.77, 0.05: 73.59 micro F1)
    "max_iterations": 200,
    "feature.possible_transitions": True,
    "feature.minfreq": 1,
}


@dataclass(slots=True)
class Sentence:
    tokens: list[str]
    tags: list[str]  # empty when the file has no tag column


def _read_text(path: str | Path) -> str:
    try:
        return Path(path).read_text("utf-8")
    except OSError as e:
        raise InputError(f"cannot read {path}: {e.strerror or e}") from e
    except UnicodeDecodeError as e:
        raise InputError(f"{path} is not UTF-8 text: {e}") from e


def read_conll(path: str | Path, *, tags: bool = True, text: str | None = None) -> list[Sentence]:
    """Sentences of a CoNLL-style file: token in the first column, the tag in the last column
    (when ``tags``), any other columns ignored, a blank line between sentences. Wojood-style
    lines with several tags (nested entities) keep the first tag."""
    if text is None:
        text = _read_text(path)
    out: list[Sentence] = []
    toks: list[str] = []
    tgs: list[str] = []
    for n, line in enumerate(text.splitlines(), 1):
        cols = line.split()
        if not cols:
            if toks:
                out.append(Sentence(toks, tgs))
                toks, tgs = [], []
            continue
        toks.append(cols[0])
        if tags:
            if len(cols) < 2:
                raise InputError(f"{path} line {n}: expected 'token TAG', got {line.strip()!r}")
            tag = cols[1]
            if tag != "O" and (tag[:2] not in ("B-", "I-") or not tag[2:]):
                raise InputError(f"{path} line {n}: {tag!r} is not a BIO tag (O, B-TYPE, I-TYPE)")
            tgs.append(tag)
    if toks:
        out.append(Sentence(toks, tgs))
    return out


WOJOOD_MAP = {"PERS": "PERS", "GPE": "LOC", "LOC": "LOC", "ORG": "ORG", "FAC": "LOC", "NORP": "MISC", "EVENT": "MISC"}
# Wojood's types that have an ANERcorp counterpart without doubt; its NORP, EVENT, OCC ... are not
# ANERcorp's MISC, so out-of-domain scores are over persons, places and organisations only
WOJOOD_FLAT_MAP = {"PERS": "PERS", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC", "ORG": "ORG"}


def read_wojood(path: str | Path, mapping: dict[str, str] | None = None) -> list[Sentence]:
    """Sentences of a Wojood file (``token TAG [TAG ...]``, nested entities in further columns) as
    flat BIO tags over the ``mapping``'s types (default :data:`WOJOOD_FLAT_MAP`): in every layer the
    spans of a mapped type are kept, and where they nest, the outermost wins (``سكرتير اللجنة … في
    نابلس`` is an occupation around an organisation and a place: both of those are kept, flat)."""
    mapping = WOJOOD_FLAT_MAP if mapping is None else mapping
    text = _read_text(path)
    out: list[Sentence] = []
    rows: list[list[str]] = []
    for n, line in enumerate([*text.splitlines(), ""], 1):
        cols = line.split()
        if cols:
            for tag in cols[1:]:
                if tag != "O" and (tag[:2] not in ("B-", "I-") or not tag[2:]):
                    raise InputError(f"{path} line {n}: {tag!r} is not a BIO tag (O, B-TYPE, I-TYPE)")
            rows.append(cols)
            continue
        if not rows:
            continue
        spans: list[tuple[int, int, str]] = []
        depth = max(len(r) for r in rows) - 1
        for layer in range(1, depth + 1):
            tags = [r[layer] if len(r) > layer else "O" for r in rows]
            # a token's tags are listed outermost first; a lower layer may skip a type a token lacks,
            # so each type's spans are read from its own tags
            for a, b, typ in bio_to_spans(tags):
                if typ in mapping:
                    spans.append((a, b, mapping[typ]))
        flat = ["O"] * len(rows)
        for a, b, typ in sorted(set(spans), key=lambda s: (s[0], -(s[1] - s[0]))):
            if all(t == "O" for t in flat[a:b]):
                flat[a : b] = ["B-" + typ] + ["I-" + typ] * (b - a - 1)
        out.append(Sentence([r[0] for r in rows], flat))
        rows = []
    return out


def map_tags(sents: Iterable[Sentence], mapping: dict[str, str]) -> list[Sentence]:
    """Map entity types (types absent from ``mapping`` become O; repaired so I- never follows O)."""
    out = []
    for s in sents:
        new = []
        prev = "O"
        for t in s.tags:
            typ = mapping.get(t[2:]) if t != "O" else None
            if typ is None:
                tag = "O"
            elif t.startswith("I-") and prev[2:] != typ:
                tag = "B-" + typ
            else:
                tag = t[:2] + typ
            new.append(tag)
            prev = tag
        out.append(Sentence(s.tokens, new))
    return out


def keep_types(tags: Sequence[Sequence[str]], types: set[str]) -> list[list[str]]:
    """Tag sequences with every entity of a type outside ``types`` turned to O."""
    return [[t if t == "O" or t[2:] in types else "O" for t in seq] for seq in tags]


def train(
    sentences: Sequence[Sentence],
    out: str | Path,
    *,
    params: dict[str, Any] | None = None,
    stack: bool = True,
) -> dict[str, Any]:
    """Train a CRF on ``sentences`` and write it to ``out``; with ``stack``, also the second-pass
    model (:mod:`marsad.ner.stacking`) beside it, from first-pass tags obtained by cross-validation.
    Returns the training metadata."""
    from marsad.ner.features import FEATURE_VERSION, sentence_features

    p = dict(DEFAULT_PARAMS, **(params or {}))
    algorithm = p.pop("algorithm", "lbfgs")
    if algorithm != "lbfgs":
        for k in ("c1", "c2"):
            p.pop(k, None)
    t0 = time.perf_counter()
    feats = [sentence_features(s.tokens) for s in sentences]
    gold = [s.tags for s in sentences]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _train_crf(feats, gold, out, algorithm, p)
    meta: dict[str, Any] = {
        "feature_version": FEATURE_VERSION,
        "algorithm": algorithm,
        "params": p,
        "sentences": len(sentences),
        "tokens": sum(len(s.tokens) for s in sentences),
    }
    if stack:
        _train_stack(sentences, feats, gold, out, algorithm, p)
        from marsad.ner.stacking import FOLDS

        meta["stacked"] = {"folds": FOLDS, "window": STACK_WINDOW}
    # the metadata file is part of the reproducible output: no timings in it
    out.with_suffix(".json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", "utf-8")
    return dict(meta, seconds=round(time.perf_counter() - t0, 1))


STACK_WINDOW = 15  # sentences: ANERcorp has no document boundaries (the window of ``marsad.ner.tag``)


def _train_crf(
    feats: Sequence[Any], gold: Sequence[Sequence[str]], out: Path, algorithm: str, params: dict[str, Any]
) -> None:
    import pycrfsuite

    from marsad.ner import write_attrs

    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(feats, gold, strict=True):
        trainer.append(x, y)
    trainer.select(algorithm)
    trainer.set_params(params)
    trainer.train(str(out))
    write_attrs(out)


def _train_stack(
    sentences: Sequence[Sentence],
    feats: Sequence[list[list[str]]],
    gold: Sequence[Sequence[str]],
    out: Path,
    algorithm: str,
    params: dict[str, Any],
) -> None:
    """The second-pass model: first-pass tags of each fold from a CRF trained on the other folds."""
    from marsad.ner import _stem, stack_path
    from marsad.ner.stacking import document_features

    first = fold_tags(feats, gold, algorithm, params)
    doc = document_features([[_stem(t) for t in s.tokens] for s in sentences], first, window=STACK_WINDOW)
    feats2 = [[fx + fd for fx, fd in zip(x, d, strict=True)] for x, d in zip(feats, doc, strict=True)]
    _train_crf(feats2, gold, stack_path(out), algorithm, params)


def fold_tags(
    feats: Sequence[list[list[str]]],
    gold: Sequence[Sequence[str]],
    algorithm: str,
    params: dict[str, Any],
    folds: int | None = None,
) -> list[list[str]]:
    """Each sentence's tags from a CRF trained on the other contiguous folds
    (:func:`marsad.ner.stacking.fold_bounds`): the stacked CRF's first pass at training time, and
    :mod:`marsad.ner.crossval`'s predictions."""
    import tempfile

    import pycrfsuite

    from marsad.ner.stacking import FOLDS, fold_bounds

    tags: list[list[str]] = [[] for _ in feats]
    with tempfile.TemporaryDirectory(prefix="marsad-folds-") as tmp:
        bounds = [(a, b) for a, b in fold_bounds(len(feats), folds or FOLDS) if a < b]
        for f, (a, b) in enumerate(bounds):
            model = Path(tmp) / f"fold{f}.crfsuite"
            _train_crf(list(feats[:a]) + list(feats[b:]), list(gold[:a]) + list(gold[b:]), model, algorithm, params)
            tagger = pycrfsuite.Tagger()
            tagger.open(str(model))
            for i in range(a, b):
                tagger.set(feats[i])
                tags[i] = tagger.tag() if feats[i] else []
            tagger.close()
            log.info("fold %d of %d tagged", f + 1, len(bounds))
    return tags


def evaluate(gold: Sequence[Sentence], predicted: Sequence[Sequence[str]]) -> Report:
    """Entity-level exact-match scores (conlleval semantics) over sentences."""
    if len(gold) != len(predicted):
        raise InputError(f"{len(gold)} gold sentences but {len(predicted)} predicted")
    reports = []
    for g, p in zip(gold, predicted, strict=True):
        reports.append(score_spans(bio_to_spans(g.tags), bio_to_spans(list(p))))
    total = merge(reports)
    for lab in LABELS:
        total.by_label.setdefault(lab, type(total.micro)())
    return total
