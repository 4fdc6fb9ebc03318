"""`marsad eval names`: the gold reader's checks and the scoring of English names."""

from __future__ import annotations

import json

import pytest

from marsad.entities.names_eval import fold_latin, load_gold, score
from marsad.errors import InputError

TEXT = "قال وزير الخارجية الأمريكي ماركو روبيو إن بلاده ستواصل الحوار مع باكستان."


def _corpus(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    art = {"id": "X-2018-05-01", "published": "2018-05-01", "title": "t", "text": TEXT}
    (folder / "a.jsonl").write_text(json.dumps(art, ensure_ascii=False) + "\n", "utf-8")
    return folder


def _gold(tmp_path, english, start=None):
    s = TEXT.index("ماركو روبيو") if start is None else start
    rec = {"article": "X-2018-05-01", "start": s, "end": s + 11, "arabic": "ماركو روبيو", "english": english,
           "origin": "european"}  # fmt: skip
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", "utf-8")
    return path


def test_fold_latin():
    assert fold_latin("Recep Tayyip Erdoğan") == fold_latin("recep tayyip erdogan")
    assert fold_latin("Abdel Fattah al-Sisi") == fold_latin("Abdel Fattah Al Sisi")
    assert fold_latin("King Salman bin Abdulaziz") == fold_latin("Salman bin Abdulaziz")
    assert fold_latin("Kingsley Amis") != fold_latin("Amis")


def test_acceptable_and_wrong(tmp_path):
    corpus = _corpus(tmp_path)
    ok = score(*load_gold(_gold(tmp_path, ["Marco Rubio"]), corpus=corpus))
    assert (ok.persons, ok.found, ok.acceptable, ok.wrong) == (1, 1, 1, 0)
    assert ok.by_origin["european"]["acceptable"] == 1 and ok.by_source["kb:ok"] == 1
    bad = score(*load_gold(_gold(tmp_path, ["Mark Rubio"]), corpus=corpus))
    assert (bad.acceptable, bad.wrong) == (0, 1) and bad.errors[0]["got"] == "Marco Rubio"


def test_span_must_read_the_name(tmp_path):
    with pytest.raises(InputError, match="reads"):
        load_gold(_gold(tmp_path, ["Marco Rubio"], start=0), corpus=_corpus(tmp_path))
