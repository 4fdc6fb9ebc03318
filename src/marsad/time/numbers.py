"""Counts before time units (ثلاثة أيام، 48 ساعة، خمسة وعشرين عامًا).

The quantities package owns Arabic number parsing (:func:`marsad.quantities.numbers.parse_number_words`);
this module uses it when it is importable and otherwise falls back to a small table (digits, the
numbers one to ten in words, vague counts such as بضعة and عدة). Duals (يومين) are handled by the unit
lexicon, not here.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from functools import cache

from marsad.time.lexicon import lexicon

log = logging.getLogger(__name__)

VAGUE = "X"  # a count that is there but unknown: بضعة أيام -> PXD


@cache
def _external() -> Callable[[str], float | None] | None:
    try:
        from marsad.quantities.numbers import parse_number_words
    except ImportError:
        return None
    return parse_number_words


def parse_count(text: str) -> float | str | None:
    """The value of a count as written before a time unit: a number, :data:`VAGUE`, or None.

    ``text`` is in normalised form (digits already ASCII, ٫ as a dot)."""
    text = text.strip()
    if not text:
        return None
    compact = text.replace(",", "")
    try:
        return float(compact)
    except ValueError:
        pass
    words = lexicon().number_words
    if len(text.split()) == 1 and words.get(text) == VAGUE:
        return VAGUE
    external = _external()
    if external is not None:
        try:
            value = external(text)
        except Exception as exc:  # their parser failing must not take the time layer down
            log.debug("parse_number_words failed on %r: %s", text, exc)
            value = None
        if value is not None:
            return float(value)
    value_str = words.get(text)
    if value_str and value_str not in ("-", VAGUE):
        return float(value_str)
    return None
