"""Coverage-guided fuzzing (atheris) of the readers and the clean stage: `make fuzz`.

    python scripts/fuzz.py --seed CORPUS [FILE_OR_DIR...]   write the seed corpus: the given
        files (e.g. ../shared/seeds) and the pathological inputs of issue 21
    python scripts/fuzz.py CORPUS [libFuzzer options]       fuzz, e.g. -max_total_time=600

An input's first byte picks the reader (text, JSON, JSON Lines, WARC, HTML, gzip); the rest is
the file. Every document read is cleaned. A crash, a hang (-timeout) or an invalid item (not a
Document or a one-line ReadError; text that is no storable Unicode, or over the size limit) is
a finding; the property tests (tests/test_properties.py) check the same in CI, briefly.
"""

from __future__ import annotations

import gzip
import io
import sys
import tempfile
from pathlib import Path

import atheris

with atheris.instrument_imports(include=["casus"]):
    from casus.clean import clean_document
    from casus.model import MAX_CHARS, Document, ReadError
    from casus.read import INVISIBLE, read_file, read_html, read_json, read_jsonl, read_text, read_warc

KINDS = ("txt", "json", "jsonl", "warc", "html", "gz")


def items(kind: str, data: bytes) -> list:
    if kind == "txt":
        return [read_text(data, "fuzz", "fuzz", fmt="txt")]
    if kind == "json":
        return list(read_json(data, "fuzz", "fuzz"))
    if kind == "jsonl":
        return list(read_jsonl(io.BytesIO(data), "fuzz"))
    if kind == "warc":
        return list(read_warc(io.BytesIO(data), "fuzz"))
    if kind == "html":
        return [read_html(data, "fuzz", "fuzz")]
    with tempfile.TemporaryDirectory() as folder:  # a gzip file goes through read_file, which opens it
        path = Path(folder) / "fuzz.jsonl.gz"
        path.write_bytes(data)
        return list(read_file(path))


def check(item: object) -> None:
    assert isinstance(item, (Document, ReadError)), item
    if isinstance(item, ReadError):
        assert "\n" not in str(item), item
        return
    item.id.encode("utf-8"), item.text.encode("utf-8")
    assert len(item.text) <= MAX_CHARS and not set(item.text) & {chr(c) for c in INVISIBLE}
    for article in clean_document(item):
        assert 0 <= article.start <= article.end <= len(item.text)


def one_input(data: bytes) -> None:
    if not data:
        return
    for item in items(KINDS[data[0] % len(KINDS)], data[1:]):
        check(item)


def seed(corpus: Path, given: list[str]) -> None:
    """The seed corpus: given files as text (and as JSON Lines), and the pathological inputs."""
    corpus.mkdir(parents=True, exist_ok=True)
    tag = {kind: bytes([k]) for k, kind in enumerate(KINDS)}
    seeds = {
        "deep-json": tag["jsonl"] + b"[" * 100_000 + b"\n",
        "utf16": tag["txt"] + "Troops crossed the river at dawn, officials said.".encode("utf-16"),
        "bad-utf8": tag["txt"] + "“Talks in Doha,” he said.".encode() + b"\xff\xfe here.",
        "invisible": tag["txt"] + "Khar\u00adtoum: the\u200b army shelled the town.".encode(),
        "deep-html": tag["html"] + b"<div>" * 400 + b"<p>Text of the page, deep inside.</p>" + b"</div>" * 400,
        "repeated": tag["txt"] + b"The army shelled the town on Monday.\n" * 5000,
        "cut-gz": tag["gz"] + gzip.compress(b"Troops crossed the river at dawn. " * 200)[:300],
        "warc-no-uri": tag["warc"] + b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: 60\r\n\r\n"
                                     b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>\r\n\r\n",
    }
    for path in given:
        for f in sorted(Path(path).iterdir()) if Path(path).is_dir() else [Path(path)]:
            if f.is_file():
                seeds[f"given-{f.name}"] = tag["txt"] + f.read_bytes()
    for name, data in seeds.items():
        (corpus / name).write_bytes(data)
    print(f"{len(seeds)} seeds in {corpus}")


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--seed":
        seed(Path(sys.argv[2]), sys.argv[3:])
    else:
        atheris.Setup(sys.argv, one_input)
        atheris.Fuzz()
