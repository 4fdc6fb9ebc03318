"""`marsad kb lookup|list|validate|add`."""

from __future__ import annotations

import json

import pytest

from marsad.cli import main


def test_lookup_text(capsys):
    assert main(["kb", "lookup", "روبيو"]) == 0
    out = capsys.readouterr().out
    assert "person:marco-rubio" in out and "Secretary of State" in out


def test_lookup_json_with_date(capsys):
    assert main(["kb", "lookup", "Shehbaz", "--date", "2023-01-01", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[0]["id"] == "person:shehbaz-sharif"


def test_lookup_nothing(capsys):
    assert main(["kb", "lookup", "no such actor xyz"]) == 1


def test_list_by_type_and_country(capsys):
    assert main(["kb", "list", "--type", "org", "--country", "PAK"]) == 0
    out = capsys.readouterr().out
    assert "org:dawn" in out and "org:pakistan-army" in out and "person:" not in out


def test_validate_shipped(capsys):
    assert main(["kb", "validate"]) == 0
    assert "0 problem(s)" in capsys.readouterr().err


def test_add_then_validate_and_lookup(tmp_path, capsys):
    f = tmp_path / "mine.jsonl"
    args = [
        "kb",
        "add",
        str(f),
        "--id",
        "person:ishaq-dar-2",
        "--type",
        "PERSON",
        "--name-en",
        "Ishaq Dar",
        "--ar",
        "إسحاق دار",
        "--country",
        "PAK",
        "--sector",
        "GOV",
        "--role",
        "foreign-minister|Foreign Minister|PAK|GOV|2024-03-11|",
    ]
    assert main(args) == 0
    assert main(args) == 1  # the same id twice is refused
    assert main(["kb", "validate", str(f)]) == 0
    capsys.readouterr()
    assert main(["kb", "lookup", "person:ishaq-dar-2", "--kb", str(f)]) == 0
    assert "Foreign Minister" in capsys.readouterr().out


def test_add_refuses_bad_entry(tmp_path, capsys):
    f = tmp_path / "mine.jsonl"
    assert (
        main(["kb", "add", str(f), "--id", "org:x", "--type", "ORG", "--name-en", "X", "--ar", "س", "--country", "QQQ"])
        == 1
    )
    assert "QQQ" in capsys.readouterr().err
    assert not f.exists()


@pytest.mark.parametrize("cmd", ["lookup", "list", "validate", "add"])
def test_help_has_examples(cmd, capsys):
    with pytest.raises(SystemExit):
        main(["kb", cmd, "--help"])
    assert "examples:" in capsys.readouterr().out
