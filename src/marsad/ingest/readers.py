"""Readers: every input `marsad ingest` accepts, turned into records or per-item rejections.

A reader never raises for one bad item: it yields a :class:`Rejected` (where, why) and goes on.

| input | how it is read |
|---|---|
| ``*.txt`` (and files without a known suffix that are UTF-8 text) | one article; ``NAME.meta.json`` beside it gives title, published, url, source, id |
| ``*.json`` | one record, or a list of records (fields text, title, published, url, source, id, author) |
| ``*.jsonl`` / ``*.ndjson`` | one record per line, read line by line (a bad line is rejected alone) |
| ``*.html`` / ``*.htm`` | main text, title, author and date extracted with trafilatura (UTF-8, or the encoding the page declares) |
| ``*.rss`` / ``*.atom`` / ``*.xml`` (or content starting as a feed) | each entry of the feed (feedparser); HTML content is reduced to text |
| ``*.warc`` / ``*.warc.gz`` | each HTML response record (warcio), extracted like an HTML page |
| a directory | every file below it, in name order (hidden files and ``*.meta.json`` sidecars skipped) |
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from marsad.documents import MAX_BYTES, Record, decode_bytes, record_from_mapping, sidecar_path
from marsad.errors import InputError

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".text", ".md", ""}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
FEED_SUFFIXES = {".rss", ".atom", ".xml", ".rdf"}
MIN_CHARS = 20  # fewer characters of text than this is not an article


@dataclass(slots=True)
class Item:
    """A record to analyse, with the author when the source gave one."""

    record: Record
    author: str | None = None


@dataclass(slots=True)
class Rejected:
    where: str
    reason: str


def iter_inputs(paths: list[str]) -> Iterator[Item | Rejected]:
    """Items from files, folders, feeds and archives, in a stable order."""
    for path in paths:
        p = Path(path)
        if path == "-":
            yield from _read_jsonl_stream(os.fdopen(os.dup(0), "rb"), "<stdin>")
        elif not p.exists():
            yield Rejected(path, "no such file or directory")
        elif p.is_dir():
            for f in sorted(p.rglob("*")):
                rel = f.relative_to(p)
                if any(part.startswith(".") for part in rel.parts) or not f.is_file():
                    continue
                if f.name.endswith(".meta.json"):
                    continue
                yield from read_file(f)
        else:
            yield from read_file(p)


def _suffix(p: Path) -> str:
    name = p.name.lower()
    if name.endswith(".warc.gz"):
        return ".warc.gz"
    return p.suffix.lower()


def read_file(p: Path) -> Iterator[Item | Rejected]:
    where = str(p)
    suffix = _suffix(p)
    try:
        if suffix in JSONL_SUFFIXES:
            with p.open("rb") as fh:
                yield from _read_jsonl_stream(fh, where)
            return
        if suffix in (".warc", ".warc.gz"):
            yield from _read_warc(p)
            return
        size = p.stat().st_size
        if size > MAX_BYTES:
            yield Rejected(where, f"the file is {size / 1e6:.1f} MB, more than the {MAX_BYTES / 1e6:.0f} MB limit for one file")
            return
        data = p.read_bytes()
        if suffix in HTML_SUFFIXES:
            yield from _read_html(data, where)
        elif suffix in FEED_SUFFIXES or _looks_like_feed(data):
            yield from _read_feed(data, where)
        elif suffix == ".json":
            yield from _read_json(data, where)
        elif suffix in TEXT_SUFFIXES or _looks_like_text(data):
            yield from _read_text(data, p)
        elif b"\x00" in data[:8192]:
            yield Rejected(where, "a binary file (it contains NUL bytes), not an article")
        else:
            yield Rejected(where, f"unknown kind of file ({suffix}); give .txt, .json, .jsonl, .html, .rss/.atom or .warc")
    except OSError as exc:
        yield Rejected(where, f"cannot read ({exc.strerror or exc})")


def _without_where(message: str, where: str) -> str:
    """A message from :mod:`marsad.documents` without the file name it starts with (the summary shows it)."""
    for sep in (": ", ", "):
        if message.startswith(where + sep):
            return message[len(where) + len(sep) :]
    return message


def _looks_like_feed(data: bytes) -> bool:
    head = data[:600].lstrip().lower()
    return head.startswith(b"<?xml") and (b"<rss" in head or b"<feed" in head or b"<rdf" in head)


def _looks_like_text(data: bytes) -> bool:
    if b"\x00" in data[:8192]:
        return False
    try:
        data[:8192].decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > 8180  # a character cut at the end of the sample
    return True


def _check_text(rec: Record) -> Rejected | None:
    if len(rec.text.strip()) < MIN_CHARS:
        what = "empty" if not rec.text.strip() else f"too short ({len(rec.text.strip())} characters)"
        return Rejected(rec.where, f"the article's text is {what}")
    return None


def _item(rec: Record, author: str | None = None) -> Item | Rejected:
    bad = _check_text(rec)
    return bad if bad is not None else Item(rec, author)


def _read_text(data: bytes, p: Path) -> Iterator[Item | Rejected]:
    where = str(p)
    try:
        text = decode_bytes(data, where)
    except InputError as exc:
        yield Rejected(where, _without_where(str(exc), where))
        return
    rec = Record(text=text, where=where)
    meta = sidecar_path(p)
    if meta.is_file():
        try:
            obj = json.loads(decode_bytes(meta.read_bytes(), str(meta)))
            if not isinstance(obj, dict):
                raise InputError(f"{meta}: expected a JSON object of metadata")
            for key in ("title", "published", "url", "source", "id", "language"):
                if obj.get(key) is not None:
                    setattr(rec, key, str(obj[key]))
        except (InputError, json.JSONDecodeError) as exc:
            yield Rejected(where, f"its metadata file {meta.name} is broken ({exc})")
            return
    yield _item(rec)


def _mapping_item(obj: Any, where: str) -> Item | Rejected:
    try:
        rec = record_from_mapping(obj, where)
    except InputError as exc:
        return Rejected(where, str(exc).removeprefix(where + ": "))
    author = obj.get("author") if isinstance(obj.get("author"), str) else None
    return _item(rec, author)


def iter_json_file(data: bytes, where: str) -> Iterator[tuple[str, Any] | Rejected]:
    """The content of a ``.json`` file: ``(where, object)`` for one object, or for each element of a
    list (``where, record N``); a file that is not UTF-8 JSON gives one :class:`Rejected`."""
    try:
        obj = json.loads(decode_bytes(data, where))
    except InputError as exc:
        yield Rejected(where, _without_where(str(exc), where))
        return
    except json.JSONDecodeError as exc:
        yield Rejected(where, f"broken JSON at line {exc.lineno} ({exc.msg})")
        return
    if isinstance(obj, list):
        for i, o in enumerate(obj):
            yield f"{where}, record {i + 1}", o
    else:
        yield where, obj


def _read_json(data: bytes, where: str) -> Iterator[Item | Rejected]:
    for got in iter_json_file(data, where):
        yield got if isinstance(got, Rejected) else _mapping_item(got[1], got[0])


def _read_jsonl_stream(fh: Any, where: str) -> Iterator[Item | Rejected]:
    for got in iter_json_lines(fh, where):
        yield got if isinstance(got, Rejected) else _mapping_item(got[1], got[0])


def iter_json_lines(fh: Any, where: str) -> Iterator[tuple[str, Any] | Rejected]:
    """(``where, line N``, the parsed JSON value) per non-blank line of a binary file object (closed at the
    end), or a :class:`Rejected` for a line that is too long, binary, not UTF-8 or not JSON."""
    with fh:
        for lineno, raw in enumerate(fh, 1):
            loc = f"{where}, line {lineno}"
            if not raw.strip():
                continue
            if len(raw) > MAX_BYTES:
                yield Rejected(loc, f"the line is more than {MAX_BYTES / 1e6:.0f} MB")
                continue
            if b"\x00" in raw:
                yield Rejected(loc, "binary data (NUL bytes), not a JSON line")
                continue
            try:
                line = raw.decode("utf-8-sig" if lineno == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                yield Rejected(loc, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} at column {exc.start + 1})")
                continue
            try:
                obj = json.loads(line.strip())
            except json.JSONDecodeError as exc:
                yield Rejected(loc, f"broken JSON ({exc.msg} at column {exc.colno})")
                continue
            yield loc, obj


def _html_item(html: str | bytes, where: str, url: str | None = None, fallback_date: str | None = None) -> Item | Rejected:
    import trafilatura

    logging.getLogger("trafilatura").setLevel(logging.ERROR)  # its warnings would interleave with ours
    if isinstance(html, bytes):
        if b"\x00" in html[:8192]:
            return Rejected(where, "binary data (NUL bytes), not an HTML page")
        # another encoding (windows-1256 is common in Arabic sites) stays bytes: trafilatura detects it
        with contextlib.suppress(UnicodeDecodeError):
            html = html.decode("utf-8-sig")
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False)
    except Exception as exc:  # trafilatura on hostile HTML: report, move on
        return Rejected(where, f"could not parse the HTML ({type(exc).__name__}: {exc})")
    if doc is None or not (doc.text or "").strip():
        return Rejected(where, "no main text found in the HTML page")
    if doc.text.count("\ufffd") > 20:
        return Rejected(where, "the page's encoding could not be worked out (undecodable bytes in the text)")
    rec = Record(text=doc.text, where=where, title=doc.title or None, published=(doc.date or fallback_date or None),
                 url=url or doc.url or None, source=doc.sitename or doc.hostname or None)
    return _item(rec, doc.author or None)


def _read_html(data: bytes, where: str) -> Iterator[Item | Rejected]:
    yield _html_item(data, where)


def _read_feed(data: bytes, where: str) -> Iterator[Item | Rejected]:
    import feedparser

    feed = feedparser.parse(data)
    if not feed.entries:
        reason = f"not a readable RSS/Atom feed ({feed.get('bozo_exception', 'no entries')})"
        yield Rejected(where, reason)
        return
    source = feed.feed.get("title") or None
    for i, e in enumerate(feed.entries, 1):
        loc = f"{where}, entry {i}"
        body = ""
        if e.get("content"):
            body = " ".join(c.get("value", "") for c in e.content)
        body = body or e.get("summary", "") or e.get("description", "")
        text = _html_to_text(body) if "<" in body else body
        title = e.get("title") or None
        published = None
        for key in ("published_parsed", "updated_parsed"):
            if e.get(key):
                t = e[key]
                published = f"{t.tm_year:04d}-{t.tm_mon:02d}-{t.tm_mday:02d}"
                break
        rec = Record(text=text.strip(), where=loc, title=title, published=published, url=e.get("link") or None,
                     source=source, id=None)
        yield _item(rec, e.get("author") or None)


def _html_to_text(fragment: str) -> str:
    import lxml.html

    try:
        root = lxml.html.fromstring(f"<div>{fragment}</div>")
    except Exception:
        return ""
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for p in root.iter("p", "div", "li", "h1", "h2", "h3"):
        p.tail = "\n" + (p.tail or "")
    return "\n".join(line.strip() for line in root.text_content().splitlines() if line.strip())


def _read_warc(p: Path) -> Iterator[Item | Rejected]:
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    where = str(p)
    n = 0
    seen = 0
    n_html = 0
    try:
        with p.open("rb") as fh:
            for rec in ArchiveIterator(fh):
                seen += 1
                if rec.rec_type != "response":
                    continue
                n += 1
                url = rec.rec_headers.get_header("WARC-Target-URI")
                loc = f"{where}, record {n} ({url})"
                ctype = (rec.http_headers.get_header("Content-Type") or "") if rec.http_headers else ""
                if "html" not in ctype.lower():
                    continue
                status = rec.http_headers.get_statuscode() if rec.http_headers else "200"
                if status and not str(status).startswith("2"):
                    yield Rejected(loc, f"HTTP status {status}")
                    continue
                wdate = (rec.rec_headers.get_header("WARC-Date") or "")[:10] or None
                n_html += 1
                yield _html_item(rec.content_stream().read(), loc, url=url, fallback_date=wdate)
    except (ArchiveLoadFailed, OSError, ValueError, EOFError) as exc:
        yield Rejected(where, f"broken WARC archive after {n} records ({type(exc).__name__}: {exc})")
        return
    if n_html == 0:
        yield Rejected(where, f"no HTML pages in this archive ({seen} records read; is it a WARC file?)")
