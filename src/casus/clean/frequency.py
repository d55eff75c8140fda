"""Repetition across a corpus: a line seen beside many different articles is site furniture.

Counting plain documents would also count syndicated copies of one wire story, whose
headline and subheads recur with it; so a line is counted once per distinct *context*:
the article prose around it, a hash of the longest prose line among the lines before it
and, separately, among the lines after it. A story's own lines keep the same prose on at
least one side in every copy (its last paragraph has the body above it); furniture such
as a "Most read" header or a footer sits beside different prose on both sides. The count
is the smaller of the two sides (a side without prose does not count).

A headline is special: on its own page it heads its text, and elsewhere it recurs in
"Related" lists beside ever different prose. So a line that heads text is counted apart:
at the top of a document (above any paragraph) by the text below it alone, which is its
own story's lede on its own page (one context, however often the story is syndicated)
but a different article every time for a masthead or a menu; further down, where glued
articles start, it is not counted at all and never removed.

Only lines that are not sentences, or that address the reader, are counted: a sentence
such as "He was 75." legitimately recurs across unrelated articles. With a store the
counts persist (table clean_lines, written in each batch's transaction), so later ingests
benefit; without one (`casus extract`) counts cover the documents of the run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from casus.clean.lines import Line, digest, heads

RECURRING_DOCS = 5  # a line seen in this many distinct article contexts is site furniture
MAX_LINES_IN_MEMORY = 500_000  # beyond this, lines seen in two contexts or fewer are forgotten
CONTEXT_LINES = 10
CONTEXT_CAP = 3 * RECURRING_DOCS  # contexts kept per line: enough to pass the threshold on every side


def countable(line: Line) -> bool:
    """Lines whose recurrence means boilerplate: short non-sentences, and sentences that
    address the reader or are debris anyway."""
    if line.words > 25 or line.stray:
        return False
    return (not line.terminal or line.voiced or line.call is not None or line.debris) and not (
        line.caption or line.dateonly)


def contexts(lines: list[Line], wanted: list[int]) -> dict[int, tuple[str, str]]:
    """For each wanted line, digests of the longest prose line among the CONTEXT_LINES
    lines before it and among those after it ("" when there is none)."""
    prose = [ln.key if ln.words >= 8 and ln.terminal and not ln.caption and ln.strong is None else ""
             for ln in lines]
    digests: dict[str, str] = {"": ""}

    def longest(lo: int, hi: int) -> str:
        best = max(prose[max(0, lo):hi], key=len, default="")
        if best not in digests:
            digests[best] = digest(best)
        return digests[best]

    return {i: (longest(i - CONTEXT_LINES, i), longest(i + 1, i + 1 + CONTEXT_LINES)) for i in wanted}


def first_prose(lines: list[Line]) -> int:
    """Position of the document's first paragraph (len(lines) if none)."""
    return next((i for i, ln in enumerate(lines) if ln.words >= 8 and ln.terminal and not ln.caption), len(lines))


def role(lines: list[Line], i: int, top: int) -> str:
    """"top": a line heading text above the first paragraph (at `top`); "heads": one
    heading text further down; "other": any other line."""
    if not heads(lines, i):
        return "other"
    return "top" if i < top else "heads"


def tagged(lines: list[Line]) -> set[tuple[str, str]]:
    """(line digest, tagged context) pairs of one document's countable lines: "h" + the
    prose below a line heading text at the top, "p" + the prose above and "n" + the prose
    below any other line."""
    wanted = [i for i, ln in enumerate(lines) if countable(ln)]
    out: set[tuple[str, str]] = set()
    if not wanted:
        return out
    ctx = contexts(lines, wanted)
    top = first_prose(lines)
    for i in wanted:
        h = lines[i].digest
        before, after = ctx[i]
        kind = role(lines, i, top)
        if kind == "top":
            if after:
                out.add((h, "h" + after))
        elif kind == "other":
            out.update((h, tag + c) for tag, c in (("p", before), ("n", after)) if c)
    return out


def recurrence(sides: dict[str, int], kind: str) -> int:
    """The count that decides, for a line of this role (see `role`)."""
    if kind == "top":
        return sides.get("h", 0)
    if kind == "heads":
        return 0
    counted = [sides[t] for t in "pn" if t in sides]
    return min(counted) if counted else 0


class LineCounts:
    """In how many distinct article contexts each countable line has been seen.

    Documents are counted in input order, and a line keeps at most CONTEXT_CAP contexts (the
    first ones met), so the counts depend on the documents and their order alone: not on how
    they were batched, nor on where an earlier, killed run stopped. With a store, what a
    batch adds is written by `save` in that batch's transaction; until then it is held here,
    so documents cleaned before an earlier batch commits (`--jobs`) see it too."""

    def __init__(self, store: Any = None):
        self.store = store  # counts persist in its table clean_lines (its connection asked for when used)
        self.seen: dict[str, set[str]] = {}  # line digest -> tagged contexts: all (no store), or those not yet saved
        self.unsaved: dict[str, list[tuple[str, str]]] = {}  # document key -> the (line, context) pairs it added
        self.sides: dict[str, dict[str, int]] = {}  # line digest -> tag -> contexts, for the documents just observed

    def observe(self, documents: Iterable[list[Line]], keys: Iterable[str] | None = None) -> None:
        """Count the lines of documents (before judging them), in order; `keys` name the
        documents for `save` (with a store)."""
        found = [tagged(lines) for lines in documents]
        hashes = sorted({h for pairs in found for h, _ in pairs})
        contexts = self.contexts(hashes)
        for key, pairs in zip(keys if keys is not None else range(len(found)), found):
            added = []
            for h, c in sorted(pairs):
                known = contexts[h]
                if c not in known and len(known) < CONTEXT_CAP:
                    known.add(c)
                    added.append((h, c))
            if self.store is not None:
                self.unsaved.setdefault(key, []).extend(added)
                for h, c in added:
                    self.seen.setdefault(h, set()).add(c)
        if self.store is None and len(self.seen) > MAX_LINES_IN_MEMORY:
            self.seen = {h: c for h, c in self.seen.items() if len(c) > 2}
        self.sides = {}
        for h in hashes:
            side = self.sides[h] = {}
            for c in contexts[h]:
                side[c[0]] = side.get(c[0], 0) + 1

    def contexts(self, lines: list[str]) -> dict[str, set[str]]:
        """The contexts known for each line: in memory, and with a store those it holds."""
        if self.store is None:
            return {h: self.seen.setdefault(h, set()) for h in lines}
        out = {h: set(self.seen.get(h, ())) for h in lines}
        if lines:
            for h, c in self.store.con.execute(
                    "SELECT line, context FROM clean_lines WHERE line IN (SELECT unnest(?))", [lines]).fetchall():
                out[h].add(c)
        return out

    def save(self, con: Any, keys: Iterable[str]) -> None:
        """Write what these documents added, in the transaction of their batch, with what
        documents observed before them added (those a later stage failed on, which are not
        stored but were counted): batches commit in input order."""
        keys = set(keys) & self.unsaved.keys()
        pairs = []
        while keys:
            key, added = next(iter(self.unsaved.items()))
            del self.unsaved[key]
            keys.discard(key)
            pairs += added
        if pairs:
            con.execute("INSERT OR IGNORE INTO clean_lines SELECT unnest(?), unnest(?)",
                        [[h for h, _ in pairs], [c for _, c in pairs]])
        for h, c in pairs:
            left = self.seen.get(h)
            if left is not None:
                left.discard(c)
                if not left:
                    del self.seen[h]

    def __call__(self, line: Line, kind: Callable[[], str]) -> int:
        """In how many distinct contexts `line` was seen (below RECURRING_DOCS, an upper
        bound); `kind()` gives its role where it is being judged (see `role`)."""
        sides = self.sides.get(line.digest) if countable(line) else None
        if not sides or max(sides.values()) < RECURRING_DOCS:
            return max(sides.values(), default=0) if sides else 0
        return recurrence(sides, kind())
