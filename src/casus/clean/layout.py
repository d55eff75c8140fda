"""Where a line sits and what it looks like, as numbers: the features of the learned line
classifier (`casus.clean.learned`).

A naive scrape of a page prints every visible block as a line: menus, related links,
captions and footers around one run of article prose. The cue lists catch debris by its
words; these features catch it by its shape and its place, which hold across sites and
languages: the article is a dense run of long lines that end like sentences; furniture
is a run of short, unpunctuated, title-cased lines, far from that run, or printed more
than once. A list inside the article (tour dates, steps) sits in a short gap between two
paragraphs, its items opening alike; a block of teasers sets headline after headline. A
readers' comment thread below the article is prose too, but it comes under a comment-section
header and between timestamps and "Reply"/"Like" lines printed under every comment. Every feature is computed from the page's own lines, plus the verdict the
rules gave (so the model learns when to trust them).
"""

from __future__ import annotations

import math
import re
from collections import Counter

from casus.clean.cues import cues
from casus.clean.lines import BYLINE, Line

PROSE_WORDS = 12  # a line this long that ends like a sentence is article prose
RUN_GAP = 6  # prose lines this close (in lines) belong to one run
WINDOW = 3  # neighbours on each side for the local density features
SEPARATORS = "|»›•·/>"
CONTENT = 4  # letters of a content word
KINDS = ("body", "title", "caption", "removed")
THREAD_WORDS = 12  # a comment-section header or a comment's name-and-time line is a short line
NEAR = 6  # neighbours on each side in which a comment thread's furniture is counted
HEADS = 3  # lines above a comment's text in which its name-and-time line sits
ACTION_WORDS = 3  # "Reply", "Like", "Report abuse": short lines a thread prints under every comment
CLOCK = re.compile(r"\b\d{1,2}:\d\d\b|\b\d{1,2}\s?[ap]\.?m\b", re.I)
AGO = re.compile(r"\b\d+\s+\w+\s+(?:ago|lalu|fa)\b|\b(?:há|hace|vor|il y a)\s+\d+\s+\w+"
                 r"|\d+\s*(?:分|時間|日|週間|か月|ヶ月|年)前|\d+\s*(?:분|시간|일|주|개월|년)\s*전", re.I)

NAMES = (
    "bias", "log words", "log chars", "terminal", "ends with colon", "titleish", "starts upper",
    "title-cased words", "digit share", "symbol share", "separators", "stray", "date only", "caption shape",
    "own cue", "weak cue", "byline shape", "commas per word", "short lowercase words", "quoted",
    "log copies", "later copy", "position", "gap before", "prose density", "mean log words near",
    "log lines to prose", "in main run", "log lines outside main run", "prose above", "prose below",
    "log short run", "prev terminal", "next terminal", "prev log words", "next log words",
    "words shared with the article", "credit words", "picture words",
    "stamp", "log stamps near", "log repeated short lines near", "stamp just above",
    "prose above a comment header above",
    "log headlines near", "log lines between prose", "same lead near",
) + tuple(f"rule {k}" for k in KINDS)


def prose(line: Line) -> bool:
    return line.words >= PROSE_WORDS and line.terminal and not line.caption


def stamp(line: Line) -> bool:
    """A short line with a time in it: a comment's "Jane Doe March 3, 2019 at 4:12 pm" or
    "3 years ago" as much as an article's "Updated 4:08 p.m. ET"."""
    return line.words <= THREAD_WORDS and bool(line.dateonly or CLOCK.search(line.text) or AGO.search(line.text))


def thread_header(line: Line) -> bool:
    """A comment-section header: "12 Comments", "Leave a Reply", "Deixe uma resposta"."""
    return (line.words <= THREAD_WORDS and not line.terminal
            and bool(cues().thread.scan(line.tokens, lambda: {0})))  # a ^-phrase must open the line


def near(marks: list[bool], i: int) -> int:
    """How many lines within NEAR of line i (itself aside) are marked."""
    return sum(marks[max(0, i - NEAR):i + NEAR + 1]) - marks[i]


def main_run(flags: list[bool]) -> tuple[int, int] | None:
    """The run of prose lines (gaps under RUN_GAP lines) holding the most prose lines:
    where the article is."""
    best, best_n, start, last, n = None, 0, None, None, 0
    for i, f in enumerate(flags):
        if not f:
            continue
        if last is None or i - last > RUN_GAP:
            start, n = i, 0
        n += 1
        last = i
        if n > best_n:
            best, best_n = (start, i), n
    return best


def short_runs(lines: list[Line]) -> list[int]:
    """For each line, the length of the run of short unpunctuated lines holding it (a menu,
    a list of links, a tag cloud); 0 for other lines."""
    out = [0] * len(lines)
    i = 0
    while i < len(lines):
        if lines[i].words <= 6 and not lines[i].terminal:
            j = i
            while j < len(lines) and lines[j].words <= 6 and not lines[j].terminal:
                j += 1
            for k in range(i, j):
                out[k] = j - i
            i = j
        else:
            i += 1
    return out


def between_prose(flags: list[bool]) -> list[int]:
    """For each line, how many lines separate the prose lines above and below it (the page's
    ends count as prose): a list or a subhead between two paragraphs is a short gap, a menu
    or a block of teasers a long one."""
    n = len(flags)
    out = [0] * n
    last = -1
    for i in range(n + 1):
        if i == n or flags[i]:
            for k in range(last + 1, i):
                out[k] = i - last - 1
            last = i
    return out


def lead(line: Line) -> str:
    """The shape of a line's opening ("Aa 9" for "June 10 – Tampa", "Meal 2"): the items of one
    list open alike."""
    return " ".join("9" if t[0].isdigit() else "Aa" if t[0].isupper() else "a" for t in line.text.split()[:2])


def shared(line: Line, vocabulary: Counter[str], own: bool) -> float:
    """Share of the line's content words that the article's prose uses (its own uses aside):
    a headline, a caption and a subhead speak of what the article does; a menu does not."""
    words = [t for t in line.tokens if len(t) >= CONTENT]
    if not words:
        return 0.0
    mine = Counter(words) if own else Counter()
    return sum(vocabulary[t] > mine[t] for t in words) / len(words)


def features(lines: list[Line], kinds: list[str]) -> list[list[float]]:
    """One row of NAMES per line; `kinds` are the rules' verdicts on the lines."""
    n = len(lines)
    flags = [prose(ln) for ln in lines]
    run = main_run(flags)
    copies = Counter(ln.key for ln in lines)
    seen: set[str] = set()
    logw = [math.log1p(ln.words) for ln in lines]
    runs = short_runs(lines)
    prose_at = [i for i, f in enumerate(flags) if f]
    total_prose = max(1, len(prose_at))
    vocabulary: Counter[str] = Counter()
    if run is not None:
        for k in range(run[0], run[1] + 1):
            if flags[k]:
                vocabulary.update(t for t in lines[k].tokens if len(t) >= CONTENT)
    stamps = [stamp(ln) for ln in lines]
    actions = [ln.words <= ACTION_WORDS and copies[ln.key] > 1 for ln in lines]
    headlines = [ln.titleish and not ln.terminal and ln.words >= 2 for ln in lines]
    gaps = between_prose(flags)
    leads = [lead(ln) for ln in lines]
    rows = []
    above = 0
    thread = 0.0  # share of the page's prose above the nearest comment-section header so far
    nearest = 0
    for i, ln in enumerate(lines):
        text = ln.text
        chars = max(1, len(text))
        words = text.split()
        lo, hi = max(0, i - WINDOW), min(n, i + WINDOW + 1)
        while nearest + 1 < len(prose_at) and abs(prose_at[nearest + 1] - i) <= abs(prose_at[nearest] - i):
            nearest += 1
        to_prose = abs(prose_at[nearest] - i) if prose_at else n
        if run is None:
            inside, outside = 0.0, math.log1p(n)
        else:
            inside = float(run[0] <= i <= run[1])
            outside = math.log1p(max(0, run[0] - i, i - run[1]))
        later = ln.key in seen
        seen.add(ln.key)
        row = [
            1.0, logw[i], math.log1p(len(text)), float(ln.terminal), float(text.rstrip().endswith(":")),
            float(ln.titleish), float(text[0].isupper()),
            sum(w[0].isupper() for w in words) / max(1, len(words)),
            sum(c.isdigit() for c in text) / chars,
            sum(not (c.isalnum() or c.isspace()) for c in text) / chars,
            float(any(s in text for s in SEPARATORS)), float(ln.stray), float(ln.dateonly), float(ln.caption),
            float(ln.strong is not None), float(ln.weak is not None), float(BYLINE.match(text) is not None),
            text.count(",") / max(1, len(words)),
            sum(len(t) <= 3 and t.islower() for t in words) / max(1, len(words)),
            float(ln.quoted), math.log(copies[ln.key]), float(later), i / max(1, n - 1), float(ln.gap > 0),
            sum(flags[lo:hi]) / (hi - lo), sum(logw[lo:hi]) / (hi - lo),
            math.log1p(to_prose), inside, outside, above / total_prose,
            (len(prose_at) - above - flags[i]) / total_prose, math.log1p(runs[i]),
            float(i > 0 and lines[i - 1].terminal), float(i + 1 < n and lines[i + 1].terminal),
            logw[i - 1] if i else 0.0, logw[i + 1] if i + 1 < n else 0.0,
            shared(ln, vocabulary, run is not None and flags[i] and run[0] <= i <= run[1]),
            float(ln.credited), float(ln.pictured),
            float(stamps[i]), math.log1p(near(stamps, i)), math.log1p(near(actions, i)),
            float(any(stamps[max(0, i - HEADS):i])), thread,
            math.log1p(near(headlines, i)), math.log1p(gaps[i]),
            sum(leads[k] == leads[i] for k in range(lo, hi) if k != i) / max(1, hi - lo - 1),
        ] + [float(kinds[i] == k) for k in KINDS]
        above += flags[i]
        if thread_header(ln):
            thread = above / total_prose
        rows.append(row)
    return rows
