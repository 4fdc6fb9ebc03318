"""Document contexts from the PLOVER v2 context list (diplomatic, economic, military, ...).

A context is given when its evidence in the document reaches a threshold: cue words from
``data/contexts.tsv`` (each with a weight) plus what the events say — their CAMEO family, their
actors' sectors and money amounts (table :data:`EVENT_CONTEXTS`). Contexts come out strongest first.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from marsad.caches import WORD_CACHE_SIZE
from marsad.events.lexicon import Lexicon, bare_forms, default_lexicon
from marsad.model import Analysis
from marsad.pipeline import Stage

THRESHOLD = 2
PER_PHRASE_CAP = 2  # one cue repeated ten times is still one topic

# CAMEO code prefix -> context, after the CAMEO->PLOVER table (checked against the manual)
EVENT_CONTEXTS: dict[str, str] = {
    "03": "diplomatic", "04": "diplomatic", "05": "diplomatic", "0311": "economic", "031": "economic",
    "061": "economic", "0312": "military", "062": "military", "063": "legal", "064": "intelligence",
    "071": "economic", "072": "military", "075": "asylum", "16": "diplomatic", "1723": "pro_autocracy",
    "1724": "pro_autocracy", "173": "legal", "174": "legal", "19": "military", "115": "legal",
}  # fmt: skip
SECTOR_CONTEXTS = {"MIL": "military", "BUS": "economic", "JUD": "legal", "LEG": "legislative", "SPY": "intelligence",
                   "COP": "crime"}  # fmt: skip


_CUE_CACHE: dict[int, dict[str, tuple[tuple[str, int, tuple[str, ...]], ...]]] = {}
_INDEXES: dict[int, dict[str, list[tuple[str, int, tuple[str, ...]]]]] = {}


def _index(lex: Lexicon) -> dict[str, list[tuple[str, int, tuple[str, ...]]]]:
    index: dict[str, list[tuple[str, int, tuple[str, ...]]]] = defaultdict(list)
    for ctx, weight, phrase in lex.contexts:
        index[phrase[0]].append((ctx, weight, phrase))
    return index


def document_contexts(analysis: Analysis, lexicon: Lexicon | None = None) -> list[str]:
    lex = lexicon or default_lexicon()
    index = _INDEXES.get(id(lex))
    if index is None:
        index = _INDEXES[id(lex)] = _index(lex)
    score: Counter[str] = Counter()
    seen: Counter[tuple[str, ...]] = Counter()
    words = [t for t in analysis.tokens if t.kind in ("word", "latin")]
    norms = [t.norm for t in words]
    cache = _CUE_CACHE.setdefault(id(lex), {})
    for k, norm in enumerate(norms):
        hits = cache.get(norm)
        if hits is None:
            if len(cache) >= WORD_CACHE_SIZE:
                cache.clear()
            forms = dict.fromkeys((norm, *bare_forms(norm)))
            hits = cache[norm] = tuple(h for f in forms for h in index.get(f, ()))
        for ctx, weight, phrase in hits:
                if len(phrase) > 1:
                    rest = norms[k + 1 : k + len(phrase)]
                    if len(rest) != len(phrase) - 1 or not all(
                        r == p or p in bare_forms(r) for r, p in zip(rest, phrase[1:], strict=True)
                    ):
                        continue
                if seen[phrase] < PER_PHRASE_CAP:
                    seen[phrase] += 1
                    score[ctx] += weight
    for e in analysis.events:
        if e.modality in ("negated", "hypothetical"):
            continue
        code = e.cameo or ""
        for n in (4, 3, 2):
            if code[:n] in EVENT_CONTEXTS:
                score[EVENT_CONTEXTS[code[:n]]] += 1
                break
        for actor in (e.actor, e.recipient):
            if actor is not None and actor.sector in SECTOR_CONTEXTS:
                score[SECTOR_CONTEXTS[actor.sector]] += 1
        if e.amounts:
            score["economic"] += 1
    return [c for c, s in sorted(score.items(), key=lambda kv: (-kv[1], kv[0])) if s >= THRESHOLD]


class ContextStage(Stage):
    """PLOVER contexts of the document (``analysis.contexts``)."""

    name = "contexts"
    requires = ("sentences", "tokens")
    provides = ("contexts",)

    def __init__(self, *, lexicon: Lexicon | None = None) -> None:
        self._lexicon = lexicon

    def __call__(self, analysis: Analysis) -> Analysis:
        analysis.contexts = document_contexts(analysis, self._lexicon)
        return analysis
