"""The benchmark corpus: JSON lines of articles (the SaudiNewsNet sample in ../shared by default).

Shared by the scripts in this folder (they run with this folder on sys.path).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "saudinewsnet_sample" / "articles.jsonl"


def load(path: Path, limit: int | None = None) -> list[dict]:
    """Records with a non-blank 'text', at most ``limit`` of them; blank lines are skipped."""
    out: list[dict] = []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            rec = json.loads(line)
            if rec.get("text", "").strip():
                out.append(rec)
            if limit and len(out) >= limit:
                break
    return out


def head(path: Path, n: int | None, out: Path) -> Path:
    """Copy the first ``n`` lines of ``path`` (all of them when ``n`` is None) to ``out``."""
    with path.open("rb") as src, out.open("wb") as dst:
        for line in itertools.islice(src, n):
            dst.write(line)
    return out
