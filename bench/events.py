"""Benchmark: event coding on two gold sets (PLOVER GSR, ACLED 2016 notes), the rate of
historical events in the seeds and the bundled examples, and a report of the seeds.

Data (../shared/dev, outside the repo; see its README):
- plover_gsr.jsonl, the PLOVER gold standard records (openeventdata/PLOVER, CC BY-SA 4.0):
  322 short sentences from the CAMEO manual, each with one coded event (type, source and
  target actor text);
- acled2016.jsonl, 500 ACLED event notes (Africa, 17 June - 2 July 2016; ACLED's terms of use
  apply; attribution: Armed Conflict Location & Event Data Project, acleddata.com), each with
  the list of current ACLED event types its 2016 label accepts ("Riots/Protests" accepts both);
- ../shared/seeds/*.txt (five real scrapes) and examples/corpus (invented articles, in the repo).

Halves. Every dev set is split by one function, `half(id)` (bench/halves.py): the record is in
the tuning half when the first byte of sha1(id) is even, else in the blind half. Every figure is given for
tuning, blind and all. Only the tuning half's errors are printed one by one (confusions);
of the blind half only aggregate numbers are printed, so that tuning on this output does not
read the blind half.

PLOVER GSR. Every sentence goes through the whole pipeline (`casus extract --no-clean`:
parse, time, places, actors, events) as one document. A sentence may yield several events
(the REQUEST and the urged ASSAULT of "X urged Y to attack Z"); the prediction for the record
is the event casus is most confident in (first in text order on ties), or none.
- type accuracy, and macro-F1 over the PLOVER types in the half's gold (a record without
  prediction is a miss for its gold type; a wrong type is a false positive for the predicted one);
- no event: share of sentences without any event; events per text: all events / sentences;
- source / target match: the predicted text shares at least one content word (case-folded,
  without function words) with one of the gold actor texts ("United States; Jordan" is two);
  counted over the records whose gold has that actor, with "-" meaning nothing predicted;
- throughput: documents per second for the whole pipeline in one process, and the share of
  time the events stage adds (same run with `--stage actors`).
Baselines measured in the same run: the majority class of the tuning half, and a
bag-of-trigger-words lookup — the first word of the sentence that is an inflection of a
lexicon predicate or event noun, typed by that word's first sense in the lexicon, no parse.

ACLED 2016. Every note goes through the whole pipeline as its own document (`--no-clean`,
the note's event_date as the input date). Its main event is the first event in text order
whose modality is asserted, reported or claimed, else the first event; its class is the
ACLED event_type casus's own export mapping gives it (`casus.events.export.acled`; none when
the mapping has no ACLED class for it, e.g. CONSULT, or ASSAULT without a mode).
- class accuracy: correct when the predicted class is one of the note's accepted types
  (a note without event, or whose main event has no ACLED class, is wrong);
- no event: share of notes without any event; no class: share whose main event has no ACLED
  class; events per note;
- confusion (gold types -> predicted class counts), tuning half only.
Arguments of the main event (issue #16):
- date exact: its date is the note's event_date to the day; over all notes (no date is a miss)
  and over the notes whose text names a month or weekday;
- place within 25 km of ACLED's point, over the notes located to the town or district
  (geo_precision 1-2; no place is a miss), and the share with no place at all;
- fatalities exact: killed (none = 0) equals ACLED's fatalities, over the notes with deaths
  and over all notes;
- source / target match ACLED's actor1 / actor2, over the notes that name one: a named group
  matches by a shared content word; ACLED's generic actors ("Military Forces of X", "Police
  Forces of X", "Protesters (X)", "Rioters (X)", "Civilians (X)", "Unidentified Armed Group (X)")
  match by the sector of the actor casus resolved (MIL; POL; a non-state sector: civilians,
  opposition, business, media, NGOs, clergy, parties; the same but opposition and parties; REB)
  and, when both are known, the same country. A second row ("or its kind") also counts an
  argument resolved to no actor whose words name the same kind of side (casus.events.export.side:
  "Traders" for "Protesters (X)", "Police" for "Police Forces of X", "Unidentified gunmen" for
  "Unidentified Armed Group (X)"), as an analyst reading the row would.
Baselines in the same run: the tuning half's majority class, and a keyword lookup over the
note (fight/clash -> Battles; shelling/air strike/bomb/IED/mortar -> Explosions/Remote
violence; protest/demonstration -> Protests; riot/mob -> Riots; kill/abduct/attack ->
Violence against civilians; else Strategic developments; first rule that matches).

Historical events: events, events of modality "historical", and their share, over the five
seeds and over examples/corpus (full pipeline, cleaning on).

Then every event found in the five seeds is listed for a human to read, with its cluster's
report count, after the seeds' throughput (scrapes of several long articles each, so per
article is the comparable figure).

Run: .venv/bin/python bench/events.py [--no-seeds | --acled]
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from functools import cache
from pathlib import Path

from halves import HALVES, half, split

from casus.actors import read as read_kb
from casus.events.export import acled, kinds, side
from casus.events.lexicon import inflections, load
from casus.model import ReadError
from casus.pipeline import Options, Run, process
from casus.places.gazetteer import haversine_km
from casus.read import read_paths

ROOT = Path(__file__).resolve().parents[1]
GSR = ROOT / ".." / "shared" / "dev" / "plover_gsr.jsonl"
ACLED = ROOT / ".." / "shared" / "dev" / "acled2016.jsonl"
SEEDS = ROOT / ".." / "shared" / "seeds"
EXAMPLES = ROOT / "examples" / "corpus"
FUNCTION_WORDS = set("the a an of and in on at to for by from with 's s its their his her".split())
MAIN_MODALITIES = {"asserted", "reported", "claimed"}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def content(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", (text or "").lower()) if w not in FUNCTION_WORDS}


def matches(pred: str | None, gold: str | None) -> bool:
    p = content(pred)
    return bool(p) and any(p & content(part) for part in (gold or "").split(";"))


def run_pipeline(paths: list[Path], options: Options) -> tuple[list, Run, float]:
    run = Run(options=options)
    t0 = time.perf_counter()
    docs = [d for batch in process(read_paths([str(p) for p in paths]), run) for d in batch
            if not isinstance(d, ReadError)]  # (a README beside the pages is reported, not read)
    return docs, run, time.perf_counter() - t0


def events_of(doc) -> list[dict]:
    return [e for a in doc.articles for e in a.events]


def primary(events: list[dict]) -> dict | None:
    return max(events, key=lambda e: e["confidence"]) if events else None


def main_event(events: list[dict]) -> dict | None:
    """The first event (text order) whose modality is asserted, reported or claimed, else the first."""
    ordered = sorted(events, key=lambda e: e["start"])  # stable: list order within a sentence
    return next((e for e in ordered if e["modality"] in MAIN_MODALITIES), ordered[0] if ordered else None)


def macro_f1(gold: list[str], pred: list[str | None], labels: list[str]) -> float:
    f1s = []
    for lab in labels:
        tp = sum(1 for g, p in zip(gold, pred) if g == lab and p == lab)
        fp = sum(1 for g, p in zip(gold, pred) if g != lab and p == lab)
        fn = sum(1 for g, p in zip(gold, pred) if g == lab and p != lab)
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return sum(f1s) / len(f1s) if f1s else 0.0


@cache
def trigger_forms() -> dict[str, str]:
    lex = load()
    forms: dict[str, str] = {}
    for table in (lex.verbs, lex.nouns):
        for lemma, entries in table.items():
            typed = [e.type for e in entries if e.type != "-"]
            if typed:
                for f in inflections(lemma):
                    forms.setdefault(f, typed[-1])
    return forms


def lookup_baseline(text: str) -> str | None:
    """The type of the first word that is a form of a lexicon word (no parse)."""
    forms = trigger_forms()
    for w in re.findall(r"[a-z]+", text.lower()):
        if w in forms:
            return forms[w]
    return None


ACLED_KEYWORDS = [  # (pattern over the lower-cased note, class); the first that matches wins
    (r"\b(fight|fought|clash|battl|gunfight|skirmish)", "Battles"),
    (r"\b(shell|air ?strike|air ?raid|bomb|ied|mortar|explo|grenade|landmine|rocket)", "Explosions/Remote violence"),
    (r"\b(protest|demonstrat)", "Protests"),
    (r"\b(riot|mob)\b", "Riots"),
    (r"\b(kill|abduct|kidnap|attack|murder)", "Violence against civilians"),
]


def acled_keyword_baseline(text: str) -> str:
    """A coarse ACLED class from keywords in the note, no parse."""
    low = text.lower()
    return next((cls for pat, cls in ACLED_KEYWORDS if re.search(pat, low)), "Strategic developments")


COL = 17


def table_row(label: str, values: dict[str, str]) -> str:
    return f"  {label:<34}" + "".join(f"{values[h]:>{COL}}" for h in HALVES)


def table_head(sizes: dict[str, int]) -> str:
    return f"  {'':<34}" + "".join(f"{f'{h} ({sizes[h]})':>{COL}}" for h in HALVES)


def per_half(parts: dict[str, list[int]], fn: Callable[[list[int]], str]) -> dict[str, str]:
    return {h: fn(idx) for h, idx in parts.items()}


def share(hits: int, n: int) -> str:
    return f"{hits / n:.3f}" if n else "-"


def ratio(hits: int, n: int) -> str:
    return f"{share(hits, n)} ({hits}/{n})"


def gsr_bench() -> None:
    records = read_jsonl(GSR)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "gsr.jsonl"
        path.write_text("".join(json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in records))
        run_pipeline([path], Options(no_clean=True))  # warm-up: models and gazetteer load once
        docs, _, secs = run_pipeline([path], Options(no_clean=True))
        _, _, secs_no_events = run_pipeline([path], Options(no_clean=True, stop="actors"))
    by_id = {d.id: d for d in docs}
    parts = split([r["id"] for r in records])
    gold = [r["event_type"] for r in records]
    all_events = [events_of(by_id[r["id"]]) for r in records]
    evs = [primary(e) for e in all_events]
    preds = [ev["type"] if ev else None for ev in evs]
    base = [lookup_baseline(r["text"]) for r in records]
    majority = Counter(gold[i] for i in parts["tuning"]).most_common(1)[0][0]

    def acc(pred: list[str | None]) -> Callable[[list[int]], str]:
        return lambda idx: share(sum(gold[i] == pred[i] for i in idx), len(idx))

    def f1(pred: list[str | None]) -> Callable[[list[int]], str]:
        return lambda idx: f"{macro_f1([gold[i] for i in idx], [pred[i] for i in idx], sorted({gold[i] for i in idx})):.3f}"

    def actor_match(key: str, gold_key: str) -> Callable[[list[int]], str]:
        def fn(idx: list[int]) -> str:
            has = [i for i in idx if records[i][gold_key]]
            hits = sum(bool(evs[i] and matches(evs[i][key]["text"], records[i][gold_key])) for i in has)
            return ratio(hits, len(has))
        return fn

    print(f"PLOVER GSR ({len(records)} records, {GSR.name}; CC BY-SA 4.0, openeventdata/PLOVER)")
    print(table_head({h: len(idx) for h, idx in parts.items()}))
    print(table_row("casus type accuracy", per_half(parts, acc(preds))))
    print(table_row("casus macro-F1", per_half(parts, f1(preds))))
    print(table_row("casus no event (share)", per_half(parts, lambda idx: share(
        sum(not all_events[i] for i in idx), len(idx)))))
    print(table_row("casus events per text", per_half(parts, lambda idx: f"{sum(len(all_events[i]) for i in idx) / len(idx):.2f}")))
    print(table_row("casus source match", per_half(parts, actor_match("source", "source_text"))))
    print(table_row("casus target match", per_half(parts, actor_match("target", "target_text"))))
    print(table_row("trigger-word lookup accuracy", per_half(parts, acc(base))))
    print(table_row("trigger-word lookup macro-F1", per_half(parts, f1(base))))
    print(table_row(f"majority ({majority}) accuracy", per_half(parts, acc([majority] * len(gold)))))
    print(table_row(f"majority ({majority}) macro-F1", per_half(parts, f1([majority] * len(gold)))))
    labels = sorted(set(gold))
    cells = []
    for lab in labels:
        scores = "/".join(f"{macro_f1([gold[i] for i in idx], [preds[i] for i in idx], [lab]):.2f}"
                          if any(gold[i] == lab for i in idx) else "-" for idx in parts.values())
        cells.append(f"{lab} {gold.count(lab)}: {scores}")
    print("  casus F1 per type (gold n: tuning/blind/all):")
    for k in range(0, len(cells), 4):
        print("    " + ", ".join(cells[k:k + 4]))
    confusion = Counter((gold[i], preds[i]) for i in parts["tuning"] if gold[i] != preds[i])
    print("  most frequent confusions, tuning half only (gold -> predicted):",
          ", ".join(f"{g}->{p} {n}" for (g, p), n in confusion.most_common(8)))
    print(f"  throughput whole pipeline {len(records) / secs:.1f} docs/s ({secs:.2f} s, 1 process); "
          f"without events {len(records) / secs_no_events:.1f} docs/s; events stage "
          f"{100 * max(0.0, secs - secs_no_events) / secs:.0f}% of the time")


NON_STATE = {"CVL", "OPP", "BUS", "MED", "NGO", "REL", "PTY"}  # who ACLED calls protesters, rioters or civilians
ACLED_GENERIC = [  # (pattern over an ACLED actor name, the casus sectors it accepts, the side it is described as)
    (r"^Military Forces of (.+?) \(", {"MIL"}, "state"),
    (r"^Police Forces of (.+?) \(", {"POL"}, "state"),
    (r"^(?:Protesters|Rioters) \((.+)\)", NON_STATE, "crowd"),
    (r"^Civilians \((.+)\)", NON_STATE - {"OPP", "PTY"}, None),
    (r"^Unidentified Armed Group \((.+)\)", {"REB"}, "armed"),
]
UNIDENTIFIED = re.compile(r"\b(?:unidentified|unknown|suspected|masked)\b", re.I)
DATE_WORDS = re.compile(r"\b(January|February|March|April|May|June|July|August|September|October|November|December|"
                        r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b")


def acled_actor_match(arg: dict | None, gold: str, kb, described: bool = False) -> bool:
    """Whether a casus argument denotes ACLED's actor (see the module docstring); `described`:
    an argument resolved to no actor also matches a generic ACLED actor by the side its words name."""
    if not arg or not arg.get("text"):
        return False
    for pattern, sectors, kind in ACLED_GENERIC:
        m = re.match(pattern, gold.strip())
        if m:
            actor = kb.get(arg.get("actor"))
            if actor is None and described and kind is not None:
                said = side({"source": arg}, "source")
                police = "police" in arg["text"].lower()
                return kind in kinds(said) and (not gold.startswith(("Military", "Police")) or police == gold.startswith(
                    "Police")) and (not gold.startswith("Unidentified") or bool(UNIDENTIFIED.search(arg["text"])))
            if actor is None or actor.sector not in sectors:
                return False
            state = kb.get(actor.country) if actor.country else None
            return state is None or bool(content(state.name) & content(m.group(1)))
    named = kb.get(arg.get("actor"))
    return matches(arg["text"] + " " + (named.name if named else ""), gold)


def acled_bench() -> None:
    records = read_jsonl(ACLED)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "acled.jsonl"
        path.write_text("".join(json.dumps({"id": r["id"], "text": r["text"], "date": r["event_date"]}) + "\n"
                                for r in records))
        docs, _, secs = run_pipeline([path], Options(no_clean=True))
    by_id = {d.id: d for d in docs}
    parts = split([r["id"] for r in records])
    accepted = [set(r["event_type"]) for r in records]
    all_events = [events_of(by_id[r["id"]]) for r in records]
    mains = [main_event(e) for e in all_events]
    rows = [acled(ev) if ev else None for ev in mains]
    preds = [row["event_type"] if row else None for row in rows]
    base = [acled_keyword_baseline(r["text"]) for r in records]
    majority = Counter(c for i in parts["tuning"] for c in sorted(accepted[i])).most_common(1)[0][0]

    def acc(pred: list[str | None]) -> Callable[[list[int]], str]:
        return lambda idx: share(sum(pred[i] in accepted[i] for i in idx), len(idx))

    print(f"\nACLED 2016 notes ({len(records)} notes, {ACLED.name}; ACLED's terms of use apply, "
          f"attribution: ACLED, acleddata.com)")
    print(table_head({h: len(idx) for h, idx in parts.items()}))
    print(table_row("casus class accuracy", per_half(parts, acc(preds))))
    print(table_row("casus no event (share)", per_half(parts, lambda idx: share(
        sum(not all_events[i] for i in idx), len(idx)))))
    print(table_row("casus main event, no ACLED class", per_half(parts, lambda idx: share(
        sum(mains[i] is not None and preds[i] is None for i in idx), len(idx)))))
    print(table_row("casus events per note", per_half(parts, lambda idx: f"{sum(len(all_events[i]) for i in idx) / len(idx):.2f}")))
    print(table_row("keyword lookup accuracy", per_half(parts, acc(base))))
    print(table_row(f"majority class ({majority}) accuracy", per_half(parts, acc([majority] * len(records)))))
    print("  confusion, tuning half only (gold types: n -> casus class counts; '-' no event, "
          "'no class' main event without ACLED class):")
    confusion: dict[str, Counter] = defaultdict(Counter)
    for i in parts["tuning"]:
        p = preds[i] or ("no class" if mains[i] else "-")
        confusion[" | ".join(sorted(accepted[i]))][p] += 1
    for g, counts in sorted(confusion.items(), key=lambda kv: -sum(kv[1].values()))[:8]:
        print(f"    {g}: {sum(counts.values())} -> " + ", ".join(f"{p} {n}" for p, n in counts.most_common(6)))
    unclassed = Counter(f"{mains[i]['type']}/{mains[i]['mode'] or '-'}" for i in parts["tuning"]
                    if mains[i] is not None and preds[i] is None)
    print("    main events without ACLED class, tuning half:", ", ".join(f"{k} {n}" for k, n in unclassed.most_common(8)))
    print("  arguments of the main event:")
    kb = read_kb()

    def over(ok: Callable[[int], bool], among: Callable[[int], bool] = lambda i: True) -> Callable[[list[int]], str]:
        return lambda idx: ratio(sum(ok(i) for i in idx if among(i)), sum(among(i) for i in idx))

    def day(i: int) -> bool:
        d = (mains[i] or {}).get("date") or {}
        return d.get("precision") == "day" and d.get("value") == records[i]["event_date"]

    def near(i: int) -> bool:
        p = (mains[i] or {}).get("place")
        return bool(p) and p["lat"] is not None and haversine_km(p["lat"], p["lon"], records[i]["lat"], records[i]["lon"]) <= 25

    def dead(i: int) -> bool:
        return bool(mains[i]) and (mains[i]["killed"] or 0) == records[i]["fatalities"]

    print(table_row("date exact (all)", per_half(parts, over(day))))
    print(table_row("date exact (text names a date)", per_half(parts, over(day, lambda i: bool(
        DATE_WORDS.search(records[i]["text"]))))))
    precise = lambda i: records[i]["geo_precision"] in (1, 2)  # noqa: E731
    print(table_row("place within 25 km (precision 1-2)", per_half(parts, over(near, precise))))
    print(table_row("no place (precision 1-2)", per_half(parts, over(
        lambda i: not (mains[i] or {}).get("place"), precise))))
    print(table_row("fatalities exact (with deaths)", per_half(parts, over(dead, lambda i: records[i]["fatalities"] > 0))))
    print(table_row("fatalities exact (all)", per_half(parts, over(dead))))
    for role, key in (("source", "actor1"), ("target", "actor2")):
        for described in (False, True):
            print(table_row(f"{role} matches {key}" + (", or its kind" if described else ""), per_half(parts, over(
                lambda i: acled_actor_match((mains[i] or {}).get(role), records[i][key], kb, described),
                lambda i: bool(records[i][key])))))
    print(f"  throughput whole pipeline {len(records) / secs:.1f} notes/s ({secs:.2f} s, 1 process)")


def historical_report(sets: dict[str, list]) -> None:
    print('\nHistorical events (modality "historical"; full pipeline, cleaning on)')
    for name, docs in sets.items():
        evs = [e for d in docs for e in events_of(d)]
        hist = sum(e["modality"] == "historical" for e in evs)
        print(f"  {name:<16} {len(docs):3d} documents, {sum(len(d.articles) for d in docs):3d} articles: "
              f"{len(evs):4d} events, {hist:3d} historical = {share(hist, len(evs))}")


def fmt(e: dict, sizes: dict[str, dict]) -> str:
    d = e["date"]
    when = f"{d['value']} ({d['precision']})" if d else "-"
    where = e["place"]["name"] if e["place"] else "-"
    arg = lambda a: f"{a['text']} [{a['actor']}]" if a["text"] else "-"  # noqa: E731
    counts = ", ".join(f"{k} {e[k]}" for k in ("killed", "injured") if e[k] is not None)
    att = e["attribution"]
    cl = sizes.get(e["cluster"], {})
    return (f"  {e['type']}{'/' + e['mode'] if e['mode'] else ''} [{e['modality']}] {arg(e['source'])} -> "
            f"{arg(e['target'])} | when {when} | where {where}" + (f" | {counts}" if counts else "") +
            f" | says: {att['text'] or '-'} ({att['kind']}) | conf {e['confidence']} | cluster "
            f"{e['cluster']} ({cl.get('reports', '?')} reports, {cl.get('outlets', '?')} outlets)\n"
            f"      \"{e['sentence']}\"")


def seed_paths() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


def seeds_report(result: tuple[list, Run, float] | None = None) -> None:
    """The seeds' throughput, every event they hold, and the clusters several articles report;
    `result` is a finished `run_pipeline(seed_paths(), Options())`, else it is run here."""
    paths = seed_paths()
    docs, run, secs = result or run_pipeline(paths, Options())
    _, _, secs_no_events = run_pipeline(paths, Options(stop="actors"))
    sizes = {c["id"]: c for c in run.component("links").clusters()}
    n_articles = sum(len(d.articles) for d in docs)
    n_words = sum(len(a.text.split()) for d in docs for a in d.articles)
    n_events = sum(len(a.events) for d in docs for a in d.articles)
    print(f"\nSeeds: {len(docs)} documents, {n_articles} articles ({n_words} words), {n_events} events, "
          f"{len(sizes)} clusters")
    print(f"  throughput whole pipeline {len(docs) / secs:.1f} docs/s = {n_articles / secs:.1f} articles/s "
          f"({secs:.2f} s, 1 process); events stage {100 * max(0.0, secs - secs_no_events) / secs:.0f}% of the time")
    for d in docs:
        for a in d.articles:
            print(f"\n== {a.id}  {a.title or '(no title)'}  date {(a.date or {}).get('value')}")
            for e in a.events:
                print(fmt(e, sizes))
    multi = [c for c in sizes.values() if c["reports"] > 1]
    print(f"\nClusters reported by more than one article: {len(multi)}")
    for c in multi:
        print(f"  {c['id']}: {c['type']}/{c['mode']} {c['source']} -> {c['target']} {c['earliest']}..{c['latest']}"
              f" | {c['reports']} reports, {c['independent_reports']} independent, {c['outlets']} outlets, "
              f"first {c['first_report']}")


if __name__ == "__main__":
    with_seeds = "--no-seeds" not in sys.argv
    if "--acled" in sys.argv:  # only the ACLED notes
        acled_bench()
        sys.exit()
    gsr_bench()
    acled_bench()
    seeds = run_pipeline(seed_paths(), Options()) if with_seeds else None
    examples, _, _ = run_pipeline([EXAMPLES], Options())
    historical_report(({"seeds": seeds[0]} if seeds else {}) | {"examples/corpus": examples})
    if seeds:
        seeds_report(seeds)
