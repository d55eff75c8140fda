"""`casus ingest --dask`: the per-article stages on a Dask cluster give the store a local ingest
gives — the same articles (text, copies, stories, dates), stories and events (with their clusters)."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from dask.distributed import LocalCluster

from casus import api
from casus.pipeline import Options

EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "corpus"
TABLES = {
    "articles": "SELECT id, title, text, duplicate_of, story, date_value, date_earliest, date_latest FROM articles",
    "stories": "SELECT id, label, first_seen, last_seen, articles, outlets FROM stories",
    "events": "SELECT id, article_id, type, mode, modality, source_actor, target_actor, place, date_value, killed, "
              "injured, cluster FROM events",
    "events_clusters": "SELECT * FROM events_clusters",
    "entities": "SELECT * FROM entities",
    "places": "SELECT * FROM places",
}


def rows(db: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {name: sorted(con.execute(sql).fetchall(), key=repr) for name, sql in TABLES.items()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def cluster():
    """Two single-threaded workers in this process: small, and they share the scattered
    components, so the one-batch-at-a-time lock is exercised too."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=False, dashboard_address=None) as c:
        yield c


def test_a_dask_ingest_stores_what_a_local_one_does(tmp_path, cluster):
    local, distributed = tmp_path / "local.duckdb", tmp_path / "dask.duckdb"
    api.ingest([EXAMPLES], local, Options(batch_size=4))
    report = api.ingest([EXAMPLES], distributed, Options(batch_size=4, dask=cluster.scheduler_address))
    assert report.new and not report.errors
    assert "dask_work" in cluster.scheduler.task_prefixes  # the per-article stages ran on the cluster
    a, b = rows(local), rows(distributed)
    assert a["events"] and a["stories"] and any(r[3] for r in a["articles"])  # events, stories and copies to compare
    for name in TABLES:
        assert b[name] == a[name], name
