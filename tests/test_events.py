"""Events: PLOVER coding of the seeds through the whole pipeline, modality, attribution,
counts, boilerplate guards, cross-article links, the store, and the PLOVER gold records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casus.events import code_article
from casus.events.detect import candidate
from casus.api import extract
from casus.events.export import acled, cameo
from casus.model import Article
from casus.pipeline import Options, Run, analyser, process
from casus.read import read_paths
from conftest import DEV, SEEDS, events_of, needs_shared


@pytest.fixture(scope="module")
def seeds(shared: Path):
    """The five seeds through every stage, with the run (for its event clusters)."""
    run = Run(options=Options())
    docs = [d for batch in process(read_paths([str(shared / "seeds")]), run) for d in batch]
    return {d.id[:3]: d for d in docs}, run


def article(docs, seed: str, first_words: str):
    return next(a for a in docs[seed].articles if first_words in a.text)


def events_in(a, words: str) -> list[dict]:
    """The article's events one of whose reports (mentions) says `words`."""
    return [e for e in a.events if any(words in m["sentence"] for m in e["mentions"])]


def code(text: str) -> list[dict]:
    """Events of a small article of our own (parse only; no date, places or actors)."""
    a = Article("t", 0, text)
    a.nlp = analyser()(text)
    return code_article(a)


def test_taeb_urged_militias_to_attack(seeds):
    docs, _ = seeds
    a = article(docs, "003", "A senior Iranian Revolutionary Guard commander urged")
    ev = events_in(a, "commander urged Iraqi Shiite militias")
    req = next(e for e in ev if e["type"] == "REQUEST")
    assert req["modality"] == "asserted"
    assert req["source"]["actor"].startswith("IRN") and req["target"]["actor"].startswith("IRQ")
    assert "militias" in req["target"]["text"]
    assert req["place"]["name"] == "Baghdad"
    assert req["date"]["earliest"] >= "2021-07-01" and req["date"]["latest"] <= "2021-07-31"
    assert req["attribution"]["kind"] == "anonymous"
    assert "militia sources" in req["attribution"]["text"] and "security sources" in req["attribution"]["text"]
    assert not any(e["type"] == "ASSAULT" for e in ev)  # what was asked for has not happened: the request's content
    urged = req["content"]
    assert urged["type"] == "ASSAULT" and urged["modality"] == "urged" and urged["source"]["actor"].startswith("IRQ")
    assert urged["target"]["actor"] == "USA"


def test_june_27_air_strikes(seeds):
    docs, _ = seeds
    a = article(docs, "003", "A senior Iranian Revolutionary Guard commander urged")
    ev = next(e for e in events_in(a, "deadly US air strikes against Iran-backed militias") if e["type"] == "ASSAULT"
              and e["mode"] == "aerial")
    assert ev["modality"] == "asserted"
    assert ev["source"]["actor"] == "USA" and "militias" in ev["target"]["text"]
    assert ev["date"] == {"value": "2021-06-27", "precision": "day", "earliest": "2021-06-27",
                          "latest": "2021-06-27"}
    assert "border" in ev["place"]["text"]


def test_july_7_barrage_wounded_two(seeds):
    docs, _ = seeds
    a = article(docs, "003", "A senior Iranian Revolutionary Guard commander urged")
    ev = next(e for e in events_in(a, "July 7 rocket barrage") if e["type"] == "ASSAULT")
    assert ev["mode"] == "heavy-weapons" and ev["injured"] == 2 and ev["killed"] is None
    assert ev["date"]["value"] == "2021-07-07"
    assert "Ain al-Asad" in ev["target"]["text"]
    assert ev["place"]["name"] == "Ain al-Asad Air Base"  # a strike happens where its target is
    assert ev["attribution"] == {"text": "The Pentagon", "kind": "official", "start": ev["attribution"]["start"],
                                 "end": ev["attribution"]["end"]}


def test_killed_four_of_their_members(seeds):
    docs, _ = seeds
    a = article(docs, "003", "A senior Iranian Revolutionary Guard commander urged")
    ev = next(e for e in events_in(a, "killed four of their members") if e["type"] == "ASSAULT")
    assert ev["killed"] == 4 and ev["source"]["actor"] == "USA"


def test_soleimani_drone_strike(seeds):
    docs, _ = seeds
    a = article(docs, "002", "Iran on Sunday marked one year")
    ev = next(e for e in events_in(a, "The US killed Soleimani") if e["type"] == "ASSAULT")
    assert ev["date"]["value"] == "2020-01-03" and ev["date"]["precision"] == "day"
    assert ev["source"]["actor"] == "USA" and ev["target"]["actor"] == "person:qassem-soleimani"
    assert ev["modality"] == "historical"  # a year before the article: background
    assert "Baghdad" in ev["place"]["name"]
    first = next(e for e in events_in(a, "in an American drone strike") if e["type"] == "ASSAULT")
    assert first["mode"] == "drone" and first["killed"] == 1
    # A person is killed once: the lead's undated mention ("one year since the death of ... in an
    # American drone strike"), "Soleimani's killing" and the dated report are one event, background.
    assert first is ev and len(ev["mentions"]) >= 3
    assert not [e for e in a.events if e["target"]["actor"] == "person:qassem-soleimani" and e is not ev
                and e["type"] == "ASSAULT" and e["modality"] == "asserted"]


def test_envoy_denial_is_not_an_iranian_attack(seeds):
    docs, _ = seeds
    a = article(docs, "003", "A senior Iranian Revolutionary Guard commander urged")
    ev = events_in(a, "UN envoy this month denied US accusations")
    assert not [e for e in ev if e["type"] == "REJECT"]  # denying an accusation is no refusal (bench/news README rule 4)
    accuse = next(e for e in ev if e["type"] == "ACCUSE" and e["modality"] == "reported")
    assert accuse["source"]["actor"] == "USA" and accuse["target"]["actor"] == "IRN"
    iranian = [e for e in ev if (e["source"]["actor"] or "").startswith("IRN") and e["type"] in {"SUPPORT", "ASSAULT"}]
    assert iranian and all(e["modality"] == "denied" for e in iranian)


def test_putin_modi_agree_to_expand_trade(seeds):
    docs, _ = seeds
    a = article(docs, "004", "Russian President Vladimir Putin offered India")
    agree = [e for e in events_in(a, "agreed to expand trade") if e["type"] == "AGREE" and "Modi" in
             (e["source"]["text"] or "")]
    assert agree and agree[0]["date"]["value"] == "2025-12-05" and agree[0]["modality"] == "asserted"


def test_no_event_from_captions_promos_or_headings(seeds):
    docs, _ = seeds
    for d in docs.values():
        for a in d.articles:
            for e in a.events:
                assert a.text[e["start"]:e["end"]] == e["sentence"]
                assert not any(e["sentence"] in c or c in e["sentence"] for c in a.captions)
                for junk in ("subscrib", "Barrett", "Scrubba", "airguns", "COMMENTS", "Photograph of",
                             "Blast walls", "Related posts", "Iraqi Militias May Soon March"):
                    assert junk not in e["sentence"]
    assert any(e["type"] == "ASSAULT" for a in docs["001"].articles for e in a.events)  # the news is coded


def test_event_dicts_have_the_contract_keys(seeds):
    docs, _ = seeds
    keys = {"type", "mode", "modality", "source", "target", "place", "date", "killed", "injured", "attribution",
            "sentence", "start", "end", "confidence", "contexts", "cluster", "mentions", "content"}
    modalities = {"asserted", "reported", "claimed", "denied", "threatened", "urged", "planned", "hypothetical",
                  "negated", "historical"}
    for d in docs.values():
        for a in d.articles:
            for e in a.events:
                assert set(e) == keys and e["modality"] in modalities and 0 < e["confidence"] <= 1
                assert e["mentions"][0] == {"sentence": e["sentence"], "start": e["start"], "end": e["end"]}
                assert all(a.text[m["start"]:m["end"]] == m["sentence"] for m in e["mentions"])
                assert len({m["start"] for m in e["mentions"]}) == len(e["mentions"])
                assert e["attribution"]["kind"] in {"anonymous", "official", "media", "document", "none"}
                assert e["cluster"]
                assert e["content"] is None or (e["content"]["modality"] in modalities - {"asserted", "historical"}
                                                and set(e["content"]) == {"type", "mode", "modality", "source", "target"})


def test_reports_of_one_strike_share_a_cluster(seeds):
    docs, run = seeds
    strikes = [e for d in ("003", "004") for a in docs[d].articles for e in a.events
               if e["type"] == "ASSAULT" and e["mode"] == "aerial" and (e["date"] or {}).get("value") == "2021-06-27"]
    assert len(strikes) == 2 and len({e["cluster"] for e in strikes}) == 1
    summary = next(c for c in run.component("links").clusters() if c["id"] == strikes[0]["cluster"])
    assert summary["reports"] == 2 and summary["outlets"] == 2 and summary["first_report"].startswith("003")
    [strike] = [e for a in docs["003"].articles for e in a.events if e["cluster"] == strikes[0]["cluster"]]
    assert any("last month" in m["sentence"] for m in strike["mentions"])  # "hit by the US air strike last month"
    # different acts in one sentence are never one event
    a = article(docs, "004", "Russian President Vladimir Putin offered India")
    first = [e for e in a.events if e["start"] == a.events[0]["start"]]
    assert len({e["cluster"] for e in first}) == len(first)


@pytest.mark.parametrize("text, type_, modality", [
    ("Iran did not attack the base on Monday.", "ASSAULT", "negated"),
    ("If Russia invades Ukraine, NATO will respond.", "ASSAULT", "hypothetical"),
    ("The minister denied that the army had shelled the village.", "ASSAULT", "denied"),
    ("Rebels reportedly attacked a convoy near Goma.", "ASSAULT", "reported"),
    ("Zarif claimed that Israeli agents attacked the embassy.", "ASSAULT", "claimed"),
    ("The US urged Israel to halt the offensive.", "REQUEST", "asserted"),
])
def test_modality(text, type_, modality):
    assert any(e["type"] == type_ and e["modality"] == modality for e in code(text)), code(text)


def test_several_events_and_derived_intent():
    evs = code("Iran threatened to shell Iraqi towns, and Portugal will support Turkey's bid to join the union.")
    assert sorted((e["type"], e["modality"]) for e in evs) == [("AGREE", "asserted"), ("THREATEN", "asserted")]
    threat = next(e for e in evs if e["type"] == "THREATEN")
    assert threat["source"]["text"] == "Iran" and threat["target"]["text"] == "Iraqi towns"
    assert (threat["content"]["type"], threat["content"]["modality"]) == ("ASSAULT", "threatened")
    promise = next(e for e in evs if e["type"] == "AGREE")  # PLOVER: a cooperative act in the future is an AGREE
    assert (promise["content"]["type"], promise["content"]["modality"]) == ("SUPPORT", "planned")


def test_a_dateline_is_not_the_subject():
    evs = code("LAGOS, Nigeria (AP) — Nigerian soldiers arrested 12 protesters on Friday in the port city.")
    arrest = next(e for e in evs if e["type"] == "COERCE")
    assert arrest["source"]["text"] == "Nigerian soldiers" and arrest["target"]["text"] == "12 protesters"


def test_crowd_control_is_coercion_and_an_instrument_is_no_target():
    evs = code("NAIROBI, Kenya (AP) — Kenyan police fired tear gas and arrested 37 people on Tuesday.")
    assert [(e["type"], e["mode"], e["target"]["text"]) for e in evs] == [
        ("COERCE", "crowd-control", None), ("COERCE", "arrest", "37 people")]
    evs = code("Soldiers threw stun grenades at demonstrators in Khartoum.")
    assert [(e["type"], e["mode"], e["target"]["text"]) for e in evs] == [("COERCE", "crowd-control", "demonstrators")]
    bombs = code("Rebels exploded a series of bombs in the capital on Monday.")
    assert bombs and all(e["target"]["text"] != "a series of bombs" for e in bombs)


@pytest.mark.parametrize("text, killed, injured", [
    ("A roadside bomb killed three soldiers and wounded two others near Samarra.", 3, 2),
    ("Two American service members were wounded in the attack.", None, 2),
    ("Militants killed at least 156 people in the raid.", 156, None),
    ("Artillery fire killed or wounded 50 civilians in the town.", None, None),
    ("Gunmen killed up to 16 villagers in the attack.", None, None),
])
def test_counts_are_conservative(text, killed, injured):
    ev = next(e for e in code(text) if e["type"] == "ASSAULT")
    assert (ev["killed"], ev["injured"]) == (killed, injured)


@pytest.mark.parametrize("text, kind, words", [
    ("Reuters reported that gunmen attacked a checkpoint.", "media", "Reuters"),
    ("The Pentagon said rockets struck the base.", "official", "The Pentagon"),
    ("A statement said the army shelled the town.", "document", "A statement"),
    ("Gunmen attacked the convoy, two security sources said.", "anonymous", "two security sources"),
    ("According to witnesses, police arrested 12 protesters.", "anonymous", "witnesses"),
    ("Police arrested 12 protesters.", "none", None),
])
def test_attribution(text, kind, words):
    att = code(text)[0]["attribution"]
    assert att["kind"] == kind and att["text"] == words


def test_not_news_text_yields_nothing():
    assert code("Subscribe now and fight with us for the truth.") == []
    assert code("Iraqi Militias May Soon March to Their Own Beat") == []
    assert code("Photograph of an attack on Ayn al-Asad airbase. (File photo)") == []


def test_prefilter_reads_raw_text():
    assert candidate("Rockets struck the base overnight.")
    assert candidate("The militias were attacked.")
    assert not candidate("The weather in Baghdad was mild and the markets were busy.")


def test_export_mappings():
    assert acled({"type": "ASSAULT", "mode": "aerial"}) == {"event_type": "Explosions/Remote violence",
                                                            "sub_event_type": "Air/drone strike"}
    assert acled({"type": "PROTEST", "mode": "riot"})["event_type"] == "Riots"
    assert acled({"type": "CONSULT", "mode": None}) is None  # ACLED records no diplomacy
    assert acled({"type": "COERCE", "mode": "crowd-control"})["sub_event_type"] == "Protest with intervention"
    assert cameo({"type": "REQUEST", "mode": None}) == "10" and cameo({"type": "ASSAULT", "mode": "explosives"}) == "18"


@needs_shared
def test_store_keeps_clusters_across_runs(tmp_path):
    from casus.api import ingest
    from casus.store import Store

    db = tmp_path / "c.duckdb"
    ingest([str(SEEDS / "002_18a612384e194648.txt")], db)
    ingest([str(SEEDS / "003_795ca110c0324f7a.txt")], db)  # a later run links to what is stored
    with Store(db) as s:
        n_events = s.count("events")
        rows = s.query("SELECT * FROM events_clusters WHERE target_actor = 'person:qassem-soleimani'"
                       " AND type = 'ASSAULT' AND reports > 1")
        assert rows and rows[0]["outlets"] == 2 and rows[0]["first_article"].startswith("002")
        assert rows[0]["date_earliest"] == "2020-01-03"
        assert s.query("SELECT contexts FROM events WHERE contexts IS NOT NULL LIMIT 1")
    ingest([str(SEEDS / "002_18a612384e194648.txt")], db)  # the same bytes again change nothing
    with Store(db) as s:
        assert s.count("events") == n_events


@needs_shared
def test_plover_gold_records_macro_f1():
    """The bench's headline number, kept from regressing: PLOVER GSR macro-F1 >= 0.75."""
    records = [json.loads(line) for line in (DEV / "plover_gsr.jsonl").read_text().splitlines() if line]
    gold, pred = [], []
    for r in records:
        evs = code(r["text"])
        gold.append(r["event_type"])
        pred.append(max(evs, key=lambda e: e["confidence"])["type"] if evs else None)
    f1s = []
    for lab in sorted(set(gold)):
        tp = sum(g == p == lab for g, p in zip(gold, pred))
        fp = sum(p == lab != g for g, p in zip(gold, pred))
        fn = sum(g == lab != p for g, p in zip(gold, pred))
        f1s.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    assert sum(f1s) / len(f1s) >= 0.75


# -- one event per real-world event per article; background apart ------------------------

REPORTS = [
    {"id": "qamishli", "date": "2024-06-08", "text":
        "Turkey carried out a drone strike on a convoy of Kurdish fighters near Qamishli on Friday, killing three "
        "of them, a monitoring group said.\n\nThe Kurdish-led Syrian Democratic Forces said the Turkish drone "
        "strike on Friday had also wounded two civilians.\n\nIn 2019, Turkey launched an offensive against "
        "Kurdish fighters in northeast Syria."},
    {"id": "nairobi", "date": "2024-05-15", "text":
        "Police in Nairobi fired tear gas at protesters on Tuesday.\n\nKenyan police also arrested 30 protesters "
        "in the city, a rights group said.\n\nIn 2019, Kenyan police arrested 200 people at a similar march in "
        "Nairobi."},
]


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    path = tmp_path_factory.mktemp("reports") / "reports.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in REPORTS), encoding="utf-8")
    return path


def test_reports_of_one_event_in_an_article_are_one_event_with_every_mention(reports):
    docs = {d.id: d for d in extract([reports], Options(no_clean=True))}
    a = docs["qamishli"].articles[0]
    [strike] = [e for e in a.events if e["type"] == "ASSAULT" and e["modality"] == "asserted"]
    assert [m["sentence"][:40] for m in strike["mentions"]] == [
        "Turkey carried out a drone strike on a c", "The Kurdish-led Syrian Democratic Forces"]
    assert strike["date"]["value"] == "2024-06-07" and strike["killed"] == 3
    assert strike["injured"] == 2  # said only by the second report, which is kept as its evidence


def test_what_an_article_recalls_stays_apart_from_its_news(reports):
    docs = {d.id: d for d in extract([reports], Options(no_clean=True))}
    for doc_id, mode in (("qamishli", None), ("nairobi", "arrest")):
        events = docs[doc_id].articles[0].events
        old = [e for e in events if "In 2019" in e["sentence"] and e["type"] in ("ASSAULT", "COERCE")]
        assert len(old) == 1 and old[0]["modality"] == "historical" and len(old[0]["mentions"]) == 1
        assert all(e["modality"] != "historical" for e in events if "2019" not in e["sentence"])
    arrests = [e for e in docs["nairobi"].articles[0].events if e["mode"] == "arrest"]
    assert len(arrests) == 2 and {len(e["mentions"]) for e in arrests} == {1}


def test_background_events_are_left_out_unless_asked(reports, tmp_path):
    from casus import api

    db = tmp_path / "s.duckdb"
    api.ingest([reports], db, Options(no_clean=True))
    everything = api.events(db, historical=True)
    assert "historical" in set(everything["modality"])
    current = api.events(db)
    assert len(current) == (everything["modality"] != "historical").sum() and "historical" not in set(current["modality"])
    assert len(api.events(db, modality="historical")) == (everything["modality"] == "historical").sum()
    stats = api.stats(db)
    assert stats["events"] == len(current) and stats["historical_events"] == len(everything) - len(current)
    assert api.export(db, tmp_path / "acled.csv", schema="acled") <= len(current)


# -- what conflict coders code, classed the way ACLED's codebook does -----------------------

ACLED_KINDS = [  # (text, PLOVER type, mode, ACLED event type)
    ("Rebels and government troops clashed near the town of Kadugli on Sunday.", "ASSAULT", "clash", "Battles"),
    ("Soldiers and militants exchanged fire near the border on Saturday.", "ASSAULT", "clash", "Battles"),
    ("Protests broke out in the capital on Monday over fuel prices.", "PROTEST", "demo", "Protests"),
    ("Hundreds of residents took to the streets to denounce the killings.", "PROTEST", "demo", "Protests"),
    ("Rioters tore down campaign posters in the central market.", "COERCE", "destroy", "Riots"),
    ("A mob beat two police officers with sticks outside the court.", "ASSAULT", "beat", "Riots"),
    ("Gunmen shot dead four villagers on a farm near the town.", "ASSAULT", "firearms", "Violence against civilians"),
    ("Heavy fighting was reported in the northern district on Monday.", "ASSAULT", "clash", "Battles"),
    ("Clashes between rival militias killed five people in the market on Sunday.", "ASSAULT", "clash", "Battles"),
    ("Government troops recaptured the town of Kadugli from the rebels on Sunday.", "ASSAULT", "territory",
     "Battles"),
    ("A mob lynched a suspected thief in the market on Monday.", "ASSAULT", "beat", "Riots"),
    ("Two men were stabbed near the bus station on Sunday.", "ASSAULT", "primitive", "Violence against civilians"),
    ("Herders uprooted crops on a farm near the village.", "COERCE", "destroy", "Strategic developments"),
]


@pytest.mark.parametrize("target, source, acled_class", [
    ({"text": "Somali soldiers", "actor": None}, None, "Battles"),  # armed, organised target
    ({"text": "the convoy", "actor": "SOM.MIL"}, None, "Battles"),  # resolved to state forces
    ({"text": "traders", "actor": None}, None, "Violence against civilians"),
    ({"text": "an intelligence officer", "actor": None}, None, "Battles"),  # an officer of the security forces
    ({"text": "members of a vigilante group", "actor": None}, None, "Battles"),  # vigilantes are armed
    (None, {"text": "angry youths", "actor": None}, "Riots"),  # an unorganised crowd's violence
])
def test_an_attack_is_a_battle_on_armed_targets_and_violence_against_civilians_otherwise(target, source,
                                                                                          acled_class):
    event = {"type": "ASSAULT", "mode": None, "source": source or {"text": None, "actor": None},
             "target": target or {"text": None, "actor": None}}
    assert acled(event)["event_type"] == acled_class
    flat = {"type": "ASSAULT", "mode": None, **{f"{role}_{k}": (arg or {}).get(k) for role, arg in
                                                (("source", source), ("target", target)) for k in ("text", "actor")}}
    assert acled(flat) == acled(event)  # the store's flat rows map the same way


@pytest.mark.parametrize("source, sub_event", [
    ({"text": "Government troops", "actor": None}, "Government regains territory"),
    ({"text": "Rebels", "actor": None}, "Non-state actor overtakes territory"),
])
def test_territory_taken_is_a_battle_told_by_who_took_it(source, sub_event):
    event = {"type": "ASSAULT", "mode": "territory", "source": source, "target": {"text": "the town", "actor": None}}
    assert acled(event) == {"event_type": "Battles", "sub_event_type": sub_event}


@pytest.mark.parametrize("text", [
    "No date has been set for further talks.",
    "Negotiations continued late into the night.",
])
def test_an_act_with_no_one_in_it_is_no_event_unless_its_noun_says_who_acts(text):
    assert code(text) == []  # talks and meetings need someone in them; protests and fighting do not


@pytest.mark.parametrize("text", [
    "The official, who requested anonymity, said the talks had stalled.",
    "The ministry declined to comment on the report.",
    "The army did not respond to a request for comment.",
    "Investors were told to seize the moment.",
    "The new curfew met with fierce opposition from the traders.",
    "A nurse at the clinic, who asked not to be named, said the wards were full.",
    "A teacher, who asked that his name not be used, said the school had closed.",
    "A guard, who declined to be named, said the gate had been locked since dawn.",
    "A medic, speaking on condition of anonymity to discuss the negotiations, said the ward was full.",
    "A driver, who was not authorised to talk to the press, said the road was closed.",
])
def test_reporting_formulas_and_idioms_are_no_events(text):
    assert code(text) == []


@pytest.mark.parametrize("text, type_", [
    ("Police seized weapons and ammunition in the raid.", "COERCE"),
    ("Iran requested an urgent meeting of the Security Council.", "REQUEST"),
    ("The ministry declined the request for talks.", "REJECT"),
    ("The foreign minister met with his Iranian counterpart in Baghdad.", "CONSULT"),
    ("The unions asked the mayor to name an independent mediator.", "REQUEST"),
])
def test_the_same_words_outside_the_formula_are_events(text, type_):
    assert code(text)[0]["type"] == type_


@pytest.mark.parametrize("text, type_", [
    ("The two states signed a trade agreement worth $2 billion.", "SUPPORT"),  # a treaty, no truce
    ("The rebels and the army signed a truce on Monday.", "AGREE"),
    ("The ministry sent an army convoy to the border town.", "MOBILIZE"),
    ("The ministry sent an aid convoy to the border town.", "AID"),  # a convoy is a force's only when it says so
    ("She resigned from her post as interior minister.", "RETREAT"),  # a post is an army's only when it says so
    ("Donors stopped food aid to the province.", "SANCTION"),
])
def test_what_a_noun_is_depends_on_the_word_that_says_whose_it_is(text, type_):
    assert [e["type"] for e in code(text)] == [type_]


@pytest.mark.parametrize("text, modality", [
    ("The army has bombed the city repeatedly since the war began, killing hundreds of people.", "historical"),
    ("Israeli strikes have killed about 21,000 people in Gaza since October.", "historical"),  # an aggregate toll
    ("Attacks since January have killed 40 soldiers.", "historical"),
    ("So far this year, gunmen have abducted 300 people.", "historical"),
    ("Militias often attack convoys on the highway.", "historical"),  # habitual, generic
    ("Government aircraft bombed the market on Tuesday, killing 12 people.", "asserted"),  # news
    ("Since the strike, the militias have vowed revenge.", "asserted"),  # one vow, not an aggregate
])
def test_habitual_generic_and_aggregate_acts_are_background(text, modality):
    assert code(text)[0]["modality"] == modality


@pytest.mark.parametrize("text, expected", [
    ("Teachers went on strike over unpaid salaries on Monday.", [("PROTEST", "strike-lim")]),
    ("Nurses are on a 48-hour strike in the capital.", [("PROTEST", "strike-lim")]),
    ("Iran condemned US air strikes on militias.", [("ACCUSE", None), ("ASSAULT", "aerial")]),  # strikes *on*
    ("Hundreds of farmers demonstrated in the capital to demand higher prices.", [("PROTEST", "demo")]),
    ("Students protested on Monday, demanding the release of their classmates.", [("PROTEST", "demo")]),
    ("The minister demanded that the army withdraw.", [("REQUEST", None)]),  # no protest; the withdrawal is its content
])
def test_labour_strikes_are_protests_and_a_protest_s_demand_is_its_issue(text, expected):
    assert [(e["type"], e["mode"]) for e in code(text)] == expected


def test_acts_done_without_and_preconditions_are_not_asserted():
    [ev] = code("The mediators suspended the negotiations without reaching a deal.")  # what was done
    assert (ev["content"]["type"], ev["content"]["modality"]) == ("AGREE", "negated")  # without is its content
    [ev] = code("Soldiers withdrew without firing a shot.")
    assert (ev["type"], ev["modality"]) == ("RETREAT", "asserted")
    assert (ev["content"]["type"], ev["content"]["modality"]) == ("ASSAULT", "negated")
    evs = code("The opposition insisted that the prime minister's resignation was a precondition for any dialogue.")
    assert [e["modality"] for e in evs if e["type"] == "RETREAT"] == ["urged"]


# -- kinds of error fixed on unseen text (#15): every sentence below is our own ------------------

def first_event(tmp_path, text: str, day: str = "2024-03-04") -> tuple[dict, list[dict]]:
    """The first event of a one-article document through the whole pipeline, and all its events."""
    evs = events_of(tmp_path, text, day)
    return (evs[0] if evs else None), evs


UNSEEN_KINDS = [  # kinds of error fixed on unseen text, as ACLED_KINDS
    # a clash in which one side is a crowd is a riot, also when the sides follow a passive
    ("Riot police clashed with stone-throwing youths near the stadium on Friday.", "ASSAULT", "clash", "Riots"),
    ("Clashes were reported between soldiers and street vendors in the market.", "ASSAULT", "clash", "Riots"),
    # stones thrown by a crowd
    ("Angry villagers pelted the governor's convoy with rocks on Tuesday.", "ASSAULT", "primitive", "Riots"),
    ("Demonstrators began hurling bricks at the police station.", "ASSAULT", "primitive", "Riots"),
    # an act done in protest is a protest
    ("Opposition lawmakers held a session outside parliament in protest against the arrests.", "PROTEST", "demo",
     "Protests"),
    ("Traders shut the border crossing in protest over the new tariffs.", "PROTEST", "demo", "Protests"),
    ("A protest action was held outside the labour ministry on Monday.", "PROTEST", "demo", "Protests"),
    # a labour strike, told by its length or by the verb that starts it
    ("Airport employees announced a three-day strike.", "PROTEST", "strike-lim", "Protests"),
    ("Hospital staff began a strike on Monday to demand back pay.", "PROTEST", "strike-lim", "Protests"),
    ("Jets started air strikes on the rebel positions.", "ASSAULT", "aerial", "Explosions/Remote violence"),
    # the instrument that does the act gives its mode
    ("Two rockets hit a fuel depot near the airport on Sunday.", "ASSAULT", "heavy-weapons",
     "Explosions/Remote violence"),
    ("Drones struck a convoy of trucks near the border.", "ASSAULT", "drone", "Explosions/Remote violence"),
    ("Air Force strikes hit the rebel depot on Sunday.", "ASSAULT", "aerial", "Explosions/Remote violence"),
    # what is seized says what the act is: territory, people, weapons
    ("Insurgents seized three villages in the north on Monday.", "ASSAULT", "territory", "Battles"),
    ("Unknown gunmen seized two engineers from a construction site.", "ASSAULT", "abduct",
     "Violence against civilians"),
    ("Soldiers defused a roadside bomb near the school.", "COERCE", "weapons", "Strategic developments"),
    # fending off an attack is a battle
    ("Troops repelled an assault by insurgents on the garrison.", "ASSAULT", "clash", "Battles"),
    # criminal and unnamed armed groups are armed sides: fighting them is a battle
    ("Marines exchanged fire with members of a drug cartel near the port.", "ASSAULT", "clash", "Battles"),
    ("Police killed two bandits in a shootout on the highway on Friday.", "ASSAULT", "clash", "Battles"),
    # what is done to protesters is a protest with intervention or excessive force (ACLED's Protests)
    ("Police detained 30 demonstrators outside the parliament on Monday.", "COERCE", "arrest", "Protests"),
    ("Soldiers opened fire on protesters in the capital, killing three.", "ASSAULT", "firearms", "Protests"),
    # the thing that does the act says how, before the verb's default; the people who do it do not
    ("Warplanes bombed an ammunition depot outside the city on Tuesday.", "ASSAULT", "aerial",
     "Explosions/Remote violence"),
    ("Unknown gunmen assassinated a retired army general outside his house.", "ASSAULT", "assassinate",
     "Violence against civilians"),
    ("Two Sukhoi fighters struck a fuel depot outside the port on Sunday.", "ASSAULT", "aerial",
     "Explosions/Remote violence"),
    # setting up a post is ACLED's base established; a crowd gathered to demand, or a vigil, a protest
    ("Insurgents set up roadblocks on the highway north of the city.", "MOBILIZE", "base", "Strategic developments"),
    ("Families of the detainees gathered outside the court on Monday, demanding their release.", "PROTEST", "demo",
     "Protests"),
    ("Students held a candlelight vigil outside the embassy on Sunday.", "PROTEST", "demo", "Protests"),
    # blocking a way in is a protest by obstruction
    ("Dismissed workers blocked the gate of the factory for a second day.", "PROTEST", "obstruct", "Protests"),
    # a clash told beside a protest is the protest turned violent: a riot, whoever its sides are
    ("Farmers clashed with police as they marched on parliament.", "PROTEST", "riot", "Riots"),
    ("Two nurses were hurt in clashes with guards during a protest over unpaid wages.", "PROTEST", "riot", "Riots"),
    # what an armed side or a weapon "targets" it attacks
    ("A roadside bomb targeted an army truck near the market on Monday.", "ASSAULT", "explosives",
     "Explosions/Remote violence"),
    # a bomb goes off near what it was set for; and one found and made safe is a weapon seized
    ("A roadside bomb exploded near an army patrol outside the town on Friday.", "ASSAULT", "explosives",
     "Explosions/Remote violence"),
    ("Soldiers defused an explosive device hidden beside the main road.", "COERCE", "weapons", "Strategic developments"),
    # a mob's violence is a riot (mob violence), with guns too
    ("A mob shot dead two suspected cattle thieves in the village square.", "ASSAULT", "firearms", "Riots"),
    # and so is a protest whose own people turn to violence
    ("Traders protested against the new levies on Monday and set fire to a tax office.", "PROTEST", "riot", "Riots"),
    # a toll told as that of clashes says how the attack went: a fight, a battle
    ("Police attacked herders near the river on Sunday. Eleven people were killed in the clashes.", "ASSAULT",
     "clash", "Battles"),
    # South Asian forms of protest, and protests told by the verb that holds or continues them
    ("Party workers staged a dharna outside the district office on Monday.", "PROTEST", "demo", "Protests"),
    ("Students formed a human chain on the campus road to demand safer crossings.", "PROTEST", "demo", "Protests"),
    ("Shopkeepers observed a shutdown in the old city on Friday.", "PROTEST", "strike-gen", "Protests"),
    ("Opposition activists burnt an effigy of the chief minister outside the secretariat.", "PROTEST", "demo",
     "Protests"),
    ("Nurses in the capital continued their strike for a second week.", "PROTEST", "strike-lim", "Protests"),
    ("A vigil was held outside the town hall on Sunday.", "PROTEST", "demo", "Protests"),
    # what a crowd throws is a weapon of its riot
    ("Youths threw bottles and fireworks at riot police near the station.", "ASSAULT", "primitive", "Riots"),
    # control taken of a place is territory taken
    ("Rebels took control of Kadugli on Tuesday.", "ASSAULT", "territory", "Battles"),
    # a post an armed force holds is the force; people said to be armed are an armed side, not a crowd
    ("Militants attacked a checkpoint outside the town on Sunday.", "ASSAULT", None, "Battles"),
    ("Armed youths raided a cattle camp near the river, killing four herders.", "ASSAULT", None,
     "Violence against civilians"),
    # victims who say their side, told after an act on a place, are its target
    ("Militants stormed the market in the town centre. Two soldiers were killed.", "ASSAULT", None, "Battles"),
    # protesters or a crowd dispersed: a protest with intervention
    ("Riot police dispersed the demonstrators outside the electoral commission on Tuesday.", "COERCE", "restrict",
     "Protests"),
    ("Soldiers broke up the crowd at the market square with batons.", "COERCE", "restrict", "Protests"),
    # weapons taken or found, told by a generic word or a container of them
    ("Soldiers recovered a cache of weapons in a forest near the border on Tuesday.", "COERCE", "weapons",
     "Strategic developments"),
    # munitions that land, in a clause whose subject the parse lent to the participle before it
    ("Rockets fired from Lebanon landed in an open field near Metula on Sunday.", "ASSAULT",
     "heavy-weapons", "Explosions/Remote violence"),
    # a fire exchange told of two sides as one subject, whatever weapon it names: the first against the other
    ("Soldiers and bandits exchanged gunfire near the river on Friday.", "ASSAULT", "firearms", "Battles"),
    # what a crowd does only in protest
    ("Opposition supporters chanted slogans outside the electoral office on Monday.", "PROTEST", "demo", "Protests"),
    ("Hundreds of teachers waved placards in front of the assembly on Monday.", "PROTEST", "demo", "Protests"),
    # an armed side met in the field is a fight
    ("Troops engaged a group of militants in the hills near the town on Sunday.", "ASSAULT", "clash", "Battles"),
    ("Soldiers encountered Boko Haram in the forest on Sunday.", "ASSAULT", "clash", "Battles"),  # an armed group by name
    ("Kurdish fighters engaged ISIS cells in the desert east of the river on Sunday.", "ASSAULT", "clash",
     "Battles"),  # a noun an armed group's name modifies
    # fire told by the weapon it comes from, a ceasefire broken
    ("A military patrol came under heavy machine-gun fire near the village on Sunday.", "ASSAULT", "firearms",
     "Battles"),
    ("Mortar fire hit the outskirts of the town on Sunday.", "ASSAULT", "heavy-weapons",
     "Explosions/Remote violence"),
    ("Observers reported ceasefire violations near the front line on Sunday.", "ASSAULT", "clash", "Battles"),
    # a truce or peace deal signed is agreed; a post or convoy a force says is its own is a deployment
    ("The army and the rebels signed a peace deal in the capital on Monday.", "AGREE", None,
     "Strategic developments"),
    ("Troops set up a new military post outside the town on Monday.", "MOBILIZE", "base", "Strategic developments"),
    # people said to be angry are a crowd, and their vandalism a riot
    ("Angry commuters smashed the windows of three buses at the depot on Monday.", "COERCE", "destroy", "Riots"),
    # what was burnt by no one named as protesters took to the streets is their riot
    ("Twelve buses were burnt as striking dock workers took to the streets of the port city on Monday.", "PROTEST",
     "riot", "Riots"),
    # a police raid that hurts no one, told with the arrests it made, is those arrests
    ("Police raided an opposition office in the capital and arrested six activists on Monday.", "COERCE", "arrest",
     "Strategic developments"),
    # hacked to death is a killing, not a cyber attack
    ("Unknown men hacked a herder to death near the river on Monday.", "ASSAULT", "primitive",
     "Violence against civilians"),
    # a toll told as due to a blast is the blast's
    ("Three policemen were injured on Monday due to the explosion of a bomb near their post.", "ASSAULT",
     "explosives", "Explosions/Remote violence"),
    # an armed side that comes under attack
    ("A military convoy came under attack by insurgents on the road to the town.", "ASSAULT", None, "Battles"),
]


@pytest.mark.parametrize("text, type_, mode, acled_class", ACLED_KINDS + UNSEEN_KINDS)
def test_conflict_events_are_coded_and_classed_as_acled_would(tmp_path, text, type_, mode, acled_class):
    first, _ = first_event(tmp_path, text)
    assert (first["type"], first["mode"], acled(first)["event_type"]) == (type_, mode, acled_class)


def test_who_runs_into_a_mine_is_its_victim_not_its_doer(tmp_path):
    first, _ = first_event(tmp_path, "A herder stepped on a landmine outside the village on Sunday, injuring him.")
    assert (first["type"], first["mode"], acled(first)["event_type"]) == ("ASSAULT", "explosives",
                                                                          "Explosions/Remote violence")
    assert first["source"]["text"] is None and first["target"]["text"] == "A herder"
    first, _ = first_event(tmp_path, "Insurgents buried a bomb beside the road, killing three soldiers.")
    assert first["source"]["text"] == "Insurgents"  # who set it is who did it


def test_a_clash_beside_a_protest_is_its_riot_unless_armed_groups_fight(tmp_path):
    _, evs = first_event(tmp_path, "Traffic wardens and hawkers clashed in the market as the hawkers protested "
                                   "against new levies.")
    assert [(e["type"], e["mode"]) for e in evs] == [("PROTEST", "riot")]
    _, evs = first_event(tmp_path, "Soldiers clashed with rebels near the town while residents protested in the capital.")
    assert [(e["type"], e["mode"], acled(e)["event_type"]) for e in evs] == [
        ("ASSAULT", "clash", "Battles"), ("PROTEST", "demo", "Protests")]


@pytest.mark.parametrize("text, source", [
    ("Two mortar rounds fell on a market in Gao on Monday.", None),  # where munitions come down: an attack
    ("A Katyusha rocket hit the compound of the embassy overnight.", None),  # a weapon's model is no doer
    ("Israeli drones struck a car in Tyre.", "Israeli"),  # whose the weapon is, is
])
def test_a_weapon_is_what_an_attack_is_done_with_never_who_does_it(text, source):
    [ev] = code(text)
    assert (ev["type"], ev["source"]["text"]) == ("ASSAULT", source)


def test_a_plane_that_lands_is_no_attack():
    assert code("The plane landed in Kigali on Monday after a short delay.") == []


def test_one_protest_of_the_same_people_in_a_sentence(tmp_path):
    """ACLED's unit: the same protesters' several forms of protest, told in one sentence, are one
    demonstration; other people's elsewhere are another."""
    _, evs = first_event(tmp_path, "Students boycotted classes and marched to the vice-chancellor's office in Zomba.")
    assert [e["type"] for e in evs] == ["PROTEST"] and len(evs[0]["mentions"]) == 1
    _, evs = first_event(tmp_path, "Teachers went on strike in Lilongwe while nurses protested in Blantyre.")
    assert [e["place"]["name"] for e in evs] == ["Lilongwe", "Blantyre"]


@pytest.mark.parametrize("text", [
    "Families are battling to rebuild their homes after the floods.",  # a struggle, not a fight
    "The new rules target landlords who leave flats empty.",  # aimed at, by no armed side: no attack
    "A teacher accused of fraud was freed on bail.",  # what is said of someone, not an accusation told
])
def test_struggles_and_descriptions_are_no_events(text):
    assert code(text) == []


def test_releases_and_surrenders_are_agreements_for_acled():
    for mode in ("release", "disarm"):
        event = {"type": "RETREAT", "mode": mode, "source": {"text": "The army", "actor": None},
                 "target": {"text": "the prisoners", "actor": None}}
        assert acled(event) == {"event_type": "Strategic developments", "sub_event_type": "Agreement"}


def test_a_spokesman_saying_attacks_will_continue_threatens():
    evs = code("\"Our attacks on the occupation forces will continue,\" the rebel commander said.")
    threat = next(e for e in evs if e["type"] == "THREATEN")
    assert threat["modality"] == "asserted" and threat["source"]["text"] == "the rebel commander"
    assert not any(e["type"] == "ASSAULT" for e in evs)  # the attacks to come are the threat's content
    assert (threat["content"]["type"], threat["content"]["modality"]) == ("ASSAULT", "planned")


def test_a_target_named_by_apposition_is_resolved(tmp_path):
    first, _ = first_event(tmp_path, "Gunmen killed the group's spokesman, Kadhim al-Fartousi, in Baghdad on Monday.")
    assert first["type"] == "ASSAULT" and first["target"]["actor"] == "person:kadhim-al-fartousi"


def test_a_person_is_killed_once_and_what_follows_a_recalled_killing_is_recalled(tmp_path):
    text = ("Gunmen killed Kadhim al-Fartousi outside his home in Baghdad on 3 March 2015. "
            "The killing of Fartousi drew condemnation across Iraq. "
            "Days after Fartousi's killing, the army shelled a militia camp near the city.")
    _, evs = first_event(tmp_path, text, day="2021-05-10")
    killings = [e for e in evs if e["type"] == "ASSAULT" and e["target"]["actor"] == "person:kadhim-al-fartousi"]
    assert len(killings) == 1 and len(killings[0]["mentions"]) == 3
    assert killings[0]["modality"] == "historical"
    shelling = next(e for e in evs if e["mode"] == "heavy-weapons")
    assert shelling["modality"] == "historical"  # days after a killing six years old


def test_the_one_who_must_is_asked_not_the_one_told():
    [ev] = code('"The police must release the footage," the lawyer told reporters.')
    assert (ev["type"], ev["source"]["text"], ev["target"]["text"]) == ("REQUEST", "the lawyer", "The police")


def test_a_warning_of_what_may_happen_is_no_threat():
    """A threat is a warning aimed at someone or of what the warner will do; analysts or the UN warning
    that something could happen forecast, they threaten no one."""
    for text in ("The UN warned that the fighting could trigger a famine in the region.",
                 "Analysts warned that the strike could draw the country deeper into the war."):
        assert not [e for e in code(text) if e["type"] == "THREATEN"], text
    for text in ("Iran warned that it could respond to any attack on its territory.",
                 "Iran warned that Israel would pay a heavy price.", "The army warned residents to leave the area."):
        assert [e for e in code(text) if e["type"] == "THREATEN"], text


def test_defending_oneself_is_no_support():
    assert not [e for e in code("The villagers said they had only defended themselves with sticks and stones.")
                if e["type"] == "SUPPORT"]
    [ev] = code("Police units defended the governor's residence against the crowd.")
    assert ev["type"] == "SUPPORT" and ev["target"]["text"] == "the governor's residence"


def test_taken_to_hospital_in_a_city_is_no_territory_taken():
    evs = code("Three miners were injured in the blast and taken to hospital in the city of Kolwezi.")
    assert "territory" not in {e["mode"] for e in evs}
    [abduction] = code("Four aid workers were taken hostage by gunmen in the east of the province.")
    assert (abduction["mode"], abduction["source"]["text"]) == ("abduct", "gunmen")


def test_an_area_cleared_of_fighters_is_territory_taken_but_not_a_road_cleared_of_debris():
    [ev] = code("The army cleared the hills of Tora and Gidan of jihadist fighters.")
    assert (ev["type"], ev["mode"], ev["source"]["text"]) == ("ASSAULT", "territory", "The army")
    assert code("Volunteers cleared the market of rubble.") == []


@pytest.mark.parametrize("text, type_, mode", [
    # people who are no armed side, striking at nothing: a walkout
    ("Bus drivers struck for higher wages.", "PROTEST", "strike-lim"),
    ("Hospital nurses struck for a second day on Wednesday.", "PROTEST", "strike-lim"),
    ("Members of the teachers' union struck across the province on Tuesday.", "PROTEST", "strike-lim"),
    # an armed side, a weapon or aircraft, or anything struck at: an attack
    ("Suspected militants struck again in the north.", "ASSAULT", None),
    ("Fighter jets struck overnight.", "ASSAULT", "aerial"),
    ("Villagers struck back at the raiders with clubs.", "ASSAULT", None),
])
def test_a_strike_by_people_who_strike_at_nothing_is_a_walkout(text, type_, mode):
    ev = next(e for e in code(text) if e["type"] in ("PROTEST", "ASSAULT"))
    assert ev["type"] == type_ and (mode is None or ev["mode"] == mode)  # (None: any mode)


@pytest.mark.parametrize("text", [
    "Share this story with your friends on social media.",
    "Support our reporting with a monthly donation.",
    "Attack the problem early with our free guide.",
])
def test_a_call_to_action_no_one_in_the_text_makes_is_no_event(text):
    assert code(text) == []  # a page's prompt or an advert's, in the imperative


def test_an_order_someone_is_quoted_giving_is_urged_not_done():
    ev = next(e for e in code('"Seize the airport tonight," the general told his officers.') if e["type"] == "ASSAULT")
    assert ev["modality"] == "urged"


@pytest.mark.parametrize("text, means, done", [
    ("The army sent reinforcements to the border town to repel the rebel advance.", "MOBILIZE", "ASSAULT"),
    ("Chad deployed troops to the lake region in 2019 to fight the insurgents.", "MOBILIZE", "ASSAULT"),
])
def test_an_act_told_as_the_purpose_of_another_is_meant_not_done(text, means, done):
    [ev] = code(text)  # the purpose is what the act is for, its content, not an act of its own
    assert ev["type"] == means and ev["modality"] in ("asserted", "historical"), ev
    assert (ev["content"]["type"], ev["content"]["modality"]) == (done, "planned")


def test_a_control_verb_s_infinitive_and_a_purpose_achieved_by_the_act_stay_done():
    assert any(e["type"] == "ASSAULT" and e["modality"] == "asserted"
               for e in code("Militants began to shell the garrison at dawn."))
    [raid] = [e for e in code("Gunmen stormed a boarding school to kidnap pupils, the police said.")
              if e["type"] == "ASSAULT"]
    assert raid["modality"] == "asserted"


def test_a_possessive_pronoun_on_the_act_is_the_subject_that_does_it():
    [veto] = [e for e in code("France used its veto to block the draft resolution.") if e["type"] == "REJECT"]
    assert veto["source"]["text"] == "France"
    [visit] = [e for e in code("Ghana praised the president during his visit.") if e["type"] == "CONSULT"]
    assert visit["source"]["text"] != "Ghana"  # "his" is no state


def test_an_act_done_by_a_support_verb_is_aimed_at_the_verb_s_on_phrase():
    [strike] = [e for e in code("The army carried out air strikes on rebel positions.") if e["type"] == "ASSAULT"]
    assert strike["target"]["text"] == "rebel positions"  # the parse hangs "on" on "carried"
    [strike] = [e for e in code("Government jets carried out air strikes on Friday.") if e["type"] == "ASSAULT"]
    assert strike["target"] is None or strike["target"]["text"] is None  # a day is no target


@pytest.mark.parametrize("text", [
    "Three injured police officers were airlifted to a hospital in Maiduguri.",
    "Volunteers carried the dead to the morgue in Kano.",
])
def test_taking_the_wounded_or_the_dead_to_care_is_no_event(text):
    assert code(text) == []


def test_going_to_a_hospital_is_still_what_it_is():
    assert [e["type"] for e in code("Nurses marched to the hospital to demand unpaid wages.")] == ["PROTEST"]


@pytest.mark.parametrize("text", [
    "Bandits stormed the market, looted shops and set fire to the council office.",
    "Fighters raided the village at dawn and torched the clinic.",
    "Gunmen raided the mine and withdrew into the hills with the stolen gold.",
])
def test_an_attack_s_doers_destruction_and_withdrawal_are_the_attack(text):
    evs = code(text)
    assert [e["type"] for e in evs] == ["ASSAULT"] and evs[0]["mode"] != "destroy"


def test_destruction_or_withdrawal_by_others_beside_an_attack_is_its_own_act():
    evs = code("Soldiers repelled the raid on the post, while angry residents burned the bandits' motorbikes.")
    assert {e["type"] for e in evs} == {"ASSAULT", "COERCE"}
    evs = code("Troops withdrew from the town after heavy fighting with rebels.")
    assert {e["type"] for e in evs} == {"ASSAULT", "RETREAT"}


def test_destroying_an_armed_side_s_things_is_force_against_it():
    [ev] = code("Government jets destroyed two militant training camps in the hills.")
    assert ev["type"] == "ASSAULT"
    [ev] = code("Looters destroyed two grain stores in the market.")
    assert (ev["type"], ev["mode"]) == ("COERCE", "destroy")



def test_a_side_described_by_its_backers_is_no_news_of_backing():
    evs = code("Separatist fighters, backed by a neighbouring state, shelled the district capital.")
    assert [e["type"] for e in evs] == ["ASSAULT"]
    assert [e["type"] for e in code("The neighbouring state backed the separatists with arms.")] == ["SUPPORT"]
    # what a relative clause says of a side or an act, and the backing an act was done with, are no news either
    evs = code("The raid, which was supported by foreign advisers, killed four gunmen near the dam.")
    assert [e["type"] for e in evs] == ["ASSAULT"]
    evs = code("Police, with the support of local vigilantes, arrested nine suspects in the market.")
    assert [e["type"] for e in evs] == ["COERCE"]


def test_a_bomber_who_blew_himself_up_aimed_at_where_he_did_it():
    [ev] = code("A young man blew himself up at a police checkpoint in the city, killing three officers.")
    assert (ev["mode"], ev["target"]["text"]) == ("suicide-attack", "a police checkpoint") and ev["killed"] == 3


@pytest.mark.parametrize("denial, refusal", [
    ("The army denied that its troops had shelled the market.", "The governor denied permission for the march."),
    ("The ministry rejected the allegations and said the report was false.",
     "The rebels rejected the demand to hand over the town."),
    ("The militia denied responsibility for the ambush.", "Their request for visas was denied."),
])
def test_denying_an_accusation_is_no_refusal(denial, refusal):
    """README rule 4: only refusing a demand, proposal or thing is a REJECT; a denial tells the denied act, if any."""
    assert not [e for e in code(denial) if e["type"] == "REJECT"], code(denial)
    assert any(e["type"] == "REJECT" for e in code(refusal)), code(refusal)


def test_damage_done_by_a_remote_weapon_is_an_attack():
    """Drones or shells that damage something strike it (ACLED's remote violence); people who burn it destroy property."""
    drones = code("Drones damaged a power station and two warehouses in the Odesa region overnight.")
    assert [(e["type"], e["mode"]) for e in drones] == [("ASSAULT", "drone")], drones
    looters = code("Rioters burned the market and several shops.")
    assert [(e["type"], e["mode"]) for e in looters] == [("COERCE", "destroy")], looters


def test_a_claim_saying_how_tells_the_claimed_attack():
    evs = code("Gunmen attacked the village of Kora on Sunday, killing 12 people. The Islamic State group claimed "
               "the attack, saying it had targeted a militia base and killed dozens of fighters.")
    assert len([e for e in evs if e["type"] == "ASSAULT"]) == 1, evs


def test_a_court_s_sentence_is_coercion_of_the_sentenced(tmp_path):
    first, _ = first_event(tmp_path, "A military court sentenced two journalists to ten years in prison on Monday.")
    assert (first["type"], first["source"]["text"], first["target"]["text"]) == (
        "COERCE", "A military court", "two journalists")


def test_what_an_act_is_done_with_tells_it_is_an_attack():
    [ev] = code("The movement said its members had targeted the convoy with rockets on Sunday.")
    assert (ev["type"], ev["target"]["text"]) == ("ASSAULT", "the convoy")
    assert not code("The movement said its campaign had targeted young voters with adverts.")


def test_victims_told_with_the_attack_as_their_time_are_its_toll():
    [ev] = code("They were shot dead when bandits ambushed their bus near the river crossing.")
    assert (ev["type"], ev["source"]["text"]) == ("ASSAULT", "bandits")
    [ev] = code("Two guards were wounded as rioters hurled stones at the depot.")
    assert (ev["type"], ev["source"]["text"]) == ("ASSAULT", "rioters")


def test_a_crowd_told_by_its_number_marches():
    [ev] = code("Thousands marched through the capital on Saturday to demand fresh elections.")
    assert (ev["type"], ev["source"]["text"]) == ("PROTEST", "Thousands")


def test_an_execution_is_a_killing_of_the_executed():
    [ev] = code("The authorities executed two prisoners at dawn on Tuesday.")
    assert (ev["type"], ev["mode"], ev["target"]["text"]) == ("ASSAULT", "execute", "two prisoners")
    assert not code("The ministry executed its budget on time.")


def test_the_raids_arrests_were_made_in_are_the_arrests(tmp_path):
    evs = events_of(tmp_path, "Soldiers detained 14 men in overnight raids across Hebron.")
    assert [(e["type"], e["mode"]) for e in evs] == [("COERCE", "arrest")]
    evs = code("Police arrested two suspects in the bombing of the market.")
    assert [e["type"] for e in evs] == ["COERCE", "ASSAULT"]  # the act they are held for


def test_what_a_man_is_convicted_of_is_no_toll_of_his_execution():
    evs = code("The authorities executed a man convicted of killing two guards.")
    hanging = next(e for e in evs if e["mode"] == "execute")
    assert hanging["killed"] == 1 and not any(e["type"] == "ASSAULT" and e["modality"] == "asserted"
                                              and e is not hanging for e in evs)


def test_leaders_who_speak_with_each_other_consult():
    [ev] = code("The prime minister spoke by phone with his Egyptian counterpart on Sunday.")
    assert (ev["type"], ev["source"]["text"], ev["target"]["text"]) == (
        "CONSULT", "The prime minister", "his Egyptian counterpart")
    assert not code("The prime minister spoke to reporters on Sunday.")


def test_people_set_free_are_released():
    [ev] = code("The army released 25 detained fishermen at the port on Monday.")
    assert (ev["type"], ev["mode"], ev["source"]["text"]) == ("RETREAT", "release", "The army")
    assert not code("The ministry released a statement on Monday.")


def test_the_acronym_is_of_the_islamic_state_is_a_name_not_a_verb(tmp_path):
    # the small model reads "IS" as the verb "is" unless its norm says otherwise (data/analyse/norms.tsv)
    [ev] = events_of(tmp_path, "IS militants attacked an army checkpoint near Deir ez-Zor on Monday, killing four soldiers.")
    assert ev["source"] == {"text": "IS militants", "actor": "group:islamic-state"} and ev["killed"] == 4


def test_a_note_s_opening_date_is_not_the_target_of_an_on_phrase(tmp_path):
    # "On 23 March ..., police opened fire on protesters": the second "on" names whom they fired on
    [ev] = events_of(tmp_path, "On 2 March 2024, police opened fire on protesters in Kisumu, killing two.")
    assert ev["target"]["text"] == "protesters" and ev["killed"] == 2


def test_a_province_the_parser_makes_the_subject_of_a_participle_does_nothing(tmp_path):
    # "in Beni territory, Nord-Kivu, killing 3": one attack, its toll three, not a second one by the province
    [ev] = events_of(tmp_path, "Militants raided a camp in Beni territory, Nord-Kivu, killing 3.")
    assert ev["source"]["text"] == "Militants" and ev["killed"] == 3


def test_deaths_told_as_what_a_clash_caused_are_its_toll(tmp_path):
    [ev] = events_of(tmp_path, "Rebels and soldiers clashed near Jolo on Sunday, resulting in the deaths of two rebels.")
    assert ev["killed"] == 2
    evs = events_of(tmp_path, "Gunmen attacked a village near Jos on Sunday. Protests broke out after the death of a student.")
    assert all(not e["killed"] for e in evs)


def test_deaths_told_as_what_came_before_an_act_are_not_its_toll(tmp_path):
    # the death that set off the attack, not one the attack caused
    [ev] = events_of(tmp_path, "A mob attacked a police station in Sylhet on Monday after a youth died in custody.")
    assert not ev["killed"]
    evs = events_of(tmp_path, "Gunmen attacked the village on Monday after two herders were killed there in May.")
    attack = next(e for e in evs if e["source"]["text"] == "Gunmen")
    assert not attack["killed"]
    [ev] = events_of(tmp_path, "Two soldiers were killed after militants ambushed their convoy near Gao on Monday.")
    assert ev["killed"] == 2 and ev["source"]["text"] == "militants"


def test_a_meeting_an_attack_hits_is_its_target_not_a_consultation(tmp_path):
    evs = events_of(tmp_path, "A suicide bomber attacked a meeting of clan elders in Baidoa on Monday, killing nine.")
    assert [e["type"] for e in evs] == ["ASSAULT"] and evs[0]["target"]["text"].startswith("a meeting")
    assert [e["type"] for e in events_of(tmp_path, "The two envoys held a meeting in Doha on Monday.")] == ["CONSULT"]


def test_a_seized_event_is_a_figure_of_speech(tmp_path):
    evs = events_of(tmp_path, 'The president said the protests had been "hijacked by criminals".')
    assert not [e for e in evs if e["type"] == "ASSAULT"]
    [ev] = events_of(tmp_path, "Gunmen hijacked a bus carrying 30 passengers near Zaria on Monday.")
    assert ev["mode"] == "abduct"


def test_the_occasion_of_a_dated_act_is_of_its_time(tmp_path):
    # "killed in demonstrations in 2019": the demonstrations were then too, background like the deaths
    evs = events_of(tmp_path, "In 2019, at least 30 people were killed in demonstrations over fuel prices.")
    assert {e["type"]: e["modality"] for e in evs} == {"ASSAULT": "historical", "PROTEST": "historical"}


def test_a_headline_s_present_the_tagger_takes_for_a_base_form_is_a_clause(tmp_path):
    # "Gunmen abduct 15 passengers ..." (no full stop): the small model tags "abduct" VB; the line is
    # a clause with a subject, news, not a heading; and the passengers are the target, not the highway
    [ev] = events_of(tmp_path, "Gunmen abduct 15 passengers on Abuja-Kaduna highway")
    assert (ev["type"], ev["mode"], ev["target"]["text"]) == ("ASSAULT", "abduct", "15 passengers")
    assert events_of(tmp_path, "Iraqi Militias May Soon March to Their Own Beat") == []


def test_a_headline_s_present_taken_for_a_noun_after_its_plural_subject_is_a_clause(tmp_path):
    [ev] = events_of(tmp_path, "Thousands march in Lusaka against new fuel taxes")
    assert (ev["type"], ev["place"]["name"]) == ("PROTEST", "Lusaka")


def test_a_headline_of_names_with_its_verb_in_lower_case_is_a_clause(tmp_path):
    # most of its words are capitalised because they are names; its verb is not: sentence case
    [ev] = events_of(tmp_path, "Mortars fired at Camp Lemonnier in Djibouti")
    assert (ev["type"], ev["target"]["text"]) == ("ASSAULT", "Camp Lemonnier")
    assert events_of(tmp_path, "Mortars Fired At Camp Lemonnier In Djibouti") == []  # title case: a heading


def test_an_idiom_s_phrase_is_the_idiom_s_and_its_second_weapon_the_same_attack():
    # "opened fire on a post at the gate": no gate was opened (the phrase after the idiom's own object is
    # the idiom's); and a second means the same attackers used on no target of its own is one attack
    evs = code("Gunmen opened fire on the checkpoint at the main entrance of the camp and threw grenades.")
    assert [(e["type"], e["mode"], e["source"]["text"], e["target"]["text"]) for e in evs] == [
        ("ASSAULT", "firearms", "Gunmen", "the checkpoint")]


@pytest.mark.parametrize("text, types", [
    ("Drones struck a depot near the port in support of an allied militia.", ["ASSAULT"]),
    ("Police, in coordination with the army, arrested six suspects on Monday.", ["COERCE"]),
    ("The closure of the road puts pressure on the troops holding the town.", []),  # a figure of speech
    ("The garrison left the town with little warning on Sunday.", []),  # how it left: no threat made
    ("The ministry pledged its support for the farmers.", ["SUPPORT"]),
])
def test_how_an_act_was_done_is_no_act_of_its_own(text, types):
    assert [e["type"] for e in code(text)] == types


def test_the_defence_against_an_attack_told_before_is_part_of_it(tmp_path):
    evs = events_of(tmp_path, "Insurgents stormed a police station in the town of Kasiri on Monday. "
                              "The police said officers had repelled the attack after two hours.")
    assert [(e["type"], e["source"]["text"], len(e["mentions"])) for e in evs] == [("ASSAULT", "Insurgents", 2)]
    evs = events_of(tmp_path, "Insurgents stormed a police station in the town of Kasiri on Monday. "
                              "Soldiers repelled an attack on a checkpoint near Bama on Tuesday.")
    assert [e["source"]["text"] for e in evs] == ["Insurgents", "Soldiers"]  # an attack told first: another


def test_an_act_told_before_and_denied_is_one_event_whose_denier_names_no_side(tmp_path):
    evs = events_of(tmp_path, "Artillery shells hit a crowded market in Kadugli on Monday, killing 12 people. "
                              "The rebels denied shelling the market.")
    assert [(e["type"], e["modality"], e["source"]["text"], e["killed"], len(e["mentions"])) for e in evs] == [
        ("ASSAULT", "asserted", None, 12, 2)]
    evs = events_of(tmp_path, "The rebels denied shelling a market in Kadugli on Monday.")  # told first: a denial
    assert [(e["type"], e["modality"]) for e in evs] == [("ASSAULT", "denied")]


@pytest.mark.parametrize("text", [
    "Rebels seized the town of Kitshanga after heavy fighting with the army on Sunday.",
    "Following fierce clashes with the army, rebels captured the town of Kitshanga on Sunday.",
])
def test_the_fight_for_ground_taken_is_the_taking(text):
    evs = code(text)
    assert [(e["type"], e["mode"]) for e in evs] == [("ASSAULT", "territory")]
    assert evs[0]["source"]["text"].lower() == "rebels"


def test_a_fight_elsewhere_by_others_is_no_part_of_ground_taken():
    evs = code("Rebels captured the town of Kitshanga on Sunday, while the army clashed with militias in Rutshuru.")
    assert [(e["type"], e["mode"]) for e in evs] == [("ASSAULT", "territory"), ("ASSAULT", "clash")]


def test_a_word_inside_a_name_gives_no_class_to_what_a_verb_acts_on():
    # the "Food" of "World Food Programme" is no food aid stopped
    assert [e["type"] for e in code("Gunmen stopped a convoy of World Food Programme trucks near the river.")] == []


@pytest.mark.parametrize("text, type_", [
    ("Ghana protested to Togo over the detention of its fishermen.", "ACCUSE"),  # a state's protest is lodged
    ("The Ghanaian government protested the ruling on Monday.", "ACCUSE"),
    ("Ghanaians protested in Accra on Monday.", "PROTEST"),  # its people demonstrate
])
def test_a_state_s_protest_is_a_complaint_and_its_people_s_a_demonstration(tmp_path, text, type_):
    first, _ = first_event(tmp_path, text)
    assert first["type"] == type_


def test_looting_told_by_its_noun_is_property_destroyed():
    [ev] = code("The looting of shops went on through the night.")
    assert (ev["type"], ev["mode"], ev["target"]["text"]) == ("COERCE", "destroy", "shops")


@pytest.mark.parametrize("text", [
    "Hundreds of nurses marched to the health ministry carrying banners accusing the minister of lying.",
    "Students chanted slogans denouncing the fee rise as they marched through the campus on Monday.",
    "Protesters held placards demanding the release of the detained students outside the court.",
])
def test_what_a_crowd_s_banners_say_is_no_act_of_their_own(tmp_path, text):
    """A banner, placard or slogan says what its crowd says: the protest is the event, not an
    accusation or demand made by the banner."""
    evs = events_of(tmp_path, text)
    assert [e["type"] for e in evs] == ["PROTEST"]


@pytest.mark.parametrize("text, mode", [
    ("Monitors recorded small-arms fire near the village on Sunday.", "firearms"),
    ("Residents reported sniper fire in the old town overnight.", "firearms"),
    ("Monitors recorded mortar fire near the village on Sunday.", "heavy-weapons"),
])
def test_fire_told_by_its_weapon_is_an_attack(tmp_path, text, mode):
    """"small-arms fire", "mortar fire": the weapon says the fire is shooting or shelling, not a blaze."""
    assert [(e["type"], e["mode"]) for e in events_of(tmp_path, text)] == [("ASSAULT", mode)]


def test_a_ceasefire_violated_is_an_attack_but_not_an_act_done_in_violation_of_one(tmp_path):
    """"committed violations of the truce" is fighting; "built bunkers in violation of the ceasefire"
    says how another act was done."""
    evs = events_of(tmp_path, "The army said the rebels had committed 12 violations of the truce overnight.")
    assert [(e["type"], e["mode"]) for e in evs] == [("ASSAULT", "clash")]
    evs = events_of(tmp_path, "The ministry accused the militia of building bunkers near the river in violation "
                              "of the ceasefire.")
    assert "ASSAULT" not in [e["type"] for e in evs]


@pytest.mark.parametrize("text", [
    "The foreign ministers discussed the war in Sudan and support for the refugees on Monday.",
    "The two delegations talked about the attacks on shipping in the Red Sea.",
])
def test_what_talks_are_about_is_no_act_of_its_own(tmp_path, text):
    """The topics of a consultation ("discussed ... support for the refugees", "talked about the
    attacks") are what it is about, not acts done by those who talk."""
    assert [e["type"] for e in events_of(tmp_path, text)] == ["CONSULT"]


@pytest.mark.parametrize("text, kind", [
    ("The election board rejected a request by the opposition to postpone the vote.", "REJECT"),
    ("The army rejected calls for a ceasefire in the north.", "REJECT"),
    ("The rebels accepted a proposal for talks in Nairobi.", "AGREE"),
])
def test_what_a_refusal_or_acceptance_answers_is_no_act_of_its_own(tmp_path, text, kind):
    """"rejected a request to postpone the vote": the refusal is the news; the request it answers
    was made before, and is what it is about."""
    assert [e["type"] for e in events_of(tmp_path, text)] == [kind]


@pytest.mark.parametrize("text, kind", [
    ("Journalist abducted by gunmen on the Kaduna highway", ("ASSAULT", "abduct")),
    ("Two soldiers killed by roadside bomb in Kunar province", ("ASSAULT", "explosives")),
    ("Opposition leader arrested in dawn raid in Harare", ("COERCE", "arrest")),
])
def test_a_headline_passive_is_a_clause(tmp_path, text, kind):
    """A snippet in headline form, its passive without an auxiliary and no final stop ("Journalist
    abducted by gunmen", "Opposition leader arrested in dawn raid"), is told news, not a section heading."""
    evs = events_of(tmp_path, text)
    assert [(e["type"], e["mode"]) for e in evs] == [kind]
