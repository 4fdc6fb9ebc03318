"""TimeML reading, scoring and `marsad eval time`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.cli import main
from marsad.errors import InputError
from marsad.time.timeml import evaluate, read_timeml, timeml_files

GOLD = Path(__file__).resolve().parents[2] / "gold" / "time"

DOC = """<?xml version="1.0" encoding="UTF-8"?>
<TimeML>
<DCT><TIMEX3 tid="t0" type="DATE" value="2025-10-26" functionInDocument="CREATION_TIME">2025-10-26</TIMEX3></DCT>
<TEXT>عقد مؤتمر <EVENT eid="e1">صحفي</EVENT> <TIMEX3 tid="t1" type="DATE" value="2025-10-25">يوم السبت</TIMEX3> واستمر <TIMEX3 tid="t2" type="DURATION" value="P4D">أربعة أيام</TIMEX3> &amp; انتهى.</TEXT>
</TimeML>
"""


@pytest.fixture
def doc_path(tmp_path):
    p = tmp_path / "one.tml"
    p.write_text(DOC, encoding="utf-8")
    return p


def test_read_timeml(doc_path):
    doc = read_timeml(doc_path)
    assert doc.dct == "2025-10-26"
    assert [(doc.text[g.start : g.end], g.type, g.value) for g in doc.timexes] == [
        ("يوم السبت", "DATE", "2025-10-25"),
        ("أربعة أيام", "DURATION", "P4D"),
    ]
    assert "&" in doc.text and "<" not in doc.text


def test_evaluate_one_document(doc_path):
    result = evaluate([read_timeml(doc_path)])
    assert result.exact.micro.as_dict()["f1"] == 1.0
    assert result.value_accuracy == 1.0


def test_dct_option_overrides(doc_path):
    result = evaluate([read_timeml(doc_path)], dct="2025-11-03")
    assert result.value_accuracy == 0.5  # the Saturday moves, the duration does not


def test_bad_xml(tmp_path):
    p = tmp_path / "bad.tml"
    p.write_text("<TimeML><TEXT>يوم <TIMEX3>السبت</TEXT></TimeML>", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tml"):
        read_timeml(p)


def test_gold_set_is_large_enough():
    files = timeml_files(GOLD)
    assert sum(len(read_timeml(f).timexes) for f in files) >= 40


def test_cli_eval_time(capsys):
    assert main(["eval", "time", "--gold", str(GOLD), "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["documents"] >= 7
    assert out["overlap"]["recall"] > 0.8  # a floor well below the measured figure, to catch regressions
    assert 0 <= out["value_accuracy"] <= 1


def test_cli_eval_time_table(capsys, doc_path):
    assert main(["eval", "time", "--gold", str(doc_path), "--dct", "2025-10-26"]) == 0
    out = capsys.readouterr().out
    assert "value accuracy: 100.00" in out and "exact" in out


def test_cli_missing_gold(capsys, tmp_path):
    assert main(["eval", "time", "--gold", str(tmp_path / "nope")]) == 1
    assert "no such file" in capsys.readouterr().err
