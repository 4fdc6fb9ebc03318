"""One size for the per-word caches every stage keeps (a word's analysis, features, lexicon hits).

News vocabulary is open: a batch of a few thousand articles meets some hundred thousand distinct
word forms, and each stage remembers what it computed for a word. With each cache sized on its own
(50,000 to 500,000 words), the full pipeline's peak RSS reached 388-397 MB over 2,000 SaudiNewsNet
articles and 521 MB over 6,000 (363 and 438 MB with the default here; README,
"Memory over long batches"). :data:`WORD_CACHE_SIZE` bounds them all; the caches evict the least
recently used word (or, for the few plain dicts, start again when full), so the frequent words stay
and most tokens still hit. ``benchmarks/throughput.py`` prints the peak RSS and speed for a size.

Set ``MARSAD_WORD_CACHE=N`` in the environment before marsad is imported to trade memory for speed.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from functools import lru_cache
from typing import TypeVar

log = logging.getLogger(__name__)

DEFAULT_WORD_CACHE_SIZE = 50_000
ENV_VAR = "MARSAD_WORD_CACHE"

F = TypeVar("F", bound=Callable)


def _size_from_env() -> int:
    raw = os.environ.get(ENV_VAR, "").strip()
    if not raw:
        return DEFAULT_WORD_CACHE_SIZE
    try:
        size = int(raw)
        if size < 1000:
            raise ValueError
    except ValueError:
        log.warning("%s=%r: not a whole number >= 1000; using %d", ENV_VAR, raw, DEFAULT_WORD_CACHE_SIZE)
        return DEFAULT_WORD_CACHE_SIZE
    return size


WORD_CACHE_SIZE = _size_from_env()
# The NER features of a word are the dearest to recompute (the 62,211 distinct words of 500 SaudiNewsNet
# articles: 1.3 s), and the tagger is the slowest stage: its caches are twice as large. With every
# cache at 50,000, benchmarks/ner.py ran at 33,500-34,000 tokens/s against 43,000-47,000 with every
# cache at 200,000 (alternating runs).
FEATURE_CACHE_SIZE = 2 * WORD_CACHE_SIZE


def word_cache(fn: F) -> F:
    """``functools.lru_cache`` of :data:`WORD_CACHE_SIZE` entries, for functions of one word."""
    return lru_cache(maxsize=WORD_CACHE_SIZE)(fn)  # type: ignore[return-value]


def feature_cache(fn: F) -> F:
    """``functools.lru_cache`` of :data:`FEATURE_CACHE_SIZE` entries (the NER features of a word)."""
    return lru_cache(maxsize=FEATURE_CACHE_SIZE)(fn)  # type: ignore[return-value]
