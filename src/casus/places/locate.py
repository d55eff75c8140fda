"""Event location: of the places near an event's trigger, the one where it happened.

A sentence often names several places ("Iran's envoy denied that Tehran supported
attacks on US forces in Iraq"): the event happened at the one its trigger governs
through a locative preposition ("in Iraq", "at the Syrian-Iraqi border", "on the
Ain al-Asad air base") or as a modifier ("a Baghdad meeting"), not at the places that
are actors or possessors. When none is attached that way, there is no location.
"""

from __future__ import annotations

from typing import Any

from casus.places.recognise import terms

BROAD = {"country", "continent", "union"}
# how narrowly a place's kind locates an act (any other kind, a town or a base, 1.0): the EU is as
# broad as a continent, an ocean as one, a sea as a country, a region or a group of islands as a province;
# a settlement the gazetteer lacks (casus.places.unlisted) is narrower than the town it lies near
SPECIFIC = {"country": 0.0, "continent": -0.5, "union": -0.5, "ocean": -0.5, "sea": 0.0, "admin1": 0.5,
            "region": 0.5, "islands": 0.5, "unlisted": 1.2}


def _root(doc, start: int, end: int):
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _locative_path(tok, trigger_tokens: set) -> tuple[bool, bool]:
    """(used as a location: object of a locative preposition or modifier of the trigger,
    reaches the trigger going up the parse).

    'attacks on US forces in Iraq': Iraq is a location, US only modifies 'forces'. A name that
    modifies an area word or a designator ("in the Kalma camp", "in Bassa LGA"), or follows it with
    "of" ("in the city of Zawiya", "in the Old City area of Rajouri district"), stands where the area
    word stands.
    """
    preps, areas = terms()["event_prepositions"], set(terms()["area_words"]) | set(terms()["designator_level"])
    node = tok
    while node.head is not node:
        if node.dep_ in {"conj", "appos"} or (node.dep_ in {"compound", "nmod", "amod"} and node.head.lower_ in areas):
            node = node.head  # "in Kursk and Belgorod", "in Gornal, a village", "in Baraki district", "the X and Y areas"
        elif node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lower_ in areas:
            node = node.head.head
        else:
            break
    if node.dep_ == "pobj" and node.head.lower_ in preps:
        locative = True
    elif node.dep_ in {"compound", "nmod", "npadvmod"} and node.head in trigger_tokens:
        locative = True  # "a Baghdad meeting"
    else:
        return False, False
    for _ in range(12):
        if node in trigger_tokens:
            return True, locative
        if node.head is node:
            break
        node = node.head
    return locative, False


def event_place(article: Any, start: int, end: int, doc: Any = None) -> dict[str, Any] | None:
    """The place (a dict of `article.places`) where the event triggered at text[start:end] happened.

    Considers the places of the trigger's sentence; prefers one attached to the trigger
    by a locative preposition, then the most specific, then the closest. None when no
    place in the sentence is attached as a location.
    """
    doc = doc if doc is not None else article.nlp
    if doc is None or not article.places:
        return None
    trig = doc.char_span(start, end, alignment_mode="expand")
    if trig is None or not len(trig):
        return None
    sent = trig.root.sent
    trigger_tokens = set(trig)
    best, best_score = None, None
    for p in article.places:
        if not (sent.start_char <= p["start"] < sent.end_char):
            continue
        tok = _root(doc, p["start"], p["end"])
        if tok is None:
            continue
        locative, reaches = _locative_path(tok, trigger_tokens)
        if not locative or (tok.dep_ != "pobj" and p["feature"] in BROAD):
            continue  # "a Myanmar air strike": a country that modifies an act is who does it, not where
        s = (2.0 if reaches else 0.0) + SPECIFIC.get(p["feature"], 1.0)
        s -= 0.02 * abs(tok.i - trig.root.i)
        if best_score is None or s > best_score:
            best, best_score = p, s
    return dict(best) if best is not None else None
