"""How much an unseen word *looks like* a person's or a place's name, from its letters alone.

Exact lists (``person_names.tsv``, ``lexicon.tsv``) know the names they hold and nothing else, and
news is full of names they miss: a new footballer (بيللغريني), a minister of a small country. Yet a
transliterated foreign name reads differently from an Arabic noun: letter sequences such as يوكا،
ستلر، ـينيي are rare in ordinary words. This module scores a word stem by character n-grams
(2 to 5 letters, with ``^``/``$`` marking the word's edges) as a naive-Bayes log-likelihood ratio of
two name classes against ordinary words, averaged over the word's n-grams:

- ``PER``: words of person names (arabic-name-romanizer's Wikidata name index, CC0);
- ``GEO``: words of place names (ArWikiCats' city and region names, MIT; marsad's gazetteer);
- ``ORD``: ordinary words, the stems of general-Arabic words of Zipf frequency ≥ 3 (wordfreq, CC BY-SA
  4.0) that are in neither name class.

The table ``data/nameness.tsv.gz`` (built by :mod:`marsad.ner.build_nameness`) holds, per n-gram,
the two log ratios; an n-gram it lacks counts as unseen in every class. The scores are *features*
for the CRF (:mod:`marsad.ner.features`, ``nmP=``/``nmG=`` bands), never rules.
"""

from __future__ import annotations

import gzip
from functools import cache
from importlib import resources
from itertools import repeat

DATA_FILE = "data/nameness.tsv.gz"
NGRAM_SIZES = (2, 3, 4, 5)
MIN_LETTERS = 3  # shorter stems are mostly clitic debris and particles: no score


def ngrams(stem: str) -> list[str]:
    """Character n-grams of ``stem`` with its edges marked (``^`` and ``$``)."""
    w = "^" + stem + "$"
    return list(map(w.__getitem__, _slices(len(w))))


@cache
def _slices(width: int) -> tuple[slice, ...]:
    # the n-gram positions of a marked word of this width, so a word's n-grams are cut in C
    return tuple(slice(i, i + n) for n in NGRAM_SIZES for i in range(width - n + 1))


class NamenessTable:
    """n-gram -> (PER vs ORD, GEO vs ORD) log ratios, with the ratios of an unseen n-gram.

    The file's first line is ``# unseen <TAB> per <TAB> geo``; each further line is
    ``ngram <TAB> per <TAB> geo`` (floats, two decimals)."""

    def __init__(self, text: str) -> None:
        head, _, body = text.partition("\n")
        fields = head.split("\t")
        if len(fields) != 3 or not fields[0].startswith("# unseen"):
            raise ValueError(f"{DATA_FILE}: line 1: expected '# unseen<TAB>per<TAB>geo', got {head[:60]!r}")
        self.unseen = (float(fields[1]), float(fields[2]))
        parts = body.rstrip("\n").replace("\t", "\n").split("\n") if body.strip() else []
        if len(parts) % 3:
            raise ValueError(f"{DATA_FILE}: a line does not have three tab-separated fields")
        # one dict of complex numbers, PER + GEO·j: a word's two scores are one C-level sum
        ratios = map(complex, map(float, parts[1::3]), map(float, parts[2::3]))
        self._ratios = dict(zip(parts[0::3], ratios, strict=True))
        self._unseen = complex(*self.unseen)

    def __len__(self) -> int:
        return len(self._ratios)

    def score(self, stem: str) -> tuple[float, float] | None:
        """(PER, GEO) scores of a word stem: mean log ratio per n-gram (positive: name-like), or
        None for a stem shorter than :data:`MIN_LETTERS`."""
        if len(stem) < MIN_LETTERS:
            return None
        cuts = _slices(len(stem) + 2)
        n = len(cuts)
        total = sum(map(self._ratios.get, map(("^" + stem + "$").__getitem__, cuts), repeat(self._unseen, n)))
        return total.real / n, total.imag / n


@cache
def nameness_table() -> NamenessTable:
    raw = resources.files("marsad.ner").joinpath(DATA_FILE).read_bytes()
    return NamenessTable(gzip.decompress(raw).decode("utf-8"))


def band(score: float) -> str:
    """A score as a coarse band (half units, clipped to ±1.5), the CRF's feature value."""
    return str(max(-3, min(3, round(score * 2))))
