"""The second-pass (stacked) CRF's document features."""

from __future__ import annotations

from marsad.ner.stacking import document_features, fold_bounds


def _features(stems, first, window=None):
    return [[set(f) for f in sent] for sent in document_features(stems, first, window=window)]


def test_what_the_first_pass_said_elsewhere():
    stems = [["قال", "ليكود", "ان"], ["ليكود", "قرر"], ["زار", "ليكود"]]
    first = [["O", "B-ORG", "O"], ["O", "O"], ["O", "B-ORG"]]
    f = _features(stems, first)
    # the second sentence's ليكود: tagged ORG in both other sentences, never left out there
    assert {"dc=ORG", "dr=all", "dc=ORG&dr=all", "t1=O", "t1+1=O"} <= f[1][0]
    # a word never inside an entity elsewhere, and one seen nowhere else
    assert not {x for x in f[1][1] if x.startswith("dc=")}
    # ان (two letters) is never looked up; قال was outside any entity
    assert not {x for x in f[0][2] if x.startswith("dc=")}


def test_own_sentence_and_window_are_respected():
    stems = [["روبيو"], ["و"], ["و"], ["روبيو"]]
    first = [["B-PERS"], ["O"], ["O"], ["O"]]
    far = _features(stems, first, window=2)
    assert not {x for x in far[3][0] if x.startswith("dc=")}  # three sentences away
    near = _features(stems, first, window=3)
    assert "dc=PERS" in near[3][0]
    # a sentence's own first-pass tags never count as "elsewhere": the first روبيو sees only the
    # untagged one of the last sentence
    assert "dc=O" in near[0][0] and "dc=PERS" not in near[0][0]


def test_share_bands_and_multiword_recurrence():
    stems = [["بنك", "تجاري"], ["بنك", "تجاري"], ["بنك", "مركزي"], ["بنك", "دولي"], ["بنك", "تجاري", "ربح"]]
    first = [["B-ORG", "I-ORG"], ["B-ORG", "I-ORG"], ["O", "O"], ["O", "O"], ["O", "O", "O"]]
    f = _features(stems, first)
    last = f[4]
    assert {"dc=ORG", "dr=hi", "ds=B-ORG"} <= last[0]  # inside an entity in 2 of 4 occurrences
    assert "ds=I-ORG" in last[1] and not {x for x in last[2] if x.startswith("ds=")}


def test_fold_bounds_cover_every_sentence_once():
    for n in (0, 3, 7, 3561):
        bounds = fold_bounds(n)
        covered = [i for a, b in bounds for i in range(a, b)]
        assert covered == list(range(n))
