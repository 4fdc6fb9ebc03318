"""Word representations learned here from unlabelled Arabic text: word clusters and word vectors.

ANERcorp's 2007 newswire shows a few thousand names; news since shows many more. What a word *is*
(a surname, a city, a club, a ministry) shows in the company it keeps in a large corpus, which
needs no labels. :mod:`marsad.ner.build_representations` (``marsad train representations``) learns
skip-gram vectors with subword information (fastText's model, trained with gensim at build time
only) over the *stems* the NER features use (clitics off, normalised: ``والحكومة`` and ``حكومة``
are one word) from the ANT news corpus (2017–2018) and Egyptian Arabic Wikipedia, then groups the
vocabulary by k-means at several depths.

Shipped (``data/``):

- ``clusters.tsv.gz``: ``stem <TAB> id at depth 1 <TAB> id at depth 2 …``, one line per word of
  the vocabulary; the depths' sizes are in the header line (``# clusters <TAB> 64 <TAB> 256 …``).
- ``vectors/``: ``words.txt`` (the vocabulary, in the clusters file's order), ``word_vectors.npy``
  (its context vectors), ``ngram_vectors.npy`` (the subword buckets) and ``centroids<d>.npy`` (each
  depth's cluster centres in the subword space), float16. A word outside the vocabulary gets a
  vector from its character n-grams (fastText's hashing) and, at each depth, the cluster whose
  centre is nearest, so an unseen name still lands among names.

Both load lazily, on the first word asked for, the arrays memory-mapped. These are features for the
CRF (``cl1=`` …) and the neural tagger's initial embeddings, never rules.
"""

from __future__ import annotations

import gzip
import zlib
from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np

CLUSTERS_FILE = "data/clusters.tsv.gz"
VECTORS_DIR = "data/vectors"
MIN_N, MAX_N = 3, 5  # the subword n-gram sizes of the shipped vectors (fastText's minn/maxn)
_NGRAM_ROWS_KEPT = 500_000  # n-gram -> bucket entries remembered before the memo starts afresh
MIN_OOV_NGRAMS = 2  # a word with fewer known n-grams has no subword vector (too little evidence)


class Clusters:
    """Word -> cluster ids at each depth, for the vocabulary, and through subword vectors for
    words outside it."""

    def __init__(self, text: str, vectors: Vectors | None = None) -> None:
        head, _, body = text.partition("\n")
        fields = head.rstrip("\n").split("\t")
        if not fields or fields[0] != "# clusters":
            raise ValueError(f"{CLUSTERS_FILE}: line 1: expected '# clusters<TAB>k1<TAB>k2...', got {head[:60]!r}")
        self.sizes = tuple(int(k) for k in fields[1:])
        self._ids: dict[str, tuple[str, ...]] = {}
        depth = len(self.sizes)
        for n, line in enumerate(body.splitlines(), 2):
            parts = line.split("\t")
            if len(parts) != depth + 1:
                raise ValueError(f"{CLUSTERS_FILE}: line {n}: expected {depth + 1} tab-separated fields")
            self._ids[parts[0]] = tuple(parts[1:])
        self.vectors = vectors

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, word: str) -> bool:
        return word in self._ids

    def get(self, word: str) -> tuple[str, ...] | None:
        """The word's cluster ids (coarse to fine), from the vocabulary or, for an unseen word of at
        least :data:`MIN_N` letters, from its subword vector; None when neither knows it."""
        found = self._ids.get(word)
        if found is None and self.vectors is not None:
            found = self.vectors.nearest_clusters(word)
        return found


class Vectors:
    """Context vectors of the vocabulary, fastText-style subword buckets, and the clusters' centres
    in the subword space at each depth."""

    def __init__(
        self, words: list[str], word_vectors: np.ndarray, ngram_vectors: np.ndarray, centroids: list[np.ndarray]
    ) -> None:
        if len(words) != len(word_vectors):
            raise ValueError(f"{VECTORS_DIR}: {len(words)} words but {len(word_vectors)} vectors")
        self.words = words
        self.index = {w: i for i, w in enumerate(words)}
        self.word_vectors = word_vectors
        self.ngram_vectors = ngram_vectors
        self.buckets = int(ngram_vectors.shape[0])
        self.centroids = [c.astype(np.float32) for c in centroids]
        self._rows: dict[str, int] = {}  # n-gram -> bucket: n-grams recur across words

    @classmethod
    def load(cls, folder: Path) -> Vectors:
        words = (folder / "words.txt").read_text("utf-8").split("\n")[:-1]
        centroids = []
        while (folder / f"centroids{len(centroids)}.npy").exists():
            centroids.append(np.load(folder / f"centroids{len(centroids)}.npy"))
        return cls(
            words,
            np.load(folder / "word_vectors.npy", mmap_mode="r"),
            np.load(folder / "ngram_vectors.npy", mmap_mode="r"),
            centroids,
        )

    def row(self, word: str) -> int:
        """The word's row in :attr:`word_vectors`, -1 when it has none."""
        return self.index.get(word, -1)

    def signature(self) -> dict[str, int]:
        """What identifies these vectors to a model trained on them: the vocabulary's size and
        checksum, and the vectors' size."""
        return {"words": len(self.words), "dim": self.dim, "crc32": zlib.crc32("\n".join(self.words).encode("utf-8"))}

    @property
    def dim(self) -> int:
        return int(self.word_vectors.shape[1])

    def vector(self, word: str) -> np.ndarray | None:
        """The word's vector (float32): its own when in the vocabulary, else the mean of its known
        subword n-grams' vectors (None when fewer than :data:`MIN_OOV_NGRAMS` are known)."""
        i = self.index.get(word)
        if i is not None:
            return self.word_vectors[i].astype(np.float32)
        return self.subword_vector(word)

    def subword_vector(self, word: str) -> np.ndarray | None:
        """The mean of the word's n-gram vectors (None under :data:`MIN_OOV_NGRAMS` n-grams)."""
        grams = subword_ngrams(word)
        if len(grams) < MIN_OOV_NGRAMS:
            return None
        known = self._rows
        if len(known) > _NGRAM_ROWS_KEPT:
            known.clear()  # bounded over long batches: news keeps bringing new n-grams
        rows = []
        for g in grams:
            r = known.get(g)
            if r is None:
                r = known[g] = ft_hash(g) % self.buckets
            rows.append(r)
        return self.ngram_vectors[sorted(rows)].astype(np.float32).mean(axis=0)

    def nearest_clusters(self, word: str) -> tuple[str, ...] | None:
        """The clusters of an unseen word: at each depth, the centre nearest its subword vector."""
        v = self.subword_vector(word)
        if v is None:
            return None
        norm = float(np.linalg.norm(v))
        if norm == 0.0:
            return None
        v = v / norm
        return tuple(str(int(np.argmax(c @ v))) for c in self.centroids)


def subword_ngrams(word: str) -> list[str]:
    """fastText's character n-grams of ``word`` (``<`` and ``>`` mark its edges), sizes
    :data:`MIN_N` to :data:`MAX_N`."""
    w = "<" + word + ">"
    return [w[i : i + n] for n in range(MIN_N, MAX_N + 1) for i in range(len(w) - n + 1)]


def ft_hash(s: str) -> int:
    """fastText's FNV-1a hash of a string's UTF-8 bytes (each byte sign-extended, as fastText and
    gensim compute it), so a bucket index matches the trained model's."""
    h = 2166136261
    for b in s.encode("utf-8"):
        h = ((h ^ (b - 256 if b > 127 else b)) * 16777619) & 0xFFFFFFFF
    return h


@cache
def word_vectors() -> Vectors | None:
    """The shipped vectors, or None when the package has none (a build without them)."""
    folder = Path(str(resources.files("marsad.ner").joinpath(VECTORS_DIR)))
    if not (folder / "words.txt").exists():
        return None
    return Vectors.load(folder)


@cache
def word_clusters() -> Clusters | None:
    """The shipped clusters (with subword look-up when the vectors are shipped), or None."""
    try:
        raw = resources.files("marsad.ner").joinpath(CLUSTERS_FILE).read_bytes()
    except (FileNotFoundError, OSError):
        return None
    return Clusters(gzip.decompress(raw).decode("utf-8"), word_vectors())
