"""Surfaces over a store of the five seeds and the example corpus: the query layer, the
DataFrame API, exports (casus/ACLED/GDELT), the HTTP API, injection strings, watchlists."""

from __future__ import annotations

import inspect
import io
import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from casus import api, query, serve, tables
from casus.cli import app
from casus.events import export as mapping

ROOT = Path(__file__).resolve().parents[1]
STRIKE = "deadly US air strikes against Iran-backed militias at the Syrian-Iraqi border on June 27"
INJECTIONS = ["x' OR '1'='1", "1; DROP TABLE events; --", "') OR 1=1 --", '" OR ""="', "%' --"]
TABLES = ("documents", "articles", "events", "events_clusters", "stories", "actors", "entities", "removed")


@pytest.fixture(scope="module")
def con(seeded_db: Path):
    c = duckdb.connect(str(seeded_db), read_only=True)
    yield c
    c.close()


@pytest.fixture(scope="module")
def client(seeded_db: Path) -> TestClient:
    return TestClient(serve.create_app(seeded_db), base_url="http://127.0.0.1:8765")  # a Host the server answers


def counts(db: Path) -> dict[str, int]:
    with duckdb.connect(str(db), read_only=True) as c:
        return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}


# -- query layer and DataFrame API ---------------------------------------------

def test_type_and_actor_find_the_june_27_strikes(seeded_db: Path) -> None:
    df = api.events(seeded_db, type="ASSAULT", actor="USA", since="2021-06-27", until="2021-06-27")
    assert len(df) >= 2  # the strike sentence is in seeds 003 and 004 (a copy)
    assert set(df["type"]) == {"ASSAULT"}
    under_usa = lambda a: a == "USA" or str(a).startswith("USA.")  # noqa: E731  the actor and its bodies
    assert all(under_usa(s) or under_usa(t) for s, t in zip(df["source_actor"], df["target_actor"]))
    strike = df[df["evidence"].str.contains(STRIKE, regex=False)]
    assert len(strike) == 2 and set(strike["date_value"]) == {"2021-06-27"}
    assert set(strike["mode"]) == {"aerial"} and set(strike["escalation"]) == {-10.0}
    # one real-world event: both reports are in one cluster, and dedup keeps one row
    assert strike["cluster"].nunique() == 1
    deduped = api.events(seeded_db, type="ASSAULT", actor="USA", since="2021-06-27", until="2021-06-27", dedup=True)
    assert deduped["evidence"].str.contains(STRIKE, regex=False).sum() == 1


def test_since_until_narrow_to_overlapping_dates(con) -> None:
    everything = query.events(con, {"type": "ASSAULT"}, limit=None)
    june = query.events(con, {"type": "ASSAULT", "since": "2021-06-01", "until": "2021-06-30"}, limit=None)
    later = query.events(con, {"type": "ASSAULT", "since": "2022-01-01"}, limit=None)
    assert 0 < june["total"] < everything["total"] and 0 < later["total"] < everything["total"]
    assert not {e["id"] for e in june["items"]} & {e["id"] for e in later["items"]}
    for e in june["items"]:
        d = e["date"] if (e["date"]["earliest"] or e["date"]["value"]) else None
        lo = (d["earliest"] or d["value"]) if d else e["report_date"]
        assert lo is None or lo[:10] <= "2021-06-30"
    assert any(STRIKE in e["sentence"] for e in june["items"])
    assert not any(STRIKE in e["sentence"] for e in later["items"])


def test_place_country_text_and_reports_filters(con) -> None:
    baghdad = query.events(con, {"place": "baghdad"}, limit=None)["items"]
    assert baghdad and all("baghdad" in e["place"]["name"].lower() for e in baghdad)
    by_id = query.events(con, {"place": str(baghdad[0]["place"]["geonameid"])}, limit=None)["items"]
    assert {e["id"] for e in by_id} <= {e["id"] for e in baghdad}
    iq, irq = (query.events(con, {"country": c}, limit=None) for c in ("IQ", "irq"))
    assert iq["total"] == irq["total"] > len(baghdad)
    assert all(e["place"] and e["place"]["country"] == "IQ" or "IRQ" in (e["source"]["country"],
               e["target"]["country"]) for e in iq["items"])
    q = query.events(con, {"q": "June 27"}, limit=None)["items"]
    assert q and all(any("june 27" in m["sentence"].lower() for m in [e, *e["mentions"]]) for e in q)
    multi = query.events(con, {"min_reports": 2}, limit=None)["items"]
    assert multi and all(e["independent_reports"] >= 2 for e in multi)
    by_cluster: dict[str, set[str]] = {}
    for e in multi:
        by_cluster.setdefault(e["cluster"], set()).add(e["article_id"])
    assert max(map(len, by_cluster.values())) >= 2  # one event told by two outlets


def test_escalation_weights_follow_type_mode_and_modality(con) -> None:
    scale = query.escalation_scale()
    assert scale["weights"]["ASSAULT"]["aerial"] == -10.0 and scale["weights"]["AID"]["*"] > 0
    assert scale["modality"]["negated"] == 0 and scale["modality"]["threatened"] < scale["modality"]["asserted"]
    rows = query.event_rows(con, {})
    assert len(rows) > 100
    for r in rows:  # the SQL and the Python reading of the scale agree on every stored event
        assert r["escalation"] == query.escalation(r["type"], r["mode"], r["modality"]), r["id"]
    assert {r["escalation"] for r in rows if r["modality"] in ("negated", "hypothetical")} == {0.0}
    threatened = query.escalation("ASSAULT", "aerial", "threatened")
    assert query.escalation("ASSAULT", "aerial", "asserted") < threatened < 0


def test_dyads_series_network_map_timeline(con) -> None:
    dy = query.dyads(con, {}, limit=None)["items"]
    assert [d["events"] for d in dy] == sorted((d["events"] for d in dy), reverse=True)
    top = next(d for d in dy if (d["source"], d["target"]) == ("USA", "IRQ.REB"))
    assert top["escalation"] < 0
    series = query.escalation_series(con, "USA", "IRQ.REB", {}, "month")["items"]
    assert sum(s["events"] for s in series) <= top["events"]
    assert series[-1]["cumulative"] == pytest.approx(sum(s["escalation"] for s in series))
    both = query.escalation_series(con, "USA", "IRQ.REB", {}, "month", both=True)["items"]
    assert sum(s["events"] for s in both) >= sum(s["events"] for s in series)
    net = query.network(con, {"type": "ASSAULT"})
    ids = {n["id"] for n in net["nodes"]}
    assert net["edges"] and all(e["source"] in ids and e["target"] in ids for e in net["edges"])
    assert all(sum(e["types"].values()) == e["events"] == e["types"]["ASSAULT"] for e in net["edges"])
    points = query.map_points(con, {"type": "ASSAULT"})["items"]
    assert points and all(-90 <= p["lat"] <= 90 and len(p["event_ids"]) == min(p["events"], 50) for p in points)
    tl = query.timeline(con, {"type": "ASSAULT", "actor": "USA"}, "month")["items"]
    assert {"period": "2021-06-01", "type": "ASSAULT"}.items() <= next(
        t for t in tl if t["period"] == "2021-06-01").items()
    assert all(t["period"].endswith("-01") for t in tl)
    dated = query.events(con, {"type": "ASSAULT", "actor": "USA", "since": "0001-01-01"}, limit=0)["total"]
    assert sum(t["events"] for t in tl) == dated < query.events(con, {"type": "ASSAULT", "actor": "USA"})["total"]


def test_stories_actors_stats(seeded_db: Path, con) -> None:
    st = api.stories(seeded_db)
    assert len(st) == query.stats(con)["stories"] and st["events"].sum() > 0
    kyiv = api.stories(seeded_db, q="kyiv")
    assert len(kyiv) >= 1 and kyiv["label"].str.contains("Kyiv").all()
    story = query.story(con, kyiv["id"][0])
    assert len(story["articles"]) == story["story"]["articles"] and story["events"]
    actors = api.actors(seeded_db, q="iran")
    assert "IRN" in set(actors["id"]) and actors["events"].is_monotonic_decreasing


# -- exports -------------------------------------------------------------------

@pytest.mark.parametrize("fmt", tables.FORMATS)
@pytest.mark.parametrize("schema", tables.SCHEMAS)
def test_export_round_trips(seeded_db: Path, con, tmp_path: Path, fmt: str, schema: str) -> None:
    strike_id = query.events(con, {"q": STRIKE, "source": "USA"})["items"][0]["id"]
    path = tmp_path / f"events.{fmt}"
    n = api.export(seeded_db, path, fmt, schema, type="ASSAULT")
    back = {"csv": pd.read_csv, "parquet": pd.read_parquet,
            "jsonl": lambda p: pd.read_json(p, lines=True, dtype=False)}[fmt](path)
    assert len(back) == n > 0
    for col in ("article_id", "evidence", "attribution_text", "attribution_kind", "modality", "confidence"):
        assert col in back.columns
    key = {"casus": "id", "acled": "event_id_cnty", "gdelt": "event_id"}[schema]
    strike = back[back[key] == strike_id].iloc[0]
    assert STRIKE in strike["evidence"] and strike["article_id"] == strike_id.split("/")[0]
    if schema == "acled":
        assert {"event_id_cnty", "event_date", "event_type", "sub_event_type", "actor1", "actor2", "inter1",
                "country", "admin1", "location", "latitude", "longitude", "geo_precision", "notes",
                "fatalities"} <= set(back.columns)
        assert str(strike["event_date"])[:10] == "2021-06-27" and int(strike["time_precision"]) == 1
        assert (strike["event_type"], strike["sub_event_type"]) == ("Explosions/Remote violence", "Air/drone strike")
        assert strike["actor1"] == "Military Forces of United States" and int(strike["inter1"]) == 8  # abroad
        assert strike["notes"] == strike["evidence"] and strike["date_basis"] == "event"
    elif schema == "gdelt":
        assert {"GLOBALEVENTID", "SQLDATE", "Actor1Code", "Actor2Code", "EventCode", "EventRootCode", "QuadClass",
                "GoldsteinScale", "NumMentions", "NumSources", "ActionGeo_Lat", "SOURCEURL"} <= set(back.columns)
        assert int(float(strike["SQLDATE"])) == 20210627 and strike["Actor1Code"] == "USA"
        assert int(strike["EventRootCode"]) == int(mapping.cameo({"type": "ASSAULT", "mode": "aerial"})) == 19
        assert str(strike["EventCode"]) == "195" and int(strike["GLOBALEVENTID"]) > 0  # "Employ aerial weapons"
        assert int(strike["QuadClass"]) == 4 and float(strike["GoldsteinScale"]) == -10.0
        codes = {int(c) for c in back["EventRootCode"].dropna()}
        assert codes <= {14, 18, 19, 20}  # (a clash with a crowd is a riot: CAMEO 145, under root 14)
        rows = back[back["EventRootCode"] == 14]
        assert (rows["EventCode"].astype(str) == "145").all()
    else:
        assert strike["date_value"] == "2021-06-27" and strike["source_actor"] == "USA"


def test_export_keeps_unknowns_null(seeded_db: Path) -> None:
    """No value is made up: an event the text does not date has no date of its own, and where a
    schema needs one date per row, the article's date stands in and says so."""
    undated = api.events(seeded_db)["date_value"].isna()
    df = api.events(seeded_db, schema="acled", everything=True)
    assert undated.any() and (df.loc[undated.values, "date_basis"].dropna() == "report").all()
    assert df["fatalities"].isna().any() and df.loc[df["event_type"].isna()].shape[0] > 0  # e.g. CONSULT
    assert api.events(seeded_db, schema="acled")["event_type"].notna().all()  # by default, what ACLED records


def test_csv_cells_cannot_become_spreadsheet_formulas() -> None:
    df = pd.DataFrame({"notes": ["=HYPERLINK(\"http://x.example\",\"click\")", "+1 talks", "@SUM(A1)", "plain"],
                       "escalation": [-10.0, 4.0, -2.5, 0.0]}).convert_dtypes(dtype_backend="pyarrow")
    buf = io.StringIO()
    tables.write(df, buf, "csv")
    back = pd.read_csv(io.StringIO(buf.getvalue()))
    assert list(back["notes"]) == ["'=HYPERLINK(\"http://x.example\",\"click\")", "'+1 talks", "'@SUM(A1)", "plain"]
    assert list(back["escalation"]) == [-10.0, 4.0, -2.5, 0.0]


def test_cli_events_and_export(seeded_db: Path) -> None:
    runner = CliRunner()
    r = runner.invoke(app, ["events", "--db", str(seeded_db), "--type", "ASSAULT", "--actor", "USA",
                            "--since", "2021-06-27", "--until", "2021-06-27", "--format", "csv"])
    assert r.exit_code == 0, r.output
    df = pd.read_csv(io.StringIO(r.stdout))
    assert df["evidence"].str.contains(STRIKE, regex=False).sum() == 2
    r = runner.invoke(app, ["events", "--db", str(seeded_db), "--type", "ASSAULT,THREATEN", "-n", "5", "-f", "jsonl"])
    items = [json.loads(line) for line in r.stdout.splitlines()]
    assert len(items) == 5 and {i["type"] for i in items} <= {"ASSAULT", "THREATEN"}
    r = runner.invoke(app, ["events", "--db", str(seeded_db), "--since", "last week"])
    assert r.exit_code == 2
    r = runner.invoke(app, ["export", "--db", str(seeded_db), "--schema", "gdelt", "--q", "June 27"])
    assert r.exit_code == 0 and "GLOBALEVENTID" in r.stdout.splitlines()[0]
    r = runner.invoke(app, ["stories", "--db", str(seeded_db), "-f", "json"])
    assert r.exit_code == 0 and all("label" in s for s in json.loads(r.stdout))


def test_every_surface_takes_exactly_the_fields_of_query_filters(seeded_db: Path, client: TestClient) -> None:
    """One definition: the CLI options of the filtering commands, the HTTP query parameters of the
    filtering endpoints and GET /api/filters (the dashboard's list) are the fields of query.Filters."""
    from dataclasses import fields

    from typer.main import get_command

    from casus import cli

    names = [f.name for f in fields(query.Filters)]
    specs = {s.name: s for s in query.filter_specs()}
    assert list(specs) == names
    group = get_command(app)
    for name, fn in (("events", cli.events_command), ("export", cli.export_command)):
        own = set(inspect.signature(fn.__wrapped__).parameters) - {"filters"}
        options = [p for p in group.commands[name].params if p.name not in own]
        assert [p.name for p in options] == names, name
        for p in options:
            assert specs[p.name].flag in p.opts and p.help == specs[p.name].help, (name, p.name)
            assert p.multiple == (specs[p.name].type == "array"), (name, p.name)
    paths = client.get("/openapi.json").json()["paths"]
    own = {"limit", "offset", "bucket", "sort", "label"}
    for path in ("/api/events", "/api/events.{fmt}", "/api/timeline", "/api/dyads", "/api/network", "/api/map",
                 "/api/facets", "/api/stories", "/api/escalation"):
        params = [p for p in paths[path]["get"]["parameters"] if p["in"] == "query"]
        taken = [p["name"] for p in params if p["name"] not in own]
        if path == "/api/escalation":  # source, target and both name the dyad, the rest filter its events
            assert sorted(taken) == sorted(names), taken
            assert {p["name"] for p in params if p.get("required")} == {"source", "target"}
            continue
        assert taken == names, path
        assert all(p["description"] == specs[p["name"]].help for p in params if p["name"] in specs), path
    listed = client.get("/api/filters").json()["items"]
    assert [f["name"] for f in listed] == names
    assert all(f == {"name": s.name, "type": s.type, "help": s.help} for f, s in zip(listed, specs.values()))
    assert {f["name"]: f["type"] for f in listed if f["type"] != "string"} == {
        "actor": "array", "source": "array", "target": "array", "both": "boolean", "exact": "boolean",
        "type": "array", "mode": "array", "modality": "array", "min_reports": "integer",
        "min_escalation": "number", "max_escalation": "number", "dedup": "boolean", "historical": "boolean"}
    table = (ROOT / "docs" / "api.md").read_text().split("## Event filters", 1)[1].split("**Dates.**", 1)[0]
    assert all(f"`{n}`" in table and f"`{specs[n].flag}`" in table for n in names)
    # the filters the CLI used to lack answer as over HTTP
    given = {"source": "IRQ.REB", "target": "USA", "both": "true", "exact": "true", "min_escalation": -10,
             "max_escalation": -9}
    over_http = client.get("/api/events", params={**given, "limit": 1000}).json()
    assert over_http["total"] > 0 and all(e["escalation"] <= -9 for e in over_http["items"])
    pairs = {(e["source"]["actor"], e["target"]["actor"]) for e in over_http["items"]}
    assert ("USA", "IRQ.REB") in pairs <= {("USA", "IRQ.REB"), ("IRQ.REB", "USA")}  # `both`: either direction
    r = CliRunner().invoke(app, ["events", "--db", str(seeded_db), "--source", "IRQ.REB", "--target", "USA", "--both",
                                 "--exact", "--min-escalation=-10", "--max-escalation", "-9", "-n", "0", "-f", "json"])
    assert r.exit_code == 0, r.output
    assert [e["id"] for e in json.loads(r.stdout)] == [e["id"] for e in over_http["items"]]
    cluster = over_http["items"][0]["cluster"]
    r = CliRunner().invoke(app, ["events", "--db", str(seeded_db), "--cluster", cluster, "-n", "0", "-f", "jsonl"])
    assert r.exit_code == 0 and {json.loads(line)["cluster"] for line in r.stdout.splitlines()} == {cluster}


# -- HTTP API --------------------------------------------------------------------

def test_http_pagination_is_consistent(client: TestClient) -> None:
    full = client.get("/api/events", params={"type": "ASSAULT", "limit": 1000}).json()
    ids = []
    for offset in range(0, full["total"], 40):
        page = client.get("/api/events", params={"type": "ASSAULT", "limit": 40, "offset": offset}).json()
        assert page["total"] == full["total"] and page["offset"] == offset and len(page["items"]) <= 40
        ids += [e["id"] for e in page["items"]]
    assert ids == [e["id"] for e in full["items"]] and len(set(ids)) == full["total"]
    past = client.get("/api/events", params={"type": "ASSAULT", "offset": full["total"]}).json()
    assert past["items"] == [] and past["total"] == full["total"]
    repeated = client.get("/api/events", params=[("type", "ASSAULT"), ("type", "THREATEN")]).json()
    assert repeated["total"] == client.get("/api/events", params={"type": "ASSAULT,THREATEN"}).json()["total"]


def test_http_event_story_article_and_errors(client: TestClient) -> None:
    e = client.get("/api/events", params={"q": "June 27", "type": "ASSAULT", "limit": 1}).json()["items"][0]
    assert {"id", "source", "target", "place", "date", "attribution", "sentence", "escalation", "cluster",
            "reports", "independent_reports", "outlets", "story", "article_title"} <= set(e)
    one = client.get(f"/api/events/{e['id'].replace('#', '%23')}")
    assert one.status_code == 200 and one.json() == e
    art = client.get(f"/api/articles/{e['article_id'].replace('#', '%23')}").json()
    assert art["text"][e["start"]:e["end"]] == e["sentence"] and e["id"] in {x["id"] for x in art["events"]}
    doc = art["document"]
    assert art["removed"] and all(doc["text"][r["start"]:r["end"]] == r["text"] for r in art["removed"])
    assert all(art["text"][x["start"]:x["end"]] == x["text"] for x in art["entities"] + art["places"] + art["timexes"])
    bare = client.get(f"/api/articles/{doc['id']}").json()
    assert bare["id"] == f"{doc['id']}#0"
    story = client.get(f"/api/stories/{art['story'].replace('#', '%23')}").json()
    assert art["id"] in {a["id"] for a in story["articles"]}
    for url in ("/api/events/nope", "/api/stories/nope", "/api/articles/nope", "/api/nope"):
        r = client.get(url)
        assert r.status_code == 404 and "detail" in r.json()
    for params in ({"since": "yesterday"}, {"until": "2021-13"}, {"limit": 5000}, {"offset": -1},
                   {"min_reports": "many"}):
        assert client.get("/api/events", params=params).status_code == 422, params
    assert client.get("/api/timeline", params={"bucket": "hour"}).status_code == 422
    assert client.get("/api/escalation", params={"source": "USA"}).status_code == 422


def test_http_views_and_dashboard(client: TestClient) -> None:
    stats = client.get("/api/stats").json()
    assert stats["events"] > 100 and stats["clusters"] <= stats["events"] and stats["dates"]["earliest"]
    tl = client.get("/api/timeline", params={"type": "ASSAULT", "bucket": "week"}).json()
    assert tl["bucket"] == "week" and tl["items"]
    esc = client.get("/api/escalation", params={"source": "USA", "target": "IRQ.REB", "both": "true"}).json()
    assert esc["items"] and esc["items"][0]["escalation"] < 0
    assert client.get("/api/network").json()["edges"]
    assert client.get("/api/map").json()["items"]
    assert client.get("/api/dyads", params={"limit": 3}).json()["items"][0]["events"] >= 2
    assert client.get("/api/actors", params={"q": "iran"}).json()["total"] >= 1
    assert "/api/events" in client.get("/openapi.json").json()["paths"]
    assert client.get("/docs").status_code == 404  # Swagger UI would load from a CDN
    if serve.WEB.is_dir():
        page = client.get("/")
        assert page.status_code == 200 and "text/html" in page.headers["content-type"]
        assert "script-src 'self'" in page.headers["content-security-policy"]


# -- what the dashboard shows: dates, totals, orders, downloads, filter lists ----------------

def test_dates_carry_a_label_with_their_precision(con, client: TestClient) -> None:
    label = query.date_label
    assert label({"earliest": "2021-07-12", "latest": "2021-07-18", "precision": "range"}) == "2021-07-12..18 (range)"
    assert label({"earliest": "2021-06-28", "latest": "2021-07-04", "precision": "range"}) == "2021-06-28..07-04 (range)"
    assert label({"earliest": "2016-12-05", "latest": None, "precision": "range"}) == "≥ 2016-12-05"
    assert label({"value": "2030", "earliest": "2030-01-01", "latest": "2030-12-31", "precision": "year"}) == "2030 (year)"
    assert label({"value": "2021-07-13", "earliest": "2021-07-13", "latest": "2021-07-13", "precision": "day"}) == \
        "2021-07-13"
    assert label(None) == "-"
    open_ended = con.execute("SELECT id, date_earliest FROM articles WHERE date_earliest IS NOT NULL"
                             " AND date_latest IS NULL").fetchall()
    assert open_ended  # the seeds date an article only as "no earlier than" (a file photo's caption)
    for article_id, earliest in open_ended:
        art = client.get(f"/api/articles/{article_id.replace('#', '%23')}").json()
        assert art["date"]["label"] == f"≥ {earliest}"
        events = client.get("/api/events", params={"article": article_id, "limit": 1000}).json()["items"]
        assert all(e["report_date_label"] == f"≥ {earliest}" for e in events)
        story = client.get(f"/api/stories/{art['story'].replace('#', '%23')}").json()
        assert next(a for a in story["articles"] if a["id"] == article_id)["date_label"] == f"≥ {earliest}"
    for e in query.events(con, {}, limit=None)["items"]:
        assert e["date"]["label"] == label(e["date"])


def test_event_totals_count_each_real_world_event_once(con, client: TestClient) -> None:
    rows = query.event_rows(con, {"type": "ASSAULT"})
    most: dict[str, tuple[int, int]] = {}
    for r in rows:
        k, i = most.get(r["cluster"] or r["id"], (0, 0))
        most[r["cluster"] or r["id"]] = (max(k, r["killed"] or 0), max(i, r["injured"] or 0))
    answer = client.get("/api/events", params={"type": "ASSAULT", "limit": 0}).json()
    assert answer["items"] == [] and answer["total"] == len(rows)
    assert (answer["killed"], answer["injured"]) == tuple(map(sum, zip(*most.values())))
    assert answer["killed"] < sum(r["killed"] or 0 for r in rows)  # a strike told twice is not twice the dead
    assert client.get("/api/events", params={"q": "no such sentence"}).json() | {"items": []} == {
        "total": 0, "killed": 0, "injured": 0, "limit": 100, "offset": 0, "items": []}


def test_event_lists_sort_by_any_column(client: TestClient) -> None:
    every = sorted(e["id"] for e in client.get("/api/events", params={"limit": 1000}).json()["items"])
    for key in query.SORTS:
        for order in (key, f"-{key}"):
            items = client.get("/api/events", params={"sort": order, "limit": 1000}).json()["items"]
            assert sorted(e["id"] for e in items) == every, order
    killed = [e["killed"] for e in client.get("/api/events", params={"sort": "-killed", "limit": 1000}).json()["items"]]
    known = [k for k in killed if k is not None]
    assert known and known == sorted(known, reverse=True) and killed[:len(known)] == known  # unknown last
    dates = client.get("/api/events", params={"sort": "date", "limit": 1000}).json()["items"]
    starts = [(e["date"]["earliest"] or e["date"]["value"] or e["report_date"]) for e in dates]
    dated = [d for d in starts if d]
    assert dated[0] <= dated[len(dated) // 2] <= dated[-1]
    for bad in ("id", "-", "date;drop table events", "--date"):
        assert client.get("/api/events", params={"sort": bad}).status_code == 422, bad
    with pytest.raises(ValueError, match="unknown sort"):
        query.events(None, {}, sort="sentence")


def test_downloads_are_what_casus_events_writes(seeded_db: Path, client: TestClient) -> None:
    runner = CliRunner()
    for fmt in ("csv", "json"):
        r = client.get(f"/api/events.{fmt}", params={"country": "IQ", "type": "ASSAULT", "sort": "-killed"})
        assert r.status_code == 200 and r.headers["content-disposition"] == f'attachment; filename="casus-events.{fmt}"'
        cli = runner.invoke(app, ["events", "--db", str(seeded_db), "--country", "IQ", "--type", "ASSAULT",
                                  "-n", "0", "-f", fmt])
        assert cli.exit_code == 0, cli.output
        if fmt == "csv":
            got, want = pd.read_csv(io.StringIO(r.text)), pd.read_csv(io.StringIO(cli.stdout))
            assert sorted(got["id"]) == sorted(want["id"]) and list(got.columns) == list(want.columns)
            assert list(got["killed"].dropna()) == sorted(got["killed"].dropna(), reverse=True)
        else:
            assert sorted(e["id"] for e in r.json()) == sorted(e["id"] for e in json.loads(cli.stdout))
    shown = client.get("/api/events", params={"place": "Baghdad", "limit": 1000}).json()
    assert [e["id"] for e in client.get("/api/events.json", params={"place": "Baghdad"}).json()] == \
        [e["id"] for e in shown["items"]]
    assert client.get("/api/events.xml").status_code in (404, 422)
    assert client.get("/api/events.csv", params={"type": "ATTACK"}).status_code == 422


def test_facets_list_the_values_with_events_and_what_each_finds(client: TestClient) -> None:
    everything = client.get("/api/facets").json()
    countries = everything["country"]
    assert 5 < len(countries) < 100 and all(c["events"] > 0 and c["name"] for c in countries)
    assert {"IQ", "US", "IR"} <= {c["value"] for c in countries}
    assert {t["value"] for t in everything["type"]} <= set(query.escalation_scale()["weights"])
    assert "historical" in {m["value"] for m in everything["modality"]}  # listed, so that one can ask for them
    given = {"type": "ASSAULT"}
    facets = client.get("/api/facets", params={**given, "country": "IQ"}).json()
    for name, values in facets.items():
        others = {"type": "ASSAULT", "country": "IQ"}
        others.pop(name, None)
        for v in values:
            found = client.get("/api/events", params={**others, name: v["value"], "limit": 0}).json()["total"]
            assert found == v["events"], (name, v)
    assert facets["type"][0]["value"] == "ASSAULT" and len(facets["type"]) > 1  # its own filter left out


def test_stories_follow_the_event_filters(client: TestClient) -> None:
    every = client.get("/api/stories", params={"limit": 1000}).json()
    iraq = client.get("/api/stories", params={"country": "IQ", "limit": 1000}).json()
    assert 0 < iraq["total"] < every["total"] == len(every["items"])
    for st in iraq["items"]:
        assert st["events"] == client.get("/api/events", params={"country": "IQ", "story": st["id"], "limit": 0}
                                          ).json()["total"] > 0
    ids = {st["id"] for st in iraq["items"]}
    assert ids == {e["story"] for e in client.get("/api/events", params={"country": "IQ", "limit": 1000}
                                                  ).json()["items"]} - {None}
    kyiv = client.get("/api/stories", params={"label": "kyiv"}).json()
    assert kyiv["total"] >= 1 and all("kyiv" in st["label"].lower() for st in kyiv["items"])
    assert client.get("/api/stories", params={"q": "no such sentence"}).json()["total"] == 0


# -- injection, binding, defaults --------------------------------------------------

@pytest.mark.parametrize("bad", INJECTIONS)
def test_injection_strings_match_nothing_and_change_nothing(seeded_db: Path, client: TestClient, bad: str) -> None:
    before = counts(seeded_db)
    for name in ("actor", "source", "target", "country", "type", "modality"):  # codes: an unknown one is an error
        r = client.get("/api/events", params={name: bad})
        assert r.status_code == 422 and "unknown" in r.json()["detail"], (name, bad)
    for name in ("mode", "place", "story", "article", "cluster", "q"):
        r = client.get("/api/events", params={name: bad})
        assert r.status_code == 200 and r.json()["total"] == 0, (name, bad)
        for view in ("/api/timeline", "/api/map"):
            assert client.get(view, params={name: bad}).json()["items"] == [], (view, name)
        assert client.get("/api/network", params={name: bad}).json()["edges"] == []
        assert client.get("/api/dyads", params={name: bad}).json()["total"] == 0
    for name in ("since", "until"):
        assert client.get("/api/events", params={name: bad}).status_code == 422
    assert client.get("/api/escalation", params={"source": bad, "target": bad}).status_code == 422
    for path in ("stories", "actors"):
        assert client.get(f"/api/{path}", params={"q": bad}).json()["total"] == 0
    for path in ("events", "stories", "articles"):
        assert client.get(f"/api/{path}/{bad}").status_code == 404
    assert api.events(seeded_db, q=bad).empty
    with pytest.raises(ValueError, match="unknown actor"):
        api.events(seeded_db, actor=bad)
    assert counts(seeded_db) == before


def test_like_wildcards_are_literal(client: TestClient) -> None:
    """`%` and `_` in a text filter match themselves, not any text."""
    for text in ("%", "_"):
        items = client.get("/api/events", params={"q": text, "limit": 1000}).json()["items"]
        assert all(text in e["sentence"] for e in items)
        assert client.get("/api/events", params={"place": text}).json()["total"] == 0


def test_servers_bind_to_localhost_by_default() -> None:
    assert serve.HOST == "127.0.0.1"
    assert inspect.signature(serve.serve).parameters["host"].default == "127.0.0.1"
    from casus.cli import serve_command

    assert inspect.signature(serve_command).parameters["host"].default.default == "127.0.0.1"


# -- watchlists ----------------------------------------------------------------------

def test_watch_reports_new_matches_once(seeded_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "watch.duckdb"
    shutil.copy(seeded_db, db)
    rules = ROOT / "examples" / "watch.yaml"
    runner = CliRunner()
    first = runner.invoke(app, ["watch", str(rules), "--db", str(db), "--format", "jsonl"])
    assert first.exit_code == 0, first.output
    hits = [json.loads(line) for line in first.stdout.splitlines()]
    strikes = [h for h in hits if h["rule"] == "US strikes on Iraqi militias"]
    assert any(STRIKE in h["event"]["sentence"] for h in strikes)
    assert len({h["event"]["cluster"] for h in strikes}) == len(strikes)  # one line per real-world event
    violent = [h["event"] for h in hits if h["rule"] == "Violence in Iraq that happened"]
    assert violent and all(e["escalation"] <= -9 for e in violent)
    again = runner.invoke(app, ["watch", str(rules), "--db", str(db), "--format", "jsonl"])
    assert again.exit_code == 0 and again.stdout == ""
    everything = api.watch(db, rules, since_last=False)
    assert len(everything) == len(hits)
    bad = tmp_path / "bad.yaml"
    bad.write_text("- name: typo\n  actr: USA\n")
    assert runner.invoke(app, ["watch", str(bad), "--db", str(db)]).exit_code == 2
