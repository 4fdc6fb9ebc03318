"""`marsad ingest --analyses`: the analyses of `marsad batch` stored without running the NLP give the store that
ingesting the raw articles gives (articles, stories, entities, quotes, events); a rerun adds nothing; a line that
is not an analysis is reported with its file and line and the rest is stored; a kill midway loses and doubles
nothing; the command and its help."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from marsad.batch import run_batch
from marsad.cli import main
from marsad.ingest import KILL_ENV, ingest, ingest_analyses
from marsad.pipeline import Pipeline
from marsad.store import Store
from tests.ingest.inputs import records
from tests.ingest.test_ingest import _count
from tests.store.corpus import T1, T2, T3, T4

ROOT = Path(__file__).resolve().parents[2]


def _articles() -> list[dict]:
    """Four news items (T2 a syndicated copy of T1: one story), two without URL (identity by text), three
    more made-up ones, and a repeat of the first."""
    recs = [{"id": f"s{i}", "title": t.split("\n", 1)[0], "published": "2025-10-26", "source": "test", "text": t}
            for i, t in enumerate((T1, T2, T3, T4))]
    recs[0]["url"], recs[2]["url"] = "https://news.example/s0", "https://news.example/s2"
    return [*recs, *records(3), dict(recs[0])]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """The articles as JSON lines; line 3 is broken JSON (so the batch run rejects one item)."""
    lines = [json.dumps(r, ensure_ascii=False) for r in _articles()]
    lines.insert(2, '{"id": "broken", "text": "لا قوس يغلق هذا السطر"')
    path = tmp_path_factory.mktemp("raw") / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


@pytest.fixture(scope="module")
def batch_out(corpus, tmp_path_factory) -> Path:
    """`marsad batch` output (every default stage, in this process) in three part files."""
    out = tmp_path_factory.mktemp("batch") / "out"
    summary = run_batch([str(corpus)], out, engine="local", workers=1, partition_size=3)
    assert (summary.analysed, summary.partitions, len(summary.rejected)) == (8, 3, 1)
    return out


def snapshot(store: Store) -> dict:
    """What the store exposes: counts, every article (metadata, story, stored analysis, its events), the
    entities, quotes, corpus events and event reports. Less the time of ingestion."""
    arts = {}
    for row in store.articles(limit=100)["items"]:
        art = store.article(row["id"])
        art.pop("ingested_at")
        art["story"] = [s["id"] for s in art["story"]]
        arts[row["id"]] = art
    return {"stats": store.stats(), "articles": arts, "entities": list(store.iter_entities()),
            "quotes": list(store.iter_quotes()), "events": list(store.iter_events()),
            "reports": list(store.iter_event_reports())}


COUNTS = ("ingested", "duplicates", "near_duplicates", "stage_errors")


@pytest.fixture(scope="module")
def raw(corpus, tmp_path_factory) -> tuple[Path, dict, dict]:
    """The raw articles ingested with the same pipeline: (store path, summary, snapshot)."""
    db = tmp_path_factory.mktemp("rawdb") / "raw.db"
    with Store.open(str(db)) as store:
        summary = ingest([str(corpus)], store, jobs=1, pipeline=Pipeline())
        return db, summary.to_dict(), snapshot(store)


def test_analyses_are_stored_as_the_raw_articles_would_be(batch_out, raw, tmp_path):
    _, raw_summary, raw_snapshot = raw
    with Store.open(str(tmp_path / "a.db")) as store:
        summary = ingest_analyses([str(batch_out)], store, commit_every=2)
        got = summary.to_dict()
        assert {k: got[k] for k in COUNTS} == {k: raw_summary[k] for k in COUNTS} == {
            "ingested": 7, "duplicates": 1, "near_duplicates": 1, "stage_errors": 0}
        assert got["read"] == 8 and got["rejected"] == 0  # the broken line never reached the part files
        assert got["stages"] == raw_summary["stages"] == list(Pipeline().names)
        assert got["nlp_seconds"] == 0
        assert any("did not analyse 1 item(s)" in w and "rejected.jsonl" in w for w in got["warnings"])
        mine = snapshot(store)
    assert mine["stats"]["entities"] and mine["stats"]["events"] and mine["stats"]["quotes"]  # a real test
    assert mine["articles"]["s1"]["story_id"] == "s0"  # the syndicated copy joined the story
    assert mine == raw_snapshot


def test_a_rerun_adds_nothing_nor_does_loading_what_was_ingested_raw(batch_out, raw, tmp_path):
    with Store.open(str(tmp_path / "a.db")) as store:
        ingest_analyses([str(batch_out)], store)
        before = snapshot(store)
        again = ingest_analyses([str(batch_out)], store)
        assert (again.read, again.ingested, again.duplicates, again.rejected) == (8, 0, 8, [])
        assert snapshot(store) == before
    db = tmp_path / "raw-copy.db"
    shutil.copy(raw[0], db)
    with Store.open(str(db)) as store:
        summary = ingest_analyses([str(batch_out)], store)  # same URL, or same text without one: same article
        assert (summary.ingested, summary.duplicates) == (0, 8)
        assert snapshot(store) == raw[2]


def test_bad_lines_are_reported_with_file_and_line_and_the_rest_is_stored(batch_out, tmp_path):
    good = (batch_out / "part-00000.jsonl").read_text("utf-8").splitlines()
    extra = json.loads(good[2])
    extra["oops"] = 1
    no_text = json.loads(good[2])
    del no_text["document"]["text"]
    lines = [
        good[0],
        '{"schema": "marsad.analysis/1", "document": {"id": "x"',  # 2: broken JSON
        json.dumps(records(1)[0], ensure_ascii=False),  # 3: an article, not an analysis
        "",
        "[1, 2]",  # 5: not an object
        json.dumps(extra, ensure_ascii=False),  # 6: a field the model does not have
        json.dumps(no_text, ensure_ascii=False),  # 7: no text
        json.dumps({"schema": "other/2", "document": {}}),  # 8: another schema
        good[1],
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    with Store.open(str(tmp_path / "s.db")) as store:
        summary = ingest_analyses([str(path)], store)
        assert (summary.read, summary.ingested, summary.duplicates) == (8, 2, 0)
        where = {w.removeprefix(f"{path}, line "): r for w, r in summary.rejected}
        assert sorted(where, key=int) == ["2", "3", "5", "6", "7", "8"]
        assert "broken JSON" in where["2"]
        assert "not a marsad.analysis/1 record" in where["3"] and "without --analyses" in where["3"]
        assert "expected a JSON object" in where["5"] and "a list" in where["5"]
        assert "broken analysis" in where["6"] and "oops" in where["6"]
        assert "broken analysis" in where["7"] and "text" in where["7"]
        assert "'other/2'" in where["8"]
        assert summary.to_dict()["rejected_by_reason"] == {"not an analysis": 2, "broken analysis": 2,
                                                            "broken JSON": 1, "not a record": 1}
        assert sorted(a["id"] for a in store.articles(limit=10)["items"]) == ["s0", "s1"]


def test_what_is_read_from_folders_and_files(batch_out, tmp_path):
    # a batch folder missing its summary (a run that has not finished): its part files, and a warning
    unfinished = tmp_path / "unfinished"
    shutil.copytree(batch_out, unfinished)
    (unfinished / "_SUMMARY.json").unlink()
    (unfinished / "part-00002.jsonl").unlink()
    # any other folder: its .jsonl/.json files, not hidden, `_` or rejected.jsonl ones
    other = tmp_path / "other"
    (other / "sub").mkdir(parents=True)
    first = (batch_out / "part-00002.jsonl").read_text("utf-8").splitlines()[0]
    (other / "sub" / "one.json").write_text(json.dumps(json.loads(first), ensure_ascii=False, indent=2), "utf-8")
    for name in ("_skipped.jsonl", ".hidden.jsonl", "rejected.jsonl"):
        (other / name).write_text("not json\n", "utf-8")
    (other / "notes.txt").write_text("not read", "utf-8")
    with Store.open(str(tmp_path / "s.db")) as store:
        summary = ingest_analyses([str(unfinished), str(other), str(tmp_path / "nothing"), str(other / "notes.txt")],
                                  store)
        assert (summary.read, summary.ingested) == (9, 7)  # 6 in two part files, one .json; two bad paths
        assert [w for w, _ in summary.rejected] == [str(tmp_path / "nothing"), str(other / "notes.txt")]
        assert summary.to_dict()["rejected_by_reason"] == {"missing file": 1, "unknown file type": 1}
        assert any("has not finished" in w and "--resume" in w for w in summary.warnings)
        assert store.article(json.loads(first)["document"]["id"])["id"]  # the indented .json analysis


def test_killed_midway_then_rerun_loses_and_doubles_nothing(batch_out, tmp_path):
    db = str(tmp_path / "crash.db")
    cmd = [sys.executable, "-m", "marsad", "ingest", "--analyses", str(batch_out), "--db", db, "--commit-every", "2",
           "--no-progress", "--format", "json"]
    env = {**os.environ, KILL_ENV: "3", "PYTHONPATH": os.path.join(ROOT, "src")}
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert first.returncode == -signal.SIGKILL, first.stderr
    stored, distinct, bands, fts = _count(db)
    assert 0 < stored <= 3  # the committed transactions are in, the open one is gone
    assert stored == distinct == bands == fts

    env.pop(KILL_ENV)
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=60, check=False)
    assert second.returncode == 0, second.stderr
    summary = json.loads(second.stdout)
    assert (summary["ingested"], summary["duplicates"]) == (7 - stored, stored + 1)  # + the repeat in the input
    assert summary["store"]["articles"] == 7
    assert _count(db) == (7, 7, 7, 7)


def test_command_help_table_and_errors(batch_out, tmp_path, capsys):
    with pytest.raises(SystemExit):
        main(["ingest", "--help"])
    text = capsys.readouterr().out
    examples = text.split("examples:", 1)[1]
    assert "--analyses" in text and "marsad ingest --analyses analyses/" in examples

    db = str(tmp_path / "s.db")
    assert main(["ingest", "--analyses", str(batch_out), "--db", db, "--no-progress"]) == 0
    table = capsys.readouterr().out
    assert "read 8 analyses in" in table and "(no NLP run)" in table and "7 ingested" in table
    assert "1 duplicates skipped" in table and "1 near-duplicates linked" in table and "store: 7 articles" in table
    assert "warning:" in table and "rejected.jsonl" in table

    assert main(["ingest", "--analyses", str(batch_out), "--db", db, "--stages", "text", "--jobs", "2"]) == 1
    err = capsys.readouterr().err
    assert "--jobs, --stages" in err and "no NLP runs with --analyses" in err
