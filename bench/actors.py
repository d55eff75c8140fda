"""Actor resolution: precision and recall of mention -> actor id, and throughput.

Gold: bench/actors_gold.jsonl, hand-labelled for this benchmark (363 mentions):
- 224 PLOVER gold-record actor spans (../shared/dev/plover_gsr.jsonl, `source_text` and
  `target_text` split at "; ", every third record), each resolved on its own: the records
  are CAMEO-manual example sentences with placeholder dates, so no date and no article.
- 139 mentions in the eight seed articles (../shared/seeds), located by text and
  occurrence in the article body, with the article date of dev/seeds_expected.json; the
  seeds run through the analyse and actors stages and a mention counts as predicted when an
  entity spans it (a leading "the" aside).

Labelling policy (what a careful annotator can know from the sentence, in the KB's ids):
a person in the KB is their person id; a person the KB lacks is the body their title
names ("British Defence Secretary Tom King" -> GBR.MOD) or null without a title; a
description is country + sector ("Fijian rebels" -> FJI.REB) or the curated body
("Israeli army" -> ISR.MIL, the IDF); the country comes from the sentence when the span
lacks it ("Karen guerrilla" -> MMR.REB) — so some gold answers need more than the span;
ethnic groups, sub-national places and organisations the KB lacks are null. Null gold
mentions count against precision when something is predicted for them.

Metrics: exact-id precision / recall / F1 (a wrong id is both a false positive and a false
negative), and the same at country level (the predicted actor's country against the gold
actor's). Baseline, measured in the same run: exact lookup of the whole mention (minus a
leading "the") among KB names, aliases, demonyms and capitals — a dictionary coder without
descriptions, roles, dates, fuzzy matching or coreference.

Run: .venv/bin/python bench/actors.py
"""

from __future__ import annotations

import json
import sys
import time
from collections import Counter
from functools import cache
from pathlib import Path

from casus import actors, analyse
from casus.pipeline import analyser
from casus.actors.names import phrase_key
from casus.model import Article

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "bench" / "actors_gold.jsonl"

# The seed articles the gold mentions are located in, shared with tests/test_actors.py
# (which loads this file as a module): the article dates as seeds_expected.json gives them
# (the time stage infers these), and the article bodies.
DATES = {("003_795ca110c0324f7a.txt", 0): {"earliest": "2021-07-08", "latest": "2021-07-18"},
         ("001_0506f3965bec6558.txt", 0): {"earliest": "2021-07-08", "latest": "2021-07-18"},
         ("002_18a612384e194648.txt", 0): {"value": "2021-01-03"},
         ("003_795ca110c0324f7a.txt", 1): {"value": "2025-04-26"},
         ("004_a67afeed6e17fc37.txt", 3): {"value": "2025-12-05"}}


@cache
def seeds_expected() -> dict:
    return json.loads((SHARED / "dev" / "seeds_expected.json").read_text(encoding="utf-8"))


def seed_body(name: str, n: int) -> str:
    """An article body cut from the raw seed by its expected first and last sentences,
    each paragraph once (seed 001 repeats them); the clean stage is tested elsewhere.
    Gold mentions are located in this text by occurrence: change it and the gold moves."""
    exp = seeds_expected()["seeds"][name]["articles"][n]
    raw = (SHARED / "seeds" / name).read_text(encoding="utf-8")
    i = raw.index(exp["first"])
    j = raw.find("\n", raw.index(exp["last"], i))
    paras = []
    for p in raw[i:j if j > 0 else len(raw)].split("\n"):
        if not (p.strip() and p in paras):
            paras.append(p)
    return "\n".join(paras)


def baseline(kb, text: str) -> str | None:
    ids = {e.value for e in kb.phrases.get(phrase_key(text.strip()), ())
           if e.kind in ("actor", "adj", "people", "metonym")}
    return ids.pop() if len(ids) == 1 else None


def score(pairs: list[tuple[str | None, str | None]], key=lambda x: x) -> dict[str, float]:
    tp = fp = fn = 0
    for pred, gold in pairs:
        p, g = key(pred), key(gold)
        if p is not None and p == g:
            tp += 1
        else:
            fp += p is not None
            fn += g is not None
    prec = tp / (tp + fp) if tp + fp else 0.0
    rec = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": prec, "recall": rec, "f1": 2 * prec * rec / (prec + rec) if prec + rec else 0.0,
            "tp": tp, "fp": fp, "fn": fn}


def seed_predictions(gold: list[dict], nlp) -> tuple[dict[int, str | None], float, int]:
    """Entity actors for the seed gold mentions, and the actors stage's own time."""
    out: dict[int, str | None] = {}
    stage_time, mentions = 0.0, 0
    r = actors.resolver()
    by_article: dict[tuple[str, int], list[int]] = {}
    for i, g in enumerate(gold):
        if g["source"] == "seed":
            by_article.setdefault((g["file"], g["article"]), []).append(i)
    for (f, n), idx in by_article.items():
        text = seed_body(f, n)
        a = Article(f, n, text, date=DATES.get((f, n)))
        a.nlp = nlp(text)
        a.entities = analyse.entities(a.nlp)
        t0 = time.perf_counter()
        actors.annotate(a, r)
        stage_time += time.perf_counter() - t0
        mentions += len(a.entities)
        for i in idx:
            g = gold[i]
            start = -1
            for _ in range(g["nth"] + 1):
                start = text.index(g["text"], start + 1)
            end = start + len(g["text"])
            hits = [e for e in a.entities if e["end"] == end and
                    (e["start"] == start or text[e["start"]:start].strip().lower() == "the")]
            out[i] = hits[0]["actor"] if hits else None
    return out, stage_time, mentions


def main() -> None:
    t0 = time.perf_counter()
    kb = actors.load()
    r = actors.resolver()
    load_s = time.perf_counter() - t0
    gold = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    plover = [i for i, g in enumerate(gold) if g["source"] == "plover"]
    pred: dict[int, str | None] = {}
    t0 = time.perf_counter()
    for _ in range(3):  # three passes for a steadier timing; results are identical
        for i in plover:
            res = r.resolve(gold[i]["text"], actors.Context(kb))
            pred[i] = res.id if res else None
    plover_rate = 3 * len(plover) / (time.perf_counter() - t0)
    seeds, stage_s, stage_mentions = seed_predictions(gold, analyser())
    pred.update(seeds)
    base = {i: baseline(kb, g["text"]) for i, g in enumerate(gold)}

    country = lambda x: kb.country_of(x) if x else None  # noqa: E731
    print(f"actor knowledge base: {sum(a.type != 'generic' for a in kb.actors.values())} actors "
          f"({Counter(a.type for a in kb.actors.values() if a.type != 'generic').most_common()}), loaded in {load_s:.2f} s")
    print(f"gold: {len(gold)} mentions ({len(plover)} PLOVER spans, {len(gold) - len(plover)} seed mentions), "
          f"{sum(g['gold'] is None for g in gold)} with null gold")
    print(f"{'subset':8} {'system':9} {'id P':>6} {'id R':>6} {'id F1':>6} {'ctry P':>7} {'ctry R':>7} {'ctry F1':>7}"
          f"   tp/fp/fn (id)")
    for name, idx in (("plover", plover), ("seeds", [i for i in range(len(gold)) if i not in set(plover)]),
                      ("all", list(range(len(gold))))):
        for system, p in (("casus", pred), ("baseline", base)):
            pairs = [(p[i], gold[i]["gold"]) for i in idx]
            s, c = score(pairs), score(pairs, country)
            print(f"{name:8} {system:9} {s['precision']:6.3f} {s['recall']:6.3f} {s['f1']:6.3f} "
                  f"{c['precision']:7.3f} {c['recall']:7.3f} {c['f1']:7.3f}   {s['tp']}/{s['fp']}/{s['fn']}")
    print(f"throughput: resolve() {plover_rate:,.0f} spans/s (PLOVER spans, no context); actors stage "
          f"{stage_mentions / stage_s:,.0f} entities/s ({stage_mentions} entities in 8 seed articles, "
          f"{stage_s:.2f} s, spaCy parse excluded)")
    if "-v" in sys.argv:
        for i, g in enumerate(gold):
            if pred.get(i) != g["gold"]:
                print(f"  {g['source']:6} {g['text'][:60]!r:64} gold={g['gold']} casus={pred.get(i)} base={base[i]}")


if __name__ == "__main__":
    main()
