# Two commands do all the set-up: `make demo` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test install bench clean

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

clean:
	rm -rf $(VENV) casus.duckdb casus.duckdb.wal
