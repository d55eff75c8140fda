"""Screenshots of each dashboard view at 1400x900 and 800x900 into docs/screenshots/NAME.png
and NAME-800.png (the narrowest layout the dashboard is made for).

Uses the same server and browser setup as tests/test_browser.py (tests/browser_env.py):
the real `casus serve` app over a store of the five seeds and examples/corpus (ingested
into a temporary file unless --db is given), driven by Debian's chromium.

Run:
    .venv/bin/python scripts/screenshots.py [--db casus.duckdb]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_env import VIEWPORT, chromium, launch, open_view, serving  # noqa: E402

WIDTHS = {"": VIEWPORT, "-800": {**VIEWPORT, "width": 800}}

OUT = ROOT / "docs" / "screenshots"


def views(api) -> dict[str, str]:
    """NAME -> hash fragment, chosen from what the store holds."""
    top = api("dyads", limit=1)["items"][0]
    story = max(api("stories", limit=1000)["items"], key=lambda s: (s["articles"], s["events"]))
    baghdad = next(p for p in api("map")["items"] if p["country"] == "IQ" and p["feature"] not in ("country", "region"))
    event = api("events", type="ASSAULT", q="June 27", limit=1)["items"][0]
    return {
        "timeline": "timeline?bucket=month",
        "dyad": f"dyad?source={quote(top['source'])}&target={quote(top['target'])}&both=true",
        "network": "network",
        "map": f"map?sel={quote(str(baghdad['geonameid'] or baghdad['name']))}",
        "stories": "stories?country=IQ",
        "story": f"story/{quote(story['id'], safe='')}",
        "document": f"doc/{quote(event['article_id'], safe='')}?event={quote(event['id'], safe='')}",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="store to show (default: seeds + examples in a temporary store)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            from casus.api import ingest

            db = Path(tmp) / "casus.duckdb"
            ingest([ROOT / ".." / "shared" / "seeds", ROOT / "examples" / "corpus"], db)
        OUT.mkdir(parents=True, exist_ok=True)
        with serving(db) as base, sync_playwright() as p:
            browser = launch(p, chromium())
            page = browser.new_page(viewport=VIEWPORT)
            api = lambda path, **params: page.request.get(f"{base}/api/{path}", params=params).json()  # noqa: E731
            for suffix, viewport in WIDTHS.items():
                page.set_viewport_size(viewport)
                for name, fragment in views(api).items():
                    open_view(page, base, fragment)
                    page.evaluate("window.scrollTo(0, 0)")
                    page.wait_for_timeout(200)
                    page.screenshot(path=str(OUT / f"{name}{suffix}.png"))
                    print(OUT / f"{name}{suffix}.png")
            browser.close()


if __name__ == "__main__":
    main()
