"""Month and weekday names: one definition (data/calendar.json) for every stage that reads
dates in text — clean (date lines), stories (date features) and time (date expressions)."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources


@cache
def names() -> dict[str, dict[str, int]]:
    """{"months": name -> 1..12, "weekdays": name -> 1..7}, lower-case, abbreviations included."""
    data = json.loads(resources.files("casus").joinpath("data/calendar.json").read_text("utf-8"))
    return {"months": data["months"], "weekdays": data["weekdays"]}


def full_names(kind: str) -> list[str]:
    """The "months" or "weekdays" written out, in calendar order: the names no other name of the
    kind extends ("sept" and "tues" are abbreviations)."""
    found = names()[kind]
    return sorted((w for w in found if not any(o != w and o.startswith(w) for o in found)), key=found.get)
