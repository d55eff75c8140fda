"""Event dates (#16): the date of the main event of short conflict notes and news sentences.
Every text below is our own, written in the style of ACLED's event notes ("On 4 May 2020, ...")
and of news reports; none is from a dev set."""

from __future__ import annotations

import json

import pytest

from casus.api import extract
from casus.pipeline import Options
from casus.time import timex
from conftest import bench, events_of


def day(value: str) -> dict:
    return {"value": value, "precision": "day", "earliest": value, "latest": value}


def span(first: str, last: str, value: str | None = None) -> dict:
    return {"value": value or first, "precision": "range", "earliest": first, "latest": last}


# (publication date, text, the main event's date)
NOTES = [
    # notes that open with the event's day, of every kind of event
    ("2020-05-04", "On 4 May 2020, suspected Boko Haram militants attacked Gajiram village (Nganzai, Borno) "
                   "and killed 3 civilians.", day("2020-05-04")),
    ("2020-05-04", "On 4 May 2020, military forces and Al Shabaab militants exchanged fire near Afgooye "
                   "(Lower Shabelle). No fatalities were reported.", day("2020-05-04")),
    ("2020-05-04", "On 4 May 2020, around 200 teachers demonstrated in Harare to demand the payment of their "
                   "salaries.", day("2020-05-04")),
    ("2020-05-04", "On 4 May 2020, residents rioted in Kisumu town and burned tyres after police shot a boda "
                   "boda rider.", day("2020-05-04")),
    ("2020-05-04", "On 4 May 2020, the monitoring mission observed 12 explosions near Avdiivka (Donetsk).",
     day("2020-05-04")),
    ("2020-05-04", "On 4 May 2020, police arrested 14 opposition supporters in Bujumbura.", day("2020-05-04")),
    ("2020-05-04", "On 4 May 2020, unidentified gunmen abducted two aid workers on the road between Kidal and "
                   "Gao.", day("2020-05-04")),
    ("2020-05-07", "Around 7 May 2020 (as reported), ADF militants killed 5 civilians in Beni territory "
                   "(Nord-Kivu).", day("2020-05-07")),
    ("2020-05-05", "During the night of 5 May 2020, Taliban militants attacked a police checkpoint in Kunduz "
                   "city, killing 4 policemen.", day("2020-05-05")),
    ("2020-05-04", "Property destruction: On 4 May 2020, settlers set fire to a car near Burin.", day("2020-05-04")),
    ("2020-05-06", "On 6 May 2020, Syrian regime forces shelled the outskirts of Kafr Nobol (Idleb). No "
                   "casualties were reported.", day("2020-05-06")),
    ("2020-05-08", "On 8 May 2020, an IED planted by unknown militants exploded near a military vehicle in "
                   "Mogadishu, wounding 2 soldiers.", day("2020-05-08")),
    ("2020-05-09", "On 9 May 2020, taxi drivers protested in Kampala against the ban on public transport. "
                   "Police dispersed them with tear gas.", day("2020-05-09")),
    # the date on a clause that is no event: the event it names
    ("2020-05-01", "On 1 May 2020, clashes between two clans over grazing land in Galkayo left 6 people dead.",
     day("2020-05-01")),
    ("2020-05-04", "On 4 May 2020, around 50 residents gathered in front of the district office in Sylhet to "
                   "protest against the lockdown.", day("2020-05-04")),
    # a date that opens the sentence frames what the speaker reports
    ("2020-05-04", "On 4 May 2020, the military reported that separatists fired 6 mortar rounds near Pisky.",
     day("2020-05-04")),
    # an aside between the date and the act it dates
    ("2020-05-06", "On 4 May 2020 (as reported on 6 May), gunmen attacked a convoy near Gao, killing 2 "
                   "soldiers.", day("2020-05-04")),
    # several days: a range from the first; a night over two days is the night of the first
    ("2020-05-04", "On 3 and 4 May 2020, Fulani militia attacked several villages in Bankass circle, killing 12 "
                   "civilians.", span("2020-05-03", "2020-05-04")),
    ("2020-05-06", "Overnight on 4-5 May 2020, gunmen attacked a police post near Gao.", day("2020-05-04")),
    ("2020-05-06", "During the night of 4-5 May 2020, unidentified gunmen attacked a police post in Kano, "
                   "killing 2 policemen.", day("2020-05-04")),
    # news: the date hangs on a clause told as at the same time as the main act
    ("2021-03-14", "Government forces repelled an assault by the rebels as they pushed their campaign to capture "
                   "Kismayo on 12 March.", day("2021-03-12")),
    ("2021-03-09", "Fighting was reported near the airport of Sirte on 8 March.", day("2021-03-08")),
    # a later report of the same event names its day
    ("2021-03-06", "Herders attacked Kumo village in Gombe. Five people were killed on 3 March.", day("2021-03-03")),
    # bounds: "since" is a range up to the article's day; "as of" dates nothing
    ("2021-03-08", "Dockworkers in Mombasa have been on strike since 3 March after the port company cut their "
                   "pay.", span("2021-03-03", "2021-03-08", "2021-03-03/2021-03-08")),
    ("2021-03-08", "Between June 27-28, militiamen fought over a gold mine near Mongbwalu.",
     span("2020-06-27", "2020-06-28")),
]


@pytest.fixture(scope="module")
def coded(tmp_path_factory) -> list[list[dict]]:
    """The events of every note above, through the whole pipeline in one run."""
    path = tmp_path_factory.mktemp("notes") / "notes.jsonl"
    path.write_text("".join(json.dumps({"id": str(n), "date": d, "text": t}) + "\n"
                            for n, (d, t, _) in enumerate(NOTES)), encoding="utf-8")
    return [doc.articles[0].events for doc in extract([path], Options(no_clean=True))]


@pytest.mark.parametrize("n", range(len(NOTES)), ids=[t[:40] for _, t, _ in NOTES])
def test_the_main_event_has_the_day_the_text_names(coded, n):
    ev = bench("events").main_event(coded[n])  # as bench/events.py picks a note's main event
    assert ev is not None and ev["date"] == NOTES[n][2]


def test_a_later_report_of_the_act_is_one_of_its_mentions(coded):
    n = next(k for k, (_, t, _) in enumerate(NOTES) if t.startswith("Herders attacked Kumo"))
    [attack] = [e for e in coded[n] if e["type"] == "ASSAULT"]
    assert attack["killed"] == 5 and len(attack["mentions"]) == 2


@pytest.mark.parametrize("text", [
    "On 6 March, the army said it had killed 30 rebels in the hills.",  # before it was said: no date
    "Floods had displaced 4,000 families and gunmen had killed 9 people in Tillaberi as of 8 March.",  # a bound
])
def test_what_the_text_only_bounds_or_tells_as_earlier_is_undated(tmp_path, text):
    evs = [e for e in events_of(tmp_path, text, "2021-03-09") if e["type"] == "ASSAULT"]
    assert evs and all(e["date"] is None for e in evs)


@pytest.mark.parametrize("text, first, last, value", [
    ("3 and 4 May 2020", "2020-05-03", "2020-05-04", "2020-05-03"),
    ("June 27-28", "2020-06-27", "2020-06-28", "2020-06-27"),
    ("24-26 June", "2020-06-24", "2020-06-26", "2020-06-24"),
    ("May 3 and 4, 2020", "2020-05-03", "2020-05-04", "2020-05-03"),
    ("the night of 4-5 May 2020", "2020-05-04", "2020-05-04", "2020-05-04TNI"),
])
def test_spans_of_days_are_found_whole(text, first, last, value):
    r = timex.resolve_text(f"Clashes broke out {text} near the border.", "2020-07-01")
    assert (r["text"], r["earliest"], r["latest"], r["value"]) == (text, first, last, value)


@pytest.mark.parametrize("text, kind, value", [
    # an act's own clause's date wins over one a coordinated clause that is no event reaches it with
    ("The group has been based in the hills since the 1990s and pledged allegiance to al Qaeda in 2019.",
     "AGREE", "2019"),
    # what an event noun did in its relative clause dates it
    ("Militias have held the city since the uprising that ousted the president in 2011.", "PROTEST", "2011"),
    # what a "when" clause tells of the year an act is ranked against is of that year, not since it
    ("The flood was the worst since 2017, when rebels shelled the dam on the river.", "ASSAULT", "2017"),
])
def test_an_act_takes_the_date_its_own_words_give(tmp_path, text, kind, value):
    [ev] = [e for e in events_of(tmp_path, text, "2024-03-05") if e["type"] == kind]
    assert ev["date"]["value"] == value and ev["modality"] == "historical"


def test_the_next_day_counts_from_the_day_the_text_named_last(tmp_path):
    text = "Militants ambushed a patrol near Tillia on Saturday. The next day, soldiers raided a camp outside the town."
    evs = [e for e in events_of(tmp_path, text, "2021-03-10") if e["type"] == "ASSAULT"]
    assert [e["date"]["value"] for e in evs] == ["2021-03-06", "2021-03-07"]  # not the day after the article's


def test_days_counted_from_the_day_the_text_named_last(tmp_path):
    text = "Troops clashed with bandits near Gusau on Tuesday. Three days later, the bandits burned a village nearby."
    evs = events_of(tmp_path, text, "2021-03-12")
    assert [(e["type"], e["date"]["value"]) for e in evs] == [("ASSAULT", "2021-03-09"), ("COERCE", "2021-03-12")]


@pytest.mark.parametrize("text, value", [
    # a bare month the time stage read in its sentence ("In May,"; alone "May" is a modal) dates the act
    ("Police said on Tuesday they were still searching. In May, gunmen attacked a school in Gusau.", "2024-05"),
    ("Rebels shelled a camp near Goma in August, aid workers said.", "2024-08"),
])
def test_a_month_named_alone_dates_the_act(tmp_path, text, value):
    [ev] = [e for e in events_of(tmp_path, text, "2024-09-20") if e["type"] == "ASSAULT"]
    assert ev["date"]["value"] == value


def test_a_date_that_opens_the_sentence_dates_the_acts_its_verbs_tell(tmp_path):
    """"On Sunday, ..." is the time of the sentence, also of an act the parse hung elsewhere;
    not of an act a noun names inside it, nor of what someone is said to have done."""
    evs = events_of(tmp_path, "On Sunday, soldiers raided a market in Kidal, killing four traders.", "2024-09-20")
    assert {e["date"]["value"] for e in evs if e["type"] == "ASSAULT"} == {"2024-09-15"}
    evs = events_of(tmp_path, "On Sunday, the ministry said troops had burned two villages.", "2024-09-20")
    assert all(e["date"] is None for e in evs if e["type"] == "ASSAULT")


def test_an_act_dated_months_before_the_article_is_background(tmp_path):
    [ev] = [e for e in events_of(tmp_path, "In June, bandits abducted 40 pupils from a school in Kebbi.",
                                 "2024-09-20") if e["type"] == "ASSAULT"]
    assert ev["modality"] == "historical" and ev["date"]["value"] == "2024-06"
    [ev] = [e for e in events_of(tmp_path, "Bandits abducted 40 pupils from a school in Kebbi on Monday.",
                                 "2024-09-20") if e["type"] == "ASSAULT"]
    assert ev["modality"] == "asserted"


def test_a_part_of_the_day_told_after_a_named_day_is_on_that_day(tmp_path):
    text = ("Bandits raided two villages near Gusau on Monday, residents said.\n\n"
            "In the evening, the bandits attacked a police post on the main road, killing an officer.")
    evs = [e for e in events_of(tmp_path, text, "2024-09-20") if e["type"] == "ASSAULT"]
    assert evs and all(e["date"]["earliest"] == "2024-09-16" for e in evs)


def test_a_time_of_day_told_after_a_named_day_is_on_that_day(tmp_path):
    """A bare clock time in a story is on the day the text named last, not the article's."""
    text = ("Protesters marched through Kano on Monday, residents said.\n\n"
            "Police arrested 14 of them at around 11 p.m., a police spokesman said.")
    evs = events_of(tmp_path, text, "2024-09-20")
    assert {e["type"]: e["date"]["value"] for e in evs} == {"PROTEST": "2024-09-16", "COERCE": "2024-09-16"}


def test_a_participle_clause_that_is_no_event_dates_the_act_it_modifies(tmp_path):
    """"Speaking ... on Tuesday, X accused ...": the act is told as at the time of the speaking."""
    evs = events_of(tmp_path, "Speaking to reporters on Tuesday, the governor accused the army of killing "
                              "twelve villagers.", "2024-09-20")
    assert [e["date"]["value"] for e in evs if e["type"] == "ACCUSE"] == ["2024-09-17"]


@pytest.mark.parametrize("text, typ, value", [
    ("The raid was a reprisal for an ambush on Saturday, when rebels killed four soldiers near Beni.",
     "ASSAULT", "2024-09-14"),
    ("The activist was arrested after a rally on Sunday at which he accused the president of fraud.",
     "ACCUSE", "2024-09-15"),
])
def test_an_act_in_a_relative_clause_of_a_dated_thing_takes_its_date(tmp_path, text, typ, value):
    """"on Saturday, when ...", "a rally on Sunday at which ...": the clause tells what happened then."""
    evs = [e for e in events_of(tmp_path, text, "2024-09-20") if e["type"] == typ]
    assert evs and all((e["date"] or {}).get("value") == value for e in evs)


def test_an_act_dated_after_its_article_is_planned_not_done(tmp_path):
    """A present tense with a date still to come is a schedule ("the summit opens next Tuesday"):
    planned, not asserted; one told in the past on a day before the article stays asserted."""
    evs = events_of(tmp_path, "Leaders of the two countries meet in Doha next week to discuss the border.")
    assert [(e["type"], e["modality"]) for e in evs] == [("CONSULT", "planned")]
    [ev] = events_of(tmp_path, "Leaders of the two countries met in Doha last week to discuss the border.")
    assert ev["modality"] == "asserted"


def test_the_day_an_act_is_confirmed_is_not_the_day_it_happened(tmp_path):
    text = ("Gunmen stormed Dogon Daji village in Sokoto State at about 11pm on Friday, killing five people. "
            "The police spokesman confirmed the attack in a statement on Saturday, saying five people were killed.")
    evs = [e for e in events_of(tmp_path, text, day="2024-12-08") if e["type"] == "ASSAULT"]
    assert len(evs) == 1 and evs[0]["date"]["value"] == "2024-12-06"


@pytest.mark.parametrize("text, source, value", [
    ("Sunday night gunmen attacked a checkpoint near Garissa.", "gunmen", "2024-12-01"),
    ("By Tuesday evening soldiers had fired on the crowd outside the stadium.", "soldiers", "2024-12-03"),
    ("By early afternoon police had fired tear gas at the marchers.", "police", None),
])
def test_a_time_that_opens_the_clause_dates_it_and_is_no_part_of_its_subject(tmp_path, text, source, value):
    """The parse hangs a clause's opening time on the subject after it ("Sunday night | gunmen"):
    it is the act's date, and the doer is the gunmen, not "Sunday night gunmen"."""
    [ev] = events_of(tmp_path, text, day="2024-12-06")
    assert ev["source"]["text"] == source
    assert (ev["date"] or {}).get("value") == value


@pytest.mark.parametrize("text", [
    "The attack on the market in Gao was the deadliest in the region since 2019.",
    "The rocket attack on the market in Gao, the worst attack on the town since 2016, killed 11 people.",
])
def test_what_an_act_is_ranked_against_is_no_date_nor_span_of_it(tmp_path, text):
    """"the deadliest since 2019", "the worst attack since 2016", however the parse hangs it: the
    year is what the act is compared with, neither its date nor a span it is a tally over."""
    [ev] = [e for e in events_of(tmp_path, text, day="2024-12-06") if e["type"] == "ASSAULT"]
    assert ev["date"] is None and ev["modality"] == "asserted"


def test_a_part_of_the_day_is_on_the_day_of_the_act_not_of_its_telling(tmp_path):
    """"killed 14 on Sunday, officials said on Monday. The attackers arrived in the afternoon": the
    afternoon is Sunday's, and its shooting the same attack, told again."""
    text = ("Gunmen killed 14 miners at a gold mine near Djibo on Sunday, local officials said on Monday. "
            "The attackers arrived on motorbikes in the afternoon and opened fire on the miners.")
    evs = [e for e in events_of(tmp_path, text, day="2024-11-18") if e["type"] == "ASSAULT"]
    assert [(e["date"] or {}).get("value") for e in evs] == ["2024-11-17"]


def test_the_date_of_an_ing_clause_on_the_target_is_the_act_s(tmp_path):
    """"hit a school sheltering displaced families on Saturday": the parse hangs the day on the
    participle, which goes on at the time of the strike; "a school built in 2010" dates the school."""
    [ev] = events_of(tmp_path, "An air strike hit a school sheltering displaced families in the city on "
                               "Saturday, killing 22 people.", day="2024-08-10")
    assert (ev["date"] or {}).get("value") == "2024-08-10"
    evs = events_of(tmp_path, "Drones struck a school built in 2010 on the edge of the city.", day="2024-08-10")
    assert [e["date"] for e in evs if e["type"] == "ASSAULT"] == [None]


def test_a_when_clause_of_a_thing_a_year_names_is_of_that_year(tmp_path):
    """"the 2020 demonstrations, when security forces opened fire": 2020, so background in 2024;
    "the 2015 deal, which the US left" is not left in 2015."""
    text = ("The protests were the largest since the 2020 demonstrations against police abuses, when security "
            "forces opened fire on protesters in the capital.")
    [ev] = [e for e in events_of(tmp_path, text, day="2024-08-05") if e["type"] == "ASSAULT"]
    assert (ev["date"] or {}).get("value") == "2020" and ev["modality"] == "historical"
    evs = events_of(tmp_path, "Iran wants to revive the 2015 nuclear deal, which the United States left.",
                    day="2024-08-05")
    assert "2015" not in [(e["date"] or {}).get("value") for e in evs]


def test_the_day_of_a_saying_hung_on_what_was_done_before_it_is_no_date_of_it(tmp_path):
    """"The army said on Monday it had killed 30 militants": the parse hangs Monday on the killing,
    done before the saying; "said on Tuesday it was sending troops" is Tuesday's sending."""
    [ev] = events_of(tmp_path, "The army said on Monday it had killed about 30 militants near the border.",
                     day="2023-10-03")
    assert ev["date"] is None
    [ev] = events_of(tmp_path, "The army said on Tuesday it was sending 600 more soldiers to the border town.",
                     day="2023-10-03")
    assert (ev["date"] or {}).get("value") == "2023-10-03"
