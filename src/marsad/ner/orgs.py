"""Organisation names (``data/org_names.tsv``, built by :mod:`marsad.ner.build_orgs`) and a matcher
over a sentence's token stems, for use as a CRF feature (never a rule).

Names are stored as sequences of word stems, the form ``marsad.ner.features.word_analysis(token)[3]``
gives (letters normalised, clitics and the article stripped), so ``وقال حلف شمال الأطلسي`` and
``قادة الناتو`` are matched on their tokens' stems directly.

The text layer strips a preposition (ب ل ك) only together with the article; the tagger's analysis
also strips one where word frequencies vouch for the rest (``لحزب`` -> حزب, ``لحماس`` -> حماس), but
not from a rest as rare as the whole. For names of two or more words, the loader adds the first
stem as running text may write it after those prepositions (لحزب، بحركه، للجنه -> جنه), each as a
phrase of its own under its own first stem; one-word names get no such forms.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from importlib import resources

from marsad.text.tokenize import PREPOSITIONS, analyze_clitics

DATA_FILE = "data/org_names.tsv"


def _prefixed_first(first: str) -> list[str]:
    """The stems running text gives for ``first`` with a preposition attached (``حزب`` -> لحزب،
    بحزب، كحزب; ``لجنه`` -> جنه for للجنة), other than ``first`` itself. A final ه is read as the
    taa marbuta of the surface (the stems of حركة، لجنة), as the tokeniser would from ة."""
    out = []
    for p in PREPOSITIONS:
        stem = analyze_clitics(p + first, first.endswith("ه"))[1]
        if stem != first:
            out.append(stem)
    return out


@cache
def org_names() -> dict[str, list[tuple[str, ...]]]:
    """Organisation names as tuples of word stems, keyed by their first stem (each tuple's first
    element is its key), longest first (then in a fixed order). Loaded once from the packaged
    ``data/org_names.tsv``; see the module docstring for the preposition forms added here."""
    text = resources.files("marsad.ner").joinpath(DATA_FILE).read_text("utf-8")
    phrases: set[tuple[str, ...]] = set()
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        words = tuple(line.partition("\t")[0].split())
        if not words:
            continue
        phrases.add(words)
        if len(words) > 1:
            phrases.update((first, *words[1:]) for first in _prefixed_first(words[0]))
    out: dict[str, list[tuple[str, ...]]] = {}
    for words in phrases:
        out.setdefault(words[0], []).append(words)
    for lst in out.values():
        lst.sort(key=lambda w: (-len(w), w))
    return out


@cache
def _index() -> tuple[frozenset[str], dict[tuple[str, str], list[tuple[str, ...]]]]:
    """One-word names, and longer names keyed by their first two stems (longest first): a head
    such as مجلس begins hundreds of names, and the pair narrows them to a few."""
    singles: set[str] = set()
    pairs: dict[tuple[str, str], list[tuple[str, ...]]] = {}
    for first, phrases in org_names().items():
        for words in phrases:  # longest first, kept in that order
            if len(words) == 1:
                singles.add(first)
            else:
                pairs.setdefault((words[0], words[1]), []).append(words)
    return frozenset(singles), pairs


def org_tags(stems: Sequence[str]) -> list[str | None]:
    """Per token: ``"B"`` on the first and ``"I"`` on the other tokens of each organisation name,
    ``None`` elsewhere. Names are matched left to right on the tokens' stems; at each token the
    longest name starting there wins and matches do not overlap. A token costs one dict lookup,
    and a set lookup."""
    n = len(stems)
    out: list[str | None] = [None] * n
    singles, pairs = _index()
    get = pairs.get
    i = 0
    while i < n:
        step = 1
        cands = get((stems[i], stems[i + 1])) if i + 1 < n else None
        if cands:
            for words in cands:
                k = len(words)
                if i + k <= n and tuple(stems[i : i + k]) == words:
                    step = k
                    break
        if step == 1 and stems[i] in singles:
            out[i] = "B"
        elif step > 1:
            out[i] = "B"
            for j in range(i + 1, i + step):
                out[j] = "I"
        i += step
    return out


@cache
def one_word_org_stems() -> frozenset[str]:
    """Stems that are an organisation's whole name (الناتو -> ناتو): label propagation spreads them
    even when they are common in news (:func:`marsad.ner._ordinary_word`)."""
    return frozenset(first for first, names in org_names().items() if any(len(n) == 1 for n in names))
