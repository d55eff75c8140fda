"""Names as keys: one tokenisation and normalisation for the knowledge base and for text.

Aliases and mentions go through the same functions, so "U.S." meets "US", "al-Kadhimi"
meets "al Kadhimi" and "Iran’s" meets "Iran". A second, looser form (the skeleton)
lets transliteration variants meet: Ghaani/Qaani, Zelenskiy/Zelensky/Zelenskyy.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, starmap

# A word: letters/digits with inner apostrophes or dots ("Sa'ar", "U.S"), then an optional
# closing dot ("U.S.", "Maj.") or plural-possessive apostrophe. Hyphens separate words.
WORD = re.compile(r"[^\W_]+(?:['’.][^\W_]+)*(?:\.|['’](?![^\W_]))?")


@dataclass(frozen=True)
class Token:
    text: str  # as written
    key: str  # normalised: folded, lower case, no dots/apostrophes, no possessive
    start: int  # character offsets in the analysed text
    end: int
    possessive: bool = False


def fold(text: str) -> str:
    """Lower-case form without accents; curly apostrophes become straight."""
    text = unicodedata.normalize("NFKD", text)
    for q in "’ʼʿ`´":
        text = text.replace(q, "'")
    return "".join(c for c in text if not unicodedata.combining(c)).casefold()


@lru_cache(maxsize=1 << 16)
def word_key(word: str) -> tuple[str, bool]:
    """The key of one written word and whether it was possessive ("Iran’s" -> "iran", True)."""
    w = fold(word).rstrip(".")
    possessive = False
    if len(w) > 3 and w.endswith("'s"):
        w, possessive = w[:-2], True
    elif len(w) > 3 and w.endswith("s'"):
        w, possessive = w[:-1], True
    return w.replace(".", "").replace("'", ""), possessive


# The same words as WORD, captured: `re.split` then alternates gaps and words, whose lengths
# give each word's offset without a match object per word.
GAPS_AND_WORDS = re.compile(f"({WORD.pattern})")


@lru_cache(maxsize=1 << 16)
def spelling(match: str) -> tuple[str, str, bool]:
    """A matched word as a token: as written, its key and whether it was possessive. A
    sentence's full stop is cut off, not an abbreviation's ("U.S.")."""
    word = match[:-1] if match.endswith(".") and "." not in match[:-1] and len(match) > 2 else match
    return (word, *word_key(word))


@lru_cache(maxsize=1 << 12)
def words(text: str) -> tuple[tuple[str, str, int, int, bool], ...]:
    """The words of a text as the fields of their Tokens, in tuples: `tokenize` without
    objects, cheap enough to read every sentence of an article. Remembered: the actors stage
    reads each sentence twice, when the analyse stage asks whether to parse it and after."""
    parts = GAPS_AND_WORDS.split(text)
    starts = list(accumulate(map(len, parts), initial=0))[1::2]
    return tuple((word, key, start, start + len(word), poss)
                 for (word, key, poss), start in zip(map(spelling, parts[1::2]), starts) if key)


@lru_cache(maxsize=1 << 14)
def tokenize(text: str) -> tuple[Token, ...]:
    """The words of a text with their keys; remembered, as a name recurs through a run."""
    return tuple(starmap(Token, words(text)))


def name_tokens(text: str) -> tuple[Token, ...]:
    """The words of a name as an index entry: a leading "the" is not part of any name."""
    toks = tokenize(text)
    return toks[1:] if len(toks) > 1 and toks[0].key == "the" else toks


def phrase_key(text: str) -> tuple[str, ...]:
    return tuple(t.key for t in name_tokens(text))


def letters(word: str) -> str:
    w = word[:-2] if word.endswith(("'s", "’s")) else word
    return "".join(c for c in w if c.isalpha())


def case_pattern(text: str) -> tuple[str, ...]:
    """How each word of a name must be written in text to match it.

    'A': an acronym, only in capitals ("US" is not "us"); 'C': capitalised; '': any case
    (lexicon words, lower-case name particles); any other value: a mixed-case word that
    must be written exactly so ("LeT", "FAMa").
    """
    out = []
    for t in name_tokens(text):
        lt = letters(t.text)
        if 1 < len(lt) <= 5 and lt.isupper():
            out.append("A")
        elif lt[:1].isupper() and any(c.isupper() for c in lt[1:]) and not lt.isupper() and len(lt) <= 5:
            out.append(lt)
        elif lt[:1].isupper():
            out.append("C")
        else:
            out.append("")
    return tuple(out)


def case_ok(pattern: tuple[str, ...], words: Sequence[str], shouting: bool = False) -> bool:
    """Whether text written as `words` may match a name with this case pattern.

    One-word names need their casing class ("Washington", not "washington"); in longer
    names only acronyms and mixed-case words are checked and some capital must appear.
    In all-capitals text (headlines) acronyms cannot be told from words, so none match.
    """
    for p, w in zip(pattern, words):
        lt = letters(w)
        if p == "A" and (shouting or not lt.isupper()):
            return False
        if p not in ("A", "C", "") and not shouting and lt != p:
            return False
    if len(pattern) == 1:
        return pattern[0] != "C" or words[0][:1].isupper()
    return not any(pattern) or any(c.isupper() for w in words for c in w)


def all_capitals(words: Sequence[str]) -> bool:
    """Whether a text is all capitals (a headline): three or more words of two letters or
    more, with no letter that is not a capital."""
    n = 0
    for w in words:
        alpha = [c for c in w if c.isalpha()]
        if len(alpha) > 1:
            if not all(c.isupper() for c in alpha):
                return False
            n += 1
    return n >= 3


@lru_cache(maxsize=1 << 14)
def skeleton(text: str, particles: frozenset[str] = frozenset()) -> str:
    """A loose form for transliteration variants; only compared, never shown. Remembered:
    resolution asks for the same names' skeletons mention after mention.

    Name particles (al-, bin) go, 'q' and 'gh' meet, vowel digraphs and doubled letters
    collapse, a final 'y' is 'i': Qaani ~ Ghaani, Zelenskyy ~ Zelenskiy ~ Zelensky.
    """
    words = [t.key for t in tokenize(text)]
    words = [w for w in words if w not in particles] or words
    s = " ".join(words)
    for a, b in (("gh", "q"), ("kh", "h"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ph", "f"),
                 ("iy", "i"), ("ck", "k"), ("dj", "j")):
        s = s.replace(a, b)
    s = re.sub(r"(.)\1+", r"\1", s)
    return re.sub(r"y\b", "i", s)
