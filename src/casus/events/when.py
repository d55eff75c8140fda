"""When an event happened: the temporal expression that dates its own clause, resolved
against the article's date by the time stage's resolver ("the June 27 strikes" is
2021-06-27 in an article of mid-July; "last week" is a range).

An expression belongs to the nearest event above it in the parse; a meeting named in a
"during"/"at" phrase is the occasion of the act it modifies, so its date passes up
("urged ... during a meeting in Baghdad last week"). A clause that is no event dates the
event it names ("clashes left six dead on Friday", "observed 12 explosions on 4 May",
"gathered on Monday to protest"). An event with no date of its own takes the date of the
act it is coordinated or subordinated to ("offered ... on Friday, ... even as he and Modi
agreed"), or of one told as at the same time below it ("repelled an attack as they pushed
on to take the town on Friday"), never one from a reported or embedded clause. A clause that
is no event, told as at the time of an act, dates that act ("Addressing a briefing in the
afternoon, he accused"); an act told in a relative clause of a date, or of the thing a date
dates, takes it ("on Saturday, when fighters overran", "a speech on Saturday in which he
accused"). A bare time of day is on the day the text named last ("late on Monday ... at around
10 p.m.").

A bound is no date: "until 2030", "by June", "as of 22 June" date nothing, while "since
19 June" makes a range from that day to the article's ("on strike since 19 June").
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

from casus.time import timex
from casus.events.arguments import hung_time
from casus.events.lexicon import Lexicon

OCCASION_PREPS = {"during", "at", "amid"}
SAME_TIME = ("xcomp", "advcl", "conj")  # clauses told as at the time of the one they hang on
BOUNDING_PREPS = {"until", "till", "since", "by"}  # "until 2030", "since 2014", "by June": a bound, not the act's date
WHILE_MARKS = {"as", "when", "while"}  # a clause at the same time as the act it modifies
STANCE = {"confirm", "claim", "deny", "acknowledge", "admit"}  # verbs of saying whose object happened before them
SCENE_PREPS = {"in", "during", "amid"}  # an event noun they hang on a verb is the act's occasion: "killed in clashes"
TOLD_DEPS = ("dobj", "nsubjpass", *SAME_TIME, "prep", "nsubj")  # what a clause that is no event is about, best first
VALUE = re.compile(r"\d{4}(?:-\d\d(?:-\d\d)?|-W\d\d|-Q[1-4]|-H[12]|-(?:SP|SU|FA|WI))?")  # ISO 8601 / TIMEX3 dates


def _dated_by(tok, owners: dict, lex: Lexicon) -> list[tuple[int, bool, bool]]:
    """The groups a temporal expression dates (by index), walking up the parse from it: the
    nearest, and when that is an occasion ("during a meeting"), also the act above it; each
    with whether it came through an occasion, and whether through a clause that is no event
    (a date of an act's own clause is the better evidence: "has been based there since the
    1990s and pledged allegiance in 2019")."""
    out: list[tuple[int, bool, bool]] = []
    if _said_day(tok, lex):
        return out
    node, below = tok, None
    while True:
        if below is not None and _of_thing(node, below, owners):
            return out  # the date of a thing, not of an act: "the August 3 elections", "a plan up to 2030"
        i = owners.get(node)
        if i is not None and all(i != j for j, _, _ in out):
            out.append((i, bool(out), False))
            if not (node.dep_ == "pobj" and node.head.lower_ in OCCASION_PREPS):
                return out
        if node != tok and node.pos_ in {"VERB", "AUX"} and i is None and not (
                node.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in WHILE_MARKS for c in node.children)):
            # a clause that is no event: the date is of the event it names ("came after deadly
            # US air strikes ... on June 27", "clashes left six dead"), else of the clause itself
            # ("appointed last year")
            told = _told(node, below, owners, lex)
            if told is None and node.dep_ == "relcl" and node.head in owners and relative_subject(node):
                told = owners[node.head]  # what an event noun did: "the uprising that toppled him in 2011"
            if told is not None:
                out.append((told, False, True))
            if told is not None or not (node.dep_ == "advcl" and _same_time(node) or _ongoing_participle(node)):
                return out
            # else the act it is told as at the time of ("Addressing a briefing in the afternoon, he accused",
            # "hit a school sheltering displaced families on Saturday")
        if node.head == node:
            return out
        if _bracketed(node.head, node):  # "On 4 May (as reported on 6 May), gunmen attacked": a misparse
            node, below = _outside(node), node
            continue
        cue = lex.cue(node.head.lemma_.lower(), "VERB")
        if cue is not None and cue.kind == "speech" and node.dep_ in {"ccomp", "parataxis", "npadvmod", "prep"}:
            told = _reported(node, owners, lex)
            if told is not None:
                out.append((told, False, True))
            return out  # "officials said Thursday": the day it was said
        node, below = node.head, node


def _ongoing_participle(clause) -> bool:
    """Whether a clause is an -ing participle describing a noun ("a school sheltering families"): what
    goes on at the time of the act the noun takes part in (not "a school built in 2010")."""
    return clause.dep_ == "acl" and clause.tag_ == "VBG"


def relative_subject(clause) -> bool:
    """Whether a relative clause's subject is its relative pronoun ("that toppled", "which killed")."""
    return any(c.dep_ in {"nsubj", "nsubjpass"} and c.tag_ in {"WDT", "WP"} for c in clause.children)


def _bracketed(head, tok) -> bool:
    """Whether `head` is inside brackets that `tok` is outside of: no word outside an aside
    hangs on one in it, so such a parse is wrong."""
    lo, hi = sorted((tok.i, head.i))
    between = [t.text for t in tok.doc[lo + 1:hi]]
    opened, closed = between.count("("), between.count(")")
    return opened > closed if tok.i < head.i else closed > opened


def _outside(tok):
    """The nearest word above `tok` that is not inside an aside `tok` is outside of."""
    head = tok.head
    while _bracketed(head, tok) and head.head != head:
        head = head.head
    return head


def _told(verb, below, owners: dict, lex: Lexicon, deps: tuple[str, ...] = TOLD_DEPS) -> int | None:
    """The event (group index) a verb that is no event is about: its object or passive subject
    ("observed 12 explosions", "fighting was reported"), the act it is done for or goes on to
    ("gathered to protest", "continued to shell", "arrived and arrested five"), one in a phrase of
    it ("came after strikes"), else its subject ("clashes left six dead"); not the clause the date
    came up from, nor what it plans or urges. Through a clause that is no event either ("took the
    town and went on to shell")."""
    found = []
    for c in verb.children:
        if c == below or c.dep_ not in deps or (c.dep_ == "advcl" and not _same_time(c)) or _intended(c, lex):
            continue
        words = [g for g in c.children if g.dep_ == "pobj"] if c.dep_ == "prep" else [c]
        found += [(deps.index(c.dep_), -w.i, owners[w]) for w in words if w in owners]
        if c not in owners and c.pos_ == "VERB" and _same_time(c):
            found += [(deps.index(c.dep_), -c.i, i) for i in [_told(c, None, owners, lex, SAME_TIME)] if i is not None]
    return min(found)[2] if found else None


def _reported(below, owners: dict, lex: Lexicon) -> int | None:
    """The event that a date on a verb of saying (reached from `below`) dates too: its object or
    passive subject ("observed 12 explosions on 4 May", "fighting was reported on 23 June"), or,
    when the date opens the sentence before the speaker, what is said to have happened then ("On
    4 May, the army reported that rebels shelled the airport"; not "... said it had shelled", "...
    said they would")."""
    verb = below.head
    if verb.lemma_.lower() in STANCE:
        return None  # "police confirmed the attack on Wednesday": the day of the confirming, not of the attack
    told = _told(verb, below, owners, lex, ("dobj", "nsubjpass"))
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    if told is not None or below.dep_ != "prep" or subject is None or below.i > subject.i:
        return told
    said = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if said is None or any(a.lower_ == "had" or a.tag_ == "MD" for a in said.children if a.dep_ in {"aux", "auxpass"}):
        return None
    return owners[said] if said in owners else _told(said, None, owners, lex)


def _same_time(clause) -> bool:
    """Whether a clause is told as at the time of the one it hangs on: coordinated, a
    complement, or an adverbial clause with no mark, a while-mark or "to" ("attacked the
    village, killing five", "as they pushed on", "fired to disperse them"), not "after ..."."""
    if clause.dep_ != "advcl":
        return clause.dep_ in SAME_TIME
    marks = [c.lower_ for c in clause.children if c.dep_ == "mark"]
    return all(m in WHILE_MARKS for m in marks)


def _intended(clause, lex: Lexicon) -> bool:
    """Whether a clause is what the verb above it plans, agrees to, urges or threatens (a cue
    that changes its modality): it happens later, if at all."""
    cue = lex.cue(clause.head.lemma_.lower(), "VERB") if clause.dep_ == "xcomp" else None
    return cue is not None and cue.clause not in {None, "-"}


def _bound(tok) -> str | None:
    """The preposition that makes a date a bound of an act rather than its date ("until 2030",
    "since 2014", "by June", "as of 22 June", "up to 2030"), if any."""
    if tok.dep_ != "pobj":
        return None
    for first, second in (("as", "of"), ("up", "to")):
        if tok.head.lower_ == second and tok.head.head.lower_ == first:
            return f"{first} {second}"
    return tok.head.lower_ if tok.head.lower_ in BOUNDING_PREPS else None


def ranked(tok) -> bool:
    """Whether a word ranks an act among others ("the deadliest since", "the first since"), itself
    or by its complement or modifier ("was the deadliest in the region since", "the worst attack
    on the town since"): the span after it is what the act is compared with, no date of it."""
    return _ranks(tok) or any(c.dep_ in {"attr", "acomp", "amod"} and _ranks(c) for c in tok.children)


def _ranks(tok) -> bool:
    return tok.tag_ in {"JJS", "RBS"} or tok.lower_ in {"first", "worst", "biggest", "largest"}


def _of_thing(node, below, owners: dict) -> bool:
    """Whether a date reached `node` (from `below`) as a modifier of a thing that is no act: a
    compound or complement of a noun ("the August 3 elections", "the period up to 2030"). Not
    through "on", "in" or "at": a parse often hangs the act's date on the noun before it
    ("killed in the village of Kafe on Monday")."""
    if node.pos_ not in {"NOUN", "PROPN"} or node in owners or node.ent_type_ in {"DATE", "TIME"}:
        return False
    if node.dep_ == "nsubj" and hung_time(below, node):
        return False  # "Sunday night gunmen attacked": the clause's date, hung on its subject by the parse
    return below.dep_ in {"compound", "nmod", "amod", "nummod", "poss"} or (
        below.dep_ == "prep" and below.lower_ not in {"on", "in", "at"})


def _tree(tok) -> int:
    """The root (its index) of the parse tree a word is in."""
    while tok.head != tok:
        tok = tok.head
    return tok.i


def anchors(doc, timexes: list[dict]) -> list[tuple[dict, Any, int]]:
    """The date and time expressions of an article, each with the word it hangs on and the root
    of that word's parse tree (it can only date events of that tree): found once per article.
    A bound is left out, but "since" (marked `since`: it dates from then to the article's day)."""
    out, text = [], doc.text  # (spaCy rebuilds a Doc's text from its words at every access)
    for tx in timexes:
        if tx.get("type") == "DURATION" and _counted(tx, text) is not None:
            tx = dict(tx, counted=True)  # "two days later": a day counted from the last one named
        elif tx.get("type") not in {"DATE", "TIME"}:
            continue
        span = doc.char_span(tx["start"], tx["end"], alignment_mode="expand")
        if span is None or not len(span):
            continue
        bound = _bound(span.root)
        if bound == "since" and ranked(span.root.head.head):
            tx = dict(tx, ranked=True)  # "the deadliest since 2019": dates only what it tells of ("when ...")
        elif bound == "since":
            tx = dict(tx, since=True)
        elif bound:
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
    dated: dict[int, tuple[tuple[bool, int], dict, bool]] = {}
    for tx, root, tree in dates:
        if tree not in trees or tx.get("ranked"):
            continue
        for i, via_occasion, indirect in _dated_by(root, owners, lex):
            rank = (indirect, abs(root.i - groups[i].head.i))  # its own clause's date first, then the nearest
            if i not in dated or rank < dated[i][0]:
                dated[i] = (rank, tx, via_occasion)
    out = {i: tx for i, (_, tx, _) in dated.items()}
    heads = {g.head: i for i, g in enumerate(groups)}
    for j in sorted(dated, key=lambda j: dated[j][0]):  # the acts told as at the same time as a dated one below them,
        node = groups[j].head  # not an act that agrees to, plans or threatens it ("agreed to meet on Thursday")
        while _same_time(node) and not _intended(node, lex) and node.head != node:
            node = node.head
            k = heads.get(node)
            if k in dated:
                break
            if k is not None:
                out.setdefault(k, out[j])
    for tx, root, _ in dates:  # an act told in a relative clause of the date or of the thing it dates
        things = {root} | ({root.head.head} if root.dep_ == "pobj" and root.head.lower_ in {"on", "in"} else set())
        named = root.head if root.dep_ in {"compound", "nummod", "amod", "nmod"} else None  # "the 2020 protests"
        for i, g in enumerate(groups):  # ("on Saturday, when fighters overran", "a speech on Saturday in which he
            # accused"; of a thing the date only names, a "when" clause: "the 2020 protests, when police opened
            # fire", not "the 2015 deal, which Trump left")
            if i not in out and g.head.dep_ == "relcl" and (g.head.head in things or g.head.head == named and any(
                    c.dep_ == "advmod" and c.lower_ == "when" for c in g.head.children)) and not any(
                    c.tag_ == "MD" for c in g.head.children if c.dep_ == "aux"):  # (the day itself, not the span
                out[i] = {k: v for k, v in tx.items() if k not in ("since", "ranked")}  # "since 2019, when
                # militants killed 40" opens)
    for i, g in enumerate(groups):  # what a dated act set off, and an act told in a relative clause of it
        j = _caused_by(g, heads) if i not in out else None  # ("his arrest in May sparked protests, in which
        if j is not None and j in out and not DAY.fullmatch(out[j].get("value") or ""):  # military installations
            # were attacked"; a day is no consequence's: "a killing on Monday sparked protests" may be Tuesday's)
            out[i] = out[j]
            for k, h in enumerate(groups):
                if k not in out and h.head.dep_ == "relcl" and h.head.head == g.head:
                    out[k] = out[j]
    for i, g in enumerate(groups):
        if i in out:
            continue
        node = g.head
        scene = node.head.head if not g.verb and node.dep_ == "pobj" and node.head.lower_ in SCENE_PREPS else None
        if heads.get(scene) in out:  # "killed in demonstrations in 2023", "arrested during protests in 2019":
            out[i] = out[heads[scene]]  # the occasion of a dated act is of its time
            continue
        while node.dep_ in SAME_TIME and node.head != node:  # the act it is coordinated or subordinated to
            node = node.head
            if heads.get(node, i) != i and heads[node] in out:
                out[i] = out[heads[node]]
                break
        else:  # the occasion of the act it asks for ("urged ... to step up attacks during a meeting last week")
            for j, h in enumerate(groups):
                if j in dated and dated[j][2] and h.head.dep_ == "xcomp" and h.head.head == g.head:
                    out[i] = dated[j][1]
    sents = [g.head.sent for g in groups] if dates else []
    for tx, root, _ in dates:  # a date set before the sentence's first clause dates the acts its verbs tell,
        # (the acts it could date first: reading the date's own words is the dearer test)
        acts = [i for i, g in enumerate(groups) if i not in out and g.verb and sents[i].start <= root.i < sents[i].end
                and g.head.i > root.i]
        if acts and _fronted(root) and _bound(root) is None:  # not one a noun names ("suspected of the attack")
            for i in acts:  # nor what someone says ("On 6 March, the army said it had killed")
                if not _intended(groups[i].head, lex) and not _reported_clause(groups[i].head):
                    out[i] = tx
    return out


def before_a_date(g, dates: list[tuple[dict, Any, int]], article: Any, doc, lex: Lexicon) -> dict | None:
    """The date of the clause an undated act is told as coming before, in an "after" or "before"
    clause ("the insurgency began in 2023 after the government moved to disband the forces"): the
    act happened by then, so a clause dated long ago makes it background too."""
    clause = g.head
    while clause.dep_ in {"xcomp", "conj"} and clause.head != clause:
        clause = clause.head
    if clause.dep_ != "advcl" or not any(c.dep_ == "mark" and c.lower_ in {"after", "before"} for c in clause.children):
        return None
    main = clause.head
    tx = next((tx for tx, root, _ in dates
               if root.head == main or root.dep_ == "pobj" and root.head.head == main), None)
    return resolve(tx, article, doc, lex) if tx is not None else None


CAUSES = {"spark", "trigger", "prompt", "provoke", "cause", "ignite", "unleash"}  # verbs of an act's consequence


def _caused_by(g, heads: dict) -> int | None:
    """The act (group index) whose consequence an event noun is told as: the subject of a verb of
    causing it is the object of ("his arrest in May sparked protests")."""
    noun = g.head
    if g.verb or noun.dep_ != "dobj" or noun.head.lemma_.lower() not in CAUSES:
        return None
    return next((heads[s] for s in noun.head.children if s.dep_ == "nsubj" and s in heads), None)


def _reported_clause(tok) -> bool:
    """Whether a word lies in a clause that is what a verb above it says ("said it had killed")."""
    while tok.head != tok:
        if tok.dep_ in {"ccomp", "parataxis"}:
            return True
        tok = tok.head
    return False


def _fronted(tok) -> bool:
    """A date that opens its sentence, set off by a comma ("In March, jets struck hideouts near
    Khost, killing eight"): it is the time of the whole sentence, also where the parse went wrong
    below it."""
    top = tok.head if tok.dep_ == "pobj" and tok.head.dep_ == "prep" else tok
    span = list(top.subtree)
    after = span[-1].i + 1
    return span[0].i == tok.sent.start and after < len(tok.doc) and tok.doc[after].text == ","


DAY = re.compile(r"\d{4}-\d\d-\d\d")
CONTEXT_CHARS = 24  # text before an expression read with it when alone it is none ("In March")


def _narrative(tx: dict) -> int | None:
    """For a day told from the last one the text named ("the next day", "the day before", "in the
    morning" after "on Monday"), which the time stage resolved from it (its `value`, a day or a
    part of one), not from the article's date: the days it counts from that one (1, -1, 0)."""
    found = timex.find(tx["text"])
    ok = bool(found) and found[0].spec.kind == "narrative" and not found[0].spec.unit and bool(
        DAY.match(tx.get("value") or ""))
    return found[0].spec.n if ok else None


COUNTED = re.compile(r"\s*(later|afterwards|after that|earlier|before that)\b", re.I)
DAYS = re.compile(r"P(\d+)([DW])")


def _counted(tx: dict, text: str) -> int | None:
    """+1 or -1 for a stretch of whole days or weeks told as counted on or back from the day the
    text named last ("two days later", "a week earlier": TimeML keeps "later" out of the
    expression, a duration), else None."""
    m = COUNTED.match(text, tx["end"])
    if m is None or not DAYS.fullmatch(tx.get("value") or ""):
        return None
    return -1 if m.group(1).lower().startswith(("earlier", "before")) else 1


def _last_day(tx: dict, article: Any, doc, lex: Lexicon) -> str | None:
    """The last full day the text named before an expression, if any, but a day something was said
    on ("killed 14 on Sunday, officials said on Monday. The attackers arrived in the afternoon":
    Sunday afternoon)."""
    before = [t for t in article.timexes or [] if t["end"] <= tx["start"] and t.get("type") == "DATE"
              and DAY.fullmatch(t.get("value") or "") and not _of_saying(t, doc, lex)]
    return before[-1]["value"] if before else None


def _of_saying(tx: dict, doc, lex: Lexicon) -> bool:
    """Whether a date is the day of a verb of saying ("said on Monday", "told Reuters on Monday")."""
    span = doc.char_span(tx["start"], tx["end"], alignment_mode="expand")
    if span is None or not len(span):
        return False
    root = span.root
    verb = root.head.head if root.dep_ == "pobj" and root.head.dep_ == "prep" else root.head
    return _speech(verb, lex) or _said_day(root, lex)


def _speech(verb, lex: Lexicon) -> bool:
    cue = lex.cue(verb.lemma_.lower(), "VERB") if verb.pos_ == "VERB" else None
    return cue is not None and cue.kind == "speech"


def _said_day(root, lex: Lexicon) -> bool:
    """Whether the parse hung the day of a saying on what is said, done before it: "the army said on
    Monday | it had killed 30" (the day comes after the verb of saying, before the subject of the
    clause said, which is in the perfect; "said on Tuesday it was sending troops" is Tuesday's)."""
    if root.dep_ != "pobj" or root.head.dep_ != "prep" or root.head.head.dep_ != "ccomp":
        return False
    prep, said = root.head, root.head.head
    if not any(c.dep_ == "aux" and c.lemma_ == "have" for c in said.children):
        return False
    subject = next((c for c in said.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return _speech(said.head, lex) and said.head.i < prep.i and subject is not None and prep.i < subject.i


def _counted_day(tx: dict, article: Any, doc, lex: Lexicon) -> str | None:
    """The day a counted stretch ends on: the last full day the text named before it, moved by it."""
    day = _last_day(tx, article, doc, lex)
    if day is None:
        return None
    n, unit = DAYS.fullmatch(tx["value"]).groups()
    shift = int(n) * (7 if unit == "W" else 1) * _counted(tx, article.text)
    return (date.fromisoformat(day) + timedelta(days=shift)).isoformat()


TODAY = re.compile(r"\b(?:today|tonight|this)\b", re.IGNORECASE)


def _bare_clock(tx: dict) -> bool:
    """A time of day with no day ("at around 10 p.m.", "shortly before midnight"): in a story it is
    on the day the text named last ("late on Monday ... broke out at around 10 p.m."), which the
    time stage, reading it alone, puts on the article's day."""
    found = timex.find(tx["text"])
    return (tx.get("type") == "TIME" and bool(found) and found[0].spec.kind == "offset" and found[0].spec.n == 0
            and found[0].spec.clock is not None and not TODAY.search(tx["text"]))


def _resolved(tx: dict, article: Any, direction: int | None) -> dict[str, Any] | None:
    """The expression resolved against the article's date, read with the words before it where
    alone it is no date: the time stage found "March" in "In March," and "May" in "in May", which
    alone are a verb and a modal."""
    r = timex.resolve_text(tx["text"], article.date, direction)
    if r is not None:
        return r
    lo = max(0, tx["start"] - CONTEXT_CHARS)
    m = next((m for m in timex.find(article.text[lo:tx["end"]]) if lo + m.end == tx["end"]), None)
    return None if m is None else dict(timex.resolve(m.spec, timex.as_ref(article.date), direction).as_dict(),
                                       text=m.text, type=m.type)


def resolve(tx: dict, article: Any, doc, lex: Lexicon) -> dict[str, Any] | None:
    """The contract's event date {value, precision} (with earliest/latest) for a timex, or None
    when the article's date cannot anchor it."""
    if tx.get("counted"):
        day = _counted_day(tx, article, doc, lex)
        return None if day is None else {"value": day, "precision": "day", "earliest": day, "latest": day}
    if _bare_clock(tx) and (day := _last_day(tx, article, doc, lex)) is not None:
        return {"value": day, "precision": "day", "earliest": day, "latest": day}
    r = _resolved(tx, article, timex.direction(doc, tx["start"], tx["end"]))
    if r is not None and (n := _narrative(tx)) is not None:  # "the next day" counts from the day the
        day = _last_day(tx, article, doc, lex)  # text named last, where the time stage resolved it
        day = tx["value"][:10] if day is None else (date.fromisoformat(day) + timedelta(days=n)).isoformat()
        r = dict(r, value=day, earliest=day, latest=day)
    if r is None or r["earliest"] is None or r["latest"] is None:
        return None  # "recently", "in the past": no calendar anchor on one side
    value, earliest, latest = r["value"], r["earliest"], r["latest"]
    if tx.get("since"):  # from then to the article's day
        latest = (article.date or {}).get("latest")
        if latest is None or latest < earliest:
            return None
        value = None
    if not VALUE.fullmatch(value or ""):  # a part of a day ("2021-06-27TAF"), "PRESENT_REF", a span
        value = earliest if earliest == latest else f"{earliest}/{latest}"
    precision = timex.precision(date.fromisoformat(earliest), date.fromisoformat(latest))
    return {"value": value, "precision": precision, "earliest": earliest, "latest": latest}
