"""Build the real-page development set of the clean stage (bench/pages/pages.jsonl.gz).

Source: the scrapinghub article-extraction benchmark (MIT; see LICENSE-scrapinghub and
README.md here), as ../shared/dev/scrapinghub_html.jsonl holds it: 181 real article pages,
each with its HTML and its gold article body.

Each page is rendered as a naive scraper renders it: every visible text block of the HTML
becomes a line, menus, captions, related links, footers and all. Block elements end a
line; inline ones do not, so a breadcrumb and a headline in one block stay glued, as they
do in real scrapes. Pages are laid out in one of three styles, picked by a hash of the id:
one block per line; blank lines between paragraphs; or paragraphs hard-wrapped at 72-80
columns (as `lynx -dump` and e-mail digests do).

A line is labelled from the page itself, not from casus:
- `body` when the gold article body holds its text (a wrapped line: when its paragraph's is);
- `title` when it is the page's headline (its <h1>, or og:title when no <h1> has it);
- otherwise by where it sits in the HTML: `caption` (figure, figcaption, caption/credit
  classes), `navigation` (nav, header, footer, menus, breadcrumbs), `related` (related,
  recommended, trending lists), `promo` (ads, newsletters, subscriptions, share bars),
  `comment`, `byline` (authors, dates, <time>), or `other`.

    .venv/bin/python bench/pages/build.py [--source ../shared/dev/scrapinghub_html.jsonl]
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import re
import textwrap
from pathlib import Path

import lxml.html

from casus.clean.lines import key

HERE = Path(__file__).resolve().parent
OUT = HERE / "pages.jsonl.gz"
SOURCE = HERE.parents[1] / ".." / "shared" / "dev" / "scrapinghub_html.jsonl"

SKIP = {"script", "style", "noscript", "template", "svg", "head", "iframe", "object", "canvas", "select",
        "option", "button", "input", "textarea", "video", "audio", "map"}
BLOCK = {"p", "div", "section", "article", "header", "footer", "nav", "aside", "main", "h1", "h2", "h3",
         "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd", "table", "tr", "td", "th", "figure",
         "figcaption", "blockquote", "pre", "form", "br", "hr", "address", "fieldset", "legend",
         "caption", "details", "summary", "body", "html", "center"}
PARAGRAPH = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "figure", "table", "ul", "ol", "pre",
             "section", "article"}
HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
# class/id words that say what a block is, most specific first
ROLES = [
    ("caption", re.compile(r"caption|credit")),  # not "photo", "image" or "media": related lists use them
    ("comment", re.compile(r"comment|disqus|reply|respond")),
    ("related", re.compile(r"related|recommend|trending|popular|more-?stor|read-?more|also|outbrain|taboola|next")),
    ("promo", re.compile(r"\bad\b|ads|advert|promo|sponsor|newsletter|subscri|signup|social|share|follow")),
    ("byline", re.compile(r"byline|author|date|time|posted|publish|meta")),
    ("navigation", re.compile(r"nav|menu|breadcrumb|footer|header|masthead|sidebar|topbar|skip|tags?\b")),
]
TAG_ROLES = {"figcaption": "caption", "figure": "caption", "nav": "navigation", "header": "navigation",
             "footer": "navigation", "aside": "related", "time": "byline", "address": "byline"}
STYLES = ("lines", "paragraphs", "wrapped")


def stable(text: str) -> int:
    return int(hashlib.sha1(text.encode("utf-8")).hexdigest()[:8], 16)


def role(el) -> str | None:
    """What the nearest telling ancestor says a block is."""
    while el is not None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in TAG_ROLES:
            return TAG_ROLES[tag]
        words = f"{el.get('class', '')} {el.get('id', '')} {el.get('itemprop', '')}".lower()
        for name, pattern in ROLES:
            if pattern.search(words):
                return name
        el = el.getparent()
    return None


def hidden(el) -> bool:
    return el.get("hidden") is not None or bool(HIDDEN.search(el.get("style", "")))


def render(html: str) -> list[dict]:
    """The visible text blocks of a page, in order: text, the block's element and whether it
    is paragraph-like."""
    root = lxml.html.fromstring(html)
    body = root.find("body")
    blocks: list[dict] = []
    parts: list[str] = []
    owner = [body if body is not None else root]

    def flush(paragraph: bool) -> None:
        text = " ".join("".join(parts).split())
        parts.clear()
        if text:
            blocks.append({"text": text, "el": owner[0], "paragraph": paragraph})

    def walk(el) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in SKIP or not tag or hidden(el):
            return
        block = tag in BLOCK
        if block:
            flush(False)
            owner[0] = el
        if el.text:
            parts.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                if owner[0] is not el and block:
                    owner[0] = el
                parts.append(child.tail)
        if block:
            flush(tag in PARAGRAPH)
            owner[0] = el.getparent() if el.getparent() is not None else el

    walk(owner[0])
    return blocks


def headline(root, blocks: list[dict]) -> str | None:
    """The page's headline: its first <h1> that agrees with og:title or <title>, else og:title."""
    metas = [m.get("content", "") for m in root.iter("meta") if m.get("property") == "og:title"]
    titles = [key(t) for t in metas + [root.findtext(".//title") or ""] if key(t)]
    for h1 in root.iter("h1"):
        text = " ".join(h1.text_content().split())
        k = key(text)
        if k and any(k in t or t in k for t in titles):
            return text
    return metas[0].strip() if metas and metas[0].strip() else None


class Gold:
    """A page's gold article body, as its lines are matched against it."""

    def __init__(self, text: str):
        self.key = key(text)
        self.paragraphs = {key(p) for p in text.splitlines() if key(p)}
        self.shingles = shingles(self.key)


def shingles(k: str, n: int = 4) -> set[str]:
    words = k.split()
    return {" ".join(words[i:i + n]) for i in range(max(1, len(words) - n + 1))}


def label(block: dict, gold: Gold, title_key: str | None) -> str:
    k = key(block["text"])
    if not k:
        return "other"
    if title_key and k == title_key:
        return "title"
    # a short line is body only as a paragraph of its own ("Business" is in many bodies)
    if k in gold.paragraphs or (len(k.split()) >= 4 and f" {k} " in f" {gold.key} "):
        return "body"
    sh = shingles(k)
    if len(k.split()) >= 8 and len(sh & gold.shingles) >= 0.8 * len(sh):
        return "body"
    return role(block["el"]) or "other"


def layout(blocks: list[dict], style: str, seed: int) -> list[dict]:
    """Lines of one page in a style: each line keeps its block's label."""
    lines: list[dict] = []
    width = 72 + seed % 9
    for b in blocks:
        if style == "paragraphs" and b["paragraph"] and lines and lines[-1]["text"]:
            lines.append({"text": "", "label": None})
        pieces = textwrap.wrap(b["text"], width) if style == "wrapped" and len(b["text"]) > width else [b["text"]]
        for piece in pieces:
            lines.append({"text": piece, "label": b["label"]})
        if style != "lines" and b["paragraph"]:
            lines.append({"text": "", "label": None})
    while lines and not lines[-1]["text"]:
        lines.pop()
    return lines


def build(source: Path) -> list[dict]:
    pages = []
    for raw in open(source, encoding="utf-8"):
        rec = json.loads(raw)
        root = lxml.html.fromstring(rec["html"])
        blocks = render(rec["html"])
        title = headline(root, blocks)
        gold = Gold(rec["gold_text"])
        title_key = key(title) if title else None
        for b in blocks:
            b["label"] = label(b, gold, title_key)
        seed = stable(rec["id"])
        style = STYLES[seed % len(STYLES)]
        pages.append({"id": rec["id"], "url": rec["url"], "style": style, "title": title,
                      "lines": [[ln["text"], ln["label"]] for ln in layout(blocks, style, seed)]})
    return pages


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", type=Path, default=SOURCE)
    args = ap.parse_args()
    pages = build(args.source)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        for page in pages:
            f.write(json.dumps(page, ensure_ascii=False) + "\n")
    from collections import Counter
    kinds = Counter(lab for p in pages for _, lab in p["lines"] if lab)
    print(f"{len(pages)} pages, {sum(kinds.values())} lines -> {OUT} ({OUT.stat().st_size // 1024} KiB); {dict(kinds)}")


if __name__ == "__main__":
    main()
