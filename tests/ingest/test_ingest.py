"""Ingestion: every input kind, bad items reported and skipped, idempotence, near-duplicates, the process
pool, and a crash midway (the process killed) followed by a restart: nothing lost, nothing doubled."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys

import pytest

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
