"""Quotations and reported speech, attributed to their speakers.

Entry point for the pipeline: :class:`QuoteStage` (stage ``quotes``). The plain function
:func:`find_quotes` runs on any Analysis with sentences and tokens; mentions and entities (the NER
and entities stages) turn speaker phrases into entity ids. Lexicons are the data files under
``marsad/quotes/data`` (see their headers); a custom :class:`QuoteLexicon` may be passed in.
After detection, :func:`link_quotes` (:mod:`marsad.quotes.links`) marks the quotes that belong to
another quote's statement (a partial quote inside reported speech, a headline told again), so that
:func:`count_statements` gives the number of distinct statements.
"""

from __future__ import annotations

from typing import Any

from marsad.model import Analysis
from marsad.pipeline import STAGE_REGISTRY, Pipeline, Stage
from marsad.quotes.detect import find_quotes
from marsad.quotes.lexicon import QuoteLexicon, default_lexicon
from marsad.quotes.links import count_statements, is_statement, link_quotes
from marsad.quotes.marks import Marked, find_marked

__all__ = [
    "Marked",
    "QuoteLexicon",
    "QuoteStage",
    "analyze_quotes",
    "count_statements",
    "default_lexicon",
    "find_marked",
    "find_quotes",
    "is_statement",
    "link_quotes",
    "quote_pipeline",
]

BEFORE_QUOTES = ("text", "ner", "entities")
_PIPELINES: dict[str, Pipeline] = {}


def quote_pipeline() -> Pipeline:
    """The stages quotes need (text, ner, entities, quotes), as far as they are registered; built once.
    Where ner/entities are not registered the quotes stage is run by :func:`analyze_quotes` itself."""
    if "p" not in _PIPELINES:
        names = [n for n in BEFORE_QUOTES if n in STAGE_REGISTRY]
        if {"ner", "entities"} <= set(names) and "quotes" in STAGE_REGISTRY:
            names.append("quotes")
        _PIPELINES["p"] = Pipeline(names)
    return _PIPELINES["p"]


def analyze_quotes(text: str, **kwargs: Any) -> Analysis:
    """Analyse ``text`` (keyword arguments as for :meth:`Pipeline.make_analysis`) as far as quotes."""
    nlp = quote_pipeline()
    analysis = nlp.make_analysis(text, **kwargs)
    if "quotes" not in nlp.names:
        for stage in nlp.stages:
            stage(analysis)
            analysis.stages.append(stage.name)
        analysis.quotes = link_quotes(find_quotes(analysis))
        analysis.stages.append("quotes")
        analysis.scratch.clear()
        return analysis
    return nlp.run(analysis)


class QuoteStage(Stage):
    """Direct, partial and indirect quotations with their cues, speakers and sources."""

    name = "quotes"
    requires = ("sentences", "tokens", "mentions", "entities")
    provides = ("quotes",)

    def __init__(self, *, lexicon: QuoteLexicon | None = None) -> None:
        self.lexicon = lexicon

    def __call__(self, analysis: Analysis) -> Analysis:
        analysis.quotes = link_quotes(find_quotes(analysis, self.lexicon or default_lexicon()))
        return analysis
