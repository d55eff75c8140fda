"""Clean: plain-text boilerplate removal and article splitting.

One raw text becomes zero or more articles, each with a title, its captions (kept,
deduplicated, out of the body) and a clean body that keeps paragraph structure and
in-article subheads. Every removed line is recorded on `doc.removed` with its reason,
and `explain` gives the verdict on every line (`casus clean FILE --explain`).
No library cleans plain text (trafilatura and jusText need HTML), so this stage is ours.
"""

from __future__ import annotations

import re
from typing import Any

from casus.clean.frequency import LineCounts
from casus.clean.verdicts import BODY, CAPTION, GIVEN_TITLE, REMOVED, TITLE, Verdict, judge
from casus.clean.lines import OPENERS, Line, read_lines
from casus.model import Article, Document

__all__ = ["Clean", "clean_document", "explain", "counted", "apply", "LineCounts", "Verdict",
           "BODY", "CAPTION", "REMOVED", "TITLE"]

BLANK_LINE = re.compile(r"\n[^\S\n]*\n")


def explain(doc: Document, counts: LineCounts | None = None) -> list[Verdict]:
    """The verdict on every non-blank line of `doc.text`, in order."""
    return judge(read_lines(doc.text), doc.title, counts, learn=not doc.extracted)


def counted(docs: list[Document]) -> LineCounts:
    """Line frequencies over these documents, as one run of the stage sees them."""
    counts = LineCounts()
    counts.observe([read_lines(doc.text) for doc in docs])
    return counts


def clean_document(doc: Document, counts: LineCounts | None = None, no_clean: bool = False) -> list[Article]:
    """Clean one document: sets and returns `doc.articles`, sets `doc.removed`.

    `counts` brings corpus-level line frequencies (see `LineCounts`); without it only the
    document itself is evidence. With `no_clean`, exactly one article whose text is
    `doc.text` byte-for-byte.
    """
    if no_clean:
        doc.articles = [Article(doc.id, 0, doc.text, title=doc.title, start=0, end=len(doc.text))]
        doc.removed = []
        return doc.articles
    return apply(doc, explain(doc, counts))


def apply(doc: Document, verdicts: list[Verdict]) -> list[Article]:
    """Articles and removals of `doc` from the verdicts on its lines."""
    doc.removed = [{"start": v.line.start, "end": v.line.end, "text": v.line.text, "reason": v.reason}
                   for v in verdicts if v.kind == REMOVED]
    regions: dict[int, list[Verdict]] = {}
    for v in verdicts:
        if v.article is not None:
            regions.setdefault(v.article, []).append(v)
    doc.articles = []
    for n, region in sorted(regions.items()):
        body = [v.line for v in region if v.kind == BODY]
        titles = [v.line.text for v in region if v.kind == TITLE and v.reason != GIVEN_TITLE]
        title = doc.title if n == 0 and doc.title else (titles[0] if titles else None)
        captions: dict[str, str] = {}
        for v in region:
            if v.kind == CAPTION:
                captions.setdefault(v.line.key, v.line.text)
        doc.articles.append(Article(doc.id, n, paragraphs(body, doc.text), title=title,
                                    captions=list(captions.values()),
                                    start=min(v.line.start for v in region), end=body[-1].end))
    return doc.articles


def paragraphs(body: list[Line], raw: str) -> str:
    """The body lines joined as in the raw text: a blank line where the raw text had one
    (or lines were removed across one), a newline otherwise, and a blank line around
    subheads so they stay paragraphs of their own."""
    out: list[str] = []
    for k, line in enumerate(body):
        if k:
            prev = body[k - 1]
            blank = (BLANK_LINE.search(raw, prev.end, line.start) is not None
                     or subhead(body, k - 1) or subhead(body, k))
            out.append("\n\n" if blank else "\n")
        out.append(line.text)
    return "".join(out)


def subhead(body: list[Line], k: int) -> bool:
    """A headline-shaped line between two sentences (not a wrapped line mid-sentence)."""
    line = body[k]
    if not line.titleish or line.words > 12:
        return False
    before = body[k - 1] if k else None
    after = body[k + 1] if k + 1 < len(body) else None
    return ((before is None or before.terminal)
            and (after is None or after.text[0].isupper() or after.text[0].isdigit() or after.text[0] in OPENERS))


class Clean:
    """The clean stage: `doc.articles` and `doc.removed` for every document of a batch.

    Line frequencies are counted over all documents given at once first (and kept in the store when
    ingesting, written with each batch by `save`), so each document is judged with the corpus
    seen so far; so it runs in order, in the main process."""

    name = stage = "clean"
    parallel = False

    def __init__(self, no_clean: bool = False, store: Any = None) -> None:
        self.no_clean = no_clean  # each input is exactly one article, byte-for-byte
        self.counts = LineCounts(store)

    def __call__(self, docs: list[Document]) -> None:
        if self.no_clean:
            for doc in docs:
                clean_document(doc, no_clean=True)
            return
        lines = [read_lines(doc.text) for doc in docs]
        self.counts.observe(lines, [doc.hash for doc in docs])
        for doc, doc_lines in zip(docs, lines):
            apply(doc, judge(doc_lines, doc.title, self.counts, learn=not doc.extracted))

    def save(self, con: Any, docs: list[Document]) -> None:
        """The line counts these documents added, in their batch's transaction."""
        self.counts.save(con, [doc.hash for doc in docs])
