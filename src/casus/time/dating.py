"""Dating: when an article was written, from its own words, with the precision they allow.

An undated scrape still says a lot about its date: a dated photo caption ("26 April 2025"),
the lead's weekday ("hailed on Saturday"), an anniversary ("one year since the ... January
3, 2020, strike"), past events it names ("Trump quit in May 2018", "the killing of
Soleimani"), and relative expressions tied to dated ones ("a meeting in Baghdad last week"
... "the July 5 meeting"). Each piece becomes a constraint on the unknown day D:

- hard lower bounds: what a caption dates, what the text reports in the past tense, the
  dated events (data/time/landmarks.json) it names — D is no earlier;
- links: a relative expression and a dated one about the same thing (the same event noun,
  or a landmark in the same sentence) must agree — resolved against D, "last week" must
  hold July 5; these are kept only while they agree with each other;
- a day: when the lead's weekday is the weekday of a dated caption, an anniversary or a
  dateline, news convention dates the article that day.

What survives is reported as value/earliest/latest/precision/basis/evidence. A bound
the text does not give stays null; day precision is never claimed from bounds alone.
"""

from __future__ import annotations

import json
import math
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.attrs import LEMMA

from casus import dateline as casus_dateline
from casus.calendar_names import full_names
from casus.time import timex
from casus.time.timex import Mention, Period, Spec

WINDOW_DAYS = 3 * 366  # how far past the lower bound links are searched for the date
WEEKDAYS = [w.capitalize() for w in full_names("weekdays")]  # for explanations


@lru_cache(maxsize=1)
def landmarks() -> list[tuple[str, date, re.Pattern]]:
    data = json.loads(resources.files("casus").joinpath("data/time/landmarks.json").read_text("utf-8"))
    return [(e["name"], date.fromisoformat(e["date"]), re.compile("|".join(e["patterns"])))
            for e in data["events"]]


@dataclass
class Found:
    """A temporal expression of the article (or a named landmark) in its context."""

    mention: Mention
    sentence: int  # index of the sentence holding it (-1: a caption)
    tense: int | None  # -1 past, 1 future, None unknown
    noun: str | None = None  # the event noun a date modifies ("the July 5 meeting" -> meeting)
    period: Period | None = None  # its calendar period when it needs no reference day
    landmark: str | None = None
    adverbial: bool = False  # it dates its clause, so the clause's tense dates it


@dataclass
class Link:
    """A relative expression that must hold a dated one, whatever D is."""

    rel: Found
    anchor: Found
    why: str


# --------------------------------------------------------------------------- reading


def sentence_spans(text: str, doc: Any) -> list[tuple[int, int]]:
    if doc is not None:
        return [(s.start_char, s.end_char) for s in doc.sents]
    return [(m.start(), m.end()) for m in re.finditer(r"[^\n.!?]+(?:[.!?]+|\n|$)", text)]


def sentence_of(spans: list[tuple[int, int]], pos: int) -> int:
    """The index of the sentence span holding `pos` (spans are in order and do not overlap);
    the last one for a position between or after them."""
    i = bisect_right(spans, (pos, math.inf)) - 1
    return i if i >= 0 and pos < spans[i][1] else len(spans) - 1


def span_of(doc: Any, m: Mention):
    span = doc.char_span(m.start, m.end, alignment_mode="expand") if doc is not None else None
    return span if span is not None and len(span) else None


def event_noun(doc: Any, m: Mention) -> str | None:
    """The noun a date premodifies or attaches to ("the July 5 meeting", "strikes ... on June 27")."""
    span = span_of(doc, m)
    if span is None:
        return None
    head = span.root.head
    if span.root.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
        if head.i > span.start:
            return None
    elif head.i < span.end:
        return None
    noun = head.lemma_.lower()
    return noun if head.pos_ == "NOUN" and noun not in timex.lexicon()["units"] else None


def adverbial(doc: Any, m: Mention) -> bool:
    """Whether a date sets when a clause happened ("quit in May 2018") rather than naming a
    thing ("his 1990 earnings projection"), whose verb's tense says nothing of the date."""
    span = span_of(doc, m)
    if span is None:
        return False
    root = span.root
    if root.dep_ == "pobj":
        return root.head.dep_ == "prep" and root.head.head.pos_ in ("VERB", "AUX")
    return root.dep_ in ("npadvmod", "advmod", "tmod", "obl") and root.head.pos_ in ("VERB", "AUX")


def collect(text: str, captions: list[str], doc: Any,
            mentions: Sequence[Mention] | None = None) -> tuple[list[Found], list[list[str]]]:
    """Every dated or datable expression of the body and captions, and each sentence's lemmas."""
    spans = sentence_spans(text, doc)
    lemmas: list[list[str]] = [[] for _ in spans]
    if doc is not None:  # read as an array: a Python Token per word costs more than the rest
        strings = doc.vocab.strings
        words = [strings[x].lower() for x in doc.to_array(LEMMA).tolist()]
        for i, sent in enumerate(doc.sents):
            lemmas[i] = words[sent.start:sent.end]
    else:
        for i, (s, e) in enumerate(spans):
            lemmas[i] = re.findall(r"[a-z]+", text[s:e].lower())
    found: list[Found] = []
    for m in timex.find(text) if mentions is None else mentions:
        f = Found(m, sentence_of(spans, m.start), timex.direction(doc, m.start, m.end), event_noun(doc, m),
                  adverbial=adverbial(doc, m))
        f.period = timex.resolve_day(m.spec, None) if not m.spec.needs_ref else None
        found.append(f)
    for name, day, rx in landmarks():
        for hit in rx.finditer(text):
            m = Mention(hit.group(), hit.start(), hit.end(), "DATE", Spec("cal", year=day.year, month=day.month,
                                                                          day=day.day), "landmark")
            found.append(Found(m, sentence_of(spans, hit.start()), -1, period=timex.day_period(day), landmark=name))
    for cap in captions:
        for m in timex.find(cap):
            if not m.spec.needs_ref and m.type == "DATE":
                found.append(Found(m, -1, -1, period=timex.resolve_day(m.spec, None)))
    return found, lemmas


def quote(f: Found) -> str:
    return f"'{f.mention.text}'" if not f.landmark else f"the {f.landmark} ({f.period.value})"


# --------------------------------------------------------------------------- evidence


@lru_cache(maxsize=1)
def limit() -> re.Pattern:
    """Words before a date that make it a limit, perhaps still ahead ("by 2030", "up to 2030")."""
    words = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in timex.lexicon()["limit_cues"])
    return re.compile(rf"\b(?:{words})\s+(?:the\s+)?(?:end\s+of\s+|early\s+|mid-?|late\s+)?$")


def lower_bounds(found: list[Found], text: str) -> list[tuple[date, str]]:
    """Days the article cannot precede: dated captions, past events with a date, landmarks."""
    out = []
    for f in found:
        if f.period is None or f.mention.type != "DATE" or f.mention.spec.kind == "duration":
            continue
        before = text[max(0, f.mention.start - 20):f.mention.start].lower()
        if limit().search(before):
            continue
        since = before.endswith("since ")
        if f.sentence < 0:
            out.append((f.period.start, f"caption dated {quote(f)}"))
        elif f.landmark:
            out.append((f.period.start, f"names {quote(f)}"))
        elif (f.tense == -1 and f.adverbial) or since:
            out.append((f.period.start, f"reports {quote(f)} in the past"))
    return out


def lead_weekday(found: list[Found]) -> Found | None:
    """The weekday the lead (the first two sentences) reports ("hailed on Saturday")."""
    for f in sorted(found, key=lambda f: f.mention.start):
        s = f.mention.spec
        if 0 <= f.sentence <= 1 and s.kind == "named" and s.weekday and s.n == 0 and s.unit is None and f.tense != 1:
            return f
    return None


ANNIVERSARY = re.compile(
    r"\b(?P<n>\w+)[- ]years?\s+(?:since|after|on\s+from)\b|\b(?P<ord>\w+)\s+anniversary\s+of\b", re.IGNORECASE)


def anniversaries(text: str, found: list[Found], lead_end: int) -> list[tuple[date, str]]:
    """Days an anniversary in the lead falls on: N years after each dated day the text names."""
    out = []
    lx = timex.lexicon()
    for hit in ANNIVERSARY.finditer(text[:lead_end]):
        word = (hit.group("n") or hit.group("ord")).lower()
        n = lx["numbers"].get(word) if hit.group("n") else lx["ordinals"].get(word)
        if n is None and word.isdigit():
            n = int(word)
        if not n or n != int(n):
            continue
        for f in found:
            p = f.period
            if p is not None and p.start == p.end and f.sentence >= 0:
                try:
                    day = p.start.replace(year=p.start.year + int(n))
                except ValueError:  # 29 February
                    continue
                out.append((day, f"'{hit.group().strip()}' {quote(f)} falls on {day.isoformat()}"))
    return out


def dateline(text: str) -> Mention | None:
    """The date of a dateline ("WASHINGTON, March 12 (Xinhua) --"), if the text opens with one."""
    line = casus_dateline.find(text)
    if line is None:
        return None
    ms = [x for x in timex.find(line.detail) if x.type == "DATE" and timex.is_day(x.spec) and x.spec.kind == "cal"]
    return ms[0] if len(ms) == 1 else None


def links(found: list[Found], lemmas: list[list[str]]) -> list[Link]:
    """Relative expressions tied to dated ones: the same event noun, or a landmark alongside."""
    out = []
    relatives = [f for f in found if f.sentence >= 0 and f.mention.type == "DATE" and f.mention.spec.needs_ref
                 and f.mention.spec.kind in ("shift", "offset", "named") and not f.mention.spec.comparative]
    for rel in relatives:
        for a in found:
            if a is rel or a.sentence < 0 or a.mention.spec.kind != "cal":
                continue
            if a.landmark and a.sentence == rel.sentence:
                out.append(Link(rel, a, f"{quote(rel)} is when {quote(a)} happened"))
            elif a.noun and a.noun in lemmas[rel.sentence] and a.sentence != rel.sentence:
                out.append(Link(rel, a, f"{quote(rel)} is the {quote(a)} {a.noun}"))
    return out


def holds(link: Link, d: date) -> bool:
    r = timex.resolve_day(link.rel.mention.spec, d, link.rel.tense)
    a = link.anchor.period or timex.resolve_day(link.anchor.mention.spec, d, link.anchor.tense)
    if r is None or a is None:
        return False
    lo, hi = timex.modified(r, link.rel.mention.spec.mod)
    return lo <= a.start and a.end <= hi


# --------------------------------------------------------------------------- inference


def result(lo: date | None, hi: date | None, basis: str, evidence: list[str]) -> dict[str, Any]:
    prec = timex.precision(lo, hi)
    value = None
    if prec == "day":
        value = lo.isoformat()
    elif prec == "month":
        value = lo.isoformat()[:7]
    elif prec == "year":
        value = lo.isoformat()[:4]
    return {"value": value, "earliest": timex.iso(lo), "latest": timex.iso(hi), "precision": prec,
            "basis": basis if prec else None, "evidence": "; ".join(evidence) if prec else None}


def infer(text: str, captions: list[str] | None = None, doc: Any = None,
          mentions: Sequence[Mention] | None = None) -> dict[str, Any]:
    """An article's date from its text and captions (and its parse, for tense and event nouns);
    `mentions` are the text's temporal expressions when already found."""
    found, lemmas = collect(text, captions or [], doc, mentions)
    bounds = lower_bounds(found, text)
    lo, why_lo = max(bounds, default=(None, None))
    evidence = [why_lo] if why_lo else []

    line = dateline(text)
    if line is not None and not line.spec.needs_ref:
        day = timex.resolve_day(line.spec, None).start
        return result(day, day, "explicit", [f"dateline '{line.text}'"])

    wd = lead_weekday(found)
    if wd is not None:
        spans = sentence_spans(text, doc)
        lead_end = spans[min(1, len(spans) - 1)][1] if spans else len(text)
        days = [(f.period.start, f"caption dated {quote(f)}") for f in found
                if f.sentence < 0 and f.period and f.period.start == f.period.end]
        days += anniversaries(text, found, lead_end)
        if line is not None and lo is not None:  # a dateline without its year: this year or the next
            for y in (lo.year, lo.year + 1):
                if (p := timex.cal_period(line.spec, y)) is not None:
                    days.append((p.start, f"dateline '{line.text}'"))
        fits = {d: why for d, why in days if d.isoweekday() == wd.mention.spec.weekday and (lo is None or d >= lo)}
        if len(fits) == 1:
            (day, why), = fits.items()
            return result(day, day, "inferred",
                          [f"the lead's '{wd.mention.text}' is {WEEKDAYS[day.weekday()]} {day.isoformat()}: {why}"])

    if lo is None:
        return result(None, None, "inferred", [])
    tied = links(found, lemmas)
    if not tied:
        return result(lo, None, "inferred", evidence)
    days = [lo + timedelta(days=i) for i in range(WINDOW_DAYS)]
    for link in sorted(tied, key=lambda k: k.anchor.landmark is None):  # landmarks first: they carry a year
        kept = [d for d in days if holds(link, d)]
        if kept:
            days = kept
            evidence.append(link.why)
    hi = days[-1] if days[-1] < lo + timedelta(days=WINDOW_DAYS - 8) else None
    return result(days[0], hi, "inferred", evidence)


def given(value: str) -> dict[str, Any]:
    """A publication date the input gave (YYYY, YYYY-MM or YYYY-MM-DD)."""
    r = timex.resolve(Spec("cal", **timex.parse_value(value)), None)
    return result(r.earliest, r.latest, "given", ["input date"])
