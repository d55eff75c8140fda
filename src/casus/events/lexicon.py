"""The event lexicons (src/casus/data/events/*.tsv), loaded once per process.

Everything a coder decides by word lives in those files: predicates and event nouns with
their PLOVER type, mode and contexts, verb+object combinations, modality and attribution
cues, casualty predicates, boilerplate patterns and export mappings. This module parses
them into lookup tables and reads a parsed word's sense off them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files


def rows(name: str) -> list[dict[str, str]]:
    """The rows of one TSV data file as dicts; '#' lines are comments, the first row the header."""
    text = (files("casus") / "data" / "events" / name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    header = lines[0].split("\t")
    out = []
    for ln in lines[1:]:
        cells = ln.split("\t")
        out.append({h: (cells[i].strip() if i < len(cells) else "") for i, h in enumerate(header)})
    return out


def grouped(name: str, key: str, value: str) -> dict[str, frozenset[str]]:
    """One column of a TSV data file grouped by another: key -> its values."""
    out: dict[str, set[str]] = {}
    for r in rows(name):
        out.setdefault(r[key], set()).add(r[value])
    return {k: frozenset(v) for k, v in out.items()}


def _alts(cell: str) -> list[str]:
    return [x.strip().lower() for x in cell.split("|") if x.strip()]


def _list(cell: str, sep: str = ",") -> list[str]:
    return [x.strip() for x in cell.split(sep) if x.strip()]


@dataclass(frozen=True)
class Entry:
    """One predicate or event noun sense."""

    lemma: str
    type: str  # PLOVER type, or "-" (not an event by itself)
    mode: str | None
    contexts: tuple[str, ...]
    target: tuple[str, ...]  # roles tried for the target
    with_: frozenset[str] = frozenset()  # a dependent lemma that must be present
    own: frozenset[str] = frozenset()  # those of `with_` that are the idiom's own words, no event ("!call")
    needs: str = ""  # "obj", "dobj": an object (see NEEDS); "people": `done_by_people`; "fighters", "weapons": DOERS;
    # "threat": `warns_of_own`
    cls: str = ""  # noun class, for combos


PLATFORMS = {"aerial", "drone"}  # modes of what delivers munitions from the air
MUNITIONS = {"explosives", "heavy-weapons"}  # modes of what is delivered (bombs, rockets, missiles)
NEEDS = {"obj": {"dobj", "xcomp", "ccomp", "prep"}, "dobj": {"dobj", "nsubjpass"}}  # verbs.tsv `needs`
AIMED = {"dobj", "dative", "nsubjpass", "agent"}  # dependents that say what an act is aimed at, or by whom
AIMING_PREPS = {"on", "at", "against", "into"}  # "struck at", "fired on"


DEFINITE = {"the", "this", "that", "these", "those"}
MODIFIERS = {"compound", "amod", "nummod", "nmod"}


def _neighbours(tok) -> set[str]:
    """Lemmas next to a word: its dependents, objects of its prepositions, the noun it is 'of'; marked
    "#", its modifiers before it ("#hour": "a 24-hour strike"); "+to", a to-clause it governs
    ("battling to survive"), and marked "=", the verb of one in the passive ("=name": "asked not to be
    named") or the subject of a passive that-clause ("asked that his name not be used"); marked "^",
    the verb a singular noun without noun modifier is the object of ("^announce": "announced a strike";
    not "started air strikes"); and, marked "~", the preposition a singular noun is the object of when
    nothing makes it definite ("~on": "on strike", "on a 48-hour strike"; not "briefed on the strike",
    "strikes on")."""
    out = set()
    for c in tok.children:
        if c.dep_ == "prep" and _of_time(c):
            continue  # "called a strike on Monday": a preposition of a date is no idiom's ("called on them")
        out.add(c.lemma_.lower())
        if c.dep_ == "prep":
            out |= {g.lemma_.lower() for g in c.children if g.dep_ == "pobj"}
        elif c.dep_ in MODIFIERS and c.i < tok.i:
            out.add("#" + c.lemma_.lower())
        elif c.dep_ == "xcomp" and any(g.dep_ == "aux" and g.lower_ == "to" for g in c.children):
            out.add("+to")
            if any(g.dep_ == "auxpass" for g in c.children):
                out.add("=" + c.lemma_.lower())
        elif c.dep_ == "ccomp" and any(g.dep_ == "auxpass" for g in c.children):
            out |= {"=" + g.lemma_.lower() for g in c.children if g.dep_ == "nsubjpass"}
    if tok.dep_ in {"dobj", "nsubjpass"} and tok.tag_ == "NN" and not any(c.dep_ == "compound" for c in tok.children) \
            and not any(c.dep_ == "oprd" for c in tok.head.children):  # ("called the strike a massacre" names it)
        out.add("^" + tok.head.lemma_.lower())
    if tok.dep_ == "pobj":
        if tok.head.lower_ == "of":
            out.add(tok.head.head.lemma_.lower())
        if tok.tag_ == "NN" and not any(c.dep_ == "poss" or c.lower_ in DEFINITE for c in tok.children):
            out.add("~" + tok.head.lower_)
    return out


def _of_time(prep) -> bool:
    """Whether a preposition heads only dates or times ("on Monday", "in March", "for two days")."""
    objs = [g for g in prep.children if g.dep_ == "pobj"]
    return bool(objs) and all(g.ent_type_ in {"DATE", "TIME"} for g in objs)


EPISTEMIC = {"could", "may", "might"}  # modals of what may happen, not of what one will do


def warns_of_own(tok) -> bool:
    """Whether a warning is a threat: aimed at someone ("warned Iran", "warned residents to leave",
    "warned against"), or of what the warner will do ("warned it would respond"); not a forecast of
    what others' acts or events may bring ("warned that the fighting could trigger a famine")."""
    if not any(c.dep_ in NEEDS["obj"] for c in tok.children):
        return False
    clauses = [c for c in tok.children if c.dep_ == "ccomp"]
    if not clauses or any(c.dep_ in {"dobj", "dative", "xcomp", "prep"} for c in tok.children):
        return True
    return not all(any(a.dep_ == "aux" and a.lower_ in EPISTEMIC for a in c.children) and any(
        s.dep_ in {"nsubj", "nsubjpass"} and s.pos_ != "PRON" for s in c.children) for c in clauses)


def sense(entries: list[Entry], tok) -> Entry | None:
    """The first sense whose required dependent (`with`) and object (`needs`) a parsed word has."""
    near = None
    for e in entries:
        if e.with_:
            near = near if near is not None else _neighbours(tok)
            if not (e.with_ & near):
                continue
        if e.needs == "people":
            if not done_by_people(tok):
                continue
        elif e.needs in DOERS:
            if not done_by(tok, DOERS[e.needs]()):
                continue
        elif e.needs == "threat":
            if not warns_of_own(tok):
                continue
        elif e.needs and not any(c.dep_ in NEEDS[e.needs] for c in tok.children):
            continue
        return e
    return None


@lru_cache(maxsize=1)
def side_words() -> dict[str, str]:
    """Words that say who a side is when its text names it: word -> "state" | "armed" | "protest" | "crowd"."""
    return {r["word"]: r["kind"] for r in rows("sides.tsv")}


@lru_cache(maxsize=1)
def fighting_words() -> frozenset[str]:
    """Words naming an armed side (sides.tsv "state" and "armed") or what an attack is done with or
    from (modes.tsv cues of ASSAULT: "rockets", "jets")."""
    sides = {w for w, kind in side_words().items() if kind in ("state", "armed")}
    return frozenset(sides | {w for r in rows("modes.tsv") if r["type"] == "ASSAULT" for w in _alts(r["word"])})


@lru_cache(maxsize=1)
def remote_weapons() -> frozenset[str]:
    """Words for what strikes from afar: modes.tsv cues of the ASSAULT modes that export.tsv gives
    ACLED's Explosions/Remote violence ("drones", "a missile", "shelling")."""
    return _assault_words({r["mode"] for r in rows("export.tsv")
                           if r["type"] == "ASSAULT" and r["acled_event_type"] == "Explosions/Remote violence"})


def _assault_words(modes: set[str]) -> frozenset[str]:
    """The modes.tsv cue words of these ASSAULT modes."""
    return frozenset(w for r in rows("modes.tsv") if r["type"] == "ASSAULT" and r["mode"] in modes for w in _alts(r["word"]))


def done_by(tok, words: frozenset[str]) -> bool:
    """Whether the doers of a verb are named by one of `words` ("a roadside bomb targeted a convoy",
    "gunmen targeted a checkpoint", "a checkpoint was targeted by drones"): its subject, the agent
    of its passive, or what it is done with ("they targeted a destroyer with missiles"), holds one."""
    doers = [c for c in tok.children if c.dep_ == "nsubj"] + [
        p for c in tok.children if c.dep_ == "agent" or c.dep_ == "prep" and c.lower_ == "with"
        for p in c.children if p.dep_ == "pobj"]
    if not doers and tok.dep_ in CONTROLLED and tok.head is not tok:  # "jets continued to target the
        return done_by(tok.head, words)  # depot", "gunmen stormed the post and targeted its guards"
    return any(w.lower_ in words or w.lemma_.lower() in words for d in doers for w in d.subtree)


CONTROLLED = {"xcomp", "conj", "advcl"}  # how a verb with no subject of its own shares its head's


@lru_cache(maxsize=1)
def munitions() -> frozenset[str]:
    """Words for what is fired or dropped, not what fires it: modes.tsv cues of the munition modes
    ("a rocket", "shells", "a bomb"; not "a plane")."""
    return _assault_words(MUNITIONS)


# verbs.tsv `needs` met by who does the act (`done_by`): an armed side or a weapon; a weapon that strikes
# from afar; a munition
DOERS = {"fighters": fighting_words, "weapons": remote_weapons, "munitions": munitions}


def done_by_people(tok) -> bool:
    """An act aimed at nothing whose doers are people named by a plural common noun that is no
    armed side, weapon or aircraft: "teachers struck for a third day" is a walkout, "jets struck
    overnight" and "rebels struck at dawn" are attacks. The doers are the verb's subject, or for a
    to-clause the one asked or who wants to ("called on its members to strike", "voted to strike")."""
    if any(c.dep_ in AIMED or c.dep_ == "prep" and c.lower_ in AIMING_PREPS and any(
            g.dep_ == "pobj" and g.ent_type_ not in ("DATE", "TIME") for g in c.children) for c in tok.children):
        return False  # ("struck on Tuesday" aims at no one)
    doers = [c for c in tok.children if c.dep_ == "nsubj"]
    if not doers and tok.dep_ == "xcomp":
        head = tok.head
        asked = [g for c in head.children if c.dep_ == "prep" and c.lower_ == "on" for g in c.children if g.dep_ == "pobj"]
        doers = asked or [c for c in head.children if c.dep_ == "dobj"] or [c for c in head.children if c.dep_ == "nsubj"]
    if not doers or doers[0].tag_ != "NNS" or doers[0].ent_type_:
        return False
    fighting = fighting_words()
    return not any(w.lower_ in fighting for w in doers[0].subtree)


@lru_cache(maxsize=1)
def irregular_lemmas() -> dict[str, str]:
    """Irregular form -> lemma (irregular.tsv): "retook" -> "retake"."""
    return {f: r["lemma"] for r in rows("irregular.tsv") for f in r["forms"].split()}


def verb_lemmas(tok) -> list[str]:
    """The lemma, and the surface form's plain stem when the tagger's lemma is off ("staged" -> "stag";
    an irregular form the tagger took for a present, "retook" -> "retake")."""
    low = tok.lower_
    out = [tok.lemma_.lower(), low]
    if low in irregular_lemmas():
        out.insert(1, irregular_lemmas()[low])
    for suffix, repl in (("ied", "y"), ("ies", "y"), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", ""), ("es", ""),
                         ("s", ""), ("d", "")):
        if low.endswith(suffix) and len(low) > len(suffix) + 2:
            out.append(low[: -len(suffix)] + repl)
    return out


def noun_sense(tok, lex: "Lexicon", names: bool = False) -> Entry | None:
    """The sense of an event noun, unless the word is a name (a proper noun inside an entity)
    and names are not wanted (a verb's object may be one: "blocked the Europe Bridge")."""
    if tok.pos_ not in {"NOUN", "PROPN"} or (tok.pos_ == "PROPN" and tok.ent_type_ and not names and not tok.is_lower):
        return None  # (a lower-case word is no name, whatever the tagger says: "staged a sit-in")
    entries = lex.nouns.get(tok.lemma_.lower()) or lex.nouns.get(tok.lower_)
    if not entries and tok.pos_ == "PROPN" and tok.lower_.endswith("s"):  # "Rockets struck...": a plural
        entries = lex.nouns.get(tok.lower_[:-1])                           # the tagger took for a name
    return sense(entries, tok) if entries else None


@dataclass(frozen=True)
class Combo:
    verbs: frozenset[str]
    particles: dict  # verb -> required particle (e.g. "call off")
    classes: frozenset[str]
    type: str  # "*" = the noun's type
    mode: str | None  # "*" = the noun's mode
    contexts: tuple[str, ...]
    target: str = ""  # "noun": the object noun is the target


@dataclass(frozen=True)
class Cue:
    clause: str | None
    object: str | None
    own: str | None
    kind: str
    agent: bool


@dataclass
class Lexicon:
    types: dict[str, dict[str, str]]
    verbs: dict[str, list[Entry]]
    nouns: dict[str, list[Entry]]
    combos: dict[str, list[Combo]]  # by verb lemma
    cues: dict[tuple[str, str], Cue]  # (lemma, pos) -> cue; pos VERB NOUN ADJ AUX ADV NEG MARK DET
    derive: list[dict[str, str]]
    modes: list[tuple[frozenset[str], str, str]]
    contexts: dict[str, str]
    attribution: dict[str, str]
    counts: dict[tuple[str, str], tuple[str, tuple[str, ...]]]
    skip: list[tuple[re.Pattern, str]]
    forms: frozenset[str]  # surface forms of words that are events by themselves, for the pre-filter
    pairs: list[tuple[frozenset[str], frozenset[str]]]  # forms that make an event only together
    # ("imposed" + "curfew"; "said" + "must"; "toll" + "rose")
    export: dict[tuple[str, str, str, str], dict[str, str]]  # (type, mode, source, target) -> ACLED, CAMEO

    def cue(self, lemma: str, pos: str) -> Cue | None:
        return self.cues.get((lemma, pos))

    def verbal(self, type_: str) -> bool:
        return self.types.get(type_, {}).get("verbal") == "yes"

    def count_row(self, tok, pos: str = "VERB") -> tuple[str, tuple[str, ...]] | None:
        """The casualty row (counts.tsv) of a word as `pos`: a verb with its particle or object when a
        row names the pair ("gunned down" kills, where "gunned" alone only shoots; "lost their lives"),
        else its lemma."""
        lemma = tok.lemma_.lower()
        if pos == "VERB":
            for c in tok.children:
                if c.dep_ in {"prt", "dobj"} and (row := self.counts.get((f"{lemma} {c.lemma_.lower()}", pos))):
                    return row
        return self.counts.get((lemma, pos))


def _entries(name: str) -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {}
    for r in rows(name):
        for lemma in _alts(r["lemma"]):
            words = _alts(r["with"])
            e = Entry(lemma=lemma, type=r["type"], mode=r["mode"] or None,
                      contexts=tuple(_list(r["contexts"])), target=tuple(_list(r["target"])),
                      with_=frozenset(w.lstrip("!") for w in words),
                      own=frozenset(w[1:] for w in words if w.startswith("!")), needs=r.get("needs", ""),
                      cls=r.get("class", ""))
            out.setdefault(lemma, []).append(e)
    for lemma in out:  # senses that require a dependent are tried first
        out[lemma].sort(key=lambda e: not e.with_)
    return out


def inflections(lemma: str) -> set[str]:
    """Regular English inflections, generous: the pre-filter may over-match, never under-match."""
    w = lemma
    forms = {w, w + "s", w + "es", w + "ed", w + "d", w + "ing", w + "er", w + "ers"}
    if w.endswith("e"):
        forms |= {w[:-1] + "ing"}
    if w.endswith("y"):
        forms |= {w[:-1] + "ies", w[:-1] + "ied"}
    if len(w) > 2 and w[-1] not in "aeiouwy" and w[-2] in "aeiou":
        forms |= {w + w[-1] + "ed", w + w[-1] + "ing"}
    return forms


@lru_cache(maxsize=1)
def load() -> Lexicon:
    types = {r["type"]: r for r in rows("types.tsv")}
    verbs = _entries("verbs.tsv")
    nouns = _entries("nouns.tsv")
    combos: dict[str, list[Combo]] = {}
    for r in rows("combos.tsv"):
        vs, parts = set(), {}
        for v in _alts(r["verbs"]):
            base, _, prt = v.partition(" ")
            vs.add(base)
            if prt:
                parts[base] = prt
        c = Combo(frozenset(vs), parts, frozenset(_alts(r["class"])), r["type"],
                  r["mode"] or None, tuple(_list(r["contexts"])), r.get("target", ""))
        for v in vs:
            combos.setdefault(v, []).append(c)
    cues = {}
    for r in rows("modality.tsv"):
        for lemma in _alts(r["lemma"]):
            val = lambda k: None if r[k] in ("", "-") else r[k]  # noqa: E731
            cues[(lemma, r["pos"])] = Cue(val("clause"), val("object"), val("own"), r["kind"], r["agent"] == "yes")
    modes = [(frozenset(_alts(r["word"])), r["type"], r["mode"]) for r in rows("modes.tsv")]
    contexts = {w: r["context"] for r in rows("contexts.tsv") for w in _alts(r["word"])}
    attribution = {w: r["kind"] for r in rows("attribution.tsv") for w in _alts(r["word"])}
    counts = {(lemma, r["pos"]): (r["field"], tuple(_list(r["roles"])))
              for r in rows("counts.tsv") for lemma in _alts(r["lemma"])}
    skip = [(re.compile(r["pattern"], re.IGNORECASE), r["reason"]) for r in rows("skip.tsv")]
    irregular = {r["lemma"]: set(r["forms"].split()) for r in rows("irregular.tsv")}

    def surface(lemmas) -> frozenset[str]:
        return frozenset(f for lemma in lemmas for f in inflections(lemma) | irregular.get(lemma, set()))

    eventive = [w for table in (verbs, nouns) for w, es in table.items() if any(e.type != "-" for e in es)]
    # a toll told with "dead", with a verb that is no act ("two farmers died", "lost their lives": both words),
    # or with a counted noun ("three deaths")
    eventive += [lemma for (lemma, pos), (_, roles) in counts.items() if (pos in {"ADJ", "NOUN"} or "nsubj" in roles)
                 and " " not in lemma]
    told = [lemma.split() for (lemma, pos), (_, roles) in counts.items() if " " in lemma and "nsubj" in roles]
    classed = [w for w, es in nouns.items() if all(e.type == "-" for e in es)]
    speech = [lemma for (lemma, pos), c in cues.items() if pos == "VERB" and c.kind == "speech"]
    must = [lemma for (lemma, pos), c in cues.items() if pos == "AUX" and c.kind == "must"]
    tolls = [lemma for (lemma, pos) in counts if pos == "TOLL"]
    updates = [lemma for (lemma, pos) in counts if pos == "UPDATE"]
    pairs = [(surface(combos), surface(classed)), (surface(speech), frozenset(must)), (surface(tolls), surface(updates)),
             *((surface([verb]), surface([obj])) for verb, obj in told)]  # ("lost their lives")
    export = {(r["type"], r["mode"], r["source"], r["target"]): r for r in rows("export.tsv")}
    return Lexicon(types, verbs, nouns, combos, cues, rows("derive.tsv"), modes, contexts, attribution,
                   counts, skip, surface(eventive), pairs, export)


def definite(noun) -> bool:
    """Whether an event noun names an act as one known: "the attack", "these clashes", "Friday's
    raid" (not by whose it is: "their defence ties" may be new ones)."""
    return any(c.dep_ == "det" and c.lower_ in DEFINITE or c.dep_ == "poss" and c.ent_type_ in ("DATE", "TIME")
               for c in noun.children)
