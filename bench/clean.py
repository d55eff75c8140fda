"""Benchmark: the clean stage on real web pages (the headline figures), then on a noised corpus.

1. Real pages: bench/pages (see bench/pages/README.md), 181 pages of the scrapinghub
article-extraction benchmark (MIT) rendered as a naive scraper renders them, every visible
block a line, each line labelled from the page's HTML and its gold article body. By half
(sha1 of the page id, bench/halves.py): body-line precision, recall and F1, caption recall
(captions returned as captions; and kept out of the body), title accuracy, the debris
kept in the body by kind, and the body lines dropped by why (the head of the stage's
reason). trafilatura's extraction from the page's HTML is scored on the same lines in the
same run, when ../shared/dev/scrapinghub_html.jsonl is at hand. The line
classifier was trained on the tuning half only (scripts/train_clean.py).

2. A noised corpus built from real ECB+ article text: ../shared/dev/ecbplus.jsonl (ECB+,
CC BY 3.0; see ../shared/dev/README.md). Every
ECB+ document is one article: for `ecbplus` documents the line equal to the record's
`title` is the headline, every other line is body; `ecb` documents are all body. Records
whose `title` is no headline (the dataset took "the first line after the URL": sometimes a
timestamp or the lede sentence; 2-25 words, 8+ letters, no final ".", ":" or "," and no
clock time are required) and records without two body lines are not glued.

The noised corpus (fixed seed) glues one to four articles per document and injects, with
this file's own generator, the kinds of debris scrapers produce, in wordings of its own (no
string of src/casus/data/clean or of the seeds):
headlines printed twice, captions (with and without a credit) printed up to four times,
stray "TT"/"20" fragments, repeated paragraph blocks and lines, in-article subheads (body,
not boundaries), ad markers and links mid-body, trailing blocks of
subscription and donation pitches, sign-offs, product ads, postal addresses, related
links, view counters, share bars, tags, copyright and comment prompts, and each site's
own masthead, menu and footer (in no cue list: only corpus frequency can tell them).
Some documents are left untouched. Gold: every line of a noised document is body, title,
caption (a caption's copies too) or debris, and belongs to an article.

Reported, for the clean stage and two baselines measured in the same run:
- body-line precision, recall and F1 (a line is predicted body when it is in an
  article's text; titles and captions are not body);
- boundary accuracy: the share of documents split exactly right (the same number of
  articles, and every gold body line that is kept lands in its own article);
- title accuracy: the share of gold articles whose predicted article (the one holding
  most of its body lines) has exactly the gold title. ECB texts (the `ecb` half) have no
  marked headline although many start with one, so their first line is not scored as
  body or title, and None or that line both count as the right title;
- throughput of the clean stage in documents per second on one core (CPU time of the
  stage in this one process, best of three runs).
Baselines: identity (no cleaning: one article, all lines body, no title) and a naive
cleaner that drops later exact copies of a line. casus is also run with each document
alone (no corpus line frequencies) to show what the per-document signals achieve.

Then the "never emptied" check on clean real text: every ECB+ original through the stage
(and LGL, TR-News and TimeBank texts, for information): the share of documents from
which no line is removed, and the number of documents left without article text.
Last, for information, the same 181 pages as trafilatura extracts them (how casus reads
HTML), lines scored against each page's gold body.

With --events, the whole pipeline runs over the real-page set, with the clean stage as shipped
and with its rules alone, and every event is placed on the line its evidence starts on: the
events that come from page debris are counted by half.

Run: .venv/bin/python bench/clean.py [--docs 3000] [--seed 13] [--events]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import random
import re
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from casus.clean import Clean
from casus.clean.lines import key, read_lines
from casus.model import Document
from halves import HALVES, split


def _page_set_builder():
    """bench/pages/build.py, loaded from its file (a module named `build` may be installed)."""
    path = Path(__file__).resolve().parent / "pages" / "build.py"
    spec = importlib.util.spec_from_file_location("bench_pages_build", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


builder = _page_set_builder()  # how the set's lines are matched to a body: trafilatura is scored the same way

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / ".." / "shared" / "dev"
BODY, TITLE, CAPTION, DEBRIS = "body", "title", "caption", "debris"
RUNS = 3  # throughput: best of this many runs
EITHER = "headline?"  # first line of an ECB text: an unmarked headline or the first sentence, not scored

# -- the debris generator's vocabulary (independent of the cue lists in src/casus/data) --

FIRST = ["Maria", "John", "Ahmed", "Olga", "Chen", "Fatima", "David", "Laura", "Omar", "Kenji", "Sara", "Pedro"]
LAST = ["Lopez", "Smith", "Haddad", "Ivanova", "Wei", "Karimi", "Miller", "Rossi", "Nasser", "Sato", "Berg", "Silva"]
SITES = ["The Daily Ledger", "Frontline Post", "Global Wire Today", "Newsbeat", "The Capital Herald", "Ridgeview Times"]
AGENCIES = ["Reuters", "AFP", "AP", "EPA", "dpa", "Getty Images", "Anadolu Agency", "Xinhua"]
SUBJECTS = ["Soldiers", "Protesters", "Rescue workers", "Residents", "Police officers", "Firefighters",
            "Delegates", "A man", "A woman", "Children", "Journalists", "Mourners"]
ACTIONS = ["stand near", "gather outside", "walk past", "inspect", "queue at", "look at", "leave", "guard"]
OBJECTS = ["a damaged building", "the parliament building", "a checkpoint", "the scene of the attack",
           "a polling station", "the courthouse", "the embassy", "a field hospital"]
PLACES = ["in Baghdad, Iraq", "in Kyiv, Ukraine", "in central Athens, Greece", "near Kabul, Afghanistan",
          "in Caracas, Venezuela", "in Lagos, Nigeria", "in Manila, the Philippines", "in Beirut, Lebanon"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
PROMOS = [
    "We rely on readers like you to keep our journalism free. If you value what we do, please make a "
    "contribution today - it only takes a minute.",
    "Get the day's top stories delivered straight to your inbox. Sign up for our free morning newsletter.",
    "Enjoying this story? Become a member and get unlimited access to our award-winning reporting for just "
    "$4.99 a month.",
    "You have read {n} of your 5 free articles this month. Subscribe now to keep reading.",
    "Our independent newsroom depends on your support. Donate now and help us hold the powerful to account.",
    "Download our app to receive breaking news alerts on your phone.",
    "Like what you read? Follow us on Facebook and Twitter for more stories like this one.",
    "We want to hear from you! Send your tips and photos to our newsroom at tips@{site}.com.",
    "As a reader-supported site, we need your help more than ever. Every dollar you give goes straight into "
    "our reporting.",
    "Never miss a story: join {n},000 readers who get our weekly briefing every Friday.",
]
SIGNOFFS = ["Until next week,", "Stay safe,", "Onward,", "Yours in freedom,", "Warm regards,"]
SIGNATURES = ["{name}, Managing Editor", "{name}, Founder and Publisher", "{name}, former Army Ranger and Editor",
              "{name} is a staff writer for {site}."]
PRODUCTS = ["SolarMax Pro Power Bank", "TrailLite Hiking Poles", "AquaPure Bottle Filter",
            "NightOwl Tactical Flashlight", "Nomad Travel Pillow", "IronGrip Work Gloves"]
PITCHES = [
    "Our lightweight {thing} keeps you going all day. Order yours today and get free shipping on orders over $50.",
    "Built for the outdoors, the {thing} is the perfect companion for your next adventure. Now 20% off for a "
    "limited time.",
    "Thousands of customers trust our {thing}. Shop now and save on your first order.",
    "Designed by veterans, our {thing} is tough enough for any mission. Grab yours before they sell out.",
]
COMPANIES = [
    "{company} is a leading manufacturer of precision optics and outdoor gear. Its products are used by hunters, "
    "law enforcement agencies and militaries in more than {n} countries.",
    "Since 1998 {company} has been the world leader in rugged communication devices, with customers on every "
    "continent.",
]
STATES = [("Tennessee", "TN"), ("Ohio", "OH"), ("Texas", "TX"), ("Virginia", "VA"), ("Oregon", "OR")]
TOWNS = ["Murfreesboro", "Dayton", "Austin", "Norfolk", "Salem", "Franklin"]
RELATED = ["Dig deeper", "Elsewhere on the site", "IN OTHER NEWS", "Readers also viewed", "More from World News",
           "Picked for you", "Trending now"]
SHARES = ["Pass this story on", "Send to a friend", "Facebook Twitter WhatsApp Email", "Post to X",
          "Save for later", "Print this page", "EMAIL"]
COUNTERS = ["{n} reads", "Seen {n} times", "{n} replies", "Discussion ({n})"]
COMMENTS = [["READER DISCUSSION", "{n} readers have responded to this story.",
             "Log in with your account to join the discussion."],
            ["Have your say", "Only registered members may respond."],
            ["Your views", "No one has responded yet."], ["Add your voice"]]
MID_DEBRIS = ["Sponsored content", "PAID PROMOTION", "Article continues after this message", "Don't miss: {other}",
              "MORE ON THIS: {other}", "Further coverage: {other}", "WATCH: {other}", "Keep reading below",
              "Get our morning briefing by email to start your day informed.", "Swipe up for the rest of the story"]
STRAYS = ["TT", "20", "|", "•", "»", "AD", "0"]
SECTIONS = ["Home", "World", "Politics", "Business", "Sport", "Opinion", "Culture", "Middle East", "Africa", "Video"]
TAGLINES = ["Independent news since 1921", "News you can trust", "Your window on the world",
            "Reporting without fear or favour", "Local news, global reach", "The paper of the valley"]


def furniture(site: int) -> tuple[str, str, str]:
    """A site's own masthead, menu and footer: printed on every page, in no cue list."""
    rng = random.Random(site)
    name = SITES[site]
    return name, " | ".join(rng.sample(SECTIONS, 6)), f"{name} - {TAGLINES[site]}"


@dataclass
class Unit:
    """One ECB+ article: its lines and the position of its headline (None if untitled)."""

    id: str
    lines: list[str]
    title_at: int | None

    @property
    def title(self) -> str | None:
        return None if self.title_at is None else self.lines[self.title_at]

    @property
    def article(self) -> bool:
        """Two body lines or more, one a sentence: not a headline or a timestamp alone."""
        body = [t for k, t in enumerate(self.lines) if k != self.title_at]
        return len(body) >= 2 and any(t.endswith((".", '."', ".”")) for t in body)

    @property
    def headline(self) -> bool:
        """The record's title is headline-shaped: ECB+ titles were taken as "the first line
        after the URL", which is sometimes a timestamp or the lede sentence."""
        t = self.title or ""
        return (2 <= len(t.split()) <= 25 and sum(c.isalpha() for c in t) >= 8
                and not t.endswith((".", ":", ",")) and not re.search(r"\d:\d\d", t))


@dataclass
class Noised:
    id: str
    entries: list[tuple[str, str, int, str, int]] = field(default_factory=list)  # text, label, article, kind, gap
    titles: list[str | None | set] = field(default_factory=list)  # a set: any of these is right

    @property
    def text(self) -> str:
        parts = []
        for k, (text, _, _, _, gap) in enumerate(self.entries):
            if k:
                parts.append("\n" * (gap + 1))
            parts.append(text)
        return "".join(parts)


def load_units() -> list[Unit]:
    units = []
    for line in open(DEV / "ecbplus.jsonl", encoding="utf-8"):
        rec = json.loads(line)
        lines = [ln.strip() for ln in rec["text"].split("\n") if ln.strip()]
        title_at = lines.index(rec["title"].strip()) if rec["title"] and rec["title"].strip() in lines else None
        units.append(Unit(rec["id"], lines, title_at))
    return units


class Generator:
    """Noised documents from ECB+ articles; every choice comes from one seeded RNG."""

    def __init__(self, units: list[Unit], seed: int):
        # pieces to glue: articles with a body, and a headline if they have a title
        self.bodied = [u for u in units if u.article and (u.title is None or u.headline)]
        self.titled = [u for u in self.bodied if u.title]
        self.rng = random.Random(seed)

    def pick(self, seq):
        return self.rng.choice(seq)

    def chance(self, p: float) -> bool:
        return self.rng.random() < p

    def fill(self, template: str) -> str:
        r = self.rng
        return template.format(n=r.randint(2, 90), site=self.pick(SITES).replace(" ", "").lower(),
                               name=f"{self.pick(FIRST)} {self.pick(LAST)}", thing=self.pick(PRODUCTS).lower(),
                               company=f"{self.pick(LAST)} {self.pick(['Arms', 'Optics', 'Industries', 'Gear'])}",
                               other=self.pick(self.titled).title)

    def caption(self, credit: bool = True) -> str:
        r = self.rng
        text = (f"{self.pick(SUBJECTS)} {self.pick(ACTIONS)} {self.pick(OBJECTS)} {self.pick(PLACES)}, "
                f"{self.pick(MONTHS)} {r.randint(1, 28)}, {r.randint(2008, 2024)}.")
        if not credit:
            return text
        name = f"{self.pick(FIRST)} {self.pick(LAST)}"
        return text + " " + self.pick([
            f"({self.pick(AGENCIES)})", "(File photo)", f"(AP Photo/{name})", f"(EPA/{name})",
            f"({name}/{self.pick(['Kremlin', 'Pool', 'Sputnik'])}/dpa)", f"Photo: {self.pick(AGENCIES)}",
            f"(Handout via {self.pick(AGENCIES)})", f"(Photo: {self.pick(SITES)})", f"({name}/{self.pick(AGENCIES)})"])

    def tail(self) -> list[tuple[str, str]]:
        """A trailing block: (text, kind) lines, every one debris."""
        out: list[tuple[str, str]] = []
        for _ in range(self.rng.randint(1, 3)):
            kind = self.pick(["promo", "signoff", "product", "company", "related", "counter", "share", "tags",
                              "copyright", "comments", "credit", "republished"])
            if kind == "promo":
                out.append((self.fill(self.pick(PROMOS)), kind))
            elif kind == "signoff":
                out += [(self.pick(SIGNOFFS), kind), (self.fill(self.pick(SIGNATURES)), kind)]
            elif kind == "product":
                product = self.pick(PRODUCTS)
                out += [(product, kind), (self.pick(PITCHES).format(thing=product.split()[-1].lower()), kind)]
            elif kind == "company":
                state, abbr = self.pick(STATES)
                n = self.rng.randint(100, 9999)
                address = self.pick([f"PO Box {n} {self.pick(TOWNS).upper()}, {state} 3{n:04d} United States",
                                     f"{n} Industrial Parkway, Suite {n % 400}, {self.pick(TOWNS)}, {abbr} 4{n:04d}"])
                out += [(self.fill(self.pick(COMPANIES)), kind), (address, kind)]
            elif kind == "related":
                out.append((self.pick(RELATED), kind))
                out += [(self.pick(self.titled).title, kind) for _ in range(self.rng.randint(2, 4))]
            elif kind == "counter":
                out.append((self.fill(self.pick(COUNTERS)), kind))
            elif kind == "share":
                out.append((self.pick(SHARES), kind))
            elif kind == "tags":
                out.append(("Tags: " + ", ".join(self.rng.sample(["Iraq", "Iran", "Politics", "World", "Crime",
                                                                  "Business", "Courts", "Elections"], 3)), kind))
            elif kind == "copyright":
                out.append((f"© {self.rng.randint(2008, 2024)} {self.pick(SITES)}. All rights reserved.", kind))
            elif kind == "comments":
                out += [(self.fill(t), kind) for t in self.pick(COMMENTS)]
            elif kind == "credit":
                out.append((f"(Reporting by {self.fill('{name}')}; Editing by {self.fill('{name}')})", kind))
            else:
                out.append((f"This article was originally published on {self.pick(SITES)}.", kind))
        return out

    def article(self, unit: Unit, index: int, glued: bool) -> list[tuple[str, str, str]]:
        """(text, label, kind) lines of one article with its header and body noise."""
        rng = self.rng
        lines = [(t, BODY, "body") for t in unit.lines]
        if unit.title_at is not None:
            lines[unit.title_at] = (unit.title, TITLE, "title")
        else:
            lines[0] = (unit.lines[0], EITHER, EITHER)
        header: list[tuple[str, str, str]] = []
        style = self.pick(["plain", "plain", "caption", "seed", "seed", "title-twice", "caption-twice"])
        if glued and style == "plain":
            style = "caption"
        if unit.title and style != "plain":
            lines.pop(unit.title_at)
            header.append((unit.title, TITLE, "title"))
            if style in ("caption", "seed"):
                cap = self.caption()
                copies = rng.randint(1, 2)
                header += [(cap, CAPTION, "caption")] + [(cap, CAPTION, "caption copy")] * (copies - 1)
                if style == "seed":
                    header += [(self.pick(STRAYS), DEBRIS, "stray") for _ in range(rng.randint(1, 2))]
                    header.append((unit.title, DEBRIS, "headline copy"))
                    header += [(cap, CAPTION, "caption copy")] * rng.randint(1, 2)
            elif style == "title-twice":
                header.append((unit.title, DEBRIS, "headline copy"))
            else:
                cap = self.caption(credit=False)
                header += [(cap, CAPTION, "caption"), (cap, CAPTION, "caption copy")]
        elif not unit.title and self.chance(0.2):
            header.append((self.caption(), CAPTION, "caption"))
        body = lines
        prose = [k for k, x in enumerate(body) if x[1] == BODY and x[0].endswith(".")]
        if glued and prose and self.chance(0.3):
            first = prose[0]
            city = self.pick(["BAGHDAD", "KYIV", "WASHINGTON", "PARIS", "NAIROBI", "BEIRUT"])
            body[first] = (f"{city} ({self.pick(['Reuters', 'AFP', 'AP'])}) - {body[first][0]}", BODY, "body")
        n = len(body)
        if n >= 4 and self.chance(0.25):  # a paragraph block printed again
            s = rng.randrange(0, n - 2)
            size = rng.randint(2, min(7, n - s))
            body[s + size:s + size] = [(t, DEBRIS, "block copy") for t, lab, _ in body[s:s + size] if lab == BODY]
        if n >= 2 and self.chance(0.15):  # one line printed twice
            s = rng.randrange(0, len(body))
            if body[s][1] == BODY and len(body[s][0]) >= 40:
                body.insert(s + 1, (body[s][0], DEBRIS, "line copy"))
        if n >= 4 and self.chance(0.3):  # an in-article subhead (body, not a boundary)
            s = rng.randrange(2, len(body))
            words = [w.strip(".,;:\"'“”") for w in body[s][0].split()[:rng.randint(2, 4)]]
            sub = " ".join(words).upper() if self.chance(0.5) else " ".join(w[:1].upper() + w[1:] for w in words)
            if sum(c.isalpha() for c in sub) >= 4:
                body.insert(s, (sub, BODY, "subhead"))
        if n >= 3 and self.chance(0.25):  # ad marker, link or pitch mid-body
            s = rng.randrange(1, len(body))
            body.insert(s, (self.fill(self.pick(MID_DEBRIS)), DEBRIS, "mid-body debris"))
        if n >= 3 and self.chance(0.1):  # a photo inside the body
            body.insert(rng.randrange(1, len(body)), (self.caption(), CAPTION, "caption"))
        if self.chance(0.1):
            body.insert(rng.randrange(0, len(body)), (self.pick(STRAYS), DEBRIS, "stray"))
        out = header + body
        if self.chance(0.5):
            out += [(t, DEBRIS, kind) for t, kind in self.tail()]
        return out

    def document(self, i: int) -> Noised:
        doc = Noised(f"noised-{i}")
        if self.chance(0.15):  # an untouched original
            unit = self.pick(self.bodied)
            doc.titles.append(unit.title if unit.title else {None, unit.lines[0]})
            for k, t in enumerate(unit.lines):
                label = TITLE if t == unit.title else EITHER if k == 0 and not unit.title else BODY
                doc.entries.append((t, label, 0, label, 0))
            return doc
        gap = self.pick([0, 1])
        site = furniture(self.rng.randrange(len(SITES))) if self.chance(0.3) else None
        if site:
            doc.entries.append((site[0], DEBRIS, 0, "site furniture", 0))
            if self.chance(0.5):
                doc.entries.append((site[1], DEBRIS, 0, "site furniture", gap))
        count = self.rng.choices([1, 2, 3, 4], weights=[55, 20, 15, 10])[0]
        for a in range(count):
            unit = self.pick(self.bodied if a == 0 else self.titled)
            doc.titles.append(unit.title if unit.title else {None, unit.lines[0]})
            for k, (text, label, kind) in enumerate(self.article(unit, a, glued=a > 0)):
                g = gap
                if a and k == 0:
                    g = gap + self.pick([0, 1, 2])
                doc.entries.append((text, label, a, kind, g))
        if site:
            doc.entries.append((site[2], DEBRIS, count - 1, "site furniture", gap))
        return doc


# -- predictions and metrics ---------------------------------------------------------


def predict(doc: Document) -> list[tuple[str, int | None]]:
    """(label, article) for every non-blank line, read off the stage's output only."""
    removed = {(r["start"], r["end"]) for r in doc.removed}
    out = []
    for line in read_lines(doc.text):
        art = next((a for a in doc.articles if a.start <= line.start < a.end), None)
        if (line.start, line.end) in removed or art is None:
            out.append((DEBRIS, None))
        elif line.text == art.title:
            out.append((TITLE, art.index))
        elif line.text in art.captions:
            out.append((CAPTION, art.index))
        else:
            out.append((BODY, art.index))
    return out


def identity(doc: Noised) -> list[tuple[str, int | None]]:
    return [(BODY, 0)] * len(doc.entries)


def naive(doc: Noised) -> list[tuple[str, int | None]]:
    seen, out = set(), []
    for text, *_ in doc.entries:
        out.append((DEBRIS, None) if text in seen else (BODY, 0))
        seen.add(text)
    return out


class Score:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.docs = self.split_ok = 0
        self.articles = self.titles_ok = 0
        self.kinds: dict[str, Counter] = defaultdict(Counter)

    def add(self, doc: Noised, pred: list[tuple[str, int | None]], titles: list[str | None]) -> None:
        gold = doc.entries
        assert len(pred) == len(gold), (doc.id, len(pred), len(gold))
        split_ok = len(titles) == len(doc.titles)
        votes: dict[int, Counter] = defaultdict(Counter)
        for (text, label, art, kind, _), (plabel, part) in zip(gold, pred):
            if label == EITHER:
                continue
            g, p = label == BODY, plabel == BODY
            self.tp += g and p
            self.fp += p and not g
            self.fn += g and not p
            self.kinds[kind]["lines"] += 1
            self.kinds[kind]["right"] += plabel == label
            if g and p:
                votes[art][part] += 1
                split_ok &= part == art
        self.docs += 1
        self.split_ok += split_ok
        for a, want in enumerate(doc.titles):
            got_art = votes[a].most_common(1)[0][0] if votes[a] else None
            got = titles[got_art] if got_art is not None and got_art < len(titles) else None
            self.articles += 1
            self.titles_ok += got in want if isinstance(want, set) else got == want

    def report(self, name: str) -> dict[str, float]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        out = {"P": p, "R": r, "F1": f, "boundary": self.split_ok / self.docs, "title": self.titles_ok / self.articles}
        print(f"  {name:<34} body P {p:.4f}  R {r:.4f}  F1 {f:.4f}   boundary acc {out['boundary']:.4f}"
              f"   title acc {out['title']:.4f}")
        return out


def run_stage(docs: list[Document], per_document: bool = False) -> float:
    """The clean stage over all documents in batches of 32; CPU seconds spent (one
    process, so CPU time is time on one core, robust to other jobs on the machine)."""
    t0 = time.process_time()
    if per_document:  # each document alone: no corpus counts
        for d in docs:
            Clean()([d])
    else:
        clean = Clean()
        for i in range(0, len(docs), 32):
            clean(docs[i:i + 32])
    return time.process_time() - t0


def never_emptied() -> None:
    print("\nClean real text (never emptied): documents with zero lines removed, documents left without text")
    sets = [("ECB+ originals", "ecbplus.jsonl"), ("LGL", "geo_lgl.jsonl"), ("TR-News", "geo_trnews.jsonl"),
            ("TimeBank+AQUAINT", "timebank.jsonl")]
    for name, fname in sets:
        recs = [json.loads(line) for line in open(DEV / fname, encoding="utf-8")]
        docs = [Document(id=str(r["id"]), text=r["text"], source=fname, format="jsonl") for r in recs]
        run_stage(docs)
        touched = [d for d in docs if d.removed]
        empty = sum(1 for d in docs if not d.articles or any(not a.text.strip() for a in d.articles))
        lines = sum(len(d.removed) for d in touched)
        why = Counter(r["reason"].split(" (")[0].split(" line")[0] for d in touched for r in d.removed)
        print(f"  {name:<18} {len(docs) - len(touched)}/{len(docs)} = {1 - len(touched) / len(docs):.4f} untouched;"
              f" {lines} lines removed in {len(touched)} docs {dict(why)}; emptied {empty}")


def trafilatura_pages() -> None:
    """Real web pages: trafilatura's text of the scrapinghub article-extraction benchmark
    pages (as `casus` reads HTML), each line scored against the page's gold article body."""
    from casus.clean.lines import key
    from casus.read import read_html

    recs = [json.loads(line) for line in open(DEV / "scrapinghub_html.jsonl", encoding="utf-8")]
    pairs = [(read_html(r["html"], "bench", r["id"], url=r.get("url")), key(r["gold_text"])) for r in recs]
    pairs = [(d, gold) for d, gold in pairs if isinstance(d, Document)]
    docs = [d for d, _ in pairs]
    run_stage(docs)
    casus, ident = Score(), Score()
    for d, gold in pairs:
        pred = predict(d)
        for line, (label, _) in zip(read_lines(d.text), pred):
            g = bool(line.key) and line.key in gold
            for score, p in ((casus, label == BODY), (ident, True)):
                score.tp += g and p
                score.fp += p and not g
                score.fn += g and not p
    print(f"\nReal pages: scrapinghub article-extraction benchmark, {len(docs)} pages (news and others: deals,"
          f" recipes, listicles), trafilatura's text; a line is body when the gold article body holds it")
    for name, score in (("casus clean", casus), ("baseline: identity (trafilatura as is)", ident)):
        p, r = score.tp / (score.tp + score.fp), score.tp / (score.tp + score.fn)
        print(f"  {name:<40} body P {p:.4f}  R {r:.4f}  F1 {2 * p * r / (p + r):.4f}")


# -- the real-page set (headline figures) ------------------------------------------------

PAGES = ROOT / "bench" / "pages" / "pages.jsonl.gz"
PAGE_KINDS = ("title", "caption", "navigation", "related", "promo", "comment", "byline", "other")


def load_pages() -> list[dict]:
    with gzip.open(PAGES, "rt", encoding="utf-8") as f:
        return [json.loads(line) for line in f]


def page_document(page: dict) -> tuple[Document, list[tuple[int, int, str]]]:
    """A page as a naive scrape (no given title) and its gold lines as (start, end, label)."""
    text, gold, pos = [], [], 0
    for line, lab in page["lines"]:
        if line:
            gold.append((pos, pos + len(line), lab))
        text.append(line)
        pos += len(line) + 1
    return Document(id=page["id"], text="\n".join(text), source="pages", format="txt"), gold


def page_predict(doc: Document, gold: list[tuple[int, int, str]]) -> list[str]:
    """The stage's label for every gold line, read off its output by offsets: removed,
    title, caption or body (a line inside an article that is none of the others)."""
    removed = sorted((r["start"], r["end"]) for r in doc.removed)
    titles = {key(a.title) for a in doc.articles if a.title}
    captions = [key(c) for a in doc.articles for c in a.captions]
    out = []
    for start, end, _ in gold:
        k = key(doc.text[start:end])
        if any(s <= start and end <= e for s, e in removed):
            out.append("removed")
        elif not any(a.start <= start < a.end for a in doc.articles):
            out.append("removed")
        elif k and any(k == t or (len(k) > 12 and k in t) for t in titles):
            out.append(TITLE)
        elif k and any(k in c for c in captions):
            out.append(CAPTION)
        else:
            out.append(BODY)
    return out


def dropped_why(doc: Document, start: int, pred: str) -> str:
    """Why a gold body line starting at `start` is not in the body: the head of the reason the
    stage removed it for ("page furniture", "call to action", "repeats line N"), or what it
    was taken for instead."""
    if pred != "removed":
        return f"as {pred}"
    reason = next((r["reason"] for r in doc.removed if r["start"] <= start < r["end"]), "outside every article")
    return re.sub(r"\d+", "N", re.split(r" \(|: ", reason)[0])


def trafilatura_lines(page: dict, html: str | None, gold: list[tuple[int, int, str]], text: str) -> list[str] | None:
    """trafilatura's verdict on the same lines: body when its extracted text holds the line,
    matched as the set's own labels are matched against the gold body."""
    if html is None:
        return None
    import trafilatura

    extracted = trafilatura.extract(html, include_comments=False, include_tables=False) or ""
    ref = builder.Gold(extracted)
    return [BODY if builder.label({"text": text[s:e], "el": None}, ref, None) == BODY else "removed" for s, e, _ in gold]


def real_page_set() -> dict[str, dict[str, float]]:
    """The clean stage on the real-page set, by half, with trafilatura on the same lines."""
    pages = load_pages()
    html = {}
    if (DEV / "scrapinghub_html.jsonl").exists():
        for raw in open(DEV / "scrapinghub_html.jsonl", encoding="utf-8"):
            rec = json.loads(raw)
            html[rec["id"]] = rec["html"]
    docs, golds = zip(*(page_document(p) for p in pages))
    seconds = run_stage(list(docs))
    halves = split([p["id"] for p in pages])
    print(f"\nReal pages (bench/pages: {len(pages)} scrapinghub pages rendered as a naive scraper renders them,"
          f" every visible block a line; {seconds:.2f} CPU s). Lines are labelled from the HTML and the gold body.")
    results: dict[str, dict[str, float]] = {}
    for h in HALVES:
        idx = halves[h]
        for name in ("casus clean", "trafilatura (HTML)"):
            tp = fp = fn = 0
            kinds: dict[str, Counter] = defaultdict(Counter)
            dropped: Counter = Counter()
            titles = [0, 0]
            for i in idx:
                doc, gold = docs[i], golds[i]
                if name == "casus clean":
                    pred = page_predict(doc, gold)
                else:
                    pred = trafilatura_lines(pages[i], html.get(pages[i]["id"]), gold, doc.text)
                    if pred is None:
                        continue
                for (start, _, g), p in zip(gold, pred):
                    if name == "casus clean" and g == BODY and p != BODY:
                        dropped[dropped_why(doc, start, p)] += 1
                    tp += g == BODY and p == BODY
                    fp += g != BODY and p == BODY
                    fn += g == BODY and p != BODY
                    kinds[g]["lines"] += 1
                    kinds[g]["in body"] += p == BODY
                    kinds[g]["as such"] += p == g
                if name == "casus clean" and pages[i]["title"]:
                    titles[0] += 1
                    got = docs[i].articles[0].title if docs[i].articles else None
                    titles[1] += key(got or "") == key(pages[i]["title"])
            if not tp + fp:
                continue
            pr, rc = tp / (tp + fp), tp / (tp + fn)
            f1 = 2 * pr * rc / (pr + rc) if pr + rc else 0.0
            cap = kinds["caption"]
            row = {"P": pr, "R": rc, "F1": f1, "caption": cap["as such"] / max(1, cap["lines"]),
                   "caption out of body": 1 - cap["in body"] / max(1, cap["lines"]),
                   "title": titles[1] / titles[0] if titles[0] else float("nan")}
            results[f"{h} {name}"] = row
            extra = (f"  caption recall {row['caption']:.3f} (kept out of body {row['caption out of body']:.3f})"
                     f"  title acc {row['title']:.3f}" if name == "casus clean" else "")
            print(f"  {h:<7} {name:<20} {len(idx):>3} pages  body P {pr:.4f}  R {rc:.4f}  F1 {f1:.4f}{extra}")
            if name == "casus clean":
                print("          debris kept in body, by kind: " + ", ".join(
                    f"{k} {kinds[k]['in body']}/{kinds[k]['lines']}" for k in PAGE_KINDS if kinds[k]["lines"]))
                print("          body lines dropped, by why: " + ", ".join(f"{why} {n}" for why, n in dropped.most_common()))
    return results


def line_label(doc: Document, gold: list[tuple[int, int, str]], sentence: str) -> str | None:
    """The gold label of the raw line an evidence sentence starts on (found by its first words,
    whatever the line breaks between them), None when it cannot be found."""
    words = sentence.split()[:6]
    if not words:
        return None
    m = re.search(r"\s+".join(map(re.escape, words)), doc.text)
    if m is None:
        return None
    return next((lab for s, e, lab in gold if s <= m.start() < e), None)


def page_events() -> None:
    """Events from page debris: the whole pipeline over the real-page set, with the clean stage
    as shipped and with its rules alone, each event placed on the line its evidence sentence
    starts on (body, the headline, or debris: menus, related links, captions, comments...)."""
    import casus.clean.verdicts as verdicts
    from casus.pipeline import Run, process

    pages = load_pages()
    halves = split([p["id"] for p in pages])
    print("\nEvents from the real-page set's lines, by the label of the line their evidence starts on")
    for name, learn in (("casus clean", True), ("the rules alone", False)):
        pairs = [page_document(p) for p in pages]
        shipped = verdicts.relearn
        if not learn:
            verdicts.relearn = lambda v, titled: v
        try:
            t0 = time.process_time()
            done = {d.id: d for batch in process([d for d, _ in pairs], Run()) for d in batch
                    if isinstance(d, Document)}
            seconds = time.process_time() - t0
        finally:
            verdicts.relearn = shipped
        for h in ("tuning", "blind"):
            where: Counter = Counter()
            for i in halves[h]:
                doc, gold = pairs[i]
                for a in done[doc.id].articles if doc.id in done else []:
                    for ev in a.events:
                        lab = line_label(doc, gold, ev.get("sentence") or "")
                        where["body" if lab == BODY else "headline" if lab == TITLE else
                              "not found" if lab is None else "debris"] += 1
            total = sum(where.values())
            print(f"  {h:<7} {name:<16} {total:>4} events: {where['debris']} from debris "
                  f"({where['debris'] / max(1, total):.1%}), {where['body']} from body, "
                  f"{where['headline']} from the headline, {where['not found']} not placed")
        print(f"          ({seconds:.0f} CPU s for {len(pages)} pages)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--events", action="store_true", help="also run the whole pipeline over the real-page set "
                                                           "and count the events that come from debris")
    args = ap.parse_args()
    real_page_set()
    if args.events:
        page_events()
    if not (DEV / "ecbplus.jsonl").exists():
        print("\n(../shared/dev is absent: the noised ECB+ corpus and the other real-text checks are skipped)")
        return
    print()
    gen = Generator(load_units(), args.seed)
    corpus = [gen.document(i) for i in range(args.docs)]
    n_art = sum(len(d.titles) for d in corpus)
    kinds = Counter(k for d in corpus for _, _, _, k, _ in d.entries)
    print(f"Noised corpus: {len(corpus)} documents, {n_art} articles, {sum(kinds.values())} lines "
          f"(seed {args.seed}); line kinds: {dict(kinds.most_common())}")

    results = {}
    for name, per_doc in (("casus clean (corpus frequency)", False), ("casus clean (each doc alone)", True)):
        seconds = []
        for _ in range(RUNS):  # the best of a few runs: the machine is shared
            docs = [Document(id=d.id, text=d.text, source="bench", format="txt") for d in corpus]
            seconds.append(run_stage(docs, per_document=per_doc))
        seconds = min(seconds)
        score = Score()
        for d, doc in zip(corpus, docs):
            score.add(d, predict(doc), [a.title for a in doc.articles])
        results[name] = (score, seconds, len(docs))
    print("\nResults (body lines: gold body vs predicted body; titles and captions are not body)")
    for name, (score, seconds, n) in results.items():
        score.report(name)
    for name, fn in (("baseline: identity (no clean)", identity), ("baseline: drop exact repeat lines", naive)):
        score = Score()
        for d in corpus:
            score.add(d, fn(d), [None])
        score.report(name)
    for name, (score, seconds, n) in results.items():
        print(f"  throughput {name}: {n / seconds:,.0f} docs/s ({seconds:.2f} CPU s for {n} docs, one core;"
              f" best of {RUNS} runs)")

    score = results["casus clean (corpus frequency)"][0]
    print("\nPer line kind (casus, corpus frequency): share handled right")
    for kind, c in sorted(score.kinds.items(), key=lambda kv: -kv[1]["lines"]):
        print(f"  {kind:<18} {c['right'] / c['lines']:.4f}  ({c['lines']} lines)")
    never_emptied()
    trafilatura_pages()


if __name__ == "__main__":
    main()
