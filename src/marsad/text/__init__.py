"""The Arabic text layer: normalisation, sentences, tokens with clitic features.

Entry point for the pipeline: :class:`TextStage`. Helpers other stages use:
:func:`normalized` (the document's normalised text, computed once per analysis),
:func:`tokenize` and :func:`split_sentences`.
"""

from __future__ import annotations

from marsad.caches import word_cache
from marsad.model import Analysis, Sentence, Token
from marsad.pipeline import Stage
from marsad.text.frequencies import word_frequencies
from marsad.text.normalize import NormalizedText, normalize, normalize_word, strip_tashkeel
from marsad.text.segment import SentenceSpan, split_sentences
from marsad.text.tokenize import TOKEN_RE, analyze_clitics, char_kind, refine_clitics

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
    sentence span containing the token (without ``sentences``, the whole text is sentence 0).

    Normalisation is per character, so a token's normalised form is ``normalize_word`` of its surface
    (cached); ``norm`` is accepted for callers that already hold the document's normalised text.
    """
    bounds = [(s.start, s.end) for s in sentences] if sentences is not None else [(0, len(text))]
    tokens: list[Token] = []
    append = tokens.append
    finditer = TOKEN_RE.finditer
    analyse = analyze_word
    kinds = _KIND_OF_GROUP
    # Sentences end at whitespace, so no token crosses a sentence boundary: tokenise sentence by
    # sentence and the sentence index comes for free.
    for sent, (lo, hi) in enumerate(bounds):
        for m in finditer(text, lo, hi):
            start, end = m.span()
            surface = m.group()
            group = m.lastgroup
            if group == "word":
                tnorm, prefix, stem, suffix, rel_s, rel_e = analyse(surface)
                append(Token(start, end, surface, "word", tnorm, sent, prefix, stem, suffix, start + rel_s, start + rel_e))
            else:
                kind = kinds.get(group) or char_kind(surface)  # type: ignore[arg-type]
                tnorm = normalize_word(surface)
                append(Token(start, end, surface, kind, tnorm, sent, "", tnorm, "", start, end))
    return tokens


@word_cache
def analyze_word(surface: str) -> tuple[str, str, str, str, int, int]:
    """(norm, prefix, stem, suffix, stem start, stem end) of an Arabic word (a ``word`` token);
    offsets relative to it. Cached: the NER features read the same analysis from here."""
    tnorm = normalize_word(surface)
    taa = strip_tashkeel(surface).endswith("ة")
    prefix, stem, suffix = refine_clitics(tnorm, analyze_clitics(tnorm, taa), word_frequencies().get, taa)
    if not (prefix or suffix):
        return tnorm, prefix, stem, suffix, 0, len(surface)
    tn = normalize(surface)
    s, e = tn.to_original(len(prefix), len(tn.text) - len(suffix))
    return tnorm, prefix, stem, suffix, s, e


class TextStage(Stage):
    """Sentences and tokens. The first stage of every pipeline."""

    name = "text"
    requires = ("document",)
    provides = ("sentences", "tokens", "normalized")  # normalized: computed lazily by normalized()

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
        analysis.tokens = tokenize(text, spans)
        return analysis
