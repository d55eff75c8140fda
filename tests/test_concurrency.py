"""The server and an ingest share one store (docs/concurrency.md): a load test of the HTTP API on
loopback while `casus ingest` writes, bounded in time. No request fails, the ingest starts while
the server is under load and stores everything."""

from __future__ import annotations

import statistics
import subprocess
import sys
import threading
import time

import duckdb
import httpx

from browser_env import serving
from casus.store import Store

ROUTES = ["/api/stats", "/api/events?limit=20", "/api/stories?limit=20", "/api/timeline", "/api/actors"]
DOCS = 240


def test_the_api_answers_every_request_while_an_ingest_writes(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for i in range(DOCS):
        (src / f"{i:03d}.txt").write_text(
            f"Report {i}: militia fighters attacked checkpoint {i} near Mosul on day {i % 28 + 1}, "
            f"wounding {i % 7} policemen, officials said.\nResidents said the clashes lasted {i % 5 + 1} hours.\n")
    db = tmp_path / "s.duckdb"
    Store(db).close()
    latencies: list[float] = []
    failures: list[str] = []
    stop = threading.Event()

    with serving(db) as base:
        def client(k: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as http:
                n = k
                while not stop.is_set():
                    t0 = time.perf_counter()
                    r = http.get(ROUTES[n % len(ROUTES)])
                    latencies.append(time.perf_counter() - t0)
                    if r.status_code != 200 or "content-security-policy" not in r.headers:
                        failures.append(f"{r.status_code} {r.text[:200]}")
                    n += 1

        threads = [threading.Thread(target=client, args=(k,), daemon=True) for k in range(3)]
        for t in threads:
            t.start()
        time.sleep(1)  # the server is under load before the ingest starts
        started = time.perf_counter()
        ingest = subprocess.run([sys.executable, "-m", "casus", "ingest", str(src), "--db", str(db), "--stage",
                                 "stories", "--batch-size", "8"], capture_output=True, text=True, timeout=240)
        took = time.perf_counter() - started
        stop.set()
        for t in threads:
            t.join(30)

    assert ingest.returncode == 0, ingest.stderr[-3000:]
    assert not failures, failures[:5]
    p99 = statistics.quantiles(latencies, n=100)[98]
    rate = len(latencies) / (took + 1)
    print(f"\n{len(latencies)} requests in {took + 1:.1f} s while ingesting {DOCS} documents: "
          f"{rate:.0f} requests/s, p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {p99 * 1000:.0f} ms, 0 errors")
    assert len(latencies) >= 50 and p99 < 10
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == DOCS
