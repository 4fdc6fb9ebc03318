"""`marsad serve`: its help teaches by example, and bad options fail with one clear line."""

from __future__ import annotations

import pytest

from marsad.cli import main


def test_help_has_examples(capsys):
    with pytest.raises(SystemExit):
        main(["serve", "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "marsad serve --db marsad.db" in out and "MARSAD_TOKEN" in out


@pytest.mark.parametrize(
    "argv, words",
    [
        (["serve", "--port", "70000"], "is not a port number"),
        (["serve", "--private"], "--private needs a token"),
        (["serve", "--token-file", "/nonexistent/token"], "cannot read the token file"),
    ],
)
def test_bad_options(argv, words, capsys, monkeypatch):
    monkeypatch.delenv("MARSAD_TOKEN", raising=False)
    assert main(argv) == 1
    assert words in capsys.readouterr().err


def test_short_token_refused(tmp_path, capsys):
    f = tmp_path / "token"
    f.write_text("abc\n")
    assert main(["serve", "--token-file", str(f)]) == 1
    assert "shorter than 8" in capsys.readouterr().err
