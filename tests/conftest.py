"""Shared fixtures. Reference data lives in ../shared (never in the repo); tests that need it skip
with a clear message where it is absent (a user's machine)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CANONICAL = SHARED / "examples" / "rubio-pakistan.ar.txt"
EXAMPLES = ROOT / "examples"


def need_shared(rel: str) -> Path:
    """Path of a file under ../shared, or skip the test when it is absent."""
    path = SHARED / rel
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs the shared reference data (../shared)")
    return path


@pytest.fixture(scope="session")
def canonical_text() -> str:
    return need_shared("examples/rubio-pakistan.ar.txt").read_text("utf-8")


@pytest.fixture(scope="session")
def canonical_analysis(canonical_text):
    """The canonical article through the full default pipeline, once per test session."""
    import marsad

    return marsad.analyze(canonical_text, published="2025-10-26", title_first_line=True)
