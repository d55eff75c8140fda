"""The dashboard in a real browser: headless Debian chromium driven by Playwright against
the real `casus serve` app over the seeded store (seeds + examples/corpus)."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

import pandas as pd
import pytest

from browser_env import Unavailable, chromium, follow, launch, open_view, serving, wait_view
from casus import actors, query
from casus.api import ingest
from conftest import needs_shared

# The first test may install chromium with apt-get on a fresh machine: allow for the download.
# Every view is checked on the seeded store: without ../shared, skip before installing anything.
pytestmark = [pytest.mark.timeout(1200), needs_shared]

HOSTILE = """Militants storm army base near Mogadishu <script>window.__pwned=1</script>

MOGADISHU, March 3 (Reuters) - Al-Shabaab militants attacked an army base <img src=x onerror="window.__pwned=1"> \
near Mogadishu on Sunday, killing five Somali soldiers, a military officer said. <script>window.__pwned=1</script>

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
    content = {"dyad": "table tr.clickable", "network": ".network .node", "map": ".map .spot",
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
    iraq = page.locator('.map .spot[data-country="IQ"]')
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


def api_get(page, base: str, path: str, **params):
    return page.request.get(f"{base}/api/{path}", params=params).json()


def sort_by(page, header: str, table: str = "table") -> None:
    """Click a column header and wait for the rows (an event list asks the server anew)."""
    page.locator(f"{table} th", has_text=header).first.click()
    page.wait_for_selector(".event-list[aria-busy]", state="detached")


def column(page, n: int, table: str = "table.events") -> list[str]:
    return [t.strip() for t in page.locator(f"{table} tbody tr td:nth-child({n})").all_inner_texts()]


def test_columns_sort_numbers_as_numbers_and_dates_as_dates(page, base):
    sent = []
    page.on("request", lambda r: sent.append(r.url) if "/api/events?" in r.url else None)
    open_view(page, base, "timeline?type=ASSAULT")
    sort_by(page, "Killed")
    assert any("sort=-killed" in url for url in sent), sent
    assert page.locator('table.events th[data-key="killed"]').get_attribute("aria-sort") == "descending"
    killed = column(page, 6)
    numbers = [int(k) for k in killed if k]
    assert len(numbers) >= 3 and numbers == sorted(numbers, reverse=True) and killed[:len(numbers)] == list(map(str, numbers))
    assert all(not k for k in killed[len(numbers):])  # events with no count come last
    top = max(e["killed"] or 0 for e in api_get(page, base, "events", type="ASSAULT", limit=1000)["items"])
    assert numbers[0] == top  # the server sorted them all, not just the rows shown
    for order in ("-date", "date"):  # dates: newest first, then oldest first
        sort_by(page, "Date")
        direction = "descending" if order.startswith("-") else "ascending"
        assert page.locator('table.events th[data-key="date"]').get_attribute("aria-sort") == direction
        first = api_get(page, base, "events", type="ASSAULT", sort=order, limit=1)["items"][0]
        assert page.locator("tr.event-row").first.get_attribute("data-event") == first["id"]
    # the stories list holds all its rows: sorted in the page, numbers as numbers, dates as dates
    open_view(page, base, "stories")
    sort_by(page, "Events", "table.stories")
    events = [int(v) for v in column(page, 6, "table.stories")]
    assert events == sorted(events, reverse=True)
    assert events != sorted(events, key=str, reverse=True)  # as text, "9" would come before "16"
    sort_by(page, "First seen", "table.stories")
    seen = column(page, 2, "table.stories")
    dated = [d for d in seen if d != "—"]
    assert dated == sorted(dated, reverse=True) and seen[:len(dated)] == dated
    sort_by(page, "First seen", "table.stories")
    assert [d for d in column(page, 2, "table.stories") if d != "—"] == sorted(dated)
    open_view(page, base, "dyad")
    sort_by(page, "Escalation", ".dyad-list table")
    esc = [int(v) for v in column(page, 3, ".dyad-list table")]
    assert esc == sorted(esc, reverse=True)
    assert page.errors == []


def test_download_is_what_the_view_lists(page, base):
    open_view(page, base, "timeline?country=IQ&type=ASSAULT")
    sort_by(page, "Killed")
    listed = api_get(page, base, "events", country="IQ", type="ASSAULT", sort="-killed", limit=1000)
    links = page.locator(".event-list a.download")
    with page.expect_download() as csv_file:
        links.locator("text=CSV").click()
    assert csv_file.value.suggested_filename == "casus-events.csv"
    rows = pd.read_csv(csv_file.value.path())
    assert list(rows["id"]) == [e["id"] for e in listed["items"]] and len(rows) == listed["total"]
    with page.expect_download() as json_file:
        links.locator("text=JSON").click()
    items = json.loads(Path(json_file.value.path()).read_text())
    assert [e["id"] for e in items] == [e["id"] for e in listed["items"]]
    # a selection narrows what is listed, and so what is downloaded
    open_view(page, base, "timeline?bucket=month&sel=2021-06-01|ASSAULT")
    href = page.locator(".event-list a.download[data-format=json]").get_attribute("href")
    query = parse_qs(urlsplit(href).query)
    assert (query["type"], query["since"], query["until"]) == (["ASSAULT"], ["2021-06-01"], ["2021-06-30"])
    shown = page.locator("tr.event-row").count()
    assert len(page.request.get(base + href).json()) == shown
    assert page.errors == []


def test_every_view_has_the_filter_bar_and_its_totals(page, base):
    filters = {"country": "IQ"}
    totals = api_get(page, base, "events", limit=0, **filters)
    story = api_get(page, base, "stories", limit=1, **filters)["items"][0]
    article = api_get(page, base, "events", limit=1, type="ASSAULT", **filters)["items"][0]["article_id"]
    views = {"timeline": "timeline", "network": "network", "map": "map", "stories": "stories", "doc": "doc",
             "dyad": "dyad", "story": f"story/{quote(story['id'], safe='')}", "article": f"doc/{quote(article, safe='')}"}
    for name, fragment in views.items():
        open_view(page, base, f"{fragment}?country=IQ", fragment.split("/")[0])
        assert page.locator("#filters").is_visible(), name
        # (the country list fills when the facets answer, which may be after the view is drawn)
        page.wait_for_function("""() => document.querySelector('#filters select[name="country"]').value === "IQ" """,
                               timeout=10000)
        assert page.locator('#filters select[name="country"]').input_value() == "IQ", name
        for a in page.locator("#nav a").all():  # every other view keeps the filters
            assert "country=IQ" in a.get_attribute("href"), (name, a.get_attribute("href"))
        summary = page.locator("main .summary").first
        if name in ("timeline", "network", "map", "stories", "doc"):  # the view's own filters
            want = totals
        elif name == "story":
            want = api_get(page, base, "events", limit=0, story=story["id"], **filters)
        elif name == "article":
            want = api_get(page, base, "events", limit=0, article=article, **filters)
        else:  # the dyad view: the chosen dyad's events
            href = page.locator(".event-list a.download").first.get_attribute("href")
            want = page.request.get(base + href.replace("events.csv", "events") + "&limit=0").json()
        got = [summary.locator(f".{k} b").inner_text().replace(",", "") for k in ("total", "killed", "injured")]
        assert got == [str(want[k]) for k in ("total", "killed", "injured")], (name, got, want)
    # the lists offer the values that have events, with how many (not every country in the world)
    options = page.locator('#filters select[name="country"] option').all_inner_texts()
    facets = api_get(page, base, "facets", **filters)
    assert len(options) == len(facets["country"]) + 1 < 100
    assert "Iraq, IQ (" in " ".join(options) and all(o.endswith(")") for o in options[1:])
    # a filter changed on the stories view narrows the stories there
    open_view(page, base, "stories?country=IQ")
    before = page.locator("table.stories tbody tr").count()
    page.evaluate("document.querySelector('main').removeAttribute('data-ready')")
    page.locator('#filters select[name="type"]').select_option("ASSAULT")
    wait_view(page, "stories")
    assert "#/stories?" in page.url and "type=ASSAULT" in page.url and "country=IQ" in page.url
    after = page.locator("table.stories tbody tr").count()
    assert 0 < after <= before == api_get(page, base, "stories", **filters)["total"]
    # on an article, the events the filters leave out are marked
    open_view(page, base, f"doc/{quote(article, safe='')}?type=ASSAULT", "doc")
    cards = page.locator(".event-card")
    matching = api_get(page, base, "events", article=article, type="ASSAULT", limit=1000)["total"]
    assert cards.count() - page.locator(".event-card.unmatched").count() == matching > 0
    assert page.errors == []


def test_timeline_fits_the_bulk_of_the_events_and_brushes(page, base):
    open_view(page, base, "timeline?bucket=month")
    periods = sorted(page.locator(".timeline rect.bar").evaluate_all("(bars) => bars.map((b) => b.dataset.period)"))
    timeline = api_get(page, base, "timeline", bucket="month")["items"]
    every = sorted({t["period"] for t in timeline})
    earlier = page.locator('.timeline .outlier[data-side="earlier"]')
    assert earlier.count() == 1 and periods[0] > every[0]  # the far dates are marked, not on the axis
    off = sum(t["events"] for t in timeline if t["period"] < periods[0])
    assert earlier.get_attribute("data-events") == str(off)
    assert off <= 0.02 * sum(t["events"] for t in timeline)
    follow(page, earlier, "timeline")  # a click lists them
    assert "until=" in page.url and page.locator(".timeline rect.bar").first.get_attribute("data-period") == every[0]
    # drag across the chart: the dates under the drag become the filter
    open_view(page, base, "timeline?bucket=month")
    box = page.locator("svg.timeline").bounding_box()
    y = box["y"] + box["height"] / 2
    page.evaluate("document.querySelector('main').removeAttribute('data-ready')")
    page.mouse.move(box["x"] + box["width"] * 0.55, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.9, y, steps=8)
    page.mouse.up()
    wait_view(page, "timeline")
    query = parse_qs(urlsplit(page.url).fragment.split("?", 1)[1])
    since, until = query["since"][0], query["until"][0]
    assert periods[0] < since < until <= periods[-1][:4] + "-12-31"
    listed = api_get(page, base, "events", since=since, until=until, limit=0)
    assert page.locator(".event-list .summary .total b").inner_text().replace(",", "") == str(listed["total"])
    assert page.errors == []


def test_map_colours_places_by_type_and_keeps_country_level_events_apart(page, base):
    from playwright.sync_api import expect

    open_view(page, base, "map")
    points = api_get(page, base, "map")["items"]
    areas = [p for p in points if p["feature"] in ("country", "region")]
    assert areas and len(areas) < len(points)
    spots, rings = page.locator(".map g.spot"), page.locator(".map circle.area")
    assert spots.count() == len(points) - len(areas) and rings.count() == len(areas)
    colours = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.legend-item[data-type]')]
        .map((i) => [i.dataset.type, getComputedStyle(i.querySelector('.swatch')).backgroundColor]))""")
    types = {t for p in points for t in p["types"]}
    assert set(colours) == types and len(set(colours.values())) == len(types)
    baghdad = page.locator('.map g.spot[data-country="IQ"]').first
    fills = baghdad.locator("circle, path").evaluate_all("(s) => s.map((e) => getComputedStyle(e).fill)")
    assert set(fills) - {"none"} <= set(colours.values())
    # rings are drawn beneath the cities (earlier in the SVG), and listed apart
    assert page.evaluate("""() => { const ring = document.querySelector('.map circle.area');
        const spot = document.querySelector('.map g.spot');
        return Boolean(ring.compareDocumentPosition(spot) & Node.DOCUMENT_POSITION_FOLLOWING); }""")
    iraq = next(p for p in areas if p["country"] == "IQ")
    link = page.locator(f'.areas a[data-place="{iraq["geonameid"]}"]')
    expect(link).to_contain_text(f"Iraq {iraq['events']}")
    follow(page, link, "map")
    assert page.locator("main h3").first.inner_text() == "Events at Iraq"
    assert page.locator(".event-list .summary .total b").inner_text() == str(iraq["events"])
    assert page.errors == []


def test_layout_works_from_800_px(browser, base):
    context = browser.new_context(viewport={"width": 800, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    story = api_get(page, base, "stories", limit=1)["items"][0]["id"]
    for fragment in ("timeline", "dyad", "network", "map", "stories", f"story/{quote(story, safe='')}", "doc"):
        open_view(page, base, fragment, fragment.split("/")[0])
        assert page.evaluate("document.documentElement.scrollWidth") <= 800, fragment
        for el in page.locator("#stats span, #nav a, #filters > label, main .summary").all():
            box = el.bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 800, (fragment, el.inner_text())
    assert page.locator("#stats").inner_text().endswith("events")
    context.close()
    assert errors == []


def test_dates_show_their_precision(page, base):
    """An article dated only "no earlier than" (a file photo's caption) says so wherever it is shown."""
    found = [a for a in api_get(page, base, "events", limit=1000)["items"] if a["report_date_label"].startswith("≥")]
    assert found
    event = next(e for e in found if e["date"]["label"] == "-")
    article = api_get(page, base, f"articles/{quote(event['article_id'], safe='')}")
    open_view(page, base, f"doc/{quote(article['id'], safe='')}", "doc")
    assert f"Date: {article['date']['label']}, {article['date']['basis']}" in page.locator(".doc-meta").inner_text()
    assert page.locator(f'.event-card[data-event="{event["id"]}"] dd').nth(3).inner_text() == f"~{event['report_date_label']}"
    open_view(page, base, f"story/{quote(article['story'], safe='')}", "story")
    assert article["date"]["label"] in page.locator("table.articles").inner_text()
    open_view(page, base, f"timeline?article={quote(article['id'], safe='')}", "timeline")
    assert f"~{event['report_date_label']}" in column(page, 1)
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
    assert found["total"] >= 1  # a sentence that reports the attack again, in its mentions
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
    follow(page, page.locator(".map .spot").first, "map")
    assert_inert(page)
