"""Modality of an event trigger: asserted, negated, hypothetical, historical, reported, intended.

Markers are data (``data/markers.tsv``, scopes in its header). One event gets one modality, by
precedence: negated > hypothetical > historical > reported > intended > asserted. ``intended`` is also
kept as a flag, because PLOVER recodes intended cooperation as AGREE whatever else holds (Rubio
*said* the United States sees a chance to expand relations: an AGREE, reported by Rubio).
Negated and hypothetical events stay in the analysis (so a reader sees what was *not* said to
happen) but are left out of the PLOVER export.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import TYPE_CHECKING

from marsad.events.lexicon import NOUN_PREFIXES, NOUN_SUFFIXES, bare_forms
from marsad.text import normalize_word

if TYPE_CHECKING:
    from marsad.events.coder import Candidate, EventCoder, _Doc
    from marsad.model import Quote

MODALITIES = ("asserted", "negated", "intended", "hypothetical", "reported", "historical")
_SKIP = frozenset(normalize_word(w) for w in ("قد", "أن", "ان", "بعد", "يكون", "تكون", "كان", "كانت", "قط"))
_MODAL_QAD = normalize_word("قد")
_MA = normalize_word("ما")


@dataclass(slots=True)
class Modality:
    modality: str = "asserted"
    intended: bool = False
    negated: bool = False
    hypothetical: bool = False
    historical: bool = False
    reported: bool = False


_VARIANTS: dict[int, dict[str, list[tuple[str, ...]]]] = {}  # keyed by the lexicon's own lists: stable ids
_NO_QAD: dict[int, list[tuple[str, ...]]] = {}


def _without_qad(phrases: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """The modal phrases but قد alone (its own rule), the same list object on every call."""
    got = _NO_QAD.get(id(phrases))
    if got is None:
        got = _NO_QAD[id(phrases)] = [p for p in phrases if p != (_MODAL_QAD,)]
    return got


def _variant_index(phrases: list[tuple[str, ...]]) -> dict[str, list[tuple[str, ...]]]:
    """Phrases by every written form of their first word (clitics and pronoun suffixes attached), so a
    word is looked up as written instead of analysed (cached per phrase list)."""
    got = _VARIANTS.get(id(phrases))
    if got is None:
        got = {}
        for p in phrases:
            w = p[0]
            forms = {w} | ({pre + w + suf for pre in NOUN_PREFIXES for suf in NOUN_SUFFIXES} if len(w) >= 2 else set())
            for f in forms:
                got.setdefault(f, []).append(p)
        _VARIANTS[id(phrases)] = got
    return got


def _word_is(norm: str, word: str) -> bool:
    return norm == word or word in bare_forms(norm)


def _matches(norms: list[str], phrases: list[tuple[str, ...]]) -> bool:
    if not phrases or not norms:
        return False
    index = _variant_index(phrases)
    for k, norm in enumerate(norms):
        for phrase in index.get(norm, ()):
            n = len(phrase)
            if k + n <= len(norms) and all(_word_is(norms[k + m], phrase[m]) for m in range(1, n)):
                return True
    return False


def _sentence_hits(coder: EventCoder, d: _Doc, sentence: int, kind: str) -> list[tuple[int, int]]:
    """(first, last) word tokens of every ``kind`` marker phrase in a sentence, found once per sentence."""
    cache = d.marker_hits.setdefault(kind, {})
    got = cache.get(sentence)
    if got is None:
        seq = [j for j in d.sent_tokens.get(sentence, []) if d.tokens[j].kind in ("word", "latin", "number")]
        norms = [d.tokens[j].norm for j in seq]
        index = _variant_index(coder.lex.markers.get(kind, []))
        got = []
        for k, norm in enumerate(norms):
            for phrase in index.get(norm, ()):
                n = len(phrase)
                if k + n <= len(norms) and all(_word_is(norms[k + i], phrase[i]) for i in range(1, n)):
                    got.append((seq[k], seq[k + n - 1]))
        cache[sentence] = got
    return got


def detect_modality(coder: EventCoder, d: _Doc, c: Candidate, quote: Quote | None) -> Modality:
    markers = coder.lex.markers
    toks = d.tokens
    prev_clause = [toks[j].norm for j in reversed(coder._prev_words(d, c.tok, 8))]  # oldest first
    # the earliest of the 60 words before the trigger in its sentence (a condition reaches that far)
    wl = d.sent_words(c.sentence)
    p = bisect.bisect_left(wl, c.tok)
    lo = wl[max(0, p - 60)] if p > 0 else c.tok
    clause_all = [toks[j].norm for j in d.sent_tokens[c.sentence] if d.clause_of[j] == c.clause]
    is_noun = c.form.tense == "noun"
    m = Modality()

    # negation: a particle just before the verb (قد may sit between), عدم / دون before a noun
    near = [w for w in prev_clause[-3:] if w not in _SKIP]
    neg_words = {p[0] for p in markers.get("negation", []) if len(p) == 1}
    if is_noun:
        if prev_clause[-1:] and any(prev_clause[-1] == p[0] for p in markers.get("negation_noun", [])):
            m.negated = True
    else:
        last = near[-1:] if near else []
        if last and last[0] in neg_words and (last[0] != _MA or prev_clause[-1:] == [_MA]):
            m.negated = True
    if _matches(prev_clause, markers.get("denial", [])):
        m.negated = True

    # hypothetical: a condition or question earlier in the sentence; a modal just before; محتمل after
    if any(end < c.tok and start >= lo for start, end in _sentence_hits(coder, d, c.sentence, "hypothetical")):
        m.hypothetical = True
    modal_window = prev_clause[-4:]
    modal_phrases = _without_qad(markers.get("modal", []))
    if _matches(modal_window, modal_phrases):
        m.hypothetical = True
    if prev_clause[-1:] == [_MODAL_QAD] and c.form.tense == "present":  # قد + imperfect: may
        m.hypothetical = True
    if is_noun:
        nxt = coder._next_words(d, c.cue[1] if c.cue else c.tok, 1)
        if nxt and _matches([toks[nxt[0]].norm], markers.get("potential", [])):
            m.hypothetical = True

    # intention and future
    if "س" in c.prefix or _matches(prev_clause[-3:], markers.get("future", [])):
        m.intended = True
    if _matches(prev_clause[-6:], markers.get("intended", [])) or c.purpose:
        m.intended = True
    for t in d.times_by_sent.get(c.sentence, []):
        if t.relation == "after" and d.clause_of[d.tok_at(t.start)] == c.clause:
            m.intended = True

    if _matches(clause_all, markers.get("historical", [])):
        m.historical = True
    m.reported = quote is not None

    if m.negated:
        m.modality = "negated"
    elif m.hypothetical:
        m.modality = "hypothetical"
    elif m.historical:
        m.modality = "historical"
    elif m.reported:
        m.modality = "reported"
    elif m.intended:
        m.modality = "intended"
    return m
