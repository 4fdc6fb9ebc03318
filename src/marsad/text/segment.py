"""Sentence segmentation for Arabic news.

Rules, in the order they apply:
1. every line is a paragraph; a line break always ends a sentence, except that a line ending in a
   colon followed by a line that opens a quotation joins it (``وأضاف:`` + the quote on its own line);
2. inside a paragraph group a sentence ends after terminal punctuation (. ! ? ؟ …), together with the
   closing quotation marks and brackets that follow it, when whitespace or the end follows;
3. never inside a matched quotation (“…” «…» ‹…› „…“ "…"), so quoted passages stay inside the
   sentence that introduces them, except where the terminal also closes the quotation (``.”``);
   an unmatched quotation mark protects nothing;
4. never after an abbreviation (د. / Mr. / U.S.) or a single letter (an initial).

Output spans are trimmed of whitespace and never overlap; the gaps between them are whitespace only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources

OPENERS = {"“": "”", "«": "»", "‹": "›", "„": "“", "‚": "‘", "‘": "’"}
CLOSERS = {v: k for k, v in OPENERS.items() if k not in ("„", "‚")}
STRAIGHT = '"'
ALL_QUOTES = set(OPENERS) | set(CLOSERS) | {STRAIGHT}

_QUOTE_RE = re.compile("[" + re.escape("".join(sorted(ALL_QUOTES))) + "]")
_LINE_RE = re.compile(r"[^\n\r\u2028\u2029]+")
_TERMINAL_RE = re.compile(r"[.!?؟…]+[\"”»’›)\]]*")


@cache
def abbreviations() -> frozenset[str]:
    """Abbreviations after which a period does not end a sentence (``data/abbreviations.txt``)."""
    text = resources.files("marsad.text").joinpath("data/abbreviations.txt").read_text("utf-8")
    words = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return frozenset(w.rstrip(".").lower() for w in words if w)


@dataclass(slots=True)
class SentenceSpan:
    start: int
    end: int
    paragraph: int


def nonblank_lines(text: str) -> list[tuple[int, int]]:
    """Non-blank lines (paragraphs) as (start, end), trimmed of whitespace."""
    out = []
    for m in _LINE_RE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            out.append((s, e))
    return out


def _groups(text: str, lines: list[tuple[int, int]], hard_breaks: frozenset[int]) -> Iterator[tuple[int, int, int]]:
    """Join a line ending in ':' with a following line that opens a quotation."""
    i = 0
    while i < len(lines):
        start, end = lines[i]
        para = i
        while (
            i + 1 < len(lines)
            and text[end - 1] == ":"
            and end not in hard_breaks
            and text[lines[i + 1][0]] in (set(OPENERS) | {STRAIGHT})
        ):
            i += 1
            end = lines[i][1]
        yield start, end, para
        i += 1


def _protected(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Intervals inside matched quotation marks within text[start:end]."""
    spans: list[tuple[int, int]] = []
    stack: list[tuple[str, int]] = []
    straight_open: int | None = None
    for m in _QUOTE_RE.finditer(text, start, end):
        i = m.start()
        ch = text[i]
        if ch == STRAIGHT:
            if straight_open is None:
                straight_open = i
            else:
                spans.append((straight_open, i))
                straight_open = None
        elif ch == "“" and stack and stack[-1][0] == "„":  # German-style „…“
            spans.append((stack.pop()[1], i))
        elif ch in OPENERS:
            stack.append((ch, i))
        else:
            opener = CLOSERS[ch]
            # close the nearest matching opener; unmatched closers are ignored
            for k in range(len(stack) - 1, -1, -1):
                if stack[k][0] == opener:
                    spans.append((stack[k][1], i))
                    del stack[k:]
                    break
    return spans


def _is_abbreviation(text: str, dot: int, group_start: int) -> bool:
    ws = max(text.rfind(" ", group_start, dot), text.rfind("\n", group_start, dot), text.rfind("\t", group_start, dot))
    word = text[max(ws + 1, group_start) : dot].lstrip("(«“\"'").lower()
    if not word:
        return False
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "أ. محمد", "J. Smith"
    return word in abbreviations()


def split_sentences(text: str, hard_breaks: frozenset[int] = frozenset()) -> list[SentenceSpan]:
    """Split ``text`` into sentence spans. ``hard_breaks`` are offsets that always end a sentence
    (the end of the title line, for example)."""
    out: list[SentenceSpan] = []
    for gstart, gend, para in _groups(text, nonblank_lines(text), hard_breaks):
        protected = _protected(text, gstart, gend)
        cur = gstart
        for m in _TERMINAL_RE.finditer(text, gstart, gend):
            stop = m.end()
            if stop < gend and not text[stop].isspace():
                continue
            punct_pos = m.start()
            # inside a quotation, unless the terminal closes the quotation too (…الأمر.” ثم)
            if any(a < punct_pos < b and stop <= b for a, b in protected):
                continue
            if text[punct_pos] == "." and m.end() - m.start() == 1 and _is_abbreviation(text, punct_pos, cur):
                continue
            _append(out, text, cur, stop, para)
            cur = stop
        _append(out, text, cur, gend, para)
    return out


def _append(out: list[SentenceSpan], text: str, start: int, end: int, para: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(SentenceSpan(start, end, para))
