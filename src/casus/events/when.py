"""When an event happened: the temporal expression that dates its own clause, resolved
against the article's date by the time stage's resolver ("the June 27 strikes" is
2021-06-27 in an article of mid-July; "last week" is a range).

An expression belongs to the nearest event above it in the parse; a meeting named in a
"during"/"at" phrase is the occasion of the act it modifies, so its date passes up
("urged ... during a meeting in Baghdad last week"). An event with no date of its own
takes the date of the act it is coordinated or subordinated to ("offered ... on Friday,
... even as he and Modi agreed"), never one from a reported or embedded clause.
"""

from __future__ import annotations

import re
from typing import Any

from casus.time import timex
from casus.events.lexicon import Lexicon

OCCASION_PREPS = {"during", "at", "amid"}
SAME_TIME = {"advcl", "conj", "xcomp"}
BOUNDING_PREPS = {"until", "till", "since", "by"}  # "until 2030", "since 2014", "by June": a bound, not the act's date
WHILE_MARKS = {"as", "when", "while"}  # a clause at the same time as the act it modifies
VALUE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?|-W\d\d|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI))?")  # ISO 8601 / TIMEX3 dates


def _dated_by(tok, owners: dict, lex: Lexicon) -> list[tuple[int, bool]]:
    """The groups a temporal expression dates (by index), walking up the parse from it: the
    nearest, and when that is an occasion ("during a meeting"), also the act above it."""
    out: list[tuple[int, bool]] = []
    if tok.dep_ == "pobj" and tok.head.lower_ in BOUNDING_PREPS:
        return out
    node, below = tok, None
    while True:
        if below is not None and _of_thing(node, below, owners):
            return out  # the date of a thing, not of an act: "the August 3 elections", "a plan up to 2030"
        i = owners.get(node)
        if i is not None and all(i != j for j, _ in out):
            out.append((i, bool(out)))
            if not (node.dep_ == "pobj" and node.head.lower_ in OCCASION_PREPS):
                return out
        if node.head == node:
            return out
        if node != tok and node.pos_ in {"VERB", "AUX"} and i is None and not (
                node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in WHILE_MARKS for c in node.children)):
            # a clause that is no event: the date is of the event named beside it ("came after
            # deadly US air strikes ... on June 27"), else of the clause itself ("appointed last year")
            beside = [owners[g] for c in node.children if c.dep_ == "prep" for g in c.children
                      if g.dep_ == "pobj" and g in owners]
            if beside:
                out.append((beside[-1], False))
            return out
        cue = lex.cue(node.head.lemma_.lower(), "VERB")
        if cue is not None and cue.kind == "speech" and node.dep_ in {"ccomp", "parataxis", "npadvmod", "prep"}:
            return out  # "officials said Thursday": the day it was said
        node, below = node.head, node


def _of_thing(node, below, owners: dict) -> bool:
    """Whether a date reached `node` (from `below`) as a modifier of a thing that is no act: a
    compound or complement of a noun ("the August 3 elections", "the period up to 2030"). Not
    through "on", "in" or "at": a parse often hangs the act's date on the noun before it
    ("killed in the village of Kafe on Monday")."""
    if node.pos_ not in {"NOUN", "PROPN"} or node in owners or node.ent_type_ in {"DATE", "TIME"}:
        return False
    return below.dep_ in {"compound", "nmod", "amod", "nummod", "poss"} or (
        below.dep_ == "prep" and below.lower_ not in {"on", "in", "at"})


def _tree(tok) -> int:
    """The root (its index) of the parse tree a word is in."""
    while tok.head != tok:
        tok = tok.head
    return tok.i


def anchors(doc, timexes: list[dict]) -> list[tuple[dict, Any, int]]:
    """The date and time expressions of an article, each with the word it hangs on and the root
    of that word's parse tree (it can only date events of that tree): found once per article."""
    out = []
    for tx in timexes:
        if tx.get("type") not in {"DATE", "TIME"}:
            continue
        span = doc.char_span(tx["start"], tx["end"], alignment_mode="expand")
        if span is None or not len(span):
            continue
        out.append((tx, span.root, _tree(span.root)))
    return out


def assign(groups: list, dates: list[tuple[dict, Any, int]], lex: Lexicon) -> dict[int, dict]:
    """Map each group (by index) to the timex dict that dates it, if any (`dates`: see `anchors`)."""
    owners = {}
    for i, g in enumerate(groups):
        for t in g.all_tokens:  # not the deal's own date in "withdrew from the 2015 deal"
            if not (g.noun_target and t == g.noun):
                owners.setdefault(t, i)
    trees = {_tree(t) for t in owners}
    dated: dict[int, tuple[int, dict, bool]] = {}
    for tx, root, tree in dates:
        if tree not in trees:
            continue
        for i, via_occasion in _dated_by(root, owners, lex):
            dist = abs(root.i - groups[i].head.i)
            if i not in dated or dist < dated[i][0]:
                dated[i] = (dist, tx, via_occasion)
    out = {i: tx for i, (_, tx, _) in dated.items()}
    heads = {g.head: i for i, g in enumerate(groups)}
    for i, g in enumerate(groups):
        if i in out:
            continue
        node = g.head
        while node.dep_ in SAME_TIME and node.head != node:  # the act it is coordinated or subordinated to
            node = node.head
            if heads.get(node, i) != i and heads[node] in out:
                out[i] = out[heads[node]]
                break
        else:  # the occasion of the act it asks for ("urged ... to step up attacks during a meeting last week")
            for j, h in enumerate(groups):
                if j in dated and dated[j][2] and h.head.dep_ == "xcomp" and h.head.head == g.head:
                    out[i] = dated[j][1]
    return out


def resolve(tx: dict, article: Any, doc) -> dict[str, Any] | None:
    """The contract's event date {value, precision} (with earliest/latest) for a timex, or None
    when the article's date cannot anchor it."""
    r = timex.resolve_text(tx["text"], article.date, timex.direction(doc, tx["start"], tx["end"]))
    if r is None or r["earliest"] is None or r["latest"] is None:
        return None  # "recently", "in the past": no calendar anchor on one side
    value = r["value"]
    if not VALUE.fullmatch(value or ""):  # a part of a day ("2021-06-27TAF"), "PRESENT_REF", a span
        value = r["earliest"] if r["earliest"] == r["latest"] else f"{r['earliest']}/{r['latest']}"
    return {"value": value, "precision": r["precision"], "earliest": r["earliest"], "latest": r["latest"]}
