"""Resolution: pick, for each mention, the gazetteer entry the article means.

A candidate's score adds a prior (a country name means the country; bigger places are
mentioned more; divisions and curated places by kind), how well the name matched, the
cue words ("Anbar province" is a division), the stated container ("Alexandria, La.",
"Russia's Kursk region") and the article's context: the countries and divisions its
other places and demonyms point to, and closeness to the places already resolved.
Two passes: the second sees the context the first one resolved. The weights of the score
are data (data/places/weights.json, which says what each rewards).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import NamedTuple

from casus.places.gazetteer import ABBREV, BROAD, Place, haversine_km, neighbours, plain, within
from casus.places.recognise import PROMINENT_POPULATION, Mention

DOMINANT_SHARE = 0.2  # a city holding this share of its namesake division's people is what the bare name means
NEAR_KM = 50.0  # two readings this close support each other: "Goma", "Sake" and "Rutshuru"
NEAR_DEG = 1.0  # degrees of latitude: readings farther apart than this are not NEAR_KM apart
TOP_READINGS = 20  # readings per name, by prior, that can support another name's reading
MAX_SUPPORT = 3  # other names supporting a reading beyond this many add nothing more
NEAR_ANCHOR_KM, FAR_ANCHOR_KM = 100, 500  # an anchor (a resolved place) this close is near, or fairly near
FAR_DEG = 4.6  # degrees of latitude: 511 km or more apart, at 111.2 km a degree (beyond FAR_ANCHOR_KM)
# containers a place said to lie in must hold: divisions by their codes, towns by distance; a
# region's or a sea's extent is not known ("Arish in Sinai" lies far from the peninsula's point)
CONTAINERS = {"country", "admin1", "admin2", "city", "capital"}
VOTE_CONFIDENCE = 0.5  # a resolved name adds its reading to the others' context only when this sure
QUALITY = {"name": 2, "alias": 1, "derived": 0, "abbreviation": ABBREV}  # weights.json's names of Place.quality


class Scaled(NamedTuple):
    """A prior that grows with a place's size: base + per_log_population * log10(population + 1)."""

    base: float
    per_log_population: float


@dataclass(frozen=True)
class Weights:
    """The curated weights of `score` and `prior`; data/places/weights.json says what each rewards."""

    prior_by_feature: dict[str, float]  # "country", "continent"
    prior_curated: float  # a curated place (no GeoNames id)
    prior_by_population: dict[str, Scaled]  # by feature; "*" for any other
    match_quality: dict[int, float]  # by Place.quality
    exact: float
    inexact: float
    support: float
    designator_match: float
    designator_mismatch: float
    bare_division: float
    in_container: float
    outside_container: float
    context_country: float
    context_country_share: float
    context_admin1: float
    near_anchor: float
    fairly_near_anchor: float
    nearest_country: float


@lru_cache(maxsize=1)
def weights() -> Weights:
    """The score's weights, read once from data/places/weights.json."""
    data = json.loads(resources.files("casus").joinpath("data", "places", "weights.json").read_text("utf-8"))
    prior_ = data["prior"]
    return Weights(
        prior_by_feature={k: w["weight"] for k, w in prior_["by_feature"].items()},
        prior_curated=prior_["curated"]["weight"],
        prior_by_population={k: Scaled(w["base"], w["per_log_population"]) for k, w in prior_["by_population"].items()},
        match_quality={QUALITY[k]: w["weight"] for k, w in data["match_quality"].items()},
        **{k: w["weight"] for k, w in data["score"].items()})


def prior(c: Place) -> float:
    """How likely a reading is before any cue or context: by its kind, and its size (bigger
    places are mentioned more)."""
    w = weights()
    if c.feature in w.prior_by_feature:
        return w.prior_by_feature[c.feature]
    if c.geonameid is None:
        return w.prior_curated
    scaled = w.prior_by_population.get(c.feature, w.prior_by_population["*"])
    return scaled.base + scaled.per_log_population * math.log10(c.population + 1)


def _near(a: Place, b: Place) -> bool:
    if abs(a.lat - b.lat) > NEAR_DEG:
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
    # readings by degree of latitude: a place is near only readings in the bands around its own
    bands: dict[int, list[tuple[str, Place]]] = {}
    for key, cands in readings.items():
        for c in cands:
            bands.setdefault(math.floor(c.lat), []).append((key, c))
    codes = {key: {c.admin1_code for c in cands} for key, cands in readings.items()}
    out: dict[int, int] = {}
    for key, cands in readings.items():
        for c in cands:
            band = math.floor(c.lat)  # +-2 bands: 1 degree and a margin for rounding
            out[c.id] = len({other for b in range(band - 2, band + 3) for other, o in bands.get(b, ())
                             if other != key and _near(c, o)})
        for c in divisions[key]:
            out[c.id] = sum(1 for other in readings if other != key and c.admin1_code in codes[other])
    return out


class Context(NamedTuple):
    """What the other names of an article say: countries (and their total count) and divisions
    they point to, the points of the places they resolved to, and of the countries among them."""

    countries: Counter
    total: int
    admin1s: Counter
    anchors: set[tuple[float, float]]
    regions: set[tuple[float, float]]
    groups: Counter  # the part of `countries` the text's named groups give (casus.actors.KB.group_countries)


def _nearest_km(c: Place, anchors: set[tuple[float, float]]) -> float:
    """Distance to the nearest anchor; inf when none is within FAR_ANCHOR_KM (all that `score` asks).

    An anchor more than FAR_DEG of latitude away is farther than that, so its great-circle
    distance is not computed.
    """
    return min((haversine_km(c.lat, c.lon, lat, lon) for lat, lon in anchors if abs(c.lat - lat) < FAR_DEG),
               default=math.inf)


def score(c: Place, m: Mention, ctx: Context, near: dict[int, int] | None = None) -> float:
    """How well reading `c` fits mention `m` in its article: the sum of the weights that apply
    (a penalty is a negative weight)."""
    w = weights()
    s = prior(c) + w.match_quality.get(c.quality, 0.0) + (w.exact if c.exact else w.inexact)
    if near:
        s += w.support * min(near.get(c.id, 0), MAX_SUPPORT)
    if m.designator:
        if c.feature == m.designator or (m.designator == "city" and c.feature == "capital"):
            s += w.designator_match
        elif c.feature in {"admin1", "admin2", "country"}:
            s += w.designator_mismatch
    elif c.feature == "admin1" and any(
            o.feature in {"city", "capital"} and o.admin1_code == c.admin1_code and o.quality == QUALITY["name"] and (
                c.quality < QUALITY["name"] or o.population >= DOMINANT_SHARE * c.population) for o in m.candidates):
        # a bare "Kursk" is the city; "Kursk region" says otherwise. So is a bare "Sfax" when the
        # division bears the city's name as its own but the city holds much of its people ("from
        # Quebec" stays the province, whose capital holds a sixteenth of them)
        s += w.bare_division
    if m.container is not None and m.container.place is not None:
        s += w.in_container if within(c, m.container.place, m.contained) else w.outside_container
    if c.country and ctx.countries[c.country]:
        s += w.context_country + w.context_country_share * ctx.countries[c.country] / ctx.total
    if c.admin1_code and ctx.admin1s[c.admin1_code]:  # other places lie in it, or in the same division
        s += w.context_admin1
    if ctx.anchors and c.feature not in {"country", "continent"}:
        d = _nearest_km(c, ctx.anchors)
        s += w.near_anchor if d < NEAR_ANCHOR_KM else w.fairly_near_anchor if d < FAR_ANCHOR_KM else 0.0
    if c.feature == "country" and c is _nearest_country(m, ctx):
        s += w.nearest_country
    return s


def _nearest_country(m: Mention, ctx: Context) -> Place | None:
    """Of the countries a name may be ('Congo'), the one nearest the article's other places and
    countries (Rwanda and Goma make it DR Congo); None when the name is one country's, or no
    other place says where the article is."""
    countries = [c for c in m.candidates if c.feature == "country"]
    points = ctx.anchors | ctx.regions
    if len(countries) < 2 or not points:
        return None
    return min(countries, key=lambda c: min(haversine_km(c.lat, c.lon, lat, lon) for lat, lon in points))


def _off_focus(p: Place, m: Mention, ctx: Context, near: dict[int, int]) -> bool:
    """Whether a reading is a small place in a country that neither the rest of the article nor a
    neighbour of its countries is, with no other name near it and not inside a container the text
    states ("Wentworth, Durban" is no Wentworth in Australia): a local name the gazetteer lacks
    matched a namesake abroad ("Tur" in Darfur is not Tours), or a word of an institution's name
    did ("the Faculty of Law"). A border town stays ("Libyan traders in Ben Gardane"). Saying no
    place beats placing an event on another continent."""
    if p.feature in {"country", "continent"} or p.geonameid is None or p.population >= PROMINENT_POPULATION:
        return False
    container = m.container.place if m.container is not None else None
    stated = ctx.countries - ctx.groups  # (a group's country helps a reading, but alone rules none out)
    if not stated or ctx.countries[p.country] or near.get(p.id) or (
            m.container is not None and (container is None or within(p, container, True))):
        return False
    return not any(p.country in neighbours().get(c, ()) for c in stated)


Vote = tuple[str | None, str | None, tuple[float, float] | None, tuple[float, float] | None]


def _vote(m: Mention, resolved: bool) -> Vote:
    """The country, division, point and country point a mention adds to the other names' context.

    Before resolution only what all of its candidates agree on counts (and no point).
    """
    if not resolved:
        cs = {c.country for c in m.candidates}
        a1 = {c.admin1_code for c in m.candidates}
        return next(iter(cs)) if len(cs) == 1 else None, next(iter(a1)) if len(a1) == 1 else None, None, None
    p = m.place
    if p is None or m.confidence < VOTE_CONFIDENCE:
        return None, None, None, None
    return (p.country, p.admin1_code if p.feature != "country" else None,
            (p.lat, p.lon) if p.feature not in {"country", "continent"} else None,
            (p.lat, p.lon) if p.feature == "country" else None)


def _context(votes: list[Vote], keys: list[str], demonyms: Counter, same: str, groups: Counter) -> Context:
    """The context of the name `same`: the votes of the other names (a name does not vote for
    its own reading), the demonyms and the countries of the named groups."""
    countries: Counter = demonyms + groups
    admin1s: Counter = Counter()
    anchors: set[tuple[float, float]] = set()  # a set: the nearest of them is all that counts
    regions: set[tuple[float, float]] = set()
    for key, (country, admin1, point, region) in zip(keys, votes):
        if key == same:
            continue
        if country:
            countries[country] += 1
        if admin1:
            admin1s[admin1] += 1
        if point is not None:
            anchors.add(point)
        if region is not None:
            regions.add(region)
    return Context(countries, sum(countries.values()), admin1s, anchors, regions, groups)


def resolve(mentions: list[Mention], demonyms: Counter, groups: Counter | None = None) -> None:
    """Set `.place` and `.confidence` on every mention (place None when nothing fits); `groups`:
    the countries of the text's named groups (casus.actors.KB.group_countries)."""
    for m in mentions:
        m.place, m.confidence = None, 0.0
    groups = groups or Counter()
    near = support(mentions)
    keys = [plain(m.text) for m in mentions]
    # containers first, so "Alexandria, La." sees Louisiana resolved
    order = sorted(range(len(mentions)), key=lambda k: mentions[k].container is not None)
    for resolved in (False, True):
        votes = [_vote(m, resolved) for m in mentions]
        contexts: dict[str, Context] = {}  # before resolution, a name's context never changes
        for k in order:
            m = mentions[k]
            if resolved or keys[k] not in contexts:
                contexts[keys[k]] = _context(votes, keys, demonyms, keys[k], groups)
            ctx = contexts[keys[k]]
            # ties go to the bigger place: 'Congo' alone is the Democratic Republic's name more often
            scored = sorted(((score(c, m, ctx, near), c) for c in m.candidates), key=lambda x: (-x[0], -x[1].population))
            top = scored[0][0]
            total = sum(math.exp(s - top) for s, _ in scored)
            m.place, m.confidence = scored[0][1], round(1.0 / total, 2)
            if resolved and _off_focus(m.place, m, ctx, near):
                m.place, m.confidence = None, 0.0
            container = m.container.place if m.contained and m.container is not None else None
            if container is not None and container.feature in CONTAINERS and not any(
                    c.id == container.id or within(c, container, True) or within(container, c, True)
                    for c in m.candidates):
                # "Abu Hamra (Tripoli)": no such place in Tripoli is known ("Manitoba in Winnipeg", of a
                # hospital's name, tells the two the other way round)
                m.place, m.confidence = None, 0.0
            country = m.container.place.country if m.same_country and m.container.place is not None else None
            if country and m.place is not None and m.place.country != country:
                m.place, m.confidence = None, 0.0  # "Tur, Kunduz": no Tours in France, whatever else fits
            if resolved:
                votes[k] = _vote(m, True)  # the next names see this one resolved
