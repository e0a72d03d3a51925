# make demo: run the system on simulated cameras.  make test: the whole suite.
# Each installs what is missing first (Debian packages, the venv, npm packages, the frontend build).

SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
FRONTEND_SOURCES := $(shell find frontend/src -type f 2>/dev/null) frontend/index.html \
	frontend/vite.config.ts frontend/tsconfig.json frontend/package.json

.PHONY: setup system-packages build demo serve test lint unit bench bench-clean-tree bench-quick \
	vqd-set vqd-set-ci clean

setup: system-packages $(BIN)/.installed build

system-packages:
	@bash scripts/ensure-system-packages.sh

$(BIN)/.installed: pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,sim]"
	@touch $@

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

frontend/dist/index.html: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && npm run build

build: frontend/dist/index.html

bench/clients/node_modules/.installed: bench/clients/package-lock.json
	cd bench/clients && npm ci --no-audit --no-fund
	@touch $@

demo: setup
	$(BIN)/command-center demo --config config/demo.yaml

serve: setup
	$(BIN)/command-center serve --config config/demo.yaml

lint: $(BIN)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/lint-imports

unit: $(BIN)/.installed
	$(BIN)/pytest tests/unit -q

test: setup lint
	cd frontend && npm test --silent
	$(BIN)/pytest -q -ra

# The labelled clips of real photographs the video checks are scored on (var/vqd-set, never
# committed): the Debian photographs first, then only the clips whose parameters changed.
vqd-set: $(BIN)/.installed
	@bash scripts/ensure-system-packages.sh mate-backgrounds plasma-workspace-wallpapers \
		lomiri-wallpapers-20.04
	$(BIN)/python -m bench.vqd_set --slice full --out var/vqd-set

# Two scenes, every fault at medium and high: small enough for make test.
vqd-set-ci: $(BIN)/.installed
	$(BIN)/python -m bench.vqd_set --slice ci --out var/vqd-set-ci

# Every benchmark at one commit: refused on a tree with uncommitted changes unless
# ALLOW_DIRTY=1 (whose figures go to var/bench-dirty/, never to bench/results). vqd-set builds
# the evaluation set bench.vqd_accuracy reads (`python -m bench.vqd_set`). bench.ingest runs
# bench.takeover. About an hour on 2 cores.
bench: bench-clean-tree setup bench/clients/node_modules/.installed vqd-set
	$(BIN)/python -m bench.vqd_accuracy
	$(BIN)/python -m bench.vqd_speed
	$(BIN)/python -m bench.vqd_latency
	$(BIN)/python -m bench.ingest
	$(BIN)/python -m bench.hub
	$(BIN)/python -m bench.attacks

bench-clean-tree:
	@bash scripts/bench-clean-tree.sh

# Every benchmark run small into a temporary directory; fails on a crash or a missing output.
bench-quick: setup bench/clients/node_modules/.installed
	@PYTHON=$(BIN)/python bash scripts/bench-quick.sh

clean:
	rm -rf $(VENV) frontend/node_modules frontend/dist bench/clients/node_modules var
