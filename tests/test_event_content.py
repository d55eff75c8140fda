"""Only real current events, each once (#15): a lasting relation in a relative clause or an act
word inside a name is no event; weapons seized and weapons shot down belong to the arrest or
attack they are part of; a headline, "the truce was agreed", "exchanges of fire continued" tell
again an act the article tells. Every sentence below is our own."""

from __future__ import annotations

import json

import pytest

from conftest import events_of, stored


def kinds(events: list[dict]) -> list[str]:
    return [e["type"] for e in events]


def test_a_present_relative_clause_tells_no_act(tmp_path):
    text = "The refinery, which supplies fuel to the navy, was hit by a drone on Monday."
    [ev] = events_of(tmp_path, text)
    assert ev["type"] == "ASSAULT" and ev["target"]["text"] == "The refinery"


def test_an_act_word_inside_a_name_is_no_act(tmp_path):
    text = "The Front for the Support of Peace said its fighters attacked a convoy near Gao on Monday."
    assert kinds(events_of(tmp_path, text)) == ["ASSAULT"]


def test_weapons_seized_in_an_arrest_are_the_arrest(tmp_path):
    [ev] = events_of(tmp_path, "Police detained four men in Kano on Monday and seized six rifles.")
    assert (ev["type"], ev["mode"], ev["target"]["text"]) == ("COERCE", "arrest", "four men")


def test_weapons_seized_in_an_attack_are_the_attack(tmp_path):
    [ev] = events_of(tmp_path, "Rebels overran an army post near Beni on Monday and seized 20 rifles.")
    assert ev["type"] == "ASSAULT" and ev["target"]["text"] == "an army post"


def test_drones_destroyed_by_air_defences_are_the_attack(tmp_path):
    text = ("Russia attacked Ukraine overnight with 80 drones, the air force said on Monday. "
            "Air defences destroyed 60 drones, it said.")
    [ev] = events_of(tmp_path, text)
    assert ev["source"]["text"] == "Russia" and len(ev["mentions"]) == 2


def test_the_truce_was_agreed_tells_the_truce_again(tmp_path):
    text = ("A truce agreed by elders of the two clans in Marka collapsed on Monday when gunmen attacked a bus. "
            "The truce was agreed on Saturday at a meeting in Marka, attended by elders of both clans.")
    [ev] = [e for e in events_of(tmp_path, text) if e["type"] == "AGREE"]
    assert ev["date"]["value"] == "2024-03-02" and len(ev["mentions"]) == 2


@pytest.mark.parametrize("text, doers", [
    # a retelling may say the means the first telling left out: the shootout is the ambush
    ("Militants ambushed a police patrol near Gao on Monday. The shootout lasted an hour, police said.", "Militants"),
    # fire that continued is the attack going on
    ("Rebels attacked an army post near Beni on Monday. Exchanges of fire continued until noon, residents said.",
     "Rebels"),
])
def test_an_attack_told_again_in_other_words_is_one_event(tmp_path, text, doers):
    [ev] = events_of(tmp_path, text)
    assert ev["source"]["text"] == doers and len(ev["mentions"]) == 2


def test_the_headline_tells_the_act_the_body_tells(tmp_path):
    from casus.api import extract
    from casus.pipeline import Options

    title = "Gendarmes detain opposition leader Amadou Sy as supporters protest"
    text = (f"{title}\n\nThe leader of the opposition party Taxawu, Amadou Sy, was detained at his home in Kaolack "
            "on Monday morning by gendarmes, his lawyers said. Hundreds of his supporters protested outside "
            "the police station in Kaolack in the afternoon.")
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "x", "date": "2024-03-04", "title": title, "text": text}) + "\n", encoding="utf-8")
    [doc] = extract([path], Options(no_clean=True))
    [protest] = [e for e in doc.articles[0].events if e["type"] == "PROTEST"]
    assert protest["source"]["text"] == "Hundreds of his supporters"
    assert [m["start"] for m in protest["mentions"]] == [0, text.index("Hundreds")]


@pytest.mark.parametrize("text, kind, about, modality", [
    ("The foreign ministry called on both militias to stop shelling the harbour district.", "REQUEST", "ASSAULT",
     "negated"),
    ("The governor demanded that the rebels withdraw from the town on Monday.", "REQUEST", "RETREAT", "urged"),
    ("The army accused the rebels of shelling a crowded market in Kadugli.", "ACCUSE", "ASSAULT", "claimed"),
    ("The rebel commander threatened to storm the garrison at dawn.", "THREATEN", "ASSAULT", "threatened"),
])
def test_what_a_demand_threat_or_accusation_is_about_is_its_content_not_an_event(tmp_path, text, kind, about,
                                                                                 modality):
    [ev] = events_of(tmp_path, text)
    assert ev["type"] == kind and ev["modality"] == "asserted"
    assert (ev["content"]["type"], ev["content"]["modality"]) == (about, modality)


def test_an_act_beside_a_threat_is_no_content_of_it(tmp_path):
    threat, promise = events_of(tmp_path, "The militia threatened to shell the port, and Turkey will send food aid "
                                          "to the city.")
    assert threat["type"] == "THREATEN" and threat["content"]["type"] == "ASSAULT"
    assert promise["type"] == "AGREE" and promise["content"]["type"] == "AID"  # PLOVER: a promise of aid is an AGREE


def test_a_denied_act_stays_the_event(tmp_path):
    [ev] = events_of(tmp_path, "The army denied shelling a crowded market in Kadugli on Sunday.")
    assert (ev["type"], ev["modality"], ev["content"]) == ("ASSAULT", "denied", None)


def test_the_content_is_stored_and_read_back(tmp_path):
    from casus import api

    db = stored(tmp_path, "The governor demanded that the rebels withdraw from the town on Monday.")
    [ev] = api.article(db, "x")["events"]
    assert ev["type"] == "REQUEST" and ev["content"]["type"] == "RETREAT" and ev["content"]["modality"] == "urged"
    [row] = api.events(db).to_dict("records")  # the flat export says it too
    assert (row["content_type"], row["content_modality"], row["content_source"]) == ("RETREAT", "urged", "the rebels")


@pytest.mark.parametrize("text", [
    "Aid workers were clearing rubble from schools damaged in the fighting last year.",
    "Dozens of tents burned down during the night, the camp manager said.",
])
def test_what_became_of_a_thing_is_no_act_of_destruction(tmp_path, text):
    assert "COERCE" not in kinds(events_of(tmp_path, text))  # no one is said to have destroyed anything


def test_destruction_by_the_doers_of_an_attack_told_by_its_toll_is_the_attack(tmp_path):
    text = "Residents said nine villagers were killed on Sunday and that the attackers burned the granary."
    [ev] = events_of(tmp_path, text)
    assert (ev["type"], ev["source"]["text"], ev["killed"]) == ("ASSAULT", "the attackers", 9)


def test_an_attack_told_twice_in_one_sentence_is_one_event(tmp_path):
    [ev] = events_of(tmp_path, "Rebels shelled the town on Sunday, the shelling killing four civilians.")
    assert (ev["source"]["text"], ev["killed"]) == ("Rebels", 4)


def test_two_attacks_by_other_sides_in_one_sentence_stay_two(tmp_path):
    evs = events_of(tmp_path, "Jets bombed the market in Idlib on Monday, and rebels shelled an army post near Hama.")
    assert [e["source"]["text"] for e in evs] == ["Jets", "rebels"]


def test_an_attack_told_again_of_the_thing_it_hit_is_one_event(tmp_path):
    text = ("Militants ambushed an army truck on a mountain road on Tuesday evening, killing two soldiers. The "
            "attackers fired on the truck from a wooded ridge as it returned from a patrol, an army statement said.")
    [ev] = events_of(tmp_path, text)  # "the truck": the truck just named
    assert ev["killed"] == 2 and len(ev["mentions"]) == 2


def test_a_target_verb_whose_doers_are_its_head_s_is_an_attack(tmp_path):
    [ev] = events_of(tmp_path, "Army jets continued to target rebel positions near Sirte on Monday.")
    assert (ev["type"], ev["source"]["text"], ev["date"]["value"]) == ("ASSAULT", "Army jets", "2024-03-04")


def test_hostages_taken_in_a_raid_are_the_raid(tmp_path):
    text = ("Gunmen on motorcycles raided a farming village near Maru on Sunday, shooting three men dead. The "
            "gunmen abducted 14 women from the village before fleeing, residents said.")
    [ev] = events_of(tmp_path, text)  # one attack, as ACLED codes it; the abduction is its second mention
    assert (ev["type"], ev["killed"], len(ev["mentions"])) == ("ASSAULT", 3, 2)


def test_an_abduction_apart_from_an_air_strike_stays_apart(tmp_path):
    text = ("Jets bombed a market near Maru on Sunday, killing three traders. The next day gunmen abducted "
            "14 women from a village nearby, residents said.")
    assert [e["mode"] for e in events_of(tmp_path, text)] == ["aerial", "abduct"]


def test_a_headline_s_dropped_auxiliary_makes_its_subject_the_one_acted_on(tmp_path):
    from casus.api import extract
    from casus.pipeline import Options

    title = "Senegal: opposition leader Amadou Sy arrested, one dead in Thies as protests spread"
    text = (f"{title}\n\nThe leader of the opposition party, Amadou Sy, was arrested on Monday morning at his home "
            "in Dakar by gendarmes, his lawyers said. In Thies, one protester was killed when police fired on a crowd.")
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "x", "date": "2024-03-04", "title": title, "text": text}) + "\n", encoding="utf-8")
    [doc] = extract([path], Options(no_clean=True))
    [arrest] = [e for e in doc.articles[0].events if e["type"] == "COERCE" and e["mode"] == "arrest"]
    assert arrest["source"]["text"] is None  # no one arrested himself
    # the headline's arrest is the body's told first: one event (the town where one died is no place of it)
    assert [m["start"] for m in arrest["mentions"]] == [0, text.index("The leader")]
    path.write_text(json.dumps({"id": "x", "date": "2024-03-04", "title": title,
                                "text": f"{title}\n\nShops stayed shut in several towns."}) + "\n", encoding="utf-8")
    [doc] = extract([path], Options(no_clean=True))
    [arrest] = [e for e in doc.articles[0].events if e["type"] == "COERCE"]
    assert arrest["source"]["text"] is None and "Amadou Sy" in arrest["target"]["text"]


@pytest.mark.parametrize("text", [
    "The junta's spokesman did not answer phone calls from reporters on Monday.",
    "A police spokesman did not return messages seeking comment.",
])
def test_a_reporter_s_unanswered_call_is_no_event(tmp_path, text):
    assert events_of(tmp_path, text) == []  # a reporting formula: its words are the idiom's, not a phone call


def test_what_people_are_arrested_on_suspicion_of_is_the_arrest_s_content(tmp_path):
    text = "Police detained three traders in Kadugli on Friday on suspicion of supplying fuel to the rebels."
    [ev] = events_of(tmp_path, text)
    assert (ev["type"], ev["mode"]) == ("COERCE", "arrest")
    assert (ev["content"]["type"], ev["content"]["modality"]) == ("AID", "claimed")


def test_what_the_attackers_take_after_an_attack_is_the_attack(tmp_path):
    text = ("Gunmen stormed a market near Kaya on Sunday, killing nine traders. The attackers seized two trucks "
            "loaded with grain, a local official said.")
    [ev] = events_of(tmp_path, text)
    assert (ev["type"], ev["killed"], len(ev["mentions"])) == ("ASSAULT", 9, 2)


def test_what_the_police_seize_after_an_attack_is_their_own_act(tmp_path):
    text = ("Gunmen stormed a market near Kaya on Sunday, killing nine traders. On Tuesday customs officers "
            "seized a shipment of fuel at the border crossing, a local official said.")
    assert [e["type"] for e in events_of(tmp_path, text)] == ["ASSAULT", "COERCE"]


def test_a_subhead_tells_the_act_the_paragraph_below_it_tells(tmp_path):
    """A weekly round-up or a live blog heads each item with a line in the headline's present; its
    act is the one the paragraph below reports, one event with both mentions (not a habit told in
    the present); a list of links to other stories is no subhead, its present stays a habit's."""
    from casus.api import extract
    from casus.pipeline import Options

    subhead = "Bandits kill five traders in Tsafe market raid"
    text = ("ZAMFARA SECURITY BRIEF\nWeekly update | 9 March 2024\n\n"
            "Road to Gusau reopens after repairs\n\nThe federal road between Tsafe and Gusau reopened to traffic "
            "on Tuesday after three months of repairs, state officials said.\n\n"
            f"{subhead}\n\nArmed bandits on motorcycles stormed the cattle market in Tsafe on Thursday "
            "afternoon, killing five traders and wounding nine others, residents and police said.\n\n"
            "More from the region\n- Armed men kill two herders near Anka")
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "x", "date": "2024-03-09", "text": text}) + "\n", encoding="utf-8")
    [doc] = extract([path], Options(no_clean=True))
    raids = [e for e in doc.articles[0].events if e["type"] == "ASSAULT" and "Tsafe" in e["sentence"]]
    assert len(raids) == 1 and raids[0]["modality"] == "asserted"
    assert [m["start"] for m in raids[0]["mentions"]] == [text.index(subhead), text.index("Armed bandits")]
    assert all(e["modality"] == "historical" for e in doc.articles[0].events if "Anka" in e["sentence"])


def test_a_strike_called_is_a_protest_and_a_day_is_no_one_called_on(tmp_path):
    """Calling a strike organises it: one PROTEST by those who call it, no REQUEST; a verb's "on"
    that heads a date is no "call on" ("called ... on Monday"), while "called on the government"
    still appeals to it; calling a strike something names it."""
    evs = events_of(tmp_path, "The teachers' union called a nationwide strike in Nairobi on Monday.")
    assert [(e["type"], e["source"]["text"]) for e in evs] == [("PROTEST", "The teachers' union")]
    assert not events_of(tmp_path, "The governor called the strike a disgrace.")  # names it, calls none
    evs = events_of(tmp_path, "The bishops called on the government on Sunday to release the detainees.")
    assert [e["type"] for e in evs] == ["REQUEST"] and evs[0]["target"]["text"] == "the government"
