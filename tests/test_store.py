"""Store: idempotent ingest, errors recorded once, and crash safety under SIGKILL."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from casus import ingest
from casus.pipeline import Options
from casus.store import SCHEMA_VERSION, Store
from conftest import SEEDS, needs_shared
CASUS = [sys.executable, "-m", "casus"]
TIMESTAMPS = {"ingested_at", "seen_at"}


def snapshot(db: Path) -> dict[str, list]:
    """Every row of every table, sorted, without wall-clock columns."""
    con = duckdb.connect(str(db), read_only=True)
    out = {}
    for (table,) in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall():
        cols = [c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [table]).fetchall() if c not in TIMESTAMPS]
        select = ", ".join(f'"{c}"' for c in cols)
        out[table] = sorted(map(repr, con.execute(f'SELECT {select} FROM "{table}"').fetchall()))
    con.close()
    return out


def test_schema_is_versioned_and_reopening_migrates_nothing(tmp_path):
    db = tmp_path / "s.duckdb"
    with Store(db) as s:
        assert s.version() == SCHEMA_VERSION
    with Store(db) as s:
        assert s.version() == SCHEMA_VERSION and s.count("documents") == 0


@needs_shared
def test_ingesting_the_same_bytes_twice_changes_nothing(tmp_path):
    db = tmp_path / "s.duckdb"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "A short wire report from Baghdad on Tuesday."}\n{broken\n')
    opts = Options(stop="clean")
    first = ingest([SEEDS, bad], db, opts)
    assert (first.new, first.known, len(first.errors)) == (6, 0, 1)
    before = snapshot(db)
    second = ingest([SEEDS, bad], db, opts)
    assert (second.new, second.known, len(second.errors)) == (0, 6, 1)
    assert snapshot(db) == before
    assert before["errors"] and len(before["errors"]) == 1


@needs_shared
def test_same_text_under_another_name_is_one_document_seen_twice(tmp_path):
    db = tmp_path / "s.duckdb"
    copy = tmp_path / "copy_of_000.txt"
    copy.write_bytes((SEEDS / "000_8605dabc148ea70d.txt").read_bytes())
    report = ingest([SEEDS / "000_8605dabc148ea70d.txt", copy], db, Options(stop="clean"))
    assert (report.new, report.known) == (1, 1)
    with Store(db, read_only=True) as s:
        assert s.count("documents") == 1 and s.count("sources") == 2


def test_same_id_different_text_gets_a_distinct_id(tmp_path):
    db = tmp_path / "s.duckdb"
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    (tmp_path / "a" / "report.txt").write_text("Rebels seized the town of Goma on Monday, witnesses said.")
    (tmp_path / "b" / "report.txt").write_text("Troops retook the airport in Khartoum on Friday, the army said.")
    ingest([tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt"], db, Options(stop="clean"))
    with Store(db, read_only=True) as s:
        ids = sorted(r["id"] for r in s.query("SELECT id FROM documents"))
    assert ids[0] == "report.txt" and ids[1].startswith("report.txt@") and len(ids) == 2


def cli(*args: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run([*CASUS, *args], capture_output=True, text=True, **kw)


@needs_shared
def test_cli_ingest_twice_says_nothing_new_and_exit_status_reports_errors(tmp_path):
    db = str(tmp_path / "s.duckdb")
    r1 = cli("ingest", str(SEEDS), "--db", db, "--stage", "clean")
    assert r1.returncode == 0, r1.stderr
    assert "5 new documents" in r1.stderr
    r2 = cli("ingest", str(SEEDS), "--db", db, "--stage", "clean")
    assert r2.returncode == 0 and "nothing new: 5 documents already stored" in r2.stderr
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    r3 = cli("ingest", str(empty), "--db", db, "--stage", "clean")
    assert r3.returncode == 1 and f"{empty}: empty file" in r3.stderr


def corpus(root: Path, n: int) -> Path:
    root.mkdir()
    for i in range(n):
        (root / f"{i:04d}.txt").write_text(
            f"Report {i}: militia fighters attacked checkpoint {i} near Mosul on day {i % 28 + 1}, "
            f"wounding {i % 7} policemen, officials said. " * 12)
    return root


def test_sigkill_mid_ingest_then_rerun_equals_uninterrupted_run(tmp_path):
    docs = corpus(tmp_path / "c", 600)
    args = ["ingest", str(docs), "--stage", "stories", "--batch-size", "4"]  # clean + story state
    reference = tmp_path / "ref.duckdb"
    t0 = time.monotonic()
    assert cli(*args, "--db", str(reference)).returncode == 0
    took = time.monotonic() - t0
    expected = snapshot(reference)
    assert len(expected["documents"]) == 600

    db = tmp_path / "k.duckdb"
    partial = []
    # Kill at points in time of the run (a writer may hold the store's lock all through a run that
    # does not parse, so polling the store's count could miss it): early, midway and late.
    for fraction in (0.2, 0.5, 0.7, 0.9):
        proc = subprocess.Popen([*CASUS, *args, "--db", str(db)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(took * fraction)
        proc.kill()
        proc.wait()
        if proc.returncode == -signal.SIGKILL and not db.exists():
            partial.append(0)  # killed before the store was created (a slow start on a busy machine)
        elif proc.returncode == -signal.SIGKILL:
            con = duckdb.connect(str(db), read_only=True)
            try:
                partial.append(con.execute("SELECT count(*) FROM documents").fetchone()[0])
            except duckdb.CatalogException:  # killed inside the first migration: rolled back whole
                partial.append(0)
            con.close()
    assert any(0 < n < 600 for n in partial), f"no kill landed mid-ingest: {partial}"
    assert partial == sorted(partial), "a rerun lost documents a killed run had committed"
    assert cli(*args, "--db", str(db)).returncode == 0
    assert snapshot(db) == expected


@needs_shared
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_extract_on_seeds_jsonl_one_line_per_input_in_order(tmp_path, jobs):
    src = tmp_path / "seeds.jsonl"
    ids = sorted(p.name for p in SEEDS.iterdir())
    src.write_text("".join(json.dumps({"id": i, "text": (SEEDS / i).read_text()}) + "\n" for i in ids)
                   + "{broken\n")
    r = cli("extract", str(src), "--stage", "analyse", "--jobs", jobs)
    assert r.returncode == 1 and f"{src}:6: malformed JSON line" in r.stderr
    lines = [json.loads(x) for x in r.stdout.splitlines()]
    assert [x["id"] for x in lines] == [*ids, None] and lines[-1]["line"] == 6
    for out in lines[:-1]:
        art = out["articles"][0]
        assert {"title", "text", "captions", "entities"} <= art.keys()
        assert all(art["text"][e["start"]:e["end"]] == e["text"] for e in art["entities"])
    taeb = [e for e in lines[3]["articles"][0]["entities"] if e["text"] == "Hossein Taeb"]
    assert taeb and taeb[0]["label"] == "PERSON"


def test_no_clean_keeps_text_byte_for_byte(tmp_path):
    text = "  Line one.\n\nLine one.\nTT\n"
    src = tmp_path / "x.jsonl"
    src.write_text(json.dumps({"id": "x", "text": text}) + "\n")
    r = cli("extract", str(src), "--stage", "clean", "--no-clean")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["articles"][0]["text"] == text


def test_an_article_a_stage_fails_on_costs_only_itself(tmp_path, monkeypatch):
    """A bug that one odd article triggers in a per-article stage is reported in one line
    naming the input; the rest of the batch goes on and is stored."""
    from casus.model import ReadError
    from casus.places import Places

    real = Places.__call__

    def fragile(self, docs):
        if any("BOOM" in a.text for d in docs for a in d.articles):
            raise ValueError("cannot place this\nsecond line")
        real(self, docs)

    monkeypatch.setattr(Places, "__call__", fragile)
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in [
        ("a", "Rockets hit Baghdad on Monday, police said."), ("b", "BOOM in Mosul."),
        ("c", "Protesters marched in Basra.")]))
    db = tmp_path / "s.duckdb"
    report = ingest([src], db, Options(stop="places"))
    assert report.new == 2 and len(report.errors) == 1
    err = report.errors[0]
    assert isinstance(err, ReadError) and err.line == 2
    assert str(err).startswith(f"{src}") and "places stage failed: ValueError: cannot place this second line" in str(err)
    with duckdb.connect(str(db), read_only=True) as con:
        assert {r[0] for r in con.execute("SELECT id FROM documents").fetchall()} == {"a", "c"}
        assert con.execute("SELECT count(*) FROM places").fetchone()[0] >= 2
