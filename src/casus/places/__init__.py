"""Places: toponyms in an article resolved offline to GeoNames entries and coordinates.

`places` is the pipeline stage; `geoparse` does one parsed article; `event_place` (in
casus.places.locate) picks where an event happened from the places near its trigger.
"""

from __future__ import annotations

from typing import Any

from casus.model import Document
from casus.pipeline import shared
from casus.places.gazetteer import Gazetteer
from casus.places.locate import event_place
from casus.places.recognise import recognise
from casus.places.resolve import resolve

__all__ = ["event_place", "gazetteer", "geoparse", "places"]

def gazetteer(run: Any = None) -> Gazetteer:
    """The gazetteer, opened once per process: it is large and never changes within one."""
    return shared(run, "gazetteer", lambda: shared(None, "gazetteer", Gazetteer))


def geoparse(doc, gaz: Gazetteer) -> list[dict[str, Any]]:
    """The resolved places of one spaCy Doc, as the contract's dicts, in reading order."""
    mentions, demonyms = recognise(doc, gaz)
    resolve(mentions, demonyms)
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
    return out


def places(docs: list[Document], run: Any) -> None:
    """Pipeline stage: set `article.places` from the parse the analyse stage left on `article.nlp`."""
    gaz = gazetteer(run)
    for d in docs:
        for a in d.articles:
            a.places = geoparse(a.nlp, gaz) if a.nlp is not None else []
