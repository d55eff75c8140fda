"""Recognition: which spans of an article name places, and what the words around them say.

spaCy's small model finds most GPE/LOC/FAC spans but misses or mislabels transliterated
names ("Ain al-Asad", "Shindand") and places inside organisation names ("Marion County
Fire District"). The gazetteer is therefore also matched against capitalised token runs,
with rules that keep precision: a run that spaCy calls a person, an organisation, a
nationality or a date is a place only when the words around it say so.
"""

from __future__ import annotations

import json
import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cached_property, lru_cache
from importlib import resources

from spacy.attrs import IDX, IS_ALPHA, IS_PUNCT, LOWER, ORTH, SENT_START, SPACY

from casus import dateline
from casus.analyse import POSSESSIVE, titles
from casus.places.gazetteer import ABBREV, BROAD, Gazetteer, Place, namesake_seat, plain, within

PLACE_LABELS = {"GPE", "LOC", "FAC"}
NUMERIC_LABELS = {"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"}
MAX_TOKENS = 7
POPULATED = {"city", "capital"}
BIG_TOWN_POPULATION = 50_000  # a town whose one-word name is a place where spaCy says person (see `_accept`)
PLACE_ROLES = {"dobj", "pobj", "nsubjpass", "compound"}  # ... when the parse has it acted on or in
SPELLING_POPULATION = 1000  # a town another spelling of whose name is trusted after "in", "near"
SPELLING_SIMILARITY = 0.8  # difflib ratio of such a spelling to the name ("svitlodarsk", "svetlodarsk": 0.91)
PROMINENT_POPULATION = 100_000
MAX_NAME_WORDS = 4  # words of a place's name read back from a comma
SHORT_NAME_POPULATION = 20_000  # a name of three letters or fewer is a town only if it is this big
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
SURNAME_SAFE_POPULATION = 1_000_000  # "George Washington" does not make Washington a surname alone


@lru_cache(maxsize=1)
def terms() -> dict:
    data = json.loads(resources.files("casus").joinpath("data", "places", "terms.json").read_text("utf-8"))
    data["designator_level"] = {w: level for level, words in data["designators"].items() for w in words}
    data["designator_plural"] = {_plural(w): level for w, level in data["designator_level"].items() if w.isalpha()}
    for k in ("location_prepositions", "event_prepositions", "name_connectors", "institution_words", "street_names",
              "area_words", "settlement_words", "name_openers", "qualifiers"):
        data[k] = set(data[k])
    data["outlet_pattern"] = re.compile(r"\b(?:" + "|".join(map(re.escape, data["outlets"])) + r")\b")
    return data


def _plural(word: str) -> str:
    """The English plural of a designator: county -> counties, parish -> parishes, state -> states."""
    if word.endswith("y") and word[-2:-1] not in set("aeiou"):
        return word[:-1] + "ies"
    return word + ("es" if word.endswith(("s", "sh", "ch", "x")) else "s")


def _part_of(words: list[str], directions: list[str]) -> bool:
    """Whether the words between ", " and a second name say the first lies in it: a direction
    ("Kidal, northern Mali", "far northern"), with or without "in" ("Beni, in eastern Congo"). A
    bare "in" may as well go on a list ("in Michigan, in Utah's Zion National Park")."""
    rest = words[1:] if words[:1] == ["in"] else words
    return 1 <= len(rest) <= 2 and all(w in directions for w in rest)


@dataclass
class Mention:
    """A span that names a place, its gazetteer candidates and the cues that resolve it."""

    start: int  # token indexes in the spaCy Doc
    end: int
    start_char: int
    end_char: int
    text: str
    candidates: list[Place]
    source: str  # "ner" or "gazetteer"
    designator: str | None = None  # admin1 | admin2 | city, from "Anbar province", "Kursk region"
    container: "Mention | None" = None  # the place it is said to lie in: "Town, State", "Russia's Kursk"
    # the text says outright that it lies in the container ("X (Y)", "the X area of Y", "X district, Y"),
    # not only by a comma that may as well join a list ("Houston, Dallas and Austin")
    contained: bool = False
    same_country: bool = False  # "Town, Province." with no list going on: it lies in the container's country
    place: Place | None = None  # set by resolution
    confidence: float = 0.0
    # part of a street's name ("Denver Street"): not a place mentioned, but streets are named
    # after places nearby, so it is context for the others
    street: bool = False


@lru_cache(maxsize=1 << 16)
def _has_letter(text: str) -> bool:
    return any(ch.isalpha() for ch in text)


def _is_name(text: str) -> bool:
    return text[:1].isupper() and _has_letter(text)


class _Tokens:
    """What matching reads of each token, read once per article.

    Every `doc[i]` builds a new spaCy Token object and the matching looks at each token up to
    MAX_TOKENS times, so it reads plain lists instead, taken from the doc's arrays (building
    a Token per word even once costs more than the rest of the reading).
    """

    COLS = [ORTH, LOWER, SPACY, IDX, IS_ALPHA, IS_PUNCT, SENT_START]

    def __init__(self, doc):
        t = terms()
        conn, levels = t["name_connectors"], t["designator_level"]
        strings = doc.vocab.strings
        cols = doc.to_array(self.COLS).T.tolist() if len(doc) else [[] for _ in self.COLS]
        orths, lowers, spaces, self.idx, alpha, punct, starts = cols
        self.text = text = [strings[o] for o in orths]
        self.lower = lower = [strings[o] for o in lowers]
        self.ws = ws = [" " if sp else "" for sp in spaces]
        self.raw = "".join(map(str.__add__, text, ws))  # = doc.text, which spaCy rebuilds per access
        self.n = n = len(text)
        # a lowercase word that is not a name connector, nor glued inside a hyphenated word: a
        # Persian ezafe ("Mazar-i-Sharif") is part of the name as a connector is
        glued = [0 < k < n - 1 and text[k - 1] == text[k + 1] == "-" and not ws[k - 1] and not ws[k]
                 for k in range(n)]
        self.lowercase_word = [w[:1].islower() and lw not in conn and bool(a) and not g
                               for w, lw, a, g in zip(text, lower, alpha, glued)]
        # can end a place name (see _run_ok)
        self.ends = [w not in levels and _has_letter(w) and lw not in conn for w, lw in zip(text, lower)]
        # can be in a place name: no punctuation but - ' .
        self.inside = [not p or w in {"-", "'", "\u2019", "."} for w, p in zip(text, punct)]
        # positions no name runs across: a token that cannot be in one, a sentence start, a newline before
        self.sentence_starts = {k for k in range(n) if starts[k] == 1 or k == 0}
        self.breaks = [k for k in range(1, n) if not self.inside[k] or k in self.sentence_starts
                       or "\n" in text[k - 1] or "\n" in ws[k - 1]] + [n]

    def reach(self, i: int) -> int:
        """The largest j such that tokens i..j-1 have nothing inside that breaks a name."""
        return self.breaks[bisect_right(self.breaks, i)] if self.inside[i] else i

    def span(self, i: int, j: int) -> str:
        """The text of tokens i..j-1, as spaCy's `doc[i:j].text`."""
        return self.raw[self.idx[i]:self.idx[j - 1] + len(self.text[j - 1])]

    @cached_property
    def words(self) -> set[str]:
        return set(self.text)


def _run_ok(tk: _Tokens, i: int, j: int) -> bool:
    """Tokens i..j-1 can form one place name: no sentence break, no punctuation but - ' . inside,
    and a last token with a letter that is not a connector or a lowercase designator ("Anbar
    province": the designator is a cue, not part of the name)."""
    return j <= tk.reach(i) and tk.ends[j - 1]


def _gazetteer_runs(tk: _Tokens, gaz: Gazetteer) -> list[Mention]:
    """Longest gazetteer matches starting at capitalised tokens."""
    out, end, n, text = [], 0, tk.n, tk.text
    for i in [k for k, w in enumerate(text) if _is_name(w) and tk.lower[k] != "the"]:
        if i < end:
            continue  # inside the previous match
        found = None
        for j in range(min(i + MAX_TOKENS, tk.reach(i)), i, -1):
            if not tk.ends[j - 1]:
                continue
            span = tk.span(i, j)
            cands = gaz.candidates(span)
            if not cands:
                continue
            if any(tk.lowercase_word[i:j]) and not any(c.exact and c.feature not in POPULATED for c in cands):
                continue
            if j < n and text[j] == "." and not tk.ws[j - 1]:
                with_dot = tk.span(i, j + 1)  # "W.Va." tokenised as "W.Va" + "."
                if any(c.exact and ("." in text[j - 1] or c.quality == ABBREV)
                       for c in gaz.candidates(with_dot)):
                    span, j = with_dot, j + 1
            found = Mention(i, j, tk.idx[i], tk.idx[i] + len(span), span, cands, "gazetteer")
            break
        if found is None:
            found = _hyphen_prefix(tk, i, gaz)
        if found:
            out.append(found)
            end = found.end
    return out


def _hyphen_prefix(tk: _Tokens, i: int, gaz: Gazetteer) -> Mention | None:
    """'U.S.-led', 'U.K.-based': a country the tokenizer kept inside a hyphenated word."""
    head = tk.text[i].split("-", 1)[0]
    if head == tk.text[i] or not head:
        return None
    cands = [c for c in gaz.candidates(head) if c.exact and c.feature == "country"]
    if not cands:
        return None
    return Mention(i, i + 1, tk.idx[i], tk.idx[i] + len(head), head, cands, "gazetteer")


def _ner_spans(ents, tk: _Tokens, gaz: Gazetteer) -> list[Mention]:
    """spaCy's place entities, narrowed to the part the gazetteer knows.

    "Northern Ohio", "the Marion County Jail", "Tulsa City": the longest sub-span
    with an exact gazetteer name is the place; never the head of an "X of Y" name.
    """
    out = []
    for e in ents:
        if e.label_ not in PLACE_LABELS:
            continue
        s, t = e.start, e.end
        while t > s and (tk.lower[t - 1] in {"'s", "\u2019s", "'", "\u2019"}
                         or tk.text[t - 1] in terms()["designator_level"]):
            t -= 1  # "Anbar province": the lowercase designator is a cue, not part of the name
        found = None
        for length in range(t - s, 0, -1):
            for a in range(s, t - length + 1):
                if tk.lower[a] == "the" or not _run_ok(tk, a, a + length) or (
                        a + length < t - 1 and tk.lower[a + length] == "of"):
                    continue  # not the head of "the Line of Control"
                text = tk.span(a, a + length)
                cands = gaz.candidates(text)
                if any(c.exact for c in cands):
                    found = Mention(a, a + length, tk.idx[a], tk.idx[a] + len(text), text, cands, "ner")
                    break
            if found:
                break
        if found and not (e.label_ == "FAC" and _part_of_a_facility(found, s, t, tk)):
            out.append(found)
    return out


def _part_of_a_facility(m: Mention, s: int, t: int, tk: _Tokens) -> bool:
    """Whether a small place's name is only part of the name of a facility spaCy saw ('a Boko Haram
    location' is no town Boko): the other capitalised words of the entity name no kind of place or
    institution, as 'Marion County Jail' or 'Mosul Dam' do, and the match is no prominent place."""
    rest = [k for k in range(s, t) if not m.start <= k < m.end]
    return not _prominent(m) and any(tk.text[k][:1].isupper() and not _keeps_the_place(tk.lower[k]) for k in rest)


def _keeps_the_place(word: str) -> bool:
    """Whether a word after a place's name in a longer name still names the place: an institution word
    ('Mosul Police', 'Marion County Jail') or a designator ('Kursk Oblast')."""
    return word in terms()["institution_words"] or word in terms()["designator_level"]


def _entity_at(ents):
    """Token index -> (label, ent start, ent end) for every token inside a spaCy entity."""
    where = {}
    for e in ents:
        for k in range(e.start, e.end):
            where[k] = (e.label_, e.start, e.end)
    return where


def _lowercase_elsewhere(tk: _Tokens, word: str) -> bool:
    return word.lower() in tk.words


def _names_a_street(m: Mention, doc) -> bool:
    """'Denver Street', 'Boston St.': the name is part of a street's (capitalised street word)."""
    if m.end >= len(doc) or doc[m.end - 1].whitespace_ == "" or "\n" in doc[m.end - 1].whitespace_:
        return False
    nxt = doc[m.end]
    return nxt.text[:1].isupper() and nxt.lower_.rstrip(".") in terms()["street_names"]


def _modifies_a_name(m: Mention, doc) -> bool:
    """'Quds Force', 'Supreme Leader', 'Scarborough Shoal': the place word starts a longer name.

    Institution words ('Mosul Police') and designators ('Kursk Oblast') still name the place.
    """
    if m.end >= len(doc):
        return False
    nxt = doc[m.end]
    if not _is_name(nxt.text) or nxt.is_sent_start or doc[m.end - 1].whitespace_ == "" or nxt.is_punct:
        return False
    if "\n" in doc[m.end - 1].whitespace_:
        return False
    return not _keeps_the_place(nxt.lower_)


def _prominent(m: Mention) -> bool:
    """A name that is, by its own official name, a country (or by a common alias: 'U.S.'), a
    first-level division, a county ('Marion County') or a big city, or a curated place: news names
    organisations after such places ('Kenya Airways', 'U.S. Census'), and the place is meant."""
    multi = m.end - m.start > 1
    return any(c.exact and (c.geonameid is None or (c.feature == "country" and c.quality >= 1) or c.quality == 2 and (
        c.feature in BROAD or c.population >= PROMINENT_POPULATION or (multi and c.feature == "admin2")))
        for c in m.candidates)


def _designator_after(doc, end: int) -> str | None:
    """'Anbar province', 'Belgorod, another Russian region': the division level said after a name."""
    levels = terms()["designator_level"]
    if end < len(doc) and doc[end].lower_ in levels:
        return levels[doc[end].lower_]
    if end < len(doc) and doc[end].text == ",":
        for tok in doc[end + 1:end + 5]:
            if tok.is_punct:
                break
            if tok.text in levels:
                return levels[tok.text]
    return _shared_designator(doc, end)


def _shared_designator(doc, end: int) -> str | None:
    """'Barrow and Jackson counties', 'Idlib, Hama and Latakia provinces': a plural designator
    after a list of names says what each of them is."""
    t = terms()
    for tok in doc[end:end + 12]:
        if tok.lower_ in t["designator_plural"]:
            return t["designator_plural"][tok.lower_]
        if not (tok.lower_ in {"and", "or", ","} or _is_name(tok.text) or tok.lower_ in t["name_connectors"]):
            return None
    return None


def _designator_before(doc, start: int) -> str | None:
    """'the city of Turkey', 'the state of Georgia', 'the province of Quebec': the level said before."""
    if start >= 2 and doc[start - 1].lower_ == "of" and doc[start - 2].is_lower:
        return terms()["designator_level"].get(doc[start - 2].text)  # not "Southern District of Ohio"
    return None


def _spelling_of(text: str, c: Place) -> bool:
    """Whether a name is another spelling of a town's own name, as a transliteration gives it
    (Ukrainian "Svitlodarsk" for GeoNames' Russian "Svetlodarsk"): an exact alias, close in letters
    to the name, of a town of some size. Not any alias: GeoNames' hold common words ("Story",
    "Passover") and other names altogether."""
    a, b = plain(text), plain(c.name)
    return c.exact and c.feature in POPULATED and c.population >= SPELLING_POPULATION and len(a) >= 6 \
        and SequenceMatcher(None, a, b).ratio() >= SPELLING_SIMILARITY


def _word_before(m: Mention, doc) -> int:
    """The index of the word before a name, past any "the" ("near the X"); -1 at the start."""
    k = m.start - 1
    while k >= 0 and doc[k].lower_ == "the":
        k -= 1
    return k


def _locative(m: Mention, doc) -> bool:
    """Whether the words before a name make it where something happens: "in X", "near X", "outside
    the X", "3 km north-east of X", "the outskirts of X" (not "of X" or "from X" alone)."""
    t = terms()
    k = _word_before(m, doc)
    if k < 0:
        return False
    if doc[k].lower_ in t["event_prepositions"]:
        return True
    return doc[k].lower_ == "of" and k > 0 and (doc[k - 1].lower_ in t["qualifiers"] or doc[k - 1].lower_ in t["area_words"])


def _cues(m: Mention, doc, gaz: Gazetteer, modifier: bool = True) -> bool:
    """Words around a name that say it is used as a place.

    A locative preposition before it ('in Alexandria', 'of the Kursk region'), a part of it ('northern
    Mali'), a possessor
    ("Russia's Kursk"), a designator after it, a noun that place names modify ('Kismayo
    police', 'a Mosul man', 'Kherson Mayor'), a following ', State', an address before
    it ('Main St., Springfield'), a designated division or a place before it ('X district, Helmand',
    'Kafr Nabudah, Hama'), brackets after a name ('Bama (Borno State)') or a dateline ('GOMA —').
    """
    t = terms()
    k = _word_before(m, doc)
    if k >= 0 and doc[k].text in t["directions"]:
        return True  # "northern Mali", "Kidal, northern Mali": a part of a place is told of places only
    prev = doc[k] if k >= 0 else None
    nxt = doc[m.end] if m.end < len(doc) else None
    if prev is not None and prev.lower_ in t["location_prepositions"]:
        return True
    if m.start > 1 and doc[m.start - 1].lower_ in POSSESSIVE:
        return True
    if _designator_after(doc, m.end) is not None:
        return True
    if modifier and nxt is not None and nxt.lower_ in t["institution_words"]:
        return True  # not for names spaCy calls persons: "Obama administration"
    if nxt is not None and nxt.text in {"\u2014", "--", "-", "\u2013"} and m.text.isupper() and (
            m.start == 0 or "\n" in doc[m.start - 1].text_with_ws or doc[m.start - 1].is_punct):
        return True  # dateline
    line = dateline.find(doc.text) if m.start_char < 40 else None
    if line is not None and line.place == (m.start_char, m.end_char) and m.text.isupper():
        return True  # a wire dateline's place: "MOGADISHU, March 3 (Reuters) -" (dateline.wire)
    if nxt is not None and nxt.text == "," and m.end + 1 < len(doc):
        for j in range(m.end + 2, min(len(doc), m.end + 5) + 1):
            if any(c.exact and (c.feature in {"admin1", "country"} or namesake_seat(c))
                   for c in gaz.candidates(doc[m.end + 1:j].text)):
                return True  # "Saraqib, Idleb": Idlib's spelling, the governorate as much as its seat
    if m.start > 1 and doc[m.start - 1].text == "," and doc[m.start - 2].lower_ in t["designator_level"]:
        return True  # "Nad Ali district, Helmand": the division a district lies in
    if m.start > 1 and doc[m.start - 1].text == "," and (nxt is None or nxt.is_punct) and _named_place_before(
            doc, m.start - 2):
        return True  # "near Kafr Nabudah, Hama,": the place a named place lies in
    if m.start > 1 and doc[m.start - 1].text == "(" and _stated_parent(m, doc):
        return True  # "Bama (Borno State)", "Kamdesh district (Nuristan)": the place a named place lies in
    return m.start > 1 and doc[m.start - 1].text == "," and doc[m.start - 2].lower_.rstrip(".") in t["street_words"]


def _named_place_before(doc, k: int) -> bool:
    """Whether the words up to `k` are a name told as a place: one spaCy calls a place, or a run of
    capitalised words (and name connectors: "Tal al-Hamid") after a locative preposition ("near Tal
    Hamid"), whatever spaCy calls it."""
    if doc[k].ent_type_ in PLACE_LABELS:
        return True
    t, j = terms(), k
    while j >= 0 and doc[j].lower_ not in t["location_prepositions"] and k - j < MAX_NAME_WORDS and (
            doc[j].is_title or doc[j].text == "-" or doc[j].lower_ in t["name_connectors"]):
        j -= 1
    return j < k and j >= 0 and doc[j].lower_ in t["location_prepositions"]


def _heads_an_of_name(m: Mention, doc, ent_at) -> bool:
    """'the Line of Control', 'Isle of Skye': the match opens a longer name spaCy found, which goes
    on with "of": it is that name's head word, not a place of its own."""
    k = m.end
    return k + 1 < len(doc) and doc[k].lower_ == "of" and k in ent_at and ent_at[k][1] <= m.start \
        and ent_at[k][2] > k + 1


LIST_GOES_ON = re.compile(r"\s*(,\s*)?(and|or)\b|\s*,\s*[A-Z]")  # ", and Suez", " or", ", Suez"


def _listed_on(m: Mention, after: "Mention | None", raw: str) -> bool:
    """Whether a list of places goes on after `m`: the next place, or any name, follows it with
    only a comma, "and" or "or" between."""
    if LIST_GOES_ON.match(raw, m.end_char):
        return True
    return after is not None and raw[m.end_char:after.start_char].replace(",", " ").split() in ([], ["and"], ["or"])


def _names_before(doc, k: int) -> bool:
    """Whether token `k` ends a name: a capitalised word, or a designator after one ("Kamdesh district")."""
    if doc[k].lower_ in terms()["designator_level"]:
        k -= 1
    return k >= 0 and _is_name(doc[k].text)


def _stated_parent(m: Mention, doc) -> bool:
    """Whether the name is told as where the name before it lies: in brackets after it ("Bama
    (Borno)"), or after it and a comma, closing the clause ("near Saraqib, Idleb.")."""
    if m.start < 2 or not _names_before(doc, m.start - 2) or m.end >= len(doc):
        return False
    if doc[m.start - 1].text == "(":
        return doc[m.end].text == ")"
    return doc[m.start - 1].text == "," and doc[m.end].is_punct


def _in_stated_parent(m: Mention, doc, gaz: Gazetteer) -> bool:
    """'Svitlodarsk (Donetsk)', 'Talara, Piura': the name is followed, in brackets or after a comma,
    by a division or country that one of its readings lies in. The text places it in its
    hierarchy, which is evidence enough for a small place or a spelling that is only an alias."""
    j = m.end
    if j + 1 >= len(doc) or doc[j].text not in {"(", ","}:
        return False
    for k in range(j + 2, min(len(doc), j + 5) + 1):
        for parent in gaz.candidates(doc[j + 1:k].text):
            if not parent.exact:
                continue
            if parent.feature in {"country", "admin1", "admin2"} and any(
                    within(c, parent, said=True) for c in m.candidates):
                return True
            if namesake_seat(parent) and any(  # "Ariha, Idleb": in the governorate Idlib names
                    c.id != parent.id and c.admin1_code == parent.admin1_code for c in m.candidates):
                return True
    return False


def _accept(m: Mention, doc, tk: _Tokens, ent_at, gaz: Gazetteer, person_words: frozenset[str] = frozenset()) -> bool:
    """Whether a gazetteer-only match is a place here (spaCy did not call it one)."""
    t = terms()
    if _heads_an_of_name(m, doc, ent_at):
        return False
    toks = doc[m.start:m.end]
    multi = sum(1 for x in toks if x.is_alpha and x.lower_ not in t["name_connectors"]) >= 2
    best_q = max(c.quality for c in m.candidates)
    after_comma = m.start > 0 and doc[m.start - 1].text == ","
    if best_q == ABBREV:
        return after_comma or m.text.count(".") >= 2  # "N.C. Highway Patrol", "to D.C.": not "Miss."
    if len(m.text.replace(".", "")) <= 3:  # "US", "UK"; a town only as where something happens ("in Gao")
        if m.text.replace(".", "").isupper():
            return any(c.feature == "country" for c in m.candidates)
        return m.start > 0 and doc[m.start - 1].lower_ in t["event_prepositions"] and not _in_a_full_name(
            m, ent_at) and any(c.exact and c.quality == 2 and c.population >= SHORT_NAME_POPULATION for c in m.candidates)
    labels = {ent_at[k][0] for k in range(m.start, m.end) if k in ent_at} - PLACE_LABELS
    if labels & NUMERIC_LABELS and not (_prominent(m) and not any(ch.isdigit() for ch in m.text)):
        return False  # "March", "May"; but spaCy's "DATE" on a name after "in" is a slip
    strong = [c for c in m.candidates if c.exact and (
        (c.feature in BROAD and c.quality >= 1) or c.geonameid is None
        or (multi and (c.feature == "admin2" or c.population >= 1000)))]
    placelike = strong or [c for c in m.candidates if c.exact and c.quality == 2 and (
        c.population >= 1000 or c.feature == "admin2" or multi)]  # (GeoNames gives some towns no population)
    if not placelike and _designator_before(doc, m.start):  # "the town of Bint Jbeil": the text says what it is,
        placelike = [c for c in m.candidates if c.exact]  # so a spelling GeoNames gives only as an alias will do
    if not placelike and (level := _shared_designator(doc, m.end)):  # "Pike and Floyd counties": likewise, the
        placelike = [c for c in m.candidates if c.exact and c.feature == level]  # division ("Pike County") will do
    if not placelike and _stated_parent(m, doc):  # "Ras al-Ain (Al-Hasakeh)": a division, or a town named
        placelike = [c for c in m.candidates if c.exact and (  # like its division, other spellings too
            c.feature in {"country", "admin1", "admin2"} or namesake_seat(c))]
    if not placelike and _locative(m, doc):  # "near Svitlodarsk": where something happens, so a town's
        placelike = [c for c in m.candidates if _spelling_of(m.text, c)]  # other spelling will do too
    if "NORP" in labels and multi and any(c.geonameid is None for c in strong):
        return True  # "Syrian-Iraqi border"
    common = not multi and (toks[0].is_stop or _lowercase_elsewhere(tk, m.text))
    # a small place's name opening a sentence that spaCy calls an organisation or the like may be a
    # common word ("Court officials said"): there only a locative cue, not a following noun, makes
    # a place of it ("Tulsa residents said" still names Tulsa, a city of 400,000)
    opening = not multi and toks[0].is_sent_start and max(c.population for c in m.candidates) < PROMINENT_POPULATION
    if labels and multi and any(c.exact and c.geonameid is None for c in m.candidates) and not _in_a_full_name(m, ent_at):
        return True  # a curated place's whole name ("Ain al-Asad air base") is that place whatever spaCy calls it
    if not common and not _in_a_full_name(m, ent_at) and _in_stated_parent(m, doc, gaz):
        return True
    if labels == {"ORG"} and m.end - m.start > 1 and _whole_entity(m, ent_at) and any(
            c.exact and c.quality == 2 and c.feature in POPULATED and c.population >= PROMINENT_POPULATION
            for c in m.candidates):
        return True  # "shelled El Fasher": all of what spaCy calls an organisation is a big city's own name
    if labels == {"PERSON"} and _whole_entity(m, ent_at) and m.end - m.start == 1 and not common \
            and m.text not in person_words and doc[m.start].dep_ in PLACE_ROLES and any(
                c.exact and c.feature in POPULATED and c.population >= BIG_TOWN_POPULATION
                and (c.quality == 2 or _spelling_of(m.text, c)) for c in m.candidates):
        return True  # "shelled Kherson", "drones struck Zaporizhzhia": a big town's one-word name (or its other
        # spelling) the small model took for a person's, where the parse has it acted on or in, not acting
        # ("Paul proposed"); not a word of a person the article names in full ("Mary Travers ... Mary")
    if labels == {"ORG"} and not common and _names_an_organisation(m, doc, ent_at) and any(
            c.exact and c.quality == 2 and c.population >= PROMINENT_POPULATION and (
                c.feature in {"country", "admin1"} or (multi and c.feature == "admin2")) for c in m.candidates):
        return True  # "the Tennessee Arts Commission", "Environment Canada": named after the place, which it names
    if labels:  # spaCy saw a person, organisation, product...: only with a cue that it is a place
        return bool(placelike) and not common and _cues(
            m, doc, gaz, modifier=not _in_a_full_name(m, ent_at) and not opening)
    if strong:
        if not multi and toks[0].is_sent_start and not _cues(m, doc, gaz):
            return any(c.feature in BROAD for c in strong) and not _lowercase_elsewhere(tk, m.text)
        return not common
    if common or not placelike:
        return False
    return _cues(m, doc, gaz) or max(c.population for c in m.candidates) >= PROMINENT_POPULATION


def _names_an_organisation(m: Mention, doc, ent_at) -> bool:
    """Whether the match opens or closes what spaCy calls an organisation ('the Ohio Lottery
    Commission', 'Environment Canada', 'the Bank of Ghana'): an organisation named after a place
    names that place (an embedded toponym), as the gold sets and GeoWebNews count it."""
    if m.start not in ent_at or ent_at.get(m.end - 1) != ent_at[m.start]:
        return False
    _, s, e = ent_at[m.start]
    while s < m.start and doc[s].lower_ == "the":
        s += 1
    while e > m.end and doc[e - 1].lower_ in POSSESSIVE:
        e -= 1
    return e - s > m.end - m.start and (s == m.start or e == m.end)


def _whole_entity(m: Mention, ent_at) -> bool:
    """Whether the match is all of one spaCy entity, no more and no less."""
    return m.start in ent_at and ent_at[m.start][1:] == (m.start, m.end)


def _in_a_full_name(m: Mention, ent_at) -> bool:
    """Whether spaCy reads the match as part of a person's name of more words ('Ellen Houston').

    The small model also calls many unfamiliar one-word place names persons ('Rutshuru and
    Goma'): a one-word "person" is no evidence against a place that the words around it support.
    """
    return any(ent_at[k][0] == "PERSON" and ent_at[k][2] - ent_at[k][1] > m.end - m.start
               for k in range(m.start, m.end) if k in ent_at)


def _city_of_an_institution(m: Mention, doc, gaz: Gazetteer) -> Mention:
    """'Dublin City Council', 'London City airport': the place is Dublin, London, not the
    'X City' alias, unless 'X City' is a place's own name ('Kansas City', 'Iowa City')."""
    if m.end - m.start < 2 or doc[m.end - 1].lower_ != "city" or m.end >= len(doc):
        return m
    nxt = doc[m.end]
    if any(c.exact and c.quality == 2 for c in m.candidates) or not (
            nxt.lower_ in terms()["institution_words"] or _is_name(nxt.text)):
        return m
    span = doc[m.start:m.end - 1]
    cands = gaz.candidates(span.text)
    if not any(c.exact for c in cands):
        return m
    return Mention(m.start, m.end - 1, span.start_char, span.end_char, span.text, cands, m.source)


def _listed_with(m: Mention, taken: list[Mention], doc) -> bool:
    """Whether `m` and a place are joined by 'and', 'or' or a comma: 'Kindu or Kalemie'."""
    joins = {"and", "or", ","}
    return any((o.end + 1 == m.start and doc[o.end].lower_ in joins)
               or (m.end + 1 == o.start and doc[m.end].lower_ in joins) for o in taken)


def _outlet_tokens(tk: _Tokens) -> set[int]:
    """Tokens inside an outlet's name ('Voice of America', 'Sudan Tribune'): a source, not a place."""
    out: set[int] = set()
    for hit in terms()["outlet_pattern"].finditer(tk.raw):
        a, b = bisect_right(tk.idx, hit.start()) - 1, bisect_right(tk.idx, hit.end() - 1)
        out.update(range(a, b))
    return out


def _credit(m: Mention, tk: _Tokens) -> bool:
    """'(ST)', '(AFP)': an agency's or a writer's credit in brackets, or a bare two- or three-letter
    code that is no country's, state's or curated place's ('ST' is not Sète; 'EU' is kept): never a place."""
    letters = m.text.replace(".", "")
    if not (letters.isupper() and len(letters) <= 4):
        return False
    if m.start > 0 and tk.text[m.start - 1] == "(" and m.end < tk.n and tk.text[m.end] == ")":
        return True
    return len(letters) <= 3 and not any(c.exact and (c.feature in BROAD or c.geonameid is None) for c in m.candidates)


def _ends_a_longer_name(m: Mention, tk: _Tokens) -> bool:
    """'Abu Hamra', 'Umm Omar': a capitalised opener before the match starts a name the
    gazetteer does not hold, so the match ('Omar') is only its tail. So does any capitalised word
    before a small place's name that spaCy did not call a place ('the Kenya Wildlife Alliance',
    'Nairobi Chief Magistrate Court'), the mirror of `_modifies_a_name`."""
    k = m.start - 1
    if k < 0 or not tk.text[k][:1].isupper() or tk.reach(k) <= m.start:
        return False
    return tk.lower[k] in terms()["name_openers"] or (
        m.source == "gazetteer" and k not in tk.sentence_starts and tk.lower[k] not in terms()["qualifiers"]
        and not _prominent(m) and max(c.quality for c in m.candidates) != ABBREV)


def _opens_a_longer_name(m: Mention, tk: _Tokens) -> bool:
    """'Ain Zara', 'Tal Abyad': a lone opener of Arabic names with a capitalised word after it
    heads a name the gazetteer does not hold; it is not Ain in France."""
    k = m.end
    return m.end - m.start == 1 and tk.lower[m.start] in terms()["name_openers"] and k < tk.n \
        and tk.text[k][:1].isupper() and tk.reach(m.start) > k


def _person_names(ents) -> list[list[str]]:
    """The words of the article's multi-word person names ('Maria T. Lopez' -> Maria, Lopez;
    'John Smith Jr' -> John, Smith); longer "persons" are title-case headline runs."""
    out = []
    for e in ents:
        if e.label_ == "PERSON":
            words = [t.text for t in e if t.is_alpha and len(t.text) > 1 and t.lower_ not in NAME_SUFFIXES]
            if 2 <= len(words) <= 3:
                out.append(words)
    return out


def recognise(doc, gaz: Gazetteer) -> tuple[list[Mention], Counter]:
    """Place mentions in reading order (names inside street names marked `street`: context, not
    places), and the countries that demonyms point to ('Iraqi' -> IQ)."""
    tk = _Tokens(doc)
    ents = doc.ents  # spaCy builds the spans anew on every access
    ent_at = _entity_at(ents)
    ner = _ner_spans(ents, tk, gaz)
    runs = _gazetteer_runs(tk, gaz)
    taken: list[Mention] = []
    used: set[int] = set()  # token indexes of the taken mentions
    rejected: list[Mention] = []
    persons = _person_names(ents)
    surnames = {words[-1] for words in persons}
    person_words = frozenset(w for words in persons for w in words)
    used.update(_outlet_tokens(tk))
    for m in sorted(ner + runs, key=lambda m: (-(m.end - m.start), m.source != "ner", m.start)):
        m = _city_of_an_institution(m, doc, gaz)
        if not used.isdisjoint(range(m.start, m.end)):
            continue
        if not m.candidates or m.text.lower() in terms()["not_places_alone"] or not m.text[:1].isupper():
            continue
        if m.text in titles():
            continue  # "Brig. Omer al-Hadi": a rank the tokenizer keeps whole, not Brig in Switzerland
        if _credit(m, tk) or _ends_a_longer_name(m, tk) or _opens_a_longer_name(m, tk):
            continue
        m.street = _names_a_street(m, doc)
        if m.end - m.start == 1 and m.text in surnames and not any(
                c.feature == "country" or c.population >= SURNAME_SAFE_POPULATION for c in m.candidates):
            continue  # "Anna Verona ... Verona said": the article's person, not the Italian city
        if gaz.demonym(m.text):
            continue  # "Syrian", "Iraqis": country context, never a place
        if _modifies_a_name(m, doc) and not _prominent(m) and (m.source == "gazetteer" or not any(
                c.quality == 2 or c.feature == "country" for c in m.candidates)):
            continue  # "Quds Force", "Supreme Leader"; but "Ontario Hydro One" names Ontario
        abbrevs = [c for c in m.candidates if c.quality == ABBREV and c.exact]
        if abbrevs and m.start > 0 and doc[m.start - 1].text == "," and m.text.endswith("."):
            m.candidates = abbrevs  # "Brandon, Man.": Manitoba, not Man in Côte d'Ivoire
        if m.source == "gazetteer" and not _accept(m, doc, tk, ent_at, gaz, person_words):
            rejected.append(m)
            continue
        taken.append(m)
        used.update(range(m.start, m.end))
    # one sense per discourse: a name used as a place once is a place at its other mentions too;
    # and a name listed with a place ("the towns of Bor and Pibor")
    known = {plain(m.text) for m in taken}
    for m in rejected:
        if (plain(m.text) in known or _listed_with(m, taken, doc)) and used.isdisjoint(range(m.start, m.end)):
            labels = {ent_at[k][0] for k in range(m.start, m.end) if k in ent_at}
            # spaCy's small model calls many places persons: its word is trusted over the discourse
            # only for a part of a longer person's name that is not a prominent place
            person = _in_a_full_name(m, ent_at) and not _prominent(m)
            if not labels & NUMERIC_LABELS and not person and not _lowercase_elsewhere(tk, m.text):
                taken.append(m)
                used.update(range(m.start, m.end))
    taken.sort(key=lambda m: m.start)
    t = terms()
    raw = tk.raw
    for m in taken:
        m.designator = _designator_after(doc, m.end) or _designator_before(doc, m.start)
    for k, m in enumerate(taken):
        if k + 1 < len(taken):
            other = taken[k + 1]
            between = raw[m.end_char:other.start_char]
            words = between.lower().replace(",", " ").split()
            bracketed = raw[other.end_char:other.end_char + 1] == ")"
            if between.strip() == "," and "\n" not in between:
                m.container = other  # "Monroe, La.", "Houston, Texas"; or a list
                # in its country at least when the pair is no list ("Tur, Kunduz.", not "Gao, Timbuktu and
                # Menaka") and the first is no division or country ("Zamfara, Sokoto", "Russia, Ukraine")
                m.same_country = not _listed_on(other, taken[k + 2] if k + 2 < len(taken) else None, raw) and \
                    not any(c.feature in BROAD | {"admin2"} for c in m.candidates if c.exact)
            elif between in {"'s ", "\u2019s "}:
                other.container = m  # "Russia's Kursk region"
            elif between.startswith(", ") and "\n" not in between and _part_of(words, t["directions"]):
                m.container, m.contained = other, True  # "Beni, in eastern Congo", "Kidal, northern Mali"
            elif between.startswith(" in ") and (words == ["in"] or _part_of(words, t["directions"])) and not any(
                    c.feature in {"country", "continent"} for c in m.candidates):
                # "the village of Tanka in northern Nigeria" is no Tonk in India; but "US forces in Iraq"
                # puts one country's people in another
                m.container, m.contained = other, True
            elif between == " (" and bracketed or (
                    "\n" not in between and (
                        (m.designator and words and words[0] in t["designator_level"] and (
                            between.rstrip().endswith(",") or words[1:] == ["("] and bracketed))
                        or ("," not in between and len(words) == 2 and words[0] in t["area_words"]
                            and words[1] in {"of", "in"}))):
                # "Sidi Bouzid (Tunisia)", "Chahar Dara district, Kunduz", "Bassa LGA (Plateau)", "the Old
                # City area of Hebron"
                m.container, m.contained = other, True
                if m.designator == "admin2" and other.designator is None:
                    other.designator = "admin1"  # "Kauru LGA, Kaduna": the state, not its capital city
    demonyms: Counter = Counter()
    for i, text in enumerate(tk.text):
        if text[:1].isupper():
            iso = gaz.demonym(text)
            if iso and i not in used:
                demonyms[iso] += 1
    return taken, demonyms
