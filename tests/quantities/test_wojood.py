"""Reading Wojood's numeric tags and scoring the quantities stage against them."""

from __future__ import annotations

import pytest

from marsad.errors import InputError
from marsad.quantities.wojood import evaluate, read_wojood

SAMPLE = """قضية O
تسديد O
500 B-MONEY
جنيه I-MONEY B-CURR
و O
70 B-PERCENT
% I-PERCENT
من O
4 B-CARDINAL
كلمات O
$#$ O

الجزء O
الثامن B-ORDINAL
عشر I-ORDINAL
. O
"""


def test_read_and_score(tmp_path):
    path = tmp_path / "w.txt"
    path.write_text(SAMPLE, "utf-8")
    sents = list(read_wojood(path))
    assert [s.text for s in sents] == ["قضية تسديد 500 جنيه و 70 % من 4 كلمات", "الجزء الثامن عشر ."]
    first = sents[0]
    assert [(first.text[s:e], lab) for s, e, lab in first.gold] == [
        ("500 جنيه", "MONEY"),
        ("70 %", "PERCENT"),
        ("4", "CARDINAL"),
    ]
    result = evaluate(sents)
    assert result.sentences == 2
    assert result.exact.by_label["MONEY"].tp == 1
    assert result.exact.by_label["ORDINAL"].tp == 1
    assert result.overlap.by_label["CARDINAL"].tp == 1  # marsad's span is "4 كلمات"
    assert result.detection.micro.recall == 1.0


def test_bad_line(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text("كلمة\n", "utf-8")
    with pytest.raises(InputError, match="line 1"):
        list(read_wojood(path))


def test_cli_on_the_shared_sample(capsys):
    from marsad.cli import main
    from tests.conftest import need_shared

    path = need_shared("data/wojood_sample/val.txt")
    assert main(["eval", "quantities", "--wojood", str(path)]) == 0
    out = capsys.readouterr().out
    assert "overlapping spans" in out and "MONEY" in out and "detection" in out
