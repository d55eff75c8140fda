"""Query layer: the one place filters become SQL, shared by the CLI, the Python API, the
HTTP API and watchlists.

Every value a caller gives is bound as a named parameter; column names and SQL fragments
come only from the fixed tables below. Each function takes a DuckDB connection or cursor
(a server uses one cursor per request: DuckDB connections are not thread-safe).

An event's *when* is its own date range, or, when the text gives the event no date, the
date range of the article reporting it (the `date` of an event item stays the event's own).
`since` / `until` keep events whose *when* overlaps them (a range open on one side, such as
"no earlier than", counts as its known bound); the timeline places an event at the start of
its *when*. Events with no date at all are left out of both.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, get_args, get_origin, get_type_hints

import pycountry

from casus.actors import load as kb_load

MAX_LIMIT = 1000
BUCKETS = ("day", "week", "month", "year")

# The event relation: one row per stored event report, with its article, document, cluster,
# actors, place fields, *when* (lo, hi) and escalation weight.
_EVENTS = """
WITH w AS (SELECT unnest($w_type) AS type, unnest($w_mode) AS mode, unnest($w_weight) AS weight),
m AS (SELECT unnest($m_modality) AS modality, unnest($m_factor) AS factor),
ev AS (
  SELECT e.id, e.article_id, e.type, e.mode, e.modality, e.contexts, e.source_text, e.source_actor,
         e.target_text, e.target_actor, e.place, e.date_value, e.date_earliest, e.date_latest, e.date_precision,
         e.killed, e.injured, e.attribution_text, e.attribution_kind, e.sentence, e.start, e."end",
         e.mentions, e.content, e.confidence, e.cluster,
         c.reports, c.independent_reports, c.outlets,
         a.story, a.title AS article_title, a.duplicate_of, d.id AS doc_id, d.url, d.seq, a.idx,
         a.duplicate_of IS NOT NULL AND a.similarity >= 1 AS verbatim_copy,
         coalesce(nullif(strpos(a.text, chr(10) || chr(10)), 0), length(a.text) + 1) - 1 AS lead_end,
         strftime(d.ingested_at, '%Y%m%d%H%M%S') AS date_added,
         sum(coalesce(json_array_length(e.mentions), 1)) OVER (PARTITION BY coalesce(e.cluster, e.id)) AS mentions_total,
         coalesce(a.date_value, a.date_earliest) AS report_date,
         a.date_value AS report_value, a.date_earliest AS report_earliest, a.date_latest AS report_latest,
         a.date_precision AS report_precision,
         d.outlet AS outlet,
         sa.name AS source_name, sa.country AS source_country, sa.type AS source_type, sa.sector AS source_sector,
         ta.name AS target_name, ta.country AS target_country, ta.type AS target_type, ta.sector AS target_sector,
         json_extract_string(e.place, '$.name') AS place_name,
         json_extract_string(e.place, '$.country') AS place_country,
         json_extract_string(e.place, '$.admin1') AS place_admin1,
         TRY_CAST(json_extract_string(e.place, '$.lat') AS DOUBLE) AS place_lat,
         TRY_CAST(json_extract_string(e.place, '$.lon') AS DOUBLE) AS place_lon,
         TRY_CAST(json_extract_string(e.place, '$.geonameid') AS BIGINT) AS place_geonameid,
         json_extract_string(e.place, '$.feature') AS place_feature,
         CASE WHEN e.date_value IS NOT NULL OR e.date_earliest IS NOT NULL
              THEN coalesce(e.date_earliest, e.date_value) ELSE coalesce(a.date_earliest, a.date_value) END AS lo,
         CASE WHEN e.date_value IS NOT NULL OR e.date_earliest IS NOT NULL
              THEN coalesce(e.date_latest, e.date_value) ELSE coalesce(a.date_latest, a.date_value) END AS hi,
         round(coalesce(w1.weight, w2.weight, 0) * coalesce(m.factor, $m_default), 2) + 0.0 AS escalation
  FROM events e
  JOIN articles a ON a.id = e.article_id
  JOIN documents d ON d.hash = a.doc_hash
  LEFT JOIN events_clusters c ON c.id = e.cluster
  LEFT JOIN actors sa ON sa.id = e.source_actor
  LEFT JOIN actors ta ON ta.id = e.target_actor
  LEFT JOIN w w1 ON w1.type = e.type AND w1.mode = e.mode
  LEFT JOIN w w2 ON w2.type = e.type AND w2.mode = '*'
  LEFT JOIN m ON m.modality = e.modality)
"""
# The orders an event list can be given (`sort`: a key, "-" before it for descending), each a fixed
# SQL expression over `ev`; ties keep the order of the store.
SORTS = {"date": "coalesce(lo, hi)", "type": "type", "actor": "coalesce(source_name, source_text)",
         "place": "place_name", "reports": "coalesce(independent_reports, 1)",
         "killed": "killed", "injured": "injured", "escalation": "escalation"}


def _order(sort: str = "-date") -> str:
    """The ORDER BY of an event list; ValueError naming the orders for an unknown one."""
    key = sort.removeprefix("-")
    if key not in SORTS:
        raise ValueError(f"unknown sort {sort!r}; one of {', '.join(SORTS)}, each with - before it for descending")
    return f"ORDER BY {SORTS[key]} {'DESC' if sort.startswith('-') else 'ASC'} NULLS LAST, seq, idx, start, id"


def date_label(d: dict[str, Any] | None) -> str:
    """A date as precise as it is known: "2021-07-12", "2021-07 (month)", "2021-07-12..18 (range)",
    "≥ 2016-12-05" (no earlier than), "-" when unknown: what the CLI prints and the HTTP API gives
    as each date's `label` (the dashboard shows it)."""
    d = d or {}
    lo, hi, precision = d.get("earliest"), d.get("latest"), d.get("precision")
    if precision == "day" and d.get("value"):
        return d["value"]
    if precision in ("month", "year") and d.get("value"):
        return f"{d['value']} ({precision})"
    if lo and hi:
        if lo == hi:
            return lo
        common = 8 if lo[:8] == hi[:8] else 5 if lo[:5] == hi[:5] else 0
        return f"{lo}..{hi[common:]} (range)"
    if lo or hi:
        return f"≥ {lo}" if lo else f"≤ {hi}"
    return d.get("value") or "-"


@cache
def escalation_scale() -> dict[str, Any]:
    """The escalation weights and modality factors (data/surfaces/escalation.json)."""
    return json.loads(resources.files("casus").joinpath("data/surfaces/escalation.json").read_text())


def _scale_params() -> dict[str, Any]:
    s = escalation_scale()
    rows = [(t, m, float(v)) for t, modes in s["weights"].items() for m, v in modes.items()]
    return {"w_type": [r[0] for r in rows], "w_mode": [r[1] for r in rows], "w_weight": [r[2] for r in rows],
            "m_modality": list(s["modality"]), "m_factor": [float(v) for v in s["modality"].values()],
            "m_default": float(s["modality_default"])}


def escalation(type: str, mode: str | None, modality: str | None) -> float:
    """One event's escalation weight, as the SQL above computes it."""
    s = escalation_scale()
    modes = s["weights"].get(type, {})
    weight = modes.get(mode or "", modes.get("*", 0.0))
    return round(weight * s["modality"].get(modality, s["modality_default"]), 2)


_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?$")


def _list(value: str | Iterable[str] | None) -> list[str]:
    """A repeatable filter: a list, or one comma-separated string."""
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    return [p.strip() for v in items for p in str(v).split(",") if p.strip()]


def country_codes(code: str) -> tuple[str, str]:
    """(ISO2, ISO3) for an ISO 3166-1 code given in either, in any case (places carry ISO2, actors
    ISO3); ValueError saying what to give, with the codes of countries the value may name."""
    c = code.strip().upper()
    found = pycountry.countries.get(alpha_2=c) if len(c) == 2 else \
        pycountry.countries.get(alpha_3=c) if len(c) == 3 else None
    if found:
        return found.alpha_2, found.alpha_3
    state = kb_load().get(c)  # a territory the knowledge base has and ISO does not (Kosovo: XKX)
    if state is not None and state.type in ("country", "territory") and state.record.get("iso2"):
        return state.record["iso2"], state.id
    try:
        near = pycountry.countries.search_fuzzy(code)[:3]
    except LookupError:
        near = []
    hint = "; ".join(f"{x.name}: {x.alpha_2} or {x.alpha_3}" for x in near) or "e.g. IQ or IRQ for Iraq"
    raise ValueError(f"unknown country {code!r}: give an ISO 3166-1 code, 2 or 3 letters ({hint})")


def choice(name: str, value: str, valid: Iterable[str]) -> str:
    """`value` as spelled in `valid`, case ignored; ValueError naming the valid values otherwise."""
    valid = list(valid)
    found = {v.casefold(): v for v in valid}.get(value.casefold())
    if found is None:
        raise ValueError(f"unknown {name} {value!r}; one of {', '.join(valid)}")
    return found


@cache
def members() -> dict[str, frozenset[str]]:
    """Each knowledge-base actor id -> the ids of the actors under it (its bodies, units, members and
    theirs; a country's generic sector actors too): what an actor filter matches beside the actor."""
    kb = kb_load()
    out: dict[str, set[str]] = {}
    for a in list(kb.actors.values()):
        for up in kb.ancestors(a.id):
            out.setdefault(up, set()).add(a.id)
        if a.type in ("country", "territory"):
            out.setdefault(a.id, set()).update(f"{a.id}.{sector}" for sector in kb.sectors)
    return {k: frozenset(v) for k, v in out.items()}


def _actor_ids(con: Any, name: str, values: list[str], exact: bool) -> list[str]:
    """The stored actor ids an actor filter matches: each value an actor id in any case (the knowledge
    base's, or one the store holds), with the actors under it unless `exact`; ValueError naming the
    ids a value may have meant."""
    kb, out = kb_load(), set()
    for value in values:
        actor = kb.get(value) or kb.get(value.upper()) or \
            next((a for a in kb.actors.values() if a.id.casefold() == value.casefold()), None)
        stored = [r["id"] for r in _rows(con, "SELECT id FROM actors WHERE lower(id) = lower($v)"
                                              " OR (NOT $exact AND starts_with(lower(id), lower($v) || '.'))",
                                         {"v": value, "exact": exact})]
        if actor is None and not stored:
            near = [a.id for a in kb.search(value)[:8]] or \
                difflib.get_close_matches(value, list(kb.actors), n=8, cutoff=0.6)
            hint = f"did you mean {', '.join(near)}? " if near else ""
            raise ValueError(f"unknown {name} {value!r}: {hint}(ids: `casus actors -q NAME`, "
                             "`casus actors --seen`)")
        out.update(stored)
        if actor is not None:
            out.add(actor.id)
            if not exact:
                out |= members().get(actor.id, frozenset())
    return sorted(out)


def _filter(help: str, default: Any = None, *, short: str | None = None, min: float | None = None) -> Any:
    """A field of Filters: its help text, shown by every surface (CLI, HTTP API, dashboard), an optional
    CLI short flag and an optional lower bound. A list field is repeatable (or a comma list)."""
    meta = {"help": help, "short": short, "min": min}
    if isinstance(default, list):
        return field(default_factory=list, metadata=meta)
    return field(default=default, metadata=meta)


_NOT_BACKGROUND = "modality IS DISTINCT FROM 'historical'"  # what counts and lists keep unless asked


@dataclass
class Filters:
    """The event filters every surface accepts: the one definition from which the CLI options
    (`casus events`, `casus export`), the HTTP query parameters and GET /api/filters (which the
    dashboard reads) are generated. Codes are taken in any case; unknown types, modalities,
    countries and actors, malformed dates and numbers below a field's minimum raise ValueError
    naming what is valid (an empty answer must mean no such events, not a typo)."""

    actor: list[str] = _filter("Actor id, as source or target, with the actors under it unless --exact (USA "
                               "includes USA.MIL; `casus actors -q NAME` finds ids; repeatable, or a comma list).",
                               [], short="-a")
    source: list[str] = _filter("Source actor id (with the actors under it unless --exact; repeatable).", [])
    target: list[str] = _filter("Target actor id (with the actors under it unless --exact; repeatable).", [])
    both: bool = _filter("With source and target: events between the two in either direction.", False)
    exact: bool = _filter("Actor filters match only the ids given, not the actors under them.", False)
    country: str | None = _filter("ISO code (2 or 3 letters, any case) of the event's place, or of the source's "
                                  "or target's country.")
    type: list[str] = _filter("PLOVER type, e.g. ASSAULT (repeatable, or a comma list).", [], short="-t")
    mode: list[str] = _filter("Mode of the type, e.g. aerial, drone, arrest, visit (repeatable, or a comma list).",
                              [])
    modality: list[str] = _filter("asserted, reported, claimed, denied, threatened, urged, planned, hypothetical, "
                                  "negated or historical (repeatable, or a comma list).", [])
    since: str | None = _filter("YYYY-MM-DD (or YYYY-MM, YYYY): events whose date range reaches this day or later.")
    until: str | None = _filter("YYYY-MM-DD (or YYYY-MM, YYYY): events whose date range starts by this day.")
    place: str | None = _filter("Part of the place name (case ignored), or a GeoNames id.")
    story: str | None = _filter("Story id.")
    article: str | None = _filter("Article id (DOCID#N).")
    cluster: str | None = _filter("Event cluster id: the reports of one real-world event.")
    min_reports: int | None = _filter("At least N independent reports of the event (copies of one article "
                                      "count once).", min=0)
    q: str | None = _filter("Text in the evidence sentence or a sentence that reports the event again "
                            "(literal: % and _ are not wildcards).", short="-q")
    min_escalation: float | None = _filter("Escalation weight at least this (-10 conflict .. +10 cooperation).")
    max_escalation: float | None = _filter("Escalation weight at most this (-10 conflict .. +10 cooperation).")
    dedup: bool = _filter("One row per real-world event (event cluster): its first report; verbatim copies of an "
                          "article add nothing.", False)
    historical: bool = _filter("Include background events (modality historical: what an article recalls, "
                               "not what it reports as news), left out unless asked or named in --modality.", False)

    def __post_init__(self) -> None:
        scale = escalation_scale()
        self.type = [choice("type", t, scale["weights"]) for t in _list(self.type)]
        self.mode = [m.lower() for m in _list(self.mode)]
        self.modality = [choice("modality", m, scale["modality"]) for m in _list(self.modality)]
        self.actor, self.source, self.target = _list(self.actor), _list(self.source), _list(self.target)
        if self.country:
            country_codes(self.country)
        for name in ("since", "until"):
            v = getattr(self, name)
            if v is not None:
                try:
                    date.fromisoformat(v + "-01" * (2 - v.count("-")) if _DATE.match(v) else "")
                except ValueError:
                    raise ValueError(f"{name}: expected YYYY-MM-DD (or YYYY-MM, YYYY), got {v!r}") from None
        for spec in filter_specs():
            v = getattr(self, spec.name)
            if spec.min is not None and v is not None and float(v) < spec.min:
                raise ValueError(f"{spec.name} must be >= {spec.min:g}")

    @classmethod
    def of(cls, filters: dict[str, Any]) -> "Filters":
        unknown = set(filters) - {f.name for f in fields(cls)}
        if unknown:
            raise ValueError(f"unknown filter(s): {', '.join(sorted(unknown))}")
        return cls(**{k: v for k, v in filters.items() if v is not None})

    def where(self, con: Any) -> tuple[str, dict[str, Any]]:
        """A WHERE clause over `ev` and its parameters (`con`: the store, whose actors the actor
        filters may name)."""
        conds: list[str] = []
        params: dict[str, Any] = {}

        def add(sql: str, **p: Any) -> None:
            conds.append(sql)
            params.update({f"f_{k}": v for k, v in p.items()})

        ids = {k: _actor_ids(con, k, getattr(self, k), self.exact) for k in ("actor", "source", "target")
               if getattr(self, k)}
        if "actor" in ids:
            add("(list_contains($f_actor, source_actor) OR list_contains($f_actor, target_actor))", actor=ids["actor"])
        if self.both and "source" in ids and "target" in ids:
            add("((list_contains($f_source, source_actor) AND list_contains($f_target, target_actor))"
                " OR (list_contains($f_target, source_actor) AND list_contains($f_source, target_actor)))",
                source=ids["source"], target=ids["target"])
        else:
            if "source" in ids:
                add("list_contains($f_source, source_actor)", source=ids["source"])
            if "target" in ids:
                add("list_contains($f_target, target_actor)", target=ids["target"])
        if self.country:
            iso2, iso3 = country_codes(self.country)
            add("(place_country = $f_iso2 OR source_country = $f_iso3 OR target_country = $f_iso3)",
                iso2=iso2, iso3=iso3)
        for name in ("type", "mode", "modality"):
            if getattr(self, name):
                add(f"list_contains($f_{name}, {name})", **{name: getattr(self, name)})
        if self.since:
            add("coalesce(hi, lo) >= $f_since", since=self.since)
        if self.until:
            add("coalesce(lo, hi) <= $f_until", until=self.until)
        if self.place:
            if self.place.isdigit():
                add("place_geonameid = $f_geonameid", geonameid=int(self.place))
            else:
                add("(contains(lower(place_name), lower($f_place))"
                    " OR contains(lower(json_extract_string(place, '$.text')), lower($f_place)))", place=self.place)
        if self.story:
            add("story = $f_story", story=self.story)
        if self.article:
            add("article_id = $f_article", article=self.article)
        if self.cluster:
            add("cluster = $f_cluster", cluster=self.cluster)
        if self.min_reports:
            add("coalesce(independent_reports, 1) >= $f_min_reports", min_reports=int(self.min_reports))
        if self.q:
            add("(contains(lower(sentence), lower($f_q)) OR contains(lower(coalesce(mentions, '')), lower($f_q)))",
                q=self.q)  # (the sentences that report it again are in its mentions)
        if self.min_escalation is not None:
            add("escalation >= $f_min_escalation", min_escalation=float(self.min_escalation))
        if self.max_escalation is not None:
            add("escalation <= $f_max_escalation", max_escalation=float(self.max_escalation))
        if not (self.historical or "historical" in self.modality):
            add(_NOT_BACKGROUND)
        sql = " WHERE " + " AND ".join(conds) if conds else ""
        if self.dedup:  # a verbatim copy's events are its original's: they never add an event
            sql = (sql + " AND" if conds else " WHERE") + " NOT verbatim_copy"
            sql += " QUALIFY row_number() OVER (PARTITION BY coalesce(cluster, id) ORDER BY seq, idx, start) = 1"
        return sql, params


@dataclass(frozen=True)
class FilterSpec:
    """One event filter as the surfaces see it: `type` is its JSON type (string, integer, number,
    boolean, or array: a repeatable string), `python` the type of one value."""

    name: str
    type: str
    help: str
    python: type
    short: str | None = None
    min: float | None = None

    @property
    def flag(self) -> str:
        """Its CLI option, e.g. --min-reports."""
        return "--" + self.name.replace("_", "-")

    def public(self) -> dict[str, Any]:
        """What GET /api/filters tells about it."""
        return {"name": self.name, "type": self.type, "help": self.help}


_JSON_TYPES = {str: "string", int: "integer", float: "number", bool: "boolean"}


@cache
def filter_specs() -> tuple[FilterSpec, ...]:
    """The fields of Filters, in order, with their types and help: what the CLI options, the HTTP
    query parameters and the dashboard's filter list are built from."""
    hints = get_type_hints(Filters)
    specs = []
    for f in fields(Filters):
        hint = hints[f.name]
        args = [a for a in get_args(hint) if a is not type(None)]
        if get_origin(hint) is list:
            python, kind = args[0], "array"
        else:
            python = args[0] if args else hint
            kind = _JSON_TYPES[python]
        specs.append(FilterSpec(f.name, kind, f.metadata["help"], python, f.metadata.get("short"),
                                f.metadata.get("min")))
    return tuple(specs)


def _filters(filters: Filters | dict[str, Any] | None) -> Filters:
    if isinstance(filters, Filters):
        return filters
    return Filters.of(filters or {})


def _rows(con: Any, sql: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    cur = con.execute(sql, params)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row)) for row in cur.fetchall()]


def _filtered(con: Any, filters: Filters) -> tuple[str, dict[str, Any]]:
    """The events matching the filters as a FROM item `ev` (after the WITH of _EVENTS), and its parameters."""
    where, p = filters.where(con)
    return f"(SELECT * FROM ev{where}) ev", {**_scale_params(), **p}


def _select(con: Any, select: str, filters: Filters, tail: str = "", params: dict[str, Any] | None = None,
            ) -> list[dict[str, Any]]:
    """`select` (columns of ev, aggregates) over the filtered events, then `tail` (GROUP BY, ORDER, LIMIT)."""
    source, p = _filtered(con, filters)
    return _rows(con, f"{_EVENTS} SELECT {select} FROM {source} {tail}", {**p, **(params or {})})


def _page(limit: int | None, offset: int | None) -> tuple[int | None, int]:
    """Checked paging; limit None means all rows (the HTTP API caps it at MAX_LIMIT)."""
    offset = 0 if offset is None else int(offset)
    if (limit is not None and int(limit) < 0) or offset < 0:
        raise ValueError("limit and offset must be >= 0")
    return (None if limit is None else int(limit)), offset


# -- events ------------------------------------------------------------------

def event_item(r: dict[str, Any]) -> dict[str, Any]:
    """A row of `ev` in the shape of the HTTP API's event items."""
    place = None
    if r["place"]:
        stored = json.loads(r["place"])
        place = {"name": r["place_name"], "country": r["place_country"], "admin1": r["place_admin1"],
                 "lat": r["place_lat"], "lon": r["place_lon"], "geonameid": r["place_geonameid"],
                 "text": stored.get("text"), "feature": stored.get("feature"), "parent": stored.get("parent")}
    return {
        "id": r["id"], "article_id": r["article_id"], "type": r["type"], "mode": r["mode"],
        "modality": r["modality"], "contexts": list(r["contexts"] or []),
        "source": {"text": r["source_text"], "actor": r["source_actor"], "name": r["source_name"],
                   "country": r["source_country"]},
        "target": {"text": r["target_text"], "actor": r["target_actor"], "name": r["target_name"],
                   "country": r["target_country"]},
        "place": place,
        "date": _dated({"value": r["date_value"], "earliest": r["date_earliest"], "latest": r["date_latest"],
                        "precision": r["date_precision"]}),
        "report_date": r["report_date"],
        "report_date_label": date_label({"value": r["report_value"], "earliest": r["report_earliest"],
                                         "latest": r["report_latest"], "precision": r["report_precision"]}),
        "killed": r["killed"], "injured": r["injured"],
        "attribution": {"text": r["attribution_text"], "kind": r["attribution_kind"]},
        "sentence": r["sentence"], "start": r["start"], "end": r["end"],
        "mentions": json.loads(r["mentions"] or "[]"),
        "content": json.loads(r["content"]) if r["content"] else None, "confidence": r["confidence"], "cluster": r["cluster"], "reports": r["reports"], "independent_reports": r["independent_reports"],
        "outlets": r["outlets"], "escalation": r["escalation"], "story": r["story"],
        "article_title": r["article_title"], "url": r["url"],
    }


def _dated(d: dict[str, Any]) -> dict[str, Any]:
    """A date dict with its `label` (date_label)."""
    return {**d, "label": date_label(d)}


def event_rows(con: Any, filters: Filters | dict[str, Any] | None = None, limit: int | None = None,
               offset: int = 0, sort: str = "-date") -> list[dict[str, Any]]:
    """Flat rows of `ev` (every column), newest first unless `sort` says (SORTS); all of them when
    `limit` is None."""
    return _select(con, "*", _filters(filters), _order(sort) + " LIMIT $limit OFFSET $offset",
                   {"limit": limit, "offset": offset})


def totals(con: Any, filters: Filters | dict[str, Any] | None = None) -> dict[str, int]:
    """How many event reports match the filters, and the killed and injured they report, each
    real-world event (cluster) counted once, by the largest number any of its reports gives:
    three outlets reporting one strike's four dead are four dead."""
    source, p = _filtered(con, _filters(filters))
    return _rows(con, f"{_EVENTS} SELECT coalesce(sum(n), 0) AS total, coalesce(sum(k), 0) AS killed,"
                      " coalesce(sum(i), 0) AS injured FROM (SELECT count(*) AS n, max(killed) AS k,"
                      f" max(injured) AS i FROM {source} GROUP BY coalesce(cluster, id))", p)[0]


def events(con: Any, filters: Filters | dict[str, Any] | None = None, limit: int | None = 100,
           offset: int | None = 0, sort: str = "-date") -> dict[str, Any]:
    """{"total", "killed", "injured", "limit", "offset", "items"}: a page of event items matching the
    filters, in the order `sort` names (SORTS), with the totals of all of them (`totals`)."""
    f = _filters(filters)
    limit, offset = _page(limit, offset)
    items = [event_item(r) for r in event_rows(con, f, limit, offset, sort)]
    return {**totals(con, f), "limit": limit, "offset": offset, "items": items}


def event(con: Any, event_id: str) -> dict[str, Any] | None:
    rows = _select(con, "*", Filters(), "WHERE id = $event_id", {"event_id": event_id})
    return event_item(rows[0]) if rows else None


# -- aggregates ----------------------------------------------------------------

def _bucket(bucket: str) -> str:
    if bucket not in BUCKETS:
        raise ValueError(f"bucket must be one of {', '.join(BUCKETS)}")
    return bucket


_PERIOD = "strftime(date_trunc($bucket, TRY_CAST(left(coalesce(lo, hi), 10) AS DATE)), '%Y-%m-%d')"


def timeline(con: Any, filters: Filters | dict[str, Any] | None = None, bucket: str = "day") -> dict[str, Any]:
    """Events per period and type; undated events (no event nor article date) are left out."""
    rows = _select(con, f"{_PERIOD} AS period, type, count(*) AS events", _filters(filters),
                   "WHERE period IS NOT NULL GROUP BY ALL ORDER BY period, type", {"bucket": _bucket(bucket)})
    return {"bucket": bucket, "items": rows}


def dyads(con: Any, filters: Filters | dict[str, Any] | None = None, limit: int | None = 100,
          offset: int | None = 0) -> dict[str, Any]:
    """Source → target pairs of resolved actors, most events first, with summed escalation."""
    f = _filters(filters)
    limit, offset = _page(limit, offset)
    base = "WHERE source_actor IS NOT NULL AND target_actor IS NOT NULL GROUP BY source_actor, target_actor"
    total = _select(con, "count(*) OVER () AS n", f, base + " LIMIT 1")
    items = _select(con, "source_actor AS source, any_value(source_name) AS source_name, target_actor AS target,"
                         " any_value(target_name) AS target_name, count(*) AS events,"
                         " round(sum(escalation), 2) AS escalation", f,
                    base + " ORDER BY events DESC, escalation, source, target LIMIT $limit OFFSET $offset",
                    {"limit": limit, "offset": offset})
    return {"total": total[0]["n"] if total else 0, "limit": limit, "offset": offset, "items": items}


def escalation_series(con: Any, source: str, target: str, filters: Filters | dict[str, Any] | None = None,
                      bucket: str = "month", both: bool = False) -> dict[str, Any]:
    """One dyad's events and summed escalation per period, with the running total."""
    f = replace(_filters(filters), source=source, target=target, both=both)
    rows = _select(con, f"{_PERIOD} AS period, count(*) AS events, round(sum(escalation), 2) AS escalation", f,
                   "WHERE period IS NOT NULL GROUP BY period ORDER BY period", {"bucket": _bucket(bucket)})
    total = 0.0
    for r in rows:
        total += r["escalation"]
        r["cumulative"] = round(total, 2)
    return {"source": source, "target": target, "both": both, "bucket": bucket, "items": rows}


def network(con: Any, filters: Filters | dict[str, Any] | None = None, limit: int = 300) -> dict[str, Any]:
    """Who acts on whom: actor nodes and weighted source → target edges (the `limit` heaviest)."""
    f = _filters(filters)
    edges = _select(con, "source_actor AS source, target_actor AS target, count(*) AS events,"
                         " round(sum(escalation), 2) AS escalation, histogram(type) AS types", f,
                    "WHERE source_actor IS NOT NULL AND target_actor IS NOT NULL AND source_actor <> target_actor"
                    " GROUP BY ALL ORDER BY events DESC, source, target LIMIT $limit", {"limit": int(limit)})
    ids = sorted({e["source"] for e in edges} | {e["target"] for e in edges})
    nodes = _select(con, "x.actor AS id, any_value(a.name) AS name, any_value(a.country) AS country,"
                         " any_value(a.type) AS type, count(DISTINCT ev.id) AS events", f,
                    ", (SELECT unnest([ev.source_actor, ev.target_actor]) AS actor) x"
                    " LEFT JOIN actors a ON a.id = x.actor WHERE list_contains($ids, x.actor)"
                    " GROUP BY x.actor ORDER BY events DESC, id", {"ids": ids}) if ids else []
    for e in edges:
        e["types"] = dict(e["types"])
    return {"nodes": nodes, "edges": edges}


def map_points(con: Any, filters: Filters | dict[str, Any] | None = None) -> dict[str, Any]:
    """Event places with counts by type and the first 50 event ids at each."""
    rows = _select(con, "place_geonameid AS geonameid, any_value(place_name) AS name,"
                        " any_value(place_country) AS country, any_value(place_lat) AS lat,"
                        " any_value(place_lon) AS lon, any_value(place_feature) AS feature,"
                        " count(*) AS events, histogram(type) AS types,"
                        " list(id ORDER BY coalesce(lo, hi) NULLS LAST, id)[1:50] AS event_ids", _filters(filters),
                   "WHERE place_lat IS NOT NULL AND place_lon IS NOT NULL"
                   " GROUP BY place_geonameid, place_name ORDER BY events DESC, name")
    for r in rows:
        r["types"] = dict(r["types"])
    return {"items": rows}


@cache
def _country(code: str | None) -> tuple[str, str] | None:
    """(ISO2, name) of a stored country code (places: ISO2, actors: ISO3); None for none or an unknown one."""
    if not code:
        return None
    try:
        iso2, iso3 = country_codes(code)
    except ValueError:
        return None
    found = pycountry.countries.get(alpha_2=iso2)
    return iso2, found.name if found else kb_load().get(iso3).name


def facets(con: Any, filters: Filters | dict[str, Any] | None = None) -> dict[str, Any]:
    """The values of the type, modality and country filters that have events, each with how many
    match it and the other filters (a facet's own filter is left out, so its other values stay
    listed; modalities count background events too, so that one can ask for them). A country
    counts the events whose place is in it or whose source or target is of it, as the filter does."""
    f = _filters(filters)
    out: dict[str, Any] = {}
    for name, without in (("type", replace(f, type=[])), ("modality", replace(f, modality=[], historical=True))):
        out[name] = _select(con, f"{name} AS value, count(*) AS events", without,
                            "GROUP BY value ORDER BY events DESC, value")
    combos = _select(con, "place_country, source_country, target_country, count(*) AS n", replace(f, country=None),
                     "GROUP BY ALL")
    countries: dict[tuple[str, str], int] = {}
    for r in combos:
        for c in {_country(r["place_country"]), _country(r["source_country"]), _country(r["target_country"])} - {None}:
            countries[c] = countries.get(c, 0) + r["n"]
    out["country"] = [{"value": iso2, "name": name, "events": n}
                      for (iso2, name), n in sorted(countries.items(), key=lambda x: (-x[1], x[0][1]))]
    return out


# -- stories, articles, actors, stats ------------------------------------------

# Events as counted: current ones; background (historical) events only where asked for.
_CURRENT = f"(SELECT * FROM events WHERE {_NOT_BACKGROUND})"
_STORY_EVENTS = f"(SELECT count(*) FROM {_CURRENT} e JOIN articles a ON a.id = e.article_id WHERE a.story = s.id)"


def stories(con: Any, q: str | None = None, limit: int | None = 100, offset: int | None = 0,
            min_articles: int = 1, filters: Filters | dict[str, Any] | None = None) -> dict[str, Any]:
    """Stories most recently seen first (undated last), larger first among equals; `q`: text of the
    label (or the story id). With event filters, only the stories with events matching them, each
    with the number that match."""
    limit, offset = _page(limit, offset)
    filtered = _filters(filters) != Filters()
    cond, params = "WHERE s.articles >= $min_articles", {"min_articles": int(min_articles)}
    if filtered:
        matching = {r["story"]: r["n"] for r in _select(con, "story, count(*) AS n", _filters(filters),
                                                        "WHERE story IS NOT NULL GROUP BY story")}
        cond, params["matching"] = cond + " AND list_contains($matching, s.id)", list(matching)
    if q:
        cond, params["q"] = cond + " AND (contains(lower(s.label), lower($q)) OR s.id = $q)", q
    total = _rows(con, f"SELECT count(*) AS n FROM stories s {cond}", params)[0]["n"]
    items = _rows(con, f"SELECT s.id, s.label, s.first_seen, s.last_seen, s.articles, s.outlets,"
                       f" {_STORY_EVENTS} AS events FROM stories s {cond}"
                       " ORDER BY s.last_seen DESC NULLS LAST, s.articles DESC, s.id LIMIT $limit OFFSET $offset",
                  {**params, "limit": limit, "offset": offset})
    if filtered:
        for item in items:
            item["events"] = matching[item["id"]]
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def story(con: Any, story_id: str) -> dict[str, Any] | None:
    """A story with its articles (oldest report first) and all their events."""
    rows = _rows(con, f"SELECT s.*, {_STORY_EVENTS} AS events FROM stories s WHERE s.id = $id", {"id": story_id})
    if not rows:
        return None
    articles = _rows(con, """
        SELECT a.id, a.title, coalesce(a.date_value, a.date_earliest) AS date, a.date_value AS value,
               a.date_earliest AS earliest, a.date_latest AS latest, a.date_precision AS precision,
               a.duplicate_of, d.source, d.url
        FROM articles a JOIN documents d ON d.hash = a.doc_hash WHERE a.story = $id
        ORDER BY coalesce(a.date_value, a.date_earliest) NULLS LAST, d.seq, a.idx""", {"id": story_id})
    for a in articles:
        a["date_label"] = date_label({k: a.pop(k) for k in ("value", "earliest", "latest", "precision")})
    evs = [event_item(r) for r in event_rows(con, Filters(story=story_id))]
    return {"story": rows[0], "articles": articles, "events": evs}


def article(con: Any, article_id: str) -> dict[str, Any] | None:
    """One stored article with its document, removed lines, annotations, copies and events;
    a bare document id means its first article."""
    rows = _rows(con, """
        SELECT a.*, d.id AS doc_id, d.source, d.url, d.title AS doc_title, d.text AS doc_text, d.hash
        FROM articles a JOIN documents d ON d.hash = a.doc_hash
        WHERE a.id IN ($id, $id || '#0') ORDER BY a.id = $id DESC""", {"id": article_id})
    if not rows:
        return None
    a = rows[0]
    aid = {"id": a["id"]}
    spans = "SELECT * EXCLUDE (article_id) FROM {} WHERE article_id = $id ORDER BY start, \"end\""
    return {
        "id": a["id"], "title": a["title"], "text": a["text"], "captions": list(a["captions"] or []),
        "date": _dated({"value": a["date_value"], "earliest": a["date_earliest"], "latest": a["date_latest"],
                        "precision": a["date_precision"], "basis": a["date_basis"], "evidence": a["date_evidence"]}),
        "story": a["story"], "duplicate_of": a["duplicate_of"], "similarity": a["similarity"],
        "duplicates": [r["id"] for r in _rows(con, "SELECT id FROM articles WHERE duplicate_of = $id ORDER BY id",
                                              aid)],
        "source": a["source"],
        "document": {"id": a["doc_id"], "source": a["source"], "url": a["url"], "title": a["doc_title"],
                     "text": a["doc_text"], "start": a["start"], "end": a["end"]},
        "removed": _rows(con, 'SELECT start, "end", text, reason FROM removed WHERE doc_hash = $h ORDER BY start',
                         {"h": a["hash"]}),
        "entities": _rows(con, spans.format("entities"), aid),
        "places": _rows(con, spans.format("places"), aid),
        "timexes": _rows(con, spans.format("timexes"), aid),
        "events": [event_item(r) for r in _select(con, "*", Filters(article=a["id"], historical=True),
                                                  "ORDER BY start, id")],
    }


def actors(con: Any, q: str | None = None, limit: int | None = 100, offset: int | None = 0) -> dict[str, Any]:
    """Actors stored (those the articles mention), most events first."""
    limit, offset = _page(limit, offset)
    cond, params = ("WHERE contains(lower(a.id), lower($q)) OR contains(lower(a.name), lower($q))", {"q": q}) \
        if q else ("", {})
    sql = f"""
        FROM actors a LEFT JOIN (SELECT actor, count(*) AS n FROM (
            SELECT id, source_actor AS actor FROM {_CURRENT}
            UNION SELECT id, target_actor FROM {_CURRENT}) GROUP BY actor
        ) c ON c.actor = a.id {cond}"""
    total = _rows(con, f"SELECT count(*) AS n {sql}", params)[0]["n"]
    items = _rows(con, f"SELECT a.id, a.name, a.type, a.country, a.sector, coalesce(c.n, 0) AS events {sql}"
                       " ORDER BY events DESC, a.id LIMIT $limit OFFSET $offset",
                  {**params, "limit": limit, "offset": offset})
    return {"total": total, "limit": limit, "offset": offset, "items": items}


def stats(con: Any) -> dict[str, Any]:
    """Counts, the span of event dates, events by type and the most active actors; events are
    current ones (background, `historical`, events are counted apart)."""
    one = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    span = _select(con, "min(coalesce(lo, hi)) AS earliest, max(coalesce(hi, lo)) AS latest", Filters())[0]
    return {
        "documents": one("SELECT count(*) FROM documents"),
        "articles": one("SELECT count(*) FROM articles"),
        "duplicates": one("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL"),
        "stories": one("SELECT count(DISTINCT story) FROM articles WHERE story IS NOT NULL"),
        "events": one(f"SELECT count(*) FROM {_CURRENT}"),
        "historical_events": one("SELECT count(*) FROM events WHERE modality = 'historical'"),
        "clusters": one("SELECT count(*) FROM events_clusters"),
        "actors": one("SELECT count(*) FROM actors"),
        "errors": one("SELECT count(*) FROM errors"),
        "dates": {"earliest": span["earliest"], "latest": span["latest"]},
        "events_by_type": _rows(con, f"SELECT type, count(*) AS n FROM {_CURRENT} GROUP BY type ORDER BY n DESC, type",
                                {}),
        "top_actors": _rows(con,
            f"SELECT e.actor, any_value(a.name) AS name, count(*) AS n FROM (SELECT source_actor AS actor FROM {_CURRENT}"
            f" UNION ALL SELECT target_actor FROM {_CURRENT}) e LEFT JOIN actors a ON a.id = e.actor"
            " WHERE e.actor IS NOT NULL GROUP BY e.actor ORDER BY n DESC, e.actor LIMIT 10", {}),
    }
