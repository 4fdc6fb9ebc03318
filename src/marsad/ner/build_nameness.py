"""Rebuild the name-likeness table ``data/nameness.tsv.gz``: ``python -m marsad.ner.build_nameness``.

Sources (read where they are installed, never copied into the repository; only n-gram statistics
are stored), see :mod:`marsad.ner.nameness`:

- person-name words: the ``units`` table of arabic-name-romanizer's name index (Wikidata, CC0);
- place-name words: ArWikiCats' ``cities/cities_full.json`` and ``geography/popopo.json`` (MIT) and
  marsad's gazetteer (countries, capitals, places);
- ordinary words: marsad's ``data/wordfreq.tsv.gz`` (wordfreq, CC BY-SA 4.0), forms of Zipf ≥
  :data:`ORDINARY_ZIPF`, minus every stem of the two name classes.

Words are reduced to the stems the tagger sees (normalised, clitics and article stripped). Each
class counts the n-grams of its distinct stems; a log ratio is smoothed with :data:`ALPHA` over the
whole n-gram vocabulary. n-grams seen fewer than :data:`MIN_COUNT` times in all are left out (they
read as unseen), which keeps the file small. The output is sorted and gzipped without a timestamp,
so the same inputs give the same bytes.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import math
import re
import sqlite3
from collections import Counter
from pathlib import Path

from marsad.ner.build_lexicon import GENERIC, arwikicats_dir, lexicon_stem
from marsad.ner.build_names import name_index_path
from marsad.ner.features import word_frequencies
from marsad.ner.nameness import DATA_FILE, MIN_LETTERS, ngrams

log = logging.getLogger(__name__)

DATA = Path(__file__).resolve().parent / "data"
_WORD = re.compile(r"[\u0621-\u064a]+")
ORDINARY_ZIPF = 3.0
ALPHA = 0.5
MIN_COUNT = 2
PLACE_FILES = ("cities/cities_full.json", "geography/popopo.json")


def _stems(texts: list[str]) -> set[str]:
    out = set()
    for text in texts:
        for w in _WORD.findall(text):
            s = lexicon_stem(w)
            if len(s) >= MIN_LETTERS and s not in GENERIC:
                out.add(s)
    return out


def word_classes() -> dict[str, set[str]]:
    """Distinct stems of the classes PER, GEO and ORD."""
    con = sqlite3.connect(f"file:{name_index_path()}?mode=ro", uri=True)
    try:
        person = [k for (k,) in con.execute("SELECT DISTINCT arabic_key FROM units ORDER BY arabic_key")]
    finally:
        con.close()
    root = arwikicats_dir()
    places: list[str] = []
    for rel in PLACE_FILES:
        places += [v for v in json.loads((root / rel).read_text("utf-8")).values() if isinstance(v, str)]
    from marsad import gazetteer

    for c in gazetteer.countries():
        places += [*c.names_ar, *c.capitals_ar]
    for p in gazetteer.places():
        places += list(p.names_ar)
    per, geo = _stems(person), _stems(places)
    common = [w for w in word_frequencies().common(ORDINARY_ZIPF) if _WORD.fullmatch(w)]
    ordinary = _stems(common) - per - geo
    return {"PER": per, "GEO": geo, "ORD": ordinary}


def build() -> str:
    classes = word_classes()
    counts = {c: Counter(g for w in sorted(ws) for g in ngrams(w)) for c, ws in classes.items()}
    for c, ws in classes.items():
        log.info("%s: %d stems, %d n-grams", c, len(ws), sum(counts[c].values()))
    vocab = set().union(*counts.values())
    totals = {c: sum(v.values()) + ALPHA * len(vocab) for c, v in counts.items()}

    def ratio(c: str, g: str) -> float:
        return math.log((counts[c][g] + ALPHA) / totals[c]) - math.log((counts["ORD"][g] + ALPHA) / totals["ORD"])

    unseen = (ratio("PER", ""), ratio("GEO", ""))
    lines = [f"# unseen\t{unseen[0]:.2f}\t{unseen[1]:.2f}"]
    kept = 0
    for g in sorted(vocab):
        if sum(counts[c][g] for c in counts) >= MIN_COUNT:
            lines.append(f"{g}\t{ratio('PER', g):.2f}\t{ratio('GEO', g):.2f}")
            kept += 1
    log.info("kept %d of %d n-grams (seen at least %d times)", kept, len(vocab), MIN_COUNT)
    return "\n".join(lines) + "\n"


def main() -> None:
    ap = argparse.ArgumentParser(description="Rebuild marsad's NER name-likeness table.")
    ap.add_argument("--out", type=Path, default=DATA / Path(DATA_FILE).name)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    args.out.write_bytes(gzip.compress(build().encode("utf-8"), mtime=0))
    log.info("wrote %s", args.out)


if __name__ == "__main__":
    main()
