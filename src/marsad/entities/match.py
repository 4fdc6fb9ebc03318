"""Token-level phrase matching for the entities stage.

Phrases are tuples of normalised words. The first word of a phrase may carry proclitics that are
not part of it (و/ف, then ب/ل/ك before the article, or the fused لل); later words must match whole
tokens, separated by whitespace only. Latin-script phrases compare lower-cased, except acronyms,
which compare exactly.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Generic, TypeVar

from marsad.caches import word_cache
from marsad.model import Token
from marsad.text.normalize import normalize

P = TypeVar("P")


def is_acronym(word: str) -> bool:
    w = word.replace(".", "")
    return 2 <= len(w) <= 6 and w.isupper() and w.isalpha()


def latin_key(word: str) -> str:
    return word.replace(".", "") if is_acronym(word) else word.casefold()


def token_form(tok: Token) -> str:
    """The form a non-first word of a phrase is compared in."""
    return latin_key(tok.text) if tok.kind == "latin" else tok.norm


def first_forms(tok: Token) -> tuple[tuple[int, str], ...]:
    """(offset in the normalised token where a phrase may start, the form to look up there)."""
    if tok.kind == "latin":
        return ((0, latin_key(tok.text)),)
    return _word_forms(tok.norm)


@word_cache
def _word_forms(w: str) -> tuple[tuple[int, str], ...]:
    out = [(0, w)]
    rests = [(0, w)]
    if w[:1] in ("و", "ف") and len(w) >= 3:
        rests.append((1, w[1:]))
    for off, rest in rests:
        if rest.startswith("لل") and len(rest) > 3:
            out.append((off + 2, "ال" + rest[2:]))
        elif rest[:1] in ("ب", "ل", "ك") and ((rest[1:3] == "ال" and len(rest) > 4) or len(rest) >= 5):
            out.append((off + 1, rest[1:]))  # بالهند، بباكستان، لواشنطن
        if off:
            out.append((off, rest))
    return tuple(out)


def token_forms(tokens: list[Token]) -> list[tuple[tuple[int, str], ...]]:
    """``first_forms`` of every token (words and Latin; empty for the rest), computed once per document."""
    wf = _word_forms
    return [wf(t.norm) if t.kind == "word" else ((0, latin_key(t.text)),) if t.kind == "latin" else () for t in tokens]


@word_cache
def _orig_offset(surface: str, norm_off: int) -> int:
    if norm_off == 0:
        return 0
    return normalize(surface).to_original(norm_off, norm_off + 1)[0]


def start_in_token(tok: Token, norm_off: int) -> int:
    """Original offset of the character ``norm_off`` normalised characters into ``tok``."""
    return tok.start + _orig_offset(tok.text, norm_off)


@dataclass(frozen=True, slots=True)
class Hit(Generic[P]):
    t0: int  # first token
    t1: int  # one past the last token
    start: int  # original offsets (start is after any clitic not part of the phrase)
    end: int
    payload: P
    phrase: tuple[str, ...]


class PhraseIndex(Generic[P]):
    """Longest-match lookup of phrases starting at a token."""

    def __init__(self, items: Iterable[tuple[tuple[str, ...], P]]) -> None:
        self._first: dict[str, list[tuple[tuple[str, ...], tuple[str, ...], P]]] = {}
        for phrase, payload in items:
            if phrase and phrase[0]:
                self._first.setdefault(phrase[0], []).append((phrase[1:], phrase, payload))
        for lst in self._first.values():
            lst.sort(key=lambda t: -len(t[0]))

    def __len__(self) -> int:
        return sum(len(v) for v in self._first.values())

    def match_at(
        self, tokens: list[Token], i: int, text: str, forms: tuple[tuple[int, str], ...] | None = None
    ) -> Hit[P] | None:
        """The longest phrase starting at token ``i`` (None when none does)."""
        tok = tokens[i]
        if forms is None:
            if tok.kind not in ("word", "latin"):
                return None
            forms = first_forms(tok)
        best: Hit[P] | None = None
        n = len(tokens)
        first = self._first
        for off, form in forms:
            lst = first.get(form)
            if not lst:
                continue
            for rest, phrase, payload in lst:
                k = len(rest)
                if i + k >= n:
                    continue
                ok = True
                for j in range(1, k + 1):
                    prev, cur = tokens[i + j - 1], tokens[i + j]
                    if token_form(cur) != rest[j - 1] or not text[prev.end : cur.start].isspace():
                        ok = False
                        break
                if ok:
                    if best is None or (i + k + 1, -off) > (best.t1, -_off(best, tok)):
                        best = Hit(i, i + k + 1, start_in_token(tok, off), tokens[i + k].end, payload, phrase)
                    break
        return best

    def find_all(
        self,
        tokens: list[Token],
        text: str,
        skip: set[int] | None = None,
        forms: list[tuple[tuple[int, str], ...]] | None = None,
        positions: dict[str, list[int]] | None = None,
    ) -> list[Hit[P]]:
        """Non-overlapping longest matches, left to right; tokens in ``skip`` never start or join one.
        ``forms``/``positions``: :func:`token_forms` of ``tokens`` and :func:`form_positions` of those,
        when the caller already has them (several indexes over one document)."""
        if forms is None:
            forms = token_forms(tokens)
        if positions is None:
            positions = form_positions(forms)
        keys = positions.keys() & self._first.keys()
        starts = sorted({i for k in keys for i in positions[k]})
        out: list[Hit[P]] = []
        done = 0  # tokens before this index are inside an earlier match
        for i in starts:
            if i < done or (skip and i in skip):
                continue
            hit = self.match_at(tokens, i, text, forms[i])
            if hit is None or (skip and any(j in skip for j in range(hit.t0, hit.t1))):
                continue
            out.append(hit)
            done = hit.t1
        return out


def form_positions(forms: list[tuple[tuple[int, str], ...]]) -> dict[str, list[int]]:
    """Form -> indexes of the tokens that may start a phrase with it."""
    out: dict[str, list[int]] = {}
    for i, f in enumerate(forms):
        for _, form in f:
            lst = out.get(form)
            if lst is None:
                out[form] = [i]
            else:
                lst.append(i)
    return out


def _off(hit: Hit, tok: Token) -> int:
    return hit.start - tok.start


def acronym_of(words: list[str], acronym: str) -> bool:
    """Whether ``acronym`` is built from prefixes of ``words`` in order (US Strategic Metals = USSM);
    short function words (of, and, the, for) may be skipped."""
    acr = acronym.replace(".", "").upper()
    ws = [w.upper() for w in words]
    skippable = {"OF", "AND", "THE", "FOR", "&", "DE", "DU", "LA"}

    @cache
    def go(i: int, j: int) -> bool:
        if j == len(acr):
            return i == len(ws)
        if i == len(ws):
            return False
        w = ws[i]
        if w in skippable and go(i + 1, j):
            return True
        k = 1
        while k <= len(w) and j + k <= len(acr) and w[:k] == acr[j : j + k]:
            if go(i + 1, j + k):
                return True
            k += 1
        return False

    return len(ws) >= 2 and go(0, 0)
