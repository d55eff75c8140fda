"""Places: toponyms in an article resolved offline to GeoNames entries and coordinates.

`Places` is the pipeline component; `geoparse` does one parsed article; `event_place` (in
casus.places.locate) picks where an event happened from the places near its trigger.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

from casus import actors
from casus.actors.names import phrase_key
from casus.model import Document
from casus.places.gazetteer import Gazetteer
from casus.places.locate import event_place
from casus.places.recognise import recognise
from casus.places.resolve import resolve
from casus.places.unlisted import unlisted

__all__ = ["Gazetteer", "Places", "event_place", "gazetteer", "geoparse"]


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, opened once per process: it is large and never changes within one."""
    return Gazetteer()


def geoparse(doc, gaz: Gazetteer) -> list[dict[str, Any]]:
    """The resolved places of one spaCy Doc, as the contract's dicts, in reading order, with the
    settlements the gazetteer lacks placed where the text puts them (`unlisted`)."""
    mentions, demonyms = recognise(doc, gaz)
    resolve(mentions, demonyms, groups_countries(doc))
    out = []
    for m in mentions:
        p = m.place
        if p is None or m.street:
            continue
        out.append({
            "text": m.text, "start": m.start_char, "end": m.end_char, "geonameid": p.geonameid,
            "name": p.name, "country": p.country, "admin1": p.admin1 if p.feature != "country" else None,
            "lat": round(p.lat, 5), "lon": round(p.lon, 5), "feature": p.feature, "confidence": m.confidence,
        })
    extra = unlisted(doc, out)  # (which takes out of `out` a place that is only part of a settlement's name)
    return sorted(out + extra, key=lambda p: p["start"])


GROUP_LABELS = {"ORG", "NORP", "GPE"}  # how spaCy labels a named armed group ("Taliban": NORP, "SPLA-IO": GPE)


@cache
def _iso2() -> dict[str, str]:
    return {iso3: iso2 for iso2, iso3 in actors.load().by_iso2.items()}


def groups_countries(doc) -> Counter:
    """The countries the text's named armed groups fight in, by the actors' knowledge base: context
    for its places ("SPLA forces attacked positions near Leer" points to South Sudan, where one Leer
    lies). Only armed groups, which hold ground: a state's forces, parties and persons are named in
    news of anywhere."""
    kb, out = actors.load(), Counter()
    for ent in doc.ents:
        if ent.label_ not in GROUP_LABELS:
            continue
        found = [kb.get(e.value) for e in kb.phrases.get(phrase_key(ent.text), ()) if e.kind in {"actor", "short"}]
        countries = {_iso2().get(a.country) for a in found if a is not None and a.type == "armed_group"} - {None}
        if len(countries) == 1:
            out[countries.pop()] += 1
    return out


class Places:
    """The places stage: `article.places` from the entities and words the analyse stage left
    on `article.nlp` (it reads no parse)."""

    name = stage = "places"
    parallel = True

    def __init__(self, res: Any) -> None:
        self.res = res  # shared models: `res.gazetteer`

    def __call__(self, docs: list[Document]) -> None:
        gaz = self.res.gazetteer
        for d in docs:
            for a in d.articles:
                a.places = geoparse(a.nlp, gaz) if a.nlp is not None else []
