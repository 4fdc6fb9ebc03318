"""Evaluation: one scorer shared by every `marsad eval ...` command."""

from marsad.eval.scoring import Score, match_spans, prf, score_spans

__all__ = ["Score", "match_spans", "prf", "score_spans"]
