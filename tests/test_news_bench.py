"""bench/news: the invented news pages and their hand-coded key are well-formed (not a test of
casus's accuracy): ids unique and the same in both files, every type a PLOVER type, every quote
verbatim in its article, fields of the right kinds."""

from __future__ import annotations

import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT / "bench" / "news"
PLOVER = {"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
          "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"}
EVENT_KEYS = {"types", "mode", "source", "target", "place", "date", "killed", "injured", "key", "mentions"}
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


def rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (NEWS / name).read_text(encoding="utf-8").splitlines() if line.strip()]


def test_articles_are_well_formed():
    articles = rows("articles.jsonl")
    ids = [a["id"] for a in articles]
    assert len(articles) == 40 and len(set(ids)) == len(ids)
    for a in articles:
        assert set(a) == {"id", "title", "date", "outlet", "text"}, a["id"]
        assert DAY.fullmatch(a["date"]) and "2023" <= a["date"][:4] <= "2026", a["id"]
        assert a["outlet"].endswith(".example"), a["id"]
        assert 250 <= len(a["text"].split()) <= 700, a["id"]


def test_key_is_well_formed_and_quotes_are_verbatim():
    articles = {a["id"]: a for a in rows("articles.jsonl")}
    keys = rows("key.jsonl")
    assert [k["id"] for k in keys] == list(articles)
    for k in keys:
        text, title = articles[k["id"]]["text"], articles[k["id"]]["title"]
        assert k["events"] and any(ev["key"] for ev in k["events"]), k["id"]
        for ev in k["events"]:
            assert EVENT_KEYS <= set(ev), (k["id"], ev)
            assert ev["types"] and set(ev["types"]) <= PLOVER, (k["id"], ev["types"])
            assert ev["date"] is None or DAY.fullmatch(ev["date"]), (k["id"], ev["date"])
            for n in ("killed", "injured"):
                assert ev[n] is None or (isinstance(ev[n], int) and ev[n] >= 0), (k["id"], n)
            assert isinstance(ev["key"], bool)
            for arg in ("source", "target", "place"):
                assert ev[arg] is None or isinstance(ev[arg], str) and ev[arg].strip()
            assert ev["mentions"], (k["id"], ev)
            for q in ev["mentions"]:
                assert q in text or q in title, (k["id"], q)
                assert 5 <= len(q.split()) <= 15, (k["id"], q)
        for field in ("background", "debris", "nonevents"):
            for q in k[field]:
                assert q in text, (k["id"], field, q)
        for q in k["background"]:
            assert 5 <= len(q.split()) <= 15, (k["id"], q)


def test_no_quote_is_both_an_event_and_background_or_debris():
    """A sentence the key calls an event's is not also quoted as background, debris or non-event:
    the quotes must not overlap."""
    for k in rows("key.jsonl"):
        mentions = {q for ev in k["events"] for q in ev["mentions"]}
        for field in ("background", "debris", "nonevents"):
            for q in k[field]:
                assert not any(q in m or m in q for m in mentions), (k["id"], field, q)
