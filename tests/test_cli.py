"""The command line as a new user meets it (issue #22): every command and option works or says
why not, over a store of the bundled example corpus (examples/corpus)."""

from __future__ import annotations

import importlib.metadata
import io
import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

import casus
from casus import api
from casus.cli import app

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "examples" / "corpus"
runner = CliRunner()


def corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".html", ".jsonl"))


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the example corpus (read-only by convention)."""
    path = tmp_path_factory.mktemp("cli") / "casus.duckdb"
    report = api.ingest(corpus_files(), path)
    assert report.new >= 15 and not report.errors
    return path


def cli(*args: str) -> object:
    return runner.invoke(app, [str(a) for a in args])


def ids(db: Path, *args: str) -> set[str]:
    r = cli("events", "--db", db, "-n", "0", "-f", "jsonl", *args)
    assert r.exit_code == 0, r.output
    return {json.loads(line)["id"] for line in r.stdout.splitlines()}


def rows(db: Path, *args: str) -> list[dict]:
    r = cli("events", "--db", db, "-n", "0", "-f", "jsonl", *args)
    assert r.exit_code == 0, r.output
    return [json.loads(line) for line in r.stdout.splitlines()]


# -- version, missing store, crashes --------------------------------------------------

def test_version() -> None:
    r = cli("--version")
    assert r.exit_code == 0
    assert r.stdout.strip() == f"casus {casus.__version__}" == f"casus {importlib.metadata.version('casus')}"


@pytest.mark.parametrize("command", [["stats"], ["events"], ["export"], ["stories"], ["actors", "--seen"],
                                     ["show", "x#0"], ["watch", str(ROOT / "examples" / "watch.yaml")], ["serve"]])
def test_a_missing_store_is_one_line_and_a_failure(tmp_path: Path, command: list[str]) -> None:
    missing = tmp_path / "nowhere.duckdb"
    r = cli(*command, "--db", missing)
    assert r.exit_code == 1
    assert r.output.strip() == f"no store at {missing}: run `casus ingest` first"
    assert not missing.exists()  # reading never makes an empty store


def test_stories_table_renders(db: Path) -> None:
    r = cli("stories", "--db", db)
    assert r.exit_code == 0, r.output
    assert "Lithuania" in r.stdout and "Traceback" not in r.output


# -- filters: errors that name valid values, any case, repeats, the actor hierarchy ---------

def test_unknown_codes_are_errors_naming_the_valid_values(db: Path) -> None:
    r = cli("events", "--db", db, "--type", "ATTACK")
    assert r.exit_code == 2 and "unknown type 'ATTACK'" in r.output and "ASSAULT" in r.output
    r = cli("events", "--db", db, "--modality", "rumoured")
    assert r.exit_code == 2 and "hypothetical" in r.output
    r = cli("events", "--db", db, "--country", "Iraq")
    assert r.exit_code == 2 and "IQ or IRQ" in r.output
    r = cli("events", "--db", db, "--actor", "iran")
    assert r.exit_code == 2 and "unknown actor 'iran'" in r.output and "IRN" in r.output
    r = cli("export", "--db", db, "--actor", "nobody-at-all")
    assert r.exit_code == 2 and "casus actors -q" in r.output
    r = cli("actors", "--type", "warlord")
    assert r.exit_code == 2 and "armed_group" in r.output


def test_codes_are_taken_in_any_case(db: Path) -> None:
    assaults = ids(db, "--type", "ASSAULT")
    assert assaults and ids(db, "--type", "assault") == assaults
    usa = ids(db, "--actor", "USA")
    assert usa and ids(db, "--actor", "usa") == usa
    iraq = ids(db, "--country", "IRQ")
    assert iraq and ids(db, "--country", "iq") == ids(db, "--country", "IQ") == iraq


def test_repeated_options_combine(db: Path) -> None:
    usa, irn = ids(db, "--actor", "USA"), ids(db, "--actor", "IRN")
    assert usa and irn and usa != irn
    assert ids(db, "--actor", "USA", "--actor", "IRN") == usa | irn == ids(db, "--actor", "USA,IRN")
    assert ids(db, "--type", "ASSAULT", "--type", "PROTEST") == ids(db, "--type", "ASSAULT") | ids(db, "--type",
                                                                                                    "PROTEST")


def test_actor_filters_follow_the_hierarchy_unless_exact(db: Path) -> None:
    under = rows(db, "--actor", "USA")
    actors = {x["actor"] for e in under for x in (e["source"], e["target"])}
    assert "USA.MIL" in actors  # the armed forces are part of the United States
    assert all(any(a and (a == "USA" or a.startswith("USA.")) for a in (e["source"]["actor"], e["target"]["actor"]))
               for e in under)
    exact = rows(db, "--actor", "USA", "--exact")
    assert exact and all("USA" in (e["source"]["actor"], e["target"]["actor"]) for e in exact)
    assert {e["id"] for e in exact} < {e["id"] for e in under}
    assert ids(db, "--actor", "USA.MIL") <= ids(db, "--actor", "USA")
    assert ids(db, "--source", "USA", "--exact") <= ids(db, "--source", "USA")


def test_actors_country_takes_iso2_or_iso3_like_events(db: Path) -> None:
    def listed(*args: str) -> list[str]:
        r = cli("actors", "--limit", "500", "--json", *args)
        assert r.exit_code == 0, r.output
        return [json.loads(line)["id"] for line in r.stdout.splitlines()]

    iraq = listed("--country", "IRQ")
    assert "IRQ" in iraq and "group:kataib-hezbollah" in iraq
    assert listed("--country", "IQ") == listed("--country", "iq") == iraq


# -- reprocess -------------------------------------------------------------------------

ZORVAN = ("KIRKUK, Iraq, May 6 (Reuters) - Fighters of the Zorvan Brigade fired rockets at a police station in "
          "Kirkuk on Monday, killing two officers, police said.\n\n"
          "The Zorvan Brigade said in a statement that it would keep up its attacks.\n")


def snapshot(db: Path) -> dict[str, list]:
    """What the stages after stories stored, in a comparable form."""
    import duckdb

    with duckdb.connect(str(db), read_only=True) as c:
        return {t: sorted(map(str, c.execute(f"SELECT {cols} FROM {t}").fetchall())) for t, cols in (
            ("events", "id, type, mode, modality, source_actor, target_actor, cluster, place, date_value, mentions"),
            ("events_clusters", "*"), ("entities", "*"), ("places", "*"), ("timexes", "*"), ("actors", "id"),
            ("articles", "id, date_value, date_earliest, date_latest, date_precision, story, duplicate_of"))}


def test_reprocess_after_actors_add_puts_the_new_actor_in_events(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CASUS_ACTORS", str(tmp_path / "actors.jsonl"))
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "kirkuk.txt").write_text(ZORVAN)
    db = tmp_path / "casus.duckdb"
    assert cli("ingest", tmp_path / "in", "--db", db).exit_code == 0
    before = snapshot(db)
    assert "group:zorvan" not in str(before["events"])
    r = cli("actors", "add", "Zorvan Brigade", "--type", "armed_group", "--id", "group:zorvan", "--country", "IRQ",
            "--sector", "REB")
    assert r.exit_code == 0, r.output
    r = cli("reprocess", "--db", db, "--stage", "actors")
    assert r.exit_code == 0, r.output
    assert "actors, events replaced" in r.output
    found = rows(db, "--actor", "group:zorvan")
    assert found and all(e["source"]["actor"] == "group:zorvan" for e in found)
    assert found[0]["source"]["name"] == "Zorvan Brigade"
    after = snapshot(db)
    assert after["timexes"] == before["timexes"] and after["places"] == before["places"]  # earlier stages kept
    assert cli("reprocess", "--db", db, "--stage", "actors").exit_code == 0
    assert snapshot(db) == after  # idempotent


def test_reprocess_killed_midway_resumes_to_the_same_store(db: Path, tmp_path: Path) -> None:
    """Reprocessing everything reproduces what ingest stored; killed after a few batches and run
    again, it resumes and ends with the same store."""
    from casus.pipeline import Options

    copy = tmp_path / "copy.duckdb"
    shutil.copy(db, copy)
    seen = []

    def kill(item: object) -> None:
        seen.append(item)
        if len(seen) == 6:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        api.reprocess(copy, "analyse", Options(batch_size=3), on_item=kill)
    r = cli("reprocess", "--db", copy)
    assert r.exit_code == 0, r.output
    assert r.output.startswith("resumed: ") and "documents" in r.output
    assert snapshot(copy) == snapshot(db)


def test_reprocess_says_which_stages_it_can_run(db: Path) -> None:
    r = cli("reprocess", "--db", db, "--stage", "clean")
    assert r.exit_code == 2 and "analyse, time, places, actors, events" in r.output


# -- exports an ACLED or GDELT user can load ---------------------------------------------------

ACLED_TYPES = {"Battles", "Explosions/Remote violence", "Violence against civilians", "Protests", "Riots",
               "Strategic developments"}
COPY = "wire-003#0"  # a verbatim copy of red_sea_houthi_claim.txt#0 in the example corpus


def export(db: Path, *args: str) -> pd.DataFrame:
    r = cli("export", "--db", db, *args)
    assert r.exit_code == 0, r.output
    return pd.read_csv(io.StringIO(r.stdout), dtype={"EventCode": str, "EventBaseCode": str, "EventRootCode": str})


def test_acled_export_holds_what_acled_would(db: Path) -> None:
    df = export(db, "--schema", "acled")
    assert len(df) >= 20
    assert set(df["event_type"]) <= ACLED_TYPES and df["event_type"].notna().all()
    assert df["actor1"].notna().all() and df["country"].notna().all() and df["iso"].notna().all()
    assert (df["event_date"].notna() | df["date_basis"].isna()).all()  # undated only where no date is known
    assert set(df["date_basis"].dropna()) <= {"event", "report"} and (df["date_basis"] == "event").any()
    assert set(df["modality"]) <= {"asserted", "reported", "claimed"}  # only events that happened
    assert df["cluster"].is_unique  # one row per real-world event
    assert not df["article_id"].eq(COPY).any()
    assert set(df["inter1"].dropna()) <= set(range(1, 9)) and df["inter1"].notna().mean() > 0.8
    assert df["disorder_type"].notna().all()
    assert df["actor1"].str.match(r"(Military|Police) Forces of |Protesters \(|Government of ").any()
    everything = export(db, "--schema", "acled", "--all-events")
    assert len(everything) > len(df) and everything["event_type"].isna().any()


def test_gdelt_export_has_full_cameo_codes_and_consistent_counts(db: Path) -> None:
    df = export(db, "--schema", "gdelt")
    assert len(df) >= 20
    assert str(df["GLOBALEVENTID"].dtype).startswith("int") and df["GLOBALEVENTID"].is_unique
    codes = df["EventCode"]
    assert codes.str.fullmatch(r"\d{3,4}").all()
    assert all(c.startswith(r) and b == c[:3] for c, r, b in zip(codes, df["EventRootCode"], df["EventBaseCode"]))
    assert (~codes.str.endswith("0")).sum() >= 5  # codes the type and mode determine, not only "not specified"
    assert (df["NumMentions"] >= df["NumArticles"]).all() and (df["NumArticles"] >= df["NumSources"]).all()
    assert (df["NumSources"] >= 1).all()
    assert df["DATEADDED"].astype(str).str.fullmatch(r"\d{14}").all()
    assert set(df["IsRootEvent"]) == {0, 1}
    actors = df["Actor1Code"].dropna()
    assert len(actors) and actors.str.fullmatch(r"[A-Z]{3}(?:[A-Z]{3})?").all()
    assert df["ActionGeo_ADM1Code"].dropna().str.fullmatch(r"[A-Z]{2}-\w+").all()
    assert df["ActionGeo_ADM1Code"].notna().any()
    assert set(df["modality"]) <= {"asserted", "reported", "claimed"}


def test_verbatim_copies_add_no_events(db: Path) -> None:
    all_reports = rows(db, "--historical")
    assert any(e["article_id"] == COPY for e in all_reports)
    assert not any(e["article_id"] == COPY for e in rows(db, "--dedup", "--historical"))


def test_api_watch_leaves_the_cli_its_new_events(db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "watch.duckdb"
    shutil.copy(db, copy)
    rules = tmp_path / "rules.yaml"
    rules.write_text("- name: violence\n  type: ASSAULT\n")
    looked = api.watch(copy, rules)
    assert looked and api.watch(copy, rules) == looked  # looking remembers nothing
    assert not any(h["event"]["article_id"] == COPY for h in looked)
    first = cli("watch", rules, "--db", copy, "-f", "jsonl")
    assert first.exit_code == 0 and len(first.stdout.splitlines()) == len(looked)
    again = cli("watch", rules, "--db", copy, "-f", "jsonl")
    assert again.exit_code == 0 and again.stdout == ""


# -- dates with their precision, progress --------------------------------------------------------

def test_dates_are_printed_with_their_precision(db: Path) -> None:
    from casus.cli import when

    assert when({"earliest": "2021-07-12", "latest": "2021-07-18", "precision": "range"}) == "2021-07-12..18 (range)"
    assert when({"earliest": "2021-06-28", "latest": "2021-07-04", "precision": "range"}) == \
        "2021-06-28..07-04 (range)"
    assert when({"earliest": "2016-12-05", "latest": None, "precision": "range"}) == "≥ 2016-12-05"
    assert when({"value": "2021-07", "earliest": "2021-07-01", "latest": "2021-07-31", "precision": "month"}) == \
        "2021-07 (month)"
    assert when({"value": "2021-07-13", "earliest": "2021-07-13", "latest": "2021-07-13", "precision": "day"}) == \
        "2021-07-13"
    article = api.article(db, "nato_lithuania_brigade.html#0")
    r = cli("show", "nato_lithuania_brigade.html#0", "--db", db)
    assert r.exit_code == 0 and f"date {when(article['date'])} ({article['date']['basis']})" in r.stdout


def two_files(folder: Path) -> Path:
    folder.mkdir()
    (folder / "a.txt").write_text("Police arrested 12 protesters in Nairobi on Tuesday, witnesses said.")
    (folder / "b.txt").write_text("Rebels attacked an army post near Goma on Monday, killing three soldiers.")
    return folder


def test_progress_is_a_status_line_off_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from casus import cli as cli_module

    monkeypatch.setattr(cli_module, "STATUS_EVERY", 0)
    db = tmp_path / "s.duckdb"
    r = cli("ingest", two_files(tmp_path / "in"), "--db", db)
    assert r.exit_code == 0, r.output
    assert "ingesting: 1/2 files, 1 documents" in r.stderr and "ingesting: 2/2 files, 2 documents" in r.stderr
    r = cli("reprocess", "--db", db, "--stage", "events")
    assert r.exit_code == 0 and "reprocessing: 2/2 documents" in r.stderr


def test_progress_is_a_bar_on_a_terminal(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from rich.console import Console

    from casus import cli as cli_module

    screen = io.StringIO()
    monkeypatch.setattr(cli_module, "err", Console(file=screen, force_terminal=True, width=120))
    r = cli("ingest", two_files(tmp_path / "in"), "--db", tmp_path / "s.duckdb")
    assert r.exit_code == 0, r.output
    shown = screen.getvalue()
    assert "ingesting" in shown and "2/2" in shown and "━" in shown and "ingesting:" not in shown
