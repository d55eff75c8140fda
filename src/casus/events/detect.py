"""Trigger finding: which words of a sentence are events, and of which PLOVER type and mode.

Detection runs in two steps so the parse can be spent only where it pays: `candidate`
looks at a sentence's raw text for any surface form of a lexicon word (no parse needed),
and `triggers` reads the dependency parse of a candidate sentence. A verb is an event
by itself (verbs.tsv), with an object of some class (combos.tsv: "imposed a curfew",
"held talks"), or not at all; a noun is an event unless it only modifies another noun.
Triggers of one real event within a sentence ("the US killed Soleimani ... in the
strike") are grouped, so a sentence yields one event per act, and several acts when it
holds several.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from casus import actors
from casus.events.arguments import an_act, antecedent, nsubjects, passive
from casus.events.counts import another_time
from casus.events.lexicon import Combo, Entry, Lexicon, load, noun_sense, sense, side_words, verb_lemmas

WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
QUOTED = re.compile(r"[\"“][^\"”]*[\"”]")
FINITE = {"VBD", "VBZ", "VBP", "MD"}
SMALL_WORDS = {"a", "an", "the", "of", "in", "on", "to", "and", "for", "at", "by", "with", "from", "as", "or"}
# Prepositions through which a verb still acts on a noun ("withdrew from the deal", "went on
# strike"), unlike those naming a target or a circumstance ("fired at the drones").
OBJECT_PREPS = {"from", "of", "out", "off", "on", "in", "into", "with", "over", "upon", "under"}
VERBAL_DEPS = {"aux", "auxpass", "neg"}  # what only a verb has ("not authorised to talk to the media")
SPEAKING = {"speak", "comment"}  # verbs of speaking: the purpose of one in a formula is what is said
JUDGED_FOR = {"for", "over"}  # what one "came under fire" for: a judgement of it
# prepositions that name where an act is done, or the state something is in ("remained under army control"),
# more often than what it acts on: their objects count only for a row that names them ("came under attack")
WHERE_PREPS = {"in", "under"}
# Prepositions that join two words for one act ("killed ... in the strike", "hit by the strike", "injured
# due to the explosion"), unlike "retaliate for the killing" or "the attacks, including a rocket barrage".
SAME_ACT_PREPS = {"in", "during", "by", "with", "through", "via", "at", "on", "due", "owing", "because"}
CIRCUMSTANCE_PREPS = {"after", "following", "amid"}  # see `_fought_for`
VIOLENT = {"ASSAULT", ("COERCE", "destroy")}  # acts that stay what they are when done in protest
# Dependencies along which two same-type triggers are one act ("killed ... in the strike",
# "the barrage in which two were wounded", "shelled Juba, killing 20").
MERGE_DEPS = {"prep", "pobj", "agent", "nsubj", "nsubjpass", "relcl", "acl", "advcl", "npadvmod", "pcomp", "xcomp",
              "conj", "appos", "dobj"}


@dataclass(eq=False)
class Trigger:
    """One event word (or verb + event noun) found in a sentence."""

    head: object  # spaCy Token the arguments and modality hang on (the verb of a combo)
    tokens: list  # the trigger's words (verb and event noun of a combo)
    type: str
    mode: str | None
    contexts: set[str]
    target: tuple[str, ...]  # target roles
    noun: object = None  # the event noun of a combo, whose own phrase also holds arguments
    noun_target: bool = False  # the combo's noun is the target ("withdrew from the deal")
    undergone: bool = False  # the combo's subject is the target ("the convoy came under attack from militants")
    verb: bool = True  # the head is read as a verb (False for an event noun, also one mistagged as a verb)
    members: list = field(default_factory=list)  # other triggers grouped into this one

    @property
    def all_tokens(self) -> list:
        out = list(self.tokens)
        for m in self.members:
            out += m.tokens
        return out


def candidate(text: str, lex: Lexicon | None = None) -> bool:
    """Whether a sentence's raw text may hold an event (cheap, no parse): a form of a word that is
    an event by itself, or of two that make one together ("imposed ... curfew")."""
    lex = lex or load()
    words = set(WORD.findall(text.lower()))
    words |= {part for w in words if "-" in w for part in w.split("-")}  # "sit-in", and "counter" of "counter-attack"
    return bool(words & lex.forms) or any(words & a and words & b for a, b in lex.pairs)


def boilerplate(text: str, lex: Lexicon | None = None) -> str | None:
    """Why a sentence is not news text (a promo, a caption credit, an address to the reader), else None."""
    lex = lex or load()
    unquoted = QUOTED.sub(" ", text)
    for pattern, reason in lex.skip:
        if pattern.search(unquoted.strip()):
            return reason
    return None


def _headline_present(tok) -> bool:
    """A headline's present tense the tagger took for a noun after its plural subject ("Thousands march
    in Hong Kong", "Nurses strike over pay"): a singular noun heading the line right after a plural noun
    or a number that hangs on it."""
    before = tok.doc[tok.i - 1] if tok.i > tok.sent.start else None
    return tok.dep_ == "ROOT" and tok.tag_ == "NN" and before is not None and before.head == tok and \
        before.dep_ in {"nummod", "compound", "nsubj"} and before.tag_ in {"NNS", "NNPS", "CD"}


def _bare_participle(tok) -> bool:
    """A headline's passive without its auxiliary ("Opposition leader arrested in dawn raid", "Woman
    abducted by gunmen in Kaduna"): a participle right after the noun heading the line, or one on it
    with a "by" phrase (which makes it one however the tagger took it)."""
    return tok.dep_ == "acl" and tok.head.dep_ == "ROOT" and tok.head.i < tok.i \
        and (any(c.dep_ == "agent" for c in tok.children) or tok.tag_ == "VBN" and tok.i == tok.head.i + 1)


def heading(tokens, text: str) -> bool:
    """A line (its tokens and its text) that is a title or subhead rather than a sentence: in capitals,
    or without closing punctuation and either without a finite verb or in title case ("Iraqi Militias
    May Soon March to Their Own Beat", "NORTH KOREANS", "US-Iranian rivalry")."""
    if not any(t.is_alpha for t in tokens):
        return True
    text = text.strip()
    if text.isupper():
        return True
    if text[-1] in ".!?\"”’'" or text.endswith(")"):
        return False
    if not any(t.tag_ in FINITE or t.dep_ == "ROOT" and any(c.dep_ == "nsubj" for c in t.children)
               or _headline_present(t) or _bare_participle(t) for t in tokens):
        return True  # (a headline's present the tagger takes for a base form or a noun: "Gunmen abduct 15")
    content = [t for t in tokens if t.is_alpha and t.lower_ not in SMALL_WORDS]
    caps = sum(1 for t in content if t.text[0].isupper())
    # (a line of names with its verb in lower case is a sentence: "Rockets fired at Green Zone in Baghdad")
    told = any(t.pos_ == "VERB" and t.text[0].islower() for t in content)
    return len(content) <= 14 and caps >= 0.7 * len(content) and not told


def news_tokens(sent, text: str) -> list:
    """The tokens of a parsed sentence that may hold triggers: lines of it that are headings are left
    out (`text` is the text parsed, where a line's text is read without building it word by word)."""
    lines, cur = [], []
    for t in sent:
        cur.append(t)
        if "\n" in t.text:  # (a word's trailing whitespace is one space at most: a line break is a token)
            lines.append(cur)
            cur = []
    if cur:
        lines.append(cur)
    return [t for line in lines if not heading(line, text[line[0].idx:line[-1].idx + len(line[-1])]) for t in line]


def _objects(verb, lex: Lexicon) -> list[tuple[object, str | None]]:
    """Nouns a verb acts on, each with the preposition it comes through (None for the direct
    object, passive subject or object predicate: "were taken hostage"), coordinated objects
    included; a quantity or container stands for what it holds ("a stream of threats", "aid
    deliveries", "a state of emergency")."""
    out = [(antecedent(c), None) for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "attr", "oprd"}]
    if not out and verb.dep_ == "conj" and passive(verb):  # "bombs were found and defused": the bombs
        out = [(antecedent(c), None) for c in verb.head.children if c.dep_ == "nsubjpass"]
    for c in verb.children:
        if c.dep_ == "prep" and c.lower_ in OBJECT_PREPS:
            out += [(g, c.lower_) for g in c.children if g.dep_ == "pobj"]
    out += [(g, p) for o, p in out for g in o.conjuncts if g.dep_ == "conj"]
    full: list[tuple[object, str | None]] = []
    while out:
        o, p = out.pop(0)
        full.append((o, p))
        s = noun_sense(o, lex, names=True)
        if len(full) < 12 and (s is None or s.cls == "quantity" or s.type == "-"):
            held = [g for c in o.children if c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
            held += [g for h in held for g in h.conjuncts if g.dep_ == "conj"]
            out += [(h, p) for h in held + [c for c in o.children if c.dep_ in {"compound", "nmod"}
                                            and not (c.pos_ == o.pos_ == "PROPN")]]  # ("World Food Programme": a name)
    return full


def _combo(verb, lemmas: list[str], lex: Lexicon) -> tuple[Combo, object, Entry | None] | None:
    lemma = next((w for w in lemmas if w in lex.combos), None)
    combos = lex.combos.get(lemma)
    if not combos:
        return None
    particles = {c.lower_ for c in verb.children if c.dep_ in {"prt", "prep", "advmod"}}
    _, required = _verb_sense(verb, lemmas, lex)
    idiom = {c.lower_ for c in required if c.dep_ == "dobj"}  # the verb's own object in an idiom: "opened fire"
    for noun, prep in _objects(verb, lex):
        nsense = noun_sense(noun, lex, names=True)
        classes = {nsense.cls} if nsense else set()
        if noun.ent_type_:
            classes.add("@" + noun.ent_type_.lower())
        if kind := side_words().get(noun.lower_) or _armed_group(noun):  # "dispersed the protesters": who the
            classes.add("%" + kind)  # object is
        for c in combos:
            prt = c.particles.get(lemma)
            if prt and prt not in particles:
                continue
            if prep is not None and (c.type == "*" or prep in WHERE_PREPS or idiom and prt not in idiom) and prt != prep:
                continue  # a support verb takes its event as object ("have gone up since the strikes" is not
                # one); "in" tells where, unless the row names it ("taken to hospital in the city"); and after an
                # idiom's own object a phrase is the idiom's ("opened fire on the checkpoint" opened no checkpoint)
            if not (c.classes & classes or ("*" in c.classes and nsense is not None)):
                continue
            type_ = nsense.type if c.type == "*" and nsense else c.type
            if type_ in {"-", "*"} or c.target == "subject" and particles & JUDGED_FOR:
                continue  # "came under fire for his remarks": criticism, not an attack
            return c, noun, nsense
    return None


def _armed_group(noun) -> str | None:
    """"armed" for a name the actors' knowledge base holds as an armed group's ("engaged Boko Haram"),
    or a noun such a name modifies ("engaged ISIS cells")."""
    if noun.ent_type_:
        span = next((e for e in noun.doc.ents if e.start <= noun.i < e.end), None)
        if span is not None and any(a.type == "armed_group" for a in actors.load().named(span.text)):
            return "armed"
    if noun.pos_ != "NOUN" or noun.ent_type_:
        return None
    return next((k for c in noun.children if c.dep_ == "compound" and c.ent_type_ and (k := _armed_group(c))), None)


def _verb_sense(tok, lemmas: list[str], lex: Lexicon) -> tuple[Entry | None, list]:
    """The predicate sense of a verb (`lemmas`: its `verb_lemmas`), with the words its sense
    requires ("open fire": fire)."""
    for lemma in lemmas:
        entries = lex.verbs.get(lemma)
        if entries:
            e = sense(entries, tok)
            if e is not None:
                return e, [c for c in tok.children if c.lemma_.lower() in e.with_]
            return None, []
    return None, []


def _demand(tok, lex: Lexicon) -> Trigger | None:
    """"Russia said Sudan must return the helicopter": a speaker's must/should is a REQUEST of
    the one who must (derive.tsv kind "must")."""
    cue = lex.cue(tok.lemma_.lower(), "VERB")
    if cue is None or cue.kind != "speech":
        return None
    rule = next((r for r in lex.derive if r["kind"] == "must"), None)
    if rule is None:
        return None
    for c in tok.children:
        auxes = [lex.cue(a.lower_, "AUX") for a in c.children if a.dep_ == "aux"]
        if c.dep_ == "ccomp" and any(a is not None and a.kind == "must" for a in auxes):
            return Trigger(tok, [tok], rule["derived"], None, set(), ("xsubj",))
    return None


def _to_care(verb, lex: Lexicon) -> bool:
    """Whether a verb moves people to where the wounded or the dead are cared for ("were flown to a
    military hospital", "took the wounded to a clinic"): their care, not an act of anyone's against
    anyone. Not one who goes there ("protesters marched to the hospital")."""
    carries = passive(verb) or any(c.dep_ == "dobj" for c in verb.children)
    return carries and any(c.dep_ == "prep" and c.lower_ in {"to", "into"} and any(
        g.dep_ == "pobj" and (s := noun_sense(g, lex)) is not None and s.cls == "care" for g in c.children)
        for c in verb.children)


def triggers(tokens, lex: Lexicon | None = None) -> list[Trigger]:
    """The event triggers among a sentence's parsed tokens (see `news_tokens`)."""
    lex = lex or load()
    found: list[Trigger] = []
    used_nouns = set()
    nouns = []  # the words `noun_sense` may read as event nouns
    formulas = set()  # clauses that are part of a reporting formula (`_formula`)
    for tok in tokens:
        if tok.pos_ in {"NOUN", "PROPN"}:
            nouns.append(tok)
        if tok.pos_ != "VERB" or tok.dep_ in {"amod", "compound"} or _to_care(tok, lex):
            continue
        lemmas = verb_lemmas(tok)
        hit = _combo(tok, lemmas, lex)
        if hit:
            c, noun, nsense = hit
            light = c.type == "*"
            mode = (nsense.mode if nsense else None) if c.mode == "*" else c.mode
            contexts = set(c.contexts) | set(nsense.contexts if nsense else ())
            target = nsense.target if light and nsense else ()
            found.append(Trigger(tok, [tok, noun], nsense.type if light else c.type, mode, contexts,
                                 target, noun=noun, noun_target=c.target == "noun", undergone=c.target == "subject"))
            used_nouns.add(noun)
            continue
        e, required = _verb_sense(tok, lemmas, lex)
        formulas |= _formula(tok, e, lex)
        if e is not None:
            used_nouns.update(c for c in required if c.lemma_.lower() in e.own)  # ("did not return calls": no call)
        if e and e.type != "-":
            found.append(Trigger(tok, [tok, *required], e.type, e.mode, set(e.contexts), e.target))
        elif e is None and tok.lemma_.lower() in lex.nouns and tok.lemma_.lower() not in lex.verbs \
                and not any(c.dep_ in VERBAL_DEPS for c in tok.children):
            n = next((x for x in lex.nouns[tok.lemma_.lower()] if not x.with_ and x.type != "-"), None)
            if n is not None:  # a noun the tagger took for a verb ("the June airstrikes")
                found.append(Trigger(tok, [tok], n.type, n.mode, set(n.contexts), n.target, verb=False))
        demand = _demand(tok, lex)
        if demand is not None:
            found.append(demand)
    for tok in nouns:
        if tok in used_nouns or (tok.dep_ == "compound" and not _container(tok.head, lex)) or _in_name(tok):
            continue
        e = noun_sense(tok, lex)
        if e and e.type != "-":
            found.append(Trigger(tok, [tok], e.type, e.mode, set(e.contexts), e.target, verb=False))
    attacked = {w for t in found if t.type == "ASSAULT" for w in _aimed_at(t.head)}
    found = [t for t in found if not _description(t, lex) and not _predicate_noun(t) and not _standing(t)
             and t.head not in formulas and not (t.type == "CONSULT" and not t.verb and t.head in attacked)
             and not _figurative_seizure(t, lex)]
    return group(_in_protest(found), lex)


def _figurative_seizure(t: Trigger, lex: Lexicon) -> bool:
    """'The protests had been hijacked by dangerous people': one abducts people and vehicles, never an
    event; a seizure of one is a figure of speech."""
    if not t.verb or t.mode != "abduct":
        return False
    taken = [c for c in t.head.children if c.dep_ in {"dobj", "nsubjpass"}]
    return bool(taken) and all(an_act(c, lex) for c in taken)


def _aimed_at(head) -> list:
    """What an attack is aimed at: its object, or the object of its "on", "at" or "against" ("an air
    strike on a gathering", "attacked a meeting of elders"): a meeting hit is the attack's target and
    scene, no consultation told."""
    return [o for c in head.children if c.dep_ == "dobj" or c.dep_ == "prep" and c.lower_ in {"on", "at", "against"}
            for o in ([c] if c.dep_ == "dobj" else c.children) if o.dep_ in {"dobj", "pobj"}]


def _container(noun, lex: Lexicon) -> bool:
    """A noun that stands for the event noun modifying it ("protest action", "strike action")."""
    s = noun_sense(noun, lex)
    return s is not None and s.cls == "quantity"


def _description(t: Trigger, lex: Lexicon) -> bool:
    """A speech act in a participle that describes someone, with no one said to do it ("two men
    accused of kidnappings", "a suspect charged with murder"): what is said of them, not an act
    this report tells; so is a giving "with" what they have ("gunmen armed with machetes")."""
    if not (t.verb and t.head.dep_ == "acl" and t.head.tag_ == "VBN"):
        return False
    kids = list(t.head.children)
    return not any(c.dep_ == "agent" for c in kids) and (lex.verbal(t.type) or (
        t.type == "AID" and any(c.dep_ == "prep" and c.lower_ == "with" for c in kids)))


def _in_name(noun) -> bool:
    """An event word that is part of a name: a capitalised proper noun "for" or "of" which a
    capitalised noun, not the first word of its sentence, is named ("the Group for the Support of
    Islam and Muslims", "the Front for the Liberation of ..."): an organisation, no act."""
    prep = noun.head
    name = prep.head
    return noun.pos_ == "PROPN" and noun.is_title and noun.dep_ == "pobj" and prep.lower_ in {"for", "of"} and \
        name.pos_ in {"PROPN", "NOUN"} and name.is_title and name.i != name.sent.start


def _standing(t: Trigger) -> bool:
    """An act in a present-simple relative clause says what someone or something is, not what
    happened ("the refinery, which supplies fuel to the army", "a base that hosts US advisers",
    "the charity, which supports the hospital"): a lasting relation, no act of the news."""
    return t.verb and t.head.dep_ == "relcl" and t.head.tag_ in {"VBZ", "VBP"} and \
        not any(c.dep_ in {"aux", "auxpass"} for c in t.head.children)


def _formula(verb, e: Entry | None, lex: Lexicon) -> set:
    """The words of what a reporting formula is for ("officials who requested anonymity to discuss
    the talks", "sought anonymity to describe the raid"): an idiom that is no event (a "-" sense
    with its word, verbs.tsv) of a verb that would make a clause under it urged or planned (a
    modality cue) or a verb of speaking ("speaking on condition of anonymity to discuss the talks") speaks
    of the reporting, and its purpose is the speaking, no act."""
    if e is None or e.type != "-" or not e.with_ or (
            lex.cue(verb.lemma_.lower(), "VERB") is None and verb.lemma_.lower() not in SPEAKING):
        return set()
    return {w for c in verb.children if c.dep_ in ("xcomp", "advcl") for w in c.subtree}


def _predicate_noun(t: Trigger) -> bool:
    """An event noun said of its subject after "be" ("the rally was a call for unity", "the march was a plea
    for calm") classifies what the subject is, an act told (or not) on its own: no act of its own.
    "There was an attack" states one."""
    cop = t.head.head
    return not t.verb and t.noun is None and t.head.dep_ == "attr" and cop.lemma_ == "be" and \
        not any(c.dep_ == "expl" for c in cop.children)


def _in_protest(found: list[Trigger]) -> list[Trigger]:
    """An act done "in protest" is a protest ("closed the roads in protest against the tax", "held a
    session on the highway in protest"), unless it is violence, which stays what it is (a crowd's
    violence is a riot at export)."""
    for t in found:
        if not t.verb or t.type == "PROTEST" or t.type in VIOLENT or (t.type, t.mode) in VIOLENT:
            continue
        objects = [c for c in t.head.children if c.dep_ == "dobj"]  # (where a parse often hangs the phrase)
        manner = [p for w in [t.head, *objects] for c in w.children if c.dep_ == "prep" and c.lower_ == "in"
                  for p in c.children if p.dep_ == "pobj"]
        protest = next((o for o in found if o.head in manner and o.type == "PROTEST"), None)
        if protest is not None:
            t.type, t.mode, t.noun, t.noun_target = "PROTEST", protest.mode, None, False
            t.target = ()
    return found


def _path_up(tok, top) -> list | None:
    """The tokens from `tok` up to `top` (exclusive of tok), or None when top does not govern tok."""
    path, node = [], tok
    while node.head != node:
        node = node.head
        path.append(node)
        if node == top:
            return path
    return None


def _casualty(tok, lex: Lexicon) -> bool:
    return lex.count_row(tok) is not None


def _fought_for(low: Trigger, high: Trigger, prep) -> bool:
    """"Troops retook the town after heavy fighting": fighting with no one named in it, told as what
    came before or around an armed act (`prep`: "after", "following", "amid"), is the fighting of that
    act, not another (unlike "rebels attacked after the army shelled their positions")."""
    return prep.lower_ in CIRCUMSTANCE_PREPS and not low.verb and low.mode == "clash" and high.mode in (
        "clash", "territory") and not any(c.dep_ in ("poss", "prep") and c.lower_ != "of" or c.ent_type_
                                          for c in low.head.children)


def _mergeable(low: Trigger, high: Trigger, others: set, lex: Lexicon) -> bool:
    """Whether `low` (governed by `high`) reports the same act as `high`."""
    if low.type != high.type:
        return False
    if low.head.dep_ == "conj" and low.mode and high.mode and low.mode != high.mode:
        return False  # "fired tear gas and arrested 37 people": two acts of one kind, two ways
    if any(c.tag_ not in {"WDT", "WP"} for c in nsubjects(low.head)):
        return False  # a clause with a subject of its own is an act of its own
    if _casualty(low.head, lex) and another_time(low.head):
        return False  # deaths before or after the act, not its toll: "attacked the village after two were killed"
    if low.head.dep_ in {"relcl", "acl"} and low.verb and not _casualty(low.head, lex) and \
            low.head.tag_ != "VBN":
        return False  # a relative clause adds an act, unless it tells the casualties ("in which two were wounded")
    path = _path_up(low.head, high.head)
    if path is None:
        return False
    node = low.head
    for up in path:
        if node.dep_ not in MERGE_DEPS or (up.dep_ == "prep" and up.lower_ not in SAME_ACT_PREPS
                                           and not _fought_for(low, high, up)):
            return False
        if up != high.head and up in others:
            return False
        node = up
    # an event noun that is the object of an event verb is what the verb acts on ("condemned
    # strikes"), unless the verb is a casualty verb ("killed ... in the strike") or light
    if low.head.dep_ == "dobj" and low.head.head == high.head and not _casualty(high.head, lex):
        return False
    return True


def group(found: list[Trigger], lex: Lexicon) -> list[Trigger]:
    """Triggers of one act grouped under the one nearest the root."""
    by_depth = sorted(found, key=lambda t: (len(list(t.head.ancestors)), t.head.i))
    heads = {t.head for t in found} | {t.noun for t in found if t.noun is not None}
    out: list[Trigger] = []
    for t in by_depth:
        for g in out:
            others = heads - {g.head, t.head} - set(g.all_tokens)
            if _mergeable(t, g, others, lex):
                g.members.append(t)
                break
        else:
            out.append(t)
    # a casualty verb with no subject of its own ("the strikes, which militias say killed four")
    # reports the casualties of the nearest act named before it; one whose subject is that of the
    # clause it hangs on, an act named by a noun ("a drone strike hit a car, killing two"), those of that act
    for t in list(out):
        if t.type != "ASSAULT" or not _casualty(t.head, lex) or t.head.dep_ == "pcomp":
            continue  # (what a word is about is no toll: "a man accused of killing an officer")
        if not _has_subject(t.head):
            before = [g for g in out if g is not t and g.type == "ASSAULT" and g.head.i < t.head.i]
            owner = max(before, key=lambda g: g.head.i) if before else None
        else:
            owner = next((g for g in out if g is not t and g.type == "ASSAULT" and not g.verb
                          and g.head.dep_ == "nsubj" and g.head.head == t.head.head), None) \
                if t.head.dep_ in {"advcl", "conj"} and not nsubjects(t.head) else None
        if owner is not None:
            owner.members.append(t)
            out.remove(t)
    for t in list(out):  # what an attack did to things and people, told as its outcome
        owner = _outcome_of(t, out, lex)
        if owner is not None:
            owner.members.append(t)
            out.remove(t)
    return sorted(out, key=lambda t: t.head.i)


def _outcome_of(t: Trigger, out: list[Trigger], lex: Lexicon) -> Trigger | None:
    """The attack whose outcome a trigger tells, if any: damage or a toll told by a participle of
    the attack's verb ("attacked the city with drones, damaging a power plant and wounding two"),
    or damage whose subject is the attack's noun ("a drone strike destroyed a depot"). ACLED codes
    the damage an attack does as part of it, not as property destruction of its own."""
    damage = (t.type, t.mode) == ("COERCE", "destroy")
    if not damage and not (t.type == "ASSAULT" and _casualty(t.head, lex)):
        return None
    subject = next(iter(nsubjects(t.head)), None) if t.verb else None
    if subject is not None or not t.verb:  # only damage done by an attack named as its subject
        return next((g for g in out if g is not t and g.type == "ASSAULT" and not g.verb and g.head == subject),
                    None) if damage and subject is not None else None
    node = t.head
    while node.dep_ == "conj" and node.head.tag_ == "VBG":
        node = node.head
    if node.tag_ != "VBG" or node.dep_ != "advcl":
        return None
    return next((g for g in out if g is not t and g.type == "ASSAULT" and g.verb and node.head in g.all_tokens), None)


def _has_subject(verb) -> bool:
    own = nsubjects(verb)
    if own or any(c.dep_ == "agent" for c in verb.children):
        return not any(c.tag_ in {"WDT", "WP"} for c in own)
    return verb.dep_ in {"conj", "advcl"}
