"""Stories: articles about the same real-world story share a story id, decided before the parse.

What separates a story from a topic is its specifics: the people and places named,
the numbers, the dates. So an article is described by cheap features read off the
text — capitalised name sequences, numbers, years and calendar dates, weekday and
month words, and (weighted down) content words — each weighted by an inverse
document frequency kept incrementally. Presence, not frequency, counts. A capital
makes a name only where it means something: a word that only ever opens a sentence
("Updated", "Personally") or stands in a Title Case headline ("Leaves", "Checks")
is a name only if the text also capitalises it mid-sentence; "PM", "GMT" after a
clock time belong to the time.

Clustering is single-pass and compares an article with what a story is about, not with
its single most similar member (single-link, which chained stories through one bridging
article, and at volume through many). A story is held as the sums of its originals'
vectors (its centroid), the salient specifics a share of them agree on (its core) and the
days and years they span. An article joins the story whose profile it is most like, if
the score clears a threshold; else it starts a new story whose id is its own article id.
Candidate stories are those of the members most like the article. An article left alone
gets a second chance whenever a story near it grows (`StoryIndex.pull`): the story it is then
most like among those that have grown since it was placed, if like enough
(`straggler_threshold`), takes it as a member, and the store relabels its articles
(`StoryIndex.rejoin`). Copies (casus.stories.dedup) join their original's story and teach
nothing. The score (`StoryIndex.similarities`) weighs three kinds of evidence and one kind of
counter-evidence, because two events of one kind (two earthquakes in one region, two
arrests of players of one team) share most of the vocabulary and many names, while two
reports of one event agree on who, what and when at once:
- agreement: the weighted geometric mean of the cosines over names, over words and
  over numbers and dates separately (a product: one strong channel cannot carry a
  pair that the others deny, as one summed cosine let it);
- coverage: how fully each holds the other's salient names, numbers, years and
  weekdays (those repeated or in the lead), the two shares multiplied;
- conflict: for each of weekday, number and year, when both give salient ones and
  neither holds any of the other's (Thursday against Sunday, 26 pirates against 23,
  a magnitude 4.6 against 4.4), the score is cut; it is cut again when the latest
  years they mention (their "now", a story's median one) differ.
When dates are given, a story more than `window_days` from all of its own days is no
candidate (two strikes on one city months apart are two stories); without dates the
years mentioned say it.

Memory is bounded and time near-linear: the most recent `dedup.window` originals are
the neighbours, each with the strongest features of each channel as small arrays and
indexed under its strongest few (posting lists capped at `posting_cap`); document
frequencies live in a fixed array of hashed buckets. A feature id carries its kind in its low three
bits, so the stored arrays say which ids are names, numbers or weekdays. With a
store, the state is rebuilt at start from the index rows of those originals and the
stored frequencies (cost linear in the window, not in the store), and each batch's
rows are written in the batch's transaction, so a new batch joins existing stories
without reclustering the store, and ingesting in parts gives the same stories as
ingesting at once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import re
from collections import Counter, OrderedDict
from collections.abc import Iterable
from itertools import chain
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
from spacy.lang.en.stop_words import STOP_WORDS

from casus.model import Article
from casus.stories.dedup import DuplicateIndex, Fingerprint, lean, settings

# one group, so that split gives text, token, text, ..., text
TOKEN = re.compile(r"(\d{1,2}:\d\d(?::\d\d)?|\d[\d,.]*\d|\d|[^\W\d_]+(?:['’.\-][^\W\d_]+)*)")
INITIAL = re.compile(r"[.!?:;|•]['\"”’)]*\s*$|[\"“‘(]\s*$")  # what may precede a sentence start
YEAR = re.compile(r"(?:19|20)\d\d")
KINDS = {"n": "name", "w": "word", "d": "number", "y": "year", "md": "monthday", "m": "month", "wd": "weekday"}
CODE = {p: k for k, p in enumerate(KINDS, 1)}  # a feature id's low three bits: its kind
KIND_CODE = {name: CODE[p] for p, name in KINDS.items()}
FULL_STOP = re.compile(r"[.!?]['\"”’)]*\s*$")
CLOCK = re.compile(r"\d{1,2}:\d\d(?::\d\d)?")


@lru_cache(maxsize=1 << 16)
def fid(feature: str) -> int:
    """A feature's stable 64-bit id (Python's own hash is salted per process), its kind
    in the low three bits; remembered, as words recur from article to article."""
    h = int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little", signed=True)
    return (h & ~7) | CODE[feature.split(":", 1)[0]]


def features(text: str, title: str | None = None) -> tuple[Counter[str], set[str]]:
    """Typed features of an article ("n:" names, "w:" words, "d:" numbers, "y:" years,
    "md:" month-day dates, "m:" months, "wd:" weekdays) with their counts, and the
    features of its lead (the title and the first `lead_tokens` words of the body)."""
    months, weekdays = settings()["months"], set(settings()["weekdays"])
    lead_tokens = settings()["stories"]["lead_tokens"]
    lines = []
    # each distinct line once: a paragraph a scrape repeats is debris, not emphasis
    texts = list(dict.fromkeys(((title or "") + "\n" + text).split("\n")))
    for line in texts:
        parts = TOKEN.split(line)
        lines.append(list(zip(parts[1::2], parts[::2])))  # a token and what precedes it
    lowercase = {t.lower() for toks in lines for t, _ in toks if t[0].islower()}
    heads = [len(toks) >= 4 and sum(1 for t, _ in toks if t[0].isupper()) >= 0.6 * len(toks)
             and not FULL_STOP.search(line) for toks, line in zip(lines, texts)]  # a sentence ends with a full stop
    # names the text capitalises where a capital means something: mid-sentence, outside a headline
    confirmed = {t.lower().replace("’", "'") for toks, head in zip(lines, heads) if not head
                 for i, (t, before) in enumerate(toks)
                 if i and t[0].isupper() and (before == " " or not INITIAL.search(before))}
    found: Counter[str] = Counter()
    lead: set[str] = set()
    name: list[str] = []
    words = 0

    def add(f: str) -> None:
        found[f] += 1
        if words <= lead_tokens:
            lead.add(f)

    def flush() -> None:
        if len(name) == 1 and opened and name[0] not in confirmed:
            name.clear()  # one capitalised word opening a sentence, never capitalised mid-sentence
        if len(name) > 1:
            add("n:" + " ".join(name))
        for n in name:
            add("n:" + n)
        name.clear()

    opened = False
    for k, (toks, headline) in enumerate(zip(lines, heads)):  # in Title Case capitals say nothing
        prev = ""
        for i, (tok, before) in enumerate(toks):
            words += k > 0
            if name and (i == 0 or before != " "):
                flush()  # anything but one space between two words ends a name
            initial = i == 0 or before != " " and bool(INITIAL.search(before))
            low = tok.lower().replace("’", "'")
            low = low[:-2] if low.endswith("'s") else low
            if ":" in tok or tok.isupper() and CLOCK.fullmatch(prev):
                flush()  # a clock time says nothing about the story; nor its "PM", "GMT"
            elif tok[0].isdigit():
                flush()
                low = tok.replace(",", "")
                if not decade(toks, i):  # "the 1980s" is background, not a year the story is in
                    add(("y:" if YEAR.fullmatch(low) else "d:") + low)
                if low.isdigit() and 1 <= int(low) <= 31 and prev in months:
                    add(f"md:{months[prev]}-{int(low)}")
            elif low in months and tok[0].isupper():
                flush()
                add(f"m:{months[low]}")
                if prev.isdigit() and 1 <= int(prev) <= 31:
                    add(f"md:{months[low]}-{int(prev)}")
            elif low in weekdays:
                flush()
                add("wd:" + low)
            elif tok[0].isupper() and len(low) > 1 and (
                    tok.isupper() and not headline or  # "US", "UN": acronyms even where they spell a word
                    low not in STOP_WORDS and not ((initial or headline) and low in lowercase)
                    and not (headline and low not in confirmed)):
                if not name:
                    opened = initial
                name.append(low.replace(".", ""))  # "U.S." is "US"
            else:
                if name:
                    flush()
                if low not in STOP_WORDS and len(low) > 2 and low.replace("-", "").isalpha():
                    add("w:" + low)
            prev = tok if ":" in tok else low
        flush()
    return found, lead


def decade(toks: list[tuple[str, str]], i: int) -> bool:
    """Whether the number at `i` (a token and what precedes it) names a decade: "1990s", "1990's"."""
    return i + 1 < len(toks) and toks[i + 1][0].lower() == "s" and toks[i + 1][1] in ("", "'", "’")


def salient(found: Counter[str], lead: set[str]) -> dict[str, int]:
    """Single-word names, numbers, years and weekdays an article is about (repeated, or in
    its lead), with counts (which kinds: `salient_kinds`)."""
    least = settings()["stories"]["salient_min_count"]
    kinds = settings()["stories"]["salient_kinds"]
    return {f: c for f, c in found.items()
            if (c >= least or f in lead) and " " not in f and KINDS[f.split(":", 1)[0]] in kinds}


@dataclass
class Sketch:
    """What the store keeps of one article for the indexes (written with its batch)."""

    article_id: str
    story: str
    seq: int
    date: str | None
    fp: Fingerprint | None = None  # originals only
    features: list[int] = field(default_factory=list)  # the strongest of its vector
    weights: list[float] = field(default_factory=list)
    salient: list[int] = field(default_factory=list)
    salience: list[float] = field(default_factory=list)
    year: int | None = None
    buckets: list[int] = field(default_factory=list)  # document-frequency buckets it adds to
    rejoined: list[tuple[str, str]] = field(default_factory=list)  # stragglers' stories, the stories they joined


@dataclass
class Member:
    """An original article as a neighbour: its story, date and strongest features."""

    story: str
    day: dt.date | None
    ids: np.ndarray  # feature ids, sorted
    weights: np.ndarray  # aligned with ids
    salient: np.ndarray  # salient feature ids, sorted
    salience: np.ndarray  # how central each is: 1 + ln(count)
    year: int | None  # the latest year it mentions: roughly its "now"
    posted: list[int]  # features it is indexed under
    article: str | None = None  # its article id (a query and a profile have none)

    def __post_init__(self) -> None:
        self.all = np.union1d(self.ids, self.salient)
        self.kinds = set((self.salient & 7).tolist())  # the kinds of its salient features


class Story:
    """A story as its originals in the window tell it: the sums of their vectors and of their
    salient features' salience, how many hold each, their days and years. Kept as sums so an
    original leaving the window is taken out again, and a store's window rebuilds it."""

    def __init__(self, story: str) -> None:
        self.story = story
        self.n = 0
        self.sums: dict[int, float] = {}
        self.salient: dict[int, list[float]] = {}  # feature -> [members holding it, their salience summed]
        self.days: Counter[dt.date] = Counter()
        self.years: Counter[int] = Counter()
        self.cached: Member | None = None

    def add(self, m: Member, sign: int = 1) -> None:
        self.n += sign
        for f, w in zip(m.ids.tolist(), m.weights.tolist()):
            x = self.sums.get(f, 0.0) + sign * w
            if sign < 0 and abs(x) < 1e-9:
                del self.sums[f]
            else:
                self.sums[f] = x
        for f, w in zip(m.salient.tolist(), m.salience.tolist()):
            held = self.salient.setdefault(f, [0, 0.0])
            held[0] += sign
            held[1] += sign * w
            if not held[0]:
                del self.salient[f]
        if m.day is not None:
            self.days[m.day] += sign
        if m.year is not None:
            self.years[m.year] += sign
        self.days, self.years = +self.days, +self.years  # drop what no member holds any more
        self.cached = None

    def profile(self, cfg: dict[str, Any], channel_of: np.ndarray) -> Member:
        """What the story is about, as one member to score against: its centroid's strongest
        features, each channel's `profile_features` (over the whole centroid's norm), the salient
        features held by more than `core_share` of its members (a majority: what one bridging
        member brings is no part of it) with their mean salience, its "now"."""
        if self.cached is None:
            ids = np.fromiter(self.sums, dtype=np.int64, count=len(self.sums))
            sums = np.fromiter(self.sums.values(), dtype=float, count=len(self.sums))
            order = strongest(ids, sums, channel_of, [c["profile_features"] for c in cfg["channels"]])
            least = int(cfg["core_share"] * self.n) + 1  # more than that share
            core = sorted((f, total / self.n) for f, (k, total) in self.salient.items() if k >= least)
            self.cached = Member(self.story, None, ids[order], sums[order] / (np.linalg.norm(sums) or 1.0),
                                 np.array([f for f, _ in core], dtype=np.int64), np.array([w for _, w in core]),
                                 self.now(), [])
        return self.cached

    def now(self) -> int | None:
        """The latest year most of its members mention (their median): a story's "now", which a
        few members from another year do not stretch."""
        if not self.years:
            return None
        return sorted(self.years.elements())[(self.years.total() - 1) // 2]

    def near(self, day: dt.date | None, days: dt.timedelta) -> bool:
        """Whether a day falls within the story's own days, widened by `days` either side."""
        return day is None or not self.days or min(self.days) - days <= day <= max(self.days) + days


def holds(present: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Which of `wanted` are in `present` (sorted ids)."""
    if not len(present):
        return np.zeros(len(wanted), dtype=bool)
    return present[np.minimum(np.searchsorted(present, wanted), len(present) - 1)] == wanted


def stack(arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """Arrays end to end, and for each element which array it came from."""
    return np.concatenate(arrays), np.repeat(np.arange(len(arrays)), [len(a) for a in arrays])


def split(values: np.ndarray, row: np.ndarray, n: int) -> list[np.ndarray]:
    """`values`, in ascending order of their `row`, as one array for each of `n` rows."""
    ends = np.cumsum(np.bincount(row, minlength=n)).tolist()
    return [values[start:end] for start, end in zip([0] + ends, ends)]


def share(held: np.ndarray, total: float) -> float:
    """The share of an article's salient features another holds: the weight of those held
    over the `total` (all of nothing)."""
    return float(held.sum() / total) if total else 1.0


def latest_year(found: Iterable[str]) -> int | None:
    """The latest year an article mentions: roughly when it was written."""
    return max((int(f[2:]) for f in found if f.startswith("y:")), default=None)


def parse_day(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def strongest(ids: np.ndarray, weights: np.ndarray, channel_of: np.ndarray, budget: list[int]) -> np.ndarray:
    """The positions of each channel's `budget` heaviest features, in ascending order of id: a
    budget over all kinds at once would keep names and numbers and hardly a word (words weigh
    less), leaving the word channel empty between two reports that share many words."""
    order = np.lexsort((ids, -weights, channel_of[ids & 7]))  # by channel, heaviest first, ties by id
    channel = channel_of[ids[order] & 7]
    rank = np.arange(len(order)) - np.searchsorted(channel, channel)  # the rank within its channel
    keep = order[rank < np.asarray(budget)[channel]]
    return keep[np.argsort(ids[keep])]


def top(weights: dict[int, float], n: int) -> list[int]:
    """The `n` heaviest features, ties by id (pairs sort faster than a key function)."""
    return [f for _, f in sorted(zip([-x for x in weights.values()], weights))[:n]]


class StoryIndex:
    """Run-wide state: document frequencies, recent originals as neighbours, the dedup index."""

    def __init__(self) -> None:
        cfg = settings()["stories"]
        self.cfg = cfg
        self.weights = {KIND_CODE[k]: w for k, w in cfg["weights"].items()}  # by a feature id's kind
        self.channels = [([KIND_CODE[k] for k in c["kinds"]], c["weight"]) for c in cfg["channels"]]
        self.channel_of = np.zeros(8, dtype=np.int64)  # a feature id's kind -> its channel
        for k, (codes, _) in enumerate(self.channels):
            self.channel_of[codes] = k
        self.channel_sum = sum(w for _, w in self.channels)
        self.member_budget = [c["member_features"] for c in cfg["channels"]]
        self.conflicts = [(KIND_CODE[k], penalty) for k, penalty in cfg["conflict"].items()]
        self.df = np.zeros(1 << cfg["df_buckets_log2"], dtype=np.int32)
        self.mask = (1 << cfg["df_buckets_log2"]) - 1
        self.n_docs = 0
        self.members: OrderedDict[int, Member] = OrderedDict()  # by seq, oldest first
        self.stories: dict[str, Story] = {}  # those with members in the window
        self.postings: dict[int, dict[int, float]] = {}  # feature -> {member seq: its weight}, oldest first
        self.dedup = DuplicateIndex()
        self.window = self.dedup.window
        self.seq = 0

    # -- features ---------------------------------------------------------

    def vector(self, found: Iterable[str]) -> tuple[dict[int, float], list[int]]:
        """The unit vector of an article's features (idf times the kind's weight), counting
        them into the frequencies first."""
        ids = list(dict.fromkeys(map(fid, found)))
        keys = np.array(ids, dtype=np.int64) & self.mask
        buckets = np.unique(keys)
        self.df[buckets] += 1
        self.n_docs += 1
        ratios = ((self.n_docs + 1) / (self.df[keys] + 0.5)).tolist()
        v = {f: math.log(r) * self.weights[f & 7] for f, r in zip(ids, ratios)}
        norm = math.sqrt(sum(x * x for x in v.values())) or 1.0
        return {f: x / norm for f, x in v.items()}, buckets.tolist()

    # -- neighbours -------------------------------------------------------

    def nearest(self, v: dict[int, float]) -> list[int]:
        """The seqs of the `candidates` members most like the vector `v` by the cosine over its
        strongest features, newest first (ties to the newest)."""
        strongest = top(v, self.cfg["query_features"])
        postings = [self.postings.get(f, {}) for f in strongest]
        seqs = np.fromiter(chain.from_iterable(postings), dtype=np.int64)
        if not len(seqs):
            return []
        products = np.repeat([v[f] for f in strongest], [len(p) for p in postings]) \
            * np.fromiter(chain.from_iterable(p.values() for p in postings), dtype=float, count=len(seqs))
        posted, at = np.unique(seqs, return_inverse=True)
        partial = np.bincount(at, products)
        return np.sort(posted[np.lexsort((-posted, -partial))[:self.cfg["candidates"]]])[::-1].tolist()

    def neighbour(self, q: Member, v: dict[int, float], day: dt.date | None, shortlist: list[int]) -> Story | None:
        """The story most like this article (`q`, with its whole vector `v`), if like enough
        (see `similarities`): found through its members most like the article (`shortlist`),
        scored against what the whole story is about, so that one bridging member cannot chain
        two stories; when both are dated, within `window_days` of the story's own days."""
        ids = np.fromiter(sorted(v), dtype=np.int64, count=len(v))
        query = Member(q.story, day, ids, np.array([v[f] for f in ids.tolist()]), q.salient, q.salience, q.year, [])
        return self.likest(query, day, shortlist, self.cfg["join_threshold"])

    def likest(self, q: Member, day: dt.date | None, shortlist: list[int], threshold: float) -> Story | None:
        """Of the stories of the `shortlist` members within `window_days` of `day`, the one whose
        profile `q` is most like, if by more than `threshold`; among equal scores the story with
        the newest member."""
        days = dt.timedelta(days=self.cfg["window_days"])
        stories = [s for s in dict.fromkeys(self.stories[self.members[k].story] for k in shortlist)
                   if s.near(day, days)]
        best, score = None, threshold
        for s, sim in zip(stories, self.similarities(q, [s.profile(self.cfg, self.channel_of) for s in stories])):
            if sim > score:
                best, score = s, sim
        return best

    def alone(self, seq: int) -> bool:
        """Whether the original placed at `seq` is in the window and still alone in the story it started."""
        m = self.members.get(seq)
        return m is not None and m.story == m.article and self.stories[m.story].n == 1

    def pull(self, story: Story, shortlist: list[int]) -> list[tuple[str, str]]:
        """Second chances (`rejoin`) for the stragglers among the members most like an article
        that just grew `story` (its `shortlist`) whose own profile is like the grown story's by more
        than `straggler_threshold`. Asked when a story near them grows, not once at a fixed age: a
        straggler that came before the reports its story grew from, or near the end of a run, was
        left alone for good. (Asking also the stragglers most like the story's profile, not only
        the article's, raised DUC dev's tuning half alone but let distractors in at volume.) The
        article's shortlist and one scoring of its stragglers against the story bound the cost per
        article."""
        alone = [k for k in shortlist if self.alone(k)]
        if not alone:
            return []
        profiles = [self.stories[self.members[k].story].profile(self.cfg, self.channel_of) for k in alone]
        sims = self.similarities(story.profile(self.cfg, self.channel_of), profiles)
        threshold = self.cfg["straggler_threshold"]
        return [move for k, sim in zip(alone, sims) if sim > threshold and (move := self.rejoin(k, self.seq))]

    def rejoin(self, seq: int, asker: int) -> tuple[str, str] | None:
        """A second chance for the article placed at `seq` if it is still alone in the story it
        started: the story it is most like (`likest`, its profile against theirs) among those
        that have grown since (a member placed after it), if by more than `straggler_threshold`,
        takes it as a member; the likest, not the story that asked (`pull`, through the article
        placed at `asker`, which it is among the nearest of), so that another event of its kind
        that grew first does not take it. The story that asked is always among them: the nearest
        members of the straggler's own are not always the article's. It joins what that story is
        about, as any member does, so it chains nothing in after it. Returns (its story, the story
        it joined) for the store to relabel its articles."""
        if not self.alone(seq):
            return None
        m = self.members[seq]
        v = dict(zip(m.ids.tolist(), m.weights.tolist()))
        grown = [k for k in dict.fromkeys([*self.nearest(v), asker])
                 if k > seq and self.stories[self.members[k].story].n > 1]
        best = self.likest(self.stories[m.story].profile(self.cfg, self.channel_of), m.day, grown,
                           self.cfg["straggler_threshold"])
        if best is None:
            return None
        del self.stories[m.story]
        m.story = self.dedup.entries[m.article].story = best.story
        best.add(m)
        return m.article, best.story

    def similarities(self, q: Member, members: list[Member]) -> list[float]:
        """How likely the article `q` tells the story of each of `members`: the weighted
        geometric mean of the cosines of their names, their words and their numbers and
        dates (each kind of agreement is evidence of its own: two reports of one event agree
        on who, on what and on when; two events of one kind share the words and often the
        names but not all of it); times how fully each holds the other's salient names,
        numbers and days (their shares multiplied, to the power `coverage_power`); times a
        penalty for each kind of specific both give in a salient place without sharing one
        (another weekday, other numbers: another event), and when the latest years they
        mention differ. All members at once: a shortlist's worth of small arrays costs more
        in numpy calls than in arithmetic."""
        if not members:
            return []
        cfg, n = self.cfg, len(members)
        ids, row = stack([m.ids for m in members])
        at = np.minimum(np.searchsorted(q.ids, ids), len(q.ids) - 1)
        hit = q.ids[at] == ids
        products = q.weights[at[hit]] * np.concatenate([m.weights for m in members])[hit]
        by_kind = np.bincount(row[hit] * 8 + (ids[hit] & 7), products, minlength=8 * n).reshape(n, 8)
        eps = cfg["channel_floor"]
        logs = [(w, [math.log(c + eps) for c in by_kind[:, codes].sum(axis=1).tolist()]) for codes, w in self.channels]
        # the salient features of q each member holds, and those of each member q holds
        alls, all_row = stack([m.all for m in members])
        mine = holds(q.salient, alls)
        salient, their_row = stack([m.salient for m in members])
        theirs = holds(q.all, salient)
        weights = self.weigh(q.salient, q.salience)
        their_weights = self.weigh(salient, np.concatenate([m.salience for m in members]))
        held = split(weights[np.searchsorted(q.salient, alls[mine])], all_row[mine], n)
        their_held = split(their_weights[theirs], their_row[theirs], n)
        totals = [w.sum() for w in split(their_weights, their_row, n)]
        shared = (np.bincount(all_row[mine] * 8 + (alls[mine] & 7), minlength=8 * n)  # kinds held either way
                  + np.bincount(their_row[theirs] * 8 + (salient[theirs] & 7), minlength=8 * n)).reshape(n, 8).tolist()
        total, out = weights.sum(), []
        for k, m in enumerate(members):
            score = math.exp(sum(w * channel[k] for w, channel in logs) / self.channel_sum)
            score *= (share(held[k], total) * share(their_held[k], totals[k])) ** cfg["coverage_power"]
            for code, penalty in self.conflicts:
                if code in q.kinds and code in m.kinds and not shared[k][code]:
                    score *= penalty
            if q.year is not None and m.year is not None and abs(q.year - m.year) > cfg["year_gap"]:
                score *= cfg["year_penalty"]
            out.append(score)
        return out

    def weigh(self, salient: np.ndarray, salience: np.ndarray) -> np.ndarray:
        """Salient features' weights in a share: idf times salience."""
        return np.log((self.n_docs + 1) / (self.df[salient & self.mask] + 0.5)) * salience

    def remember(self, seq: int, member: Member) -> None:
        """Keep an original as a neighbour and in its story; forget the oldest past the window."""
        self.members[seq] = member
        self.stories.setdefault(member.story, Story(member.story)).add(member)
        cap = self.cfg["posting_cap"]
        weight = dict(zip(member.ids.tolist(), member.weights.tolist()))
        for f in member.posted:
            posting = self.postings.setdefault(f, {})
            posting[seq] = weight[f]
            if len(posting) > cap:  # the oldest member stops being found by this feature
                oldest = next(iter(posting))
                del posting[oldest]
                self.members[oldest].posted.remove(f)
        while len(self.members) > self.window:
            old_seq, old = self.members.popitem(last=False)
            story = self.stories[old.story]
            story.add(old, -1)
            if not story.n:
                del self.stories[old.story]
            for f in old.posted:
                posting = self.postings[f]
                del posting[old_seq]
                if not posting:
                    del self.postings[f]

    def member(self, article: str, story: str, day: dt.date | None, vec: dict[int, float],
               sal: dict[int, float], year: int | None) -> Member:
        ids = np.fromiter(vec, dtype=np.int64, count=len(vec))
        weights = np.fromiter(vec.values(), dtype=float, count=len(vec))
        posted = top(vec, self.cfg["posting_features"])
        keep = np.union1d(ids[strongest(ids, weights, self.channel_of, self.member_budget)], posted)
        salient = sorted(sal)
        return Member(story, day, keep, np.array([vec[f] for f in keep.tolist()]),
                      np.array(salient, dtype=np.int64), np.array([sal[f] for f in salient]), year, posted, article)

    # -- articles ---------------------------------------------------------

    def place(self, article: Article, fp: Fingerprint, day: dt.date | None) -> None:
        """Decide an article's copy status and story; an original that joins a story gives the
        stragglers near it their second chance (`pull`); leave what the store keeps on `sketch`."""
        self.seq += 1
        date = day.isoformat() if day else None
        copy = self.dedup.find(fp)
        if copy is not None:
            article.duplicate_of, article.similarity, article.verbatim = copy.original, copy.similarity, copy.verbatim
            article.story = copy.story
            article.sketch = Sketch(article.id, copy.story, self.seq, date)
        else:
            found, lead = features(article.text, article.title)
            vec, buckets = self.vector(found)
            sal = {fid(f): 1 + math.log(c) * self.cfg["salience_power"] for f, c in salient(found, lead).items()}
            m = self.member(article.id, article.id, day, vec, sal, latest_year(found))
            shortlist = self.nearest(vec)
            near = self.neighbour(m, vec, day, shortlist)
            m.story = near.story if near is not None else article.id
            self.remember(self.seq, m)
            self.dedup.add(article.id, m.story, fp)
            article.story = m.story
            article.sketch = Sketch(article.id, m.story, self.seq, date, fp, m.ids.tolist(), m.weights.tolist(),
                                    m.salient.tolist(), m.salience.tolist(), m.year, buckets,
                                    self.pull(near, shortlist) if near is not None else [])

    def load(self, con: Any) -> None:
        """Rebuild the state from a store's index rows (written by `casus.stories.Stories.save`): the frequencies
        and the `window` most recent originals; cost linear in the window, not in the store's size."""
        self.n_docs = con.execute("SELECT count(text_key) FROM story_index").fetchone()[0]
        cols = con.execute("SELECT bucket, df FROM story_df").fetchnumpy()
        self.df[cols["bucket"]] = cols["df"]
        cur = con.execute("""
            SELECT * FROM (SELECT article_id, story, seq, date, text_key, raw_key, shingles, minhash, features,
                                  weights, salient, salience, year
                           FROM story_index WHERE text_key IS NOT NULL ORDER BY seq DESC LIMIT ?)
            ORDER BY seq""", [self.window])
        names = [d[0] for d in cur.description]
        while rows := cur.fetchmany(1000):
            for row in (dict(zip(names, r)) for r in rows):
                fp = Fingerprint(row["text_key"], row["raw_key"],
                                 lean(row["minhash"]) if row["minhash"] else None, row["shingles"])
                self.dedup.add(row["article_id"], row["story"], fp)
                vec = dict(zip(row["features"] or [], row["weights"] or []))
                sal = dict(zip(row["salient"] or [], row["salience"] or []))
                self.remember(row["seq"], self.member(row["article_id"], row["story"], parse_day(row["date"]), vec, sal,
                                                      row["year"]))
        self.seq = con.execute("SELECT coalesce(max(seq), 0) FROM story_index").fetchone()[0]
