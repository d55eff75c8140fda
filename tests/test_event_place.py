"""Where an event happened (#16): the most specific place the text gives for it, by its own
sentence, the text's hierarchy, the sentence before it, or a scene word that points back; and
names the places stage must read as places for that. Every sentence below is our own."""

from __future__ import annotations

import pytest

from casus.events.link import told_apart
from casus.pipeline import analyser
from casus.places import gazetteer, geoparse
from conftest import events_of, stored


@pytest.mark.parametrize("text, mention, name", [
    # a Persian ezafe glued by hyphens is part of the name, not a lowercase word that ends it
    ("A car bomb exploded outside a mosque in Mazar-i-Sharif on Friday.", "Mazar-i-Sharif", "Mazār-e Sharīf"),
    # English drops the Arabic article GeoNames writes: the name is still the city's own
    ("Warplanes struck a fuel depot near the port city of Hodeidah on Friday.", "Hodeidah", "Al Ḩudaydah"),
    ("Two fishermen were wounded in Hodeidah on Friday.", "Hodeidah", "Al Ḩudaydah"),
])
def test_names_news_writes_its_own_way_are_places(text, mention, name):
    found = {p["text"]: p["name"] for p in geoparse(analyser()(text), gazetteer())}
    assert found.get(mention) == name


def test_the_area_of_a_district_places_the_act_in_the_district(tmp_path):
    text = "Militants ambushed a police convoy in the Bara area of Khyber district in Khyber Pakhtunkhwa on Monday."
    [ev] = [e for e in events_of(tmp_path, text) if e["type"] == "ASSAULT"]
    assert ev["place"]["feature"] == "admin2" and ev["place"]["country"] == "PK"


def test_a_town_named_but_not_placed_is_the_acts_place_not_its_country(tmp_path):
    """No country centroid where a town is named: the town, without a point."""
    text = "Rebels seized the border town of Kibumba on Monday, and Congo accused Rwanda of backing them."
    [ev] = [e for e in events_of(tmp_path, text) if e["type"] == "ASSAULT"]
    assert (ev["place"]["name"], ev["place"]["lat"]) == ("Kibumba", None)


def test_an_act_told_just_after_one_in_a_town_is_in_that_town(tmp_path):
    text = ("The provincial assembly in Ituri voted on Friday to double market taxes, officials said. "
            "Traders' leaders called the vote unjust. "
            "On Monday, hundreds of traders marched through the centre of Bunia to protest against the new taxes. "
            "Police fired live rounds to disperse the crowd. "
            "The provincial governor said the taxes would stay. "
            "The United Nations mission urged calm. "
            "Markets reopened on Tuesday.")
    [ev] = [e for e in events_of(tmp_path, text) if e["sentence"].startswith("Police fired")]
    assert ev["place"]["name"] == "Bunia"


def test_the_scene_is_where_the_main_act_happened(tmp_path):
    text = ("Gunmen attacked a cattle market in Gusau on Friday, killing four traders, police said. "
            "The attackers arrived on motorcycles and fired into the crowd. "
            "\"Everybody ran,\" a trader said. "
            "\"We left our animals behind.\" "
            "Soldiers arrested two suspects at the scene, an army spokesman said. "
            "The state governor condemned the attack.")
    [ev] = [e for e in events_of(tmp_path, text) if e["type"] == "COERCE"]
    assert ev["place"]["name"] == "Gusau"


def test_a_sea_does_not_tell_two_reports_apart_from_a_port_on_it():
    """A sea is as broad as a country: "an attack in the Red Sea" and "the attack near Hodeidah"
    may be one act."""
    nobody = {"text": None, "actor": None}
    at_sea = {"source": nobody, "target": nobody, "place": {
        "name": "Red Sea", "feature": "sea", "country": None, "lat": 20.0, "lon": 38.5, "basis": "sentence"}}
    at_port = {"source": nobody, "target": nobody, "place": {
        "name": "Al Ḩudaydah", "feature": "city", "country": "YE", "lat": 14.8, "lon": 42.95, "basis": "trigger"}}
    assert not told_apart(at_sea, at_port)


def test_a_capital_told_as_who_acts_is_not_where_the_news_is(tmp_path):
    """"Moscow struck ..." is the Russian government acting: no reason to place the strike in Moscow."""
    text = "Moscow pounded the port with missiles overnight, killing four dockworkers, the regional governor said."
    [ev] = [e for e in events_of(tmp_path, text) if e["type"] == "ASSAULT"]
    assert ev["source"]["text"] == "Moscow" and (ev["place"] or {}).get("name") != "Moscow"


def test_a_place_in_the_name_of_the_side_attacked_is_not_where(tmp_path):
    """An armed group named after a region is no place of the fight: "clashed with the Arakan Army
    in Kyauktaw" is in Kyauktaw, not in Rakhine."""
    text = "Government troops clashed with the Arakan Army in Kyauktaw township on Tuesday."
    [ev] = [e for e in events_of(tmp_path, text) if e["type"] == "ASSAULT"]
    assert ev["place"]["name"] == "Kyauktaw"


@pytest.mark.parametrize("text, village", [
    ("Gunmen raided the village of Kabongo, north of the town of Oicha, on Sunday, killing six people.", "Kabongo"),
    ("Militants attacked Tanga Kura village near Maiduguri on Sunday, killing six people.", "Tanga Kura"),
    ("Gunmen attacked Mabanga, a farming village near Oicha, on Sunday, killing six people.", "Mabanga"),
    ("Gunmen attacked Tinga-Bossey village near Kaya on Sunday, killing six people.", "Tinga-Bossey"),
    # a town the gazetteer holds that is only part of the village's name is the village
    ("Armed men attacked the village of Shinkai Tangi near Parachinar on Sunday, killing one villager.",
     "Shinkai Tangi"),
])
def test_a_village_the_gazetteer_lacks_is_the_place_at_the_town_it_lies_near(tmp_path, text, village):
    [ev] = events_of(tmp_path, text)
    place = ev["place"]
    assert (place["name"], place["feature"], place["geonameid"]) == (village, "unlisted", None)
    town = next(p for p in geoparse(analyser()(text), gazetteer()) if p["feature"] != "unlisted")
    assert (place["lat"], place["lon"], place["parent"]) == (town["lat"], town["lon"], town["name"])


def test_no_unlisted_place_without_a_name(tmp_path):
    text = "A village elder said gunmen attacked the market in Maiduguri on Sunday."  # no name the word gives a place
    assert all((e["place"] or {}).get("feature") != "unlisted" for e in events_of(tmp_path, text))


def test_a_village_said_to_lie_nowhere_is_named_without_a_point(tmp_path):
    [ev] = events_of(tmp_path, "Gunmen raided the village of Kabongo on Sunday, killing six people.")
    assert (ev["place"]["name"], ev["place"]["lat"], ev["place"]["country"]) == ("Kabongo", None, None)


def test_an_unlisted_village_says_where_it_is_mapped_when_read_back(tmp_path):
    from casus import api

    db = stored(tmp_path, "Gunmen raided the village of Kabongo, north of the town of Oicha, on Sunday, killing six "
                          "people.")
    [ev] = api.article(db, "x")["events"]
    assert (ev["place"]["name"], ev["place"]["feature"], ev["place"]["parent"]) == ("Kabongo", "unlisted", "Hyosha")


def test_a_place_in_a_clause_with_its_own_subject_is_not_the_act_s(tmp_path):
    """'Police arrested him on Monday, and a protester died in Thies': Thies is where the death was;
    the arrest's own words place it nowhere. A verb sharing the act's subject shares its place."""
    text = "Police arrested the opposition leader on Monday, and one protester died in Thies as protests spread."
    [arrest] = [e for e in events_of(tmp_path, text) if e["type"] == "COERCE"]
    assert (arrest["place"] or {}).get("basis") != "trigger"
    [attack] = events_of(tmp_path, "Militants stormed and burned the village of Kisanga on Monday.")
    assert attack["place"]["text"] == "Kisanga" and attack["place"]["basis"] == "trigger"


def test_an_act_in_a_named_division_is_there_not_in_its_province(tmp_path):
    [ev] = events_of(tmp_path, "Herders killed six farmers in Bassa LGA (Plateau) on Sunday.")
    assert ev["place"]["name"] == "Bassa" and ev["place"]["admin1"] == "Plateau"


def test_an_act_in_a_territory_named_before_its_province_is_in_the_territory(tmp_path):
    # the small model makes the name an adjective of "territory" and the province an adverb of the verb
    [ev] = events_of(tmp_path, "Militants killed seven civilians in Beni territory, Nord-Kivu.")
    assert ev["place"]["name"] == "Beni"


def test_the_place_of_a_toll_told_with_its_attack_is_the_attack_s(tmp_path):
    """"In Zaporizhzhia, two people were killed when a drone hit a car park": the place the toll's
    clause opens with is the drone strike's, which keeps it apart from the next town's strike."""
    text = ("In the southern city of Zaporizhzhia, two people were killed when a drone hit a car park, the "
            "regional governor said. In the Dnipropetrovsk region, a drone attack killed two people in the "
            "town of Pavlohrad.")
    evs = [e for e in events_of(tmp_path, text) if e["type"] == "ASSAULT"]
    assert sorted((e["place"] or {}).get("name") for e in evs) == ["Pavlohrad", "Zaporizhzhya"]
