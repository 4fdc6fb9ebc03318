"""Ingestion: read articles from files, folders, feeds and archives, analyse them in parallel, store them.

>>> from marsad.store import Store
>>> summary = ingest(["articles.jsonl", "pages/"], Store.open("marsad.db"))
>>> summary.ingested, summary.duplicates, summary.rejected

- **Idempotent**: an article the store holds already (same URL; same text when it has no URL) is
  skipped before any analysis; so is a repeat inside the input.
- **Resumable**: each article is stored in one transaction, so after a crash the store holds whole
  articles only; running the same command again skips them and does the rest.
- **Parallel**: the NLP runs in a pool of worker processes (forked after the pipeline is built, so
  lexicons and models are shared); the main process reads, de-duplicates and writes (one writer).
- **Near-duplicates**: MinHash signatures (computed in the workers) link syndicated copies into one
  story (see :mod:`marsad.store.dedup`).
- **Bad input** (broken JSON lines, binary files, undecodable bytes, broken HTML, empty articles) is
  reported per item in the summary and skipped; the batch goes on.
- **Time limit**: an article whose analysis runs longer than ``timeout`` seconds (default 60) is
  stopped, reported as rejected with its file and line (or URL) and the limit, and the batch goes on.

:func:`ingest_analyses` stores analyses made elsewhere (the part files of ``marsad batch``, the JSON of
``marsad analyze``) the same way (same de-duplication, story linking, transactions and summary) without
running the NLP.
"""

from __future__ import annotations

import logging
import math
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from marsad.documents import Record
from marsad.errors import InputError
from marsad.ingest.readers import Item, Rejected, iter_inputs
from marsad.ner import check_ner_model, ner_options
from marsad.pipeline import Pipeline, parse_date
from marsad.store import Store, dedup, fold, identity_of

log = logging.getLogger(__name__)

__all__ = ["Rejected", "Summary", "ingest", "ingest_analyses", "iter_inputs", "store_keys"]

KILL_ENV = "MARSAD_INGEST_KILL_AFTER"  # testing aid: SIGKILL this process while writing the (N+1)th article
DEFAULT_TIMEOUT = 60.0  # seconds the NLP may spend on one article before it is stopped and reported


@dataclass
class Summary:
    """What an ingest run did. ``rejected``: (where, why) per item."""

    read: int = 0
    ingested: int = 0
    duplicates: int = 0  # already in the store, or repeated in the input
    near_duplicates: int = 0  # stored, and linked to the story of an earlier near-identical article
    rejected: list[tuple[str, str]] = field(default_factory=list)
    stage_errors: int = 0  # articles stored although one of their NLP stages failed
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    nlp_seconds: float = 0.0  # wall-clock time inside the NLP pipeline, summed over workers
    nlp_cpu_seconds: float = 0.0  # CPU time inside the NLP pipeline, summed over workers
    store_seconds: float = 0.0  # time writing to the store (main process)
    jobs: int = 1
    stages: list[str] = field(default_factory=list)
    ner_model: str | None = None  # the named-entity model asked for (None: the default CRF, or no NLP run)

    def reject(self, where: str, reason: str) -> None:
        """Record an item that was not stored (logged at INFO; the run goes on)."""
        self.rejected.append((where, reason))
        log.info("rejected %s: %s", where, reason)

    @property
    def rate(self) -> float:
        return self.ingested / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        reasons = Counter(_reason_kind(r) for _, r in self.rejected)
        return {
            "read": self.read, "ingested": self.ingested, "duplicates": self.duplicates,
            "near_duplicates": self.near_duplicates, "rejected": len(self.rejected),
            "rejected_by_reason": dict(reasons.most_common()),
            "rejections": [{"where": w, "reason": r} for w, r in self.rejected],
            "stage_errors": self.stage_errors, "warnings": self.warnings, "seconds": round(self.seconds, 3),
            "articles_per_second": round(self.rate, 2), "nlp_seconds": round(self.nlp_seconds, 3),
            "nlp_cpu_seconds": round(self.nlp_cpu_seconds, 3),
            "store_seconds": round(self.store_seconds, 3), "jobs": self.jobs, "stages": self.stages,
            "ner_model": self.ner_model,
        }


def _reason_kind(reason: str) -> str:
    """A short class of a rejection reason, for the summary's counts."""
    for key, label in (("broken JSON", "broken JSON"), ("not a marsad.analysis/1", "not an analysis"),
                       ("broken analysis", "broken analysis"), ("UTF-8", "not UTF-8"), ("binary", "binary data"),
                       ("empty", "empty text"), ("too short", "text too short"), ("no main text", "no text in HTML"),
                       ("WARC", "broken WARC"), ("HTML", "broken HTML"), ("feed", "broken feed"),
                       ("no such file", "missing file"), ("expected a JSON object", "not a record"),
                       ("'text'", "no text field"), ("unknown kind", "unknown file type"),
                       ("analysis timed out", "timed out"), ("analysis failed", "analysis failed"), ("could not store", "could not store")):
        if key in reason:
            return label
    return "other"


# --- worker side ------------------------------------------------------------------------------------

_PIPELINE: Pipeline | None = None


class ArticleTimeout(BaseException):
    """Raised (by SIGALRM) inside the analysis of an article that ran past the time limit. A
    BaseException, so the pipeline's per-stage ``except Exception`` does not swallow it."""


_ALARM_ACTIVE = False  # whether a SIGALRM now means "this article's time is up"


def _on_alarm(signum: int, frame: Any) -> None:
    if _ALARM_ACTIVE:
        raise ArticleTimeout


_NO_LIMIT_LOGGED: set[str] = set()


def _time_limit_usable() -> bool:
    """Whether this process and thread can time an article with SIGALRM: POSIX, the main thread, no other
    real-time timer running (which ours would displace) and a SIGALRM handler that can be put back."""
    why = None
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        why = "SIGALRM timers need the main thread of a POSIX process"
    elif signal.getitimer(signal.ITIMER_REAL)[0] > 0:
        why = "another ITIMER_REAL timer is running in this process"
    elif signal.getsignal(signal.SIGALRM) is None:
        why = "SIGALRM has a handler installed outside Python, which could not be restored"
    if why is None:
        return True
    if why not in _NO_LIMIT_LOGGED:  # once per process, not once per article
        _NO_LIMIT_LOGGED.add(why)
        log.debug("no per-article time limit: %s", why)
    return False


def _run_limited(seconds: float | None, fn: Any) -> Any:
    """``fn()``, interrupted by :class:`ArticleTimeout` after ``seconds`` (None: no limit). The timer is
    always cancelled and the previous SIGALRM handler restored, even when the alarm fires late."""
    global _ALARM_ACTIVE
    if seconds is None or not _time_limit_usable():
        return fn()
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        try:
            _ALARM_ACTIVE = True
            signal.setitimer(signal.ITIMER_REAL, seconds)
            return fn()
        finally:
            _ALARM_ACTIVE = False  # from here on, a late alarm is ignored
    finally:
        _ALARM_ACTIVE = False  # (again: the alarm may have interrupted the inner finally)
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _analyse(
    payload: tuple[Record, str | None, float | None],
) -> tuple[Any, bytes | None, str | None, float, float, str | None]:
    """In a worker: (analysis without tokens, MinHash signature, folded text, wall and CPU seconds in the
    pipeline, error). The analysis is stopped after ``timeout`` seconds (the third item; None: no limit)."""
    rec, published, timeout = payload
    assert _PIPELINE is not None
    nlp_fn = _PIPELINE
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        analysis = _run_limited(timeout, lambda: nlp_fn(
            rec.text, published=published, title=rec.title, doc_id=rec.id, source=rec.source, url=rec.url,
        ))
    except ArticleTimeout:
        return (None, None, None, time.perf_counter() - t0, time.process_time() - c0,
                f"analysis timed out: stopped after {timeout:g} s, the per-article time limit "
                "(raise it with --timeout SECONDS, or 0 for no limit)")
    except Exception as exc:  # the pipeline isolates stage failures; anything else rejects this article only
        return (None, None, None, time.perf_counter() - t0, time.process_time() - c0,
                f"analysis failed: {type(exc).__name__}: {exc}")
    nlp, nlp_cpu = time.perf_counter() - t0, time.process_time() - c0
    analysis.tokens = []  # the store does not keep tokens; do not ship them between processes
    sig, folded = store_keys(rec.text)
    return analysis, sig, folded, nlp, nlp_cpu, None


def store_keys(text: str) -> tuple[bytes | None, str]:
    """What the store needs to place an article among near-duplicates: the MinHash signature of its folded
    text and the folded text (:func:`marsad.store.fold`), computed before the write (by the NLP workers for
    :func:`ingest`) so that the single writer does not have to."""
    folded = fold(text)
    return dedup.signature(folded), folded


# --- the writer, shared by both paths -------------------------------------------------------------


class _Writer:
    """Analysed articles into the store, ``commit_every`` per transaction (and at least every 2 seconds), and
    what became of each into the summary; ``done()`` is called once per article written or refused."""

    def __init__(self, store: Store, summary: Summary, commit_every: int, done: Callable[[], None]) -> None:
        self.store, self.summary, self.commit_every, self.done = store, summary, commit_every, done
        self.batch: list[tuple[str, str | None, Any, bytes | None, str | None]] = []
        self.last_flush = time.perf_counter()

    def add(self, where: str, author: str | None, analysis: Any, sig: bytes | None, folded: str | None) -> None:
        self.batch.append((where, author, analysis, sig, folded))
        if len(self.batch) >= self.commit_every or time.perf_counter() - self.last_flush > 2.0:
            self.flush()

    def flush(self) -> None:
        if not self.batch:
            return
        summary = self.summary
        t0 = time.perf_counter()
        res_list = self.store.ingest_many(
            [(a, {"origin": where, "author": author, "minhash": sig, "folded": f})
             for where, author, a, sig, f in self.batch]
        )
        summary.store_seconds += time.perf_counter() - t0
        for (where, _, a, _, _), res in zip(self.batch, res_list, strict=True):
            if res["status"] == "duplicate":
                summary.duplicates += 1
            elif res["status"] == "rejected":
                summary.reject(where, res["reason"])
            else:
                summary.ingested += 1
                if res["duplicate_of"]:
                    summary.near_duplicates += 1
                if a.errors:
                    summary.stage_errors += 1
            self.done()
        self.batch.clear()
        self.last_flush = time.perf_counter()


def _fresh(store: Store, identities: list[str], seen: set[str]) -> list[bool]:
    """For each identity (:func:`marsad.store.identity_of`): whether it is new, neither in the store nor seen
    earlier in this run. The new ones are added to ``seen``, so a repeat inside the input is a duplicate."""
    known = store.known_identities(identities)
    fresh = []
    for ident in identities:
        new = ident not in known and ident not in seen
        if new:
            seen.add(ident)
        fresh.append(new)
    return fresh


def _kill_aid(store: Store) -> None:
    """Testing aid: with $MARSAD_INGEST_KILL_AFTER=N, SIGKILL this process while writing the (N+1)th article."""
    kill_after = int(os.environ.get(KILL_ENV, "0") or 0)
    if not kill_after:
        return
    written = 0

    def _maybe_die() -> None:
        nonlocal written
        written += 1
        if written > kill_after:
            os.kill(os.getpid(), signal.SIGKILL)

    store._before_commit = _maybe_die


# --- driver ------------------------------------------------------------------------------------------


def count_items(paths: Sequence[str]) -> int | None:
    """A cheap estimate of how many items the inputs hold (for the progress bar); None when unknown."""
    from pathlib import Path

    total = 0
    for path in paths:
        p = Path(path)
        if path == "-" or not p.exists():
            return None
        if p.is_dir():
            total += sum(1 for f in p.rglob("*") if f.is_file() and not f.name.endswith(".meta.json"))
        elif p.suffix.lower() in (".jsonl", ".ndjson"):
            with p.open("rb") as fh:
                total += sum(1 for line in fh if line.strip())
        elif p.suffix.lower() in (".txt", ".html", ".htm", ".text", ".md"):
            total += 1
        else:
            return None
    return total


def ingest(
    paths: Sequence[str],
    store: Store,
    *,
    jobs: int | None = None,
    stages: Sequence[str] | None = None,
    disable: Sequence[str] = (),
    progress: bool = False,
    pipeline: Pipeline | None = None,
    commit_every: int = 32,
    timeout: float | None = DEFAULT_TIMEOUT,
    ner_model: str | None = None,
) -> Summary:
    """Read, analyse and store every article under ``paths``; return what happened. Articles are written
    ``commit_every`` per transaction (and at least every 2 seconds): after a crash the store holds
    whole articles only, and a new run redoes the ones that were not committed. The analysis of one
    article may take at most ``timeout`` seconds (wall clock; None or 0: no limit): one that runs longer is
    stopped and reported in ``rejected``, and the batch goes on. The limit uses SIGALRM, so it applies in
    pool workers and, with ``jobs=1``, when called from the main thread (elsewhere there is no limit).
    ``ner_model``: the named-entity model (``crf``, ``stacked``, ``neural``, ``ensemble`` or a model file;
    None: the default CRF); not with ``pipeline``, which brings its own."""
    global _PIPELINE
    ner_model = check_ner_model(ner_model)
    if ner_model and pipeline is not None:
        raise InputError("give a NER model or a ready pipeline, not both (the pipeline brings its own model)")
    if timeout is not None and (math.isnan(timeout) or timeout < 0):
        raise InputError(f"time limit per article must be a number of seconds >= 0 (0: no limit), not {timeout}")
    limit = float(timeout) if timeout and not math.isinf(timeout) else None
    t_start = time.perf_counter()
    jobs = max(1, jobs or os.cpu_count() or 1)
    options = ner_options(ner_model)
    nlp = pipeline or Pipeline(stages, disable=disable, options=options)
    _PIPELINE = nlp
    dedup.warm()  # import datasketch (and its numpy/scipy) once, before the workers fork
    summary = Summary(jobs=jobs, stages=list(nlp.names), ner_model=ner_model)
    bar = None
    if progress:
        from tqdm import tqdm

        bar = tqdm(total=count_items(paths), unit="art", file=sys.stderr, dynamic_ncols=True, smoothing=0.05)

    _kill_aid(store)
    window = threading.BoundedSemaphore(jobs * 16 + 2 * commit_every)  # read ahead of the writer, at most
    seen: set[str] = set()
    pending: dict[int, Item] = {}

    def tick(n: int = 1) -> None:
        if bar is not None:
            bar.update(n)

    def work_items() -> Iterator[tuple[Record, str | None, float | None]]:
        buffer: list[Item] = []

        def flush() -> Iterator[tuple[Record, str | None, float | None]]:
            identities = [identity_of(it.record.url, it.record.text) for it in buffer]
            for it, ident, new in zip(buffer, identities, _fresh(store, identities, seen), strict=True):
                if not new:
                    summary.duplicates += 1
                    tick()
                    continue
                try:
                    published = parse_date(it.record.published, what=f"{it.record.where}: published date")
                except InputError as exc:
                    summary.warnings.append(f"{exc}; stored without a date")
                    published = None
                window.acquire()
                pending[len(pending_order)] = it
                pending_order.append(ident)
                yield it.record, published, limit
            buffer.clear()

        for item in iter_inputs(list(paths)):
            summary.read += 1
            if isinstance(item, Rejected):
                summary.reject(item.where, item.reason)
                tick()
                continue
            buffer.append(item)
            if len(buffer) >= 64:
                yield from flush()
        if buffer:
            yield from flush()

    pending_order: list[str] = []
    pool = None
    try:
        if jobs > 1:
            ctx = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None
            if ctx is None:  # no fork: each worker builds its own pipeline (the same stages and options)
                ctx = multiprocessing.get_context()
                pool = ctx.Pool(jobs, initializer=_init_worker, initargs=(list(nlp.names), options))
            else:
                pool = ctx.Pool(jobs)
            results = pool.imap(_analyse, work_items(), chunksize=1)
        else:
            results = map(_analyse, work_items())

        def written() -> None:
            window.release()
            tick()

        writer = _Writer(store, summary, commit_every, written)
        for index, (analysis, sig, folded, nlp_s, nlp_cpu, error) in enumerate(results):
            item = pending.pop(index)
            summary.nlp_seconds += nlp_s
            summary.nlp_cpu_seconds += nlp_cpu
            if error is not None:
                summary.rejected.append((item.record.where, error))
                if error.startswith("analysis timed out"):
                    log.warning("%s: %s; skipped, the batch goes on", item.record.where, error)
                window.release()
                tick()
                continue
            writer.add(item.record.where, item.author, analysis, sig, folded)
        writer.flush()
    finally:
        if pool is not None:
            pool.terminate()
            pool.join()
        if bar is not None:
            bar.close()
        _PIPELINE = None if pipeline is None else _PIPELINE
    summary.seconds = time.perf_counter() - t_start
    return summary


def ingest_analyses(
    paths: Sequence[str],
    store: Store,
    *,
    progress: bool = False,
    commit_every: int = 32,
) -> Summary:
    """Store analyses made elsewhere, without running the NLP: the output folders of ``marsad batch`` (their
    part files), JSON-lines files of analyses (``-``: standard input) and ``.json`` analyses (see
    :mod:`marsad.ingest.analyses`). Everything else is as in :func:`ingest`: an article the store holds already
    (same URL, or same text without one) is a duplicate, near-duplicates are linked into one story, articles are
    written ``commit_every`` per transaction (so a rerun after a crash adds only what is missing), and a line
    that is not an analysis is reported in ``rejected`` with its file and line while the rest goes on.
    ``summary.stages`` lists the stages the analyses ran (in order of first appearance)."""
    from marsad.ingest.analyses import analysis_files, iter_analyses

    t_start = time.perf_counter()
    dedup.warm()
    summary = Summary(jobs=1)
    stages: dict[str, None] = {}
    bar = None
    if progress:
        from tqdm import tqdm

        files = analysis_files(paths, [])
        total = None if "-" in files else sum(
            _count_lines(f) for f in files if isinstance(f, str) and not f.lower().endswith(".json"))
        bar = tqdm(total=total, unit="art", file=sys.stderr, dynamic_ncols=True, smoothing=0.05)

    def tick() -> None:
        if bar is not None:
            bar.update(1)

    _kill_aid(store)
    writer = _Writer(store, summary, commit_every, tick)
    seen: set[str] = set()
    buffer: list[tuple[str, Any]] = []

    def flush() -> None:
        identities = [identity_of(a.document.url, a.document.text) for _, a in buffer]
        for (where, analysis), new in zip(buffer, _fresh(store, identities, seen), strict=True):
            if not new:
                summary.duplicates += 1
                tick()
                continue
            sig, folded = store_keys(analysis.document.text)
            writer.add(where, None, analysis, sig, folded)
        buffer.clear()

    try:
        for got in iter_analyses(list(paths), summary.warnings):
            summary.read += 1
            if isinstance(got, Rejected):
                summary.reject(got.where, got.reason)
                tick()
                continue
            buffer.append(got)
            stages.update(dict.fromkeys(got[1].stages))
            if len(buffer) >= 64:
                flush()
        flush()
        writer.flush()
    finally:
        if bar is not None:
            bar.close()
    summary.stages = list(stages)
    summary.seconds = time.perf_counter() - t_start
    return summary


def _count_lines(path: str) -> int:
    try:
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError:
        return 0


def _init_worker(names: list[str], options: dict[str, dict[str, Any]] | None = None) -> None:
    global _PIPELINE
    _PIPELINE = Pipeline(names, options=options)
