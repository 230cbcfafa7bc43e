# The two commands: `make demo` runs thidua with the seed scenarios, `make test` runs the tests.
# Both set up everything they need on a fresh machine (a virtualenv from PyPI).

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# Tests run in TEST_WORKERS processes (pytest-xdist), each with its own test database and
# folders, whole files to each; TEST_WORKERS=0 runs them in this one process.
TEST_WORKERS ?= 2
PYTEST_ARGS ?=
XDIST := $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist loadfile)

.PHONY: demo test install lint format bench messages clean-demo

$(STAMP): requirements/base.txt requirements/test.txt requirements/textimport.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements/test.txt
	touch $(STAMP)

install: $(STAMP) messages

messages: $(STAMP)
	$(PY) manage.py compile_translations

demo: install
	DEBUG=1 $(PY) manage.py migrate --noinput
	DEBUG=1 $(PY) manage.py load_demo
	@echo "thidua runs on http://$(HOST):$(PORT)/ — demo logins are in README.md (password: thidua-demo)"
	DEBUG=1 $(PY) manage.py run_demo --addrport $(HOST):$(PORT)

test: install
	$(BIN)/pytest thidua $(XDIST) $(PYTEST_ARGS)
	$(BIN)/pytest e2e $(XDIST) $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Benchmarks print their figures (README, "Performance"); the synthesis one at full
# scale takes long: see its --help for smaller runs.
bench: install
	$(PY) bench/bench_tree.py
	$(PY) bench/bench_extract.py
	$(PY) bench/bench_synthesis.py
	$(PY) bench/bench_offline.py

clean-demo:
	rm -f thidua.sqlite3 thidua.sqlite3-wal thidua.sqlite3-shm
