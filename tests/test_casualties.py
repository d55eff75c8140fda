"""Killed and injured counts (issue #16): only this event's victims, parts summed, killed and
injured kept apart, a toll told in the next sentence folded into the act it belongs to, and
never a toll of another event. Every sentence here is written for the test."""

from __future__ import annotations

import pytest

from casus.events import code_article
from casus.events.counts import number
from casus.model import Article
from casus.pipeline import analyser
from conftest import events_of


def code(text: str) -> list[dict]:
    """Events of a small article of our own (parse only; no date, places or actors)."""
    a = Article("t", 0, text)
    a.nlp = analyser()(text)
    return code_article(a)


def toll(text: str) -> tuple[int | None, int | None]:
    """(killed, injured) of the article's first act of violence."""
    ev = next(e for e in code(text) if e["type"] == "ASSAULT")
    return ev["killed"], ev["injured"]


@pytest.mark.parametrize("text, killed, injured", [
    # the parts of the victims are summed
    ("Gunmen stormed a hotel in the capital, killing two Americans and one Briton.", 3, None),
    ("The raid on the camp left a soldier and a rebel killed.", 2, None),
    # one person, said without a number
    ("Gunmen kill police officer in the market town.", 1, None),
    ("Soldiers killed former rebel commander near the border.", 1, None),
    # killed and injured from one sentence, each its own figure
    ("A car bomb killed four soldiers and wounded nine others at the gate.", 4, 9),
    ("Six men were reported killed and 40 injured as the fighters advanced.", 6, 40),
    ("Fighting between two clans near the well resulted in 12 killed and 30 wounded.", 12, 30),
    ("30 dead, 10 wounded when herders clashed with farmers near the river.", 30, 10),
    # the toll of an act named by a noun, told in a participle of the clause it is the subject of
    ("A drone strike hit a car near the border on Monday, killing three fighters.", 3, None),
    # an act that "left" victims dead: the dead are the object, not the act; and the act is news with its toll
    ("The clash left a policeman and two attackers dead.", 3, None),
    ("Heavy fighting near the well left four herders dead.", 4, None),
    ("A raid left three civilians dead.", 3, None),
    # a verb whose particle makes it a killing ("gunned down"), where the verb alone only shoots
    ("Gunmen on motorbikes gunned down four farmers and a herder near the village.", 5, None),
    ("Soldiers mowed down three protesters outside the ministry.", 3, None),
    # a casualty noun counted by its number, a total of those it counts, lives lost
    ("Herders clashed with farmers near the well, causing seven deaths.", 7, None),
    ("Jets bombed a fuel depot, killing a total of 11 guards and two drivers.", 13, None),
    ("Two policemen lost their lives when gunmen attacked the station.", 2, None),
    ("The company lost its licence after police raided its warehouse.", None, None),
    ("Gunmen shot a village chief in the market.", None, None),
    ("Unidentified gunmen shot dead a village chief in Tillaberi region.", 1, None),  # "dead" parsed as an adverb
    # done "to death"
    ("A crowd beat two suspected thieves to death at the bus station.", 2, None),
    ("The shopkeeper was stabbed to death outside his home on Sunday.", 1, None),
    # the wounded told by a bare number joined to the verb of the dead ("were killed and 17 injured")
    ("Three soldiers were killed and 25 injured in the attack.", 3, 25),
    # victims two passive verbs share ("was shot and killed"), animals none
    ("A herder was shot and killed by bandits near the well.", 1, None),
    ("Raiders killed 30 cattle near the river.", None, None),
    # a note's or headline's bare victim
    ("Trader killed near the market on Monday.", 1, None),
    # no exact figure: a bound from above, a range, a choice, a quantity
    ("Police said up to 16 people were killed when gunmen attacked the market.", None, None),
    ("Gunmen killed two or three villagers on the road.", None, None),
    ("Either six or seven soldiers were killed in the raid.", None, None),
    ("Officials said none of the soldiers were killed in the ambush.", None, None),
])
def test_one_sentence(text, killed, injured):
    assert toll(text) == (killed, injured)


@pytest.mark.parametrize("text, killed, injured", [
    ("Rebels raided a village near the border. 4 civilians killed, 2 injured.", 4, 2),
    ("Rebels ambushed an army convoy near the town. Another soldier was killed.", 1, None),
    ("Militants attacked a checkpoint. Two soldiers were killed in the attack and five others injured.", 2, 5),
    ("Gunmen attacked a checkpoint. The three attackers were shot dead.", 3, None),
    ("Gunmen attacked a bus on the highway. The attack killed four passengers.", 4, None),
    # a casualty noun its number counts, lives lost
    ("Bandits raided a cattle market. At least five fatalities were reported among the traders.", 5, None),
    ("Raiders attacked a farm near the river. Three farmers lost their lives.", 3, None),
])
def test_toll_in_the_next_sentence_belongs_to_the_act(text, killed, injured):
    evs = [e for e in code(text) if e["type"] == "ASSAULT"]
    assert len(evs) == 1  # one event, the toll's sentence one of its mentions
    assert (evs[0]["killed"], evs[0]["injured"]) == (killed, injured)
    assert len(evs[0]["mentions"]) == 2
    assert evs[0]["source"]["text"] not in (None, "4 civilians")  # the victims are not who did it


@pytest.mark.parametrize("text, injured", [
    ("Riot police fired tear gas at students blocking the road to the campus. At least six students were injured.", 6),
    ("Police used water cannon on the marchers outside parliament, and 11 people were wounded.", 11),
])
def test_the_wounded_of_tear_gas_or_water_cannon_are_its_toll(text, injured):
    """Not an attack of their own: the toll of the force used, in its sentence or the next."""
    [force] = [e for e in code(text) if e["type"] in ("ASSAULT", "COERCE")]
    assert (force["type"], force["mode"], force["killed"], force["injured"]) == ("COERCE", "crowd-control", None, injured)


@pytest.mark.parametrize("text", [
    "Rebels attacked the town. Two soldiers were killed in a separate attack.",
    "Rebels attacked the town. More than 2,000 people have been killed in the conflict since 2015.",
    "Gunmen attacked a bus. Last year, gunmen killed 12 people in the same town.",
])
def test_toll_of_another_event_is_not_added(text):
    first = next(e for e in code(text) if e["type"] == "ASSAULT")
    assert first["killed"] is None and len(first["mentions"]) == 1


@pytest.mark.parametrize("text, killed, injured", [
    # a later, higher figure is where the toll stands now, and its sentence is a mention of the act
    ("Bandits raided a market on Friday, killing nine traders. By Sunday the death toll had risen to 14.", 14, None),
    ("A drone hit a depot on Monday, killing a guard. The number of wounded climbed to six overnight.", 1, 6),
    ("Mortar fire hit a bus station, killing four people. Two of the injured died in hospital, bringing the toll "
     "to six.", 6, None),
    # "the number" alone: of the toll its sentence has just named
    ("Rebels ambushed a convoy on Monday. Three were first reported dead, but the number later rose to eight.", 8, None),
])
def test_a_toll_update_raises_the_act_s_figure(text, killed, injured):
    [ev] = [e for e in code(text) if e["type"] == "ASSAULT"]
    assert (ev["killed"], ev["injured"]) == (killed, injured) and len(ev["mentions"]) == 2


@pytest.mark.parametrize("text", [
    "Bandits raided a market on Friday, killing nine traders. The toll of the insurgency has risen to 3,000.",
    "Bandits raided a market on Friday, killing nine traders. This year's toll has climbed to 120.",
])
def test_a_war_s_or_a_year_s_toll_is_no_update(text):
    ev = next(e for e in code(text) if e["type"] == "ASSAULT")
    assert ev["killed"] == 9


@pytest.mark.parametrize("words, value", [
    ("twenty-one", 21), ("two hundred and fifty", 250), ("1,000", 1000),
    ("six seven", None), ("eleven fourteen", None), ("ten twenty", None),
])
def test_number_words(words, value):
    assert number(words) == value


def test_a_toll_told_with_died_alone_is_read(tmp_path):
    """"Two farmers died." names no act, yet it is the toll of the shelling told before it: the
    sentence is parsed and its figure kept."""
    [ev] = events_of(tmp_path, "Soldiers shelled the village on Monday. Two farmers died.")
    assert (ev["type"], ev["killed"]) == ("ASSAULT", 2)


def test_armed_with_describes_the_attackers(tmp_path):
    """"Men armed with machetes" says what the attackers carry; no one armed them here."""
    evs = events_of(tmp_path, "Men armed with machetes attacked a village near the river, killing two.")
    assert [(e["type"], e["killed"]) for e in evs] == [("ASSAULT", 2)]
    evs = events_of(tmp_path, "The government armed the village militias with rifles, officials said.")
    assert [e["type"] for e in evs] == ["AID"]


def test_a_toll_the_parse_gives_its_own_number_is_counted(tmp_path):
    text = "The army imposed a curfew after clashes between youths and soldiers left 21 dead."
    [clash] = [e for e in events_of(tmp_path, text) if e["type"] == "ASSAULT"]
    assert clash["killed"] == 21


def test_victims_the_parse_made_the_subject_of_the_verb_of_saying(tmp_path):
    # "... killed at least 40 people, including children, residents said": the list runs on into the speakers
    text = ("An air strike on a village in Chin state killed at least 31 people, including children, "
            "residents and a local resistance group said on Tuesday.")
    [ev] = events_of(tmp_path, text)
    assert ev["killed"] == 31
