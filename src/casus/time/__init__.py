"""Time: every date expression found and resolved (timex), and each article's date (dating).

The `Time` component dates each article from its own words (or takes the date the input
gives, when trusted), then resolves every temporal expression in it against that date. It
reads the parse of the sentences that hold a date expression (their tense and attachment),
so it finds the expressions first, when the analyse stage asks where to parse, and keeps
them on the parse (`doc._.timexes`) for its own run.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import Any

from spacy.tokens import Doc

from casus.model import Document
from casus.time import dating, timex

__all__ = ["Time", "dating", "timex"]

Doc.set_extension("timexes", default=None, force=True)


class Time:
    name = stage = "time"
    parallel = True

    def __init__(self, given_date: bool = False) -> None:
        self.given_date = given_date  # trust the input's date as the publication date

    @staticmethod
    def mentions(doc: Any) -> tuple[timex.Mention, ...]:
        """The date expressions of a parsed article, found once."""
        if doc._.timexes is None:
            doc._.timexes = timex.find(doc.text)
        return doc._.timexes

    def needs_parse(self, sent: Any, text: str) -> bool:
        found = self.mentions(sent.doc)  # (in order of their starts)
        i = bisect_left(found, sent.start_char, key=lambda m: m.start)
        return i < len(found) and found[i].start < sent.end_char

    def __call__(self, docs: list[Document]) -> None:
        for d in docs:
            for a in d.articles:
                mentions = self.mentions(a.nlp) if a.nlp is not None else timex.find(a.text)
                if self.given_date and d.date:
                    a.date = dating.given(d.date)
                else:
                    a.date = dating.infer(a.text, a.captions, a.nlp, mentions)
                a.timexes = timex.annotate(a.text, a.date, a.nlp, mentions)
