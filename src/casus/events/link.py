"""Linking reports: events that are the same real-world event share one cluster id.

Outlets re-report the same strike many times ("the June 27 strikes", "the US air
strikes", "the June airstrikes on the militias"); coders that count each mention count
the strike once per outlet. Two reports are one event when they are of the same type and
status (what happened is not linked with what was threatened), their actors do not
conflict and at least one is the same, their places do not conflict, and their dates
overlap — or, when one is undated, they come from the same story. The `Links` component
keeps the clusters a report may still join; when ingesting, the reports already stored seed
them, so ids stay stable across runs, and each batch saves the summary of every cluster it
touched: the number of reports, of independent reports (a verbatim copy is not one), of
outlets, and the first report.

Memory is bounded: the rules set no time limit (a dated report joins any cluster its dates
overlap), so the bound is recency, as with stories' window of originals. The `WINDOW`
clusters most recently joined stay in memory; one that no report has joined while `WINDOW`
others were is forgotten, and stays in the store as it is. A store seeds the same window
(the clusters with the latest reports), so ingesting in parts links as ingesting at once.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from casus.actors import load as load_actors
from casus.actors.kb import UNKNOWN_COUNTRY
from casus.bulk import insert
from casus.events.lexicon import MUNITIONS, PLATFORMS
from casus.events.modality import NEWS, historical
from casus.places.gazetteer import haversine_km
from casus.places.locate import SPECIFIC

OCCURRED = {"asserted", "reported", "historical", "claimed", "denied"}
REACH_KM = {"admin1": 300.0, "admin2": 100.0, "town": 50.0}  # how far from its point a place's name may reach
WINDOW = 50_000  # clusters kept in memory, the most recently joined: about 110 MB of one-report clusters


@dataclass
class Cluster:
    id: str
    type: str
    occurred: bool
    mode: str | None = None
    source: str | None = None
    target: str | None = None
    earliest: str | None = None
    latest: str | None = None
    country: str | None = None
    point: tuple[float, float, float] | None = None  # where a report's sentence places it (see _point)
    stories: set[str] = field(default_factory=set)
    sentences: set[tuple[str, int]] = field(default_factory=set)  # (article id, sentence start) of its reports
    articles: dict[str, dict[str, Any]] = field(default_factory=dict)  # article id -> outlet, original, date, order
    rank: int = 0  # order in which the linker made it: of two that fit as well, the earlier wins

    def summary(self) -> dict[str, Any]:
        """Report count, independent reports, outlets and first report (the earliest dated, else
        the first seen) of the cluster: what the store keeps and `casus events` shows."""
        first = min(self.articles.items(), key=lambda kv: (kv[1]["date"] or "9999", kv[1]["order"]))
        return {"id": self.id, "type": self.type, "mode": self.mode, "source": self.source, "target": self.target,
                "earliest": self.earliest, "latest": self.latest, "country": self.country,
                "reports": len(self.articles),
                "independent_reports": len({a["original"] for a in self.articles.values()}),
                "outlets": len({a["outlet"] for a in self.articles.values()}),
                "first_report": first[0], "first_date": first[1]["date"]}


def _actor(arg: dict | None) -> str | None:
    """The actor a report names, if it can tie two reports: not an unnamed group of unknown
    country ("gunmen" somewhere), which any two reports may share."""
    actor = (arg or {}).get("actor")
    return None if actor and actor.startswith(UNKNOWN_COUNTRY + ".") else actor


def _country(ev: dict) -> str | None:
    """The country a report says its event happened in, by a place its trigger governs: a place
    taken from elsewhere in the sentence or the article's opening is too weak to rule a link out."""
    place = ev.get("place") or {}
    return place.get("country") if (place.get("basis") or "trigger") == "trigger" else None


def _point(ev: dict) -> tuple[float, float, float] | None:
    """Where a report's own words place its event (its trigger governs the place: one its sentence
    merely names, as "Thies" in "opposition leader arrested, one dead in Thies", may be another act's),
    and how far from that point (km) the place it names may reach: a town, a district, a province; not a
    country."""
    place = ev.get("place") or {}
    reach = REACH_KM.get(place.get("feature"), REACH_KM["town"])
    if (place.get("basis") or "trigger") != "trigger" or SPECIFIC.get(place.get("feature"), 1.0) \
            < SPECIFIC["admin1"] or place.get("lat") is None:
        return None
    return place["lat"], place["lon"], reach


def _far(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    """Whether two places are too far apart for one act to be in both ("gunmen killed three in
    Kano", "gunmen killed five in Maiduguri": two acts)."""
    return haversine_km(a[0], a[1], b[0], b[1]) > max(a[2], b[2])


def _overlap(a_lo, a_hi, b_lo, b_hi) -> bool:
    return (a_lo or "0000") <= (b_hi or "9999") and (b_lo or "0000") <= (a_hi or "9999")


RAID = {None, "firearms", "primitive", "abduct"}  # modes of an attack on the ground that may take hostages
STATE = {"GOV", "MIL", "POL", "INT"}  # sectors a country's own name may stand for


def one_side(a: str, b: str, generic: bool = True) -> bool:
    """Whether two actors may be one side told two ways: the same, or (if `generic`) one the generic
    actor of the other's country and sector ("the militants", non-state armed groups of Somalia, and
    al-Shabaab), or a country and its own state forces ("Somalia", "the Somali army")."""
    if a == b:
        return True
    kb = load_actors()
    x, y = kb.get(a), kb.get(b)
    if x is None or y is None or x.country != y.country:
        return False
    return any(generic and g.type == "generic" and g.sector == n.sector or g.type == "country" and n.sector in STATE
               for g, n in ((x, y), (y, x)))


def _told_apart(ev: dict, source: str | None, target: str | None, country: str | None,
                point: tuple[float, float, float] | None, mode: str | None = None) -> bool:
    """Whether a report names, in a role, an actor that cannot be the side it is compared with
    (`one_side`), or the other's target as its doer or its doer as its target (the reply, not the
    act: "attacks on US troops" and "US air strikes"; a clash is told from either side), or another
    country, or a place too far from its point: then it tells another act (of `mode`, if given)."""
    s, t = _actor(ev["source"]), _actor(ev["target"])
    if (s and source and not one_side(s, source)) or (t and target and not one_side(t, target)):
        return True
    if "clash" not in (ev.get("mode"), mode) and (  # (not "gunmen" and the militiaman they killed)
            (s and target and one_side(s, target, False)) or (t and source and one_side(t, source, False))):
        return True
    own = _country(ev)
    if own and country and own != country:
        return True
    here = _point(ev)
    return bool(here and point and _far(here, point))


def told_apart(ev: dict, other: dict) -> bool:
    """Whether two reports of one article name other actors in a role, other countries or places
    too far apart to tell one act."""
    return _told_apart(ev, _actor(other["source"]), _actor(other["target"]), _country(other), _point(other),
                       other.get("mode"))


def same_act(ev: dict, other: dict) -> bool:
    """Whether a report may tell again an act its article told before (`ev`), by what the two say:
    the same type, told alike or both as news (hedged or not), `ev` recalled and `other`
    undated news ("... killed in a strike in 2020. The strike ..."), or `ev` dated news and `other`
    the same recalled by a date that holds it ("on June 27 ... the strike last month"); the mode of `ev` if `other`
    says one ("the strike" is not the shelling), no actor in a role that the other gives another
    one, no two countries, places not far apart, dates that overlap."""
    if ev["type"] != other["type"] or not (ev["modality"] == other["modality"] or {
            ev["modality"], other["modality"]} <= NEWS or ev["modality"] == "historical" and
            other["modality"] in NEWS and not other["date"] or ev["modality"] in NEWS and
            other["modality"] == "historical" and other["date"] and ev["date"]):
        return False  # (news told again as past: "the US air strike last month" after "on June 27")
    if other["mode"] and other["mode"] != ev["mode"] and not (ev["mode"] in PLATFORMS and other["mode"] in MUNITIONS) \
            and not ({ev["mode"], other["mode"]} <= RAID and "abduct" in (ev["mode"], other["mode"])):
        return False  # (the bombs or missiles of an air strike are the air strike's; the hostages of a raid, the raid's)
    return not told_apart(other, ev) and same_time(ev, other)


def same_time(ev: dict, other: dict) -> bool:
    """Whether two reports' dates overlap, or one of them has none."""
    d, e = ev.get("date") or {}, other.get("date") or {}
    return not (d and e) or _overlap(d.get("earliest"), d.get("latest"), e.get("earliest"), e.get("latest"))


@dataclass
class _Stored:
    """Just enough of a stored article or document for `Linker.absorb`."""

    id: str
    story: str | None = None
    duplicate_of: str | None = None
    date: dict | None = None
    outlet: str | None = None


class Linker:
    """The `window` clusters most recently joined (see the module's doc), matched report by report."""

    def __init__(self, window: int = WINDOW) -> None:
        self.window = window
        self.by_id: OrderedDict[str, Cluster] = OrderedDict()  # the least recently joined first
        # (type, occurred, "source"/"target", actor) -> clusters by rank: a report can only fit a
        # cluster of its kind that shares one of its actors, so only those are scored
        self.by_actor: dict[tuple[str, bool, str, str], dict[int, Cluster]] = {}
        self.made = 0  # clusters made, so the next one's rank
        self.order = 0

    def rename(self, names: dict[str, str]) -> None:
        """Give clusters new ids (old -> new), all at once, so that names may be swapped."""
        moved = [self.by_id.pop(old) for old in names]
        for c in moved:
            c.id = names[c.id]
            self.by_id[c.id] = c

    def restory(self, old: str, new: str) -> None:
        """A straggler's story joined another (`casus.stories.index.StoryIndex.rejoin`): the
        clusters its reports are in are in that story, as a store relabelled by then seeds them."""
        for c in self.by_id.values():
            if old in c.stories:
                c.stories.remove(old)
                c.stories.add(new)

    def new(self, cluster_id: str, type_: str, occurred: bool) -> Cluster:
        c = Cluster(cluster_id, type_, occurred, rank=self.made)
        self.made += 1
        self.by_id[c.id] = c
        return c

    def touch(self, ids: Iterable[str]) -> None:
        """Mark clusters as just joined, in order, and forget the least recently joined beyond the
        window. Called once an article's reports are all linked, so an article never loses a
        cluster it is still naming (`Links.merge`)."""
        for i in ids:
            self.by_id.move_to_end(i)
        while len(self.by_id) > self.window:
            _, c = self.by_id.popitem(last=False)
            for role in ("source", "target"):
                key = (c.type, c.occurred, role, getattr(c, role))
                if key in self.by_actor:
                    del self.by_actor[key][c.rank]
                    if not self.by_actor[key]:
                        del self.by_actor[key]

    def score(self, c: Cluster, ev: dict, story: str | None, article_id: str, background: bool = False,
              another: bool = False) -> int | None:
        """How well a report fits a cluster (higher is better), None if it cannot be the same event.
        `background`: the report is what its article recalls, by its words or by a date before the
        article's news (see modality.historical);
        `another`: the report tells it as another act than those before it (code.retelling)."""
        if c.type != ev["type"] or c.occurred != (ev["modality"] in OCCURRED):
            return None
        if (article_id, ev.get("start")) in c.sentences or (another and article_id in c.articles):
            return None  # two acts told in one sentence are two acts, and so is "another attack"
        if article_id in c.articles and c.articles[article_id]["background"] != background:
            return None  # an article's news and what it recalls ("in 2019, police also arrested...") are two events
        if _told_apart(ev, c.source, c.target, c.country, c.point, c.mode):
            return None
        if ev.get("mode") and c.mode and ev["mode"] != c.mode:
            return None
        s, t = _actor(ev["source"]), _actor(ev["target"])
        shared = int(bool(s and s == c.source)) + int(bool(t and t == c.target))
        if not shared:
            return None
        d = ev.get("date") or {}
        if d.get("earliest") or d.get("latest"):
            if c.earliest or c.latest:
                return shared + 2 if _overlap(d.get("earliest"), d.get("latest"), c.earliest, c.latest) else None
        # undated: only a re-mention in the same story, with the same actors or the same means
        same_story = article_id in c.articles or (story is not None and story in c.stories)
        same_means = bool(ev.get("mode")) and ev.get("mode") == c.mode and bool(s and s == c.source)
        return shared if same_story and (shared == 2 or same_means) else None

    def add(self, ev: dict, event_id: str, article: Any, doc: Any, scene: str | None = None) -> str:
        """The cluster id of one event report, creating the cluster if none fits; `scene`: the day of
        the news its article told before it."""
        self.order += 1
        kind = (ev["type"], ev["modality"] in OCCURRED)
        s, t = _actor(ev["source"]), _actor(ev["target"])
        candidates = [*self.by_actor.get((*kind, "source", s), {}).values(),
                      *self.by_actor.get((*kind, "target", t), {}).values()]
        background = ev["modality"] == "historical" or historical(ev.get("date"), article.date)  # (recalled by its
        # words, a tally or a habit, or by its date)
        another = ev.pop("_another", False)
        scored = [(self.score(c, ev, article.story, article.id, background, another), -c.rank, c) for c in candidates
                  if not _another_day(c, ev, article.id)]
        scored = [x for x in scored if x[0] is not None]
        if scored:
            c = max(scored, key=lambda x: (x[0], x[1]))[2]
        else:
            c = self.new(event_id, *kind)
        self.absorb(c, ev, article, doc, background)
        if not (c.earliest or c.latest):
            c.articles[article.id].setdefault("scene", scene)
        return c.id

    def absorb(self, c: Cluster, ev: dict, article: Any, doc: Any, background: bool = False) -> None:
        c.mode = c.mode or ev.get("mode")
        for role in ("source", "target"):  # a cluster's actors, once set, stay
            if not getattr(c, role):
                actor = _actor(ev[role])
                setattr(c, role, actor)
                if actor:
                    self.by_actor.setdefault((c.type, c.occurred, role, actor), {})[c.rank] = c
        c.country = c.country or _country(ev)
        c.point = c.point or _point(ev)
        d = ev.get("date") or {}
        if d.get("earliest") or d.get("latest"):  # the tightest dating any report gives
            lo = max(filter(None, [c.earliest, d.get("earliest")]), default=None)
            hi = min(filter(None, [c.latest, d.get("latest")]), default=None)
            if lo is None or hi is None or lo <= hi:
                c.earliest, c.latest = lo, hi
        if article.story:
            c.stories.add(article.story)
        c.sentences.add((article.id, ev.get("start")))
        if article.id not in c.articles:
            c.articles[article.id] = {"outlet": doc.outlet, "original": article.duplicate_of or article.id,
                                      "date": (article.date or {}).get("earliest") or (article.date or {}).get("value"),
                                      "order": self.order, "background": background}

    def seed(self, row: dict[str, Any]) -> None:
        """Add one stored report (a row of `STORED_REPORTS`) to its stored cluster."""
        c = self.by_id.get(row["cluster"])
        if c is None:
            c = self.new(row["cluster"], row["type"], row["modality"] in OCCURRED)
        ev = {"type": row["type"], "mode": row["mode"], "start": row["start"], "source": {"actor": row["source_actor"]},
              "target": {"actor": row["target_actor"]},
              "place": json.loads(row["place"]) if row["place"] else None,
              "date": {"earliest": row["date_earliest"], "latest": row["date_latest"]}}
        article = _Stored(row["article_id"], row["story"], row["duplicate_of"],
                          {"earliest": row["article_earliest"]})
        doc = _Stored(row["doc_id"], outlet=row["outlet"])
        self.order += 1
        self.absorb(c, ev, article, doc)
        self.touch([c.id])


# The stored event reports of the `?` clusters with the latest reports, with what linking needs, in
# ingestion order (an article's events in the order linking left them, `Links.merge`): the window
# a run that had linked them all would have kept.
STORED_REPORTS = r"""
    WITH reports AS (
        SELECT e.cluster, e.type, e.mode, e.modality, e.start, e.source_actor, e.target_actor, e.date_earliest,
               e.date_latest, e.place, a.id AS article_id,
               a.story, a.duplicate_of, a.date_earliest AS article_earliest, d.id AS doc_id, d.outlet,
               [d.seq, a.idx, regexp_extract(e.id, '/e(\d+)$', 1)::BIGINT] AS pos
        FROM events e JOIN articles a ON a.id = e.article_id JOIN documents d ON d.hash = a.doc_hash
        WHERE e.cluster IS NOT NULL),
    recent AS (SELECT cluster FROM reports GROUP BY cluster ORDER BY max(pos) DESC LIMIT ?)
    SELECT * FROM reports WHERE cluster IN (SELECT cluster FROM recent) ORDER BY pos"""


def scene(before: list[dict], start: int) -> str | None:
    """The day of the news an article told in the sentences before the one at `start` (`before`: its
    events so far, in reading order): the day an undated act told after it is on, as far as the text says."""
    return next((e["date"]["value"] for e in reversed(before) if e["start"] < start and e["modality"] in NEWS
                 and (e.get("date") or {}).get("precision") == "day"), None)


def another_day(scene: str | None, ev: dict) -> bool:
    """Whether a report dated to a day tells another day than `scene`, the day of the news its article
    told before an undated act it would tell again ("police fired tear gas on Tuesday ... opened fire
    on the crowd, killing five ... Last Thursday, police killed two protesters"). Acts of violence only:
    news tells them in the order of its day; a deal or a visit it tells back as background ("a ceasefire
    agreed by elders broke down on Monday ... The ceasefire was agreed on Saturday")."""
    d = ev.get("date") or {}
    return ev["type"] == "ASSAULT" and d.get("precision") == "day" and scene is not None and scene != d["value"]


def _another_day(c: Cluster, ev: dict, article_id: str) -> bool:
    """`another_day` for an undated cluster, of the scene of its first report in this article."""
    return not (c.earliest or c.latest) and another_day(c.articles.get(article_id, {}).get("scene"), ev)


def _days(d: dict | None) -> float:
    """How many days a date range spans (unbounded: infinitely many)."""
    if not d or not d.get("earliest") or not d.get("latest"):
        return float("inf")
    return (date.fromisoformat(d["latest"]) - date.fromisoformat(d["earliest"])).days


BASES = {"lead": 0, "context": 0, "sentence": 1, "trigger": 2}  # how directly a report's text places its event


def _specific(p: dict | None) -> tuple[float, float]:
    """How well a place locates an event: one its trigger governs over one its sentence names
    over the article's opening; then a town over its province over its country."""
    return (BASES.get(p.get("basis") or "trigger", 2), SPECIFIC.get(p["feature"], 1.0)) if p else (-1, float("-inf"))


def fill(ev: dict, other: dict) -> None:
    """What an event's first report leaves unsaid or says less precisely, from a later report of
    the same event: a missing actor, mode, count, content or attribution, a narrower date, a more specific
    place (each traceable to its mention)."""
    for role in ("source", "target"):
        if not ev[role]["text"] and other[role]["text"]:
            ev[role] = other[role]
    if _days(other["date"]) < _days(ev["date"]):
        ev["date"] = other["date"]
    if _specific(other["place"]) > _specific(ev["place"]):
        ev["place"] = other["place"]
    for key in ("mode", "killed", "injured", "content"):
        if ev.get(key) is None:
            ev[key] = other.get(key)
    if ev["attribution"]["kind"] == "none" and other["attribution"]["kind"] != "none":
        ev["attribution"] = other["attribution"]
    ev["confidence"] = max(ev["confidence"], other["confidence"])


class Links:
    """The events stage's run-wide part: reports of one real-world event share a cluster id
    across the run, and within an article they are one event with every report in `mentions`.
"""

    name = "links"
    stage = "events"
    parallel = False

    def __init__(self, store: Any = None, window: int = WINDOW) -> None:
        self.linker = Linker(window)
        self.joined: dict[str, Cluster] = {}  # the clusters the batch's events joined, forgotten or not
        if store is not None:
            for row in store.query(STORED_REPORTS, [window]):
                self.linker.seed(row)

    def __call__(self, docs: list) -> None:
        self.joined = {}
        for d in docs:
            for a in d.articles:
                for old, new in a.sketch.rejoined if a.sketch is not None else []:
                    self.linker.restory(old, new)
                made = self.linker.made
                ids = [self.linker.add(ev, f"{a.id}/e{n}", a, d, scene(a.events[:n], ev["start"]))
                       for n, ev in enumerate(a.events)]
                a.events = self.merge(a, ids, {i for i in ids if self.linker.by_id[i].rank >= made})
                joined = [ev["cluster"] for ev in a.events]
                self.joined.update((i, self.linker.by_id[i]) for i in joined)
                self.linker.touch(joined)

    def merge(self, article: Any, ids: list[str], started: set[str]) -> list[dict[str, Any]]:
        """The article's events, one per cluster, in reading order: the first report of each, with
        every report in `mentions` and what the first leaves unsaid filled from the others. A
        cluster this article started is named after the event it now is ("DOCID#N/eK")."""
        groups: dict[str, list[dict[str, Any]]] = {}
        for ev, cid in zip(article.events, ids):
            groups.setdefault(cid, []).append(ev)
        names = {cid: f"{article.id}/e{k}" for k, cid in enumerate(groups) if cid in started}
        self.linker.rename(names)
        out = []
        for cid, reports in groups.items():
            ev = reports[0]
            for other in reports[1:]:
                fill(ev, other)
            if ev["modality"] == "asserted" and historical(ev["date"], article.date):
                ev["modality"] = "historical"  # dated by a later report: background, not news
            ev["cluster"] = names.get(cid, cid)
            mentions: dict[int, dict] = {}  # each report's own, and those of the casualty reports it took in
            for r in reports:
                for m in r["mentions"]:
                    mentions.setdefault(m["start"], m)
            ev["mentions"] = list(mentions.values())
            out.append(ev)
        return out

    def clusters(self) -> list[dict[str, Any]]:
        """Summaries of the clusters in memory (reports, independent reports, outlets, first report),
        in the order they were made: the run's, unless it made more than the window."""
        return [c.summary() for c in sorted(self.linker.by_id.values(), key=lambda c: c.rank)]

    def save(self, con: Any, docs: list) -> None:
        """The summaries of the clusters this batch's events joined, replacing what was stored."""
        ids = sorted({ev["cluster"] for d in docs for a in d.articles for ev in a.events if ev.get("cluster")})
        if not ids:
            return
        rows = [self.joined[i].summary() for i in ids]
        keys = ("id", "type", "mode", "source", "target", "earliest", "latest", "reports", "independent_reports",
                "outlets", "first_report", "first_date")
        insert(con, "INSERT OR REPLACE INTO events_clusters", [[r[k] for k in keys] for r in rows])
