"""Cue lists for the clean stage, loaded once from package data (src/casus/data/clean/*.txt).

The lists are curated knowledge: editing a data file changes what counts as debris,
promo, news voice or a photo credit without touching code. Each file holds one entry
per line; `#` starts a comment line.

`clean/debris.txt` holds regular expressions matched against a whole line. The other
lists hold *phrases* matched against a line's lowercased words (split at every non-word
character, so "e-commerce" is "e commerce" and "world's" is "world s"), which keeps
matching fast on long paragraphs. Phrase syntax, one phrase per line:
    word         a word                      a|b|c     any of these words
    pre*         a word starting with "pre"  <number>  a number
    [a|b]        an optional slot            ^ first   the phrase starts a sentence
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from casus.calendar_names import names

PHRASE_LISTS = ("calls", "promo", "reporting", "masthead", "credits", "picture")
NUMBER = "<number>"


def entries(name: str) -> list[str]:
    """The non-comment, non-blank lines of data file `clean/<name>.txt`."""
    text = resources.files("casus").joinpath("data", "clean", f"{name}.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]


@dataclass(frozen=True)
class Slot:
    words: frozenset[str]
    prefixes: tuple[str, ...]
    number: bool

    def matches(self, token: str) -> bool:
        return token in self.words or (self.number and token.isdigit()) or (
            bool(self.prefixes) and token.startswith(self.prefixes))


@dataclass(frozen=True)
class Phrase:
    tag: str  # the list it comes from
    text: str  # as written in the data file, for explanations
    slots: tuple[Slot, ...]
    at_start: bool
    anchor: int  # the slot looked up first: the one with the most specific words

    def at(self, tokens: list[str], i: int) -> int | None:
        """Start of this phrase if its anchor slot sits at token i, else None."""
        begin = i - self.anchor
        if begin < 0 or begin + len(self.slots) > len(tokens):
            return None
        for k, sl in enumerate(self.slots):
            if k != self.anchor and not sl.matches(tokens[begin + k]):
                return None
        return begin


def slot(spec: str) -> Slot:
    alts = spec.split("|")
    return Slot(frozenset(a for a in alts if not a.endswith("*") and a != NUMBER),
                tuple(a[:-1] for a in alts if a.endswith("*")), NUMBER in alts)


def specificity(sl: Slot) -> int:
    """How rare a slot's words are likely to be: short words ("the", "a", "our") are common."""
    if sl.number:
        return 0
    return min(len(w) for w in [*sl.words, *sl.prefixes])


def phrases(tag: str, entry: str) -> list[Phrase]:
    """Every variant of one entry, with and without each optional slot."""
    parts = entry.lower().split()
    at_start = parts[0] == "^"
    parts = parts[1:] if at_start else parts
    options = [[p[1:-1], None] if p.startswith("[") else [p] for p in parts]
    out = []
    for combo in itertools.product(*options):
        slots = tuple(slot(p) for p in combo if p is not None)
        if slots:
            anchor = 0 if at_start else max(range(len(slots)), key=lambda k: specificity(slots[k]))
            out.append(Phrase(tag, entry, slots, at_start, anchor))
    return out


class Lexicon:
    """All phrase lists, indexed by their most specific word, scanned in one pass over a line."""

    def __init__(self, lists: dict[str, list[str]]):
        self.by_word: dict[str, list[Phrase]] = {}
        self.by_prefix: dict[str, list[Phrase]] = {}
        self.by_number: list[Phrase] = []
        for tag, items in lists.items():
            for entry in items:
                for ph in phrases(tag, entry):
                    anchor = ph.slots[ph.anchor]
                    for w in anchor.words:
                        self.by_word.setdefault(w, []).append(ph)
                    for p in anchor.prefixes:
                        self.by_prefix.setdefault(p, []).append(ph)
                    if anchor.number:
                        self.by_number.append(ph)
        self.prefixes = tuple(self.by_prefix)
        self.prefixed = (re.compile("(?:^| )(?:" + "|".join(map(re.escape, self.prefixes)) + ")")
                         if self.prefixes else None)
        self.anchors = frozenset(self.by_word)

    def scan(self, tokens: list[str], starts=None) -> dict[str, list[str]]:
        """Phrases found in `tokens`, by list. `starts()` gives the token positions that
        begin a sentence (asked only when a ^-phrase matches past the first token)."""
        found: dict[str, list[str]] = {}
        at = self.positions(tokens)
        sentence_starts = None
        for i, candidates in at:
            for ph in candidates:
                begin = ph.at(tokens, i)
                if begin is None:
                    continue
                if ph.at_start and begin:
                    if sentence_starts is None:
                        sentence_starts = starts() if starts else set()
                    if begin not in sentence_starts:
                        continue
                hits = found.setdefault(ph.tag, [])
                text = " ".join(tokens[begin:begin + len(ph.slots)])
                if text not in hits:
                    hits.append(text)
        return found

    def positions(self, tokens: list[str]) -> list[tuple[int, list[Phrase]]]:
        """Token positions where a phrase may be anchored, with its candidates (set
        operations and substring tests first: most lines hold no cue at all)."""
        present = self.anchors.intersection(tokens)
        out = [(i, self.by_word[t]) for i, t in enumerate(tokens) if t in present] if present else []
        if self.prefixed and self.prefixed.search(" ".join(tokens)):
            out += [(i, [ph for p, phs in self.by_prefix.items() if t.startswith(p) for ph in phs])
                    for i, t in enumerate(tokens) if t.startswith(self.prefixes)]
        if self.by_number:
            out += [(i, self.by_number) for i, t in enumerate(tokens) if t.isdigit()]
        return out


@lru_cache(maxsize=1)
def cues() -> "Cues":
    return Cues()


class Cues:
    """Compiled cue lists (built once per process)."""

    def __init__(self) -> None:
        self.debris = re.compile("|".join(f"(?:{p})" for p in entries("debris")))  # on lowercased text
        self.lexicon = Lexicon({name: entries(name) for name in PHRASE_LISTS})
        self.thread = Lexicon({"thread": entries("thread")})  # comment-section headers, for short lines only
        self.voice = frozenset(entries("voice"))
        calendar = names()  # month and weekday names, and the few more clean/months.txt adds
        self.months = frozenset(entries("months")).union(calendar["months"], calendar["weekdays"])
        self.datewords = frozenset(entries("datewords")) | self.months
