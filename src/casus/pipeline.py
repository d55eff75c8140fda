"""The pipeline: the stage components in data-flow order, run over batches of documents.

A component is an object, as in spaCy's pipeline, with
- `name`: unique in the pipeline;
- `stage`: the contract stage it belongs to (what `--stage` names; events has two parts);
- `parallel`: it reads one article at a time, so `--jobs N` may run it in worker processes;
  the others keep run-wide state (line counts, stories, event links) and run here, in order;
- `__call__(docs)`: annotate a batch of documents in place;
- optionally `needs_parse(sentence, text) -> bool`: the sentences (a Span, and its text) whose
  parse it reads, which the analyse component collects from the components after it, so
  nothing else is parsed;
- optionally `save(con, docs)`: its own rows, written in the batch's store transaction.

Components receive what they use (options, store, models) when built; `Resources` loads the
models several share once per process. Only this module imports the stages.
"""

from __future__ import annotations

import os
import signal
import threading
from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache, cached_property
from time import process_time
from typing import Any, Protocol

from spacy.util import minibatch

import casus.time
from casus import actors, analyse, clean, events, places, stories
from casus.model import MAX_ARTICLES, Document, ReadError

STAGES = ("clean", "stories", "analyse", "time", "places", "actors", "events")
BUDGET = 60.0  # seconds a per-article component may spend on one document (a news page takes well under 1)
WINDOW = 32  # documents the serial components before the parallel ones decide on at once (see `windows`)


@dataclass
class Options:
    stop: str = "events"  # last stage to run
    given_date: bool = True  # trust the input "date" as the publication date (False: infer it)
    no_clean: bool = False  # each input is exactly one article, byte-for-byte
    batch_size: int = 32
    jobs: int = 1
    dask: str | None = None  # run the parallel components on a Dask cluster: a scheduler's address, or "local"
    stored: bool = False  # documents come from the store, cleaned and in stories: clean and stories do not run


class Component(Protocol):
    name: str
    stage: str
    parallel: bool

    def __call__(self, docs: list[Document]) -> None: ...


class Resources:
    """The models several components share, each loaded when first asked for. A run has its
    own (so it sees the user's actor files as they are now); the spaCy model and the gazetteer,
    which never change, are loaded once per process. Not pickled: a worker loads its own."""

    @cached_property
    def kb(self) -> actors.KB:
        return actors.read()

    @cached_property
    def resolver(self) -> actors.Resolver:
        return actors.Resolver(self.kb)

    @cached_property
    def nlp(self) -> Any:
        return analyse.spacy_pipeline()

    @cached_property
    def gazetteer(self) -> places.Gazetteer:
        return places.gazetteer()

    def __getstate__(self) -> dict:
        return {}


def through(stop: str) -> tuple[str, ...]:
    """The stages a run that stops after `stop` fills, in order."""
    if stop not in STAGES:
        raise ValueError(f"unknown stage {stop!r}; one of {', '.join(STAGES)}")
    return STAGES[:STAGES.index(stop) + 1]


def components(options: Options, store: Any, res: Resources) -> list[Component]:
    """The pipeline's components, in data-flow order, up to and including `options.stop`."""
    stages = through(options.stop)
    plan = [
        (clean.Clean, (options.no_clean, store)),
        (stories.Stories, (options.given_date, store)),
        (analyse.Analyse, (res,)),
        (casus.time.Time, (options.given_date,)),
        (places.Places, (res,)),
        (actors.Actors, (res,)),
        (events.Events, (res,)),
        (events.Links, (store,)),
    ]
    if options.stored:
        stages = tuple(s for s in stages if s not in ("clean", "stories"))
    chosen = [make(*args) for make, args in plan if make.stage in stages]  # built only when chosen
    for i, c in enumerate(chosen):
        if isinstance(c, analyse.Analyse):  # the parse it runs is the one later components read
            c.readers = [r for r in chosen[i + 1:] if hasattr(r, "needs_parse")]
    return chosen


@dataclass
class Run:
    """One run: its options, the store (None for `extract`), its components and resources."""

    options: Options = field(default_factory=Options)
    store: Any = None  # casus.store.Store when ingesting
    seconds: Counter = field(default_factory=Counter)  # CPU seconds per component, workers' included
    in_workers: set[str] = field(default_factory=set)  # components that ran in worker processes

    def __post_init__(self) -> None:
        self.resources = Resources()
        self.components = components(self.options, self.store, self.resources)

    def stages(self) -> set[str]:
        """The contract stages this run fills."""
        return {c.stage for c in self.components}

    def component(self, name: str) -> Any:
        return next(c for c in self.components if c.name == name)

    def savers(self) -> list[Any]:
        """What components write in a batch's transaction, in pipeline order."""
        return [c.save for c in self.components if hasattr(c, "save")]


@cache
def analyser() -> analyse.Analyser:
    """The analyse stage's parser as the whole pipeline runs it (parsing what every later
    component reads), once per process: for tests, benchmarks and one-off parses."""
    return Run().component("analyse").analyser


class OverBudget(Exception):
    """A per-article component took longer than its time budget on a document."""


@contextmanager
def budget(seconds: float) -> Iterator[None]:
    """Raise OverBudget in the code it wraps once `seconds` of wall time have passed. It needs
    the process's main thread (a signal timer); elsewhere, as in a server's thread, it lets run."""
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "setitimer"):
        yield
        return

    def over(signum: int, frame: Any) -> None:
        raise OverBudget(f"over the time budget of {seconds:.0f} s")

    previous = signal.signal(signal.SIGALRM, over)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def apply(chosen: list[Component], docs: list[Document], seconds: Counter) -> list[Document | ReadError]:
    """`docs` with the components applied, in order; a document a per-article component fails
    on, or spends over BUDGET seconds on, becomes a ReadError in its place (retried alone, so one
    odd article costs only itself), and so does one split into over MAX_ARTICLES articles."""
    out: list[Document | ReadError] = list(docs)
    for c in chosen:
        t0 = process_time()
        live = [d for d in out if isinstance(d, Document)]
        try:
            if c.parallel:
                with budget(BUDGET * max(1, len(live))):
                    c(live)
            else:
                c(live)
        except Exception:
            if not c.parallel:
                raise  # run-wide state (stories, links) cannot take a batch back
            for i, d in enumerate(out):
                if isinstance(d, Document):
                    try:
                        with budget(BUDGET):
                            c([d])
                    except Exception as e:
                        why = " ".join(f"{type(e).__name__}: {e}".split())[:300]  # one line
                        out[i] = ReadError(d.source, f"{c.name} stage failed: {why}", d.line)
        seconds[c.name] += process_time() - t0
        out = [ReadError(d.source, f"too many articles for one document: {len(d.articles):,} (limit "
                                   f"{MAX_ARTICLES:,})", d.line)
               if isinstance(d, Document) and len(d.articles) > MAX_ARTICLES else d for d in out]
    for d in docs:
        for a in d.articles:
            a.nlp = None  # parses are large and do not cross processes; keep memory bounded
    return out


def merge(batch: list[Any], done: list[Any]) -> list[Any]:
    """`batch` with its documents replaced, in order, by what the components made of them."""
    it = iter(done)
    return [next(it) if isinstance(x, Document) else x for x in batch]


def run_on(chosen: list[Component], batch: list[Any], seconds: Counter) -> list[Any]:
    return merge(batch, apply(chosen, [x for x in batch if isinstance(x, Document)], seconds))


def segments(chosen: list[Component]) -> list[tuple[bool, list[Component]]]:
    """Consecutive components grouped by whether they may run in worker processes."""
    out: list[tuple[bool, list[Component]]] = []
    for c in chosen:
        if out and out[-1][0] == c.parallel:
            out[-1][1].append(c)
        else:
            out.append((c.parallel, [c]))
    return out


_worker: list[Component] = []


def _init_worker(chosen: list[Component]) -> None:
    """A worker process's components: copies of the parallel ones, each loading its own models."""
    _worker[:] = chosen


def _work(docs: list[Document]) -> tuple[list[Document | ReadError], Counter]:
    """A batch through the worker's components, with the CPU seconds each took."""
    seconds: Counter = Counter()
    return apply(_worker, docs, seconds), seconds


def live(batch: list[Any]) -> list[Document]:
    return [x for x in batch if isinstance(x, Document)]


class Pool:
    """Worker processes running the parallel components over batches, results taken in input
    order. A worker that dies (killed, out of memory) breaks the pool: a new one takes over, the
    batch first in line is run again alone, then the others are sent again; a batch that
    breaks the pool alone becomes one error per document. So a dead worker costs at most its
    batch, never the run."""

    def __init__(self, jobs: int, chosen: list[Component]) -> None:
        self.jobs, self.chosen = jobs, chosen
        self.executor = self.start()
        self.flight: deque[list[Any]] = deque()  # [batch, future], in input order

    def start(self) -> ProcessPoolExecutor:
        return ProcessPoolExecutor(self.jobs, initializer=_init_worker, initargs=(self.chosen,))

    def __len__(self) -> int:
        return len(self.flight)

    def send(self, batch: list[Any]) -> Future:
        try:
            return self.executor.submit(_work, live(batch))
        except BrokenProcessPool as e:  # broken since the last batch was sent: `next` restarts it
            fut: Future = Future()
            fut.set_exception(e)
            return fut

    def submit(self, batch: list[Any]) -> None:
        self.flight.append([batch, self.send(batch)])

    def restart(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)
        self.executor = self.start()

    def next(self) -> tuple[list[Any], list[Document | ReadError], Counter]:
        """The first batch in line, with what the workers made of its documents."""
        batch, fut = self.flight.popleft()
        try:
            done, seconds = fut.result()
        except BrokenProcessPool:
            self.restart()
            try:
                done, seconds = self.send(batch).result()
            except BrokenProcessPool:
                done, seconds = [ReadError(d.source, "skipped: a worker process died on it twice "
                                                     "(killed, or out of memory)", d.line) for d in live(batch)], Counter()
                self.restart()
            for entry in self.flight:
                entry[1] = self.send(entry[0])
        return batch, done, seconds

    def close(self) -> None:
        self.executor.shutdown(wait=True, cancel_futures=True)


_dask_lock = threading.Lock()


def _dask_work(chosen: list[Component], docs: list[Document]) -> tuple[list[Document | ReadError], Counter]:
    """A batch through the parallel components on a Dask worker. The worker keeps one copy of
    the components (scattered once) for all its tasks, with their models and parse cache; they
    are not thread-safe, so a worker process runs one batch at a time whatever its threads."""
    with _dask_lock:
        seconds: Counter = Counter()
        return apply(chosen, docs, seconds), seconds


class DaskPool:
    """The parallel components on a Dask cluster, results taken in input order, as `Pool` does
    with local processes: `address` is a scheduler's ("tcp://host:8786"), or "local" for a
    LocalCluster on this machine of `jobs` worker processes (one per core when `jobs` is 1).
    The serial components (clean, stories, links) stay in this process, so the corpus-wide
    decisions are those of a local run. Dask runs a batch whose worker died again elsewhere;
    a batch that kills workers repeatedly becomes one error per document."""

    def __init__(self, address: str, jobs: int, chosen: list[Component]) -> None:
        from dask.distributed import Client, LocalCluster

        self.cluster = LocalCluster(n_workers=jobs if jobs > 1 else os.cpu_count() or 1, threads_per_worker=1,
                                    dashboard_address=None) if address == "local" else None
        self.client = Client(self.cluster or address)
        self.jobs = max(1, sum(self.client.nthreads().values()))
        self.chosen = self.client.scatter([chosen], broadcast=True)[0]  # sent once, kept by each worker
        self.flight: deque[tuple[list[Any], Any]] = deque()

    def __len__(self) -> int:
        return len(self.flight)

    def submit(self, batch: list[Any]) -> None:
        self.flight.append((batch, self.client.submit(_dask_work, self.chosen, live(batch), pure=False)))

    def next(self) -> tuple[list[Any], list[Document | ReadError], Counter]:
        from dask.distributed import KilledWorker

        batch, fut = self.flight.popleft()
        try:
            done, seconds = fut.result()
        except KilledWorker:
            done, seconds = [ReadError(d.source, "skipped: Dask workers died on it repeatedly (killed, or out of "
                                                 "memory)", d.line) for d in live(batch)], Counter()
        return batch, done, seconds

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def windows(items: Iterable[Any], size: int, stored: int) -> Iterator[list[Any]]:
    """Items in runs of `size` new documents, cut where the store's document count (`stored`
    before the run) reaches a multiple of `size`; read errors and known documents ride along.
    The serial components before the parallel ones see a window at once (clean counts its lines
    first), so cutting by position in the store, not by batch or by run, keeps their decisions
    the same whatever the batch size and wherever a killed run stopped."""
    window: list[Any] = []
    n = stored
    for x in items:
        window.append(x)
        if isinstance(x, Document):
            n += 1
            if n % size == 0:
                yield window
                window = []
    if window:
        yield window


def process(items: Iterable[Document | ReadError], run: Run) -> Iterator[list[Document | ReadError]]:
    """Batches of items with every chosen component applied, in input order.

    Read errors pass through in place so callers can report them where they occurred. The
    serial components before the first parallel one run here over windows of WINDOW documents;
    the parallel ones run here too, or in worker processes with `--jobs N`, or on a Dask
    cluster with `--dask`; the serial ones
    after them run here as batches come back, in order.
    """
    plan = segments(run.components)
    first = next((i for i, (par, _) in enumerate(plan) if par), len(plan))
    before, after = [seg for _, seg in plan[:first]], [seg for _, seg in plan[first:]]
    jobs = max(1, run.options.jobs)
    pool: Pool | DaskPool | None = None
    if run.options.dask and after:
        pool = DaskPool(run.options.dask, jobs, after[0])
        jobs = pool.jobs
    elif jobs > 1 and after:
        pool = Pool(jobs, after[0])
    stored = run.store.count("documents") if run.store is not None else 0

    def finish(batch: list[Any], done: list[Any], seconds: Counter) -> list[Any]:
        run.seconds.update(seconds)
        run.in_workers |= set(seconds)
        out = merge(batch, done)
        for seg in after[1:]:
            out = run_on(seg, out, run.seconds)
        return out

    try:
        for window in windows(items, WINDOW, stored):
            for seg in before:
                window = run_on(seg, window, run.seconds)
            if run.store is not None and after:
                run.store.release()  # readers get in while the window is parsed
            for batch in minibatch(window, run.options.batch_size):
                if pool is None:
                    for seg in after:
                        batch = run_on(seg, batch, run.seconds)
                    yield batch
                    continue
                pool.submit(batch)
                if len(pool) > 2 * jobs:
                    yield finish(*pool.next())
        while pool is not None and len(pool):
            yield finish(*pool.next())
    finally:
        if pool is not None:
            pool.close()
