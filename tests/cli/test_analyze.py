"""`marsad analyze` end to end: output validates, spans slice back, bad input fails cleanly."""

import json
import subprocess
import sys

import jsonschema
import pytest

from marsad.cli import build_parser, main
from marsad.schema import load_schema
from tests.spans import bad_spans

MARSAD = [sys.executable, "-m", "marsad"]


def run_cli(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([*MARSAD, *args], input=stdin, capture_output=True, timeout=300)


def test_canonical_article_json_validates_and_spans_slice_back(canonical_text, tmp_path, capsys):
    from tests.conftest import CANONICAL

    assert main(["analyze", str(CANONICAL), "--published", "2025-10-26", "--title-first-line"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, load_schema())
    assert data["document"]["title"] == canonical_text.splitlines()[0]
    assert data["document"]["text"] == canonical_text
    assert data["document"]["published"] == "2025-10-26"
    assert data["sentences"][0]["is_title"] and not data["sentences"][1]["is_title"]
    assert bad_spans(data) == []


@pytest.mark.parametrize("name", ["diplomatic-visit", "protest", "economic-agreement", "security-incident",
                                  "statement-quotes"])
def test_examples_validate_with_sidecar_metadata(name, capsys):
    from tests.conftest import EXAMPLES

    assert main(["analyze", str(EXAMPLES / f"{name}.ar.txt"), "--tokens"]) == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, load_schema())
    meta = json.loads((EXAMPLES / f"{name}.ar.meta.json").read_text("utf-8"))
    assert data["document"]["id"] == meta["id"]
    assert data["document"]["published"] == meta["published"]
    assert data["document"]["title"] == meta["title"]
    assert data["sentences"][0]["is_title"]
    assert data["tokens"] and bad_spans(data) == []


def test_stdin_and_json_record(tmp_path, capsys):
    rec = tmp_path / "r.json"
    rec.write_text(json.dumps({"id": "r1", "text": "زار الوزير القاهرة.", "published": "2025-01-02"}), "utf-8")
    assert main(["analyze", str(rec)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["document"]["id"] == "r1" and data["document"]["published"] == "2025-01-02"
    proc = run_cli("analyze", "-", "--id", "x", stdin="قال الوزير.".encode())
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["document"]["id"] == "x"


def test_jsonl_gives_one_line_per_record(tmp_path, capsys):
    f = tmp_path / "a.jsonl"
    f.write_text('{"text": "نص أول."}\n\n{"text": "نص ثان.", "id": "b"}\n', "utf-8")
    assert main(["analyze", str(f)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2 and json.loads(lines[1])["document"]["id"] == "b"


def test_text_report(capsys):
    from tests.conftest import EXAMPLES

    assert main(["analyze", str(EXAMPLES / "protest.ar.txt"), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "آلاف المحتجين يتظاهرون في تونس" in out and "published: 2025-03-16" in out


def test_text_report_counts_distinct_statements(tmp_path, capsys):
    # a quoted stretch inside reported speech: two quotes, one statement
    article = tmp_path / "linked.txt"
    article.write_text('وقال المتحدث باسم الوزارة إن الحكومة "لن ترفع الضرائب هذا العام" رغم العجز.\n', "utf-8")
    assert main(["analyze", str(article), "--format", "text"]) == 0
    out = capsys.readouterr().out
    assert "2 quotes, 1 distinct statement," in out
    assert "(inside q1)" in out


def _bad_inputs(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    blank = tmp_path / "blank.txt"
    blank.write_bytes(b"  \n\n ")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    latin1 = tmp_path / "cp1256.txt"
    latin1.write_bytes("قال الوزير".encode("cp1256"))
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as fh:
        fh.write(("كلمة " * 1000 + "\n").encode() * 5500)  # about 55 MB
    broken = tmp_path / "broken.json"
    broken.write_text('{"text": "نص", ', "utf-8")
    no_text = tmp_path / "notext.json"
    no_text.write_text('{"title": "بلا نص"}', "utf-8")
    bad_jsonl = tmp_path / "bad.jsonl"
    bad_jsonl.write_text('{"text": "سليم"}\n{"text": \n', "utf-8")
    return {
        "empty": ([str(empty)], "empty"),
        "blank": ([str(blank)], "empty"),
        "binary": ([str(binary)], "binary"),
        "invalid utf-8": ([str(latin1)], "not valid UTF-8"),
        "50 MB": ([str(huge)], "MB"),
        "directory": ([str(tmp_path)], "is a directory"),
        "missing": ([str(tmp_path / "nope.txt")], "no such file"),
        "broken json": ([str(broken)], "broken JSON"),
        "record without text": ([str(no_text)], "'text'"),
        "broken json line": ([str(bad_jsonl)], "line 2"),
        "bad date": ([str(broken), "--published", "26/10/2025"], "YYYY-MM-DD"),
        "impossible date": ([str(broken), "--published", "2025-02-30"], "YYYY-MM-DD"),
    }


def test_bad_input_gives_one_clear_line_and_non_zero_exit(tmp_path):
    for label, (args, needle) in _bad_inputs(tmp_path).items():
        proc = run_cli("analyze", *args)
        err = proc.stderr.decode()
        assert proc.returncode != 0, label
        assert "Traceback" not in err, (label, err)
        lines = [ln for ln in err.splitlines() if ln.strip()]
        assert len(lines) == 1, (label, err)
        assert lines[0].startswith("marsad: error:") and needle in lines[0], (label, err)


def test_ner_model_is_checked_before_any_work(tmp_path, capsys, monkeypatch):
    from marsad.ner import CRF_MODEL_PATH, check_ner_model

    assert [check_ner_model(m) for m in (None, "", "crf", "ensemble")] == [None, None, "crf", "ensemble"]
    monkeypatch.chdir(CRF_MODEL_PATH.parent)
    assert check_ner_model(CRF_MODEL_PATH.name) == str(CRF_MODEL_PATH.resolve())  # a file: made absolute
    monkeypatch.chdir(tmp_path)
    assert main(["analyze", "missing.txt", "--ner-model", "bert"]) == 1  # the model is checked first
    err = capsys.readouterr().err
    assert "--ner-model 'bert': no such model; choose one of crf, stacked, neural, ensemble" in err
    assert main(["analyze", "missing.txt", "--ner-model", str(tmp_path)]) == 1  # a folder is no model file
    assert "no such model" in capsys.readouterr().err


def test_every_command_has_help_with_examples():
    parser = build_parser()
    subactions = [a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction"]
    assert subactions
    seen = 0
    stack = list(subactions[0].choices.items())
    while stack:
        name, sub = stack.pop()
        nested = [a for a in sub._actions if a.__class__.__name__ == "_SubParsersAction"]
        if nested:
            stack.extend((f"{name} {k}", v) for k, v in nested[0].choices.items())
            continue
        seen += 1
        text = sub.format_help()
        assert "examples:" in text and "marsad " in text, f"`marsad {name} --help` has no examples"
        assert sub.description, f"`marsad {name}` has no description"
    assert seen >= 2


def test_version_and_schema_commands():
    proc = run_cli("--version")
    assert proc.returncode == 0 and proc.stdout.decode().startswith("marsad ")
    proc = run_cli("schema")
    assert json.loads(proc.stdout)["$defs"]["Quote"]["properties"]["speaker"]


def test_user_kb_file_links_a_new_actor(tmp_path, capsys):
    """`marsad kb add` writes a user KB; `marsad analyze --kb` links the document's mentions to it."""
    kb = tmp_path / "my-actors.jsonl"
    assert main(["kb", "add", str(kb), "--id", "person:zaid-haddad-test", "--type", "PERSON",
                 "--name-en", "Zaid Haddad", "--ar", "زيد الحداد", "--country", "JOR", "--sector", "GOV"]) == 0
    article = tmp_path / "a.txt"
    article.write_text("قال زيد الحداد إن الحكومة ستدرس الاقتراح.", "utf-8")
    capsys.readouterr()
    assert main(["analyze", str(article), "--published", "2025-01-05", "--kb", str(kb)]) == 0
    data = json.loads(capsys.readouterr().out)
    ids = {e["id"]: e for e in data["entities"]}
    assert "person:zaid-haddad-test" in ids
    assert ids["person:zaid-haddad-test"]["name_en"] == "Zaid Haddad"
    assert main(["analyze", str(article), "--published", "2025-01-05"]) == 0
    assert "person:zaid-haddad-test" not in {e["id"] for e in json.loads(capsys.readouterr().out)["entities"]}
