"""The store's schema (SQLAlchemy Core), one definition for SQLite and PostgreSQL, and its migrations.

Migrations are numbered functions applied in order; each applied one is recorded in the
``marsad_migrations`` table (version, name, time), so opening an older store brings it up to date
and opening a current one changes nothing. Add a migration by appending to :data:`MIGRATIONS`;
never edit one that has shipped.

Tables (every article-level row carries ``article_pk`` so an article's rows go together):

- ``articles``: the article (id, url, title, published, source, text), its content hash, the full
  analysis JSON (``marsad.analysis/1``, without tokens) for the article page, the story it belongs
  to (near-duplicates share one ``story_id``), and a folded copy of title and text for search.
- ``entities``: one row per real-world entity across the corpus. KB-linked ids
  (``person:marco-rubio``, ``country:PAK``) are used as they are; document-local ones merge by type
  and normalised name into ``local:<type>:<normalised name>``.
- ``entity_roles``, ``entity_articles``: roles seen for an entity, and where it was mentioned.
- ``mentions``, ``quotes``, ``times``, ``quantities``: the per-article layers. A quote row keeps the
  quote's links to another quote of its article (``within_id``, ``repeats_id``: local ids; see
  :mod:`marsad.quotes.links`), so distinct statements can be counted from the rows alone.
- ``events``: corpus-level events (cross-article de-duplicated), ``event_reports``: each article's
  report of an event (its trigger, evidence, modality), linked to one corpus event.
- ``article_bands``: MinHash LSH buckets for near-duplicate detection; ``minhash`` signatures live
  on ``articles``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import UTC, datetime

from sqlalchemy import (
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    inspect,
    text,
)
from sqlalchemy.engine import Connection

log = logging.getLogger(__name__)

metadata = MetaData()

migrations_table = Table(
    "marsad_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(40), nullable=False),
)

articles = Table(
    "articles",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("id", String(200), nullable=False, unique=True),
    Column("identity", String(600), nullable=False, unique=True),  # "url:..." or "hash:..."
    Column("url", Text),
    Column("title", Text),
    Column("published", String(10)),
    Column("source", String(200)),
    Column("author", Text),
    Column("language", String(10)),
    Column("text", Text, nullable=False),
    Column("content_hash", String(64), nullable=False),
    Column("story_id", String(200), nullable=False),
    Column("duplicate_of", String(200)),  # the article this one was found to nearly copy
    Column("similarity", Float),
    Column("title_fold", Text, nullable=False),  # normalised + lower-cased, for search
    Column("search_text", Text, nullable=False),
    Column("analysis", Text, nullable=False),  # JSON
    Column("stages", Text),  # comma-separated names of the stages that ran
    Column("n_errors", Integer, nullable=False, default=0),
    Column("minhash", LargeBinary),
    Column("ingested_at", String(40), nullable=False),
    Column("origin", Text),  # the file (and line) it was read from
)
Index("ix_articles_published", articles.c.published)
Index("ix_articles_source", articles.c.source)
Index("ix_articles_hash", articles.c.content_hash)
Index("ix_articles_story", articles.c.story_id)

article_bands = Table(
    "article_bands",
    metadata,
    Column("band", Integer, nullable=False),
    Column("bucket", String(32), nullable=False),  # band number (2 digits) + hash of the band
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
)
Index("ix_article_bands", article_bands.c.bucket)

entities = Table(
    "entities",
    metadata,
    Column("id", String(300), primary_key=True),
    Column("type", String(40), nullable=False),
    Column("name", Text, nullable=False),
    Column("norm_name", Text, nullable=False),
    Column("name_en", Text),
    Column("kb_id", String(300)),
    Column("wikidata", String(40)),
    Column("country", String(3)),
    Column("sector", String(20)),
    Column("aliases", Text, nullable=False, default="[]"),  # JSON list of surface forms
    Column("n_articles", Integer, nullable=False, default=0),
    Column("n_mentions", Integer, nullable=False, default=0),
    Column("first_seen", String(10)),
    Column("last_seen", String(10)),
)
Index("ix_entities_norm", entities.c.norm_name)
Index("ix_entities_type", entities.c.type)

entity_roles = Table(
    "entity_roles",
    metadata,
    Column("entity_id", String(300), ForeignKey("entities.id"), nullable=False),
    Column("role_en", Text, nullable=False),
    Column("title_ar", Text),
    Column("country", String(3)),
    Column("sector", String(20)),
    Column("start", String(20)),
    Column("end", String(20)),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
    Column("published", String(10)),
)
Index("ix_entity_roles_entity", entity_roles.c.entity_id)

entity_articles = Table(
    "entity_articles",
    metadata,
    Column("entity_id", String(300), ForeignKey("entities.id"), nullable=False),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
    Column("local_id", String(300), nullable=False),  # the entity's id inside the analysis
    Column("name", Text, nullable=False),
    Column("n_mentions", Integer, nullable=False),
    Column("published", String(10)),
    UniqueConstraint("entity_id", "article_pk", "local_id", name="uq_entity_articles"),
)
Index("ix_entity_articles_entity", entity_articles.c.entity_id)
Index("ix_entity_articles_article", entity_articles.c.article_pk)

mentions = Table(
    "mentions",
    metadata,
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
    Column("local_id", String(100), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String(20), nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("source", String(20)),
    Column("confidence", Float),
    Column("entity_id", String(300)),
)
Index("ix_mentions_article", mentions.c.article_pk)
Index("ix_mentions_entity", mentions.c.entity_id)

quotes = Table(
    "quotes",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
    Column("local_id", String(100), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("fold", Text, nullable=False),  # normalised, lower-cased text for `contains`
    Column("kind", String(20), nullable=False),
    Column("sentence", Integer, nullable=False),
    Column("cue", Text),
    Column("speaker_id", String(300)),
    Column("speaker_text", Text),
    Column("attribution", String(30)),
    Column("confidence", Float),
    Column("published", String(10)),
    Column("within_id", String(100)),  # local id of the quote whose span contains this partial quote
    Column("repeats_id", String(100)),  # local id of the earlier quote this one repeats
)
Index("ix_quotes_article", quotes.c.article_pk)
Index("ix_quotes_speaker", quotes.c.speaker_id)
Index("ix_quotes_published", quotes.c.published)

times = Table(
    "times",
    metadata,
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
    Column("local_id", String(100), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("type", String(20), nullable=False),
    Column("value", String(60)),
    Column("granularity", String(20)),
    Column("resolved", Integer, nullable=False, default=0),
    Column("sentence", Integer),
)
Index("ix_times_article", times.c.article_pk)

quantities = Table(
    "quantities",
    metadata,
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
    Column("local_id", String(100), nullable=False),
    Column("start", Integer, nullable=False),
    Column("end", Integer, nullable=False),
    Column("text", Text, nullable=False),
    Column("value", Float),
    Column("unit", String(40)),
    Column("kind", String(20)),
    Column("approximate", Integer, nullable=False, default=0),
    Column("counted", Text),
    Column("sentence", Integer),
)
Index("ix_quantities_article", quantities.c.article_pk)

events = Table(
    "events",
    metadata,
    Column("id", String(60), primary_key=True),
    Column("type", String(30), nullable=False),
    Column("mode", String(40)),
    Column("cameo", String(10)),
    Column("actor_key", String(300), nullable=False),
    Column("actor_id", String(300)),
    Column("actor_text", Text),
    Column("actor_name_en", Text),
    Column("actor_country", String(3)),
    Column("actor_sector", String(20)),
    Column("recipient_key", String(300), nullable=False),
    Column("recipient_id", String(300)),
    Column("recipient_text", Text),
    Column("recipient_name_en", Text),
    Column("recipient_country", String(3)),
    Column("recipient_sector", String(20)),
    Column("place_id", String(300)),
    Column("place_text", Text),
    Column("date", String(20)),  # ISO value at its granularity (2025-10-25, 2025-10, 2025)
    Column("date_granularity", String(20)),
    Column("date_start", String(10), nullable=False),  # first and last day the date covers
    Column("date_end", String(10), nullable=False),
    Column("date_source", String(20), nullable=False),  # "text" or "published"
    Column("score", Float),  # PLOVER cooperation-conflict score (see marsad.store.scores)
    Column("summary_en", Text),
    Column("n_reports", Integer, nullable=False, default=1),
    Column("first_reported", String(10)),
)
Index("ix_events_match", events.c.type, events.c.actor_key, events.c.recipient_key)
Index("ix_events_actor", events.c.actor_id)
Index("ix_events_recipient", events.c.recipient_id)
Index("ix_events_actor_country", events.c.actor_country)
Index("ix_events_recipient_country", events.c.recipient_country)
Index("ix_events_date", events.c.date_start)

event_reports = Table(
    "event_reports",
    metadata,
    Column("event_id", String(60), ForeignKey("events.id"), nullable=False),
    Column("article_pk", Integer, ForeignKey("articles.pk"), nullable=False),
    Column("local_id", String(100), nullable=False),
    Column("sentence", Integer),
    Column("trigger", Text),
    Column("evidence", Text),
    Column("evidence_start", Integer),
    Column("evidence_end", Integer),
    Column("modality", String(30)),
    Column("confidence", Float),
    Column("speaker_id", String(300)),
    Column("published", String(10)),
    Column("data", Text, nullable=False),  # the event as the analysis gave it (JSON)
)
Index("ix_event_reports_event", event_reports.c.event_id)
Index("ix_event_reports_article", event_reports.c.article_pk)


# --- migrations ------------------------------------------------------------------------------------


def _m1_initial(conn: Connection) -> None:
    metadata.create_all(conn)
    if conn.dialect.name == "sqlite":
        # Contentless trigram index: substring matching (Arabic clitics: و+ال+كلمة) with an index.
        conn.execute(text("CREATE VIRTUAL TABLE articles_fts USING fts5(search_text, content='', tokenize='trigram')"))
    elif conn.dialect.name == "postgresql":
        try:
            with conn.begin_nested():
                conn.execute(text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
                conn.execute(
                    text("CREATE INDEX ix_articles_search_trgm ON articles USING gin (search_text gin_trgm_ops)")
                )
        except Exception as exc:  # no pg_trgm (or no right to create it): LIKE still works, unindexed
            log.warning("pg_trgm is not available (%s); full-text search will scan the articles", exc)


def _m2_quote_links(conn: Connection) -> None:
    """Quote links (within, repeats). A store created by migration 1 from today's tables has the
    columns already; one created before they existed gets them here. Its quote rows keep NULL (every
    quote counted as a distinct statement) until their article is analysed and stored again."""
    have = {c["name"] for c in inspect(conn).get_columns("quotes")}
    for name in ("within_id", "repeats_id"):
        if name not in have:
            conn.execute(text(f"ALTER TABLE quotes ADD COLUMN {name} VARCHAR(100)"))


MIGRATIONS: list[tuple[int, str, Callable[[Connection], None]]] = [
    (1, "initial schema", _m1_initial),
    (2, "quote links: within_id, repeats_id", _m2_quote_links),
]

SCHEMA_VERSION = MIGRATIONS[-1][0]


def migrate(conn: Connection) -> list[int]:
    """Apply the migrations this database lacks, in order; return the versions applied."""
    migrations_table.create(conn, checkfirst=True)
    done = {row[0] for row in conn.execute(migrations_table.select().with_only_columns(migrations_table.c.version))}
    applied = []
    for version, name, fn in MIGRATIONS:
        if version in done:
            continue
        log.info("store: applying migration %d (%s)", version, name)
        fn(conn)
        conn.execute(
            migrations_table.insert().values(
                version=version, name=name, applied_at=datetime.now(UTC).isoformat(timespec="seconds")
            )
        )
        applied.append(version)
    return applied
