"""The wire dateline an article opens with ("BAGHDAD, March 3 (Reuters) - ", "KYIV, Nov 21 — ",
"Nairobi, Kenya, June 5 (AP) --"): one definition for the stages that read it. Clean takes
it for the first line of a body, time for the article's date, places for where the news is,
and events never take its words for an actor.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# place (capitalised words, or an all-caps "JERUSALEM/CAIRO"), then ", region" and/or ", date",
# then "(agency)", then a dash
PATTERN = re.compile(
    r"\s*(?P<place>[A-Z][A-Za-z'’.\-]*(?:[ /][A-Z][A-Za-z'’.\-]*){0,3})"
    r"(?:,\s*(?P<detail>[^—–()\n]{1,40}?))?"
    r"\s*(?:\((?P<agency>[^()\n]{1,40})\))?"
    r"(?:\s+[-_]{1,2}(?=\s|$)|\s*[—–])")


class Dateline(NamedTuple):
    place: tuple[int, int]  # offsets of the place words
    detail: str  # what follows the place before the agency: region and/or date ("March 12", "Kenya, June 5")
    end: int  # offset where the dateline (with its dash) ends


def find(text: str) -> Dateline | None:
    """The dateline `text` opens with, if any."""
    m = PATTERN.match(text)
    if m is None:
        return None
    return Dateline(m.span("place"), m.group("detail") or "", m.end())


def wire(text: str) -> bool:
    """Whether `text` opens with a dateline whose place is in capitals, as wire copy writes it:
    a body's first line, not a capitalised phrase followed by a dash."""
    d = find(text)
    return d is not None and text[d.place[0]:d.place[1]].isupper()
