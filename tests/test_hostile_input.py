"""Hostile and broken input: each bad input is one line naming the file and the reason, and the
rest of the batch goes on. Every input here is written by the test (nothing from ../shared)."""

from __future__ import annotations

import gzip
import io
import json
import os
import re
import subprocess
import sys
import threading
import time

import duckdb
import pytest

from casus.api import ingest
from casus.clean import Clean
from casus.model import MAX_CHARS, Document, ReadError, Skipped
from casus.pipeline import Options
from casus.read import read_paths

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CASUS = [sys.executable, "-c", "from casus.cli import app; app()"]
TEXT = ("Government forces shelled the town of Kadugli on Tuesday, killing at least six civilians, "
        "local officials said. The army denied targeting residential areas.")
PAGE = ("<html><head><title>Shelling in Kadugli</title></head><body><article>"
        + "".join(f"<p>{TEXT} Paragraph {i} adds detail on the displaced families.</p>" for i in range(6))
        + "</article></body></html>")


def items(*paths) -> list:
    return list(read_paths([os.fsdecode(p) if isinstance(p, bytes) else str(p) for p in paths]))


def warc(records: list[tuple[str | None, bytes]], compress: bool = True) -> bytes:
    """A WARC file of HTML responses; a None URL writes a record without WARC-Target-URI."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    for url, payload in records:
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1")
        rec = writer.create_warc_record(url or "https://placeholder.example/", "response",
                                        payload=io.BytesIO(payload), http_headers=http)
        if url is None:
            rec.rec_headers.remove_header("WARC-Target-URI")
        writer.write_record(rec)
    return buf.getvalue()


def page(n: int) -> bytes:
    return PAGE.replace("Paragraph", f"Report {n}, paragraph").encode()


# -- 1. bad input never aborts the batch -----------------------------------------------------------

def test_deeply_nested_json_line_is_one_error_and_the_next_line_is_read(tmp_path):
    f = tmp_path / "deep.jsonl"
    f.write_text("[" * 100_000 + "\n" + json.dumps({"id": "ok", "text": TEXT}) + "\n")
    found = items(f)
    assert [type(x) for x in found] == [ReadError, Document]
    assert found[0].line == 1 and "nested too deeply" in found[0].reason and found[1].id == "ok"
    (tmp_path / "deep.json").write_text("[" * 100_000)
    assert "nested too deeply" in items(tmp_path / "deep.json")[0].reason


def test_warc_record_without_target_uri_is_read(tmp_path):
    (tmp_path / "c.warc.gz").write_bytes(warc([(None, page(1)), ("https://news.example.org/2", page(2))]))
    found = items(tmp_path / "c.warc.gz")
    assert [type(x) for x in found] == [Document, Document]
    assert found[0].id == "c.warc.gz:1" and found[0].url is None and found[1].id == "https://news.example.org/2"


def test_non_utf8_file_name_gives_valid_text_everywhere(tmp_path):
    name = os.fsencode(tmp_path) + b"/bad\xff\xfename.txt"
    with open(name, "wb") as fh:
        fh.write(TEXT.encode())
    (doc,) = items(tmp_path)
    assert doc.id == "bad\\xff\\xfename.txt" and "\\xff" in doc.source
    doc.id.encode("utf-8"), doc.source.encode("utf-8")  # strict: no surrogates left
    # extract writes valid UTF-8 only, ids included
    run = subprocess.run([*CASUS, "extract", str(tmp_path), "--stage", "clean"], capture_output=True, timeout=120)
    assert run.returncode == 0, run.stderr[-2000:]
    line = json.loads(run.stdout.decode("utf-8"))  # raises on invalid UTF-8
    assert line["id"] == "bad\\xff\\xfename.txt"


def test_json_string_with_lone_surrogate_is_valid_text(tmp_path):
    (tmp_path / "s.jsonl").write_text('{"id": "x\\udcff", "text": "Troops \\ud800 crossed the river at dawn."}\n')
    (doc,) = items(tmp_path / "s.jsonl")
    doc.id.encode("utf-8"), doc.text.encode("utf-8")


def test_one_bad_input_of_each_kind_never_aborts_an_ingest(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_deep.jsonl").write_text("[" * 100_000 + "\n" + json.dumps({"id": "jl", "text": TEXT}) + "\n")
    (src / "b_nouri.warc.gz").write_bytes(warc([(None, page(3))]))
    with open(os.fsencode(src) + b"/c_\xff.txt", "wb") as fh:
        fh.write(TEXT.replace("Tuesday", "Friday").encode())
    whole = gzip.compress(TEXT.encode() * 50)
    (src / "d_cut.txt.gz").write_bytes(whole[:len(whole) // 2])
    (src / "e_notes.pdf").write_bytes(b"%PDF-1.4")
    (src / "f_good.txt").write_text(TEXT.replace("Tuesday", "Sunday"))
    db = tmp_path / "s.duckdb"
    said = []
    report = ingest([src], db, Options(stop="clean"), on_item=lambda x: said.append(x))
    assert report.new == 4  # jl, the WARC record, c_\xff.txt, f_good.txt
    reasons = sorted(str(e) for e in report.errors)
    assert len(reasons) == 2 and all("\n" not in r for r in reasons)
    assert "a_deep.jsonl:1: malformed JSON line: nested too deeply" in reasons[0]
    assert "d_cut.txt.gz: gzip file is truncated or corrupt" in reasons[1]
    (skipped,) = [x for x in said if isinstance(x, Skipped)]  # said, but no error: a README is no fault
    assert "e_notes.pdf: not read: unknown file type '.pdf'" in str(skipped)
    with duckdb.connect(str(db), read_only=True) as con:
        ids = {r[0] for r in con.execute("SELECT id FROM documents").fetchall()}
        assert ids == {"jl", "b_nouri.warc.gz:1", "c_\\xff.txt", "f_good.txt"}
        assert con.execute("SELECT count(*) FROM errors").fetchone()[0] == 2


# -- 3. only regular files; truncations and unknown types said --------------------------------------

def test_fifo_in_a_folder_is_reported_and_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "real.txt").write_text(TEXT)
    result: list = []
    reader = threading.Thread(target=lambda: result.extend(items(tmp_path)), daemon=True)
    reader.start()
    reader.join(20)
    assert not reader.is_alive(), "reading a folder with a FIFO in it hangs"
    assert [type(x) for x in result] == [ReadError, Document]
    assert "not a regular file" in result[0].reason and result[0].source.endswith("pipe.txt")


@pytest.mark.parametrize("record,where", [(0, 0.01), (2, 0.6), (4, 0.9)])
def test_truncated_warc_gz_stores_whole_records_only_and_says_so(tmp_path, record, where):
    data = warc([(f"https://news.example.org/{i}", page(i)) for i in range(5)])
    members = [m.start() for m in re.finditer(b"\x1f\x8b\x08", data)] + [len(data)]  # one gzip member a record
    assert len(members) == 6
    start, end = members[record], members[record + 1]
    (tmp_path / "cut.warc.gz").write_bytes(data[:start + max(1, int((end - start) * where))])
    found = items(tmp_path / "cut.warc.gz")
    docs = [x for x in found if isinstance(x, Document)]
    assert isinstance(found[-1], ReadError) and "truncated" in found[-1].reason
    assert [d.id for d in docs] == [f"https://news.example.org/{i}" for i in range(record)]  # none in part


def test_truncated_plain_warc_record_is_not_stored_in_part(tmp_path):
    data = warc([(f"https://news.example.org/{i}", page(i)) for i in range(3)], compress=False)
    (tmp_path / "cut.warc").write_bytes(data[:len(data) - 300])
    found = items(tmp_path / "cut.warc")
    assert [type(x) for x in found] == [Document, Document, ReadError]
    assert "record 3 is cut short" in found[-1].reason


def test_gzipped_inputs_are_read_and_a_truncated_one_said(tmp_path):
    (tmp_path / "a.txt.gz").write_bytes(gzip.compress(TEXT.encode()))
    (tmp_path / "b.jsonl.gz").write_bytes(gzip.compress((json.dumps({"id": "j", "text": TEXT + " More."}) + "\n").encode()))
    whole = gzip.compress("".join(json.dumps({"id": f"k{i}", "text": f"{TEXT} {i}."}) + "\n" for i in range(400)).encode())
    (tmp_path / "c.jsonl.gz").write_bytes(whole[:len(whole) // 2])
    found = items(tmp_path)
    assert [d.id for d in found[:2]] == ["a.txt.gz", "j"]
    assert isinstance(found[-1], ReadError) and "truncated" in found[-1].reason
    assert all(isinstance(d, Document) and d.text.startswith(TEXT) for d in found[2:-1])


# -- 4. encodings and invisible characters ---------------------------------------------------------

@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_forms_with_and_without_bom_are_read(tmp_path, codec):
    text = TEXT + " Le ministre a déclaré « non »."
    (tmp_path / "u.txt").write_bytes(text.encode(codec))
    (doc,) = items(tmp_path / "u.txt")
    assert doc.text == text


def test_utf16_html_is_read(tmp_path):
    (tmp_path / "p.html").write_bytes(PAGE.encode("utf-16"))
    (doc,) = items(tmp_path / "p.html")
    assert isinstance(doc, Document) and "Kadugli" in doc.text


def test_invalid_utf8_bytes_are_not_decoded_as_a_legacy_code_page(tmp_path):
    text = "“Ceasefire talks in Doha,” the minister said on Tuesday — officials in Gaza agreed. " * 3
    (tmp_path / "d.txt").write_bytes(text.encode() + b"\xff\xfe broken bytes \x81 here.")
    (doc,) = items(tmp_path / "d.txt")
    assert doc.text.startswith(text) and doc.text.count("\ufffd") == 3  # UTF-8, damage marked


def test_soft_hyphens_and_zero_width_characters_are_dropped_when_read(tmp_path):
    text = "Fighting in Khar\u00adtoum: the\u200b army shel\u200bled the\u2060 town, offi\u200dcials said.\ufeff"
    (tmp_path / "z.txt").write_text(text)
    (doc,) = items(tmp_path / "z.txt")
    assert doc.text == "Fighting in Khartoum: the army shelled the town, officials said."
    (tmp_path / "fa.txt").write_text("گفت\u200cوگو در تهران")  # a joiner inside Persian words stays
    assert "\u200c" in items(tmp_path / "fa.txt")[0].text


# -- 5. limits: one size, enforced before any stage ---------------------------------------------------

def test_document_over_the_size_limit_is_one_error_and_the_batch_goes_on(tmp_path):
    big = "Troops crossed the river at dawn and shelled the town. " * (MAX_CHARS // 50)
    lines = [{"id": "big", "text": big}, {"id": "after", "text": TEXT}]
    (tmp_path / "b.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines))
    found = items(tmp_path / "b.jsonl")
    assert isinstance(found[0], ReadError) and "too long for one document" in found[0].reason
    assert f"limit {MAX_CHARS:,}" in found[0].reason and found[1].id == "after"


def test_document_of_too_many_lines_is_one_error_and_the_batch_goes_on(tmp_path):
    from casus.model import MAX_LINES
    many = "Shelling.\n" * (MAX_LINES + 1)  # short lines: under the size limit
    lines = [{"id": "many", "text": many}, {"id": "after", "text": TEXT}]
    (tmp_path / "m.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines))
    found = items(tmp_path / "m.jsonl")
    assert isinstance(found[0], ReadError) and f"limit {MAX_LINES:,}" in found[0].reason
    assert found[1].id == "after"


def test_spacy_max_length_is_the_document_limit():
    from casus.analyse import spacy_pipeline

    assert spacy_pipeline().max_length == MAX_CHARS


def test_deep_html_nesting_is_explained(tmp_path):
    depth = 400
    (tmp_path / "deep.html").write_text("<html><body>" + "<div>" * depth + f"<p>{TEXT}</p>" * 3
                                        + "</div>" * depth + "</body></html>")
    (e,) = items(tmp_path / "deep.html")
    assert isinstance(e, ReadError) and "nested" in e.reason and "deep" in e.reason


# -- 2. cleaning is linear in repeated lines ------------------------------------------------------

def test_two_hundred_thousand_copies_of_one_line_clean_in_seconds():
    """Quadratic before: 5,000 copies took 3.8 s and 20,000 took 38 s."""
    doc = Document(id="rep", text="The army shelled the town on Monday.\n" * 200_000, source="x", format="txt")
    t0 = time.perf_counter()
    Clean()([doc])
    took = time.perf_counter() - t0
    assert len(doc.articles) == 1 and len(doc.removed) == 199_999
    assert took < 30, f"{took:.1f} s"


def test_a_document_over_the_time_budget_is_one_error_and_the_batch_goes_on(monkeypatch):
    from collections import Counter

    from casus import pipeline
    from casus.model import Document

    class Slow:  # a per-article component that hangs on one document
        name = stage = "slow"
        parallel = True

        def __call__(self, docs):
            for d in docs:
                if "hang" in d.text:
                    time.sleep(30)

    monkeypatch.setattr(pipeline, "BUDGET", 0.2)
    docs = [Document(id=i, text=t, source=i, format="txt") for i, t in (("a", "fine"), ("b", "hang"), ("c", "fine"))]
    t0 = time.perf_counter()
    out = pipeline.apply([Slow()], docs, Counter())
    assert time.perf_counter() - t0 < 5
    assert [type(d).__name__ for d in out] == ["Document", "ReadError", "Document"]
    assert "slow stage failed: OverBudget: over the time budget" in out[1].reason


def test_a_document_of_too_many_articles_is_one_error_and_the_batch_goes_on(monkeypatch):
    from collections import Counter

    from casus import pipeline
    from casus.model import Article, Document

    class Split:  # a clean stage that finds an article in every line
        name = stage = "clean"
        parallel = False

        def __call__(self, docs):
            for d in docs:
                d.articles = [Article(f"{d.id}#{k}", k, line) for k, line in enumerate(d.text.splitlines())]

    monkeypatch.setattr(pipeline, "MAX_ARTICLES", 3)
    docs = [Document(id=i, text=t, source=i, format="txt") for i, t in (("a", "one\ntwo"), ("b", "1\n2\n3\n4"))]
    out = pipeline.apply([Split()], docs, Counter())
    assert isinstance(out[0], Document) and len(out[0].articles) == 2
    assert "too many articles for one document: 4 (limit 3)" in out[1].reason
