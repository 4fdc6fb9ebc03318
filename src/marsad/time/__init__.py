"""Time expressions: found in the text and resolved against the publication date.

>>> from marsad.pipeline import Pipeline
>>> a = Pipeline(["text", "time"])("عقد مؤتمر صحفي يوم السبت", published="2025-10-26")
>>> [(t.text, t.value, t.granularity) for t in a.times]
[('يوم السبت', '2025-10-25', 'day')]

Detection is a table of patterns built from the lexicons in ``data/`` (:mod:`marsad.time.grammar`);
resolution (:mod:`marsad.time.resolve`) gives each expression an ISO 8601 / TimeML value, its
granularity, its relation to the publication date and what anchors it. Without a publication date,
expressions that need one stay unresolved: partial (``XXXX-06``) or None, never a guessed date.
"""

from __future__ import annotations

import unicodedata
from bisect import bisect_left
from datetime import date

from marsad.model import Analysis, TimeExpr, Token
from marsad.pipeline import Stage
from marsad.text import normalized
from marsad.time.grammar import detect, token_index
from marsad.time.lexicon import lexicon
from marsad.time.resolve import Resolution, resolve

__all__ = ["TimeStage", "clause_tense", "find_times", "word_tense"]

WINDOW_BEFORE = 10
WINDOW_AFTER = 8
FUTURE_PREFIX_LETTERS = "يتنا"


CLAUSE_BREAKS = frozenset('،,;؛.:!?؟«»"“”()')
RELATIVES = frozenset({"الذي", "التي", "الذين", "اللذين", "اللتين", "اللواتي", "اللاتي", "اللذان", "اللتان"})
OPENERS = frozenset({"في", "و", "ف", "وفي", "وفى", "منذ", "خلال", "حتى", "حتي", "ثم"})


def word_tense(norm: str) -> str | None:
    """ "future" / "past" when the word is a tense clue (tense.tsv, or the future prefix س+يتنا)."""
    lx = lexicon()
    word = norm[1:] if norm[:1] in "وف" and len(norm) > 3 else norm
    cue = lx.tense.get(norm) or lx.tense.get(word)
    if cue:
        return cue
    if len(word) >= 4 and word[0] == "س" and word[1] in FUTURE_PREFIX_LETTERS:
        return None if word.startswith(lx.future_exceptions) else "future"
    return None


def _clause(tokens: list[Token], lo: int, hi: int) -> tuple[list[Token], list[Token]]:
    """Tokens before (nearest first) and after the expression tokens [lo, hi), within its clause."""
    sentence = tokens[lo].sentence if lo < len(tokens) else -1
    before: list[Token] = []
    i = lo - 1
    while i >= 0 and lo - i <= WINDOW_BEFORE:
        t = tokens[i]
        if t.sentence != sentence or t.text in CLAUSE_BREAKS or t.norm in RELATIVES:
            break
        before.append(t)
        i -= 1
    opens_clause = all(t.norm in OPENERS or t.kind != "word" for t in before)
    after: list[Token] = []
    crossed = False
    j = hi
    while j < len(tokens) and j - hi < WINDOW_AFTER:
        t = tokens[j]
        if t.sentence != sentence or t.norm in RELATIVES:
            break
        if t.text in CLAUSE_BREAKS:
            if crossed or not opens_clause or t.text not in "،,":
                break
            crossed = True
        else:
            after.append(t)
        j += 1
    return before, after


def clause_tense(tokens: list[Token], start: int, end: int, starts: list[int] | None = None) -> str:
    """The tense of the clause around [start, end): the nearest tense clue in the clause decides
    (سوف، سيزور، تبدأ → "future"; قد، كان → "past"); with none, "past" (news reports what happened)."""
    if not tokens:
        return "past"
    starts = starts if starts is not None else [t.start for t in tokens]
    lo = bisect_left(starts, start)
    hi = bisect_left(starts, end, lo)
    before, after = _clause(tokens, lo, hi)
    for k in range(max(len(before), len(after))):
        for side in (before, after):
            if k < len(side) and side[k].kind == "word":
                tense = word_tense(side[k].norm)
                if tense:
                    return tense
                if side[k].norm == "ان" and _previous_norm(tokens, starts, side[k].start) == "علي":
                    return "future"  # على أن + imperfect: what is to happen
    return "past"


def _previous_norm(tokens: list[Token], starts: list[int], start: int) -> str:
    i = bisect_left(starts, start)
    return tokens[i - 1].norm if i > 0 else ""


class TimeStage(Stage):
    """Adds ``analysis.times``: every time expression with its resolved value."""

    name = "time"
    requires = ("tokens",)
    provides = ("times",)

    def __call__(self, analysis: Analysis) -> Analysis:
        doc = analysis.document
        norm = normalized(analysis)
        dct = date.fromisoformat(doc.published) if doc.published else None
        text = doc.text
        tokens = analysis.tokens
        starts = [t.start for t in tokens]
        times: list[TimeExpr] = []
        words = [(t.start, t.norm) for t in tokens if t.kind == "word"]
        position = None if norm.offsets is None else (lambda i: norm.from_original(i, i)[0])
        for cand in detect(norm.text, index=token_index(words, norm.text, position)):
            start, end = norm.to_original(cand.start, cand.end)
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            while end < len(text) and _is_mark(text[end]):
                end += 1  # keep trailing tanwin/tatweel (مساءً، هـ) inside the span
            if end <= start:
                continue
            res = resolve(cand, dct, clause_tense(tokens, start, end, starts))
            sentence = _sentence(tokens, starts, start)
            times.append(_expr(f"t{len(times) + 1}", start, end, text[start:end], res, sentence))
        analysis.times = times
        return analysis


def _is_mark(ch: str) -> bool:
    return ch == "\u0640" or unicodedata.category(ch) == "Mn"


def _sentence(tokens: list[Token], starts: list[int], start: int) -> int:
    if not tokens:
        return 0
    i = min(bisect_left(starts, start), len(tokens) - 1)
    return max(tokens[i].sentence, 0)


def _expr(tid: str, start: int, end: int, text: str, r: Resolution, sentence: int) -> TimeExpr:
    return TimeExpr(
        id=tid,
        start=start,
        end=end,
        text=text,
        type=r.type,  # type: ignore[arg-type]
        value=r.value,
        granularity=r.granularity,
        resolved=r.resolved,
        relation=r.relation,  # type: ignore[arg-type]
        anchor=r.anchor,  # type: ignore[arg-type]
        sentence=sentence,
        begin=r.begin,
        finish=r.finish,
        calendar=r.calendar,  # type: ignore[arg-type]
        mod=r.mod,
    )


def find_times(text: str, published: str | None = None) -> list[TimeExpr]:
    """The time expressions of a text (runs the text layer first)."""
    from marsad.pipeline import Pipeline

    return TimeStage()(Pipeline(["text"])(text, published=published)).times
