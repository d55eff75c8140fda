"""The actor knowledge base: data files in, lookup indexes out.

Every actor is one JSON object per line in src/casus/data/actors/*.jsonl (shipped), merged
with the user's own file(s) (CASUS_ACTORS, else ~/.config/casus/actors.jsonl). Words that
describe actors without naming them (demonyms, roles, "militia", "officials") come from
lexicon.json. The KB is read once per process and turned into one phrase index that the
resolver scans mentions with, a surname index, a fuzzy index of name skeletons, and a
role index for "who held this office on that date".

Ids: countries and territories by ISO 3166-1 alpha-3 ("IRN"); their bodies under them
("IRN.IRGC.QUDS"); the generic actor of a sector of a country is "{ISO3}.{SECTOR}"
("IRQ.REB", made on demand unless curated, e.g. "ISR.MIL" is the IDF) and "XXX.{SECTOR}"
when the country is unknown; intergovernmental organisations by acronym ("UN.UNSC",
"IAEA"); everything else by kind and slug ("group:hezbollah", "media:reuters",
"person:qassem-soleimani").
"""

from __future__ import annotations

import calendar
import json
import os
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any, Iterable

from casus.actors.names import case_pattern, fold, name_tokens, phrase_key, skeleton, tokenize

TYPES = {"country", "territory", "igo", "state_body", "armed_group", "party", "movement", "media", "ngo",
         "company", "person", "organisation", "generic"}
UNKNOWN_COUNTRY = "XXX"  # ICAO's code for an unspecified nationality
USER_FILE_ENV = "CASUS_ACTORS"


def user_files() -> list[Path]:
    """The user's actor files merged over the shipped ones, in order."""
    env = os.environ.get(USER_FILE_ENV)
    if env:
        return [Path(p).expanduser() for p in env.split(os.pathsep) if p]
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return [base / "casus" / "actors.jsonl"]


def parse_date(value: str | None) -> tuple[date, date] | None:
    """A partial ISO date as the range of days it may mean: "2020" is the whole year."""
    if not value:
        return None
    parts = [int(p) for p in str(value)[:10].split("-")]
    y = parts[0]
    if len(parts) == 1:
        return date(y, 1, 1), date(y, 12, 31)
    m = parts[1]
    if len(parts) == 2:
        return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1])
    d = date(y, m, parts[2])
    return d, d


@dataclass
class Role:
    title: str  # as recorded: "commander", "foreign minister"
    org: str  # actor id of the organisation or country
    start: str | None = None  # partial ISO date; None: unknown
    end: str | None = None  # partial ISO date; None: still held (as far as the KB knows) or unknown
    head: bool = False  # the top leader of `org` (or, when `org` is a country, of the country)
    to: str | None = None  # for envoys: the actor they are accredited to
    canon: str = ""  # canonical role ("head" for commander/director/...), set by the KB

    def during(self, when: tuple[date, date] | None, surely: bool = False) -> bool:
        """Whether the role was (possibly, or `surely`) held at some time in `when`."""
        if when is None:
            return not surely
        start, end = parse_date(self.start), parse_date(self.end)
        if start is None:
            return not surely
        q0, q1 = when
        if surely:
            return start[1] <= q0 and (end is None or end[0] >= q1)
        return start[0] <= q1 and (end is None or end[1] >= q0)


@dataclass
class Actor:
    id: str
    type: str
    name: str
    aliases: list[str] = field(default_factory=list)
    country: str | None = None  # ISO 3166-1 alpha-3
    sector: str | None = None  # GOV MIL INT POL JUD LEG REB OPP MED CVL BUS REL NGO IGO PTY
    parents: list[str] = field(default_factory=list)
    sponsors: list[str] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)  # {"type", "date", "note"}
    record: dict[str, Any] = field(default_factory=dict)  # the data as loaded, for output

    @classmethod
    def from_record(cls, r: dict[str, Any]) -> "Actor":
        if not r.get("id") or not r.get("name"):
            raise ValueError(f"actor record needs an id and a name: {r!r}")
        if r.get("type", "organisation") not in TYPES:
            raise ValueError(f"actor {r['id']}: unknown type {r.get('type')!r}; one of {sorted(TYPES)}")
        return cls(id=r["id"], type=r.get("type", "organisation"), name=r["name"], aliases=list(r.get("aliases", [])),
                   country=r.get("country"), sector=r.get("sector"), parents=list(r.get("parents", [])),
                   sponsors=list(r.get("sponsors", [])),
                   roles=[Role(**{k: v for k, v in x.items() if k in Role.__dataclass_fields__}) for x in r.get("roles", [])],
                   events=list(r.get("events", [])), record=r)

    def to_json(self) -> dict[str, Any]:
        return dict(self.record) or {"id": self.id, "type": self.type, "name": self.name, "country": self.country,
                                     "sector": self.sector, "parents": self.parents}


NAME_KINDS = {"actor", "adj", "people", "metonym", "short"}  # entries that are names, not lexicon words


@dataclass(frozen=True)
class Entry:
    """What a phrase may mean. kind: actor | adj | people | metonym | short | role | desc |
    past | indef | skip | honor | qual | neutral; value: an actor id, a role, a descriptor."""

    kind: str
    value: Any
    pattern: tuple[str, ...] = ()  # case pattern the text must satisfy (names only)


def merge(records: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Records by id; a later record with a known id overrides the fields it gives and
    adds its aliases, so a user file can extend a shipped actor with one line."""
    out: dict[str, dict[str, Any]] = {}
    for r in records:
        old = out.get(r.get("id"))
        if old is None:
            out[r["id"]] = dict(r)
        else:
            aliases = old.get("aliases", []) + [a for a in r.get("aliases", []) if a not in old.get("aliases", [])]
            out[r["id"]] = {**old, **r, "aliases": aliases}
    return out


def read_jsonl(lines: Iterable[str], source: str) -> Iterable[dict[str, Any]]:
    for n, line in enumerate(lines, 1):
        line = line.strip()
        if line and not line.startswith("#"):
            try:
                yield json.loads(line)
            except json.JSONDecodeError as e:
                raise ValueError(f"{source}:{n}: {e}") from e


def shipped_records() -> Iterable[dict[str, Any]]:
    folder = resources.files("casus.data") / "actors"
    for f in sorted(folder.iterdir(), key=lambda p: p.name):
        if f.name.endswith(".jsonl"):
            yield from read_jsonl(f.read_text(encoding="utf-8").splitlines(), f.name)


def lexicon() -> dict[str, Any]:
    return json.loads((resources.files("casus.data") / "actors" / "lexicon.json").read_text(encoding="utf-8"))


class KB:
    """The merged knowledge base and its indexes."""

    def __init__(self, records: Iterable[dict[str, Any]], lex: dict[str, Any]):
        self.lex = lex
        self.sectors: dict[str, str] = lex["sectors"]
        self.actors: dict[str, Actor] = {i: Actor.from_record(r) for i, r in merge(records).items()}
        self.heads = set(lex["heads"])
        self.particles = frozenset(lex["name_particles"])
        self.phrases: dict[tuple[str, ...], list[Entry]] = defaultdict(list)
        self.surnames: dict[str, list[str]] = defaultdict(list)  # "kadhimi" -> person ids
        self.skeletons: dict[str, set[str]] = defaultdict(set)  # skeleton -> actor ids
        self.role_index: dict[str, list[tuple[str, Role]]] = defaultdict(list)
        self._role_variants: dict[tuple[str, ...], str] = {}
        self._country_variants: dict[tuple[str, tuple[str, ...]], str] = {}
        self._index_lexicon()
        for a in self.actors.values():
            self._index_actor(a)

    # -- building ------------------------------------------------------------

    def _add(self, text: str, entry: Entry) -> None:
        key = phrase_key(text)
        if key and entry not in self.phrases[key]:
            self.phrases[key].append(entry)

    def _name(self, text: str, kind: str, actor_id: str) -> None:
        toks = tokenize(text)
        key = phrase_key(text)
        if len(toks) == 2 and toks[0].key == "the" and any(e.kind not in NAME_KINDS for e in self.phrases.get(key, ())):
            # "The National", a newspaper: with its article, or every "National" in "the Libyan National Army" is it
            key, pattern = tuple(t.key for t in toks), ("", *case_pattern(text))
        else:
            pattern = case_pattern(text)
        if key and (e := Entry(kind, actor_id, pattern)) not in self.phrases[key]:
            self.phrases[key].append(e)

    def _index_lexicon(self) -> None:
        lex = self.lex
        for canon, spec in lex["roles"].items():
            for v in [canon, *spec["variants"]]:
                self._role_variants[phrase_key(v)] = canon
                self._add(v, Entry("role", (canon, None)))
            for country, variants in spec.get("by_country", {}).items():
                for v in variants:
                    self._country_variants[(country, phrase_key(v))] = canon
                    self._add(v, Entry("role", (canon, country)))
        bodies = {phrase_key(k): v for k, v in lex["bodies"].items()}
        for sector, spec in lex["descriptors"].items():
            weak = {phrase_key(w) for w in spec.get("weak", [])}
            for person, words in ((False, spec.get("groups", [])), (True, spec.get("people", []))):
                for w in words:
                    k = phrase_key(w)
                    self._add(w, Entry("desc", (sector, person, k in weak, bodies.get(k))))
        for kind, words in (("past", lex["past"]), ("indef", lex["indefinite"]), ("skip", lex["skip"]),
                            ("honor", lex["honorifics"]), ("qual", lex["qualifiers"]),
                            ("neutral", lex["neutral_heads"] + lex["facility_heads"])):
            for w in words:
                self._add(w, Entry(kind, w))

    def _index_actor(self, a: Actor) -> None:
        r = a.record
        for n in [a.name, *a.aliases]:
            self._name(n, "actor", a.id)
            if a.type == "person" or len(name_tokens(n)) > 1 or len(n) >= 5:
                self.skeletons[self.skeleton(n)].add(a.id)
        for n in r.get("adjectives", []):
            self._name(n, "adj", a.id)
        for n in r.get("people", []):
            self._name(n, "people", a.id)
            self.skeletons[self.skeleton(n)].add(a.id)
        for n in r.get("metonyms", []):
            self._name(n, "metonym", a.id)
        for n in r.get("short", []):
            self._name(n, "short", a.id)
        if a.type == "person":
            for s in self.person_surnames(a):
                key = " ".join(phrase_key(s))
                if a.id not in self.surnames[key]:
                    self.surnames[key].append(a.id)
                self.skeletons[self.skeleton(s)].add(a.id)
        for role in a.roles:
            role.canon = self.canon_role(role.title)
            self.role_index[role.canon].append((a.id, role))

    def person_surnames(self, a: Actor) -> list[str]:
        """How a person is referred to by surname alone: as recorded, else the last word."""
        if "surname" in a.record:
            return list(a.record["surname"])
        toks = name_tokens(a.name)
        last = toks[-1].text if toks else a.name
        return [last] if len(toks) > 1 else []

    # -- lookups ---------------------------------------------------------------

    def skeleton(self, text: str) -> str:
        return skeleton(text, self.particles)

    def canon_role(self, title: str, country: str | None = None) -> str:
        key = phrase_key(title)
        if country and (country, key) in self._country_variants:
            return self._country_variants[(country, key)]
        return self._role_variants.get(key, " ".join(key))

    def get(self, actor_id: str | None) -> Actor | None:
        """An actor by id; generic country-sector actors ("IRQ.REB") are made on demand."""
        if not actor_id:
            return None
        a = self.actors.get(actor_id)
        if a is not None:
            return a
        country, _, sector = actor_id.partition(".")
        state = self.actors.get(country)
        known = state is not None and state.type in ("country", "territory")
        if sector not in self.sectors or not (known or country == UNKNOWN_COUNTRY):
            return None
        if known:
            a = Actor(actor_id, "generic", self.sectors[sector].replace("{country}", state.name), country=country,
                      sector=sector, parents=[country])
        else:
            a = Actor(actor_id, "generic", self.sectors[sector].replace(" of {country}", "") + " (country unknown)",
                      sector=sector)
        a.record = {"id": a.id, "type": a.type, "name": a.name, "country": a.country, "sector": sector,
                    "parents": a.parents, "note": "generic actor of a sector, made on demand"}
        self.actors[actor_id] = a
        return a

    def body(self, country: str | None, sector: str, suffix: str | None = None) -> str:
        """The id of a country's body for a sector: its specific body when curated
        ("IRN" + "MFA" -> "IRN.MFA"), else the generic one ("IRN.GOV")."""
        c = country or UNKNOWN_COUNTRY
        if suffix and country and f"{c}.{suffix}" in self.actors:
            return f"{c}.{suffix}"
        return f"{c}.{sector}"

    def ancestors(self, actor_id: str) -> list[str]:
        out: list[str] = []
        todo = list((self.get(actor_id) or Actor(actor_id, "generic", actor_id)).parents)
        while todo:
            p = todo.pop(0)
            if p not in out and p != actor_id:
                out.append(p)
                a = self.get(p)
                todo.extend(a.parents if a else [])
        return out

    @cached_property
    def by_iso2(self) -> dict[str, str]:
        """State ids by ISO 3166-1 alpha-2 code (a place's country) -> alpha-3 (an actor's)."""
        return {a.record["iso2"]: a.id for a in self.actors.values()
                if a.type in ("country", "territory") and a.record.get("iso2")}

    @cached_property
    def iso2_of(self) -> dict[str, str]:
        """ISO 3166-1 alpha-3 (an actor's country) -> alpha-2 (a place's), the inverse of `by_iso2`."""
        return {iso3: iso2 for iso2, iso3 in self.by_iso2.items()}

    def group_countries(self, names: Iterable[str]) -> Counter:
        """The countries (ISO 3166-1 alpha-2) the armed groups among `names` fight in, one count
        per name of one country's group: context for a text's places. Only armed groups, which
        hold ground; a state's forces, parties and persons are named in news of anywhere."""
        out: Counter = Counter()
        for name in names:
            countries = {self.iso2_of.get(a.country) for a in self.named(name) if a.type == "armed_group"} - {None}
            if len(countries) == 1:
                out[countries.pop()] += 1
        return out

    def named(self, name: str) -> list[Actor]:
        """The actors a name is one of the names or short names of ("Boko Haram", "ISWAP")."""
        found = (self.get(e.value) for e in self.phrases.get(phrase_key(name), ()) if e.kind in {"actor", "short"})
        return [a for a in found if a is not None]

    def country_of(self, actor_id: str | None) -> str | None:
        a = self.get(actor_id)
        return a.country if a else None

    def sector_of(self, actor_id: str | None) -> str | None:
        a = self.get(actor_id)
        return a.sector if a else None

    def holders(self, role: str, country: str | None = None, org: str | None = None, to: str | None = None,
                when: tuple[date, date] | None = None) -> list[str]:
        """People who held `role` (of `org`, or of `country`) at some time in `when`.

        Only dated roles count: an undated role says who someone is, not when. Without a
        date nobody is returned, since any office has had many holders.
        """
        if when is None or (org is None and country is None and role in ("head", "leader")):
            return []
        cands = [(pid, r) for family in self._families(role) for pid, r in self.role_index.get(family, [])
                 if r.start and r.during(when) and self._role_fits(r, role, country, org, to)]
        people = sorted({pid for pid, _ in cands})
        if len(people) > 1:
            surely = sorted({pid for pid, r in cands if r.during(when, surely=True)})
            people = surely if len(surely) == 1 else people
        return people

    def _families(self, role: str) -> list[str]:
        if role in ("head", "leader"):  # any title can be flagged as the head of its organisation
            return list(self.role_index)
        if role == "intelligence chief":
            return ["head", "intelligence chief"]
        return [role]

    def _role_fits(self, r: Role, role: str, country: str | None, org: str | None, to: str | None) -> bool:
        if to is not None and r.to != to:
            return False
        r_country = self.country_of(r.org) or r.org
        if role == "intelligence chief":
            if self.sector_of(r.org) != "INT":
                return False
            if org is not None:
                return r.org == org or org in self.ancestors(r.org)
            return r_country == country
        if role in ("head", "leader"):  # "Quds Force commander", "Hezbollah leader", "Iran's leader"
            if org is not None:
                return r.org == org and (r.canon in self.heads or r.head)
            return role == "leader" and r.head and r_country == country
        if r.canon != role:
            return False
        if org is not None:
            return r.org == org or org in self.ancestors(r.org)
        if country is not None:
            return r_country == country
        return True

    def events(self) -> list[dict[str, Any]]:
        """Notable dated events (deaths, dissolutions) for the time stage and for users."""
        return [{"actor": a.id, **e} for a in self.actors.values() for e in a.events]

    def search(self, query: str = "", type: str | None = None, country: str | None = None) -> list[Actor]:
        """Actors whose id, name or an alias contains `query` (case and accents ignored)."""
        q = fold(query)
        out = []
        for a in list(self.actors.values()):
            if a.type == "generic" or (type and a.type != type) or (country and a.country != country):
                continue
            if not q or q in fold(a.id) or any(q in fold(n) for n in [a.name, *a.aliases]):
                out.append(a)
        return out


def read() -> KB:
    """The knowledge base as the files are now: shipped files, then the user's."""
    records = list(shipped_records())
    for path in user_files():
        if path.is_file():
            records.extend(read_jsonl(path.read_text(encoding="utf-8").splitlines(), str(path)))
    return KB(records, lexicon())


def add_user_actor(record: dict[str, Any], path: Path | None = None) -> Path:
    """Append one actor to the user's file (validated first) and return the file's path."""
    Actor.from_record(record)
    path = path or user_files()[0]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(record, ensure_ascii=False) + "\n")
    return path


def slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in fold(text)).split())


def user_record(kb: KB, name: str, type: str | None = None, id: str | None = None, aliases: Iterable[str] = (),
                country: str | None = None, sector: str | None = None, parents: Iterable[str] = (),
                sponsors: Iterable[str] = (), roles: Iterable[str] = ()) -> dict[str, Any]:
    """An actor record from command-line values, checked against the KB so that a typo in
    a country or parent id fails now rather than resolving nothing later. With the id of a
    known actor, the record holds only what is given, so it extends that actor.

    `roles` are "TITLE@ORG[:START[:END]]", e.g. "commander@IRN.IRGC.QUDS:2020-01-03".
    """
    if type is not None and type not in TYPES:
        raise ValueError(f"unknown type {type!r}; one of {', '.join(sorted(TYPES))}")
    if sector and sector not in kb.sectors:
        raise ValueError(f"unknown sector {sector!r}; one of {', '.join(kb.sectors)}")
    for ref in [country, *parents, *sponsors]:
        if ref and kb.get(ref) is None:
            raise ValueError(f"unknown actor id {ref!r} (see `casus actors -q ...`)")
    parsed = []
    for spec in roles:
        title, _, rest = spec.partition("@")
        org, *dates = rest.split(":")
        if not title or kb.get(org) is None:
            raise ValueError(f"role {spec!r}: expected TITLE@ORG[:START[:END]] with a known ORG id")
        for d in dates:
            parse_date(d)  # raises on a malformed date
        parsed.append({"title": title, "org": org, "start": (dates + [None])[0] or None,
                       "end": (dates + [None, None])[1] or None})
    known = id is not None and id in kb.actors
    record = {"id": id or f"{'person' if type == 'person' else 'user'}:{slug(name)}", "name": name,
              "type": type or (None if known else "organisation"), "aliases": list(aliases), "country": country,
              "sector": sector, "parents": list(parents), "sponsors": list(sponsors), "roles": parsed}
    if known:
        old = kb.actors[id].record
        record["name"] = old["name"]
        record["roles"] = old.get("roles", []) + parsed if parsed else []
    return {k: v for k, v in record.items() if v or k in ("id", "name")}
