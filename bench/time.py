"""Benchmark: temporal expressions and article dates on TimeBank + AQUAINT (TempEval-3 TBAQ).

Data: ../shared/dev/timebank.jsonl (see ../shared/dev/README.md), each document with its
creation date (DCT). Prints, for casus and for a baseline measured in the same run:

- TempEval-3-style span scores: strict (exact offsets) and relaxed (any overlap) P/R/F1,
  and value F1 = relaxed F1 x value accuracy on the relaxed matches, overall and per
  gold type (a system span counts for a type when it carries that type);
- throughput in documents per second (the time stage alone, on parses already made,
  and the spaCy parse it rides on).

Baseline: spaCy en_core_web_sm DATE/TIME entities, valued by dateparser against the DCT
(PREFER_DATES_FROM past; the value's unit follows dateparser's period).

Then article dating with the DCT hidden: casus infers each document's date from its
text alone; reported are the share dated exactly, the share whose stated range holds
the DCT, the share whose stated range misses it (wrong), and the share left undated.
Its baseline dates a document by the latest full date (day, month and year) that
dateparser reads in a spaCy DATE entity that writes a year, as a day — what "take the
latest date" does.

Run: .venv/bin/python bench/time.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from halves import half

from casus import analyse
from casus.pipeline import analyser
from casus.time import dating, timex

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / ".." / "shared" / "dev" / "timebank.jsonl"
TYPES = ("DATE", "TIME", "DURATION", "SET")


def load(limit: int | None = None) -> list[dict]:
    with open(DATA, encoding="utf-8") as f:
        docs = [json.loads(line) for line in f]
    return docs[:limit] if limit else docs


def baseline_value(text: str, dct: date, label: str, parser) -> str | None:
    """dateparser's reading of a spaCy entity, as a TIMEX3 value at dateparser's own unit."""
    data = parser.get_date_data(text)
    d = data.date_obj if data else None
    if d is None:
        return None
    period = data.period
    if label == "TIME" or period == "time":
        return d.strftime("%Y-%m-%dT%H:%M")
    if period == "year":
        return f"{d.year:04d}"
    if period == "month":
        return f"{d.year:04d}-{d.month:02d}"
    if period == "week":
        y, w, _ = d.isocalendar()
        return f"{y:04d}-W{w:02d}"
    return d.date().isoformat()


def baseline(gold: list[dict], parses: list) -> list[list[dict]]:
    import dateparser

    out = []
    for g, doc in zip(gold, parses):
        dct = date.fromisoformat(g["dct"])
        parser = dateparser.date.DateDataParser(languages=["en"], settings={
            "RELATIVE_BASE": datetime(dct.year, dct.month, dct.day, 12), "PREFER_DATES_FROM": "past"})
        out.append([{"start": e.start_char, "end": e.end_char, "type": e.label_,
                     "value": baseline_value(e.text, dct, e.label_, parser)}
                    for e in doc.ents if e.label_ in ("DATE", "TIME")])
    return out


def overlaps(a: dict, b: dict) -> bool:
    return a["start"] < b["end"] and b["start"] < a["end"]


def score(gold: list[dict], predicted: list[list[dict]], types: tuple[str, ...] | None = None,
          typed: bool = False) -> dict[str, float]:
    """Strict and relaxed span P/R/F1 and value F1 on the gold timexes of the given types.

    As in TempEval-3, the type is an attribute of a span, not part of matching: each
    system span is scored under the type of the gold span it overlaps, or under its
    own type when it overlaps none, so the per-type rows partition the whole. With
    `typed`, a system span counts for a type only when it carries that type itself.
    """
    n_sys = n_gold = strict = relaxed = values = 0
    for g, pred in zip(gold, predicted):
        gs = [t for t in g["timexes"] if types is None or t["type"] in types]

        def bucket(t: dict) -> str:
            hit = next((x for x in g["timexes"] if overlaps(t, x)), None)
            return t["type"] if typed or hit is None else hit["type"]

        ps = [t for t in pred if types is None or bucket(t) in types]
        n_sys += len(ps)
        n_gold += len(gs)
        used: set[int] = set()
        for p in ps:
            best = None
            for i, t in enumerate(gs):
                if i in used or not overlaps(p, t):
                    continue
                if best is None or (t["start"], t["end"]) == (p["start"], p["end"]):
                    best = i
            if best is None:
                continue
            used.add(best)
            t = gs[best]
            relaxed += 1
            strict += (t["start"], t["end"]) == (p["start"], p["end"])
            values += p.get("value") == t["value"]

    def f1(hit: int) -> tuple[float, float, float]:
        p = hit / n_sys if n_sys else 0.0
        r = hit / n_gold if n_gold else 0.0
        return p, r, (2 * p * r / (p + r) if p + r else 0.0)

    sp, sr, sf = f1(strict)
    rp, rr, rf = f1(relaxed)
    acc = values / relaxed if relaxed else 0.0
    return {"gold": n_gold, "sys": n_sys, "strict_p": sp, "strict_r": sr, "strict_f1": sf,
            "relaxed_p": rp, "relaxed_r": rr, "relaxed_f1": rf, "value_acc": acc, "value_f1": rf * acc}


def table(name: str, gold: list[dict], predicted: list[list[dict]]) -> None:
    print(f"\n{name}")
    print(f"  {'type':<9}{'gold':>6}{'sys':>6}{'strictF1':>10}{'relaxP':>8}{'relaxR':>8}{'relaxF1':>9}{'valAcc':>8}"
          f"{'valF1':>8}{'typedValF1':>12}")
    for label, types in [("ALL", None), *[(t, (t,)) for t in TYPES]]:
        s = score(gold, predicted, types)
        typed = score(gold, predicted, types, typed=True)
        print(f"  {label:<9}{s['gold']:>6}{s['sys']:>6}{s['strict_f1']:>10.3f}{s['relaxed_p']:>8.3f}"
              f"{s['relaxed_r']:>8.3f}{s['relaxed_f1']:>9.3f}{s['value_acc']:>8.3f}{s['value_f1']:>8.3f}"
              f"{typed['value_f1']:>12.3f}")


def latest_full_date(doc) -> dict:
    """Baseline article date: the latest fully written date among spaCy's DATE entities."""
    import dateparser

    days = [d.date() for e in doc.ents if e.label_ == "DATE" and re.search(r"\b(?:1[89]|20)\d\d\b", e.text) and (d := dateparser.parse(
        e.text, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]}))]
    day = max(days).isoformat() if days else None
    return {"earliest": day, "latest": day, "precision": "day" if day else None}


def dating_eval(name: str, gold: list[dict], dated: list[dict]) -> None:
    """Compare inferred article dates with the hidden DCTs."""
    counts: Counter[str] = Counter()
    for g, d in zip(gold, dated):
        dct = date.fromisoformat(g["dct"])
        lo = date.fromisoformat(d["earliest"]) if d["earliest"] else None
        hi = date.fromisoformat(d["latest"]) if d["latest"] else None
        if lo is None and hi is None:
            counts["undated"] += 1
            continue
        inside = (lo is None or lo <= dct) and (hi is None or dct <= hi)
        counts["within" if inside else "wrong"] += 1
        counts["exact"] += inside and d["precision"] == "day"
        counts["day_claimed"] += d["precision"] == "day"
        counts["bounded_both"] += lo is not None and hi is not None
        counts[f"precision={d['precision']}"] += 1
    n = len(gold)
    print(f"\nArticle dating with the DCT hidden ({n} documents): {name}")
    for k in ("exact", "day_claimed", "within", "bounded_both", "wrong", "undated"):
        print(f"  {k:<14}{counts[k]:>5}  {counts[k] / n:6.1%}")
    print("  " + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items()) if k.startswith("precision")))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int)
    args = ap.parse_args()
    gold = load(args.limit)
    nlp = analyser()
    t0 = time.perf_counter()
    parses = list(nlp.pipe((g["text"] for g in gold), batch_size=32))
    t_parse = time.perf_counter() - t0
    # the baseline's spaCy entities come from every sentence (casus looks only where a name can be)
    entities = list(nlp.nlp.pipe((g["text"] for g in gold), batch_size=32, disable=analyse.PARSE))

    timex.find.cache_clear()  # the analyser found them for its own use: the time stage's work starts afresh
    t0 = time.perf_counter()  # the time stage's work: find, date the article, resolve
    mentions = [timex.find(g["text"]) for g in gold]
    inferred = [dating.infer(g["text"], [], doc, ms) for g, doc, ms in zip(gold, parses, mentions)]
    ours = [timex.annotate(g["text"], g["dct"], doc, ms) for g, doc, ms in zip(gold, parses, mentions)]
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    base = baseline(gold, entities)
    t_base = time.perf_counter() - t0

    n = len(gold)
    print(f"TimeBank+AQUAINT (TBAQ-cleaned): {n} documents, {sum(len(g['timexes']) for g in gold)} TIMEX3")
    table("casus (timex.annotate with the DCT given, tense from the parse)", gold, ours)
    table("baseline (spaCy DATE/TIME entities + dateparser)", gold, base)
    print("\nValue F1, all types, by half (sha1 of the document id, as every bench splits):")
    for name, predicted in (("casus", ours), ("baseline", base)):
        cells = []
        for h in ("tuning", "blind"):
            idx = [i for i, g in enumerate(gold) if half(g["id"]) == h]
            s = score([gold[i] for i in idx], [predicted[i] for i in idx])
            cells.append(f"{h} ({len(idx)} docs) {s['value_f1']:.3f}")
        print(f"  {name:<9}" + "   ".join(cells))
    print(f"\nThroughput: casus time stage (find + date + resolve) {n / t_ours:.1f} docs/s"
          f" | baseline valuing {n / t_base:.1f} docs/s | spaCy parse both ride on {n / t_parse:.1f} docs/s")
    dating_eval("casus (dating.infer)", gold, inferred)
    dating_eval("baseline (latest full date in the text, as a day)", gold, [latest_full_date(doc) for doc in entities])


if __name__ == "__main__":
    main()
