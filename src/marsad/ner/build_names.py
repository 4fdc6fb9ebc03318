"""Rebuild the NER person-name lists ``data/person_names.tsv`` and ``data/full_names.txt``:
``python -m marsad.ner.build_names``.

Source: the name index shipped with the ``arabic-name-romanizer`` package (code MIT; its SQLite
table ``resources/names.sqlite3`` derives from Wikidata person names, CC0, and the Algerian name
transcription corpus / DziriNames, CC0 / MIT). It is read as a file, without importing the package.

- ``person_names.tsv``: normalised word -> classes ``G`` (seen as a given name), ``F`` (seen as a
  family name) and ``N`` (seen in a name, role unknown), from the table ``units``, plus marsad's own
  given names (``names.txt``) as ``G``; every word is stored in its normalised form and its
  clitic-stripped stem; a word with the article is never ``G`` (الميداني is a family name).
- ``full_names.txt``: pairs of adjacent words (normalised forms, space-separated) of the full names
  in the table ``full_names`` ("bigram is part of a known full name").

Both are *features* for the CRF (see :mod:`marsad.ner.features`), never rules. Words of two letters
or fewer, and words that are ordinary in the training data (seen at least three times in ANERcorp's
train split, under 20 % of the time inside an entity) are left out of ``person_names.tsv``, so the
flag marks name-like words. Without the training file the frequency filter is skipped.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import re
import sqlite3
from collections import Counter
from itertools import pairwise
from pathlib import Path

from marsad.text.normalize import normalize_word
from marsad.text.tokenize import analyze_clitics

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
_WORD = re.compile(r"[\u0621-\u064a]+")
ROLES = {"given": "G", "surname": "F", "unknown": "N"}
MIN_COUNT = 1  # rows seen fewer times than this are skipped


def _db() -> Path:
    spec = importlib.util.find_spec("arabic_name_romanizer")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("the arabic-name-romanizer package is needed: pip install arabic-name-romanizer")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "names.sqlite3"
    if not path.exists():
        raise SystemExit(f"{path} is missing: reinstall arabic-name-romanizer")
    return path


def forms(word: str) -> set[str]:
    """The normalised form of a name word and its clitic-stripped stems."""
    norm = normalize_word(word)
    out = {norm}
    for taa in (False, True):
        stem = analyze_clitics(norm, taa)[1]
        if stem:
            out.add(stem)
    return out


def ordinary_words(train: Path | None, min_seen: int = 3, max_rate: float = 0.2) -> set[str]:
    """Normalised forms and stems seen at least ``min_seen`` times in the training file and under
    ``max_rate`` of the time inside an entity."""
    if train is None or not train.exists():
        log.warning("no training file: the frequency filter is skipped")
        return set()
    seen: Counter[str] = Counter()
    ent: Counter[str] = Counter()
    for line in train.read_text("utf-8").splitlines():
        cols = line.split()
        if len(cols) >= 2:
            norm = normalize_word(cols[0])
            for f in {norm, analyze_clitics(norm, cols[0].endswith("ة"))[1]}:
                seen[f] += 1
                if cols[1] != "O":
                    ent[f] += 1
    return {w for w, n in seen.items() if n >= min_seen and ent[w] / n < max_rate}


def build(train: Path | None) -> tuple[list[str], list[str]]:
    ordinary = ordinary_words(train)
    con = sqlite3.connect(f"file:{_db()}?mode=ro", uri=True)
    try:
        units = con.execute("SELECT arabic_key, role, SUM(count) FROM units GROUP BY arabic_key, role").fetchall()
        fulls = con.execute("SELECT DISTINCT arabic_key FROM full_names").fetchall()
    finally:
        con.close()
    classes: dict[str, set[str]] = {}
    for key, role, count in units:
        if count < MIN_COUNT:
            continue
        cls = ROLES.get(role, "N")
        words = _WORD.findall(key)
        cands = list(words)
        if len(words) > 1:
            cands.append("".join(words))  # عبد الله -> عبدالله
        for w in cands:
            fs = forms(w)
            if fs & ordinary:
                continue
            for f in fs:
                if len(f) > 2 and not (cls == "G" and f.startswith("ال")):  # الميداني: a family name
                    classes.setdefault(f, set()).add(cls)
    # marsad's own given-name list (names.txt: foreign names too, دونالد) joins the G class
    own = DATA / "names.txt"
    for line in own.read_text("utf-8").splitlines():
        w = line.split("#", 1)[0].strip()
        fs = forms(w) if w else set()
        if fs and not fs & ordinary:
            for f in fs:
                if len(f) > 2:
                    classes.setdefault(f, set()).add("G")
    pairs: set[str] = set()
    for (key,) in fulls:
        words = [normalize_word(w) for w in _WORD.findall(key)]
        for a, b in pairwise(words):
            if a and b:
                pairs.add(f"{a} {b}")
    head = [
        "# Generated by `python -m marsad.ner.build_names` from arabic-name-romanizer's name index",
        "# (MIT code; data from Wikidata, CC0, and DziriNames, CC0/MIT); do not edit.",
    ]
    names = [*head, "# normalised word <TAB> classes (G given, F family, N role unknown; comma-separated)"]
    names += [f"{w}\t{','.join(sorted(c))}" for w, c in sorted(classes.items())]
    full = [*head, "# adjacent words of known full names: normalised forms, space-separated"]
    full += sorted(pairs)
    return names, full


def main() -> None:
    from marsad.ner.train import DEFAULT_TRAIN

    ap = argparse.ArgumentParser(description="Rebuild marsad's NER person-name lists.")
    ap.add_argument("--train", type=Path, default=DEFAULT_TRAIN, help="ANERcorp train split (frequency filter)")
    ap.add_argument("--out", type=Path, default=DATA, help="data folder (default: %(default)s)")
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    names, full = build(args.train)
    (args.out / "person_names.tsv").write_text("\n".join(names) + "\n", "utf-8")
    (args.out / "full_names.txt").write_text("\n".join(full) + "\n", "utf-8")
    log.info("wrote %d name words and %d full-name pairs to %s", len(names) - 3, len(full) - 3, args.out)


if __name__ == "__main__":
    main()
