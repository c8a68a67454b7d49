# The one entry point. `make run` and `make test` need only Python 3.11 and make.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# install order: the shared library, the dev-only and test-only distributions, then the services
PACKAGES := libs/common libs/dev libs/testkit services/task-admission services/grid services/enforcement services/evaluation
SERVICES := task-admission grid enforcement evaluation
PYTEST_ARGS ?=

.PHONY: install run test lint format bench migrate openapi asyncapi authorization lifecycles codes docs lock image chart-test clean

# One pip call per package, in PACKAGES' order (a single call installs in an order of its own): a
# script that moved between distributions (grassroots-stack) leaves with the old one first.
$(STAMP): requirements.lock $(foreach p,$(PACKAGES),$(p)/pyproject.toml)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip
	$(BIN)/python -m pip install -q -r requirements.lock
	for p in $(PACKAGES); do $(BIN)/python -m pip install -q --no-deps --no-build-isolation -e $$p || exit 1; done
	touch $@

install: $(STAMP)

run: install  ## the whole suite on SQLite files under var/ and a local broker
	$(BIN)/grassroots-stack

test: install  ## every test, on SQLite (and PostgreSQL when TEST_POSTGRES_URL is set)
	$(BIN)/pytest -q $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy libs/common/src libs/dev/src libs/testkit/src services/*/src
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: install  ## benchmarks (not part of make test); results under tests/bench/results/
	$(BIN)/python -m tests.bench

migrate: install  ## migrate the four databases (DATABASE_URLs from the environment)
	for s in $(SERVICES); do $(BIN)/grassroots-migrate $$s || exit 1; done

openapi: install  ## writes docs/openapi/<service>.json
	$(BIN)/python -m grassroots.common.docs openapi docs/openapi

asyncapi: install  ## writes docs/asyncapi.yaml from the event registry
	$(BIN)/python -m grassroots.common.docs asyncapi docs/asyncapi.yaml

lifecycles: install  ## draws each service's state tables into its README (Mermaid)
	$(BIN)/python -m grassroots.common.docs lifecycles services

authorization: install  ## writes docs/authorization.md from every route's declaration
	$(BIN)/python -m grassroots.common.docs authorization docs/authorization.md

codes: install  ## writes each README's error-code table from the code registry
	$(BIN)/python -m grassroots.common.docs codes services

docs: openapi asyncapi authorization lifecycles codes  ## every generated document

chart-test: install  ## renders, lints and validates the Helm chart (no cluster needed)
	$(BIN)/pytest -q tests/deploy

image:  ## needs a Docker engine
	docker build -f deploy/docker/Dockerfile -t grassroots:dev .

lock:  ## re-pins requirements.lock from requirements.in in a scratch venv
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/python -m pip install -q --upgrade pip
	.lockenv/bin/python -m pip install -q -r requirements.in
	( echo "# Pinned by 'make lock' from requirements.in. Do not edit by hand."; \
	  .lockenv/bin/python -m pip freeze --exclude-editable | grep -v '^grassroots-' ) > requirements.lock
	rm -rf .lockenv

clean:
	rm -rf $(VENV) var
