"""Analyse: the parse and the entities where later stages read them, exactly as a whole-article
run gives them, and nowhere else."""

from __future__ import annotations

from collections import OrderedDict
from pathlib import Path

import pytest

from casus import analyse
from casus.api import extract
from casus.model import Article
from casus.pipeline import Options, analyser as whole_pipeline_analyser


@pytest.fixture(scope="module")
def analyser():
    return whole_pipeline_analyser()


@pytest.fixture(scope="module")
def seed_texts(shared: Path) -> list[str]:
    """The clean article texts of seeds 000 and 003."""
    seeds = shared / "seeds"
    docs = extract([seeds / "000_8605dabc148ea70d.txt", seeds / "003_795ca110c0324f7a.txt"], Options(stop="clean"))
    return [a.text for d in docs for a in d.articles]


def whole(analyser, text: str):
    """Every component on the whole article, with the same sentence boundaries."""
    nlp = analyser.nlp
    doc = nlp(text, disable=analyse.PARSE + analyse.NAMES)
    for name in analyse.PARSE + analyse.NAMES:
        doc = nlp.get_pipe(name)(doc)
    return doc


def test_chosen_sentences_get_the_whole_article_parse_and_entities(analyser, seed_texts):
    parsed = 0
    for text in seed_texts:
        ours, full = analyser(text), whole(analyser, text)
        assert [s.start for s in ours.sents] == [s.start for s in full.sents]
        for a, b in zip(ours, full):
            if a.dep_:
                parsed += 1
                assert (a.tag_, a.pos_, a.lemma_, a.dep_, a.head.i, str(a.morph)) == \
                    (b.tag_, b.pos_, b.lemma_, b.dep_, b.head.i, str(b.morph)), (a.text, a.i)
        named = {(e.start, e.end, e.label_) for e in ours.ents if e.label_ in analyse.ENTITY_LABELS}
        assert named == {(e.start, e.end, e.label_) for e in full.ents if e.label_ in analyse.ENTITY_LABELS}
    assert parsed > 1000


def test_sentences_no_later_stage_reads_are_not_parsed(analyser):
    text = ("US forces struck a militia depot near Baghdad on June 27. "
            "it was quiet. "
            "The weather stayed hot and dry. "
            "Iraqi officials condemned the strike.")
    doc = analyser(text)
    sents = list(doc.sents)
    assert len(sents) == 4
    struck = next(t for t in sents[0] if t.text == "struck")
    assert struck.dep_ == "ROOT" and struck.lemma_ == "strike" and struck.pos_ == "VERB"
    assert all(not t.dep_ and not t.tag_ for t in sents[2])  # no event, date or actor description
    assert all(not t.ent_type_ for t in sents[1]) and not sents[1][0].dep_  # nothing to name or parse
    assert [(e.text, e.label_) for e in doc.ents if e.label_ in analyse.ENTITY_LABELS] == \
        [("US", "GPE"), ("Baghdad", "GPE"), ("Iraqi", "NORP")]
    assert any(c.text == "Iraqi officials" for c in doc.noun_chunks)  # the actors stage's description


def test_indexed_attribute_ruler_is_the_stock_one(analyser, seed_texts):
    nlp = analyser.nlp
    stock, ours = nlp.get_pipe("attribute_ruler"), nlp.get_pipe("indexed_attribute_ruler")
    for text in seed_texts:
        a, b = nlp.make_doc(text), nlp.make_doc(text)
        for name in ("tok2vec", "tagger", "parser"):
            a, b = nlp.get_pipe(name)(a), nlp.get_pipe(name)(b)
        a, b = stock(a), ours(b)
        assert [(t.pos_, str(t.morph), t.tag_, t.dep_, t.lemma_) for t in a] == \
            [(t.pos_, str(t.morph), t.tag_, t.dep_, t.lemma_) for t in b]


def test_bracketed_insertions_stay_in_their_sentence(analyser):
    text = ('It is "clear that [U.S.] sanctions are not sending the right message" and that "they '
            '[the Iranians] must be hit hard," the editorial said. The envoy left.')
    assert [s.text.strip() for s in analyser(text).sents] == [text[:text.index(" The envoy")], "The envoy left."]


def test_verbatim_copies_are_parsed_once_within_and_across_batches():
    parsed: list[str] = []

    def parse(texts):
        parsed.extend(texts)
        return [f"parse of {t[:12]}" for t in texts]

    def batch(*specs):
        return [Article(doc, 0, text, duplicate_of=dup, verbatim=same) for doc, text, dup, same in specs]

    recent: OrderedDict = OrderedDict()
    first = analyse.parse_once(batch(("a", "text A", None, False), ("b", "text A", "a#0", True),
                                     ("c", "text C", None, False)), parse, recent, 64)
    assert parsed == ["text A", "text C"]
    assert first[1][1] is first[0][1]  # the copy carries its original's parse
    second = analyse.parse_once(batch(("d", "text A", "a#0", True), ("e", "text C2", "c#0", False)), parse, recent, 64)
    assert parsed == ["text A", "text C", "text C2"]  # "e" is a near copy (not verbatim): parsed
    assert second[0][1] == "parse of text A"
