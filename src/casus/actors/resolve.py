"""Resolve one mention to an actor, using what the article said before it.

A mention is read as a sequence of known phrases (names, demonyms, roles, descriptor
nouns such as "militias" or "officials") and unknown capitalised words (names the KB may
know under another spelling). Then, in order of how much the text commits to:

1. a name of a person or organisation in the KB ("Hossein Taeb", "Quds Force");
2. an unknown name: a surname already named in the article ("Taeb"), a surname the KB
   knows, a transliteration variant (fuzzy, via rapidfuzz) — or a person the KB lacks,
   who is then resolved to the body their title names ("Russian President X" -> RUS.GOV);
3. a role: the holder on the article's date ("the US president" in 2019 -> Trump), else
   the person last mentioned in that role ("the envoy"), else the office's body;
4. a description: country + sector ("Iraqi Shiite militias" -> IRQ.REB; "Iran-backed"
   is kept as a sponsor, never as the country);
5. a country by name, demonym, people ("the Iranians") or capital ("Washington").

Unnamed descriptions resolve to the body, marked `person`/`named` so that "a senior
Iranian Revolutionary Guard commander" is an unnamed IRGC person, not the IRGC's chief.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from typing import Any, NamedTuple

from rapidfuzz import fuzz, process

from casus.actors.kb import KB, UNKNOWN_COUNTRY, Actor, Entry, parse_date
from casus.actors.names import Token, all_capitals, case_ok, phrase_key, tokenize


FILLER = {"skip", "honor", "indef", "past", "qual", "neutral"}  # words that never make a mention an actor
NAME_KINDS = ("actor", "short", "metonym", "adj", "people")  # phrase kinds that name an actor, in order tried
STATES = ("country", "territory")  # actor types that are states
GROUP_HEADS = ("head", "leader", "intelligence chief")  # roles that mean nothing without an org or a country
STATE_METHODS = {"adj": "demonym", "people": "demonym", "metonym": "metonym"}  # how a state was named -> method


@dataclass
class Resolution:
    """What a mention denotes. `id` is what the contract's `actor` field holds."""

    id: str
    actor: Actor
    person: bool = False  # an individual, named or not
    named: bool = True  # the text names the actor rather than describing it
    name: str | None = None  # a person's name as written, when the KB does not know them
    role: str | None = None  # canonical role stated or implied ("envoy", "head")
    sponsors: list[str] = field(default_factory=list)  # from "Iran-backed", "pro-Iranian"
    method: str = "name"  # name | demonym | metonym | surname | fuzzy | role | coref | description | title
    text: str = ""

    @property
    def country(self) -> str | None:
        return self.actor.country

    @property
    def sector(self) -> str | None:
        return self.actor.sector

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.actor.name, "type": self.actor.type, "country": self.country,
                "sector": self.sector, "person": self.person, "named": self.named, "person_name": self.name,
                "role": self.role, "sponsors": self.sponsors, "method": self.method, "text": self.text}


@dataclass
class Seen:
    start: int
    res: Resolution
    roles: set[str]


class Context:
    """What an article has said so far: its date, and the actors mentioned, in order."""

    def __init__(self, kb: KB, when: tuple[date, date] | None = None):
        self.kb = kb
        self.when = when
        self.seen: list[Seen] = []
        self.ids: Counter[str] = Counter()  # actors mentioned, with their ancestors and countries
        self.surnames: dict[str, Resolution] = {}
        self.unknown: set[str] = set()  # surname keys of people the KB does not know

    def note(self, res: Resolution | None, start: int = 0, roles: set[str] = frozenset(), name: str = "") -> None:
        """Record a resolved mention; `name` is the person's name as written, if any."""
        if res is None:
            if name and len(tokenize(name)) > 1:
                self.unknown.add(tokenize(name)[-1].key)
            return
        kb = self.kb
        if res.person and res.actor.type == "person":
            roles = set(roles) | {r.canon for r in res.actor.roles if r.during(self.when)}
            for s in kb.person_surnames(res.actor):
                self.surnames[" ".join(phrase_key(s))] = res
        if name and res.person:
            toks = tokenize(name)
            if toks and res.actor.type == "person":
                self.surnames.setdefault(toks[-1].key, res)
            elif len(toks) > 1:
                self.surnames[toks[-1].key] = res
        self.seen.append(Seen(start, res, set(roles)))
        for i in [res.id, *kb.ancestors(res.id), res.country]:
            if i:
                self.ids[i] += 1

    def before(self, start: int | None) -> list[Seen]:
        return [s for s in reversed(self.seen) if start is None or s.start < start]

    def by_role(self, role: str, country: str | None, org: str | None, start: int | None) -> Resolution | None:
        """The person last mentioned in this role ("the envoy", "the spokesman")."""
        for s in self.before(start):
            if s.res.person and role in s.roles and (country is None or s.res.country == country) and (
                    org is None or org == s.res.id or org in self.kb.ancestors(s.res.id)
                    or any(r.org == org for r in s.res.actor.roles)):
                return s.res
        return None

    def country_for(self, sector: str, start: int | None) -> str | None:
        """The one country of the article's earlier unnamed groups of this sector, if one:
        after "Iraqi Shiite militias", "Iran-backed militias" are Iraqi too. Only asked for
        armed groups: for "troops" or "residents" the nearest country is too often wrong."""
        countries = {s.res.country for s in self.before(start)
                     if s.res.sector == sector and s.res.country and s.res.actor.type == "generic"}
        return countries.pop() if len(countries) == 1 else None


def article_dates(value: dict[str, Any] | None) -> tuple[date, date] | None:
    """The days an article's date (the time stage's dict) may be, or None if unknown."""
    if not value:
        return None
    lo = parse_date(value.get("earliest") or value.get("value"))
    hi = parse_date(value.get("latest") or value.get("value"))
    if lo is None and hi is None:
        return None
    return (lo[0] if lo else date.min), (hi[1] if hi else date.max)


@dataclass
class Item:
    """A run of mention words: a known phrase (entries) or one unknown word."""

    tokens: tuple[Token, ...]
    entries: list[Entry]

    @property
    def kinds(self) -> set[str]:
        return {e.kind for e in self.entries}

    def of(self, *kinds: str) -> list[Entry]:
        return [e for e in self.entries if e.kind in kinds]

    @property
    def text(self) -> str:
        return " ".join(t.text for t in self.tokens)

    @property
    def capitalised(self) -> bool:
        return not self.entries and self.tokens[0].text[:1].isupper()


class Phrase(NamedTuple):
    """A KB phrase found in a mention's words: where it starts, how many words, what it may mean."""

    first: int
    length: int
    entries: list[Entry]


class Run(NamedTuple):
    """A run of unknown capitalised words, as item indexes (inclusive): a name the KB may
    know under another spelling, or not at all."""

    first: int
    last: int

    def __contains__(self, n: object) -> bool:
        return isinstance(n, int) and self.first <= n <= self.last


class NameMatch(NamedTuple):
    """What an unknown name matched: the actor (None: nothing), by which method, and the
    earlier resolution it repeats when it is a surname the article already used."""

    id: str | None
    method: str
    earlier: Resolution | None = None


class Named(NamedTuple):
    """An actor a mention names: at item `at` (-1: outside the words read, e.g. the owner's
    or the complement's), by a phrase of `kind` (one of NAME_KINDS; "owner", "where")."""

    at: int
    id: str
    kind: str


class RoleWord(NamedTuple):
    """What a role word means (a KB `role` entry's value): the canonical role, and the one
    country whose title it is ("secretary of state": USA), None when any country's."""

    role: str
    only_for: str | None


class Descriptor(NamedTuple):
    """What a descriptor noun means (a KB `desc` entry's value): "militias", "officials"."""

    sector: str
    person: bool  # denotes people ("officials"), not a group ("militias")
    weak: bool  # says little about the sector on its own ("forces", "people")
    body: str | None  # id suffix of the specific body it names, when curated ("ministry" of foreign affairs: MFA)


class SectorReading(NamedTuple):
    """What a mention's descriptors say together (see `Resolver._sector`)."""

    sector: str | None
    person: bool
    body: str | None


class Office(NamedTuple):
    """The office a role mention refers to: "Iran's UN envoy" is (envoy, IRN, None, UN)."""

    role: str
    country: str | None
    org: str | None
    to: str | None  # for envoys: the actor they are accredited to


@dataclass
class Setting:
    """What the words around a mention's head say about how to read it (see `Resolver.resolve`)."""

    label: str | None = None  # spaCy entity label: PERSON makes an unknown titled name a person
    place: bool = True  # False after a locative preposition ("in Baghdad"): a capital is then a place
    sponsors: list[str] = field(default_factory=list)  # "Iran-backed": never the mention's own country
    owner: Resolution | None = None  # "Iran's" of "Iran's UN envoy"
    where: str | None = None  # the actor a complement names ("police in Jericho", "envoy to the UN")
    home: str | None = None  # the state where the act happens: the country of an unnamed group that states none


@dataclass
class Description:
    """The words of a mention that describe an actor rather than name it, with the actors it
    names as the organisation or country it is of."""

    roles: list[RoleWord]
    descs: list[Descriptor]
    orgs: list[Named]  # organisations named (or the owner, or the complement's actor)
    principal: list[str]  # countries it is of: the owner's first, then those named
    sponsors: list[str]
    countries: list[Named] = field(default_factory=list)  # states named, for a mention that is just a state
    where: str | None = None  # see Setting.where
    home: str | None = None  # see Setting.home
    indefinite: bool = False  # "a senior official": not the office's holder
    past: bool = False  # "the former president": not the current holder
    has_name: bool = False  # it also has a name the KB lacks: it describes that person

    @property
    def countries_of(self) -> list[str]:
        """The principal countries, each once, in order."""
        return list(dict.fromkeys(self.principal))

    @property
    def org(self) -> str | None:
        """The organisation it is of: the last one named."""
        return self.orgs[-1].id if self.orgs else None


class Resolver:
    """Mention resolution against one KB; build once, call `resolve` per mention."""

    def __init__(self, kb: KB):
        self.kb = kb
        lex = kb.lex
        cues = "|".join(map(re.escape, lex["sponsor_cues"]))
        name = r"[A-Z][\w.'’]*(?:-[A-Z][\w.'’]*)*"
        self.sponsored = re.compile(rf"((?:{name}\s)?{name})[-–]\s?(?:{cues})\b")
        prefixes = "|".join(map(re.escape, lex["sponsor_prefixes"]))
        self.pro = re.compile(rf"\b(?:{prefixes})[-–]({name})")
        self.fuzzy_keys = list(kb.skeletons)
        self.by_length: dict[tuple[int, int], list[str]] = {}  # (length, cutoff) -> fuzzy keys to compare
        self.complements = set(lex["locative"]) | {"of", "for"}
        lengths: dict[str, set[int]] = {}  # first word of a KB phrase -> its phrases' lengths
        for key in kb.phrases:
            lengths.setdefault(key[0], set()).add(len(key))
        self.lengths = {w: sorted(ns, reverse=True) for w, ns in lengths.items()}  # longest first
        self.similar = lru_cache(maxsize=1 << 14)(self._similar)  # a name recurs in a run
        self.phrases = lru_cache(maxsize=1 << 14)(self._phrases)

    def _similar(self, skel: str) -> list:
        """The KB skeletons closest to an unknown name's, best first."""
        cutoff = 85 if len(skel) >= 7 else 90
        return process.extract(skel, self._comparable(len(skel), cutoff), scorer=fuzz.ratio, limit=6,
                               score_cutoff=cutoff)

    def _comparable(self, n: int, cutoff: int) -> list[str]:
        """The KB skeletons whose length lets them score `cutoff` against one of length n, in
        index order: a ratio is at most 100 * 2 * shorter length / both lengths."""
        if (n, cutoff) not in self.by_length:
            self.by_length[n, cutoff] = [k for k in self.fuzzy_keys if 200 * min(n, len(k)) >= cutoff * (n + len(k))]
        return self.by_length[n, cutoff]

    # -- reading a mention ---------------------------------------------------------

    def known(self, words: Sequence[str], keys: Sequence[str]) -> list[Phrase]:
        """Longest-match words (as written, and their keys) against the KB's phrase index:
        each known phrase, left to right."""
        shouting = all_capitals(words)
        out, i = [], 0
        phrases, lengths = self.kb.phrases, self.lengths
        while i < len(keys):
            for n in lengths.get(keys[i], ()):
                if i + n > len(keys):
                    continue
                if n > 1 and keys[i] == "the" and i + n < len(words) and words[i + n][:1].isupper():
                    continue  # "The National" is not the start of "the National Army"
                entries = [e for e in phrases.get(tuple(keys[i:i + n]), ())
                           if not e.pattern or case_ok(e.pattern, words[i:i + n], shouting)]
                if entries:
                    out.append(Phrase(i, n, entries))
                    i += n
                    break
            else:
                i += 1
        return out

    def scan(self, text: str) -> list[Item]:
        """The mention's words as known phrases and unknown single words: new Items each time
        (reading a mention may rewrite them), of phrases looked up once per text (`phrases`)."""
        return [Item(toks, list(entries)) if entries else Item(list(toks), []) for toks, entries in self.phrases(text)]

    def _phrases(self, text: str) -> tuple[tuple[tuple[Token, ...], tuple[Entry, ...]], ...]:
        """`scan`'s items as (tokens, entries): a mention's text recurs through an article and a run."""
        toks = tokenize(text)
        items, i = [], 0
        for p in self.known([t.text for t in toks], [t.key for t in toks]):
            items += (((t,), ()) for t in toks[i:p.first])
            items.append((toks[p.first:p.first + p.length], tuple(p.entries)))
            i = p.first + p.length
        items += (((t,), ()) for t in toks[i:])
        return tuple(items)

    def sponsors(self, text: str, ctx: Context) -> tuple[str, list[str]]:
        """"Iran-backed militias" -> ("           militias", ["IRN"]): sponsors are never the
        mention's own country, so they are cut out (offsets kept) before reading it."""
        found: list[str] = []
        if "-" not in text and "–" not in text:
            return text, found  # (both patterns need a dash: most mentions have none)

        def cut(m: re.Match) -> str:
            whole, words = m.group(0), m.group(1).split()
            for k in range(len(words)):  # "Islamic State-linked", then "State-linked"
                who = self.single_actor(" ".join(words[k:]), ctx)
                if who:
                    found.append(who)
                    keep = " ".join(words[:k])
                    return keep + " " * (len(whole) - len(keep))
            return whole

        text = self.sponsored.sub(cut, text)
        text = self.pro.sub(cut, text)
        return text, found

    def single_actor(self, text: str, ctx: Context) -> str | None:
        """The one actor a short name denotes (a sponsor), or None."""
        ids = {e.value for it in self.scan(text) for e in it.of("actor", "adj", "people", "metonym")}
        ids = {self.kb.get(i).id for i in ids if self.kb.get(i)}
        return ids.pop() if len(ids) == 1 else None

    # -- names ---------------------------------------------------------------------

    def pick(self, ids: list[str] | set[str], ctx: Context) -> str | None:
        """One actor among candidates: the only one, else the only one the article has
        mentioned (or whose country it has), else the only one in office on its date."""
        ids = sorted(set(ids))
        if len(ids) <= 1:
            return ids[0] if ids else None
        for test in (lambda a: ctx.ids[a.id] > 0,
                     lambda a: bool(a.country) and ctx.ids[a.country] > 0 or any(ctx.ids[p] for p in a.parents),
                     lambda a: ctx.when is not None and any(r.start and r.during(ctx.when) for r in a.roles)):
            hits = [i for i in ids if test(self.kb.get(i))]
            if len(hits) == 1:
                return hits[0]
        return None

    def name(self, text: str, ctx: Context) -> NameMatch:
        """An unknown name, by the surest evidence first: the article's own surnames, the
        KB's surnames, a skeleton match, then a fuzzy match."""
        key = " ".join(t.key for t in tokenize(text))
        if key in ctx.surnames:
            return NameMatch(ctx.surnames[key].id, "coref", ctx.surnames[key])
        if key in ctx.unknown:
            return NameMatch(None, "unknown")
        hit = self.pick(self.kb.surnames.get(key, []), ctx)
        if hit:
            return NameMatch(hit, "surname")
        skel = self.kb.skeleton(text)
        if len(skel) < 4:
            return NameMatch(None, "")
        for s in ctx.surnames.values():
            if any(self.kb.skeleton(n) == skel for n in self.kb.person_surnames(s.actor)):
                return NameMatch(s.id, "coref", s)
        hit = self.pick(self.kb.skeletons.get(skel, set()), ctx)
        if hit:
            return NameMatch(hit, "fuzzy")
        if len(skel) >= 5:
            hit = self._closest(skel, ctx)
            if hit:
                return NameMatch(hit, "fuzzy")
        return NameMatch(None, "")

    def _closest(self, skel: str, ctx: Context) -> str | None:
        """The actor whose skeleton is nearest an unknown name's: all within 2 points of the
        best score count as equally near, and the article settles between them (`pick`)."""
        found = self.similar(skel)
        if not found:
            return None
        _, best, _ = found[0]  # rapidfuzz's (key, score, index), best first
        ids = {i for key, score, _ in found if score >= best - 2 for i in self.kb.skeletons[key]}
        return self.pick(ids, ctx)

    # -- resolving -------------------------------------------------------------------

    def resolve(self, text: str, ctx: Context, start: int | None = None, label: str | None = None,
                place: bool = True, home: str | None = None) -> Resolution | None:
        """The actor `text` denotes, or None. `label` (a spaCy entity label) and `place`
        (False when the mention is the object of a locative preposition: "in Baghdad")
        only narrow what a bare capital or an unknown name may mean. `home` is the state
        (its id) where the act the mention takes part in happens: "soldiers", "protesters"
        or "gunmen" that state no country are of it, as ACLED codes them."""
        body_text, sponsors = self.sponsors(text, ctx)
        items = self.scan(body_text)
        named_after = self._named_after(items)
        setting = Setting(label, place, sponsors, home=home)
        if items and items[0].tokens[0].key in self.kb.lex["locative"]:
            setting.place = False
        cut = self._complement_start(items, body_text)
        if cut is not None:  # "Red Cross operating in Iraq", "terror group based in Trinidad"
            rest = " ".join(it.text for it in items[cut + 1:])
            if not self._names_person(rest):
                setting.where = self.single_actor(rest, ctx)
                items = items[:cut]
        # An owner ("Iran's", "Hezbollah's", "Trump's") is read on its own; what follows
        # it is then read as belonging to it: "Iran's UN envoy", "Trump's administration".
        owned = [n for n, it in enumerate(items[:-1]) if it.tokens[-1].possessive]
        if owned:
            setting.owner = self.interpret(items[:owned[-1] + 1], ctx, start, Setting())
            items = items[owned[-1] + 1:]
        res = self.interpret(items, ctx, start, setting)
        if res is not None and res.actor.type == "person" and (
                named_after or bool(items) and items[-1].tokens[-1].key in self.kb.lex["facility_heads"]):
            return None  # (a facility is a force's, never a person's: "the al-Asad air base")
        if res is not None:
            res.text, res.sponsors = text, sponsors
        return res

    @staticmethod
    def _named_after(items: list[Item]) -> bool:
        """A thing named after a person: a neutral head with a common noun before it ("the
        Soleimani training camp"), unlike a person's own side ("the Trump camp")."""
        return len(items) > 2 and items[-1].kinds == {"neutral"} and not items[-2].entries \
            and not items[-2].capitalised

    def _complement_start(self, items: list[Item], text: str) -> int | None:
        """Where a complement starts, if the mention has one: a preposition ("envoy to the UN",
        "head of the Quds Force", "police in Jericho") or a participle ("Palestinians living
        in Gaza") after its first content word. A complement says whom a role serves or where
        an unnamed group is; it is not the mention's head."""
        first = next((n for n, it in enumerate(items) if (it.kinds - FILLER) or it.capitalised), None)
        if first is None:
            return None
        return next((n for n, it in enumerate(items) if n > first and not it.of("actor", "role", "desc")
                     and (it.tokens[0].key in self.complements
                          or self._participle(it, text) and not items[n - 1].tokens[-1].possessive)), None)

    def _names_person(self, text: str) -> bool:
        """Whether `text` names a person the KB knows."""
        return any(self.kb.get(e.value).type == "person" for it in self.scan(text) for e in it.of("actor"))

    def interpret(self, items: list[Item], ctx: Context, start: int | None, setting: Setting) -> Resolution | None:
        """The actor a mention's words denote (the owner and complement already cut off and
        read into `setting`), in order of how much the text commits to: a person named, an
        unknown name, an organisation named, then what the description says."""
        kb = self.kb
        head = self._head(items)
        if head is None:
            return None
        if not head.entries and not head.capitalised:
            return None  # "the Iranian nuclear agreement": the head is not an actor word
        cuts = [n for n, it in enumerate(items) if 0 < n < len(items) - 1 and it.tokens[0].key in kb.lex["coordinators"]]
        if cuts:
            return self._coordinated(items, cuts, ctx, start, setting)
        head_n = next(n for n, it in enumerate(items) if it is head)
        words = {e.kind for it in items for e in it.entries}
        named = self._named(items, ctx, setting)
        named += self._misspelt_states(items, head_n, ctx)
        runs = self._runs(items)
        persons = [x.id for x in named if kb.get(x.id).type == "person"]
        countries = [x for x in named if kb.get(x.id).type in STATES]
        d = Description(roles=[RoleWord(*e.value) for it in items for e in it.of("role")],
                        descs=[Descriptor(*e.value) for it in items for e in it.of("desc")],
                        orgs=[x for x in named if kb.get(x.id).type not in ("person", *STATES)],
                        principal=[x.id for x in countries], sponsors=setting.sponsors)
        if setting.owner is not None:
            self._owned_by(d, setting.owner)

        if len(set(persons)) > 1:
            return None  # a coordination ("Putin and Modi"): the caller must split it
        if persons:
            return Resolution(persons[-1], kb.get(persons[-1]), person=True, method="name")
        head_run = next((r for r in runs if head_n in r), None)
        if head_run is not None:
            return self._unknown_name(items[head_run.first:head_run.last + 1], d, ctx, start, setting.label)
        if runs and not (d.roles or d.descs or d.orgs):
            return None  # an unknown name next to a country ("Indian Oil Corp") is not the country
        if d.orgs and not d.roles and not d.descs:
            if countries and countries[-1].at == head_n and d.orgs[-1].at < head_n:
                return self._state(countries[-1])  # "NATO-member Norway"
            return Resolution(d.org, kb.get(d.org), method="name")
        if setting.where is not None and (d.roles or d.descs):
            self._placed(d, setting.where)
        return self._described(replace(d, countries=countries, where=setting.where, home=setting.home,
                                       indefinite="indef" in words, past="past" in words), ctx, start)

    def _coordinated(self, items: list[Item], cuts: list[int], ctx: Context, start: int | None,
                     setting: Setting) -> Resolution | None:
        """A coordination denotes one actor only when each part denotes the same one ("students
        and activists", "police and security forces"); else ("Putin and Modi", "Western and
        Iranian officials") the caller must split it."""
        parts = [items[a + 1:b] for a, b in zip([-1, *cuts], [*cuts, len(items)])]
        found = [self.interpret(p, ctx, start, setting) for p in parts]
        return found[0] if found[0] is not None and all(f is not None and f.id == found[0].id for f in found) else None

    @staticmethod
    def _head(items: list[Item]) -> Item | None:
        """The mention's head: its last content item, before a neutral head ("the Guards
        public relations office" is the Guards') and not a filler word."""
        content = list(items)
        if content and content[-1].kinds == {"neutral"}:
            content.pop()
            while content and not content[-1].entries and not content[-1].capitalised:
                content.pop()
        content = [it for it in content if not (it.kinds and it.kinds <= FILLER)]
        return content[-1] if content else None

    def _named(self, items: list[Item], ctx: Context, setting: Setting) -> list[Named]:
        """The actors the known phrases of a mention name, at most one per phrase: an
        ambiguous name is settled by the article (`pick`) or dropped; a short name ("the
        Guards") counts once the article is about its actor or country; a capital only when
        it stands for its state ("Washington said", not "in Washington")."""
        kb, owner = self.kb, setting.owner
        named: list[Named] = []
        for n, it in enumerate(items):
            if not it.entries:
                continue  # an unknown word: read as a name, by the caller
            for kind in NAME_KINDS:
                ids = [e.value for e in it.of(kind)]
                if kind == "short":
                    ids = [i for i in ids if ctx.ids[i] > 0 or ctx.ids[kb.country_of(i) or ""] > 0
                           or owner is not None and kb.country_of(i) == owner.country]
                if kind == "metonym" and not (setting.place and self._bare(items, n)):
                    ids = []
                hit = self.pick(ids, ctx) if ids else None
                if hit:
                    named.append(Named(n, hit, kind))
                    break
        return named

    def _misspelt_states(self, items: list[Item], head_n: int, ctx: Context) -> list[Named]:
        """States named by a misspelt name or demonym ("Phillippines military"): a run of
        unknown words other than the head that matches a country or territory. Its items are
        rewritten as that state's adjective, so later reading sees a known word."""
        found: list[Named] = []
        for run in self._runs(items):
            if head_n in run:
                continue
            hit = self.name(" ".join(it.text for it in items[run.first:run.last + 1]), ctx).id
            if hit and self.kb.get(hit).type in STATES:
                found.append(Named(run.last, hit, "adj"))
                for it in items[run.first:run.last + 1]:
                    it.entries = [Entry("adj", hit)]
        return found

    def _owned_by(self, d: Description, owner: Resolution) -> None:
        """What an owner adds: its country comes first among the mention's countries; an
        organisation ("Hezbollah's") is the mention's organisation unless it names one."""
        if owner.country:
            d.principal.insert(0, owner.country)
        if owner.actor.type not in ("person", *STATES, "generic") and not d.orgs:
            d.orgs = [Named(-1, owner.id, "owner")]

    def _placed(self, d: Description, where: str) -> None:
        """What a complement adds to a description: a state is its country when it states
        none ("police in Jericho"); another actor is a role's organisation ("envoy to the UN")."""
        if self.kb.get(where).type in STATES:
            d.principal = d.principal or [where]
        elif d.roles and not d.orgs and not d.principal:
            d.orgs = [Named(-1, where, "where")]

    def _unknown_name(self, run: list[Item], d: Description, ctx: Context, start: int | None,
                      label: str | None) -> Resolution | None:
        """A mention whose head is a name the KB lacks under this spelling: the actor it
        matches (`name`), else the person or group its title describes ("Russian President
        X" -> RUS.GOV), which is then marked as named, by title."""
        run_text = " ".join(it.text for it in run)
        match = self.name(run_text, ctx)
        if match.id:
            a = self.kb.get(match.id)
            if match.earlier is not None:
                e = match.earlier
                return Resolution(e.id, e.actor, e.person, True, e.name, e.role, method="coref")
            return Resolution(match.id, a, person=a.type == "person", named=True, method=match.method)
        described = self._described(replace(d, has_name=True), ctx, start)
        if described is None:
            return None
        described.named, described.name, described.method = True, run_text, "title"
        described.person = described.person or label == "PERSON" or bool(d.roles)
        return described

    def _described(self, d: Description, ctx: Context, start: int | None) -> Resolution | None:
        """A mention that describes rather than names, by the most specific thing it says:
        a role, else the organisation it is of, else its descriptors, else its country."""
        if d.roles:
            return self._by_role(d, ctx, start)
        if d.org:
            person = bool(d.descs) and self._sector(d.descs).person
            return Resolution(d.org, self.kb.get(d.org), person=person, named=False, method="description")
        if d.descs:
            return self._by_descriptors(d, ctx, start)
        if d.has_name or len({x.id for x in d.countries}) != 1:
            return None
        return self._state(d.countries[-1])

    def _by_role(self, d: Description, ctx: Context, start: int | None) -> Resolution | None:
        """A role: the office's one holder on the article's date, else the person the article
        last mentioned in it, else the office's body. A former or indefinite holder ("a
        former minister"), or a named person the KB lacks, is never the known holder."""
        office = self._office(d)
        if office is None:
            return None
        if not d.has_name and not d.past and not d.indefinite:
            holder = self._holder(office, ctx, start)
            if holder is not None:
                return holder
        return self._office_body(office, d.descs)

    def _office(self, d: Description) -> Office | None:
        """The office a role mention refers to; None when it is ambiguous (two countries) or
        says too little ("the commander" of nothing stated)."""
        countries = d.countries_of
        word = self._title(d.roles, countries)
        if word is None:
            return None
        if word.only_for and not countries:
            countries = [word.only_for]
        org, to = d.org, None
        if word.role == "envoy":  # accredited to an IGO, to the second country, or to the complement
            igo = [x.id for x in d.orgs if self.kb.get(x.id).type == "igo"]
            if igo:
                to, org = igo[-1], None
            elif len(countries) == 2:
                to = countries.pop()
            elif d.where is not None:
                to = d.where
                countries = [c for c in countries if c != d.where]
        if len(countries) > 1:
            return None
        country = countries[0] if countries else (self.kb.country_of(org) if org else None)
        if word.role in GROUP_HEADS and org is None and not country:
            return None
        return Office(word.role, country, org, to)

    @staticmethod
    def _title(roles: list[RoleWord], countries: list[str]) -> RoleWord | None:
        """The role word to read. A title used by one country only ("secretary of state")
        names that country, and is not that title elsewhere ("India's foreign secretary" is
        a civil servant); a title specific to the stated country beats a general one."""
        fits = [r for r in roles if r.only_for is None or not countries or r.only_for == countries[0]]
        if not fits:
            return None
        specific = [r for r in fits if r.only_for is not None]
        general = [r for r in fits if r.only_for is None]
        return (specific if countries and specific else general or specific)[-1]

    def _holder(self, office: Office, ctx: Context, start: int | None) -> Resolution | None:
        """The person in the office: its one holder on the article's date ("the US president"
        in 2019), else the last person the article mentioned in that role ("the envoy")."""
        people = self.kb.holders(office.role, office.country, office.org, office.to, ctx.when)
        if len(people) == 1:
            return Resolution(people[0], self.kb.get(people[0]), person=True, named=False, role=office.role,
                              method="role")
        earlier = ctx.by_role(office.role, office.country, office.org, start)
        if earlier is not None:
            return Resolution(earlier.id, earlier.actor, True, True, earlier.name, office.role, method="coref")
        return None

    def _office_body(self, office: Office, descs: list[Descriptor]) -> Resolution | None:
        """An unnamed office holder as the body they serve: the organisation, else the
        country's body for the role's sector ("Iranian foreign minister" -> IRN.MFA)."""
        spec = self.kb.lex["roles"].get(office.role, {})
        if office.org:
            return Resolution(office.org, self.kb.get(office.org), person=True, named=False, role=office.role,
                              method="role")
        if office.country:
            reading = self._sector(descs)
            sector = spec.get("sector") or reading.sector or "GOV"
            bid = self.kb.body(office.country, sector, spec.get("body") or reading.body)
            return Resolution(bid, self.kb.get(bid), person=True, named=False, role=office.role, method="role")
        return None

    def _by_descriptors(self, d: Description, ctx: Context, start: int | None) -> Resolution | None:
        """An unnamed group or person: the stated country's body for the descriptors' sector.
        With no country stated, an armed group takes the one country of the article's earlier
        groups of that sector; a sponsored one ("Iran-backed militias") may stay of unknown
        country; else a group with a strong descriptor is of the state where its act happens
        (`Setting.home`), when the caller knows it; anything else says too little."""
        reading = self._sector(d.descs)
        countries = d.countries_of
        if len(countries) > 1:
            return None
        country = countries[0] if countries else None
        method = "description"
        if country is None and not d.has_name:
            if reading.sector == "REB" and (d.sponsors or not self._weak(d.descs)):  # militias, not "people"
                country = ctx.country_for(reading.sector, start)
                method = "coref" if country else method
            if country is None and d.home and not d.sponsors and not self._weak(d.descs):
                country, method = d.home, "place"
            if country is None and not d.sponsors:
                return None
        if country is None and d.has_name:
            return None  # "Judge Alejandro Rivera": a person the KB lacks, of no stated country
        bid = self.kb.body(country, reading.sector, reading.body) if country else f"{UNKNOWN_COUNTRY}.{reading.sector}"
        return Resolution(bid, self.kb.get(bid), person=reading.person, named=False, method=method)

    def _state(self, country: Named) -> Resolution:
        """A state by name, demonym or metonym; a demonym ("Iranian") describes, not names."""
        method = STATE_METHODS.get(country.kind, "name")
        return Resolution(country.id, self.kb.get(country.id), named=method != "demonym", method=method)

    # -- helpers ---------------------------------------------------------------------

    @staticmethod
    def _sector(descs: list[Descriptor]) -> SectorReading:
        """What a mention's descriptors say together: the last strong descriptor's sector,
        else the last weak one's (a weak word such as "forces" yields to any other); the
        person-ness of the last descriptor (the head); the last specific body named."""
        if not descs:
            return SectorReading(None, False, None)
        strong = [d for d in descs if not d.weak]
        sector = (strong or descs)[-1].sector
        body = next((d.body for d in reversed(descs) if d.body), None)
        return SectorReading(sector, descs[-1].person, body)

    @staticmethod
    def _participle(item: Item, text: str) -> bool:
        """A verb form opening a reduced relative clause ("Taliban ruled Afghanistan",
        "Palestinians living in Gaza"); not a hyphenated modifier ("US-led")."""
        t = item.tokens[0]
        return (not item.entries and t.text.islower() and t.key.endswith(("ed", "ing"))
                and (t.start == 0 or text[t.start - 1] != "-"))

    @staticmethod
    def _weak(descs: list[Descriptor]) -> bool:
        """Whether every descriptor is weak ("people"): too vague to borrow a group's country."""
        return all(d.weak for d in descs)

    @staticmethod
    def _bare(items: list[Item], n: int) -> bool:
        """A capital stands for its state when it is the mention itself ("Washington",
        "Tehran's"), or owns a descriptor ("Kabul government"), not inside a longer name."""
        rest = [it for k, it in enumerate(items) if k != n and not (it.kinds & {"skip", "indef", "qual"})]
        return not rest or items[n].tokens[-1].possessive or any(it.of("desc", "role") for it in rest)

    def _runs(self, items: list[Item]) -> list[Run]:
        """The runs of unknown capitalised words, allowing name particles inside
        ("Abu Bakr al-Baghdadi")."""
        runs: list[Run] = []
        for n, it in enumerate(items):
            particle = not it.entries and it.tokens[0].key in self.kb.particles
            if it.capitalised or (particle and runs and runs[-1].last == n - 1):
                if runs and runs[-1].last == n - 1:
                    runs[-1] = Run(runs[-1].first, n)
                else:
                    runs.append(Run(n, n))
        return runs
