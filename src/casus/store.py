"""Store: one DuckDB file, schema-versioned, written one transaction per batch.

A document's content hash is its identity, so ingesting the same bytes twice adds
nothing. Every batch commits atomically: a run killed at any point leaves only
whole documents behind, and the rerun picks up exactly where it stopped.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import duckdb

from casus.model import Document, ReadError

# Each entry migrates the schema from version i to i + 1. Append, never edit.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE documents (
        hash VARCHAR PRIMARY KEY, id VARCHAR UNIQUE NOT NULL, source VARCHAR, line INTEGER,
        format VARCHAR, title VARCHAR, date VARCHAR, url VARCHAR, text VARCHAR,
        seq BIGINT NOT NULL, ingested_at TIMESTAMP DEFAULT current_timestamp);
    CREATE TABLE sources (
        key VARCHAR PRIMARY KEY, hash VARCHAR NOT NULL, source VARCHAR, line INTEGER);
    CREATE TABLE removed (
        doc_hash VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, reason VARCHAR);
    CREATE TABLE articles (
        id VARCHAR PRIMARY KEY, doc_hash VARCHAR NOT NULL, idx INTEGER, title VARCHAR,
        text VARCHAR, captions VARCHAR[], start INTEGER, "end" INTEGER,
        duplicate_of VARCHAR, similarity DOUBLE, story VARCHAR,
        date_value VARCHAR, date_earliest VARCHAR, date_latest VARCHAR, date_precision VARCHAR,
        date_basis VARCHAR, date_evidence VARCHAR);
    CREATE TABLE entities (
        article_id VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, label VARCHAR, actor VARCHAR);
    CREATE TABLE timexes (
        article_id VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, type VARCHAR, value VARCHAR);
    CREATE TABLE places (
        article_id VARCHAR, start INTEGER, "end" INTEGER, text VARCHAR, geonameid BIGINT,
        name VARCHAR, country VARCHAR, admin1 VARCHAR, lat DOUBLE, lon DOUBLE);
    CREATE TABLE actors (
        id VARCHAR PRIMARY KEY, name VARCHAR, type VARCHAR, country VARCHAR, sector VARCHAR,
        data VARCHAR);
    CREATE TABLE events (
        id VARCHAR PRIMARY KEY, article_id VARCHAR, type VARCHAR, mode VARCHAR, modality VARCHAR,
        source_text VARCHAR, source_actor VARCHAR, target_text VARCHAR, target_actor VARCHAR,
        place VARCHAR, date_value VARCHAR, date_precision VARCHAR, killed INTEGER, injured INTEGER,
        attribution_text VARCHAR, attribution_kind VARCHAR, sentence VARCHAR,
        start INTEGER, "end" INTEGER, confidence DOUBLE, cluster VARCHAR,
        contexts VARCHAR[], date_earliest VARCHAR, date_latest VARCHAR);
    CREATE TABLE events_clusters (
        id VARCHAR PRIMARY KEY, type VARCHAR, mode VARCHAR, source_actor VARCHAR, target_actor VARCHAR,
        date_earliest VARCHAR, date_latest VARCHAR, reports INTEGER, independent_reports INTEGER,
        outlets INTEGER, first_article VARCHAR, first_date VARCHAR);
    CREATE TABLE stories (
        id VARCHAR PRIMARY KEY, label VARCHAR, first_seen VARCHAR, last_seen VARCHAR,
        articles INTEGER, outlets INTEGER);
    CREATE TABLE errors (
        key VARCHAR PRIMARY KEY, source VARCHAR, line INTEGER, reason VARCHAR,
        seen_at TIMESTAMP DEFAULT current_timestamp);
    CREATE TABLE clean_lines (
        line VARCHAR, context VARCHAR, PRIMARY KEY (line, context));
    CREATE TABLE story_index (
        article_id VARCHAR PRIMARY KEY, story VARCHAR NOT NULL, seq BIGINT NOT NULL, date VARCHAR,
        text_key VARCHAR, raw_key VARCHAR, shingles INTEGER, minhash UINTEGER[],
        features BIGINT[], weights DOUBLE[], salient BIGINT[], salience DOUBLE[], year INTEGER);
    CREATE TABLE story_df (bucket INTEGER PRIMARY KEY, df INTEGER NOT NULL);
    """,
    # 1 -> 2: watchlists (casus.watch) remember, per rule, the event clusters already reported.
    """
    CREATE TABLE watch_seen (
        rule VARCHAR, cluster VARCHAR, event_id VARCHAR, seen_at TIMESTAMP DEFAULT current_timestamp,
        PRIMARY KEY (rule, cluster));
    """,
    # 2 -> 3: a document's outlet (its URL's host, else the document itself) is worked out once,
    # when it is read (casus.model.outlet), and stored with it.
    """
    ALTER TABLE documents ADD COLUMN outlet VARCHAR;
    UPDATE documents SET outlet = coalesce(nullif(lower(regexp_extract(url, '//(?:www\\.)?([^/:?#]+)', 1)), ''), id);
    """,
    # 3 -> 4: an event is every report of it in its article: its sentences as JSON [{sentence, start, end}].
    """
    ALTER TABLE events ADD COLUMN mentions VARCHAR;
    UPDATE events SET mentions = json_array(json_object('sentence', sentence, 'start', start, 'end', "end"));
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


def _key(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]


class Store:
    """A casus database. Use as a context manager or call `close()`."""

    def __init__(self, path: str | Path = "casus.duckdb", read_only: bool = False):
        self.path = str(path)
        self.con = duckdb.connect(self.path, read_only=read_only)
        if not read_only:
            self.migrate()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.con.close()

    def version(self) -> int:
        self.con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def migrate(self) -> None:
        current = self.version()
        if current > SCHEMA_VERSION:
            raise RuntimeError(f"{self.path}: schema version {current} is newer than this casus ({SCHEMA_VERSION})")
        for v in range(current, SCHEMA_VERSION):
            self.con.execute("BEGIN")
            self.con.execute(MIGRATIONS[v])
            self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(v + 1)])
            self.con.execute("COMMIT")

    # -- reading -----------------------------------------------------------

    def known(self, hashes: Iterable[str]) -> set[str]:
        hs = list(hashes)
        if not hs:
            return set()
        rows = self.con.execute("SELECT hash FROM documents WHERE list_contains(?, hash)", [hs]).fetchall()
        return {r[0] for r in rows}

    def id_taken(self, doc_id: str) -> bool:
        return self.con.execute("SELECT 1 FROM documents WHERE id = ?", [doc_id]).fetchone() is not None

    def count(self, table: str) -> int:
        if table not in {"documents", "articles", "entities", "timexes", "places", "actors",
                         "events", "events_clusters", "stories", "errors", "sources"}:
            raise ValueError(f"unknown table {table!r}")
        return self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]  # name checked above

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cur = self.con.execute(sql, params or [])
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row)) for row in cur.fetchall()]

    # -- writing -----------------------------------------------------------

    def write(self, docs: list[Document], errors: list[ReadError], seen: list[Document] = (),
              actors: list[dict[str, Any]] = (), savers: Iterable[Callable[[Any, list[Document]], None]] = ()) -> None:
        """One batch, atomically: new documents with all their annotations, the
        extra places already-stored documents were seen at, read errors, the
        knowledge-base records of the actors they mention (as they were when first seen),
        and what each of the pipeline's components keeps of its own (`savers`: stories, links)."""
        con = self.con
        con.execute("BEGIN")
        try:
            seq = con.execute("SELECT coalesce(max(seq), 0) FROM documents").fetchone()[0]
            for doc in docs:
                seq += 1
                self._write_document(doc, seq)
            for doc in [*docs, *seen]:
                con.execute("INSERT OR IGNORE INTO sources VALUES (?, ?, ?, ?)",
                            [_key(doc.source, doc.line), doc.hash, doc.source, doc.line])
            for e in errors:
                con.execute("INSERT OR IGNORE INTO errors (key, source, line, reason) VALUES (?, ?, ?, ?)",
                            [_key(e.source, e.line, e.reason), e.source, e.line, e.reason])
            for r in actors:
                con.execute("INSERT OR IGNORE INTO actors VALUES (?, ?, ?, ?, ?, ?)",
                            [r["id"], r.get("name"), r.get("type"), r.get("country"), r.get("sector"),
                             json.dumps(r, ensure_ascii=False)])
            for save in savers:
                save(con, docs)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def _write_document(self, doc: Document, seq: int) -> None:
        con = self.con
        con.execute(
            "INSERT INTO documents (hash, id, source, line, format, title, date, url, text, seq, outlet)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [doc.hash, doc.id, doc.source, doc.line, doc.format, doc.title, doc.date, doc.url, doc.text, seq,
             doc.outlet])
        if doc.removed:
            con.executemany("INSERT INTO removed VALUES (?, ?, ?, ?, ?)",
                            [[doc.hash, r["start"], r["end"], r["text"], r["reason"]] for r in doc.removed])
        for a in doc.articles:
            d = a.date or {}
            con.execute(
                "INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [a.id, doc.hash, a.index, a.title, a.text, a.captions, a.start, a.end,
                 a.duplicate_of, a.similarity, a.story, d.get("value"), d.get("earliest"),
                 d.get("latest"), d.get("precision"), d.get("basis"), d.get("evidence")])
            if a.entities:
                con.executemany("INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)",
                                [[a.id, e["start"], e["end"], e["text"], e["label"], e.get("actor")]
                                 for e in a.entities])
            if a.timexes:
                con.executemany("INSERT INTO timexes VALUES (?, ?, ?, ?, ?, ?)",
                                [[a.id, t["start"], t["end"], t["text"], t["type"], t.get("value")]
                                 for t in a.timexes])
            if a.places:
                con.executemany("INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                                [[a.id, p["start"], p["end"], p["text"], p.get("geonameid"), p.get("name"),
                                  p.get("country"), p.get("admin1"), p.get("lat"), p.get("lon")]
                                 for p in a.places])
            self._write_events(a)

    def _write_events(self, a) -> None:
        for n, ev in enumerate(a.events):
            src, tgt, att = ev.get("source") or {}, ev.get("target") or {}, ev.get("attribution") or {}
            date = ev.get("date") or {}
            self.con.execute(
                "INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [f"{a.id}/e{n}", a.id, ev["type"], ev.get("mode"), ev.get("modality"),
                 src.get("text"), src.get("actor"), tgt.get("text"), tgt.get("actor"),
                 json.dumps(ev["place"]) if ev.get("place") else None,
                 date.get("value"), date.get("precision"), ev.get("killed"), ev.get("injured"),
                 att.get("text"), att.get("kind"), ev.get("sentence"), ev.get("start"), ev.get("end"),
                 ev.get("confidence"), ev.get("cluster"), ev.get("contexts"), date.get("earliest"),
                 date.get("latest"), json.dumps(ev.get("mentions") or [], ensure_ascii=False)])

    def event_reports(self) -> list[dict[str, Any]]:
        """Every stored event report with what linking needs, in ingestion order."""
        return self.query("""
            SELECT e.cluster, e.type, e.mode, e.modality, e.start, e.source_actor, e.target_actor, e.date_earliest,
                   e.date_latest, json_extract_string(e.place, '$.country') AS country, a.id AS article_id,
                   a.story, a.duplicate_of, a.date_earliest AS article_earliest, d.id AS doc_id, d.url
            FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.hash = a.doc_hash
            WHERE e.cluster IS NOT NULL ORDER BY d.seq, a.idx, e.start""")
