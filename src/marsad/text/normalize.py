"""Offset-preserving Arabic normalisation for matching.

``normalize(text)`` returns a :class:`NormalizedText`: the normalised string plus a map from each
normalised character back to the index of the original character it came from. Lexicon lookups,
NER features and rules all run on the normalised string; every result is mapped back to the
original text through :meth:`NormalizedText.to_original`, once, in one place.

What is normalised (all for matching only; the original text is never changed):
- tashkeel (harakat, tanwin, shadda, sukun, dagger alef, Quranic marks) and tatweel are removed;
- alef with hamza/madda and wasla (أ إ آ ٱ) become bare alef; ؤ becomes و; ئ becomes ي;
- alef maqsura ى becomes ي; taa marbuta ة becomes ه;
- Persian/Urdu letters used in Arabic text (ک ی ۀ) become their Arabic counterparts;
- Arabic-Indic and Persian digits become ASCII digits; ٫ ٬ ٪ become . , %;
- presentation forms (ﻻ ﷲ ...) are unfolded with NFKC;
- zero-width and bidi control marks are removed.
"""

from __future__ import annotations

import re
import unicodedata
from array import array
from dataclasses import dataclass

from marsad.caches import word_cache

_REMOVE = (
    "\u0610\u0611\u0612\u0613\u0614\u0615\u0616\u0617\u0618\u0619\u061a"  # Quranic signs
    + "".join(chr(c) for c in range(0x064B, 0x0660))  # tanwin, harakat, shadda, sukun, madda, hamza marks
    + "\u0670"  # dagger alef
    + "".join(chr(c) for c in range(0x06D6, 0x06DD))
    + "".join(chr(c) for c in range(0x06DF, 0x06E5))
    + "\u06e7\u06e8\u06ea\u06eb\u06ec\u06ed"
    + "\u0640"  # tatweel
    + "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"  # zero-width, bidi
    + "\u2066\u2067\u2068\u2069\u2060\ufeff\u061c\u00ad"
)

_MAP = {
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ٲ": "ا", "ٳ": "ا",
    "ؤ": "و", "ئ": "ي", "ى": "ي", "ة": "ه",
    "ک": "ك", "ی": "ي", "ۀ": "ه", "ې": "ي", "ہ": "ه", "ە": "ه",
    "٫": ".", "٬": ",", "٪": "%",
}  # fmt: skip
for _i in range(10):
    _MAP[chr(0x0660 + _i)] = str(_i)  # Arabic-Indic digits
    _MAP[chr(0x06F0 + _i)] = str(_i)  # Persian digits

_TABLE: dict[int, str | None] = {ord(c): None for c in _REMOVE}
_TABLE.update({ord(k): v for k, v in _MAP.items()})
_REMOVE_RE = re.compile("[" + re.escape(_REMOVE) + "]+")
_PRESENTATION_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


@dataclass(slots=True, frozen=True)
class NormalizedText:
    """A normalised string with a map back to the original.

    ``offsets[i]`` is the index in ``original`` of the character that produced ``text[i]``;
    ``offsets`` is None when the map is the identity (nothing was removed or expanded).
    """

    original: str
    text: str
    offsets: array | None

    def orig_index(self, i: int) -> int:
        """Original index of normalised character ``i`` (``i == len(text)`` maps to the end)."""
        if self.offsets is None:
            return i
        if i >= len(self.offsets):
            return len(self.original)
        return self.offsets[i]

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """Map a normalised span ``[start, end)`` to the original span covering the same characters."""
        if self.offsets is None:
            return start, end
        if end <= start:
            o = self.orig_index(start)
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1

    def from_original(self, start: int, end: int) -> tuple[int, int]:
        """Map an original span to the normalised span (removed characters at the edges vanish)."""
        if self.offsets is None:
            return start, end
        from bisect import bisect_left

        return bisect_left(self.offsets, start), bisect_left(self.offsets, end)


def _normalize_char(ch: str) -> str:
    """Slow path for one character (presentation forms)."""
    out = unicodedata.normalize("NFKC", ch) if _PRESENTATION_RE.match(ch) else ch
    return out.translate(_TABLE)


def normalize(text: str) -> NormalizedText:
    """Normalise ``text`` for matching, keeping a map back to the original offsets."""
    if _PRESENTATION_RE.search(text):
        pieces: list[str] = []
        offsets = array("l")
        for i, ch in enumerate(text):
            out = _normalize_char(ch)
            pieces.append(out)
            offsets.extend([i] * len(out))
        return NormalizedText(text, "".join(pieces), offsets)
    norm = text.translate(_TABLE)
    if len(norm) == len(text):
        return NormalizedText(text, norm, None)
    # Only deletions happened: keep the indices of the surviving characters, run by run.
    offsets = array("l")
    prev = 0
    for m in _REMOVE_RE.finditer(text):
        offsets.extend(range(prev, m.start()))
        prev = m.end()
    offsets.extend(range(prev, len(text)))
    return NormalizedText(text, norm, offsets)


@word_cache
def normalize_word(word: str) -> str:
    """Normalised form of a short string (lexicon entries, tokens); no offset map."""
    if _PRESENTATION_RE.search(word):
        return "".join(_normalize_char(c) for c in word)
    return word.translate(_TABLE)


def strip_tashkeel(text: str) -> str:
    """Remove diacritics and tatweel only (no letter folding): for display."""
    return _REMOVE_RE.sub("", text)
