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
counts persist (table clean_lines, idempotent inserts), so later ingests benefit; without
one (`casus extract`) counts cover the documents of the run.
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
    """In how many distinct article contexts each countable line has been seen."""

    def __init__(self, con: Any = None):
        self.con = con  # a store's connection: counts persist in its table clean_lines
        self.seen: dict[str, set[str]] = {}  # in-run: line digest -> tagged contexts
        self.sides: dict[str, dict[str, int]] = {}  # line digest -> tag -> contexts, for the current batch

    def observe(self, documents: Iterable[list[Line]]) -> None:
        """Count the lines of a batch of documents (before judging them)."""
        pairs: set[tuple[str, str]] = set()
        for lines in documents:
            pairs |= tagged(lines)
        hashes = sorted({h for h, _ in pairs})
        if self.con is not None:
            known = self.stored(hashes)
            new = sorted((h, c) for h, c in pairs if sum(known.get(h, {}).values()) < CONTEXT_CAP)
            if new:  # pairs already known change nothing
                self.con.execute("INSERT OR IGNORE INTO clean_lines SELECT unnest(?), unnest(?)",
                                 [[h for h, _ in new], [c for _, c in new]])
            self.sides = self.stored(hashes)
            return
        for h, c in pairs:
            seen = self.seen.setdefault(h, set())
            if len(seen) < CONTEXT_CAP:
                seen.add(c)
        if len(self.seen) > MAX_LINES_IN_MEMORY:
            self.seen = {h: c for h, c in self.seen.items() if len(c) > 2}
        self.sides = {}
        for h in hashes:
            side = self.sides[h] = {}
            for c in self.seen[h]:
                side[c[0]] = side.get(c[0], 0) + 1

    def stored(self, lines: list[str]) -> dict[str, dict[str, int]]:
        """For each line digest, how many distinct contexts the store holds, by context tag
        (the context's first character)."""
        if not lines:
            return {}
        rows = self.con.execute(
            "SELECT line, left(context, 1), count(*) FROM clean_lines WHERE line IN (SELECT unnest(?))"
            " GROUP BY ALL", [lines]).fetchall()
        out: dict[str, dict[str, int]] = {}
        for line, tag, n in rows:
            out.setdefault(line, {})[tag] = n
        return out

    def __call__(self, line: Line, kind: Callable[[], str]) -> int:
        """In how many distinct contexts `line` was seen (below RECURRING_DOCS, an upper
        bound); `kind()` gives its role where it is being judged (see `role`)."""
        sides = self.sides.get(line.digest) if countable(line) else None
        if not sides or max(sides.values()) < RECURRING_DOCS:
            return max(sides.values(), default=0) if sides else 0
        return recurrence(sides, kind())
