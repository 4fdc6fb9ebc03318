"""The per-word caches of every stage are bounded by one size (marsad.caches)."""

from __future__ import annotations

import logging

import pytest

from marsad import caches
from marsad.caches import FEATURE_CACHE_SIZE, WORD_CACHE_SIZE


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("", caches.DEFAULT_WORD_CACHE_SIZE), ("20000", 20_000), (" 150000 ", 150_000)],
)
def test_size_from_environment(monkeypatch: pytest.MonkeyPatch, raw: str, expected: int) -> None:
    monkeypatch.setenv(caches.ENV_VAR, raw)
    assert caches._size_from_env() == expected


@pytest.mark.parametrize("raw", ["many", "-5", "999", "1e5"])
def test_bad_size_falls_back_with_a_warning(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture, raw: str
) -> None:
    monkeypatch.setenv(caches.ENV_VAR, raw)
    with caplog.at_level(logging.WARNING, logger="marsad.caches"):
        assert caches._size_from_env() == caches.DEFAULT_WORD_CACHE_SIZE
    assert caches.ENV_VAR in caplog.text and repr(raw) in caplog.text


def test_every_stage_uses_the_shared_sizes() -> None:
    from marsad.entities import match
    from marsad.entities.resolve import _bare_words
    from marsad.events.lexicon import analyses, bare_forms
    from marsad.ner import features
    from marsad.quantities.numbers import _lookup
    from marsad.text import analyze_word
    from marsad.text.normalize import normalize_word
    from marsad.text.tokenize import analyze_clitics

    for fn in (analyze_word, analyze_clitics, normalize_word, analyses, bare_forms, _lookup, _bare_words):
        assert fn.cache_info().maxsize == WORD_CACHE_SIZE, fn.__qualname__
    assert match._word_forms.cache_info().maxsize == WORD_CACHE_SIZE
    for fn in (features._word_analysis, features._nameness_features, features.word_views):
        assert fn.cache_info().maxsize == FEATURE_CACHE_SIZE, fn.__qualname__
    views = features.filtered_views(frozenset({"b"}))
    assert views.cache_info().maxsize == FEATURE_CACHE_SIZE  # type: ignore[attr-defined]
    assert features.filtered_views(frozenset({"b"}), cache_size=3).cache_info().maxsize == 3  # type: ignore[attr-defined]


def test_plain_dict_caches_start_again_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    from marsad.time import grammar

    monkeypatch.setattr(grammar, "WORD_CACHE_SIZE", 5)
    monkeypatch.setattr(grammar, "_KEY_CACHE", {})
    for i in range(23):
        grammar.trigger_keys("كلمة" + "ب" * i)
        assert len(grammar._KEY_CACHE) <= 5
    assert grammar.trigger_keys("والأسبوع") == grammar.trigger_keys("والأسبوع")  # still answers
