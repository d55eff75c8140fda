"""Fixtures shared by the surface tests: one store of real text, parsed once per session."""

from __future__ import annotations

from pathlib import Path

import pytest

from casus.api import ingest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"


@pytest.fixture(scope="session")
def seeded_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB store holding the five seeds and the bundled example corpus (read-only by convention)."""
    db = tmp_path_factory.mktemp("seeded") / "casus.duckdb"
    report = ingest([SHARED / "seeds", ROOT / "examples" / "corpus"], db)
    assert report.new > 0 and not report.errors
    return db
