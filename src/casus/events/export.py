"""Export mappings: a PLOVER-coded event in the terms of ACLED and CAMEO.

The tables are data (data/events/export.tsv): type + mode, and who the source and target are
(an organised armed actor, a crowd), to ACLED event_type / sub_event_type (none where ACLED
records no such events, e.g. diplomacy) and to the CAMEO root code. Applied when exporting,
so stored events stay in PLOVER. An event is given as the contract's dict or as a flat row of
the store (`source_text`, `source_actor`, `target_text`, `target_actor`).
"""

from __future__ import annotations

from functools import cache
from typing import Any

from casus import actors
from casus.events.lexicon import load, rows, side_words

STATE_SECTORS = {"MIL", "POL", "INT"}  # actor sectors that are state forces
BROADER = {"state": "armed", "protest": "crowd"}  # a kind of side, and the kind it is a case of


def side(event: dict[str, Any], role: str) -> str:
    """Who the event's `role` ("source" or "target") is: "state" forces (resolved to a military,
    police or intelligence actor, or named "soldiers", "police"...), another "armed" organised actor
    (an armed group, "militants", "rebels"), a "protest" ("demonstrators"), another unorganised "crowd"
    ("rioters", "residents", people said to be angry), else "*"."""
    arg = event.get(role)
    text, actor = (arg.get("text"), arg.get("actor")) if isinstance(arg, dict) else \
        (event.get(f"{role}_text"), event.get(f"{role}_actor"))
    if actor:
        a = actors.load().get(actor)
        sector = a.sector if a else actor.rsplit(".", 1)[-1]
        if sector in STATE_SECTORS:
            return "state"
        if sector == "REB" or (a is not None and a.type == "armed_group"):
            return "armed"
    words, table = (text or "").lower().replace("-", " ").split(), side_words()
    found = [k for i, w in enumerate(words) if (k := table.get(" ".join(words[i:i + 2])) or table.get(w))]
    return next((k for k in found if k != "mood"), "crowd" if found else "*")


def kinds(kind: str) -> list[str]:
    """A side's kind, the kinds it is a case of, and "*": the order export rows are tried in."""
    out = [kind]
    while out[-1] in BROADER:
        out.append(BROADER[out[-1]])
    return out + ["*"] if kind != "*" else out


def _row(event: dict[str, Any]) -> dict[str, str] | None:
    table, kind = load().export, event["type"]
    sources, targets = kinds(side(event, "source")), kinds(side(event, "target"))
    for mode in (event.get("mode") or "", "*"):
        for source in sources:
            for target in targets:
                row = table.get((kind, mode, source, target))
                if row:
                    return row
    return None


def acled(event: dict[str, Any]) -> dict[str, str] | None:
    """{"event_type", "sub_event_type"} in ACLED's codebook, or None when ACLED has no such event."""
    row = _row(event)
    if not row or not row["acled_event_type"]:
        return None
    return {"event_type": row["acled_event_type"], "sub_event_type": row["acled_sub_event_type"] or None}


def cameo(event: dict[str, Any]) -> str | None:
    """The CAMEO root code ("19" for an aerial ASSAULT), or None for an unknown type."""
    row = _row(event)
    return row["cameo"] if row else None


@cache
def _cameo_codes() -> dict[tuple[str, str], list[str]]:
    out: dict[tuple[str, str], list[str]] = {}
    for r in rows("cameo.tsv"):
        out.setdefault((r["type"], r["mode"]), []).append(r["code"])
    return out


def cameo_code(event: dict[str, Any]) -> str | None:
    """The full CAMEO event code (3 or 4 digits): the one of its type and mode (cameo.tsv) that lies
    under the root code ("145" for a clash with a crowd, "190" for one between armed sides), else the
    root's "not specified" code ("190"); None for an unknown type."""
    root = cameo(event)
    if root is None:
        return None
    codes = _cameo_codes().get((event["type"], event.get("mode") or ""), [])
    return next((c for c in codes if c.startswith(root)), root + "0")
