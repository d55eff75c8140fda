"""Property-based tests (hypothesis) over the readers, the clean stage and the `extract` contract
at the clean stage: whatever the bytes or text, no crash, no hang, and output always valid —
documents or one-line errors, text that is storable Unicode within the size limit, offsets
inside the text. Longer, coverage-guided runs: `make fuzz` (scripts/fuzz.py)."""

from __future__ import annotations

import gzip
import io
import json
from datetime import date

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from casus.api import extract
from casus.clean import clean_document
from casus.model import MAX_CHARS, Document, ReadError
from casus.pipeline import Options
from casus.read import INVISIBLE, read_paths

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
EXTENSIONS = [".txt", ".html", ".json", ".jsonl", ".warc", ".txt.gz", ".jsonl.gz", ".warc.gz", ".pdf"]
# pieces real pages are made of, so that examples reach the interesting paths of the clean stage
PIECES = ["The Valley Courier", "Subscribe now!", "Photo: Reuters", "TT", "20", "", "Related posts:",
          "BAGHDAD, March 3 (Reuters) - Rockets hit the airport, officials said.",
          "Militia fighters attacked a checkpoint near Mosul on Tuesday, police said.",
          "Shelling kills six in Kadugli", "A caption of the scene (AFP)", "Views: 0", "\u00ad\u200b", "“Quote,” he said."]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=80)), max_size=40).map("\n".join)
payloads = st.one_of(st.binary(max_size=3000), texts.map(lambda t: t.encode("utf-8")),
                     texts.map(lambda t: t.encode("utf-16")),
                     texts.map(lambda t: json.dumps({"id": t[:20], "text": t}).encode()),
                     st.integers(1, 3000).map(lambda n: b"[" * n + b"\n"))


def valid(item) -> None:
    assert isinstance(item, (Document, ReadError))
    if isinstance(item, ReadError):
        assert "\n" not in str(item) and str(item).encode("utf-8")
        return
    item.id.encode("utf-8"), item.text.encode("utf-8"), item.source.encode("utf-8")
    assert item.text.strip() and len(item.text) <= MAX_CHARS
    assert not set(item.text) & {chr(c) for c in INVISIBLE}


@FAST
@given(data=payloads, ext=st.sampled_from(EXTENSIONS), compress=st.booleans())
def test_readers_never_crash_and_give_valid_items(tmp_path_factory, data, ext, compress):
    folder = tmp_path_factory.mktemp("in")
    if ext.endswith(".gz"):
        data = gzip.compress(data)
        if compress:  # a cut stream
            data = data[:len(data) // 2]
    (folder / f"f{ext}").write_bytes(data)
    found = list(read_paths([folder]))
    assert found
    for item in found:
        valid(item)


@FAST
@given(text=texts, title=st.one_of(st.none(), st.sampled_from(PIECES)))
def test_clean_never_crashes_and_articles_index_the_text(text, title):
    if not text.strip():
        return
    doc = Document(id="d", text=text, source="s", format="txt", title=title)
    for a in clean_document(doc):
        assert a.text.strip() and 0 <= a.start <= a.end <= len(text)
    for r in doc.removed:
        assert text[r["start"]:r["end"]] == r["text"]


@FAST
@given(records=st.lists(st.tuples(st.one_of(st.text(max_size=10), st.integers()), texts), min_size=1, max_size=6))
def test_extract_at_the_clean_stage_keeps_the_contract(tmp_path_factory, records):
    f = tmp_path_factory.mktemp("x") / "in.jsonl"
    f.write_text("".join(json.dumps({"id": i, "text": t}) + "\n" for i, t in records))
    out = list(extract([f], Options(stop="clean")))
    lines = sum(1 for line in io.StringIO(f.read_text()) if line.strip())
    assert len(out) == lines  # one answer per input line, in order
    for item in out:
        valid(item)
        if isinstance(item, Document):
            record = json.loads(json.dumps(item.to_json({"clean"})))
            assert set(record) == {"id", "articles"}
            for a in record["articles"]:
                assert set(a) == {"title", "text", "captions"} and a["text"].strip()


# date expressions and their neighbours, so that examples reach the readers of the time stage
TIME_PIECES = ["on Tuesday", "last week", "June 27", "27/06/2021", "2021-W27", "the 1990s", "early this month",
               "until 2030", "a year earlier", "Friday night", "since October", "31 February", "next Sunday",
               "in 2021", "Q3", "at 5 p.m.", "Nowruz", "the day after", "13:41 GMT", "48 hours"]
time_texts = st.lists(st.one_of(st.sampled_from(TIME_PIECES), st.text(max_size=20)), max_size=12).map(" ".join)
VALUE_CHARS = set("0123456789-:.WTQHXSPUFAIMONEVDYR_")  # TIMEX3: dates, times, durations, refs


@FAST
@given(time_texts, st.dates(), st.sampled_from([-1, 0, 1, None]))
@example("on Tuesday", date(1, 1, 1), -1)  # found by hypothesis: a day before the calendar's first
@example("a year earlier the day after", date(9999, 12, 31), 1)
def test_the_time_resolver_never_crashes_and_values_are_timex3(text, day, direction):
    from casus.time import timex

    for m in timex.find(text):
        assert 0 <= m.start < m.end <= len(text) and text[m.start:m.end] == m.text
        r = timex.resolve_text(m.text, {"value": day.isoformat(), "earliest": day.isoformat(),
                                        "latest": day.isoformat(), "precision": "day"}, direction)
        if r is None:
            continue
        assert r["value"] is None or set(r["value"]) <= VALUE_CHARS, r["value"]
        if r["earliest"] and r["latest"]:
            assert r["earliest"] <= r["latest"]
