"""The `casus` command line: a thin layer over `casus.api`."""

from __future__ import annotations

import functools
import inspect
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Optional

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

import casus
from casus import api, bench, query, serve, tables
from casus.model import ReadError, Skipped
from casus.pipeline import STAGES, Options, through
from casus.read import walk
from casus.store import Store, StoreError


class App(typer.Typer):
    """The command group; a store that cannot be opened or written (no store, in use, full disk)
    is one line on stderr and exit status 1, not a traceback."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().__call__(*args, **kwargs)
        except StoreError as e:
            err.print(f"error: {e}", markup=False, highlight=False, soft_wrap=True)
            raise SystemExit(1) from None


app = App(add_completion=False, no_args_is_help=True,
          help="casus: who did what to whom, where, when, and according to whom.")
out = Console()
err = Console(stderr=True)

DB = typer.Option("casus.duckdb", "--db", help="DuckDB file of the store.")


def existing_store(db: str) -> str:
    """The --db of a command that reads the store: one line and exit 1 when there is none."""
    try:
        api.require_store(db)
    except api.NoStore as e:
        err.print(str(e), markup=False, highlight=False, soft_wrap=True)
        raise typer.Exit(1) from e
    return db


STORE = typer.Option("casus.duckdb", "--db", help="DuckDB file of the store (made by `casus ingest`).",
                     callback=existing_store)
FORMAT = typer.Option("table", "--format", "-f", help="table, csv, json or jsonl.")


def show_version(value: bool) -> None:
    if value:
        out.print(f"casus {casus.__version__}", markup=False, highlight=False)
        raise typer.Exit()


@app.callback()
def main(_version: bool = typer.Option(False, "--version", callback=show_version, is_eager=True,
                                       help="Print casus's version and exit.")) -> None:
    """Options of casus itself, before any command (the app's help is set above)."""


def cell(value: Any) -> str:
    """A table cell: "-" for a missing value (None, or the NaN/NA a DataFrame holds for one), else the
    value as escaped text."""
    from pandas import isna  # (imported where used: an ingest never needs pandas)

    return "-" if value is None or isna(value) else escape(str(value))


when = query.date_label  # one definition for the CLI, the API and the dashboard


def stage_option(default: str) -> typer.Option:
    return typer.Option(default, "--stage", help=f"Stop after this stage: {', '.join(STAGES)}.")


def report_error(e: ReadError) -> None:
    label = "[yellow]skipped[/yellow]" if isinstance(e, Skipped) else "[red]error[/red]"
    err.print(f"{label} {escape(str(e))}", highlight=False, soft_wrap=True)


def check_stage(stage: str) -> None:
    if stage not in STAGES:
        raise typer.BadParameter(f"unknown stage {stage!r}; one of {', '.join(STAGES)}")


@app.command()
def extract(
    file: str = typer.Argument(..., help="Input file (JSON Lines per the contract, or any readable type); - for stdin."),
    stage: str = stage_option("events"),
    infer_date: bool = typer.Option(False, "--infer-date",
                                    help='Ignore the input "date" and date each article from its text.'),
    _given_date: bool = typer.Option(False, "--given-date", hidden=True,
                                     help="Accepted for old scripts: the input date is trusted by default."),
    no_clean: bool = typer.Option(False, "--no-clean", help="Each input is exactly one article, byte-for-byte."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for the per-article stages."),
    batch_size: int = typer.Option(32, "--batch-size", min=1),
) -> None:
    """One JSON line per input document, in input order (the contract in docs/contract.md)."""
    check_stage(stage)
    opts = Options(stop=stage, given_date=not infer_date, no_clean=no_clean, jobs=jobs, batch_size=batch_size)
    ran = set(through(stage))
    failed = False
    write = sys.stdout.write
    for item in api.extract([file], opts):
        if isinstance(item, ReadError):
            failed = failed or not isinstance(item, Skipped)
            report_error(item)
            write(json.dumps({"id": None, "error": item.reason, "source": item.source, "line": item.line}) + "\n")
        else:
            write(json.dumps(item.to_json(ran), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    raise typer.Exit(1 if failed else 0)


STATUS_EVERY = 10.0  # seconds between status lines when stderr is not a terminal


class Status:
    """Progress of long work on stderr: a Rich progress bar on a terminal; otherwise (a log, CI, a
    pipe) one plain line every STATUS_EVERY seconds, so that work is seen to go on."""

    def __init__(self, what: str, unit: str, total: int | None) -> None:
        self.what, self.unit, self.total = what, unit, total
        self.done, self.documents = 0, 0
        self.bar = Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TextColumn(unit + " · {task.fields[documents]} documents"), TimeElapsedColumn(),
                            console=err, transient=False, disable=not err.is_terminal)
        self.task = self.bar.add_task(what, total=total, documents=0)
        self.started = self.last = time.monotonic()

    def __enter__(self) -> "Status":
        self.bar.__enter__()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.bar.__exit__(*exc)

    def advance(self, n: int = 1, documents: int = 0) -> None:
        self.done += n
        self.documents += documents
        self.bar.update(self.task, advance=n, documents=self.documents)
        now = time.monotonic()
        if not err.is_terminal and now - self.last >= STATUS_EVERY:
            self.last = now
            of = f"/{self.total}" if self.total is not None else ""
            err.print(f"{self.what}: {self.done}{of} {self.unit}, {self.documents} documents, "
                      f"{now - self.started:.0f} s", markup=False, highlight=False, soft_wrap=True)


def count_files(paths: list[str]) -> int | None:
    """How many input files there are, for the progress bar (None for stdin)."""
    n = 0
    for p in paths:
        path = Path(p)
        if p == "-":
            return None
        n += sum(1 for _ in walk(path)) if path.is_dir() else 1
    return n


@app.command()
def ingest(
    paths: list[str] = typer.Argument(..., help="Files or directories (recursive); - for stdin."),
    db: str = DB,
    stage: str = stage_option("events"),
    given_date: bool = typer.Option(True, "--given-date/--no-given-date",
                                    help="Trust dates given by the input (JSON \"date\", HTML metadata)."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1),
    batch_size: int = typer.Option(32, "--batch-size", min=1),
    dask: Optional[str] = typer.Option(None, "--dask", metavar="ADDRESS|local",
                                       help="Run the per-article stages on a Dask cluster: its scheduler's address "
                                            "(tcp://host:8786), or local for one on this machine of --jobs workers "
                                            "(one per core by default)."),
) -> None:
    """Read, process and store documents. Idempotent; safe to kill and rerun."""
    check_stage(stage)
    opts = Options(stop=stage, given_date=given_date, jobs=jobs, batch_size=batch_size, dask=dask)
    with Status("ingesting", "files", count_files(paths)) as status:
        sources: set[str] = set()

        def on_item(item: object) -> None:
            if isinstance(item, ReadError):
                report_error(item)
            src = getattr(item, "doc", item).source
            new_file = src not in sources
            sources.add(src)
            status.advance(int(new_file), documents=0 if isinstance(item, ReadError) else 1)

        report = api.ingest(paths, db, opts, on_item=on_item)
    if report.new:
        err.print(f"{report.new} new documents ({report.articles} articles) stored in {db}; "
                  f"{report.known} already stored; {len(report.errors)} errors", soft_wrap=True)
    else:
        err.print(f"nothing new: {report.known} documents already stored in {db}; {len(report.errors)} errors",
                  soft_wrap=True)
    raise typer.Exit(1 if report.errors else 0)


@app.command("bench")
def bench_command(
    paths: list[str] = typer.Argument(..., help="Files or directories of documents to run over."),
    jobs: list[int] = typer.Option([1, 2], "--jobs", "-j", min=1, help="Run casus with this many worker processes "
                                                                      "(repeat for several: -j 1 -j 2)."),
    limit: Optional[int] = typer.Option(None, "--limit", min=1, help="Only the first N documents."),
    bare_blas: bool = typer.Option(False, "--bare-blas", help="Also time the bare parse with casus's BLAS setting."),
    no_clean: bool = typer.Option(False, "--no-clean", help="Each input is exactly one article, byte-for-byte."),
    batch_size: int = typer.Option(32, "--batch-size", min=1),
    rounds: int = typer.Option(1, "--rounds", min=1, help="Run all the sides in turn this many times and keep "
                                                          "each side's best: ratios that hold on a busy machine."),
) -> None:
    """Throughput of the whole pipeline against a bare spaCy parse of the same texts, in one run:
    documents and words per second (wall and CPU), per component, peak memory, --jobs side by side."""
    with Status("bench", "sides", rounds * (1 + bare_blas + len(jobs))) as status:
        def on_progress(side: str, n: int) -> None:
            if side != status.what:  # the side before it has ended
                status.advance(int(status.what != "bench"))
                status.what = side
                status.bar.update(status.task, description=side)
            status.advance(0, documents=n)

        report = api.bench(paths, jobs, limit, bare_blas, no_clean, batch_size, on_progress, rounds)
        status.advance(1)
    for line in bench.lines(report):
        out.print(line, markup=False, highlight=False, soft_wrap=True)


@app.command()
def reprocess(
    db: str = STORE,
    stage: str = typer.Option("analyse", "--stage",
                              help=f"Run this stage and every later one again: {', '.join(api.REPROCESSED)}; "
                                   "e.g. actors after `casus actors add`."),
    given_date: bool = typer.Option(True, "--given-date/--no-given-date",
                                    help="Trust dates given by the input, as `casus ingest` does."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1),
    batch_size: int = typer.Option(32, "--batch-size", min=1),
) -> None:
    """Run stages again over every stored article, with the knowledge base, gazetteer and code as they
    are now, replacing what those stages stored. Safe to kill: run it again to finish."""
    if stage not in api.REPROCESSED:
        raise typer.BadParameter(f"one of {', '.join(api.REPROCESSED)} (clean and stories: ingest into a new "
                                 "store)", param_hint="--stage")
    opts = Options(given_date=given_date, jobs=jobs, batch_size=batch_size)
    with Status("reprocessing", "documents", None) as status:
        def on_item(item: object) -> None:
            if isinstance(item, ReadError):
                report_error(item)
            status.advance(1, documents=0 if isinstance(item, ReadError) else 1)

        def on_start(n: int) -> None:
            status.total = n
            status.bar.update(status.task, total=n)

        report = api.reprocess(db, stage, opts, on_item=on_item, on_start=on_start)
    err.print(f"{'resumed: ' if report.resumed else ''}{report.documents} documents ({report.articles} articles) "
              f"reprocessed in {db}: {', '.join(report.stages)} replaced; {len(report.errors)} errors",
              markup=False, highlight=False, soft_wrap=True)
    raise typer.Exit(1 if report.errors else 0)


@app.command()
def stats(db: str = STORE) -> None:
    """What the store holds: documents, articles, stories, events by type, top actors."""
    s = api.stats(db)
    t = Table(title=f"casus store {db}", show_header=False)
    for k, label in (("documents", "documents"), ("articles", "articles"), ("duplicates", "duplicates"),
                     ("stories", "stories"), ("events", "events"),
                     ("historical_events", "background events (historical, not counted)"), ("clusters", "event clusters"),
                     ("errors", "errors")):
        t.add_row(label, f"{s[k]:,}")
    if s["dates"]["earliest"]:
        t.add_row("event dates (news, not background)", f"{s['dates']['earliest']} .. {s['dates']['latest']}")
    out.print(t)
    if s["events_by_type"]:
        t = Table(title="events by type")
        t.add_column("type"), t.add_column("events", justify="right")
        for row in s["events_by_type"]:
            t.add_row(row["type"], str(row["n"]))
        out.print(t)
    if s["top_actors"]:
        t = Table(title="top actors (events as source or target)")
        t.add_column("actor"), t.add_column("name"), t.add_column("events", justify="right")
        for row in s["top_actors"]:
            t.add_row(escape(row["actor"]), escape(row["name"] or ""), str(row["n"]))
        out.print(t)


@app.command()
def show(article_id: str = typer.Argument(..., help='Article id, "DOCID#N".'), db: str = STORE) -> None:
    """One article: its text, title, date, captions, duplicates, story and annotations."""
    a = api.article(db, article_id)
    if a is None:
        err.print(f"no article {article_id!r} in {db}", markup=False, highlight=False)
        raise typer.Exit(1)
    out.print(f"[bold]{escape(a['id'])}[/bold]  {escape(a['title'] or '(no title)')}", highlight=False)
    basis = f" ({a['date']['basis']})" if a["date"]["basis"] else ""
    out.print(f"source {a['source']}  date {when(a['date'])}{basis}  story {a['story'] or '-'}", highlight=False,
              markup=False, soft_wrap=True)
    if a["duplicate_of"]:
        out.print(f"duplicate of {a['duplicate_of']} (similarity {a['similarity']})", markup=False)
    if a["duplicates"]:
        out.print(f"copies: {', '.join(a['duplicates'])}", markup=False)
    for c in a["captions"] or []:
        out.print(f"[dim]caption:[/dim] {escape(c)}", highlight=False)
    out.print()
    out.print(a["text"], markup=False, highlight=False)
    for ev in a["events"]:
        out.print(f"• {ev['type']} {ev['modality'] or ''}: {ev['sentence']}", markup=False, highlight=False)



actors_app = typer.Typer(help="The actor knowledge base: search it, list the actors stored articles mention, "
                              "add your own.", no_args_is_help=False)
app.add_typer(actors_app, name="actors")


@actors_app.callback(invoke_without_command=True)
def actors_list(
    ctx: typer.Context,
    query: str = typer.Option("", "--query", "-q", help="Part of an id, name or alias (case and accents ignored)."),
    type: str = typer.Option(None, "--type", help="Only actors of this type (person, state_body, armed_group, ...)."),
    country: str = typer.Option(None, "--country", help="Only actors of this country (ISO 3166-1 code, 2 or 3 "
                                                         "letters, as `casus events --country`)."),
    seen: bool = typer.Option(False, "--seen", help="List the actors the store's articles mention, with counts."),
    db: str = DB,
    limit: int = typer.Option(50, "--limit", min=1),
    as_json: bool = typer.Option(False, "--json", help="One JSON object per line instead of a table."),
) -> None:
    """Search the actor knowledge base (shipped and your own), or list actors seen in the store."""
    if ctx.invoked_subcommand:
        return
    from casus import actors

    if seen:
        existing_store(db)
        with Store(db, read_only=True) as store:
            rows = actors.seen_in_store(store, query, limit)
        if as_json:
            for r in rows:
                out.print(json.dumps(r, ensure_ascii=False), markup=False, highlight=False, soft_wrap=True)
            return
        t = Table(title=f"actors mentioned in {db}")
        for c in ("actor", "name", "type", "country", "mentions", "articles"):
            t.add_column(c, justify="right" if c in ("mentions", "articles") else "left")
        for r in rows:
            t.add_row(*(escape(str(r[c] if r[c] is not None else "-")) for c in
                        ("actor", "name", "type", "country", "mentions", "articles")))
        out.print(t)
        return
    from casus.actors.kb import TYPES
    from casus.query import choice, country_codes  # `query` is an option here

    type = run_query(lambda: type and choice("actor type", type, sorted(TYPES)))
    country = run_query(lambda: country and country_codes(country)[1])  # actors carry ISO3
    found = actors.load().search(query, type=type, country=country)[:limit]
    if as_json:
        for a in found:
            out.print(json.dumps(a.to_json(), ensure_ascii=False), markup=False, highlight=False, soft_wrap=True)
        return
    t = Table(title=f"{len(found)} actors" + (f" matching {query!r}" if query else ""))
    for c in ("id", "name", "type", "country", "sector", "roles"):
        t.add_column(c)
    for a in found:
        roles = "; ".join(f"{r.title} {r.org} {r.start or '?'}..{r.end or ''}" for r in a.roles[:3])
        t.add_row(*(escape(x or "-") for x in (a.id, a.name, a.type, a.country, a.sector, roles)))
    out.print(t)


@actors_app.command("add")
def actors_add(
    name: str = typer.Argument(..., help="The actor's name as news writes it."),
    type: str = typer.Option(None, "--type", help="person, state_body, armed_group, media, ngo, party, ... "
                                                   "(default: organisation)."),
    actor_id: str = typer.Option(None, "--id", help="Stable id; default person:<slug> or user:<slug>. An existing "
                                                     "id extends that actor (e.g. adds aliases)."),
    alias: list[str] = typer.Option([], "--alias", "-a", help="Another name (repeatable)."),
    country: str = typer.Option(None, "--country", help="ISO 3166-1 alpha-3 code."),
    sector: str = typer.Option(None, "--sector", help="GOV MIL INT POL JUD LEG REB OPP MED CVL BUS REL NGO IGO PTY."),
    parent: list[str] = typer.Option([], "--parent", help="Id of an organisation it belongs to (repeatable)."),
    sponsor: list[str] = typer.Option([], "--sponsor", help="Id of a backer (repeatable)."),
    role: list[str] = typer.Option([], "--role", help="TITLE@ORG[:START[:END]], e.g. commander@IRN.IRGC.QUDS:2020-01-03."),
    file: Path = typer.Option(None, "--file", help="User actor file (default: $CASUS_ACTORS or "
                                                   "~/.config/casus/actors.jsonl)."),
) -> None:
    """Add an actor to your own actor file, merged over the shipped knowledge base at run time."""
    from casus import actors
    from casus.actors.kb import user_record

    try:
        record = user_record(actors.load(), name, type, actor_id, alias, country, sector, parent, sponsor, role)
    except ValueError as e:
        raise typer.BadParameter(str(e)) from e
    path = actors.add_user_actor(record, file)
    err.print(f"added {record['id']} to {path}", markup=False, highlight=False)


@app.command("clean")
def clean_command(
    file: str = typer.Argument(..., help="A file or directory of any readable type; - for stdin."),
    explain: bool = typer.Option(False, "--explain",
                                 help="Show every line of the raw text with its verdict and reason."),
) -> None:
    """The clean articles of each document: boilerplate removed, glued articles split, captions
    set apart. With --explain, every raw line with its verdict (body, title, caption, removed) and why."""
    from rich.text import Text

    from casus import clean
    from casus.read import read_paths

    docs, failed = [], False
    for item in read_paths([file]):
        if isinstance(item, ReadError):
            failed = True
            report_error(item)
        else:
            docs.append(item)
    counts = clean.counted(docs)  # line frequencies across the documents given, as `extract` sees them
    styles = {clean.BODY: "", clean.TITLE: "bold", clean.CAPTION: "cyan", clean.REMOVED: "dim strike"}
    for doc in docs:
        verdicts = clean.explain(doc, counts)
        articles = clean.apply(doc, verdicts)
        out.rule(escape(f"{doc.id}: {len(articles)} articles, {len(doc.removed)} lines removed"))
        if explain:
            by_line = {v.line.n: v for v in verdicts}
            for n in range(doc.text.count("\n") + 1):
                v = by_line.get(n)
                row = Text(f"{n + 1:>5} ", style="dim")
                if v is not None:
                    where = "" if v.article is None else f"#{v.article}"
                    row.append(f"{v.kind:<7} {where:<3} ").append(v.line.text, style=styles[v.kind])
                    row.append(f"  <- {v.reason}", style="dim italic")
                out.print(row, highlight=False, soft_wrap=True)
            continue
        for a in articles:
            out.print(f"[bold]#{a.index} {escape(a.title or '(no title)')}[/bold]", highlight=False)
            for c in a.captions:
                out.print(f"[cyan]caption:[/cyan] {escape(c)}", highlight=False)
            out.print(a.text, markup=False, highlight=False)
            out.print()
    raise typer.Exit(1 if failed else 0)


@app.command("stories")
def stories_command(
    db: str = STORE,
    limit: int = typer.Option(50, "--limit", "-n", min=1, help="How many stories to list."),
    min_articles: int = typer.Option(1, "--min-articles", min=1, help="Only stories with at least this many articles."),
    query: str = typer.Option(None, "--query", "-q", help="Part of the story label, or a story id."),
    format: str = FORMAT,
) -> None:
    """Stories in the store, most recently seen first: label, first/last seen, articles, outlets."""
    df = api.stories(db, query, limit, min_articles=min_articles)
    if format != "table":
        write_rows(df, format)
        return
    rows = df.to_dict("records")
    t = Table(title=f"stories in {db}")
    t.add_column("story", overflow="fold")
    t.add_column("label", ratio=1)
    for col in ("first seen", "last seen"):
        t.add_column(col, no_wrap=True)
    for col in ("articles", "outlets"):
        t.add_column(col, justify="right")
    for r in rows:
        t.add_row(*(cell(r[c]) for c in ("id", "label", "first_seen", "last_seen", "articles", "outlets")))
    out.print(t)


# -- queries over the store: the same filters as casus.api.events and the HTTP API ----------------

def write_rows(df: Any, format: str, items: list[dict[str, Any]] | None = None) -> None:
    """A table's rows to stdout as CSV, or JSON / JSON Lines (of `items` when given: nested records)."""
    if format not in ("csv", "json", "jsonl"):
        raise typer.BadParameter(f"unknown format {format!r}; one of table, csv, json, jsonl")
    if format == "csv":
        tables.write(df, sys.stdout, "csv")
        return
    records = items if items is not None else json.loads(df.to_json(orient="records", force_ascii=False))
    if format == "json":
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def filter_option(spec: query.FilterSpec) -> inspect.Parameter:
    """The CLI option of one event filter, from its field in casus.query.Filters."""
    names = [spec.flag] + ([spec.short] if spec.short else [])
    if spec.type == "array":
        return inspect.Parameter(spec.name, inspect.Parameter.KEYWORD_ONLY, annotation=list[spec.python],
                                 default=typer.Option([], *names, help=spec.help))
    if spec.type == "boolean":
        return inspect.Parameter(spec.name, inspect.Parameter.KEYWORD_ONLY, annotation=bool,
                                 default=typer.Option(False, *names, help=spec.help))
    return inspect.Parameter(spec.name, inspect.Parameter.KEYWORD_ONLY, annotation=Optional[spec.python],
                             default=typer.Option(None, *names, help=spec.help, min=spec.min))


def filter_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """Give a command one option per event filter (the fields of casus.query.Filters), passed to it
    as the dict `filters` of those given."""
    own = [p for p in inspect.signature(command, eval_str=True).parameters.values() if p.name != "filters"]
    extra = [filter_option(spec) for spec in query.filter_specs()]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> Any:
        given = {p.name: kwargs.pop(p.name) for p in extra}
        filters = {k: v for k, v in given.items() if v is not None and v is not False and v != []}
        return command(filters=filters, **kwargs)

    wrapper.__signature__ = inspect.Signature(own + extra)  # type: ignore[attr-defined]
    return wrapper


def run_query(fn: Callable[[], Any]) -> Any:
    try:
        return fn()
    except ValueError as e:
        raise typer.BadParameter(str(e)) from e


@app.command("events")
@filter_options
def events_command(
    db: str = STORE,
    format: str = FORMAT,
    limit: int = typer.Option(50, "--limit", "-n", min=0, help="How many events (0: all)."),
    offset: int = typer.Option(0, "--offset", min=0),
    filters: dict[str, Any] = None,
) -> None:
    """Events matching the filters, newest first: table, CSV (flat columns) or JSON / JSON Lines
    (nested, as the HTTP API's items), each with its evidence sentence."""
    with Store(db, read_only=True) as store:
        page = run_query(lambda: query.events(store.con, filters, limit or None, offset))
        if format == "csv":
            rows = query.event_rows(store.con, filters, limit or None, offset)
    if format == "csv":
        write_rows(tables.table(rows, "casus"), "csv")
        return
    if format != "table":
        write_rows(None, format, page["items"])
        return
    t = Table(title=f"{len(page['items'])} of {page['total']} events in {db}", show_lines=True)
    t.add_column("date", no_wrap=True)
    t.add_column("event")
    t.add_column("who → whom")
    t.add_column("esc.", justify="right", no_wrap=True)
    t.add_column("evidence", ratio=1)
    for e in page["items"]:
        date = when(e["date"]) if e["date"]["earliest"] or e["date"]["value"] else \
            (f"~{e['report_date']}" if e["report_date"] else "-")
        kind = "/".join(x for x in (e["type"], e["mode"]) if x) + f"\n{e['modality']}"
        who = " → ".join(x["name"] or x["text"] or "?" for x in (e["source"], e["target"]))
        where = f"\nin {e['place']['name']}" if e["place"] else ""
        reports = f"\n{e['independent_reports']} reports" if (e["independent_reports"] or 1) > 1 else ""
        t.add_row(escape(date), escape(kind + reports), escape(who + where), str(e["escalation"]),
                  escape(e["sentence"] or ""))
    out.print(t, highlight=False)
    out.print("[dim]date: the event's own date; ~date: only the reporting article's date is known[/dim]")


@app.command("export")
@filter_options
def export_command(
    db: str = STORE,
    format: str = typer.Option("csv", "--format", "-f", help="csv, parquet or jsonl."),
    schema: str = typer.Option("casus", "--schema", help="casus, acled or gdelt column set."),
    out_path: Path = typer.Option(None, "--out", "-o", help="Output file (default: stdout; required for parquet)."),
    all_events: bool = typer.Option(False, "--all-events",
                                    help="acled/gdelt: every report of every event, as casus has them, not only "
                                         "what those datasets hold (one row per event, events that happened, "
                                         "ACLED's event types)."),
    filters: dict[str, Any] = None,
) -> None:
    """A flat table of the events matching the filters, with provenance columns (article, evidence
    sentence, attribution, modality, confidence), in casus's own, ACLED-like or GDELT-like columns."""
    if format not in tables.FORMATS or schema not in tables.SCHEMAS:
        raise typer.BadParameter(f"--format is one of {', '.join(tables.FORMATS)}; "
                                 f"--schema one of {', '.join(tables.SCHEMAS)}")
    if out_path is None and format == "parquet":
        raise typer.BadParameter("parquet needs --out FILE")
    n = run_query(lambda: api.export(db, out_path or sys.stdout, format, schema, all_events, **filters))
    if out_path is not None:
        err.print(f"{n} events written to {out_path}", markup=False, highlight=False)


@app.command("watch")
def watch_command(
    rules: Path = typer.Argument(..., exists=True, dir_okay=False, help="YAML rules (see examples/watch.yaml)."),
    db: str = STORE,
    format: str = typer.Option("text", "--format", "-f", help="text or jsonl."),
    since_last: bool = typer.Option(True, "--since-last/--all",
                                    help="Only events not reported by an earlier run (default), or every match."),
) -> None:
    """Report events matching watchlist rules, once each: run it after each ingest."""
    if format not in ("text", "jsonl"):
        raise typer.BadParameter("--format is text or jsonl")
    hits = run_query(lambda: api.watch(db, rules, since_last, remember=True))
    for h in hits:
        e = h["event"]
        if format == "jsonl":
            sys.stdout.write(json.dumps(h, ensure_ascii=False) + "\n")
            continue
        day = when(e["date"]) if e["date"]["earliest"] or e["date"]["value"] else e["report_date"] or "undated"
        who = " → ".join(x["name"] or x["text"] or "?" for x in (e["source"], e["target"]))
        where = f" in {e['place']['name']}" if e["place"] else ""
        out.print(f"[bold]{escape(h['rule'])}[/bold] {escape(day)} {e['type']} {escape(who)}{escape(where)} "
                  f"(escalation {e['escalation']}, independent reports: {e['independent_reports'] or 1}) "
                  f"[dim]{escape(e['id'])}[/dim]",
                  highlight=False, soft_wrap=True)
        out.print(f"  {escape(e['sentence'] or '')}", highlight=False, soft_wrap=True)
    if format == "text":
        err.print(f"{len(hits)} new matches", markup=False, highlight=False)


@app.command("serve")
def serve_command(
    db: str = STORE,
    host: str = typer.Option(serve.HOST, "--host", help="Interface to listen on (default: this machine only)."),
    port: int = typer.Option(serve.PORT, "--port"),
) -> None:
    """The JSON HTTP API (/api/..., OpenAPI at /openapi.json) and the dashboard, read-only."""
    if host not in ("127.0.0.1", "localhost", "::1"):
        err.print(f"warning: serving on {host}: anyone who can reach it can read the store", markup=False,
                  highlight=False)
    serve.serve(db, host, port)
