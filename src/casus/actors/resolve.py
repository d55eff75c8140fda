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
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz, process

from casus.actors.kb import KB, UNKNOWN_COUNTRY, Actor, Entry, parse_date
from casus.actors.names import Token, all_capitals, case_ok, phrase_key, tokenize


FILLER = {"skip", "honor", "indef", "past", "qual", "neutral"}  # words that never make a mention an actor


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

    def known(self, words: Sequence[str], keys: Sequence[str]) -> list[tuple[int, int, list[Entry]]]:
        """Longest-match words (as written, and their keys) against the KB's phrase index:
        (first word, number of words, entries) of each known phrase, left to right."""
        shouting = all_capitals(words)
        out, i = [], 0
        phrases, lengths = self.kb.phrases, self.lengths
        while i < len(keys):
            for n in lengths.get(keys[i], ()):
                if i + n > len(keys):
                    continue
                entries = [e for e in phrases.get(tuple(keys[i:i + n]), ())
                           if not e.pattern or case_ok(e.pattern, words[i:i + n], shouting)]
                if entries:
                    out.append((i, n, entries))
                    i += n
                    break
            else:
                i += 1
        return out

    def scan(self, text: str) -> list[Item]:
        """The mention's words as known phrases and unknown single words."""
        toks = tokenize(text)
        items, i = [], 0
        for first, n, entries in self.known([t.text for t in toks], [t.key for t in toks]):
            items += (Item([t], []) for t in toks[i:first])
            items.append(Item(toks[first:first + n], entries))
            i = first + n
        items += (Item([t], []) for t in toks[i:])
        return items

    def sponsors(self, text: str, ctx: Context) -> tuple[str, list[str]]:
        """"Iran-backed militias" -> ("           militias", ["IRN"]): sponsors are never the
        mention's own country, so they are cut out (offsets kept) before reading it."""
        found: list[str] = []

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

    def name(self, text: str, ctx: Context) -> tuple[str | None, str, Resolution | None]:
        """An unknown name: (actor id, method, earlier resolution) — by the article's own
        surnames, the KB's surnames, a skeleton match, then a fuzzy match."""
        key = " ".join(t.key for t in tokenize(text))
        if key in ctx.surnames:
            return ctx.surnames[key].id, "coref", ctx.surnames[key]
        if key in ctx.unknown:
            return None, "unknown", None
        hit = self.pick(self.kb.surnames.get(key, []), ctx)
        if hit:
            return hit, "surname", None
        skel = self.kb.skeleton(text)
        if len(skel) < 4:
            return None, "", None
        for s in ctx.surnames.values():
            if any(self.kb.skeleton(n) == skel for n in self.kb.person_surnames(s.actor)):
                return s.id, "coref", s
        hit = self.pick(self.kb.skeletons.get(skel, set()), ctx)
        if hit:
            return hit, "fuzzy", None
        if len(skel) >= 5:
            found = self.similar(skel)
            if found:
                best = found[0][1]
                ids = {i for k, score, _ in found if score >= best - 2 for i in self.kb.skeletons[k]}
                hit = self.pick(ids, ctx)
                if hit:
                    return hit, "fuzzy", None
        return None, "", None

    # -- resolving -------------------------------------------------------------------

    def resolve(self, text: str, ctx: Context, start: int | None = None, label: str | None = None,
                place: bool = True) -> Resolution | None:
        """The actor `text` denotes, or None. `label` (a spaCy entity label) and `place`
        (False when the mention is the object of a locative preposition: "in Baghdad")
        only narrow what a bare capital or an unknown name may mean."""
        body_text, sponsors = self.sponsors(text, ctx)
        items = self.scan(body_text)
        if items and items[0].tokens[0].key in self.kb.lex["locative"]:
            place = False
        # A complement ("envoy to the UN", "head of the Quds Force", "police in Jericho")
        # says whom a role serves or where an unnamed group is; it is not the mention's head.
        where = None
        content = [n for n, it in enumerate(items) if (it.kinds - FILLER) or it.capitalised]
        cut = next((n for n, it in enumerate(items) if content and n > content[0] and not it.of("actor", "role", "desc")
                    and (it.tokens[0].key in self.complements
                         or self._participle(it, body_text) and not items[n - 1].tokens[-1].possessive)), None)
        if cut is not None:  # "Red Cross operating in Iraq", "terror group based in Trinidad"
            rest = " ".join(it.text for it in items[cut + 1:])
            if not any(self.kb.get(e.value).type == "person" for it in self.scan(rest) for e in it.of("actor")):
                where = self.single_actor(rest, ctx)
                items = items[:cut]
        # An owner ("Iran's", "Hezbollah's", "Trump's") is read on its own; what follows
        # it is then read as belonging to it: "Iran's UN envoy", "Trump's administration".
        owned = [n for n, it in enumerate(items[:-1]) if it.tokens[-1].possessive]
        owner = None
        if owned:
            owner = self.interpret(items[:owned[-1] + 1], ctx, start, None, True, [])
            items = items[owned[-1] + 1:]
        res = self.interpret(items, ctx, start, label, place, sponsors, owner, where)
        if res is not None:
            res.text, res.sponsors = text, sponsors
        return res

    def interpret(self, items: list[Item], ctx: Context, start: int | None, label: str | None, place: bool,
                  sponsors: list[str], owner: Resolution | None = None, where: str | None = None) -> Resolution | None:
        kb = self.kb
        content = list(items)
        if content and content[-1].kinds == {"neutral"}:  # "the Guards public relations office"
            content.pop()
            while content and not content[-1].entries and not content[-1].capitalised:
                content.pop()
        content = [it for it in content if not (it.kinds and it.kinds <= FILLER)]
        if not content:
            return None
        head = content[-1]
        head_n = next(n for n, it in enumerate(items) if it is head)
        if not head.entries and not head.capitalised:
            return None  # "the Iranian nuclear agreement": the head is not an actor word
        if any(it.tokens[0].key in kb.lex["coordinators"] for it in items[1:-1]):
            return None  # a coordination ("Western and Iranian officials"): the caller must split it
        words = {e.kind for it in items for e in it.entries}
        indefinite, past = "indef" in words, "past" in words

        # Actors named in the mention; an ambiguous name is settled by the article or dropped.
        named: list[tuple[int, str, str]] = []  # (item index, id, kind)
        for n, it in enumerate(items):
            if not it.entries:
                continue  # an unknown word: read as a name below
            for kind in ("actor", "short", "metonym", "adj", "people"):
                ids = [e.value for e in it.of(kind)]
                if kind == "short":  # "the Guards" once the article is about Iran or the IRGC
                    ids = [i for i in ids if ctx.ids[i] > 0 or ctx.ids[kb.country_of(i) or ""] > 0
                           or owner is not None and kb.country_of(i) == owner.country]
                if kind == "metonym" and not (place and self._bare(items, n)):
                    ids = []
                hit = self.pick(ids, ctx) if ids else None
                if hit:
                    named.append((n, hit, kind))
                    break
        for first, last in self._runs(items):  # a misspelt country or demonym ("Phillippines military")
            if not first <= head_n <= last:
                hit, method, _ = self.name(" ".join(it.text for it in items[first:last + 1]), ctx)
                if hit and kb.get(hit).type in ("country", "territory"):
                    named.append((last, hit, "adj"))
                    for it in items[first:last + 1]:
                        it.entries = [Entry("adj", hit)]
        runs = self._runs(items)
        persons = [(n, i) for n, i, k in named if kb.get(i).type == "person"]
        orgs = [(n, i) for n, i, k in named if kb.get(i).type not in ("person", "country", "territory")]
        countries = [(n, i, k) for n, i, k in named if kb.get(i).type in ("country", "territory")]
        roles = [(n, e.value) for n, it in enumerate(items) for e in it.of("role")]
        descs = [(n, e.value) for n, it in enumerate(items) for e in it.of("desc")]

        principal = [i for n, i, k in countries]
        if owner is not None:
            if owner.country:
                principal.insert(0, owner.country)
            if owner.actor.type not in ("person", "country", "territory", "generic") and not orgs:
                orgs = [(-1, owner.id)]

        if len({i for _, i in persons}) > 1:
            return None  # a coordination ("Putin and Modi"): the caller must split it
        if persons:
            return Resolution(persons[-1][1], kb.get(persons[-1][1]), person=True, method="name")

        head_run = next((r for r in runs if r[0] <= head_n <= r[1]), None)
        if head_run:
            run_text = " ".join(it.text for it in items[head_run[0]:head_run[1] + 1])
            hit, method, earlier = self.name(run_text, ctx)
            if hit:
                a = kb.get(hit)
                if earlier is not None:
                    return Resolution(earlier.id, earlier.actor, earlier.person, True, earlier.name, earlier.role,
                                      method="coref")
                return Resolution(hit, a, person=a.type == "person", named=True, method=method)
            # A name the KB lacks: a person or group known only by what the title says.
            described = self._described(roles, descs, orgs, principal, ctx, start, True, sponsors)
            if described is None:
                return None
            described.named, described.name, described.method = True, run_text, "title"
            described.person = described.person or label == "PERSON" or bool(roles)
            return described
        if runs and not (roles or descs or orgs):
            return None  # an unknown name next to a country ("Indian Oil Corp") is not the country

        if orgs and not roles and not descs:
            if countries and countries[-1][0] == head_n and orgs[-1][0] < head_n:
                return self._described([], [], [], principal, ctx, start, False, sponsors,
                                       countries=countries[-1:])  # "NATO-member Norway"
            n, org = orgs[-1]
            return Resolution(org, kb.get(org), method="name")
        if where is not None and (roles or descs):
            w = kb.get(where)
            if w.type in ("country", "territory"):
                principal = principal or [where]
            elif roles and not orgs and not principal:
                orgs = [(-1, where)]
        return self._described(roles, descs, orgs, principal, ctx, start, False, sponsors,
                               indefinite=indefinite, past=past, countries=countries, where=where)

    def _described(self, roles, descs, orgs, principal, ctx, start, has_name, sponsors,
                   indefinite=False, past=False, countries=(), where=None) -> Resolution | None:
        """A mention that describes rather than names: by role, organisation, sector, country."""
        kb = self.kb
        distinct = list(dict.fromkeys(principal))
        org = orgs[-1][1] if orgs else None
        to = None
        role = None
        if roles:
            # A title used by one country only ("secretary of state") names that country,
            # and is not that title elsewhere ("India's foreign secretary" is a civil servant).
            fits = [(n, v) for n, v in roles if v[1] is None or not distinct or v[1] == distinct[0]]
            if not fits:
                return None
            specific = [(n, v) for n, v in fits if v[1] is not None]
            general = [(n, v) for n, v in fits if v[1] is None]
            role, only_for = (specific if distinct and specific else general or specific)[-1][1]
            if only_for and not distinct:
                distinct = [only_for]
            if role == "envoy":
                igo = [i for _, i in orgs if kb.get(i).type == "igo"]
                if igo:
                    to, org = igo[-1], None
                elif len(distinct) == 2:
                    to = distinct.pop()
                elif where is not None:
                    to = where
                    distinct = [c for c in distinct if c != where]
            if len(distinct) > 1:
                return None
            country = distinct[0] if distinct else (kb.country_of(org) if org else None)
            if role in ("head", "leader", "intelligence chief") and org is None and not country:
                return None
            if not has_name and not past and not indefinite:
                people = kb.holders(role, country, org, to, ctx.when)
                if len(people) == 1:
                    return Resolution(people[0], kb.get(people[0]), person=True, named=False, role=role, method="role")
                earlier = ctx.by_role(role, country, org, start)
                if earlier is not None:
                    return Resolution(earlier.id, earlier.actor, True, True, earlier.name, role, method="coref")
            spec = kb.lex["roles"].get(role, {})
            if org:
                return Resolution(org, kb.get(org), person=True, named=False, role=role, method="role")
            if country:
                sector = spec.get("sector") or self._sector(descs)[0] or "GOV"
                bid = kb.body(country, sector, spec.get("body") or self._sector(descs)[2])
                return Resolution(bid, kb.get(bid), person=True, named=False, role=role, method="role")
            return None
        if org:
            person = bool(descs) and self._sector(descs)[1]
            return Resolution(org, kb.get(org), person=person, named=False, method="description")
        if descs:
            sector, person, suffix = self._sector(descs)
            if len(distinct) > 1:
                return None
            country = distinct[0] if distinct else None
            method = "description"
            if country is None and not has_name:
                if sector == "REB" and (sponsors or not self._weak(descs)):  # militias, not "people"
                    country = ctx.country_for(sector, start)
                    method = "coref" if country else method
                if country is None and not sponsors:
                    return None
            if country is None and has_name:
                return None  # "Judge Alejandro Rivera": a person the KB lacks, of no stated country
            bid = kb.body(country, sector, suffix) if country else f"{UNKNOWN_COUNTRY}.{sector}"
            return Resolution(bid, kb.get(bid), person=person, named=False, method=method)
        if has_name or len({i for _, i, _ in countries}) != 1:
            return None
        _, cid, kind = countries[-1]
        method = {"adj": "demonym", "people": "demonym", "metonym": "metonym"}.get(kind, "name")
        return Resolution(cid, kb.get(cid), named=method != "demonym", method=method)

    # -- helpers ---------------------------------------------------------------------

    @staticmethod
    def _sector(descs) -> tuple[str | None, bool, str | None]:
        """(sector, denotes a person, specific body suffix) of a mention's descriptors:
        the last strong descriptor's sector, else the last weak one's; the person-ness of
        the last descriptor (the head)."""
        if not descs:
            return None, False, None
        strong = [v for _, v in descs if not v[2]]
        sector = (strong or [v for _, v in descs])[-1][0]
        suffix = next((v[3] for _, v in reversed(descs) if v[3]), None)
        return sector, descs[-1][1][1], suffix

    @staticmethod
    def _participle(item: Item, text: str) -> bool:
        """A verb form opening a reduced relative clause ("Taliban ruled Afghanistan",
        "Palestinians living in Gaza"); not a hyphenated modifier ("US-led")."""
        t = item.tokens[0]
        return (not item.entries and t.text.islower() and t.key.endswith(("ed", "ing"))
                and (t.start == 0 or text[t.start - 1] != "-"))

    @staticmethod
    def _weak(descs) -> bool:
        return all(v[2] for _, v in descs)

    @staticmethod
    def _bare(items: list[Item], n: int) -> bool:
        """A capital stands for its state when it is the mention itself ("Washington",
        "Tehran's"), or owns a descriptor ("Kabul government"), not inside a longer name."""
        rest = [it for k, it in enumerate(items) if k != n and not (it.kinds & {"skip", "indef", "qual"})]
        return not rest or items[n].tokens[-1].possessive or any(it.of("desc", "role") for it in rest)

    def _runs(self, items: list[Item]) -> list[tuple[int, int]]:
        """Spans (first, last item index) of unknown capitalised words, allowing name
        particles inside ("Abu Bakr al-Baghdadi")."""
        runs: list[tuple[int, int]] = []
        for n, it in enumerate(items):
            particle = not it.entries and it.tokens[0].key in self.kb.particles
            if it.capitalised or (particle and runs and runs[-1][1] == n - 1):
                if runs and runs[-1][1] == n - 1:
                    runs[-1] = (runs[-1][0], n)
                else:
                    runs.append((n, n))
        return runs
