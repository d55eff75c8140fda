"""The Python API; the CLI is a thin layer over these functions."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from spacy.util import minibatch

from casus import query, tables
from casus.bench import Report, bench  # noqa: F401  (casus.api.bench: `casus bench`)
from casus.model import Document, ReadError, Skipped

from casus.pipeline import Options, Run, process
from casus.read import read_paths
from casus.store import HOLD, Store

if TYPE_CHECKING:  # pandas is imported where a table is made: an ingest never needs it
    import pandas as pd


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
    for batch in minibatch(items, 256):
        known = store.known(x.hash for x in batch if isinstance(x, Document))
        taken = store.taken(x.id for x in batch if isinstance(x, Document))
        for x in batch:
            if not isinstance(x, Document):
                yield x
            elif x.hash in known or x.hash in hashes:
                yield Known(x)
            else:
                hashes.add(x.hash)
                if x.id in ids or x.id in taken:
                    x.rename(f"{x.id}@{x.hash[:8]}")
                ids.add(x.id)
                yield x


def actor_records(docs: list[Document], run: Run) -> list[dict[str, Any]]:
    """Knowledge-base records of every actor the documents' entities and events name."""
    if "actors" not in run.stages():
        return []
    kb = run.resources.kb
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
        run = Run(options=options or Options(), store=store)
        for batch in process(fresh(read_paths(paths), store), run):
            docs = [x for x in batch if isinstance(x, Document)]
            seen = [x.doc for x in batch if isinstance(x, Known)]
            errors = failures(batch)
            store.write(docs, errors, seen, actor_records(docs, run), run.savers())
            store.release(HOLD)  # readers (casus serve) get in between batches
            report.new += len(docs)
            report.known += len(seen)
            report.articles += sum(len(d.articles) for d in docs)
            report.errors += errors
            if on_item:
                for x in batch:
                    on_item(x)
    return report


def failures(batch: list[Any]) -> list[ReadError]:
    """A batch's errors: what could not be read or processed (a file of unknown type is no error)."""
    return [x for x in batch if isinstance(x, ReadError) and not isinstance(x, Skipped)]


class NoStore(FileNotFoundError):
    """A command that reads the store was given a path where there is none."""


def require_store(db: str | Path) -> None:
    """Raise NoStore, in words a user can act on, unless a store exists at `db`; reading must
    not create one (an empty store would answer every question with nothing)."""
    if not Path(db).exists():
        raise NoStore(f"no store at {db}: run `casus ingest` first")


REPROCESSED = ("analyse", "time", "places", "actors", "events")  # the stages reprocess can run again


@dataclass
class ReprocessReport:
    stages: tuple[str, ...] = ()
    documents: int = 0
    articles: int = 0
    resumed: bool = False
    errors: list[ReadError] = field(default_factory=list)


def reprocess(db: str | Path = "casus.duckdb", stage: str = "analyse", options: Options | None = None,
              on_item: Callable[[Any], None] | None = None, on_start: Callable[[int], None] | None = None,
              ) -> ReprocessReport:
    """Run `stage` and every stage after it again over every stored article, replacing what they
    stored: e.g. `actors` after the knowledge base changed (`casus actors add`). The stages from
    analyse up to `stage` run too, for the parse later stages read, but their rows are kept. Clean
    and stories are not rerun (their run-wide state grows as documents arrive: ingest anew for that).

    Each batch commits in one transaction with the progress, so a killed run, run again, resumes
    where it stopped; running it again once finished changes nothing. `on_start(n)` is told how
    many documents there are to do, `on_item` each one done (or error)."""
    if stage not in REPROCESSED:
        raise ValueError(f"cannot reprocess from {stage!r}: one of {', '.join(REPROCESSED)} (clean and stories "
                         "keep run-wide state; ingest into a new store to run them again)")
    require_store(db)
    report = ReprocessReport()
    with Store(db) as store:
        stages, after = store.begin_reprocess(REPROCESSED[REPROCESSED.index(stage):])
        report.stages, report.resumed = stages, after > 0
        if on_start:
            on_start(store.to_reprocess(after))
        run = Run(options=replace(options or Options(), stop="events", stored=True), store=store)
        seqs: dict[str, int] = {}

        def stored() -> Iterator[Document]:
            for seq, doc in store.stored_documents(after):
                seqs[doc.hash] = seq
                yield doc

        for batch in process(stored(), run):
            docs = [x for x in batch if isinstance(x, Document)]
            errors = failures(batch)
            done = max((seqs.pop(d.hash) for d in docs), default=after)
            store.rewrite(docs, stages, done, errors, actor_records(docs, run), run.savers())
            after = done
            report.documents += len(docs)
            report.articles += sum(len(d.articles) for d in docs)
            report.errors += errors
            if on_item:
                for x in batch:
                    on_item(x)
        store.end_reprocess()
    return report


@contextmanager
def _connection(db: str | Path | Store) -> Iterator[Any]:
    """A DuckDB connection to a store given as a path (opened read-only) or an open Store."""
    if isinstance(db, Store):
        yield db.con
        return
    require_store(db)
    with Store(db, read_only=True) as store:
        yield store.con


def stats(db: str | Path | Store = "casus.duckdb") -> dict[str, Any]:
    """Counts for a summary: what is stored, its date span, events by type, the most active actors."""
    with _connection(db) as con:
        return query.stats(con)


def article(db: str | Path | Store, article_id: str) -> dict[str, Any] | None:
    """One stored article with its document, removed lines, annotations, copies and events;
    a bare document id means its first article."""
    with _connection(db) as con:
        return query.article(con, article_id)


def events(db: str | Path | Store = "casus.duckdb", schema: str = "casus", limit: int | None = None,
           offset: int = 0, everything: bool = False, **filters: Any) -> pd.DataFrame:
    """Events matching the filters (see casus.query.Filters) as a flat table, newest first:
    casus's columns, or ACLED-like / GDELT-like ones (`schema`), with provenance columns.

    The ACLED-like and GDELT-like tables hold what those datasets hold, unless `everything`: one row
    per real-world event (`dedup`), only events that happened (modality asserted, reported or
    claimed, unless `modality` or `historical` asks for others) and, for ACLED, only the event types
    ACLED records."""
    if schema != "casus" and not everything:
        filters = {"dedup": True, **filters}
        if not filters.get("modality") and not filters.get("historical"):
            filters["modality"] = tables.happened()
    with _connection(db) as con:
        rows = query.event_rows(con, filters, limit, offset)
    return tables.table(rows, schema, everything)


def export(db: str | Path | Store, path: str | Path | Any, format: str = "csv", schema: str = "casus",
           everything: bool = False, **filters: Any) -> int:
    """Write the events matching the filters to `path` as CSV, Parquet or JSON Lines; returns the row count."""
    if format not in tables.FORMATS:
        raise ValueError(f"format must be one of {', '.join(tables.FORMATS)}")
    df = events(db, schema, everything=everything, **filters)
    tables.write(df, path, format)
    return len(df)


def stories(db: str | Path | Store = "casus.duckdb", q: str | None = None, limit: int | None = None,
            offset: int = 0, min_articles: int = 1) -> pd.DataFrame:
    """Stories, most recently seen first, with article, outlet and event counts."""
    import pandas as pd

    with _connection(db) as con:
        return pd.DataFrame(query.stories(con, q, limit, offset, min_articles)["items"],
                            columns=["id", "label", "first_seen", "last_seen", "articles", "outlets", "events"])


def actors(db: str | Path | Store = "casus.duckdb", q: str | None = None, limit: int | None = None,
           offset: int = 0) -> pd.DataFrame:
    """Actors the stored articles mention, with the number of events each is source or target of."""
    import pandas as pd

    with _connection(db) as con:
        return pd.DataFrame(query.actors(con, q, limit, offset)["items"],
                            columns=["id", "name", "type", "country", "sector", "events"])


def watch(db: str | Path, rules: str | Path | list[Any], since_last: bool = True,
          remember: bool = False) -> list[dict[str, Any]]:
    """Events matching watchlist rules (a YAML file, or casus.watch.Rule objects), one per event
    cluster; with `since_last`, only clusters not reported by an earlier run that remembered what it
    reported. `remember` records this run's matches (as `casus watch` does): off by default, so that
    looking from Python never hides an event from the next `casus watch`."""
    from casus import watch as watchlist

    rules = watchlist.load_rules(rules) if isinstance(rules, (str, Path)) else rules
    require_store(db)
    if not remember:
        with Store(db, read_only=True) as store:
            return watchlist.run(store, rules, since_last, remember=False)
    with Store(db) as store:
        return watchlist.run(store, rules, since_last)
