"""What the tests share: where the development data lives, how a test says it needs it,
the benchmarks as modules, and one store of real text parsed once per session.

The real scrapes (`seeds/`) and the development gold sets (`dev/`) live outside the
repository, in `../shared` beside it; a user's clone has no `../shared`. Tests that read
it are marked `needs_shared` (or take the `shared` fixture, or a fixture built on it) and
skip, saying so, when it is absent; every other test runs on text written in the tests or
on files in the repository. Nothing here reads `../shared` at import time.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

import pytest

from casus.api import ingest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"
DEV = SHARED / "dev"

NO_SHARED = "../shared (seeds and dev sets) is not beside the repo"
HAVE_SHARED = SEEDS.is_dir() and DEV.is_dir()

needs_shared = pytest.mark.skipif(not HAVE_SHARED, reason=NO_SHARED)
"""Mark a test (or a module, as `pytestmark`) that reads ../shared."""


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="Also run tests marked slow (over a minute each).")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `slow` (a fresh venv install) run only with --slow: the default run stays quick."""
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared() -> Path:
    """../shared, for fixtures that read it: they, and the tests using them, skip without it."""
    if not HAVE_SHARED:
        pytest.skip(NO_SHARED)
    return SHARED


@cache
def seeds_expected() -> dict:
    """dev/seeds_expected.json: what a careful reader finds in the five seeds. Without
    ../shared, the same keys with nothing in them, so that parametrizing over it at
    collection time gives no cases (the tests doing so are marked `needs_shared`)."""
    if not HAVE_SHARED:
        return {"seeds": {}, "relations": {}, "dates": {}}
    return json.loads((DEV / "seeds_expected.json").read_text(encoding="utf-8"))


@cache
def bench(name: str) -> ModuleType:
    """bench/NAME.py as a module, loaded from its file. The benchmarks are scripts, not a
    package, and putting bench/ on sys.path would put bench/time.py in front of the
    standard library's `time`; the module is registered under `bench_NAME` only."""
    if name != "halves" and "halves" not in sys.modules:  # the one split the scripts share (`from halves import`)
        sys.modules["halves"] = bench("halves")
    spec = importlib.util.spec_from_file_location(f"bench_{name}", ROOT / "bench" / f"{name}.py")
    assert spec is not None and spec.loader is not None, name
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def events_of(tmp_path: Path, text: str, day: str = "2024-03-04") -> list[dict]:
    """The events of a one-article document of our own, published on `day`, through the whole
    pipeline (which parses only the sentences that may tell an event)."""
    from casus.api import extract
    from casus.pipeline import Options

    [doc] = extract([one_article(tmp_path, text, day)], Options(no_clean=True))
    return doc.articles[0].events


def stored(tmp_path: Path, text: str, day: str = "2024-03-04") -> Path:
    """A store holding a one-article document of our own (id "x"), published on `day`, as `casus ingest`
    stores it, to read events back through the API."""
    from casus import api

    db = tmp_path / "c.duckdb"
    api.ingest([one_article(tmp_path, text, day)], db)
    return db


def one_article(tmp_path: Path, text: str, day: str) -> Path:
    """A JSONL input of one document of our own (id "x"), published on `day`."""
    path = tmp_path / "in.jsonl"
    path.write_text(json.dumps({"id": "x", "date": day, "text": text}) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def seeded_db(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A DuckDB store holding the five seeds and the bundled example corpus (read-only by convention)."""
    db = tmp_path_factory.mktemp("seeded") / "casus.duckdb"
    report = ingest([shared / "seeds", ROOT / "examples" / "corpus"], db)
    assert report.new > 0 and not report.errors
    return db
