"""The pipeline's shape: components in data-flow order, imports one way, the parse only where
read, `--jobs` giving the same output, and what is worked out once (outlet, cluster summaries)."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest

from casus import api
from casus.model import Document
from casus.pipeline import STAGES, Options, Run, components, process
from casus.read import read_paths
from casus.store import Store
from conftest import NO_SHARED, SEEDS

ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "src" / "casus"
EXAMPLES = ROOT / "examples" / "corpus"


def imports(path: Path) -> set[str]:
    """The casus modules a file imports, as dotted names (`from casus import x` gives casus.x)."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {a.name for a in node.names if a.name.startswith("casus")}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("casus"):
            out.add(node.module)
            out |= {f"{node.module}.{a.name}" for a in node.names}
    return out


def stage_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in STAGES else None


def test_stage_modules_import_only_the_model_and_earlier_stages():
    for path in SRC.rglob("*.py"):
        own = stage_of("casus." + ".".join(path.relative_to(SRC).with_suffix("").parts))
        if own is None:
            continue
        for module in imports(path):
            assert module != "casus.pipeline" and not module.startswith(("casus.store", "casus.api", "casus.cli")), \
                (path, module)
            other = stage_of(module)
            assert other is None or STAGES.index(other) <= STAGES.index(own), (path, module)


def test_the_cli_and_an_ingest_start_without_pandas():
    """pandas (a third of a second to import) is loaded where a table is made, not by every command."""
    code = "import sys, casus.cli; print('pandas' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_components_have_unique_names_in_stage_order():
    chosen = Run().components
    names = [c.name for c in chosen]
    assert names == ["clean", "stories", "analyse", "time", "places", "actors", "events", "links"]
    assert [STAGES.index(c.stage) for c in chosen] == sorted(STAGES.index(c.stage) for c in chosen)
    assert [c.name for c in chosen if not c.parallel] == ["clean", "stories", "links"]


@pytest.mark.parametrize("stop, readers", [("events", ["time", "actors", "events"]), ("places", ["time"]),
                                           ("analyse", [])])
def test_analyse_parses_for_the_components_that_run_after_it(stop, readers):
    run = Run(options=Options(stop=stop))
    assert [r.name for r in run.component("analyse").readers] == readers


def parsed_sentences(text: str, stop: str) -> list[str]:
    """The sentences of `text` the analyse component parses in a run that stops after `stop`."""
    doc = Document(id="d", text=text, source="-", format="txt")
    for c in Run(options=Options(stop=stop, no_clean=True)).components:
        c([doc])
    return [s.text.strip() for s in doc.articles[0].nlp.sents if any(t.dep_ for t in s)]


def test_a_sentence_is_parsed_only_when_a_later_component_reads_it():
    text = ("The museum in Paris has a new wing.\n"
            "The festival opens on Tuesday.\n"
            "Rebels attacked an army post near Kadugli, officials said.\n")
    assert parsed_sentences(text, "analyse") == []
    assert parsed_sentences(text, "time") == ["The festival opens on Tuesday."]  # its tense dates it
    assert parsed_sentences(text, "events") == ["The festival opens on Tuesday.",
                                                "Rebels attacked an army post near Kadugli, officials said."]


@pytest.mark.parametrize("corpus", ["examples", "seeds"])
def test_jobs_give_the_same_output_and_workers_run_only_per_article_components(corpus):
    """Every stage's output (through events and links) is the same with two worker processes as
    with none, and the workers run the per-article components only: not links, whose run-wide
    clusters a worker's private copy would split (issue #20)."""
    path = EXAMPLES if corpus == "examples" else SEEDS
    if not path.is_dir():
        pytest.skip(NO_SHARED)
    one = [d.to_json(set(STAGES)) for d in api.extract([path], Options(given_date=True))
           if isinstance(d, Document)]  # the corpus's README.md is skipped, with a line saying so
    run = Run(options=Options(given_date=True, jobs=2, batch_size=2))
    two = [d.to_json(set(STAGES)) for batch in process(read_paths([path]), run) for d in batch
           if isinstance(d, Document)]
    assert json.dumps(two, sort_keys=True) == json.dumps(one, sort_keys=True)
    assert any(ev["cluster"] for d in one for a in d["articles"] for ev in a["events"])
    assert run.in_workers == {c.name for c in run.components if c.parallel} == \
        {"analyse", "time", "places", "actors", "events"}
    assert run.seconds["links"] > 0  # linking ran, here


def test_outlet_is_the_url_host_else_the_document_itself():
    assert Document(id="a", text="x", source="f", format="html", url="https://www.Reuters.com:443/x").outlet == \
        "reuters.com"
    doc = Document(id="a", text="x", source="f", format="txt")
    assert doc.outlet == "a"
    doc.rename("a@1234")
    assert doc.outlet == "a@1234"


def test_stored_cluster_summaries_are_the_linkers(tmp_path):
    """Cluster summaries are computed once, by the linker, and stored as they are."""
    run = Run(options=Options(given_date=True))
    for _ in process(read_paths([EXAMPLES]), run):
        pass
    summaries = {c["id"]: c for c in run.component("links").clusters()}
    db = tmp_path / "c.duckdb"
    api.ingest([EXAMPLES], db)
    with Store(db, read_only=True) as store:
        rows = store.query("SELECT * FROM events_clusters")
    assert len(rows) == len(summaries) and any(r["reports"] > 1 for r in rows)
    for r in rows:
        s = summaries[r["id"]]
        assert (r["reports"], r["independent_reports"], r["outlets"], r["first_article"], r["first_date"]) == \
            (s["reports"], s["independent_reports"], s["outlets"], s["first_report"], s["first_date"])


def test_a_store_from_before_the_outlet_column_is_migrated(tmp_path):
    from casus.store import MIGRATIONS

    db = tmp_path / "old.duckdb"
    import duckdb

    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE meta (key VARCHAR PRIMARY KEY, value VARCHAR)")
    for sql in MIGRATIONS[:2]:
        con.execute(sql)
    con.execute("INSERT INTO meta VALUES ('schema_version', '2')")
    con.execute("INSERT INTO documents (hash, id, url, seq) VALUES ('h1', 'd1', 'https://www.bbc.co.uk/news/1', 1),"
                " ('h2', 'd2', NULL, 2)")
    con.close()
    with Store(db) as store:
        assert {r["id"]: r["outlet"] for r in store.query("SELECT id, outlet FROM documents")} == \
            {"d1": "bbc.co.uk", "d2": "d2"}


def test_components_are_built_per_run_with_their_own_state():
    a, b = components(Options(), None, Run().resources), Run().components
    assert a[1] is not b[1] and a[1].index is not b[1].index
