import pytest

from marsad.eval.scoring import bio_to_spans, match_spans, merge, score_spans


def test_exact_scores_per_label_and_micro():
    gold = [(0, 2, "PERS"), (5, 7, "LOC"), (9, 10, "ORG")]
    pred = [(0, 2, "PERS"), (5, 7, "ORG"), (11, 12, "LOC")]
    r = score_spans(gold, pred)
    assert (r.micro.tp, r.micro.fp, r.micro.fn) == (1, 2, 2)
    assert r.by_label["PERS"].f1 == 1.0
    assert r.by_label["LOC"].recall == 0.0
    assert r.micro.precision == pytest.approx(1 / 3)


def test_duplicate_predictions_are_false_positives():
    r = score_spans([(0, 2, "X")], [(0, 2, "X"), (0, 2, "X")])
    assert (r.micro.tp, r.micro.fp) == (1, 1)


def test_overlap_matching_is_one_to_one():
    gold = [(0, 10, None)]
    pred = [(2, 5, None), (4, 12, None)]
    pairs = match_spans(gold, pred, mode="overlap")
    assert pairs == [(0, 1)]  # the larger overlap wins, the other prediction stays unmatched
    r = score_spans(gold, pred, mode="overlap", labels=False)
    assert (r.micro.tp, r.micro.fp, r.micro.fn) == (1, 1, 0)


def test_merge_adds_counts():
    a = score_spans([(0, 1, "A")], [(0, 1, "A")])
    b = score_spans([(0, 1, "A")], [])
    m = merge([a, b])
    assert (m.micro.tp, m.micro.fn) == (1, 1)
    assert "ALL (micro)" in m.table()


@pytest.mark.parametrize(
    ("tags", "spans"),
    [
        (["B-PERS", "I-PERS", "O", "B-LOC"], [(0, 2, "PERS"), (3, 4, "LOC")]),
        (["I-ORG", "I-ORG", "O"], [(0, 2, "ORG")]),  # conlleval: I- after O starts an entity
        (["B-PERS", "B-PERS"], [(0, 1, "PERS"), (1, 2, "PERS")]),
        (["B-PERS", "I-LOC"], [(0, 1, "PERS"), (1, 2, "LOC")]),
        (["O", "O"], []),
    ],
)
def test_bio_to_spans(tags, spans):
    assert bio_to_spans(tags) == spans


def test_calibration_counts_spans_per_confidence_band():
    from marsad.eval.scoring import calibration

    gold = [[(0, 2, "PERS"), (4, 5, "LOC")], [(1, 2, "ORG")]]
    pred = [
        [(0, 2, "PERS", 0.95), (4, 5, "ORG", 0.92), (6, 7, "LOC", 0.3)],
        [(1, 2, "ORG", 0.65), (3, 4, "PERS", 0.5)],
    ]
    bands = {(b["from"], b["to"]): (b["spans"], b["correct"], b["precision"]) for b in calibration(gold, pred)}
    assert bands[(0.9, 1.0)] == (2, 1, 0.5)  # the wrong type is not right
    assert bands[(0.6, 0.7)] == (1, 1, 1.0)
    assert bands[(0.5, 0.6)] == (1, 0, 0.0)  # a band's lower edge belongs to it
    assert bands[(0.0, 0.5)] == (1, 0, 0.0)
    assert bands[(0.7, 0.8)] == (0, 0, 0.0)
