"""Quotation marks: the stretches of text between matching marks, in every style news uses.

Handled: “…” «…» ‹…› „…“ „…” "…", nested quotations (only the outermost is returned), marks used
the wrong way round (”…“, »…«), a quotation that runs over several paragraphs (the closing mark in a
later paragraph, or each paragraph opening again with the same mark), and a quotation whose closing
mark is missing (after a colon it ends with its paragraph, otherwise with its sentence). A stray straight quote that is not after a colon is
ignored (5" screens, typos), and so is a straight quote that can only be a closing one
(glued to the word before it) when no quotation is open.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from marsad.text.segment import nonblank_lines

OPEN = {"“": "”", "«": "»", "‹": "›", "„": "”“"}
REVERSED = {"”": "“", "»": "«", "›": "‹"}  # closers used as openers in some right-to-left text
STRAIGHT = '"'
MARKS_RE = re.compile('[“”«»‹›„"]')
_SENTENCE_END = re.compile(r"[.!?؟](?=\s)")


@dataclass(frozen=True, slots=True)
class Marked:
    """One quotation: ``open``/``close`` are the indices of its marks (``close`` None when missing);
    ``start``/``end`` the quoted content, trimmed of whitespace."""

    open: int
    close: int | None
    start: int
    end: int


def _trim(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and text[e - 1].isspace():
        e -= 1
    return s, e


def _after_colon(text: str, i: int) -> bool:
    j = i - 1
    while j >= 0 and text[j] in " \t\n\r":
        j -= 1
    return j >= 0 and text[j] == ":"


def _looks_closing(text: str, i: int, ls: int, le: int) -> bool:
    """A straight quote glued to the word before it and followed by space, punctuation or the end."""
    before = text[i - 1] if i > ls else " "
    after = text[i + 1] if i + 1 < le else " "
    return not before.isspace() and (after.isspace() or after in ".,،؛:!?؟)")


def find_marked(text: str) -> list[Marked]:
    """The outermost quotations of ``text``, in order."""
    if not MARKS_RE.search(text):
        return []
    lines = nonblank_lines(text)
    out: list[Marked] = []
    stack: list[tuple[str, str, int]] = []  # (opener, closers, index)
    skip: set[int] = set()  # re-opening marks of continued paragraphs
    li, resume = 0, -1
    while li < len(lines):
        ls, le = lines[li]
        ls = max(ls, resume)
        for m in MARKS_RE.finditer(text, ls, le):
            i, ch = m.start(), m.group()
            if i in skip:
                continue
            closed = False
            for depth in range(len(stack) - 1, -1, -1):
                if ch in stack[depth][1] and not (ch == STRAIGHT and depth != len(stack) - 1):
                    if depth == 0:
                        s, e = _trim(text, stack[0][2] + 1, i)
                        if e > s:
                            out.append(Marked(stack[0][2], i, s, e))
                    del stack[depth:]
                    closed = True
                    break
            if closed:
                continue
            if ch == STRAIGHT:
                if not _looks_closing(text, i, ls, le):
                    stack.append((ch, STRAIGHT, i))
            elif ch in OPEN:
                stack.append((ch, OPEN[ch], i))
            elif ch in REVERSED and not _looks_closing(text, i, ls, le):
                nxt_mark = MARKS_RE.search(text, i + 1, le)
                if nxt_mark and nxt_mark.group() == REVERSED[ch]:
                    stack.append((ch, REVERSED[ch], i))
        if not stack:
            li += 1
            continue
        # The paragraph ends with a quotation still open.
        opener, closers, at = stack[0]
        nxt = lines[li + 1] if li + 1 < len(lines) else None
        if opener != STRAIGHT and nxt is not None:
            ns, ne = nxt
            first = text[ns]
            if first == opener:  # each paragraph of a long quotation opens again
                skip.add(ns)
                del stack[1:]
                li += 1
                continue
            later = MARKS_RE.search(text, ns, ne)
            if later and later.group() in closers:  # the closing mark comes in the next paragraph
                del stack[1:]
                li += 1
                continue
        stack.clear()
        colon = _after_colon(text, at)
        if not colon and opener != STRAIGHT:
            # no colon before it: the quotation ends with its sentence, and the marks after it are
            # read again (one missing mark must not swallow the rest of the paragraph)
            stop = _SENTENCE_END.search(text, at + 1, le)
            if stop is not None:
                s, e = _trim(text, at + 1, stop.start())
                if e > s:
                    out.append(Marked(at, None, s, e))
                resume = stop.end()
                continue
        if opener != STRAIGHT or colon:
            s, e = _trim(text, at + 1, le)
            if e > s:
                out.append(Marked(at, None, s, e))
        li += 1
    return out
