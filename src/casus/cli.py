"""The `casus` command line: a thin layer over `casus.api`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from casus import api
from casus.model import ReadError
from casus.pipeline import STAGE_NAMES, Options, Run
from casus.read import walk
from casus.store import Store

app = typer.Typer(add_completion=False, no_args_is_help=True,
                  help="casus: who did what to whom, where, when, and according to whom.")
out = Console()
err = Console(stderr=True)

DB = typer.Option("casus.duckdb", "--db", help="DuckDB file of the store.")


def stage_option(default: str) -> typer.Option:
    return typer.Option(default, "--stage", help=f"Stop after this stage: {', '.join(STAGE_NAMES)}.")


def report_error(e: ReadError) -> None:
    err.print(f"[red]error[/red] {escape(str(e))}", highlight=False, soft_wrap=True)


def check_stage(stage: str) -> None:
    if stage not in STAGE_NAMES:
        raise typer.BadParameter(f"unknown stage {stage!r}; one of {', '.join(STAGE_NAMES)}")


@app.command()
def extract(
    file: str = typer.Argument(..., help="Input file (JSON Lines per the contract, or any readable type); - for stdin."),
    stage: str = stage_option("events"),
    given_date: bool = typer.Option(False, "--given-date", help='Trust the input "date" as the publication date.'),
    no_clean: bool = typer.Option(False, "--no-clean", help="Each input is exactly one article, byte-for-byte."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for the per-article stages."),
    batch_size: int = typer.Option(32, "--batch-size", min=1),
) -> None:
    """One JSON line per input document, in input order (the DESIGN.md contract)."""
    check_stage(stage)
    opts = Options(stop=stage, given_date=given_date, no_clean=no_clean, jobs=jobs, batch_size=batch_size)
    ran = Run(options=opts).ran()
    failed = False
    write = sys.stdout.write
    for item in api.extract([file], opts):
        if isinstance(item, ReadError):
            failed = True
            report_error(item)
            write(json.dumps({"id": None, "error": item.reason, "source": item.source, "line": item.line}) + "\n")
        else:
            write(json.dumps(item.to_json(ran), ensure_ascii=False) + "\n")
    sys.stdout.flush()
    raise typer.Exit(1 if failed else 0)


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
) -> None:
    """Read, process and store documents. Idempotent; safe to kill and rerun."""
    check_stage(stage)
    opts = Options(stop=stage, given_date=given_date, jobs=jobs, batch_size=batch_size)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("files · {task.fields[docs]} documents"), TimeElapsedColumn(),
                  console=err, transient=False, disable=not err.is_terminal) as bar:
        task = bar.add_task("ingesting", total=count_files(paths), docs=0)
        sources: set[str] = set()
        docs = 0

        def on_item(item: object) -> None:
            nonlocal docs
            if isinstance(item, ReadError):
                report_error(item)
            doc = getattr(item, "doc", item)
            src = doc.source
            if src not in sources:
                sources.add(src)
                bar.advance(task)
            if not isinstance(item, ReadError):
                docs += 1
                bar.update(task, docs=docs)

        report = api.ingest(paths, db, opts, on_item=on_item)
    if report.new:
        err.print(f"{report.new} new documents ({report.articles} articles) stored in {db}; "
                  f"{report.known} already stored; {len(report.errors)} errors", soft_wrap=True)
    else:
        err.print(f"nothing new: {report.known} documents already stored in {db}; {len(report.errors)} errors",
                  soft_wrap=True)
    raise typer.Exit(1 if report.errors else 0)


@app.command()
def stats(db: str = DB) -> None:
    """What the store holds: documents, articles, stories, events by type, top actors."""
    with Store(db, read_only=True) as store:
        s = api.stats(store)
    t = Table(title=f"casus store {db}", show_header=False)
    for k in ("documents", "articles", "duplicates", "stories", "events", "errors"):
        t.add_row(k, f"{s[k]:,}")
    out.print(t)
    if s["events_by_type"]:
        t = Table(title="events by type")
        t.add_column("type"), t.add_column("events", justify="right")
        for row in s["events_by_type"]:
            t.add_row(row["type"], str(row["n"]))
        out.print(t)
    if s["top_actors"]:
        t = Table(title="top actors (events as source or target)")
        t.add_column("actor"), t.add_column("events", justify="right")
        for row in s["top_actors"]:
            t.add_row(row["actor"], str(row["n"]))
        out.print(t)


@app.command()
def show(article_id: str = typer.Argument(..., help='Article id, "DOCID#N".'), db: str = DB) -> None:
    """One article: its text, title, date, captions, duplicates, story and annotations."""
    with Store(db, read_only=True) as store:
        a = api.article(store, article_id)
    if a is None:
        err.print(f"no article {article_id!r} in {db}")
        raise typer.Exit(1)
    out.print(f"[bold]{escape(a['id'])}[/bold]  {escape(a['title'] or '(no title)')}", highlight=False)
    out.print(f"source {a['source']}  date {a['date_value'] or a['date_earliest'] or '-'}  story {a['story'] or '-'}",
              highlight=False, markup=False)
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

