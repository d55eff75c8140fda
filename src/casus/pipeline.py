"""The pipeline: the stage components in data-flow order, run over batches of documents.

A component is an object, as in spaCy's pipeline, with
- `name`: unique in the pipeline;
- `stage`: the contract stage it belongs to (what `--stage` names; events has two parts);
- `parallel`: it reads one article at a time, so `--jobs N` may run it in worker processes;
  the others keep run-wide state (line counts, stories, event links) and run here, in order;
- `__call__(docs)`: annotate a batch of documents in place;
- optionally `needs_parse(sentence) -> bool`: the sentences whose parse it reads, which the
  analyse component collects from the components after it, so nothing else is parsed;
- optionally `save(con, docs)`: its own rows, written in the batch's store transaction.

Components receive what they use (options, store, models) when built; `Resources` loads the
models several share once per process. Only this module imports the stages.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from functools import cache, cached_property
from time import process_time
from typing import Any, Protocol

from spacy.util import minibatch

import casus.time
from casus import actors, analyse, clean, events, places, stories
from casus.model import Document, ReadError

STAGES = ("clean", "stories", "analyse", "time", "places", "actors", "events")


@dataclass
class Options:
    stop: str = "events"  # last stage to run
    given_date: bool = True  # trust the input "date" as the publication date (False: infer it)
    no_clean: bool = False  # each input is exactly one article, byte-for-byte
    batch_size: int = 32
    jobs: int = 1


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


def apply(chosen: list[Component], docs: list[Document], seconds: Counter) -> list[Document | ReadError]:
    """`docs` with the components applied, in order; a document a per-article component fails
    on becomes a ReadError in its place (retried alone, so one odd article costs only itself)."""
    out: list[Document | ReadError] = list(docs)
    for c in chosen:
        t0 = process_time()
        live = [d for d in out if isinstance(d, Document)]
        try:
            c(live)
        except Exception:
            if not c.parallel:
                raise  # run-wide state (stories, links) cannot take a batch back
            for i, d in enumerate(out):
                if isinstance(d, Document):
                    try:
                        c([d])
                    except Exception as e:
                        why = " ".join(f"{type(e).__name__}: {e}".split())[:300]  # one line
                        out[i] = ReadError(d.source, f"{c.name} stage failed: {why}", d.line)
        seconds[c.name] += process_time() - t0
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


def process(items: Iterable[Document | ReadError], run: Run) -> Iterator[list[Document | ReadError]]:
    """Batches of items with every chosen component applied, in input order.

    Read errors pass through in place so callers can report them where they occurred.
    """
    plan = segments(run.components)
    jobs = max(1, run.options.jobs)
    if jobs == 1 or not any(par for par, _ in plan):
        for batch in minibatch(items, run.options.batch_size):
            for _, seg in plan:
                batch = run_on(seg, batch, run.seconds)
            yield batch
        return
    # Serial components before the first parallel segment run here; that segment goes to the
    # workers; the components after it run here as results come back in order.
    first = next(i for i, (par, _) in enumerate(plan) if par)
    before, workers_run, after = plan[:first], plan[first][1], plan[first + 1:]
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(workers_run,)) as pool:
        pending: deque[tuple[list[Any], Future]] = deque()

        def finish(batch: list[Any], fut: Future) -> list[Any]:
            done, seconds = fut.result()
            run.seconds.update(seconds)
            run.in_workers |= set(seconds)
            out = merge(batch, done)
            for _, seg in after:
                out = run_on(seg, out, run.seconds)
            return out

        for batch in minibatch(items, run.options.batch_size):
            for _, seg in before:
                batch = run_on(seg, batch, run.seconds)
            pending.append((batch, pool.submit(_work, [x for x in batch if isinstance(x, Document)])))
            if len(pending) > 2 * jobs:
                yield finish(*pending.popleft())
        while pending:
            yield finish(*pending.popleft())
