"""Word representations: file formats, subword look-up, and what the shipped ones hold."""

from __future__ import annotations

import numpy as np
import pytest

from marsad.ner.representations import (
    Clusters,
    Vectors,
    ft_hash,
    subword_ngrams,
    word_clusters,
    word_vectors,
)


def test_ft_hash_matches_fasttext():
    # values computed with gensim's ft_hash_bytes (fastText's FNV-1a over sign-extended bytes)
    assert ft_hash("abc") == 440920331
    assert ft_hash("<رو") == 1138268449
    assert ft_hash("بيل>") == 2016238979


def test_subword_ngrams_mark_edges():
    grams = subword_ngrams("abcd")
    assert grams[:4] == ["<ab", "abc", "bcd", "cd>"]
    assert "<abcd" in grams and "<abcd>" not in grams and len(max(grams, key=len)) == 5


def _vectors() -> Vectors:
    words = ["alpha", "beta"]
    wv = np.array([[1, 0], [0, 1]], np.float16)
    ngrams = np.zeros((8, 2), np.float16)
    for g in subword_ngrams("gamma"):
        ngrams[ft_hash(g) % 8] = [0.2, 1.0]  # all of gamma's n-grams point at cluster 1
    centroids = [np.array([[1, 0], [0, 1]], np.float16)]
    return Vectors(words, wv, ngrams, centroids)


def test_clusters_parse_and_subword_fallback():
    table = Clusters("# clusters\t2\nalpha\t0\nbeta\t1\n", _vectors())
    assert table.sizes == (2,)
    assert table.get("alpha") == ("0",)
    assert "gamma" not in table
    assert table.get("gamma") == ("1",)  # unseen: the centre nearest its subword vector
    assert Clusters("# clusters\t2\nalpha\t0\n").get("gamma") is None  # no vectors: unknown


def test_clusters_bad_lines_name_the_line():
    with pytest.raises(ValueError, match="line 1"):
        Clusters("alpha\t0\n")
    with pytest.raises(ValueError, match="line 3"):
        Clusters("# clusters\t2\t4\nalpha\t0\t1\nbeta\t1\n")


def test_vectors_rows_and_signature():
    v = _vectors()
    assert v.row("beta") == 1 and v.row("zeta") == -1
    assert v.vector("alpha") is not None
    assert v.signature()["words"] == 2 and v.signature()["dim"] == 2
    with pytest.raises(ValueError):
        Vectors(["a"], np.zeros((2, 2)), np.zeros((4, 2)), [])


def test_shipped_representations_group_like_words():
    clusters = word_clusters()
    if clusters is None:
        pytest.skip("no shipped representations")
    assert len(clusters) > 50_000
    # at the finest depth, Iraqi cities share a cluster more often than a city and a verb
    fine = len(clusters.sizes) - 1
    ids = {w: clusters.get(w)[fine] for w in ("بصره", "موصل", "كربلاء", "قال")}
    assert len({ids["بصره"], ids["موصل"], ids["كربلاء"]}) <= 2
    assert ids["قال"] not in {ids["بصره"], ids["موصل"], ids["كربلاء"]}
    # a transliterated surname the corpus never shows still gets clusters, through its letters
    assert "بيللغرينيز" not in clusters
    assert clusters.get("بيللغرينيز") is not None
    assert word_vectors() is not None
