"""Store: one DuckDB file, schema-versioned, written one transaction per batch.

A document's content hash is its identity, so ingesting the same bytes twice adds
nothing. Every batch commits atomically: a run killed at any point leaves only
whole documents behind, and the rerun picks up exactly where it stopped.

Sharing (docs/concurrency.md): DuckDB lets one process write a file or several read it,
never both at once. So a writer holds DuckDB's lock only while it works on a batch
(`Store.release` between batches) and its own lock file (`<db>.lock`) for its whole run,
which a second writer finds taken and refuses in one line; readers open the file per
request. Whoever finds DuckDB's lock held waits for it with backoff (`connect`).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import random
import re
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

import duckdb

from casus.bulk import insert, once
from casus.model import Article, Document, ReadError

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
    # 4 -> 5: what a demand, threat, accusation or promise is about, as JSON {type, mode, modality, source, target}.
    """
    ALTER TABLE events ADD COLUMN content VARCHAR;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


# Nothing may be downloaded at run time: no query may make DuckDB fetch an extension. (Set on each
# connection, not as its configuration: DuckDB refuses a second connection to a file in one process
# with another configuration than the first's.)
NO_DOWNLOADS = "SET autoinstall_known_extensions = false; SET autoload_known_extensions = false"
SQLITE_MAGIC = b"SQLite format 3\x00"  # a file DuckDB would open by fetching its sqlite extension
LOCK_WAIT = 30.0  # seconds to wait while another process holds the file (a reader its request, a writer its batch)
HOLD = 0.5  # seconds a writer keeps the file between batches before letting readers in (each release costs a checkpoint)
HELD = re.compile(r"Could not set lock on file .*?(?:\(PID (\d+)\))?\.?(?: See also|$)", re.S)


class StoreError(Exception):
    """The store cannot be opened or written: said in one line a user can act on."""


def one_line(e: BaseException) -> str:
    return " ".join(str(e).split())


def connect(path: str, read_only: bool = False, wait: float = LOCK_WAIT) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection to the store at `path`. While another process holds the file, wait
    with growing, jittered pauses, up to `wait` seconds; any other failure is a StoreError."""
    try:
        with open(path, "rb") as fh:
            if fh.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC:
                raise StoreError(f"{path} is a SQLite database, not a casus store")
    except OSError:
        pass  # no file yet (a new store), or one DuckDB will say more about
    delay, deadline = 0.005, time.monotonic() + wait
    while True:
        try:
            con = duckdb.connect(path, read_only=read_only)
            con.execute(NO_DOWNLOADS)
            return con
        except duckdb.Error as e:
            held = HELD.search(str(e))
            if held is None:
                raise StoreError(opening_error(path, e)) from None
            if time.monotonic() + delay > deadline:
                by = f" (process {held.group(1)})" if held.group(1) else ""
                raise StoreError(f"{path} is in use by another process{by}; waited {wait:.0f} s") from None
            time.sleep(delay * random.uniform(0.5, 1.5))
            delay = min(delay * 2, 0.2)


def opening_error(path: str, e: duckdb.Error) -> str:
    """Why a file is no store, in words (DuckDB's own, on one line, when none fit better)."""
    text = str(e)
    if "not a valid DuckDB database file" in text:
        return f"{path} is not a casus store (not a DuckDB database file)"
    return f"{path}: cannot open the store: {one_line(e)}"


def writer_lock(path: str) -> Any:
    """The lock file a writer holds for its whole run (`<db>.lock`; the system releases it when
    the process ends, however it ends): a second writer is refused at once, in one line."""
    try:
        fh = open(f"{path}.lock", "a+")
    except OSError as e:
        raise StoreError(f"{path}: cannot create its lock file: {e.strerror or e}") from None
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        fh.seek(0)
        other = fh.read().strip()
        fh.close()
        raise StoreError(f"{path} is being written by another casus process{f' ({other})' if other else ''}; "
                         "run this again when it has finished") from None
    fh.truncate(0)
    fh.write(f"process {os.getpid()}")
    fh.flush()
    return fh


def _key(*parts: Any) -> str:
    return hashlib.sha256("\x1f".join(map(str, parts)).encode()).hexdigest()[:32]


class Store:
    """A casus database. Use as a context manager or call `close()`.

    `con` opens the DuckDB connection when first used; `release()` closes it until next used,
    so that other processes can read the file meanwhile. A writable Store holds the writer's
    lock file from opening to `close()`."""

    def __init__(self, path: str | Path = "casus.duckdb", read_only: bool = False):
        self.path = str(path)
        self.read_only = read_only
        self._con: duckdb.DuckDBPyConnection | None = None
        self.opened = 0.0  # when `_con` was opened (monotonic seconds)
        self.writer = None if read_only else writer_lock(self.path)
        try:
            if read_only:
                self.version()  # a file that is no store is said now, in one line
            else:
                self.migrate()
        except BaseException:
            self.close()
            raise

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        if self._con is None:
            self._con = connect(self.path, self.read_only)
            self.opened = time.monotonic()
        return self._con

    def release(self, held: float = 0.0) -> None:
        """Close the connection (and DuckDB's lock on the file) until it is next used, if it has
        been open `held` seconds or more: between batches, readers get in at least every HOLD
        seconds without a checkpoint after every small batch."""
        if self._con is not None and time.monotonic() - self.opened >= held:
            con, self._con = self._con, None
            try:
                con.close()  # folds the log into the file: may find the disk full
            except duckdb.Error as e:
                raise StoreError(f"{self.path}: cannot be written: {one_line(e)}") from e

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def close(self) -> None:
        self.release()
        if self.writer is not None:
            self.writer.close()
            self.writer = None

    def version(self) -> int:
        """The schema version, 0 for an empty file; a DuckDB database of other tables is no store,
        and is left as it is."""
        tables = [t for (t,) in self.con.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1").fetchall()]
        if "meta" not in tables:
            if tables:
                raise StoreError(f"{self.path} is a DuckDB database but not a casus store "
                                 f"(its tables: {', '.join(tables[:5])}{', ...' if len(tables) > 5 else ''})")
            return 0
        row = self.con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()
        return int(row[0]) if row else 0

    def migrate(self) -> None:
        current = self.version()
        if current > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {current} is newer than this casus ({SCHEMA_VERSION})")
        self.con.execute("CREATE TABLE IF NOT EXISTS meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
        for v in range(current, SCHEMA_VERSION):
            self.con.execute("BEGIN")
            self.con.execute(MIGRATIONS[v])
            self.con.execute("INSERT OR REPLACE INTO meta VALUES ('schema_version', ?)", [str(v + 1)])
            self.con.execute("COMMIT")

    # -- reading -----------------------------------------------------------

    def known(self, hashes: Iterable[str]) -> set[str]:
        """Which of these document hashes the store already has."""
        return self._stored("hash", hashes)

    def taken(self, ids: Iterable[str]) -> set[str]:
        """Which of these document ids the store already has."""
        return self._stored("id", ids)

    def _stored(self, column: str, values: Iterable[str]) -> set[str]:
        wanted = list(values)
        if not wanted:
            return set()
        sql = {"hash": "SELECT hash FROM documents WHERE list_contains(?, hash)",
               "id": "SELECT id FROM documents WHERE list_contains(?, id)"}[column]  # no SQL from strings
        return {r[0] for r in self.con.execute(sql, [wanted]).fetchall()}

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
            self._write_documents(docs, seq)
            insert(con, "INSERT OR IGNORE INTO sources", once([[_key(doc.source, doc.line), doc.hash, doc.source,
                                                                  doc.line] for doc in [*docs, *seen]]))
            self._write_errors(errors)
            self._write_actors(actors, "IGNORE")  # as they were when first seen
            for save in savers:
                save(con, docs)
            con.execute("COMMIT")
        except BaseException as e:
            try:
                con.execute("ROLLBACK")
            except duckdb.Error:
                pass  # the failed write ended the transaction already; its own error is the one to say
            if isinstance(e, duckdb.Error):
                raise StoreError(f"{self.path}: a batch could not be written, nothing of it was stored: "
                                 f"{one_line(e)}") from e
            raise

    def _write_documents(self, docs: list[Document], seq: int) -> None:
        """A batch's documents (numbered on from `seq`) with their articles and annotations, a
        statement per table: a row at a time, DuckDB's inserts were most of a batch's write."""
        rows: dict[str, list[list[Any]]] = {"documents": [], "removed": [], "articles": []}
        for n, doc in enumerate(docs, seq + 1):
            rows["documents"].append([doc.hash, doc.id, doc.source, doc.line, doc.format, doc.title, doc.date,
                                      doc.url, doc.text, n, doc.outlet])
            rows["removed"] += [[doc.hash, r["start"], r["end"], r["text"], r["reason"]] for r in doc.removed or []]
            for a in doc.articles:
                d = a.date or {}
                rows["articles"].append([a.id, doc.hash, a.index, a.title, a.text, list(a.captions or []), a.start,
                                         a.end, a.duplicate_of, a.similarity, a.story, d.get("value"),
                                         d.get("earliest"), d.get("latest"), d.get("precision"), d.get("basis"),
                                         d.get("evidence")])
        insert(self.con, "INSERT INTO documents (hash, id, source, line, format, title, date, url, text, seq, outlet)",
               rows["documents"])
        insert(self.con, "INSERT INTO removed", rows["removed"])
        insert(self.con, "INSERT INTO articles", rows["articles"])
        articles = [a for doc in docs for a in doc.articles]
        self._write_spans(articles, ("entities", "timexes", "places"))
        self._write_events(articles)

    def _write_errors(self, errors: list[ReadError]) -> None:
        """Read and stage errors, once each (by source, line and reason)."""
        insert(self.con, "INSERT OR IGNORE INTO errors (key, source, line, reason)",
               once([[_key(e.source, e.line, e.reason), e.source, e.line, e.reason] for e in errors]))

    def _write_actors(self, records: list[dict[str, Any]], conflict: str) -> None:
        """Knowledge-base records of mentioned actors; `conflict` is "IGNORE" (keep what was stored)
        or "REPLACE" (a reprocess after the knowledge base changed)."""
        head = {"IGNORE": "INSERT OR IGNORE INTO actors", "REPLACE": "INSERT OR REPLACE INTO actors"}[conflict]
        insert(self.con, head, once([[r["id"], r.get("name"), r.get("type"), r.get("country"), r.get("sector"),
                                       json.dumps(r, ensure_ascii=False)] for r in records]))

    def _write_spans(self, articles: list[Any], tables: Iterable[str]) -> None:
        """The articles' annotation rows in `tables` (entities, timexes, places)."""
        con = self.con
        if "entities" in tables:
            insert(con, "INSERT INTO entities", [[a.id, e["start"], e["end"], e["text"], e["label"], e.get("actor")]
                                                 for a in articles for e in a.entities])
        if "timexes" in tables:
            insert(con, "INSERT INTO timexes", [[a.id, t["start"], t["end"], t["text"], t["type"], t.get("value")]
                                                for a in articles for t in a.timexes])
        if "places" in tables:
            insert(con, "INSERT INTO places", [[a.id, p["start"], p["end"], p["text"], p.get("geonameid"), p.get("name"),
                                               p.get("country"), p.get("admin1"), p.get("lat"), p.get("lon")]
                                              for a in articles for p in a.places])

    def _write_events(self, articles: list[Any]) -> None:
        rows = []
        for a in articles:
            for n, ev in enumerate(a.events):
                src, tgt, att = ev.get("source") or {}, ev.get("target") or {}, ev.get("attribution") or {}
                date = ev.get("date") or {}
                rows.append(
                    [f"{a.id}/e{n}", a.id, ev["type"], ev.get("mode"), ev.get("modality"),
                     src.get("text"), src.get("actor"), tgt.get("text"), tgt.get("actor"),
                     json.dumps(ev["place"]) if ev.get("place") else None,
                     date.get("value"), date.get("precision"), ev.get("killed"), ev.get("injured"),
                     att.get("text"), att.get("kind"), ev.get("sentence"), ev.get("start"), ev.get("end"),
                     ev.get("confidence"), ev.get("cluster"), ev.get("contexts"), date.get("earliest"),
                     date.get("latest"), json.dumps(ev.get("mentions") or [], ensure_ascii=False),
                     json.dumps(ev["content"], ensure_ascii=False) if ev.get("content") else None])
        insert(self.con, "INSERT INTO events", rows)

    # -- reprocessing: later stages run again over stored articles ------------

    # What each stage stores per article, and so what reprocessing from it replaces.
    STAGE_ROWS = {"analyse": ("entities",), "time": ("timexes",), "places": ("places",), "actors": ("entities",),
                  "events": ("events",)}

    def begin_reprocess(self, stages: tuple[str, ...]) -> tuple[tuple[str, ...], int]:
        """Start reprocessing `stages` (from one on to events), or resume the unfinished one that
        covers them: (the stages to replace, the seq of the last document already done). A fresh
        start unlinks every event (links are rebuilt in document order as the documents are done)."""
        row = self.con.execute("SELECT value FROM meta WHERE key = 'reprocess'").fetchone()
        if row:
            pending = json.loads(row[0])
            if set(stages) <= set(pending["stages"]):
                return tuple(pending["stages"]), pending["seq"]
        self.con.execute("BEGIN")
        try:
            self.con.execute("UPDATE events SET cluster = NULL")
            self.con.execute("DELETE FROM events_clusters")
            self._reprocess_done(stages, 0)
            self.con.execute("COMMIT")
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        return stages, 0

    def _reprocess_done(self, stages: tuple[str, ...], seq: int) -> None:
        self.con.execute("INSERT OR REPLACE INTO meta VALUES ('reprocess', ?)",
                         [json.dumps({"stages": list(stages), "seq": seq})])

    def end_reprocess(self) -> None:
        self.con.execute("DELETE FROM meta WHERE key = 'reprocess'")

    def to_reprocess(self, after: int) -> int:
        return self.con.execute("SELECT count(*) FROM documents WHERE seq > ?", [after]).fetchone()[0]

    def stored_documents(self, after: int = 0, chunk: int = 256) -> Iterator[tuple[int, Document]]:
        """(seq, document) for every stored document after `after`, in ingestion order, with its
        articles as the clean and stories stages left them (text, title, captions, copies, story)."""
        while True:
            docs = self.query("SELECT hash, id, source, line, format, title, date, url, text, outlet, seq"
                              " FROM documents WHERE seq > ? ORDER BY seq LIMIT ?", [after, chunk])
            if not docs:
                return
            arts: dict[str, list[dict[str, Any]]] = {}
            for r in self.query('SELECT doc_hash, idx, title, text, captions, start, "end", duplicate_of, similarity,'
                                " story FROM articles WHERE list_contains(?, doc_hash) ORDER BY idx",
                                [[d["hash"] for d in docs]]):
                arts.setdefault(r.pop("doc_hash"), []).append(r)
            for d in docs:
                seq = after = d.pop("seq")
                doc = Document(**d)
                doc.articles = [Article(doc.id, r["idx"], r["text"], r["title"], list(r["captions"] or []), r["start"],
                                        r["end"], r["duplicate_of"], r["similarity"], story=r["story"])
                                for r in arts.get(doc.hash, [])]
                yield seq, doc

    def rewrite(self, docs: list[Document], stages: tuple[str, ...], seq: int, errors: list[ReadError] = (),
                actors: list[dict[str, Any]] = (),
                savers: Iterable[Callable[[Any, list[Document]], None]] = ()) -> None:
        """One reprocessed batch, atomically: each document's rows of the `stages` replaced, the
        actor records refreshed, what the components keep of their own (links) and the progress
        (`seq`, the last document done) saved; clusters no event belongs to any more go."""
        con = self.con
        tables = {t for s in stages for t in self.STAGE_ROWS[s]}
        con.execute("BEGIN")
        try:
            articles = [a for doc in docs for a in doc.articles]
            for table in sorted(tables):  # names from STAGE_ROWS only
                con.execute(f"DELETE FROM {table} WHERE list_contains(?, article_id)", [[a.id for a in articles]])
            self._write_spans(articles, tables)
            if "time" in stages:
                for a in articles:
                    d = a.date or {}
                    con.execute("UPDATE articles SET date_value = ?, date_earliest = ?, date_latest = ?,"
                                " date_precision = ?, date_basis = ?, date_evidence = ? WHERE id = ?",
                                [d.get("value"), d.get("earliest"), d.get("latest"), d.get("precision"),
                                 d.get("basis"), d.get("evidence"), a.id])
            if "events" in tables:
                self._write_events(articles)
            self._write_errors(errors)
            self._write_actors(actors, "REPLACE")  # as the knowledge base now has them
            for save in savers:
                save(con, docs)
            con.execute("DELETE FROM events_clusters WHERE id NOT IN (SELECT cluster FROM events WHERE cluster IS NOT NULL)")
            self._reprocess_done(stages, seq)
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise

    def event_reports(self) -> list[dict[str, Any]]:
        """Every stored event report with what linking needs, in ingestion order."""
        return self.query("""
            SELECT e.cluster, e.type, e.mode, e.modality, e.start, e.source_actor, e.target_actor, e.date_earliest,
                   e.date_latest, json_extract_string(e.place, '$.country') AS country, a.id AS article_id,
                   a.story, a.duplicate_of, a.date_earliest AS article_earliest, d.id AS doc_id, d.url
            FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.hash = a.doc_hash
            WHERE e.cluster IS NOT NULL ORDER BY d.seq, a.idx, e.start""")
