# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install bench clean fuzz

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml requirements.lock
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	rm -f casus.duckdb casus.duckdb.wal
	$(BIN)/casus ingest examples/corpus --db casus.duckdb
	$(BIN)/casus stats --db casus.duckdb

test: $(STAMP)
	$(BIN)/python -m pytest -q

# Throughput (`casus bench`): the whole pipeline against a bare spaCy parse in the same run, --jobs 1
# and 2 side by side; over the examples, and over ECB+ when ../shared is beside the repo.
bench: $(STAMP)
	$(BIN)/casus bench examples/corpus
	$(if $(wildcard ../shared/dev/ecbplus.jsonl),$(BIN)/casus bench ../shared/dev/ecbplus.jsonl)

# Coverage-guided fuzzing of the readers and the clean stage (not in CI: CI runs the short
# property tests). FUZZ_SECONDS=600 by default; findings are written to .fuzz/.
FUZZ_SECONDS ?= 600
fuzz: $(STAMP)
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[test,fuzz]"
	$(BIN)/python scripts/fuzz.py --seed .fuzz/corpus $(wildcard ../shared/seeds)
	cd .fuzz && ../$(BIN)/python ../scripts/fuzz.py corpus -max_total_time=$(FUZZ_SECONDS) -timeout=30 -rss_limit_mb=4096

clean:
	rm -rf $(VENV) .fuzz casus.duckdb casus.duckdb.wal casus.duckdb.lock
