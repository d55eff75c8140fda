"""What one line of raw text looks like: the signals the clean stage decides on.

Plain-text scrapes keep the page's block structure as lines: headlines, captions,
paragraphs, widgets. Every decision in the clean stage is about whole lines, so each
line is read once into a `Line` whose signals are computed on first use.
"""

from __future__ import annotations

import hashlib
import re

from casus import dateline
from casus.clean.cues import cues

CLOSERS = "\"'”’»)]*"
OPENERS = "\"'“‘«([¡¿"
WORD = re.compile(r"\w+")
LETTERS3 = re.compile(r"(?:[^\W\d_][\W\d_]*){3}")
MAX_DEBRIS_CHARS = 320  # no page-debris pattern matches a longer line
GLUED = re.compile(r"[^\W\d_]+?[a-z](?=[A-Z][a-z]*\s)")  # "Homeworld|Floods close...": a word run into the next
WRAP_MIN, WRAP_MAX = 60, 120  # columns a hard-wrapped text is wrapped at (lynx, mail, fixed-width pages)
WRAP_SLACK = 12  # a wrapped paragraph's lines end within this many columns of the width
HEADS_WINDOW = 24  # lines below a headline in which its text must start
LONG_WORDS = 40  # a paragraph this long is prose; one imperative in it ("Upgrade your seat!") is no pitch
BYLINE = re.compile(r"By\s+[A-Z]")
LINK_SEPARATORS = "|»›•·>"  # what a breadcrumb or a menu printed on one line puts between its items
ITEM_WORDS = 3  # words of an item of such a line at most
CAPTION = re.compile(r"(?P<body>.*?\S)\s*\((?P<credit>[^()]{1,120})\)")
PICTURE = r"(?:(?:file\s+)?(?:photo|image|picture|photograph)s?(?:\s+credit)?|credit)"
CAPTION_TAIL = re.compile(rf"(?:^|[.!?]\s*){PICTURE}\s*(?::|…|\.\.\.)\s*[^.]{{2,60}}", re.I)
CAPTION_HEAD = re.compile(rf"{PICTURE}\s*:\s*\S|(?:photo|image|picture)\s+caption\s+\S", re.I)  # "FILE PHOTO: Traders..."
# a credit standing alone: "Photo: Jane Roe, AP", "Photo by Jane Roe/Getty Images", "(Jane Roe / Associated Press)"
CREDIT_LINE = re.compile(rf"\(?{PICTURE}\s*(?::|by\b|…|\.\.\.)\s*[^.]{{2,80}}|\([^()]{{2,80}}\)", re.I)
SLASH_CREDIT = re.compile(r"(?:^|[.!?]\s+)(?P<credit>[A-Z][\w.&'’-]*(?:[ ,]+[A-Z][\w.&'’-]*)*"
                          r"(?:\s?/\s?[A-Z][\w.&'’-]*(?:[ ,]+(?:via\s+)?[A-Z][\w.&'’-]*)*)+)$")  # "REUTERS/Jane Roe"
CREDIT_WORDS = 10  # a credit line is a name or two and an agency
SENTENCE_BREAK = re.compile(r"[.!?][\"'”’]?\s+[A-Z]")
# "PO Box 1077", "Suite 315", "MURFREESBORO, Tennessee 37133", "Salem, TX 41115"
ADDRESS = re.compile(r"\bP\.?\s?O\.?\s+Box\s+\d+|\b(?:Suite|Ste\.)\s+\d+\b"
                     r"|\b[A-Z][A-Za-z]+,\s+(?:[A-Z]{2}|[A-Z][a-z]+)\s+\d{5}(?:-\d{4})?\b")
DATE_TOKEN = re.compile(r"[a-z]+(?:\.[a-z]+)*\.?")
DATE_NUMBER = re.compile(r"\b\d{1,4}[/:.\-]\d{1,2}(?!\d)|\b(?:19|20)\d\d\b")


def digest(text: str) -> str:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=8).hexdigest()


def tokens(text: str) -> list[str]:
    """The lowercased words of a text, split at every non-word character."""
    return WORD.findall(text.casefold())


def key(text: str) -> str:
    """Identity of a text for repetition: case, punctuation and spacing do not matter."""
    return " ".join(tokens(text))


class lazy:
    """A signal computed on first use and then stored on the line (cheaper than
    functools.cached_property, which takes a lock on every access in Python 3.11)."""

    def __init__(self, fn):
        self.fn = fn
        self.name = fn.__name__
        self.__doc__ = fn.__doc__

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        value = obj.__dict__[self.name] = self.fn(obj)
        return value


class Line:
    """One non-blank line of a document's raw text. The signals every decision needs are
    computed at once; the others on first use."""

    def __init__(self, n: int, start: int, end: int, text: str, gap: int):
        self.n = n  # line number in the raw text (0-based)
        self.start = start  # character offsets of the stripped line in the raw text
        self.end = end
        self.text = text
        self.gap = gap  # blank lines between this line and the previous non-blank one
        self.tokens = tokens(text)
        self.key = " ".join(self.tokens)  # as key(text)
        self.words = len(text.split())
        self.terminal = text.rstrip(CLOSERS).endswith((".", "!", "?", "…"))  # ends like a sentence
        self.wordy = LETTERS3.search(text) is not None  # has three letters at least
        c = cues()
        self.debris = len(text) <= MAX_DEBRIS_CHARS and c.debris.fullmatch(text.lower()) is not None
        found = c.lexicon.scan(self.tokens, lambda: sentence_starts(text.casefold()))
        self.call = found["calls"][0] if "calls" in found else None  # a call to action
        self.promo = found.get("promo", [])  # promo vocabulary
        self.reporting = "reporting" in found  # attribution: news voice
        self.masthead = "masthead" in found  # a sign-off or a publisher's role
        self.credited = "credits" in found  # names a picture agency or credit
        self.pictured = "picture" in found  # speaks of a picture
        self.voice = sum(map(c.voice.__contains__, self.tokens))  # we, our, you, your...

    def __repr__(self) -> str:
        return f"Line({self.n + 1}: {self.text[:40]!r})"

    def at(self, n: int, start: int, end: int, gap: int) -> "Line":
        """The same text, with the signals read off it, at another place of the document."""
        line = object.__new__(Line)
        line.__dict__ = {**self.__dict__, "n": n, "start": start, "end": end, "gap": gap}
        return line

    @lazy
    def digest(self) -> str:
        """Identity of the line across documents (for corpus line frequencies)."""
        return digest(self.key)

    @lazy
    def stray(self) -> bool:
        """A fragment with no word in it: "TT", "20", "|", "___" (not "No.", "$2,199" or a date)."""
        if self.wordy or self.terminal or self.dateonly:
            return False
        return len(self.text) <= 4 or not any(c.isalnum() for c in self.text)

    @lazy
    def quoted(self) -> bool:
        """Holds quotation marks: reported speech, which may say "we" and "our customers"."""
        return any(q in self.text for q in '"“”«»') or self.text[0] in "'‘"

    @lazy
    def address(self) -> bool:
        return self.words <= 15 and not self.terminal and ADDRESS.search(self.text) is not None

    @lazy
    def caption(self) -> bool:
        """A picture caption: ends with a credit, "... 2020. (Reuters)", "(File photo)",
        "(EPA/Alexander Kazakov/Sputnik)", "... (Image: Agency)", "... Photo: AFP", "... 2020.
        REUTERS/Jane Roe", or opens with a picture word, "FILE PHOTO: ..." (its own evidence,
        whatever the site)."""
        text = self.text
        if self.words > 80:
            return False
        if text.endswith(")"):
            m = CAPTION.fullmatch(text)
            if (m is None or len(m.group("body").split()) < 3 or len(SENTENCE_BREAK.findall(text)) > 2):
                return False  # a paragraph that happens to end in parentheses
            credit = m.group("credit").strip()
            if "credits" in cues().lexicon.scan(tokens(credit)) and (
                    m.group("body").rstrip(CLOSERS).endswith((".", "!", "?")) or "/" in credit
                    or CAPTION_HEAD.match(credit)):
                return True
            parts = credit.split("/")
            return len(parts) > 1 and len(credit.split()) <= 8 and all(p.strip()[:1].isupper() for p in parts)
        if self.words < 4 or len(SENTENCE_BREAK.findall(text)) > 3 or self.reporting:
            return False
        if CAPTION_HEAD.match(text) or CAPTION_TAIL.search(text):
            return True
        m = SLASH_CREDIT.search(text)
        return (m is not None and m.start("credit") > 0 and len(m.group("credit").split()) <= CREDIT_WORDS
                and "credits" in cues().lexicon.scan(tokens(m.group("credit"))))

    @lazy
    def credit(self) -> bool:
        """A photo credit on a line of its own, under its caption: "Photo: Jane Roe, AP",
        "(Jane Roe / Associated Press)", "Jane Roe/Example Times/Getty Images", "Handout via AP"."""
        text = self.text
        if self.words > CREDIT_WORDS or not self.wordy or SENTENCE_BREAK.search(text):
            return False
        if CREDIT_LINE.fullmatch(text) and not text.startswith("("):
            return True  # "Photo: ...", "Image credit: ..."
        found = cues().lexicon.scan(self.tokens)
        agencies = set(found.get("credits", [])) - set(found.get("picture", [])) - {"via"}  # who, not what
        if text.startswith("("):
            return bool(agencies) or "/" in text
        names = [w for w in re.split(r"[\s/,&]+", text) if w and w.lower() not in ("via", "and", "for", "of")]
        return (bool(agencies) and ("/" in text or "via" in self.tokens)  # bare: names joined by "/" or "via"
                and all(w[0].isupper() or w[0].isdigit() for w in names))

    @lazy
    def dateline(self) -> bool:
        """Starts with a wire dateline: the first line of a news article's body."""
        return dateline.wire(self.text)

    @lazy
    def dateonly(self) -> bool:
        """A timestamp line ("Updated 4:08 p.m. ET"): kept as text, never a title."""
        if self.words > 16 or not (DATE_NUMBER.search(self.text) or any(t in cues().months for t in self.tokens)):
            return False
        words = cues().datewords
        return all(t.rstrip(".") in words or t in words for t in DATE_TOKEN.findall(self.text.lower()))

    @lazy
    def links(self) -> bool:
        """A breadcrumb or a menu printed on one line: three or more short items between one kind of
        separator ("Home | World | Asia", "News › Africa › Sudan")."""
        for sep in LINK_SEPARATORS:
            items = [x.strip() for x in self.text.split(sep)]
            if len(items) >= 3 and all(1 <= len(x.split()) <= ITEM_WORDS for x in items):
                return True
        return False

    @lazy
    def titleish(self) -> bool:
        """Shaped like a headline or subhead: short, capitalised, not a sentence or a caption."""
        t = self.text.rstrip(CLOSERS)
        return (1 <= self.words <= 25 and len(self.text) <= 200 and self.wordy
                and not t.endswith((".", ",", ";", ":", "-", "—", "–", "_"))
                and (self.text[0].isupper() or self.text[0].isdigit() or self.text[0] in OPENERS)
                and not self.caption and not self.dateonly and not self.debris)

    @lazy
    def voiced(self) -> bool:
        """Speaks to the reader (we/our/you) more than quoted speech would."""
        return self.voice >= 2 and self.voice * 20 >= self.words

    @lazy
    def strong(self) -> str | None:
        """Why this line is boilerplate wherever it stands, or None."""
        if self.debris:
            return f"page debris ({self.text[:40]!r})"
        if self.call and not self.reporting and (self.words <= LONG_WORDS or self.promo):
            return f"call to action ({self.call!r})"  # a long paragraph needs a promo cue too
        if self.voiced and not self.quoted and len(self.promo) >= 2 and not self.reporting:
            return f"promo voice ({', '.join(self.promo[:3])})"
        if self.address and not self.reporting:
            return "postal address"
        return None

    @lazy
    def weak(self) -> str | None:
        """Why this line would be boilerplate inside a trailing block, or None."""
        if self.quoted or self.reporting:
            return None
        if self.promo:
            return f"promo vocabulary ({', '.join(self.promo[:3])})"
        if self.voiced:
            return "addresses the reader"
        if self.masthead:
            return "sign-off"
        return None


def heads(lines: list[Line], i: int, deks: int = 2, skip=None) -> bool:
    """Line i is a headline or subhead over its own text: below it, past copies of
    itself, captions, dates, bylines, stray fragments, lines `skip` says to pass over
    and at most `deks` more headline-shaped lines (a standfirst), comes text that is not
    a headline."""
    if not lines[i].titleish:
        return False
    for k in range(i + 1, min(len(lines), i + 1 + HEADS_WINDOW)):
        after = lines[k]
        if (after.key == lines[i].key or after.caption or after.dateonly or after.stray
                or (skip is not None and skip(k)) or BYLINE.match(after.text)):
            continue
        if not after.titleish:
            return True
        if not deks:
            return False
        deks -= 1
    return False


def sentence_starts(text: str) -> set[int]:
    """Positions of the words of `text` that begin a sentence (or a widget item)."""
    out, end = set(), 0
    for i, m in enumerate(WORD.finditer(text)):
        if i == 0 or any(c in ".!?:>»|•" for c in text[end:m.start()]):
            out.add(i)
        end = m.end()
    return out


def read_lines(text: str) -> list[Line]:
    """The non-blank lines of `text` with their offsets and the blank lines before each, with
    hard-wrapped paragraphs joined back into one line each (see `wrap_width`). A line
    printed again shares the signals of its first copy (they depend on its text alone), so a
    page of one line repeated costs little more than the line."""
    raw_lines: list[tuple[int, int, int, str, int]] = []
    pos = gap = 0
    for n, raw in enumerate(text.split("\n")):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            raw_lines.append((n, pos + lead, pos + lead + len(stripped), stripped, gap))
            gap = 0
        else:
            gap += 1
        pos += len(raw) + 1
    out: list[Line] = []
    first: dict[str, Line] = {}
    for n, start, end, stripped, gap in unglue(unwrap(raw_lines)):
        if stripped in first:
            out.append(first[stripped].at(n, start, end, gap))
        else:
            out.append(first.setdefault(stripped, Line(n, start, end, stripped, gap)))
    return out


def unglue(raw: list[tuple[int, int, int, str, int]]) -> list[tuple[int, int, int, str, int]]:
    """Split a line glued to a copy of another line of the page: a breadcrumb run into the
    headline ("HomeworldFloods close ports" above or below "Floods close ports") is two
    lines. Only where the second part is a line of the page: "PlayStation sales" stays."""
    texts = {r[3] for r in raw}
    out = []
    for n, start, end, text, gap in raw:
        hump = GLUED.match(text)
        if hump and text[hump.end():] in texts:
            k = hump.end()
            out += [(n, start, start + k, text[:k], gap), (n, start + k, end, text[k:], 0)]
        else:
            out.append((n, start, end, text, gap))
    return out


def wrap_width(texts: list[str]) -> int | None:
    """The column a text was hard-wrapped at, or None when it was not: no line is longer than
    WRAP_MAX and several distinct lines (a tenth at least) end within WRAP_SLACK columns of
    the longest (a headline printed twice is not a wrap)."""
    if len(texts) < 4:
        return None
    width = max(map(len, texts))
    if width > WRAP_MAX or width < WRAP_MIN:
        return None
    near = len({t for t in texts if len(t) >= width - WRAP_SLACK})
    return width if near >= 3 and near * 10 >= len(texts) else None


def unwrap(raw: list[tuple[int, int, int, str, int]]) -> list[tuple[int, int, int, str, int]]:
    """Join the lines of hard-wrapped paragraphs: a line that does not end a sentence,
    with no blank line after it, whose next line's first word would not have fitted
    on it ("Jihadists ambushed the troops on" / "Tuesday near the border."). A word
    hyphenated at the break is joined without a space."""
    width = wrap_width([r[3] for r in raw])
    if width is None:
        return raw
    out = [raw[0]]
    last = len(raw[0][3])  # length of the last raw line of out[-1]: the one a wrap broke
    for line in raw[1:]:
        n, start, _, text, gap = out[-1]
        head = line[3].split(None, 1)[0]
        if line[4] == 0 and last + 1 + len(head) > width and not (
                text.rstrip(CLOSERS).endswith((".", "!", "?", "…", ":"))):
            hyphen = text.endswith("-") and len(text) > 1 and text[-2].isalpha() and line[3][0].islower()
            out[-1] = (n, start, line[2], text + ("" if hyphen else " ") + line[3], gap)
        else:
            out.append(line)
        last = len(line[3])
    return out
