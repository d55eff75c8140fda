"""Benchmark: toponym recognition and resolution on LGL, TR-News and ACLED notes (../shared/dev).

Halves. Every set is split as every bench splits it (bench/halves.py): a record is in the tuning half when
the first byte of sha1(id) is even, else in the blind half. Figures are given for tuning,
blind and all; only the tuning half's errors are ever printed one by one (--errors).

Metrics per data set, for casus and for a baseline measured in the same run
(baseline = spaCy GPE/LOC/FAC spans, each resolved to its most populous gazetteer candidate):
- recognition precision / recall / F1, a predicted span counting when start and end equal a gold span;
- acc@161: share of gold toponyms resolved within 161 km of the gold point,
  (a) over the gold toponyms the system recognised (exact span), and
  (b) over all gold toponyms (a missed toponym counts as wrong);
  "id" variants count a prediction with the gold geonameid as 0 km (countries and divisions carry
  representative points that differ between sources);
- mean and median error (km) over the recognised ones; throughput in documents per second.
The gold sets annotate demonyms ("Russian", "Georgian") as toponyms; casus by design does not
output demonyms as places, so scores are also given over gold without demonyms.

ACLED 2016 notes (ACLED's terms of use apply; attribution: ACLED, acleddata.com): over the notes
located to the town or district (geo_precision 1-2), the share where one of the places casus
finds in the note lies within 25 km of ACLED's point, and the share with no place at all.

Run: .venv/bin/python bench/places.py [--limit N] [--errors]
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import time
from pathlib import Path

from halves import half

from casus.pipeline import analyser
from casus import actors
from casus.places import gazetteer, geoparse, group_names
from casus.places.gazetteer import haversine_km

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "dev"
SETS = {"LGL": DEV / "geo_lgl.jsonl", "TR-News": DEV / "geo_trnews.jsonl"}
ACLED = DEV / "acled2016.jsonl"
PUBLISHED_MORDECAI3 = {"LGL": 82.7, "TR-News": 87.3}  # published on the whole sets, untuned to them
HALVES = ("tuning", "blind", "all")
ACLED_KM = 25


def baseline(doc, gaz) -> list[dict]:
    out = []
    for e in doc.ents:
        if e.label_ in {"GPE", "LOC", "FAC"}:
            cands = gaz.candidates(e.text)
            if cands:
                p = max(cands, key=lambda c: c.population)
                out.append({"start": e.start_char, "end": e.end_char, "lat": p.lat, "lon": p.lon,
                            "geonameid": p.geonameid})
    return out


def km(gold: dict, pred: dict) -> float:
    """How far a predicted place is from the gold point: infinitely for a place named without a
    point (a settlement the text puts in no place the gazetteer holds)."""
    if pred["lat"] is None:
        return math.inf
    return haversine_km(gold["lat"], gold["lon"], pred["lat"], pred["lon"])


def score(golds: list[list[dict]], preds: list[list[dict]], keep) -> dict:
    n_gold = n_pred = tp = 0
    errors, id_errors = [], []
    for gold, pred in zip(golds, preds):
        gold = [g for g in gold if keep(g)]
        by_span = {(p["start"], p["end"]): p for p in pred}
        n_gold += len(gold)
        n_pred += len(by_span)
        for g in gold:
            p = by_span.get((g["start"], g["end"]))
            if p is None:
                continue
            tp += 1
            d = km(g, p)
            errors.append(d)
            id_errors.append(0.0 if p.get("geonameid") == g["geonameid"] else d)
    gold_spans = {(i, g["start"], g["end"]) for i, gold in enumerate(golds) for g in gold if keep(g)}
    # precision counts predictions against all gold spans (a demonym-free gold view must not
    # punish predictions of spans that are gold but demonyms: casus outputs none)
    all_spans = {(i, g["start"], g["end"]) for i, gold in enumerate(golds) for g in gold}
    pred_spans = {(i, p["start"], p["end"]) for i, pred in enumerate(preds) for p in pred}
    precision = len(pred_spans & all_spans) / max(1, len(pred_spans))
    recall = len(pred_spans & gold_spans) / max(1, len(gold_spans))
    ok = sum(e <= 161 for e in errors)
    ok_id = sum(e <= 161 for e in id_errors)
    return {
        "gold": n_gold, "recognised": tp, "P": 100 * precision, "R": 100 * recall,
        "F1": 200 * precision * recall / max(1e-9, precision + recall),
        "acc161_recognised": 100 * ok / max(1, tp), "acc161_all": 100 * ok / max(1, n_gold),
        "acc161_recognised_id": 100 * ok_id / max(1, tp), "acc161_all_id": 100 * ok_id / max(1, n_gold),
        "mean_km": statistics.fmean(located) if (located := [e for e in errors if e < math.inf]) else float("nan"),
        "median_km": statistics.median(located) if located else float("nan"),
    }


def tuning_errors(rows: list[dict], preds: list[list[dict]]) -> None:
    """Misses and resolutions beyond 161 km, of the tuning half only."""
    for r, pred in zip(rows, preds):
        if half(r["id"]) != "tuning":
            continue
        by_span = {(p["start"], p["end"]): p for p in pred}
        for g in r["toponyms"]:
            p = by_span.get((g["start"], g["end"]))
            ctx = r["text"][max(0, g["start"] - 50):g["end"] + 30].replace("\n", " ")
            if p is None:
                print(f"    miss  {g['text']!r}: ...{ctx}...")
            elif km(g, p) > 161:
                print(f"    wrong {g['text']!r} -> {p['name']} ({p['country']}, {p['feature']}): ...{ctx}...")


def acled_bench(nlp, gaz, show_errors: bool) -> None:
    rows = [json.loads(line) for line in ACLED.open(encoding="utf-8")]
    rows = [r for r in rows if r["geo_precision"] in (1, 2)]
    docs = list(nlp.pipe((r["text"] for r in rows), batch_size=32))
    preds = [geoparse(d, gaz, actors.load().group_countries(group_names(d))) for d in docs]
    near = [any(km(r, p) <= ACLED_KM for p in pred)
            for r, pred in zip(rows, preds)]
    print(f"\n== ACLED 2016 notes, geo_precision 1-2 ({ACLED.name}; ACLED's terms of use apply, "
          f"attribution: ACLED, acleddata.com)")
    for h in HALVES:
        idx = [i for i, r in enumerate(rows) if h == "all" or half(r["id"]) == h]
        hit = sum(near[i] for i in idx)
        none = sum(not preds[i] for i in idx)
        print(f"  {h:6} n={len(idx)}: place within {ACLED_KM} km {100 * hit / len(idx):.1f}%  "
              f"no place {100 * none / len(idx):.1f}%")
    if show_errors:
        for r, pred, ok in zip(rows, preds, near):
            if half(r["id"]) == "tuning" and not ok:
                got = "; ".join(f"{p['text']}->{p['name']} ({p['country']})" for p in pred) or "-"
                print(f"    {r['location']} ({r['admin1']}, {r['country']}): {got} | {r['text'][:160]}")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="documents per set (0 = all)")
    ap.add_argument("--errors", action="store_true", help="print the tuning half's errors")
    args = ap.parse_args()
    t0 = time.perf_counter()
    gaz = gazetteer()
    print(f"gazetteer open: {time.perf_counter() - t0:.2f}s")
    nlp = analyser()
    for name, path in SETS.items():
        rows = [json.loads(line) for line in path.open(encoding="utf-8")]
        if args.limit:
            rows = rows[: args.limit]
        t = time.perf_counter()
        docs = list(nlp.pipe((r["text"] for r in rows), batch_size=32))
        t_parse = time.perf_counter() - t
        t = time.perf_counter()
        preds = [geoparse(d, gaz, actors.load().group_countries(group_names(d))) for d in docs]
        t_ours = time.perf_counter() - t
        t = time.perf_counter()
        base = [baseline(d, gaz) for d in docs]
        t_base = time.perf_counter() - t
        views = {"all gold": lambda g: True, "gold w/o demonyms": lambda g: gaz.demonym(g["text"]) is None}
        print(f"\n== {name}: {len(rows)} docs; published Mordecai3 acc@161 on the whole set "
              f"{PUBLISHED_MORDECAI3[name]} (not tuned to it)")
        print(f"throughput: casus places {len(rows) / t_ours:.1f} docs/s (spaCy parse excluded; "
              f"with parse {len(rows) / (t_ours + t_parse):.1f} docs/s); baseline {len(rows) / t_base:.1f} docs/s")
        for h in HALVES:
            idx = [i for i, r in enumerate(rows) if h == "all" or half(r["id"]) == h]
            golds = [rows[i]["toponyms"] for i in idx]
            print(f"  -- {h} half: {len(idx)} docs")
            for view, keep in views.items():
                for system, p in (("casus", preds), ("baseline", base)):
                    s = score(golds, [p[i] for i in idx], keep)
                    print(f"  [{view:17}] {system:8} gold={s['gold']} recognised={s['recognised']} "
                          f"P={s['P']:.1f} R={s['R']:.1f} F1={s['F1']:.1f} | acc@161 "
                          f"recognised={s['acc161_recognised']:.1f} all={s['acc161_all']:.1f} | id-aware: "
                          f"recognised={s['acc161_recognised_id']:.1f} all={s['acc161_all_id']:.1f} | "
                          f"mean={s['mean_km']:.0f} km median={s['median_km']:.0f} km")
        if args.errors:
            tuning_errors(rows, preds)
    acled_bench(nlp, gaz, args.errors)


if __name__ == "__main__":
    main()
