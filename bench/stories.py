"""Benchmark: story clustering and near-duplicate detection (casus.stories, casus.dedup).

Stories: ECB+ (../shared/dev/ecbplus.jsonl; 982 documents, 86 gold stories, two real
events per topic: hard negatives). Each document goes through the real pipeline
(`--no-clean`, stop after "stories"), in file order and in a fixed shuffled order;
the `story` ids are scored against the gold `story` field with B-cubed precision,
recall and F1 and pairwise F1. The `topic` field is never used. Since single-pass
clustering depends on the order and one order can flatter a setting by a point, the
mean B-cubed over five more shuffled orders is reported too: tune on that.
Baselines measured in the same run: incremental TF-IDF cosine single-link over plain
words (a document joins the cluster of its most similar earlier document), at the
threshold that is best for it on this very set (an optimistic baseline); and the
trivial "one story" and "all singletons" clusterings.

Near-duplicates: for a fixed-seed sample of ECB+ documents, planted copies are
inserted later in the stream: exact copies, trimmed copies (a leading share of the
text), copies with a different tail (a lead share plus lines from an unrelated
document), and lightly edited copies (a few words dropped, changed or re-cased,
typographic quotes). Precision counts every article flagged as a duplicate (flags
between original ECB+ documents are false positives unless listed and inspected);
recall counts planted copies whose `duplicate_of` is their original.

Stories at TDT granularity (`--dev`): DUC 2004 dev (../shared/dev/duc2004_dev.jsonl, 20
of DUC 2004's TDT story clusters, no dates) and ECB+ scored against its `topic` (a story as
an editor means it) and its finer sub-topic `story`; each split into a tuning and a blind
half by the first byte of the sha1 of the gold story (ECB+: topic) id, so that no story is
split; B-cubed and pairwise F1 as the mean over the file order and four shuffled orders.
Tune on the tuning halves only. Volume (`--volume`): the DUC dev halves hidden among 500 and
all 1,925 real distractor articles (ECB+, TR-News, LGL, TimeBank but its reports of a DUC
story), B-cubed over the DUC articles with the distractors counted in the clusters they join.

Scale: `--scale N` generates N synthetic dated articles (stories of 1-20 reports with
invented names, numbers and dates over a year) and reports time, peak memory
(resource.getrusage) and B-cubed against the generator's stories.

Run: .venv/bin/python bench/stories.py [--dev | --volume | --scale 100000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import random
import re
import resource
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

from halves import half

from casus.stories.dedup import shingles
from casus.model import Document
from casus.pipeline import Options, Run, process

DEV = Path(__file__).resolve().parents[1] / ".." / "shared" / "dev"


def load(name: str) -> list[dict]:
    with open(DEV / name, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def load_ecb() -> list[dict]:
    return load("ecbplus.jsonl")


def run_pipeline(docs: list[Document], **opts) -> tuple[list[Document], float]:
    run = Run(options=Options(stop="stories", no_clean=True, **opts))
    t0 = time.perf_counter()
    out = [d for batch in process(docs, run) for d in batch]
    return out, time.perf_counter() - t0


def documents(records: list[dict]) -> list[Document]:
    return [Document(id=r["id"], text=r["text"], source="ecbplus.jsonl", format="jsonl",
                     title=r.get("title") or None, url=r.get("url")) for r in records]


def rejoined(docs: list[Document]) -> dict[str, str]:
    """Stragglers' stories that joined another as these documents' articles were placed
    (`StoryIndex.rejoin`): an article keeps the story it was placed in, as `extract` streams it;
    ingest relabels the store."""
    return dict(move for d in docs for a in d.articles for move in a.sketch.rejoined)


def stories_of(docs: list[Document]) -> list[str]:
    """Each document's (first article's) story as the store holds it after the run."""
    moved = rejoined(docs)
    return [moved.get(d.articles[0].story, d.articles[0].story) for d in docs]


def cluster(records: list[dict]) -> list[str]:
    """Each record's story id from the pipeline, in the records' order."""
    return stories_of(run_pipeline(documents(records))[0])


def halves(records: list[dict], key: str) -> dict[str, list[dict]]:
    """The records by half of their `key` (ECB+ sub-topics by their topic, so that the two
    events of one kind a topic pairs are in one half)."""
    return {"tuning": [r for r in records if half(r[key]) == "tuning"],
            "blind": [r for r in records if half(r[key]) == "blind"],
            "all": records}


# -- metrics ---------------------------------------------------------------

def bcubed(pred: list, gold: list) -> tuple[float, float, float]:
    pc, gc = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        pc[p].add(i)
        gc[g].add(i)
    p = sum(len(pc[pr] & gc[g]) / len(pc[pr]) for pr, g in zip(pred, gold)) / len(pred)
    r = sum(len(pc[pr] & gc[g]) / len(gc[g]) for pr, g in zip(pred, gold)) / len(pred)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def pairwise(pred: list, gold: list) -> tuple[float, float, float]:
    pairs = lambda counts: sum(c * (c - 1) / 2 for c in counts.values())  # noqa: E731
    tp = pairs(Counter(zip(pred, gold)))
    pp, gp = pairs(Counter(pred)), pairs(Counter(gold))
    p, r = tp / pp if pp else 0.0, tp / gp if gp else 0.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def fmt(name: str, pred: list, gold: list, extra: str = "") -> str:
    b, pw = bcubed(pred, gold), pairwise(pred, gold)
    return (f"  {name:<44} B3 P={b[0]:.3f} R={b[1]:.3f} F1={b[2]:.3f}  pairwise F1={pw[2]:.3f}"
            f"  clusters={len(set(pred))}{extra}")


# -- baseline ----------------------------------------------------------------

WORD = re.compile(r"[a-z]+")


def tfidf_single_link(texts: list[str], threshold: float) -> list[int]:
    """Incremental TF-IDF cosine single-link over plain lowercase words."""
    df: Counter = Counter()
    vecs: list[dict[str, float]] = []
    postings: dict[str, list[int]] = defaultdict(list)
    label: list[int] = []
    for i, text in enumerate(texts):
        tf = Counter(WORD.findall(text.lower()))
        df.update(tf.keys())
        n = i + 1
        v = {w: (1 + math.log(c)) * math.log((n + 1) / (df[w] + 0.5)) for w, c in tf.items()}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        v = {w: x / norm for w, x in v.items()}
        scores: dict[int, float] = defaultdict(float)
        for w, x in v.items():
            for j in postings[w]:
                scores[j] += x * vecs[j].get(w, 0.0)
        best = max(scores, key=lambda j: (scores[j], -j), default=None)
        label.append(label[best] if best is not None and scores[best] >= threshold else i)
        vecs.append(v)
        for w in v:
            postings[w].append(i)
    return label


# -- planted near-duplicates ---------------------------------------------------

def edit(text: str, rng: random.Random) -> str:
    """A light edit: ~3% of words dropped, replaced or re-cased; typographic quotes."""
    words = text.split(" ")
    out = []
    for w in words:
        x = rng.random()
        if x < 0.01:
            continue
        out.append("the" if x < 0.02 else w.upper() if x < 0.03 else w)
    return " ".join(out).replace('"', "”")


def plant(records: list[dict], rng: random.Random, n: int) -> tuple[list[dict], dict[str, str]]:
    """The stream with planted copies inserted after their originals; copy id -> original id."""
    eligible = [r for r in records if len(r["text"].split()) >= 80 and r["text"].count("\n") >= 3]
    chosen = rng.sample(eligible, n)
    kinds = ["exact", "trimmed", "tail", "edited"]
    stream = list(records)
    truth: dict[str, str] = {}
    for k, r in enumerate(chosen):
        kind = kinds[k % len(kinds)]
        lines = r["text"].split("\n")
        if kind == "exact":
            text = r["text"]
        elif kind == "trimmed":
            text = "\n".join(lines[:max(2, round(len(lines) * rng.uniform(0.6, 0.9)))])
        elif kind == "tail":
            other = rng.choice(records)["text"].split("\n")
            keep = lines[:max(2, round(len(lines) * rng.uniform(0.7, 0.9)))]
            text = "\n".join(keep + other[-rng.randint(1, 3):])
        else:
            text = edit(r["text"], rng)
        copy_id = f"{r['id']}~{kind}"
        pos = stream.index(r) + 1 + rng.randint(0, len(stream) - stream.index(r) - 1)
        stream.insert(pos, {"id": copy_id, "text": text, "title": r.get("title"), "url": None})
        truth[f"{copy_id}#0"] = f"{r['id']}#0"
    return stream, truth


def exact_containment(a: str, b: str) -> float:
    """Exact share of the smaller text's 5-word shingles found in the other."""
    x, y = shingles(a, 5), shingles(b, 5)
    return len(x & y) / min(len(x), len(y))


def near_duplicates(records: list[dict]) -> None:
    rng = random.Random(7)
    stream, truth = plant(records, rng, 200)
    docs, secs = run_pipeline(documents(stream))
    arts = {a.id: a for d in docs for a in d.articles}
    flagged = {i: a for i, a in arts.items() if a.duplicate_of}
    root = {i: (arts[o].duplicate_of or o) for i, o in truth.items()}  # the earliest copy of the original
    right = {i for i in truth if i in flagged and flagged[i].duplicate_of == root[i]}
    # flags between original ECB+ documents: correct when the texts really are near-copies
    genuine = {i for i, a in flagged.items() if i not in truth
               and exact_containment(a.text, arts[a.duplicate_of].text) >= 0.8}
    wrong = sorted(set(flagged) - right - genuine)
    print(f"near-duplicates: {len(truth)} planted copies (exact/trimmed/different tail/edited, seed 7)"
          f" in a stream of {len(stream)}")
    print(f"  planted: recall={len(right) / len(truth):.3f}; all flags: precision="
          f"{(len(right) + len(genuine)) / max(1, len(flagged)):.3f} ({len(flagged)} flagged: {len(right)} planted"
          f" copies to their original, {len(genuine)} ECB+ wire copies with exact 5-gram containment >= 0.8,"
          f" {len(wrong)} wrong)")
    by_kind = Counter(i.split("~")[1].split("#")[0] for i in right)
    total = Counter(i.split("~")[1].split("#")[0] for i in truth)
    print("  recall by kind: " + ", ".join(f"{k} {by_kind[k]}/{total[k]}" for k in total))
    for i in wrong:
        a = flagged[i]
        print(f"  wrong: {i} -> {a.duplicate_of} (similarity {a.similarity},"
              f" exact containment {exact_containment(a.text, arts[a.duplicate_of].text):.2f})")
    print(f"  throughput: {len(stream) / secs:.0f} documents/s (clean --no-clean + stories)")


# -- stories -----------------------------------------------------------------

def stories(records: list[dict]) -> None:
    gold = [r["story"] for r in records]
    print(f"stories: ECB+ {len(records)} documents, {len(set(gold))} gold stories (topic field unused)")
    for order in ("file", "shuffled"):
        idx = list(range(len(records)))
        if order == "shuffled":
            random.Random(0).shuffle(idx)
        recs = [records[i] for i in idx]
        g = [gold[i] for i in idx]
        docs, secs = run_pipeline(documents(recs))
        pred = stories_of(docs)
        dups = sum(1 for d in docs if d.articles[0].duplicate_of)
        print(fmt(f"casus ({order} order)", pred, g,
                  f"  duplicates={dups}  {len(recs) / secs:.0f} docs/s"))
        texts = [(r.get("title") or "") + "\n" + r["text"] for r in recs]
        t0 = time.perf_counter()
        best = max(((bcubed(tfidf_single_link(texts, t), g)[2], t) for t in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35)))
        base = tfidf_single_link(texts, best[1])
        secs = (time.perf_counter() - t0) / 7
        print(fmt(f"baseline TF-IDF single-link t={best[1]} ({order})", base, g, f"  {len(recs) / secs:.0f} docs/s"))
    scores = []
    for seed in range(1, 6):  # one order can flatter or punish a setting: five more
        idx = list(range(len(records)))
        random.Random(seed).shuffle(idx)
        docs, _ = run_pipeline(documents([records[i] for i in idx]))
        scores.append(bcubed(stories_of(docs), [gold[i] for i in idx]))
    mean = [sum(s[k] for s in scores) / len(scores) for k in range(3)]
    print(f"  {'casus (shuffled orders 1-5, mean)':<44} B3 P={mean[0]:.3f} R={mean[1]:.3f} F1={mean[2]:.3f}"
          f"  (F1 {min(s[2] for s in scores):.3f}-{max(s[2] for s in scores):.3f})")
    print(fmt("baseline one story", [0] * len(gold), gold))
    print(fmt("baseline all singletons", list(range(len(gold))), gold))


# -- dev sets at story (TDT topic) granularity ------------------------------------

ORDERS = 5  # the file order and four shuffled ones


def orders(n: int, k: int = ORDERS) -> Iterator[list[int]]:
    for seed in range(k):
        idx = list(range(n))
        if seed:
            random.Random(seed).shuffle(idx)
        yield idx


def over_orders(records: list[dict], key: str, gold_of: list[bool] | None = None) -> tuple[list[float], float]:
    """The mean over `ORDERS` input orders of B-cubed P, R, F1 and pairwise F1 against `key`,
    counted over the records `gold_of` marks (all by default); the others are distractors that
    count only in the clusters they join. Also the spread of F1 (max - min)."""
    scores = []
    for idx in orders(len(records)):
        pred = cluster([records[i] for i in idx])
        keep = [k for k, i in enumerate(idx) if gold_of is None or gold_of[i]]
        g = [records[i][key] if gold_of is None or gold_of[i] else f"~{k}" for k, i in enumerate(idx)]
        b = bcubed_over(pred, g, keep)
        scores.append(list(b) + [pairwise([pred[k] for k in keep], [g[k] for k in keep])[2]])
    mean = [sum(s[j] for s in scores) / len(scores) for j in range(4)]
    return mean, max(s[2] for s in scores) - min(s[2] for s in scores)


def bcubed_over(pred: list, gold: list, keep: list[int]) -> tuple[float, float, float]:
    """B-cubed averaged over the items `keep`, with every item (distractors too) in the clusters."""
    pc, gc = defaultdict(set), defaultdict(set)
    for i, (p, g) in enumerate(zip(pred, gold)):
        pc[p].add(i)
        gc[g].add(i)
    p = sum(len(pc[pred[i]] & gc[gold[i]]) / len(pc[pred[i]]) for i in keep) / len(keep)
    r = sum(len(pc[pred[i]] & gc[gold[i]]) / len(gc[gold[i]]) for i in keep) / len(keep)
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def line(name: str, records: list[dict], mean: list[float], spread: float, key: str) -> str:
    return (f"  {name:<30} {len(records):>4} articles {len({r[key] for r in records}):>3} stories"
            f"  B3 P={mean[0]:.3f} R={mean[1]:.3f} F1={mean[2]:.3f}  pairwise F1={mean[3]:.3f}"
            f"  (F1 spread over orders {spread:.3f})")


def dev_sets() -> None:
    """DUC 2004 dev clusters and ECB+ topics (and its finer sub-topic stories), by half."""
    sets = [("DUC 2004 dev", load("duc2004_dev.jsonl"), "story", "story"),
            ("ECB+ topics", load_ecb(), "topic", "topic"), ("ECB+ sub-topics", load_ecb(), "story", "topic")]
    print(f"stories at TDT granularity: mean over {ORDERS} input orders; halves by sha1 of the gold (topic) id")
    for name, records, key, half_key in sets:
        for half, recs in halves(records, half_key).items():
            print(line(f"{name} {half}", recs, *over_orders(recs, key), key))
        sys.stdout.flush()


SAME_STORY = re.compile(r"embass.*\b(?:Nairobi|Dar es Salaam)\b|\b(?:Nairobi|Dar es Salaam)\b.*embass", re.S | re.I)


def distractors() -> list[dict]:
    """Real news articles about other stories: ECB+, TR-News, LGL and TimeBank (DUC-era newswire).
    TimeBank's reports of the August 1998 embassy bombings in Nairobi and Dar es Salaam (`SAME_STORY`)
    are the seminal event of a DUC 2004 dev story: that story, not distractors, so they are left out."""
    out = [{"id": r["id"], "text": r["text"], "title": r.get("title")} for r in load_ecb()]
    for name in ("geo_trnews.jsonl", "geo_lgl.jsonl", "timebank.jsonl"):
        out += [{"id": f"{name}/{r['id']}", "text": r["text"]} for r in load(name)
                if not (name == "timebank.jsonl" and SAME_STORY.search(r["text"]))]
    return out


def volume() -> None:
    """DUC dev stories hidden among growing numbers of real distractor articles: B-cubed over the
    DUC articles, a distractor that joins a DUC story counting against its precision."""
    duc, others = load("duc2004_dev.jsonl"), distractors()
    random.Random(0).shuffle(others)
    print(f"volume: DUC 2004 dev among real distractors (of {len(others)}); mean over {ORDERS} orders")
    for half, recs in halves(duc, "story").items():
        for n in (0, 500, len(others)):
            mixed = recs + [dict(r, story=f"x{k}") for k, r in enumerate(others[:n])]
            gold_of = [k < len(recs) for k in range(len(mixed))]
            mean, spread = over_orders(mixed, "story", gold_of)
            print(line(f"DUC {half} + {n} distractors", recs, mean, spread, "story"))
            sys.stdout.flush()


# -- scale -------------------------------------------------------------------

SYLLABLES = "ka ri to mel an dor vi sa lun bre gor te ish pal nor ux zan qui fey rot".split()


def invented(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()


VOCAB = sorted({invented(random.Random(i)).lower() for i in range(3000)})  # common words of the fake language


def synthetic(n: int, seed: int = 1) -> Iterator[tuple[Document, int]]:
    """N dated articles in date order, generated lazily: stories of 1-20 reports within
    ten days of their event, with invented people, a place and a number of their own (named
    with capitals, as news names them)."""
    rng = random.Random(seed)
    slots: list[tuple[int, int, int]] = []  # (day, story, report)
    story = 0
    while len(slots) < n:
        story += 1
        day = rng.randint(0, 364)
        slots += [(day + rng.randint(0, 10), story, k) for k in range(min(rng.randint(1, 20), n - len(slots)))]
    slots.sort()
    for when, story, k in slots:
        facts = random.Random(story)
        people = [f"{invented(facts)} {invented(facts)}" for _ in range(2)]
        place, number = invented(facts), facts.randint(2, 500)
        words = random.Random(f"{story}/{k}")
        body = []
        for s in range(words.randint(6, 14)):
            sentence = words.sample(VOCAB, 12)
            if s % 3 == 0:
                sentence.insert(3, words.choice(people))
            if s % 4 == 1:
                sentence.insert(6, f"in {place}")
            if s == 2:
                sentence.insert(8, f"{number} people")
            text = " ".join(sentence)
            body.append(text[0].upper() + text[1:] + ".")  # not str.capitalize: it lowercases the names
        date = (dt.date(2024, 1, 1) + dt.timedelta(days=when)).isoformat()
        yield (Document(id=f"s{story}-{k}", text="\n".join(body), source=f"outlet{words.randint(1, 50)}",
                        format="jsonl", date=date), story)


def scale(n: int) -> None:
    gold = [s for _, s in synthetic(n)]
    rss0 = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    run = Run(options=Options(stop="stories", no_clean=True, given_date=True, batch_size=256))
    pred, moved = [], {}
    t0 = time.perf_counter()
    for batch in process((d for d, _ in synthetic(n)), run):  # streamed: only the story ids are kept
        pred += [d.articles[0].story for d in batch]
        moved.update(rejoined(batch))
    secs = time.perf_counter() - t0
    pred = [moved.get(s, s) for s in pred]
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"scale: {n:,} synthetic dated articles, {len(set(gold)):,} stories, extract mode (in-memory state)")
    print(f"  {secs:.1f} s, {n / secs:.0f} articles/s; peak RSS {rss / 1024:.0f} MiB"
          f" (before the run, with the generator's gold: {rss0 / 1024:.0f} MiB)")
    print(fmt("casus on the synthetic stories", pred, gold))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--scale", type=int, default=0, help="run only the scale test with this many articles")
    ap.add_argument("--dev", action="store_true", help="run only the DUC 2004 / ECB+ topic halves")
    ap.add_argument("--volume", action="store_true", help="run only DUC 2004 dev among distractors")
    args = ap.parse_args()
    if args.scale:
        scale(args.scale)
        return
    if args.dev:
        dev_sets()
        return
    if args.volume:
        volume()
        return
    dev_sets()
    volume()
    records = load_ecb()
    stories(records)
    near_duplicates(records)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
