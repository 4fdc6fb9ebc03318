"""The corpus store: analysed articles in SQLite (default, one file) or PostgreSQL, one query layer.

>>> store = Store.open("marsad.db")                  # or "postgresql://user@host/db"
>>> store.ingest_analysis(analysis)                 # {"status": "ingested", "id": ..., "story_id": ...}
>>> store.search("وزير الخارجية", limit=10)          # {"total": n, "items": [...]}
>>> store.entity("person:marco-rubio")              # profile: roles, mentions over time, quotes, events
>>> store.relations("USA", "PAK", by="month")        # counts and PLOVER-score sums per period

Every query returns plain dicts and lists (JSON-ready). Paged queries return
``{"total": int, "limit": int, "offset": int, "items": [...]}``; single-object queries return a dict,
or None when nothing has that id. Dates are ISO strings (``YYYY-MM-DD``). The schema and its
migrations are in :mod:`marsad.store.schema`; the PLOVER scores in :mod:`marsad.store.scores`.

Search is Arabic-normalised substring search: title and text are stored normalised
(:func:`marsad.text.normalize`: hamza forms, alef maqsura, taa marbuta, tashkeel, digits) and
lower-cased, and so is the query, so ``الخارجيّة`` finds ``الخارجية`` and ``السعودية`` finds
``والسعودية``. Words of the query must all occur (AND); ``"quoted phrases"`` match as a whole. SQLite
uses an FTS5 trigram index, PostgreSQL a pg_trgm index; both give the same results and the same
ranking (occurrences of the terms, title counted three times, per length of the article).

One writer at a time: :meth:`Store.ingest_analysis` is meant to be called from one process (the
ingest command runs the NLP in parallel and writes from the main process).
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import logging
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import and_, bindparam, create_engine, event, func, or_, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import InterfaceError, OperationalError

from marsad.errors import InputError
from marsad.events.plover import HAPPENED
from marsad.model import SCHEMA_NAME, Analysis
from marsad.store import dedup, schema
from marsad.store.schema import (
    article_bands,
    articles,
    entities,
    entity_articles,
    entity_roles,
    event_reports,
    events,
    mentions,
    quantities,
    quotes,
    times,
)
from marsad.store.scores import plover_score
from marsad.text import normalize, normalize_word

log = logging.getLogger(__name__)

__all__ = ["DB_ENV", "DEFAULT_DB", "Store", "default_db", "fold", "period_of"]

DEFAULT_DB = "marsad.db"
DB_ENV = "MARSAD_DB"
EVENT_WINDOW_DAYS = 1  # two reports of one event may date it up to this many days apart
GRANULARITY_RANK = {"day": 0, "week": 1, "month": 2, "quarter": 3, "year": 4}


def default_db() -> str:
    """The store to use when none is given: ``$MARSAD_DB``, else ``marsad.db``."""
    return os.environ.get(DB_ENV) or DEFAULT_DB


def fold(value: str | None) -> str:
    """The search form of a text: Arabic-normalised and lower-cased, character for character."""
    if not value:
        return ""
    norm = normalize_word(value) if len(value) < 120 else normalize(value).text  # same text; short ones cached
    low = norm.lower()
    if len(low) != len(norm):  # a few characters lower-case to two; keep offsets one-to-one
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in norm)
    return low


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def content_hash(text_: str) -> str:
    return hashlib.sha256(text_.encode("utf-8", "surrogatepass")).hexdigest()


def identity_of(url: str | None, text_: str) -> str:
    """What makes two articles the same article: the URL when there is one, else the content."""
    if url and url.strip():
        return "url:" + url.strip()
    return "hash:" + content_hash(text_)


def _sqlite_engine(url: str, *, immediate: bool) -> Engine:
    """A SQLite engine in WAL mode. ``immediate``: transactions start with BEGIN IMMEDIATE, so two writers
    (an ingest and the web server) queue for the write lock (up to a minute) instead of failing."""
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 60})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_conn: Any, _rec: Any) -> None:
        if immediate:
            dbapi_conn.isolation_level = None  # the driver leaves BEGIN to us
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    if immediate:
        @event.listens_for(engine, "begin")
        def _begin(conn: Any) -> None:
            conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


def _engine_url(url: str) -> str:
    if "://" not in url:
        return "sqlite:///" + os.path.abspath(url) if url != ":memory:" else "sqlite://"
    if url.startswith(("postgresql://", "postgres://")):
        return "postgresql+psycopg://" + url.split("://", 1)[1]
    return url


# --- fast plain form of the model (the same result as Analysis.to_json, several times faster) ----

_FIELDS: dict[type, tuple[str, ...]] = {}


_SCALARS = (str, int, float, bool, type(None))


def _plain(value: Any) -> Any:
    cls = type(value)
    if cls in _SCALARS:
        return value
    if cls is list:
        return [_plain(v) for v in value]
    names = _FIELDS.get(cls)
    if names is None:
        if not dataclasses.is_dataclass(value):
            return {k: _plain(v) for k, v in value.items()} if isinstance(value, dict) else value
        names = _FIELDS[cls] = tuple(f.name for f in dataclasses.fields(value))
    return {n: _plain(getattr(value, n)) for n in names}


def analysis_json(analysis: Analysis) -> dict[str, Any]:
    """``analysis.to_json(tokens=False)``, faster (the store serialises every article)."""
    out: dict[str, Any] = {"schema": SCHEMA_NAME}
    for name in _analysis_fields():
        out[name] = _plain(getattr(analysis, name))
    return out


def _json_default(value: Any) -> Any:
    names = _FIELDS.get(type(value))
    if names is None:
        if not dataclasses.is_dataclass(value):
            raise TypeError(f"{type(value).__name__} is not JSON serialisable")
        names = _FIELDS[type(value)] = tuple(f.name for f in dataclasses.fields(value))
    return {n: getattr(value, n) for n in names}


def dumps_model(value: Any) -> str:
    """JSON text of a model object (dataclasses, lists, scalars), as ``json.dumps(to_plain(value))``."""
    return json.dumps(value, default=_json_default, ensure_ascii=False)


def analysis_text(analysis: Analysis) -> str:
    """The JSON text of ``analysis.to_json(tokens=False)`` (the JSON encoder walks the dataclasses)."""
    return dumps_model({"schema": SCHEMA_NAME, **{n: getattr(analysis, n) for n in _analysis_fields()}})


@functools.cache
def _analysis_fields() -> tuple[str, ...]:
    return tuple(f.name for f in dataclasses.fields(Analysis) if f.name not in ("scratch", "tokens"))


# --- dates -------------------------------------------------------------------------------------


def date_interval(value: str | None, granularity: str | None = None) -> tuple[str, str, str] | None:
    """``(first day, last day, granularity)`` covered by an ISO date value, or None when it is not
    a calendar date (durations, sets, times of day without a date)."""
    if not value:
        return None
    v = value.strip()
    try:
        if m := re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})(?:T.*)?", v):
            d = date(int(m[1]), int(m[2]), int(m[3]))
            return d.isoformat(), d.isoformat(), "day"
        if m := re.fullmatch(r"(\d{4})-W(\d{2})", v):
            d = date.fromisocalendar(int(m[1]), int(m[2]), 1)
            return d.isoformat(), (d + timedelta(days=6)).isoformat(), "week"
        if m := re.fullmatch(r"(\d{4})-(\d{2})", v):
            y, mo = int(m[1]), int(m[2])
            first = date(y, mo, 1)
            nxt = date(y + (mo == 12), mo % 12 + 1, 1)
            return first.isoformat(), (nxt - timedelta(days=1)).isoformat(), "month"
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", v):
            y, q = int(m[1]), int(m[2])
            first = date(y, 3 * q - 2, 1)
            nxt = date(y + (q == 4), (3 * q) % 12 + 1, 1)
            return first.isoformat(), (nxt - timedelta(days=1)).isoformat(), "quarter"
        if m := re.fullmatch(r"(\d{4})", v):
            return f"{m[1]}-01-01", f"{m[1]}-12-31", "year"
    except ValueError:
        return None
    return None


def period_of(day: str | None, by: str) -> str | None:
    """The period label of an ISO day: ``2025-10`` (month), ``2025-W43`` (ISO week), ``2025-10-26`` (day),
    ``2025`` (year)."""
    if not day:
        return None
    try:
        d = date.fromisoformat(day[:10])
    except ValueError:
        return None
    if by == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if by == "week":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"
    if by == "year":
        return f"{d.year:04d}"
    if by == "day":
        return d.isoformat()
    raise InputError(f"unknown period {by!r}; use day, week, month or year")


def _check_date(value: str | None, what: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        return date.fromisoformat(str(value)[:10]).isoformat()
    except ValueError as exc:
        raise InputError(f"{what} {value!r} is not a date in the form YYYY-MM-DD (for example 2025-10-26)") from exc


def _like_escape(s: str) -> str:
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def parse_query(q: str) -> list[str]:
    """Search terms of a query: quoted phrases and single words, folded, without repeats."""
    terms: list[str] = []
    for m in re.finditer(r'"([^"]+)"|(\S+)', q or ""):
        term = fold((m.group(1) or m.group(2)).strip())
        term = " ".join(term.split())
        if term and term not in terms:
            terms.append(term)
    return terms


# --- the store ---------------------------------------------------------------------------------



def _kb_name(kb_id: str | None) -> str | None:
    """The KB's canonical Arabic name of an entry (its first Arabic name), None when it has none."""
    if not kb_id:
        return None
    from marsad.kb import default_kb

    entry = default_kb().get(kb_id)
    return entry.names_ar[0] if entry is not None and entry.names_ar else None

class Store:
    """A corpus of analysed articles. Open with :meth:`open`; close with :meth:`close` (or ``with``)."""

    def __init__(self, engine: Engine, *, url: str = "", writer: Engine | None = None) -> None:
        self.engine = engine  # reads
        self.writer = writer or engine  # writes (SQLite: transactions that take the write lock up front)
        self.url = url
        self.dialect = engine.dialect.name
        self.event_window_days = EVENT_WINDOW_DAYS
        self._before_commit: Any = None  # testing aid (see marsad.ingest.KILL_ENV)
        self._bulk_sql: dict[tuple[str, tuple[str, ...]], str] = {}
        mark = "?" if self.dialect == "sqlite" else "%s"
        self._event_match_sql = (
            "SELECT id, date_start, date_granularity, date_source, n_reports FROM events "
            f"WHERE type = {mark} AND actor_key = {mark} AND recipient_key = {mark} AND date_start <= {mark} "
            f"AND date_end >= {mark} AND date_granularity IS NOT NULL"  # an undated event spans every date
        )
        with self.writer.begin() as conn:
            schema.migrate(conn)

    # -- opening ---------------------------------------------------------------------------------

    @classmethod
    def open(cls, url: str | None = None) -> Store:
        """Open (creating if needed) the store at ``url``: a file path or ``sqlite:///path`` for SQLite,
        ``postgresql://user:password@host/db`` for PostgreSQL. Default: :func:`default_db`."""
        url = url or default_db()
        eng_url = _engine_url(url)
        if eng_url.startswith("sqlite"):
            path = eng_url[len("sqlite:///") :]
            if path and os.path.isdir(path):
                raise InputError(f"{url}: is a directory; give the path of the store file, e.g. marsad.db")
            if path:
                engine = _sqlite_engine(eng_url, immediate=False)
                writer = _sqlite_engine(eng_url, immediate=True)
            else:  # in memory: one connection shared by all, reads and writes alike
                from sqlalchemy.pool import StaticPool

                engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
                writer = None
        elif eng_url.startswith("postgresql"):
            writer = None
            try:
                engine = create_engine(eng_url, pool_pre_ping=True)
            except ModuleNotFoundError as exc:
                raise InputError(
                    "PostgreSQL needs the psycopg driver: pip install 'marsad[postgres]'"
                ) from exc
        else:
            raise InputError(f"{url}: unsupported store URL; give a file path, sqlite:///PATH or postgresql://...")
        try:
            return cls(engine, url=url, writer=writer)
        except OperationalError as exc:
            raise InputError(f"cannot open the store {url}: {exc.orig}") from exc

    def close(self) -> None:
        self.engine.dispose()
        if self.writer is not self.engine:
            self.writer.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _c(self, col: Any) -> Any:
        """A text column ordered byte-wise on both backends (PostgreSQL's locale collation differs)."""
        return col.collate("C") if self.dialect == "postgresql" else col

    # -- writing ---------------------------------------------------------------------------------

    def has_identity(self, identity: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(articles.c.pk).where(articles.c.identity == identity)).first() is not None

    def known_identities(self, identities: Iterable[str]) -> set[str]:
        """Which of these identities (see :func:`identity_of`) the store already holds."""
        wanted = list(dict.fromkeys(identities))
        found: set[str] = set()
        with self.engine.connect() as conn:
            for i in range(0, len(wanted), 500):
                chunk = wanted[i : i + 500]
                found.update(r[0] for r in conn.execute(select(articles.c.identity).where(articles.c.identity.in_(chunk))))
        return found

    def ingest_analysis(
        self,
        analysis: Analysis | dict[str, Any],
        *,
        origin: str | None = None,
        author: str | None = None,
        minhash: bytes | None = None,
    ) -> dict[str, Any]:
        """Store one analysed article, in one transaction. Returns ``{"status": "ingested" | "duplicate",
        "id", "story_id", "duplicate_of", "similarity"}``. An article the store already holds (same URL,
        or same text when it has no URL) changes nothing (status ``duplicate``). ``minhash`` is the
        article's :func:`marsad.store.dedup.signature` when the caller computed it already.
        Raises InputError for an article with an empty text (nothing is written)."""
        res = self.ingest_many([(analysis, {"origin": origin, "author": author, "minhash": minhash})])[0]
        if res["status"] == "rejected":
            raise InputError(res["reason"])
        return res

    def ingest_many(self, items: list[tuple[Analysis | dict[str, Any], dict[str, Any]]]) -> list[dict[str, Any]]:
        """Store several analysed articles in one transaction (faster than one by one); each item is
        ``(analysis, {"origin", "author", "minhash", "folded"})`` (``folded``: :func:`fold` of the text, when the
        caller has it). Results as :meth:`ingest_analysis`, in order; an
        unusable article gets ``{"status": "rejected", "reason"}`` and the others are stored. Should one
        article fail unexpectedly, the batch is retried one article per transaction, so only that one fails."""
        prepared: list[tuple[int, Analysis, dict[str, Any]]] = []
        results: list[dict[str, Any] | None] = [None] * len(items)
        for i, (analysis, kw) in enumerate(items):
            if isinstance(analysis, dict):
                try:
                    analysis = Analysis.from_json(analysis)
                except InputError as exc:
                    results[i] = {"status": "rejected", "reason": str(exc)}
                    continue
            doc = analysis.document
            if not doc.text or not doc.text.strip():
                results[i] = {"status": "rejected", "reason": f"article {doc.id}: the text is empty"}
                continue
            prepared.append((i, analysis, kw))
        try:
            with self.writer.begin() as conn:
                for i, analysis, kw in prepared:
                    results[i] = self._ingest_one(conn, analysis, **kw)
        except (OperationalError, InterfaceError):
            raise
        except Exception:
            log.warning("store: a batch of %d articles failed; storing them one by one", len(prepared))
            for i, analysis, kw in prepared:
                try:
                    with self.writer.begin() as conn:
                        results[i] = self._ingest_one(conn, analysis, **kw)
                except (OperationalError, InterfaceError):
                    raise  # the database itself is in trouble (locked, full, gone): stop, do not skip
                except Exception as exc:
                    log.exception("store: article %s could not be stored", analysis.document.id)
                    results[i] = {"status": "rejected", "reason": f"could not store: {type(exc).__name__}: {exc}"}
        return [r if r is not None else {"status": "rejected", "reason": "not processed"} for r in results]

    def _ingest_one(self, conn: Connection, analysis: Analysis, *, origin: str | None = None,
                    author: str | None = None, minhash: bytes | None = None, folded: str | None = None) -> dict[str, Any]:
        doc = analysis.document
        identity = identity_of(doc.url, doc.text)
        if folded is None or len(folded) != len(doc.text):
            folded = fold(doc.text)
        if minhash is None:
            minhash = dedup.signature(folded)
        wanted = (doc.id or ("doc-" + content_hash(doc.text)[:16]))[:180]
        taken = False
        for r in conn.execute(select(articles.c.id, articles.c.identity, articles.c.story_id)
                              .where(or_(articles.c.identity == identity, articles.c.id == wanted))):
            if r.identity == identity:
                return {"status": "duplicate", "id": r.id, "story_id": r.story_id, "duplicate_of": r.id,
                        "similarity": 1.0}
            taken = True
        art_id = wanted if not taken else self._free_id(conn, wanted, identity)
        story_id, dup_of, sim = art_id, None, None
        bucket_rows = dedup.bands(minhash) if minhash else []
        if minhash:
            near = self._nearest(conn, minhash, bucket_rows)
            if near is not None:
                dup_of, story_id, sim = near
        own_id = doc.id
        doc.id = art_id  # stored under the store's id (the same unless another article had taken it)
        try:
            stored_json = analysis_text(analysis)
        finally:
            doc.id = own_id
        published = doc.published
        title_fold = fold(doc.title)
        row = {
            "id": art_id,
            "identity": identity,
            "url": doc.url,
            "title": doc.title,
            "published": published,
            "source": doc.source,
            "author": author,
            "language": doc.language,
            "text": doc.text,
            "content_hash": content_hash(doc.text),
            "story_id": story_id,
            "duplicate_of": dup_of,
            "similarity": sim,
            "title_fold": title_fold,
            "search_text": title_fold + "\n" + folded if doc.title else folded,
            "analysis": stored_json,
            "stages": ",".join(analysis.stages),
            "n_errors": len(analysis.errors),
            "minhash": minhash,
            "ingested_at": _now(),
            "origin": origin,
        }
        pk = conn.execute(articles.insert(), row).inserted_primary_key[0]
        if self.dialect == "sqlite":
            conn.execute(text("INSERT INTO articles_fts(rowid, search_text) VALUES (:pk, :t)"),
                         {"pk": pk, "t": row["search_text"]})
        if bucket_rows:
            self._bulk(conn, article_bands, [{"band": b, "bucket": k, "article_pk": pk} for b, k in bucket_rows])
        ent_map = self._write_entities(conn, analysis, pk, published)
        self._write_layers(conn, analysis, pk, published, ent_map)
        self._write_events(conn, analysis, pk, art_id, published, ent_map)
        if self._before_commit is not None:
            self._before_commit()
        return {"status": "ingested", "id": art_id, "story_id": story_id, "duplicate_of": dup_of, "similarity": sim}

    def _bulk(self, conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
        """Insert many rows through the driver's executemany (SQLAlchemy's per-row parameter handling
        costs more than the insert itself here). Every row has the same keys."""
        if not rows:
            return
        cols = list(rows[0])
        key = (table.name, tuple(cols))
        sql = self._bulk_sql.get(key)
        if sql is None:
            mark = "?" if self.dialect == "sqlite" else "%s"
            sql = self._bulk_sql[key] = (
                f'INSERT INTO {table.name} ({", ".join(chr(34) + c + chr(34) for c in cols)}) '
                f'VALUES ({", ".join([mark] * len(cols))})'
            )
        conn.exec_driver_sql(sql, [tuple(r[c] for c in cols) for r in rows])

    def _free_id(self, conn: Connection, wanted: str, identity: str) -> str:
        """The article id: the document's own id unless another article took it already."""
        wanted = wanted[:180]
        if conn.execute(select(articles.c.pk).where(articles.c.id == wanted)).first() is None:
            return wanted
        return f"{wanted}-{hashlib.sha1(identity.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"

    def _nearest(self, conn: Connection, sig: bytes, bucket_rows: list[tuple[int, str]]) -> tuple[str, str, float] | None:
        keys = [k for _, k in bucket_rows]
        cand = sorted({r[0] for r in conn.execute(select(article_bands.c.article_pk).where(article_bands.c.bucket.in_(keys)))})
        best = None
        for i in range(0, len(cand), 500):
            rows = conn.execute(
                select(articles.c.id, articles.c.story_id, articles.c.minhash).where(articles.c.pk.in_(cand[i : i + 500]))
            )
            for r in rows:
                sim = dedup.similarity(sig, r.minhash) if r.minhash else 0.0
                if sim >= dedup.THRESHOLD and (best is None or (sim, r.id) > (best[2], best[0])):
                    best = (r.id, r.story_id, sim)
        return best

    @staticmethod
    def entity_key(ent_id: str, ent_type: str, name: str) -> str:
        """The store id of an analysis entity: its KB id, or ``local:<type>:<normalised name>``."""
        if not ent_id.startswith("local:"):
            return ent_id
        return f"local:{ent_type.lower()}:{'-'.join(fold(name).split())}"[:300]

    def _write_entities(self, conn: Connection, analysis: Analysis, pk: int, published: str | None) -> dict[str, str]:
        ent_map: dict[str, str] = {}
        per_store: dict[str, list[Any]] = defaultdict(list)
        for ent in analysis.entities:
            sid = self.entity_key(ent.id, ent.type, ent.name)
            ent_map[ent.id] = sid
            per_store[sid].append(ent)
        ea_rows: list[dict[str, Any]] = []
        role_rows: list[dict[str, Any]] = []
        new_rows: list[dict[str, Any]] = []
        updates: list[dict[str, Any]] = []
        existing = {}
        ids = sorted(per_store)
        for i in range(0, len(ids), 500):
            for row in conn.execute(select(entities).where(entities.c.id.in_(ids[i : i + 500]))):
                existing[row.id] = row
        for sid, ents in per_store.items():
            first = ents[0]
            n_mentions = sum(len(e.mentions) for e in ents)
            aliases = sorted({a for e in ents for a in (e.aliases or [e.name])})
            row = existing.get(sid)
            # a KB entity is shown by the KB's Arabic name, whatever words one article wrapped around it
            # (ماركو روبيو الكوبي), so a later article cannot rename it; others keep their first name
            name = _kb_name(first.kb_id) or first.name
            if row is None:
                new_rows.append(dict(
                    id=sid, type=first.type, name=name, norm_name=fold(name), name_en=first.name_en,
                    kb_id=first.kb_id, wikidata=first.wikidata, country=first.country, sector=first.sector,
                    aliases=json.dumps(aliases[:50], ensure_ascii=False), n_articles=1, n_mentions=n_mentions,
                    first_seen=published, last_seen=published,
                ))
            else:
                old_aliases = json.loads(row.aliases or "[]")
                merged = old_aliases + [a for a in aliases if a not in old_aliases]
                first_seen = min(x for x in (row.first_seen, published) if x) if (row.first_seen or published) else None
                last_seen = max(x for x in (row.last_seen, published) if x) if (row.last_seen or published) else None
                upd = {"_id": sid, "n_articles": row.n_articles + 1, "n_mentions": row.n_mentions + n_mentions,
                       "aliases": json.dumps(merged[:50], ensure_ascii=False), "first_seen": first_seen,
                       "last_seen": last_seen}
                for col in ("name_en", "kb_id", "wikidata", "country", "sector"):
                    upd[col] = getattr(row, col) if getattr(row, col) is not None else getattr(first, col)
                kb_name = _kb_name(upd["kb_id"])
                upd["name"] = kb_name or row.name  # a store written before KB names were kept is put right
                upd["norm_name"] = fold(upd["name"])
                updates.append(upd)
            for e in ents:
                ea_rows.append({"entity_id": sid, "article_pk": pk, "local_id": e.id, "name": e.name,
                                "n_mentions": len(e.mentions), "published": published})
                for r in e.roles:
                    role_rows.append({"entity_id": sid, "role_en": r.role_en, "title_ar": r.title_ar, "country": r.country,
                                      "sector": r.sector, "start": r.start, "end": r.end, "article_pk": pk,
                                      "published": published})
        if new_rows:
            self._bulk(conn, entities, new_rows)
        if updates:
            cols = ("n_articles", "n_mentions", "aliases", "first_seen", "last_seen", "name_en", "kb_id", "wikidata",
                    "country", "sector", "name", "norm_name")
            conn.execute(
                entities.update().where(entities.c.id == bindparam("_id")).values({c: bindparam(c) for c in cols}),
                updates,
            )
        if ea_rows:
            self._bulk(conn, entity_articles, ea_rows)
        if role_rows:
            self._bulk(conn, entity_roles, role_rows)
        return ent_map

    def _write_layers(self, conn: Connection, a: Analysis, pk: int, published: str | None, ent_map: dict[str, str]) -> None:
        if a.mentions:
            self._bulk(conn, mentions, [
                {"article_pk": pk, "local_id": m.id, "start": m.start, "end": m.end, "text": m.text, "type": m.type,
                 "sentence": m.sentence, "source": m.source, "confidence": m.confidence,
                 "entity_id": ent_map.get(m.entity) if m.entity else None}
                for m in a.mentions
            ])
        if a.quotes:
            self._bulk(conn, quotes, [
                {"article_pk": pk, "local_id": q.id, "start": q.start, "end": q.end, "text": q.text, "fold": fold(q.text),
                 "kind": q.kind, "sentence": q.sentence, "cue": q.cue.text if q.cue else None,
                 "speaker_id": ent_map.get(q.speaker) if q.speaker else None, "speaker_text": q.speaker_text,
                 "attribution": q.attribution, "confidence": q.confidence, "published": published,
                 "within_id": q.within, "repeats_id": q.repeats}
                for q in a.quotes
            ])
        if a.times:
            self._bulk(conn, times, [
                {"article_pk": pk, "local_id": t.id, "start": t.start, "end": t.end, "text": t.text, "type": t.type,
                 "value": t.value, "granularity": t.granularity, "resolved": int(bool(t.resolved)), "sentence": t.sentence}
                for t in a.times
            ])
        if a.quantities:
            self._bulk(conn, quantities, [
                {"article_pk": pk, "local_id": q.id, "start": q.start, "end": q.end, "text": q.text, "value": q.value,
                 "unit": q.unit, "kind": q.kind, "approximate": int(bool(q.approximate)), "counted": q.counted,
                 "sentence": q.sentence}
                for q in a.quantities
            ])

    @staticmethod
    def _actor_fields(actor: Any, ent_map: dict[str, str], prefix: str) -> dict[str, Any]:
        if actor is None:
            return {f"{prefix}_key": "-", f"{prefix}_id": None, f"{prefix}_text": None, f"{prefix}_name_en": None,
                    f"{prefix}_country": None, f"{prefix}_sector": None}
        sid = ent_map.get(actor.entity) if actor.entity else None
        if sid is None and actor.entity and not actor.entity.startswith("local:"):
            sid = actor.entity
        if sid:
            key = sid
        elif actor.members:
            key = "group:" + "+".join(sorted(ent_map.get(m, m) for m in actor.members))
        elif actor.country:
            key = f"country:{actor.country}"
        else:
            key = "text:" + " ".join(fold(actor.text).split()) if actor.text else "-"
        return {f"{prefix}_key": key[:300], f"{prefix}_id": sid, f"{prefix}_text": actor.text,
                f"{prefix}_name_en": actor.name_en, f"{prefix}_country": actor.country, f"{prefix}_sector": actor.sector}

    def _write_events(self, conn: Connection, a: Analysis, pk: int, art_id: str, published: str | None,
                      ent_map: dict[str, str]) -> None:
        window = timedelta(days=self.event_window_days)
        reports: list[dict[str, Any]] = []
        for ev in a.events:
            if ev.modality not in HAPPENED:
                # negated and hypothetical events stay in the article's analysis, but they did not
                # happen: corpus events, relations and timelines count only what did (as PLOVER does)
                continue
            fields: dict[str, Any] = {}
            fields.update(self._actor_fields(ev.actor, ent_map, "actor"))
            fields.update(self._actor_fields(ev.recipient, ent_map, "recipient"))
            interval = date_interval(ev.date, ev.date_granularity)
            # an event dated only by the publication (the events stage says so) ranks below a stated date
            source = "published" if getattr(ev, "date_source", None) == "publication" else "text"
            if interval is None:
                # an event the events stage left undated (background, مؤخرا) is not dated by its article:
                # it stays out of dated series rather than credit the publication month
                interval, source = ("0000-01-01", "9999-12-31", "unknown"), "unknown"
            d_start, d_end, gran = interval
            match_id = None
            if (fields["actor_key"] != "-" or fields["recipient_key"] != "-") and gran != "unknown":
                lo = (date.fromisoformat(d_start) - window).isoformat()
                hi = (date.fromisoformat(d_end) + window).isoformat()
                cands = conn.exec_driver_sql(
                    self._event_match_sql, (ev.type, fields["actor_key"], fields["recipient_key"], hi, lo)
                ).all()
                if cands:
                    mine = date.fromisoformat(d_start)
                    best = min(cands, key=lambda r, mine=mine: (
                        abs((date.fromisoformat(r.date_start) - mine).days), -r.n_reports, r.id))
                    match_id = best.id
                    values: dict[str, Any] = {"n_reports": best.n_reports + 1}
                    finer = GRANULARITY_RANK.get(gran, 9) < GRANULARITY_RANK.get(best.date_granularity or "", 9)
                    better_source = source == "text" and best.date_source != "text"
                    if (source == "text" or best.date_source != "text") and (finer or better_source):
                        values.update(date=ev.date or d_start, date_granularity=gran,
                                      date_start=d_start, date_end=d_end, date_source=source)
                    conn.execute(events.update().where(events.c.id == match_id).values(**values))
            if match_id is None:
                match_id = "ev-" + hashlib.sha1(f"{art_id}\x00{ev.id}".encode("utf-8", "surrogatepass")).hexdigest()[:16]
                self._bulk(conn, events, [dict(
                    id=match_id, type=ev.type, mode=ev.mode, cameo=ev.cameo,
                    place_id=ent_map.get(ev.place.entity) if ev.place and ev.place.entity else None,
                    place_text=ev.place.text if ev.place else None,
                    date=(ev.date or d_start) if gran != "unknown" else None,
                    date_granularity=gran if gran != "unknown" else None, date_start=d_start, date_end=d_end,
                    date_source=source, score=plover_score(ev.type, ev.mode), summary_en=ev.summary_en, n_reports=1,
                    first_reported=published, **fields,
                )])
            reports.append(dict(
                event_id=match_id, article_pk=pk, local_id=ev.id, sentence=ev.sentence,
                trigger=ev.trigger.text if ev.trigger else None, evidence=ev.evidence.text if ev.evidence else None,
                evidence_start=ev.evidence.start if ev.evidence else None,
                evidence_end=ev.evidence.end if ev.evidence else None, modality=ev.modality, confidence=ev.confidence,
                speaker_id=ent_map.get(ev.speaker) if ev.speaker else None, published=published,
                data=dumps_model(ev),
            ))
        self._bulk(conn, event_reports, reports)

    # -- articles --------------------------------------------------------------------------------

    _ARTICLE_COLS = ("id", "url", "title", "published", "source", "author", "story_id", "duplicate_of", "similarity",
                     "stages", "n_errors", "ingested_at")

    def _article_row(self, r: Any) -> dict[str, Any]:
        return {k: getattr(r, k) for k in self._ARTICLE_COLS}

    def article(self, article_id: str) -> dict[str, Any] | None:
        """One article: its metadata, ``text``, the full ``analysis`` (JSON dict, ``marsad.analysis/1``),
        ``story`` (the other articles of its near-duplicate story) and ``events`` (the corpus events its
        reports were linked to, with their report counts). None when no article has that id."""
        with self.engine.connect() as conn:
            r = conn.execute(select(articles).where(articles.c.id == article_id)).first()
            if r is None:
                return None
            out = self._article_row(r)
            out["text"] = r.text
            out["analysis"] = json.loads(r.analysis)
            story = conn.execute(
                select(*[articles.c[k] for k in self._ARTICLE_COLS])
                .where(articles.c.story_id == r.story_id, articles.c.id != r.id)
                .order_by(func.coalesce(articles.c.published, ""), self._c(articles.c.id))
            ).all()
            out["story"] = [self._article_row(s) for s in story]
            evs = conn.execute(
                select(events, event_reports.c.local_id.label("local_id"))
                .join(event_reports, event_reports.c.event_id == events.c.id)
                .where(event_reports.c.article_pk == r.pk)
                .order_by(self._c(event_reports.c.local_id))
            ).all()
            out["events"] = [self._event_row(e) | {"local_id": e.local_id} for e in evs]
        return out

    def analysis(self, article_id: str) -> Analysis | None:
        """The stored analysis of an article as a :class:`marsad.model.Analysis` (without tokens)."""
        with self.engine.connect() as conn:
            r = conn.execute(select(articles.c.analysis).where(articles.c.id == article_id)).first()
        return Analysis.from_json(json.loads(r.analysis)) if r is not None else None

    def articles(
        self,
        limit: int = 20,
        offset: int = 0,
        *,
        source: str | None = None,
        since: str | None = None,
        until: str | None = None,
        story: str | None = None,
    ) -> dict[str, Any]:
        """Articles, newest first (by publication date, then id), optionally of one source, a date range
        or one story."""
        conds = []
        if source:
            conds.append(articles.c.source == source)
        if since := _check_date(since, "--since"):
            conds.append(articles.c.published >= since)
        if until := _check_date(until, "--until"):
            conds.append(articles.c.published <= until)
        if story:
            conds.append(articles.c.story_id == story)
        cols = [articles.c[k] for k in self._ARTICLE_COLS]
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(articles).where(*conds)).scalar_one()
            rows = conn.execute(
                select(*cols).where(*conds)
                .order_by(func.coalesce(articles.c.published, "").desc(), self._c(articles.c.id))
                .limit(limit).offset(offset)
            ).all()
        return {"total": total, "limit": limit, "offset": offset, "items": [self._article_row(r) for r in rows]}

    def stats(self) -> dict[str, Any]:
        """Counts of what the store holds."""
        with self.engine.connect() as conn:
            def n(t: Any) -> int:
                return conn.execute(select(func.count()).select_from(t)).scalar_one()

            stories = conn.execute(select(func.count(func.distinct(articles.c.story_id)))).scalar_one()
            return {"articles": n(articles), "stories": stories, "entities": n(entities), "mentions": n(mentions),
                    "quotes": n(quotes), "events": n(events), "event_reports": n(event_reports), "times": n(times),
                    "quantities": n(quantities), "schema_version": schema.SCHEMA_VERSION, "backend": self.dialect}

    # -- search ----------------------------------------------------------------------------------

    def search(
        self,
        q: str,
        limit: int = 20,
        offset: int = 0,
        *,
        since: str | None = None,
        until: str | None = None,
        source: str | None = None,
    ) -> dict[str, Any]:
        """Full-text search (Arabic-normalised; all words must occur; "phrases" in quotes). Items have the
        article's metadata, ``score`` (higher is better), ``snippet`` (original text around the first hit)
        and ``highlights`` (``[start, end]`` pairs inside the snippet)."""
        terms = parse_query(q)
        if not terms:
            raise InputError("the search query is empty; give one or more words, e.g. marsad search \"وزير الخارجية\"")
        params: dict[str, Any] = {}
        where = []
        fts_terms = [t for t in terms if len(t) >= 3] if self.dialect == "sqlite" else []
        if fts_terms:
            params["match"] = " AND ".join('"' + t.replace('"', '""') + '"' for t in fts_terms)
            where.append("a.pk IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH :match)")
        for i, t in enumerate(terms):
            params[f"t{i}"] = t
            if t not in fts_terms:
                params[f"l{i}"] = "%" + _like_escape(t) + "%"
                where.append(f"a.search_text LIKE :l{i} ESCAPE '\\'")
        if since := _check_date(since, "--since"):
            where.append("a.published >= :since")
            params["since"] = since
        if until := _check_date(until, "--until"):
            where.append("a.published <= :until")
            params["until"] = until
        if source:
            where.append("a.source = :source")
            params["source"] = source
        occ = " + ".join(
            f"3 * ((length(a.title_fold) - length(replace(a.title_fold, :t{i}, ''))) / length(:t{i}))"
            f" + ((length(a.search_text) - length(replace(a.search_text, :t{i}, ''))) / length(:t{i}))"
            for i in range(len(terms))
        )
        cond = " AND ".join(where)
        collate = ' COLLATE "C"' if self.dialect == "postgresql" else ""
        sql = (
            f"SELECT a.pk, a.id, (({occ}) * 1000000) / (length(a.search_text) + 500) AS score FROM articles a "
            f"WHERE {cond} ORDER BY score DESC, coalesce(a.published, '') DESC, a.id{collate} LIMIT :limit OFFSET :offset"
        )
        params.update(limit=limit, offset=offset)
        with self.engine.connect() as conn:
            total = conn.execute(text(f"SELECT count(*) FROM articles a WHERE {cond}"), params).scalar_one()
            hits = conn.execute(text(sql), params).all()
            rows = {r.id: r for r in conn.execute(select(articles).where(articles.c.pk.in_([h.pk for h in hits])))}
        items = []
        for h in hits:
            r = rows[h.id]
            item = self._article_row(r)
            item["score"] = int(h.score)
            item["snippet"], item["highlights"] = snippet(r.text, terms, title=r.title)
            items.append(item)
        return {"total": total, "limit": limit, "offset": offset, "query": q, "terms": terms, "items": items}

    # -- entities --------------------------------------------------------------------------------

    @staticmethod
    def _entity_row(r: Any) -> dict[str, Any]:
        return {"id": r.id, "type": r.type, "name": r.name, "name_en": r.name_en, "kb_id": r.kb_id,
                "wikidata": r.wikidata, "country": r.country, "sector": r.sector,
                "aliases": json.loads(r.aliases or "[]"), "n_articles": r.n_articles, "n_mentions": r.n_mentions,
                "first_seen": r.first_seen, "last_seen": r.last_seen}

    def resolve_entity(self, name_or_id: str) -> dict[str, Any] | None:
        """The entity with this id, else the one whose name (or alias, or English name) matches, preferring
        exact normalised matches and then the most mentioned."""
        key = (name_or_id or "").strip()
        if not key:
            return None
        with self.engine.connect() as conn:
            r = conn.execute(select(entities).where(entities.c.id == key)).first()
            if r is None and re.fullmatch(r"[A-Z]{3}", key):
                r = conn.execute(select(entities).where(entities.c.id == f"country:{key}")).first()
            if r is None:
                f = " ".join(fold(key).split())
                order = (entities.c.n_mentions.desc(), self._c(entities.c.id))
                r = conn.execute(select(entities).where(entities.c.norm_name == f).order_by(*order).limit(1)).first()
                if r is None:
                    r = conn.execute(
                        select(entities).where(func.lower(entities.c.name_en) == key.lower()).order_by(*order).limit(1)
                    ).first()
                if r is None:
                    pat = "%" + _like_escape(f) + "%"
                    r = conn.execute(
                        select(entities).where(or_(entities.c.norm_name.like(pat, escape="\\"),
                                                   func.lower(entities.c.name_en).like(pat, escape="\\")))
                        .order_by(*order).limit(1)
                    ).first()
        return self._entity_row(r) if r is not None else None

    def entity(self, name_or_id: str, *, by: str = "month", limit: int = 50) -> dict[str, Any] | None:
        """An entity's profile: the entity, ``roles`` (distinct, with how many articles state them),
        ``mentions_over_time`` (per ``by`` period: mentions and articles), ``quotes`` it said and ``events``
        it took part in (newest first, at most ``limit`` each), and ``articles`` (the latest ones)."""
        ent = self.resolve_entity(name_or_id)
        if ent is None:
            return None
        eid = ent["id"]
        with self.engine.connect() as conn:
            roles = conn.execute(
                select(entity_roles.c.role_en, entity_roles.c.title_ar, entity_roles.c.country, entity_roles.c.sector,
                       func.count().label("n"), func.min(entity_roles.c.published).label("first_seen"),
                       func.max(entity_roles.c.published).label("last_seen"))
                .where(entity_roles.c.entity_id == eid)
                .group_by(entity_roles.c.role_en, entity_roles.c.title_ar, entity_roles.c.country, entity_roles.c.sector)
            ).all()
            ent["roles"] = sorted(
                ({"role_en": r.role_en, "title_ar": r.title_ar, "country": r.country, "sector": r.sector,
                  "n_articles": r.n, "first_seen": r.first_seen, "last_seen": r.last_seen} for r in roles),
                key=lambda x: (-x["n_articles"], x["role_en"] or "", x["title_ar"] or "", x["country"] or ""),
            )
            per: dict[str, dict[str, int]] = defaultdict(lambda: {"mentions": 0, "articles": 0})
            for r in conn.execute(
                select(entity_articles.c.published, entity_articles.c.article_pk, entity_articles.c.n_mentions)
                .where(entity_articles.c.entity_id == eid)
            ):
                p = period_of(r.published, by) or "unknown"
                per[p]["mentions"] += r.n_mentions
                per[p]["articles"] += 1
            ent["mentions_over_time"] = [{"period": p, **v} for p, v in sorted(per.items())]
            ent["by"] = by
            ent["quotes"] = self.quotes(speaker=eid, limit=limit)["items"]
            ent["events"] = self.events(actor=eid, either=True, limit=limit)["items"]
            arts = conn.execute(
                select(*[articles.c[k] for k in self._ARTICLE_COLS])
                .where(articles.c.pk.in_(select(entity_articles.c.article_pk).where(entity_articles.c.entity_id == eid)))
                .order_by(func.coalesce(articles.c.published, "").desc(), self._c(articles.c.id)).limit(limit)
            ).all()
            ent["articles"] = [self._article_row(a) for a in arts]
        return ent

    def entities(
        self,
        q: str | None = None,
        *,
        type: str | None = None,
        country: str | None = None,
        limit: int = 20,
        offset: int = 0,
    ) -> dict[str, Any]:
        """Entities, most mentioned first; ``q`` filters by (normalised) name, alias or English name."""
        conds = []
        if q:
            pat = "%" + _like_escape(" ".join(fold(q).split())) + "%"
            conds.append(or_(entities.c.norm_name.like(pat, escape="\\"), func.lower(entities.c.name_en).like(pat, escape="\\"),
                             entities.c.id == q))
        if type:
            conds.append(entities.c.type == type.upper())
        if country:
            conds.append(entities.c.country == country.upper())
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(entities).where(*conds)).scalar_one()
            rows = conn.execute(
                select(entities).where(*conds)
                .order_by(entities.c.n_mentions.desc(), entities.c.n_articles.desc(), self._c(entities.c.id))
                .limit(limit).offset(offset)
            ).all()
        return {"total": total, "limit": limit, "offset": offset, "items": [self._entity_row(r) for r in rows]}

    # -- quotes ----------------------------------------------------------------------------------

    def quotes(
        self,
        speaker: str | None = None,
        contains: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
        distinct: bool = False,
    ) -> dict[str, Any]:
        """Quotes, newest first. ``speaker``: an entity id or name (resolved like ``entity``), or text the
        speaker was written as; ``contains``: words that must all occur in the quote (normalised). Each
        item's ``within``/``repeats`` is the ``local_id`` of the quote of the same article whose statement
        it belongs to (None for a distinct statement; see :mod:`marsad.quotes.links`). ``distinct``: only
        distinct statements (no partial quote inside another, no repeat), what an analyst counts."""
        conds = []
        if distinct:
            conds += [quotes.c.within_id.is_(None), quotes.c.repeats_id.is_(None)]
        speaker_entity = None
        if speaker:
            speaker_entity = self.resolve_entity(speaker)
            if speaker_entity is not None:
                conds.append(quotes.c.speaker_id == speaker_entity["id"])
            else:
                conds.append(quotes.c.speaker_text.like("%" + _like_escape(speaker) + "%", escape="\\"))
        for t in parse_query(contains or ""):
            conds.append(quotes.c.fold.like("%" + _like_escape(t) + "%", escape="\\"))
        if since := _check_date(since, "--since"):
            conds.append(quotes.c.published >= since)
        if until := _check_date(until, "--until"):
            conds.append(quotes.c.published <= until)
        j = quotes.join(articles, articles.c.pk == quotes.c.article_pk)
        cols = [quotes, articles.c.id.label("article_id"), articles.c.title.label("article_title"),
                articles.c.url.label("article_url"), articles.c.source.label("article_source")]
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(j).where(*conds)).scalar_one()
            rows = conn.execute(
                select(*cols).select_from(j).where(*conds)
                .order_by(func.coalesce(quotes.c.published, "").desc(), self._c(articles.c.id), quotes.c.start)
                .limit(limit).offset(offset)
            ).all()
            names = self._names(conn, {r.speaker_id for r in rows if r.speaker_id})
        items = [
            {"article_id": r.article_id, "local_id": r.local_id, "text": r.text, "kind": r.kind, "start": r.start,
             "end": r.end, "cue": r.cue, "speaker_id": r.speaker_id, "speaker_name": names.get(r.speaker_id, (None, None))[0],
             "speaker_name_en": names.get(r.speaker_id, (None, None))[1], "speaker_text": r.speaker_text,
             "attribution": r.attribution, "confidence": r.confidence, "published": r.published,
             "within": r.within_id, "repeats": r.repeats_id,
             "article_title": r.article_title, "article_url": r.article_url, "source": r.article_source}
            for r in rows
        ]
        return {"total": total, "limit": limit, "offset": offset, "speaker": speaker_entity, "items": items}

    def _names(self, conn: Connection, ids: set[str]) -> dict[str, tuple[str, str | None]]:
        if not ids:
            return {}
        return {r.id: (r.name, r.name_en) for r in conn.execute(
            select(entities.c.id, entities.c.name, entities.c.name_en).where(entities.c.id.in_(sorted(ids))))}

    # -- events ----------------------------------------------------------------------------------

    def _party(self, who: str) -> tuple[set[str], str | None, str]:
        """An actor filter: (entity ids, country code, label). ``who`` is an ISO alpha-3 country code,
        an entity id or a name."""
        who = who.strip()
        if re.fullmatch(r"[A-Z]{3}", who):
            return {f"country:{who}"}, who, who
        if who.startswith("country:") and re.fullmatch(r"country:[A-Z]{3}", who):
            return {who}, who[8:], who
        ent = self.resolve_entity(who)
        if ent is None:
            raise InputError(f"no entity matches {who!r}; try `marsad entity {who}` or an ISO country code such as PAK")
        if ent["type"] == "COUNTRY" and ent["id"].startswith("country:"):
            return {ent["id"]}, ent["id"][8:], ent["id"]
        return {ent["id"]}, None, ent["id"]

    @staticmethod
    def _party_cond(side: str, ids: set[str], country: str | None) -> Any:
        col_id = events.c[f"{side}_id"]
        conds = [col_id.in_(sorted(ids)), events.c[f"{side}_key"].in_(sorted(ids))]
        if country:
            conds.append(events.c[f"{side}_country"] == country)
        return or_(*conds)

    def _event_row(self, r: Any) -> dict[str, Any]:
        keys = ("id", "type", "mode", "cameo", "actor_id", "actor_text", "actor_name_en", "actor_country",
                "actor_sector", "recipient_id", "recipient_text", "recipient_name_en", "recipient_country",
                "recipient_sector", "place_id", "place_text", "date", "date_granularity", "date_start", "date_end",
                "date_source", "score", "summary_en", "n_reports", "first_reported")
        return {k: getattr(r, k) for k in keys}

    def events(
        self,
        actor: str | None = None,
        recipient: str | None = None,
        type: str | None = None,
        since: str | None = None,
        until: str | None = None,
        limit: int = 50,
        offset: int = 0,
        *,
        either: bool = False,
        reports: bool = True,
    ) -> dict[str, Any]:
        """Corpus events (each one real event, with all the articles that reported it under ``reports``),
        newest first. ``actor``/``recipient``: ISO country code, entity id or name; ``type``: PLOVER type;
        ``since``/``until`` compare with the event's date (the period it covers overlaps the range).
        ``either=True`` matches ``actor`` on either side."""
        conds = []
        if actor:
            ids, cc, _ = self._party(actor)
            c = self._party_cond("actor", ids, cc)
            conds.append(or_(c, self._party_cond("recipient", ids, cc)) if either else c)
        if recipient:
            ids, cc, _ = self._party(recipient)
            conds.append(self._party_cond("recipient", ids, cc))
        if type:
            conds.append(events.c.type == type.upper())
        if since := _check_date(since, "--since"):
            conds.append(events.c.date_end >= since)
        if until := _check_date(until, "--until"):
            conds.append(events.c.date_start <= until)
        if since or until:
            conds.append(events.c.date_granularity.is_not(None))  # an undated event is in no date range
        with self.engine.connect() as conn:
            total = conn.execute(select(func.count()).select_from(events).where(*conds)).scalar_one()
            rows = conn.execute(
                select(events).where(*conds)
                .order_by(events.c.date_start.desc(), events.c.n_reports.desc(), self._c(events.c.id))
                .limit(limit).offset(offset)
            ).all()
            items = [self._event_row(r) for r in rows]
            if reports and items:
                reps = self._reports(conn, [i["id"] for i in items])
                for i in items:
                    i["reports"] = reps.get(i["id"], [])
        return {"total": total, "limit": limit, "offset": offset, "items": items}

    def _reports(self, conn: Connection, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
        out: dict[str, list[dict[str, Any]]] = defaultdict(list)
        rows = conn.execute(
            select(event_reports.c.event_id, event_reports.c.local_id, event_reports.c.trigger, event_reports.c.evidence,
                   event_reports.c.modality, event_reports.c.confidence, event_reports.c.published,
                   articles.c.id.label("article_id"), articles.c.title, articles.c.url, articles.c.source)
            .join(articles, articles.c.pk == event_reports.c.article_pk)
            .where(event_reports.c.event_id.in_(event_ids))
            .order_by(func.coalesce(event_reports.c.published, ""), self._c(articles.c.id), self._c(event_reports.c.local_id))
        )
        for r in rows:
            out[r.event_id].append({"article_id": r.article_id, "local_id": r.local_id, "title": r.title, "url": r.url,
                                    "source": r.source, "published": r.published, "trigger": r.trigger,
                                    "evidence": r.evidence, "modality": r.modality, "confidence": r.confidence})
        return out

    def event(self, event_id: str) -> dict[str, Any] | None:
        """One corpus event with its reports."""
        with self.engine.connect() as conn:
            r = conn.execute(select(events).where(events.c.id == event_id)).first()
            if r is None:
                return None
            out = self._event_row(r)
            out["reports"] = self._reports(conn, [event_id]).get(event_id, [])
        return out

    def relations(self, a: str, b: str, by: str = "month") -> dict[str, Any]:
        """What ``a`` and ``b`` (ISO country codes, entity ids or names) did to each other, per period
        (``day``, ``week``, ``month``, ``year``): event counts and sums of PLOVER cooperation-conflict scores
        (see :mod:`marsad.store.scores`), each way and in all; ``types`` counts events per PLOVER type.
        Each event is dated by the first day it covers."""
        period_of("2000-01-01", by)  # validate `by` early
        ids_a, cc_a, label_a = self._party(a)
        ids_b, cc_b, label_b = self._party(b)
        a_to_b = and_(self._party_cond("actor", ids_a, cc_a), self._party_cond("recipient", ids_b, cc_b))
        b_to_a = and_(self._party_cond("actor", ids_b, cc_b), self._party_cond("recipient", ids_a, cc_a))
        series: dict[str, dict[str, Any]] = {}
        totals = {"count": 0, "score": 0.0, "a_to_b": 0, "b_to_a": 0, "score_a_to_b": 0.0, "score_b_to_a": 0.0}
        types: Counter[str] = Counter()
        with self.engine.connect() as conn:
            for direction, cond in (("a_to_b", a_to_b), ("b_to_a", b_to_a)):
                for r in conn.execute(select(events.c.id, events.c.type, events.c.score, events.c.date_start).where(cond)):
                    if r.date_start.startswith(("0000", "9999")):
                        p = "unknown"
                    else:
                        p = period_of(r.date_start, by) or "unknown"
                    s = series.setdefault(p, {"period": p, "count": 0, "score": 0.0, "a_to_b": 0, "b_to_a": 0,
                                              "score_a_to_b": 0.0, "score_b_to_a": 0.0})
                    sc = r.score or 0.0
                    for bucket in (s, totals):
                        bucket["count"] += 1
                        bucket["score"] += sc
                        bucket[direction] += 1
                        bucket["score_" + direction] += sc
                    types[r.type] += 1
        for s in [*series.values(), totals]:
            for k in ("score", "score_a_to_b", "score_b_to_a"):
                s[k] = round(s[k], 3)
        return {"a": label_a, "b": label_b, "by": by, "series": [series[k] for k in sorted(series)], "total": totals,
                "types": dict(sorted(types.items(), key=lambda kv: (-kv[1], kv[0])))}

    # -- timelines -------------------------------------------------------------------------------

    def timeline(self, ident: str, limit: int = 500) -> dict[str, Any] | None:
        """A chronology. For an entity (id or name): the events it took part in and the quotes it said,
        oldest first (``kind`` event or quote). For an event id: its reports in publication order. For an
        article or story id: the articles of the story. None when nothing matches."""
        if ident.startswith("ev-"):
            ev = self.event(ident)
            if ev is not None:
                items = [{**r, "kind": "report", "date": r["published"]} for r in ev["reports"]]
                return {"kind": "event", "event": {k: v for k, v in ev.items() if k != "reports"}, "items": items}
        with self.engine.connect() as conn:
            story = conn.execute(select(articles.c.story_id).where(
                or_(articles.c.id == ident, articles.c.story_id == ident))).first()
        if story is not None and not self._is_entity_id(ident):
            res = self.articles(limit=limit, story=story.story_id)
            items = sorted(({**i, "kind": "article", "date": i["published"]} for i in res["items"]),
                           key=lambda x: (x["date"] or "", x["id"]))
            return {"kind": "story", "story_id": story.story_id, "items": items}
        ent = self.resolve_entity(ident)
        if ent is None:
            return None
        items: list[dict[str, Any]] = []
        for e in self.events(actor=ent["id"], either=True, limit=limit)["items"]:
            items.append({**e, "kind": "event", "date": e["date"] or e["date_start"], "sort": e["date_start"]})
        for q in self.quotes(speaker=ent["id"], limit=limit)["items"]:
            items.append({**q, "quote_kind": q["kind"], "kind": "quote", "date": q["published"], "sort": q["published"] or ""})
        items.sort(key=lambda x: (x["sort"] or "", x["kind"], x.get("id") or x.get("article_id") or "", x.get("local_id") or ""))
        for i in items:
            i.pop("sort", None)
        return {"kind": "entity", "entity": {k: ent[k] for k in ("id", "type", "name", "name_en", "country")},
                "items": items}

    def _is_entity_id(self, ident: str) -> bool:
        with self.engine.connect() as conn:
            return conn.execute(select(entities.c.id).where(entities.c.id == ident)).first() is not None

    # -- exports ---------------------------------------------------------------------------------

    def iter_event_reports(self) -> Iterator[dict[str, Any]]:
        """Every event report as the analysis gave it (``event``: the model's plain form), with its corpus
        event id, the article's metadata and the corpus event's score, in a stable order."""
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(event_reports.c.event_id, event_reports.c.data, events.c.score, events.c.n_reports,
                       articles.c.id.label("article_id"), articles.c.url, articles.c.title, articles.c.published,
                       articles.c.source)
                .join(events, events.c.id == event_reports.c.event_id)
                .join(articles, articles.c.pk == event_reports.c.article_pk)
                .order_by(self._c(event_reports.c.event_id), self._c(articles.c.id), self._c(event_reports.c.local_id))
            )
            for r in rows:
                yield {"event_id": r.event_id, "event": json.loads(r.data), "score": r.score, "n_reports": r.n_reports,
                       "article_id": r.article_id, "url": r.url, "title": r.title, "published": r.published,
                       "source": r.source}

    def iter_events(self) -> Iterator[dict[str, Any]]:
        """Every corpus event (flat row, with ``report_articles``: the ids of the articles that report it)."""
        with self.engine.connect() as conn:
            reps: dict[str, list[str]] = defaultdict(list)
            for r in conn.execute(
                select(event_reports.c.event_id, articles.c.id).join(articles, articles.c.pk == event_reports.c.article_pk)
                .order_by(self._c(articles.c.id))
            ):
                reps[r.event_id].append(r.id)
            for r in conn.execute(select(events).order_by(events.c.date_start, self._c(events.c.id))):
                yield self._event_row(r) | {"report_articles": ";".join(dict.fromkeys(reps.get(r.id, [])))}

    def iter_quotes(self) -> Iterator[dict[str, Any]]:
        offset, page = 0, 1000
        while True:
            items = self.quotes(limit=page, offset=offset)["items"]
            yield from items
            if len(items) < page:
                return
            offset += page

    def iter_entities(self) -> Iterator[dict[str, Any]]:
        offset, page = 0, 1000
        while True:
            items = self.entities(limit=page, offset=offset)["items"]
            for i in items:
                yield i | {"aliases": "|".join(i["aliases"])}
            if len(items) < page:
                return
            offset += page


def snippet(original: str, terms: list[str], *, title: str | None = None, width: int = 90) -> tuple[str, list[list[int]]]:
    """The original text around the first occurrence of a search term, and where the terms are in it."""
    norm = normalize(original)
    low = fold(original)
    hits = []
    for t in terms:
        start = 0
        while (i := low.find(t, start)) >= 0:
            hits.append(norm.to_original(i, i + len(t)))
            start = i + len(t)
    if not hits:
        head = original[: 2 * width].strip()
        return head + ("…" if len(original) > 2 * width else ""), []
    hits.sort()
    s0 = hits[0][0]
    lo = max(0, s0 - width)
    hi = min(len(original), s0 + width)
    # widen to word boundaries
    while lo > 0 and not original[lo - 1].isspace():
        lo -= 1
    while hi < len(original) and not original[hi].isspace():
        hi += 1
    piece = original[lo:hi]
    prefix = "…" if lo > 0 else ""
    lead = len(prefix)
    marks = [[s - lo + lead, e - lo + lead] for s, e in hits if s >= lo and e <= hi]
    text_ = prefix + piece.replace("\n", " ") + ("…" if hi < len(original) else "")
    return text_, marks
