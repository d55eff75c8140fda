"""Whole-pipeline throughput against a bare spaCy parse, measured in the same run.

Corpus: the five seeds, the bundled examples and the TR-News and LGL texts of ../shared/dev
— real news with the duplicates and debris news really has (~730 documents, ~320 words
each). `--limit N` takes the first N.

The measuring is `casus bench`'s (casus/bench.py: each side in a fresh process of its own,
one after another, wall and CPU seconds, words per second, peak memory, CPU seconds by
component, the share of tokens each part of the spaCy pipeline ran on); this script gives it
this corpus and asks for every side:
- bare: stock `en_core_web_sm` with every component (tagger, parser, lemmatizer, NER) over
  each raw document text — what a naive coder runs before any event logic;
- bare, casus's BLAS: the same parse with the matrix setting casus uses (numpy's BLAS for
  the embedding layers), to separate that gain from casus's own;
- casus --jobs 1 and --jobs 2: read → clean → stories → analyse → time → places → actors →
  events. The analyse stage splits every sentence, looks for entities in every sentence that
  can hold a name (a capital letter or a digit) and parses only the sentences a later stage
  reads the parse of (event candidates, dates, actor descriptions).

    .venv/bin/python bench/pipeline.py [--limit N] [--jobs 1 2]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from casus.bench import bench, lines
from casus.model import Document
from casus.read import read_paths

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT / ".." / "shared"


def corpus() -> Path:
    """One JSONL of all benchmark documents."""
    docs = [d for d in read_paths([SHARED / "seeds", ROOT / "examples" / "corpus"]) if isinstance(d, Document)]
    rows = [{"id": d.id, "text": d.text, "title": d.title} for d in docs]
    for name in ("geo_trnews", "geo_lgl"):
        with open(SHARED / "dev" / f"{name}.jsonl") as fh:
            rows += [{"id": f"{name}-{r['id']}", "text": r["text"]} for r in map(json.loads, fh)]
    out = Path("/tmp/casus_bench_pipeline.jsonl")
    out.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int)
    ap.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    args = ap.parse_args()
    print("\n".join(lines(bench([corpus()], args.jobs, args.limit, bare_blas=True))))


if __name__ == "__main__":
    main()
