"""Reading analyses back (the JSON of :meth:`marsad.model.Analysis.to_json`), to store them without running the NLP.

| input | how it is read |
|---|---|
| an output folder of ``marsad batch`` | its ``part-*.jsonl`` files in partition order (``_*`` files, ``_parts/`` and ``rejected.jsonl`` are not read) |
| another folder | every ``*.jsonl`` / ``*.ndjson`` / ``*.json`` file below it, in name order (hidden and ``_*`` names and ``rejected.jsonl`` skipped) |
| ``*.jsonl`` / ``*.ndjson`` (and ``-``, standard input) | one analysis per line (``marsad analyze --compact`` output, a part file) |
| ``*.json`` | one analysis (``marsad analyze`` output), or a list of them |

As with the article readers, one bad line (broken JSON, not a ``marsad.analysis/1`` record, a record that does
not rebuild into an :class:`~marsad.model.Analysis`) is a :class:`~marsad.ingest.readers.Rejected` with its
file and line, and reading goes on.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from marsad.batch import PART_RE
from marsad.documents import MAX_BYTES, Record
from marsad.errors import InputError
from marsad.ingest.readers import JSONL_SUFFIXES, Rejected, _check_text, iter_json_file, iter_json_lines
from marsad.model import SCHEMA_NAME, Analysis

__all__ = ["analysis_files", "iter_analyses", "parse_analysis"]

SUFFIXES = (*sorted(JSONL_SUFFIXES), ".json")
_DOC_STRINGS = ("id", "title", "published", "source", "url", "language")


def parse_analysis(obj: Any, where: str) -> Analysis | Rejected:
    """The analysis a JSON value holds, or why it holds none. Tokens are dropped (the store keeps none)."""
    if not isinstance(obj, dict):
        return Rejected(where, f"expected a JSON object (a {SCHEMA_NAME} analysis), not {_json_type(obj)}")
    if obj.get("schema") != SCHEMA_NAME:
        hint = (" (an article? store articles without --analyses)" if "schema" not in obj and "text" in obj
                else "")
        return Rejected(where, f"not a {SCHEMA_NAME} record (schema is {obj.get('schema')!r}){hint}")
    try:
        analysis = Analysis.from_json(obj)
    except InputError as exc:
        return Rejected(where, f"broken analysis: {exc}")
    except Exception as exc:  # a field of the wrong shape or a required one missing
        return Rejected(where, f"broken analysis: {type(exc).__name__}: {exc}")
    doc = analysis.document
    if doc is None or not isinstance(doc.text, str):
        return Rejected(where, "broken analysis: its document has no text")
    wrong = [k for k in _DOC_STRINGS if not isinstance(getattr(doc, k), str | None)]
    if wrong:
        return Rejected(where, f"broken analysis: document field(s) {', '.join(wrong)} should be text")
    bad = _check_text(Record(text=doc.text, where=where))  # the rule the article readers apply
    if bad is not None:
        return bad
    analysis.tokens = []
    return analysis


def _json_type(obj: Any) -> str:
    return {list: "a list", str: "a string", bool: "true/false", type(None): "null"}.get(type(obj), "a number")


def analysis_files(paths: Sequence[str], warnings: list[str]) -> list[str | Rejected]:
    """The files to read, in order (``-``: standard input); a path with nothing to read is a Rejected. Notes
    on an unfinished or partly failed batch run go to ``warnings``."""
    out: list[str | Rejected] = []
    for path in paths:
        p = Path(path)
        if path == "-":
            out.append(path)
        elif not p.exists():
            out.append(Rejected(path, "no such file or directory"))
        elif p.is_dir():
            parts = sorted((f for f in p.iterdir() if PART_RE.match(f.name) and f.is_file()),
                           key=lambda f: int(PART_RE.match(f.name).group(1)))  # type: ignore[union-attr]
            if parts or (p / "_MANIFEST.json").exists():  # the output of marsad batch
                warnings.extend(_batch_notes(p))
                out.extend(str(f) for f in parts)
                if not parts:
                    out.append(Rejected(path, "a marsad batch output folder without part files (the run has not "
                                              "finished a partition yet)"))
                continue
            found = [
                str(f) for f in sorted(p.rglob("*"))
                if f.is_file() and f.suffix.lower() in SUFFIXES and f.name != "rejected.jsonl"
                and not f.name.endswith(".meta.json")
                and not any(part.startswith((".", "_")) for part in f.relative_to(p).parts)
            ]
            out.extend(found or [Rejected(path, "no analyses in this folder (expected the part-*.jsonl files of "
                                                "marsad batch, or .jsonl/.json files of analyses)")])
        elif p.suffix.lower() in SUFFIXES:
            out.append(path)
        else:
            out.append(Rejected(path, f"unknown kind of file ({p.suffix or 'no suffix'}); give a marsad batch "
                                      "output folder, or .jsonl/.json files of analyses"))
    return out


def _batch_notes(folder: Path) -> list[str]:
    """What the summary of a batch run says is missing from its part files."""
    try:
        data = json.loads((folder / "_SUMMARY.json").read_text("utf-8"))
    except (OSError, ValueError):
        return [f"{folder}: the batch run has not finished (no readable _SUMMARY.json); the analyses of its "
                "finished partitions are stored: finish it with `marsad batch ... --resume`, then run this again"]
    notes = []
    if not isinstance(data, dict):
        return notes
    if data.get("partitions_failed"):
        notes.append(f"{folder}: {data['partitions_failed']} partition(s) of the batch run failed and have no part "
                     "file; redo them with `marsad batch ... --resume`, then run this again to add them")
    if data.get("rejected"):
        notes.append(f"{folder}: the batch run did not analyse {data['rejected']} item(s) (see its rejected.jsonl)")
    return notes


def iter_analyses(paths: Sequence[str], warnings: list[str] | None = None) -> Iterator[tuple[str, Analysis] | Rejected]:
    """``(where, analysis)`` per analysis under ``paths`` (``where``: ``FILE, line N``), or a Rejected per
    item that is not one; see the module's documentation for what is read."""
    notes: list[str] = [] if warnings is None else warnings
    for path in analysis_files(paths, notes):
        if isinstance(path, Rejected):
            yield path
            continue
        if path == "-":
            got_iter = iter_json_lines(os.fdopen(os.dup(0), "rb"), "<stdin>")
        elif path.lower().endswith(".json"):
            got_iter = _read_json(Path(path))
        else:
            try:
                got_iter = iter_json_lines(open(path, "rb"), path)  # noqa: SIM115 (closed by iter_json_lines)
            except OSError as exc:
                yield Rejected(path, f"cannot read ({exc.strerror or exc})")
                continue
        for got in got_iter:
            if isinstance(got, Rejected):
                yield got
                continue
            where, obj = got
            analysis = parse_analysis(obj, where)
            yield analysis if isinstance(analysis, Rejected) else (where, analysis)


def _read_json(p: Path) -> Iterator[tuple[str, Any] | Rejected]:
    """One ``.json`` file: an analysis or a list of them."""
    where = str(p)
    try:
        if p.stat().st_size > MAX_BYTES:
            yield Rejected(where, f"the file is more than the {MAX_BYTES / 1e6:.0f} MB limit for one file")
            return
        data = p.read_bytes()
    except OSError as exc:
        yield Rejected(where, f"cannot read ({exc.strerror or exc})")
        return
    yield from iter_json_file(data, where)
