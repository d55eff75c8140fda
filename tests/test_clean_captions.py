"""Clean: captions are kept as captions, out of the body: a credit on a line of its own and
the line above it, credits at either end of a line, and copies of a caption. Every text
here is written for these tests."""

from __future__ import annotations

import pytest

from casus.clean import clean_document
from casus.clean.lines import read_lines
from casus.model import Document

LEDE = ("KANO, Nigeria - Gunmen abducted fourteen farmers from a village near Kano on Sunday, "
        "local officials said, the third such raid this month.")
MORE = "The state government said troops had been sent to the area and a search was under way."


def article(*middle: str):
    d = Document(id="t", text="\n\n".join(["Gunmen abduct farmers near Kano", LEDE, *middle, MORE]),
                 source="test", format="txt")
    (a,) = clean_document(d)
    return a


def one(text: str):
    (line,) = read_lines(text)
    return line


@pytest.mark.parametrize("credit", [
    "Photo: Jane Roe, AP",
    "Photo by Jane Roe/Getty Images",
    "(Jane Roe / Associated Press)",
    "Jane Roe/Example Times/Getty Images",
    "Example State Police via AP",
])
def test_a_credit_on_its_own_line_and_its_caption_above_are_captions(credit):
    caption = "Relatives wait outside the police station in Kano on Monday."
    a = article(caption, credit)
    assert a.captions == [caption, credit]
    assert caption not in a.text and credit not in a.text
    assert a.text.startswith(LEDE) and a.text.endswith(MORE)


@pytest.mark.parametrize("text", [
    "Relatives wait outside the police station in Kano (Image: Example Agency)",
    "FILE PHOTO: Relatives wait outside the police station in Kano, Nigeria, May 3, 2024",
    "Image caption Relatives wait outside the police station in Kano",
    "Relatives wait outside the police station in Kano, Nigeria, May 3, 2024. REUTERS/Jane Roe",
    "Relatives wait outside the police station in Kano on Monday. Credit: Jane Roe",
])
def test_captions_by_a_credit_at_either_end(text):
    assert one(text).caption
    a = article(text)
    assert a.captions == [text] and text not in a.text


@pytest.mark.parametrize("text", [
    "Find/Post Jobs",  # a menu item with a slash
    "Share via Email",  # "via" alone names no agency
    "Image 1 of / 12",  # a gallery counter
    "Police said the men were taken to a forest outside the village.",
])
def test_not_a_credit(text):
    assert not one(text).credit


def test_a_long_paragraph_above_a_credit_stays_body():
    paragraph = " ".join(["Residents said the gunmen arrived on motorcycles at dawn and fired into the air"
                          " before herding the farmers into the bush."] * 4)
    a = article(paragraph, "Photo: Jane Roe, AP")
    assert paragraph in a.text and a.captions == ["Photo: Jane Roe, AP"]


def test_copies_of_a_caption_are_captions_listed_once():
    caption = "Relatives wait outside the police station in Kano, Nigeria, May 3, 2024. (AFP)"
    d = Document(id="t", text="\n\n".join(["Gunmen abduct farmers near Kano", caption, caption, LEDE, caption, MORE]),
                 source="test", format="txt")
    (a,) = clean_document(d)
    assert a.captions == [caption]
    assert caption not in a.text
    assert not any(r["text"] == caption for r in d.removed)
