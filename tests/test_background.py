"""Background and non-events (#15): acts told as a class, a trend, a tally or a habit are
historical, not news; words that only look like acts (a noun said of its subject after "be",
the purpose of a reporting formula) are no event; a single occasion stays asserted."""

from __future__ import annotations

import pytest

from conftest import events_of


def modalities(tmp_path, text: str, type_: str) -> list[str]:
    return [e["modality"] for e in events_of(tmp_path, text) if e["type"] == type_]


@pytest.mark.parametrize("text", [
    # plural acts whose clause tells a trend, or that they are common
    "Drone attacks on oil tankers have surged in recent months.",
    "Officials say raids on border villages have risen sharply.",
    "Rocket attacks against the embassy are frequent.",
    # acts named as a class by the word they hang on
    "Analysts point to a rise in attacks on shipping.",
    "The valley has a long history of clashes between herders and farmers.",
    # acts counted over a period, or in the perfect
    "The group has carried out dozens of bombings this year.",
    "Three ambushes on army convoys in the past month killed ten soldiers.",
    "Israel has carried out dozens of strikes on the enclave since October.",
    # a span on the clause the acts are the subject of
    "The attacks on aid workers have intensified since the election.",
    # habitual adverbs and adjectives, also on the verb an event noun is the object of
    "The navy held its annual exercises with allied fleets in the strait.",
    "The coalition frequently launches raids against the insurgents.",
    # a long campaign in the perfect; acts that have become common; a perfect sharing a span
    "Government troops have been fighting the separatists for years.",
    "Kidnappings of aid workers have become common in the province.",
    "Troops have killed 200 fighters since the truce collapsed, and the fighters have killed 40 soldiers.",
    # acts in the perfect over the period just gone
    "In recent weeks, rebels have shelled several villages near the lake.",
    "Over the past month, gunmen have abducted dozens of farmers.",
    # an earlier act the news is set beside
    "In a similar raid in January, bandits abducted 20 pupils from a school near the town.",
    # what the news is told as following weeks or more later
    "The ambush came two weeks after bandits abducted 40 villagers from the same road.",
    "The curfew comes months after the murder of a local chief in the town.",
    # a long-standing practice
    "Bandits have long raided the farms along the river.",
    # the toll of a long conflict told with it as the doer
    "The civil war has killed more than 40,000 people.",
    "The rebellion has killed hundreds of villagers in the north.",
])
def test_classes_trends_and_tallies_of_acts_are_background(tmp_path, text):
    assert "historical" in modalities(tmp_path, text, _type(text))


@pytest.mark.parametrize("text, type_", [
    # a habitual adverb on the verb whose time an event noun tells ...
    ("Gunmen frequently block roads after arrests of their leaders, residents say.", "COERCE"),
    # ... and on the verb a stand is said with: what PLOVER derives from it (a threat) is background too
    ("The minister has repeatedly said the army will retaliate against the rebels.", "THREATEN"),
])
def test_a_habit_reaches_the_acts_it_frames(tmp_path, text, type_):
    assert modalities(tmp_path, text, type_) == ["historical"]
    said_once = text.replace("has repeatedly said", "said on Monday").replace("frequently block", "blocked")
    assert modalities(tmp_path, said_once, type_) == ["asserted"]


@pytest.mark.parametrize("text", [
    "The attack on Tuesday killed four soldiers.",
    "A drone strike hit a car near the border, killing two militants.",
    "Israel carried out dozens of strikes on the enclave overnight.",  # many acts, one night
    "Clashes escalated in the city on Monday.",  # a trend verb, but in the past of a given day
    "Widespread protests erupted across the country on Friday.",  # an adjective of extent, not of habit
    "China began its annual naval drills around the island on Monday.",  # one dated occasion of a habit
    "Militants repeatedly attacked the convoy on Tuesday.",
    "There were clashes between police and students in the capital.",
    "Fighting killed nine people near the border on Monday.",  # fighting may be one clash
    "Rebels shelled a village near the lake last week.",  # one act, dated to a week
    "In a similar raid on Sunday, bandits abducted 20 pupils.",  # set beside the news, but this week's
])
def test_a_single_or_dated_occasion_stays_news(tmp_path, text):
    found = modalities(tmp_path, text, _type(text))
    assert found and "historical" not in found


def _type(text: str) -> str:
    if "drills" in text or "exercises" in text:
        return "MOBILIZE"
    return "PROTEST" if "protests" in text else "ASSAULT"


ARTICLE = (
    "Gunmen attacked an army post near the northern town of Kafe on Sunday, killing three soldiers, "
    "officials said. The army said it had repelled the assault after a two-hour battle. Local officials "
    "said the attackers fled toward the hills. Armed groups fire rockets at army posts in the region. "
    "Herders and farmers accuse each other of stealing cattle. The government says it wants to end the "
    "violence. The ministers meet in the capital next week to discuss security. Soldiers arrested two "
    "suspects on Monday. The army has deployed more troops to the area."
)


def test_in_an_article_s_body_a_present_habit_of_plural_doers_is_background(tmp_path):
    by_sentence = {e["sentence"].split()[0]: e for e in events_of(tmp_path, ARTICLE)}
    assert by_sentence["Armed"]["modality"] == "historical"  # "Armed groups fire rockets ..."
    assert by_sentence["Herders"]["modality"] == "historical"  # "... accuse each other"
    assert by_sentence["Gunmen"]["modality"] == "asserted"  # the lead's news
    assert by_sentence["Soldiers"]["modality"] == "asserted"
    assert by_sentence["The"]["modality"] != "historical"  # a dated meeting to come, not a habit


def test_a_brief_s_present_is_a_headline_s_news(tmp_path):
    assert modalities(tmp_path, "Armed herders attack farmers in two villages near Jos.", "ASSAULT") == ["asserted"]


def test_an_event_noun_said_of_its_subject_is_no_act(tmp_path):
    assert not modalities(tmp_path, "The rally on the square was a call for unity, its organisers said.", "REQUEST")
    evs = events_of(tmp_path, "The march through the capital was a plea for calm.")
    assert [(e["type"], e["modality"]) for e in evs] == [("PROTEST", "asserted")]  # no REQUEST, no urged march
    # what a condition is said of stays urged
    evs = events_of(tmp_path, "The rebels insisted that the governor's resignation was a condition for a truce.")
    assert "asserted" not in [e["modality"] for e in evs if e["type"] == "RETREAT"]


def test_the_purpose_of_a_reporting_formula_is_no_act(tmp_path):
    text = "Two diplomats, who requested anonymity to discuss the negotiations, said the plan was dropped."
    assert not modalities(tmp_path, text, "CONSULT")
    # an idiom that is no reporting formula leaves its purpose an act
    assert modalities(tmp_path, "The insurgents seized the opportunity to attack the garrison.", "ASSAULT")


def test_what_did_not_happen_without_it_is_negated(tmp_path):
    text = "The two delegations left Geneva without agreeing on a truce."
    assert modalities(tmp_path, text, "AGREE") == ["negated"]
    # nor has what they are still to do
    assert modalities(tmp_path, "The parties have yet to agree on a new date for the talks.", "AGREE") == ["negated"]
    assert modalities(tmp_path, "The militia killed yet another herder on Monday.", "ASSAULT") == ["asserted"]


def test_a_perfect_coordinated_with_a_tally_over_a_span_is_one_too(tmp_path):
    text = "Troops have killed 200 fighters since the truce collapsed, and the fighters have killed 40 soldiers."
    assert modalities(tmp_path, text, "ASSAULT") == ["historical", "historical"]


LEAD = ("Rebels attacked an army convoy near Gao on Monday, killing four soldiers, the army said.\n\n"
        "The convoy was travelling to Kidal when it came under fire, a military source said. Two trucks were burned.\n\n"
        "The army said reinforcements had been sent to the area. A curfew was declared in Gao.\n\n")


@pytest.mark.parametrize("text, kind", [
    ("About 3,000 foreign soldiers are deployed in the region.", "MOBILIZE"),  # a standing state
    ("Armed groups roam the border districts, attacking villages with few defenders.", "ASSAULT"),  # as a rule
])
def test_what_stands_or_is_done_as_a_rule_in_the_body_is_background(tmp_path, text, kind):
    [ev] = [e for e in events_of(tmp_path, LEAD + text) if e["sentence"] == text]
    assert (ev["type"], ev["modality"]) == (kind, "historical")


def test_what_a_natural_hazard_does_is_no_act(tmp_path):
    assert events_of(tmp_path, "The town was among those worst hit by the 2019 earthquake.") == []


def test_a_verb_joined_with_modals_of_its_own_is_not_negated_by_the_first(tmp_path):
    """'would not accept the deal and would resume attacks': the attacks are threatened, not denied;
    'did not attack the town or loot the market' denies both."""
    evs = events_of(tmp_path, "The group warned that it would not accept the deal and would resume attacks.")
    assert "negated" not in [e["modality"] for e in evs if e["type"] == "ASSAULT"] and not [
        e for e in evs if (e.get("content") or {}).get("type") == "ASSAULT" and e["content"]["modality"] == "negated"]
    evs = events_of(tmp_path, "The rebels did not attack the town or loot the market.")
    assert [e["modality"] for e in evs] == ["negated", "negated"]


@pytest.mark.parametrize("text", [
    "A minibus plunged into a ravine near the pass on Sunday, killing 11 passengers.",
    "A stampede at a food distribution point killed six women on Friday.",
    "A boiler explosion at a textile mill injured 14 workers on Monday.",
    "A ferry capsized on the lake on Saturday, killing 23 people.",
])
def test_an_accident_is_no_one_s_act(tmp_path, text):
    assert not [e for e in events_of(tmp_path, text) if e["type"] == "ASSAULT"]


def test_an_accident_an_attack_caused_is_its_toll(tmp_path):
    text = ("Militants fired a rocket at a residential block in the town on Monday. The block collapsed an hour "
            "later, killing 14 residents.")
    [attack] = [e for e in events_of(tmp_path, text) if e["type"] == "ASSAULT"]
    assert attack["source"]["text"] == "Militants" and attack["killed"] == 14
    # a vehicle a side drives is that side's weapon
    [run_over] = events_of(tmp_path, "Army trucks drove into the crowd on Monday, killing four protesters.")
    assert (run_over["type"], run_over["source"]["text"], run_over["killed"]) == ("ASSAULT", "Army trucks", 4)


def test_an_act_dated_by_an_earlier_month_only_is_background_unless_it_retells_the_news(tmp_path):
    text = ("Army jets bombed a rebel camp near the river on June 27, killing nine fighters, the rebels said. "
            "The rebels said the camp hit by army jets last month was empty. "
            "In May, rebels ambushed an army convoy on the same road.")
    evs = events_of(tmp_path, text, "2024-07-08")
    [strike] = [e for e in evs if e["mode"] == "aerial"]
    assert strike["modality"] == "asserted" and len(strike["mentions"]) == 2
    [ambush] = [e for e in evs if e["source"]["text"] == "rebels"]
    assert ambush["modality"] == "historical" and ambush["date"]["value"] == "2024-05"


def test_acts_a_place_is_a_frequent_target_of_are_background(tmp_path):
    text = ("Drones struck a fuel depot in Sumy on Sunday, officials said. "
            "Sumy has been a frequent target of Russian attacks since the invasion began.")
    evs = [e for e in events_of(tmp_path, text, day="2024-06-24") if e["type"] == "ASSAULT"]
    assert [e["modality"] for e in evs][0] == "asserted" and all(e["modality"] == "historical" for e in evs[1:])
    assert len(evs[0]["mentions"]) == 1


def test_what_a_long_condition_does_is_background(tmp_path):
    evs = events_of(tmp_path, "Sokoto is among the states worst hit by banditry, officials said on Monday.")
    assert [e["modality"] for e in evs if e["type"] == "ASSAULT"] == ["historical"]


def test_an_act_told_before_a_clause_dated_long_ago_is_background(tmp_path):
    """"The war began in 2019 after rebels attacked army posts": the attack came before 2019, so it is
    background in 2024; "attacked the town on Monday after troops withdrew" stays news."""
    [ev] = events_of(tmp_path, "The war began in 2019 after rebels attacked army posts in the north.", day="2024-10-10")
    assert ev["modality"] == "historical"
    evs = events_of(tmp_path, "Rebels attacked the town on Monday after troops withdrew from the area.", day="2024-10-10")
    assert {e["modality"] for e in evs} == {"asserted"}


def test_what_a_long_past_act_set_off_is_as_old(tmp_path):
    """"His arrest in May last year sparked violent protests, in which military installations were
    attacked": the protests and the attacks are of May last year, background now."""
    text = ("His arrest in May last year sparked violent protests across the country, in which military "
            "installations were attacked.")
    evs = events_of(tmp_path, text, day="2024-01-30")
    assert {e["type"] for e in evs} >= {"PROTEST", "ASSAULT"}
    assert {e["modality"] for e in evs} == {"historical"}
