"""Export mappings: a PLOVER-coded event in the terms of ACLED and CAMEO.

The tables are data (data/events/export.tsv): type + mode to ACLED event_type /
sub_event_type (none where ACLED records no such events, e.g. diplomacy) and to the CAMEO
root code. Applied when exporting, so stored events stay in PLOVER.
"""

from __future__ import annotations

from typing import Any

from casus.events.lexicon import load


def _row(event: dict[str, Any]) -> dict[str, str] | None:
    table = load().export
    return table.get((event["type"], event.get("mode") or "")) or table.get((event["type"], "*"))


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
