"""The one document model that flows through every stage.

A `Document` is one input (a file, a JSON line, a WARC record). The clean stage
splits it into `Article`s; every later stage annotates articles in place, the way
spaCy components annotate one `Doc`. Annotation lists hold plain dicts whose keys
are exactly those of the JSON contract in docs/contract.md, so serialising is a copy,
not a translation.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

# The most text one document may hold, in characters: checked when it is read, before any stage,
# and the analyse stage's spaCy `max_length`. A news page is under 100,000; past this it is not one.
MAX_CHARS = 1_000_000
MAX_LINES = 50_000  # lines of one document, checked with MAX_CHARS: a news page has a few hundred
MAX_ARTICLES = 500  # articles the clean stage may find in one document (a page of briefs holds dozens)
MAX_REASON = 300  # characters of an error's reason


def normalize_text(text: str) -> str:
    """Canonical form used for identity: NFC, Unix newlines, no BOM, no outer space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    return unicodedata.normalize("NFC", text).strip()


def content_hash(text: str, title: str | None = None) -> str:
    """A document's identity: the same text (and title) is the same document."""
    h = hashlib.sha256()
    h.update((title or "").encode("utf-8"))
    h.update(b"\x00")
    h.update(normalize_text(text).encode("utf-8"))
    return h.hexdigest()


def outlet(url: str | None, doc_id: str) -> str:
    """Who published a document: its URL's host, else (unknown) the document itself, so that
    unknown outlets never count as one."""
    host = (urlparse(url).hostname or "") if url else ""
    return host.removeprefix("www.") or doc_id


@dataclass
class Article:
    """One article found in a document: a clean body, its title and captions."""

    doc_id: str
    index: int
    text: str
    title: str | None = None
    captions: list[str] = field(default_factory=list)
    start: int | None = None  # span of the article in the document's raw text
    end: int | None = None
    duplicate_of: str | None = None  # "DOCID#N" of the earliest copy
    similarity: float | None = None  # to `duplicate_of`
    verbatim: bool = False  # text identical to `duplicate_of`'s: analyse reuses that parse
    story: str | None = None
    date: dict[str, Any] | None = None  # value/earliest/latest/precision/basis/evidence
    entities: list[dict[str, Any]] = field(default_factory=list)
    timexes: list[dict[str, Any]] = field(default_factory=list)
    places: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    nlp: Any = None  # spaCy Doc while the analyse..events stages run; never serialised
    sketch: Any = None  # stories stage: the index rows the store keeps for it; never serialised

    @property
    def id(self) -> str:
        return f"{self.doc_id}#{self.index}"

    def to_json(self, stages: set[str]) -> dict[str, Any]:
        """The contract's article object, with only the fields of stages that ran."""
        out: dict[str, Any] = {
            "title": self.title,
            "text": self.text,
            "captions": list(self.captions),
        }
        if "stories" in stages:
            out["duplicate_of"] = self.duplicate_of
            out["story"] = self.story
        if "time" in stages:
            out["date"] = self.date
            out["timexes"] = self.timexes
        if "analyse" in stages or "actors" in stages:
            out["entities"] = self.entities
        if "places" in stages:
            out["places"] = self.places
        if "events" in stages:
            out["events"] = self.events
        return out


@dataclass
class Document:
    """One input unit as read, before and after cleaning."""

    id: str  # as given (JSON "id"), else derived from the path
    text: str  # raw text; for HTML, the main text trafilatura extracted
    source: str  # path as given, or "-" for stdin
    format: str  # txt | html | json | jsonl | warc
    line: int | None = None  # 1-based line (JSONL) or record number (WARC)
    title: str | None = None
    date: str | None = None  # publication date as given (YYYY-MM-DD), if any
    url: str | None = None
    hash: str = ""
    outlet: str = ""  # worked out once, when read: see `outlet`
    extracted: bool = False  # the text is trafilatura's extraction of a web page: no page is left around it
    articles: list[Article] = field(default_factory=list)
    removed: list[dict[str, Any]] = field(default_factory=list)  # {start,end,text,reason}

    def __post_init__(self) -> None:
        if not self.hash:
            self.hash = content_hash(self.text, self.title)
        self.outlet = self.outlet or outlet(self.url, self.id)

    def rename(self, new_id: str) -> None:
        """Give the document another id (one already taken in the store), its outlet with it
        when that was the document itself."""
        if self.outlet == self.id:
            self.outlet = new_id
        self.id = new_id

    def to_json(self, stages: set[str]) -> dict[str, Any]:
        return {"id": self.id, "articles": [a.to_json(stages) for a in self.articles]}


@dataclass
class ReadError:
    """Input that could not become a document: reported in one line, stored, skipped."""

    source: str
    reason: str
    line: int | None = None

    def __post_init__(self) -> None:
        """One line, and a short one, whatever a library's message held (its input, a traceback)."""
        reason = " ".join(self.reason.split())
        self.reason = reason if len(reason) <= MAX_REASON else reason[:MAX_REASON - 1] + "…"

    def __str__(self) -> str:
        where = f"{self.source}:{self.line}" if self.line is not None else self.source
        return f"{where}: {self.reason}"


@dataclass
class Skipped(ReadError):
    """A file met in a folder that is no input (no input type): said in one line, read no
    further, and not an error (a README beside the pages is no fault)."""
