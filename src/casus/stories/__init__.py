"""Stories: each article's copies (dedup) and its story (index), decided before the parse.

The `Stories` component runs in input order over the whole run: an article is a copy of an
earlier one, or joins the story of the earlier original most like it, or starts one; a
straggler left alone in its own story may join a grown story later (`StoryIndex.rejoin`),
which relabels articles already written. With a store, its state is rebuilt from the store's
index rows at start, and each batch's rows, relabels included, are written in the batch's
transaction (`save`), so ingesting in parts gives the same stories as ingesting at once.
"""

from __future__ import annotations

from typing import Any

from casus.bulk import insert, once
from casus.model import Document
from casus.stories.dedup import fingerprint
from casus.stories.index import StoryIndex, parse_day

__all__ = ["Stories", "StoryIndex"]


class Stories:
    name = stage = "stories"
    parallel = False

    def __init__(self, given_date: bool = False, store: Any = None) -> None:
        self.given_date = given_date  # trust the input's date: candidates far apart in time are skipped
        self.store = store  # its connection asked for when used: the store may close it between batches
        self.index = StoryIndex()
        if store is not None:
            self.index.load(store.con)

    def __call__(self, docs: list[Document]) -> None:
        articles = [a for d in docs for a in d.articles]
        prints = [fingerprint(a.text) for a in articles]
        if self.store is not None:  # verbatim copies of originals older than the in-memory window
            self.index.dedup.older = copies(self.store.con, [fp.key for fp in prints])
        given = {id(a): parse_day(d.date) if self.given_date else None for d in docs for a in d.articles}
        for article, fp in zip(articles, prints):
            self.index.place(article, fp, given[id(article)])

    def save(self, con: Any, docs: list[Document]) -> None:
        """The batch's index rows (originals carry fingerprint and features, copies only their
        story and date), its document frequencies, the stragglers its articles' placing let
        rejoin a story (their articles and index rows, whatever batch wrote them, relabelled;
        their own story's row gone), and the recomputed rows of the stories its articles and
        stragglers joined."""
        sketches = [a.sketch for d in docs for a in d.articles if a.sketch is not None]
        if not sketches:
            return
        insert(con, "INSERT OR IGNORE INTO story_index", once([
            [s.article_id, s.story, s.seq, s.date, s.fp and s.fp.key, s.fp and s.fp.raw, s.fp and s.fp.size,
             s.fp.minhash.hashvalues.tolist() if s.fp and s.fp.minhash is not None else None,
             s.features or None, s.weights or None, s.salient or None, s.salience or None, s.year] for s in sketches]))
        counts: dict[int, int] = {}
        for s in sketches:
            for b in s.buckets:
                counts[b] = counts.get(b, 0) + 1
        if counts:
            con.execute(
                "INSERT INTO story_df SELECT unnest(?), unnest(?)"
                " ON CONFLICT (bucket) DO UPDATE SET df = story_df.df + excluded.df",
                [list(counts), list(counts.values())])
        moves = [move for s in sketches for move in s.rejoined]
        if moves:
            old, new = (list(x) for x in zip(*moves))
            for table in ("articles", "story_index"):  # names from here only; the stories are parameters
                con.execute(f"UPDATE {table} SET story = m.new FROM (SELECT unnest(?) AS old, unnest(?) AS new) m"
                            f" WHERE {table}.story = m.old", [old, new])
            con.execute("DELETE FROM stories WHERE list_contains(?, id)", [old])
        con.execute(r"""
            INSERT OR REPLACE INTO stories
            SELECT a.story,
                   coalesce(arg_min(a.title, d.seq * 100000 + a.idx) FILTER (WHERE coalesce(a.title, '') <> ''),
                            arg_min(coalesce(nullif(regexp_extract(a.text, '^([^\n]{20,300}?[.!?])(\s|$)', 1), ''),
                                             left(regexp_extract(a.text, '^[^\n]*'), 200)), d.seq * 100000 + a.idx)),
                   min(coalesce(a.date_value, a.date_earliest, d.date)),
                   max(coalesce(a.date_value, a.date_latest, d.date)),
                   count(*),
                   count(DISTINCT d.outlet)
            FROM articles a JOIN documents d ON d.hash = a.doc_hash
            WHERE list_contains(?, a.story) GROUP BY a.story""",
                    [sorted({s.story for s in sketches} | {joined for _, joined in moves})])


def copies(con: Any, keys: list[str]) -> dict[str, tuple[str, str, str]]:
    """Stored originals with these normalized-text hashes: key -> (article id, story, raw hash)."""
    if not keys:
        return {}
    rows = con.execute(
        "SELECT text_key, article_id, story, raw_key FROM story_index WHERE text_key IN (SELECT unnest(?))",
        [keys]).fetchall()
    return {k: (aid, story, raw) for k, aid, story, raw in rows}
