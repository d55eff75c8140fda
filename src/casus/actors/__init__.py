"""Actors: who is who, and every mention resolved to it.

The pipeline stage `actors` fills `actor` on each article's entities and adds the actor
mentions spaCy does not tag as entities (descriptions such as "Iraqi Shiite militias").
Other stages resolve any span with `resolve(text, article)`:

    from casus import actors
    res = actors.resolve("Iran's UN envoy", article)   # Resolution or None
    res.id, res.person, res.named, res.role, res.sponsors

Pass `actors.context(article)` instead of the article when resolving many spans of one
article: it is built once. Without a `resolver`, these use one over the knowledge base as
this process first read it (`load`); a pipeline run reads its own. See docs/actors.md for
the knowledge base and its ids.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from casus.actors.kb import KB, Actor, Role, add_user_actor, read, user_files
from casus.actors.mentions import annotate, reads_parse
from casus.actors.resolve import Context, Resolution, Resolver, article_dates

__all__ = ["KB", "Actor", "Actors", "Role", "Context", "Resolution", "Resolver", "add_user_actor", "context",
           "load", "read", "resolve", "resolver", "user_files"]


@cache
def load() -> KB:
    """The knowledge base, read once per process."""
    return read()


@cache
def resolver() -> Resolver:
    """A resolver over `load()`'s knowledge base."""
    return Resolver(load())


def context(article: Any = None, r: Resolver | None = None) -> Context:
    """What an article says about its actors so far: its date and its resolved mentions
    (taken from `entities[].actor` once this stage has run, else resolved now)."""
    r = r or resolver()
    ctx = Context(r.kb, article_dates(getattr(article, "date", None)))
    for e in sorted(getattr(article, "entities", None) or [], key=lambda x: x["start"]):
        if "actor" in e and e["actor"] is not None:
            a = r.kb.get(e["actor"])
            res = Resolution(a.id, a, person=a.type == "person" or e["label"] == "PERSON", text=e["text"]) if a else None
        else:
            res = r.resolve(e["text"], ctx, e["start"], e["label"])
        ctx.note(res, e["start"], name=e["text"] if e["label"] == "PERSON" else "")
    return ctx


def resolve(text: str, article_or_context: Any = None, *, label: str | None = None,
            r: Resolver | None = None) -> Resolution | None:
    """The actor a span of text denotes, in the context of its article (date for office
    holders, earlier mentions for surnames and roles), or None when the text does not say."""
    r = r or resolver()
    ctx = article_or_context if isinstance(article_or_context, Context) else context(article_or_context, r)
    return r.resolve(text, ctx, None, label)


class Actors:
    """The actors stage: every article's actor mentions resolved. It reads the parse of the
    sentences that may hold an actor description (a noun phrase such as "Iraqi Shiite militias")."""

    name = stage = "actors"
    parallel = True

    def __init__(self, res: Any) -> None:
        self.res = res  # shared models: `res.kb`, `res.resolver`

    def needs_parse(self, sent: Any, text: str) -> bool:
        return reads_parse(text, self.res.kb)

    def __call__(self, docs: list) -> None:
        r = self.res.resolver
        for doc in docs:
            for article in doc.articles:
                annotate(article, r)


def seen_in_store(store: Any, query: str = "", limit: int = 50) -> list[dict[str, Any]]:
    """Actors the store's articles mention, most mentioned first, with the KB's name."""
    kb = load()
    rows = store.query(
        "SELECT actor, count(*) AS mentions, count(DISTINCT article_id) AS articles FROM entities"
        " WHERE actor IS NOT NULL GROUP BY actor ORDER BY mentions DESC, actor")
    out = []
    q = query.casefold()
    for row in rows:
        a = kb.get(row["actor"])
        name = a.name if a else "(not in the knowledge base)"
        if q and q not in row["actor"].casefold() and q not in name.casefold():
            continue
        out.append({**row, "name": name, "type": a.type if a else None, "country": a.country if a else None})
        if len(out) >= limit:
            break
    return out
