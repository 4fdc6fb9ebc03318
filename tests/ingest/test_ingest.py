"""Ingestion: every input kind, bad items reported and skipped, idempotence, near-duplicates, the process
pool, and a crash midway (the process killed) followed by a restart: nothing lost, nothing doubled."""

from __future__ import annotations

import contextlib
import json
import multiprocessing
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import pytest

from marsad.cli import build_parser, main
from marsad.errors import InputError
from marsad.ingest import Rejected, ingest, iter_inputs
from marsad.ingest.readers import Item
from marsad.pipeline import Pipeline
from marsad.store import Store
from tests.ingest.inputs import article_text, bad_jsonl, folder, records, write_jsonl

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


@pytest.fixture(scope="module")
def nlp():
    return Pipeline(["text"])


def test_bad_jsonl_lines_are_reported_and_skipped(tmp_path, nlp):
    path = bad_jsonl(tmp_path / "mixed.jsonl")
    with Store.open(str(tmp_path / "s.db")) as store:
        summary = ingest([str(path)], store, jobs=1, pipeline=nlp)
        assert (summary.ingested, summary.duplicates) == (3, 1)
        where = {w.rsplit("line ", 1)[1]: r for w, r in summary.rejected}
        assert sorted(where, key=int) == ["2", "4", "5", "6", "7", "8", "9"]
        assert "broken JSON" in where["2"]
        assert "UTF-8" in where["4"]
        assert "binary" in where["5"]
        assert "empty" in where["6"]
        assert "JSON object" in where["7"]
        assert "'text'" in where["8"]
        assert "too short" in where["9"]
        assert store.stats()["articles"] == 3
        kinds = summary.to_dict()["rejected_by_reason"]
        assert kinds == {"broken JSON": 1, "not UTF-8": 1, "binary data": 1, "empty text": 1, "not a record": 1,
                         "no text field": 1, "text too short": 1}


def test_every_input_kind(tmp_path, nlp):
    root = folder(tmp_path / "in")
    items = list(iter_inputs([str(root)]))
    good = {os.path.relpath(i.record.where, root).split(",")[0]: i for i in items if isinstance(i, Item)}
    bad = {os.path.relpath(i.where, root).split(",")[0]: i.reason for i in items if isinstance(i, Rejected)}
    assert sorted(good) == ["a.txt", "b.html", "f.rss", "i.html", "sub/g.warc.gz"]
    assert "وأضاف الوزير" in good["i.html"].record.text  # windows-1256 page decoded
    assert sorted(bad) == ["c.html", "d.bin", "e.txt", "f.rss", "sub/empty.txt", "sub/h.warc"]
    assert "no main text" in bad["c.html"]
    assert "binary" in bad["d.bin"]
    assert "UTF-8" in bad["e.txt"] and "iconv" in bad["e.txt"]
    assert "empty" in bad["sub/empty.txt"] and "WARC" in bad["sub/h.warc"]
    # metadata: sidecar for the text file, trafilatura for HTML, feedparser for the feed, warcio for the archive
    txt = good["a.txt"].record
    assert (txt.published, txt.url, txt.source) == ("2025-10-21", "https://txt.example/a", "txt")
    html = good["b.html"]
    assert html.record.title == "افتتاح مشروع الطريق الجديد" and html.record.published == "2025-10-20"
    assert html.author == "سارة أحمد"
    assert "الرئيسية" not in html.record.text and "وأضاف الوزير" in html.record.text
    feed = [i for i in items if isinstance(i, Item) and i.record.where.startswith(str(root / "f.rss"))]
    assert [(f.record.title, f.record.published, f.record.url) for f in feed] == [
        ("الخبر الأول في الخلاصة", "2025-10-20", "https://feed.example/1"),
        ("الخبر الثاني في الخلاصة", "2025-10-21", "https://feed.example/2"),
    ]
    assert "<p>" not in feed[0].record.text
    warc = good["sub/g.warc.gz"].record
    assert warc.url == "https://site.example/news/1" and "وأضاف الوزير" in warc.text

    with Store.open(str(tmp_path / "s.db")) as store:
        summary = ingest([str(root)], store, jobs=1, pipeline=nlp)
        assert summary.ingested == 6 and len(summary.rejected) == 6
        again = ingest([str(root)], store, jobs=1, pipeline=nlp)
        assert (again.ingested, again.duplicates, len(again.rejected)) == (0, 6, 6)
        assert store.stats()["articles"] == 6


def test_second_ingest_adds_nothing_and_a_repeat_is_a_duplicate(tmp_path, nlp):
    path = write_jsonl(tmp_path / "a.jsonl", records(6))
    with Store.open(str(tmp_path / "s.db")) as store:
        first = ingest([str(path)], store, jobs=1, pipeline=nlp)
        stats = store.stats()
        second = ingest([str(path), str(path)], store, jobs=1, pipeline=nlp)
        assert (first.ingested, first.duplicates) == (6, 0)
        assert (second.ingested, second.duplicates) == (0, 12)
        assert store.stats() == stats


def test_syndicated_copies_form_one_story(tmp_path, nlp):
    recs = records(3)
    copy = dict(recs[0], id="copy", url="https://other.example/copy", source="other")
    copy["text"] = recs[0]["text"].replace("خبر رقم 0", "خبر رقم 0 (نقلا عن وكالة)")
    path = write_jsonl(tmp_path / "a.jsonl", [*recs, copy])
    with Store.open(str(tmp_path / "s.db")) as store:
        summary = ingest([str(path)], store, jobs=1, pipeline=nlp)
        assert (summary.ingested, summary.near_duplicates) == (4, 1)
        assert store.article("copy")["story_id"] == "t0"
        assert store.stats()["stories"] == 3


def test_parallel_ingest_matches_serial(tmp_path, nlp):
    path = write_jsonl(tmp_path / "a.jsonl", records(12))
    results = []
    for jobs in (1, 2):
        with Store.open(str(tmp_path / f"s{jobs}.db")) as store:
            summary = ingest([str(path)], store, jobs=jobs, pipeline=nlp, commit_every=5)
            assert summary.ingested == 12 and summary.jobs == jobs
            results.append([(a["id"], a["story_id"]) for a in store.articles(limit=50)["items"]])
    assert results[0] == results[1]


def test_a_failing_stage_does_not_stop_the_batch(tmp_path):
    class Boom:
        name = "boom"
        requires = ("sentences",)
        provides = ("boom",)

        def __call__(self, analysis):
            if "رقم 1" in analysis.document.text:
                raise RuntimeError("boom")
            return analysis

    nlp = Pipeline(["text"])
    nlp.stages.append(Boom())
    nlp.names.append("boom")
    path = write_jsonl(tmp_path / "a.jsonl", records(3))
    with Store.open(str(tmp_path / "s.db")) as store:
        summary = ingest([str(path)], store, jobs=1, pipeline=nlp)
        assert summary.ingested == 3 and summary.stage_errors == 1
        assert store.article("t1")["analysis"]["errors"][0]["stage"] == "boom"


def _slow_on(marker: str, seconds: float) -> Pipeline:
    """The text pipeline plus a stage that sleeps ``seconds`` on the article whose text holds ``marker``, and
    swallows ordinary exceptions as a careless stage might (the time limit must still get through)."""

    class Slow:
        name = "slow"
        requires = ("sentences",)
        provides = ("slow",)

        def __call__(self, analysis):
            if marker in analysis.document.text:
                with contextlib.suppress(Exception):
                    time.sleep(seconds)
            return analysis

    nlp = Pipeline(["text"])
    nlp.stages.append(Slow())
    nlp.names.append("slow")
    return nlp


@pytest.mark.parametrize("jobs", [1, 2])
def test_an_article_past_the_time_limit_is_reported_and_the_batch_goes_on(tmp_path, nlp, jobs):
    if jobs > 1 and "fork" not in multiprocessing.get_all_start_methods():
        pytest.skip("the slow stage reaches the workers only when they are forked")
    path = write_jsonl(tmp_path / "a.jsonl", records(5))
    handler = signal.getsignal(signal.SIGALRM)
    with Store.open(str(tmp_path / "s.db")) as store:
        t0 = time.perf_counter()
        summary = ingest([str(path)], store, jobs=jobs, pipeline=_slow_on("خبر رقم 2\n", 30), timeout=0.3)
        assert time.perf_counter() - t0 < 10  # stopped after 0.3 s, not 30
        assert (summary.read, summary.ingested, summary.duplicates) == (5, 4, 0)
        [(where, reason)] = summary.rejected
        assert where == f"{path}, line 3"  # the source, as for any other rejection
        assert "timed out" in reason and "0.3 s" in reason and "--timeout" in reason
        assert summary.to_dict()["rejected_by_reason"] == {"timed out": 1}
        assert sorted(a["id"] for a in store.articles(limit=50)["items"]) == ["t0", "t1", "t3", "t4"]
        # the alarm is cancelled and the previous handler back (this process analysed with jobs=1)
        assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
        assert signal.getsignal(signal.SIGALRM) is handler

        # nothing lost: the article was not stored, so a run without the slow stage adds it, once
        again = ingest([str(path)], store, jobs=jobs, pipeline=nlp)
        assert (again.ingested, again.duplicates, again.rejected) == (1, 4, [])
        assert store.stats()["articles"] == 5


def test_no_time_limit_when_disabled_or_off_the_main_thread(tmp_path):
    path = write_jsonl(tmp_path / "a.jsonl", records(2))
    slow = _slow_on("خبر رقم 1\n", 0.4)
    with Store.open(str(tmp_path / "s.db")) as store:
        assert ingest([str(path)], store, jobs=1, pipeline=slow, timeout=0).ingested == 2
    out = {}
    thread = threading.Thread(target=lambda: out.update(s=_ingest_in(str(path), str(tmp_path / "t.db"), slow)))
    thread.start()
    thread.join(10)
    assert out["s"] == (2, [])  # signals work in the main thread only: no limit there, and no crash
    with pytest.raises(InputError, match="seconds"):
        ingest([str(path)], None, timeout=-1)  # type: ignore[arg-type]


def _ingest_in(path: str, db: str, nlp: Pipeline) -> tuple[int, list]:
    with Store.open(db) as store:
        summary = ingest([path], store, jobs=1, pipeline=nlp, timeout=0.1)
        return summary.ingested, summary.rejected


def test_timeout_option_of_the_command():
    parser = build_parser()
    assert parser.parse_args(["ingest", "a.jsonl", "--timeout", "0.5"]).timeout == 0.5
    assert parser.parse_args(["ingest", "a.jsonl"]).timeout is None  # the library's default (60 s)
    for bad in ("-1", "soon", "nan"):
        with pytest.raises(SystemExit):
            parser.parse_args(["ingest", "a.jsonl", "--timeout", bad])


def test_bad_date_is_a_warning_not_a_rejection(tmp_path, nlp):
    rec = dict(records(1)[0], published="yesterday")
    path = write_jsonl(tmp_path / "a.jsonl", [rec])
    with Store.open(str(tmp_path / "s.db")) as store:
        summary = ingest([str(path)], store, jobs=1, pipeline=nlp)
        assert summary.ingested == 1 and "yesterday" in summary.warnings[0]
        assert store.article("t0")["published"] is None


def _count(db: str) -> tuple[int, int, int, int]:
    con = sqlite3.connect(db)
    try:
        n = con.execute("SELECT count(*) FROM articles").fetchone()[0]
        distinct = con.execute("SELECT count(DISTINCT identity) FROM articles").fetchone()[0]
        bands = con.execute("SELECT count(DISTINCT article_pk) FROM article_bands").fetchone()[0]
        fts = con.execute("SELECT count(*) FROM articles_fts").fetchone()[0]
        return n, distinct, bands, fts
    finally:
        con.close()


def test_killed_midway_then_restarted_loses_and_doubles_nothing(tmp_path):
    """The ingest process is killed (SIGKILL) while writing, mid-transaction, with workers busy; a second
    run of the same command completes the store: every article once, with all its rows."""
    n = 40
    path = write_jsonl(tmp_path / "a.jsonl", records(n))
    db = str(tmp_path / "crash.db")
    cmd = [sys.executable, "-m", "marsad", "ingest", str(path), "--db", db, "--stages", "text", "--jobs", "2",
           "--commit-every", "4", "--no-progress", "--format", "json"]
    env = {**os.environ, "MARSAD_INGEST_KILL_AFTER": "10", "PYTHONPATH": os.path.join(ROOT, "src")}
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert first.returncode == -signal.SIGKILL, first.stderr
    stored, distinct, bands, fts = _count(db)
    # killed while writing the 11th article: the committed transactions are in, the open one is gone
    assert 0 < stored <= 10
    assert stored == distinct == bands == fts

    env.pop("MARSAD_INGEST_KILL_AFTER")
    second = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert second.returncode == 0, second.stderr
    summary = json.loads(second.stdout)
    assert summary["duplicates"] == stored and summary["ingested"] == n - stored
    assert _count(db) == (n, n, n, n)


def test_article_text_helper_is_varied():
    assert article_text(1) != article_text(2)


def _spans(analysis) -> list[tuple[int, int, str]]:
    return [(m.start, m.end, m.type) for m in analysis.mentions]


def test_ner_model_option(tmp_path, capsys, monkeypatch):
    """ingest with the stacked NER model (the forked pool of --jobs 2) stores what that model finds, which differs
    from the default CRF on these articles; the summary says which model; workers that build their own pipeline
    (no fork) get the same options; a wrong name, or --ner-model with --analyses, is refused before any work."""
    recs = records(5, start=12)  # word salad; the two models tag record 14 differently (models of session 12)
    path = write_jsonl(tmp_path / "a.jsonl", recs)
    stacked, default = Pipeline(["text", "ner"], options={"ner": {"model": "stacked"}}), Pipeline(["text", "ner"])
    with Store.open(str(tmp_path / "s.db")) as store:
        summary = ingest([str(path)], store, jobs=2, stages=["text", "ner"], ner_model="stacked")
        assert summary.ingested == 5 and summary.to_dict()["ner_model"] == "stacked"
        want = [_spans(stacked(r["text"], title=r["title"], doc_id=r["id"])) for r in recs]
        assert [_spans(store.analysis(r["id"])) for r in recs] == want
    assert want != [_spans(default(r["text"], title=r["title"], doc_id=r["id"])) for r in recs]

    db = str(tmp_path / "c.db")
    args = ["ingest", str(path), "--db", db, "--stages", "text,ner", "--jobs", "1", "--no-progress"]
    assert main([*args, "--ner-model", "stacked", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["ingested"], data["ner_model"]) == (5, "stacked")
    write_jsonl(path, records(1, start=5))
    assert main([*args, "--ner-model", "stacked"]) == 0
    assert "with 1 worker(s) and NER model stacked" in capsys.readouterr().out

    module = sys.modules["marsad.ingest"]
    monkeypatch.setattr(module, "_PIPELINE", None)
    module._init_worker(["text", "ner"], {"ner": {"model": "stacked"}})  # what a spawned worker runs
    assert module._PIPELINE.stages[-1].tagger is stacked.stages[-1].tagger

    fresh = tmp_path / "never.db"
    assert main(["ingest", str(path), "--db", str(fresh), "--ner-model", "bert"]) == 1
    assert "--ner-model 'bert': no such model; choose one of crf, stacked, neural, ensemble" in capsys.readouterr().err
    assert main(["ingest", "--analyses", str(path), "--db", str(fresh), "--ner-model", "crf"]) == 1
    assert "--ner-model: no NLP runs with --analyses" in capsys.readouterr().err
    assert not fresh.exists()  # refused before the store was created
    with Store.open(str(tmp_path / "s.db")) as store, pytest.raises(InputError, match="not both"):
        ingest([str(path)], store, pipeline=stacked, ner_model="stacked")
