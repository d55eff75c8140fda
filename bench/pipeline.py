"""Whole-pipeline throughput against a naive full spaCy parse, measured in the same run.

Corpus: the five seeds, the bundled examples and the TR-News and LGL texts of ../shared/dev
— real news with the duplicates and debris news really has (~730 documents, ~320 words
each). `--limit N` takes the first N.

Both sides run in this one process on one core (BLAS is held to one thread) and read the
same texts. Each side first loads what it needs and analyses one short warm-up article;
that is reported as its start-up time. Throughput is then measured over the corpus, with
wall and CPU seconds (this process's, so other load on the machine counts less), documents
and words per second, the equivalent rate for 700-word articles, and casus / naive as
ratios of the same run's times.
- naive: stock `en_core_web_sm` with every component (tagger, parser, lemmatizer, NER)
  over each raw document text — what a naive coder runs before any event logic;
- naive, casus BLAS: the same parse with the matrix setting casus uses (numpy's BLAS for
  the embedding layers), to separate that gain from casus's own;
- casus: read → clean → stories → analyse → time → places → actors → events, with the
  CPU seconds of each stage (from the runner) and the share of tokens each part of the
  spaCy pipeline ran on. The analyse stage splits every sentence, looks for entities in
  every sentence that can hold a name (a capital letter or a digit) and parses only the
  sentences a later stage reads the parse of (event candidates, dates, actor descriptions).

    .venv/bin/python bench/pipeline.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from casus.analyse import MODEL  # first: casus holds BLAS to one thread before numpy loads
from casus.model import Document
from casus.pipeline import Options, Run, process
from casus.read import read_paths

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"
ARTICLE_WORDS = 700  # the brief's reference article length
WARM_UP = ("BAGHDAD (Reuters) - Two rockets struck near the airport on Monday, police said. "
           "Nobody was hurt, and no group claimed the attack.")


def corpus(limit: int) -> Path:
    """One JSONL of all benchmark documents, so both sides read the same bytes."""
    docs = [d for d in read_paths([SHARED / "seeds", ROOT / "examples" / "corpus"]) if isinstance(d, Document)]
    rows = [{"id": d.id, "text": d.text, "title": d.title} for d in docs]
    for name in ("geo_trnews", "geo_lgl"):
        with open(SHARED / "dev" / f"{name}.jsonl") as fh:
            rows += [{"id": f"{name}-{r['id']}", "text": r["text"]} for r in map(json.loads, fh)]
    out = Path("/tmp/casus_bench_pipeline.jsonl")
    out.write_text("".join(json.dumps(r) + "\n" for r in rows[:limit]))
    return out


class Clock:
    """Wall and CPU seconds of a block."""

    def __enter__(self) -> "Clock":
        self.wall, self.cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc) -> None:
        self.wall, self.cpu = time.perf_counter() - self.wall, time.process_time() - self.cpu


def naive(texts: list[str], blas: bool) -> tuple[Clock, Clock]:
    """(start-up, corpus) clocks of the stock parse."""
    import spacy
    from thinc.api import use_ops

    with Clock() as start:
        if blas:
            with use_ops("numpy", use_blis=False):
                nlp = spacy.load(MODEL)
        else:
            nlp = spacy.load(MODEL)
        nlp(WARM_UP)
    with Clock() as c:
        for _ in nlp.pipe(texts, batch_size=64):
            pass
    return start, c


def casus(path: Path) -> tuple[Clock, Clock, Run, Counter]:
    """(start-up, corpus) clocks of the whole pipeline, its run, and what it found."""
    run = Run(options=Options(stop="events"))
    with Clock() as start:
        for _ in process([Document("warm-up", WARM_UP, source="-", format="txt")], run):
            pass
    run.seconds.clear()
    run.component("analyse").analyser.stats.clear()
    found: Counter = Counter()
    with Clock() as c:
        for batch in process(read_paths([path]), run):
            for doc in batch:
                if isinstance(doc, Document):
                    found["articles"] += len(doc.articles)
                    found["events"] += sum(len(a.events) for a in doc.articles)
                    found["duplicates"] += sum(a.duplicate_of is not None for a in doc.articles)
    return start, c, run, found


def line(name: str, start: Clock, c: Clock, docs: int, words: int, note: str = "") -> None:
    print(f"{name:26s} {docs / c.wall:6.1f} docs/s {words / c.wall:8,.0f} words/s "
          f"{words / c.wall / ARTICLE_WORDS:5.1f} x700w/s | CPU {docs / c.cpu:6.1f} docs/s "
          f"{words / c.cpu / ARTICLE_WORDS:5.1f} x700w/s  ({c.wall:.1f} s wall, {c.cpu:.1f} s CPU{note}; "
          f"start-up {start.wall:.1f} s)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=100_000)
    args = ap.parse_args()
    path = corpus(args.limit)
    texts = [json.loads(line)["text"] for line in path.open()]
    words = sum(len(t.split()) for t in texts)
    n = len(texts)
    print(f"corpus: {n} documents, {words:,} words ({words / n:.0f} per document); one process, one core")

    base = naive(texts, blas=False)
    base_blas = naive(texts, blas=True)
    start, full, run, found = casus(path)

    line("naive full spaCy parse", *base, n, words)
    line("naive parse, casus BLAS", *base_blas, n, words)
    line("casus whole pipeline", start, full, n, words,
         f"; {found['articles']} articles, {found['duplicates']} duplicates, {found['events']} events")
    b, bb = base[1], base_blas[1]
    print(f"ratio casus / naive parse: {b.wall / full.wall:.2f}x wall, {b.cpu / full.cpu:.2f}x CPU  (against "
          f"the casus-BLAS parse: {bb.wall / full.wall:.2f}x wall, {bb.cpu / full.cpu:.2f}x CPU)")
    stats = run.component("analyse").analyser.stats
    print(f"analyse: {stats['sentences']:,} sentences, {stats['tokens']:,} tokens; parsed "
          f"{stats['parsed_sentences']:,} sentences ({stats['parsed_tokens'] / stats['tokens']:.0%} of tokens), "
          f"entities looked for in {stats['named_tokens'] / stats['tokens']:.0%} of tokens")
    staged = sum(run.seconds.values())
    parts = [f"{c.name} {run.seconds[c.name]:.2f}" for c in run.components]
    print(f"casus CPU seconds by component: {', '.join(parts)}; reading and the rest {full.cpu - staged:.2f}")


if __name__ == "__main__":
    main()
