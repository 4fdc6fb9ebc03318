"""`marsad quotes` and `marsad eval quotes`."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from marsad.cli import main

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = "وقال وزير المالية: «لن نرفع الضرائب هذا العام».\n\nوأضاف أن الحكومة ستخفض الإنفاق.\n"


@pytest.fixture
def article(tmp_path: Path) -> Path:
    p = tmp_path / "a.txt"
    p.write_text(ARTICLE, "utf-8")
    return p


def test_table(article: Path, capsys) -> None:
    assert main(["quotes", str(article)]) == 0
    out = capsys.readouterr().out
    assert "2 quotation(s)" in out
    assert "«لن نرفع الضرائب هذا العام»" in out
    assert "(continuation)" in out and "cue: وأضاف" in out


def test_json(article: Path, capsys) -> None:
    assert main(["quotes", str(article), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    kinds = [(q["kind"], q["text"]) for q in data["quotes"]]
    assert kinds == [("direct", "لن نرفع الضرائب هذا العام"), ("indirect", "الحكومة ستخفض الإنفاق")]
    for q in data["quotes"]:
        assert ARTICLE[q["start"] : q["end"]] == q["text"]


def test_csv(article: Path, capsys) -> None:
    assert main(["quotes", str(article), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["kind"] for r in rows] == ["direct", "indirect"]
    assert rows[0]["cue"] == "وقال"


LINKED = 'وقال المتحدث باسم الوزارة إن الحكومة "لن ترفع الضرائب هذا العام" رغم العجز.\n'


def test_links_in_table_and_csv(tmp_path: Path, capsys) -> None:
    p = tmp_path / "linked.txt"
    p.write_text(LINKED, "utf-8")
    assert main(["quotes", str(p)]) == 0
    out = capsys.readouterr().out
    assert "2 quotation(s), 1 distinct statement(s)" in out
    assert "[inside q1]" in out
    assert main(["quotes", str(p), "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["id"], r["kind"], r["within"], r["repeats"]) for r in rows] == [
        ("q1", "indirect", "", ""), ("q2", "partial", "q1", "")]  # fmt: skip


def test_without_file_explains_the_store_mode(capsys) -> None:
    assert main(["quotes"]) == 1
    assert "store" in capsys.readouterr().err


def test_help_has_examples(capsys) -> None:
    for argv in (["quotes", "--help"], ["eval", "quotes", "--help"]):
        with pytest.raises(SystemExit):
            main(argv)
        assert "examples:" in capsys.readouterr().out


def test_eval_on_a_small_gold_file(tmp_path: Path, capsys) -> None:
    gold = tmp_path / "g.jsonl"
    rows = [
        {"doc": "examples/protest.ar.txt", "title_first_line": True, "quotes": [
            {"text": "لن نقبل أن يدفع العمال ثمن الأزمة وحدهم", "kind": "direct", "speaker": "الطبوبي"},
        ]},
    ]  # fmt: skip
    gold.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), "utf-8")
    assert main(["eval", "quotes", "--gold", str(gold), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["gold_quotes"] == 1
    assert data["overlap"]["direct"]["recall"] == 1.0
    assert data["speaker"]["matched"] == 1


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ('{"doc": "examples/protest.ar.txt", "quotes": [{"text": "ليس في النص", "kind": "direct"}]}', "not found"),
        ('{"doc": "examples/protest.ar.txt", "quotes": [{"text": "لن نقبل", "kind": "quote"}]}', "kind must be"),
        ('{"doc": "examples/nope.txt", "quotes": []}', "not found"),
        ("{broken", "broken JSON"),
    ],
)
def test_gold_errors_name_the_line(tmp_path: Path, capsys, line: str, message: str) -> None:
    gold = tmp_path / "g.jsonl"
    gold.write_text(line, "utf-8")
    assert main(["eval", "quotes", "--gold", str(gold)]) == 1
    err = capsys.readouterr().err
    assert message in err and "line 1" in err


def test_shipped_gold_set_loads() -> None:
    from marsad.quotes.evaluate import load_gold

    path = ROOT / "gold" / "quotes" / "quotes.jsonl"
    rows = [json.loads(x) for x in path.read_text("utf-8").splitlines() if x.strip()]
    assert sum(len(r["quotes"]) for r in rows) >= 40
    local = [r for r in rows if not r["doc"].startswith(("saudinewsnet:", "../shared"))]
    docs = load_gold_local(load_gold, local, ROOT)
    assert all(q.end > q.start for d in docs for q in d.quotes)


def load_gold_local(load_gold, rows, root: Path):
    import tempfile

    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False, encoding="utf-8") as fh:
        fh.write("\n".join(json.dumps(r, ensure_ascii=False) for r in rows))
    return load_gold(fh.name)
