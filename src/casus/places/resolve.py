"""Resolution: pick, for each mention, the gazetteer entry the article means.

A candidate's score adds a prior (a country name means the country; bigger places are
mentioned more; divisions and curated places by kind), how well the name matched, the
cue words ("Anbar province" is a division), the stated container ("Alexandria, La.",
"Russia's Kursk region") and the article's context: the countries and divisions its
other places and demonyms point to, and closeness to the places already resolved.
Two passes: the second sees the context the first one resolved.
"""

from __future__ import annotations

import math
from collections import Counter

from casus.places.gazetteer import ABBREV, Place, haversine_km, plain
from casus.places.recognise import Mention

PRIOR_FEATURE = {"country": 10.0, "continent": 9.0}
CURATED_PRIOR = 8.0
MATCH_QUALITY = {2: 1.0, 1: -0.5, 0: -1.5, ABBREV: 0.0}
BROAD = {"country", "continent", "admin1"}
NEAR_KM = 50.0  # two readings this close support each other: "Edmonton", "Enfield" and "London"
TOP_READINGS = 20  # readings per name, by prior, that can support another name's reading
SUPPORT_WEIGHT, MAX_SUPPORT = 1.5, 3


def prior(c: Place) -> float:
    pop = math.log10(c.population + 1)
    if c.feature in PRIOR_FEATURE:
        return PRIOR_FEATURE[c.feature]
    if c.geonameid is None:
        return CURATED_PRIOR
    if c.feature == "admin1":
        return 5.5 + 0.3 * pop
    if c.feature == "admin2":
        return 2.5 + 0.5 * pop
    if c.feature == "capital":
        return 2.5 + pop  # a capital named alone is often its government ("Tehran and Washington")
    return pop


def within(c: Place, container: Place) -> bool:
    """Whether `c` lies in `container` as far as the gazetteer's codes say."""
    if container.feature == "country":
        return c.country == container.country and c.feature != "country"
    if container.feature == "admin1":
        return c.admin1_code == container.admin1_code and c.feature != "admin1"
    return False


def _near(a: Place, b: Place) -> bool:
    if abs(a.lat - b.lat) > 1.0:
        return False  # cheap reject before the great-circle distance
    return haversine_km(a.lat, a.lon, b.lat, b.lon) < NEAR_KM


def support(mentions: list[Mention]) -> dict[int, int]:
    """Per candidate (by id), how many other names of the article have a likely reading near it
    (for a first-level division: inside it).

    Independent of any pick, so small towns that happen to share a country cannot vote each
    other in: the readings of an article's local names lie close together.
    """
    readings: dict[str, list[Place]] = {}
    divisions: dict[str, list[Place]] = {}
    for m in mentions:
        key = plain(m.text)
        if key not in readings:
            local = [c for c in m.candidates if c.feature not in BROAD]
            readings[key] = sorted(local, key=prior, reverse=True)[:TOP_READINGS]
            divisions[key] = [c for c in m.candidates if c.feature == "admin1"]
    out: dict[int, int] = {}
    for key, cands in readings.items():
        for c in cands:
            out[c.id] = sum(1 for other, ocands in readings.items()
                            if other != key and any(_near(c, o) for o in ocands))
        for c in divisions[key]:
            out[c.id] = sum(1 for other, ocands in readings.items()
                            if other != key and any(o.admin1_code == c.admin1_code for o in ocands))
    return out


def score(c: Place, m: Mention, countries: Counter, admin1s: Counter, anchors: list[Place],
          near: dict[int, int] | None = None) -> float:
    s = prior(c) + MATCH_QUALITY.get(c.quality, 0.0) + (0.5 if c.exact else -0.5)
    if near:
        s += SUPPORT_WEIGHT * min(near.get(c.id, 0), MAX_SUPPORT)
    if m.designator:
        if c.feature == m.designator or (m.designator == "city" and c.feature == "capital"):
            s += 4.0
        elif c.feature in {"admin1", "admin2", "country"}:
            s -= 1.0
    elif c.feature == "admin1" and c.quality < 2 and any(
            o.feature in {"city", "capital"} and o.admin1_code == c.admin1_code and o.quality == 2
            for o in m.candidates):
        s -= 2.0  # a bare "Kursk" is the city; "Kursk region" says otherwise
    if m.container is not None and m.container.place is not None:
        s += 6.0 if within(c, m.container.place) else -4.0
    if c.country and countries[c.country]:
        s += 1.0 + 4.0 * countries[c.country] / sum(countries.values())
    if c.admin1_code and admin1s[c.admin1_code]:  # other places lie in it, or in the same division
        s += 2.0
    if anchors and c.feature not in {"country", "continent"}:
        d = min(haversine_km(c.lat, c.lon, a.lat, a.lon) for a in anchors)
        s += 1.5 if d < 100 else 0.75 if d < 500 else 0.0
    return s


def _context(mentions: list[Mention], demonyms: Counter, skip: Mention,
             resolved: bool) -> tuple[Counter, Counter, list[Place]]:
    """Countries and divisions the other mentions point to, and their places to be near.

    Before resolution only what all of a mention's candidates agree on counts.
    """
    countries: Counter = Counter(demonyms)
    admin1s: Counter = Counter()
    anchors: list[Place] = []
    same = plain(skip.text)
    for m in mentions:
        if plain(m.text) == same:
            continue  # a name does not vote for its own reading
        if resolved:
            if m.place is None or m.confidence < 0.5:
                continue
            p = m.place
            country, admin1 = p.country, p.admin1_code if p.feature != "country" else None
            if p.feature not in {"country", "continent"}:
                anchors.append(p)
        else:
            cs = {c.country for c in m.candidates}
            a1 = {c.admin1_code for c in m.candidates}
            country = next(iter(cs)) if len(cs) == 1 else None
            admin1 = next(iter(a1)) if len(a1) == 1 else None
        if country:
            countries[country] += 1
        if admin1:
            admin1s[admin1] += 1
    return countries, admin1s, anchors


def resolve(mentions: list[Mention], demonyms: Counter) -> None:
    """Set `.place` and `.confidence` on every mention (place None when nothing fits)."""
    for m in mentions:
        m.place, m.confidence = None, 0.0
    near = support(mentions)
    for resolved in (False, True):
        # containers first, so "Alexandria, La." sees Louisiana resolved
        order = sorted(mentions, key=lambda m: m.container is not None)
        for m in order:
            countries, admin1s, anchors = _context(mentions, demonyms, m, resolved)
            scored = sorted(((score(c, m, countries, admin1s, anchors, near), c) for c in m.candidates),
                            key=lambda x: -x[0])
            top = scored[0][0]
            total = sum(math.exp(s - top) for s, _ in scored)
            m.place, m.confidence = scored[0][1], round(1.0 / total, 2)
