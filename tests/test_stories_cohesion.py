"""Stories with cohesion: an article is compared with what a story is about, not with its
single most similar member; a story's own days rule articles in or out."""

from __future__ import annotations

import random

from conftest import bench, needs_shared

from casus.model import Article
from casus.stories.dedup import fingerprint
from casus.stories.index import KIND_CODE, Story, StoryIndex, parse_day

FLOOD = ("Floods on the River Oste killed 41 people in Kalmora province, governor Idris Halvani said, "
         "as rescue teams searched villages cut off by the water. Halvani said the Oste burst its banks "
         "after three days of rain and that 41 bodies had been recovered around Kalmora.")
VOTE = ("Senator Mira Castell won the Doran presidential election with 58 percent of the vote, the Doran "
        "electoral commission said. Castell, who ran against former premier Tobias Wend, promised to "
        "reform the Doran courts; Wend conceded and congratulated Castell on the 58 percent result.")
BRIDGE = ("Mira Castell, who won the Doran presidential election with 58 percent of the vote against Tobias Wend, "
          "flew to Kalmora province, where floods on the River Oste killed 41 people. Governor Idris Halvani "
          "showed Castell the villages the Oste cut off; Castell promised the Doran courts and the electoral "
          "commission would not delay aid to Kalmora after three days of rain.")
FLOOD_AGAIN = ("Governor Idris Halvani said 41 people died when the River Oste flooded Kalmora province after "
               "three days of rain; rescue teams reached the villages the Oste had cut off around Kalmora.")


# the flood's aftermath, told with too little of the first report to join it at once
AFTERMATH = ("Boats carried tents and medicine up the Oste to families who fled the floods; doctors warned of "
             "cholera in the camps. Schools stayed closed, roads were washed away and the harvest was lost, farmers "
             "and teachers said. Engineers began inspecting bridges and power lines as traders counted their losses.")
# later reports of the flood that tell of the camps too
CAMPS = ("Aid workers in Kalmora province handed out tents and clean water to families who fled the River Oste "
         "floods, which killed 41 people, governor Idris Halvani said, warning of cholera in the camps.")
BOATS = ("Governor Idris Halvani said boats and medicine had reached the camps around Kalmora where families "
         "displaced by the River Oste floods live in tents; 41 people died when the Oste burst its banks.")
# another flood: its own river, province, governor and toll
VESSA = ("Floods on the River Vessa killed 12 people in Doran province, governor Mira Castell said, as boats "
         "searched villages cut off by the water. Castell said the Vessa burst its banks after two days of rain.")


def fillers(n: int) -> list[Article]:
    """Unrelated short reports, so that document frequencies mean something."""
    rng = random.Random(3)
    syllables = ["ka", "ri", "to", "mel", "an", "dor", "vi", "sa", "lun", "bre", "gor", "te", "ish", "pal", "nor", "ux", "zan", "qui", "fey", "rot"]
    topics = ["bridge", "museum", "factory", "school", "harbour", "railway", "hospital", "stadium"]
    out = []
    for k in range(n):
        who, town = ("".join(rng.choice(syllables) for _ in range(3)).capitalize() for _ in range(2))
        thing = topics[k % len(topics)]
        out.append(Article(f"f{k}", 0, f"Mayor {who} opened the new {thing} in {town} on Tuesday, saying the "
                           f"{thing} had cost {rng.randint(2, 90)} million. {who} said {town} had waited years."))
    return out


def place(articles: list[Article], dates: dict[str, str] | None = None) -> dict[str, str | None]:
    index = StoryIndex()
    for a in articles:
        index.place(a, fingerprint(a.text), parse_day((dates or {}).get(a.id)))
    return {a.id: a.story for a in articles}


def test_one_bridging_article_cannot_chain_two_stories():
    stories = place(fillers(12) + [Article("flood", 0, FLOOD), Article("bridge", 0, BRIDGE),
                                   Article("vote", 0, VOTE), Article("again", 0, FLOOD_AGAIN)])
    assert stories["bridge#0"] == "flood#0"  # it tells of the flood too
    assert stories["vote#0"] == "vote#0"  # like the bridge, but not like what the flood story is about
    assert stories["again#0"] == "flood#0"


def test_a_story_is_ruled_out_far_from_its_own_days():
    aid = ("Aid reached Kalmora province, where the River Oste floods killed 41 people; governor Idris Halvani "
           "thanked the rescue teams in the villages the Oste had cut off.")
    later = ("Rescue teams searched Kalmora province after the River Oste flooded its villages, governor Idris "
             "Halvani said; 41 people were killed after three days of rain.")
    arts = [Article("a", 0, FLOOD), Article("b", 0, FLOOD_AGAIN), Article("c", 0, aid), Article("d", 0, later)]
    dates = {"a#0": "2024-03-02", "b#0": "2024-03-12", "c#0": "2024-03-25", "d#0": "2024-09-04"}
    stories = place(fillers(12) + arts, dates)
    assert not any(a.duplicate_of for a in arts)  # rewrites, not copies: the story decides
    assert stories["b#0"] == stories["c#0"] == "a#0"  # 23 days after the first, 13 after the story's last
    assert stories["d#0"] == "d#0"  # the same facts half a year later: another flood
    assert place(fillers(12) + [Article("a", 0, FLOOD), Article("d", 0, later)])["d#0"] == "a#0"  # undated: one


def test_a_straggler_joins_its_story_once_the_story_has_grown():
    """A follow-up too unlike the first report to join it starts a story of its own; reports of
    the flood that tell of the camps too grow the flood's story after it, and once the story is
    like it, the report that grew it gives the straggler its second chance and it joins (the
    article keeps the story it was placed in; the sketch of the report names the move, for the
    store). Another flood placed before them stays apart."""
    index = StoryIndex()
    arts = fillers(6) + [Article("flood", 0, FLOOD), Article("aftermath", 0, AFTERMATH), Article("vessa", 0, VESSA),
                         Article("camps", 0, CAMPS), Article("boats", 0, BOATS)]
    for a in arts:
        index.place(a, fingerprint(a.text), None)
    stories = {a.id: a.story for a in arts}
    assert stories["aftermath#0"] == "aftermath#0" and stories["vessa#0"] == "vessa#0"
    assert stories["camps#0"] == stories["boats#0"] == "flood#0"
    moves = [(a.id, a.sketch.rejoined) for a in arts if a.sketch.rejoined]
    assert moves == [("boats#0", [("aftermath#0", "flood#0")])]
    assert {m.article for m in index.members.values() if m.story == "flood#0"} == {
        "flood#0", "aftermath#0", "camps#0", "boats#0"}
    assert "aftermath#0" not in index.stories and index.dedup.entries["aftermath#0"].story == "flood#0"


def test_the_story_that_asks_is_a_straggler_s_candidate_whatever_its_own_neighbours():
    """The report that grows the flood's story finds the straggler among its nearest members, but
    the straggler's strongest features need not find that report (postings are capped): the story
    that asked is still among those it may join."""
    index = StoryIndex()
    arts = fillers(6) + [Article("flood", 0, FLOOD), Article("aftermath", 0, AFTERMATH), Article("camps", 0, CAMPS)]
    for a in arts:
        index.place(a, fingerprint(a.text), None)
    index.pull = lambda story, shortlist: []  # the boats report asks nothing by itself here
    index.place(Article("boats", 0, BOATS), fingerprint(BOATS), None)
    seq = {m.article: k for k, m in index.members.items()}
    index.postings.clear()  # the straggler's own neighbours: none found
    assert index.alone(seq["aftermath#0"])
    assert index.rejoin(seq["aftermath#0"], seq["boats#0"]) == ("aftermath#0", "flood#0")


def test_a_straggler_before_its_story_joins_it_however_short_the_run():
    """The aftermath comes before the first report of its flood, which does not join it; the
    flood's story grows from the reports after, and the straggler joins it as it grows, with no
    article after the last one needed (a second chance at a fixed age came too late at the end of
    a run). Another flood after them stays apart."""
    arts = fillers(6) + [Article("aftermath", 0, AFTERMATH), Article("flood", 0, FLOOD), Article("camps", 0, CAMPS),
                         Article("boats", 0, BOATS), Article("vessa", 0, VESSA)]
    stories = place(arts)
    moved = dict(move for a in arts for move in a.sketch.rejoined)
    assert stories["flood#0"] == stories["camps#0"] == stories["boats#0"] == "flood#0"
    assert moved == {"aftermath#0": "flood#0"} and stories["vessa#0"] == "vessa#0"


def test_a_story_forgets_a_member_exactly():
    """Taking a member out leaves the profile a story built from the others would have."""
    index = StoryIndex()
    arts = fillers(6) + [Article("a", 0, FLOOD), Article("b", 0, FLOOD_AGAIN)]
    for a in arts:
        index.place(a, fingerprint(a.text), None)
    members = [m for m in index.members.values() if m.story == "a#0"]
    assert len(members) == 2
    grown = Story("a#0")
    for m in members:
        grown.add(m)
    grown.add(members[0], -1)
    alone = Story("a#0")
    alone.add(members[1])
    one, two = grown.profile(index.cfg, index.channel_of), alone.profile(index.cfg, index.channel_of)
    assert grown.n == 1 and (one.ids == two.ids).all() and (abs(one.weights - two.weights) < 1e-9).all()
    assert (one.salient == two.salient).all() and one.year == two.year


def test_a_member_keeps_words_beside_its_names():
    """Each channel keeps its own strongest features: a budget over all kinds at once kept names
    and numbers and hardly a word (words weigh less), so two reports sharing many words scored
    no word agreement at all."""
    index = StoryIndex()
    for a in fillers(12):
        index.place(a, fingerprint(a.text), None)
    syllables = ["ka", "ri", "to", "mel", "an", "dor", "vi", "sa", "lun", "bre"]
    names = " ".join(f"Mayor {a.capitalize()}{b} met Governor {b.capitalize()}{a}." for a in syllables for b in syllables)
    flood = Article("x", 0, FLOOD + " " + names)
    index.place(flood, fingerprint(flood.text), None)
    member = next(reversed(index.members.values()))
    words = member.ids[(member.ids & 7) == KIND_CODE["word"]]
    assert len(member.ids) - len(words) >= 64 and len(words) >= 15  # "floods", "rescue", "villages", "banks", ...


@needs_shared
def test_duc2004_dev_stories():
    """DUC 2004's TDT stories in one run (file order); bench/stories.py reports the halves."""
    b = bench("stories")
    records = b.load("duc2004_dev.jsonl")
    p, _, f1 = b.bcubed(b.cluster(records), [x["story"] for x in records])
    assert p >= 0.90 and f1 >= 0.78  # P 0.951, F1 0.921; the blind half, mean of 5 orders: P 0.988, F1 0.874
