"""Throughput: the whole pipeline against a bare spaCy parse of the same texts, in one run.

`casus bench` and `casus.api.bench` (and bench/pipeline.py, over its own corpus) measure
sides one after another in the same run: a bare `nlp.pipe` over each raw document text with
the same model and every component it has (tagger, parser, lemmatizer, NER: what a naive
coder runs before any event logic), optionally that parse with the matrix setting casus uses
(numpy's BLAS, to tell that gain from casus's own), and the pipeline through events with
`--jobs N` for each N asked. Each side runs in a fresh process of its own, so each pays its
own start-up (loading the model, about a second, is inside every clock), its peak memory is
its own, and its CPU seconds are its own and its workers'. On a busy machine wall time
suffers from other load; CPU seconds much less, so ratios are given for both.
"""

from __future__ import annotations

import json
import multiprocessing
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty
from typing import Any

ARTICLE_WORDS = 700  # a typical news article: rates are also given in such articles per second
PROGRESS_EVERY = 32  # documents between progress messages from a side's process


@dataclass
class Side:
    """One side's measurement over the whole corpus."""

    name: str
    docs: int = 0
    words: int = 0
    wall: float = 0.0  # seconds, start-up included
    cpu: float = 0.0  # CPU seconds of the side's process and its worker processes
    peak_mb: float = 0.0  # peak resident memory of the side's process
    worker_peak_mb: float = 0.0  # of its largest worker process (0: none)
    stages: dict[str, float] = field(default_factory=dict)  # CPU seconds per component, workers' included
    found: dict[str, int] = field(default_factory=dict)  # articles, duplicates, events; analyse's token counts

    def rate(self, seconds: float, of: int | None = None) -> str:
        n = self.docs if of is None else of
        return f"{n / seconds:7.1f} docs/s {self.words * n / self.docs / seconds:9,.0f} words/s" \
            if seconds > 0 and self.docs else f"{'-':>7} docs/s {'-':>9} words/s"


@dataclass
class Report:
    docs: int
    words: int
    sides: list[Side]
    rounds: int = 1  # each side's best of this many runs, the sides run in turn

    def side(self, name: str) -> Side | None:
        return next((s for s in self.sides if s.name == name), None)


def corpus(paths: Iterable[str | Path], limit: int | None, out: Path) -> tuple[int, int]:
    """The documents of `paths` (the first `limit`) as one JSON Lines file, so that every side
    reads the same texts; (documents, words)."""
    from casus.model import Document
    from casus.read import read_paths

    n = words = 0
    with out.open("w", encoding="utf-8") as fh:
        for d in read_paths(paths):
            if not isinstance(d, Document) or (limit is not None and n >= limit):
                continue
            fh.write(json.dumps({"id": d.id, "text": d.text, "title": d.title, "date": d.date}) + "\n")
            n += 1
            words += len(d.text.split())
    return n, words


def _peaks() -> tuple[float, float]:
    """Peak resident memory in MB of this process and of its largest ended child."""
    return (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)


def _children_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _bare(side: Side, path: Path, blas: bool, progress: Callable[[int], None]) -> None:
    import spacy
    from thinc.api import use_ops

    from casus.analyse import MODEL

    texts = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    if blas:
        with use_ops("numpy", use_blis=False):
            nlp = spacy.load(MODEL)
    else:
        nlp = spacy.load(MODEL)
    nlp.max_length = max([nlp.max_length, *map(len, texts)])
    for i, _ in enumerate(nlp.pipe(texts, batch_size=64), 1):
        if i % PROGRESS_EVERY == 0:
            progress(PROGRESS_EVERY)
    progress(len(texts) % PROGRESS_EVERY)


def _casus(side: Side, path: Path, options: Any, progress: Callable[[int], None]) -> None:
    from casus.model import Document
    from casus.pipeline import Run, process
    from casus.read import read_paths

    run = Run(options=options)
    found: Counter = Counter()
    for batch in process(read_paths([path]), run):
        docs = [d for d in batch if isinstance(d, Document)]
        found["articles"] += sum(len(d.articles) for d in docs)
        found["duplicates"] += sum(a.duplicate_of is not None for d in docs for a in d.articles)
        found["events"] += sum(len(a.events) for d in docs for a in d.articles)
        progress(len(batch))
    side.stages = {c.name: run.seconds[c.name] for c in run.components}
    if options.jobs == 1:  # the parse's own counts are kept where it ran
        found.update(run.component("analyse").analyser.stats)
    side.found = dict(found)


def _measure(name: str, path: str, docs: int, words: int, options: Any, queue: Any) -> None:
    """One side, in its own process: progress messages, then ("done", Side) or ("failed", why)."""
    try:
        side = Side(name, docs, words)
        progress = lambda n: queue.put(("progress", n))  # noqa: E731
        wall, cpu = time.perf_counter(), time.process_time()
        if options is None or isinstance(options, bool):
            _bare(side, Path(path), bool(options), progress)
        else:
            _casus(side, Path(path), options, progress)
        side.wall = time.perf_counter() - wall
        side.cpu = time.process_time() - cpu + _children_cpu()  # the workers have ended: their CPU counts
        side.peak_mb, side.worker_peak_mb = _peaks()
        queue.put(("done", side))
    except BaseException as e:  # the parent must hear of it, not wait for ever
        queue.put(("failed", f"{type(e).__name__}: {e}"))
        raise


def bench(paths: Iterable[str | Path], jobs: Iterable[int] = (1, 2), limit: int | None = None,
          bare_blas: bool = False, no_clean: bool = False, batch_size: int = 32,
          on_progress: Callable[[str, int], None] | None = None, rounds: int = 1) -> Report:
    """Measure the bare parse (and with `bare_blas` the parse with casus's BLAS setting), then
    the pipeline with each number of `jobs`, over the documents of `paths` (the first `limit`),
    each side in a fresh process, one after another; with `rounds` above one, all the sides
    again in turn that many times, each side's best round (least CPU) kept: on a shared machine a
    side's speed moves by a fifth from one minute to the next, and sides measured in turn meet the
    same spells. `on_progress(side, documents)` is told of documents done as they are."""
    from casus.pipeline import Options

    ctx = multiprocessing.get_context("spawn")  # a clean process: no model or cache inherited
    with tempfile.TemporaryDirectory(prefix="casus-bench-") as tmp:
        path = Path(tmp) / "corpus.jsonl"
        docs, words = corpus(paths, limit, path)
        plan: list[tuple[str, Any]] = [("bare spaCy nlp.pipe", False)]
        if bare_blas:
            plan.append(("bare, casus's BLAS", True))
        plan += [(f"casus --jobs {n}", Options(jobs=n, no_clean=no_clean, batch_size=batch_size)) for n in jobs]
        best: dict[str, Side] = {}
        for _ in range(rounds):
            for name, options in plan:
                side = _side(ctx, name, path, docs, words, options, on_progress)
                if name not in best or side.cpu < best[name].cpu:
                    best[name] = side
    return Report(docs, words, [best[name] for name, _ in plan], rounds)


def _side(ctx: Any, name: str, path: Path, docs: int, words: int, options: Any,
          on_progress: Callable[[str, int], None] | None) -> Side:
    """One side measured in a fresh process, its progress passed on as it comes."""
    queue = ctx.Queue()
    proc = ctx.Process(target=_measure, args=(name, str(path), docs, words, options, queue))
    proc.start()
    try:
        while True:
            try:
                kind, value = queue.get(timeout=1.0)
            except Empty:
                if not proc.is_alive():
                    raise RuntimeError(f"{name}: the benchmark process died (exit {proc.exitcode})") from None
                continue
            if kind == "progress":
                if on_progress:
                    on_progress(name, value)
            elif kind == "failed":
                raise RuntimeError(f"{name}: {value}")
            else:
                return value
    finally:
        proc.join()


def lines(report: Report) -> list[str]:
    """The report as text: each side's rates, casus against the bare parse and --jobs N against
    --jobs 1 as ratios of the same run, casus's CPU seconds by component, peak memory."""
    out = [f"corpus: {report.docs:,} documents, {report.words:,} words "
           f"({report.words / max(1, report.docs):.0f} per document)"
           + (f"; each side the best of {report.rounds} rounds, the sides in turn" if report.rounds > 1 else "")]
    for s in report.sides:
        out.append(f"{s.name:22s} wall {s.rate(s.wall)} ({s.wall:6.1f} s) | CPU {s.rate(s.cpu)} ({s.cpu:6.1f} s)"
                   f" | {s.words / s.cpu / ARTICLE_WORDS if s.cpu else 0:5.1f} x{ARTICLE_WORDS}-word/CPU-s"
                   f" | peak {s.peak_mb:,.0f} MB" + (f", workers {s.worker_peak_mb:,.0f} MB each at most"
                                                   if s.worker_peak_mb else ""))
    bare = report.sides[0]
    one = report.side("casus --jobs 1")
    for s in report.sides[1:]:
        if s.name.startswith("casus"):
            out.append(f"{s.name} / bare parse: {bare.wall / s.wall:.2f}x wall, {bare.cpu / s.cpu:.2f}x CPU "
                       "(throughput ratio: above 1 is faster than the bare parse)")
    for s in report.sides:
        if one is not None and s.name.startswith("casus") and s is not one:
            out.append(f"{s.name} / --jobs 1: {one.wall / s.wall:.2f}x wall")
    for s in report.sides:
        if not s.stages:
            continue
        staged = sum(s.stages.values())
        parts = ", ".join(f"{k} {v:.1f}" for k, v in s.stages.items())
        out.append(f"{s.name} CPU seconds by component: {parts}; reading, batching and the rest "
                   f"{max(0.0, s.cpu - staged):.1f}")
        out.append(f"{s.name} per component: " + ", ".join(
            f"{k} {s.docs / v:,.0f} docs/s" for k, v in s.stages.items() if v > 0))
        f = s.found
        if f.get("tokens"):
            out.append(f"{s.name}: {f['articles']:,} articles, {f['duplicates']:,} duplicates, {f['events']:,} events; "
                       f"parsed {f['parsed_sentences']:,} of {f['sentences']:,} sentences "
                       f"({f['parsed_tokens'] / f['tokens']:.0%} of tokens), entities looked for in "
                       f"{f['named_tokens'] / f['tokens']:.0%} of tokens")
        elif f:
            out.append(f"{s.name}: {f['articles']:,} articles, {f['duplicates']:,} duplicates, {f['events']:,} events")
    return out
