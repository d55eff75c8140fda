"""Killed and injured counts, conservatively: only numbers the text states for the victims
of a casualty predicate ("killed four of their members" -> 4, "two American service members
were wounded" -> 2, "at least 156" -> 156, "killed a police officer" -> 1). A bound from above
("up to 16"), a vague quantity ("dozens", "several") or a merged figure ("killing or wounding
50") gives no count.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from casus.events.arguments import VICTIM_PREPS, antecedent, bare_noun, children, headline_passive, passive, pobj, role
from casus.events.lexicon import Lexicon

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
UPPER_BOUNDS = {"up to", "nearly", "almost", "fewer than", "less than", "under", "as many as", "close to"}
SINGULAR = {"a", "an", "one", "another"}  # "a Briton", "another soldier"
ONE = SINGULAR | {"the", "this", "that"}  # what a singular common noun may have and still count one
PERSONAL = {"he", "she", "him", "her"}
NOT_ONE = {  # singular nouns that name several people, or a quantity ("none of its fighters")
    "family", "crew", "group", "unit", "team", "staff", "personnel", "population", "community", "village",
    "army", "force", "militia", "battalion", "brigade", "squad", "patrol", "convoy", "garrison", "household",
    "clan", "tribe", "police", "everyone", "everybody", "anyone", "anybody", "nobody", "none", "all", "some",
    "any", "most", "many", "few", "several", "rest", "number", "total", "majority", "dozen", "score",
    "handful", "lot", "couple", "half", "part", "remainder", "bulk", "each", "either", "neither",
}
# animals killed in a raid are no casualties ("killed 40 cattle", "killed livestock")
ANIMALS = {"livestock", "cattle", "cow", "goat", "sheep", "camel", "donkey", "horse", "animal", "poultry", "chicken"}
# how a casualty adjective hangs on its verb: "left three civilians dead", "were shot dead", and "shot dead
# a village chief" (parsed as an adverb of the verb)
COMPLEMENTS = {"oprd", "acomp", "advmod"}
SUMS = {"total", "sum"}  # nouns that count what their "of" names: "a total of 15 civilians"
TIME_MARKS = {"after", "before", "since", "until", "following"}  # a clause they open tells another time


def number(text: str) -> int | None:
    """An integer written in digits or words ("23", "1,000", "four", "twenty-one", "two hundred");
    two numbers side by side are a range or a choice, no integer ("six or seven": "six seven")."""
    t = text.lower().replace(",", "").strip()
    if re.fullmatch(r"\d+", t):
        return int(t)
    total, cur, last = 0, 0, None
    for w in re.split(r"[\s-]+", t):
        if (w in UNITS and last == "unit") or (w in TENS and last in {"unit", "tens"}):
            return None
        last = "unit" if w in UNITS else "tens" if w in TENS else last if w == "and" else None
        if w in UNITS:
            cur += UNITS[w]
        elif w in TENS:
            cur += TENS[w]
        elif w in SCALES:
            cur = max(cur, 1) * SCALES[w]
            if SCALES[w] >= 1000:
                total, cur = total + cur, 0
        elif w != "and":
            return None
    return total + cur if (total + cur) or t == "zero" else None


def _bounded_above(num) -> bool:
    doc = num.doc
    before = " ".join(t.lower_ for t in doc[max(num.i - 3, 0):num.i])
    return any(before.endswith(b) for b in UPPER_BOUNDS)


def victims(tok) -> int | None:
    """How many the noun phrase headed by `tok` counts, if it says so exactly or as a lower bound;
    a coordination counts its parts ("two police officers, one civil servant and a resident": 4)."""
    tok = antecedent(tok)
    while tok.dep_ == "conj" and tok.head.pos_ != "VERB":  # "a soldier and a rebel killed": the participle
        tok = tok.head  # hangs on the last part (not "were killed and 25 injured", a number joined to a verb)
    # a list the parse took for an apposition: "two police officers, one civil servant and a resident"
    listed = [a for a in children(tok, "appos") if children(a, "nummod")]
    parts = [tok] + [c for c in tok.conjuncts if c.dep_ == "conj"] + [p for a in listed for p in (a, *a.conjuncts)]
    if tok.ent_type_ == "PERSON" and tok.tag_ in {"NN", "NNP"}:
        return sum(1 for p in parts if p.ent_type_ == "PERSON")
    counts = [_count(p) for p in parts]
    return sum(counts) if all(n is not None for n in counts) else None


def _count(tok) -> int | None:
    """How many one noun (not its conjuncts) counts: "23", "four soldiers", "a resident"."""
    if any(c.dep_ == "det" and c.lower_ == "no" for c in tok.children) or tok.lemma_.lower() in ANIMALS:
        return None  # "no one"
    if tok.lemma_.lower() in SUMS:
        counted = next((o for c in children(tok, "prep") if c.lower_ == "of" for o in children(c, "pobj")), None)
        return victims(counted) if counted is not None else None
    if tok.like_num:
        n = number(tok.text)
        return None if n is None or _bounded_above(tok) else n
    nums = children(tok, "nummod")
    if nums:
        n = number(" ".join(t.text for t in sorted(nums[0].subtree, key=lambda t: t.i) if t.like_num))
        return None if n is None or _bounded_above(nums[0]) else n
    if tok.ent_type_ == "PERSON" or tok.lower_ in PERSONAL or tok.lower_ in SINGULAR:
        return 1  # (a word of one standing for its noun: "two were killed and another wounded")
    dets = {c.lower_ for c in tok.children if c.dep_ == "det"}
    if tok.lemma_.lower() not in NOT_ONE and (tok.tag_ == "NN" and dets <= ONE or tok.tag_ == "NNP" and (
            dets & SINGULAR or bare_noun(tok))):
        return 1  # "killed former rebel commander", "the officer died", "a Briton", "Herder killed near X"
    return None


def _merged_figure(verb, lex: Lexicon) -> bool:
    """"killing or wounding 50": one figure for both, so neither is known."""
    related = list(verb.conjuncts)
    return any(lex.count_row(c) is not None and any(cc.lower_ == "or" for cc in
               list(c.children) + list(verb.children) if cc.dep_ == "cc") for c in related)


def predicate(t, lex: Lexicon) -> tuple[str, tuple[str, ...]] | None:
    """The count a trigger word gives and the roles of its victims: a casualty verb or noun
    (counts.tsv: "killed", "Soleimani's killing"), or a verb a casualty adjective completes
    ("were shot dead", "shot him dead") or that is done "to death" ("beat a man to death")."""
    if t.pos_ != "VERB":
        return lex.counts.get((t.lemma_.lower(), "NOUN"))
    hit = lex.count_row(t)
    if hit is None and any(c.dep_ in COMPLEMENTS and (c.lemma_.lower(), "ADJ") in lex.counts or
                           c.dep_ == "prep" and c.lower_ == "to" and any(
                               g.dep_ == "pobj" and g.lower_ == "death" for g in c.children)
                           for c in t.children):
        return "killed", ("dobj",)
    return hit


def casualties(tokens, lex: Lexicon) -> dict[str, int | None]:
    """killed/injured stated by the casualty predicates among an event's trigger words ("killed four",
    "the killing of X"), or by the casualty noun an event noun is attached to ("the death of X in a
    drone strike"); the counts of several predicates of one kind add up ("10 rebels were killed
    and 4 soldiers were killed")."""
    out: dict[str, int | None] = {"killed": None, "injured": None}
    for t in tokens:
        hit = predicate(t, lex)
        if hit is None and t.dep_ == "pobj" and t.head.lower_ in VICTIM_PREPS:
            t = t.head.head
            hit = lex.counts.get((t.lemma_.lower(), "NOUN"))
        if hit is None or _merged_figure(t, lex):
            continue
        field, roles = hit
        held = _held(t, roles, lex)
        n = victims(held) if held is not None else None
        if n is not None:
            out[field] = (out[field] or 0) + n
    return out


def victim_word(t, lex: Lexicon):
    """The word naming the victims of a casualty predicate (`predicate`), if it is one and names them."""
    hit = predicate(t, lex)
    return _held(t, hit[1], lex) if hit else None


def _raised(verb) -> bool:
    """A participle completing a passive, whose subject is its victims: "were reported killed"."""
    return verb.dep_ == "xcomp" and verb.tag_ == "VBN" and passive(verb.head) and not children(verb, "dobj")


def _brief(verb):
    """The noun or number just before a bare participle, the way tolls are written in brief: its
    victims ("4 civilians killed, 2 injured", "a soldier and a rebel killed"); else None."""
    before = verb.doc[verb.i - 1] if verb.i > verb.sent.start else None
    if before is None or before.pos_ not in {"NOUN", "PROPN", "NUM"} or verb not in (before.head, *before.children):
        return None
    counted = before.like_num or children(before, "nummod")  # "five soldiers wounded" (also tagged VBD)
    return before if (verb.tag_ == "VBN" or counted) and not children(verb, "aux", "auxpass", "dobj") else None


def doerless(verb) -> bool:
    """Whether a casualty verb is told of its victims alone, with no doer: a passive ("were
    killed", "were reported killed"), a toll in brief ("4 civilians killed"), a headline passive."""
    return passive(verb) or _raised(verb) or _brief(verb) is not None or headline_passive(verb)


def _held(t, roles: tuple[str, ...], lex: Lexicon):
    """The word that names a casualty predicate's victims: the subject of a passive, or of the
    passive it completes; the word before a toll in brief (`_brief`); the number subject of a
    headline passive; else the first of the predicate's roles that is filled."""
    if t.pos_ == "VERB":
        if passive(t) or _raised(t):  # (the subject of one whose auxiliary is left out: "and another wounded")
            found = children(t, "nsubjpass") or (children(t.head, "nsubjpass") if _raised(t) else []) or \
                children(t, "nsubj", "det") or (  # ("another" may be parsed as the verb's determiner)
                    children(t.head, "nsubjpass") if t.dep_ == "conj" else [])  # "was shot and killed": shared
            return found[0] if found else _brief(t)
        if (before := _brief(t)) is not None:
            return before
        roles = ("nsubj",) if headline_passive(t) else roles
    for r in roles:
        found = [role(t, r, lex)] if r.startswith("prep:") or r == "poss" else children(t, r)
        if found and found[0] is not None:
            return found[0]
    if "dobj" in roles and t.dep_ == "ccomp":  # "killed at least 40 people, including children, residents
        # said": the parse made the victims the subject of the verb of saying after them
        after = [c for c in children(t.head, "nsubj") if c.i > t.i and children(c, "nummod")]
        return after[0] if after else None
    return None


def toll_update(sent, lex: Lexicon, aggregate: Callable[[Any], bool]) -> tuple[str, int] | None:
    """A later figure a sentence gives for an act's toll, as (field, figure): "the death toll rose to
    41", "raising the toll to 11", "the number of injured rose to 11" (counts.tsv TOLL and UPDATE
    rows); "the number" alone counts the toll its sentence has just named ("eight were first thought
    dead, but the number rose to ten"). Not a toll that `aggregate` says is of a war or a period ("the
    toll of the war has risen to 21,000"): that is no one act's."""
    def toll_row(w):
        return lex.counts.get((w.lemma_.lower(), "TOLL")) or lex.counts.get((w.lower_, "TOLL"))

    for t in sent:
        named = t if t.lemma_.lower() == "toll" and t.pos_ == "NOUN" else None
        if t.lemma_.lower() == "number" and t.pos_ == "NOUN":
            named = next((o for c in children(t, "prep") if c.lower_ == "of" for o in children(c, "pobj")), None)
            if named is None and not children(t, "prep") and [c.lower_ for c in children(t, "det")] == ["the"]:
                named = next((w for w in reversed(sent[:t.i - sent.start]) if toll_row(w)), None)
        row = toll_row(named) if named is not None else None
        verb = t.head
        update = lex.counts.get((verb.lemma_.lower(), "UPDATE")) if t.dep_ in {"nsubj", "nsubjpass", "dobj"} else None
        if row is None or update is None or aggregate(t):
            continue
        for r in update[1]:
            held = role(verb, r, lex)
            n = None if held is None or held is t else number(held.text) if held.like_num else victims(held)
            if n is not None:
                return row[0], n
    return None


def another_time(verb) -> bool:
    """A clause that tells what came before or after the act, not its toll ("attacked a police station
    after a youth died in custody")."""
    while verb.dep_ == "conj":
        verb = verb.head
    return verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in TIME_MARKS for c in verb.children)


def _of_outcome(noun):
    """Who died, when a death is told as what something caused ("resulting in the deaths of two
    rebels", "caused the death of a soldier"): the noun's "of" object. Not after a preposition of time
    or cause ("protests after the death of a student" tell no toll)."""
    outcome = noun.dep_ == "dobj" or (noun.dep_ == "pobj" and noun.head.lower_ in {"in", "to"})
    return pobj(noun, "of") if outcome else None


def dead(sent, lex: Lexicon) -> tuple[int, object] | None:
    """How many a sentence says are dead with an adjective, the way tolls are written in brief
    ("were shot dead", "leaving four dead", "23 dead, 12 wounded", "two soldiers dead in the
    attack": counts.tsv ADJ rows), with a verb that is no act ("two farmers died": VERB rows
    whose victims are their subject), or with a casualty noun its number counts ("at least three
    fatalities were reported", "the clash caused five deaths": NOUN rows); with the word that names them."""
    for t in sent:
        if another_time(t):
            continue
        row = lex.count_row(t) if t.pos_ == "VERB" else lex.counts.get((t.lemma_.lower(), "NOUN"))
        if row is not None and row[0] == "killed" and t.pos_ == "NOUN":
            held = [t] if children(t, "nummod") else [g for g in [_of_outcome(t)] if g is not None]
        elif row is not None and row[0] == "killed" and "nsubj" in row[1]:
            held = [h for h in [_held(t, row[1], lex)] if h is not None]
        elif t.pos_ != "ADJ" or (t.lemma_.lower(), "ADJ") not in lex.counts:
            continue
        elif t.dep_ in COMPLEMENTS:  # of the object when there is one: "left three civilians dead"; its own
            held = [t] if children(t, "nummod") else (  # number when the parse gives it one ("left 32 dead")
                children(t.head, "dobj") or children(t.head, "nsubjpass", "nsubj"))
        elif t.dep_ == "amod":
            held = [t.head]
        else:
            held = children(t, "nummod", "nsubj")
            held = [t] if held and held[0].dep_ == "nummod" else held
        n = victims(held[0]) if held else None
        if n is not None:
            return n, held[0]
    return None
