"""Web load: requests/s and latency (p50/p95) of the article page and the search API, on loopback.

    .venv/bin/python benchmarks/web_load.py                         # the whole SaudiNewsNet sample (6,340)
    .venv/bin/python benchmarks/web_load.py --limit 300 --requests 200   # a quicker subset
    .venv/bin/python benchmarks/web_load.py --db marsad.db          # a store built by `marsad ingest`
    .venv/bin/python benchmarks/web_load.py --stages text           # fill the store faster (text layer only)

Fills a temporary store from ../shared/data/saudinewsnet_sample/articles.jsonl (first --limit
articles, or all, analysed by the pipeline) unless --db is given, starts `marsad serve` in its own process
on a free loopback port, then runs a bounded loop of --requests sequential requests per endpoint
over one keep-alive connection (after --warmup requests), and prints the figures. Asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

import httpx

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = ROOT.parent / "shared" / "data" / "saudinewsnet_sample" / "articles.jsonl"
# Common words of Arabic news to search for (spelling variants on purpose: the search folds them).
QUERIES = ["السعودية", "وزير الخارجية", "الرياض", "اليمن", "الاقتصاد", "ايران", "مجلس الامن", "النفط", "الحوثيين",
           "الرئيس", "المملكة", "اتفاق", "الأمم المتحدة", "سوريا", "مصر"]  # fmt: skip


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fill_store(db: str, path: Path, limit: int | None, stages: str | None) -> int:
    from marsad.pipeline import Pipeline
    from marsad.store import Store

    nlp = Pipeline(stages.split(",")) if stages else Pipeline()
    store = Store.open(db)
    n = 0
    t0 = time.perf_counter()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if limit is not None and n >= limit:
                break
            rec = json.loads(line)
            if not str(rec.get("text", "")).strip():
                continue
            a = nlp(rec["text"], published=rec.get("published"), title=rec.get("title"), doc_id=rec.get("id"),
                    source=rec.get("source"), url=rec.get("url"))
            store.ingest_analysis(a)
            n += 1
    close = getattr(store, "close", None)
    if close:
        close()
    print(f"store: {n} articles analysed and stored in {time.perf_counter() - t0:.1f} s ({db})")
    return n


def measure(client: httpx.Client, urls: list[str], warmup: int) -> tuple[float, float, float, int]:
    for u in urls[:warmup]:
        client.get(u)
    times = []
    errors = 0
    t0 = time.perf_counter()
    for u in urls:
        s = time.perf_counter()
        r = client.get(u)
        times.append(time.perf_counter() - s)
        if r.status_code != 200:
            errors += 1
    wall = time.perf_counter() - t0
    times.sort()
    p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
    return len(times) / wall, statistics.median(times) * 1000, p95 * 1000, errors


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", type=Path, default=DEFAULT, help="JSON lines of articles to fill the store with")
    ap.add_argument("--limit", type=int, default=None, help="store only the first N articles (default: all)")
    ap.add_argument("--db", help="use this existing store instead of filling a temporary one")
    ap.add_argument("--stages", help="comma-separated pipeline stages for filling (default: all registered)")
    ap.add_argument("--requests", type=int, default=300, help="timed requests per endpoint (default 300)")
    ap.add_argument("--warmup", type=int, default=20, help="untimed requests first (default 20)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()

    tmp = tempfile.TemporaryDirectory(prefix="marsad-web-load-")
    db = args.db
    if db is None:
        if not args.data.exists():
            print(f"{args.data}: not found; give --data FILE.jsonl or --db STORE", file=sys.stderr)
            return 2
        db = os.path.join(tmp.name, "load.db")
        fill_store(db, args.data, args.limit, args.stages)

    port = free_port()
    env = {**os.environ, "MARSAD_TOKEN": ""}
    server = subprocess.Popen(
        [sys.executable, "-m", "marsad", "serve", "--db", db, "--port", str(port)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        with httpx.Client(base_url=base, timeout=30) as client:
            for _ in range(300):
                try:
                    if client.get("/api").status_code == 200:
                        break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                print("the server did not start:", server.stderr.read().decode() if server.stderr else "", file=sys.stderr)
                return 1
            ids: list[str] = []
            offset = 0
            while len(ids) < 1000:
                page = client.get("/api/articles", params={"limit": 200, "offset": offset}).json()
                ids += [a["id"] for a in page["items"]]
                if not page.get("has_more"):
                    break
                offset += 200
            if not ids:
                print("the store holds no articles", file=sys.stderr)
                return 1
            rng = random.Random(args.seed)
            n = args.requests + args.warmup
            article_urls = ["/articles/" + quote(rng.choice(ids), safe="") for _ in range(n)]
            search_urls = [f"/api/search?q={rng.choice(QUERIES)}&limit=20" for _ in range(n)]
            print(f"server: marsad serve on {base}, {len(ids)} article ids sampled; "
                  f"{args.requests} timed requests per endpoint, sequential, one keep-alive connection")
            print(f"{'endpoint':<28}{'req/s':>9}{'p50 ms':>9}{'p95 ms':>9}{'errors':>8}")
            for name, urls in (("GET /articles/{id} (HTML)", article_urls), ("GET /api/search?q=…", search_urls)):
                rps, p50, p95, errors = measure(client, urls, args.warmup)
                print(f"{name:<28}{rps:>9.1f}{p50:>9.1f}{p95:>9.1f}{errors:>8}")
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        tmp.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
