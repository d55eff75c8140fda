"""Benchmark: events on whole news pages — does casus give each real, current event once, of
the right type, and leave background, reporting formulas and page debris alone?

Data: bench/news (in the repo; see its README): 40 invented news pages written by the team
(wire stories, local outlets, an explainer, live blogs, a press release, a junta communique,
an analysis piece, toll updates, protests, a court sentencing, an aid convoy looted, a
ceasefire broken, diplomatic rows, contradictory claims), with a key coded by hand
before casus was run on them: every current event once (accepted PLOVER types, source, target,
place, date, killed, injured, whether it is key news) with a verbatim quote of every sentence
that reports it, and quotes of background sentences (older, habitual, generic or aggregate
events), page debris and non-events (reporting formulas, hypotheticals, plans).

Run: the whole pipeline as a user runs it (cleaning on; the page's `date` as the publication
date; `casus.pipeline.process` over a temporary JSONL), one process, after a one-document
warm-up that loads the models.

Matching. An emitted event *touches* a gold event when one of its sentences (its `sentence`
and every `mentions` sentence, whitespace-normalised) contains one of the gold event's
mention quotes (likewise normalised), and it *fits* it when it touches it and its type is one
the key accepts. Emitted events of modality `historical` are set apart; the others are
matched to gold events they fit by a maximum bipartite matching (each gold event takes at
most one emitted event; among matchings with the most pairs, the one whose events stand
best for their gold events: the quote in the event's own sentence, a realis modality, then,
only for an event that fits several gold events, source and target naming the right one, then
the event that fills most of source, target, place, date and killed). What is left over is
named, first rule that applies:
- duplicate: fits a gold event another emitted event already took (the same event twice;
  irrealis ones counted apart: often the act a threat or appeal is about, in a sentence that
  also reports a real event);
- wrong type: touches a gold event it does not fit (irrealis among them: modality
  threatened/urged/requested/planned/hypothetical, i.e. the act a threat or appeal is about);
- background: a sentence holds a background quote (background coded as current);
- debris: a sentence holds a debris quote;
- non-event: a sentence holds a non-event quote (a reporting formula, a hypothetical...);
- no quote: none of these (a sentence the key says nothing about, so not an event).

Figures, per half (tuning / blind / all; the split is bench/halves.py's, by article id):
- events per gold event: non-historical emitted / gold events, and all emitted / gold;
- precision: matched / non-historical emitted, and (matched + duplicates) / non-historical
  emitted (a duplicate is the right event, given twice); the leftover kinds, counted;
- recall: gold events matched / gold events; key events matched / key events; gold events
  touched only by historical events of a fitting type (current coded as historical);
- historical events: on a background quote (right), on a gold mention, elsewhere;
- arguments over matched events (the emitted event the matching gave the gold event; a
  duplicate's arguments are not scored): source / target right (the emitted text shares a content
  word with the gold phrase or one of its `;` alternatives, case-folded, without function
  words; a gold null is right when nothing is emitted), place right (the emitted place's
  name or text equals or contains the gold place, case-folded; gold null is always right),
  date exact (the emitted value is the gold day; gold null wants null), killed / injured
  exact (null = null), and killed exact over the gold events that have a figure;
- modality counts of the emitted events, and the commonest wrong types (gold -> emitted), counted.
Baseline in the same run: the trigger-word lookup of bench/events.py over the raw page text
(no cleaning, a naive sentence split on end punctuation and line breaks): one event per
sentence that holds a form of a lexicon word, typed by that word, scored the same way.

`--show` prints, for the tuning half only, every emitted event with what it matched and its
sentence, then the gold events nothing matched, for reading errors; the blind half is only
ever counted.

    .venv/bin/python bench/news.py [--show]
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections import Counter
from pathlib import Path

import numpy as np
from events import (
    content,
    lookup_baseline,
    matches,
    per_half,
    ratio,
    read_jsonl,
    run_pipeline,
    table_head,
    table_row,
)
from halves import split
from scipy.optimize import linear_sum_assignment

from casus.pipeline import Options

ROOT = Path(__file__).resolve().parents[1]
NEWS = ROOT / "bench" / "news"
IRREALIS = {"threatened", "urged", "requested", "planned", "hypothetical"}
LEFTOVER = ("duplicate", "wrong type", "background", "debris", "non-event", "no quote")


def norm(text: str | None) -> str:
    return " ".join((text or "").split())


def sentences_of(ev: dict) -> list[str]:
    out = [norm(ev.get("sentence"))]
    out += [norm(m.get("sentence")) for m in ev.get("mentions") or []]
    return [s for s in dict.fromkeys(out) if s]


def run_casus(articles: list[dict]) -> tuple[dict[str, list[dict]], float, int]:
    """Events per article id (all articles casus makes of the page, in order), wall seconds, words."""
    with tempfile.TemporaryDirectory() as tmp:
        warm = Path(tmp) / "warm.jsonl"
        warm.write_text(json.dumps({"id": "warm", "text": "Gunmen killed two soldiers in Kano on Monday, police said.",
                                    "date": "2024-01-02"}) + "\n")
        run_pipeline([warm], Options())
        path = Path(tmp) / "news.jsonl"
        path.write_text("".join(json.dumps({k: a[k] for k in ("id", "title", "text", "date")}) + "\n"
                                for a in articles))
        docs, _, secs = run_pipeline([path], Options())
    by_id = {d.id: d for d in docs}
    events = {a["id"]: [e for art in by_id[a["id"]].articles for e in sorted(art.events, key=lambda e: e["start"])]
              for a in articles}
    return events, secs, sum(len(a["text"].split()) for a in articles)


SPLIT = re.compile(r"(?<=[.!?])[\"')\]]*\s+|\n+")


def baseline_events(article: dict) -> list[dict]:
    """One event per sentence of the raw page that holds a lexicon word (bench/events.py's lookup)."""
    out = []
    for sent in SPLIT.split(article["text"]):
        if sent.strip() and (typ := lookup_baseline(sent)):
            out.append({"type": typ, "mode": None, "modality": "asserted", "sentence": sent.strip(), "mentions": [],
                        "source": {"text": None}, "target": {"text": None}, "place": None, "date": None,
                        "killed": None, "injured": None})
    return out


def max_matching(weights: list[dict[int, float]], n_gold: int) -> list[int | None]:
    """For each emitted event, the gold event it is matched to: the most pairs, and among
    matchings with as many pairs the one whose pairs agree best (`weights`, each below 1000)."""
    if not weights or not n_gold:
        return [None] * len(weights)
    w = np.zeros((len(weights), n_gold))
    for e, fits in enumerate(weights):
        for g, pref in fits.items():
            w[e, g] = 1000 + pref
    rows, cols = linear_sum_assignment(w, maximize=True)
    match: list[int | None] = [None] * len(weights)
    for e, g in zip(rows, cols):
        if w[e, g] > 0:
            match[e] = int(g)
    return match


def score_article(events: list[dict], key: dict) -> dict:
    """Every emitted event named (matched gold index or a leftover kind), and the gold events' matches."""
    gold = key["events"]
    quotes = [[norm(q) for q in g["mentions"]] for g in gold]
    other = {f: [norm(q) for q in key.get(f, [])] for f in ("background", "debris", "nonevents")}

    def holds(sents: list[str], qs: list[str]) -> bool:
        return any(q in s for s in sents for q in qs)

    sents = [sentences_of(e) for e in events]
    touched = [[g for g in range(len(gold)) if holds(sents[i], quotes[g])] for i in range(len(events))]
    current = [i for i, e in enumerate(events) if e["modality"] != "historical"]
    fits = [[g for g in touched[i] if events[i]["type"] in gold[g]["types"]] for i in current]

    def agree(i: int, g: int, ambiguous: bool) -> float:
        """Which of the emitted events that fit a gold event stands for it: the gold quote in its
        own sentence, a realis modality, then, only when the event fits several gold events (a
        sentence reporting two attacks), its source and target naming this one's, then the event
        that says most (source, target, place, date, killed filled)."""
        e = events[i]
        filled = [(e.get("source") or {}).get("text"), (e.get("target") or {}).get("text"), e.get("place"),
                  e.get("date"), e.get("killed")]
        who = arg_right(e.get("source"), gold[g]["source"]) + arg_right(e.get("target"), gold[g]["target"])
        return (4 * holds([norm(e.get("sentence"))], quotes[g]) + 2 * (e["modality"] not in IRREALIS)
                + 1.5 * who * ambiguous + 0.3 * sum(x is not None for x in filled))

    matched = max_matching([{g: agree(i, g, len(fits[k]) > 1) for g in fits[k]} for k, i in enumerate(current)],
                           len(gold))
    verdict: list[tuple[str, int | None]] = [("historical", None)] * len(events)
    gold_match: list[int | None] = [None] * len(gold)
    for k, i in enumerate(current):
        e = events[i]
        if matched[k] is not None:
            verdict[i] = ("matched", matched[k])
            gold_match[matched[k]] = i
        elif fits[k]:
            verdict[i] = ("duplicate", fits[k][0])
        elif touched[i]:  # named after a gold event no other emitted event took, if any
            verdict[i] = ("wrong type", next((g for g in touched[i] if g not in matched), touched[i][0]))
        elif holds(sents[i], other["background"]):
            verdict[i] = ("background", None)
        elif holds(sents[i], other["debris"]):
            verdict[i] = ("debris", None)
        elif holds(sents[i], other["nonevents"]):
            verdict[i] = ("non-event", None)
        else:
            verdict[i] = ("no quote", None)
    hist = {}
    for i, e in enumerate(events):
        if e["modality"] == "historical":
            if holds(sents[i], other["background"]):
                hist[i] = "background"
            elif touched[i]:
                hist[i] = "gold mention"
            else:
                hist[i] = "elsewhere"
    only_hist = [g for g in range(len(gold)) if gold_match[g] is None and any(
        g in touched[i] and events[i]["type"] in gold[g]["types"] for i in hist)]
    return {"verdict": verdict, "gold_match": gold_match, "hist": hist, "only_hist": only_hist}


def place_right(ev: dict, gold: str | None) -> bool:
    if not gold:
        return True
    p = ev.get("place") or {}
    g = gold.lower()
    return any(g in norm(p.get(k)).lower() for k in ("name", "text") if p.get(k))


def date_right(ev: dict, gold: str | None) -> bool:
    d = (ev.get("date") or {}).get("value")
    return d == gold


def arg_right(arg: dict | None, gold: str | None) -> bool:
    text = (arg or {}).get("text")
    if not gold:
        return not content(text)
    return matches(text, gold)


def report(name: str, per_doc: dict[str, list[dict]], keys: dict[str, dict], parts: dict[str, list[int]],
           ids: list[str], full: bool) -> None:
    scored = {i: score_article(per_doc[i], keys[i]) for i in ids}

    def over(idx: list[int]):
        return [ids[j] for j in idx]

    def count(idx, fn) -> int:
        return sum(fn(a) for a in over(idx))

    n_gold = lambda idx: count(idx, lambda a: len(keys[a]["events"]))  # noqa: E731
    n_key = lambda idx: count(idx, lambda a: sum(g["key"] for g in keys[a]["events"]))  # noqa: E731
    n_all = lambda idx: count(idx, lambda a: len(per_doc[a]))  # noqa: E731
    n_cur = lambda idx: count(idx, lambda a: sum(e["modality"] != "historical" for e in per_doc[a]))  # noqa: E731

    def kind(k: str):
        return lambda idx: count(idx, lambda a: sum(v == k for v, _ in scored[a]["verdict"]))

    matched = kind("matched")
    dup = kind("duplicate")
    row = lambda label, fn: print(table_row(label, per_half(parts, fn)))  # noqa: E731
    print(f"\n{name}")
    row("events emitted (all)", lambda idx: str(n_all(idx)))
    if full:
        row("  of which historical", lambda idx: str(n_all(idx) - n_cur(idx)))
    row("events per gold event (non-hist.)", lambda idx: f"{n_cur(idx) / n_gold(idx):.2f}")
    row("events per gold event (all)", lambda idx: f"{n_all(idx) / n_gold(idx):.2f}")
    row("precision (matched / non-hist.)", lambda idx: ratio(matched(idx), n_cur(idx)))
    row("precision, duplicates right", lambda idx: ratio(matched(idx) + dup(idx), n_cur(idx)))
    print("  non-historical events not matched:")
    for k in LEFTOVER:
        row(f"  {k}", lambda idx, k=k: str(kind(k)(idx)))
        if k in ("duplicate", "wrong type") and full:
            row("    of which irrealis", lambda idx, k=k: str(count(idx, lambda a: sum(
                v == k and per_doc[a][i]["modality"] in IRREALIS for i, (v, _) in enumerate(scored[a]["verdict"])))))
    if full:  # the wrong types by kind, counted (the blind half is read by kind only)
        for h, idx in parts.items():
            kinds = Counter(("/".join(keys[a]["events"][g]["types"]), per_doc[a][i]["type"])
                            for a in over(idx) for i, (v, g) in enumerate(scored[a]["verdict"]) if v == "wrong type")
            print(f"    wrong type, {h:<7} " + ", ".join(f"{gold} as {typ} {n}" for (gold, typ), n in kinds.most_common(6)))
    got = lambda a, g: scored[a]["gold_match"][g] is not None  # noqa: E731
    row("gold event recall", lambda idx: ratio(count(idx, lambda a: sum(
        got(a, g) for g in range(len(keys[a]["events"])))), n_gold(idx)))
    row("key event recall", lambda idx: ratio(count(idx, lambda a: sum(
        got(a, g) for g, ev in enumerate(keys[a]["events"]) if ev["key"])), n_key(idx)))
    if not full:
        return
    row("gold found only as historical", lambda idx: str(count(idx, lambda a: len(scored[a]["only_hist"]))))
    for k in ("background", "gold mention", "elsewhere"):
        row(f"historical events on {k}", lambda idx, k=k: str(count(idx, lambda a: sum(
            v == k for v in scored[a]["hist"].values()))))
    print("  arguments of matched events:")

    def arg(fn, among=lambda g: True):
        def cell(idx):
            pairs = [(per_doc[a][scored[a]["gold_match"][g]], ev) for a in over(idx)
                     for g, ev in enumerate(keys[a]["events"]) if got(a, g) and among(ev)]
            return ratio(sum(fn(e, ev) for e, ev in pairs), len(pairs))
        return cell

    row("source right", arg(lambda e, g: arg_right(e.get("source"), g["source"])))
    row("target right", arg(lambda e, g: arg_right(e.get("target"), g["target"])))
    row("place right", arg(lambda e, g: place_right(e, g["place"])))
    row("place right (gold has a place)", arg(lambda e, g: place_right(e, g["place"]), lambda g: bool(g["place"])))
    row("date exact", arg(lambda e, g: date_right(e, g["date"])))
    row("date exact (gold has a day)", arg(lambda e, g: date_right(e, g["date"]), lambda g: bool(g["date"])))
    row("killed exact", arg(lambda e, g: e.get("killed") == g["killed"]))
    row("killed exact (gold has a figure)", arg(lambda e, g: e.get("killed") == g["killed"],
                                                lambda g: g["killed"] is not None))
    row("injured exact", arg(lambda e, g: e.get("injured") == g["injured"]))
    print("  modality of emitted events:")
    for h, idx in parts.items():
        mods = Counter(e["modality"] for a in over(idx) for e in per_doc[a])
        print(f"    {h:<7} " + ", ".join(f"{m} {n}" for m, n in mods.most_common()))


def describe(e: dict) -> str:
    arg = lambda a: (a or {}).get("text") or "-"  # noqa: E731
    when = (e.get("date") or {}).get("value") or "-"
    where = (e.get("place") or {}).get("name") or "-"
    counts = "".join(f" | {k} {e[k]}" for k in ("killed", "injured") if e.get(k) is not None)
    return (f"{e['type']}{'/' + e['mode'] if e.get('mode') else ''} [{e['modality']}] {arg(e.get('source'))} -> "
            f"{arg(e.get('target'))} | {where} | {when}{counts}")


def show(per_doc: dict[str, list[dict]], keys: dict[str, dict], tuning: list[str], titles: dict[str, str]) -> None:
    print("\nTuning half, every emitted event (verdict; G# = gold event index in the key):")
    for a in tuning:
        sc = score_article(per_doc[a], keys[a])
        gold = keys[a]["events"]
        print(f"\n== {a}: {titles[a]}")
        for i, e in enumerate(per_doc[a]):
            v, g = sc["verdict"][i]
            if v == "historical":
                v = f"historical ({sc['hist'][i]})"
            tag = f"{v} G{g} {'/'.join(gold[g]['types'])}" if g is not None else v
            n = len(e.get("mentions") or [])
            print(f"  [{tag}] {describe(e)}  ({n} mentions)\n      \"{norm(e['sentence'])}\"")
        for g, ev in enumerate(gold):
            if sc["gold_match"][g] is None:
                print(f"  MISSED G{g} {'/'.join(ev['types'])}{' (key)' if ev['key'] else ''}"
                      f"{' (only as historical)' if g in sc['only_hist'] else ''}: {ev['source']} -> {ev['target']}"
                      f" | {ev['place']} | {ev['date']} | \"{ev['mentions'][0]}\"")


def main() -> None:
    articles = read_jsonl(NEWS / "articles.jsonl")
    keys = {k["id"]: k for k in read_jsonl(NEWS / "key.jsonl")}
    ids = [a["id"] for a in articles]
    parts = split(ids)
    casus, secs, words = run_casus(articles)
    base = {a["id"]: baseline_events(a) for a in articles}
    print(f"News pages ({len(ids)} invented articles, bench/news; CC0): whole pipeline, cleaning on")
    print(table_head({h: len(idx) for h, idx in parts.items()}))
    print(table_row("gold events", per_half(parts, lambda idx: str(sum(len(keys[ids[j]]["events"]) for j in idx)))))
    print(table_row("key events", per_half(parts, lambda idx: str(sum(
        g["key"] for j in idx for g in keys[ids[j]]["events"])))))
    report("casus", casus, keys, parts, ids, full=True)
    report("baseline: trigger-word lookup, one event per raw sentence with a lexicon word", base, keys, parts, ids,
           full=False)
    print(f"\n  time: whole pipeline {secs:.1f} s for {len(ids)} pages ({words} words, {words / secs:.0f} words/s, "
          f"1 process, models loaded before)")
    if "--show" in sys.argv:
        show(casus, keys, [ids[j] for j in parts["tuning"]], {a["id"]: a["title"] for a in articles})


if __name__ == "__main__":
    main()
