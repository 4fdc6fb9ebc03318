"""The name-likeness table (:mod:`marsad.ner.nameness`): its file format, the scores of the packaged
table on names the exact lists do not hold, and its build from small inline word lists."""

from __future__ import annotations

import gzip

import pytest

from marsad.ner import build_nameness
from marsad.ner.features import word_analysis
from marsad.ner.nameness import NamenessTable, band, nameness_table, ngrams


def test_ngrams_mark_the_word_edges() -> None:
    grams = ngrams("سلم")
    assert "^س" in grams and "م$" in grams and "^سلم$" in grams
    assert len(grams) == 4 + 3 + 2 + 1  # 2- to 5-grams of "^سلم$"


def test_table_format_and_unseen_ngrams() -> None:
    table = NamenessTable("# unseen\t-1.00\t-2.00\n^ab\t0.50\t0.25\nab$\t1.50\t0.75\n")
    assert len(table) == 2
    assert table.score("ab") is None  # too short to score
    per, geo = table.score("abc")  # type: ignore[misc]
    grams = ngrams("abc")
    assert per == pytest.approx((0.5 - 1.0 * (len(grams) - 1)) / len(grams))
    assert geo == pytest.approx((0.25 - 2.0 * (len(grams) - 1)) / len(grams))


@pytest.mark.parametrize(
    "text",
    ["", "ab\t1\t2\n", "# unseen\t1\n", "# unseen\t1\t2\nab\t1\n"],
)
def test_malformed_table_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="nameness"):
        NamenessTable(text)


def test_band_is_clipped_half_units() -> None:
    assert [band(x) for x in (-9.0, -0.3, 0.0, 0.26, 0.74, 5.0)] == ["-3", "-1", "0", "1", "1", "3"]


def stem(word: str) -> str:
    return word_analysis(word)[3]


def test_packaged_table_tells_foreign_names_from_ordinary_words() -> None:
    table = nameness_table()
    assert len(table) > 10_000
    # transliterated names (none of them in the exact name lists' sense of "known") score above
    # ordinary nouns of the same length, on both scales
    names = ["نيستلروي", "بيللغريني", "يوكانان", "كوناري"]
    words = ["الاقتصاد", "الحكومة", "المفاوضات", "مجهود"]
    name_scores = [table.score(stem(w)) for w in names]
    word_scores = [table.score(stem(w)) for w in words]
    assert min(max(s) for s in name_scores if s) > max(max(s) for s in word_scores if s)
    assert all(s and s[0] < 0 and s[1] < 0 for s in word_scores)


def test_build_from_inline_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    classes = {
        "PER": {"ماركو", "روبيو", "ماريو"},
        "GEO": {"باكستان", "كراتشي"},
        "ORD": {"حكومه", "وزاره", "مفاوضات"},
    }
    monkeypatch.setattr(build_nameness, "word_classes", lambda: classes)
    monkeypatch.setattr(build_nameness, "MIN_COUNT", 1)
    text = build_nameness.build()
    assert text == build_nameness.build()  # deterministic
    table = NamenessTable(text)
    per_name, _ = table.score("ماري")  # type: ignore[misc]
    per_word, _ = table.score("حكوم")  # type: ignore[misc]
    assert per_name > 0 > per_word
    # the packaged file is gzip of the same format
    raw = gzip.compress(text.encode("utf-8"), mtime=0)
    assert NamenessTable(gzip.decompress(raw).decode("utf-8")).unseen == table.unseen
