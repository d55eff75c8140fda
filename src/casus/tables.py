"""Flat event tables for export: casus's own columns, ACLED-like and GDELT-like column sets.

ACLED/GDELT codes come from the events stage's mappings (casus.events.export) and the codes
in data/surfaces/export.json. Every schema ends with the same provenance columns (article,
evidence sentence, attribution, modality, confidence). A value the text does not give is
null, never a default; where a schema needs one date per row and the text gives the event none,
the reporting article's date stands in and `date_basis` says so ("report", not "event").
Column by column against the ACLED and GDELT codebooks: docs/export.md.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pycountry

from casus import actors
from casus.events import export as mapping

if TYPE_CHECKING:  # pandas is imported where a table is made: an ingest never needs it
    import pandas as pd

SCHEMAS = ("casus", "acled", "gdelt")
FORMATS = ("csv", "parquet", "jsonl")


@cache
def _codes() -> dict[str, Any]:
    return json.loads(resources.files("casus").joinpath("data/surfaces/export.json").read_text())


def _country(iso: str | None) -> Any:
    if not iso:
        return None
    return pycountry.countries.get(alpha_2=iso) if len(iso) == 2 else pycountry.countries.get(alpha_3=iso)


def _provenance(r: dict[str, Any]) -> dict[str, Any]:
    return {"article_id": r["article_id"], "evidence": r["sentence"], "evidence_start": r["start"],
            "evidence_end": r["end"], "attribution_text": r["attribution_text"],
            "attribution_kind": r["attribution_kind"], "modality": r["modality"], "confidence": r["confidence"],
            "cluster": r["cluster"], "report_date": r["report_date"], "url": r["url"]}


def _casus(r: dict[str, Any]) -> dict[str, Any]:
    cols = ("id", "type", "mode", "source_text", "source_actor", "source_name", "source_country", "target_text",
            "target_actor", "target_name", "target_country", "place_name", "place_country", "place_admin1",
            "place_lat", "place_lon", "place_geonameid", "date_value", "date_earliest", "date_latest",
            "date_precision", "killed", "injured", "reports", "independent_reports", "outlets", "escalation",
            "story", "article_title")
    about = json.loads(r["content"]) if r.get("content") else {}
    return {**{c: r[c] for c in cols}, "contexts": ";".join(r["contexts"] or []) or None,
            "cameo": mapping.cameo_code(r), "content_type": about.get("type"),
            "content_modality": about.get("modality"), "content_source": (about.get("source") or {}).get("text"),
            "content_target": (about.get("target") or {}).get("text"), **_provenance(r)}


def _event_date(r: dict[str, Any]) -> str | None:
    """The start of the event's own date range, as a full date (None when the text gives none)."""
    d = r["date_earliest"] or r["date_value"]
    return d[:10] if d and len(d) >= 10 else None


def _time_precision(r: dict[str, Any]) -> int | None:
    """ACLED: 1 the day is known, 2 within a week, 3 within a month or more."""
    if _event_date(r) is None:
        return None
    if r["date_precision"] == "day":
        return 1
    try:
        days = (date.fromisoformat(r["date_latest"][:10]) - date.fromisoformat(r["date_earliest"][:10])).days
    except (TypeError, ValueError):
        return 3
    return 1 if days == 0 else 2 if days <= 7 else 3


def _inter(r: dict[str, Any], side: str) -> int | None:
    """ACLED's interaction code of a resolved side; a state's forces outside their country (the
    event's, see _event_country) are external forces."""
    codes = _codes()["acled_inter"]
    if not r[f"{side}_actor"]:
        return None
    code = codes["by_sector"].get(r[f"{side}_sector"]) or codes["by_type"].get(r[f"{side}_type"])
    where = _country(_event_country(r)[0])
    if code == codes["state"] and where and r[f"{side}_country"] and where.alpha_3 != r[f"{side}_country"]:
        return codes["external"]
    return code


def _event_day(r: dict[str, Any]) -> tuple[str | None, str | None]:
    """(day, basis) for one-date-per-row schemas: the start of the event's own date ("event"), else the
    reporting article's date ("report": the event happened by then), else (None, None): undated."""
    own = _event_date(r)
    if own:
        return own, "event"
    report = r["report_date"]
    return (report[:10], "report") if report and len(report) >= 10 else (None, None)


def _country_name(iso: str | None) -> str | None:
    """A country's short name as the knowledge base has it ("Iran", not "Iran, Islamic Republic of")."""
    c = _country(iso)
    state = actors.load().get(c.alpha_3) if c else None
    return state.name if state else (c.name if c else None)


def _named(entry: list[Any] | None, country: str | None) -> tuple[str | None, int | None]:
    """An ACLED name template [name, inter] for a country (dropped from the name when unknown)."""
    if not entry:
        return None, None
    name = entry[0].format(country=country) if country else \
        entry[0].replace(" ({country})", "").replace(" of {country}", "")
    return name, entry[1]


def _acled_actor(r: dict[str, Any], side: str, kind: dict[str, Any], disorder: str | None, country: str | None,
                 ) -> tuple[str | None, int | None]:
    """(actor, inter) in ACLED's style: state actors by country ("Military Forces of Iraq"), other
    organisations by name, unnamed ones by kind and country ("Protesters (Kenya)"), as export.json says."""
    names = _codes()["acled_actor"]
    event_type, sub = kind.get("event_type"), kind.get("sub_event_type")
    country = _country_name(r[f"{side}_country"]) or country
    if r[f"{side}_actor"]:
        entry = None
        if r[f"{side}_type"] != "armed_group":
            entry = names["by_sector"].get(r[f"{side}_sector"])
            if entry is None and r[f"{side}_type"] in ("country", "territory"):
                entry = names["state"].get(disorder) or names["state"]["*"]
        if entry and country:
            return entry[0].format(country=country), _inter(r, side)
        return r[f"{side}_name"] or r[f"{side}_text"], _inter(r, side)
    unnamed, kind = names["unnamed"], mapping.side(r, side)
    if "crowd" in mapping.kinds(kind):  # protesters too
        entry = unnamed["crowd"].get(event_type) or unnamed["crowd"]["*"]
    elif kind in ("armed", "state"):
        entry = unnamed[kind]
    else:
        entry = next((unnamed[side][k] for k in (sub, event_type, disorder) if k in unnamed[side]), None)
    if entry is None:
        return r[f"{side}_text"], None
    return _named(entry, country)


def _acled(r: dict[str, Any]) -> dict[str, Any]:
    codes = _codes()
    kind = mapping.acled(r) or {}
    event_type, sub = kind.get("event_type"), kind.get("sub_event_type")
    disorder = codes["acled_disorder"]["by_sub_event_type"].get(sub) or \
        codes["acled_disorder"]["by_event_type"].get(event_type)
    day, basis = _event_day(r)
    precision = _time_precision(r) if basis == "event" else \
        codes["acled_time_precision_report_date"] if basis else None
    iso, country_basis = _event_country(r)
    country = _country(iso)
    actor1, inter1 = _acled_actor(r, "source", kind, disorder, _country_name(iso))
    actor2, inter2 = _acled_actor(r, "target", kind, disorder, _country_name(iso))
    return {
        "event_id_cnty": r["id"], "event_date": day, "year": int(day[:4]) if day else None,
        "time_precision": precision, "disorder_type": disorder, "event_type": event_type, "sub_event_type": sub,
        "actor1": actor1, "assoc_actor_1": None, "inter1": inter1,
        "actor2": actor2, "assoc_actor_2": None, "inter2": inter2,
        "interaction": int(f"{min(inter1, inter2)}{max(inter1, inter2)}") if inter1 and inter2 else
        (inter1 * 10 if inter1 else None),
        "iso": int(country.numeric) if country else None, "country": _country_name(iso),
        "admin1": r["place_admin1"], "location": r["place_name"], "latitude": r["place_lat"],
        "longitude": r["place_lon"],
        "geo_precision": codes["acled_geo_precision"].get(r["place_feature"] if country_basis == "place" else "country"),
        "source": r["outlet"], "source_scale": None, "notes": r["sentence"], "fatalities": r["killed"],
        "date_basis": basis, "country_basis": country_basis, **_provenance(r)}


def _event_country(r: dict[str, Any]) -> tuple[str | None, str | None]:
    """(country code, basis): the event's place's, else its target's, else its source's country (an act
    lands on its target); basis "place", "target" or "source" says which."""
    for code, basis in ((r["place_country"], "place"), (r["target_country"], "target"), (r["source_country"], "source")):
        if code and _country(code):
            return code, basis
    return None, None


def _global_id(event_id: str | None) -> int | None:
    """A stable positive 63-bit integer for an event id (GDELT's GLOBALEVENTID is an integer)."""
    return int.from_bytes(hashlib.sha256(event_id.encode()).digest()[:8], "big") >> 1 if event_id else None


def _cameo_actor(r: dict[str, Any], side: str) -> tuple[str | None, str | None]:
    """(CAMEO actor code, type code) from the actor's country and sector: "IRQ" + "MIL" -> "IRQMIL"."""
    if not r[f"{side}_actor"]:
        return None, None
    kind = _codes()["cameo_actor_type"].get(r[f"{side}_sector"] or "")
    return ((r[f"{side}_country"] or "") + (kind or "")) or None, kind


@cache
def _adm1_code(iso2: str, name: str) -> str | None:
    """The ISO 3166-2 code of a first-level division, by its GeoNames name (accents and case ignored)."""
    def fold(text: str) -> str:
        return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold()

    want = fold(name)
    subs = [s for s in pycountry.subdivisions.get(country_code=iso2) or [] if s.parent_code is None]
    exact = [s.code for s in subs if fold(s.name) == want]
    near = [s.code for s in subs if fold(s.name).startswith(want + " ") or want.startswith(fold(s.name) + " ")]
    return (exact or near or [None])[0]


def _gdelt(r: dict[str, Any]) -> dict[str, Any]:
    codes = _codes()
    day, basis = _event_day(r)
    root, code = mapping.cameo(r), mapping.cameo_code(r)
    a1, t1 = _cameo_actor(r, "source")
    a2, t2 = _cameo_actor(r, "target")
    country = _country(r["place_country"])
    place = ", ".join(x for x in (r["place_name"], r["place_admin1"], _country_name(r["place_country"])) if x) or None
    articles = r["reports"] or 1
    feature = r["place_feature"]
    return {
        "GLOBALEVENTID": _global_id(r["id"]), "SQLDATE": int(day.replace("-", "")) if day else None,
        "MonthYear": int(day[:7].replace("-", "")) if day else None, "Year": int(day[:4]) if day else None,
        "FractionDate": round(int(day[:4]) + (date.fromisoformat(day).timetuple().tm_yday / 365), 4) if day else None,
        "Actor1Code": a1, "Actor1Name": r["source_name"] or r["source_text"],
        "Actor1CountryCode": r["source_country"], "Actor1Type1Code": t1,
        "Actor2Code": a2, "Actor2Name": r["target_name"] or r["target_text"],
        "Actor2CountryCode": r["target_country"], "Actor2Type1Code": t2,
        "IsRootEvent": int(r["start"] is not None and r["start"] < r["lead_end"]),
        "EventCode": code, "EventBaseCode": code[:3] if code else None, "EventRootCode": root,
        "QuadClass": codes["gdelt_quad_class"].get(root), "GoldsteinScale": r["escalation"],
        "NumMentions": max(r["mentions_total"] or 1, articles), "NumSources": min(r["outlets"] or 1, articles),
        "NumArticles": articles, "AvgTone": None,
        "ActionGeo_Type": (codes["gdelt_geo_type"].get(feature) or codes["gdelt_geo_type"]["*"]) if country else None,
        "ActionGeo_FullName": place, "ActionGeo_CountryCode": r["place_country"],
        "ActionGeo_ADM1Code": _adm1_code(country.alpha_2, r["place_admin1"]) if country and r["place_admin1"] else None,
        "ActionGeo_Lat": r["place_lat"], "ActionGeo_Long": r["place_lon"],
        "ActionGeo_FeatureID": r["place_geonameid"], "DATEADDED": int(r["date_added"]) if r["date_added"] else None,
        "SOURCEURL": r["url"], "event_id": r["id"], "date_basis": basis, **_provenance(r)}


_BUILD = {"casus": _casus, "acled": _acled, "gdelt": _gdelt}


def happened() -> list[str]:
    """The modalities of events that happened, the only ones ACLED-like and GDELT-like tables hold
    unless asked for more."""
    return list(_codes()["happened"])


def table(rows: list[dict[str, Any]], schema: str = "casus", everything: bool = False) -> pd.DataFrame:
    """Rows of casus.query.event_rows as a flat DataFrame in one of SCHEMAS. The ACLED-like table
    holds only what ACLED records (its event types, with an actor1 and a country), unless `everything`."""
    if schema not in _BUILD:
        raise ValueError(f"schema must be one of {', '.join(SCHEMAS)}")
    import pandas as pd

    build = _BUILD[schema]
    records = [build(r) for r in rows]
    if schema == "acled" and not everything:  # what ACLED records: its event types, an actor1, a country
        records = [x for x in records if x["event_type"] and x["actor1"] and x["country"]]
    df = pd.DataFrame(records, columns=list(build(_EMPTY).keys()))
    return df.convert_dtypes(dtype_backend="pyarrow")


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def defused(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (article text is attacker-controlled:
    "=HYPERLINK(...)") get a leading apostrophe, as OWASP advises for CSV; numbers are untouched."""
    from pandas.api.types import is_string_dtype

    out = df.copy()
    for col in out.columns:
        if is_string_dtype(out[col]) or out[col].dtype == object:
            out[col] = out[col].map(lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA) else v)
    return out


def write(df: pd.DataFrame, path: str | Path | Any, format: str) -> None:
    """CSV (formula-safe), Parquet or JSON Lines to a path (or, for text formats, an open text stream)."""
    if format == "csv":
        defused(df).to_csv(path, index=False)
    elif format == "parquet":
        df.to_parquet(path, index=False)
    elif format == "jsonl":
        df.to_json(path, orient="records", lines=True, force_ascii=False)
    else:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}")


# A row of nulls: gives each schema its columns when there are no events.
_EMPTY: dict[str, Any] = {k: None for k in (
    "id", "article_id", "type", "mode", "modality", "contexts", "source_text", "source_actor", "source_name",
    "source_country", "source_type", "source_sector", "target_text", "target_actor", "target_name",
    "target_country", "target_type", "target_sector", "place", "place_name", "place_country", "place_admin1",
    "place_lat", "place_lon", "place_geonameid", "place_feature", "date_value", "date_earliest", "date_latest",
    "date_precision", "killed", "injured", "attribution_text", "attribution_kind", "sentence", "start", "end",
    "confidence", "cluster", "reports", "independent_reports", "outlets", "escalation", "story", "article_title",
    "report_date", "url", "outlet", "lead_end", "mentions_total", "date_added", "content")} | {"type": ""}
