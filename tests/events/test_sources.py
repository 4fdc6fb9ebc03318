"""The event coder's outside sources: the UniversalPetrarch dictionary build, the GSR and salient-event
scorers, and the occurrence model."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marsad.errors import InputError
from marsad.events import build_upetrarch, gsr, occurrence, salient
from marsad.events.lexicon import load_lexicon
from marsad.model import Actor, Event, Span

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "data"
TABLE = "# CAMEO to PLOVER\n~~~~~\n19: ASSAULT\n190: ASSAULT,  , # Use conventional military force\n141: PROTEST, demo, # Demonstrate\n"
DICT = """####### SYNONYM SETS #######
&WEAPON
+صاروخ_
+قذيفة_

####### VERB PATTERNS #######
--- قصف [190] ---
قصف                    # shell
- * &WEAPON [190] # قصف
--- تظاهر [---] ---
تظاهر  [141]   # demonstrate
"""


def build(tmp_path: Path, dictionary: str) -> tuple[int, str, str]:
    (tmp_path / "dict.txt").write_text(dictionary, encoding="utf-8")
    (tmp_path / "table.txt").write_text(TABLE, encoding="utf-8")
    out = tmp_path / "out.tsv"
    rc = build_upetrarch.main(["--dictionary", str(tmp_path / "dict.txt"), "--plover", str(tmp_path / "table.txt"),
                               "--out", str(out)])  # fmt: skip
    return rc, out.read_text("utf-8") if out.exists() else "", str(tmp_path / "dict.txt")


def test_the_build_compiles_members_and_patterns_with_provenance(tmp_path):
    rc, text, _ = build(tmp_path, DICT)
    assert rc == 0
    lines = [ln.split("\t") for ln in text.splitlines() if not ln.startswith("#")]
    assert ["verb", "قصف/يقصف", "ASSAULT", "-", "190", "-", "attacked|attack", "dict.txt:8"] in lines
    assert any(ln[5] == "صاروخ/قذيفة" and ln[7] == "dict.txt:9" for ln in lines)  # the synonym set expanded
    assert any(ln[:4] == ["verb", "تظاهر/يتظاهر", "PROTEST", "demo"] for ln in lines)


def test_a_broken_dictionary_line_names_its_file_and_line(tmp_path, capsys):
    rc, _, path = build(tmp_path, DICT.replace("- * &WEAPON [190] # قصف", "- * &WEAPON 190 # قصف"))
    assert rc == 2
    assert f"{path}:9:" in capsys.readouterr().err


def test_the_packaged_import_loads_under_the_hand_written_lines():
    plain, both = load_lexicon(), load_lexicon(imported=True)
    assert len(both.entries) > len(plain.entries) + 1000
    # hand-written forms win: قتل keeps only its hand-written readings
    assert {i.entry.source for i in both.forms["قتل"]} == {i.entry.source for i in plain.forms["قتل"]}
    assert all(e.origin and e.origin.startswith("CAMEO.ar.0.5.txt:") for e in both.entries[len(plain.entries) :])


def test_gsr_rows_and_errors(tmp_path):
    (tmp_path / "assault_gsr.csv").write_text(
        ",accept,event_type,id,label,reject,text,total\n"
        "1,3,ASSAULT,AAW_ARB_20080913.0007-1,yes,0,قتل ثلاثة أشخاص في انفجار سيارة مفخخة في بغداد.,3\n"
        "2,0,ASSAULT,AAW_ARB_20080913.0007-2,easy no,3,زار الوزير القاهرة.,3\n"
        "3,1,ASSAULT,AAW_ARB_20080913.0007-3,ambiguous,2,نص.,3\n",
        encoding="utf-8",
    )
    rows = gsr.load_sentences(tmp_path, "ASSAULT")
    assert [(r.label, r.published) for r in rows] == [("yes", "2008-09-13"), ("easy no", "2008-09-13")]
    sc = gsr.score_type(tmp_path, "ASSAULT", threshold=0.0)
    assert (sc.tp, sc.fp, sc.fn, sc.tn) == (1, 0, 0, 1)
    (tmp_path / "protest_gsr.csv").write_text(",id,label,text\n1,x,maybe,نص\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"protest_gsr.csv:2: unknown label"):
        gsr.load_sentences(tmp_path, "PROTEST")


def test_salient_gold_offsets_are_checked(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    import lzma

    art = {"id": "X-1-20180505", "published": "2018-05-05", "text": "اعتقلت الشرطة عشرة أشخاص في القاهرة."}
    with lzma.open(corpus / "c.jsonl.xz", "wt", encoding="utf-8") as fh:
        fh.write(json.dumps(art, ensure_ascii=False) + "\n")
    gold = tmp_path / "g.jsonl"
    ev = {"trigger": "اعتقلت", "start": 0, "end": 6, "type": "COERCE", "actor": "الشرطة", "date": "2018-05-05"}
    gold.write_text(json.dumps({"id": "t-1", "article": "X-1-20180505", "events": [ev]}, ensure_ascii=False) + "\n", "utf-8")
    sc = salient.evaluate(gold, corpus=corpus)
    assert (sc.gold, sc.strict, sc.type_right, sc.actor_right, sc.date_right) == (1, 1, 1, 1, 1)
    ev["start"] = 1
    gold.write_text(json.dumps({"id": "t-1", "article": "X-1-20180505", "events": [ev]}, ensure_ascii=False) + "\n", "utf-8")
    with pytest.raises(InputError, match=r"g.jsonl:1: \[1:6\] reads"):
        salient.load_gold(gold, corpus=corpus)


def test_the_occurrence_model_scores_reports_above_references():
    from marsad import analyze

    report = analyze("قتل ثلاثة أشخاص وأصيب خمسة آخرون بجروح في انفجار سيارة مفخخة في بغداد أمس.", published="2008-09-13")
    film = analyze("فاز الفيلم بجائزة عن قصة الاغتيالات والخطف في القرن الماضي.", published="2008-09-13")
    p_report = max(e.confidence for e in report.events if e.type == "ASSAULT")
    p_film = max((e.confidence for e in film.events if e.type == "ASSAULT"), default=0.0)
    assert p_report >= occurrence.THRESHOLD > p_film


def test_the_occurrence_model_fits_separable_data():
    rows = [["a", "x"], ["a", "y"], ["b", "x"], ["b", "y"]] * 5
    weights = occurrence.fit(rows, [r[0] == "a" for r in rows], steps=300)
    assert weights["a"] > 0 > weights["b"]
    e = Event("e1", "ASSAULT", 0, Span(0, 1, "x"), Span(0, 1, "x"), actor=Actor(None, "x"))
    assert occurrence.probability(Event("e2", "CONSULT", 0, e.trigger, e.evidence), None) is None  # type: ignore[arg-type]


@pytest.mark.skipif(not (SHARED / "arabic_event_gsr_dev").is_dir(), reason="../shared/data/arabic_event_gsr_dev is absent")
def test_gsr_dev_reaches_what_the_model_was_built_for():
    # in-sample on the dev half (the model's training data): a floor that catches a broken model or coder
    scores = {s.type: s for s in gsr.evaluate(SHARED / "arabic_event_gsr_dev", analyse=gsr.memo_analyse())}
    assert scores["ASSAULT"].f1 >= 0.55 and scores["PROTEST"].f1 >= 0.55


def test_the_stage_loads_the_import_on_request():
    from marsad.events import EventStage

    assert len(EventStage(imported=True).coder.lex.entries) > len(EventStage().coder.lex.entries)
