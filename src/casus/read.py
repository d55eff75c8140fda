"""Read: files, directories and stdin become `Document`s; bad input becomes `ReadError`s.

Readers are generators so a corpus of any size streams with bounded memory. Each
problem is reported where it happens (file, line, reason) and the rest goes on.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from charset_normalizer import from_bytes

from casus.model import Document, ReadError

MAX_BYTES = 10 * 1024 * 1024  # no news article is 10 MB of text; past that it is not one
TEXT_EXT = {".txt", ".text"}
HTML_EXT = {".html", ".htm", ".xhtml"}
JSON_EXT = {".json"}
JSONL_EXT = {".jsonl", ".ndjson"}
WARC_EXT = {".warc", ".warc.gz", ".arc.gz"}
MIN_HTML_WORDS = 8  # fewer words of main text is a menu or a stub, not an article
KNOWN_EXT = TEXT_EXT | HTML_EXT | JSON_EXT | JSONL_EXT | WARC_EXT

Item = Document | ReadError


def extension(path: Path) -> str:
    name = path.name.lower()
    for ext in (".warc.gz", ".arc.gz"):
        if name.endswith(ext):
            return ext
    return path.suffix.lower()


def read_paths(paths: Iterable[str | Path], max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """Everything under the given paths, in a stable order; "-" is stdin."""
    for p in paths:
        if str(p) == "-":
            yield from read_stream(sys.stdin.buffer, "-", max_bytes)
            continue
        path = Path(p)
        if path.is_dir():
            for f in walk(path):
                yield from read_file(f, max_bytes, doc_id=f.relative_to(path).as_posix())
        else:
            yield from read_file(path, max_bytes)


def walk(root: Path) -> Iterator[Path]:
    """Files of known types under root, sorted, hidden entries skipped."""
    for dirpath, dirnames, filenames in os.walk(root, onerror=None):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in sorted(filenames):
            f = Path(dirpath) / name
            if not name.startswith(".") and extension(f) in KNOWN_EXT:
                yield f


def read_file(path: Path, max_bytes: int = MAX_BYTES, doc_id: str | None = None) -> Iterator[Item]:
    src = str(path)
    ext = extension(path)
    try:
        size = path.stat().st_size
        if ext in JSONL_EXT or ext in WARC_EXT:
            # record streams: size limits apply per record, not per file
            with open(path, "rb") as fh:
                if ext in JSONL_EXT:
                    yield from read_jsonl(fh, src, max_bytes)
                else:
                    yield from read_warc(fh, src, max_bytes)
            return
        if size > max_bytes:
            yield ReadError(src, f"too large for one document: {size:,} bytes (limit {max_bytes:,})")
            return
        data = path.read_bytes()
    except OSError as e:
        yield ReadError(src, f"cannot read: {e.strerror or e}")
        return
    doc_id = doc_id or path.name
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


def decode(data: bytes) -> str | None:
    """Bytes to text, or None when no encoding yields language.

    Valid UTF-8 is taken as is (fast path). Otherwise charset detection must find an
    encoding whose text reads as a language; failing that, UTF-8 with a handful of
    damaged bytes is kept with replacement marks; anything else is undecodable.
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data[:200_000]).best()
    if best is not None and best.encoding and best.coherence >= 0.1:
        try:
            return data.decode(best.encoding)
        except (UnicodeDecodeError, LookupError):
            pass
    text = data.decode("utf-8", errors="replace")
    if text.count("\ufffd") <= max(1, len(text) // 200):
        return text
    return None


def is_binary(data: bytes) -> bool:
    """NUL bytes or many control characters mean this is not text in any encoding."""
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


def make_document(text: str, src: str, doc_id: str, fmt: str, line: int | None = None, **meta: Any) -> Item:
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    if not text.strip():
        return ReadError(src, "no text", line)
    return Document(id=doc_id, text=text, source=src, format=fmt, line=line, **meta)


def read_html(data: bytes | str, src: str, doc_id: str, line: int | None = None,
              fmt: str = "html", **meta: Any) -> Item:
    """Main text, title, date and URL of a web page via trafilatura."""
    import trafilatura  # heavy import, only when HTML is met

    if isinstance(data, bytes):
        if not data.strip():
            return ReadError(src, "empty file", line)
        if is_binary(data):
            return ReadError(src, "binary file, not HTML", line)
    try:
        doc = trafilatura.bare_extraction(
            data, url=meta.get("url"), with_metadata=True, include_comments=False,
            include_tables=False, date_extraction_params={"original_date": True, "extensive_search": False},
        )
    except Exception as e:  # trafilatura raises assorted lxml errors on broken markup
        return ReadError(src, f"HTML could not be parsed: {e}", line)
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < MIN_HTML_WORDS:
        return ReadError(src, "HTML with no main text", line)
    given = {k: v for k, v in meta.items() if v}
    given.setdefault("title", doc.title or None)
    given.setdefault("date", doc.date or None)
    given.setdefault("url", doc.url or None)
    return make_document(text, src, doc_id, fmt, line, **given)


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
    records = value if isinstance(value, list) else [value]
    for i, rec in enumerate(records):
        fallback = doc_id if len(records) == 1 else f"{doc_id}:{i}"
        yield record_document(rec, src, "json", None, fallback)


def read_jsonl(fh: BinaryIO, src: str, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    name = Path(src).name
    seen_any = False
    for n, raw in enumerate(fh, start=1):
        if not raw.strip():
            continue
        seen_any = True
        if len(raw) > max_bytes:
            yield ReadError(src, f"line too large for one document: {len(raw):,} bytes (limit {max_bytes:,})", n)
            continue
        try:
            rec = json.loads(raw)
        except (json.JSONDecodeError, UnicodeDecodeError) as e:
            yield ReadError(src, f"malformed JSON line: {getattr(e, 'msg', e)}", n)
            continue
        yield record_document(rec, src, "jsonl", n, f"{name}:{n}")
    if not seen_any:
        yield ReadError(src, "empty file")


def read_warc(fh: BinaryIO, src: str, max_bytes: int = MAX_BYTES) -> Iterator[Item]:
    """HTML response records of a WARC file, each one document."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    count = 0
    try:
        for n, record in enumerate(ArchiveIterator(fh), start=1):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            ctype = record.http_headers.get_header("Content-Type") or ""
            if "html" not in ctype.lower():
                continue
            count += 1
            url = record.rec_headers.get_header("WARC-Target-URI")
            data = record.content_stream().read(max_bytes + 1)
            if len(data) > max_bytes:
                yield ReadError(src, f"record too large: over {max_bytes:,} bytes", n)
                continue
            yield read_html(data, src, url or f"{Path(src).name}:{n}", n, fmt="warc", url=url)
    except ArchiveLoadFailed as e:
        yield ReadError(src, f"not a valid WARC file: {e}")
        return
    except (OSError, EOFError, gzip.BadGzipFile) as e:
        yield ReadError(src, f"WARC file is truncated or corrupt: {e}")
        return
    if count == 0:
        yield ReadError(src, "WARC file has no HTML response records")

