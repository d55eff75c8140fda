"""casus installs the ordinary way: pyproject.toml declares every distribution the package
imports (or that its dependencies load lazily for it), with the pins of requirements.lock, and
a fresh venv with plain `pip install .` reads every documented input kind (slow: --slow)."""

from __future__ import annotations

import ast
import gzip
import importlib.metadata as md
import io
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from casus import analyse

ROOT = Path(__file__).resolve().parents[1]

# Modules loaded by name at run time, not by an import statement the scan below can see:
# the spaCy model, and lxml.html.clean (trafilatura and jusText import it for every HTML page;
# since lxml 5.2 it is the separate lxml_html_clean, which lxml's "html_clean" extra may not bring).
LAZY = {analyse.MODEL, "lxml_html_clean"}


def declared() -> dict[str, Requirement]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return {canonicalize_name(r.name): r for r in map(Requirement, deps)}


def imported_modules() -> set[str]:
    """Top-level third-party modules that src/casus imports anywhere (inside functions too)."""
    found = set()
    for path in (ROOT / "src" / "casus").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {a.name.split(".")[0] for a in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "casus"} - {"sre_constants", "sre_parse"}


def test_every_module_casus_needs_comes_from_a_declared_dependency() -> None:
    deps, owners = declared(), md.packages_distributions()
    modules = imported_modules() | LAZY
    assert {"spacy", "trafilatura", "duckdb"} <= modules  # the scan sees the package's imports
    missing = {m: owners.get(m) for m in modules
               if not {canonicalize_name(d) for d in owners.get(m, [])} & deps.keys()}
    assert not missing, f"imported but not declared in pyproject.toml: {missing}"


def test_declared_pins_agree_with_the_lock() -> None:
    lock = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if "==" in line and not line.lstrip().startswith("#"):
            name, version = line.split(";")[0].strip().split("==")
            lock[canonicalize_name(name)] = version
    for name, req in declared().items():
        pins = [s.version for s in req.specifier if s.operator == "=="]
        assert pins and lock.get(name) == pins[0], f"{name}: pyproject {req.specifier}, lock {lock.get(name)}"


PAGE = ("<html><head><title>Strike near Erbil</title></head><body><article><h1>Strike near Erbil</h1>"
        "<p>Two drones struck a base near Erbil on Monday, Iraqi officials said. Nobody was hurt.</p>"
        "<p>The Kurdistan regional government condemned the attack and called for an inquiry.</p>"
        "</article></body></html>")
TEXT = "Police arrested 12 protesters in Nairobi on Tuesday, witnesses said."


def inputs(folder: Path) -> list[Path]:
    """One file of each documented input kind: text, HTML, JSON, JSON Lines, WARC."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    folder.mkdir()
    (folder / "a.txt").write_text(TEXT)
    (folder / "b.html").write_text(PAGE)
    (folder / "c.json").write_text(json.dumps({"id": "c", "text": TEXT.replace("12", "14")}))
    (folder / "d.jsonl").write_text(json.dumps({"id": "d", "text": TEXT.replace("12", "15"), "date": "2024-05-07"})
                                    + "\n")
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.0")
    writer.write_record(writer.create_warc_record("https://news.example.org/e", "response",
                                                  payload=io.BytesIO(PAGE.replace("Monday", "Sunday").encode()),
                                                  http_headers=headers))
    (folder / "e.warc.gz").write_bytes(buf.getvalue())
    assert gzip.decompress(buf.getvalue())[:4] == b"WARC"
    return sorted(folder.iterdir())


@pytest.mark.slow  # about a minute or more: a fresh venv and every dependency installed into it
def test_plain_pip_install_reads_every_input_kind(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    subprocess.run([str(venv / "bin" / "pip"), "install", "-q", str(ROOT)], check=True, env=env)
    files = inputs(tmp_path / "in")
    casus = str(venv / "bin" / "casus")
    for f in files:
        r = subprocess.run([casus, "extract", str(f), "--stage", "clean"], capture_output=True, text=True, env=env)
        assert r.returncode == 0, (f.name, r.stderr)
        docs = [json.loads(line) for line in r.stdout.splitlines()]
        assert docs and all(d["articles"] and d["articles"][0]["text"] for d in docs), (f.name, r.stdout)
    r = subprocess.run([casus, "extract", "-", "--stage", "clean"], input=TEXT, capture_output=True, text=True,
                       env=env)
    assert r.returncode == 0 and "Nairobi" in r.stdout, r.stderr
    db = tmp_path / "s.duckdb"
    r = subprocess.run([casus, "ingest", str(tmp_path / "in"), "--db", str(db)], capture_output=True, text=True,
                       env=env)
    assert r.returncode == 0, r.stderr
    assert "5 new documents" in r.stderr, r.stderr  # one of each kind, none lost
