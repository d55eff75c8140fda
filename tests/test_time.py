"""Time: temporal expressions resolved, articles dated with the precision their text allows,
and the analyse stage's sentence splitting on news quirks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from casus.pipeline import analyser
from casus.time import dating, timex
from casus.api import extract
from casus.pipeline import Options
from conftest import DEV, needs_shared, seeds_expected

EXPECTED = seeds_expected()  # empty without ../shared
TIMEBANK = DEV / "timebank.jsonl"


@pytest.fixture(scope="module")
def seed_articles(shared: Path) -> dict[str, dict]:
    """Every seed article through the real pipeline (clean .. time), keyed 'FILE#N'."""
    docs = list(extract([shared / "seeds"], Options(stop="time")))
    out = {}
    for d in docs:
        name = Path(d.id).name
        name = name if name.endswith(".txt") else name + ".txt"
        for a in d.articles:
            out[f"{name}#{a.index}"] = a.to_json({"time"})
    return out


@pytest.fixture(scope="module")
def nlp():
    return analyser()


# --------------------------------------------------------------------------- seeds


@needs_shared
@pytest.mark.parametrize("key", sorted(k for k, v in EXPECTED["dates"].items() if "value" in v))
def test_seed_day_dates(seed_articles, key):
    got = seed_articles[key]["date"]
    assert got["value"] == EXPECTED["dates"][key]["value"]
    assert got["precision"] == "day" and got["basis"] == "inferred"
    assert got["earliest"] == got["latest"] == got["value"]
    assert got["evidence"]


def test_seed_003_range_from_last_week_and_early_last_year(seed_articles):
    want = EXPECTED["dates"]["003_795ca110c0324f7a.txt#0"]
    got = seed_articles["003_795ca110c0324f7a.txt#0"]["date"]
    assert want["earliest"] <= got["earliest"] <= "2021-07-13" <= got["latest"] <= want["latest"]
    assert got["precision"] == "range" and got["value"] is None  # a week is not a day
    assert "July 5" in got["evidence"] and "early last year" in got["evidence"]


def test_seed_000_bounded_from_below_only(seed_articles):
    got = seed_articles["000_8605dabc148ea70d.txt#0"]["date"]
    assert got["earliest"] == EXPECTED["dates"]["000_8605dabc148ea70d.txt#0"]["earliest"]
    assert got["latest"] is None and got["value"] is None and got["precision"] != "day"
    assert "May 2018" in got["evidence"]


def test_seed_003_timexes_resolve(seed_articles):
    art = seed_articles["003_795ca110c0324f7a.txt#0"]
    values = {t["text"]: t["value"] for t in art["timexes"]}
    assert values["June 27"] == "2021-06-27"
    assert values["July 5"] == "2021-07-05"
    assert values["July 7"] == "2021-07-07"
    assert values["last month"] == "2021-06"
    assert values["early last year"] == "2020"
    for t in art["timexes"]:  # offsets index the clean text
        assert art["text"][t["start"]:t["end"]] == t["text"]
        assert t["type"] in ("DATE", "TIME", "DURATION", "SET")


def test_duplicate_articles_get_the_same_date(seed_articles):
    assert seed_articles["004_a67afeed6e17fc37.txt#0"]["date"] == seed_articles["003_795ca110c0324f7a.txt#0"]["date"]


def test_file_photo_caption_only_bounds_the_date(seed_articles):
    # "A picture taken on December 5, 2016" is a Monday; the lead says Friday: no day
    got = seed_articles["004_a67afeed6e17fc37.txt#2"]["date"]
    assert got["earliest"] == "2016-12-05" and got["precision"] == "range" and got["value"] is None


def test_given_date_is_trusted_unless_the_date_is_to_be_inferred(tmp_path):
    text = "Officials said on Tuesday that talks would resume next week."
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "x", "text": text, "date": "2024-03-12"}) + "\n")
    [doc] = list(extract([path], Options(stop="time", given_date=True, no_clean=True)))
    art = doc.articles[0]
    assert art.date == {"value": "2024-03-12", "earliest": "2024-03-12", "latest": "2024-03-12",
                        "precision": "day", "basis": "given", "evidence": "input date"}
    assert [(t["text"], t["value"]) for t in art.timexes] == [("Tuesday", "2024-03-12"), ("next week", "2024-W12")]
    [doc] = list(extract([path], Options(stop="time", given_date=False, no_clean=True)))  # --infer-date
    assert doc.articles[0].date["basis"] is None  # nothing in the text dates it
    assert [t["value"] for t in doc.articles[0].timexes] == ["XXXX-WXX-2", None]


def test_extract_trusts_the_input_date_unless_told_to_infer_it(tmp_path):
    """The contract: an input "date" is the publication date; --infer-date ignores it, and the old
    --given-date switch is accepted and changes nothing."""
    from typer.testing import CliRunner

    from casus.cli import app

    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "x", "text": "Talks resumed on Tuesday.", "date": "2024-03-12"}) + "\n")
    basis = {}
    for flags in ([], ["--given-date"], ["--infer-date"]):
        result = CliRunner().invoke(app, ["extract", str(path), "--stage", "time", "--no-clean", *flags])
        assert result.exit_code == 0, result.output
        basis[" ".join(flags)] = json.loads(result.stdout)["articles"][0]["date"]["basis"]
    assert basis == {"": "given", "--given-date": "given", "--infer-date": None}


# --------------------------------------------------------------------------- dating small articles


def test_dateline_is_explicit(nlp):
    text = "BAGHDAD, July 13, 2021 (Reuters) - Rockets hit a base on Tuesday, officials said."
    got = dating.infer(text, [], nlp(text))
    assert (got["value"], got["precision"], got["basis"]) == ("2021-07-13", "day", "explicit")


def test_limits_ahead_are_not_lower_bounds(nlp):
    text = ("The two leaders agreed on a cooperation program for the period up to 2030. "
            "Trade should grow to $100 billion by 2030. The deal replaced one signed in March 2019.")
    got = dating.infer(text, [], nlp(text))
    assert got["earliest"] == "2019-03-01" and got["latest"] is None


def test_caption_weekday_mismatch_gives_no_day(nlp):
    text = "The army said on Friday that it had retaken the town after weeks of fighting."
    got = dating.infer(text, ["Soldiers patrol the town, 26 April 2025. (AFP)"], nlp(text))
    # 26 April 2025 was a Saturday: the caption bounds the date but cannot be the lead's Friday
    assert got["earliest"] == "2025-04-26" and got["precision"] == "range"
    text2 = text.replace("Friday", "Saturday")
    got2 = dating.infer(text2, ["Soldiers patrol the town, 26 April 2025. (AFP)"], nlp(text2))
    assert got2["value"] == "2025-04-26" and got2["precision"] == "day"


def test_undatable_text_stays_null(nlp):
    text = "Protesters gathered on Monday. Police said last week that more rallies were planned."
    got = dating.infer(text, [], nlp(text))
    assert got == {"value": None, "earliest": None, "latest": None, "precision": None, "basis": None,
                   "evidence": None}


# --------------------------------------------------------------------------- resolving one expression


@pytest.mark.parametrize("expr,ref,value,earliest,latest,precision", [
    ("the June 27 strikes", "2021-07-13", "2021-06-27", "2021-06-27", "2021-06-27", "day"),
    ("the December 5 meeting", "2021-01-10", "2020-12-05", "2020-12-05", "2020-12-05", "day"),  # leans past
    ("Nov. 25", "2021-10-28", "2021-11-25", "2021-11-25", "2021-11-25", "day"),  # but not a year back
    ("on Tuesday", "2021-07-15", "2021-07-13", "2021-07-13", "2021-07-13", "day"),
    ("last week", "2021-07-13", "2021-W27", "2021-07-05", "2021-07-11", "range"),
    ("three weeks ago", "2021-07-13", "2021-W25", "2021-06-21", "2021-06-27", "range"),
    ("early last year", "2021-07-13", "2020", "2020-01-01", "2020-04-30", "range"),
    ("late November", "2021-01-10", "2020-11", "2020-11-21", "2020-11-30", "range"),
    ("this month", "2021-07-13", "2021-07", "2021-07-01", "2021-07-31", "month"),
    ("yesterday", "2021-07-13", "2021-07-12", "2021-07-12", "2021-07-12", "day"),
    ("the January 3, 2020, strike", "2021-07-13", "2020-01-03", "2020-01-03", "2020-01-03", "day"),
    ("since 2018", "2021-07-13", "2018", "2018-01-01", "2018-12-31", "year"),
    ("2021-W27", None, "2021-W27", "2021-07-05", "2021-07-11", "range"),
    ("2021-06", None, "2021-06", "2021-06-01", "2021-06-30", "month"),
    ("the third quarter", "1989-10-26", "1989-Q3", "1989-07-01", "1989-09-30", "range"),
    ("last summer", "2021-07-13", "2020-SU", "2020-06-01", "2020-08-31", "range"),
    ("10 p.m. Wednesday", "1998-02-13", "1998-02-11T22:00", "1998-02-11", "1998-02-11", "day"),
])
def test_resolve_text(expr, ref, value, earliest, latest, precision):
    got = timex.resolve_text(expr, ref)
    assert (got["value"], got["earliest"], got["latest"], got["precision"]) == (value, earliest, latest, precision)


def test_resolve_against_an_uncertain_reference():
    week = {"value": None, "earliest": "2021-07-12", "latest": "2021-07-18"}
    assert timex.resolve_text("June 27", week)["value"] == "2021-06-27"
    assert timex.resolve_text("last week", week)["value"] == "2021-W27"
    friday = timex.resolve_text("Friday", week)  # one of two Fridays: only the month is sure
    assert (friday["value"], friday["earliest"], friday["latest"]) == ("2021-07", "2021-07-09", "2021-07-16")
    unknown = {"earliest": "2018-05-01", "latest": None}
    assert timex.resolve_text("June 27", unknown)["value"] == "XXXX-06-27"
    assert timex.resolve_text("three weeks ago", unknown)["value"] is None


def test_durations_sets_and_refs_need_no_reference():
    got = {m.text: (m.type, timex.resolve(m.spec, None).value) for m in timex.find(
        "For the past two months, nearly 2 1/2 years of talks, held weekly and recently paused, "
        "ended in a two-year deal.")}
    assert got == {"the past two months": ("DURATION", "P2M"), "nearly 2 1/2 years": ("DURATION", "P2Y6M"),
                   "weekly": ("SET", "P1W"), "recently": ("DATE", "PAST_REF"), "two-year": ("DURATION", "P2Y")}


def test_modal_may_and_counts_are_not_dates():
    text = "Iran may retaliate. Some 1500 troops and 2000 civilians left in May, and in 1995 more."
    assert [m.text for m in timex.find(text)] == ["May", "1995"]


# --------------------------------------------------------------------------- TIMEX3 conventions (#16)


def values(text: str, ref: str, doc=None) -> dict[str, tuple[str, str]]:
    return {t["text"]: (t["type"], t["value"]) for t in timex.annotate(text, ref, doc)}


@pytest.mark.parametrize("text,ref,want", [
    # weekdays: "this coming" looks ahead
    ("The referendum falls on this coming Sunday.", "2013-03-13", {"this coming Sunday": ("DATE", "2013-03-17")}),
    # days written as ordinal words, after a month or as "the ... of"; a fraction is no day
    ("Polls open on March eighth and close the twenty-first of June.", "2013-03-01",
     {"March eighth": ("DATE", "2013-03-08"), "the twenty-first of June": ("DATE", "2013-06-21")}),
    ("Exports made up a third of August's total.", "2013-10-01", {"August": ("DATE", "2013-08")}),
    # a rate after a count is a set; "within a week" a stretch; "a second" before a noun the ordinal
    ("The line runs four flights a week and pays $2 million a year.", "2013-03-13",
     {"a week": ("SET", "P1W"), "a year": ("SET", "P1Y")}),
    ("Aid came within a week, and a second convoy followed.", "2013-03-13", {"a week": ("DURATION", "P1W")}),
    ("Of the 30 pupils, one is a year older.", "2013-03-13", {"a year": ("DURATION", "P1Y")}),
    ("Voters elect the council every two years.", "2013-03-13", {"every two years": ("SET", "P2Y")}),
    ("The pipeline was shut on Monday and Tuesday nights.", "2013-03-13",
     {"Monday": ("SET", "XXXX-WXX-1TNI"), "Tuesday nights": ("SET", "XXXX-WXX-2TNI")}),
    # centuries and decades in words
    ("The fort dates from the 12th century and was rebuilt in the nineteenth-century style.", "2013-03-13",
     {"the 12th century": ("DATE", "11"), "the nineteenth-century": ("DATE", "18")}),
    ("Prices fell through the nineties and rose in the late nineteen sixties.", "1998-05-01",
     {"the nineties": ("DATE", "199"), "the late nineteen sixties": ("DATE", "196")}),
    ("Jazz boomed in the twenties.", "2024-05-01", {"the twenties": ("DATE", "202")}),
    # vague futures and pasts
    ("Rates may rise in coming months and in the near term.", "2013-03-13",
     {"coming months": ("DATE", "FUTURE_REF"), "the near term": ("DATE", "FUTURE_REF")}),
    ("Riots broke out in the past three summers.", "2013-03-13", {}),
    # stretches with no number, and units of trade
    ("It ended a decades-long feud and a two-year-long siege eight trading days later.", "2013-03-13",
     {"decades-long": ("DURATION", "PXY"), "two-year-long": ("DURATION", "P2Y"), "eight trading days": ("DURATION", "P8D")}),
    ("The town was ruled by outsiders for centuries, and over the years it grew.", "2013-03-13",
     {"centuries": ("DURATION", "PXY"), "the years": ("DURATION", "PXY")}),
    ("The truce held for a year and a half, the siege two-and-a-half years.", "2013-03-13",
     {"a year and a half": ("DURATION", "P1Y6M"), "two-and-a-half years": ("DURATION", "P2Y6M")}),
    # the year, week and day as placed in the text
    ("Sales for the full year should rise, though they fell earlier in the year.", "2013-03-13",
     {"the full year": ("DATE", "2013"), "the year": ("DATE", "2013")}),
    ("Net income for the year ended June 30 rose; for the week, shares fell.", "2013-09-13",
     {"the year": ("DURATION", "P1Y"), "the week": ("DURATION", "P1W"), "June 30": ("DATE", "2013-06-30")}),
    ("Police left on May 2. Later in the day they came back; later in the week they left.", "2013-05-10",
     {"May 2": ("DATE", "2013-05-02"), "the day": ("DATE", "2013-05-02"), "the week": ("DATE", "2013-W19")}),
    ("Things were simpler back in the day; it is warm in the day, and in the days after a storm.", "2013-03-13", {}),
    ("The merger should close by year-end, and sales this fiscal year will rise.", "2013-03-13",
     {"year-end": ("DATE", "2013"), "this fiscal year": ("DATE", "2013")}),
    # a lone month names a date after "for" and before the thing it dates, not in a name
    ("Figures for January were weak after a June agreement; the March for Jobs went on.", "2013-08-01",
     {"January": ("DATE", "2013-01"), "June": ("DATE", "2013-06")}),
    # "2012-13" is a season, not a thirteenth month
    ("The 2012-13 season was long.", "2013-08-01", {}),
    ("Crowds gathered this past weekend, as they did last Christmas and will next Christmas.", "2013-03-13",
     {"this past weekend": ("DATE", "2013-W10-WE"), "last Christmas": ("DATE", "2012-12-25"),
      "next Christmas": ("DATE", "2013-12-25")}),
])
def test_timex3_conventions(text, ref, want):
    assert values(text, ref) == want


def test_comparable_periods_of_a_report_are_the_quarter_in_focus():
    text = ("Profit rose in the third quarter ended Sept. 30 from a year earlier. In the year-ago period, "
            "in the 1988 quarter, in the same period last year and in last year's quarter it was lower, "
            "as in the year-earlier second quarter.")
    got = values(text, "1989-10-26")
    assert got["a year earlier"] == got["the year-ago period"] == got["the 1988 quarter"] == ("DATE", "1988-Q3")
    assert got["the same period last year"] == got["last year's quarter"] == ("DATE", "1988-Q3")
    assert got["the year-earlier second quarter"] == ("DATE", "1988-Q2")
    assert values("Net fell in the 1988 period.", "1989-10-26")["the 1988 period"] == ("DATE", "1988")  # no quarter in focus


@pytest.mark.parametrize("text,expr,value", [
    ("He said he would fly to Cairo on Thursday.", "Thursday", "2013-03-14"),  # "would": the future of a past
    ("He said he would have flown on Thursday.", "Thursday", "2013-03-07"),
    ("The court postponed the hearing until Tuesday.", "Tuesday", "2013-03-19"),  # a deadline set is ahead
    ("The rebels stayed in the town until Tuesday.", "Tuesday", "2013-03-12"),
    ("Officials said the border could reopen as early as Monday.", "Monday", "2013-03-18"),
    ("The offer had been due to expire Friday.", "Friday", "2013-03-08"),  # the pluperfect of the verb it hangs on
    ("The vote will be held on Nov. 6.", "Nov. 6", "2013-11-06"),  # a dated day after a future verb is ahead
    ("The vote was held on Nov. 6.", "Nov. 6", "2012-11-06"),
    ("The dividend was declared, payable Dec. 7.", "Dec. 7", "2012-12-07"),
])
def test_tense_and_deadlines_choose_the_occurrence(nlp, text, expr, value):
    assert values(text, "2013-03-13", nlp(text))[expr][1] == value


# --------------------------------------------------------------------------- TimeBank (dev)


def timebank() -> list[dict]:
    return [json.loads(line) for line in TIMEBANK.read_text("utf-8").splitlines()]


@needs_shared
def test_timebank_date_values_without_a_parse():
    """Every TIMEX3 of TimeBank+AQUAINT with the creation date given; no parse (no tense)."""
    gold = timebank()
    hit = correct = n_sys = n_gold = 0
    for g in gold:
        golds = [t for t in g["timexes"] if t["type"] == "DATE"]
        n_gold += len(golds)
        for t in timex.annotate(g["text"], g["dct"]):
            match = next((x for x in g["timexes"] if t["start"] < x["end"] and x["start"] < t["end"]), None)
            if (match or t)["type"] != "DATE":
                continue
            n_sys += 1
            if match:
                hit += 1
                correct += t["value"] == match["value"]
    p, r = hit / n_sys, hit / n_gold
    value_f1 = 2 * p * r / (p + r) * correct / hit
    assert value_f1 >= 0.78


@needs_shared
def test_timebank_hidden_dates_are_never_wrongly_bounded(nlp):
    gold = timebank()[:80]
    wrong = dated = 0
    for g, doc in zip(gold, nlp.pipe(g["text"] for g in gold)):
        got = dating.infer(g["text"], [], doc)
        if got["earliest"] or got["latest"]:
            dated += 1
            dct = g["dct"]
            wrong += not ((got["earliest"] or dct) <= dct <= (got["latest"] or dct))
    assert dated >= 10 and wrong == 0


# --------------------------------------------------------------------------- analyse: sentences


def test_sentences_survive_news_quirks(nlp):
    text = ('The commander Maj. Gen. Qassem Soleimani met Brig. Gen. Esmail Ghaani in the U.S. capital. '
            'According to one source, "It wasn\'t far off."\nAccording to the report, it was key.\n'
            'Iraqi Militias May Soon March\nThe disconnect grew. Lt. Col. Smith agreed.')
    sents = [s.text.strip() for s in nlp(text).sents]
    assert sents == [
        "The commander Maj. Gen. Qassem Soleimani met Brig. Gen. Esmail Ghaani in the U.S. capital.",
        'According to one source, "It wasn\'t far off."',
        "According to the report, it was key.",
        "Iraqi Militias May Soon March",
        "The disconnect grew.",
        "Lt. Col. Smith agreed.",
    ]


def test_letters_that_lower_case_to_two_are_read_in_place():
    """'İ' lower-cases to two characters; Turkish copy in capitals once crashed the time stage."""
    text = "The attack came on FRİDAY in Ankara and on Frıday in Izmir."
    found = [(m.text, m.start, m.spec.weekday) for m in timex.find(text)]
    assert found == [("FRİDAY", 19, 5), ("Frıday", 43, 5)]
