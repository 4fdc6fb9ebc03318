"""`marsad batch`: part files equal to a sequential run, on the local and the Dask engine; bad lines and failing
articles reported with their line; resume redoes only missing partitions, also after the process is killed."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from marsad import batch
from marsad.batch import run_batch
from marsad.cli import main
from marsad.errors import InputError
from marsad.ingest import Item, iter_inputs
from marsad.pipeline import Pipeline

ROOT = Path(__file__).resolve().parents[2]
STAGES = ["text", "time", "quantities"]  # cheap stages: no model to load

ARTICLES = [
    ("b1", "2025-10-26", "استقبل وزير الخارجية السعودي أمس نظيره الباكستاني في الرياض وبحث معه تعزيز التعاون بين البلدين."),
    ("b2", "2025-10-25", "أعلنت وزارة المالية يوم الخميس عن ميزانية قدرها 250 مليار ريال للعام المقبل بزيادة 5 في المئة."),
    ("b3", "2025-10-24", "قال رئيس الوزراء إن المحادثات مع الوفد الأمريكي ستستمر الأسبوع المقبل في العاصمة."),
    ("b4", None, "افتتح أمير المنطقة مستشفى جديدا يضم 300 سرير في مدينة جدة صباح اليوم."),
    ("b5", "2025-10-20", "وقعت الشركتان اتفاقا لبناء ميناء جديد على البحر الأحمر بتكلفة 2 مليار دولار خلال ثلاث سنوات."),
    ("b6", "2025-10-19", "طالب البرلمان الحكومة بخفض أسعار الكهرباء والمياه قبل نهاية شهر ديسمبر المقبل."),
]


def _line(doc_id: str, published: str | None, text: str) -> str:
    rec = {"id": doc_id, "title": text.split(" ", 4)[-1][:30], "source": "test", "text": text}
    if published:
        rec["published"] = published
    return json.dumps(rec, ensure_ascii=False)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """Six articles; line 4 is broken JSON, line 7 a record with empty text."""
    lines = [_line(*a) for a in ARTICLES]
    lines.insert(3, '{"id": "broken", "text": "لا قوس يغلق هذا السطر"')
    lines.insert(6, json.dumps({"id": "empty", "text": "  "}))
    path = tmp_path_factory.mktemp("batch") / "articles.jsonl"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def sequential(path: Path, stages: list[str] | None, options: dict | None = None) -> list[str]:
    """The analyses of the same Pipeline run article after article in this process, as JSON lines."""
    nlp = Pipeline(stages, options=options)
    out = []
    for item in iter_inputs([str(path)]):
        if isinstance(item, Item):
            r = item.record
            a = nlp(r.text, published=r.published, title=r.title, doc_id=r.id, source=r.source, url=r.url)
            out.append(json.dumps(a.to_json(), ensure_ascii=False))
    return out


@pytest.fixture(scope="module")
def expected(corpus) -> list[str]:
    return sequential(corpus, STAGES)


def parts(out: Path) -> list[Path]:
    return sorted(out.glob("part-*.jsonl"))


def lines_of(out: Path) -> list[str]:
    return [ln for p in parts(out) for ln in p.read_text("utf-8").splitlines()]


def test_local_engine_matches_a_sequential_run(corpus, expected, tmp_path):
    out = tmp_path / "out"
    summary = run_batch([str(corpus)], out, engine="local", workers=2, partition_size=4, stages=STAGES)
    assert [p.name for p in parts(out)] == ["part-00000.jsonl", "part-00001.jsonl"]
    assert len(parts(out)[0].read_text("utf-8").splitlines()) == 4
    got = lines_of(out)
    assert got == expected  # same JSON, same order, every good article once
    assert [json.loads(ln)["document"]["id"] for ln in got] == ["b1", "b2", "b3", "b4", "b5", "b6"]
    assert json.loads(got[0])["document"]["published"] == "2025-10-26"

    rejected = [json.loads(ln) for ln in (out / "rejected.jsonl").read_text("utf-8").splitlines()]
    assert [r["where"] for r in rejected] == [f"{corpus}, line 4", f"{corpus}, line 7"]
    assert "broken JSON" in rejected[0]["reason"] and "empty" in rejected[1]["reason"]

    data = json.loads((out / "_SUMMARY.json").read_text("utf-8"))
    assert data == summary.to_dict()
    assert (data["read"], data["analysed"], data["rejected"], data["partitions"]) == (8, 6, 2, 2)
    assert (data["engine"], data["workers"], data["stages"]) == ("local", 2, STAGES)
    assert data["rejected_by_reason"] == {"broken JSON": 1, "empty text": 1}
    assert data["partitions_failed"] == 0 and data["seconds"] > 0
    assert not list(out.rglob(".*tmp*"))  # no temporary file left behind


def test_dask_engine_with_default_stages_matches_a_sequential_run(corpus, tmp_path):
    pytest.importorskip("distributed")
    out = tmp_path / "out"
    summary = run_batch([str(corpus)], out, engine="dask", workers=2, partition_size=2)
    want = {json.loads(ln)["document"]["id"]: json.loads(ln) for ln in sequential(corpus, None)}
    got = {}
    for ln in lines_of(out):
        data = json.loads(ln)
        assert data["document"]["id"] not in got
        got[data["document"]["id"]] = data
    assert got == want
    assert "events" in got["b1"]["stages"]  # the whole default pipeline ran on the workers
    assert (summary.engine, summary.workers, summary.partitions, summary.analysed) == ("dask", 2, 3, 6)
    assert summary.scheduler.startswith("tcp://")
    assert len(summary.rejected) == 2 and not summary.failed_partitions
    workers = {json.loads(p.read_text("utf-8"))["worker"] for p in (out / "_parts").glob("*.json")}
    assert workers and all(":" in w for w in workers)


def test_resume_redoes_only_the_missing_partition(corpus, expected, tmp_path):
    out = tmp_path / "out"
    first = run_batch([str(corpus)], out, workers=1, partition_size=2, stages=STAGES)
    assert first.partitions == 3
    before = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in parts(out)}
    (out / "part-00001.jsonl").unlink()
    time.sleep(0.01)

    with pytest.raises(InputError, match="--resume"):  # a rerun without --resume does not mix two runs
        run_batch([str(corpus)], out, workers=1, partition_size=2, stages=STAGES)
    with pytest.raises(InputError, match="partition size 2"):  # nor a resume with other partitions
        run_batch([str(corpus)], out, workers=1, partition_size=3, stages=STAGES, resume=True)

    again = run_batch([str(corpus)], out, workers=1, partition_size=2, stages=STAGES, resume=True)
    assert (again.partitions_computed, again.partitions_skipped) == (1, 2)
    assert (again.analysed, again.analysed_this_run, len(again.rejected)) == (6, 2, 2)
    after = {p.name: (p.stat().st_mtime_ns, p.read_bytes()) for p in parts(out)}
    assert after.keys() == before.keys()
    assert after["part-00000.jsonl"] == before["part-00000.jsonl"]  # untouched
    assert after["part-00002.jsonl"] == before["part-00002.jsonl"]
    assert after["part-00001.jsonl"][1] == before["part-00001.jsonl"][1]  # recomputed, same analyses
    assert after["part-00001.jsonl"][0] != before["part-00001.jsonl"][0]
    assert lines_of(out) == expected

    nothing = run_batch([str(corpus)], out, workers=1, partition_size=2, stages=STAGES, resume=True)
    assert (nothing.partitions_computed, nothing.partitions_skipped, nothing.analysed) == (0, 3, 6)
    fresh = run_batch([str(corpus)], out, workers=1, partition_size=3, stages=STAGES, overwrite=True)
    assert [p.name for p in parts(out)] == ["part-00000.jsonl", "part-00001.jsonl"] and fresh.analysed == 6


def test_a_failing_article_or_partition_is_reported_and_the_batch_goes_on(corpus, expected, tmp_path, monkeypatch):
    real = batch._pipeline

    def flaky(names, options=None):
        nlp = real(names, options)

        def run(text, **kw):
            if kw["doc_id"] == "b2":
                raise RuntimeError("boom")
            if kw["doc_id"] == "b3":
                time.sleep(3)
            return nlp(text, **kw)

        return run

    monkeypatch.setattr(batch, "_pipeline", flaky)
    real_partition = batch.analyse_partition

    def dying(task):
        if task.index == 2:
            raise MemoryError("the worker ran out of memory")
        return real_partition(task)

    monkeypatch.setattr(batch, "analyse_partition", dying)
    out = tmp_path / "out"
    summary = run_batch([str(corpus)], out, workers=1, partition_size=2, stages=STAGES, timeout=0.5)
    assert [p.name for p in parts(out)] == ["part-00000.jsonl", "part-00001.jsonl"]  # none for the failed one
    assert [json.loads(ln)["document"]["id"] for ln in lines_of(out)] == ["b1", "b4"]
    rejected = {r["id"] or r["where"].rsplit(" ", 1)[1]: r for r in map(json.loads, (out / "rejected.jsonl").open())}
    assert sorted(rejected) == ["4", "7", "b2", "b3", "b5", "b6"]
    assert rejected["b2"]["reason"] == "analysis failed: RuntimeError: boom" and rejected["b2"]["partition"] == 0
    assert rejected["b3"]["reason"].startswith("analysis timed out: stopped after 0.5 s")
    assert rejected["b5"]["reason"].startswith("partition failed: MemoryError: the worker ran out of memory")
    assert summary.failed_partitions == [{"partition": 2, "articles": 2, "error": "MemoryError: the worker ran out "
                                          "of memory"}]
    assert summary.to_dict()["rejected_by_reason"]["partition failed"] == 2

    monkeypatch.undo()  # the worker is back: resume redoes the failed partition only
    again = run_batch([str(corpus)], out, workers=1, partition_size=2, stages=STAGES, resume=True)
    assert (again.partitions_computed, again.partitions_skipped, again.analysed) == (1, 2, 4)
    assert sorted(r["id"] for r in again.rejected if r["id"]) == ["b2", "b3"]  # article failures are kept
    assert lines_of(out) == [expected[0], expected[3], expected[4], expected[5]]


def test_command_help_run_and_errors(corpus, expected, tmp_path, capsys, monkeypatch):
    with pytest.raises(SystemExit) as exc:
        main(["batch", "--help"])
    assert exc.value.code == 0
    text = capsys.readouterr().out
    assert "examples:" in text and "marsad batch" in text and "--scheduler tcp://" in text
    assert "dask scheduler" in text and "dask worker" in text and "--ner-model stacked" in text

    out = tmp_path / "out"
    args = ["batch", str(corpus), "--out", str(out), "--workers", "1", "--partition-size", "4",
            "--stages", ",".join(STAGES), "--no-progress"]
    assert main([*args, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["analysed"], data["rejected"], data["partitions"], data["workers"]) == (6, 2, 2, 1)
    assert lines_of(out) == expected

    assert main(args) == 1  # the folder holds a run already
    assert "--resume" in capsys.readouterr().err
    assert main([*args, "--resume"]) == 0
    table = capsys.readouterr().out
    assert "6 analysed into 2 partition(s)" in table and "2 partition(s) done by an earlier run" in table
    assert f"{corpus}, line 4: broken JSON" in table

    monkeypatch.setitem(sys.modules, "distributed", None)  # as if the dask extra were not installed
    assert main(["batch", str(corpus), "--out", str(tmp_path / "d"), "--engine", "dask"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "pip install 'marsad[dask]'" in err[0]
    assert main(["batch", str(corpus), "--out", str(tmp_path / "e"), "--engine", "local", "--scheduler",
                 "tcp://127.0.0.1:1"]) == 1
    assert "--engine dask" in capsys.readouterr().err


def test_killed_midway_then_resumed(corpus, expected, tmp_path):
    """The process is killed (SIGKILL) after writing its first part file; --resume finishes the job."""
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "marsad", "batch", str(corpus), "--out", str(out), "--workers", "1",
           "--partition-size", "2", "--stages", ",".join(STAGES), "--no-progress", "--format", "json"]
    env = {**os.environ, batch.KILL_ENV: "1", "PYTHONPATH": str(ROOT / "src")}
    first = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120, check=False)
    assert first.returncode == -signal.SIGKILL, first.stderr
    assert [p.name for p in parts(out)] == ["part-00000.jsonl"]
    assert not (out / "_SUMMARY.json").exists() and not list(out.rglob(".*tmp*"))

    env.pop(batch.KILL_ENV)
    second = subprocess.run([*cmd, "--resume"], capture_output=True, text=True, env=env, timeout=120, check=False)
    assert second.returncode == 0, second.stderr
    data = json.loads(second.stdout)
    assert (data["partitions_computed"], data["partitions_skipped"], data["analysed"]) == (2, 1, 6)
    assert lines_of(out) == expected


# --- the NER model (--ner-model) ---------------------------------------------------------------------

NER_STAGES = ["text", "ner"]
STACKED = {"ner": {"model": "stacked"}}


def _manifest(out: Path) -> dict:
    return json.loads((out / "_MANIFEST.json").read_text("utf-8"))


def test_ner_model_reaches_the_pool_workers_and_is_recorded(corpus, tmp_path, capsys):
    """--ner-model stacked: the two worker processes tag with the stacked CRF (the part files equal a sequential
    run of that pipeline, and differ from the default CRF's on these articles); manifest and summary say so."""
    out = tmp_path / "out"
    assert main(["batch", str(corpus), "--out", str(out), "--workers", "2", "--partition-size", "3", "--stages",
                 ",".join(NER_STAGES), "--ner-model", "stacked", "--no-progress", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["ner_model"], data["workers"], data["partitions"], data["analysed"]) == ("stacked", 2, 2, 6)
    assert json.loads((out / "_SUMMARY.json").read_text("utf-8"))["ner_model"] == "stacked"
    assert _manifest(out)["ner_model"] == "stacked"
    got = lines_of(out)
    assert got == sequential(corpus, NER_STAGES, STACKED)
    assert got != sequential(corpus, NER_STAGES)  # e.g. b2: the default CRF tags ريال as a place, stacked not


def test_resume_needs_the_same_ner_model(corpus, tmp_path):
    out = tmp_path / "out"

    def run(**kw):
        return run_batch([str(corpus)], out, workers=1, partition_size=3, stages=NER_STAGES, **kw)

    assert run().ner_model is None and _manifest(out)["ner_model"] is None  # the default model: null
    (out / "part-00001.jsonl").unlink()
    with pytest.raises(InputError, match=r"made with .*NER model crf \(the default\), this run asks for .*NER "
                                         r"model stacked; give the same options"):
        run(ner_model="stacked", resume=True)
    again = run(ner_model="crf", resume=True)  # the default, by name
    assert (again.partitions_computed, again.partitions_skipped) == (1, 1)
    assert lines_of(out) == sequential(corpus, NER_STAGES)

    # a manifest written before --ner-model existed (no key) is the default model's
    manifest = _manifest(out)
    del manifest["ner_model"]
    (out / "_MANIFEST.json").write_text(json.dumps(manifest), "utf-8")
    assert run(resume=True).partitions_skipped == 2
    del manifest["format"]  # (any other difference still refuses)
    (out / "_MANIFEST.json").write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(InputError, match="cannot resume"):
        run(resume=True)

    # in this same process a stacked run gets its own pipeline: the per-process cache keys on the options
    assert run(ner_model="stacked", overwrite=True).partitions_computed == 2
    assert lines_of(out) == sequential(corpus, NER_STAGES, STACKED)
    with pytest.raises(InputError, match=r"made with .*NER model stacked, this run asks for .*NER model crf"):
        run(resume=True)
    assert batch._pipeline(("text", "ner"), STACKED) is batch._pipeline(("text", "ner"), {"ner": {"model": "stacked"}})
    assert batch._pipeline(("text", "ner"), STACKED) is not batch._pipeline(("text", "ner"))


def test_an_unknown_ner_model_is_refused_before_any_work(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    with pytest.raises(InputError, match=r"--ner-model 'bert': no such model; choose one of crf, stacked, neural, "
                                         "ensemble"):
        run_batch([str(corpus)], out, workers=2, ner_model="bert")
    assert main(["batch", str(corpus), "--out", str(out), "--ner-model", "no/such.crfsuite", "--no-progress"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "--ner-model 'no/such.crfsuite'" in err[0] and "path of an existing model file" in err[0]
    assert not out.exists()  # nothing started, nothing written


# --- a NER model given by path travels to Dask workers --------------------------------------------


@pytest.fixture
def model_copy(tmp_path):
    """The packaged CRF and the files beside it, copied to a folder of their own."""
    import shutil

    from marsad.ner import CRF_MODEL_PATH, attrs_path, stack_path

    folder = tmp_path / "mymodel"
    folder.mkdir()
    for p in (CRF_MODEL_PATH, CRF_MODEL_PATH.with_suffix(".json"), attrs_path(CRF_MODEL_PATH),
              stack_path(CRF_MODEL_PATH), attrs_path(stack_path(CRF_MODEL_PATH))):
        shutil.copy(p, folder / p.name)
    return folder / CRF_MODEL_PATH.name


def test_model_files_carry_the_model_and_the_files_beside_it(model_copy):
    shipped = batch.ModelFiles.read(str(model_copy))
    assert shipped.name == "ner.crfsuite"
    assert set(shipped.files) == {"ner.crfsuite", "ner.json", "ner.attrs.txt", "ner.stack.crfsuite", "ner.stack.attrs.txt"}
    assert shipped.files["ner.crfsuite"] == model_copy.read_bytes()
    assert batch.ModelFiles.read(str(model_copy)).digest == shipped.digest
    (model_copy.parent / "ner.json").write_text("{}", "utf-8")  # a changed file is a new model
    assert batch.ModelFiles.read(str(model_copy)).digest != shipped.digest


def test_a_worker_without_the_clients_file_uses_the_shipped_model(model_copy, tmp_path, request):
    import shutil
    import tempfile

    from marsad.documents import Record

    shipped = batch.ModelFiles.read(str(model_copy))
    kept = Path(tempfile.gettempdir()) / f"marsad-model-{shipped.digest}"
    request.addfinalizer(lambda: shutil.rmtree(kept, ignore_errors=True))
    rec = Record(where="t:1", id="r1", text="قال وزير الخارجية الأمريكي ماركو روبيو في إسلام آباد إن واشنطن تريد علاقات أقوى.")
    names = ("text", "ner")
    # the client's path does not exist on this "worker": only the shipped files can be loaded
    gone = {"ner": {"model": str(tmp_path / "elsewhere" / "ner.crfsuite")}}
    result = batch.analyse_partition(batch.PartitionTask(0, names, None, [rec], gone), shipped)
    assert not result.failed
    want = batch.analyse_partition(batch.PartitionTask(0, names, None, [rec], {"ner": {"model": str(model_copy)}}))
    mentions = [m["text"] for m in json.loads(result.lines[0])["mentions"]]
    assert mentions == [m["text"] for m in json.loads(want.lines[0])["mentions"]] and "ماركو روبيو" in mentions


def test_dask_engine_ships_a_model_given_by_path(corpus, model_copy, tmp_path):
    pytest.importorskip("distributed")
    import shutil
    import tempfile

    shipped = batch.ModelFiles.read(str(model_copy))
    kept = Path(tempfile.gettempdir()) / f"marsad-model-{shipped.digest}"
    shutil.rmtree(kept, ignore_errors=True)
    out = tmp_path / "out"
    try:
        summary = run_batch([str(corpus)], out, engine="dask", workers=1, partition_size=3, stages=["text", "ner"],
                            ner_model=str(model_copy))
        assert summary.analysed == 6 and not summary.failed_partitions
        # the worker wrote its own copy from the shipped bytes (the client never writes there) and used it
        assert (kept / "ner.crfsuite").read_bytes() == model_copy.read_bytes()
        assert any(json.loads(ln)["mentions"] for ln in lines_of(out))
    finally:
        shutil.rmtree(kept, ignore_errors=True)
