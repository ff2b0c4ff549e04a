# make run: create .venv, install, build the seed graph, write the explorer page, print a summary.
# make test: install with test dependencies and run the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

run: install
	$(BIN)/kg build seeds -o out/graph.ttl
	$(BIN)/kg viz out/graph.ttl -o out/graph.html

test: install-test
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) out .pytest_cache
