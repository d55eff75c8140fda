"""Flat event tables for export: casus's own columns, ACLED-like and GDELT-like column sets.

ACLED/GDELT codes come from the events stage's mappings (casus.events.export) and the codes
in data/surfaces/export.json. Every schema ends with the same provenance columns (article,
evidence sentence, attribution, modality, confidence). A value the text does not give is
null, never a default: an event without its own date has no event_date, only a report_date.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import pandas as pd
import pycountry

from casus.events import export as mapping

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
    return {**{c: r[c] for c in cols}, "contexts": ";".join(r["contexts"] or []) or None,
            "cameo": mapping.cameo(r), **_provenance(r)}


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
    codes = _codes()["acled_inter"]
    if not r[f"{side}_actor"]:
        return None
    code = codes["by_sector"].get(r[f"{side}_sector"]) or codes["by_type"].get(r[f"{side}_type"])
    if code == codes["state"] and r["place_country"] and r[f"{side}_country"]:
        place = _country(r["place_country"])
        if place and place.alpha_3 != r[f"{side}_country"]:
            return codes["external"]
    return code


def _acled(r: dict[str, Any]) -> dict[str, Any]:
    kind = mapping.acled(r) or {}
    day = _event_date(r)
    country = _country(r["place_country"])
    return {
        "event_id_cnty": r["id"], "event_date": day, "year": int(day[:4]) if day else None,
        "time_precision": _time_precision(r), "disorder_type": None,
        "event_type": kind.get("event_type"), "sub_event_type": kind.get("sub_event_type"),
        "actor1": r["source_name"] or r["source_text"], "assoc_actor_1": None, "inter1": _inter(r, "source"),
        "actor2": r["target_name"] or r["target_text"], "assoc_actor_2": None, "inter2": _inter(r, "target"),
        "iso": int(country.numeric) if country else None, "country": country.name if country else None,
        "admin1": r["place_admin1"], "location": r["place_name"], "latitude": r["place_lat"],
        "longitude": r["place_lon"], "geo_precision": _codes()["acled_geo_precision"].get(r["place_feature"]),
        "source": r["outlet"], "source_scale": None, "notes": r["sentence"], "fatalities": r["killed"],
        **_provenance(r)}


def _gdelt(r: dict[str, Any]) -> dict[str, Any]:
    day = _event_date(r)
    code = mapping.cameo(r)
    place = ", ".join(x for x in (r["place_name"], r["place_admin1"], _country(r["place_country"]) and
                                  _country(r["place_country"]).name) if x) or None
    return {
        "GLOBALEVENTID": r["id"], "SQLDATE": int(day.replace("-", "")) if day else None,
        "MonthYear": int(day[:7].replace("-", "")) if day else None, "Year": int(day[:4]) if day else None,
        "Actor1Code": r["source_actor"], "Actor1Name": r["source_name"] or r["source_text"],
        "Actor1CountryCode": r["source_country"], "Actor2Code": r["target_actor"],
        "Actor2Name": r["target_name"] or r["target_text"], "Actor2CountryCode": r["target_country"],
        "EventCode": code, "EventBaseCode": code, "EventRootCode": code,
        "QuadClass": _codes()["gdelt_quad_class"].get(code), "GoldsteinScale": r["escalation"],
        "NumMentions": r["reports"], "NumSources": r["outlets"], "NumArticles": r["independent_reports"],
        "ActionGeo_FullName": place, "ActionGeo_CountryCode": r["place_country"],
        "ActionGeo_ADM1Code": None, "ActionGeo_Lat": r["place_lat"], "ActionGeo_Long": r["place_lon"],
        "ActionGeo_FeatureID": r["place_geonameid"], "SOURCEURL": r["url"], **_provenance(r)}


_BUILD = {"casus": _casus, "acled": _acled, "gdelt": _gdelt}


def table(rows: list[dict[str, Any]], schema: str = "casus") -> pd.DataFrame:
    """Rows of casus.query.event_rows as a flat DataFrame in one of SCHEMAS."""
    if schema not in _BUILD:
        raise ValueError(f"schema must be one of {', '.join(SCHEMAS)}")
    build = _BUILD[schema]
    df = pd.DataFrame([build(r) for r in rows], columns=list(build(_EMPTY).keys()))
    return df.convert_dtypes(dtype_backend="pyarrow")


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def defused(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells that a spreadsheet would run as a formula (article text is attacker-controlled:
    "=HYPERLINK(...)") get a leading apostrophe, as OWASP advises for CSV; numbers are untouched."""
    out = df.copy()
    for col in out.columns:
        if pd.api.types.is_string_dtype(out[col]) or out[col].dtype == object:
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
    "report_date", "url", "outlet")} | {"type": ""}
