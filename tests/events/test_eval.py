"""The gold format and `marsad eval events`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.errors import InputError
from marsad.events.evaluate import load_gold, score
from marsad.model import Actor, Event, Span

ROOT = Path(__file__).resolve().parents[2]
GOLD = ROOT / "gold" / "events" / "events.jsonl"


def write(tmp_path, *records):
    p = tmp_path / "g.jsonl"
    p.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8")
    return p


def test_load_and_perfect_score(tmp_path):
    p = write(tmp_path, {"id": "a", "text": "زارت مصر السعودية.", "events": [
        {"type": "CONSULT", "trigger": "زارت", "actor": "مصر", "recipient": "السعودية"}]})  # fmt: skip
    (g,) = load_gold(p)
    ev = Event("e1", "CONSULT", 0, Span(0, 4, "زارت"), Span(0, 18, g.text),
               actor=Actor("country:EGY", "مصر"), recipient=Actor("country:SAU", "السعودية"))  # fmt: skip
    sc = score([g], [[ev]])
    d = sc.as_dict()
    assert d["type_accuracy_matched"] == 1.0 and d["actor_accuracy"] == 1.0 and d["recipient_accuracy"] == 1.0
    assert d["trigger_detection"]["f1"] == 1.0
    assert sc.confusion[("CONSULT", "CONSULT")] == 1


def test_wrong_type_and_spurious(tmp_path):
    p = write(tmp_path, {"id": "a", "text": "زارت مصر السعودية.", "events": [{"type": "CONSULT", "trigger": "زارت"}]})
    (g,) = load_gold(p)
    preds = [Event("e1", "AGREE", 0, Span(0, 4, "زارت"), Span(0, 4, "")),
             Event("e2", "ASSAULT", 0, Span(9, 17, "السعودية"), Span(0, 4, ""))]  # fmt: skip
    sc = score([g], [preds])
    assert sc.type_correct == 0 and sc.confusion[("CONSULT", "AGREE")] == 1 and sc.confusion[("-", "ASSAULT")] == 1
    assert "AGRE" in sc.confusion_table()


@pytest.mark.parametrize(
    "record, message",
    [
        ({"id": "a", "text": "زارت مصر", "events": [{"type": "VISIT", "trigger": "زارت"}]}, "not a PLOVER event type"),
        ({"id": "a", "text": "زارت مصر", "events": [{"type": "CONSULT", "trigger": "التقى"}]}, "not in the sentence"),
        ({"id": "a", "events": []}, "needs 'text' or 'article'"),
    ],
)
def test_bad_records(tmp_path, record, message):
    with pytest.raises(InputError, match=message):
        load_gold(write(tmp_path, record))


def test_shipped_gold_set_covers_all_types():
    from marsad.events.lexicon import PLOVER_TYPES

    types, n = set(), 0
    for line in GOLD.read_text("utf-8").splitlines():
        if line.startswith("#"):
            continue
        rec = json.loads(line)
        n += 1
        assert "text" in rec or {"article", "start", "end", "cue"} <= rec.keys()
        types |= {e["type"] for e in rec["events"]}
    assert n >= 80 and types == set(PLOVER_TYPES)


def test_shipped_gold_resolves_against_saudinewsnet():
    from tests.conftest import need_shared

    articles = need_shared("data/saudinewsnet_sample/articles.jsonl")
    gold = load_gold(GOLD, articles=articles)
    assert sum(1 for g in gold if g.id.startswith("snn-")) >= 30


def test_cli_help_has_examples(capsys):
    from marsad.cli import main

    with pytest.raises(SystemExit):
        main(["eval", "events", "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "marsad eval events --gold" in out


def test_cli_runs(tmp_path, capsys):
    from marsad.cli import main

    p = write(tmp_path, {"id": "a", "text": "هاجمت إسرائيل مواقع في لبنان.", "events": [
        {"type": "ASSAULT", "trigger": "هاجمت", "actor": "إسرائيل"}]})  # fmt: skip
    assert main(["eval", "events", "--gold", str(p), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["gold_events"] == 1 and data["type_accuracy_matched"] == 1.0
