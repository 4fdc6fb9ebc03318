"""Cross-validation of the CRF (:mod:`marsad.ner.crossval`) on a tiny inline corpus."""

from __future__ import annotations

import pytest

from marsad.ner import crossval
from marsad.ner.train import read_conll

SENTENCES = [
    "قال O\nماركو B-PERS\nروبيو I-PERS\nفي O\nواشنطن B-LOC\n",
    "زار O\nروبيو B-PERS\nباكستان B-LOC\n",
    "أعلنت O\nوزارة B-ORG\nالخارجية I-ORG\nأمس O\n",
    "قال O\nدونالد B-PERS\nترامب I-PERS\nفي O\nنيودلهي B-LOC\n",
    "زار O\nترامب B-PERS\nالهند B-LOC\n",
    "أعلنت O\nوزارة B-ORG\nالدفاع I-ORG\nأمس O\n",
]


@pytest.fixture()
def corpus(tmp_path):
    path = tmp_path / "tiny.txt"
    path.write_text("\n".join(SENTENCES), "utf-8")
    return path


def test_every_sentence_is_scored_once_by_a_model_that_did_not_see_it(corpus):
    sents = read_conll(corpus)
    total, per_fold = crossval.cross_validate(sents, folds=3, params={"max_iterations": 20})
    assert len(per_fold) == 3
    gold = total.micro.tp + total.micro.fn
    assert gold == 10 == sum(r.micro.tp + r.micro.fn for r in per_fold)  # every entity scored once
    assert 0.0 <= total.micro.f1 <= 1.0


def test_command_prints_the_table(corpus, capsys):
    assert crossval.main(["--train", str(corpus), "--folds", "2"]) == 0
    out = capsys.readouterr().out
    assert "2-fold cross-validation" in out and "ALL (micro)" in out and "F1 of each fold:" in out


def test_command_refuses_one_fold(corpus):
    with pytest.raises(SystemExit):
        crossval.main(["--train", str(corpus), "--folds", "1"])


def test_command_passes_the_iteration_limit(corpus, capsys, monkeypatch):
    seen = {}
    real = crossval.cross_validate

    def fake(sentences, *, folds, params):
        seen.update(params)
        return real(sentences, folds=folds, params=dict(params, max_iterations=5))  # quick

    monkeypatch.setattr(crossval, "cross_validate", fake)
    assert crossval.main(["--train", str(corpus), "--folds", "2", "--max-iterations", "1000"]) == 0
    assert seen == {"max_iterations": 1000}
    assert "ALL (micro)" in capsys.readouterr().out
