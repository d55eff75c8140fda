"""Clean: one raw text becomes zero or more articles.

Until the boilerplate and article-splitting rules land (issue 3) this stage is the
honest identity: one article holding the whole text, nothing removed.
"""

from __future__ import annotations

from casus.model import Article, Document


def clean_document(doc: Document, no_clean: bool = False) -> list[Article]:
    """The articles of one document; with `no_clean`, exactly one, byte-for-byte."""
    if no_clean:
        return [Article(doc.id, 0, doc.text, title=doc.title, start=0, end=len(doc.text))]
    start = len(doc.text) - len(doc.text.lstrip())
    body = doc.text.strip()
    return [Article(doc.id, 0, body, title=doc.title, start=start, end=start + len(body))]


def clean(docs: list[Document], run) -> None:
    """Pipeline stage: fill `doc.articles` for every document of a batch."""
    for doc in docs:
        doc.articles = clean_document(doc, no_clean=run.options.no_clean)
