"""The pipeline: stages in data-flow order, run over batches of documents.

Each stage is a plain function `stage(docs, run) -> None` that annotates a batch in
place. Stages marked `parallel` only look at one article at a time, so `--jobs N`
runs them in N worker processes; the others keep run-wide state (duplicates,
stories, event links) and run in the main process, in input order.
"""

from __future__ import annotations

import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from casus.model import Document, ReadError

STAGE_NAMES = ("clean", "stories", "analyse", "time", "places", "actors", "events")


@dataclass
class Options:
    stop: str = "events"  # last stage to run
    given_date: bool = False  # trust the input "date" as the publication date
    no_clean: bool = False  # each input is exactly one article, byte-for-byte
    batch_size: int = 32
    jobs: int = 1


@dataclass
class Stage:
    name: str
    fn: Callable[[list[Document], "Run"], None]
    parallel: bool = False


def stages() -> list[Stage]:
    """The stages built so far, in data-flow order."""
    from casus import actors, analyse, clean, dating, events, places, stories

    return [
        Stage("clean", clean.clean),
        Stage("stories", stories.stories),
        Stage("analyse", analyse.analyse, parallel=True),
        Stage("time", dating.time, parallel=True),
        Stage("places", places.places, parallel=True),
        Stage("actors", actors.actors, parallel=True),
        Stage("events", events.code_events, parallel=True),
        Stage("events", events.link_events),
    ]


@dataclass
class Run:
    """What one run shares across batches: options, the store, loaded models, indexes."""

    options: Options = field(default_factory=Options)
    store: Any = None  # casus.store.Store when ingesting, None for `extract`
    cache: dict[str, Any] = field(default_factory=dict)  # models and indexes, loaded once
    seconds: Counter = field(default_factory=Counter)  # CPU seconds per stage in this process

    def selected(self) -> list[Stage]:
        """The built stages up to and including `options.stop`."""
        if self.options.stop not in STAGE_NAMES:
            raise ValueError(f"unknown stage {self.options.stop!r}; one of {', '.join(STAGE_NAMES)}")
        last = STAGE_NAMES.index(self.options.stop)
        return [s for s in stages() if STAGE_NAMES.index(s.name) <= last]

    def ran(self) -> set[str]:
        return {s.name for s in self.selected()}


_process_cache: dict[str, Any] = {}


def shared(run: Run | None, key: str, make: Callable[[], Any]) -> Any:
    """What a stage loads once (a model, an index, a knowledge base): per run when one
    is given, so a new run sees new user data; else once per process."""
    cache = run.cache if run is not None else _process_cache
    if key not in cache:
        cache[key] = make()
    return cache[key]


def batched(items: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def segments(selected: list[Stage]) -> list[tuple[bool, list[Stage]]]:
    """Consecutive stages grouped by whether they may run in worker processes."""
    out: list[tuple[bool, list[Stage]]] = []
    for s in selected:
        if out and out[-1][0] == s.parallel:
            out[-1][1].append(s)
        else:
            out.append((s.parallel, [s]))
    return out


def apply(stage_list: list[Stage], docs: list[Document], run: Run) -> list[Document | ReadError]:
    """`docs` with the stages applied, in order; a document a per-article stage fails on
    becomes a ReadError in its place (retried alone, so one odd article costs only itself)."""
    out: list[Document | ReadError] = list(docs)
    for s in stage_list:
        t0 = time.process_time()
        live = [d for d in out if isinstance(d, Document)]
        try:
            s.fn(live, run)
        except Exception:
            if not s.parallel:
                raise  # run-wide state (stories, links) cannot take a batch back
            for i, d in enumerate(out):
                if isinstance(d, Document):
                    try:
                        s.fn([d], run)
                    except Exception as e:
                        why = " ".join(f"{type(e).__name__}: {e}".split())[:300]  # one line
                        out[i] = ReadError(d.source, f"{s.name} stage failed: {why}", d.line)
        run.seconds[s.name] += time.process_time() - t0
    for d in docs:
        for a in d.articles:
            a.nlp = None  # parses are large and do not cross processes; keep memory bounded
    return out


def merge(batch: list[Any], done: list[Any]) -> list[Any]:
    """`batch` with its documents replaced, in order, by what the stages made of them."""
    it = iter(done)
    return [next(it) if isinstance(x, Document) else x for x in batch]


def run_on(stage_list: list[Stage], batch: list[Any], run: Run) -> list[Any]:
    return merge(batch, apply(stage_list, [x for x in batch if isinstance(x, Document)], run))


_worker_run: Run | None = None


def _init_worker(options: Options) -> None:
    global _worker_run
    _worker_run = Run(options=options)


def _work(names: list[str], docs: list[Document]) -> list[Document | ReadError]:
    assert _worker_run is not None
    chosen = [s for s in _worker_run.selected() if s.name in names]
    return apply(chosen, docs, _worker_run)


def process(items: Iterable[Document | ReadError], run: Run) -> Iterator[list[Document | ReadError]]:
    """Batches of items with every selected stage applied, in input order.

    Read errors pass through in place so callers can report them where they occurred.
    """
    plan = segments(run.selected())
    jobs = max(1, run.options.jobs)
    if jobs == 1 or not any(par for par, _ in plan):
        for batch in batched(items, run.options.batch_size):
            for _, seg in plan:
                batch = run_on(seg, batch, run)
            yield batch
        return
    # Serial stages before the first parallel segment run here; the parallel segment
    # goes to workers; later serial stages run here as results come back in order.
    first_par = next(i for i, (par, _) in enumerate(plan) if par)
    with ProcessPoolExecutor(jobs, initializer=_init_worker, initargs=(run.options,)) as pool:
        pending: deque[tuple[list[Any], Future]] = deque()

        def finish(batch: list[Any], fut: Future) -> list[Any]:
            out = merge(batch, fut.result())
            for par, seg in plan[first_par + 1:]:  # later segments run here, serially
                out = run_on(seg, out, run)
            return out

        for batch in batched(items, run.options.batch_size):
            for _, seg in plan[:first_par]:
                batch = run_on(seg, batch, run)
            docs = [x for x in batch if isinstance(x, Document)]
            names = [s.name for s in plan[first_par][1]]
            pending.append((batch, pool.submit(_work, names, docs)))
            if len(pending) > 2 * jobs:
                yield finish(*pending.popleft())
        while pending:
            yield finish(*pending.popleft())
