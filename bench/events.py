"""Benchmark: PLOVER event coding on the gold standard records, and a report of the seeds.

Data: ../shared/dev/plover_gsr.jsonl, the PLOVER gold standard records (openeventdata/PLOVER,
CC BY-SA 4.0): 322 short sentences from the CAMEO manual, each with one coded event
(type, source and target actor text).

Protocol. Every sentence goes through the whole pipeline (`casus extract --no-clean`: parse,
time, places, actors, events) as one document. A sentence may yield several events (the
REQUEST and the urged ASSAULT of "X urged Y to attack Z"); the prediction for the record is
the event casus is most confident in (first in text order on ties), or none.
- type accuracy, and macro-F1 over the 16 PLOVER types (a record without prediction is a miss
  for its gold type; a wrong type is a false positive for the predicted one);
- source / target match: the predicted text shares at least one content word (case-folded,
  without function words) with one of the gold actor texts ("United States; Jordan" is two);
  counted over the records whose gold has that actor, with "-" meaning nothing predicted;
- throughput: documents per second for the whole pipeline in one process, and the share of
  time the events stage adds (same run with `--stage actors`).
Baselines measured in the same run: the majority class, and a bag-of-trigger-words lookup —
the first word of the sentence that is an inflection of a lexicon predicate or event noun,
typed by that word's first sense in the lexicon, no parse.

Then every event found in the five seeds (full pipeline, cleaning on) is listed for a human
to read, with its cluster's report count, after the seeds' throughput (scrapes of several
long articles each, so per article is the comparable figure).

Run: .venv/bin/python bench/events.py [--no-seeds]
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

from casus.events.lexicon import inflections, load
from casus.pipeline import Options, Run, process
from casus.read import read_paths

ROOT = Path(__file__).resolve().parents[1]
GSR = ROOT / ".." / "shared" / "dev" / "plover_gsr.jsonl"
SEEDS = ROOT / ".." / "shared" / "seeds"
FUNCTION_WORDS = set("the a an of and in on at to for by from with 's s its their his her".split())


def content(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in FUNCTION_WORDS}


def matches(pred: str | None, gold: str | None) -> bool:
    p = content(pred)
    return bool(p) and any(p & content(part) for part in (gold or "").split(";"))


def run_pipeline(paths: list[Path], options: Options) -> tuple[list, Run, float]:
    run = Run(options=options)
    t0 = time.perf_counter()
    docs = [d for batch in process(read_paths([str(p) for p in paths]), run) for d in batch]
    return docs, run, time.perf_counter() - t0


def primary(events: list[dict]) -> dict | None:
    return max(events, key=lambda e: e["confidence"]) if events else None


def macro_f1(gold: list[str], pred: list[str | None], labels: list[str]) -> float:
    f1s = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s)


def lookup_baseline(text: str) -> str | None:
    """The type of the first word that is a form of a lexicon word (no parse)."""
    lex = load()
    forms: dict[str, str] = {}
    for table in (lex.verbs, lex.nouns):
        for lemma, entries in table.items():
            typed = [e.type for e in entries if e.type != "-"]
            if typed:
                for f in inflections(lemma):
                    forms.setdefault(f, typed[-1])
    for w in re.findall(r"[a-z]+", text.lower()):
        if w in forms:
            return forms[w]
    return None


def gsr_bench() -> None:
    records = [json.loads(line) for line in GSR.read_text(encoding="utf-8").splitlines() if line.strip()]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gsr.jsonl"
        path.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in records))
        run_pipeline([path], Options(no_clean=True))  # warm-up: models and gazetteer load once
        docs, _, secs = run_pipeline([path], Options(no_clean=True))
        _, _, secs_no_events = run_pipeline([path], Options(no_clean=True, stop="actors"))
    by_id = {d.id: d for d in docs}
    labels = sorted({r["event_type"] for r in records})
    gold = [r["event_type"] for r in records]
    preds, src_hits, src_n, tgt_hits, tgt_n = [], 0, 0, 0, 0
    for r in records:
        doc = by_id[r["id"]]
        ev = primary([e for a in doc.articles for e in a.events])
        preds.append(ev["type"] if ev else None)
        if r["source_text"]:
            src_n += 1
            src_hits += bool(ev and matches(ev["source"]["text"], r["source_text"]))
        if r["target_text"]:
            tgt_n += 1
            tgt_hits += bool(ev and matches(ev["target"]["text"], r["target_text"]))
    acc = sum(g == p for g, p in zip(gold, preds)) / len(gold)
    majority = Counter(gold).most_common(1)[0][0]
    base = [lookup_baseline(r["text"]) for r in records]
    print(f"PLOVER GSR ({len(records)} records, {GSR.name})")
    print(f"  casus      type accuracy {acc:.3f}  macro-F1 {macro_f1(gold, preds, labels):.3f}  "
          f"no event {sum(p is None for p in preds)}")
    print(f"             source match {src_hits}/{src_n} = {src_hits / src_n:.3f}  "
          f"target match {tgt_hits}/{tgt_n} = {tgt_hits / tgt_n:.3f}")
    print(f"  baseline   trigger-word lookup: accuracy {sum(g == p for g, p in zip(gold, base)) / len(gold):.3f}  "
          f"macro-F1 {macro_f1(gold, base, labels):.3f}")
    print(f"  baseline   majority class ({majority}): accuracy {gold.count(majority) / len(gold):.3f}  "
          f"macro-F1 {macro_f1(gold, [majority] * len(gold), labels):.3f}")
    print("  per type (gold n: F1):", ", ".join(
        f"{lab} {gold.count(lab)}: {macro_f1(gold, preds, [lab]):.2f}" for lab in labels))
    print(f"  throughput whole pipeline {len(records) / secs:.1f} docs/s ({secs:.2f} s, 1 process); "
          f"without events {len(records) / secs_no_events:.1f} docs/s; events stage "
          f"{100 * max(0.0, secs - secs_no_events) / secs:.0f}% of the time")
    confusion = Counter((g, p) for g, p in zip(gold, preds) if g != p)
    print("  most frequent confusions (gold -> predicted):",
          ", ".join(f"{g}->{p} {n}" for (g, p), n in confusion.most_common(8)))


def fmt(e: dict, sizes: dict[str, dict]) -> str:
    d = e["date"]
    when = f"{d['value']} ({d['precision']})" if d else "-"
    where = e["place"]["name"] if e["place"] else "-"
    arg = lambda a: f"{a['text']} [{a['actor']}]" if a["text"] else "-"  # noqa: E731
    counts = ", ".join(f"{k} {e[k]}" for k in ("killed", "injured") if e[k] is not None)
    att = e["attribution"]
    cl = sizes.get(e["cluster"], {})
    return (f"  {e['type']}{'/' + e['mode'] if e['mode'] else ''} [{e['modality']}] {arg(e['source'])} -> "
            f"{arg(e['target'])} | when {when} | where {where}" + (f" | {counts}" if counts else "") +
            f" | says: {att['text'] or '-'} ({att['kind']}) | conf {e['confidence']} | cluster "
            f"{e['cluster']} ({cl.get('reports', '?')} reports, {cl.get('outlets', '?')} outlets)\n"
            f"      \"{e['sentence']}\"")


def seeds_report() -> None:
    paths = sorted(SEEDS.glob("*.txt"))
    docs, run, secs = run_pipeline(paths, Options())
    _, _, secs_no_events = run_pipeline(paths, Options(stop="actors"))
    sizes = {c["id"]: c for c in run.component("links").clusters()}
    n_articles = sum(len(d.articles) for d in docs)
    n_words = sum(len(a.text.split()) for d in docs for a in d.articles)
    n_events = sum(len(a.events) for d in docs for a in d.articles)
    print(f"\nSeeds: {len(docs)} documents, {n_articles} articles ({n_words} words), {n_events} events, "
          f"{len(sizes)} clusters")
    print(f"  throughput whole pipeline {len(docs) / secs:.1f} docs/s = {n_articles / secs:.1f} articles/s "
          f"({secs:.2f} s, 1 process); events stage {100 * max(0.0, secs - secs_no_events) / secs:.0f}% of the time")
    for d in docs:
        for a in d.articles:
            print(f"\n== {a.id}  {a.title or '(no title)'}  date {(a.date or {}).get('value')}")
            for e in a.events:
                print(fmt(e, sizes))
    multi = [c for c in sizes.values() if c["reports"] > 1]
    print(f"\nClusters reported by more than one article: {len(multi)}")
    for c in multi:
        print(f"  {c['id']}: {c['type']}/{c['mode']} {c['source']} -> {c['target']} {c['earliest']}..{c['latest']}"
              f" | {c['reports']} reports, {c['independent_reports']} independent, {c['outlets']} outlets, "
              f"first {c['first_report']}")


if __name__ == "__main__":
    gsr_bench()
    if "--no-seeds" not in sys.argv:
        seeds_report()
