"""Modality: whether an event happened as told, or was denied, claimed, threatened, urged,
planned, only hypothesised, negated, or is mentioned as the object of someone's words.

The cues (modality.tsv) sit on the trigger itself (auxiliaries, negation, "reportedly",
"if") or on the words that govern it on the way up the parse: "urged the militias to
attack" makes the attack urged, "denied accusations that Tehran supported attacks" makes
the support denied while the accusation itself is reported. The walk stops at a speech
verb ("three militia sources said"): what lies above says who says so, not whether.
When several cues govern an event the most doubtful wins, except that a denial
anywhere above overrides all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from casus.events.lexicon import Cue, Lexicon

HISTORICAL_DAYS = 60  # an asserted act this long before the article is background, not news
NEWS = {"asserted", "reported", "claimed"}  # modalities of news told as having happened, hedged or not
ORDER = ("denied", "negated", "hypothetical", "claimed", "threatened", "urged", "planned", "reported")
COMPLEMENT = {"xcomp", "ccomp", "pcomp", "csubj"}  # what a cue verb governs ("urged them to attack")
CLAUSAL = COMPLEMENT | {"acl", "advcl", "relcl", "conj"}  # clauses whose head's modals and "if" reach in
OBJECT = {"dobj", "nsubjpass", "pobj", "attr", "oprd"}


@dataclass
class Reading:
    value: str  # asserted | reported | claimed | denied | threatened | urged | planned | hypothetical | negated
    kind: str = ""  # kind of the deciding cue: future | refusal | must | ""
    cue: object = None  # the token of the deciding cue
    speech: object = None  # the speech verb the walk stopped at, if any
    kinds: frozenset = frozenset()  # kinds of all the cues found (future, readiness, refusal, must, imperative)


def _pos(tok) -> str:
    if tok.pos_ in {"VERB", "AUX"}:
        return "VERB"
    if tok.pos_ in {"NOUN", "PROPN"}:
        return "NOUN"
    return tok.pos_


def own_cues(tok, lex: Lexicon) -> list[tuple[str, Cue, object]]:
    """Cues attached to a word itself: modal auxiliaries, negation ("not", "no", "neither ...
    nor"), hedging adverbs and adjectives ("reportedly", "alleged", "possible"), "if", "any"."""
    out = []
    for c in tok.children:
        lemma, cue = c.lower_, None
        if c.dep_ in {"neg", "preconj", "cc"} or (c.dep_ == "det" and (lemma, "NEG") in lex.cues):
            cue = lex.cue(lemma, "NEG") or (lex.cue("not", "NEG") if c.dep_ == "neg" else None)
        elif c.dep_ in {"aux", "auxpass"}:
            cue = lex.cue(lemma, "AUX")
        elif c.dep_ == "advmod":
            cue = lex.cue(lemma, "ADV")
        elif c.dep_ == "mark":
            cue = lex.cue(lemma, "MARK")
        elif c.dep_ == "det":
            cue = lex.cue(lemma, "DET")
        elif c.dep_ == "amod":
            cue = lex.cue(lemma, "ADJ")
        if cue is not None and cue.own:
            out.append((cue.own, cue, c))
    return out


def _has_subject(tok) -> bool:
    return any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in tok.children)


def imperative(verb) -> bool:
    """A verb in the imperative: a base form heading its own clause (the sentence, or what is
    quoted) with no subject, auxiliary or subordinator: "Share this article", '"Attack them at
    dawn," he told his men'. What it names is asked for, not told as done."""
    return verb.tag_ == "VB" and verb.dep_ in {"ROOT", "ccomp", "parataxis"} and not any(
        c.dep_ in {"nsubj", "nsubjpass", "expl", "aux", "auxpass", "mark"} for c in verb.children)


def _collect(found: list, trigger, node, up, dep: str, prep, rel: str, complement: bool, cue, first: bool,
             event_heads: set, lex: Lexicon) -> bool:
    """Add the cues one step up the parse brings; False when the walk has reached what the
    act is a given or a mention of, above which nothing changes its modality."""
    pcue = lex.cue(prep.lower_, "PREP") if prep is not None else None
    theme = prep is None or pcue is not None
    if pcue is not None and pcue.own:  # "suspended the talks without reaching a deal": no deal
        found.append((pcue.own, pcue.kind, prep))
    if rel == "object" and not theme and dep == "pobj":
        return False  # an act named in a circumstance ("during a meeting", "since the strikes") is a given
    if dep == "relcl" or (dep == "acl" and cue is None):
        found += [(value, c.kind, ctok) for value, c, ctok in own_cues(up, lex) if value == "hypothetical"]
        return False  # a relative or participial clause describes: what it says is a given
    if first and rel == "object" and not trigger.verb:
        if up in event_heads or cue is not None:
            # an event named as what another act is about: mentioned, not narrated
            if cue is None or not cue.object or lex.verbal(trigger.type):
                found.append(("reported", "", up))
                return False
            found.append((cue.object, cue.kind, up))
    elif cue is not None and cue.kind != "speech":
        value = cue.clause if complement else cue.object if rel == "object" else None
        if value:
            found.append((value, cue.kind, up))
    if dep == "conj" and any(c.dep_ in {"aux", "neg"} for c in node.children):
        return True  # a verb joined to another with modals of its own keeps its own ("would not accept the
        # deal and would resume attacks" resumes them)
    shared = dep == "xcomp" or (dep == "conj" and not _has_subject(node))
    if shared or cue is not None:  # modals and negation that reach down to the act
        found += [(value, c.kind, ctok) for value, c, ctok in own_cues(up, lex)]
    elif first:  # "a strike could come", but not "his forces' seizure would give him a chip"
        found += [(value, c.kind, ctok) for value, c, ctok in own_cues(up, lex) if value != "planned"]
    return True


def purpose(verb) -> bool:
    """An infinitive heading a clause of purpose on a verb: "deployed troops to fight the
    insurgents". What it names is what someone meant to do, not what the text tells as done. A
    verb's complement ("began to attack", "urged them to attack") is no purpose, and neither is
    a noun's infinitive, as often its content ("the decision to recall its staff") as its purpose."""
    return verb.tag_ == "VB" and verb.dep_ == "advcl" and verb.head.pos_ in {"VERB", "AUX"} and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def not_yet(verb) -> bool:
    """A verb in "has yet to" or "is yet to": what has not happened so far ("the two sides have yet to
    agree on a date", "the army is yet to retake the town")."""
    return verb.dep_ == "xcomp" and verb.head.lemma_ in {"have", "be"} and any(
        c.dep_ == "advmod" and c.lower_ == "yet" for c in verb.head.children)


def _clause_of(tok):
    """The verb heading the clause a word's act belongs to, up through the complements, coordinations
    and prepositional clauses that share its subject ("help us expose the truth by sharing it": help)."""
    while tok.dep_ in {"xcomp", "conj", "pcomp", "prep", "advcl"} and tok.head != tok and not _has_subject(tok):
        tok = tok.head
    return tok


def read(trigger, event_heads: set, lex: Lexicon) -> Reading:
    """The modality of a trigger group, with the cue that decided it and the governing speech verb."""
    head = trigger.head
    found: list[tuple[str, str, object]] = []
    own_negated = False
    for tok in [head] + ([trigger.noun] if trigger.noun is not None else []):
        for value, cue, ctok in own_cues(tok, lex):
            found.append((value, cue.kind, ctok))
            own_negated |= value == "negated"
    if head.dep_ == "nsubj" and head.head.lemma_ == "be":  # "his resignation is a precondition for talks"
        for attr in (c for c in head.head.children if c.dep_ == "attr"):  # (not "the march was a plea for calm")
            cue = lex.cue(attr.lemma_.lower(), "NOUN")
            if cue is not None and cue.object and cue.kind == "must":
                found.append((cue.object, cue.kind, attr))
    node, first, speech, collecting = head, True, None, True
    if purpose(head):
        found.append(("planned", "purpose", head))
    if not_yet(head):
        found.append(("negated", "", head.head))
    if imperative(_clause_of(head)):
        found.append(("urged", "imperative", head))  # "Share this article", "Help us expose it by sharing this story"
    while node.head != node:
        dep, up = node.dep_, node.head
        prep = None
        if dep in {"pobj", "pcomp"} and up.dep_ in {"prep", "agent"} and up.head != up:
            prep, up = up, up.head
        complement = dep in COMPLEMENT or (dep == "acl" and up.pos_ in {"NOUN", "PROPN"})
        rel = "object" if dep in OBJECT else "clause" if dep in CLAUSAL or complement else "other"
        cue = lex.cue(up.lemma_.lower(), _pos(up))
        if cue is not None and cue.kind == "speech" and (complement or dep == "parataxis"):
            speech = up
            break
        if collecting:  # past a given or a mention, only the speech verb is still looked for
            collecting = _collect(found, trigger, node, up, dep, prep, rel, complement, cue, first,
                                  event_heads, lex)
        node, first = up, False
    if not found:
        return Reading("asserted", speech=speech)
    kinds = frozenset(k for _, k, _ in found if k)
    if any(v == "denied" for v, _, _ in found):
        pick = next(f for f in found if f[0] == "denied")
    elif own_negated:
        pick = next(f for f in found if f[0] == "negated")
    else:
        pick = min(found, key=lambda f: ORDER.index(f[0]) if f[0] in ORDER else len(ORDER))
    return Reading(pick[0], pick[1], pick[2], speech, kinds)


def ahead(d: dict | None, article_date: dict | None) -> bool:
    """Whether an act's date lies wholly after its article's: what is told of it is to come."""
    if not d or not d.get("earliest") or not article_date or not article_date.get("latest"):
        return False
    return date.fromisoformat(d["earliest"]) > date.fromisoformat(article_date["latest"])


def historical(d: dict | None, article_date: dict | None) -> bool:
    """Whether an act's date puts it well before its article's news (`HISTORICAL_DAYS`), or names
    only a month or a year wholly before the article's month ("In May, a strike killed 19" in a June
    story: news tells its own acts by the day): background."""
    if not d or not d.get("latest") or not article_date or not article_date.get("earliest"):
        return False
    latest, published = date.fromisoformat(d["latest"]), date.fromisoformat(article_date["earliest"])
    if d.get("precision") in {"month", "year"} and latest < published.replace(day=1):
        return True
    return latest < published - timedelta(HISTORICAL_DAYS)
