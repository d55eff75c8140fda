"""One event per real-world act in an article (#15): an act told again later (by "the attack",
"the fighting", a toll a few sentences on) is one event with every mention, and what the later
mentions add (a toll, a date) fills what the first leaves unsaid; two acts stay two. Every
article below is our own."""

from __future__ import annotations

from conftest import events_of


def assaults(events: list[dict]) -> list[dict]:
    return [e for e in events if e["type"] == "ASSAULT"]


def starts(ev: dict) -> list[int]:
    return [m["start"] for m in ev["mentions"]]


def test_a_toll_two_sentences_after_the_act_is_its_toll(tmp_path):
    text = ("Gunmen attacked a police checkpoint in Maiduguri on Monday. Residents fled into the fields. "
            "At least 4 police and 9 civilians were killed during the fighting.")
    [ev] = assaults(events_of(tmp_path, text))
    assert ev["killed"] == 13 and ev["source"]["text"] == "Gunmen"
    assert starts(ev) == [0, text.index("At least")]


def test_the_fighting_told_again_and_its_toll_are_the_clash(tmp_path):
    text = ("Soldiers clashed with rebels near Goma. The fighting lasted until Tuesday, residents said. "
            "Five people were killed in the clashes.")
    [ev] = assaults(events_of(tmp_path, text))
    assert ev["killed"] == 5 and ev["target"]["text"] == "rebels"
    assert starts(ev) == [0, text.index("The fighting"), text.index("Five")]


def test_the_protest_told_again_gives_its_date(tmp_path):
    text = ("Workers at a textile plant in Mahalla demonstrated against unpaid wages. "
            "The protest began on Sunday and lasted two days.")
    [ev] = [e for e in events_of(tmp_path, text) if e["type"] == "PROTEST"]
    assert ev["date"]["value"] == "2024-03-03"
    assert starts(ev) == [0, text.index("The protest")]


def test_a_toll_told_as_reported_of_an_alleged_attack_is_its_toll(tmp_path):
    text = ("Soldiers allegedly attacked fishermen on the lake shore near Kalemie on Sunday. "
            "Some 12 people were reportedly killed in the clashes.")
    [ev] = assaults(events_of(tmp_path, text))
    assert ev["killed"] == 12 and len(ev["mentions"]) == 2


def test_another_attack_is_another_event(tmp_path):
    text = ("Gunmen attacked a market in Kano on Sunday, killing four people. "
            "Gunmen carried out another attack in Kano, killing two.")
    first, second = assaults(events_of(tmp_path, text))
    assert (first["killed"], second["killed"]) == (4, 2)


def test_an_act_also_done_is_another_event(tmp_path):
    text = "Gunmen attacked a market in Kano. Gunmen also attacked a church in Kano, killing three."
    first, second = assaults(events_of(tmp_path, text))
    assert first["killed"] is None and second["killed"] == 3


def test_a_second_strike_later_that_day_elsewhere_is_another_event(tmp_path):
    text = ("Gunmen attacked a market in Gusau on Monday. "
            "Later that day, gunmen attacked a church in Zaria, killing three.")
    first, second = assaults(events_of(tmp_path, text))
    assert (first["place"]["name"], second["place"]["name"]) == ("Gusau", "Zaria")


def test_acts_on_different_days_are_two(tmp_path):
    text = ("Protesters rallied in Harare on Monday against fuel prices. "
            "Protesters rallied in Harare on Wednesday against fuel prices.")
    assert len([e for e in events_of(tmp_path, text) if e["type"] == "PROTEST"]) == 2


def test_arrests_of_different_kinds_of_people_are_two(tmp_path):
    text = "Police arrested ten protesters in Lagos on Monday. Police arrested five journalists in Lagos."
    assert len([e for e in events_of(tmp_path, text) if e["type"] == "COERCE"]) == 2


def test_the_clashes_far_away_are_other_clashes(tmp_path):
    text = "Rebels clashed with troops in Goma on Monday. The clashes in Kisangani lasted two days."
    assert len(assaults(events_of(tmp_path, text))) == 2


def test_the_killing_of_someone_else_is_another_event(tmp_path):
    text = ("Troops killed 14 militants near Tebessa on Saturday. "
            "The militants were blamed for the killing of a tourist in 2014.")
    news, killing = assaults(events_of(tmp_path, text))
    assert news["killed"] == 14 and len(news["mentions"]) == 1
    assert killing["killed"] == 1 and "tourist" in killing["target"]["text"]


def test_the_toll_of_a_counter_attack_is_not_the_attack_s(tmp_path):
    text = ("Militants raided a hotel in Mogadishu on Sunday. Security forces moved in to retake the hotel. "
            "At least two militants were killed in the counter attack.")
    first = assaults(events_of(tmp_path, text))[0]
    assert first["killed"] is None and len(first["mentions"]) == 1


def test_a_retaliation_is_another_event(tmp_path):
    text = "Militants shelled an army post in Kidal. The army responded by shelling militant positions."
    first, second = assaults(events_of(tmp_path, text))
    assert first["source"]["text"] == "Militants" and second["source"]["text"] == "The army"


def test_what_the_article_recalls_stays_apart_from_the_news(tmp_path):
    text = ("Militants attacked an army base in Kidal. The attack killed three soldiers. "
            "In 2019, militants attacked the same base.")
    news, recalled = assaults(events_of(tmp_path, text))
    assert news["killed"] == 3 and news["modality"] == "asserted" and recalled["modality"] == "historical"


def test_an_attack_named_by_its_day_is_the_attack_told_and_dates_it(tmp_path):
    text = "Gunmen stormed a church in Owo, killing 40 worshippers. The state governor condemned Sunday's attack."
    [ev] = assaults(events_of(tmp_path, text))
    assert ev["killed"] == 40 and ev["date"]["value"] == "2024-03-03"
    assert starts(ev) == [0, text.index("The state")]


def test_a_toll_of_the_shelling_goes_to_the_shelling_not_the_nearer_attack(tmp_path):
    text = ("Army artillery shelled rebel positions near Kidal on Monday. Rebels attacked an army convoy near Gao. "
            "The shelling killed six rebels, a rebel spokesman said.")
    shelling, attack = assaults(events_of(tmp_path, text))
    assert shelling["mode"] == "heavy-weapons" and shelling["killed"] == 6
    assert starts(shelling) == [0, text.index("The shelling")]
    assert attack["killed"] is None and len(attack["mentions"]) == 1


def test_a_group_saying_it_carried_out_the_attack_names_its_doer(tmp_path):
    text = "Rockets hit the Ain al-Asad air base in Iraq on Monday. A militia group said it carried out the attack."
    [ev] = assaults(events_of(tmp_path, text))
    assert ev["source"]["text"] == "A militia group" and ev["date"]["value"] == "2024-03-04"
    assert starts(ev) == [0, text.index("A militia")]


def test_the_lead_act_told_again_in_other_words_is_one_event(tmp_path):
    text = ("A helicopter gunship strike killed six herders near Dolo on Thursday, elders said. "
            "Witnesses said a helicopter fired rockets at their camp near Dolo on Thursday, wounding four more.")
    [ev] = assaults(events_of(tmp_path, text))
    assert (ev["killed"], ev["mode"]) == (6, "aerial") and starts(ev) == [0, text.index("Witnesses")]


def test_an_act_told_after_with_nothing_shared_stays_apart(tmp_path):
    text = ("Gunmen shot dead a trader in Jos on Monday. "
            "In a village far to the south, soldiers shot two suspected smugglers on Tuesday.")
    assert len(assaults(events_of(tmp_path, text))) == 2


def test_stones_and_tear_gas_in_a_clash_are_the_clash(tmp_path):
    text = "Six officers were hurt in clashes near a bus depot in Kisumu, where youths threw stones and police fired tear gas."
    events = events_of(tmp_path, text)
    [ev] = [e for e in events if e["type"] in {"ASSAULT", "COERCE"}]
    assert ev["mode"] == "clash" and ev["source"]["text"] == "youths"


def test_a_jet_dropping_bombs_is_an_air_strike(tmp_path):
    [ev] = assaults(events_of(tmp_path, "A military jet dropped three bombs on a market in Tawila on Friday."))
    assert ev["mode"] == "aerial"


def test_a_named_group_and_its_unnamed_fighters_told_after_are_one_attack(tmp_path):
    text = ("Al-Shabaab fighters attacked a police station in Jowhar on Sunday. "
            "The militants set off a car bomb at the station's gate, a police officer said.")
    [ev] = assaults(events_of(tmp_path, text))
    assert ev["source"]["actor"] == "group:al-shabaab" and len(ev["mentions"]) == 2


def test_the_damage_and_toll_an_attack_does_are_the_attack(tmp_path):
    text = "Militia fighters shelled Goma overnight, damaging a water plant and wounding five residents."
    events = events_of(tmp_path, text)
    assert [(e["type"], e["injured"]) for e in events] == [("ASSAULT", 5)]
    [ev] = events_of(tmp_path, "A drone strike destroyed an ammunition store near Mosul on Sunday.")
    assert ev["type"] == "ASSAULT" and ev["mode"] == "drone" and ev["date"]["value"] == "2024-03-03"


def test_damage_done_by_rioters_is_its_own_event(tmp_path):
    [ev] = events_of(tmp_path, "Rioters set fire to two police cars in Lyon on Saturday.")
    assert (ev["type"], ev["mode"]) == ("COERCE", "destroy")


def test_the_missile_of_an_air_strike_is_the_air_strike(tmp_path):
    text = ("A Saudi-led coalition air strike hit a fuel station in Hodeidah on Monday, killing five people. "
            "Residents said the missile struck the station as drivers queued for petrol.")
    [ev] = assaults(events_of(tmp_path, text))
    assert ev["mode"] == "aerial" and len(ev["mentions"]) == 2


def test_the_strike_that_hit_is_the_strike_told(tmp_path):
    text = ("A drone struck a militia convoy on the road to Qaim on Friday, killing three. "
            "The strike hit the second vehicle of the convoy, a local official said.")
    [ev] = assaults(events_of(tmp_path, text))
    assert ev["killed"] == 3 and len(ev["mentions"]) == 2


def test_the_fighting_a_town_was_taken_after_is_the_taking(tmp_path):
    # (and "retook", which the tagger may read as a present, is still the past of "retake")
    text = "Government troops retook the town of Sake on Thursday after heavy fighting."
    [ev] = assaults(events_of(tmp_path, text))
    assert (ev["mode"], ev["source"]["text"], ev["target"]["text"]) == ("territory", "Government troops", "the town of Sake")


def test_an_act_by_a_third_side_beside_a_clash_is_another_event(tmp_path):
    text = "Bandits raided a cattle market near Gusau on Monday after clashes between vigilantes and herders."
    evs = assaults(events_of(tmp_path, text))
    assert sorted(e["source"]["text"] for e in evs) == ["Bandits", "vigilantes"]


def test_a_wire_lead_and_its_retellings_are_one_attack_and_a_tally_stays_apart(tmp_path):
    # the dateline is a sentence of its own, so the lead's subject is the doer, not the dateline's
    # apposition or a victim; "they" in a witness's words is the attackers of the sentence before
    text = ("GAO, Mali (Reuters) - Armed men killed at least 11 traders near a market outside Gao on Sunday, "
            "officials said. The attackers, riding motorcycles, opened fire on the traders at the market. "
            "\"They shot at anyone who ran,\" said a trader. "
            "Armed groups have killed thousands of civilians in the region since 2015.")
    evs = assaults(events_of(tmp_path, text, "2024-03-11"))
    news = [e for e in evs if e["modality"] == "asserted"]
    assert len(news) == 1 and news[0]["source"]["text"] == "Armed men" and len(news[0]["mentions"]) == 3
    assert news[0]["mentions"][0]["sentence"].startswith("Armed men")
    assert [e["modality"] for e in evs if e is not news[0]] == ["historical"]


def test_the_headline_s_act_told_again_further_down_is_one_event(tmp_path):
    """Told again several sentences on, the same doers and two words of the same target are enough;
    the body's day dates it."""
    text = ("Mali live: rebels say they hit army fuel depots\n\nThe governor visited the town on Monday. "
            "Residents said the market stayed closed. Schools were shut for the week. Traders said prices had "
            "doubled. Rebels struck two army fuel depots near Kidal on Sunday, a rebel spokesman said.")
    [ev] = assaults(events_of(tmp_path, text, "2024-05-08"))
    assert len(ev["mentions"]) == 2 and ev["date"]["value"] == "2024-05-05"
    text = text.replace("Rebels struck two army fuel depots near Kidal on Sunday",
                        "Soldiers struck two rebel fuel depots near Kidal on Sunday")
    assert len(assaults(events_of(tmp_path, text, "2024-05-08"))) == 2  # other doers: another act


def test_destruction_no_one_is_said_to_have_wrought_after_an_attack_is_its_damage(tmp_path):
    text = ("Rockets hit the town of Sderot on Friday, wounding three people.\n\n"
            "Four cars were destroyed in the barrage, the police said.")
    evs = events_of(tmp_path, text, "2024-05-11")
    assert [e["type"] for e in evs] == ["ASSAULT"] and len(evs[0]["mentions"]) == 2
    text = "Police arrested two smugglers in Kano on Monday.\n\nThree houses were burned in the village, residents said."
    assert {e["type"] for e in events_of(tmp_path, text, "2024-05-11")} == {"COERCE"} and len(
        events_of(tmp_path, text, "2024-05-11")) == 2  # no attack to be the damage of


def test_an_act_named_with_no_one_in_it_beside_its_full_telling_is_one_event(tmp_path):
    [ev] = assaults(events_of(tmp_path, "The raid, in which bandits killed four herders near Gusau, was the third "
                                        "this month."))
    assert ev["killed"] == 4 and ev["source"]["text"] == "bandits" and ev["date"] is None  # not "this month"
    evs = assaults(events_of(tmp_path, "Bandits killed four herders near Gusau. Another attack hit a market in Zaria."))
    assert len(evs) == 2


def test_a_witness_telling_what_they_did_retells_the_attack(tmp_path):
    """A quote whose doer is a pronoun, with no day or place of its own, tells again the act before it,
    however many sentences of background lie between."""
    text = ("Gunmen on motorcycles stormed the village of Tanka in northern Nigeria on Tuesday, killing 12 farmers. "
            "The police confirmed the attack in a statement. The state governor described the area as one of "
            "the most troubled in the region. Schools in the district have been closed since March. Farmers "
            "there have long complained about a lack of protection. "
            "\"They killed my brother in front of our house,\" said a farmer who hid in the bush.")
    [ev] = assaults(events_of(tmp_path, text))
    assert ev["source"]["text"] == "Gunmen" and ev["killed"] == 12
    assert starts(ev) == [0, text.index("\"They")]


def test_one_tie_beyond_an_act_told_between_is_enough_but_not_the_day_alone(tmp_path):
    """Past another act of the type, the first act told again needs one tie other than the day: the
    town it struck; two strikes of one night in two unnamed places stay two (a round-up)."""
    text = ("Shells fired by the army hit the central market of Kadugli on Sunday, killing seven traders. "
            "Rebels stormed the nearby town of Dilling in 2019, killing dozens. "
            "Witnesses said shells struck a row of shops in Kadugli.")
    shelling, old = assaults(events_of(tmp_path, text))
    assert shelling["killed"] == 7 and starts(shelling) == [0, text.index("Witnesses")]
    assert old["modality"] == "historical"
    text = ("A drone struck an energy plant on Tuesday night, killing two workers, the governor said. "
            "Rebels stormed a border town in 2019, killing dozens. "
            "A drone hit a grain warehouse on Tuesday night, injuring a guard, officials said.")
    assert len([e for e in assaults(events_of(tmp_path, text)) if e["modality"] != "historical"]) == 2


def test_a_strike_by_the_side_attacked_is_its_reply_not_the_attack(tmp_path):
    """An act whose doer is the earlier act's target (and not a clash, told from either side) is
    another act: attacks on US troops, then US air strikes."""
    text = ("US troops at a base in northern Syria were attacked with drones on Monday, the Pentagon said. "
            "No injuries were reported. The base lies close to oil fields. "
            "The US air strikes killed four fighters, a monitor said.")
    attack, strikes = assaults(events_of(tmp_path, text))
    assert attack["target"]["actor"] == "USA.MIL" and attack["source"]["text"] is None
    assert strikes["source"]["actor"] == "USA" and strikes["killed"] == 4


def test_an_act_with_no_one_named_and_nothing_of_its_own_retells_the_news_not_the_past(tmp_path):
    """Told with no doer, no named target, no day and no place, an act is the news act told again,
    past a recalled one; a definite victim ('the driver was shot') does not make it the recalled one."""
    text = ("Gunmen attacked a bus on a rural road on Tuesday, killing six passengers. "
            "Bandits killed 30 villagers in the area last year. "
            "Bullets hit the windscreen as the bus tried to turn around, a survivor said.")
    attack, old = assaults(events_of(tmp_path, text))
    assert starts(attack) == [0, text.index("Bullets")] and old["modality"] == "historical"
    text = text.replace("Bullets hit the windscreen", "The driver was shot")
    attack, old = assaults(events_of(tmp_path, text))
    assert len(old["mentions"]) == 1 and old["killed"] == 30


def test_what_attackers_or_police_seize_in_the_act_is_part_of_it(tmp_path):
    """'ambushed the convoy and seized two trucks of food aid': one attack; 'arrested three men and
    confiscated their phones': one arrest (ACLED codes the act, not what was taken in it)."""
    [ev] = events_of(tmp_path, "Gunmen ambushed the convoy near the border and seized two trucks of food aid.")
    assert (ev["type"], ev["source"]["text"], len(ev["mentions"])) == ("ASSAULT", "Gunmen", 1)
    [ev] = events_of(tmp_path, "Police arrested three men and confiscated their phones.")
    assert (ev["type"], ev["mode"], ev["target"]["text"]) == ("COERCE", "arrest", "three men")


def test_the_strike_of_a_day_told_again_is_that_day_s_not_the_nearest_act(tmp_path):
    text = ("A drone strike hit a market in the town of Kutum on Monday, killing 14 people, medics said. "
            "The militia has been accused of killings in West Darfur, which it denies. "
            "Monday's strike was the deadliest in the area this month. "
            "Witnesses said the drone struck twice, first hitting the grain stalls.")
    strikes = [e for e in events_of(tmp_path, text, day="2024-03-05") if e["mode"] == "drone"]
    assert len(strikes) == 1 and len(strikes[0]["mentions"]) == 3 and strikes[0]["killed"] == 14


def test_an_act_dated_to_another_day_is_not_the_undated_act_of_the_day_s_news(tmp_path):
    text = ("Police fired tear gas at thousands of protesters in Accra on Tuesday. "
            "Police opened fire on the crowd, killing at least three people, medics said. "
            "Last Thursday, police killed two protesters in Accra.")
    shootings = [e for e in events_of(tmp_path, text, day="2024-06-26") if e["type"] == "ASSAULT"]
    assert len(shootings) == 2 and [e["killed"] for e in shootings] == [3, 2]
    assert (shootings[0]["date"] or {}).get("value") != "2024-06-20"


def test_missiles_shot_down_are_the_attack_s_told_in_its_sentence(tmp_path):
    text = "The air force said Russia launched 12 missiles at Lviv overnight, and that air defences shot down 9 missiles."
    [ev] = events_of(tmp_path, text, day="2024-06-24")
    assert ev["source"]["text"] == "Russia" and len(ev["mentions"]) == 1


def test_the_group_is_the_armed_group_the_sentence_before_names(tmp_path):
    """"... the group had targeted the vessel": the one armed group told just before, so its second
    telling is the same attack."""
    text = ("Yemen's Houthi movement said on Sunday it had fired missiles at a British oil tanker in the Red Sea. "
            "Its military spokesman said the group had targeted the vessel with naval missiles.")
    evs = [e for e in events_of(tmp_path, text, day="2024-02-04") if e["type"] == "ASSAULT"]
    assert len(evs) == 1 and len(evs[0]["mentions"]) == 2
