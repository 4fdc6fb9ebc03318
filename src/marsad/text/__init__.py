"""The Arabic text layer: normalisation, sentences, tokens with clitic features.

Entry point for the pipeline: :class:`TextStage`. Helpers other stages use:
:func:`normalized` (the document's normalised text, computed once per analysis),
:func:`tokenize` and :func:`split_sentences`.
"""

from __future__ import annotations

from marsad.model import Analysis, Sentence, Token
from marsad.pipeline import Stage
from marsad.text.normalize import NormalizedText, normalize, normalize_word, strip_tashkeel
from marsad.text.segment import SentenceSpan, split_sentences
from marsad.text.tokenize import TOKEN_RE, analyze_clitics, char_kind

__all__ = [
    "NormalizedText",
    "TextStage",
    "normalize",
    "normalize_word",
    "normalized",
    "split_sentences",
    "strip_tashkeel",
    "tokenize",
]

_KIND_OF_GROUP = {"url": "url", "email": "email", "number": "number", "latin": "latin", "word": "word", "other": "other"}


def normalized(analysis: Analysis) -> NormalizedText:
    """The document's normalised text with its offset map, computed once per analysis."""
    norm = analysis.scratch.get("norm")
    if norm is None or norm.original is not analysis.document.text:
        norm = normalize(analysis.document.text)
        analysis.scratch["norm"] = norm
    return norm


def tokenize(
    text: str,
    sentences: list[SentenceSpan] | None = None,
    norm: NormalizedText | None = None,
) -> list[Token]:
    """Tokens of ``text`` with normalised forms and clitic features; ``sentence`` is the index of the
    sentence span containing the token (-1 when the token lies outside every sentence)."""
    norm = norm or normalize(text)
    identity = norm.offsets is None
    ntext = norm.text
    bounds = [(s.start, s.end) for s in sentences] if sentences else [(0, len(text))]
    tokens: list[Token] = []
    append = tokens.append
    si = 0
    nsent = len(bounds)
    for m in TOKEN_RE.finditer(text):
        start, end = m.span()
        while si < nsent and bounds[si][1] <= start:
            si += 1
        sent = si if si < nsent and bounds[si][0] <= start else -1
        group = m.lastgroup or "char"
        surface = m.group()
        kind = _KIND_OF_GROUP.get(group) or char_kind(surface)
        if identity:
            tnorm = ntext[start:end]
        else:
            ns, ne = norm.from_original(start, end)
            tnorm = ntext[ns:ne]
        if kind == "word":
            prefix, stem, suffix = analyze_clitics(tnorm, strip_tashkeel(surface).endswith("ة"))
            if prefix or suffix:
                stem_start, stem_end = _stem_offsets(surface, len(prefix), len(suffix), start)
            else:
                stem_start, stem_end = start, end
            append(Token(start, end, surface, kind, tnorm, sent, prefix, stem, suffix, stem_start, stem_end))
        else:
            append(Token(start, end, surface, kind, tnorm, sent, "", tnorm, "", start, end))
    return tokens


def _stem_offsets(surface: str, n_prefix: int, n_suffix: int, base: int) -> tuple[int, int]:
    """Original offsets of the stem, skipping ``n_prefix``/``n_suffix`` normalised letters."""
    tn = normalize(surface)
    ns, ne = n_prefix, len(tn.text) - n_suffix
    s, e = tn.to_original(ns, ne)
    return base + s, base + e


class TextStage(Stage):
    """Sentences and tokens. The first stage of every pipeline."""

    name = "text"
    requires = ("document",)
    provides = ("sentences", "tokens", "normalized")

    def __call__(self, analysis: Analysis) -> Analysis:
        doc = analysis.document
        text = doc.text
        hard = frozenset({doc.title_span.end}) if doc.title_span else frozenset()
        spans = split_sentences(text, hard_breaks=hard)
        title_end = doc.title_span.end if doc.title_span else -1
        analysis.sentences = [
            Sentence(s.start, s.end, text[s.start : s.end], s.paragraph, is_title=s.end <= title_end)
            for s in spans
        ]
        analysis.tokens = tokenize(text, spans, normalized(analysis))
        return analysis
