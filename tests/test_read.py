"""Readers: every input type becomes documents; every bad input one clear error."""

from __future__ import annotations

import gzip
import io
import json
import subprocess
import sys

import pytest

from casus.model import Document, ReadError, content_hash
from casus.read import read_paths
from conftest import SEEDS, needs_shared

BODY = ("Government forces shelled the town of Kadugli on Tuesday, killing at least six civilians, "
        "local officials said. The army denied targeting residential areas.\n\n"
        "Aid groups said more than 2,000 families had fled toward the border since the weekend.")

PAGE = f"""<!doctype html><html><head><title>Shelling kills six in Kadugli - Example News</title>
<meta property="article:published_time" content="2024-05-14T09:00:00Z">
<meta property="og:url" content="https://news.example.org/kadugli-shelling"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Shelling kills six in Kadugli</h1>
{''.join(f'<p>{p} Paragraph {i} adds detail on the fighting and the displaced families.</p>' for i, p in enumerate(BODY.split(chr(10)*2) * 3))}
</article><footer>Copyright 2024 Example News</footer></body></html>"""


def items(*paths):
    return list(read_paths([str(p) for p in paths]))


def only_doc(found) -> Document:
    assert len(found) == 1 and isinstance(found[0], Document), found
    return found[0]


def only_error(found) -> ReadError:
    assert len(found) == 1 and isinstance(found[0], ReadError), found
    return found[0]


@needs_shared
def test_seed_txt_reads_with_hash_identity():
    doc = only_doc(items(SEEDS / "001_0506f3965bec6558.txt"))
    assert doc.id == "001_0506f3965bec6558.txt" and doc.format == "txt"
    assert "Hossein Taeb" in doc.text and "’" in doc.text  # UTF-8 curly quotes intact
    assert doc.hash == content_hash(doc.text) and len(doc.hash) == 64


def test_txt_in_legacy_encoding_is_detected(tmp_path):
    text = ("Le ministre a déclaré mardi que l'armée française se retirerait de la base d'ici à l'été, "
            "selon un communiqué publié à Paris. « Nous ne céderons pas », a-t-il ajouté.")
    (tmp_path / "fr.txt").write_bytes(text.encode("cp1252"))
    doc = only_doc(items(tmp_path / "fr.txt"))
    assert "déclaré" in doc.text and "« Nous ne céderons pas »" in doc.text


def test_crlf_and_bom_are_normalised(tmp_path):
    (tmp_path / "w.txt").write_bytes(b"\xef\xbb\xbfFirst line.\r\nSecond line.\r\n")
    doc = only_doc(items(tmp_path / "w.txt"))
    assert doc.text == "First line.\nSecond line.\n"


def test_html_main_text_title_date_url(tmp_path):
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    doc = only_doc(items(tmp_path / "page.html"))
    assert doc.format == "html" and doc.title == "Shelling kills six in Kadugli"
    assert doc.date == "2024-05-14" and doc.url == "https://news.example.org/kadugli-shelling"
    assert "killing at least six civilians" in doc.text
    assert "Copyright" not in doc.text and "Home" not in doc.text


def test_json_and_jsonl_records(tmp_path):
    (tmp_path / "one.json").write_text(json.dumps({"id": "a1", "text": BODY, "title": "T", "date": "2024-05-14"}))
    (tmp_path / "many.json").write_text(json.dumps([{"text": BODY}, {"id": 7, "text": BODY + " More."}]))
    lines = [{"id": "x", "text": BODY, "url": "https://e.org/x"}, {"text": BODY + " Another."}]
    (tmp_path / "w.jsonl").write_text("\n".join(json.dumps(r) for r in lines) + "\n")
    found = items(tmp_path / "one.json", tmp_path / "many.json", tmp_path / "w.jsonl")
    assert all(isinstance(x, Document) for x in found)
    assert [d.id for d in found] == ["a1", "many.json:0", "7", "x", "w.jsonl:2"]
    assert found[0].title == "T" and found[0].date == "2024-05-14"
    assert found[3].url == "https://e.org/x" and found[3].line == 1 and found[4].line == 2


def test_jsonl_record_may_carry_html(tmp_path):
    (tmp_path / "h.jsonl").write_text(json.dumps({"id": "p", "html": PAGE}) + "\n")
    doc = only_doc(items(tmp_path / "h.jsonl"))
    assert doc.title == "Shelling kills six in Kadugli" and "2,000 families" in doc.text


def warc_bytes(records: list[tuple[str, str, bytes]]) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for url, ctype, payload in records:
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        writer.write_record(writer.create_warc_record(url, "response", payload=io.BytesIO(payload),
                                                      http_headers=headers))
    return buf.getvalue()


def test_warc_html_responses(tmp_path):
    data = warc_bytes([("https://news.example.org/a", "text/html; charset=utf-8", PAGE.encode()),
                       ("https://news.example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n...")])
    (tmp_path / "crawl.warc.gz").write_bytes(data)
    doc = only_doc(items(tmp_path / "crawl.warc.gz"))
    assert doc.format == "warc" and doc.id == doc.url == "https://news.example.org/a"
    assert "killing at least six civilians" in doc.text


def test_directory_is_recursive_sorted_and_reports_unknown_types(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "2.txt").write_text(BODY + " Two.")
    (tmp_path / "1.txt").write_text(BODY + " One.")
    (tmp_path / "notes.md").write_text("# not an input")
    (tmp_path / ".hidden.txt").write_text(BODY)
    found = items(tmp_path)
    assert [d.id for d in found if isinstance(d, Document)] == ["1.txt", "b/2.txt"]
    (unknown,) = [e for e in found if isinstance(e, ReadError)]
    assert unknown.source.endswith("notes.md") and "unknown file type '.md'" in unknown.reason


def test_stdin_text_and_jsonl():
    code = "import sys; from casus.read import read_paths; print([d.id for d in read_paths(['-'])])"
    run = lambda data: subprocess.run([sys.executable, "-c", code], input=data, capture_output=True, check=True)  # noqa: E731
    assert run(BODY.encode()).stdout.strip() == b"['stdin']"
    jl = (json.dumps({"id": "s1", "text": BODY}) + "\n" + json.dumps({"id": "s2", "text": "Two."}) + "\n").encode()
    assert run(jl).stdout.strip() == b"['s1', 's2']"


# -- bad input: one clear error each, and the rest of the batch goes on -------------------------

@pytest.mark.parametrize("name,content,reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n ", "empty file"),
    ("binary.txt", bytes(range(256)) * 40, "binary file"),
    ("undecodable.txt", b"\xff\xfe\xfa\x80\x81" * 3, "undecodable"),
    ("nomain.html", b"<html><head><title>x</title></head><body><nav>Home</nav></body></html>", "no main text"),
    ("broken.json", b'{"id": 1, "text": ', "malformed JSON"),
    ("notext.json", b'{"id": 1, "body": "x"}', 'no "text" field'),
    ("bad.warc", b"this is not a warc file at all\n" * 20, "WARC"),
])
def test_bad_file_gives_one_clear_error(tmp_path, name, content, reason):
    (tmp_path / name).write_bytes(content)
    e = only_error(items(tmp_path / name))
    assert reason in e.reason and e.source.endswith(name)
    assert str(e).startswith(str(tmp_path / name))


def test_malformed_json_lines_name_their_line_and_the_rest_goes_on(tmp_path):
    good = json.dumps({"id": "ok1", "text": BODY})
    (tmp_path / "mixed.jsonl").write_text(f'{good}\n{{"id": "bad", "text": \n[1, 2]\n{json.dumps({"id": "ok2", "text": BODY + "!"})}\n')
    found = items(tmp_path / "mixed.jsonl")
    assert [type(x).__name__ for x in found] == ["Document", "ReadError", "ReadError", "Document"]
    assert found[1].line == 2 and "malformed JSON line" in found[1].reason
    assert found[2].line == 3 and "not an object" in found[2].reason
    assert str(found[1]) .startswith(f"{tmp_path / 'mixed.jsonl'}:2: ")


def test_huge_single_line_file_is_refused_without_stopping(tmp_path):
    big = tmp_path / "huge.txt"
    with open(big, "wb") as fh:
        fh.write(b"word " * (10 * 1024 * 1024 + 1))  # ~50 MB on one line
    (tmp_path / "small.txt").write_text(BODY)
    found = items(tmp_path)
    assert isinstance(found[0], ReadError) and "too large" in found[0].reason
    assert isinstance(found[1], Document) and found[1].id == "small.txt"


def test_huge_jsonl_line_is_refused_and_next_line_read(tmp_path):
    with open(tmp_path / "big.jsonl", "w") as fh:
        fh.write(json.dumps({"id": "big", "text": "x " * (6 * 1024 * 1024)}) + "\n")
        fh.write(json.dumps({"id": "after", "text": BODY}) + "\n")
    found = items(tmp_path / "big.jsonl")
    assert isinstance(found[0], ReadError) and found[0].line == 1 and "too large" in found[0].reason
    assert isinstance(found[1], Document) and found[1].id == "after"


def test_unreadable_and_missing_paths(tmp_path):
    missing = only_error(items(tmp_path / "nope.txt"))
    assert "cannot read" in missing.reason and "No such file" in missing.reason
    # inside a directory, an unreadable entry (here a dangling link; mode 000 is readable to root)
    # is reported and its neighbours are still read
    (tmp_path / "dir").mkdir()
    (tmp_path / "dir" / "a.txt").symlink_to(tmp_path / "gone.txt")
    (tmp_path / "dir" / "b.txt").write_text(BODY)
    found = items(tmp_path / "dir")
    assert isinstance(found[0], ReadError) and "cannot read" in found[0].reason
    assert isinstance(found[1], Document) and found[1].id == "b.txt"


def test_truncated_warc_is_reported(tmp_path):
    data = warc_bytes([("https://news.example.org/a", "text/html", PAGE.encode())])
    (tmp_path / "cut.warc.gz").write_bytes(data[: len(data) // 2])
    e = [x for x in items(tmp_path / "cut.warc.gz") if isinstance(x, ReadError)]
    # warcio reads a cut record without complaint; what is left of it is no article
    assert e and (e[0].line == 1 or "truncated" in e[0].reason)


def test_gzip_helper_roundtrip_sanity():
    # guards the test helper itself: a WARC we write must be a gzip stream
    assert gzip.decompress(warc_bytes([("u", "text/html", b"<p>x</p>")]))[:8] == b"WARC/1.0"
