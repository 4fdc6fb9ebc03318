"""Batch runs: analyse a corpus in partitions, on this machine or across a Dask cluster, into JSON-lines files.

>>> from marsad.batch import run_batch
>>> summary = run_batch(["articles.jsonl"], "analyses/", engine="local", workers=4)
>>> summary.analysed, len(summary.rejected), summary.partitions

One entry point, :func:`run_batch`. It writes into the output folder:

==========================  ==========================================================================
``part-00000.jsonl``, ...    one analysis per line, the JSON of ``marsad analyze --compact``, input order
``rejected.jsonl``           one line per item not analysed: ``{"where", "reason", "partition", "id"}``
``_SUMMARY.json``            counts (read, analysed, rejected, partitions), seconds, engine, workers, NER model
``_MANIFEST.json``           the stages, NER model and partition size of the run (``resume`` checks them)
``_parts/part-00000.json``   per partition: a fingerprint of its input, counts, its failed articles
==========================  ==========================================================================

- **Partitions are deterministic.** Partition *k* holds the good articles *k·N … k·N+N−1* of the input in
  reading order (the readers of :mod:`marsad.ingest` read folders in name order); items the readers reject
  go straight to ``rejected.jsonl``. The same input always gives the same partitions and numbers.
- **Engines.** ``local``: a pool of ``workers`` processes on this machine (``workers=1``: in this process).
  ``dask``: with ``scheduler`` (``tcp://HOST:8786``) the partitions go to an existing Dask cluster, the
  scale-out path; without it a :class:`distributed.LocalCluster` of ``workers`` single-threaded processes is
  started for the run. One task per partition; results are collected as they complete.
- **The client does all file work.** This process reads the inputs, ships each partition's records to a
  worker and writes the JSON lines the worker sends back, so workers need marsad installed (the same
  version) but neither the input files nor a shared filesystem.
- **One pipeline per worker process** (per stages and stage options, such as the NER model), built on the
  first partition it gets and reused for the rest. Each task carries its stages and options. A NER model
  given by path (``--ner-model my/ner.crfsuite``) is read here and sent to every Dask worker once, with the
  files beside it (second pass, attribute lists, metadata); a worker writes it to a temporary folder named
  by its digest and loads it from there, so workers need not have the file (:class:`ModelFiles`).
- **Nothing half-written, nothing lost.** A part file is written to a temporary name and renamed, so it is
  either complete or absent; its ``_parts`` record is written first. One bad article becomes a line of
  ``rejected.jsonl`` and its partition goes on. A partition whose task fails (a worker died, the pool broke)
  is retried (up to 3 attempts), then reported in ``failed_partitions`` with its articles in
  ``rejected.jsonl`` and no part file, so a ``resume`` run redoes it.
- **Resume.** With ``resume=True`` a partition is skipped when its part file exists and the fingerprint of
  its input matches; after a crash a rerun redoes only the missing partitions.
- **Memory** stays bounded: the input is streamed and at most two partitions per worker are in flight.
- **Time limit.** An article whose analysis runs past ``timeout`` seconds is stopped and rejected, where
  the analysis runs in the main thread of its process (the local engine); Dask runs tasks in worker
  threads, where no per-article limit can be set.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import json
import logging
import math
import os
import re
import signal
import socket
import sys
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from marsad.documents import Record
from marsad.errors import ConfigError, InputError

log = logging.getLogger(__name__)

__all__ = ["DEFAULT_PARTITION_SIZE", "ENGINES", "BatchSummary", "run_batch"]

ENGINES = ("local", "dask")
DEFAULT_PARTITION_SIZE = 500
DEFAULT_TIMEOUT = 60.0  # seconds one article's analysis may take (where it can be enforced)
MAX_ATTEMPTS = 3  # tries of one partition task before it is reported as failed
DASK_HINT = "pip install 'marsad[dask]'"
FORMAT = "marsad-batch/1"
CONNECT_TIMEOUT = 30.0  # seconds to reach a Dask scheduler
WORKERS_TIMEOUT = 120.0  # seconds to wait for the first Dask worker(s) to join
KILL_ENV = "MARSAD_BATCH_KILL_AFTER"  # testing aid: SIGKILL this process after writing N part files
MAX_WARNINGS = 200  # listed in the summary (each partition's _parts record keeps all of its own)
PART_RE = re.compile(r"^part-(\d{5,})\.jsonl$")


def part_name(index: int) -> str:
    return f"part-{index:05d}.jsonl"


# --- what travels between the client and the workers ----------------------------------------------


@dataclass(slots=True)
class PartitionTask:
    """One partition: the records to analyse, the stages, the per-article time limit (None: none) and the
    pipeline's stage options (:class:`marsad.pipeline.Pipeline`'s ``options``, e.g. the NER model; None: none)."""

    index: int
    stages: tuple[str, ...]
    timeout: float | None
    records: list[Record]
    options: dict[str, dict[str, Any]] | None = None


@dataclass(slots=True)
class PartitionResult:
    """What a worker sends back: one JSON line per analysed article (input order) and the failures."""

    index: int
    lines: list[str]
    failed: list[dict[str, Any]]  # {"where", "reason", "id"}
    warnings: list[str]
    stage_errors: int  # articles analysed although one of their stages failed
    nlp_seconds: float
    cpu_seconds: float
    worker: str  # host:pid


@dataclass(frozen=True, slots=True)
class ModelFiles:
    """A NER model file given by path, with the files beside it that loading it reads (its second pass,
    attribute lists, metadata), as bytes: Dask workers on other machines do not have the client's files.
    Sent to each worker once; the worker writes them to a folder of its own (:func:`_model_path`)."""

    name: str  # the model file's name; the other files keep theirs
    files: dict[str, bytes]
    digest: str  # of all names and contents: the worker's folder, so a changed model is a new folder

    @classmethod
    def read(cls, path: str) -> ModelFiles:
        from marsad.ner import attrs_path, stack_path

        model = Path(path)
        beside = [model, model.with_suffix(".json"), attrs_path(model), stack_path(model), attrs_path(stack_path(model))]
        files = {p.name: p.read_bytes() for p in dict.fromkeys(beside) if p.is_file()}
        h = hashlib.sha256()
        for name in sorted(files):
            h.update(name.encode() + b"\0" + files[name])
        return cls(model.name, files, h.hexdigest()[:16])


# --- worker side ------------------------------------------------------------------------------------

_PIPELINES: dict[tuple[tuple[str, ...], str], Any] = {}  # (stages, options as JSON) -> pipeline
_BUILD_LOCK = threading.Lock()
_RUN_LOCK = threading.Lock()  # a worker process runs one partition at a time (threads share the pipeline)


def _pipeline(names: tuple[str, ...], options: dict[str, dict[str, Any]] | None = None) -> Any:
    """The pipeline of this process for these stages and stage options, built on first use and kept (models
    load once)."""
    key = (tuple(names), json.dumps(options or {}, sort_keys=True, default=str))
    with _BUILD_LOCK:
        nlp = _PIPELINES.get(key)
        if nlp is None:
            from marsad.pipeline import Pipeline

            nlp = _PIPELINES[key] = Pipeline(list(names), options=options or None)
        return nlp


def _model_path(model: ModelFiles) -> str:
    """Where this worker keeps a shipped model: written once per process and model (a temporary folder
    named by the model's digest), the path of its model file returned."""
    import tempfile

    folder = Path(tempfile.gettempdir()) / f"marsad-model-{model.digest}"
    with _BUILD_LOCK:
        if not all((folder / name).is_file() for name in model.files):
            folder.mkdir(parents=True, exist_ok=True)
            for name, data in model.files.items():
                _write_atomic(folder / name, data)
    return str(folder / model.name)


def analyse_partition(task: PartitionTask, model: ModelFiles | None = None) -> PartitionResult:
    """Analyse every record of a partition (in a worker). One article's failure or time-out is reported in
    ``failed`` and the partition goes on; only a broken worker makes the task itself fail. ``model``: the NER
    model file the task's options name, sent by the client (used instead of the client's path)."""
    from marsad.ingest import ArticleTimeout, _run_limited
    from marsad.pipeline import parse_date

    options = task.options
    if model is not None:
        options = {**(options or {}), "ner": {**(options or {}).get("ner", {}), "model": _model_path(model)}}
    nlp = _pipeline(task.stages, options)
    lines: list[str] = []
    failed: list[dict[str, Any]] = []
    warnings: list[str] = []
    stage_errors = 0
    with _RUN_LOCK:
        t0, c0 = time.perf_counter(), time.process_time()
        for rec in task.records:
            try:
                published = parse_date(rec.published, what=f"{rec.where}: published date")
            except InputError as exc:
                warnings.append(f"{exc}; analysed without a date")
                published = None
            call = functools.partial(
                nlp, rec.text, published=published, title=rec.title, doc_id=rec.id, source=rec.source, url=rec.url
            )
            try:
                analysis = _run_limited(task.timeout, call)
                lines.append(json.dumps(analysis.to_json(), ensure_ascii=False))
            except ArticleTimeout:
                failed.append({"where": rec.where, "id": rec.id, "reason": (
                    f"analysis timed out: stopped after {task.timeout:g} s, the per-article time limit "
                    "(raise it with --timeout SECONDS, or 0 for no limit)")})
                continue
            except Exception as exc:  # stage failures are isolated by the pipeline; anything else: this article
                failed.append({"where": rec.where, "id": rec.id,
                               "reason": f"analysis failed: {type(exc).__name__}: {exc}"})
                continue
            if analysis.errors:
                stage_errors += 1
        nlp_s, cpu_s = time.perf_counter() - t0, time.process_time() - c0
    return PartitionResult(task.index, lines, failed, warnings, stage_errors, nlp_s, cpu_s,
                           f"{socket.gethostname()}:{os.getpid()}")


# --- engines ------------------------------------------------------------------------------------------

Done = tuple[PartitionTask, PartitionResult | None, str | None]  # (task, result, error)


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}".rstrip(": ")


class _LocalEngine:
    """A pool of worker processes on this machine (``workers == 1``: this process, no pool)."""

    name = "local"

    def __init__(self, workers: int) -> None:
        self.workers = workers
        self.address: str | None = None
        self._done: deque[Done] = deque()
        self._futures: dict[Any, tuple[PartitionTask, int]] = {}
        self._pool = self._new_pool() if workers > 1 else None

    def _new_pool(self) -> Any:
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        # forkserver (or spawn), not fork: this process may run threads (progress bar, logging) by now
        methods = multiprocessing.get_all_start_methods()
        ctx = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        return ProcessPoolExecutor(self.workers, mp_context=ctx)

    def capacity(self) -> int:
        return 2 * self.workers

    def pending(self) -> int:
        return len(self._futures) + len(self._done)

    def submit(self, task: PartitionTask, attempt: int = 1) -> None:
        if self._pool is None:
            try:
                self._done.append((task, analyse_partition(task), None))
            except Exception as exc:
                self._done.append((task, None, _describe(exc)))
            return
        self._futures[self._pool.submit(analyse_partition, task)] = (task, attempt)

    def next_done(self) -> Done:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        while not self._done:
            finished, _ = wait(list(self._futures), return_when=FIRST_COMPLETED)
            broken = False
            for fut in finished:
                task, attempt = self._futures.pop(fut)
                exc = fut.exception()
                if exc is None:
                    self._done.append((task, fut.result(), None))
                elif isinstance(exc, BrokenProcessPool):
                    broken = True
                    self._futures[fut] = (task, attempt)  # retried below with the rest
                else:
                    self._done.append((task, None, _describe(exc)))
            if broken:
                self._restart()
        return self._done.popleft()

    def _restart(self) -> None:
        """A worker died (killed, out of memory): the pool is broken and every task in it is lost. Start a
        new pool and resubmit them, each at most MAX_ATTEMPTS times in all."""
        lost = list(self._futures.values())
        self._futures.clear()
        self._pool.shutdown(wait=False, cancel_futures=True)
        log.warning("a worker process died; restarting the pool and retrying %d partition(s)", len(lost))
        self._pool = self._new_pool()
        for task, attempt in lost:
            if attempt >= MAX_ATTEMPTS:
                self._done.append((task, None, f"a worker process died while analysing it ({attempt} attempts)"))
            else:
                self.submit(task, attempt + 1)

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None


class _DaskEngine:
    """Partitions as tasks on a Dask cluster: an existing one (``scheduler``) or a LocalCluster."""

    name = "dask"

    def __init__(self, workers: int | None, scheduler: str | None) -> None:
        try:
            import distributed
        except ImportError:
            raise ConfigError(f"the dask engine needs the 'distributed' package: {DASK_HINT}") from None
        # Dask logs every connection and worker at INFO: keep its loggers at WARNING (restored by close)
        self._log_levels = {name: logging.getLogger(name).level for name in ("distributed", "dask")}
        for name in self._log_levels:
            logging.getLogger(name).setLevel(max(logging.WARNING, logging.getLogger().level))
        self._cluster = None
        if scheduler:
            try:
                self._client = distributed.Client(scheduler, timeout=CONNECT_TIMEOUT)
            except (OSError, TimeoutError, ValueError) as exc:
                raise InputError(
                    f"cannot reach the Dask scheduler at {scheduler} ({_describe(exc)}); start one with "
                    "`dask scheduler` and give the address it prints (tcp://HOST:8786)"
                ) from None
            try:
                self._client.wait_for_workers(workers or 1, timeout=WORKERS_TIMEOUT)
            except TimeoutError:
                have = len(self._client.nthreads())
                self._client.close()
                raise InputError(
                    f"{have} Dask worker(s) joined the scheduler at {scheduler} within {WORKERS_TIMEOUT:g} s, "
                    f"{workers or 1} needed; start them with `dask worker {scheduler} --nthreads 1`"
                ) from None
            self._check_workers()
        else:
            n = workers or os.cpu_count() or 1
            self._cluster = distributed.LocalCluster(
                n_workers=n, threads_per_worker=1, processes=True, dashboard_address=None,
                silence_logs=logging.ERROR,
            )
            self._client = distributed.Client(self._cluster)
        self.address = self._client.scheduler.address
        self.workers = self._threads()
        self._completed = distributed.as_completed()
        self._tasks: dict[str, tuple[PartitionTask, Any]] = {}
        self._model: Any = None  # a NER model's files, shared with the workers (share_model)
        self._run = hashlib.sha1(f"{os.getpid()}-{time.time_ns()}".encode()).hexdigest()[:8]

    def _threads(self) -> int:
        return max(1, sum(self._client.nthreads().values()))

    def _check_workers(self) -> None:
        """Every worker must have marsad installed; a different version is worth a warning."""
        from marsad import __version__

        versions = self._client.get_versions(packages=["marsad"])
        for address, info in (versions.get("workers") or {}).items():
            theirs = (info.get("packages") or {}).get("marsad")
            if theirs is None:
                self._client.close()
                raise ConfigError(f"the Dask worker {address} has no marsad installed; install the same marsad "
                                  f"({__version__}) on every worker machine")
            if theirs != __version__:
                log.warning("Dask worker %s runs marsad %s, this client %s", address, theirs, __version__)

    def capacity(self) -> int:
        return 2 * self._threads()  # workers may join (or leave) during the run

    def pending(self) -> int:
        return len(self._tasks)

    def share_model(self, model: ModelFiles) -> None:
        """Send a NER model's files to every worker once; each task then refers to them."""
        self._model = self._client.scatter(model, broadcast=True)

    def submit(self, task: PartitionTask) -> None:
        key = f"marsad-batch-{self._run}-{part_name(task.index)[:-6]}"
        fut = self._client.submit(
            analyse_partition, task, self._model, key=key, pure=False, retries=MAX_ATTEMPTS - 1
        )
        self._tasks[fut.key] = (task, fut)
        self._completed.add(fut)

    def next_done(self) -> Done:
        fut = next(self._completed)
        task, _ = self._tasks.pop(fut.key)
        try:
            if fut.status == "finished":
                return task, fut.result(), None
            exc = fut.exception()
            return task, None, _describe(exc) if exc is not None else f"task {fut.status}"
        except Exception as exc:  # fetching the result failed (the worker holding it died): report it
            return task, None, _describe(exc)
        finally:
            fut.release()

    def close(self) -> None:
        with contextlib.suppress(Exception):
            if self._tasks:
                self._client.cancel([fut for _, fut in self._tasks.values()])
            self._client.close()
        if self._cluster is not None:
            with contextlib.suppress(Exception):
                self._cluster.close()
        for name, level in self._log_levels.items():
            logging.getLogger(name).setLevel(level)


# --- the output folder --------------------------------------------------------------------------------


def _write_atomic(path: Path, text: str | bytes) -> None:
    """Write to a temporary name in the same folder, flush to disk, rename: the file is whole or absent."""
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with tmp.open("wb") if isinstance(text, bytes) else tmp.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)  # type: ignore[arg-type]
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise


def _fingerprint(records: Sequence[Record]) -> str:
    """What a partition's analyses depend on in its input (not where it was read from: paths may be
    spelled differently when a run is resumed)."""
    h = hashlib.sha1()
    for r in records:
        h.update(json.dumps([r.text, r.title, r.published, r.url, r.source, r.id, r.language],
                            ensure_ascii=False).encode("utf-8", "surrogatepass"))
        h.update(b"\n")
    return h.hexdigest()


def _our_parts(out: Path) -> list[Path]:
    return [p for p in out.iterdir() if PART_RE.match(p.name)] if out.is_dir() else []


def _check_out(out: Path, manifest: dict[str, Any], *, resume: bool, overwrite: bool) -> dict[int, dict[str, Any]]:
    """Check the output folder, changing nothing (a run that stops before its engine starts leaves no trace).
    Return the ``_parts`` records of the partitions an earlier run finished (with ``resume``)."""
    if out.exists() and not out.is_dir():
        raise InputError(f"{out}: exists and is not a folder; --out needs a folder (it is created if absent)")
    parts_dir = out / "_parts"
    had_run = bool(_our_parts(out)) or (out / "_MANIFEST.json").exists() or parts_dir.exists()
    if not had_run or overwrite:
        return {}
    if not resume:
        raise InputError(f"{out} already holds the output of a batch run; add --resume to finish it (only the "
                         "missing partitions are analysed), --overwrite to start again, or choose another folder")
    try:
        before = json.loads((out / "_MANIFEST.json").read_text("utf-8"))
    except (OSError, ValueError):
        before = None
    if (not isinstance(before, dict) or any(before.get(k) != manifest[k] for k in ("format", "stages", "partition_size"))
            or (before.get("ner_model") or "crf") != (manifest["ner_model"] or "crf")):  # no key: an older run, crf
        was = "unknown options" if not isinstance(before, dict) else _run_options(before)
        raise InputError(
            f"cannot resume in {out}: it was made with {was}, this run asks for {_run_options(manifest)}; give "
            "the same options, or --overwrite to start again"
        )
    done: dict[int, dict[str, Any]] = {}
    for p in parts_dir.glob("part-*.json"):
        try:
            data = json.loads(p.read_text("utf-8"))
            done[int(data["partition"])] = data
        except (OSError, ValueError, KeyError, TypeError):
            log.warning("%s is unreadable; its partition is analysed again", p)
    return done


def _run_options(manifest: dict[str, Any]) -> str:
    model = manifest.get("ner_model")
    return (f"stages {','.join(manifest.get('stages') or [])}, partition size {manifest.get('partition_size')} "
            f"and NER model {model or 'crf (the default)'}")


def _open_out(out: Path, manifest: dict[str, Any], *, overwrite: bool) -> None:
    """Create the output folder (with ``overwrite``: empty it of an earlier run) and write the manifest."""
    out.mkdir(parents=True, exist_ok=True)
    parts_dir = out / "_parts"
    for stale in [*out.glob(".*.tmp-*"), *parts_dir.glob(".*.tmp-*")]:  # from a run that crashed mid-write
        with contextlib.suppress(OSError):
            stale.unlink()
    if overwrite:
        for p in [*_our_parts(out), *parts_dir.glob("part-*.json")]:
            p.unlink()
        for name in ("rejected.jsonl", "_SUMMARY.json", "_MANIFEST.json"):
            with contextlib.suppress(FileNotFoundError):
                (out / name).unlink()
    parts_dir.mkdir(exist_ok=True)
    _write_atomic(out / "_MANIFEST.json", json.dumps(manifest, ensure_ascii=False, indent=2) + "\n")


# --- the driver ---------------------------------------------------------------------------------------


@dataclass
class BatchSummary:
    """What a batch run did. Counts describe the whole output folder (a resumed run includes the partitions
    an earlier run finished); ``*_this_run`` what this run computed."""

    out: str
    engine: str
    workers: int
    partition_size: int
    stages: list[str]
    scheduler: str | None = None
    ner_model: str | None = None  # --ner-model (None: the default CRF)
    read: int = 0  # items the readers produced: articles and rejected items
    analysed: int = 0  # analyses in the part files
    rejected: list[dict[str, Any]] = field(default_factory=list)  # lines of rejected.jsonl
    partitions: int = 0
    partitions_computed: int = 0
    partitions_skipped: int = 0  # finished by an earlier run (resume)
    failed_partitions: list[dict[str, Any]] = field(default_factory=list)
    analysed_this_run: int = 0
    stage_errors: int = 0
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0
    startup_seconds: float = 0.0  # starting the engine (process pool, cluster, connection)
    nlp_seconds: float = 0.0  # wall-clock time in the pipeline, summed over the partitions of this run
    nlp_cpu_seconds: float = 0.0

    @property
    def rate(self) -> float:
        return self.analysed_this_run / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "out": self.out, "engine": self.engine, "workers": self.workers, "scheduler": self.scheduler,
            "partition_size": self.partition_size, "stages": self.stages, "ner_model": self.ner_model,
            "read": self.read, "analysed": self.analysed, "rejected": len(self.rejected),
            "rejected_by_reason": dict(Counter(_reason_kind(r["reason"]) for r in self.rejected).most_common()),
            "partitions": self.partitions, "partitions_computed": self.partitions_computed,
            "partitions_skipped": self.partitions_skipped, "partitions_failed": len(self.failed_partitions),
            "failed_partitions": self.failed_partitions, "analysed_this_run": self.analysed_this_run,
            "stage_errors": self.stage_errors, "seconds": round(self.seconds, 3),
            "startup_seconds": round(self.startup_seconds, 3), "articles_per_second": round(self.rate, 2),
            "nlp_seconds": round(self.nlp_seconds, 3), "nlp_cpu_seconds": round(self.nlp_cpu_seconds, 3),
            "warnings": self.warnings[:MAX_WARNINGS], "warnings_total": len(self.warnings),
        }


def _reason_kind(reason: str) -> str:
    if reason.startswith("partition failed"):
        return "partition failed"
    from marsad.ingest import _reason_kind as kind

    return kind(reason)


def _partitions(paths: Sequence[str], size: int, on_reject: Callable[[Any], None]) -> Iterator[tuple[int, list[Record]]]:
    """(index, records) in input order; rejected items go to ``on_reject``."""
    from marsad.ingest import Rejected, iter_inputs

    batch: list[Record] = []
    index = 0
    for item in iter_inputs(list(paths)):
        if isinstance(item, Rejected):
            on_reject(item)
            continue
        batch.append(item.record)
        if len(batch) >= size:
            yield index, batch
            index, batch = index + 1, []
    if batch:
        yield index, batch


def run_batch(
    paths: Sequence[str],
    out: str | os.PathLike[str],
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    partition_size: int = DEFAULT_PARTITION_SIZE,
    stages: Sequence[str] | None = None,
    disable: Sequence[str] = (),
    timeout: float | None = DEFAULT_TIMEOUT,
    ner_model: str | None = None,
    resume: bool = False,
    overwrite: bool = False,
    progress: bool = False,
) -> BatchSummary:
    """Analyse every article under ``paths`` into part files in ``out``; see the module's documentation.

    ``engine``: ``"local"`` (``workers`` processes, default all cores) or ``"dask"`` (the cluster at
    ``scheduler``, where ``workers`` is how many workers to wait for, default 1; without ``scheduler`` a
    LocalCluster of ``workers`` processes). ``stages``/``disable`` choose the pipeline as for
    :class:`marsad.pipeline.Pipeline`. ``timeout``: seconds per article (None or 0: no limit). ``ner_model``:
    the named-entity model (``crf``, ``stacked``, ``neural``, ``ensemble`` or a model file; None: the default
    CRF), recorded in the manifest: ``resume`` refuses a run made with another."""
    t_start = time.perf_counter()
    if engine not in ENGINES:
        raise InputError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if scheduler and engine != "dask":
        raise InputError("a scheduler address needs the dask engine (--engine dask)")
    if partition_size < 1:
        raise InputError(f"the partition size must be at least 1 article, not {partition_size}")
    if workers is not None and workers < 1:
        raise InputError(f"the number of workers must be at least 1, not {workers}")
    if timeout is not None and (math.isnan(timeout) or timeout < 0):
        raise InputError(f"time limit per article must be a number of seconds >= 0 (0: no limit), not {timeout}")
    if resume and overwrite:
        raise InputError("give --resume (finish an earlier run) or --overwrite (start again), not both")
    limit = float(timeout) if timeout and not math.isinf(timeout) else None

    from marsad.ner import MODEL_NAMES, check_ner_model, ner_options
    from marsad.pipeline import Pipeline

    ner_model = check_ner_model(ner_model)
    options = ner_options(ner_model)
    # checks the stages and options (and loads the model) here, before any work
    names = tuple(Pipeline(stages, disable=disable, options=options).names)
    out_dir = Path(out)
    manifest = {"format": FORMAT, "stages": list(names), "partition_size": partition_size, "ner_model": ner_model}
    done_before = _check_out(out_dir, manifest, resume=resume, overwrite=overwrite)

    t_engine = time.perf_counter()
    runner: _LocalEngine | _DaskEngine = (
        _DaskEngine(workers, scheduler) if engine == "dask" else _LocalEngine(workers or os.cpu_count() or 1)
    )
    summary = BatchSummary(out=str(out_dir), engine=engine, workers=runner.workers, partition_size=partition_size,
                           stages=list(names), scheduler=scheduler or runner.address, ner_model=ner_model)
    summary.startup_seconds = time.perf_counter() - t_engine
    try:
        if isinstance(runner, _DaskEngine) and ner_model and ner_model not in MODEL_NAMES:
            runner.share_model(ModelFiles.read(ner_model))  # workers elsewhere do not have this file
        _open_out(out_dir, manifest, overwrite=overwrite)
    except BaseException:
        runner.close()
        raise

    read_rejects: list[dict[str, Any]] = []
    run_failures: dict[int, list[dict[str, Any]]] = {}
    kept: dict[int, dict[str, Any]] = {}  # _parts records of every finished partition
    kill_after = int(os.environ.get(KILL_ENV, "0") or 0)
    bar = None
    if progress:
        from tqdm import tqdm

        from marsad.ingest import count_items

        bar = tqdm(total=count_items(paths), unit="art", file=sys.stderr, dynamic_ncols=True, smoothing=0.05)

    def tick(n: int) -> None:
        if bar is not None:
            bar.update(n)

    def on_reject(item: Any) -> None:
        summary.read += 1
        read_rejects.append({"where": item.where, "reason": item.reason, "partition": None, "id": None})
        log.info("rejected %s: %s", item.where, item.reason)
        tick(1)

    def handle(task: PartitionTask, result: PartitionResult | None, error: str | None, fingerprint: str) -> None:
        n = len(task.records)
        if result is None:
            reason = f"partition failed: {error} (rerun with --resume to redo it)"
            summary.failed_partitions.append({"partition": task.index, "articles": n, "error": error})
            run_failures[task.index] = [{"where": r.where, "reason": reason, "partition": task.index, "id": r.id}
                                        for r in task.records]
            log.warning("partition %d (%d articles) failed: %s", task.index, n, error)
            tick(n)
            return
        record = {
            "partition": task.index, "fingerprint": fingerprint, "articles": n, "analysed": len(result.lines),
            "stage_errors": result.stage_errors,
            "failed": [{**f, "partition": task.index} for f in result.failed],
            "warnings": result.warnings, "worker": result.worker, "nlp_seconds": round(result.nlp_seconds, 3),
        }
        # the _parts record first, then the part file: a part file present always has its record
        _write_atomic(out_dir / "_parts" / f"{part_name(task.index)[:-6]}.json",
                      json.dumps(record, ensure_ascii=False) + "\n")
        _write_atomic(out_dir / part_name(task.index), "".join(line + "\n" for line in result.lines))
        kept[task.index] = record
        summary.partitions_computed += 1
        summary.analysed_this_run += len(result.lines)
        summary.nlp_seconds += result.nlp_seconds
        summary.nlp_cpu_seconds += result.cpu_seconds
        tick(n)
        if kill_after and summary.partitions_computed >= kill_after:
            os.kill(os.getpid(), signal.SIGKILL)

    fingerprints: dict[int, str] = {}

    def drain_one() -> None:
        task, result, error = runner.next_done()
        handle(task, result, error, fingerprints.pop(task.index))

    try:
        for index, records in _partitions(paths, partition_size, on_reject):
            summary.read += len(records)
            summary.partitions = index + 1
            fp = _fingerprint(records)
            before = done_before.get(index)
            part = out_dir / part_name(index)
            if before is not None and before.get("fingerprint") == fp and part.exists():
                kept[index] = before
                summary.partitions_skipped += 1
                tick(len(records))
                continue
            if part.exists():  # the input changed since that partition was written
                log.warning("partition %d differs from the earlier run's; analysing it again", index)
                summary.warnings.append(f"{part.name} was written from a different input; analysed again")
                part.unlink()
            fingerprints[index] = fp
            while runner.pending() >= runner.capacity():
                drain_one()
            runner.submit(PartitionTask(index, names, limit, records, options))
        while runner.pending():
            drain_one()
    finally:
        runner.close()
        if bar is not None:
            bar.close()

    # partitions an earlier run wrote beyond the end of today's input
    for p in list(out_dir.iterdir()):
        m = PART_RE.match(p.name)
        if m and int(m.group(1)) >= summary.partitions:
            summary.warnings.append(f"removed {p.name}: the input now has {summary.partitions} partition(s)")
            p.unlink()
            with contextlib.suppress(FileNotFoundError):
                (out_dir / "_parts" / f"{p.name[:-6]}.json").unlink()

    summary.rejected = list(read_rejects)
    for index in range(summary.partitions):
        record = kept.get(index)
        if record is not None:
            summary.analysed += int(record.get("analysed", 0))
            summary.stage_errors += int(record.get("stage_errors", 0))
            summary.rejected.extend(record.get("failed", []))
            summary.warnings.extend(record.get("warnings", []))
        summary.rejected.extend(run_failures.get(index, []))
    _write_atomic(out_dir / "rejected.jsonl",
                  "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in summary.rejected))
    summary.seconds = time.perf_counter() - t_start
    _write_atomic(out_dir / "_SUMMARY.json", json.dumps(summary.to_dict(), ensure_ascii=False, indent=2) + "\n")
    return summary
