"""The NER stage's mentions over a slice of real articles: counts per type, the most frequent
mentions, and what changed against a saved run of another version. Prints figures; asserts nothing.

    .venv/bin/python benchmarks/mentions.py --start 3000 --count 400             # counts and top mentions
    .venv/bin/python benchmarks/mentions.py --start 3000 --save /tmp/before.json
    (change the code, or run the line above with PYTHONPATH=<other checkout>/src)
    .venv/bin/python benchmarks/mentions.py --start 3000 --compare /tmp/before.json  # mentions lost and gained

Articles are taken by line number in the JSON lines file (``--start`` is the first line read), so
two versions see the same articles. A mention is (start, end, type, text); "lost" are the saved
run's mentions the current code no longer makes, "gained" the new ones.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections import Counter
from pathlib import Path

from corpus import DEFAULT


def mentions(path: Path, start: int, count: int) -> list[list[tuple[int, int, str, str]]]:
    from marsad.pipeline import Pipeline

    nlp = Pipeline(["text", "ner"])
    out = []
    with path.open(encoding="utf-8") as fh:
        for line in itertools.islice(fh, start, start + count):
            text = json.loads(line).get("text", "") if line.strip() else ""
            ms = nlp(text).mentions if text.strip() else []
            out.append([(m.start, m.end, m.type, m.text) for m in ms])
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", nargs="?", type=Path, default=DEFAULT, help="JSON lines with a 'text' field")
    ap.add_argument("--start", type=int, default=0, help="first line to read (default: %(default)s)")
    ap.add_argument("--count", type=int, default=400, help="lines to read (default: %(default)s)")
    ap.add_argument("--top", type=int, default=30, help="most frequent mentions shown per type or change")
    ap.add_argument("--save", type=Path, help="write this run's mentions as JSON, for a later --compare")
    ap.add_argument("--compare", type=Path, help="a --save file of another version: print what changed")
    args = ap.parse_args()
    if not args.path.exists():
        print(f"{args.path}: not found (give a JSONL file of articles)", file=sys.stderr)
        return 2
    now = mentions(args.path, args.start, args.count)
    if args.save:
        args.save.write_text(json.dumps(now, ensure_ascii=False), "utf-8")
    every = Counter((m[2], m[3]) for doc in now for m in doc)
    types = Counter(m[2] for doc in now for m in doc)
    print(f"{args.path}: lines {args.start}-{args.start + len(now) - 1}, {sum(types.values())} mentions: "
          + ", ".join(f"{t} {n}" for t, n in sorted(types.items())))  # fmt: skip
    if args.compare:
        before = json.loads(args.compare.read_text("utf-8"))
        if len(before) != len(now):
            print(f"{args.compare}: {len(before)} articles, this run {len(now)}: not the same slice", file=sys.stderr)
            return 2
        lost, gained = Counter(), Counter()
        for old, new in zip(before, now, strict=True):
            a, b = {tuple(m) for m in old}, {tuple(m) for m in new}
            lost.update((m[2], m[3]) for m in a - b)
            gained.update((m[2], m[3]) for m in b - a)
        for label, c in (("lost", lost), ("gained", gained)):
            print(f"{label} {sum(c.values())}: " + ", ".join(f"{t} {x} {n}" for (t, x), n in c.most_common(args.top)))
        return 0
    for t in sorted(types):
        top = [(x, n) for (ty, x), n in every.most_common() if ty == t][: args.top]
        print(f"{t}: " + ", ".join(f"{x} {n}" for x, n in top))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
