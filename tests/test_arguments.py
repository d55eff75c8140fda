"""Event arguments through the whole pipeline on small articles of our own: who, whom, where,
when and how many (issue #16): datelines, weapons and numbers as subjects, passives, event
nouns, summed and follow-up tolls, things named after people, places, explicit and bounding dates."""

from __future__ import annotations

import json

import pytest

from casus.pipeline import Options, Run, process
from casus.read import read_paths
from conftest import events_of

PUBLISHED = "2021-03-20"  # a Saturday
ARTICLES = {
    "dateline": "DAKAR, March 3 (Reuters) - A Malian army drone strike killed nine herders near Timbuktu, "
                "local officials said.",
    "dateline_appos": "NIAMEY (Reuters) - Jihadist fighters ambushed a Nigerien army patrol near Tillaberi on Sunday.",
    "weapon": "Mortar shells hit a market in Idlib on Monday, killing four civilians.",
    "numbers": "Seven were killed and 40 injured as gunmen attacked a bus near Mopti.",
    "day_of": "Thursday's raid on the depot destroyed two trucks near Gao.",
    "answered": "The navy answered with missile strikes on coastal radar sites.",
    "pounded": "The harbour was pounded with artillery before dawn.",
    "year_of": "Last year's riots left the market in ruins.",
    "passive": "A convoy was ambushed by militants near Garissa on Monday.",
    "noun": "The bombing of a police post by insurgents in Helmand killed two officers.",
    "sum": "Three soldiers and two civilians were killed when rebels attacked a checkpoint near Goma.",
    "follow_up": "Gunmen attacked a village near Zurmi on Tuesday. Eleven villagers were killed and six were wounded.",
    "named_after": "Rockets struck the Soleimani training camp near Ahvaz on Friday.",
    "base": "Six rockets hit Ain al-Asad air base in western Iraq on Friday, wounding a contractor.",
    "speaker_group": "The Houthis said they had fired two missiles at a tanker in the Red Sea on Thursday.",
    "speaker_person": "The governor said they had attacked the convoy near Kano on Thursday.",
    "speaker_forces": "Mali's army said its aircraft struck rebel positions near Kidal on Thursday.",
    "denier_forces": "Kyiv denied that its forces had been expelled from the Belgorod region.",
    "denier_self": "Armenia denied that it had shelled the border post on Sunday.",
    "explicit": "On 12 March 2021, soldiers arrested three journalists in Bamako.",
    "thing_date": "Students protested on Monday against the 14 June election results in Conakry.",
    "deadline": "The rebels agreed to a truce that lasts until 2030.",
    "up_to": "The two governments agreed on a trade plan for the years up to 2035.",
    "made_by": "Raids carried out by bandits on Tuesday left eight villagers dead near Tsafe.",
    "idiom_with": "Rioters exchanged fire with the police in Kano on Monday.",
    "two_sides": "Herders and farmers clashed near Jos on Monday, leaving three dead.",
    "judged_by": "An ambush condemned by the governor killed four policemen near Tsafe on Tuesday.",
    "opener": "Describing Kenya's enduring partnership with Uganda as \"a shining example\", Ruto said: "
              "\"These ties have always held.\"",
    "night": "Gunmen attacked a police post in Kano on Tuesday night.",
    "home": "Soldiers shot two protesters in Bamako on Thursday.",
    "two_towns": "Gunmen killed three farmers in Kano on Friday. Separately, gunmen killed five traders "
                 "in Maiduguri on Friday.",
    "between": "Clashes broke out between police and street vendors in Oran on Friday.",
    "agent_state": "A drone strike by France killed four militants in the desert on Friday.",
    "elided_passive": "Three farmers were killed and another injured when bandits raided their village near Gusau.",
    "died_of": "A traffic officer died of wounds he received in an ambush near Kano on Tuesday.",
    "found_defused": "A roadside bomb was spotted and defused by engineers outside Gao on Friday.",
    "talks": "Talks between the government and the rebels resumed in Doha on Monday.",
    "sit_in": "Nurses staged a sit-in outside the health ministry in Rabat on Monday.",
    "vandals": "Supporters of the opposition smashed the windows of two buses in Lusaka on Tuesday.",
    "pronoun": "Villagers near Bunia burned two army trucks on Monday. They also took a soldier hostage. "
               "The army said it arrested five men.",
    "dead": "Herders and farmers clashed near Jos on Sunday. At least nine people are feared dead.",
    "dead_brief": "17 dead, 30 wounded when gunmen attacked a market in Katsina on Monday.",
    "brief": "A grenade was thrown at a bus carrying soldiers on Monday. The bus was passing through a market "
             "in Baidoa.",
    "lead_town": "KANO, March 20 (Wire) - Gunmen attacked a market in the northern town of Zaria on Tuesday, "
                 "killing five traders, police said.\n\nClashes broke out near the main gate in the morning, "
                 "residents said. Traders in Zaria said shops stayed shut. Kano police said they sent reinforcements.",
    "condemned": "Rebels attacked a village near Butembo on Monday, killing nine people. "
                 "The governor condemned the attack and called for calm.",
    "weapon_owner": "Ukrainian drones struck an oil depot in Bryansk on Sunday.",
    "came_under": "A police convoy came under heavy fire from bandits near Funtua on Monday.",
    "came_under_where": "The bus was travelling to Wuro when it came under fire from a ridge on Monday.",
    "under_fire_for": "The interior minister came under fire for his handling of the floods on Monday.",
    "took_place": "The attack took place in Bunia, Ituri.",
    "cattle": "Raiders killed 40 cattle near Pibor on Monday.",
    "far": "Gunmen attacked a village near Zurmi on Tuesday, residents said. The village has no police post. "
           "Residents fled to the nearby hills. Farmers there grow millet and beans. The state governor is "
           "expected to visit. Elsewhere, soldiers arrested three suspected smugglers on Wednesday.",
}


@pytest.fixture(scope="module")
def events(tmp_path_factory) -> dict[str, list[dict]]:
    path = tmp_path_factory.mktemp("args") / "articles.jsonl"
    path.write_text("".join(json.dumps({"id": k, "text": t, "date": PUBLISHED}) + "\n" for k, t in ARTICLES.items()))
    docs = [d for batch in process(read_paths([str(path)]), Run(Options(no_clean=True))) for d in batch]
    return {d.id: [e for a in d.articles for e in a.events] for d in docs}


def one(events, key: str, type_: str = "ASSAULT") -> dict:
    [ev] = [e for e in events[key] if e["type"] == type_]
    return ev


def test_a_dateline_is_never_an_argument_nor_the_place(events):
    ev = one(events, "dateline")
    assert ev["source"]["actor"] == "MLI.MIL" and not (ev["target"]["actor"] or "").startswith("SEN")
    assert ev["killed"] == 9 and (ev["place"] or {}).get("country") != "SN"
    ev = one(events, "dateline_appos")  # the parse made the dateline the subject, the fighters its apposition
    assert ev["source"]["text"] == "Jihadist fighters" and ev["source"]["actor"] != "media:reuters"


def test_weapons_and_numbers_are_no_source(events):
    ev = one(events, "weapon")
    assert ev["source"]["text"] is None and ev["killed"] == 4 and ev["place"]["name"] == "Idlib"
    ev = one(events, "numbers")
    assert ev["source"]["text"] == "gunmen" and (ev["killed"], ev["injured"]) == (7, 40)


def test_a_date_that_owns_the_act_is_no_source(events):
    assert one(events, "day_of")["source"]["text"] is None  # nor the raid itself, the subject of "destroyed"
    assert events["year_of"] and all(e["source"]["text"] is None for e in events["year_of"])


def test_who_answers_with_an_act_does_it(events):
    ev = one(events, "answered")
    assert (ev["source"]["text"], ev["target"]["text"]) == ("The navy", "coastal radar sites")
    ev = one(events, "pounded")  # a passive's subject is what the act is done to
    assert ev["source"]["text"] is None and ev["target"]["text"] == "The harbour"


def test_passive_and_event_noun_roles(events):
    ev = one(events, "passive")
    assert ev["source"]["text"] == "militants" and ev["target"]["text"] == "A convoy"
    ev = one(events, "noun")
    assert ev["source"]["text"] == "insurgents" and ev["killed"] == 2
    assert ev["target"]["text"] in ("a police post", "two officers")  # what was bombed, or whom it killed


def test_tolls_are_summed_and_follow_ups_fold_into_their_attack(events):
    ev = one(events, "sum")
    assert ev["killed"] == 5 and ev["source"]["text"] == "rebels"
    ev = one(events, "follow_up")
    assert (ev["killed"], ev["injured"]) == (11, 6) and len(ev["mentions"]) == 2


def test_a_place_named_after_a_person_is_not_the_person(events):
    ev = one(events, "named_after")
    assert ev["target"]["text"] == "the Soleimani training camp" and ev["target"]["actor"] is None


def test_a_group_speaking_of_itself_is_the_source(events):
    """"The Houthis said they fired": a group takes "they" (spaCy calls the name a person); a
    person who says "they" speaks of others."""
    assert one(events, "speaker_group")["source"]["text"] == "The Houthis"
    assert one(events, "speaker_person")["source"]["text"] == "they"


def test_a_speakers_own_forces_are_the_speaker(events):
    """"The army said its aircraft struck": the aircraft are the army's, so the army is the source."""
    ev = one(events, "speaker_forces")
    assert ev["source"]["text"] == "its aircraft" and ev["source"]["actor"] == "MLI.MIL"


def test_who_denies_an_act_is_whom_its_pronouns_stand_for(events):
    """"Kyiv denied that its forces had been expelled from the Belgorod region": Kyiv's forces,
    not Russia's, whose region is named nearer; "Armenia denied that it had shelled": Armenia."""
    assert one(events, "denier_forces")["target"]["actor"] == "UKR.MIL"
    assert one(events, "denier_self")["source"]["actor"] == "ARM"


def test_a_named_base_that_is_hit_is_where_it_happened(events):
    """The base is the target and the place (not the country around it), whatever spaCy calls its name."""
    ev = one(events, "base")
    assert ev["place"]["name"] == "Ain al-Asad Air Base" and ev["source"]["text"] is None


def test_the_agent_of_a_participle_that_makes_the_act_is_its_doer(events):
    """"Raids carried out by bandits": the bandits raid; "an ambush condemned by the governor": the
    governor condemns, he does not ambush."""
    assert one(events, "made_by", "ASSAULT")["source"]["text"] == "bandits"
    assert one(events, "judged_by", "ASSAULT")["source"]["text"] is None


def test_a_clash_s_two_sides_told_as_one_subject_are_source_and_target(events):
    ev = one(events, "two_sides", "ASSAULT")
    assert (ev["source"]["text"], ev["target"]["text"]) == ("Herders", "farmers")


def test_the_phrase_an_idiom_s_object_holds_names_the_other_side(events):
    """"exchanged fire with the police": the parse hangs "with the police" on "fire", not on the verb."""
    assert one(events, "idiom_with", "ASSAULT")["target"]["text"] == "the police"


def test_a_participle_opening_the_sentence_is_no_part_of_the_name(events):
    """The recognizer reads "Describing Kenya's" as one name; the doer is Kenya."""
    ev = one(events, "opener", "COOPERATE")
    assert (ev["source"]["text"], ev["source"]["actor"]) == ("Kenya's", "KEN")


def test_dates_explicit_bounding_and_of_things(events):
    assert one(events, "explicit", "COERCE")["date"]["value"] == "2021-03-12"
    assert one(events, "thing_date", "PROTEST")["date"]["value"] == "2021-03-15"  # Monday, not 14 June
    assert one(events, "deadline", "AGREE")["date"] is None  # "until 2030" bounds the truce
    assert one(events, "up_to", "AGREE")["date"] is None  # so does "up to 2035" the plan
    assert one(events, "night")["date"]["value"] == "2021-03-16"  # an ISO date, not "2021-03-16TNI"


def test_unnamed_groups_are_of_the_country_where_the_act_happens(events):
    ev = one(events, "home")
    assert (ev["source"]["actor"], ev["target"]["actor"]) == ("MLI.MIL", "MLI.CVL")


def test_a_state_named_as_the_doer_is_not_where_the_act_happens(events):
    """France struck; nothing says the militants are French."""
    ev = one(events, "agent_state")
    assert ev["source"]["actor"] == "FRA" and ev["killed"] == 4
    assert not (ev["target"]["actor"] or "").startswith("FRA")


def test_victims_of_an_elided_passive_are_no_source(events):
    """"and another injured": another was injured; the bandits did it."""
    ev = one(events, "elided_passive")
    assert ev["source"]["text"] == "bandits" and (ev["killed"], ev["injured"]) == (3, 1)


def test_those_who_died_of_an_act_are_its_target(events):
    ev = one(events, "died_of")
    assert ev["target"]["text"] == "A traffic officer" and ev["killed"] == 1


def test_a_passive_subject_is_shared_by_its_coordinated_verb(events):
    ev = one(events, "found_defused", "COERCE")
    assert (ev["mode"], ev["target"]["text"]) == ("weapons", "A roadside bomb")


def test_acts_in_towns_far_apart_are_two_events(events):
    evs = [e for e in events["two_towns"] if e["type"] == "ASSAULT"]
    assert sorted(e["killed"] for e in evs) == [3, 5]


def test_the_two_sides_of_between(events):
    ev = one(events, "between")
    assert (ev["source"]["text"], ev["target"]["text"]) == ("police", "street vendors")
    assert (ev["source"]["actor"], ev["target"]["actor"]) == ("DZA.POL", "DZA.CVL")


def test_talks_do_not_borrow_the_host_country(events):
    ev = one(events, "talks", "CONSULT")
    assert (ev["source"]["text"], ev["target"]["text"]) == ("the government", "the rebels")
    assert not (ev["source"]["actor"] or "").startswith("QAT") and not (ev["target"]["actor"] or "").startswith("QAT")


def test_sit_ins_and_property_destruction_are_coded(events):
    ev = one(events, "sit_in", "PROTEST")
    assert ev["source"]["actor"] == "MAR.CVL" and ev["place"]["name"] == "Rabat"
    ev = one(events, "vandals", "COERCE")
    assert ev["mode"] == "destroy" and ev["source"]["actor"] == "ZMB.OPP"


def test_the_lead_places_its_own_events_not_those_far_below(events):
    assert one(events, "far")["place"]["name"] == "Zurmi"
    assert one(events, "far", "COERCE")["place"] is None  # "elsewhere", five sentences on


def test_a_recipient_the_parse_took_for_a_modifier():
    from test_events import code  # parse only: the roles, without places or actors
    evs = code("Sources said the officers handed their local allies detailed maps of the roads at the meeting.")
    aid = [e for e in evs if e["type"] == "AID"]
    assert aid and aid[0]["target"]["text"] == "their local allies"


def test_a_pronoun_takes_the_one_actor_of_its_number_in_the_sentence_before(events):
    abduct = one(events, "pronoun")
    assert abduct["source"]["text"] == "They" and abduct["source"]["actor"] == "COD.CVL"
    [arrest] = [e for e in events["pronoun"] if e["mode"] == "arrest"]
    assert arrest["source"]["actor"] == "COD.MIL"  # "the army said it": the speaker, not the villagers


def test_tolls_told_with_dead(events):
    assert one(events, "dead")["killed"] == 9
    assert one(events, "dead_brief")["killed"] == 17


def test_an_act_with_no_place_of_its_own_is_where_the_lead_is_not_at_the_dateline(events):
    """The lead's town, named again later in the article, is still the lead's: not the dateline's city."""
    ev = next(e for e in events["lead_town"] if e["type"] == "ASSAULT" and e["mode"] == "clash")
    assert ev["place"]["name"] == "Zaria" and ev["place"]["basis"] == "lead"


def test_who_is_condemned_for_an_act_told_before_is_its_doer(events):
    [ev] = [e for e in events["condemned"] if e["type"] == "ACCUSE"]
    assert ev["target"]["text"] == "Rebels"


def test_a_weapon_is_no_doer_but_whose_it_is_is(events):
    ev = one(events, "weapon_owner")
    assert ev["source"]["actor"] == "UKR.MIL" or ev["source"]["actor"] == "UKR"


def test_a_brief_places_its_act_at_its_one_town(events):
    ev = one(events, "brief")
    assert ev["place"]["name"] == "Baidoa" and ev["place"]["basis"] == "lead"


def test_the_subject_of_a_second_clause_the_parse_joined_to_the_first_object():
    from test_events import code  # parse only: the roles, without places or actors
    [clash] = code("Rebels shelled the town and troops returned fire.")  # one fight, its two sides
    assert (clash["mode"], clash["source"]["text"], clash["target"]["text"]) == ("clash", "troops", "Rebels")
    stones, gas = code("Youths threw stones at the police station and officers fired tear gas.")
    assert (stones["source"]["text"], stones["target"]["text"]) == ("Youths", "the police station")
    assert gas["source"]["text"] == "officers"


def test_the_subject_after_a_dateline_the_parse_took_for_an_apposition(tmp_path):
    text = ("KISMAYO, May 3 (Reuters) - Al-Shabaab fighters stormed a police post near the town of Jamame "
            "on Friday, killing four officers, a local official said.")
    [ev] = [e for e in events_of(tmp_path, text) if e["type"] == "ASSAULT"]
    assert ev["source"]["text"] == "Al-Shabaab fighters" and ev["killed"] == 4


def test_the_injured_of_a_statement_the_parse_hung_on_the_statement(tmp_path):
    from conftest import events_of
    text = "The governor said in a statement that nine guards had been wounded and that the prison was calm."
    [ev] = [e for e in events_of(tmp_path, text) if e["type"] == "ASSAULT"]
    assert ev["injured"] == 9 and ev["target"]["text"] == "nine guards"


def test_who_a_verb_makes_act_does_it_but_not_what_it_is_done_with():
    from test_events import code  # parse only: the roles, without places or actors
    [reply] = code("The killings prompted Kenya to recall its ambassador.")
    assert reply["source"]["text"] == "Kenya"
    [attack] = code("Insurgents used drones to attack an army post.")
    assert (attack["source"]["text"], attack["mode"]) == ("Insurgents", "drone")


def test_an_act_is_no_one_an_act_is_done_to(tmp_path):
    """'condemned the massacre', 'protested against the killings': the act condemned is what the
    statement is about, not a side; a named doer of it still is ('condemned Manila for the arrests')."""
    evs = events_of(tmp_path, "The UN mission condemned the massacre and urged the authorities to act.")
    [accuse] = [e for e in evs if e["type"] == "ACCUSE"]
    assert accuse["source"]["actor"] == "UN" and accuse["target"]["text"] is None
    [protest] = [e for e in events_of(tmp_path, "Traders shut their shops to protest against the killings.")
                 if e["type"] == "PROTEST"]
    assert protest["target"]["text"] is None
    [accuse] = events_of(tmp_path, "Beijing condemned Manila for the arrests.")
    assert accuse["target"]["actor"] == "PHL"


def test_a_side_described_before_its_name_keeps_its_name(tmp_path):
    # the small model's parse ends the phrase at the describing word ("the separatist | Ambazonia ...")
    [ev] = events_of(tmp_path, "A raid by the separatist Ambazonia Defence Forces killed two gendarmes on Monday.")
    assert ev["source"]["text"] == "the separatist Ambazonia Defence Forces"


def test_coordinated_verbs_share_the_object_told_after_the_last(tmp_path):
    evs = events_of(tmp_path, "Police arrested and beat the striking teachers in Harare on Monday.")
    assert {e["type"]: e["target"]["text"] for e in evs} == {"COERCE": "the striking teachers",
                                                            "ASSAULT": "the striking teachers"}


def test_an_active_verb_coordinated_with_a_passive_is_done_by_its_subject(tmp_path):
    # "was captured by rebels and confessed": he confessed, not the rebels
    evs = events_of(tmp_path, "The commander was detained by police on Monday and later threatened to attack the prison.")
    threat = next(e for e in evs if e["type"] == "THREATEN")
    assert threat["source"]["text"] == "The commander"


def test_the_doer_after_a_dateline_the_parse_took_for_the_subject(tmp_path):
    # "CITY – Several thousand teachers surrounded ...": the parse makes the city the subject and hangs
    # the teachers on it; the words after the dash are who acted
    text = ("Lagos – Several thousand teachers wearing red surrounded the state assembly on Tuesday to call for "
            "better pay and more respect.")
    [ev] = events_of(tmp_path, text)
    assert ev["source"]["text"] == "Several thousand teachers"


def test_who_comes_under_attack_is_its_target_and_its_from_phrase_the_doer_if_people(events):
    ev = one(events, "came_under")
    assert ev["target"]["text"] == "A police convoy" and ev["source"]["text"] == "bandits"
    ev = one(events, "came_under_where")  # a ridge fires at no one; "it" is the bus the clause is told of
    assert ev["source"]["text"] is None and ev["target"]["text"] == "The bus"
    assert not events["under_fire_for"]  # criticism


def test_where_an_act_took_place_is_its_place(events):
    ev = one(events, "took_place")
    assert ev["place"]["name"] == "Bunia" and ev["place"]["basis"] == "trigger"


def test_animals_killed_are_no_casualties(events):
    assert one(events, "cattle")["killed"] is None


def test_a_bare_noun_subject_of_a_past_form_is_a_note_s_victim(tmp_path):
    # "Farmer killed in X": a note's or headline's passive without its auxiliary, its subject bare
    path = tmp_path / "notes.jsonl"
    path.write_text(json.dumps({"id": "n", "text": "Herder killed near Bama on Monday.", "date": PUBLISHED}) + "\n")
    docs = [d for batch in process(read_paths([str(path)]), Run(Options(no_clean=True))) for d in batch]
    [ev] = [e for d in docs for a in d.articles for e in a.events]
    assert (ev["source"]["text"], ev["target"]["text"], ev["killed"]) == (None, "Herder", 1)


def test_a_participle_s_pronoun_object_is_the_object_of_the_clause_before():
    from casus.events import code_article
    from casus.model import Article
    from casus.pipeline import analyser

    text = "The regulator closed two private radio stations on Friday, accusing them of incitement."
    a = Article("t", 0, text)
    a.nlp = analyser()(text)
    [ev] = [e for e in code_article(a) if e["type"] == "ACCUSE"]
    assert ev["target"]["text"] == "two private radio stations"


@pytest.mark.parametrize("text", [
    "Police fired tear gas to disperse the demonstrators outside the stadium.",
    "In Kisumu, police used water cannon to disperse about 2,000 demonstrators.",
])
def test_the_crowd_force_is_used_on_is_its_target_not_where_it_was_used(tmp_path, text):
    """"fired tear gas to disperse the demonstrators": the demonstrators; a place the clause opens
    with ("In Kisumu, police ...") is where, not on whom."""
    [ev] = events_of(tmp_path, text)
    assert ev["type"] == "COERCE" and "demonstrators" in (ev["target"]["text"] or "")


@pytest.mark.parametrize("text, target", [
    ("The election board rejected a request by the opposition party to postpone the vote.", "the opposition party"),
    ("The government rejected the rebels' demand for a transitional administration.", "the rebels"),
])
def test_who_made_the_demand_a_refusal_answers_is_its_target(tmp_path, text, target):
    """PLOVER's target of a refusal is whoever made the demand it refuses, where the text names them."""
    [ev] = events_of(tmp_path, text)
    assert ev["type"] == "REJECT" and ev["target"]["text"] == target
