"""Whole-pipeline throughput against a naive full spaCy parse, measured in the same run.

Corpus: the five seeds, the bundled examples and the TR-News texts of ../shared/dev —
real news with the duplicates and debris news really has. The baseline runs
`en_core_web_sm` with every component over each raw document text, one process, which is
what a naive coder does before any event logic; casus runs read → clean → stories →
analyse → time → places → actors → events on the same documents, one process.

    .venv/bin/python bench/pipeline.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from casus.analyse import MODEL
from casus.api import extract
from casus.model import Document
from casus.pipeline import Options
from casus.read import read_paths

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"


def corpus(limit: int) -> Path:
    """One JSONL of all benchmark documents, so both sides read the same bytes."""
    docs = [d for d in read_paths([SHARED / "seeds", ROOT / "examples" / "corpus"]) if isinstance(d, Document)]
    rows = [{"id": d.id, "text": d.text, "title": d.title} for d in docs]
    with open(SHARED / "dev" / "geo_trnews.jsonl") as fh:
        rows += [{"id": f"trnews-{r['id']}", "text": r["text"]} for r in map(json.loads, fh)]
    out = Path("/tmp/casus_bench_pipeline.jsonl")
    out.write_text("".join(json.dumps(r) + "\n" for r in rows[:limit]))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=10_000)
    args = ap.parse_args()
    path = corpus(args.limit)
    texts = [json.loads(line)["text"] for line in path.open()]
    words = sum(len(t.split()) for t in texts)
    print(f"corpus: {len(texts)} documents, {words:,} words ({words / len(texts):.0f} per document)")

    import spacy

    t0 = time.perf_counter()
    nlp = spacy.load(MODEL)
    for _ in nlp.pipe(texts, batch_size=64):
        pass
    naive = time.perf_counter() - t0

    t0 = time.perf_counter()
    n_docs = n_articles = n_events = n_dups = 0
    for doc in extract([path], Options(stop="events")):
        n_docs += 1
        n_articles += len(doc.articles)
        n_events += sum(len(a.events) for a in doc.articles)
        n_dups += sum(a.duplicate_of is not None for a in doc.articles)
    full = time.perf_counter() - t0

    print(f"baseline  naive full spaCy parse: {len(texts) / naive:6.1f} docs/s  {words / naive:8,.0f} words/s"
          f"  ({naive:.1f} s, model load included)")
    print(f"casus     whole pipeline:         {n_docs / full:6.1f} docs/s  {words / full:8,.0f} words/s"
          f"  ({full:.1f} s; {n_articles} articles, {n_dups} duplicates, {n_events} events)")
    print(f"ratio casus / naive parse: {naive / full:.2f}x")


if __name__ == "__main__":
    main()
