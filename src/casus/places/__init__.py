"""Places: toponyms in an article resolved offline to GeoNames entries and coordinates.

`Places` is the pipeline component; `geoparse` does one parsed article; `event_place` (in
casus.places.locate) picks where an event happened from the places near its trigger.
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

from casus.model import Document
from casus.places.gazetteer import Gazetteer
from casus.places.locate import event_place
from casus.places.recognise import recognise
from casus.places.resolve import resolve
from casus.places.unlisted import unlisted

__all__ = ["Gazetteer", "Places", "event_place", "gazetteer", "geoparse", "group_names"]


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer, opened once per process: it is large and never changes within one."""
    return Gazetteer()


def geoparse(doc, gaz: Gazetteer, groups: Counter | None = None) -> list[dict[str, Any]]:
    """The resolved places of one spaCy Doc, as the contract's dicts, in reading order, with the
    settlements the gazetteer lacks placed where the text puts them (`unlisted`); `groups`: the
    countries (ISO 3166-1 alpha-2) of the armed groups the text names, context as demonyms are
    ("SPLA fighters ... near Leer" is the Leer in South Sudan; `casus.actors.KB.group_countries`)."""
    mentions, demonyms = recognise(doc, gaz)
    resolve(mentions, demonyms, groups)
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


GROUP_LABELS = {"ORG", "NORP", "GPE", "PERSON"}  # how spaCy labels a named armed group ("Taliban": NORP,
# "SPLA-IO": GPE or PERSON)


def group_names(doc) -> list[str]:
    """The names in a text that may be an armed group's, for `KB.group_countries`."""
    return [e.text for e in doc.ents if e.label_ in GROUP_LABELS]


class Places:
    """The places stage: `article.places` from the entities and words the analyse stage left
    on `article.nlp` (it reads no parse)."""

    name = stage = "places"
    parallel = True

    def __init__(self, res: Any) -> None:
        self.res = res  # shared models: `res.gazetteer`, and `res.kb` for the countries of armed groups

    def __call__(self, docs: list[Document]) -> None:
        gaz, kb = self.res.gazetteer, self.res.kb
        for d in docs:
            for a in d.articles:
                a.places = [] if a.nlp is None else geoparse(a.nlp, gaz, kb.group_countries(group_names(a.nlp)))
