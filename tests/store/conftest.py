"""Store fixtures: a fresh SQLite store per test, and one on a throwaway PostgreSQL server."""

from __future__ import annotations

import pytest

from tests.store import pgserver


@pytest.fixture(scope="session")
def pg_server():
    why = pgserver.unavailable()
    if why:
        pytest.skip(f"PostgreSQL tests skipped: {why}")
    try:
        server = pgserver.PgServer().start()
    except Exception as exc:  # a broken install: say so, do not fail the whole suite
        pytest.skip(f"PostgreSQL tests skipped: could not start a throwaway server ({exc})")
    yield server
    server.stop()


@pytest.fixture
def pg_url(pg_server):
    return pg_server.new_database()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def store(request, tmp_path):
    """An empty store on each backend."""
    from marsad.store import Store

    url = str(tmp_path / "test.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    s = Store.open(url)
    yield s
    s.close()
