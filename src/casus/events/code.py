"""Coding an article: every event of every news sentence, as the contract's event dicts.

Per sentence: skip what is not news text (captions, promos, addresses to the reader,
headings), pre-filter on raw text, then find and group triggers in the parse and give
each group its arguments, modality, attribution, counts, date and place. PLOVER codes
some acts from their embedded ones (derive.tsv): "Portugal will support Turkey" is an
AGREE, "X said Y must do Z" a REQUEST by X.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
import json
import re
from datetime import date, timedelta
from functools import cache, lru_cache
from importlib import resources
from typing import Any, NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS

from casus import actors
from casus.events import arguments, attribution, modality, when
from casus.events.counts import another_time, casualties, dead, doerless, predicate, toll_update, victim_word
from casus.events.detect import boilerplate, candidate, news_tokens, triggers
from casus.events.export import side, side_words
from casus.events.lexicon import MUNITIONS, PLATFORMS, Lexicon, definite, grouped, load, noun_sense, rows
from casus.events.link import another_day, fill, one_side, same_act, same_time, scene, told_apart
from casus.events.modality import NEWS, ahead, historical
from casus import dateline
from casus.places import event_place
from casus.places.locate import BROAD as BROAD_PLACES, SPECIFIC
from casus.places.recognise import terms as place_terms

TOLL_REACH = 3  # sentences a toll may follow its act by ("... Residents fled. Four were killed.")
LEAD_SENTENCES = (2, 5)  # a lead's place holds for its first two sentences, or all of a brief this long
FACTUAL = {"asserted", "reported", "historical"}  # modalities stated as fact (others lower confidence)
EMBEDDING = {"ccomp", "xcomp", "advcl", "acl", "relcl", "pcomp"}
REGION_DEPS = {"compound", "amod", "nmod", "dobj", "npadvmod"}
PERSONAL = {"he", "she", "him", "her", "his"}
PLACE_VERBS_OK = {"xcomp", "conj"}  # clauses a place may reach the trigger through
HAPPEN = {"occur", "happen", "erupt", "unfold"}  # verbs an event noun happens by (and "take place", "break out")
PURPOSE = {"xcomp", "advcl"}  # clauses that say what an act is for ("marched to demand", "protested, demanding")
ISSUES = {("PROTEST", "REQUEST")}  # (act, embedded act) where the embedded one is the act's issue, not an act


def _space(text: str) -> str:
    return " ".join(text.split())


def in_caption(text: str, captions: list[str]) -> bool:
    t = _space(text)
    return any(t and (t in c or c in t) for c in map(_space, captions) if c)


def actor(article: Any, tok, lo: int, hi: int, ctx: Callable[[], Any] | None, resolver: Any = None,
          home: str | None = None) -> str | None:
    """The actor id an argument denotes: the resolved mention the actors stage found on its head
    word, else the actors resolver on its phrase (which knows earlier mentions: "the envoy"; `ctx`
    gives the article's actors context; None: no resolving; `home`: the state where the act
    happens, the country of "soldiers" or "protesters" that name none), else a resolved mention
    inside the phrase. "he"/"she" stand for the nearest person named before."""
    start, end = tok.idx, tok.idx + len(tok)
    ents = [e for e in article.entities or [] if e.get("actor")]
    if tok.lower_ in PERSONAL:
        people = [e for e in article.entities or [] if e["label"] == "PERSON" and e["end"] <= start
                  and start - e["end"] < 400]
        return people[-1].get("actor") if people else None
    on_head = [e for e in ents if e["start"] <= start and e["end"] >= end]
    if on_head:
        return on_head[0]["actor"]
    if ctx is not None:
        res = resolver.resolve(article.text[lo:hi], ctx(), lo, None, home=home)
        if res is not None:
            return res.id
    inside = [e for e in ents if e["start"] >= lo and e["end"] <= hi and not (
        resolver is not None and getattr(resolver.kb.get(e["actor"]), "type", None) == "person")]
    if inside:
        return inside[0]["actor"]  # (not a person a place is named after: "the al-Asad air base")
    for a in (c for c in tok.children if c.dep_ == "appos"):  # "its top nuclear scientist, Mohsen Fakhrizadeh"
        found = actor(article, a, *arguments.phrase(a), ctx, resolver, home)
        if found is not None:
            return found
    return None


NOBODY = {"text": None, "actor": None}


def argument(article: Any, tok, ctx: Callable[[], Any] | None, resolver: Any = None,
             home: str | None = None, floor: int = 0, one_side: bool = False) -> dict[str, Any]:
    """An argument's text and actor; its phrase starts no earlier than `floor` (a dateline's end);
    `one_side`: the first of two sides coordinated (`arguments.phrase`)."""
    if tok is None:
        return dict(NOBODY)
    lo, hi = arguments.phrase(tok, one_side)
    lo = max(lo, floor) if tok.idx >= floor else lo
    lo += len(article.text[lo:hi]) - len(article.text[lo:hi].lstrip(" -—–_"))
    return {"text": article.text[lo:hi], "actor": actor(article, tok, lo, hi, ctx, resolver, home)}


def _speakers_own(arg: dict[str, Any], tok, speaker, said: str | None, kb: Any) -> None:
    """An argument the speaker calls its own is the speaker's side: "the military said its aircraft
    hit ...", "Kyiv denied that its forces had been expelled" (Kyiv's forces, whatever nearer name
    the mention was resolved to), of the sector the mention named where the knowledge base has it."""
    owner = next((c for c in tok.children if c.dep_ == "poss" and c.lower_ in {"its", "their", "our"}),
                 None) if tok is not None else None
    if said is None or owner is None or owner is speaker or arguments.speaker_pronoun(owner, speaker) is not speaker:
        return
    have, mine = kb.get(arg["actor"]) if arg["actor"] else None, kb.get(said)
    if have is None:
        arg["actor"] = said
    elif mine is not None and mine.country and have.country != mine.country:
        arg["actor"] = f"{mine.country}.{have.sector}" if have.sector and kb.get(f"{mine.country}.{have.sector}") \
            else said


def _purpose(head, act) -> bool:
    """Whether a clause says what an act is for: "marched to demand", "protested, demanding", "a
    strike to demand pay" (an infinitive on the act's noun)."""
    if head.dep_ in PURPOSE and head.head == act.head:
        return True
    return head.dep_ in {"relcl", "acl"} and head.head in (act.head, act.noun) and \
        any(c.dep_ == "aux" and c.lower_ == "to" for c in head.children)


def _modifiers(tok) -> set[str]:
    """A word's modifiers and object, their own noun modifiers ("Air" of "Air Force strikes"), and
    what it is "of" ("a volley of missiles")."""
    out, sites = set(), place_terms()["institution_words"]
    for c in tok.children:
        if c.dep_ in REGION_DEPS:
            out.add(c.lower_)
            if not (c.dep_ == "dobj" and c.lemma_.lower() in sites):  # ("hit the air base": a kind of site, no means)
                out |= {m.lower_ for m in c.children if m.dep_ in {"compound", "amod"}}
        elif c.dep_ == "prep" and c.lower_ == "of":
            out |= {p.lower_ for p in c.children if p.dep_ == "pobj"}
    return out


def mode_of(g, groups: list, lex: Lexicon) -> str | None:
    """A mode cue among the trigger words and their modifiers or object ("Air Force strikes") beats
    the thing that does the act ("warplanes bombed the depot": aerial, not the verb's explosives),
    which beats the lexicon's default ("gunmen assassinated": an assassination), the head's, then a
    grouped trigger's ("clashes ... killed four": a clash); failing those, the people who do it tell
    ("gunmen killed"). A threat's mode is what it threatens ("threatened to shell": violence)."""
    words, doers, things = set(), set(), set()
    people = side_words()
    for t in g.all_tokens:
        words.add(t.lower_)
        words |= _modifiers(t)
        if t.pos_ == "VERB":
            for d in [c for c in t.children if c.dep_ == "nsubj"] + \
                     [p for c in t.children if c.dep_ == "agent" for p in c.children if p.dep_ == "pobj"]:
                doers |= {d.lower_} | _modifiers(d)
                if d.lower_ not in people:
                    things |= {d.lower_} | _modifiers(d)
    if g.verb and g.head.dep_ == "advcl" and not doers:  # "stepped on a landmine, injuring him": what the act
        things |= {w.lower_ for c in g.head.head.children if c.dep_ in {"dobj", "prep"} for w in c.subtree}  # it
        # follows from was done to or with says how
    own = _cue(words, g.type, lex)
    if own in MUNITIONS and _cue(things, g.type, lex) in PLATFORMS:
        return _cue(things, g.type, lex)  # what delivers it tells: "a jet dropped two bombs" is an air strike
    if own:
        return own
    if g.type == "THREATEN" and g.mode is None:
        threatened = [o for o in groups if o.head.head == g.head and o.head.dep_ in {"xcomp", "ccomp", "dobj"}]
        return (lex.types[threatened[0].type]["threaten_mode"] or None) if threatened else None
    return _cue(things, g.type, lex) or g.mode or next(
        (m.mode for m in g.members if m.type == g.type and m.mode), None) or _cue(doers, g.type, lex)


def _cue(words: set[str], type_: str, lex: Lexicon) -> str | None:
    """The first mode (modes.tsv order) of this type whose cue words are among `words`."""
    return next((mode for cue_words, t, mode in lex.modes if t == type_ and cue_words & words), None)


def bare(type_: str, mode: str | None, lex: Lexicon) -> bool:
    """Whether an event noun of this type and mode is news with no one named in it ("protests
    broke out", "fighting was reported"): types.tsv `bare` lists such modes ("*": all)."""
    modes = [m for m in lex.types[type_]["bare"].split(",") if m]
    return "*" in modes or mode in modes


def leaves_dead(g, lex: Lexicon) -> bool:
    """Whether an event noun is the subject of a clause that tells its toll ("a raid left three
    civilians dead"): the toll its sentence tells (`dead`) is of this act, which is news with it."""
    verb = g.head.head
    return not g.verb and g.head.dep_ == "nsubj" and any(
        c.dep_ in {"oprd", "acomp"} and lex.count_row(c, "ADJ") is not None for c in verb.children)


def contexts_of(g, lex: Lexicon) -> list[str]:
    found = set(g.contexts)
    for t in g.all_tokens:
        for w in t.subtree:
            ctx = lex.contexts.get(w.lower_)
            if ctx:
                found.add(ctx)
    return sorted(found)


def embedding(tok) -> int:
    return sum(1 for a in [tok, *tok.ancestors] if a.dep_ in EMBEDDING)


class ConfidenceWeights(NamedTuple):
    """The curated weights of `confidence`; data/events/confidence.json says what each rewards."""

    prior: dict[str, float]  # by trigger kind: combo, verb, noun
    source: float
    target: float
    per_member: float
    per_embedding: float  # a penalty
    not_factual: float  # a penalty
    floor: float
    ceiling: float


@lru_cache(maxsize=1)
def confidence_weights() -> ConfidenceWeights:
    """The weights of `confidence`, read once from data/events/confidence.json."""
    data = json.loads(resources.files("casus").joinpath("data", "events", "confidence.json").read_text("utf-8"))
    return ConfidenceWeights(prior={k: w["weight"] for k, w in data["prior"].items()},
                             **{k: w["weight"] for k, w in {**data["weights"], **data["bounds"]}.items()})


def confidence(g, source: dict, target: dict, modality_: str) -> float:
    """How sure the coding is: the trigger kind's prior, more with actors found, less for an act
    embedded in another (the urged attack of "urged them to attack" is less sure than the urging)."""
    w = confidence_weights()
    kind = "combo" if g.noun is not None else "verb" if g.verb else "noun"
    c = (w.prior[kind] + (w.source if source["text"] else 0) + (w.target if target["text"] else 0)
         + w.per_member * len(g.members))
    c -= w.per_embedding * embedding(g.head) + (0 if modality_ in FACTUAL else w.not_factual)
    return round(max(w.floor, min(w.ceiling, c)), 2)


@cache
def background_words() -> dict[str, frozenset[str]]:
    """Words that make an act background: word -> its kinds (background.tsv says what each does)."""
    return grouped("background.tsv", "word", "kind")


def _kinds(*keys: str) -> frozenset[str]:
    """The kinds of the first of `keys` that is a background word (or phrase: "so far")."""
    words = background_words()
    return next((words[k] for k in keys if k in words), frozenset())


NOUNS = {"NOUN", "PROPN"}
ARGUMENT = {"nsubj", "nsubjpass", "dobj"}  # how a noun is an argument of its clause's verb
TIME_PREPS = {"after", "before", "following", "during"}  # how a noun tells when its clause's act happens
COPULAS = {"be", "become", "remain", "grow"}  # "rocket attacks are / have become frequent"
RECENT_PREPS = {"in", "over", "during", "within"}  # "in recent weeks", "over the past month": a span ...
RECENT = {"recent", "past", "last"}  # ... when the period is the one just gone
AGGREGATE_DAYS = 7  # an act dated to this many days or fewer is an occasion; acts counted over more, a tally


def recalled(g, lex: Lexicon, d: dict | None = None, body: bool = False) -> bool:
    """Whether an act is told as background on the parse of its own words: habitual or generic
    ("repeatedly shelled", "annual drills", "the air force frequently carries out strikes"), for an act
    that is not speech an aggregate over time ("have killed 21,000 people since October",
    "attacks since January", "so far", "since the election, raids have intensified"), a class
    or tally of acts (`_aggregate`), the toll of a long conflict ("the war has killed 10,000"),
    or, in an article's body (`body`: past its lead, not a brief, where a headline's present is
    not), a present-simple act of a plural subject ("militias fire rockets at the base"). Not an
    act its date `d` puts on a day or a few."""
    if _days(d) <= AGGREGATE_DAYS:
        return False  # an act dated to a day or a few is news however it is told ("began its annual drills on Monday")
    spans = lex.types[g.type]["verbal"] != "yes"  # "have vowed revenge since the strike" is one vow
    loose = _perfect(g.head)
    for t in g.all_tokens:
        verb = _clause_verb(t) if t.pos_ in NOUNS else None
        if _marked(t, spans, loose or t.pos_ in NOUNS) or (verb is not None and _marked(verb, spans, _perfect(verb))):
            return True
        if t.pos_ in NOUNS and (h := _holder(t)) is not t and _marked(h, False, False):
            return True  # "has been a frequent target of Russian attacks": attacks again and again
        if t.pos_ in NOUNS and _aggregate(t, verb, d):
            return True
    head = g.head  # a perfect coordinated with one told over a span shares it ("have killed 3,000 since
    if g.verb and head.dep_ == "conj" and loose and _marked(head.head, spans, _perfect(head.head)):  # then, and
        return True  # the rebels have killed 900")
    if g.verb and head.dep_ in ("ccomp", "xcomp") and _marked(head.head, False, False):
        return True  # "has repeatedly said it will not negotiate": a stand taken again and again, not news
    doers = [c for c in head.children if c.dep_ == "nsubj"] + [
        o for c in head.children if c.dep_ == "agent" for o in c.children if o.dep_ == "pobj"]
    if g.verb and any("campaign" in _kinds(c.lemma_.lower()) for c in doers):
        return True  # "the war has killed more than 10,000 people", "the states worst hit by banditry": a long
        # conflict's acts, a tally or a state, not one act
    if _weeks_before(g):
        return True
    return body and g.verb and d is None and _habitual_present(head)


def _weeks_before(g) -> bool:
    """Whether an act is told as weeks or more before another ("the attack came a week after gunmen
    killed 12", "months after the killing of the police chief"): what the news follows, not the news."""
    head = g.head
    if g.verb and head.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "after" for c in head.children):
        gap = [c for c in head.children if c.dep_ == "npadvmod"]
    elif not g.verb and head.dep_ == "pobj" and head.head.lower_ == "after":
        gap = [c for c in head.head.children if c.dep_ == "npadvmod"]
    else:
        return False
    return any("period" in _kinds(c.lemma_.lower()) for c in gap)


COMPARED = {"similar", "previous", "earlier", "prior", "past", "last"}  # "in a similar attack in January"


def compared(g, d: dict | None, article_date: dict | None) -> bool:
    """Whether an act is told as an earlier one the news is set beside ("in a similar attack in
    January, militants killed 40", "the previous raid, in March"): an event noun of it so marked,
    dated wholly before the article's last week. Background, however recent its date."""
    if not d or not d.get("latest") or not (article_date or {}).get("earliest"):
        return False
    before = date.fromisoformat(d["latest"]) < date.fromisoformat(article_date["earliest"]) - timedelta(days=AGGREGATE_DAYS)
    return before and any(t.pos_ in NOUNS and any(c.dep_ in ("amod", "det") and c.lower_ in COMPARED for c in t.children)
                          for t in g.all_tokens)


def _days(d: dict | None) -> float:
    """How many days a date spans (infinite for none or an open one)."""
    if not d or not d.get("earliest") or not d.get("latest"):
        return float("inf")
    return (date.fromisoformat(d["latest"]) - date.fromisoformat(d["earliest"])).days


def _perfect(verb) -> bool:
    return any(c.dep_ in ("aux", "auxpass") and c.lemma_ == "have" for c in verb.children)


def _marked(w, spans: bool, loose: bool) -> bool:
    """Whether a word bears a habitual adverb or adjective ("repeatedly", "routine patrols"), or
    (`spans`) a span its act is an aggregate over: a span phrase ("so far", "to date"), or a span
    preposition or conjunction when `loose` (on a noun, or a verb in the perfect: "has shelled the
    town since Monday"); or, on a verb in the perfect, a long period it lasts ("for years")."""
    for c in w.children:
        if c.dep_ not in ("advmod", "prep", "amod", "advcl"):
            continue
        # (a clause counts by its conjunction: "has grown since Moscow became isolated")
        word = next((m.lower_ for m in c.children if m.dep_ == "mark"), "") if c.dep_ == "advcl" else c.lower_
        phrase = " ".join(x.lower_ for x in c.subtree)
        kinds = _kinds(phrase, word)
        if "habitual" in kinds or ("span" in kinds and spans and c.dep_ != "amod" and (_kinds(phrase) or loose)
                                   and not (c.lower_ == "since" and when.ranked(w))):
            return True  # (not "the worst attack on the town since 2016": what it is compared with)
        if loose and w.pos_ in ("VERB", "AUX") and c.dep_ == "advmod" and "lasting" in kinds:
            return True  # "have long attacked villages": a practice, not an act
        if loose and w.pos_ in ("VERB", "AUX") and c.dep_ == "prep" and c.lower_ == "for" and any(
                "long" in _kinds(o.lemma_.lower()) for o in c.children if o.dep_ == "pobj"):
            return True  # "has been fighting them for a decade": a campaign, not an act
        if spans and loose and c.dep_ == "prep" and c.lower_ in RECENT_PREPS and any(
                "period" in _kinds(o.lemma_.lower()) and any(m.lower_ in RECENT for m in o.children)
                for o in c.children if o.dep_ == "pobj"):
            return True  # "in recent weeks, drones have struck several targets": a tally of the weeks
    return False


def _holder(noun):
    """The word that stands for an event noun in its clause: a quantity or trend word it is "of"
    or "in" ("dozens of strikes", "a rise in attacks"), else the noun itself."""
    up = noun.head
    if noun.dep_ == "pobj" and up.lower_ in ("of", "in") and (_kinds(up.head.lemma_.lower()) & {"trend", "many"} or any(
            c.dep_ == "amod" and "habitual" in _kinds(c.lower_) for c in up.head.children)):
        return up.head  # (and a noun a habitual adjective says the acts recur on: "a frequent target of attacks")
    return noun


def _clause_verb(noun):
    """The verb of the clause whose subject or object an event noun is (through `_holder`), or whose
    time it tells ("gunmen frequently block roads after arrests"), if any."""
    node = _holder(noun)
    if node.dep_ == "pobj" and node.head.lower_ in TIME_PREPS:
        node = node.head
    return node.head if (node.dep_ in ARGUMENT or node.dep_ == "prep") and node.head.pos_ in ("VERB", "AUX") else None


def _aggregate(noun, verb, d: dict | None) -> bool:
    """Whether an event noun names acts as a class or a tally, not an occasion: the acts a trend
    or kind word counts ("a rise in attacks", "the number of strikes", "a history of clashes");
    plural acts whose clause says they rise or fall, or are common ("attacks on shipping have
    surged", "rocket attacks are frequent": in the present or perfect, not "clashes escalated on
    Monday"); acts counted over a period ("dozens of strikes this year", "40 attacks in 2023",
    "numerous attacks have hit the base")."""
    holder = _holder(noun)
    if holder is not noun and "trend" in _kinds(holder.lemma_.lower()):
        return True
    plural = noun.tag_ in ("NNS", "NNPS")
    if plural and verb is not None and noun.dep_ == "nsubj" and verb.tag_ != "VBD" and (
            "trend" in _kinds(verb.lemma_.lower()) or (verb.lemma_ in COPULAS and any(
                c.dep_ == "acomp" and "usual" in _kinds(c.lower_) for c in verb.children))):
        return True
    counted = holder is not noun or any(
        c.dep_ == "nummod" or (c.dep_ == "amod" and "many" in _kinds(c.lower_)) for c in noun.children)
    if not (plural and counted):
        return False
    over = [noun, holder] + ([verb] if verb is not None else [])
    if any(_period(w) for w in over):
        return True
    if d is not None:  # (a span longer than a few days: `recalled` left out the rest)
        return True
    return holder is not noun and verb is not None and verb.tag_ != "VBD"  # "have carried out dozens of raids"


def _period(w) -> bool:
    """Whether a word is told over a period: "this year", "in recent months", "over the past decade"."""
    for c in w.children:
        objs = [c] if c.dep_ == "npadvmod" else [o for o in c.children if o.dep_ == "pobj"] if c.dep_ == "prep" else []
        if any("period" in _kinds(o.lemma_.lower()) for o in objs):
            return True
    return False


BULLETS = ("-", "•", "*", "·", "–", "—")  # what opens the items of a list of links ("- Troops torch 200 houses")
LINE_END = re.compile(r"[ \t]*(?:\n|$)")  # what may follow the last word of a line


def _headline(text: str, start: int, end: int) -> bool:
    """Whether a sentence is a line of its own that ends without a full stop: a headline, a
    subhead or a live blog's entry title, told in the headline's present ("Insurgents behead
    three in Macomia raid"), not the habitual present of a paragraph. Not an item of a list of
    links to other stories, however headline-like."""
    line = text[start:end].rstrip()
    return (start == 0 or text[start - 1] == "\n") and LINE_END.match(text, start + len(line)) is not None \
        and not line.startswith(BULLETS) and not line.endswith((".", "!", "?", '"', "”", "'", "’", ":", ";"))


def _habitual_present(verb) -> bool:
    """A present-simple verb of a plural subject, in a main clause or what one says, not in a time
    or condition clause: what they do as a rule ("militias fire rockets at the base", "both sides
    accuse each other"), or a standing state ("about 2,500 troops are stationed in the country"); a
    participle of such a verb shares it ("insurgents move along the coast, striking villages")."""
    if verb.dep_ == "advcl" and verb.tag_ == "VBG" and verb.head is not verb:
        return _habitual_present(verb.head)
    passive = verb.tag_ == "VBN" and [(c.dep_, c.tag_) for c in verb.children if c.dep_ in ("aux", "auxpass")] in (
        [("auxpass", "VBP")], [("auxpass", "VBZ")])  # "are stationed", not "have abducted"
    if not (verb.tag_ in ("VBZ", "VBP") or passive) or verb.dep_ not in ("ROOT", "conj", "ccomp"):
        return False
    if any(c.dep_ in ("mark", "neg") or c.dep_ == "aux" and not passive for c in verb.children):
        return False
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")]
    return bool(subjects) and all(s.tag_ in ("NNS", "NNPS") for s in subjects)


def _happening(g):
    """The verb an event noun is said to happen by ("the attack took place in Beni", "the blast occurred
    near a market"): where it happened is where the noun's act did."""
    verb = g.head.head
    if g.verb or g.head.dep_ != "nsubj" or verb.pos_ != "VERB":
        return None
    lemma, deps = verb.lemma_.lower(), {(c.dep_, c.lower_) for c in verb.children}
    if lemma in HAPPEN or lemma == "take" and ("dobj", "place") in deps or lemma == "break" and ("prt", "out") in deps:
        return verb
    return None


def _within_clause(doc, place: dict, g) -> bool:
    """A place belongs to an event only if it hangs below one of its trigger words without
    crossing another clause ("intelligence that showed missiles packed onto boats in the
    Persian Gulf" does not place the build-up in the Gulf), such as a verb joined to the trigger
    with a subject of its own ("police arrested him on Monday, and a protester died in Thies").
    A verb that shares the trigger's subject shares its place ("stormed and burned the village")."""
    span = doc.char_span(place["start"], place["end"], alignment_mode="expand")
    if span is None or not len(span):
        return False
    words = {*g.all_tokens, *filter(None, [_happening(g)])}
    node = span.root
    while node not in words:
        if node.head == node:
            return False
        if node.pos_ in {"VERB", "AUX"} and (node.dep_ not in PLACE_VERBS_OK or node.dep_ == "conj" and any(
                c.dep_ in ("nsubj", "nsubjpass") for c in node.children)):
            return False
        node = node.head
    return True


def _place(article: Any, g, doc, sent, actors: list[tuple[int, int]], lead: "Opening", lex: Lexicon,
           target: tuple[int, int] | None = None) -> dict | None:
    """Where the event happened: the place its trigger governs as a location (the places stage's
    choice); for an act done on the ground (types.tsv `located`), else the most specific place
    its sentence names (a town over its province; of countries only a sole one), else where the
    article's opening puts its news (`lead.place`); never its dateline. A place inside one of the event's
    actors is not where it happened ("US air strikes": the US acts, the strikes are not in the
    US), nor is a place name that stands for a government ("Washington accused Tehran"); `actors`
    leaves out the target of an act that happens at its target (types.tsv at_target), and a place
    that is such a target (`target`, its span) is where it happened ("rockets hit the Ain al-Asad
    air base in western Iraq": the base, not Iraq). `basis` says which: "trigger", "sentence" or "lead"
    (`code_article` gives a place-less act the scene's, basis "context": `_same_scene`, `_main_scene`)."""
    named = [p for p in article.places or [] if sent.start_char <= p["start"] < sent.end_char
             and p["start"] >= lead.end and not any(lo <= p["start"] < hi for lo, hi in actors)]
    metonyms = [(e["start"], e["end"]) for e in article.entities or [] if e.get("actor")]
    # (not a place in the name of an actor it is done to: "clashed with the Arakan Army in Kyauktaw")
    hit = [p for p in named if target and target[0] <= p["start"] < target[1] and p["feature"] not in BROAD_PLACES
           and not any(lo <= p["start"] < hi for lo, hi in metonyms)]
    if hit:
        return dict(min(hit, key=lambda p: p["start"]), basis="trigger")
    for t in [g.head, *(x for x in g.all_tokens if x != g.head), *filter(None, [_happening(g)])] if named else ():
        p = event_place(article, t.idx, t.idx + len(t), doc)
        if p is not None and _within_clause(doc, p, g) and p in named:
            return dict(p, basis="trigger")
    if lex.types[g.type]["located"] != "yes":
        return None
    named = [p for p in named if not any(lo <= p["start"] < hi for lo, hi in metonyms)]
    specific = [p for p in named if SPECIFIC.get(p["feature"], 1.0) > SPECIFIC["admin1"]]
    if specific:  # of the country the article is about, if it is about one; then the most specific, the nearest
        best = max(specific, key=lambda p: (p.get("country") == lead.country, SPECIFIC.get(p["feature"], 1.0),
                                            -abs(p["start"] - g.head.idx)))
        return dict(best, basis="sentence")
    if len({p["geonameid"] for p in named}) == 1:
        return dict(named[0], basis="sentence")
    if named or sent.start_char >= lead.reach:
        return None  # "in Iraq and Syria": the text says no one place; far down a long article, neither does its lead
    return lead.place


def _same_scene(own: list[dict], before: list[dict], lex: Lexicon) -> None:
    """Where a sentence that names no place tells an act on the ground (types.tsv `located`) with
    no place of its own: where the act told in the sentence before it happened, when that sentence
    placed it in a town or district ("In Oicha, hundreds protested. Police fired tear gas to
    disperse them."); news names a new place when the scene moves. Not an act told as another
    ("elsewhere, another attack"), nor one that is only meant or recalled. Basis "context"."""
    scene = next((e["place"] for e in before if e["modality"] in NEWS and e["place"]
                  and e["place"]["basis"] in ("trigger", "sentence", "context")
                  and SPECIFIC.get(e["place"]["feature"], 1.0) > SPECIFIC["admin1"]), None)
    if scene is None:
        return
    for ev in own:
        if ev["place"] is None and ev["modality"] in NEWS and not ev.get("_another") \
                and lex.types[ev["type"]]["located"] == "yes":
            ev["place"] = dict(scene, basis="context")


def _points_back(g) -> bool:
    """Whether an act's words put it where a place told before is: a definite scene word after a
    locative preposition (terms.json `scene_words`: "detained three men at the scene", "deployed in the city")."""
    preps, scenes = place_terms()["event_prepositions"], place_terms()["scene_words"]
    return any(c.dep_ == "prep" and c.lower_ in preps and any(
        o.dep_ == "pobj" and o.lower_ in scenes and any(d.dep_ == "det" and d.lower_ == "the" for d in o.children)
        for o in c.children) for t in g.all_tokens for c in t.children)


def _main_scene(events: list[dict], lead: Opening, lex: Lexicon) -> dict | None:
    """The place "the scene" or "the city" points back to: that of the article's first act on the
    ground placed in a town or district (its main news), else the town its opening puts its news in.
    Basis "context"."""
    town = lambda p: p is not None and SPECIFIC.get(p["feature"], 1.0) > SPECIFIC["admin1"]
    place = next((e["place"] for e in events if e["modality"] in NEWS and lex.types[e["type"]]["located"] == "yes"
                  and town(e["place"])), lead.place if town(lead.place) else None)
    return dict(place, basis="context") if place else None


class Opening(NamedTuple):
    """What an article's opening says about all its events."""

    place: dict | None  # where its news is (basis "lead"): see `opening`
    country: str | None  # the country (ISO alpha-2) it is about, if it says: see `opening`
    end: int  # where its dateline ends (0: none): no word before it is an actor
    reach: int  # how far its place holds: the lead (two sentences), or all of a brief (LEAD_SENTENCES)
    headline: int = 0  # where its headline, printed at its top, ends (0: none there): see `title_span`


def opening(article: Any, doc) -> Opening:
    """Where an article's news is by its opening: the one place more specific than a country its
    first sentence names beyond the dateline (in a brief, its one such place anywhere), else its
    dateline's place ("KABUL, May 3 —") when the article's other places are in that country; a
    correspondent often files from a neighbour's capital ("DAKAR" for Mali), so a dateline alone
    says nothing. Also the country it is about (that of all its places beyond the dateline, or
    in a brief of most of them), where the dateline ends, and how far into it the place holds."""
    line = dateline.find(article.text)
    end = line.end if line is not None else 0
    sents = [s for s in doc.sents if s.end_char > end]  # (a wire dateline is a sentence of its own)
    first = sents[0] if sents else None
    places = article.places or []
    body = [p for p in places if p["start"] >= end]
    counts = Counter(p["country"] for p in body if p.get("country") and not _agent(doc, p))
    brief = len(sents) <= LEAD_SENTENCES[1]
    reach = len(article.text) if brief else sents[LEAD_SENTENCES[0] - 1].end_char
    towns: dict = {}  # each town at its first mention
    for p in body:
        if SPECIFIC.get(p["feature"], 1.0) > SPECIFIC["admin1"] and not _agent(doc, p):
            towns.setdefault(p["geonameid"], p)
    lead_towns = [p for p in towns.values() if first is not None and p["start"] < first.end_char]
    at = [p for p in places if p["end"] <= end and set(counts) == {p.get("country")}]
    place = lead_towns[0] if len(lead_towns) == 1 else next(iter(towns.values())) if brief and len(towns) == 1 \
        else at[0] if at else None  # (a brief's one town, wherever in it: "... in Bakaara Market in Mogadishu.")
    # the country the article is about: the one of all its places, or of most of them in a brief
    country = next(iter(counts)) if len(counts) == 1 else None
    if country is None and brief and counts:
        (top, n), *rest = counts.most_common()
        country = top if n > rest[0][1] else None
    title = title_span(article)
    return Opening(dict(place, basis="lead") if place else None, country, end, reach, title.end() if title else 0)


def _agent(doc, place: dict) -> bool:
    """Whether a country's or a capital's name is told as who acts, not where ("a strike by the US",
    "France said", "Moscow struck Kharkiv": its government): no evidence of where the news is."""
    if place.get("feature") not in {"country", "capital"}:
        return False
    span = doc.char_span(place["start"], place["end"], alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    return root.dep_ == "nsubj" or (root.dep_ == "pobj" and root.head.lower_ == "by")


def _derived(ev: dict, g, reading: modality.Reading, groups: list, lex: Lexicon, speaker: dict) -> dict | None:
    """The act PLOVER codes from an embedded one (derive.tsv), if any: "will support" is an
    AGREE, "would blockade" a THREATEN, "will not accept" or "failed to reach" a REJECT. When the
    embedded act names no one who does it, the one who says it will happen makes the threat or
    promise (`speaker`: "'the escalation will continue,' the group's spokesman said")."""
    if reading.value == "planned":
        kinds = {reading.kind} & {"future", "readiness"}
    elif reading.value == "negated" and reading.kinds & {"refusal", "future"}:
        kinds = {"refusal"}
    else:
        return None
    for rule in lex.derive:
        if rule["kind"] not in kinds or g.type not in rule["types"].split():
            continue
        above = set(g.head.ancestors)
        if any(o.type == rule["derived"] and o.head in above for o in groups) or not _direct(g.head, reading.speech):
            return None
        mode = lex.types[g.type]["threaten_mode"] or None if rule["derived"] == "THREATEN" else None
        source = ev["source"] if ev["source"]["text"] else speaker
        return dict(ev, type=rule["derived"], mode=mode, modality="asserted", source=source,
                    confidence=round(min(0.95, ev["confidence"] + 0.15), 2))
    return None


CONTENT = {"urged", "threatened", "planned", "hypothetical", "negated", "claimed"}  # modalities of what an act
# is about ("called on both sides to stop fighting", "accused the rebels of shelling", "sent troops to fight")


def _act_over(g, groups: list, reading: modality.Reading) -> int | None:
    """The act of the sentence whose content an act that did not happen as told is, if any: what a
    demand asks for, a threat threatens, an accusation alleges, a promise promises ("demanded that
    the neighbours pay compensation", "warned that shelling the town could amount to a war crime"),
    what a deployment is for ("sent troops to fight the insurgents"), what an act was done without
    ("withdrew without firing a shot"). PLOVER codes the demand, the deployment, the withdrawal;
    the act they are about is no event of its own. (A denied act is the event a denial is about.)"""
    if reading.value not in CONTENT:
        return None
    heads = {o.head: j for j, o in enumerate(groups) if o is not g}
    node = g.head
    while node.head != node:
        if node.head in heads:  # (an act beside another, "threatened ... and will support", is no content)
            return heads[node.head] if node.dep_ not in BESIDE else None
        node = node.head
    return None


BESIDE = {"conj", "parataxis"}  # how a clause stands beside a verb, not as what it says


def content(ev: dict) -> dict:
    """What an event says of the act it is about (its `content`): kind, modality and who to whom."""
    return {"type": ev["type"], "mode": ev["mode"], "modality": ev["modality"],
            "source": {k: ev["source"].get(k) for k in ("text", "actor")},
            "target": {k: ev["target"].get(k) for k in ("text", "actor")}}


def _direct(head, speech) -> bool:
    """Whether an act is stated in a main clause or in what a speaker directly says, not in a
    relative clause, an indirect question or a description ("under which sanctions would be lifted");
    an event noun may be the subject of the clause ("the attacks will continue")."""
    node = head
    while node.head != node and node != speech:
        if node.dep_ not in {"conj", "ccomp", "xcomp", "acomp", "ROOT"} and not (node == head and node.dep_ == "nsubj"):
            return False
        if node.dep_ == "ccomp" and node.head != speech:
            return False
        node = node.head
    return True


def _set_off(g, heads: set, lex: Lexicon) -> bool:
    """Whether a casualty told after an act that is no attack was caused by a weapon that act ran
    into ("a soldier stepped on a landmine, injuring him", "a bus drove over a mine, killing four"):
    the clause's subject is what the weapon hit, not who used it."""
    act = g.head.head if g.type == "ASSAULT" and g.verb and g.head.dep_ == "advcl" else None
    if act is None or act in heads:
        return False
    hit = [o for c in act.children if c.dep_ == "prep" and c.lower_ in RAN_INTO for o in c.children if o.dep_ == "pobj"]
    return any(getattr(noun_sense(o, lex), "cls", None) == "weapon" for o in hit)  # (not "planted a bomb": used)


def _a_state(arg: dict, tok, resolver: Any) -> bool:
    """Whether an argument (its head word `tok`) is a state or its government ("Kenya protested to Uganda",
    "the government protested the ruling"), not its people ("Kenyans protested"): a state's protest is
    lodged, a complaint (ACCUSE), not a demonstration."""
    a = resolver.kb.get(arg["actor"]) if resolver is not None and arg["actor"] else None
    return a is not None and (a.type == "country" or a.sector == "GOV") and tok.tag_ not in {"NNS", "NNPS"}


def _headline_passive(g, src_tok, mode: str | None, lex: Lexicon) -> bool:
    """Whether a headline's verb is a passive with its auxiliary dropped, as headlines drop it
    ("Opposition leader arrested", "Five soldiers killed in ambush"): an act done to people (an
    arrest, a kidnapping, a killing or wounding) in a past form whose subject is the word taken for
    the doer, with no auxiliary, object, particle or agent ("army hits back" is the army's act)."""
    head = g.head
    done_to = mode in DONE_TO or predicate(head, lex) is not None
    return g.verb and done_to and head.tag_ in ("VBN", "VBD") and src_tok.head == head and src_tok.dep_ == "nsubj" \
        and not any(c.dep_ in ("aux", "auxpass", "dobj", "agent", "prt", "ccomp", "xcomp") for c in head.children)


DONE_TO = {"arrest", "abduct"}  # modes of acts done to people, whom a headline names as its subject


RAN_INTO = {"on", "onto", "over", "into", "upon"}  # "stepped on", "drove over" a mine: ran into it


def names_actor(tok, named: set[int]) -> bool:
    """Whether a word names an actor, itself or by a modifier ("US targets"): a named entity, or
    a mention the actors stage resolved (`named` holds their character offsets)."""
    return any(w.ent_type_ in arguments.ACTOR_ENTS or w.idx in named
               for w in [tok, *(c for c in tok.children if c.dep_ in {"compound", "amod", "nmod", "poss"})])


def code_sentence(article: Any, sent, groups: list, lex: Lexicon, dates: list, ctx: Callable[[], Any] | None = None,
                  resolver: Any = None, named: set[int] = frozenset(), lead: Opening = Opening(None, None, 0, 0)
                  ) -> tuple[list[dict[str, Any]], list[int]]:
    """The event dicts of one sentence's trigger groups (and the acts derived from them), and
    which of them are casualty reports; `dates` are the article's `when.anchors`, `lead` its `opening`."""
    doc = article.nlp
    heads = {g.head for g in groups} | {m.head for g in groups for m in g.members}
    dated = when.assign(groups, dates, lex)
    start = sent.start_char
    body = start >= lead.reach and not _headline(article.text, start, sent.end_char)  # (see `recalled`)
    text = article.text[start:sent.end_char].rstrip()  # the sentence's text, without building its tokens
    out, victims = [], []
    told: dict[int, dict] = {}  # group index -> its event
    made: dict[int, dict] = {}  # group index -> the event it gave, its own or one derived from it
    held: list[tuple[int, dict]] = []  # (the group index of an act, an act it is about)
    for i, g in enumerate(groups):
        if any((o.type, g.type) in ISSUES and _purpose(g.head, o) for o in groups):
            continue  # "demonstrated to demand food", "a strike to demand pay": the demand is what the protest is about
        if g.type in RELATIONS and g.verb and g.head.head.pos_ in NOUNS and (
                g.head.dep_ == "acl" and g.head.tag_ == "VBN" or g.head.dep_ == "relcl" and when.relative_subject(g.head)):
            continue  # "M23 rebels, backed by Rwanda, attacked", "the strike, which was backed by US intelligence":
            # who or what the noun is, not news of its own
        if g.type == "ASSAULT" and not g.verb and g.head.dep_ == "pobj" and g.head.head.lower_ in {"in", "during"} \
                and not definite(g.head) and any((o.type, o.mode) == ARREST and o.head == g.head.head.head for o in groups):
            continue  # "detained 25 Palestinians in overnight raids": how the arrests were made, not another act
            # (but "arrested three suspects in the bombing" names the act they are held for)
        if not g.verb and _talked_about(g.head, groups):
            continue  # "discussed the war and support for Ukraine": what talks are about, no act of its own
        if not g.verb and lex.verbal(g.type) and _answered(g.head, groups):
            continue  # "rejected the rebels' demand for talks": what the answer is to, told as its target
        if g.type in RELATIONS and not g.verb and g.head.dep_ == "pobj" and g.head.head.lower_ in {"with", "without"}:
            continue  # "the army, with the support of local militias, attacked": how an act was done, no act of its own
        reading = modality.read(g, heads - {g.head}, lex)
        if reading.kind == "imperative" and reading.speech is None:
            continue  # a call to action no one in the text makes: a page's prompt or an advert's, no event
        speaker = attribution.speaker_of(reading.speech, lex) if reading.speech is not None else None
        # whose words the act is in, for their pronouns: a speaker's, or the one who denies or claims it
        voice = speaker or (attribution.speaker_of(reading.cue, lex) if reading.value in {"denied", "claimed"}
                            and getattr(reading.cue, "pos_", None) == "VERB" else None)
        src_tok = arguments.speaker_pronoun(arguments.source_token(g, lex), voice)
        if src_tok is not None and any(victim_word(t, lex) == src_tok for t in g.all_tokens):
            src_tok = None  # the victims are not who did it ("3 civilians killed, 2 injured")
        if src_tok is not None and side_words().get(src_tok.lower_) == "nature" and g.head in (
                src_tok.head, src_tok.head.head):  # (its own subject or agent, not one the parse lent it)
            continue  # "the earthquake hit the towns", "hit by the earthquake": no one's act
        if g.verb and _carried_words(g.head, lex):
            continue  # "banners accusing the governor", "placards demanded his release": what a crowd says
        mishap = g.type == "ASSAULT" and accident(g, src_tok)
        if mishap:  # no one's act: a toll an attack told before may have caused, else nothing
            src_tok = None
        if src_tok is not None and src_tok.idx < lead.end:  # a dateline is no actor; the parse may have
            # taken it for the subject and the subject for its apposition ("MOGADISHU (Reuters) - Al-Shabaab fighters")
            src_tok = next((c for c in src_tok.children if c.dep_ == "appos" and c.idx >= lead.end), None)
        tgt_tok = arguments.target_token(g, lex, exclude={src_tok} if src_tok is not None else (),
                                         is_actor=lambda t: names_actor(t, named) and t.idx >= lead.end)
        if tgt_tok is not None and tgt_tok.idx < lead.end:
            tgt_tok = None
        mode = mode_of(g, groups, lex)
        # "troops and rebels clashed", "exchanged gunfire": of a clash's sides told as one subject, the first
        # against the other (a clash by its trigger, whatever the weapon it names)
        other = next((c for c in src_tok.children if c.dep_ == "conj"), None) \
            if "clash" in (mode, g.mode) and tgt_tok is None and src_tok is not None and src_tok.dep_ == "nsubj" else None
        if other is not None:
            tgt_tok = other
        if src_tok is not None and (start < lead.headline or arguments.bare_noun(src_tok)) and \
                _headline_passive(g, src_tok, g.mode, lex):
            tgt_tok, src_tok = src_tok, None  # "Opposition leader arrested in dawn raid": was arrested
        if src_tok is not None and _set_off(g, heads, lex):  # "a soldier stepped on a landmine, injuring him":
            if tgt_tok is None or tgt_tok.tag_ == "PRP":    # the soldier is its victim, no one its doer
                tgt_tok = src_tok
            src_tok = None
        at_target = lex.types[g.type]["at_target"] == "yes"
        actors = (src_tok,) if at_target else (src_tok, tgt_tok)
        place = _place(article, g, doc, sent, [arguments.phrase(t) for t in actors if t is not None], lead, lex,
                       arguments.phrase(tgt_tok) if at_target and tgt_tok is not None else None)
        there = place is None and lex.types[g.type]["located"] == "yes" and _points_back(g)
        # the state where the act happens, for unnamed groups: its own place, else for an act on the
        # ground the article's one country (talks in Doha are not about Qatari rebels)
        where = (place if place and place["basis"] != "lead" else None) or {}
        country = where.get("country") or (lead.country if lex.types[g.type]["located"] == "yes" else None)
        home = resolver.kb.by_iso2.get(country or "") if resolver else None
        source = argument(article, src_tok, ctx, resolver, home, lead.end, one_side=other is not None)
        target = argument(article, tgt_tok, ctx, resolver, home, lead.end)
        if voice is not None and resolver is not None:
            said = argument(article, voice, ctx, resolver, home, lead.end)["actor"]
            for arg, tok in ((source, src_tok), (target, tgt_tok)):
                _speakers_own(arg, tok, voice, said, resolver.kb)
        counts = casualties(g.all_tokens, lex)
        d = when.resolve(dated[i], article, doc, lex) if i in dated else None
        if not (source["text"] or target["text"] or counts["killed"] or counts["injured"] or leaves_dead(g, lex)) and (
                g.verb and g.noun is None or not (
                    d or (place or {}).get("basis") == "trigger" or bare(g.type, mode, lex))):
            # an act with no one in it, no toll, and no date or place of its own, says nothing; an event
            # noun a verb only supports is judged as a noun ("a protest was held in the capital")
            continue
        value = reading.value
        recalls = historical(d, article.date) or recalled(g, lex, d, body) or compared(g, d, article.date) or (
            d is None and historical(when.before_a_date(g, dates, article, doc, lex), article.date))
        if value == "asserted" and recalls:
            value = "historical"
        elif value == "asserted" and ahead(d, article.date):
            value = "planned"  # "the cabinet will discuss the measures next week": not done yet
        lodged = g.type == "PROTEST" and mode == "demo" and _a_state(source, src_tok, resolver)
        ev = {
            "type": "ACCUSE" if lodged else g.type, "mode": None if lodged else mode, "modality": value,
            "source": source, "target": target,
            "place": place, "date": d, "killed": counts["killed"], "injured": counts["injured"],
            "attribution": attribution.attribute(g, reading.speech, lex),
            "sentence": text, "start": start, "end": start + len(text),
            "confidence": confidence(g, source, target, value), "contexts": contexts_of(g, lex), "cluster": None,
            "content": None, "_there": there,  # (read by `code_article`, then dropped)
        }
        ev["mentions"] = [{"sentence": text, "start": start, "end": ev["end"]}]
        ev["_kills"] = bool(counts["killed"]) or any(  # (read by killed_once, then dropped)
            (predicate(t, lex) or ("",))[0] == "killed" for t in g.all_tokens)
        over = _act_over(g, groups, reading)
        if over is not None:
            held.append((over, ev))
            continue
        said_by = argument(article, speaker, ctx, resolver, None, lead.end) \
            if speaker is not None and not source["text"] else NOBODY
        derived = _derived(ev, g, reading, groups, lex, said_by)
        if derived is not None:  # (the promise or threat, with what it is about; a stand taken again
            # and again is background: "has repeatedly said it will not negotiate")
            made[i] = dict(derived, content=content(ev), modality="historical" if recalls else "asserted")
            out.append(made[i])
            continue
        out.append(ev)
        if mishap or not source["text"] and (counts["killed"] or counts["injured"] or _when_clause(g.head)) and \
                casualty_report(g, lex) and not another_time(g.head):  # ("they were killed when gunmen opened
            # fire": the attack's toll; not "attacked the village after two herders were killed there")
            victims.append(len(out) - 1)
            ev["_accident"] = mishap  # (read where tolls are attached, then dropped)
        ev["_intercepts"] = intercepts(g, mode, lex)  # (read by `retold`, then dropped)
        ev["_raid"] = g.type == "ASSAULT" and any(t.lemma_.lower() == "raid" for t in g.all_tokens)  # (`raid_of_arrest`)
        ev["_again"], ev["_another"] = retelling(g, lex)  # (read by `retold` and the linker, then dropped; not
        # by an act derived from this one: "the attacks will go on" is a threat made, not one told again)
        told[i] = made[i] = ev
        # (the act judged is what the judging is said of, no target itself: arguments.target_token)
        about = next((h for h in groups if h.head in _said_of(g.head) and h is not g), None) \
            if g.type in arguments.JUDGED else None
        if about is not None and retelling(about, lex)[0]:
            ev["_about"] = about.type  # (read by `judged_doers`, then dropped)
    for j, ev in held:
        if j in made:
            made[j]["content"] = made[j]["content"] or content(ev)
        else:  # the act over it is no event here: what it is about is told on its own
            out.append(ev)
    for i, ev in told.items():
        j = _soon_after(groups[i], groups)
        if j is not None and j in told:
            ev["_after"] = told[j]  # (read by `recalled_with`, then dropped)
    return out, victims


PROJECTILES = {"heavy-weapons", "explosives", "drone"}  # modes of weapon nouns that fly at a target


@cache
def _mishaps() -> dict[str, frozenset[str]]:
    """The words of mishaps.tsv by part of speech."""
    return grouped("mishaps.tsv", "pos", "word")


def accident(g, src_tok) -> bool:
    """Whether a death or wound is an accident's (mishaps.tsv): its doer a mishap noun no side
    qualifies ("a stampede killed eight", "the bus plunged ..., killing 15"), following from a
    mishap verb's clause ("capsized off the coast, killing 40"), or a blast a mishap noun names
    ("a gas cylinder explosion killed five")."""
    words = _mishaps()
    sided = lambda t: any(c.dep_ in {"compound", "amod", "nmod", "poss"} and (  # noqa: E731
        c.ent_type_ in arguments.ACTOR_ENTS or c.lower_ in side_words()) for c in t.children)
    if src_tok is not None and src_tok.lemma_.lower() in words["NOUN"] and not sided(src_tok):
        return True
    if g.head.dep_ == "advcl" and g.head.head.lemma_.lower() in words["VERB"]:
        return True
    return any(c.dep_ == "compound" and c.lemma_.lower() in words["NOUN"] for t in g.all_tokens
               if t.lemma_.lower() in words["blast"] for c in t.children)


def intercepts(g, mode: str | None, lex: Lexicon) -> bool:
    """Whether an act of force is against the weapons of an attack, not a side: "air defences
    destroyed 40 drones", "two missiles were destroyed" (the interception is part of the attack it stops);
    or against the attack told before itself: "troops repelled the attack" (its defence is part of it)."""
    downs = (g.type, mode) == ("COERCE", "destroy")
    if not (g.type == "ASSAULT" or downs) or not g.verb:
        return False
    if mode == "clash" and any(c.dep_ == "dobj" and definite(c) and getattr(noun_sense(c, lex), "type", None) == "ASSAULT"
                               for c in g.head.children):
        return True
    downed = any(c.dep_ in {"prt", "advmod"} and c.lower_ == "down" for c in g.head.children)  # "shot down 31 drones"
    hit = [c for c in g.head.children if c.dep_ in {"dobj", "nsubjpass"} and (downs or downed or c not in g.all_tokens)]
    # (an attack's own weapon is what it is done with: "fired rockets"; not what is shot down)
    senses = [noun_sense(c, lex) for c in hit]
    return any(s is not None and s.cls == "weapon" and s.mode in PROJECTILES for s in senses)


def _said_of(word) -> list:
    """What a word is said of: its object, or the object of its prepositions ("condemned the attack",
    "protested against the killings")."""
    return [c for c in word.children if c.dep_ == "dobj"] + [
        o for c in word.children if c.dep_ == "prep" for o in c.children if o.dep_ == "pobj"]


def judged_doers(said: list[dict], events: list[dict]) -> None:
    """Who is condemned or protested against when the text names an act it told before ("the UN
    condemned the attack"): the doer of the nearest act of that type the article told as news,
    where it names one and the target names no actor."""
    for ev in said:
        kind = ev.pop("_about", None)
        act = next((e for e in reversed(events) if e["type"] == kind and e["modality"] in NEWS), None) \
            if kind is not None else None
        if act is not None and act["source"]["text"] and not ev["target"]["actor"]:
            ev["target"] = dict(act["source"])


SOON_PREPS = {"after", "following"}


def _soon_after(g, groups: list) -> int | None:
    """The group (its index) of the act this one is told as following closely ("days after
    Soleimani's killing, Iran launched ...", "shortly after the strike"), if any."""
    for t in g.all_tokens:
        spans = [c for c in t.children if c.dep_ in {"npadvmod", "advmod"}]  # "Days after ...", "shortly after ..."
        for prep in (c for w in [t, *spans] for c in w.children if c.dep_ == "prep" and c.lower_ in SOON_PREPS):
            near = [m for m in [prep.head, *prep.children] if m.dep_ in {"npadvmod", "advmod"}] + \
                [m for m in spans if m.i == prep.i - 1]
            if not any("soon" in _kinds(m.lemma_.lower()) for m in near):
                continue
            objs = [o for o in prep.children if o.dep_ == "pobj"]
            found = next((k for k, o in enumerate(groups) if o is not g and objs and o.head in objs), None)
            if found is not None:
                return found
    return None


PLURAL_PRONOUNS, SINGULAR_PRONOUNS = {"they", "them"}, {"it"}


GROUP_ANAPHORS = {"the group", "the militia", "the movement", "the rebels", "the militants", "the insurgents",
                  "the jihadists", "the rebel group", "the armed group", "the militant group"}


def antecedent(arg: dict, before: list[dict]) -> dict:
    """A pronoun's actor, when the sentence before has one clear candidate: the one actor its
    events' sources name, of the pronoun's number ("Residents burned the offices. They also
    took three officers hostage": the residents); "the group" or "the militia", the one armed
    group its events name. The pronoun stays the argument's text."""
    word = (arg["text"] or "").lower()
    if not arg["actor"] and word in GROUP_ANAPHORS:  # "the group had targeted the vessel": the one armed
        kb = actors.load()  # group the sentence before names
        found = {a for e in before for r in ("source", "target") for a in [e[r]["actor"]]
                 if a and getattr(kb.get(a), "type", None) == "armed_group"}
        return dict(arg, actor=found.pop()) if len(found) == 1 else arg
    if arg["actor"] or word not in PLURAL_PRONOUNS | SINGULAR_PRONOUNS:
        return arg
    def plural(text: str) -> bool:  # by the head noun: the last word before any "of" ("residents of Kafe")
        head = text.split(" of ")[0].split()[-1].lower()
        return " and " in text or (head.endswith("s") and not head.endswith("ss"))
    found = {e["source"]["actor"] for e in before if e["source"]["actor"] and e["source"]["text"]
             and plural(e["source"]["text"]) == (word in PLURAL_PRONOUNS)}
    return dict(arg, actor=found.pop()) if len(found) == 1 else arg


def casualty_report(g, lex: Lexicon) -> bool:
    """Whether an act is only its victims' fate, told without who did it: "two soldiers were
    killed", "were shot dead", "4 civilians killed", "three civilians died" (a casualty predicate,
    told without its doer or intransitive), or told of an act already told ("killed in the
    attack", "the attack wounded 12")."""
    words = set(g.all_tokens)
    def told(head) -> bool:
        hit = predicate(head, lex)
        return bool(hit) and (doerless(head) or "nsubj" in hit[1] or any(
            s in words and _told_before(s) for s in arguments.children(head, "nsubj")))
    return g.verb and told(g.head) and all(told(m.head) if m.verb else _told_before(m.head) for m in g.members)


def _when_clause(verb) -> bool:
    """Whether a verb has a clause of the time it happened ("were killed when gunmen opened fire", "as
    protesters threw stones")."""
    return any(c.dep_ == "advcl" and any(m.dep_ in {"advmod", "mark"} and m.lower_ in {"when", "as", "after", "while"}
                                         for m in c.children) for c in verb.children)


def _told_before(noun) -> bool:
    """Whether an event noun refers back to an act already told, as the cause or the place of
    the victims' fate ("the attack killed four", "killed in the attack", "died during the
    clashes"): a definite one."""
    return (noun.dep_ == "nsubj" or noun.dep_ == "pobj" and noun.head.lower_ in arguments.VICTIM_PREPS) and \
        definite(noun)


def _talked_about(noun, groups: list) -> bool:
    """Whether an event noun is what a consultation in its sentence is about: the object of its
    verb, or joined to it ("discussed the war in Gaza and support for Ukraine", "talked about the
    attacks on shipping")."""
    noun = arguments.first_conjunct(noun)
    if noun.dep_ == "pobj" and noun.head.lower_ in TOPIC_PREPS:
        noun = noun.head
    verb = noun.head if noun.dep_ in {"dobj", "prep", "conj"} else None  # (the parse may join the second
    # topic to the verb: "discussed the war and | support for Ukraine")
    return verb is not None and any(o.type == "CONSULT" and o.head == verb for o in groups)


TOPIC_PREPS = {"about", "on", "over"}


def _answered(noun, groups: list) -> bool:
    """Whether an act named by its noun is what a refusal or acceptance in its sentence answers
    ("rejected a request by the party to postpone the vote", "accepted the proposal")."""
    noun = arguments.first_conjunct(noun)
    return noun.dep_ == "dobj" and any(o.type in arguments.ANSWERS and o.head == noun.head for o in groups)


def _carried_words(verb, lex: Lexicon) -> bool:
    """Whether a verb's doer is what carries a crowd's words (nouns.tsv class "message"): its subject,
    or the noun it describes ("banners accusing the governor of corruption")."""
    said_by = [c for c in verb.children if c.dep_ == "nsubj"] + ([verb.head] if verb.dep_ == "acl" else [])
    return any(getattr(noun_sense(t, lex), "cls", None) == "message" for t in said_by)


def _going_on(noun, lex: Lexicon) -> bool:
    """Whether an event noun is told as going on ("exchanges of fire continued until noon", "fighting
    persisted"): the subject of an aspect verb (modality.tsv), an act already told."""
    cue = lex.cue(noun.head.lemma_.lower(), "VERB") if noun.dep_ == "nsubj" else None
    return cue is not None and cue.kind == "aspect"


@cache
def _another_words() -> frozenset[str]:
    """The words of retell.tsv, read once."""
    return frozenset(r["word"] for r in rows("retell.tsv"))


def says_how(g, lex: Lexicon) -> bool:
    """Whether a verb tells, in a "saying" clause, the act its sentence names by a definite noun just
    before: "JNIM claimed the attack, saying it had targeted a base and killed dozens", "the minister
    condemned the strike, saying it had hit a school" (one act, told by its claimant or its critic)."""
    verb = g.head
    while verb.dep_ == "conj":
        verb = verb.head
    saying = verb.head
    if verb.dep_ != "ccomp" or saying.dep_ != "advcl" or saying.tag_ != "VBG":
        return False
    return any(c.dep_ == "dobj" and definite(c) and getattr(noun_sense(c, lex), "type", None) == g.type
               for c in saying.head.children)


def retelling(g, lex: Lexicon) -> tuple[bool, bool]:
    """Whether an act is told again, and whether it is told as another act than those before it
    (retell.tsv: "another attack", "gunmen also attacked", "later that day, jets bombed"): told
    again when its event noun is definite ("the fighting lasted two days", "carried out the
    attack", "the strike hit the town"), or the weapon that does it ("the missile struck a
    building"), or what it is done to is an act or the thing of one ("the ceasefire was agreed on
    Saturday"), or it is said how of an act just named (`says_how`), and not another."""
    words = _another_words()
    noun = g.noun if g.noun is not None else None if g.verb else g.head
    known = noun is not None and (definite(noun) or _going_on(noun, lex)) or g.verb and says_how(g, lex) or g.verb and any(
        c.dep_ in {"nsubj", "nsubjpass"} and definite(c) and _names_the_act(c, g, lex) for c in g.head.children)
    # an adverb tells on an act, not on its toll ("one civilian was also injured", "the strike had
    # also wounded two"); on the verb an indefinite event noun is said with too ("later, an attack
    # hit the port"), not on a definite one's ("the attack was later claimed")
    above = [] if known else [v for t in g.all_tokens if t.pos_ in NOUNS for v in [_clause_verb(t)] if v is not None]
    another = any(c.lower_ in words and (c.dep_ in {"det", "amod", "compound"} or c.dep_ == "advmod" and not (
        t.pos_ == "VERB" and predicate(t, lex))) for t in [*g.all_tokens, *above] for c in t.children)
    return known and not another, another


def _names_the_act(subject, g, lex: Lexicon) -> bool:
    """Whether a definite subject names an act told before: the act's own noun ("the strike hit"), in
    the passive an act or the thing of one ("the truce was agreed"; not a person, "the driver was
    shot", who may be anyone's victim), or the weapon that does it ("the missile struck")."""
    if subject in g.all_tokens:
        return True
    found = noun_sense(subject, lex)
    if subject.dep_ == "nsubjpass":
        return found is not None and found.cls != "person"
    return getattr(found, "cls", None) == "weapon"


def attach(report: dict, events: list[dict]) -> bool:
    """Fold a casualty report into the act of violence it tells the toll of, if `events` (those of
    its sentence, or of the few before it, nearest first) hold one ("Militants stormed a
    checkpoint. Two soldiers were killed."; of several, the first of the report's mode if it says one
    ("the strike killed four": the air strike), else the first, the sentence's main act as a rule):
    its counts, date and mode when the act has none ("... Two soldiers were killed on Monday.", "... killed
    in the clashes"), its victims when the act names no actor as its target (a thing, a place, or
    none) and they are named or say their side where the target does not, and its sentence as a mention.
    Told one as alleged and the other as reported, they are still one ("soldiers allegedly attacked
    fishermen ... 12 people were reportedly killed in the clashes")."""
    acts = [e for e in events if e["type"] == "ASSAULT" and e is not report and (
        e["modality"] == report["modality"] or {e["modality"], report["modality"]} <= NEWS)]
    if not acts and not report["killed"]:  # the wounded of tear gas or water cannon ("Police fired tear gas at
        # the students. Six were injured."): the force's toll, no attack of its own
        acts = [e for e in events if (e["type"], e["mode"]) == CROWD_FORCE and {e["modality"], report["modality"]} <= NEWS]
    act = next((e for e in acts if report.get("mode") and e["mode"] == report["mode"]), acts[0] if acts else None)
    if act is None or (report["date"] and act["date"] and report["date"]["value"] != act["date"]["value"]):
        return False
    for key in ("killed", "injured", "date", "mode"):
        if act[key] is None:
            act[key] = report.get(key)
    if (report.get("place") or {}).get("basis") == "trigger" != (act["place"] or {}).get("basis"):
        act["place"] = report["place"]  # "In Zaporizhzhia, two people were killed when a drone hit a car park"
    if not act["target"]["actor"] and (report["target"]["actor"] or not act["target"]["text"] or side(
            act, "target") == "*" != side(report, "target")):  # (victims whose words say their side: "two soldiers")
        act["target"] = report["target"]  # "ambushed their convoy ... five policemen were killed": the policemen
    _mentioned(act, report)
    return True


def _same_act_any_means(kept: dict, ev: dict) -> bool:
    """Whether two tellings are one act (link.same_act), where one told with no means may be told
    with them ("the ambush" ... "the shootout")."""
    return same_act(kept, ev if kept["mode"] else dict(ev, mode=None))


def _fold(kept: dict, ev: dict, given: dict | None = None) -> None:
    """Fold a report into the event it tells again: what it says (`given`, else all of it) fills what
    the event leaves unsaid (link.fill), its mentions join the event's, and it points to the event
    (`_into`: an act told as following the report follows the one event)."""
    fill(kept, ev if given is None else given)
    _mentioned(kept, ev)
    ev["_into"] = kept


def _mentioned(kept: dict, other: dict) -> None:
    """Add another report's mentions to those of the event it is folded into."""
    known = {m["start"] for m in kept["mentions"]}
    kept["mentions"] = kept["mentions"] + [m for m in other["mentions"] if m["start"] not in known]


def retold(own: list[dict], events: list[dict], recent: list[dict]) -> list[dict]:
    """A sentence's events but those that tell again an act told before (`events`, the article's
    so far): an act told by a definite event noun is the nearest act before it that it can be
    (link.same_act). "Rebels clashed with troops near Beni. The fighting lasted until Tuesday" is
    one clash, lasting until Tuesday; "the strike" is the strike, not a shelling told after it.
    An act of violence told again in other words within a few sentences (`recent`, nearest first)
    is the nearest one before it too when the two share a day, a place or an actor and nothing
    tells them apart (`elaborates`), and one further back when they share two of those: news
    tells its main act and then its detail ("An air strike killed nine in a village on Monday. A
    jet dropped two bombs on the village on Monday"), and ACLED's unit is one act of one pair of
    sides, at one place, on one day. So is destruction no one is said to have wrought, told just
    after an attack ("Twelve houses were destroyed in the attack"): its damage, as a toll is its toll;
    and so is the interception of its weapons (`intercepts`: "air defences destroyed 30 drones").
    One event, with every mention and what the first leaves unsaid filled from the other (link.fill);
    folded as its sentence is read, so that a toll after it goes to the act it retells."""
    out: list[dict] = []
    for ev in own:
        given = ev  # what the act told again adds to the first telling
        intercepted = ev.pop("_intercepts", False)
        if ev.pop("_again", False):  # (an act told with no means yet may be told again with them: "the shootout")
            can = [e for e in reversed(events) if _same_act_any_means(e, ev)]
            # "Wednesday's strike", "the drone struck twice": the act of that day or by those means, not a
            # nearer one told with no date or means
            first = max(can, key=lambda e: (bool(e["date"] and ev["date"]), bool(ev["mode"]) and e["mode"] == ev["mode"]),
                        default=None)
        elif (ev["type"], ev["mode"]) in SPOILS and ev["modality"] in NEWS:  # (the attack's doers again, or no one)
            first = next((e for e in recent if e["type"] == "ASSAULT" and e["modality"] in NEWS and same_time(e, ev)
                          and (not ev["source"]["text"] or _same_doers(e, ev) or side(ev, "source") == "armed")), None)
            given = dict(ev, target=NOBODY, mode=None)  # (what was destroyed or taken is no target of the attack's)
        elif ev["modality"] == "historical" and (ev["date"] or {}).get("precision") in {"day", "month"} and \
                ev["type"] in ELABORATED:  # a dated news act recalled, by its doers, with a date that holds it
            first = next((e for e in reversed(events) if e["modality"] in NEWS and e["date"] and same_act(e, ev)
                          and _one_doer(e["source"], ev["source"])), None)  # ("on June 27" ... "last month")
        elif ev["modality"] == "denied" and ev["type"] in ELABORATED:  # "the RSF denied shelling the market":
            told = dict(ev, modality="asserted")  # the act told before, denied; its denier names no side of it
            first = next((e for e in recent if e["type"] == ev["type"] and elaborates(e, told)), None) or next(
                (e for e in reversed(events) if e["type"] == ev["type"] and elaborates(e, told, near=False)), None)
            given = dict(ev, source=NOBODY, target=NOBODY, mode=None, killed=None, injured=None, date=None,
                         place=None, content=None, attribution={"kind": "none"})
        elif intercepted and ev["modality"] in NEWS:  # (the defenders are no side of the attack's)
            given = dict(ev, source=NOBODY, target=NOBODY, mode=None)  # (the attack may be told in its sentence:
            first = next((e for e in [*reversed(out), *recent] if e["type"] == "ASSAULT" and e["modality"] in NEWS
                          and not told_apart(given, e)), None)  # "launched 11 missiles, and defences shot down 8")
        else:
            nearest = next((e for e in recent if e["type"] == ev["type"]), None)
            first = nearest if nearest is not None and elaborates(nearest, ev) else None
            if ev["mode"] and (first is None or first["mode"] != ev["mode"]):  # "the drone struck twice": the drone
                first = next((e for e in reversed(events) if e["type"] == ev["type"] and e["mode"] == ev["mode"]  # strike,
                              and elaborates(e, ev, near=e is nearest)), first)  # not killings told since
            if first is None:  # further back, the lead's act told again in the body
                first = next((e for e in reversed(events) if e["type"] == ev["type"] and elaborates(e, ev, near=False)), None)
        if first is None or not first["date"] and another_day(_scene(first, events), ev):
            out.append(ev)
            continue
        # (where a sentence that names the act again is, is its own news unless the act governs it:
        # "police arrested 12 in the capital whom they accused of planning the raid")
        _fold(first, ev, given if (ev["place"] or {}).get("basis") == "trigger" else dict(given, place=None))
    return out


def _scene(ev: dict, events: list[dict]) -> str | None:
    """The day of the news the article told before an event, in the sentences before its own (link.scene)."""
    k = next((i for i, e in enumerate(events) if e is ev), len(events))
    return scene(events[:k], ev["start"])


RELATIONS = {"SUPPORT", "COOPERATE"}  # types that, told in a participle on a noun, describe a side
ARREST = ("COERCE", "arrest")  # what the raids it is made in are part of
CROWD_FORCE = ("COERCE", "crowd-control")  # tear gas, water cannon, rubber bullets: force that wounds
SPOILS = {("COERCE", "destroy"), ("COERCE", "confiscate"), ("COERCE", "weapons")}  # what attackers burn and take
SEIZED = {("COERCE", "confiscate"), ("COERCE", "weapons")}  # what is taken in an arrest too
ELABORATED = {"ASSAULT"}  # types whose acts news tells again in other words, detail after the lead


def elaborates(first: dict, ev: dict, near: bool = True) -> bool:
    """Whether an act with no mark of another (retell.tsv) tells again, in other words, the act
    of its type told before it: both news, nothing tells them apart (link.same_act), and something
    ties them: a day, a place, an actor, two words of their target, or nothing of its own to set it
    apart (`_refers_back`). Just after it (`near`) one tie will do; further back the day alone will
    not, as a round-up tells many acts of one night ("US forces struck two Houthi radar sites on
    Thursday ... CENTCOM said its forces struck two radar sites near Hodeidah")."""
    if ev["type"] not in ELABORATED or ev.get("_another") or ev["modality"] not in NEWS or \
            first["modality"] not in NEWS or not _same_act_any_means(first, ev):
        return False  # (an act told with no means yet may be told with them: "stormed the base ... a car bomb at its gate")
    d, e = first["date"] or {}, ev["date"] or {}
    day = d.get("precision") == e.get("precision") == "day" and d.get("value") == e.get("value")
    p, q = first["place"] or {}, ev["place"] or {}
    # (a place taken from the sentence before is no evidence that two acts are one)
    place = bool(p.get("name")) and p.get("name") == q.get("name") and "context" not in (p.get("basis"), q.get("basis"))
    actor = any(first[r]["actor"] and ev[r]["actor"] and one_side(first[r]["actor"], ev[r]["actor"])
                for r in ("source", "target"))
    aimed = len(_words(first["target"]["text"]) & _words(ev["target"]["text"])) >= 2  # "two (Houthi) radar sites"
    others = place + actor + (aimed or _points_to(ev["target"], first["target"])) + _refers_back(ev)
    return others >= 1 or near and day


def _refers_back(ev: dict) -> bool:
    """Whether an act names its doer by a pronoun, or no doer and no named target, and tells no day or
    place of its own that could set it apart: a witness's '"They shot at everyone who ran," said a
    farmer', or 'bullets hit the windscreen', retells the attack. (With no doer but a named target it
    may as well be a noun recalling another act: "days after Soleimani's killing".)"""
    doer = (ev["source"]["text"] or "").lower()
    own_place = bool(ev["place"]) and (ev["place"].get("basis") or "trigger") == "trigger"
    return (doer in arguments.PRONOUN_NUMBER or not doer and not ev["target"]["actor"]) and not ev["date"] \
        and not own_place


def _points_to(arg: dict, earlier: dict) -> bool:
    """Whether an argument names again, definitely, what an earlier one named ("an army vehicle" ...
    "the vehicle"): "the" and the earlier one's head word."""
    words = (arg["text"] or "").lower().split()
    return len(words) >= 2 and words[0] == "the" and words[-1] in _words(earlier["text"])


def _words(text: str | None) -> set[str]:
    return {w for w in (text or "").lower().split() if w.isalpha()} - STOP_WORDS


WHOLE_ACTS = {"territory", "abduct", "sexual", "execute", "assassinate"}  # acts of their own even in a fight


def _a_third_side(ev: dict, clash: dict) -> bool:
    """Whether an act is done by neither of a clash's two named sides ("rebels attacked the base after
    clashes between the army and militias"): another act. Sides are named many ways ("officers" and
    "nine police officers"), so a third doer shares no word with either side and, where all three
    are resolved, is neither side's actor."""
    sides = [clash["source"], clash["target"]]
    doer = ev["source"]
    if not doer["text"] or not all(s["text"] for s in sides):
        return False
    words = set(doer["text"].lower().split()) - STOP_WORDS
    if any(words & set(s["text"].lower().split()) for s in sides):
        return False
    if side({"source": doer}, "source") == "state" and any(side({"source": s}, "source") == "state" for s in sides):
        return False  # "police" and "six officers": one state's forces (two armed groups or crowds may be two)
    return not (doer["actor"] and all(s["actor"] for s in sides)) or not any(
        one_side(doer["actor"], s["actor"]) for s in sides)


def parts_of_clash(own: list[dict]) -> list[dict]:
    """A sentence's events with the acts of force told in it beside a clash folded into the clash:
    stones thrown, shots and tear gas fired in "clashes near the town, where youths threw stones and
    police fired tear gas" are the clash's detail, one event as ACLED codes it. Not an act told as
    another, nor one that names another place or country than the clash."""
    clash = next((e for e in own if e["type"] == "ASSAULT" and e["mode"] == "clash" and e["modality"] in NEWS), None)
    if clash is None:
        return own
    out = []
    for ev in own:
        part = ev is not clash and not ev.get("_another") and ev["modality"] in NEWS and (
            ev["type"] == "ASSAULT" and ev["mode"] not in WHOLE_ACTS or (ev["type"], ev["mode"]) == ("COERCE", "crowd-control"))
        if part and not told_apart(ev, dict(clash, source=NOBODY, target=NOBODY)) and not _a_third_side(ev, clash):
            if clash["source"]["text"] and not clash["target"]["text"] and ev["source"]["text"] not in {
                    None, clash["source"]["text"]}:  # (with no side yet, the first doer is one: `fill`)
                clash["target"] = ev["source"]  # the other side: "rebels shelled the town and troops returned fire"
            _fold(clash, ev)
        else:
            out.append(ev)
    return out


def raid_of_arrest(own: list[dict]) -> list[dict]:
    """A sentence's events with a raid by state forces that kills or hurts no one folded into the arrests
    it is told with ("police raided the party's office and arrested six"): how the arrests were made, one
    act, as "detained 25 in overnight raids" is and as ACLED codes it (Arrests)."""
    arrest = next((e for e in own if (e["type"], e["mode"]) == ARREST and e["modality"] in NEWS
                   and side(e, "source") == "state"), None)
    out = []
    for ev in own:
        if ev.pop("_raid", False) and arrest is not None and ev["modality"] in NEWS and \
                not (ev["killed"] or ev["injured"]) and _same_doers(arrest, ev):
            _fold(arrest, ev, dict(ev, target=NOBODY, mode=None))  # (the place raided is not whom they arrested)
        else:
            out.append(ev)
    return out


def riot_of_protest(own: list[dict]) -> list[dict]:
    """A sentence's events with a clash told beside a protest, or the protesters' own violence,
    folded into the protest, which turns riot: "farmers clashed with police as they marched", "two
    nurses were hurt in clashes with guards during the protest", "traders demonstrated by hurling
    stones at buses" tell one violent demonstration, as ACLED codes a protest that turns to clashes
    or vandalism (also what was burnt or smashed by no one named beside the protesters named: "buses
    were burnt as protesters took to the streets"). Not a clash that names a crowd as a side (a riot
    already: `export`), nor one in which an organised armed group fights (a battle near a protest is its
    own act), nor one told as another act or at another place. So are the protesters' other acts of protest ("boycotted classes and marched
    to the office": ACLED's one demonstration)."""
    protest = next((e for e in own if e["type"] == "PROTEST" and e["modality"] in NEWS and not e.get("_another")), None)
    if protest is None:
        return own
    out = []
    for ev in own:
        if ev["modality"] not in NEWS or ev.get("_another") or told_apart(ev, dict(protest, source=NOBODY, target=NOBODY)):
            out.append(ev)
        elif (ev["type"], ev["mode"]) == ("ASSAULT", "clash") and \
                not {side(ev, "source"), side(ev, "target")} & {"armed", "crowd", "protest"}:
            protest["mode"] = "riot"
            _fold(protest, ev, dict(ev, source=NOBODY, target=NOBODY))  # (its sides are not the protest's roles)
        elif (ev["type"] == "ASSAULT" and _doers_of(ev, protest) or (ev["type"], ev["mode"]) == ("COERCE", "destroy")
              and (_doers_of(ev, protest) or not ev["source"]["text"] and protest["source"]["text"])) and \
                side(ev, "target") not in {"crowd", "protest"}:
            protest["mode"] = "riot"
            _fold(protest, ev, dict(ev, source=NOBODY))  # what they attacked is what the riot is against
        elif ev["type"] == "PROTEST" and ev is not protest and _same_doers(protest, ev) and \
                (ev["place"] or {}).get("name") in (None, (protest["place"] or {}).get("name")):
            _fold(protest, ev)  # the same people's other forms of protest there: "protested and blocked the road"
        else:
            out.append(ev)
    return out


def _doers_of(ev: dict, protest: dict) -> bool:
    """Whether an act is done by the protest's own people: its source is theirs, or a crowd's."""
    mine, theirs = ev["source"], protest["source"]
    return side(ev, "source") in {"crowd", "protest"} or bool(mine["text"]) and (
        mine["text"] == theirs["text"] or bool(mine["actor"]) and mine["actor"] == theirs["actor"])


def bare_mentions(own: list[dict]) -> list[dict]:
    """A sentence's events with an act that names no one and no toll folded into one of its type
    the sentence tells in full: "The attack, in which gunmen killed five soldiers, was the
    deadliest this year" tells one attack. Not one told as another ("another attack")."""
    out = []
    for ev in own:
        full = next((e for e in own if e is not ev and e["type"] == ev["type"] and e["modality"] in NEWS
                     and (e["source"]["text"] or e["target"]["text"])), None)
        if full is not None and ev["modality"] in NEWS and not ev.get("_another") and not (
                ev["source"]["text"] or ev["target"]["text"] or ev["killed"] or ev["injured"]):
            _fold(full, ev, dict(ev, date=None))  # (its own date is the sentence's, if any: "the deadliest this year")
        else:
            out.append(ev)
    return out


def damage_of_attack(own: list[dict]) -> list[dict]:
    """A sentence's events with the destruction its attack's doers wrought, the weapons they seized,
    and their withdrawal, folded into the attack: "militants stormed the town, looted shops and set
    fire to the police station", "rebels overran the outpost and seized 14 rifles", "gunmen raided
    the mine and withdrew into the hills" are one attack each, as ACLED codes them; so are the
    weapons and goods seized in an arrest ("troops detained three men and seized their rifles",
    "police arrested three men and confiscated their phones"). Not
    destruction or withdrawal by someone else, nor one told as another act ("and then withdrew"),
    nor an attack that is only meant, denied or recalled."""
    attack = next((e for e in own if e["type"] == "ASSAULT" and e["modality"] in NEWS), None) or next(
        (e for e in own if (e["type"], e["mode"]) == ("COERCE", "arrest") and e["modality"] in NEWS), None)
    if attack is None:
        return own
    out = []
    for ev in own:
        doer = ev["source"]
        same = _one_doer(attack["source"], doer) \
            or (not attack["source"]["text"] and side(ev, "source") == "armed")  # "28 were killed and the assailants
        # burned the market": an attack told by its toll, its doers named by what they did next
        kind = (ev["type"], ev["mode"])
        taken = kind in (SPOILS if attack["type"] == "ASSAULT" else SEIZED) and (same or not doer["text"])
        part = taken or attack["type"] == "ASSAULT" and kind == ("RETREAT", "withdraw") and same
        if part and ev["modality"] in NEWS and not ev.get("_another"):
            _fold(attack, ev, dict(ev, target=NOBODY, mode=None))  # (its own mode is no way of attacking)
        else:
            out.append(ev)
    return out


def one_attack(own: list[dict]) -> list[dict]:
    """A sentence's acts of violence with one told twice in it folded into the first: "rebels shelled
    the town, the shelling killing four". Both news, nothing tells them apart (link.same_act), the
    second by the first's doers or by no one named; by other means too when it names no target of its own
    ("opened fire on the checkpoint and threw grenades": one attack). Not a kidnapping, a seizure of ground or a
    killing of its own (`WHOLE_ACTS`), acts of their own in an attack as in a fight."""
    out: list[dict] = []
    for ev in own:
        first = None if ev["type"] != "ASSAULT" or ev["mode"] in WHOLE_ACTS or ev["modality"] not in NEWS else next(
            (e for e in out if e["type"] == "ASSAULT" and e["mode"] not in WHOLE_ACTS and e["modality"] in NEWS
             and (_same_act_any_means(e, ev) or not ev["target"]["text"] and same_act(e, dict(ev, mode=e["mode"])))
             and _same_doers(e, ev)), None)
        ground = next((e for e in out if _fight_for_ground(e, ev) or _fight_for_ground(ev, e)), None)
        if first is None and ground is not None:  # the fight is the taking's, whichever is told first
            if ground["mode"] == "territory":
                first = ground
            else:
                out[out.index(ground)] = ev
                first, ev = ev, ground
        if first is None:
            out.append(ev)
        else:
            _fold(first, ev)
    return out


def _fight_for_ground(taking: dict, fight: dict) -> bool:
    """Whether a fight told in the sentence of ground taken is the taking's ("seized the town after heavy
    fighting with the army", "following clashes, the rebels captured the town"): both news, by its doers
    or no one named."""
    return taking["type"] == fight["type"] == "ASSAULT" and taking["mode"] == "territory" and \
        fight["mode"] == "clash" and {taking["modality"], fight["modality"]} <= NEWS and \
        (not fight["source"]["text"] or _same_doers(taking, fight)) and same_time(taking, fight)


def _same_doers(first: dict, ev: dict) -> bool:
    """Whether a second telling of an act names no doers, or the first's (a pronoun, a word, a side)."""
    b = ev["source"]
    return not b["text"] or b["text"].lower() in PLURAL_PRONOUNS | SINGULAR_PRONOUNS or _one_doer(first["source"], b)


def _one_doer(a: dict, b: dict) -> bool:
    """Whether two named arguments name one side: one actor's, or a word in common."""
    return bool(a["actor"] and b["actor"] and one_side(a["actor"], b["actor"])) or bool(
        _words(a["text"]) & _words(b["text"]))


def force_on_things(own: list[dict]) -> list[dict]:
    """A sentence's events with the destruction of an armed side's things told as what it is, force
    against that side ("destroyed three rebel bases": an ASSAULT); not rioters setting police cars
    alight, a riot's damage. After `damage_of_attack`, which folds an attack's own damage into it."""
    for ev in own:
        if (ev["type"], ev["mode"]) == ("COERCE", "destroy") and side(ev, "target") in {"state", "armed"} \
                and side(ev, "source") not in {"crowd", "protest"}:
            ev["type"], ev["mode"] = "ASSAULT", None
    return own


def code_article(article: Any, lex: Lexicon | None = None, resolver: Any = None) -> list[dict[str, Any]]:
    """The events of one parsed article, in reading order; arguments resolved to actors with
    `resolver` (casus.actors.Resolver), or left unresolved without one."""
    lex = lex or load()
    doc = article.nlp
    if doc is None:
        return []
    ctx = None
    if resolver is not None:
        ctx = cache(lambda: actors.context(article, resolver))  # built once, and only if an argument needs it
    named = {i for e in article.entities or [] for i in range(e["start"], e["end"])}
    dates = when.anchors(doc, article.timexes or [])
    lead = opening(article, doc)
    events: list[dict[str, Any]] = []
    told: list[list[dict[str, Any]]] = []  # the events of each sentence so far
    for sent in doc.sents:
        before = told[-1] if told else []  # the events of the sentence before
        text = article.text[sent.start_char:sent.end_char].strip()  # (the parse is of the article's text)
        if not text or not candidate(text, lex) or boilerplate(text, lex) or in_caption(text, article.captions):
            told.append([])
            continue
        tokens = news_tokens(sent, article.text)
        groups = triggers(tokens, lex) if tokens else []
        found, victims = code_sentence(article, sent, groups, lex, dates, ctx, resolver, named, lead) if groups \
            else ([], [])
        reports = [found[i] for i in victims]
        own = [e for e in found if not any(e is r for r in reports)]
        # a toll tells of the act of its own sentence, else of the nearest of the few before it
        earlier = [e for evs in reversed(told[-TOLL_REACH:]) for e in evs]
        for r in reports:  # (one after another: "6 were killed and 40 injured" is one toll)
            mishap = r.pop("_accident")  # (an accident's toll that is no attack's is no event)
            if not (attach(r, own) or not r["_another"] and attach(r, earlier)) and not mishap:  # ("dead in
                own.append(r)  # the counter attack")
        toll = dead(sent, lex) if not any(e["killed"] for e in found) else None
        if toll is not None:  # "23 dead, 12 wounded when herdsmen clashed", "The suspects were shot dead."
            mention = _sentence_mention(article, sent)
            report = {"type": "ASSAULT", "modality": "asserted", "date": None, "killed": toll[0], "injured": None,
                      "target": argument(article, toll[1], ctx, resolver, floor=lead.end),
                      "start": mention["start"], "mentions": [mention]}
            attach(report, own if any(e["type"] == "ASSAULT" for e in own) else before)
        own.sort(key=lambda e: next(i for i, f in enumerate(found) if f is e))
        for ev in own:
            for role in ("source", "target"):
                ev[role] = antecedent(ev[role], before)
        said = list(own)
        recent = [e for evs in reversed(told[-TOLL_REACH:]) for e in reversed(evs)]
        own = parts_of_clash(own)
        own = retold(force_on_things(one_attack(damage_of_attack(bare_mentions(riot_of_protest(raid_of_arrest(own)))))),
                     events, recent)
        if not any(sent.start_char <= p["start"] < sent.end_char for p in article.places or []):
            _same_scene(own, before, lex)
        for ev in own:
            if ev.pop("_there", False) and ev["place"] is None:
                ev["place"] = _main_scene(events, lead, lex)
        updated_toll(article, sent, own, events, lex)
        judged_doers(said, events)
        events += own
        # what the sentence told, as the events its reports are now: an act told again is still the act
        # the next sentence's "they" or toll may be about
        told.append(list({id(k): k for k in map(_kept, said)}.values()))
    return recalled_with(killed_once(headline_told(events, article), article, resolver))


TITLE_REACH = 400  # characters into an article its headline may be found at (after a breadcrumb or kicker)


def title_span(article: Any) -> re.Match | None:
    """Where the article's headline is printed at the top of its text, if it is."""
    words = (article.title or "").split()
    return re.compile(r"\s+".join(map(re.escape, words))).search(article.text, 0, TITLE_REACH + len(article.title)) \
        if words else None


def headline_told(events: list[dict], article: Any) -> list[dict]:
    """The article's events with each act a headline tells folded into the first telling of it in
    the text below: a headline tells the news the lead then tells ("Five killed as factions clash in
    Jindires" ... "Four fighters and a civilian were killed in clashes in Jindires"), one event
    with both mentions. The headlines are the article's own, printed at its top, and the lines of
    its own a subhead or a live blog's entry title is (`_headline`), each over the text down to the
    next. The first act below of the headline act's type that nothing tells apart from it
    (link.same_act; a headline that names no means may be told with them), each taken once; not an
    act recalled or only meant."""
    found = title_span(article)
    subheads = sorted({e["start"]: e["end"] for e in events if _headline(article.text, e["start"], e["end"])
                       and (found is None or e["start"] >= found.end())}.items())
    # (the article's own headline, and what is printed above it, heads all of its text; a subhead, the
    # text down to the next one)
    spans = [(0, found.end(), len(article.text))] if found is not None else []
    spans += [(start, end, subheads[k + 1][0] if k + 1 < len(subheads) else len(article.text))
              for k, (start, end) in enumerate(subheads)]
    taken: set[int] = set()
    folded: set[int] = set()
    for start, end, stop in spans:
        for h in (e for e in events if start <= e["start"] < end and e["modality"] in NEWS and id(e) not in taken):
            body = next((e for e in events if end <= e["start"] < stop and id(e) not in taken and id(e) not in folded
                         and e["modality"] in NEWS and _same_act_any_means(e, h)), None)
            if body is not None:
                taken.add(id(body))
                folded.add(id(h))
                _fold(body, h)
                body["mentions"].sort(key=lambda m: m["start"])  # (the headline's first)
    return [e for e in events if id(e) not in folded]


def _kept(ev: dict) -> dict:
    """The event a report was folded into, or the report itself."""
    while "_into" in ev:
        ev = ev["_into"]
    return ev


def _of_a_span(toll) -> bool:
    """Whether a toll is told as that of a long conflict or a period, an aggregate ("the toll of the
    war", "this year's toll", "the toll since October"): its modifiers and the sentence's words say so
    (background.tsv campaign, period and span words)."""
    near = [o.lemma_.lower() for c in toll.children for o in ([c] if c.dep_ != "prep" else c.children)]
    return any(_kinds(w) & {"campaign", "period"} for w in near) or any(
        "span" in _kinds(t.lower_, t.lemma_.lower()) for t in toll.sent)


def updated_toll(article: Any, sent, own: list[dict], events: list[dict], lex: Lexicon) -> None:
    """A later, higher toll a sentence gives ("the death toll rose to 41") for the attack it tells,
    else for the nearest one told before: the figure it now stands at, and the sentence as a mention."""
    update = toll_update(sent, lex, _of_a_span)
    if update is None:
        return
    field, n = update
    acts = [e for e in own if e["type"] == "ASSAULT" and e["modality"] in NEWS] or \
        [e for e in reversed(events) if e["type"] == "ASSAULT" and e["modality"] in NEWS]
    if acts and (acts[0][field] or 0) < n:
        acts[0][field] = n
        _mentioned(acts[0], {"mentions": [_sentence_mention(article, sent)]})


def _sentence_mention(article: Any, sent) -> dict:
    """A mention of a whole sentence of the article, as its text has it."""
    said = article.text[sent.start_char:sent.end_char].rstrip()
    return {"sentence": said, "start": sent.start_char, "end": sent.start_char + len(said)}


def recalled_with(events: list[dict]) -> list[dict]:
    """An undated act told as following closely on one the article recalls ("days after Soleimani's
    killing, Iran launched a volley of missiles") is recalled with it: historical."""
    for ev in events:
        anchor = ev.pop("_after", None)
        anchor = _kept(anchor) if anchor is not None else None
        if anchor is not None and anchor["modality"] == "historical" and ev["modality"] == "asserted" \
                and not ev["date"]:
            ev["modality"] = "historical"
    for ev in events:
        ev.pop("_into", None)
    return events


def killed_once(events: list[dict], article: Any, resolver: Any = None) -> list[dict]:
    """A person is killed once: the article's reports of a killing of one person (a resolved person
    actor as the target of an act that kills) are one event, its first report with the others'
    mentions and what the first leaves unsaid ("the death of General X in a drone strike" ... "X's
    killing" ... "the US killed X ... in the January 3, 2020, strike"). Dated by a later report as
    background, it is historical."""
    first: dict[str, dict] = {}
    out = []
    for ev in events:
        victim, kills = ev["target"]["actor"], ev.pop("_kills", False)
        person = resolver is not None and victim is not None and \
            getattr(resolver.kb.get(victim), "type", None) == "person"
        if not (person and ev["type"] == "ASSAULT" and kills and ev["modality"] in FACTUAL):
            out.append(ev)
            continue
        if victim not in first:
            first[victim] = ev
            out.append(ev)
            continue
        kept = first[victim]
        ev["_into"] = kept  # (an act told as following this report follows the one event)
        for key in ("source", "date", "place", "mode"):
            if not (kept[key]["text"] if key == "source" else kept[key]):
                kept[key] = ev[key]
        _mentioned(kept, ev)
        if "historical" in (kept["modality"], ev["modality"]) or historical(kept["date"], article.date):
            kept["modality"] = "historical"
    return out


class Events:
    """The events stage's per-article part: `article.events` for every article of a batch. It
    reads the parse of the sentences that may hold an event (by the lexicons' words)."""

    name = stage = "events"
    parallel = True

    def __init__(self, res: Any) -> None:
        self.res = res  # shared models: `res.resolver`

    def needs_parse(self, sent: Any, text: str) -> bool:
        return candidate(text)

    def __call__(self, docs: list) -> None:
        lex, resolver = load(), self.res.resolver
        for d in docs:
            for a in d.articles:
                a.events = code_article(a, lex, resolver)
