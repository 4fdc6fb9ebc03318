"""The same queries give the same results on SQLite and PostgreSQL (every field, every order)."""

from __future__ import annotations

from typing import Any

import pytest

from marsad.store import Store
from tests.store.corpus import corpus

pytestmark = pytest.mark.postgres

QUERIES: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("stats", (), {}),
    ("articles", (), {"limit": 10}),
    ("articles", (), {"since": "2025-10-27"}),
    ("article", ("a1",), {}),
    ("article", ("a2",), {}),
    ("search", ("باكستان",), {}),
    ("search", ("الخارجيّة",), {"limit": 2, "offset": 1}),
    ("search", ('"وزير الخارجية"',), {}),
    ("search", ("في",), {}),
    ("search", ("خان المفاوضات",), {}),
    ("search", ("50%_x",), {}),  # LIKE wildcards in the query are literal characters
    ("quotes", (), {"contains": "%"}),
    ("entity", ("person:marco-rubio",), {}),
    ("entity", ("احمد خان",), {"by": "week"}),
    ("entities", (), {"limit": 50}),
    ("entities", ("خان",), {}),
    ("quotes", (), {}),
    ("quotes", (), {"speaker": "Marco Rubio"}),
    ("quotes", (), {"contains": "الزيارة"}),
    ("events", (), {}),
    ("events", (), {"actor": "USA", "recipient": "PAK"}),
    ("events", (), {"type": "ASSAULT"}),
    ("events", (), {"since": "2025-10-26", "until": "2025-11-30"}),
    ("relations", ("USA", "PAK"), {"by": "month"}),
    ("relations", ("PAK", "AFG"), {"by": "week"}),
    ("timeline", ("person:marco-rubio",), {}),
    ("timeline", ("a1",), {}),
]


def _strip(value: Any) -> Any:
    """Drop what differs by nature between two stores: ingestion times and the backend's name."""
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in ("ingested_at", "backend")}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


@pytest.fixture(scope="module")
def both(pg_server, tmp_path_factory):
    stores = [Store.open(str(tmp_path_factory.mktemp("parity") / "p.db")), Store.open(pg_server.new_database())]
    for s in stores:
        for a in corpus():
            s.ingest_analysis(a)
    yield stores
    for s in stores:
        s.close()


@pytest.mark.parametrize(("method", "args", "kwargs"), QUERIES, ids=[f"{q[0]}-{i}" for i, q in enumerate(QUERIES)])
def test_same_results_on_sqlite_and_postgres(both, method, args, kwargs):
    lite, pg = both
    a = _strip(getattr(lite, method)(*args, **kwargs))
    b = _strip(getattr(pg, method)(*args, **kwargs))
    assert a == b
    assert a not in (None, [], {})


def test_exports_are_identical(both):
    lite, pg = both
    for name in ("iter_events", "iter_event_reports", "iter_quotes", "iter_entities"):
        assert list(getattr(lite, name)()) == list(getattr(pg, name)()), name
