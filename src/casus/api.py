"""The Python API; the CLI is a thin layer over these functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casus.model import Document, ReadError
from casus.pipeline import Options, Run, batched, process
from casus.read import read_paths
from casus.store import Store


def extract(paths: Iterable[str | Path], options: Options | None = None) -> Iterator[Document | ReadError]:
    """Documents with every selected stage applied, in input order; errors in place."""
    run = Run(options=options or Options())
    for batch in process(read_paths(paths), run):
        yield from batch


@dataclass
class Known:
    """A document whose content is already stored: only where it was seen is recorded."""

    doc: Document


@dataclass
class IngestReport:
    new: int = 0
    known: int = 0
    articles: int = 0
    errors: list[ReadError] = field(default_factory=list)


def fresh(items: Iterable[Document | ReadError], store: Store) -> Iterator[Any]:
    """Skip documents already stored (or met earlier in this run) before any work is
    spent on them, and give each new document an id that is unique in the store."""
    hashes: set[str] = set()
    ids: set[str] = set()
    for batch in batched(items, 256):
        known = store.known(x.hash for x in batch if isinstance(x, Document))
        for x in batch:
            if not isinstance(x, Document):
                yield x
            elif x.hash in known or x.hash in hashes:
                yield Known(x)
            else:
                hashes.add(x.hash)
                if x.id in ids or store.id_taken(x.id):
                    x.id = f"{x.id}@{x.hash[:8]}"
                ids.add(x.id)
                yield x


def actor_records(docs: list[Document], run: Run) -> list[dict[str, Any]]:
    """Knowledge-base records of every actor the documents' entities and events name."""
    if "actors" not in run.ran():
        return []
    from casus.actors import load

    kb = load(run)
    ids = {e["actor"] for d in docs for a in d.articles for e in a.entities if e.get("actor")}
    ids |= {(ev.get(k) or {}).get("actor") for d in docs for a in d.articles for ev in a.events
            for k in ("source", "target")} - {None}
    found = (kb.get(i) for i in sorted(ids))
    return [a.to_json() | {"id": a.id} for a in found if a is not None]


def ingest(paths: Iterable[str | Path], db: str | Path = "casus.duckdb", options: Options | None = None,
           on_item: Callable[[Any], None] | None = None) -> IngestReport:
    """Read, process and store; idempotent and safe to kill and rerun at any point."""
    report = IngestReport()
    with Store(db) as store:
        run = Run(options=options or Options(given_date=True), store=store)
        for batch in process(fresh(read_paths(paths), store), run):
            docs = [x for x in batch if isinstance(x, Document)]
            seen = [x.doc for x in batch if isinstance(x, Known)]
            errors = [x for x in batch if isinstance(x, ReadError)]
            store.write(docs, errors, seen, actor_records(docs, run))
            report.new += len(docs)
            report.known += len(seen)
            report.articles += sum(len(d.articles) for d in docs)
            report.errors += errors
            if on_item:
                for x in batch:
                    on_item(x)
    return report


def stats(store: Store) -> dict[str, Any]:
    """Counts for a summary: what is stored, events by type, the most active actors."""
    one = lambda sql: store.con.execute(sql).fetchone()[0]  # noqa: E731
    return {
        "documents": store.count("documents"),
        "articles": store.count("articles"),
        "duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
        "stories": one("SELECT count(DISTINCT story) FROM articles WHERE story IS NOT NULL"),
        "events": store.count("events"),
        "event clusters": store.count("events_clusters"),
        "errors": store.count("errors"),
        "events_by_type": store.query("SELECT type, count(*) AS n FROM events GROUP BY type ORDER BY n DESC, type"),
        "top_actors": store.query(
            "SELECT e.actor, any_value(a.name) AS name, count(*) AS n FROM (SELECT source_actor AS actor FROM events"
            " UNION ALL SELECT target_actor FROM events) e LEFT JOIN actors a ON a.id = e.actor"
            " WHERE e.actor IS NOT NULL GROUP BY e.actor ORDER BY n DESC, e.actor LIMIT 10"),
    }


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    """One stored article with its source, copies and events; a bare document id means its first article."""
    rows = store.query("SELECT a.*, d.source FROM articles a JOIN documents d ON d.hash = a.doc_hash"
                       " WHERE a.id IN (?, ?) ORDER BY a.id = ? DESC", [article_id, f"{article_id}#0", article_id])
    if not rows:
        return None
    a = rows[0]
    article_id = a["id"]
    a["duplicates"] = [r["id"] for r in store.query(
        "SELECT id FROM articles WHERE duplicate_of = ? ORDER BY id", [article_id])]
    a["events"] = store.query("SELECT * FROM events WHERE article_id = ? ORDER BY start", [article_id])
    return a
