"""Event linking holds a bounded window of clusters: fed many reports spread over time, the
linker keeps at most its window in memory, still links a report to a recent cluster, and a
store seeds the same window, so a resumed run links as one run would. Synthetic reports, no parse."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta
from types import SimpleNamespace

from casus.events.link import Links
from casus.store import Store

ACTORS = [f"USA.gov{i}" for i in range(40)]


def report(day: str, source: str, target: str) -> dict:
    return {"type": "ASSAULT", "modality": "asserted", "mode": None, "start": 0,
            "source": {"actor": source, "text": source}, "target": {"actor": target, "text": target},
            "place": None, "date": {"earliest": day, "latest": day}, "mentions": [], "confidence": 0.5,
            "attribution": {"kind": "none"}, "killed": None, "injured": None}


def doc(k: int, ev: dict) -> SimpleNamespace:
    """Document `k`: one article with one report, dated the report's day."""
    article = SimpleNamespace(id=f"d{k}#0", story=f"s{k}", duplicate_of=None,
                              date={"earliest": ev["date"]["earliest"]}, events=[dict(ev)], sketch=None)
    return SimpleNamespace(id=f"d{k}", articles=[article], outlet=f"o{k % 7}")


def corpus(n: int) -> list[SimpleNamespace]:
    """`n` reports over `n // 10` days, half of them re-reports of one of the last 20 events."""
    rng, recent, docs = random.Random(3), [], []
    for k in range(n):
        if recent and rng.random() < 0.5:
            ev = rng.choice(recent)
        else:
            day = (date(2020, 1, 1) + timedelta(days=k // 10)).isoformat()
            ev = report(day, rng.choice(ACTORS), rng.choice(ACTORS))
            recent = [*recent, ev][-20:]
        docs.append(doc(k, ev))
    return docs


def link(links: Links, docs: list) -> list[str]:
    out = []
    for i in range(0, len(docs), 16):
        batch = docs[i:i + 16]
        links(batch)
        assert len(links.linker.by_id) <= links.linker.window
        assert sum(map(len, links.linker.by_actor.values())) <= 2 * links.linker.window
        out += [ev["cluster"] for d in batch for a in d.articles for ev in a.events]
    return out


def test_memory_holds_the_window_and_links_as_if_unbounded():
    docs = corpus(3000)
    bounded, whole = Links(window=100), Links()
    clusters = link(bounded, docs)
    assert clusters == link(whole, corpus(3000))
    assert len(bounded.linker.by_id) == 100 and len(whole.linker.by_id) > 1000
    # a new report of a recent event joins its cluster; one of the first event is forgotten here
    last, first = docs[-1].articles[0].events[0], docs[0].articles[0].events[0]
    again = [doc(5000, last), doc(5001, first)]
    bounded(again)
    assert again[0].articles[0].events[0]["cluster"] == last["cluster"]
    assert again[1].articles[0].events[0]["cluster"] == "d5001#0/e0" != first["cluster"]


def test_a_store_seeds_the_window_a_whole_run_would_keep(tmp_path):
    docs = corpus(1200)
    whole = link(Links(window=15), docs)
    first, rest = corpus(1200)[:700], corpus(1200)[700:]
    part = Links(window=15)
    linked = link(part, first)
    with Store(tmp_path / "c.duckdb") as store:
        for seq, d in enumerate(first, 1):
            a, ev = d.articles[0], d.articles[0].events[0]
            store.con.execute("INSERT INTO documents (hash, id, seq, outlet) VALUES (?, ?, ?, ?)",
                              [d.id, d.id, seq, d.outlet])
            store.con.execute("INSERT INTO articles (id, doc_hash, idx, story, date_earliest) VALUES (?, ?, 0, ?, ?)",
                              [a.id, d.id, a.story, a.date["earliest"]])
            store.con.execute("INSERT INTO events (id, article_id, type, modality, start, source_actor, target_actor,"
                              " date_earliest, date_latest, place, cluster) VALUES (?, ?, ?, ?, 0, ?, ?, ?, ?, ?, ?)",
                              [f"{a.id}/e0", a.id, ev["type"], ev["modality"], ev["source"]["actor"],
                               ev["target"]["actor"], ev["date"]["earliest"], ev["date"]["latest"],
                               json.dumps(ev["place"]) if ev["place"] else None, ev["cluster"]])
        resumed = Links(store, window=15)
    assert resumed.linker.made == 15  # only the window is read
    assert list(resumed.linker.by_id) == list(part.linker.by_id)  # in the order they were last joined
    assert linked + link(resumed, rest) == whole


def test_an_undated_report_links_in_the_story_a_straggler_joined():
    """Undated reports link only within one story; once a straggler's story has joined another
    (an article's sketch says so), its reports are in that story, as a relabelled store has them."""
    for rejoined, linked in (([], False), ([("s0", "s2")], True)):
        docs = [doc(k, report("2020-01-01", ACTORS[0], ACTORS[1] if k != 1 else ACTORS[2])) for k in range(3)]
        for d in docs[0], docs[2]:
            d.articles[0].events[0]["date"] = None  # undated: only the story can tell
        docs[1].articles[0].sketch = SimpleNamespace(rejoined=rejoined)
        out = link(Links(), docs)
        assert (out[0] == out[2]) is linked
