"""Learn word representations from unlabelled Arabic text: ``marsad train representations``.

Build-time only (needs ``pip install gensim``, LGPL, never imported at run time). Steps:

1. **Corpus.** Every article of the ANT news corpus (``ant_news/ant_v2_1`` and ``ant_v1_1``: 40,000
   articles, 2017–2018, Apache-2.0) and of Egyptian Arabic Wikipedia (``arzwiki``: 19,700 articles,
   CC BY-SA 4.0), title and text, one line per paragraph, turned into the units the NER features look
   up: an Arabic word's *stem* as :func:`marsad.ner.features.word_analysis` gives it (clitics off,
   normalised), ``<num>`` for a number, a Latin word in lower case, punctuation as it is. The text
   goes to a temporary file only; nothing of it ships.
2. **Context vectors** (word2vec skip-gram, window 2: a narrow window groups words by what they are,
   a surname with surnames, rather than by topic) over words seen at least ``min_count`` times.
3. **Clusters**: spherical k-means over those vectors at several depths (:data:`DEPTHS`), seeded.
4. **Subword vectors** (fastText skip-gram, character 3–5-grams hashed into ``buckets`` rows): an
   unseen word gets a vector from its n-grams, and the cluster whose members' subword vectors lie
   nearest, so ``بيللغريني`` lands among footballers' surnames though the corpus never shows it.

Output (``--out``, by default the package's ``marsad/ner/data``): ``clusters.tsv.gz`` and
``vectors/`` (``words.txt``, ``word_vectors.npy``, ``ngram_vectors.npy``, ``centroids<d>.npy``: float16,
read memory-mapped). See :mod:`marsad.ner.representations` for the formats.

Reproducible: seeded, with gensim's per-word seeding through a fixed hash (not Python's salted
``hash``). With ``--workers 1`` (the default) two runs give the same bytes; more workers are faster
but thread scheduling then changes the vectors slightly.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import lzma
import tempfile
import time
import zlib
from collections.abc import Iterator, Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

from marsad.errors import InputError
from marsad.ner.representations import CLUSTERS_FILE, MAX_N, MIN_N, VECTORS_DIR

log = logging.getLogger(__name__)

SHARED_DATA = Path(__file__).resolve().parents[3].parent / "shared" / "data"
CORPORA = ("ant_news/ant_v2_1.jsonl.xz", "ant_news/ant_v1_1.jsonl.xz", "arzwiki/arzwiki_20181020.jsonl.xz")
OUT = Path(__file__).resolve().parent / "data"
DEPTHS = (64, 512, 2048)  # clusters at each depth, coarse to fine
DEFAULTS = {
    "dim": 100,  # context vectors (the clusters, and the neural tagger's initial word embeddings)
    "window": 2,
    "min_count": 3,
    "epochs": 5,
    "subword_dim": 64,
    "buckets": 100_000,
    "subword_window": 2,
    "seed": 1,
}


def _stable_hash(s: str) -> int:
    # gensim seeds each word's initial vector with hashfxn(word + seed); Python's hash is salted
    return zlib.crc32(s.encode("utf-8"))


@lru_cache(maxsize=2_000_000)
def unit(token: str) -> str:
    """The corpus unit of one surface token (see the module docstring)."""
    from marsad.ner.features import word_analysis

    kind, norm, _prefix, stem, _suffix = word_analysis(token)
    if kind == "word":
        return stem
    if kind == "number":
        return "<num>"
    if kind == "latin":
        return token.lower()
    return norm


def paragraphs(paths: Sequence[Path]) -> Iterator[str]:
    """Title and text paragraphs of every article of the JSON-lines corpora (xz or plain)."""
    for path in paths:
        opener = lzma.open if path.suffix == ".xz" else open
        try:
            fh = opener(path, "rt", encoding="utf-8")
        except OSError as e:
            raise InputError(f"cannot read {path}: {e.strerror or e}") from e
        with fh:
            for n, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    doc = json.loads(line)
                except json.JSONDecodeError as e:
                    raise InputError(f"{path} line {n}: not JSON ({e.msg})") from e
                for field in ("title", "text"):
                    value = doc.get(field) if isinstance(doc, dict) else None
                    if isinstance(value, str):
                        yield from value.split("\n")


def write_corpus(paths: Sequence[Path], out: Path) -> int:
    """Write the corpus as space-separated units, one paragraph (of at least 3 units) per line;
    returns the number of units."""
    from marsad.text.tokenize import TOKEN_RE

    total = 0
    with out.open("w", encoding="utf-8") as fh:
        for para in paragraphs(paths):
            # a token that normalises to nothing (a lone tatweel, a direction mark) is no unit
            units = [u for u in map(unit, (m.group() for m in TOKEN_RE.finditer(para))) if u]
            if len(units) >= 3:
                fh.write(" ".join(units) + "\n")
                total += len(units)
    return total


def spherical_kmeans(x: np.ndarray, k: int, rng: np.random.Generator, iterations: int = 25) -> np.ndarray:
    """Cluster labels of the rows of ``x`` (unit vectors) by cosine k-means, k-means++ seeded on a
    sample of at most 30,000 rows."""
    sample = x[rng.choice(len(x), min(len(x), 30_000), replace=False)]
    centres = [sample[rng.integers(len(sample))]]
    dist = np.full(len(sample), np.inf, dtype=np.float32)
    for _ in range(k - 1):
        dist = np.minimum(dist, 1.0 - sample @ centres[-1])
        p = np.maximum(dist, 0.0).astype(np.float64)
        centres.append(sample[rng.choice(len(sample), p=p / p.sum())])
    c = np.array(centres)
    labels = np.zeros(len(x), dtype=np.int32)
    for _ in range(iterations):
        for a in range(0, len(x), 8192):
            labels[a : a + 8192] = np.argmax(x[a : a + 8192] @ c.T, axis=1)
        sums = np.zeros_like(c)
        np.add.at(sums, labels, x)
        empty = np.bincount(labels, minlength=k) == 0
        sums[empty] = x[rng.choice(len(x), int(empty.sum()))]
        c = sums / (np.linalg.norm(sums, axis=1, keepdims=True) + 1e-9)
    return labels


def _unit_rows(m: np.ndarray) -> np.ndarray:
    m = m.astype(np.float32)
    return m / (np.linalg.norm(m, axis=1, keepdims=True) + 1e-9)


def build(
    corpora: Sequence[Path], out: Path, *, workers: int = 1, params: dict | None = None, corpus_file: Path | None = None
) -> dict:
    """Train and write the representations; returns what was built (sizes, seconds)."""
    try:
        from gensim.models import FastText, Word2Vec
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise SystemExit("building representations needs gensim (build time only): pip install gensim") from e
    p = dict(DEFAULTS, **(params or {}))
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="marsad-rep-") as tmp:
        path = corpus_file or Path(tmp) / "corpus.txt"
        if corpus_file is None or not corpus_file.exists():
            units = write_corpus(corpora, path)
            log.info("corpus: %d units in %.0f s", units, time.perf_counter() - t0)
        common = {"sg": 1, "workers": workers, "seed": p["seed"], "min_count": p["min_count"], "epochs": p["epochs"]}
        w2v = Word2Vec(
            corpus_file=str(path), vector_size=p["dim"], window=p["window"], hashfxn=_stable_hash, **common
        )
        log.info("context vectors: %d words, %.0f s", len(w2v.wv), time.perf_counter() - t0)
        ft = FastText(
            corpus_file=str(path),
            vector_size=p["subword_dim"],
            window=p["subword_window"],
            min_n=MIN_N,
            max_n=MAX_N,
            bucket=p["buckets"],
            **common,
        )
        log.info("subword vectors: %.0f s", time.perf_counter() - t0)
    words = list(w2v.wv.index_to_key)
    x = _unit_rows(w2v.wv.vectors)
    rng = np.random.default_rng(p["seed"])
    labels = [spherical_kmeans(x, k, rng) for k in DEPTHS]
    log.info("clusters: %.0f s", time.perf_counter() - t0)
    # each cluster's centre in the subword space, where an unseen word's vector can be compared
    sub = _unit_rows(np.stack([ft.wv[w] for w in words]))
    centroids = []
    for lab, k in zip(labels, DEPTHS, strict=True):
        sums = np.zeros((k, sub.shape[1]), dtype=np.float32)
        np.add.at(sums, lab, sub)
        centroids.append(_unit_rows(sums))
    write(out, words, labels, w2v.wv.vectors, ft.wv.vectors_ngrams, centroids)
    return {"words": len(words), "depths": DEPTHS, "params": p, "seconds": round(time.perf_counter() - t0)}


def write(
    out: Path,
    words: Sequence[str],
    labels: Sequence[np.ndarray],
    word_vectors: np.ndarray,
    ngram_vectors: np.ndarray,
    centroids: Sequence[np.ndarray],
) -> None:
    out.mkdir(parents=True, exist_ok=True)
    order = sorted(range(len(words)), key=words.__getitem__)  # by word: stable files that diff cleanly
    lines = ["# clusters\t" + "\t".join(str(k) for k in DEPTHS)]
    lines += [words[i] + "\t" + "\t".join(str(int(lab[i])) for lab in labels) for i in order]
    with open(out / Path(CLUSTERS_FILE).name, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as gz:
        gz.write(("\n".join(lines) + "\n").encode("utf-8"))
    vec = out / Path(VECTORS_DIR).name
    vec.mkdir(exist_ok=True)
    (vec / "words.txt").write_text("\n".join(words[i] for i in order) + "\n", "utf-8")
    np.save(vec / "word_vectors.npy", word_vectors[order].astype(np.float16))
    np.save(vec / "ngram_vectors.npy", ngram_vectors.astype(np.float16))
    for d, c in enumerate(centroids):
        np.save(vec / f"centroids{d}.npy", c.astype(np.float16))


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_arguments(ap)
    return run(ap.parse_args(argv))


def add_arguments(ap: argparse.ArgumentParser) -> None:
    ap.add_argument(
        "--corpus",
        type=Path,
        action="append",
        help="a JSON-lines corpus (.jsonl or .jsonl.xz, 'title'/'text' fields); repeatable "
        "(default: ANT news v2 and v1 and Egyptian Wikipedia under ../shared/data)",
    )
    ap.add_argument("--out", type=Path, default=OUT, help="output folder (default: the package's ner/data)")
    ap.add_argument("--workers", type=int, default=1, help="training threads (default 1: byte-identical rebuilds)")
    ap.add_argument("--dim", type=int, default=DEFAULTS["dim"], help="context vector size (default: %(default)s)")
    ap.add_argument("--min-count", type=int, default=DEFAULTS["min_count"], help="rarest word kept (default: %(default)s)")
    ap.add_argument("--epochs", type=int, default=DEFAULTS["epochs"], help="passes over the corpus (default: %(default)s)")
    ap.add_argument("--seed", type=int, default=DEFAULTS["seed"], help="random seed (default: %(default)s)")
    ap.add_argument("--corpus-cache", type=Path, default=None, help="keep the tokenised corpus in this file and reuse it")


def run(args: argparse.Namespace) -> int:
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    log.setLevel(min(log.getEffectiveLevel(), logging.INFO))  # a long build reports its steps
    logging.getLogger("gensim").setLevel(logging.WARNING)
    corpora = args.corpus or [SHARED_DATA / c for c in CORPORA]
    missing = [str(c) for c in corpora if not c.exists()]
    if missing:
        raise InputError(f"corpus not found: {', '.join(missing)}")
    params = {"dim": args.dim, "min_count": args.min_count, "epochs": args.epochs, "seed": args.seed}
    info = build(corpora, args.out, workers=args.workers, params=params, corpus_file=args.corpus_cache)
    log.info("wrote %s: %d words, clusters at depths %s, %d s", args.out, info["words"], info["depths"], info["seconds"])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
