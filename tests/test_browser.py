"""The dashboard in a real browser: headless Debian chromium driven by Playwright against
the real `casus serve` app over the seeded store (seeds + examples/corpus)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pytest

from browser_env import Unavailable, chromium, follow, launch, open_view, serving, wait_view
from casus import actors, query
from casus.api import ingest
from conftest import needs_shared

# The first test may install chromium with apt-get on a fresh machine: allow for the download.
# Every view is checked on the seeded store: without ../shared, skip before installing anything.
pytestmark = [pytest.mark.timeout(1200), needs_shared]

HOSTILE = """Militants storm army base near Mogadishu <script>window.__pwned=1</script>

MOGADISHU, March 3 (Reuters) - Al-Shabaab militants attacked an army base near Mogadishu on Sunday, \
killing five Somali soldiers, a military officer said. <script>window.__pwned=1</script>

The attackers used car bombs <img src=x onerror="window.__pwned=1"> before storming the gates, the officer told Reuters.

Residents said the fighting lasted two hours. Read the full report at javascript:alert(1) \
or <a href="javascript:alert(1)">here</a>.
"""
SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
LINK = '<a href="javascript:alert(1)">here</a>'


@pytest.fixture(scope="session")
def browser_path() -> str:
    """Debian's chromium; installed if missing. Skipped only off CI and without root."""
    try:
        return chromium()
    except Unavailable as e:
        if os.environ.get("CI") or os.geteuid() == 0:
            pytest.fail(str(e))
        pytest.skip(str(e))


@pytest.fixture(scope="session")
def browser(browser_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = launch(p, browser_path)
        yield b
        b.close()


@pytest.fixture(scope="module")
def base(seeded_db: Path):
    with serving(seeded_db) as url:
        yield url


@pytest.fixture
def page(browser):
    """A page that records script errors and console errors (CSP violations land there)."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    pg = context.new_page()
    pg.errors = []
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))
    pg.on("console", lambda m: pg.errors.append(m.text) if m.type == "error" else None)
    yield pg
    context.close()


def test_dashboard_loads_every_view(page, base):
    from playwright.sync_api import expect

    stats = page.request.get(f"{base}/api/stats").json()
    open_view(page, base, "timeline")
    expect(page.locator("#stats")).to_contain_text(f"{stats['events']:,} events")
    content = {"dyad": "table tr.clickable", "network": ".network .node", "map": ".map circle.spot",
               "stories": "table.stories tbody tr", "doc": "tr.event-row"}
    for view, selector in content.items():
        follow(page, page.locator(f'#nav a[data-view="{view}"]'), view)
        assert page.locator("main .error").count() == 0, page.locator("main").inner_text()
        assert page.locator(selector).count() >= 5, view
    assert page.errors == []


def test_timeline_shows_the_seed_assaults(page, base):
    open_view(page, base, "timeline?bucket=month")
    bars = page.locator('.timeline rect.bar[data-type="ASSAULT"]')
    periods = {bars.nth(i).get_attribute("data-period") for i in range(bars.count())}
    assert {"2021-06-01", "2021-07-01"} & periods, periods  # the June 27 strikes, the July 7 rocket barrage
    # clicking a legend entry filters by type, through the URL
    follow(page, page.locator('.legend a.legend-item:has-text("ASSAULT")'), "timeline")
    assert "type=ASSAULT" in page.url
    assert page.locator(".timeline rect.bar").count() == page.locator('.timeline rect.bar[data-type="ASSAULT"]').count()
    rows = page.locator("tr.event-row")
    assert rows.count() > 0 and rows.first.locator(".chip").inner_text() == "ASSAULT"
    assert page.errors == []


def test_map_shows_the_seed_places(page, base):
    open_view(page, base, "map")
    assert page.locator(".map path.land").count() > 150
    iraq = page.locator('.map circle.spot[data-country="IQ"]')
    assert iraq.count() >= 1
    follow(page, iraq.first, "map")
    assert "sel=" in page.url
    assert page.locator("main h3").first.inner_text().startswith("Events at ")
    assert page.locator("tr.event-row").count() >= 1
    assert page.errors == []


def test_clicking_an_event_opens_its_evidence(page, base):
    open_view(page, base, "timeline?bucket=month&sel=2021-06-01|ASSAULT")
    rows = page.locator("tr.event-row")
    assert rows.count() >= 1
    follow(page, rows.first.locator("td").first, "doc")
    event_id = parse_qs(urlsplit(page.url).fragment.split("?", 1)[1])["event"][0]
    event = page.request.get(f"{base}/api/events/{quote(event_id, safe='')}").json()
    selected = page.locator(".article-text .hl-ev.sel")
    assert selected.count() >= 1
    assert selected.first.is_visible()
    assert "".join(selected.all_inner_texts()) == event["sentence"]
    card = page.locator(".event-card.sel")
    assert card.count() == 1 and event["type"] in card.inner_text()
    # the raw document greys out what cleaning removed
    assert page.locator(".raw .removed").count() >= 1
    assert page.errors == []


def test_filters_link_views(page, base):
    open_view(page, base, "network")
    follow(page, page.locator('.network .node[data-actor="USA"]'), "timeline")
    assert "actor=USA" in page.url
    assert page.locator('#filters input[name="actor"]').input_value() == "USA"
    sides = page.locator("tr.event-row td:nth-child(3)").all_inner_texts()
    kb = actors.load()  # the actor filter takes in the actors under USA (its armed forces, its ministries)
    names = {kb.get(a).name for a in {"USA", *query.members()["USA"]} if kb.get(a)}
    assert sides and all(any(n in s for n in names) for s in sides)
    assert any("United States" in s for s in sides)
    follow(page, page.locator('#nav a[data-view="map"]'), "map")
    assert "actor=USA" in page.url
    # a dyad's escalation series and its events
    open_view(page, base, "dyad?source=USA&target=IRQ.REB")
    assert page.locator(".escalation rect.bar").count() >= 1
    assert page.locator("tr.event-row").count() >= 1
    assert page.errors == []


def test_filter_bar_is_the_apis_filter_list(page, base):
    """The dashboard takes its filters from GET /api/filters: a control for each, sent with every query."""
    names = [f["name"] for f in page.request.get(f"{base}/api/filters").json()["items"]]
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/api/timeline" in r.url else None)
    open_view(page, base, "timeline?dedup=true&min_escalation=-9&mode=aerial")
    controls = page.evaluate("[...document.getElementById('filters').elements].map((e) => e.name).filter(Boolean)")
    assert sorted(controls) == sorted(names)
    assert page.locator(".more-filters summary").inner_text() == "More filters (3)"
    assert page.locator('#filters input[name="dedup"]').is_checked()
    assert page.locator('#filters input[name="min_escalation"]').input_value() == "-9"
    assert any(all(p in url for p in ("dedup=true", "min_escalation=-9", "mode=aerial")) for url in sent), sent
    page.evaluate("document.querySelector('main').removeAttribute('data-ready')")
    page.locator('#filters input[name="dedup"]').uncheck()
    wait_view(page, "timeline")
    assert "dedup" not in page.url and "mode=aerial" in page.url
    # on the dyad view, source and target pick the dyad: they do not filter its list of dyads
    open_view(page, base, "dyad?source=USA&target=IRQ.REB")
    assert page.locator('#filters input[name="source"]').is_disabled()
    assert page.locator(".dyad-list tr.clickable").count() >= 2
    assert "source=" not in page.locator('#nav a[data-view="timeline"]').get_attribute("href")
    assert page.errors == []


@pytest.fixture(scope="module")
def hostile_base(seeded_db: Path, tmp_path_factory: pytest.TempPathFactory):
    """The seeded store plus one article full of markup that must stay text."""
    folder = tmp_path_factory.mktemp("hostile")
    db = folder / "casus.duckdb"
    shutil.copy(seeded_db, db)
    article = folder / "hostile_article.txt"
    article.write_text(HOSTILE)
    report = ingest([article], db)
    assert report.new == 1 and not report.errors
    with serving(db) as url:
        yield url


def assert_inert(page, *literals: str) -> None:
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.evaluate("document.scripts.length") == 1  # the dashboard's own module
    assert page.evaluate("document.querySelectorAll('img, iframe, object, embed').length") == 0
    hrefs = page.evaluate("[...document.querySelectorAll('[href]')].map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.lower().lstrip().startswith("javascript")], hrefs
    text = page.locator("main").inner_text()
    for literal in literals:
        assert literal in text, literal
    assert page.errors == []


def test_hostile_article_stays_inert_text_everywhere(page, hostile_base):
    base = hostile_base
    found = page.request.get(f"{base}/api/events", params={"q": "car bombs"}).json()
    assert found["total"] >= 1
    event = found["items"][0]
    article = event["article_id"]
    # the event lists (timeline, dyad, map) show the evidence sentence
    open_view(page, base, "timeline?q=car+bombs")
    assert_inert(page, IMG)
    open_view(page, base, "doc")
    assert page.locator("tr.event-row").count() > 0
    assert_inert(page)
    # the story list, and the story page with the article's title and events
    open_view(page, base, "stories")
    assert_inert(page)
    follow(page, page.locator(f'table.stories tr[data-story="{event["story"]}"] a'), "story")
    assert_inert(page, SCRIPT, IMG)
    # the document view: title, clean text with highlights, raw document, event cards
    open_view(page, base, f"doc/{quote(article, safe='')}?event={quote(event['id'], safe='')}")
    assert_inert(page, SCRIPT, IMG, LINK, "javascript:alert(1)")
    assert page.locator(".doc-title").inner_text().endswith(SCRIPT)
    assert IMG in page.locator(".raw").inner_text()
    # the map's list of events at Mogadishu
    open_view(page, base, "map?place=Mogadishu")
    follow(page, page.locator(".map circle.spot").first, "map")
    assert_inert(page)
