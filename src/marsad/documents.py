"""Making Documents from what users give: raw text, records, files. Every error names its source."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.errors import InputError
from marsad.model import Document, Span

MAX_BYTES = 20 * 1024 * 1024  # one article larger than this is surely not an article
RECORD_FIELDS = ("text", "title", "published", "url", "source", "id", "language")


def content_id(text: str) -> str:
    """A stable id from the content: the same text always gets the same id."""
    return "doc-" + hashlib.sha1(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def make_document(
    text: str,
    *,
    published: str | None = None,
    title: str | None = None,
    doc_id: str | None = None,
    source: str | None = None,
    url: str | None = None,
    language: str = "ar",
    title_first_line: bool = False,
) -> Document:
    """Build a Document; with ``title_first_line`` the first non-blank line is the headline.

    The text is kept exactly as given (the headline stays in it; ``title_span`` says where).
    """
    if not isinstance(text, str):
        raise InputError(f"text must be a string, not {type(text).__name__}")
    title_span = None
    if title and not title_first_line:
        # A title that is also the text's first line (a headline kept in the text) gets its span.
        first = text.lstrip()
        title_first_line = first.startswith(title.strip()) and first[len(title.strip()) :][:1] in ("", "\n", "\r")
    if title_first_line:
        stripped_start = len(text) - len(text.lstrip())
        line_end = text.find("\n", stripped_start)
        line_end = len(text) if line_end < 0 else line_end
        head = text[stripped_start:line_end].rstrip()
        if head:
            title_span = Span(stripped_start, stripped_start + len(head), head)
            title = title or head
    return Document(
        id=doc_id or content_id(text),
        text=text,
        title=title,
        published=published,
        source=source,
        url=url,
        language=language,
        title_span=title_span,
    )


def decode_bytes(data: bytes, where: str) -> str:
    """Decode UTF-8 (with or without BOM); refuse binary data and other encodings clearly."""
    if not data.strip():
        raise InputError(f"{where}: the input is empty")
    if b"\x00" in data[:8192]:
        raise InputError(f"{where}: this looks like a binary file (it contains NUL bytes), not UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"{where}, line {line}: not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start}); "
            "convert the file to UTF-8 first, e.g. iconv -f cp1256 -t utf-8"
        ) from exc
    return text


@dataclass(slots=True)
class Record:
    """One article read from a file, before analysis."""

    text: str
    where: str  # file (and line) it came from, for error messages
    title: str | None = None
    published: str | None = None
    url: str | None = None
    source: str | None = None
    id: str | None = None
    language: str = "ar"


def record_from_mapping(obj: Any, where: str) -> Record:
    if not isinstance(obj, dict):
        raise InputError(f"{where}: expected a JSON object with a 'text' field, got {type(obj).__name__}")
    text = obj.get("text")
    if not isinstance(text, str):
        raise InputError(f"{where}: the record has no 'text' string field")
    if not text.strip():
        raise InputError(f"{where}: the record's text is empty")
    for key in ("title", "published", "url", "source", "id", "language"):
        if obj.get(key) is not None and not isinstance(obj[key], (str, int)):
            raise InputError(f"{where}: field {key!r} must be a string")
    return Record(
        text=text,
        where=where,
        title=_opt_str(obj.get("title")),
        published=_opt_str(obj.get("published")),
        url=_opt_str(obj.get("url")),
        source=_opt_str(obj.get("source")),
        id=_opt_str(obj.get("id")),
        language=_opt_str(obj.get("language")) or "ar",
    )


def _opt_str(v: Any) -> str | None:
    return None if v is None else str(v)


def read_path(path: str, *, max_bytes: int = MAX_BYTES) -> Iterator[Record]:
    """Read articles from a path ('-' is standard input): .txt, .json (one record) or .jsonl.

    Raises InputError with the file (and line) for anything that cannot be read. For .jsonl, a bad
    line raises too; batch readers that must go on use :func:`iter_jsonl` with ``errors``.
    """
    import sys

    if path == "-":
        data = sys.stdin.buffer.read(max_bytes + 1)
        where = "<stdin>"
        suffix = ""
    else:
        p = Path(path)
        if not p.exists():
            raise InputError(f"{path}: no such file")
        if p.is_dir():
            raise InputError(f"{path}: is a directory; give a file (or use `marsad ingest` for folders)")
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"{path}: the file is {size / 1e6:.1f} MB, more than the {max_bytes / 1e6:.0f} MB limit for one "
                "article; split it, or give a .jsonl file with one article per line"
            )
        try:
            data = p.read_bytes()
        except OSError as exc:
            raise InputError(f"{path}: cannot read ({exc.strerror})") from exc
        where = path
        suffix = p.suffix.lower()
    if len(data) > max_bytes and suffix != ".jsonl":
        raise InputError(f"{where}: more than {max_bytes / 1e6:.0f} MB of input for one article")
    text = decode_bytes(data, where)
    if suffix == ".jsonl":
        yield from iter_jsonl(text, where)
    elif suffix == ".json" or (suffix == "" and text.lstrip().startswith("{")):
        try:
            obj = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"{where}, line {exc.lineno}: broken JSON ({exc.msg})") from exc
        yield record_from_mapping(obj, where)
    else:
        rec = Record(text=text, where=where)
        if path != "-":
            _apply_sidecar(rec, Path(path))
        yield rec


def sidecar_path(path: Path) -> Path:
    """``article.ar.txt`` -> ``article.ar.meta.json`` (the metadata file beside a text file)."""
    return path.with_name(path.name[: -len(path.suffix)] + ".meta.json") if path.suffix else path.with_name(
        path.name + ".meta.json"
    )


def _apply_sidecar(rec: Record, path: Path) -> None:
    """Fill a text file's record from ``NAME.meta.json`` beside it, when there is one."""
    meta_path = sidecar_path(path)
    if not meta_path.is_file():
        return
    where = str(meta_path)
    try:
        meta = json.loads(decode_bytes(meta_path.read_bytes(), where))
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}, line {exc.lineno}: broken JSON ({exc.msg})") from exc
    if not isinstance(meta, dict):
        raise InputError(f"{where}: expected a JSON object of metadata")
    for key in ("title", "published", "url", "source", "id", "language"):
        if meta.get(key) is not None:
            setattr(rec, key, str(meta[key]))


def iter_jsonl(text: str, where: str, errors: list[str] | None = None) -> Iterator[Record]:
    """Records from JSON lines. With ``errors`` given, bad lines are reported there and skipped."""
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        loc = f"{where}, line {lineno}"
        try:
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(f"{loc}: broken JSON ({exc.msg})") from exc
            yield record_from_mapping(obj, loc)
        except InputError as exc:
            if errors is None:
                raise
            errors.append(str(exc))


def is_probably_text(path: str | os.PathLike[str]) -> bool:
    return Path(path).suffix.lower() in {".txt", ".text", ".md", ""}
