"""Rebuild ``marsad/text/data/wordfreq.tsv.gz``: ``python -m marsad.ner.build_wordfreq`` (needs ``pip install wordfreq``).

The table gives, for Arabic word forms (normalised as the text layer does, forms that normalise alike
summed), their Zipf frequency (log10 of occurrences per billion words) in general Arabic, from the
``wordfreq`` package's large Arabic list (Wikipedia, subtitles, news, web text; data CC BY-SA 4.0,
see NOTICE). The NER features read it (:func:`marsad.text.frequencies.word_frequencies`): how common a
word is, and how much more common it is with the article ال (a foreign surname or a place name rarely
takes it, a noun or adjective often does), tell an unseen name from an unseen ordinary word.

Forms below :data:`MIN_ZIPF` are left out (a missing form reads as rare), which keeps the file near
1 MB and its load under 0.2 s.
"""

from __future__ import annotations

import argparse
import gzip
import logging
import math
from collections import defaultdict
from pathlib import Path

from marsad.text.normalize import normalize_word

log = logging.getLogger(__name__)

OUT = Path(__file__).resolve().parent.parent / "text" / "data" / "wordfreq.tsv.gz"
MIN_ZIPF = 2.0


def build(out: Path = OUT, min_zipf: float = MIN_ZIPF) -> int:
    try:
        import wordfreq
    except ImportError as e:
        raise SystemExit("the wordfreq package is needed: pip install wordfreq") from e
    freq: dict[str, float] = defaultdict(float)
    for word, f in wordfreq.get_frequency_dict("ar", wordlist="large").items():
        if any("\u0621" <= c <= "\u064a" for c in word):
            freq[normalize_word(word)] += f
    # sorted by the word (code points): a stable file whose rebuilds diff cleanly
    rows = sorted((w, math.log10(f) + 9) for w, f in freq.items())
    rows = [(w, z) for w, z in rows if z >= min_zipf and "\t" not in w and "\n" not in w]
    # mtime=0: the same input gives the same bytes
    with open(out, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(b"# normalised Arabic word form <TAB> Zipf frequency; from wordfreq (CC BY-SA 4.0)\n")
        gz.write("".join(f"{w}\t{z:.2f}\n" for w, z in rows).encode("utf-8"))
    return len(rows)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--min-zipf", type=float, default=MIN_ZIPF)
    args = ap.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    n = build(args.out, args.min_zipf)
    log.info("wrote %s (%d forms)", args.out, n)


if __name__ == "__main__":
    main()
