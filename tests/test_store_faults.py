"""A store that cannot be opened or written is one line and exit status 1, never a traceback, and
a file that is no store is left as it was: corrupt, foreign (SQLite, another DuckDB database),
in use by another writer, or on a full disk. Nothing is downloaded to open any of them."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from casus.store import Store, StoreError

CASUS = [sys.executable, "-m", "casus"]
TEXT = ("Government forces shelled the town of Kadugli on Tuesday, killing at least six civilians, "
        "local officials said. The army denied targeting residential areas.")


def casus(*args: str, home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "HOME": str(home)}  # where DuckDB would put a downloaded extension
    return subprocess.run([*CASUS, *args], capture_output=True, text=True, timeout=300, env=env)


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line_error(run: subprocess.CompletedProcess, *words: str) -> None:
    lines = run.stderr.strip().splitlines()
    assert run.returncode == 1 and len(lines) == 1, run.stderr[-3000:]
    assert lines[0].startswith("error: ") and all(w in lines[0] for w in words), lines[0]


def test_corrupt_and_foreign_files_are_refused_in_one_line_and_left_unchanged(tmp_path):
    (tmp_path / "in.txt").write_text(TEXT)
    corrupt = tmp_path / "corrupt.duckdb"
    corrupt.write_bytes(os.urandom(20_000))
    lite = tmp_path / "other.sqlite"
    with sqlite3.connect(lite) as con:
        con.execute("CREATE TABLE notes (body TEXT)")
    foreign = tmp_path / "foreign.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE sales (amount INTEGER)")
    cases = [(corrupt, "not a casus store"), (lite, "SQLite database"), (foreign, "not a casus store", "sales")]
    for path, *words in cases:
        before = digest(path)
        one_line_error(casus("ingest", str(tmp_path / "in.txt"), "--db", str(path), "--stage", "clean",
                             home=tmp_path), str(path), *words)
        one_line_error(casus("stats", "--db", str(path), home=tmp_path), *words)
        assert digest(path) == before, f"{path.name} was changed"
    assert not (tmp_path / ".duckdb").exists(), "DuckDB tried to fetch an extension"


def test_a_second_writer_is_refused_in_one_line(tmp_path):
    (tmp_path / "in.txt").write_text(TEXT)
    db = tmp_path / "s.duckdb"
    with Store(db):  # a writer holding the store for its whole run
        with pytest.raises(StoreError, match="being written by another casus process"):
            Store(db)
        run = casus("ingest", str(tmp_path / "in.txt"), "--db", str(db), "--stage", "clean", home=tmp_path)
        one_line_error(run, str(db), "being written by another casus process", f"process {os.getpid()}")
    with Store(db) as store:  # and once it has finished, the next one goes ahead
        assert store.count("documents") == 0


def test_a_reader_waits_for_a_batch_being_written_then_reads(tmp_path):
    db = tmp_path / "s.duckdb"
    Store(db).close()
    hold = "import sys, time, duckdb; c = duckdb.connect(sys.argv[1]); print('held', flush=True); time.sleep(1.5)"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(db)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        with Store(db, read_only=True) as store:  # waits for the writer's 1.5 s, then reads
            assert store.count("documents") == 0
    finally:
        holder.wait(10)


def test_a_full_disk_is_one_line_naming_it_and_stores_no_part_of_a_batch(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=600k", "tmpfs", str(disk)],
                      capture_output=True).returncode != 0:
        pytest.skip("mounting a small file system needs root")
    try:
        src = tmp_path / "in"
        src.mkdir()
        for i in range(300):
            (src / f"{i:03d}.txt").write_text(f"Report {i}: {TEXT} " * 20 + os.urandom(400).hex())
        run = casus("ingest", str(src), "--db", str(disk / "s.duckdb"), "--stage", "clean", home=tmp_path)
        lines = [ln for ln in run.stderr.strip().splitlines() if ln.startswith("error: ")]
        assert run.returncode == 1 and len(lines) == 1 and "Traceback" not in run.stderr, run.stderr[-3000:]
        assert "No space left on device" in lines[0] and "cannot rollback" not in lines[0]
    finally:
        subprocess.run(["umount", str(disk)], check=True)
