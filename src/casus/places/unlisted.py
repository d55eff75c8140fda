"""Unlisted places: settlements, camps and quarters a text names that the gazetteer lacks.

Conflict reports name villages GeoNames' populated places of 500 people do not hold ("the
village of Kisanga", "Abu Tor camp", "Dar Salam, a farming village north of Kutum"). A
settlement word says the name is a place; the sentence says where it lies ("... in Macomia
district", "north of the town of Kutum"). Such a place keeps its own name, has no GeoNames
id, and takes the coordinates, country and first-level division of the place the sentence
puts it in (`parent`): as precise as the text allows, no more, as ACLED codes a village it
cannot find at the nearest place it can. Without such a place in its sentence it keeps its
name and no point, no country (the text names the village and says no more: a country's centroid
would stand in for a town).
A name with no settlement word is taken when spaCy calls it a place and the sentence uses it as
one ("clashed near Miangalewa, in Muidumbe district"): the text's own evidence, not a cue list.
"""

from __future__ import annotations

from typing import Any

from casus.places.locate import BROAD
from casus.places.recognise import terms

FEATURE = "unlisted"
LOCATED_LABELS = {"GPE", "LOC"}  # spaCy's labels of a place a sentence puts something in
FROM_PARENT = ("country", "admin1", "lat", "lon")  # what a settlement takes from the place it lies in
UNPLACED = 0.3  # the confidence of a settlement's name the text puts in no place the gazetteer holds
LOCATING = {"in", "near", "at", "outside", "around"}  # prepositions before a place spaCy found


def _capitalised(tok) -> bool:
    """A word that can be (part of) a name: capitalised, and a proper noun or, not opening its
    sentence, a word the tagger took for another (unknown names are often tagged as adjectives or
    persons: "Gouzoudou village"); no demonym ("a Kurdish village") and no acronym, which names who
    holds a camp or a post, not where it is ("a CRPF camp", "an IDP camp")."""
    return tok.text[:1].isupper() and tok.is_alpha and tok.ent_type_ != "NORP" and not tok.text.isupper() and (
        tok.pos_ == "PROPN" or tok.pos_ in {"ADJ", "NOUN"} and not tok.is_sent_start)


def _name(tok) -> tuple[int, int] | None:
    """The token span of the name `tok` heads with its compounds ("Kyauk Sin Taw") and the
    words a hyphen joins to it ("Dargo-Silmissi"), if it is one."""
    if not _capitalised(tok):
        return None
    doc, first = tok.doc, tok.i
    while first > 0:
        prev = doc[first - 1]
        if prev.dep_ == "compound" and first - 1 < prev.head.i <= tok.i + 1 and _capitalised(prev):
            first -= 1  # (a compound of a word of the name, or of the settlement word after it)
        elif prev.text == "-" and not prev.whitespace_ and first > 1 and not doc[first - 2].whitespace_ \
                and _capitalised(doc[first - 2]):
            first -= 2
        else:
            break
    return first, tok.i + 1


def _named(word) -> list[tuple[int, int]]:
    """Names a settlement word gives a place to: "the village of X", "X village", "X, a village"
    (in "X village of Y district", Y is where X lies)."""
    before = [s for c in word.children if c.dep_ == "compound" and c.i == word.i - 1 for s in [_name(c)] if s]
    out = before or [s for c in word.children if c.dep_ == "prep" and c.lower_ == "of"
                     for p in c.children if p.dep_ == "pobj" for s in [_name(p)] if s]
    if word.dep_ == "appos":
        out += [s for s in [_name(word.head)] if s]
    return out


def _parent(places: list[dict[str, Any]], sent, start: int) -> dict[str, Any] | None:
    """The place the sentence puts a name in: the first resolved place after it, else the last
    before it, narrower than a country."""
    near = [p for p in places if sent.start_char <= p["start"] < sent.end_char and p["feature"] not in BROAD
            and p["feature"] != FEATURE]
    after = [p for p in near if p["start"] > start]
    return after[0] if after else (near[-1] if near else None)


def _located(doc) -> list[tuple[int, int]]:
    """spaCy's place entities a sentence puts something in: right after "in", "near", "at",
    "outside", "around" ("clashed near Miangalewa"). Not a named feature ("in the Red River
    Valley"), an acronym, a street, or a name that is only a compass, area or street word."""
    t = terms()
    generic = set(t["area_words"]) | set(t["qualifiers"]) | set(t["directions"]) | set(t["street_words"]) \
        | set(t["street_names"])
    out = []
    for ent in doc.ents:
        k = ent.start - 1
        if ent.label_ in LOCATED_LABELS and k >= 0 and doc[k].lower_ in LOCATING and doc[k].dep_ == "prep" \
                and ent.root.dep_ not in {"compound", "nmod", "amod"} and all(_capitalised(w) for w in ent) \
                and not any(w.lower_.rstrip(".") in generic for w in ent):
            out.append((ent.start, ent.end))
    return out


def unlisted(doc, places: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The places a settlement word names, or that spaCy calls places where the sentence locates
    something (`_located`), that `places` (the resolved ones) do not cover; a resolved place that
    is only part of such a name is taken out of `places`."""
    words = terms()["settlement_words"]
    taken = [(p["start"], p["end"]) for p in places]
    out: list[dict[str, Any]] = []
    named = [(word, span, True) for word in doc if word.lower_ in words and word.pos_ == "NOUN"
             for span in _named(word)]
    for word, (i, j), settlement in named + [(doc[i], (i, j), False) for i, j in _located(doc)]:
        start, end = doc[i].idx, doc[j - 1].idx + len(doc[j - 1])
        # a place named with a part of the settlement's name ("Shinkai" of "the village of Shinkai Tangi")
        inside = [p for p in places
                  if start <= p["start"] and p["end"] <= end and (p["start"], p["end"]) != (start, end)]
        if any(s < end and start < e for s, e in taken) and not (inside and settlement):
            continue
        parent = _parent([p for p in places if p not in inside], word.sent, start)
        if parent is None and not settlement:
            continue
        for p in inside:  # is the settlement
            places.remove(p)
        text = doc.text[start:end]
        # (a settlement the text puts nowhere: its name, no point)
        where = {k: parent[k] for k in FROM_PARENT} if parent else dict.fromkeys(FROM_PARENT)
        out.append({"text": text, "start": start, "end": end, "geonameid": None, "name": text, **where,
                    "feature": FEATURE, "confidence": round(parent["confidence"] / 2, 2) if parent else UNPLACED,
                    "parent": parent["name"] if parent else None})
        taken.append((start, end))
    return out
