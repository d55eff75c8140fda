"""Crash safety under --jobs N: every write of a batch (corpus line counts included) commits in
one transaction, in input order; batch size never changes the store; kill -9 of the run at any
point, or of one worker, loses nothing and duplicates nothing.

The runs here stop after the analyse stage with spaCy replaced by a stand-in that only takes a
little time (each worker would load the model again after every kill): what is under test is
the pipeline's order, its transactions and its worker pool, all of them real."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from test_store import snapshot

# Runs api.ingest over argv[1] into argv[2] with --jobs argv[3] and --batch-size argv[4]. The
# stand-in for the analyse stage sleeps 2 ms an article; a document whose text holds
# KILL_ME kills its worker process while the file argv[5] is missing (created first), so the
# first attempt at its batch dies and the retry succeeds; POISON kills its worker every time.
DRIVER = """
import os, signal, sys, time
from pathlib import Path
from casus import analyse
from casus.api import ingest
from casus.pipeline import Options

def stand_in(self, docs):
    for d in docs:
        for a in d.articles:
            time.sleep(0.02)  # a run long enough (about 4 s for 200 documents) for a kill to land inside it
            marker = Path(sys.argv[5])
            if "POISON" in a.text or ("KILL_ME" in a.text and not marker.exists()):
                marker.touch()
                os.kill(os.getpid(), signal.SIGKILL)

analyse.Analyse.__call__ = stand_in
report = ingest([sys.argv[1]], sys.argv[2], Options(stop="analyse", jobs=int(sys.argv[3]), batch_size=int(sys.argv[4])))
print(report.new, len(report.errors), *sorted(str(e) for e in report.errors), sep="\\n")
"""

FURNITURE = ["The Valley Courier", "Most read this week", "Subscribe for full access"]
STORY = ["Floods displaced thousands of families in Sindh province on Monday, officials said.",
         "Negotiators resumed ceasefire talks in Doha on Tuesday, two diplomats said.",
         "The army retook a border post from rebels overnight, a military spokesman said.",
         "Thousands of protesters blocked the main highway for a second day, police said."]


def corpus(root: Path, n: int, extra: dict[int, str] | None = None) -> Path:
    """Pages of three sites, each with its furniture lines (which clean counts across the corpus),
    stories retold by several of them (which the stories stage clusters) and some copies."""
    root.mkdir()
    rng = random.Random(7)
    for i in range(n):
        site = i % 3
        story = STORY[(i // 5) % len(STORY)]
        body = "\n".join(f"{story} Report {i // 2}, paragraph {k}: {rng.choice(STORY)}" for k in range(4))
        body += (extra or {}).get(i, "")
        text = f"{FURNITURE[site]}\nHeadline {i // 2} of story {(i // 5) % 4}\n{body}\n{FURNITURE[(site + 1) % 3]}\n"
        (root / f"{i:04d}.txt").write_text(text)
    return root


def driver(src: Path, db: Path, jobs: int, batch: int, marker: Path) -> list[str]:
    return [sys.executable, "-c", DRIVER, str(src), str(db), str(jobs), str(batch), str(marker)]


def run(*args, **kw) -> subprocess.CompletedProcess:
    done = subprocess.run(driver(*args, **kw), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def test_batch_size_and_jobs_never_change_the_store(tmp_path):
    src = corpus(tmp_path / "c", 120)
    stores = {}
    for jobs, batch in ((1, 32), (1, 8), (2, 3)):
        db = tmp_path / f"{jobs}-{batch}.duckdb"
        run(src, db, jobs, batch, tmp_path / "unused")
        stores[jobs, batch] = snapshot(db)
    reference = stores[1, 32]
    assert len(reference["documents"]) == 120 and reference["clean_lines"] and reference["removed"]
    for key, got in stores.items():
        assert got == reference, f"jobs, batch size {key} gave another store"


def stored(db: Path) -> int:
    """Documents in the store, read while a run writes (as any reader may); -1 while busy."""
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return con.execute("SELECT count(*) FROM documents").fetchone()[0]
    except duckdb.Error:  # not created yet, or a batch being written
        return -1


@pytest.mark.parametrize("jobs", [1, 2])
def test_kill_9_at_random_points_then_rerun_equals_an_uninterrupted_run(tmp_path, jobs):
    n = 200
    src = corpus(tmp_path / "c", n)
    reference = tmp_path / "ref.duckdb"
    t0 = time.monotonic()
    run(src, reference, jobs, 8, tmp_path / "unused")
    took = time.monotonic() - t0
    expected = snapshot(reference)

    db = tmp_path / "k.duckdb"
    rng = random.Random(jobs)
    partial = []
    # kills at points in time (a writer may hold the store's lock, so its count is not polled):
    # the first, halfway through a fresh run, lands inside it; the later ones hit resumed runs. On a
    # loaded machine a run's pace varies, so up to two more kills are tried until one lands mid-ingest
    for fraction in (0.5, 0.7, 0.9, 0.4, 0.6):
        if len(partial) >= 3 and any(0 < k < n for k in partial):
            break
        proc = subprocess.Popen(driver(src, db, jobs, 8, tmp_path / "unused"), stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(took * fraction * rng.uniform(0.9, 1.1))
        os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers at once
        proc.wait()
        partial.append(stored(db))
    assert partial == sorted(partial), "a rerun lost documents a killed run had committed"
    assert any(0 < k < n for k in partial), f"no kill landed mid-ingest: {partial}"
    run(src, db, jobs, 8, tmp_path / "unused")
    assert snapshot(db) == expected


def test_a_killed_worker_costs_nothing_its_batch_is_retried(tmp_path):
    src = corpus(tmp_path / "c", 40, extra={17: " Residents said the KILL_ME shelling went on all night."})
    marker = tmp_path / "killed"
    marker.touch()  # the kill switch used up: the reference run loses no worker
    reference = tmp_path / "ref.duckdb"
    run(src, reference, 2, 8, marker)
    marker.unlink()
    db = tmp_path / "k.duckdb"
    out = run(src, db, 2, 8, marker).stdout.split("\n")
    assert marker.exists(), "the worker was not killed"
    assert out[:2] == ["40", "0"]
    assert snapshot(db) == snapshot(reference)


def test_a_batch_that_kills_its_worker_every_time_costs_only_itself(tmp_path):
    src = corpus(tmp_path / "c", 40, extra={17: " Residents said the POISON shelling went on all night."})
    db = tmp_path / "p.duckdb"
    out = run(src, db, 2, 4, tmp_path / "marker").stdout.strip().split("\n")
    new, errors, reasons = int(out[0]), int(out[1]), out[2:]
    assert new == 36 and errors == 4  # the batch of four with document 17 in it
    assert all("a worker process died on it twice" in r for r in reasons)
    assert any(r.startswith(f"{tmp_path / 'c' / '0017.txt'}:") or "0017.txt" in r for r in reasons)
