"""Find an article's actor mentions in its spaCy parse and resolve them in reading order.

Mentions are spaCy's entities (resolved with their title when the title is in the same
noun phrase: "Revolutionary Guards intelligence chief Hossein Taeb"), noun phrases headed
by an actor word that no entity covers ("a senior Iranian Revolutionary Guard commander",
"Iraqi Shiite militias", "the envoy"), possessors ("the supreme leader’s message") and
knowledge-base names spaCy missed. Appositions share an actor: in "Kadhim al-Fartousi,
the spokesman for ...", the spokesman is al-Fartousi.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from casus import dateline
from casus.actors.kb import KB
from casus.actors.names import word_key, words
from casus.actors.resolve import Context, Resolution, Resolver, article_dates

ORG_TYPES = {"igo", "state_body", "armed_group", "party", "movement", "media", "ngo", "company", "organisation", "generic"}


@dataclass
class Candidate:
    start: int
    end: int
    text: str  # what is resolved: the mention, or its noun phrase when that carries its title
    label: str | None
    entity: dict[str, Any] | None = None  # the analyse stage's entity, when the mention is one
    place: bool = True  # False for a toponym after a locative preposition ("in Baghdad")
    same_as: "Candidate | None" = None  # the mention this one is in apposition to
    roles_from: list["Candidate"] = field(default_factory=list)  # appositives that state a role
    replaces: list["Candidate"] = field(default_factory=list)  # entities this name joins back together
    strict: bool = False  # a proper noun spaCy did not tag: only exact names and surnames, no fuzzy guess
    res: Resolution | None = None


def locative(span, kb: KB, key: Callable[[int], str]) -> bool:
    """Whether a toponym is where something happens ("in Baghdad"), not who acts."""
    t = span.root
    if t.dep_ == "compound" and not actor_word(kb, key, t.head.i):
        return True  # "the Vienna talks"
    while t.dep_ in ("conj", "poss", "compound", "amod") and t.head is not t:  # "in Baghdad’s Jadiriya district"
        t = t.head
    return t.dep_ == "pobj" and t.head.lower_ in kb.lex["locative"]


def actor_word(kb: KB, key: Callable[[int], str], i: int) -> bool:
    """Whether the i-th word of a doc (`key` gives a word's key by its index) can head an
    actor phrase: a descriptor, a role ("foreign secretary"), a people noun."""
    if key(i) not in description_words(kb):
        return False
    return any(e.kind in ("desc", "role", "people") for n in (1, 2, 3) if n <= i + 1
               for e in kb.phrases.get(tuple(map(key, range(i - n + 1, i + 1))), ()))


@lru_cache(maxsize=4)
def description_words(kb: KB) -> frozenset[str]:
    """Keys of the words an actor description can end in ("envoy", "militias", "secretary"):
    the noun phrases `candidates` takes from the parse are headed by one."""
    return frozenset(key[-1] for key, entries in kb.phrases.items()
                     if any(e.kind in ("desc", "role", "people") for e in entries))


def reads_parse(text: str, kb: KB) -> bool:
    """Whether the actors stage reads the parse of a sentence: it may hold an actor description."""
    heads = description_words(kb)
    return any(key in heads for _, key, *_ in words(text))


def candidates(article, resolver: Resolver) -> list[Candidate]:
    kb = resolver.kb
    doc, raw = article.nlp, article.text  # the parse of the text (Doc.text would rebuild it)
    # Every token's spelling, dependency and part of speech as plain values, read once:
    # spaCy builds a Python object on every token access.
    orths, deps, tags = doc.to_array(["ORTH", "DEP", "POS"]).T.tolist()

    def key(i: int) -> str:
        return word_key(doc.vocab.strings[orths[i]])[0]

    out: list[Candidate] = []
    by_root: dict[int, Candidate] = {}
    line = dateline.find(raw)
    cut = line.end if line is not None else 0  # a noun phrase the parse ran across a dateline starts after it
    chunks = list(doc.noun_chunks) if doc.has_annotation("DEP") else []  # no sentence of it parsed
    chunk_of = {i: c for c in chunks for i in range(c.start, c.end)}
    covered: set[int] = set()  # tokens of entities
    for e in article.entities:
        span = doc.char_span(e["start"], e["end"], alignment_mode="expand")
        if span is None or not len(span):
            out.append(Candidate(e["start"], e["end"], e["text"], e["label"], e))
            continue
        covered.update(range(span.start, span.end))
        text = e["text"]
        chunk = chunk_of.get(span.root.i)
        if e["label"] in ("PERSON", "ORG") and chunk is not None and chunk.end == span.end and chunk.start < span.start:
            text = raw[chunk.start_char:span.end_char]  # with its title
        c = Candidate(e["start"], e["end"], text, e["label"], e, place=not locative(span, kb, key))
        out.append(c)
        by_root[span.root.i] = c
    for chunk in chunks:
        root = chunk.root
        proper = root.pos_ == "PROPN" and root.text[:1].isupper()
        if root.i in covered or not (proper or actor_word(kb, key, root.i)):
            continue
        toks = [t for t in chunk if not t.is_punct and not t.is_space and (t.idx >= cut or chunk.end_char <= cut)]
        if not toks:
            continue
        start, end = toks[0].idx, chunk.end_char
        text = raw[start:end]
        for prep in root.rights:  # "militias in Iraq": where an unnamed group is (resolved, not spanned)
            if prep.dep_ == "prep" and prep.lower_ in kb.lex["locative"] and any(
                    t.ent_type_ == "GPE" for t in prep.subtree):
                text = raw[start:prep.right_edge.idx + len(prep.right_edge.text)]
                break
        c = Candidate(start, end, text, None, place=not locative(chunk, kb, key),
                      strict=proper and not actor_word(kb, key, root.i))
        anchor = root.head if root.dep_ == "appos" else next((t for t in root.children if t.dep_ == "appos"), None)
        if anchor is not None and anchor.i in by_root:
            if root.dep_ == "appos":
                c.same_as = by_root[anchor.i]
            by_root[anchor.i].roles_from.append(c)
        out.append(c)
    poss, noun, propn = (doc.vocab.strings[label] for label in ("poss", "NOUN", "PROPN"))
    for i, (dep, tag) in enumerate(zip(deps, tags)):  # possessors: "the supreme leader’s message", "Taeb’s visit"
        if dep == poss and i not in covered and tag in (noun, propn):
            t = doc[i]
            left = t.left_edge
            end = t.idx + len(t.text)
            if actor_word(kb, key, i) and left.i < t.i:
                out.append(Candidate(left.idx, end, raw[left.idx:end], None))
            elif tag == propn and t.text[:1].isupper() and left.i == t.i:
                out.append(Candidate(t.idx, end, t.text, None, strict=True))
    for sent in doc.sents:  # names spaCy did not tag, or cut in pieces ("Ursula von der" + "Leyen")
        ws = words(raw[sent.start_char:sent.end_char])
        for first, n, entries in resolver.known([w[0] for w in ws], [w[1] for w in ws]):
            ids = [e.value for e in entries if e.kind == "actor"]
            if not ids:
                continue
            s, e = sent.start_char + ws[first][2], sent.start_char + ws[first + n - 1][3]
            overlap = [c for c in out if c.start < e and s < c.end]
            inside = bool(overlap) and n > 1 and all(
                s <= c.start and c.end <= e and (c.end - c.start) < (e - s) for c in overlap)
            pieces = inside and all(c.entity is not None for c in overlap) and all(
                kb.get(i).type == "person" for i in ids)
            if pieces:  # a person's name spaCy cut in pieces replaces them
                out = [c for c in out if c not in overlap]
                out.append(Candidate(s, e, raw[s:e], "PERSON", replaces=overlap))
            elif not overlap or inside:  # a longer name around an entity ("UN nuclear watchdog" around "UN")
                out.append(Candidate(s, e, raw[s:e], None))
            else:  # "broadcaster India Today": the name is the mention, the rest its title
                inner = [c for c in overlap if s <= c.start and c.end <= e]
                outer = [c for c in overlap if c not in inner]
                if len(outer) == 1 and outer[0].strict and outer[0].end == e and outer[0].start < s:
                    outer[0].start = s
                    outer[0].replaces = [c for c in inner if c.entity is not None]
                    out = [c for c in out if c not in inner]
    return sorted(out, key=lambda c: (c.start, -c.end))


def label_for(res: Resolution) -> str:
    if res.person:
        return "PERSON"
    if res.actor.type in ("country", "territory"):
        return "NORP" if res.method == "demonym" else "GPE"
    return "ORG"


def annotate(article, resolver: Resolver) -> None:
    """Fill `actor` on the article's entities and add the actor mentions spaCy missed."""
    ctx = Context(resolver.kb, article_dates(article.date))
    if article.nlp is None:
        for e in sorted(article.entities, key=lambda x: x["start"]):
            res = resolver.resolve(e["text"], ctx, e["start"], e["label"])
            ctx.note(res, e["start"], name=e["text"] if e["label"] == "PERSON" else "")
            e["actor"] = res.id if res else None
        return
    added, dropped = [], []
    for c in candidates(article, resolver):
        if c.same_as is not None and c.same_as.res is not None and c.same_as.res.person:
            c.res = c.same_as.res
        else:
            c.res = resolver.resolve(c.text, ctx, c.start, c.label, c.place)
            if c.strict and c.res is not None and c.res.method in ("fuzzy", "title"):
                c.res = None  # a proper noun spaCy did not tag is not worth a guess
        if c.res is not None and c.label in ("LOC", "FAC") and (c.res.actor.type in ("country", "territory")):
            c.res = None  # a region or a building named after a state is not the state
        stated = set()
        for r in c.roles_from:
            described = resolver.resolve(r.text, Context(resolver.kb, ctx.when))
            if described is not None and described.role:
                stated.add(described.role)
            if c.res is None and described is not None and c.label == "PERSON":
                c.res = described  # a person the KB lacks, known by their apposition
                c.res.named, c.res.name = True, c.entity["text"] if c.entity else c.text
        ctx.note(c.res, c.start, stated, name=c.entity["text"] if c.entity and c.label == "PERSON" else "")
        if c.entity is not None:
            c.entity["actor"] = c.res.id if c.res else None
            if c.res is not None and c.res.named and c.text == c.entity["text"]:
                c.entity["label"] = fix_label(c.entity["label"], c.res)
        elif c.res is not None:
            added.append({"text": article.text[c.start:c.end], "label": label_for(c.res), "start": c.start,
                          "end": c.end, "actor": c.res.id})
            dropped.extend(id(r.entity) for r in c.replaces)
    kept = [e for e in article.entities if id(e) not in dropped]
    article.entities = sorted([*kept, *added], key=lambda e: (e["start"], -e["end"]))


def fix_label(label: str, res: Resolution) -> str:
    """spaCy's label when it agrees with what the KB knows the name to be, else the KB's."""
    t = res.actor.type
    if t == "person":
        return "PERSON"
    if t in ("country", "territory"):
        return label if label in ("GPE", "NORP") else "GPE"
    return "ORG" if label in ("PERSON", "GPE", "NORP") else label
