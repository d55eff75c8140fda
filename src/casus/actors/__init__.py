"""Actors: who is who, and every mention resolved to it.

The pipeline stage `actors` fills `actor` on each article's entities and adds the actor
mentions spaCy does not tag as entities (descriptions such as "Iraqi Shiite militias").
Other stages resolve any span with `resolve(text, article)`:

    from casus import actors
    res = actors.resolve("Iran's UN envoy", article)   # Resolution or None
    res.id, res.person, res.named, res.role, res.sponsors

Pass `actors.context(article)` instead of the article when resolving many spans of one
article: it is built once. See docs/actors.md for the knowledge base and its ids.
"""

from __future__ import annotations

from typing import Any

from casus.actors.kb import KB, Actor, Role, add_user_actor, load, user_files
from casus.actors.mentions import annotate
from casus.actors.resolve import Context, Resolution, Resolver, article_dates
from casus.pipeline import shared

__all__ = ["KB", "Actor", "Role", "Context", "Resolution", "actors", "add_user_actor", "context", "load",
           "resolve", "resolver", "user_files"]


def resolver(run: Any = None) -> Resolver:
    """The resolver over the loaded knowledge base."""
    return shared(run, "actor_resolver", lambda: Resolver(load(run)))


def context(article: Any = None, run: Any = None) -> Context:
    """What an article says about its actors so far: its date and its resolved mentions
    (taken from `entities[].actor` once this stage has run, else resolved now)."""
    r = resolver(run)
    ctx = Context(r.kb, article_dates(getattr(article, "date", None)))
    for e in sorted(getattr(article, "entities", None) or [], key=lambda x: x["start"]):
        if "actor" in e and e["actor"] is not None:
            a = r.kb.get(e["actor"])
            res = Resolution(a.id, a, person=a.type == "person" or e["label"] == "PERSON", text=e["text"]) if a else None
        else:
            res = r.resolve(e["text"], ctx, e["start"], e["label"])
        ctx.note(res, e["start"], name=e["text"] if e["label"] == "PERSON" else "")
    return ctx


def resolve(text: str, article_or_context: Any = None, *, label: str | None = None, run: Any = None) -> Resolution | None:
    """The actor a span of text denotes, in the context of its article (date for office
    holders, earlier mentions for surnames and roles), or None when the text does not say."""
    ctx = article_or_context if isinstance(article_or_context, Context) else context(article_or_context, run)
    return resolver(run).resolve(text, ctx, None, label)


def actors(docs: list, run: Any) -> None:
    """Pipeline stage: resolve every article's actor mentions (parallel-safe)."""
    r = resolver(run)
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
