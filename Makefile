# RCP-OOS. Two commands on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON_BIN ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(PY) -m pip
CONSTRAINTS := requirements/constraints.txt
RUN_DEBS := gettext libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fonts-dejavu-core
TEST_DEBS := $(RUN_DEBS) chromium chromium-driver postgresql-client

.PHONY: run test install install-test messages lint audit lock clean help bench

help:
	@echo "make run   - install, migrate, load referentials and demo data, serve on http://127.0.0.1:8000"
	@echo "make test  - install what the tests need and run the whole suite"
	@echo "make bench - pages under load (gunicorn + wrk, PostgreSQL scale data) and PDF timings"

$(PY):
	@$(PYTHON_BIN) -c 'import sys; assert sys.version_info[:2] == (3, 11), "Python 3.11 is required"'
	$(PYTHON_BIN) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed-base: $(PY) requirements/base.in $(CONSTRAINTS)
	$(PIP) install -q -r requirements/base.in -c $(CONSTRAINTS)
	@touch $@

$(VENV)/.installed-test: $(VENV)/.installed-base requirements/test.in
	$(PIP) install -q -r requirements/test.in -c $(CONSTRAINTS)
	@touch $@

install: $(VENV)/.installed-base
	@scripts/ensure-debian-packages.sh $(RUN_DEBS)

# axe-core (the accessibility check) comes from the npm registry, pinned by package-lock.json.
node_modules/.installed: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is required for the accessibility tests (axe-core): install Node.js 18+ and npm" >&2; exit 1; }
	npm ci --no-audit --no-fund --ignore-scripts
	@touch $@

install-test: $(VENV)/.installed-test node_modules/.installed
	@scripts/ensure-debian-packages.sh $(TEST_DEBS)

messages:
	@$(PY) manage.py compilemessages --ignore=.venv -v0

run: install messages
	@scripts/start-demo.sh

lint: install-test
	$(VENV)/bin/ruff check .

# Security audit, part of `make test` so CI runs it: bandit fails on a medium or high finding
# in the code ([tool.bandit] in pyproject.toml); pip-audit fails on a pinned package with a
# known vulnerability. A package whose advisories cannot be fetched is listed as not audited;
# PIP_AUDIT_FLAGS=--strict makes that an error too, where the advisory service is reachable.
PIP_AUDIT_FLAGS ?=
audit: install-test
	$(VENV)/bin/bandit -q -c pyproject.toml -r . --severity-level medium
	$(VENV)/bin/pip-audit --no-deps --disable-pip --progress-spinner off $(PIP_AUDIT_FLAGS) \
		-r $(CONSTRAINTS)

test: install-test messages lint audit
	$(VENV)/bin/pytest

# The pages under load against a bare Django view (docs/performance.md, "Pages under load"):
# gunicorn and wrk on loopback, PostgreSQL holding the scale data. Figures, never asserted.
# BENCH_ARGS="--seconds 5 --database-url postgres://..." (see --help).
BENCH_ARGS ?=
bench: install
	@scripts/ensure-debian-packages.sh wrk
	$(PY) -m scripts.bench.run $(BENCH_ARGS)
	$(PY) scripts/benchmark_documents.py --cases 30 --repeat 3

lock: $(PY)
	$(PIP) install -q -r requirements/test.in
	$(PIP) freeze --exclude-editable > $(CONSTRAINTS)

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules
