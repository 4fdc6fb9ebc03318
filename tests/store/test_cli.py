"""The store commands: each runs on a small store in every output format, and teaches by example."""

from __future__ import annotations

import csv
import io
import json

import pytest

from marsad.cli import build_parser, main
from marsad.store import Store
from tests.store.corpus import corpus

COMMANDS = ["ingest", "search", "entity", "events", "relations", "timeline", "export"]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = str(tmp_path_factory.mktemp("cli") / "cli.db")
    with Store.open(path) as s:
        for a in corpus():
            s.ingest_analysis(a)
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("name", COMMANDS)
def test_help_has_examples(name):
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    p = sub.choices[name]
    text = p.format_help()
    assert "examples:" in text and f"marsad {name}" in text
    if name != "export":
        assert "--db" in text


@pytest.mark.parametrize(
    "argv",
    [
        ["search", "الخارجية"],
        ["entity", "person:marco-rubio"],
        ["events", "--actor", "USA"],
        ["relations", "USA", "PAK"],
        ["timeline", "person:marco-rubio"],
    ],
)
@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_query_commands(capsys, db, argv, fmt):
    code, out, err = run(capsys, *argv, "--db", db, "--format", fmt)
    assert code == 0, err
    if fmt == "json":
        assert json.loads(out)
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert len(rows) >= 2 and all(len(r) == len(rows[0]) for r in rows)
    else:
        assert out.strip() and "nothing found" not in out


def test_search_table_marks_hits(capsys, db):
    _, out, _ = run(capsys, "search", "اسلام اباد", "--db", db)
    assert "1 articles match" in out and "[إسلام] [آباد]" in out


def test_db_from_environment(capsys, db, monkeypatch):
    monkeypatch.setenv("MARSAD_DB", db)
    code, out, _ = run(capsys, "events", "--type", "ASSAULT", "--format", "json")
    assert code == 0 and json.loads(out)["total"] == 1


def test_missing_store_is_a_clear_error(capsys, tmp_path):
    code, _, err = run(capsys, "search", "x", "--db", str(tmp_path / "none.db"))
    assert code == 1 and "no store at" in err and "marsad ingest" in err


def test_unknown_entity_is_a_clear_error(capsys, db):
    code, _, err = run(capsys, "entity", "لا أحد", "--db", db)
    assert code == 1 and "no entity matches" in err


@pytest.mark.parametrize(("kind", "fmt"), [("events", "plover"), ("events", "csv"), ("quotes", "csv"),
                                           ("entities", "jsonl"), ("quotes", "parquet"), ("events", "parquet")])
def test_export(capsys, db, tmp_path, kind, fmt):
    out_file = tmp_path / f"out.{fmt}"
    code, _, err = run(capsys, "export", kind, "--db", db, "--format", fmt, "--output", str(out_file))
    assert code == 0, err
    expected = {"events": 3, "quotes": 4, "entities": 5}[kind]
    assert f"exported {expected} {kind}" in err
    if fmt == "parquet":
        import pyarrow.parquet as pq

        assert pq.read_table(out_file).num_rows == expected
    elif fmt == "csv":
        assert len(list(csv.DictReader(out_file.open(encoding="utf-8")))) == expected
    else:
        recs = [json.loads(line) for line in out_file.read_text("utf-8").splitlines()]
        assert len(recs) == expected
        if fmt == "plover":
            consult = next(r for r in recs if r["event"] == ["CONSULT"])
            assert consult["date"] == "2025-10-25" and consult["quad_code"] == 1 and consult["event_scale"] == 4.0
            assert consult["actor"][0]["code"] == "USA" and consult["recipient"][0]["code"] == "PAK"
            assert [link["article"] for link in consult["link"]] == ["a1", "a2", "a3"]


def test_export_plover_is_for_events_only(capsys, db):
    code, _, err = run(capsys, "export", "quotes", "--db", db, "--format", "plover")
    assert code == 1 and "events only" in err


def test_ingest_command(capsys, tmp_path):
    from tests.ingest.inputs import bad_jsonl

    path = bad_jsonl(tmp_path / "in.jsonl")
    store = str(tmp_path / "new.db")
    code, out, _ = run(capsys, "ingest", str(path), "--db", store, "--stages", "text", "--jobs", "1", "--no-progress")
    assert code == 0
    assert "3 ingested" in out and "1 duplicates skipped" in out and "7 rejected" in out and "line 2" in out
    code, out, _ = run(capsys, "ingest", str(path), "--db", store, "--stages", "text", "--jobs", "1",
                       "--format", "json")
    data = json.loads(out)
    assert (data["ingested"], data["duplicates"], data["store"]["articles"]) == (0, 4, 3)


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_quotes_store_mode(capsys, db, fmt):
    code, out, err = run(capsys, "quotes", "--speaker", "ماركو روبيو", "--db", db, "--format", fmt)
    assert code == 0, err
    if fmt == "json":
        data = json.loads(out)
        assert data["total"] == 2 and data["speaker"]["id"] == "person:marco-rubio"
    elif fmt == "csv":
        assert [r["article_id"] for r in csv.DictReader(io.StringIO(out))] == ["a1", "a2"]
    else:
        assert "2 quotations by ماركو روبيو" in out


def test_quotes_store_mode_filters(capsys, db):
    code, out, _ = run(capsys, "quotes", "--contains", "المفاوضات", "--db", db, "--format", "json")
    assert code == 0 and [q["article_id"] for q in json.loads(out)["items"]] == ["a4"]
    code, out, _ = run(capsys, "quotes", "--distinct", "--db", db, "--format", "json")
    items = json.loads(out)["items"]
    assert code == 0 and items and all(q["within"] is None and q["repeats"] is None for q in items)
    code, out, _ = run(capsys, "quotes", "--distinct", "--db", db)
    assert code == 0 and "distinct statements" in out


@pytest.mark.postgres
def test_commands_on_postgres(capsys, pg_url, tmp_path):
    from tests.ingest.inputs import records, write_jsonl

    path = write_jsonl(tmp_path / "in.jsonl", records(4))
    code, out, err = run(capsys, "ingest", str(path), "--db", pg_url, "--stages", "text", "--jobs", "1",
                         "--format", "json")
    assert code == 0, err
    assert json.loads(out)["ingested"] == 4
    code, out, _ = run(capsys, "search", "خبر", "--db", pg_url, "--format", "json")
    assert code == 0 and json.loads(out)["total"] == 4


@pytest.mark.parametrize(
    ("url", "expected"),
    [("postgresql://u@h/db", "postgresql+psycopg://u@h/db"), ("postgres://u@h/db", "postgresql+psycopg://u@h/db"),
     (":memory:", "sqlite://"), ("sqlite:///x.db", "sqlite:///x.db")],
)
def test_store_urls(url, expected):
    from marsad.store import _engine_url

    assert _engine_url(url) == expected
