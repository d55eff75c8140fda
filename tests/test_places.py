"""Places: toponyms in real seed text and small articles resolve to the right GeoNames entries."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from casus import actors
from casus.model import Article, Document
from casus.pipeline import Options, Run, analyser
from casus.places import event_place, gazetteer, geoparse, group_names
from casus.places.gazetteer import haversine_km, name_key
from conftest import DEV, needs_shared


@pytest.fixture(scope="module")
def nlp():
    return analyser()


@pytest.fixture(scope="module")
def gaz():
    return gazetteer()


@pytest.fixture(scope="module")
def seed_places(shared: Path, nlp, gaz):
    """Places of every seed text, parsed whole (independent of the clean stage's splitting)."""
    out = {}
    for path in sorted((shared / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        out[path.name[:3]] = (text, geoparse(nlp(text), gaz))
    return out


def find(found, text, following=""):
    """The places whose text is `text` and, if given, whose next characters are `following`."""
    seed_text, ps = found
    return [p for p in ps if p["text"] == text and seed_text[p["end"]:].startswith(following)]


def near(p, lat, lon, km):
    return haversine_km(p["lat"], p["lon"], lat, lon) <= km


def test_offsets_index_the_text(seed_places):
    for text, ps in seed_places.values():
        assert ps
        for p in ps:
            assert text[p["start"]:p["end"]] == p["text"]
            assert set(p) == {"text", "start", "end", "geonameid", "name", "country", "admin1", "lat", "lon",
                              "feature", "confidence"}
            assert 0.0 < p["confidence"] <= 1.0


def test_baghdad(seed_places):
    hits = find(seed_places["000"], "Baghdad") + find(seed_places["003"], "Baghdad")
    assert hits and all(p["geonameid"] == 98182 and p["country"] == "IQ" for p in hits)


def test_ain_al_asad_air_base_in_anbar(seed_places):
    hits = find(seed_places["003"], "Ain al-Asad air base")
    assert len(hits) >= 2
    for p in hits:
        assert p["feature"] == "airbase" and p["country"] == "IQ" and p["admin1"] == "Al Anbār"
        assert near(p, 33.79, 42.44, 15)
    # the 001 caption spells it "Ayn al-Asad airbase"
    assert any(p["feature"] == "airbase" for p in find(seed_places["001"], "Ayn al-Asad airbase"))
    anbar = find(seed_places["003"], "Anbar", " province")
    assert anbar and all(p["geonameid"] == 99592 and p["feature"] == "admin1" for p in anbar)


def test_syrian_iraqi_border_and_strait_of_hormuz(seed_places):
    border = find(seed_places["003"], "Syrian-Iraqi border")
    assert border and border[0]["feature"] == "border" and near(border[0], 34.4, 40.9, 300)
    hormuz = find(seed_places["002"], "Strait of Hormuz")
    assert hormuz and hormuz[0]["feature"] == "strait" and near(hormuz[0], 26.57, 56.25, 50)


def test_kursk_region_belgorod_and_gornal(seed_places):
    region = find(seed_places["003"], "Kursk", " region")
    assert len(region) >= 3 and all(p["geonameid"] == 538555 and p["feature"] == "admin1" for p in region)
    bel = find(seed_places["003"], "Belgorod", " region")
    assert bel and bel[0]["geonameid"] == 578071
    assert all(p["country"] == "RU" and near(p, 50.6, 36.6, 161) for p in find(seed_places["003"], "Belgorod"))
    gornal = find(seed_places["003"], "Gornal")
    assert gornal and gornal[0]["country"] == "RU" and gornal[0]["admin1"] == "Kurskaya oblast'"
    assert near(gornal[0], 51.2, 35.3, 50)


def test_ile_longue_and_new_delhi(seed_places):
    ile = find(seed_places["004"], "Ile Longue")
    assert ile and ile[0]["country"] == "FR" and near(ile[0], 48.31, -4.51, 10)
    delhi = find(seed_places["004"], "New Delhi")
    assert delhi and all(p["geonameid"] == 1261481 for p in delhi)


def test_demonyms_and_organisations_are_not_places(seed_places):
    texts = {p["text"] for _, ps in seed_places.values() for p in ps}
    assert not texts & {"Iranian", "Iraqi", "Iraqis", "Russian", "Ukrainian", "American", "Quds"}


@pytest.mark.parametrize("text, mention, geonameid, country", [
    ("Police in Dublin, Ohio, closed the road after the fire.", "Dublin", 5152333, "US"),
    ("The Irish government met in Dublin as Ireland weighed new limits.", "Dublin", 2964574, "IE"),
    ("Storms hit Atlanta and much of Georgia on Monday.", "Georgia", 4197000, "US"),
    ("Russian troops shelled Tbilisi's outskirts as Georgia appealed for help.", "Georgia", 614540, "GE"),
    ("King Abdullah of Jordan met the envoy in Amman.", "Jordan", 248816, "JO"),
    ("Militants attacked a checkpoint near al-Qaim in Anbar province, Iraq.", "Anbar", 99592, "IQ"),
    # the readings of an article's local names lie close together, and a one-word "person" of
    # spaCy's is no evidence against a place listed with others
    ("Residents of Sake and Rutshuru fled as Goma officials said the rebels were near.",
     "Rutshuru", None, "CD"),
    # a division that the article's other places lie in ("Montreal ... Quebec")
    ("Montreal police and the mayor of Laval asked Quebec for more money.", "Quebec", 6115047, "CA"),
    # a governor governs a first-level division: the region, not the city of Kursk
    ("Drones struck a fuel depot, the Kursk governor said on Sunday.", "Kursk", 538555, "RU"),
    # "the state of X" says which reading is meant
    ("Protesters marched across the state of Georgia on Monday.", "Georgia", 4197000, "US"),
    # a demonym two countries share points to the bigger one: Congolese soldiers are DR Congo's
    ("Congolese soldiers said Congo would not negotiate with the rebels.", "Congo", None, "CD"),
])
def test_context_resolves_ambiguous_names(nlp, gaz, text, mention, geonameid, country):
    ps = [p for p in geoparse(nlp(text), gaz) if p["text"] == mention]
    assert ps and ps[0]["geonameid"] == (geonameid or ps[0]["geonameid"]) and ps[0]["country"] == country


def test_country_points_follow_the_gazetteer_convention(gaz):
    """Countries sit where GeoNames puts them (the Factbook points), not at a polygon centroid."""
    assert near(_as_dict(gaz.country("RU")), 60.0, 100.0, 1)
    assert near(_as_dict(gaz.country("CN")), 35.0, 105.0, 1)
    assert near(_as_dict(gaz.country("US")), 39.83, -98.58, 5)  # contiguous centre, near Lebanon, Kansas


def test_a_capital_is_one_place(gaz):
    """Only the biggest place named like the capital is the capital: not Washington, Iowa."""
    capitals = [c for c in gaz.candidates("Washington") if c.feature == "capital"]
    assert [c.geonameid for c in capitals] == [4140963]


def _as_dict(place):
    return {"lat": place.lat, "lon": place.lon}


def test_surnames_and_airports(nlp, gaz):
    text = ("Anna Verona was found dead on Tuesday. Verona had flown from Schiphol to Ben Gurion "
            "last year, where Verona worked nights.")
    ps = geoparse(nlp(text), gaz)
    assert "Verona" not in {p["text"] for p in ps}
    airport = [p for p in ps if p["text"] == "Ben Gurion"]
    assert airport and airport[0]["country"] == "IL" and near(airport[0], 32.0, 34.88, 5)


@pytest.mark.parametrize("text, expected", [
    ("Inmates were held in the Marion County Detention Center overnight.", "Marion County"),
    ("Volunteers from Ontario Puppy Rescue kept the dog warm.", "Ontario"),
    ("The crash was reported by the S.C. Highway Patrol.", "S.C."),
])
def test_places_that_name_institutions(nlp, gaz, text, expected):
    """News names institutions after places, and the place is meant ('X City' is then X)."""
    assert [p["text"] for p in geoparse(nlp(text), gaz)] == [expected]


def test_curated_conflict_regions(nlp, gaz):
    ps = geoparse(nlp("Peacekeepers in Darfur and in South Ossetia reported new clashes."), gaz)
    assert {(p["text"], p["country"]) for p in ps} == {("Darfur", "SD"), ("South Ossetia", "GE")}


def test_country_inside_a_hyphenated_word(nlp, gaz):
    text = "Jets of the U.S.-led coalition struck Mosul overnight."
    ps = geoparse(nlp(text), gaz)
    assert [(p["text"], p["country"]) for p in ps] == [("U.S.", "US"), ("Mosul", "IQ")]
    assert text[ps[0]["start"]:ps[0]["end"]] == "U.S."


def test_abbreviation_after_a_town(nlp, gaz):
    ps = geoparse(nlp("When she was born in Brandon, Man. her parents did not know."), gaz)
    assert [(p["text"], p["name"], p["country"]) for p in ps] == [
        ("Brandon", "Brandon", "CA"), ("Man.", "Manitoba", "CA")]


@pytest.mark.parametrize("text, expected", [
    # a part of a place ("northern", "eastern") is told of places only, whatever spaCy calls the name
    ("Jihadists ambushed a patrol in northern Mali on Friday.", [("Mali", "ML")]),
    # and after a comma it says which reading the name before it is: Beni in the DR Congo, not El Beni
    # in Bolivia, and so Congo is the Democratic Republic
    ("Gunmen killed five farmers near Beni, in eastern Congo, on Sunday.", [("Beni", "CD"), ("Congo", "CD")]),
    ("Militants shelled a camp outside Kidal, northern Mali, at dawn.", [("Kidal", "ML"), ("Mali", "ML")]),
    # a bare ", in" may go on a list
    ("She hiked in Vermont, in Maine's forests and in Oregon.", [("Vermont", "US"), ("Maine", "US"),
                                                                      ("Oregon", "US")]),
])
def test_a_part_of_a_place_after_a_comma_contains_the_name_before(nlp, gaz, text, expected):
    assert [(p["text"], p["country"]) for p in geoparse(nlp(text), gaz)] == expected


def test_names_listed_with_a_place(nlp, gaz):
    text = "They drove north to Mareeba or Cairns in a white sedan."
    assert [(p["text"], p["country"]) for p in geoparse(nlp(text), gaz)] == [("Mareeba", "AU"), ("Cairns", "AU")]


def test_street_names_are_not_places(nlp, gaz):
    text = "Police closed Denver Street and Boston Road in Dublin, Ohio, after the fire."
    assert [p["text"] for p in geoparse(nlp(text), gaz)] == ["Dublin", "Ohio"]


def test_transliteration_variants_meet():
    assert name_key("al-Anbar") == name_key("Al Anbār") == name_key("Anbar")
    assert name_key("Ain al-Asad") == name_key("Ain Al Asad")
    assert name_key("Tal Tamr") == name_key("Tell Tamr") == name_key("Tall Tamr")  # the opening word's spellings
    assert name_key("Deir Hafer") == name_key("Dayr Hafer") and name_key("Tal") != name_key("Tall")


def test_a_spelling_of_the_opening_word_is_still_the_name(nlp, gaz):
    ps = geoparse(nlp("Artillery shelled farms west of Tal Tamr on Monday."), gaz)
    assert [(p["name"], p["country"]) for p in ps] == [("Tall Tamr", "SY")]


def _article(nlp, gaz, text):
    article = Article(doc_id="t", index=0, text=text)
    article.nlp = nlp(text)
    article.places = geoparse(article.nlp, gaz)
    return article


@pytest.mark.parametrize("text, trigger, expected", [
    ("Iran-backed militias were hit by US air strikes at the Syrian-Iraqi border on June 27.",
     "strikes", "Syrian-Iraqi border"),
    ("Iran's UN envoy denied that Tehran supported attacks on US forces in Iraq.", "attacks", "Iraq"),
    ("A rocket barrage on the Ain al-Asad air base wounded two American service members.",
     "barrage", "Ain al-Asad air base"),
    ("Soleimani met militia leaders in Baghdad last week.", "met", "Baghdad"),
    ("Iran accused Israel of sabotage.", "accused", None),
    ("Taliban fighters overran a police post in Baraki Barak district, Logar, on Tuesday.", "overran", "Baraki Barak"),
])
def test_event_place(nlp, gaz, text, trigger, expected):
    article = _article(nlp, gaz, text)
    start = text.index(trigger)
    got = event_place(article, start, start + len(trigger))
    assert (got["text"] if got else None) == expected


def test_stage_is_registered_after_analyse_and_fills_articles(nlp):
    run = Run(options=Options(stop="places"))
    names = [c.name for c in run.components]
    assert "places" in names and names.index("places") > names.index("analyse")
    assert run.component("places").parallel
    text = "Rockets struck near Baghdad International Airport, Iraqi officials said."
    doc = Document(id="d", text=text, source="-", format="txt")
    doc.articles = [Article(doc_id="d", index=0, text=text)]
    run.component("analyse")([doc])
    run.component("places")([doc])
    assert [p["name"] for p in doc.articles[0].places] == ["Baghdad International Airport"]


@needs_shared
def test_dev_slice_resolution(nlp, gaz):
    """On the first 30 TR-News documents: most gold toponyms found, nearly all found ones right."""
    rows = [json.loads(line) for line in (DEV / "geo_trnews.jsonl").open(encoding="utf-8")][:30]
    found = right = gold = 0
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows)):
        by_span = {(p["start"], p["end"]): p for p in geoparse(doc, gaz)}
        for g in row["toponyms"]:
            if gaz.demonym(g["text"]):
                continue
            gold += 1
            p = by_span.get((g["start"], g["end"]))
            if p is not None:
                found += 1
                right += p["geonameid"] == g["geonameid"] or haversine_km(p["lat"], p["lon"], g["lat"], g["lon"]) <= 161
    assert found / gold >= 0.8
    assert right / found >= 0.88


@pytest.mark.parametrize("text, mention, name, country", [
    # a designated district, then the province it lies in
    ("Gunmen attacked a checkpoint in Chahar Dara district, Kunduz province, on Tuesday.",
     "Chahar Dara", "Chahar Dara", "AF"),
    ("Gunmen attacked a checkpoint in Chahar Dara district, Kunduz province, on Tuesday.",
     "Kunduz", "Kunduz", "AF"),
    # a parent in brackets
    ("Protesters gathered in Sidi Bouzid (Tunisia) after the death of a vendor.", "Sidi Bouzid", None, "TN"),
    # a division in brackets that spaCy calls an organisation
    ("Troops entered Bama (Borno State) after a week of fighting.", "Borno State", "Borno", "NG"),
    ("Troops entered Bama (Borno State) after a week of fighting.", "Bama", "Bama", "NG"),
    # a district then its province after a comma, the province named alone (spaCy: a person)
    ("Two soldiers were killed in Nad Ali district, Helmand, on Friday.", "Helmand", "Helmand", "AF"),
    # the town, not the Bolivian department, in a Congolese story
    ("Clashes were reported near Beni, North Kivu, as the army pushed north.", "Beni", "Beni", "CD"),
    # a small town, by a spelling that is only an alias, placed by the division in brackets
    ("Monitors counted nine blasts 3 km west of Svitlodarsk (Donetsk) overnight.", "Svitlodarsk", "Svetlodarsk",
     "UA"),
])
def test_the_texts_own_hierarchy(nlp, gaz, text, mention, name, country):
    ps = [p for p in geoparse(nlp(text), gaz) if p["text"] == mention]
    assert ps and ps[0]["country"] == country and ps[0]["name"] == (name or ps[0]["name"])


def test_a_name_not_in_its_stated_container_is_no_place(nlp, gaz):
    """'Abu Hamra (Tripoli)': no Hamra lies in Tripoli, so none elsewhere is taken; Tripoli stays,
    and Abu Hamra is a place the gazetteer lacks, at Tripoli."""
    ps = geoparse(nlp("Fighting erupted in Abu Hamra (Tripoli) overnight."), gaz)
    assert [(p["text"], p["country"], p["feature"]) for p in ps] == [
        ("Abu Hamra", "LY", "unlisted"), ("Tripoli", "LY", "capital")]
    ps = geoparse(nlp("Police dispersed a crowd in the Old Quarry area of Narayanganj."), gaz)
    assert [p["text"] for p in ps] == ["Narayanganj"]


def test_x_in_y_says_x_lies_in_y(nlp, gaz):
    """'Tanka in northern Nigeria', 'in Zamfara State': the gazetteer knows no Tanka there, so no namesake
    abroad (Tonk, in India, has Tanka as an alias) is taken; a village word keeps it as a place the
    gazetteer lacks, at its division (with none narrower than a country, named without a point). A country in another ('US forces in Iraq'), a division named
    before its own town (a hospital 'of Alberta in Edmonton') and a town in a region whose extent the
    gazetteer does not hold ('Arish in Sinai') stay as they are."""
    ps = geoparse(nlp("Gunmen stormed the village of Tanka in northern Nigeria on Tuesday."), gaz)
    assert [(p["text"], p["country"], p["lat"]) for p in ps][0] == ("Tanka", None, None)  # named, no point
    assert [(p["text"], p["country"]) for p in ps][1:] == [("Nigeria", "NG")]
    ps = geoparse(nlp("Gunmen stormed the village of Tanka in Zamfara State on Tuesday."), gaz)
    assert [(p["text"], p["country"], p["feature"]) for p in ps] == [("Tanka", "NG", "unlisted"),
                                                                   ("Zamfara State", "NG", "admin1")]
    ps = geoparse(nlp("US forces in Iraq were put on alert."), gaz)
    assert [(p["text"], p["country"]) for p in ps] == [("US", "US"), ("Iraq", "IQ")]
    ps = geoparse(nlp("She was flown to the University of Alberta Hospital in Edmonton."), gaz)
    assert [(p["text"], p["country"]) for p in ps] == [("Alberta", "CA"), ("Edmonton", "CA")]
    ps = geoparse(nlp("Gunmen attacked a checkpoint near Arish in Sinai on Friday."), gaz)
    assert ("Arish", "EG") in [(p["text"], p["country"]) for p in ps]


def test_a_settlement_the_text_puts_nowhere_keeps_its_name_and_no_point(nlp, gaz):
    """'the border town of Kibumba' with no place in its sentence narrower than a country: the
    town is named, and where it is the text does not say: no coordinates, no country invented (nor
    the country's centroid standing in for the town)."""
    ps = geoparse(nlp("Rebels seized the border town of Kibumba on Monday, and Congo accused Rwanda of "
                      "backing them."), gaz)
    town = next(p for p in ps if p["text"] == "Kibumba")
    assert (town["feature"], town["lat"], town["lon"], town["country"]) == ("unlisted", None, None, None)


def test_a_wire_datelines_place_is_a_place_whatever_spacy_calls_it(nlp, gaz):
    """The small model reads some all-caps datelines as organisations; the dateline says otherwise."""
    ps = geoparse(nlp("MOGADISHU, March 3 (Reuters) - Militants stormed an army base on Sunday, killing seven."), gaz)
    assert [(p["text"], p["country"]) for p in ps] == [("MOGADISHU", "SO")]


def test_a_place_spacy_finds_that_the_gazetteer_lacks(nlp, gaz):
    """'near Kurungu in Nasarawa State': a name spaCy calls a place, right after a locative
    preposition, that no gazetteer entry covers is a place the gazetteer lacks, at the division the
    sentence puts it in. Not a named feature after "the", a shop a name modifies, or without a
    place of its own sentence to put it at."""
    ps = geoparse(nlp("Unknown gunmen attacked farmers near Kurungu in Nasarawa State on Tuesday, killing three."), gaz)
    assert [(p["text"], p["country"], p["feature"]) for p in ps] == [("Kurungu", "NG", "unlisted"),
                                                                   ("Nasarawa State", "NG", "admin1")]
    assert ps[0]["lat"] == ps[1]["lat"] and ps[0]["geonameid"] is None
    ps = geoparse(nlp("Unknown gunmen attacked farmers near Kurungu on Tuesday, killing three."), gaz)
    assert ps == []
    ps = geoparse(nlp("A storm moving into the Red River Valley from Nebraska could bring snow."), gaz)
    assert "unlisted" not in [p["feature"] for p in ps]


@pytest.mark.parametrize("text", [
    "Voice of America reported that the talks had stalled.",
    "The deal was signed on Monday, officials told reporters (ST).",
    "Court officials said the hearing was postponed.",
    "Washington said the sanctions would stay in place.",
    "Both armies have reinforced their posts along the Line of Control.",  # the head of an "X of Y" name
])
def test_outlets_credits_and_common_words_are_not_places(nlp, gaz, text):
    assert geoparse(nlp(text), gaz) == []


def test_a_small_namesake_abroad_is_no_place(nlp, gaz):
    """A word of an institution's name, or a village the gazetteer lacks, that matches a small
    place in a country the article has nothing to do with gives no place; a town across the
    border of the article's country stays."""
    got = lambda text: [(p["text"], p["country"]) for p in geoparse(nlp(text), gaz)]  # noqa: E731
    assert got("Students of the Faculty of Law staged a sit-in outside the rector's office in Tunis.") \
        == [("Tunis", "TN")]
    # (the village is placed where the text says it lies, as an unlisted place: casus.places.unlisted)
    assert got("Sudanese gunmen attacked farmers in Mesel, a village outside Nyala.") == [("Mesel", "SD"), ("Nyala", "SD")]
    assert got("Libyan traders blocked the road to Ben Gardane in protest.") == [("Ben Gardane", "TN")]
    # a container the text states, which the namesake is not in, does not save it
    assert got("Hundreds marched through Wentworth, Durban, against gang violence.") == [("Durban", "ZA")]


def test_a_country_name_goes_to_the_country_near_the_story(nlp, gaz):
    text = "Rwanda denied backing the rebels who seized the border town, Uganda and Congo said."
    ps = {p["text"]: p["country"] for p in geoparse(nlp(text), gaz)}
    assert ps.get("Congo") == "CD"
    ps = {p["text"]: p["country"] for p in geoparse(nlp("Gabon and Congo signed a border deal in Libreville."), gaz)}
    assert ps.get("Congo") == "CG"


def test_airports_from_airportsdata(nlp, gaz):
    """Airports come from a maintained list, under their names and the shorter ones news uses."""
    ps = geoparse(nlp("Flights were diverted to Goma International Airport after the shelling."), gaz)
    assert [(p["text"], p["feature"], p["country"]) for p in ps] == [("Goma International Airport", "airport", "CD")]
    ps = geoparse(nlp("Passengers were stranded at Heathrow Airport for hours."), gaz)
    assert [(p["name"], p["country"]) for p in ps] == [("London Heathrow Airport", "GB")]


def test_a_rank_is_not_a_place(nlp, gaz):
    """The title abbreviations the tokenizer keeps whole name no place ("Brig." is not Brig, Switzerland)."""
    names = [p["name"] for p in geoparse(nlp("Brig. Omer Hassan, an army spokesman, said troops entered Kadugli."), gaz)]
    assert "Brig" not in names and "Kadugli" in names


def test_a_bare_name_of_a_division_and_its_main_city_is_the_city(nlp, gaz):
    """"in Sfax": the city, which holds much of its namesake province's people; "from Quebec" is
    the province, whose capital holds a small share of them; "Sfax governorate" says the division."""
    def feature(text, name):
        return next(p["feature"] for p in geoparse(nlp(text), gaz) if p["text"] == name)
    assert feature("Dock workers walked out in Sfax after a crane collapsed.", "Sfax") == "city"
    assert feature("Both suspects are from Quebec, police said.", "Quebec") == "admin1"
    assert feature("Farmers blocked roads across Sfax governorate over water cuts.", "Sfax") == "admin1"


def test_a_short_town_name_where_something_happens(nlp, gaz):
    """Three letters are a town only as the place of something ("in Gao", "near Hit"), and only a big one."""
    ps = geoparse(nlp("A car bomb exploded near a military base in Gao on Monday."), gaz)
    assert [(p["text"], p["country"]) for p in ps] == [("Gao", "ML")]
    assert geoparse(nlp("Gao said the talks would resume after Ali returned."), gaz) == []


@pytest.mark.parametrize("text, mention, country", [
    # "the town of X": the text says it is a town, so a spelling GeoNames holds only as an alias will do
    ("Residents fled the southern town of Bint Jbeil after the shelling.", "Bint Jbeil", "LB"),
    # where something happens, a town's other spelling (Ukrainian for GeoNames' Russian) is the town
    ("Monitors counted dozens of explosions near Svitlodarsk overnight.", "Svitlodarsk", "UA"),
    # a big town's one-word name that the small model calls a person, where the parse has it acted on
    ("Overnight the drones struck Zaporizhzhia again, officials said.", "Zaporizhzhia", "UA"),
    # all of what spaCy calls an organisation is a big city's own name
    ("The paramilitaries shelled El Fasher on Sunday, killing 12 civilians.", "El Fasher", "SD"),
])
def test_places_the_text_or_their_size_vouch_for(nlp, gaz, text, mention, country):
    ps = [p for p in geoparse(nlp(text), gaz) if p["text"] == mention]
    assert ps and ps[0]["country"] == country


@pytest.mark.parametrize("text, mention, country", [
    # an organisation named after a country or state names it (an embedded toponym), at its start or end
    ("The Oregon Lottery Commission approved the new rules.", "Oregon", "US"),
    ("The report was published by Statistics Canada on Tuesday.", "Canada", "CA"),
])
def test_places_named_inside_other_names(nlp, gaz, text, mention, country):
    ps = [p for p in geoparse(nlp(text), gaz) if p["text"] == mention]
    assert ps and ps[0]["country"] == country


def test_a_plural_designator_says_what_each_listed_name_is(nlp, gaz):
    """"Pike and Floyd counties": each name is a county, even one GeoNames knows only as "Pike County"."""
    ps = geoparse(nlp("Officials in Pike and Floyd counties declared an emergency."), gaz)
    assert [(p["text"], p["name"]) for p in ps] == [("Pike", "Pike County"), ("Floyd", "Floyd County")]
    ps = geoparse(nlp("Schools closed across Harper and Sumner counties on Monday."), gaz)
    assert [(p["name"], p["country"]) for p in ps] == [("Harper County", "US"), ("Sumner County", "US")]
    ps = geoparse(nlp("Troops moved into the Ghazni, Paktika and Zabul provinces."), gaz)
    assert [(p["text"], p["feature"]) for p in ps] == [("Ghazni", "admin1"), ("Paktika", "admin1"), ("Zabul", "admin1")]


def test_a_town_followed_by_its_province_is_in_that_province_s_country(nlp, gaz):
    # a namesake abroad is not the town a comma puts in a province ...
    ps = geoparse(nlp("Militants attacked a police post in Tours, Kunduz, on Sunday."), gaz)
    assert [(p["text"], p["country"]) for p in ps] == [("Tours", "AF"), ("Kunduz", "AF")]
    # ... unless the comma goes on a list
    ps = geoparse(nlp("Students protested in Assiut, Alexandria, and Suez on Monday."), gaz)
    assiut = next(p for p in ps if p["text"] == "Assiut")
    assert assiut["country"] == "EG" and near(assiut, 27.18, 31.18, 25)


def test_the_province_after_a_village_the_gazetteer_lacks_is_a_place(nlp, gaz):
    # whatever the small model calls the village and the province ("Umm Batna" ORG, "Quneitra" PERSON)
    ps = geoparse(nlp("Fighters attacked a checkpoint near Umm Batna, Quneitra, on Friday."), gaz)
    assert ("Quneitra", "SY") in [(p["text"], p["country"]) for p in ps]
    assert geoparse(nlp("He met Tal Hamid, Aleppo's mayor."), gaz) == []


@pytest.mark.parametrize("text, name, admin1, lat, lon", [
    # "X LGA (State)": the division of that name in that state, not a bigger one elsewhere
    ("Herders killed six farmers in Bassa LGA (Plateau) on Sunday.", "Bassa", "Plateau", 9.94, 8.74),
    # "X LGA, Y": Y is the state the division lies in, not Y's capital city (78 km from Kauru)
    ("Bandits killed four farmers in Kauru LGA, Kaduna, on Monday.", "Kauru", "Kaduna", 10.58, 8.15),
])
def test_a_designated_division_lies_in_the_state_told_after_it(nlp, gaz, text, name, admin1, lat, lon):
    place = next(p for p in geoparse(nlp(text), gaz) if p["text"] == name)
    assert place["admin1"] == admin1 and near(place, lat, lon, 25)


def test_a_town_s_other_spelling_names_the_division_it_is_the_seat_of(nlp, gaz):
    # "Idleb", "Al-Hasakeh": spellings GeoNames gives the towns only; after a place they are the governorate
    ps = geoparse(nlp("Jets struck a bakery in Saraqib, Idleb, on Monday."), gaz)
    assert [(p["text"], p["country"]) for p in ps] == [("Saraqib", "SY"), ("Idleb", "SY")]
    ps = geoparse(nlp("Drones shelled two villages near Ras al-Ain (Al-Hasakeh) on Friday."), gaz)
    ras = next(p for p in ps if p["text"] == "Ras al-Ain")
    assert ras["country"] == "SY" and near(ras, 36.85, 40.07, 25)


def test_a_province_in_brackets_after_a_named_district(nlp, gaz):
    ps = geoparse(nlp("Militants attacked an army outpost in Kamdesh district (Nuristan)."), gaz)
    assert ("Nuristan", "AF") in [(p["text"], p["country"]) for p in ps]


def test_an_arabic_name_opener_heading_an_unknown_name_is_no_place_of_its_own(nlp, gaz):
    # "Ain Kharrouba" is not in the gazetteer; its first word is not the French department Ain
    ps = geoparse(nlp("Rival militias clashed in Ain Kharrouba, Tripoli, on Sunday."), gaz)
    assert {p["country"] for p in ps} == {"LY"} and "Ain" not in [p["text"] for p in ps]


def test_an_acronym_before_a_camp_names_who_holds_it_not_a_place(nlp, gaz):
    ps = geoparse(nlp("Militants attacked a CRPF camp in Anantnag on Sunday."), gaz)
    assert [p["text"] for p in ps] == ["Anantnag"]


def test_a_named_armed_group_points_to_the_country_it_fights_in(nlp, gaz):
    # two towns share the name; the group, not the gazetteer's bigger one, says which
    kb = actors.load()
    assert kb.group_countries(["SPLA", "the army", "Reuters"]) == Counter({"SS": 1})
    doc = nlp("SPLA fighters ambushed a supply convoy near Leer on Tuesday.")
    ps = geoparse(doc, gaz, kb.group_countries(group_names(doc)))
    assert [(p["text"], p["country"]) for p in ps] == [("Leer", "SS")]
    assert [p["country"] for p in geoparse(doc, gaz)] == ["DE"]


@pytest.mark.parametrize("text, country", [
    # the movement's opposition wing fights in South Sudan, its northern wing in Sudan; the
    # recogniser may call either name a person's
    ("Government troops attacked SPLA-IO positions near Leer on Monday.", "SS"),
    ("SPLM-N fighters clashed with the army near Kadugli on Monday.", "SD"),
])
def test_the_wings_of_a_movement_point_to_the_countries_they_fight_in(nlp, gaz, text, country):
    kb = actors.load()
    doc = nlp(text)
    assert kb.group_countries(group_names(doc)) == Counter({country: 1})
    assert {p["country"] for p in geoparse(doc, gaz, kb.group_countries(group_names(doc)))} == {country}


def test_a_small_town_s_name_inside_a_facility_s_name_is_no_place(nlp, gaz):
    # spaCy sometimes calls an armed group's name a facility ("a Boko Haram location"); the town Boko in
    # Congo is only the first word of it. A facility named after a place and a kind of place stays one.
    from spacy.tokens import Span

    doc = nlp("Jets bombed a Boko Haram location near the lake.")
    doc.ents = [Span(doc, 3, 5, label="FAC")]
    assert geoparse(doc, gaz) == []
    doc = nlp("Guards closed the Marion County Jail on Friday.")
    doc.ents = [Span(doc, 3, 6, label="FAC")]
    assert [p["text"] for p in geoparse(doc, gaz)] == ["Marion County"]
