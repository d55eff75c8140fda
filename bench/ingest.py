"""Ingest at volume: `casus ingest` of N articles end to end into a fresh DuckDB store, with its
time and the memory of the whole process tree sampled as it runs (is it flat?).

Corpus: N articles put together from real news sentences (ECB+ in ../shared/dev, CC BY 3.0),
each of 4-8 sentences drawn at random from about 15,000, with a headline, an outlet and a
date in 2024. Drawn this way no two articles are copies, so dedup keeps them all and every
stage does its full work on real prose, while the corpus never needs more than one pass of
disk. The file is written to a temporary directory and removed.

Printed: documents/s and words/s, peak memory of the main process and of the largest worker,
the tree's resident memory at each tenth of the run, and the store's counts (documents,
articles, events), which must equal N documents: nothing lost, nothing twice.

    .venv/bin/python bench/ingest.py [--n 100000] [--jobs 2] [--every 10]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb
import psutil

ROOT = Path(__file__).resolve().parents[1]
ECB = ROOT / ".." / "shared" / "dev" / "ecbplus.jsonl"


def sentences() -> list[str]:
    """The real sentences to draw from: ECB+ lines of eight words or more (headlines and
    datelines are shorter)."""
    out = []
    with open(ECB, encoding="utf-8") as fh:
        for rec in map(json.loads, fh):
            out += [s.strip() for s in rec["text"].splitlines() if len(s.split()) >= 8]
    return sorted(set(out))


def write_corpus(n: int, path: Path) -> int:
    """N articles as JSON lines; returns the number of words."""
    pool, rng, words = sentences(), random.Random(0), 0
    start = dt.date(2024, 1, 1)
    with open(path, "w", encoding="utf-8") as fh:
        for i in range(n):
            body = rng.sample(pool, rng.randint(4, 8))
            words += sum(len(s.split()) for s in body)
            fh.write(json.dumps({"id": f"vol-{i}", "title": " ".join(body[0].split()[:9]), "text": "\n".join(body),
                                 "source": f"outlet{rng.randint(1, 200)}",
                                 "date": (start + dt.timedelta(days=i * 366 // n)).isoformat()}) + "\n")
    return words


def tree_rss(proc: psutil.Process) -> tuple[int, int, int]:
    """Resident bytes of the process, of its largest child, and of the whole tree."""
    try:
        kids = proc.children(recursive=True)
        main = proc.memory_info().rss
    except psutil.NoSuchProcess:
        return 0, 0, 0
    sizes = []
    for k in kids:
        try:
            sizes.append(k.memory_info().rss)
        except psutil.NoSuchProcess:
            pass
    return main, max(sizes, default=0), main + sum(sizes)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=100_000)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--every", type=float, default=10.0, help="seconds between memory samples")
    args = ap.parse_args()
    if not ECB.exists():
        sys.exit(f"{ECB}: not found (the dev sets sit in ../shared beside the repo)")
    with tempfile.TemporaryDirectory() as tmp:
        corpus, db = Path(tmp) / "volume.jsonl", Path(tmp) / "volume.duckdb"
        words = write_corpus(args.n, corpus)
        print(f"corpus: {args.n:,} articles, {words:,} words ({words / args.n:.0f} each), "
              f"{corpus.stat().st_size / 2**20:.0f} MiB")
        cmd = [sys.executable, "-m", "casus", "ingest", str(corpus), "--db", str(db), "--jobs", str(args.jobs)]
        t0 = time.perf_counter()
        child = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        proc, samples = psutil.Process(child.pid), []
        while child.poll() is None:
            samples.append((time.perf_counter() - t0, *tree_rss(proc)))
            time.sleep(args.every)
        secs = time.perf_counter() - t0
        errors = child.stderr.read().strip().splitlines() if child.stderr else []
        if child.returncode:
            sys.exit(f"casus ingest failed ({child.returncode}): {errors[-1] if errors else ''}")
        con = duckdb.connect(str(db), read_only=True)
        counts = {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]  # table names are ours
                  for t in ("documents", "articles", "events")}
        con.close()
    print(f"casus ingest --jobs {args.jobs}: {secs:,.0f} s, {args.n / secs:.1f} docs/s, {words / secs:,.0f} words/s"
          f" ({words / secs / 700:.1f} 700-word articles/s)")
    print(f"peak resident: main process {max(s[1] for s in samples) / 2**20:,.0f} MiB, "
          f"largest worker {max(s[2] for s in samples) / 2**20:,.0f} MiB, "
          f"whole tree {max(s[3] for s in samples) / 2**20:,.0f} MiB")
    tenths = [next((s for s in samples if s[0] >= secs * k / 10), samples[-1]) for k in range(1, 11)]
    print("tree resident at each tenth of the run (MiB): " + ", ".join(f"{s[3] / 2**20:,.0f}" for s in tenths))
    print(f"store: {counts['documents']:,} documents, {counts['articles']:,} articles, {counts['events']:,} events"
          f" ({'all' if counts['documents'] == args.n else 'NOT all'} {args.n:,} documents stored once)")
    if errors:
        print(f"stderr's last line: {errors[-1][:200]}")


if __name__ == "__main__":
    main()
