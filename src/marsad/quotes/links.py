"""Links between quotes that belong to one statement, so that consumers can count distinct statements.

The detector reports every stretch of speech it finds, and some of them are not new statements:

- a quoted stretch inside reported speech (أكد أن ما تقوم به واشنطن لا يأتي على حساب «علاقتها ...»)
  is a partial quote lying inside the indirect quote that already reports it;
- a headline's statement (... مع باكستان: ماركو روبيو) is told again, in the same words, by the
  body's opening sentence.

Nothing is removed: :func:`link_quotes` only sets :attr:`Quote.within` (the quote whose span contains
a partial quote) and :attr:`Quote.repeats` (an earlier quote of the same statement). A quote with
neither is a distinct statement (:func:`is_statement`, :func:`count_statements`).
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from difflib import SequenceMatcher

from marsad.model import Quote
from marsad.text import normalize_word, tokenize

log = logging.getLogger(__name__)

# Word-sequence similarity (difflib ratio, 2*matches/total words) from which two quotes of one
# speaker are the same statement. 0.85 lets an 8-word headline differ from the body in one word
# (7 of 8: 0.875) or drop a word or two of a longer sentence, but keeps apart two 6-word sentences
# that differ in one word (0.83), which may well say different things (الاتفاق / الهدنة).
REPEAT_SIMILARITY = 0.85
REPEAT_MIN_WORDS = 3  # shorter quotes (a term, a name) repeat without being restatements
WORD_KINDS = ("word", "latin", "number")


def link_quotes(quotes: list[Quote]) -> list[Quote]:
    """Set ``within`` and ``repeats`` on ``quotes`` (in place; ids must be set) and return them.

    Any links already present are recomputed, so running it twice changes nothing."""
    for q in quotes:
        q.within = q.repeats = None
    _link_within(quotes)
    _link_repeats(quotes)
    linked = sum(1 for q in quotes if not is_statement(q))
    if linked:
        log.debug("quotes: %d of %d quotes linked to another quote", linked, len(quotes))
    return quotes


def is_statement(q: Quote) -> bool:
    """A distinct statement: neither inside another quote nor a repeat of one."""
    return q.within is None and q.repeats is None


def count_statements(quotes: Iterable[Quote]) -> int:
    """How many distinct statements ``quotes`` hold (what an analyst would count)."""
    return sum(1 for q in quotes if is_statement(q))


# --- containment -----------------------------------------------------------------------------------


def _link_within(quotes: list[Quote]) -> None:
    """A partial quote inside another quote's span belongs to it: the innermost such quote that is an
    indirect quote or the same speaker's. A quote of another known speaker is left alone: those are
    a second speaker's words reported inside the first one's, a statement of their own."""
    for q in quotes:
        if q.kind != "partial":
            continue
        containers = [c for c in quotes if c is not q and _contains(c, q) and _may_hold(c, q)]
        if not containers:
            continue
        outer = min(containers, key=lambda c: (c.end - c.start, c.start))
        q.within = outer.id
        if _speaker_key(q) is None and outer.kind == "indirect":
            _inherit_speaker(q, outer)


def _contains(c: Quote, q: Quote) -> bool:
    return c.start <= q.start and q.end <= c.end and c.end - c.start > q.end - q.start


def _may_hold(c: Quote, q: Quote) -> bool:
    mine, theirs = _speaker_key(q), _speaker_key(c)
    if mine is None:  # nobody named: reported speech holds it; another quote only when unknown too
        return c.kind == "indirect" or theirs is None
    return mine == theirs


def _inherit_speaker(q: Quote, c: Quote) -> None:
    """The words quoted inside reported speech are the reporting speaker's."""
    q.speaker, q.speaker_text, q.speaker_span, q.attribution = c.speaker, c.speaker_text, c.speaker_span, c.attribution


# --- repeats ---------------------------------------------------------------------------------------


def _link_repeats(quotes: list[Quote]) -> None:
    """A quote of the same speaker saying the same words as an earlier statement repeats it. Only
    distinct statements take part, so a repeat points at the first telling, never at a fragment."""
    earlier: list[tuple[Quote, str, list[str]]] = []  # statements so far: quote, speaker, words
    for q in sorted(quotes, key=lambda x: (x.start, -x.end)):
        if q.within is not None:
            continue
        key = _speaker_key(q)
        if key is None:  # two unknown speakers may be anybody: never the same statement
            continue
        words = _words(q.text)
        if len(words) < REPEAT_MIN_WORDS:
            continue
        best: tuple[float, Quote] | None = None
        for prev, prev_key, prev_words in earlier:
            if prev_key != key:
                continue
            sm = SequenceMatcher(None, prev_words, words, autojunk=False)
            if sm.real_quick_ratio() < REPEAT_SIMILARITY:  # the lengths alone rule it out: skip the work
                continue
            ratio = sm.ratio()
            if ratio >= REPEAT_SIMILARITY and (best is None or ratio > best[0]):
                best = (ratio, prev)
        if best is not None:
            q.repeats = best[1].id
        else:
            earlier.append((q, key, words))


def _words(text: str) -> list[str]:
    """The quote's words in the text layer's normalised form (no punctuation, no quotation marks)."""
    return [t.norm for t in tokenize(text) if t.kind in WORD_KINDS]


def _speaker_key(q: Quote) -> str | None:
    """Who said it, for comparing: the entity id, else the speaker as written; None when unknown."""
    if q.speaker:
        return q.speaker
    if q.speaker_text:
        return "text:" + " ".join(normalize_word(w) for w in q.speaker_text.split())
    return None
