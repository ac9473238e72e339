# Every target sets itself up: `make test` on a bare machine creates .venv, installs the
# project with its extras and dev tools, then runs lint, types, the generated-code checks
# and the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PYTEST_ARGS ?=

export VENV

.PHONY: help install lint fmt typecheck check-generated codegen test test-fast demo bench sandbox clean

help:
	@echo "make demo             start the sandbox, send events with the client, read them back"
	@echo "make test             lint, mypy --strict, generated-code checks and the test suite"
	@echo "make test-fast        the test suite only"
	@echo "make lint             ruff check + ruff format --check + mypy --strict"
	@echo "make codegen          regenerate generated/ (and the sync twins) from the sources"
	@echo "make check-generated  fail if anything generated differs from its source"
	@echo "make bench            benchmarks (ratios against baselines measured in the same run)"
	@echo "make sandbox          serve the sandbox on 127.0.0.1:8787 until Ctrl-C"

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade "pip>=25.1"
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[sandbox,cli]" --group dev
	@touch $(STAMP)

install: $(STAMP)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy timeback_caliper tests benchmarks
	$(BIN)/mypy --strict generated/timeback_caliper_api

typecheck: lint

fmt: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check-generated: install
	./codegen.sh --check

codegen: install
	./codegen.sh

test: lint check-generated
	$(BIN)/python -m pytest $(PYTEST_ARGS)

test-fast: install
	$(BIN)/python -m pytest $(PYTEST_ARGS)

demo: install
	$(BIN)/python -m timeback_caliper.demo

bench: install
	$(BIN)/python -m benchmarks

sandbox: install
	$(BIN)/python -m timeback_caliper.sandbox --port 8787

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache dist build
