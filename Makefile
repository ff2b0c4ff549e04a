# make run: create .venv, install, build the seed graph, write the explorer page, print a summary.
# make test: install with test dependencies and run the test suite.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test eval install install-test browser bench bench-real mutation clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

# The browser test drives Debian's Chromium (never a downloaded browser). Install it
# where we can (root with apt-get); elsewhere the test skips and says so loudly.
browser:
	@if [ ! -x /usr/bin/chromium ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
	      || echo "WARNING: could not install chromium: the explorer browser test will be SKIPPED"; \
	  else echo "WARNING: /usr/bin/chromium is missing: the explorer browser test will be SKIPPED"; fi; \
	fi

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# --into: a second make run keeps the articles a user has added to out/graph.ttl since.
run: install
	$(BIN)/kg build seeds --into out/graph.ttl
	$(BIN)/kg viz out/graph.ttl -o out/graph.html
	@echo "kg is installed in $(BIN): run $(BIN)/kg --help, or '. $(BIN)/activate' first to type kg alone"

test: install-test browser
	$(BIN)/python -m pytest -q

# Comparisons with ../shared/ (the reference scorer, the development set of real articles): never part of
# make test, which needs nothing beside the project.
SHARED := ../shared
eval: install
	@if [ ! -f $(SHARED)/eval/score.py ]; then echo "$(SHARED)/ is absent: make eval compares with its reference scorer and development set"; exit 0; fi; \
	echo "== seeds"; $(BIN)/python $(SHARED)/eval/score.py --gold $(SHARED)/gold --inputs seeds --build "$(BIN)/kg build {input} -o {output} -q" | tail -n 17; \
	echo "== development set (real articles)"; $(BIN)/python $(SHARED)/eval/score.py --gold $(SHARED)/dev/gold --inputs $(SHARED)/dev/texts --build "$(BIN)/kg build {input} -o {output} -q" | tail -n 17; \
	$(BIN)/python bench/eval_agreement.py

# The benchmark (hours on 2 cores): writes bench/results.md, the real articles' table included (REAL below).
# Never part of make test.
bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/throughput.py $(REAL) --sizes 1000,10000 --out bench/results.md

# End-to-end throughput on real articles beside a bare regex scan of the same files (bench/results.md,
# "Real articles"), for each folder and its first 1,000 and 10,000 articles: REAL names the folders, e.g.
# REAL="../shared/corpus/vietnews /data/vietnews-100k" (the VietNews data set, fetched outside the
# repository; bench/throughput.py says how to select it).
REAL ?= $(SHARED)/corpus/vietnews
bench-real: install
	$(BIN)/python bench/throughput.py $(REAL) --sizes 1000,10000 --out bench/results.md

# Mutation testing of the core (mutmut, config in pyproject.toml; hours on 2 cores): the surviving
# mutants, by module, in docs/mutation.md. Never part of make test.
mutation: install-test
	$(BIN)/python -m pip install -q -e '.[mutation]'
	rm -rf mutants && $(BIN)/mutmut run --max-children 2; $(BIN)/mutmut results

clean:
	rm -rf $(VENV) out .pytest_cache mutants
