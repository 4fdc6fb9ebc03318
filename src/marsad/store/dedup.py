"""Near-duplicate detection: MinHash signatures (datasketch) over word 3-grams of the normalised text,
bucketed with LSH bands that live in the store (table ``article_bands``), so the index survives
restarts and is shared by every process that writes to the store.

With ``NUM_PERM = 64`` split into ``BANDS = 16`` bands of 4 rows, two articles whose estimated
Jaccard similarity is 0.8 share at least one band with probability ~0.9999, and the candidates are
then checked against :data:`THRESHOLD` with the full signatures.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from functools import cache

import numpy as np

NUM_PERM = 64
BANDS = 16
ROWS = NUM_PERM // BANDS
THRESHOLD = 0.8  # estimated Jaccard similarity at or above which two articles tell one story
SHINGLE = 3
_WORD_RE = re.compile(r"\w+")


def shingles(folded_text: str) -> set[bytes]:
    """Word 3-grams of an already normalised, lower-cased text (fewer words: the words themselves)."""
    words = _WORD_RE.findall(folded_text)
    if len(words) < SHINGLE:
        return {w.encode("utf-8") for w in words}
    return {" ".join(words[i : i + SHINGLE]).encode("utf-8") for i in range(len(words) - SHINGLE + 1)}


@cache
def _template() -> object:
    from datasketch import MinHash

    return MinHash(num_perm=NUM_PERM, seed=1)


def warm() -> None:
    """Load datasketch now (it takes a second): before forking workers, so they share it."""
    _template()


def signature(folded_text: str) -> bytes | None:
    """The MinHash signature (``NUM_PERM`` uint64 values as bytes), or None for a text without words.
    Shingles are hashed with CRC-32 (stable across processes and runs, and fast)."""
    from datasketch import MinHash

    sh = shingles(folded_text)
    if not sh:
        return None
    tmpl = _template()
    mh = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=zlib.crc32, permutations=tmpl.permutations, scheme=tmpl.scheme)
    mh.update_batch(list(sh))
    return np.asarray(mh.hashvalues, dtype=np.uint64).tobytes()


def bands(sig: bytes) -> list[tuple[int, str]]:
    """``(band, bucket)`` pairs of a signature for the LSH table; the bucket key starts with the band."""
    out = []
    step = ROWS * 8
    for b in range(BANDS):
        chunk = sig[b * step : (b + 1) * step]
        out.append((b, f"{b:02d}" + hashlib.blake2b(chunk, digest_size=8).hexdigest()))
    return out


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of two signatures."""
    va = np.frombuffer(a, dtype=np.uint64)
    vb = np.frombuffer(b, dtype=np.uint64)
    if va.shape != vb.shape:
        return 0.0
    return float(np.count_nonzero(va == vb)) / len(va)
