"""One verdict per line of a document: body, title, caption or removed, and why.

The decisions use signals a careful reader uses, not strings from known pages:
- repetition inside the document (a headline, caption or paragraph block printed again);
- layout (a short headline followed by captions, its own repetition, a dateline or a
  wider gap starts a glued article; a caption ends with a photo credit);
- language (page debris, calls to action, promo voice addressing the reader);
- position (a run of promo and debris lines at the end of an article is one block);
- repetition across the corpus (`recurring`: in how many documents a line was seen).

A line is removed only on positive evidence: an article that is all body stays whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from statistics import median

from casus.clean.frequency import RECURRING_DOCS, first_prose, role
from casus.clean.layout import main_run, prose, shared, stamp, thread_header
from casus.clean.learned import classify, likeliest_body
from casus.clean.lines import BYLINE, Line, heads, key

BODY, TITLE, CAPTION, REMOVED = "body", "title", "caption", "removed"
GIVEN_TITLE = "repeats the given title"  # the reason on a first line equal to the document's title

REPEAT_MIN_CHARS = 40  # shorter lines ("He was 75.", "Take your pick.") legitimately recur in prose
HEADER_WINDOW = 8  # lines after a headline in which its repeats, captions and dateline sit
BYLINE_WORDS = 6  # a "By ..." line this short below a headline is its byline
CAPTION_WORDS = 60  # a line above a photo credit this short is its caption (a longer one is a paragraph)
SHORT_WORDS = 12  # a fragment this short without a full stop may sit inside a trailing block
THREAD_PROSE = 3  # paragraphs above a comment-section header that make what follows it a readers' thread
THREAD_WINDOW = 4  # lines after the header in which its first comment's name-and-time line sits
BOUNDARY_SCORE = 2  # evidence needed to start a new article at a headline-shaped line
PAGE_LINES = 16  # unpunctuated lines outside an article's prose that make it a scraped page, for the model
INSIDE_P = 0.8  # how sure the model must be to take a line the rules kept out of the article's prose run
# (0.9 kept most teasers and link lines printed amid the prose; below 0.8 an article's last paragraph above
# a comment thread goes too)
CAPTION_P = 0.2  # how likely a caption a line the model takes out of the body must be to count as one
TITLE_P = 0.1  # the learned classifier's headline: the likeliest headline-shaped line above the text, if this likely
LEAD_LINES = 3  # the body lines a headline is compared with: it tells what they tell
LOW_COHESION = 0.08  # below this share of shared words, the text after a headline is another story


@dataclass
class Verdict:
    line: Line
    kind: str  # body | title | caption | removed
    reason: str
    article: int | None = None  # index of the article the line went to (None: removed outside any)


def judge(lines: list[Line], title: str | None = None,
          recurring: Callable[[Line, Callable[[], str]], int] | None = None, learn: bool = True) -> list[Verdict]:
    """Verdicts for the non-blank `lines` of one document, in order.

    `title` is a title given with the document (HTML <title>, JSON "title"); a first line
    equal to it is the title, not body. `recurring(line, role)` says in how many distinct
    article contexts of the corpus the line was seen (0 when unknown), given `role()`,
    the line's role in this document (see casus.clean.frequency.role). With `learn`, the
    learned line classifier (casus.clean.learned) has the last word on the articles that are
    whole scraped pages (see `relearn`).
    """
    verdicts = Judgement(lines, title, recurring).run()
    return relearn(verdicts, title is not None) if learn else verdicts


def articles(verdicts: list[Verdict]) -> dict[int, list[int]]:
    """The positions of each article's lines (its segment: body, title, captions and what was
    removed inside it)."""
    out: dict[int, list[int]] = {}
    for i, v in enumerate(verdicts):
        if v.article is not None:
            out.setdefault(v.article, []).append(i)
    return out


def article_span(verdicts: list[Verdict], mine: list[int]) -> range:
    """The positions of an article's run of prose (see casus.clean.layout.main_run), grown over
    the sentences the rules kept right above and below it ("He was 75.", "Police sealed off
    the area."): within it the model needs to be sure to remove a line."""
    run = main_run([prose(verdicts[i].line) for i in mine])
    if run is None:
        return range(0)
    a, b = mine[0] + run[0], mine[0] + run[1]

    def sentence(i: int) -> bool:
        line = verdicts[i].line
        return verdicts[i].kind == BODY and line.terminal and line.words >= 2 and not line.dateonly

    while a - 1 >= mine[0] and sentence(a - 1):
        a -= 1
    while b + 1 <= mine[-1] and sentence(b + 1):
        b += 1
    return range(a, b + 1)


def scraped_page(verdicts: list[Verdict], mine: list[int], inside: range) -> bool:
    """An article with a page of menus and links around it (PAGE_LINES unpunctuated lines
    outside its prose), which the learned classifier judges; an article alone is the rules'."""
    return sum(i not in inside and not verdicts[i].line.terminal for i in mine) >= PAGE_LINES


def relearn(verdicts: list[Verdict], titled: bool) -> list[Verdict]:
    """The learned classifier's verdicts over the rules' on the articles that are scraped pages:
    a line moves between body, caption and removed inside its article; the first article's
    headline is the line the model finds most headline-like above its text, weighed by the
    words it shares with the text's first lines, else a headline-shaped line the text opens
    with (unless the document came with a title). A page the model finds no body in is no
    article when the document has another; else its likeliest body lines are its body."""
    out = list(verdicts)
    groups = articles(verdicts)
    for n, mine in groups.items():
        inside = article_span(verdicts, mine)
        if not scraped_page(verdicts, mine, inside):
            continue
        said = dict(zip(mine, classify([verdicts[i].line for i in mine], [verdicts[i].kind for i in mine])))
        if not any(c == BODY for c, _, _ in said.values()):
            if len(groups) > 1:
                for i in mine:  # a segment of menus or links the rules took for an article
                    kind, probs, why = said[i]
                    reason = (f"no article text around it (model: {kind}, p {probs.max():.2f}: {why})"
                              if verdicts[i].kind != REMOVED else verdicts[i].reason)
                    out[i] = Verdict(verdicts[i].line, REMOVED, reason)
                continue
            said = dict(zip(mine, likeliest_body(list(said.values()))))
        first_body = next(i for i in mine if said[i][0] == BODY)
        head = None
        if n == 0 and not titled:
            above = [i for i in mine if i < first_body and verdicts[i].line.titleish and said[i][1][1] >= TITLE_P]
            lead = [i for i in mine if i >= first_body and said[i][0] == BODY][:LEAD_LINES]
            told = Counter(t for i in lead for t in verdicts[i].line.tokens)
            # weighed by how much of what it says the lead says too: a related link or a section
            # name above the headline may look more like one, but speaks of something else
            head = max(above, key=lambda i: said[i][1][1] * (1 + 2 * shared(verdicts[i].line, told, False)),
                       default=None)
            if head is None and verdicts[first_body].line.titleish and len(lead) > 1:
                head = first_body  # the text opens with its headline, which the model took for body
        for i in mine:
            v, (kind, probs, why) = verdicts[i], said[i]
            p = probs.max()
            if kind == TITLE and i != head:
                kind = REMOVED  # headline-shaped, but not this article's: a related link, a section name
            if kind == REMOVED and probs[2] >= CAPTION_P:
                kind = CAPTION  # captions are rare on a page: the likely ones count
            if v.kind == BODY and i in inside and probs[0] > 1 - INSIDE_P:
                kind = BODY  # amid the article's prose the rules' body stands unless the model is sure
            if v.reason == GIVEN_TITLE or (v.kind == TITLE and n > 0):
                continue
            if i == head:
                out[i] = Verdict(v.line, TITLE, f"headline (model, p {probs[1]:.2f})", n)
            elif v.kind == TITLE:
                if head is not None:
                    out[i] = Verdict(v.line, REMOVED, f"not the headline (model: {kind}, p {p:.2f}: {why})", n)
            elif kind == v.kind or (kind == REMOVED and v.kind == CAPTION) or (
                    kind == CAPTION and (v.line.strong or v.line.stray)):
                continue  # out of the body either way: the rules' caption (a credit) or debris stands
            elif kind == BODY:
                out[i] = Verdict(v.line, BODY, f"body (model, p {p:.2f}: {why}; rules: {v.reason})", n)
            elif kind == CAPTION:
                out[i] = Verdict(v.line, CAPTION, f"caption (model, p {p:.2f}: {why})", n)
            else:
                out[i] = Verdict(v.line, REMOVED, f"page furniture (model, p {p:.2f}: {why})", n)
    number = {a: k for k, a in enumerate(sorted({v.article for v in out if v.article is not None}))}
    for v in out:
        v.article = number.get(v.article)
    return out


def same_title(line: str, title: str) -> bool:
    """A first line that is the given title, possibly without the site name
    ("Shelling kills six" under <title>Shelling kills six - Example News</title>)."""
    return bool(line) and (line == title or (title.startswith(line + " ") and len(line) * 2 >= len(title)))


class Judgement:
    """The state of deciding one document; `run()` fills `self.v`."""

    def __init__(self, lines: list[Line], title: str | None, recurring: Callable | None):
        self.lines = lines
        self.title = title.strip() if title and title.strip() else None
        self.recurring = recurring
        self.v: dict[int, Verdict] = {}
        self.repeat_of: dict[int, int] = {}  # position -> position of the first copy
        self.adjacent: dict[int, int] = {}  # the copies printed right below their first copy
        self.strong: set[int] = set()  # removed on evidence of their own (anchors of a trailing block)
        self.top = first_prose(lines)  # lines above the first paragraph head the document

    def mark(self, i: int, kind: str, reason: str) -> None:
        self.v[i] = Verdict(self.lines[i], kind, reason)

    def removed(self, i: int) -> bool:
        return i in self.v and self.v[i].kind == REMOVED

    def run(self) -> list[Verdict]:
        if not self.lines:
            return []
        first = 0
        if self.title and same_title(self.lines[0].key, key(self.title)):
            self.mark(0, TITLE, GIVEN_TITLE)
            first = 1
        self.mark_strong(first)
        self.mark_repeats(first)
        starts = self.boundaries(first)
        starts[0] = 0  # the given title's line belongs to the first article
        segments = list(zip(starts, starts[1:] + [len(self.lines)]))
        for k, (a, b) in enumerate(segments):
            self.segment(k, a, b)
        return self.assign(segments)

    # -- evidence of a line's own -------------------------------------------

    def mark_strong(self, first: int) -> None:
        for i in range(first, len(self.lines)):
            line = self.lines[i]
            if line.stray:
                self.mark(i, REMOVED, "stray fragment")
            elif i + 1 < len(self.lines) and self.lines[i + 1].start == line.end:  # see lines.unglue
                self.mark(i, REMOVED, "glued to a copy of another line (a breadcrumb or menu)")
                self.strong.add(i)
            elif line.strong:
                self.mark(i, REMOVED, line.strong)
                self.strong.add(i)
            elif self.recurring:
                n = self.recurring(line, lambda: role(self.lines, i, self.top))
                if n >= RECURRING_DOCS and not (line.caption or line.dateonly or line.dateline):
                    self.mark(i, REMOVED, f"recurs in {n} documents")
                    self.strong.add(i)

    def mark_repeats(self, first: int) -> None:
        """Later copies go when they are scrape glitches: a caption printed again, a line
        printed twice in a row, a block of lines printed again. A single sentence that
        recurs further on (a pull quote, a standfirst repeated as the lede) stays."""
        lines = self.lines
        seen: dict[str, int] = {}
        kept = None  # the last line above i not removed: "right above" is a test on it, not on all between
        for i in range(first, len(lines)):
            if self.removed(i):
                continue
            j = seen.setdefault(lines[i].key, i)
            if j == i:
                reason = None
            elif lines[i].caption or lines[j].caption:
                reason = f"repeats the caption on line {lines[j].n + 1}"
            elif self.in_block(i, j):
                reason = f"repeats line {lines[j].n + 1} (a repeated block)"
            elif len(lines[i].key) >= REPEAT_MIN_CHARS // 2 and kept == j:
                reason = f"repeats line {lines[j].n + 1} right above"
                self.adjacent[i] = j
            else:
                reason = None
            if reason is None:
                kept = i
                continue
            self.mark(i, REMOVED, reason)
            self.repeat_of[i] = j

    def in_block(self, i: int, j: int) -> bool:
        """Line i repeats line j, and a neighbour repeats j's neighbour; one of the pair is long."""
        lines = self.lines
        for d in (-1, 1):
            if 0 <= j + d < i + d < len(lines) and j + d != i and lines[i + d].key == lines[j + d].key:
                if max(len(lines[i].key), len(lines[i + d].key)) >= REPEAT_MIN_CHARS:
                    return True
        return False

    # -- articles glued one after another -------------------------------------

    def boundaries(self, first: int) -> list[int]:
        """Positions where articles start: the first line, then every headline-shaped
        line with enough evidence that a new article begins there."""
        gaps = [ln.gap for ln in self.lines[first + 1:]]
        typical = median(gaps) if gaps else 0
        starts = [first]
        prose = False  # the current article has a paragraph: a new one may start
        for i in range(first + 1, len(self.lines)):
            if i in self.v:
                continue
            line = self.lines[i]
            if (not line.titleish or line.words < 2 or BYLINE.match(line.text) or not prose
                    or not heads(self.lines, i, skip=self.removed)):
                prose = prose or (line.terminal and line.words >= 8 and not line.caption)
                continue
            score, why = self.boundary_evidence(i, typical, starts[-1])
            if score >= BOUNDARY_SCORE:
                self.mark(i, TITLE, "headline of a glued article: " + ", ".join(why))
                starts.append(i)
                prose = False
        return starts

    def boundary_evidence(self, i: int, typical: float, start: int) -> tuple[int, list[str]]:
        """How strongly headline-shaped line i starts a new article, and why. Strong: the
        headline printed again below it, a dateline opening the text below. Weak: a
        caption right below, a wider gap above, page debris right above, and a text below
        that shares few words with the article above; the two last only count when a
        caption or a paragraph follows directly (the first item of a "Related" list is
        followed by more headlines)."""
        lines = self.lines
        line = lines[i]
        window = range(i + 1, min(len(lines), i + 1 + HEADER_WINDOW))
        nxt = next((k for k in window if not lines[k].stray and lines[k].key != line.key), None)
        if nxt is None or nxt in self.strong:
            return 0, []  # a headline is followed by its article, not by page debris
        direct = self.captionish(nxt) or lines[nxt].dateonly or not lines[nxt].titleish
        score, why = 0, []
        if self.header_copies(i, window):
            score += 2
            why.append("printed again below")
        if self.captionish(nxt):
            score += 1
            why.append("a caption follows")
        lede = next((k for k in range(nxt, window.stop) if not self.removed(k) and not self.captionish(k)
                     and not lines[k].dateonly), None)
        if lede is not None and lines[lede].dateline:
            score += 2
            why.append("a dateline follows")
        if line.gap >= 2 and line.gap > typical:
            score += 1
            why.append(f"{line.gap} blank lines before")
        if i - 1 in self.strong and direct:
            score += 1
            why.append("page debris before")
        if score == 1 and direct:
            shared = self.cohesion(start, i)
            if shared is not None and shared < LOW_COHESION:
                score += 1
                why.append(f"shares {shared:.0%} of its words with the text above")
        return score, why

    def cohesion(self, a: int, i: int) -> float | None:
        """Share of content words (5+ letters) that the text after line i has in common
        with the article above it, from line a: an unrelated glued article shares few,
        the text below a subhead many. None when either side is too short to tell."""
        def vocabulary(ks) -> set[str]:
            return {t for k in ks if not self.removed(k) and not self.captionish(k)
                    for t in self.lines[k].tokens if len(t) >= 5 and t.isalpha()}
        before = vocabulary(range(max(a, i - 3 * HEADER_WINDOW), i))
        after = vocabulary(range(i + 1, min(len(self.lines), i + 1 + 2 * HEADER_WINDOW)))
        if min(len(before), len(after)) < 10:
            return None
        return len(before & after) / min(len(before), len(after))

    def captionish(self, k: int) -> bool:
        """A caption by its credit, or a line printed twice in a row."""
        return self.lines[k].caption or k in self.adjacent.values()

    def header_copies(self, i: int, window: range) -> list[int]:
        """Copies of headline i printed below it before any paragraph: between the two
        only captions, their copies, dates and stray fragments."""
        out = []
        for k in window:
            line = self.lines[k]
            if line.key == self.lines[i].key:
                out.append(k)
            elif not (self.captionish(k) or line.stray or line.dateonly
                      or (k in self.repeat_of and self.captionish(self.repeat_of[k]))):
                break
        return out

    # -- one article -----------------------------------------------------------

    def segment(self, k: int, a: int, b: int) -> None:
        """Title, captions, trailing block and body of the article on lines [a, b)."""
        lines = self.lines
        if k == 0 and not self.title:
            head = next((i for i in range(a, b) if i not in self.v and not lines[i].caption
                         and not lines[i].dateonly and not lines[i].links), None)
            if (head is not None and lines[head].titleish and lines[head].words >= 2
                    and not BYLINE.match(lines[head].text)
                    and any(i not in self.v and not lines[i].caption for i in range(head + 1, b))):
                self.mark(head, TITLE, "headline")
        head = next((i for i in range(a, b) if self.v.get(i) and self.v[i].kind == TITLE), None)
        if head is not None:
            for c in self.header_copies(head, range(head + 1, min(b, head + 1 + HEADER_WINDOW))):
                self.mark(c, REMOVED, f"repeats the headline on line {lines[head].n + 1}")
            for i in range(a, head):  # a breadcrumb above the headline ("Home | World | Asia")
                if i not in self.v and lines[i].links:
                    self.mark(i, REMOVED, "a breadcrumb or menu above the headline")
            for i in range(head + 1, min(b, head + 1 + HEADER_WINDOW)):  # "By Jane Doe" under it
                if i not in self.v and BYLINE.match(lines[i].text) and lines[i].words <= BYLINE_WORDS \
                        and not lines[i].terminal:
                    self.mark(i, REMOVED, "a byline below the headline")
        for i in range(a, b):
            if i in self.v:
                continue
            if lines[i].credit:
                self.mark(i, CAPTION, "a photo credit")
                if i - 1 >= a and i - 1 not in self.v and lines[i - 1].words <= CAPTION_WORDS:
                    self.mark(i - 1, CAPTION, "above a photo credit")
            elif lines[i].caption:
                self.mark(i, CAPTION, "ends with a photo credit")
        # a line printed again right below the headline, before any paragraph, is a caption
        if head is not None:
            for i, j in sorted(self.adjacent.items()):
                if head < j < i <= head + HEADER_WINDOW and j not in self.v and all(
                        self.v.get(k) or lines[k].dateonly for k in range(head + 1, j)):
                    self.mark(j, CAPTION, "printed twice below the headline")
        self.thread(a, b)
        self.trailing_block(a, b)
        for i in range(a, b):
            if i not in self.v:
                self.mark(i, BODY, "body")
            elif i in self.repeat_of and self.v[self.repeat_of[i]].kind == CAPTION:
                self.mark(i, CAPTION, f"a copy of the caption on line {lines[self.repeat_of[i]].n + 1}")

    def thread(self, a: int, b: int) -> None:
        """Remove the readers' comment thread: a comment-section header ("Comments (3)", "Leave a
        Reply") below the article's prose with a comment's name-and-time line soon after it ("John
        D. 2 hours ago"), and every line after it to the article's end: the comments are prose
        too. A header with no dated line after it but a byline is a counter ("New, 15 comments" under a
        headline)."""
        lines, prose_above = self.lines, 0
        for h in range(a, b):
            if thread_header(lines[h]) and prose_above >= THREAD_PROSE and any(
                    stamp(lines[i]) and not BYLINE.match(lines[i].text) for i in range(h + 1, min(b, h + 1 + THREAD_WINDOW))):
                for i in range(h, b):
                    if i not in self.v:
                        self.mark(i, REMOVED, f"in the readers' comment thread from line {lines[h].n + 1}")
                return
            prose_above += h not in self.v and lines[h].terminal

    def trailing_block(self, a: int, b: int) -> None:
        """Remove the run of promo and debris at the end of an article. Walking up from
        the article's last line, the run holds lines removed on their own evidence,
        captions, lines with promo vocabulary, reader voice or a sign-off, and short or
        headline-shaped unquoted fragments (product names, related headlines); any other
        line ends it (a sentence, a quote). When one of its lines is boilerplate on its
        own evidence, the run goes from its first line with a cue of its own: short
        lines above that (a list of tour dates above a credit line) stay."""
        lines = self.lines
        run, anchored = [], False
        for i in range(b - 1, a - 1, -1):
            verdict = self.v.get(i)
            line = lines[i]
            if i in self.strong:
                anchored = True
            elif verdict and verdict.kind == TITLE:
                break
            elif not (verdict and verdict.kind in (REMOVED, CAPTION)) and not (
                    line.weak or ((line.words <= SHORT_WORDS or line.titleish) and not line.terminal
                                  and not line.quoted)):
                break
            run.append(i)
        if not anchored:
            return
        first = min(i for i in run if i in self.strong or lines[i].weak)
        start = f"line {lines[first].n + 1}"
        for i in range(first, b):
            verdict = self.v.get(i)
            if verdict is None:
                self.mark(i, REMOVED, f"in trailing boilerplate from {start}: {lines[i].weak or 'short fragment'}")
            elif verdict.kind == CAPTION:
                self.mark(i, REMOVED, f"caption in trailing boilerplate from {start}")

    def keep_something(self) -> None:
        """A document is never emptied by language cues alone: when no body is left,
        every line not removed as page debris, a stray fragment or a copy is the body."""
        for i, verdict in self.v.items():
            if verdict.kind != REMOVED or (i in self.strong and not self.lines[i].debris
                                           and not verdict.reason.startswith("recurs")):
                self.mark(i, BODY, f"kept: nothing else in the document ({verdict.reason})")

    # -- result ---------------------------------------------------------------

    def assign(self, segments: list[tuple[int, int]]) -> list[Verdict]:
        """Number the articles that have a body; every line of an article's segment
        carries its index. A segment without body is not an article: its lines go."""
        if not any(v.kind == BODY for v in self.v.values()):
            self.keep_something()
        n = 0
        for a, b in segments:
            body = any(self.v[i].kind == BODY for i in range(a, b))
            for i in range(a, b):
                if body:
                    self.v[i].article = n
                elif self.v[i].kind != REMOVED:
                    self.mark(i, REMOVED, f"{self.v[i].kind} of a segment without body text")
            n += body
        return [self.v[i] for i in range(len(self.lines))]
