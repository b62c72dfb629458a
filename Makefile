# styrdok — set up, demo and test. Needs only Python >= 3.11, git and make.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The E-ARK validator pins an old lxml, so it gets a virtual environment of its own.
EARK_VENV := .venv-eark
EARK_STAMP := $(EARK_VENV)/.installed

.PHONY: demo test lint typecheck bench bench-quick clean setup

setup: $(STAMP) $(EARK_STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $(STAMP)

$(EARK_STAMP): requirements-eark.lock
	$(PYTHON) -m venv $(EARK_VENV)
	$(EARK_VENV)/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-eark.lock
	touch $(EARK_STAMP)

demo: $(STAMP)
	@bash tools/demo.sh

test: $(STAMP) $(EARK_STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# The benchmarks' peers (redlines, python-redlines with its Docxodus engine) come from
# requirements-bench.lock. `make bench` runs every script and prints one table.
BENCH_STAMP := $(VENV)/.bench-installed

$(BENCH_STAMP): $(STAMP) requirements-bench.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-bench.lock
	touch $(BENCH_STAMP)

bench: $(BENCH_STAMP)
	$(BIN)/python bench/run_all.py

bench-quick: $(BENCH_STAMP)
	$(BIN)/python bench/run_all.py --quick

clean:
	rm -rf $(VENV) $(EARK_VENV) out .pytest_cache .mypy_cache .ruff_cache
