"""Document features for a second-pass CRF (stacking): what the first-pass CRF said about the same
word elsewhere in the document, and about the token's own neighbourhood.

A name is often tagged confidently in one sentence (``قال حزب الليكود``) and missed in another
(``الليكود قرر``). Label propagation (:func:`marsad.ner.propagate`) copies such decisions by rule;
the second-pass CRF learns instead how far to trust them, from first-pass tags that the training
code obtains by cross-validation (a model never tags the sentences it was trained on, so the
second pass learns how reliable the first pass is on unseen text).

Features of a token whose stem has three letters or more, from the other sentences of the window:

- ``dc=TYPE`` the entity type the first pass gave that stem most often there (``dc=O`` when it
  was never inside an entity), ``dr=all|hi|lo`` the share of its occurrences inside an entity,
  and their conjunction;
- ``ds=B-TYPE`` / ``ds=I-TYPE`` where a multi-word entity of the first pass recurs word for word;

and of every token, its own first-pass tag and its neighbours' (``t1=``, ``t1-1=``, ``t1+1=``).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

from marsad.eval.scoring import bio_to_spans

MIN_STEM = 3  # shorter stems (clitics, particles) say nothing about names
FOLDS = 5  # cross-validation folds for the first-pass tags of the training data


def _band(share: float) -> str:
    return "all" if share >= 1.0 else "hi" if share >= 0.5 else "lo"


def document_features(
    stems: Sequence[Sequence[str]], first: Sequence[Sequence[str]], *, window: int | None
) -> list[list[list[str]]]:
    """Per sentence, per token: the stacking features (see the module docstring). ``stems``: the
    tokens' clitic-stripped forms; ``first``: the first-pass BIO tags; ``window``: sentences on each
    side that count as the document (None: all of them)."""
    n = len(stems)
    counts: list[dict[str, Counter[str]]] = []
    spans: list[list[tuple[tuple[str, ...], str]]] = []
    for st, tg in zip(stems, first, strict=True):
        c: dict[str, Counter[str]] = defaultdict(Counter)
        for w, t in zip(st, tg, strict=True):
            if len(w) >= MIN_STEM:
                c[w][t[2:] if t != "O" else "O"] += 1
        counts.append(c)
        spans.append([(tuple(st[a:b]), str(lab)) for a, b, lab in bio_to_spans(list(tg)) if b - a >= 2])
    out: list[list[list[str]]] = []
    for si, (st, tg) in enumerate(zip(stems, first, strict=True)):
        lo, hi = (0, n) if window is None else (max(0, si - window), min(n, si + window + 1))
        wanted = {w for w in st if len(w) >= MIN_STEM}
        seen: dict[str, Counter[str]] = defaultdict(Counter)
        seqs: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for sj in range(lo, hi):
            if sj == si:
                continue
            c = counts[sj]
            for w in wanted.intersection(c):
                seen[w].update(c[w])
            for key, lab in spans[sj]:
                if key[0] in wanted:
                    seqs[key[0]].append((key, lab))
        m = len(st)
        feats: list[list[str]] = []
        for i, w in enumerate(st):
            f = ["t1=" + tg[i]]
            if i:
                f.append("t1-1=" + tg[i - 1])
            if i + 1 < m:
                f.append("t1+1=" + tg[i + 1])
            here = seen.get(w)
            if here:
                total = sum(here.values())
                inside = total - here["O"]
                if inside:
                    # the most frequent type; a tie goes to the type named last
                    lab = max((k for k in here if k != "O"), key=lambda k: (here[k], k))
                    band = _band(inside / total)
                    f.extend(("dc=" + lab, "dr=" + band, f"dc={lab}&dr={band}"))
                else:
                    f.append("dc=O")
            feats.append(f)
        for i, w in enumerate(st):
            for key, lab in seqs.get(w, ()):
                k = len(key)
                if tuple(st[i : i + k]) == key:
                    feats[i].append("ds=B-" + lab)
                    for x in range(i + 1, i + k):
                        feats[x].append("ds=I-" + lab)
        out.append(feats)
    return out


def fold_bounds(n: int, folds: int = FOLDS) -> list[tuple[int, int]]:
    """Contiguous folds over ``n`` sentences (contiguous, so that a fold's document windows are
    tagged by a model that saw none of them)."""
    return [(n * f // folds, n * (f + 1) // folds) for f in range(folds)]
