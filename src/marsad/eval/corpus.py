"""Gold files that point into a corpus by article id: reading them and fetching their articles.

Gold sets written here (``gold/events/ant*.jsonl``, ``gold/names/``) store article ids and character
offsets, never the articles' text, which is read at evaluation time from the corpus's JSON-lines
files (the ANT news corpus under ``../shared/data/ant_news`` by default).
"""

from __future__ import annotations

import json
import lzma
import re
from pathlib import Path
from typing import Any

from marsad.errors import InputError

ANT_CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "data" / "ant_news"


def read_gold_lines(path: str | Path) -> list[tuple[str, dict[str, Any]]]:
    """(``file:line``, record) of every JSON line of a gold file; blank lines and ``#`` lines are
    skipped; a line that is not JSON is an error naming the file and line."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"gold file {path} does not exist")
    out: list[tuple[str, dict[str, Any]]] = []
    with path.open(encoding="utf-8") as fh:
        for n, line in enumerate(fh, 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            try:
                out.append((f"{path}:{n}", json.loads(line)))
            except json.JSONDecodeError as exc:
                raise InputError(f"{path}:{n}: not valid JSON ({exc.msg})") from exc
    return out


def corpus_articles(corpus: str | Path, wanted: set[str]) -> dict[str, dict[str, Any]]:
    """The articles of ``corpus`` (a folder of ``.jsonl`` or ``.jsonl.xz`` files) whose id is in
    ``wanted``, by id."""
    corpus = Path(corpus)
    if not corpus.is_dir():
        raise InputError(f"{corpus}: the corpus folder is absent; pass --corpus with the ANT news folder")
    found: dict[str, dict[str, Any]] = {}
    for f in sorted(corpus.glob("*.jsonl*")):
        opener = lzma.open if f.suffix == ".xz" else open
        with opener(f, "rt", encoding="utf-8") as fh:
            for line in fh:
                if not any(w in line[:200] for w in wanted):
                    continue  # the id comes first: most lines are skipped unparsed
                rec = json.loads(line)
                if rec.get("id") in wanted:
                    found[rec["id"]] = rec
    return found


_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_ID_DATE_RE = re.compile(r"(\d{4})(\d{2})(\d{2})$")  # ANT ids end with the day: ...-20180412


def article_date(art: dict[str, Any], given: str | None = None) -> str | None:
    """The publication day of a corpus article: ``given`` (a gold record's own date) when it is a
    day, else the article's ``published``, else the date its id ends with; None when none is."""
    for value in (given, art.get("published")):
        if value and _DAY_RE.fullmatch(value):
            return value
    m = _ID_DATE_RE.search(art.get("id", ""))
    return f"{m.group(1)}-{m.group(2)}-{m.group(3)}" if m else None
