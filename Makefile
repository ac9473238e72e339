# Every target sets itself up: `make test` on a bare machine creates one venv per supported
# Python, installs the project with its extras and dev tools, then runs lint, types and the
# generated-code checks on the lowest Python and the test suite on every one.
#
# Interpreters are found by scripts/find-python.sh (pythonX.Y on PATH, else pyenv's versions);
# a missing one fails the target with one line saying which.
LOWEST := 3.11
OTHERS := 3.12 3.13
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
PIP := -m pip install --quiet --disable-pip-version-check
# The vendor's published client (Python >= 3.12 only), for the sandbox's fidelity test.
VENDOR_VENV := .venv-vendor
VENDOR_STAMP := $(VENDOR_VENV)/.installed-stamp
VENDOR_CLIENT := timeback-caliper==0.4.0
PYTEST_ARGS ?=
N ?= 10

export VENV

.PHONY: system-packages help install lint fmt typecheck check-generated codegen docs test test-fast test-repeat \
	$(addprefix test-python,$(OTHERS)) demo inspect bench sandbox screenshots clean

help:
	@echo "make demo             start the sandbox, send events with the client, read them back"
	@echo "make test             lint, mypy --strict, generated-code checks, then the tests on Python $(LOWEST) $(OTHERS)"
	@echo "make test-fast        the test suite only, on Python $(LOWEST)"
	@echo "make test-python3.13  the test suite on one of the other Pythons ($(OTHERS))"
	@echo "make test-repeat N=10 the test suite N times in a row with every core kept busy"
	@echo "make lint             ruff check + ruff format --check + mypy --strict"
	@echo "make codegen          regenerate generated/ (and the sync twins) from the sources"
	@echo "make check-generated  fail if anything generated differs from its source"
	@echo "make bench            benchmarks (ratios against baselines measured in the same run)"
	@echo "make docs             the documentation site, built in strict mode into site/"
	@echo "make screenshots      retake the inspector's pictures in docs/images/"
	@echo "make sandbox          serve the sandbox on 127.0.0.1:8787 until Ctrl-C"
	@echo "make inspect          serve the last demo's sandbox; its inspector is on http://127.0.0.1:8787/_sandbox/"

$(STAMP): pyproject.toml
	@py=$$(scripts/find-python.sh $(LOWEST)) && $$py -m venv --clear $(VENV)
	$(BIN)/python $(PIP) --upgrade "pip>=25.1"
	$(BIN)/python $(PIP) -e ".[sandbox,cli,otel,postgres]" --group dev
	@touch $(STAMP)

# The other Pythons: the same install in .venv-X.Y (the dev group, as the codegen tests run
# the generator).
.venv-%/.installed-stamp: pyproject.toml
	@py=$$(scripts/find-python.sh $*) && $$py -m venv --clear .venv-$*
	.venv-$*/bin/python $(PIP) --upgrade "pip>=25.1"
	.venv-$*/bin/python $(PIP) -e ".[sandbox,cli,otel,postgres]" --group dev
	@touch $@

$(VENDOR_STAMP):
	@py=$$(scripts/find-python.sh 3.12) && $$py -m venv --clear $(VENDOR_VENV)
	$(VENDOR_VENV)/bin/python $(PIP) "$(VENDOR_CLIENT)"
	@touch $(VENDOR_STAMP)

install: $(STAMP)

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

# The pictures of the inspector in the docs, taken in headless Chromium (commit them).
screenshots: install system-packages
	$(BIN)/python scripts/inspector_screenshots.py

docs: install
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict
	@echo "the site is in site/ (open site/index.html)"

test: lint check-generated test-fast $(addprefix test-python,$(OTHERS))

# The outbox tests start a PostgreSQL server of their own (tests/postgres.py), the
# inspector's tests a headless Chromium (tests/inspector/): both from the distribution's
# packages, installed here when missing; without them make stops, saying why.
system-packages:
	@scripts/system-packages.sh

test-fast: install $(VENDOR_STAMP) system-packages
	@echo "== tests on Python $(LOWEST)"
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The browser tests drive the inspector's page (the same files whatever the Python) on
# the lowest Python only; the JSON it reads is tested on every one (tests/sandbox). So do
# the tests marked `scale` (relay processes, a database restart, hundreds of tasks through
# revocations: over a minute of the suite), whose protocol with PostgreSQL and the sandbox
# is the library's, not the interpreter's; the logic under them is tested on every one.
OTHER_PYTHONS_SKIP := --ignore=tests/inspector -m "not scale"

$(addprefix test-python,$(OTHERS)): test-python%: .venv-%/.installed-stamp $(VENDOR_STAMP) system-packages
	@echo "== tests on Python $*"
	VENV=.venv-$* .venv-$*/bin/python -m pytest -p no:cacheprovider $(OTHER_PYTHONS_SKIP) $(PYTEST_ARGS)

test-repeat: install $(VENDOR_STAMP) system-packages
	scripts/test-repeat.sh $(N) $(PYTEST_ARGS)

# The demo keeps its sandbox's database in .demo/; `make inspect` serves it, to look at
# what the demo sent in the sandbox's inspector.
DEMO_DB := .demo/sandbox.db

demo: install
	$(BIN)/python -m timeback_caliper.demo --db $(DEMO_DB)

inspect: install
	$(BIN)/python -m timeback_caliper.sandbox --port 8787 --db $(DEMO_DB)

bench: install $(VENDOR_STAMP) system-packages
	$(BIN)/python -m benchmarks

sandbox: install
	$(BIN)/python -m timeback_caliper.sandbox --port 8787

clean:
	rm -rf .demo $(VENV) $(addprefix .venv-,$(OTHERS)) $(VENDOR_VENV) .pytest_cache .mypy_cache .ruff_cache dist build
