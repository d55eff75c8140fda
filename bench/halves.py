"""One split for every dev set: a record (or, for clustering, a gold story) is in the tuning half
when the first byte of the sha1 of its id is even, else in the blind half. Rules and weights are
written on the tuning half; only its errors are read one by one; both halves are reported."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

HALVES = ("tuning", "blind", "all")


def half(record_id: str) -> str:
    """"tuning" when the first byte of sha1(id) is even, else "blind"."""
    return "tuning" if hashlib.sha1(record_id.encode("utf-8")).digest()[0] % 2 == 0 else "blind"


def split(ids: Sequence[str]) -> dict[str, list[int]]:
    """Indices of the records in each half, and "all"."""
    return {h: [i for i, rid in enumerate(ids) if h == "all" or half(rid) == h] for h in HALVES}
