# Every target sets itself up: `make test` on a bare machine creates .venv, installs the
# project with its extras and dev tools, then runs lint, types, the generated-code checks
# and the tests.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
# The vendor's published client (Python >= 3.12 only), for the sandbox's fidelity test.
VENDOR_VENV := .venv-vendor
VENDOR_STAMP := $(VENDOR_VENV)/.installed-stamp
VENDOR_CLIENT := timeback-caliper==0.4.0
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

$(VENDOR_STAMP):
	@py=""; for cand in "env PYENV_VERSION=3.12.1 python3.12" python3.12 python3.13; do \
	  if $$cand -c 'import sys; assert sys.version_info >= (3, 12)' >/dev/null 2>&1; then py="$$cand"; break; fi; \
	done; \
	if [ -z "$$py" ]; then \
	  echo "note: no Python >= 3.12 here; the vendor-client test will be skipped"; \
	elif $$py -m venv $(VENDOR_VENV) && $(VENDOR_VENV)/bin/python -m pip install --quiet \
	    --disable-pip-version-check "$(VENDOR_CLIENT)"; then \
	  touch $(VENDOR_STAMP); \
	else \
	  echo "note: could not install $(VENDOR_CLIENT); the vendor-client test will be skipped"; \
	  rm -rf $(VENDOR_VENV); \
	fi

install: $(STAMP) $(VENDOR_STAMP)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy timeback_caliper tests benchmarks examples scripts
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
	rm -rf $(VENV) $(VENDOR_VENV) .pytest_cache .mypy_cache .ruff_cache dist build
