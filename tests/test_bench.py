"""`casus bench`: the bare parse and casus over the same documents in one run, each side counted
whole, with casus's CPU seconds by component and peak memory."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from casus.cli import app


def test_bench_reports_every_side_over_the_same_documents(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text("".join(json.dumps({"id": f"d{i}", "text": f"Rebels attacked an army post near Kadugli on "
                                                             f"Monday, officials said. Report {i}."}) + "\n"
                              for i in range(3)))
    r = CliRunner().invoke(app, ["bench", str(corpus), "--jobs", "1", "--jobs", "2"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert lines[0].startswith("corpus: 3 documents, 39 words")
    for side in ("bare spaCy nlp.pipe", "casus --jobs 1", "casus --jobs 2"):
        assert any(line.startswith(side + " ") and "peak" in line for line in lines), side
    assert any(line.startswith("casus --jobs 1 / bare parse:") for line in lines)
    assert any(line.startswith("casus --jobs 2 / --jobs 1:") for line in lines)
    assert any(line.startswith("casus --jobs 2 CPU seconds by component: clean") and "links" in line
               for line in lines)
    assert any("3 articles" in line and "events" in line for line in lines)


def test_bench_rounds_keep_each_side_once_at_its_best(tmp_path):
    corpus = tmp_path / "c.jsonl"
    corpus.write_text(json.dumps({"id": "d", "text": "Rebels attacked an army post near Kadugli on Monday."}) + "\n")
    r = CliRunner().invoke(app, ["bench", str(corpus), "--jobs", "1", "--rounds", "2"])
    assert r.exit_code == 0, r.output
    lines = r.stdout.splitlines()
    assert "each side the best of 2 rounds" in lines[0]
    assert sum(line.startswith("casus --jobs 1 ") and "peak" in line for line in lines) == 1
