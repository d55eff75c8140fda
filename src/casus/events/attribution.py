"""Attribution: who says an event happened, with the words that say it.

The speaker is the subject of the speech verb that governs the event ("..., three militia
sources said"; "Amwaj media claims that ..."; "were quoted as saying"), or the object of
"according to". Its phrase decides the kind (attribution.tsv): an outlet is media, a
text is a document, an unnamed person or group ("a senior official", "US officials") is
anonymous, and a named person or an institution is official.
"""

from __future__ import annotations

from casus.events.arguments import children, phrase, subject
from casus.events.lexicon import Lexicon

NONE = {"text": None, "kind": "none", "start": None, "end": None}


def speaker_of(verb, lex: Lexicon):
    """The one who speaks through a speech verb, also in "were quoted as saying"."""
    if verb.dep_ == "pcomp" and verb.head.dep_ == "prep" and verb.head.head.pos_ == "VERB":
        outer = verb.head.head
        found = children(outer, "nsubjpass") or children(outer, "nsubj")
        if found:
            return found[0]
    return subject(verb, lex)


def according_to(tok):
    for c in tok.children:
        if c.lower_ == "according":
            for g in c.children:
                if g.lower_ == "to":
                    return next((p for p in g.children if p.dep_ == "pobj"), None)
    return None


def _claimer(head, lex: Lexicon):
    """Whoever makes the claim that governs the event ("Amwaj media claims that ...")."""
    node = head
    while node.head != node:
        up = node.head
        if node.dep_ in {"ccomp", "xcomp", "acl"}:
            pos = "VERB" if up.pos_ in {"VERB", "AUX"} else "NOUN"
            cue = lex.cue(up.lemma_.lower(), pos)
            if cue is not None and cue.clause == "claimed":
                if pos == "VERB":
                    return subject(up, lex)
                mods = children(up, "poss", "compound", "nmod")
                return mods[0] if mods else None
        node = up
    return None


def _trailing_speech(head, c, lex: Lexicon) -> bool:
    """"X attacked Y, he said": a speech verb parsed below the event it reports."""
    if c.pos_ != "VERB" or c.i < head.i:
        return False
    cue = lex.cue(c.lemma_.lower(), "VERB")
    if cue is None or cue.kind != "speech":
        return False
    return c.dep_ == "parataxis" or not any(g.dep_ in {"ccomp", "xcomp"} for g in c.children)


def speaker(trigger, speech, lex: Lexicon):
    """The token of whoever the event is attributed to, or None."""
    if speech is not None:
        return speaker_of(speech, lex)
    node = trigger.head
    while True:
        found = according_to(node)
        if found is not None:
            return found
        for c in node.children:
            if c.dep_ in {"parataxis", "advcl", "ccomp"} and c not in trigger.all_tokens and \
                    _trailing_speech(trigger.head, c, lex):
                return speaker_of(c, lex)
        if node.head == node:
            break
        node = node.head
    return _claimer(trigger.head, lex)


def kind(tok, start: int, end: int, lex: Lexicon) -> str:
    """media | document | anonymous | official, from the words of the speaker's phrase."""
    doc = tok.doc
    span = doc.char_span(start, end, alignment_mode="expand")
    words = [t.lower_ for t in span] if span is not None else [tok.lower_]
    kinds = {lex.attribution.get(w) for w in words}
    head = tok.lemma_.lower()
    named = any(t.ent_type_ == "PERSON" for t in span) if span is not None else False
    if "media" in kinds:
        return "media"
    if lex.attribution.get(head) == "document" or lex.attribution.get(tok.lower_) == "document":
        return "document"
    if not named and "anonymous" in kinds:
        return "anonymous"
    return "official"


def attribute(trigger, speech, lex: Lexicon) -> dict:
    """The contract's attribution dict {text, kind} (plus the span's offsets) for one event."""
    tok = speaker(trigger, speech, lex)
    if tok is None:
        return dict(NONE)
    start, end = phrase(tok)
    text = tok.doc.char_span(start, end).text
    return {"text": text, "kind": kind(tok, start, end, lex), "start": start, "end": end}
