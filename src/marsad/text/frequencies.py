"""General-Arabic word frequencies (``data/wordfreq.tsv.gz``): Zipf frequencies of normalised word
forms, from the wordfreq package's data (CC BY-SA 4.0; rebuilt by :mod:`marsad.ner.build_wordfreq`,
see NOTICE). The text layer settles clitic readings with them (:func:`marsad.text.tokenize.refine_clitics`);
the NER features read them too.
"""

from __future__ import annotations

from functools import cache
from importlib import resources


class WordFrequencies:
    """Normalised Arabic word form -> Zipf frequency in general Arabic (see the module docstring).

    The table is split in one pass and zipped into a dict of strings (no per-line Python loop:
    loads in about 0.1 s); a value becomes a float only when asked for."""

    def __init__(self, text: str) -> None:
        body = text[text.index("\n") + 1 :] if text.startswith("#") else text
        parts = body.rstrip("\n").replace("\t", "\n").split("\n")
        self._table = dict(zip(parts[0::2], parts[1::2], strict=True))

    def __len__(self) -> int:
        return len(self._table)

    def get(self, word: str) -> float | None:
        z = self._table.get(word)
        return None if z is None else float(z)

    def common(self, min_zipf: float) -> list[str]:
        """The forms of Zipf frequency ``min_zipf`` or more, in the table's order."""
        return [w for w, z in self._table.items() if float(z) >= min_zipf]


@cache
def word_frequencies() -> WordFrequencies:
    import gzip

    raw = resources.files("marsad.text").joinpath("data/wordfreq.tsv.gz").read_bytes()
    return WordFrequencies(gzip.decompress(raw).decode("utf-8"))
