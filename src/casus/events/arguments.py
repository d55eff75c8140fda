"""Source and target of an event from the dependency parse, as text spans.

Who acts is the subject of the trigger verb (the agent of a passive, the subject shared
through coordination, the controller of an infinitive: in "urged the militias to attack",
the militias attack; in "accusing Tehran of preparing attacks", Tehran prepares), or for
an event noun its "by" phrase, its possessor or a national or named modifier ("US air
strikes"). Whom it acts on comes from the roles the lexicon lists per predicate and type
(direct object, passive subject, "on"/"against" phrases, the possessor of "Soleimani's
killing", the victim of "the death of X in a drone strike").
"""

from __future__ import annotations

from functools import cache

from casus.analyse import participle_opener
from casus.calendar_names import full_names
from casus.events.export import side_words
from casus.events.lexicon import Lexicon, noun_sense

RELATIVE = {"who", "which", "that", "whom", "whose"}
ACTOR_ENTS = {"GPE", "NORP", "ORG", "PERSON"}
NOT_ACTORS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY"}
INSTRUMENTS = {"weapon", "riot-control"}  # noun classes (nouns.tsv) an act is done with, never to
# Parts of a noun phrase that are not part of the name of who or what it is.
LEAVE_OUT = {"relcl", "acl", "appos", "advcl", "parataxis", "prep", "cc", "conj", "dep"}
KEEP_PREPS = {"of"}
DASHES = {"—", "–", "--"}
JUDGED = {"ACCUSE", "PROTEST"}  # types whose object may be an act told before, which is no side (code.judged_doers)
PRONOUN_NUMBER = {"it": False, "he": False, "she": False, "its": False, "his": False, "her": False,
                  "they": True, "their": True, "we": True, "our": True}  # pronoun -> plural
FIRST_PERSON = {"we", "our"}
WHEN_MARKS = {"when", "as", "while", "after", "before", "until"}
OBJECT_NUMBER = {"them": True, "it": False}  # object pronoun -> plural
VICTIM_PREPS = {"in", "during", "by"}  # "the death of X in a drone strike"


def antecedent(tok):
    """A relative pronoun stands for the noun its relative clause modifies; a pronoun subject of a
    clause of time for the subject of the clause it is told in, when they agree in number ("the van was
    travelling to the town when it came under fire": the van); a pronoun object of a participle after
    a clause for that clause's object ("expelled two diplomats, accusing them of spying")."""
    if tok.lower_ in PRONOUN_NUMBER and tok.dep_ in {"nsubj", "nsubjpass"} and tok.head.dep_ == "advcl" \
            and any(c.dep_ in {"mark", "advmod"} and c.lower_ in WHEN_MARKS for c in tok.head.children):
        main = _clause_noun(tok.head.head, {"nsubj", "nsubjpass"}, PRONOUN_NUMBER[tok.lower_])
        return main if main is not None and (tok.lower_ not in {"he", "she"} or main.ent_type_ == "PERSON") else tok
    if tok.lower_ in OBJECT_NUMBER and tok.dep_ == "dobj" and tok.head.dep_ == "advcl" and tok.head.tag_ == "VBG":
        return _clause_noun(tok.head.head, {"dobj"}, OBJECT_NUMBER[tok.lower_]) or tok
    if tok.lower_ not in RELATIVE:
        return tok
    for a in tok.ancestors:
        if a.dep_ == "relcl":
            return a.head
    return tok


def _clause_noun(verb, deps: set[str], plural: bool):
    """The verb's first noun in one of these roles, if its number is the pronoun's (plural or not)."""
    nouns = [c for c in verb.children if c.dep_ in deps and c.pos_ in {"NOUN", "PROPN"}]
    return nouns[0] if nouns and (nouns[0].tag_ in {"NNS", "NNPS"}) == plural else None


def children(tok, *deps: str) -> list:
    return [c for c in tok.children if c.dep_ in deps]


def pobj(tok, prep: str):
    """The object of the verb's or noun's `prep` phrase; of two ("On 23 March, police opened fire on
    protesters"), the one that is not a date."""
    found = [g for c in tok.children if c.dep_ in {"prep", "agent"} and c.lower_ == prep
             for g in c.children if g.dep_ in {"pobj", "pcomp"}]
    return next((g for g in found if g.ent_type_ not in {"DATE", "TIME"}), found[0] if found else None)


def passive(verb) -> bool:
    """A passive, also one whose auxiliary the coordination leaves out ("two soldiers were killed
    and another wounded": another was wounded)."""
    return any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children) or (
        verb.dep_ == "conj" and verb.tag_ == "VBN" and verb.head.pos_ == "VERB"
        and any(c.dep_ == "auxpass" for c in verb.head.children) and not children(verb, "aux", "dobj"))


def headline_passive(verb) -> bool:
    """A passive without its auxiliary, as headlines and notes write a toll: "12 killed, 20
    injured" (a bare number as subject, no object: a number does not kill), "Farmer killed in X"."""
    subj = children(verb, "nsubj")
    return verb.tag_ in {"VBN", "VBD"} and bool(subj) and (subj[0].like_num or bare_noun(subj[0])) \
        and pobj(subj[0], "of") is None and not children(verb, "aux", "auxpass", "dobj")


def bare_noun(tok) -> bool:
    """A capitalised singular common noun with nothing before it ("Farmer killed in Selea"): as headlines
    and notes write a subject, which prose gives an article; their verb has dropped its auxiliary too."""
    return tok.tag_ in ("NN", "NNP") and not tok.ent_type_ and tok.is_title and \
        not any(c.dep_ in ("det", "poss", "nummod", "compound", "amod") for c in tok.children)


def participle(verb) -> bool:
    """A past participle modifying a noun ("groups hit by the strike"), not a content clause
    with a subject of its own ("reports that gendarmes had fired", "said in a statement that 22
    officers had been injured")."""
    return verb.dep_ == "acl" and verb.tag_ == "VBN" and not any(c.dep_ in {"nsubj", "nsubjpass"}
                                                                  for c in verb.children)


def _controller(cue_verb, lex: Lexicon, depth: int):
    """Who does what a verb's complement says: its object for "urge", "accuse", "advise"
    (cues whose subject is not the agent) and for a verb that is no cue ("prompting Baghdad to
    summon the envoy", "forced the army to withdraw": English object control), else its subject."""
    cue = lex.cue(cue_verb.lemma_.lower(), "VERB")
    if cue is not None and not cue.agent:
        obj = children(cue_verb, "dobj") or [p for p in [pobj(cue_verb, "on")] if p is not None]
        if obj:
            return antecedent(obj[0])
    if cue is None:  # (not what it is done with: "used drones to attack the base")
        obj = [o for o in children(cue_verb, "dobj") if _named(o) or o.lower_ in side_words()]
        if obj:
            return antecedent(obj[0])
    return subject(cue_verb, lex, depth + 1)


def dash(tok) -> bool:
    """A dash that closes a dateline: "—", "--", or a hyphen with space around it (" - ")."""
    return tok.text in DASHES or (tok.text == "-" and bool(tok.whitespace_) and tok.i > 0
                                  and bool(tok.doc[tok.i - 1].whitespace_))


def subject(verb, lex: Lexicon, depth: int = 0):
    """The token that does what `verb` says, following coordination, control and relatives."""
    if depth > 6:
        return None
    if passive(verb) or participle(verb):
        return pobj(verb, "by")
    subjects = [c for c in verb.children if c.dep_ == "csubj"] + nsubjects(verb)
    if subjects:
        # a dash between a subject and its verb closes a dateline the parser took for a second
        # subject: "NAIROBI, Kenya (AP) — Kenyan police fired tear gas"
        beyond = [c for c in subjects if not any(dash(t) for t in verb.doc[c.i:verb.i])]
        if beyond:
            return antecedent(beyond[0])
        after = _after_dateline(verb, subjects[0])  # "MOGADISHU (Reuters) - Al-Shabaab fighters stormed"
        return antecedent(after if after is not None else subjects[0])
    head = verb.head
    if head == verb:
        return None
    if verb.dep_ == "conj" and head.pos_ in {"VERB", "AUX"}:
        if passive(head) and not passive(verb):  # "he was arrested by police and confessed": he confessed
            patient = children(head, "nsubjpass")
            return _stray_subject(verb) or (antecedent(patient[0]) if patient else None)
        return _stray_subject(verb) or subject(head, lex, depth + 1)
    if head.pos_ == "ADJ" and verb.dep_ in {"xcomp", "ccomp", "advcl"}:  # "is willing to send"
        return subject(head.head, lex, depth + 1) if head.head != head else None
    if verb.dep_ == "xcomp":
        return _controller(head, lex, depth)
    if verb.dep_ == "advcl" and (verb.tag_ == "VBG" or any(c.lower_ == "to" for c in verb.children)):
        return subject(head, lex, depth + 1)  # "shelled Juba, killing 20"; "shunned work to protest"
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in {"VERB", "AUX"}:
        return _controller(head.head, lex, depth)  # "accusing Tehran of preparing attacks"
    if verb.dep_ == "acl" and verb.tag_ == "VBG":  # "a strike targeting troops"
        return head
    if verb.dep_ == "acl" and head.pos_ in {"NOUN", "PROPN"}:  # "the U.S. decision to recall staff"
        return noun_source(head, lex)
    return None


def nsubjects(verb) -> list:
    """The verb's nominal subjects, but for a place the parser took for one (`_place_in_commas`)."""
    return [c for c in verb.children if c.dep_ == "nsubj" and not _place_in_commas(c, verb)]


def _place_in_commas(subj, verb) -> bool:
    """'attacked civilians in Beni territory, Nord-Kivu, killing 3': the province the parser made
    the subject of the participle closes the place before it; it does nothing (no comma parts a
    subject from its verb)."""
    doc, lo = verb.doc, subj.left_edge.i
    return verb.dep_ == "advcl" and verb.tag_ == "VBG" and subj.pos_ == "PROPN" and 0 < lo < subj.i < verb.i \
        and doc[lo - 1].text == "," and doc[verb.i - 1].text == "," and subj.right_edge.i in (verb.i - 2, verb.i - 1)


def _after_dateline(verb, subject):
    """The phrase between a dateline's dash and the verb when the parser took the dateline for
    the subject and hung the phrase on it: the one word there whose head lies outside it."""
    dashes = [t for t in verb.doc[subject.i:verb.i] if dash(t)]
    if not dashes:
        return None
    lo = dashes[-1].i + 1
    roots = [t for t in verb.doc[lo:verb.i] if not lo <= t.head.i < verb.i]
    return roots[0] if len(roots) == 1 and roots[0].pos_ in {"NOUN", "PROPN", "PRON"} else None


def _stray_subject(verb):
    """The subject of a coordinated clause that the parser joined to the first clause's object
    ("Youths threw stones and police fired tear gas": "police" a conj of "stones"): the noun just
    before the verb, coordinated with a noun of the first verb and no subject of its own."""
    before = verb.doc[verb.i - 1] if verb.i > verb.sent.start else None
    if before is None or before.dep_ != "conj" or before.pos_ not in {"NOUN", "PROPN"}:
        return None
    first = first_conjunct(before.head)
    return before if first.head == verb.head and first.dep_ == "dobj" else None


def first_conjunct(noun):
    """The first of the nouns a noun is coordinated with ("the war and support for Ukraine": the war),
    whose role in the clause they share; the noun itself if it is not coordinated."""
    while noun.dep_ == "conj" and noun.head.pos_ in {"NOUN", "PROPN"}:
        noun = noun.head
    return noun


def _noun_roles(noun, lex: Lexicon) -> tuple[str, ...]:
    s = noun_sense(noun, lex)
    return s.target if s else ()


def role(tok, name: str, lex: Lexicon):
    """The token filling one role of a trigger ("dobj", "prep:on", "xsubj", "poss", "acl:target")."""
    if name.startswith("prep:"):
        found = pobj(tok, name[5:])
        fronted = found is not None and name == "prep:in" and any(
            s.i > found.i for s in children(tok, "nsubj", "nsubjpass"))
        return None if fronted else found  # ("In Abuja, police used water cannon": where, not on whom)
    if name.startswith("acl:"):  # "a strike targeting American troops"
        for c in tok.children:
            if c.dep_ == "acl" and c.lemma_.lower() == name[4:]:
                obj = children(c, "dobj")
                return obj[0] if obj else None
        return None
    if name == "xsubj":
        for c in tok.children:  # "demanded that the US cancel", "accusations that Tehran supported"
            if c.dep_ in {"ccomp", "xcomp", "acl"} and c.pos_ in {"VERB", "AUX"}:
                return subject(c, lex)
        return None
    deps = {"dobj": ("dobj",), "dative": ("dative", "iobj"), "nsubjpass": ("nsubjpass",),
            "poss": ("poss",)}.get(name, (name,))
    found = children(tok, *deps)
    if not found and name == "dobj" and tok.pos_ == "VERB":  # "arrested and tortured a journalist": the
        found = [o for c in children(tok, "conj") if c.pos_ == "VERB" and not nsubjects(c)  # verbs share
                 for o in children(c, "dobj")][:1]  # the object told after the last of them
    if not found and name == "dative":  # "offered India supplies", "handed their allies maps": the
        found = [m for o in children(tok, "dobj") for m in children(o, "nmod", "compound")  # recipient parsed
                 if (m.ent_type_ in ACTOR_ENTS or m.dep_ == "nmod" and m.tag_ == "NNS") and m.i < o.i]  # as a modifier
    return antecedent(found[0]) if found else None


def parties(noun) -> tuple:
    """The two sides of an event noun's "between" phrase, on the noun or on the verb it is the
    subject of ("clashes between police and traders", "clashes broke out between A and B",
    "clashes were reported between A and B")."""
    holder = noun.head if noun.dep_ in {"nsubj", "nsubjpass"} and noun.head.pos_ in {"VERB", "AUX"} else None
    first = pobj(noun, "between") or (pobj(holder, "between") if holder is not None else None)
    if first is None:
        return None, None
    second = next((c for c in first.children if c.dep_ == "conj"), None)
    return (first, second) if second is not None else (None, None)


def noun_source(noun, lex: Lexicon):
    """Who acts in an event noun: its "by" phrase, its possessor (unless the possessor is the
    victim, as in "Soleimani's killing"), a named modifier, or the subject of the verb that
    plans or threatens it ("Iran may be planning attacks")."""
    for prep in ("by", "from"):
        p = pobj(noun, prep)
        if p is not None:
            return p
    made = _made_by(noun, lex)
    if made is not None:
        return made
    side, _ = parties(noun)
    if side is not None:
        return side
    if "poss" not in _noun_roles(noun, lex):
        for c in noun.children:
            if c.dep_ == "poss":
                return _owner(antecedent(c), noun, lex)
    mods = [c for c in noun.children if c.dep_ in {"compound", "amod", "nmod", "npadvmod"}
            and c.ent_type_ in ACTOR_ENTS and getattr(noun_sense(c, lex, names=True), "cls", None) not in INSTRUMENTS]
    # (not the weapon's model, whatever the recogniser calls it: "a Katyusha rocket")
    if mods:
        return mods[0]
    if noun.dep_ == "dobj":
        cue = lex.cue(noun.head.lemma_.lower(), "VERB")
        if cue is not None and cue.agent and cue.kind != "speech":
            return subject(noun.head, lex)
    verb = _answered_with(noun)
    if verb is not None:
        return subject(verb, lex)  # "the army responded with air strikes": who answers so does the act
    return None


def _made_by(noun, lex: Lexicon):
    """The agent of a participle right after an event noun that makes the act it names ("a strike
    called by the unions", "attacks carried out by militants": a support verb of combos.tsv, which
    gives its object noun's type); not of one that judges or reports it ("an attack condemned by
    the UN")."""
    for c in noun.children:  # (right after the noun: a participle further on may be a parse's slip)
        if c.dep_ == "acl" and c.tag_ in {"VBN", "VBD"} and all(t.is_punct for t in noun.doc[noun.i + 1:c.i]) \
                and any(k.type == "*" for k in lex.combos.get(c.lemma_.lower(), ())):
            return next((antecedent(g) for a in c.children if a.dep_ == "agent" for g in a.children
                         if g.dep_ == "pobj"), None)
    return None


def _owner(pron, noun, lex: Lexicon):
    """A possessive pronoun on an act stands for the subject of the verb the act is the object of,
    when they agree: "the United States used its veto", "the minister cut short his visit"; not
    "the minister condemned their attack", and "his" or "her" never a state or group."""
    verb = noun.head
    if pron.lower_ not in PRONOUN_NUMBER or noun.dep_ != "dobj" or verb.pos_ not in {"VERB", "AUX"}:
        return pron
    subj = subject(verb, lex)
    if subj is None or subj.pos_ == "PRON" or (
            pron.lower_ in {"his", "her"} and subj.ent_type_ in {"GPE", "ORG", "NORP"}):
        return pron
    return speaker_pronoun(pron, subj)


def _answered_with(noun):
    """The verb an event noun is done "with" ("responded with air strikes", "hit back with a rocket
    attack"), whose subject does the act and whose "on" phrase it is aimed at; not a passive ("was
    pounded with artillery": the subject is the target)."""
    verb = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "with" else None
    return verb if verb is not None and verb.pos_ == "VERB" and not passive(verb) else None


PERIODS = frozenset({"year", "week", "month", "weekend", "day", "night", "morning", "afternoon", "evening",
                     "today", "yesterday", "tomorrow", "tonight", "decade", "century"})


@cache
def _day_names() -> frozenset[str]:
    return frozenset(full_names("weekdays")) | frozenset(full_names("months"))


def unfit(tok, lex: Lexicon) -> bool:
    """A word that can fill no actor role: a date, time, measure or bare number ("63 injured",
    "June 27 saw...", also where no entity was looked for: "Monday's strike", "last year's
    protests") or an instrument ("14 rockets hit the base"). A number told as a crowd is people
    ("thousands marched", "dozens stormed the station")."""
    counted = pobj(tok, "of") is not None or tok.tag_ == "NNS"  # "two of the gunmen", "hundreds"
    dated = tok.ent_type_ != "PERSON" and (tok.lower_ in _day_names() or tok.dep_ == "poss" and tok.lemma_.lower() in PERIODS)
    return tok.ent_type_ in NOT_ACTORS or dated or (tok.like_num or tok.ent_type_ in {"CARDINAL", "ORDINAL"}) \
        and not counted or _instrument(tok, lex)


def source_token(trigger, lex: Lexicon, act: frozenset = frozenset()):
    """Who does the act of a trigger group: its own doer, else a member's; never a word of the act
    itself (`act`: the words of the group a member belongs to)."""
    head = trigger.head
    act = act | frozenset(trigger.all_tokens)
    if trigger.verb:
        s = _attacker(head, lex) if trigger.undergone else subject(head, lex)
        if s is None and trigger.noun is not None and not trigger.noun_target:
            s = noun_source(trigger.noun, lex)
    else:
        s = noun_source(head, lex)
    if s is not None and s in act and s.pos_ in ("NOUN", "PROPN") and s != head:
        s = noun_source(s, lex)  # "Israel's strike destroyed a depot": who does the act the subject names
    if s is not None and s not in act and s.lower_ not in RELATIVE and unfit(s, lex):
        owner = noun_source(s, lex)  # a weapon is no doer, but whose it is is: "Israeli drones struck a car"
        s = owner if owner is not None and owner not in act and not unfit(owner, lex) else None
    if s is not None and (s in act or s.lower_ in RELATIVE or unfit(s, lex)):
        s = None  # "hit by the strike", "Monday's strike destroyed a depot": the strike is the act, not who
        # acts; an unresolved "which"
    for m in trigger.members:
        if s is not None:
            break
        s = source_token(m, lex, act)
    return s


def _attacker(verb, lex: Lexicon):
    """Who does what the subject of "came under attack" undergoes: the "by" phrase, or a "from" phrase
    that names who ("from militants"), not where ("came under fire from a hilltop")."""
    by, source = pobj(verb, "by"), pobj(verb, "from")
    if by is not None:
        return by
    if source is not None and (_named(source) or source.lower_ in side_words() or _people(source, lex)):
        return source
    return None


def _victim(noun, lex: Lexicon):
    """"the death of General Soleimani in a drone strike": the victim named by the casualty
    noun the event noun is attached to."""
    if noun.dep_ == "pobj" and noun.head.lower_ in VICTIM_PREPS:
        owner = noun.head.head
        hit = lex.counts.get((owner.lemma_.lower(), "NOUN"))
        if hit:
            for r in hit[1]:
                t = role(owner, r, lex)
                if t is not None:
                    return t
    return None


REFLEXIVE = {"himself", "herself", "itself", "themselves", "oneself"}  # "blew himself up at a checkpoint": no target
GENERIC_ROLES = ("dobj", "dative", "prep:to", "prep:with", "prep:against", "prep:on", "prep:from")
OWNER_ROLES = ("prep:by", "prep:from", "poss", "prep:with", "prep:to", "prep:against", "prep:on", "prep:for")


def speaker_pronoun(tok, speaker):
    """In reported speech the pronoun subject is the speaker ("Iraq said it would allow",
    "the rebels said they will release") when number agrees, and a first-person one always ("'our
    attacks will go on,' the commander said": the commander speaks for his side); else the pronoun
    stays. A named group or state takes "it" and "they" alike ("the Houthis said they fired",
    "Hamas said it fired"), a person only "he" or "she"."""
    if tok is None or speaker is None or tok.lower_ not in PRONOUN_NUMBER or speaker.pos_ == "PRON":
        return tok
    if tok.lower_ in FIRST_PERSON:
        return speaker
    collective = speaker.ent_type_ in {"ORG", "NORP", "GPE"} or (  # "the Houthis", even when called a person
        speaker.pos_ == "PROPN" and any(c.dep_ == "det" and c.lower_ == "the" for c in speaker.children))
    if collective and tok.lower_ not in {"he", "she", "his", "her"}:
        return speaker
    plural = speaker.tag_ in {"NNS", "NNPS"} or any(c.dep_ == "conj" for c in speaker.children)
    return speaker if PRONOUN_NUMBER[tok.lower_] == plural else tok


def _named(tok) -> bool:
    return tok.ent_type_ in ACTOR_ENTS


def _instrument(tok, lex: Lexicon) -> bool:
    """"fired tear gas", "exploded a series of bombs": what the act is done with."""
    s = noun_sense(tok, lex)
    if s is not None and s.cls == "quantity":  # "a series of bombs"
        held = pobj(tok, "of")
        s = noun_sense(held, lex) if held is not None else None
    return s is not None and s.cls in INSTRUMENTS


def _people(tok, lex: Lexicon) -> bool:
    """Whether a word names people (nouns.tsv class "person": "passengers", "a farmer")."""
    s = noun_sense(tok, lex)
    return s is not None and s.cls == "person"


def _owners(tok, lex: Lexicon) -> list:
    """Who a thing or act named as target belongs to or is aimed at: "rejected calls by Kofi
    Annan", "demanded autonomy from Serbian authorities", "a truce with Moslem forces"."""
    return [t for t in (role(tok, r, lex) for r in OWNER_ROLES) if t is not None]


def target_token(trigger, lex: Lexicon, exclude=(), is_actor=_named):
    """The token of whom the act is done to, by the roles of each trigger word, then of the act it
    embeds ("threatened to cut off electricity to Nakhichevan"). An actor beats a thing: a thing
    named as target gives way to its owner ("rejected an offer from Afghanistan")."""
    head = trigger.head
    if trigger.noun_target:
        return trigger.noun
    if trigger.undergone:  # "the convoy came under attack": the convoy
        found = [antecedent(t) for t in nsubjects(head) if antecedent(t) not in exclude]
        return found[0] if found else subject(head, lex)
    for noun in ([head] if not trigger.verb else []) + ([trigger.noun] if trigger.noun is not None else []):
        _, other = parties(noun)
        if other is not None and other not in exclude:
            return other  # "clashes between police and traders": the traders
    words = [(head, trigger.target, trigger.type, trigger.verb)]
    if trigger.noun is not None:
        words.append((trigger.noun, trigger.target, trigger.type, False))
    words += [(m.head, m.target, m.type, m.verb) for m in trigger.members]
    answer = _answered_with(head) if not trigger.verb else None
    if answer is not None:  # "responded with air strikes on rebel positions": the positions
        words.append((answer, ("prep:on", "prep:against", "prep:at"), trigger.type, True))
    found = []
    for tok, own, type_, verb in words:
        defaults = lex.types[type_]["verb_target" if verb else "noun_target"].split(",")
        roles = list(own) + [r for r in defaults if r and r not in own]
        if verb and passive(tok):
            roles.insert(0, "nsubjpass")
        elif verb and headline_passive(tok):
            roles.insert(0, "nsubj")
        if verb and participle(tok):  # "groups hit by the strike": the groups
            roles = [r for r in roles if r.startswith("prep:") and r != "prep:by"] + ["@head"]
        found += [(tok.head if r == "@head" else role(tok, r, lex), r) for r in roles]
        if not verb:
            found.append((_victim(tok, lex), None))
    if trigger.noun is not None and trigger.verb and trigger.noun.dep_ == "dobj":
        # the parse hangs the act's "on" phrase on its support verb ("carried out air strikes on
        # rebel positions"), where a verb's own "on" would tell when ("attacked on Monday")
        found.append((role(head, "prep:on", lex), "prep:on"))
    for w in trigger.all_tokens:  # an idiom's object may hold the phrase its verb would ("exchanged fire
        if w.dep_ == "dobj" and w.head == head and w != trigger.noun:  # with police": the police)
            found += [(role(w, r, lex), r) for r in trigger.target if r.startswith("prep:") and r != "prep:in"]
    for c in head.children:  # the act it embeds: agreed to, refused to, threatened to
        if c.dep_ == "xcomp" and c.pos_ in {"VERB", "AUX"}:
            found += [(role(c, r, lex), r) for r in GENERIC_ROLES]
    found = [(t, r) for t, r in found if t is not None and t not in exclude and t not in trigger.all_tokens
             and t.ent_type_ not in NOT_ACTORS and not _instrument(t, lex) and t.lower_ not in REFLEXIVE]
    # a member whose object is its target ("fired tear gas to disperse the demonstrators")
    found += [(m.noun, "member") for m in trigger.members
              if m.noun_target and m.noun is not None and m.noun not in exclude]
    demanded = [t for t, r in found if r == "xsubj" and r in trigger.target]
    if demanded:  # the one who must: "'the army must tell the truth,' she told AFP" asks it of the army
        return demanded[0]
    # where an act is done is its target only when nothing else is ("imposed a curfew in Cizre",
    # but "threw stun grenades at demonstrators in Khartoum": the demonstrators)
    found = [t for t, r in found if r != "prep:in"] or [t for t, r in found if r == "prep:in"]
    for t in found:
        if is_actor(t):
            return t
        if _people(t, lex):
            continue  # people belong to no one: "abducted 15 passengers on the Abuja-Kaduna highway"
        owner = next((o for o in _owners(t, lex) if is_actor(o) and o not in exclude), None)
        if owner is not None:
            return owner
    # an act judged is no one the judging is done to ("condemned the massacre", "protested against the
    # killings"): only its doers could be (code.judged_doers); a request refused, a truce agreed stay, but
    # for the one who asked or offered, where the text says ("rejected a request by the party": the party)
    first = next((t for t in found if trigger.type not in JUDGED or not an_act(t, lex)), None)
    doer = noun_source(first, lex) if first is not None and trigger.type in ANSWERS and an_act(first, lex) else None
    return doer if doer is not None and doer not in exclude else first


ANSWERS = {"REJECT", "AGREE"}  # acts that answer a demand, a proposal or an accusation: their target is who made it


def an_act(tok, lex: Lexicon) -> bool:
    """Whether a word names an act: an event noun of a type ("the attack", "the verdict")."""
    s = noun_sense(tok, lex)
    return s is not None and s.type != "-"


def phrase(tok, one_side: bool = False) -> tuple[int, int]:
    """Character span of the noun phrase headed by `tok`, without relative clauses,
    appositions and prepositional phrases other than "of" ("Iran's UN envoy",
    "he and Indian Prime Minister Narendra Modi", "four of their members"); of "between A and
    B", or of two sides told as one (`one_side`: "troops and rebels clashed"), only its own side."""
    keep = {tok}
    stack = [tok]
    side = one_side or tok.dep_ == "pobj" and tok.head.lower_ == "between"  # "between police and traders"
    while stack:
        t = stack.pop()
        for c in t.children:
            wanted = (c.dep_ in {"conj", "cc"} and not (side and t == tok)) or (t != tok and c.dep_ == "appos") or \
                (t == tok and c.dep_ == "prep" and c.lower_ in KEEP_PREPS)
            if (c.dep_ in LEAVE_OUT and not wanted) or (c.dep_ == "amod" and c.i > t.i) or _stray(c) \
                    or participle_opener(c) or _when_of(c, t):  # (not "Describing" of "Describing Kenya's ties")
                continue  # ("sources familiar with the gathering": the name ends at "sources")
            keep.add(c)
            stack.append(c)
    doc = tok.doc
    if tok.ent_type_:  # a name cut by the parse ("Revolutionary Guards intelligence chief Hossein Taeb")
        lo = hi = tok.i
        while lo > 0 and doc[lo].ent_iob_ == "I":
            lo -= 1
        while hi + 1 < len(doc) and doc[hi + 1].ent_iob_ == "I":
            hi += 1
        keep |= {doc[i] for i in range(lo, hi + 1)}
    lo = hi = tok.i  # the unbroken run of kept words around the head
    while lo - 1 >= 0 and doc[lo - 1] in keep:
        lo -= 1
    while hi + 1 < len(doc) and doc[hi + 1] in keep:
        hi += 1
    while lo < hi and doc[lo].is_punct:
        lo += 1
    while hi > lo and (doc[hi].is_punct and doc[hi].text not in {")", "]"} or doc[hi].dep_ == "cc"):
        hi -= 1  # (nor the "and" before a stray subject: "the town and | troops returned fire")
    if hi == tok.i and tok.is_lower and hi + 1 < len(doc) and doc[hi + 1].ent_iob_ == "B" \
            and doc[hi + 1].ent_type_ in NAMED_SIDES:  # "by the paramilitary | Rapid Support Forces": a name
        hi += 1  # the parse cut off the word that describes it
        while hi + 1 < len(doc) and doc[hi + 1].ent_iob_ == "I":
            hi += 1
    return doc[lo].idx, doc[hi].idx + len(doc[hi])


def _when_of(c, head) -> bool:
    """Whether a word before a noun is the time of the clause that the parse hung on it: "by
    early afternoon | police had fired", "late Sunday night | gunmen attacked" (not the time of
    a thing: "a Friday report")."""
    return hung_time(c, head) and head.ent_type_ not in TIMES \
        and (c.ent_type_ in TIMES or c.lower_ in PERIODS or c.lower_ in _day_names())


def hung_time(c, head) -> bool:
    """Whether a modifier opens its noun's phrase, no article or owner before it: where a parse
    hangs the time that opens a clause on the subject after it ("Sunday night gunmen attacked")."""
    return c.dep_ in {"compound", "nmod", "npadvmod"} and c.i < head.i \
        and not any(d.dep_ in {"det", "poss"} and d.i < c.i for d in head.children)


TIMES = {"DATE", "TIME"}
NAMED_SIDES = {"ORG", "NORP", "PERSON"}  # names a described side may bear ("the paramilitary Rapid Support Forces")


def _stray(tok) -> bool:
    """Whether a coordinated noun is the stray subject of the clause after it (`_stray_subject`)."""
    after = tok.doc[tok.i + 1] if tok.dep_ == "conj" and tok.i + 1 < len(tok.doc) else None
    return after is not None and after.dep_ == "conj" and after.pos_ in {"VERB", "AUX"} and _stray_subject(after) == tok
