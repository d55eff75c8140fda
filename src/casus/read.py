"""Read: files, directories and stdin become `Document`s; bad input becomes `ReadError`s.

Readers are generators so a corpus of any size streams with bounded memory. Each
problem is reported where it happens (file, line, reason) and the rest goes on.
"""

from __future__ import annotations

import codecs
import gzip
import json
import os
import re
import stat
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from casus.model import MAX_CHARS, MAX_LINES, Document, ReadError, Skipped

MAX_BYTES = 10 * 1024 * 1024  # raw bytes of one document (a file, a JSON line, a WARC record), markup included
MAX_HTML_DEPTH = 250  # lxml's HTML parser stops descending at 255 nested elements
TEXT_EXT = {".txt", ".text"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
WARC_EXT = {".warc", ".arc"}
MIN_HTML_WORDS = 8  # fewer words of main text is a menu or a stub, not an article
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSON_EXT | JSONL_EXT | WARC_EXT
# invisible characters that only break words apart for matching: soft hyphen, zero-width space,
# word joiner, zero-width no-break space (a BOM inside the text), Mongolian vowel separator
INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff\u180e"))
# zero-width (non-)joiners matter in Persian, Arabic and emoji, but never beside a Latin letter or digit
JOINER_IN_LATIN = re.compile(r"(?<=[A-Za-z0-9])[\u200c\u200d]+|[\u200c\u200d]+(?=[A-Za-z0-9])")
LONE_SURROGATE = re.compile("[\ud800-\udfff]")  # from a JSON "\\udcff" escape: no character at all
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

Item = Document | ReadError


def extension(path: Path) -> str:
    """The input type a name says, a trailing ".gz" included (".warc.gz", ".jsonl.gz")."""
    name = path.name.lower()
    inner = Path(name.removesuffix(".gz")).suffix
    return inner + ".gz" if name.endswith(".gz") and inner in KNOWN_EXT else Path(name).suffix


def shown(path: str | Path) -> str:
    """A path as valid text: bytes a file name holds that are not UTF-8 are shown as \\xNN
    (they cannot go into the store, stdout or JSON as they are)."""
    return os.fsencode(str(path)).decode("utf-8", "backslashreplace")


def read_paths(paths: Iterable[str | Path], max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Everything under the given paths, in a stable order; "-" is stdin. Whatever goes wrong
    with one input is one ReadError, and the next input is read."""
    for p in paths:
        if str(p) == "-":
            yield from guarded(read_stream(sys.stdin.buffer, "-", max_bytes), "-")
            continue
        path = Path(p)
        if path.is_dir():
            for f in walk(path):
                yield from guarded(read_entry(f, max_bytes, shown(f.relative_to(path).as_posix())), shown(f))
        else:
            yield from guarded(read_file(path, max_bytes), shown(path))


def guarded(items: Iterator[Item], src: str) -> Iterator[Item]:
    """`items`, ending in one ReadError (not an exception) when reading fails unforeseen:
    input is written by strangers, and one bad file must not stop the batch."""
    try:
        yield from items
    except Exception as e:
        yield ReadError(src, "cannot read: " + " ".join(f"{type(e).__name__}: {e}".split())[:300])


def walk(root: Path) -> Iterator[Path]:
    """Every entry under root but directories, sorted, hidden entries skipped; `read_entry`
    reports those that are not input."""
    for dirpath, dirnames, filenames in os.walk(root, onerror=None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            if not name.startswith("."):
                yield Path(dirpath) / name


def read_entry(path: Path, max_bytes: int, doc_id: str) -> Iterator[Item]:
    """A file met in a folder: read when it is a regular file of a known type, else one line
    saying why not (a FIFO would block the run for ever, a device never end)."""
    src = shown(path)
    try:
        mode = os.stat(path).st_mode
    except OSError as e:
        yield ReadError(src, f"cannot read: {e.strerror or e}")
        return
    if not stat.S_ISREG(mode):
        yield ReadError(src, "not read: not a regular file (a FIFO, socket or device)")
    elif extension(path).removesuffix(".gz") not in KNOWN_EXT:
        yield Skipped(src, f"not read: unknown file type {extension(path) or '(no extension)'!r}; "
                           f"known: {', '.join(sorted(KNOWN_EXT))} (and .gz of each)")
    else:
        yield from read_file(path, max_bytes, doc_id)


def read_file(path: Path, max_bytes: int = MAX_BYTES, doc_id: str | None = None) -> Iterator[Item]:
    """One file, gzip-compressed or not; a file named on its own may be a pipe."""
    src = shown(path)
    ext = extension(path).removesuffix(".gz")
    try:
        with (gzip.open if path.name.lower().endswith(".gz") else open)(path, "rb") as fh:
            if ext in JSONL_EXT or ext in WARC_EXT:
                # record streams: size limits apply per record, not per file
                yield from (read_jsonl if ext in JSONL_EXT else read_warc)(fh, src, max_bytes)
                return
            data = fh.read(max_bytes + 1)
    except (EOFError, gzip.BadGzipFile, zlib.error) as e:
        yield ReadError(src, f"gzip file is truncated or corrupt: {e}")
        return
    except OSError as e:
        yield ReadError(src, f"cannot read: {e.strerror or e}")
        return
    if len(data) > max_bytes:
        yield ReadError(src, f"too large for one document: over {max_bytes:,} bytes")
        return
    doc_id = doc_id or shown(path.name)
    if ext in HTML_EXT:
        yield read_html(data, src, doc_id)
    elif ext in JSON_EXT:
        yield from read_json(data, src, doc_id)
    else:
        yield read_text(data, src, doc_id, fmt="txt")


def read_stream(fh: BinaryIO, src: str, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """stdin: JSON Lines if it starts with "{", HTML if with "<", else one text document."""
    head = fh.peek(64)[:64] if hasattr(fh, "peek") else b""
    first = head.lstrip()[:1]
    if first == b"{":
        yield from read_jsonl(fh, src, max_bytes)
        return
    data = fh.read(max_bytes + 1)
    if len(data) > max_bytes:
        yield ReadError(src, f"too large for one document: over {max_bytes:,} bytes")
    elif first == b"<":
        yield read_html(data, src, "stdin")
    else:
        yield read_text(data, src, "stdin", fmt="txt")


def unicode_form(data: bytes) -> str | None:
    """The codec of text in a Unicode form other than UTF-8: by its byte-order mark, or UTF-16
    without one (a NUL beside nearly every character of a Latin script, always on one side)."""
    for bom, codec in BOMS:
        if data.startswith(bom):
            return codec
    sample = data[:8192]
    pairs = len(sample) // 2
    if pairs < 4:
        return None
    even, odd = sample[0:2 * pairs:2].count(0), sample[1:2 * pairs:2].count(0)
    if odd >= 0.3 * pairs and even <= 0.02 * pairs:
        return "utf-16-le"
    if even >= 0.3 * pairs and odd <= 0.02 * pairs:
        return "utf-16-be"
    return None


def decode(data: bytes) -> str | None:
    """Bytes to text, or None when no encoding yields language.

    A byte-order mark or UTF-16's NUL pattern names the codec. Valid UTF-8 is taken as is
    (fast path), and so is UTF-8 with damaged bytes when it holds at least as many valid
    multi-byte sequences as damaged bytes (it is UTF-8, not a legacy code page that happens to
    decode).
    Otherwise charset detection must find an encoding whose text reads as a language; failing
    that, UTF-8 with a handful of damaged bytes is kept with replacement marks; anything else
    is undecodable.
    """
    codec = unicode_form(data)
    if codec:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    damaged = data.decode("utf-8", errors="replace")
    if len(UTF8_SEQUENCE.findall(data)) >= damaged.count("\ufffd"):
        return damaged
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding and best.coherence >= 0.1:
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    if damaged.count("\ufffd") <= max(1, len(damaged) // 200):
        return damaged
    return None


def is_binary(data: bytes) -> bool:
    """NUL bytes or many control characters mean this is not text in any encoding (but UTF-16
    and UTF-32 text is)."""
    if unicode_form(data):
        return False
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control > len(sample) * 0.05


def read_text(data: bytes, src: str, doc_id: str, fmt: str, line: int | None = None, **meta: Any) -> Item:
    if not data.strip():
        return ReadError(src, "empty file", line)
    if is_binary(data):
        return ReadError(src, "binary file, not text", line)
    text = decode(data)
    if text is None:
        return ReadError(src, "undecodable bytes: no text encoding fits", line)
    return make_document(text, src, doc_id, fmt, line, **meta)


def visible(text: str) -> str:
    """Text as every stage should see it: Unix newlines, no invisible characters that split
    a word ("Khar\u00adtoum"), no lone surrogates (which are no text and cannot be stored)."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(INVISIBLE)
    return LONE_SURROGATE.sub("\ufffd", JOINER_IN_LATIN.sub("", text))


def make_document(text: str, src: str, doc_id: str, fmt: str, line: int | None = None, **meta: Any) -> Item:
    """A document, or a ReadError when there is no text or more than one document may hold:
    the limit holds here, before any stage runs."""
    text = visible(text)
    if not text.strip():
        return ReadError(src, "no text", line)
    if len(text) > MAX_CHARS:
        return ReadError(src, f"too long for one document: {len(text):,} characters (limit {MAX_CHARS:,})", line)
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        return ReadError(src, f"too many lines for one document: {lines:,} (limit {MAX_LINES:,})", line)
    meta = {k: LONE_SURROGATE.sub("\ufffd", v) for k, v in meta.items() if v is not None}
    return Document(id=LONE_SURROGATE.sub("\ufffd", doc_id), text=text, source=src, format=fmt, line=line, **meta)


def read_html(data: bytes | str, src: str, doc_id: str, line: int | None = None,
              fmt: str = "html", **meta: Any) -> Item:
    """Main text, title, date and URL of a web page via trafilatura."""
    import trafilatura  # heavy import, only when HTML is met

    if isinstance(data, bytes):
        if not data.strip():
            return ReadError(src, "empty file", line)
        if is_binary(data):
            return ReadError(src, "binary file, not HTML", line)
        if unicode_form(data):  # lxml reads UTF-16 only when it is told so
            data = decode(data) or ""
    try:
        doc = trafilatura.bare_extraction(
            data, url=meta.get("url"), with_metadata=True, include_comments=False,
            include_tables=False, date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as e:  # trafilatura raises assorted lxml errors on broken markup
        return ReadError(src, f"HTML could not be parsed: {e}", line)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < MIN_HTML_WORDS:
        depth = nesting(data)
        if depth > MAX_HTML_DEPTH:
            return ReadError(src, f"HTML nested {depth:,} elements deep (limit {MAX_HTML_DEPTH}): "
                                  "its text cannot be extracted", line)
        return ReadError(src, "HTML with no main text", line)
    given = {k: v for k, v in meta.items() if v}
    given.setdefault("title", doc.title or None)
    given.setdefault("date", doc.date or None)
    given.setdefault("url", doc.url or None)
    made = make_document(text, src, doc_id, fmt, line, **given)
    if isinstance(made, Document):
        made.extracted = True
    return made


def nesting(data: bytes | str) -> int:
    """How deep the page's elements nest (void elements and stray end tags aside), so that a
    page lxml gives up on says why."""
    from html.parser import HTMLParser

    class Depth(HTMLParser):
        VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
                "track", "wbr", "p", "li"}  # p and li are closed implicitly, so they do not nest

        def __init__(self) -> None:
            super().__init__()
            self.open, self.deepest = [], 0

        def handle_starttag(self, tag: str, attrs: Any) -> None:
            if tag not in self.VOID:
                self.open.append(tag)
                self.deepest = max(self.deepest, len(self.open))

        def handle_endtag(self, tag: str) -> None:
            if tag in self.open:
                while self.open.pop() != tag:
                    pass

    parser = Depth()
    parser.feed(data.decode("utf-8", "replace") if isinstance(data, bytes) else data)
    return parser.deepest


def record_document(rec: Any, src: str, fmt: str, line: int | None, fallback_id: str) -> Item:
    """A JSON object with "text" (or "html") and optional id, title, date, url."""
    if not isinstance(rec, dict):
        return ReadError(src, "JSON value is not an object", line)
    doc_id = str(rec["id"]) if rec.get("id") is not None else fallback_id
    meta = {k: str(rec[k]) for k in ("title", "date", "url") if rec.get(k)}
    if isinstance(rec.get("text"), str):
        return make_document(rec["text"], src, doc_id, fmt, line, **meta)
    if isinstance(rec.get("html"), str):
        return read_html(rec["html"], src, doc_id, line, fmt=fmt, **meta)
    return ReadError(src, 'no "text" field', line)


def read_json(data: bytes, src: str, doc_id: str) -> Iterator[Item]:
    text = decode(data)
    if text is None or not text.strip():
        yield ReadError(src, "empty file" if not data.strip() else "undecodable bytes")
        return
    try:
        value = json.loads(text)
    except json.JSONDecodeError as e:
        yield ReadError(src, f"malformed JSON: {e.msg}", e.lineno)
        return
    except RecursionError:
        yield ReadError(src, "malformed JSON: nested too deeply")
        return
    records = value if isinstance(value, list) else [value]
    for i, rec in enumerate(records):
        fallback = doc_id if len(records) == 1 else f"{doc_id}:{i}"
        yield record_document(rec, src, "json", None, fallback)


def read_jsonl(fh: BinaryIO, src: str, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """One document per line; memory stays bounded by `max_bytes` however long a line is."""
    name = Path(src).name
    seen_any = False
    n = 0
    while raw := fh.readline(max_bytes + 1):
        n += 1
        if not raw.strip():
            continue
        seen_any = True
        if len(raw) > max_bytes:
            size = len(raw)
            while raw and not raw.endswith(b"\n"):  # the rest of the line, read and dropped
                raw = fh.readline(max_bytes + 1)
                size += len(raw)
            yield ReadError(src, f"line too large for one document: {size:,} bytes (limit {max_bytes:,})", n)
            continue
        try:
            rec = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            yield ReadError(src, f"malformed JSON line: {getattr(e, 'msg', e)}", n)
            continue
        except RecursionError:
            yield ReadError(src, "malformed JSON line: nested too deeply", n)
            continue
        yield record_document(rec, src, "jsonl", n, f"{name}:{n}")
    if not seen_any:
        yield ReadError(src, "empty file")


class Truncated(Exception):
    """A compressed stream ended before its end marker."""


class Chunks:
    """A stream read one chunk at a time (`read1`): a reader that asks for a block gets what was
    decompressed before a cut, and the error only at the next block; otherwise the records
    before the cut of a truncated .warc.gz would be lost with it. The cut is `Truncated`, not
    EOFError, which warcio takes for the end of a record."""

    def __init__(self, fh: BinaryIO) -> None:
        self.fh = fh

    def read(self, size: int = -1) -> bytes:
        try:
            return self.fh.read1(size) if hasattr(self.fh, "read1") else self.fh.read(size)
        except EOFError as e:
            raise Truncated(str(e)) from e


def read_warc(fh: BinaryIO, src: str, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """HTML response records of a WARC file, each one document. `fh` is decompressed already
    (Python's gzip, unlike warcio's, says when a file was cut short); a record cut short is
    reported, never stored in part. HTTP headers are read here, as warcio does only for
    records with a WARC-Target-URI."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed
    from warcio.statusandheaders import StatusAndHeadersParser, StatusAndHeadersParserException

    http = StatusAndHeadersParser(["HTTP/1.0", "HTTP/1.1"])
    count = 0
    try:
        for n, record in enumerate(ArchiveIterator(Chunks(fh), no_record_parse=True), start=1):
            if record.rec_type != "response" or not record.length:
                continue
            try:
                record.http_headers = http.parse(record.raw_stream)
            except StatusAndHeadersParserException:
                continue  # not an HTTP response (a DNS record, a screenshot)
            ctype = record.http_headers.get_header("Content-Type") or ""
            if "html" not in ctype.lower():
                continue
            count += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            data = record.content_stream().read(max_bytes + 1)
            if len(data) > max_bytes:
                yield ReadError(src, f"record too large: over {max_bytes:,} bytes", n)
                continue
            if record.raw_stream.limit > 0:  # fewer bytes than its Content-Length: the file ends in it
                yield ReadError(src, f"WARC file is truncated: record {n} is cut short", n)
                return
            yield read_html(data, src, shown(url) if url else f"{Path(src).name}:{n}", n, fmt="warc", url=url)
    except ArchiveLoadFailed as e:
        yield ReadError(src, f"not a valid WARC file: {e}")
        return
    except (Truncated, OSError, EOFError, zlib.error) as e:
        yield ReadError(src, f"WARC file is truncated or corrupt: {e}")
        return
    if count == 0:
        yield ReadError(src, "WARC file has no HTML response records")

