"""Dedup: the same article once — verbatim and near-verbatim copies, found before the parse.

Exact copies are found by a hash of the normalized text. Near copies (a wire story
with a different tail, a trimmed or lightly edited copy) by MinHash over word
shingles: datasketch's MinHash-LSH proposes candidates, and a containment estimate
(how much of the shorter text the other one holds) decides, so that a trimmed copy
counts although its Jaccard similarity to the full story is low.

Memory is bounded: the index holds the most recent `window` originals. Copies of
older articles are still found when they are verbatim, through the store.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from datasketch import LeanMinHash, MinHash, MinHashLSH

from casus.calendar_names import full_names, names
from casus.model import normalize_text

WORD = re.compile(r"\w+")
# Typographic variants that copies of one text differ in: quotes, dashes, spaces.
FOLD = str.maketrans({"‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
                      "–": "-", "—": "-", "‐": "-", "\u00a0": " "})
SCHEME = "affine32"
SEED = 1


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """Weights and limits of dedup and stories (data/stories.json), and the month names (to
    their numbers) and weekday names story features read, as the time lexicon defines them."""
    out = json.loads(resources.files("casus").joinpath("data/stories.json").read_text("utf-8"))
    return {**out, "months": dict(names()["months"]), "weekdays": full_names("weekdays")}


def normalized(text: str) -> str:
    """The text as copies share it: case, quote and dash variants and spacing folded."""
    return " ".join(normalize_text(text).translate(FOLD).casefold().split())


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def shingles(text: str, k: int) -> set[bytes]:
    """Overlapping k-word sequences of the normalized text."""
    return word_shingles(normalized(text), k)


def word_shingles(normal: str, k: int) -> set[bytes]:
    """Overlapping k-word sequences of a text already normalized."""
    words = WORD.findall(normal)
    return {" ".join(words[i:i + k]).encode("utf-8") for i in range(max(1, len(words) - k + 1))}


@lru_cache(maxsize=1)
def _permutations() -> tuple:
    return MinHash(num_perm=settings()["dedup"]["num_perm"], seed=SEED, scheme=SCHEME).permutations


@dataclass(frozen=True)
class Fingerprint:
    """What identifies a text for dedup."""

    key: str  # hash of the normalized text: exact copies share it
    raw: str  # hash of the text as is: a verbatim copy can reuse the original's parse
    minhash: LeanMinHash | None  # None when too short for a near-copy decision
    size: int  # distinct shingles


def fingerprint(text: str) -> Fingerprint:
    cfg = settings()["dedup"]
    normal = normalized(text)
    grams = word_shingles(normal, cfg["shingle_words"])
    sketch = None
    if len(grams) >= cfg["min_shingles"]:
        m = MinHash(num_perm=cfg["num_perm"], seed=SEED, permutations=_permutations(), scheme=SCHEME)
        m.update_batch(grams)  # in any order: a signature is a minimum
        sketch = LeanMinHash(m)
    return Fingerprint(digest(normal), digest(text), sketch, len(grams))


def lean(hashvalues: Iterable[int]) -> LeanMinHash:
    """A stored signature back as a MinHash."""
    return LeanMinHash(seed=SEED, hashvalues=list(hashvalues), scheme=SCHEME)


def containment(a: Fingerprint, b: Fingerprint) -> float:
    """Estimated share of the smaller shingle set found in the other one.

    From the MinHash Jaccard estimate J and the set sizes: |A ∩ B| = J (|A| + |B|) / (1 + J).
    """
    j = a.minhash.jaccard(b.minhash)
    return min(1.0, j * (a.size + b.size) / (1 + j) / min(a.size, b.size))


@dataclass(frozen=True)
class Copy:
    """An article found to be a copy of an earlier one."""

    original: str  # article id of the earliest copy
    story: str | None
    similarity: float  # containment; 1.0 for an exact copy
    verbatim: bool  # the very same text: its parse can be reused


@dataclass
class _Entry:
    story: str | None
    fp: Fingerprint
    seq: int


class DuplicateIndex:
    """The originals seen so far (the most recent `window` of them), by text and by MinHash."""

    def __init__(self, window: int | None = None):
        cfg = settings()["dedup"]
        self.window = window or cfg["window"]
        self.min_containment = cfg["min_containment"]
        self.lsh = MinHashLSH(num_perm=cfg["num_perm"], params=(cfg["lsh_bands"], cfg["lsh_rows"]))
        self.entries: OrderedDict[str, _Entry] = OrderedDict()
        self.exact: dict[str, str] = {}  # normalized-text hash -> article id, for entries
        self.older: dict[str, tuple[str, str | None, str]] = {}  # key -> (id, story, raw) beyond the window
        self.seq = 0

    def find(self, fp: Fingerprint) -> Copy | None:
        """The earliest original this text copies, if any."""
        if fp.key in self.exact:
            aid = self.exact[fp.key]
            e = self.entries[aid]
            return Copy(aid, e.story, 1.0, e.fp.raw == fp.raw)
        if fp.key in self.older:
            aid, story, raw = self.older[fp.key]
            return Copy(aid, story, 1.0, raw == fp.raw)
        if fp.minhash is None:
            return None
        scored = []
        for aid in self.lsh.query(fp.minhash):
            e = self.entries[aid]
            c = containment(fp, e.fp)
            if c >= self.min_containment:
                scored.append((-c, e.seq, aid))
        if not scored:
            return None
        c, _, aid = min(scored)  # most contained; among equals the earliest
        return Copy(aid, self.entries[aid].story, round(-c, 3), False)

    def add(self, article_id: str, story: str | None, fp: Fingerprint) -> None:
        """Remember an original; forget the oldest one past the window."""
        self.seq += 1
        self.entries[article_id] = _Entry(story, fp, self.seq)
        self.exact.setdefault(fp.key, article_id)
        if fp.minhash is not None:
            self.lsh.insert(article_id, fp.minhash, check_duplication=False)
        while len(self.entries) > self.window:
            old_id, old = self.entries.popitem(last=False)
            if self.exact.get(old.fp.key) == old_id:
                del self.exact[old.fp.key]
            if old.fp.minhash is not None:
                self.lsh.remove(old_id)
