"""Killed and injured counts, conservatively: only numbers the text states for the victims
of a casualty predicate ("killed four of their members" -> 4, "two American service members
were wounded" -> 2, "at least 156" -> 156). A bound from above ("up to 16"), a vague
quantity ("dozens") or a merged figure ("killing or wounding 50") gives no count.
"""

from __future__ import annotations

import re

from casus.events.arguments import VICTIM_PREPS, antecedent, children, headline_passive, passive, role
from casus.events.lexicon import Lexicon

UNITS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()) if w != "_"}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
UPPER_BOUNDS = {"up to", "nearly", "almost", "fewer than", "less than", "under", "as many as", "close to"}
SINGULAR = {"a", "an", "one"}


def number(text: str) -> int | None:
    """An integer written in digits or words ("23", "1,000", "four", "twenty-one", "two hundred")."""
    t = text.lower().replace(",", "").strip()
    if re.fullmatch(r"\d+", t):
        return int(t)
    total, cur = 0, 0
    for w in re.split(r"[\s-]+", t):
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
    # a list the parse took for an apposition: "two police officers, one civil servant and a resident"
    listed = [a for a in children(tok, "appos") if children(a, "nummod")]
    parts = [tok] + [c for c in tok.conjuncts if c.dep_ == "conj"] + [p for a in listed for p in (a, *a.conjuncts)]
    if tok.ent_type_ == "PERSON" and tok.tag_ in {"NN", "NNP"}:
        return sum(1 for p in parts if p.ent_type_ == "PERSON")
    counts = [_count(p) for p in parts]
    return sum(counts) if all(n is not None for n in counts) else None


def _count(tok) -> int | None:
    """How many one noun (not its conjuncts) counts: "23", "four soldiers", "a resident"."""
    if tok.like_num:
        n = number(tok.text)
        return None if n is None or _bounded_above(tok) else n
    nums = children(tok, "nummod")
    if nums:
        n = number(" ".join(t.text for t in sorted(nums[0].subtree, key=lambda t: t.i) if t.like_num))
        return None if n is None or _bounded_above(nums[0]) else n
    if tok.tag_ in {"NN", "NNP"} and any(c.dep_ == "det" and c.lower_ in SINGULAR for c in tok.children):
        return 1
    if tok.ent_type_ == "PERSON":
        return 1
    return None


def _merged_figure(verb, lex: Lexicon) -> bool:
    """"killing or wounding 50": one figure for both, so neither is known."""
    related = list(verb.conjuncts)
    return any((c.lemma_.lower(), "VERB") in lex.counts and any(cc.lower_ == "or" for cc in
               list(c.children) + list(verb.children) if cc.dep_ == "cc") for c in related)


def casualties(tokens, lex: Lexicon) -> dict[str, int | None]:
    """killed/injured stated by the casualty predicates among an event's trigger words ("killed four",
    "the killing of X"), or by the casualty noun an event noun is attached to ("the death of X in a
    drone strike")."""
    out: dict[str, int | None] = {"killed": None, "injured": None}
    for t in tokens:
        hit = lex.counts.get((t.lemma_.lower(), "VERB" if t.pos_ == "VERB" else "NOUN"))  # "Soleimani's killing"
        if hit is None and t.dep_ == "pobj" and t.head.lower_ in VICTIM_PREPS:
            t = t.head.head
            hit = lex.counts.get((t.lemma_.lower(), "NOUN"))
        if hit is None or _merged_figure(t, lex):
            continue
        field, roles = hit
        roles = ("nsubjpass",) if passive(t) else ("nsubj",) if headline_passive(t) else roles
        for r in roles:
            found = [role(t, r, lex)] if r.startswith("prep:") or r == "poss" else children(t, r)
            if found and found[0] is not None:
                n = victims(found[0])
                if n is not None:
                    out[field] = (out[field] or 0) + n
                break
    return out


def dead(sent, lex: Lexicon) -> int | None:
    """How many a sentence says are dead with an adjective rather than a verb, the way tolls are
    written in brief: "were shot dead", "leaving four dead", "23 dead, 12 wounded", "two soldiers
    dead in the attack" (counts.tsv ADJ rows)."""
    for t in sent:
        if t.pos_ != "ADJ" or (t.lemma_.lower(), "ADJ") not in lex.counts:
            continue
        if t.dep_ in {"oprd", "acomp"}:
            held = children(t.head, "nsubjpass", "nsubj") or children(t.head, "dobj")
        elif t.dep_ == "amod":
            held = [t.head]
        else:
            held = children(t, "nummod", "nsubj")
            held = [t] if held and held[0].dep_ == "nummod" else held
        n = victims(held[0]) if held else None
        if n is not None:
            return n
    return None
