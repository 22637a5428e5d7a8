# Werkwijzer: `make run` serves the app, `make test` runs every test. Both do their own set-up.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install install-test run serve ingest test lint eval train bench browser postgres clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# torch first, pinned: pip finds this CPU build on local disk; anything else pulls a multi-GB CUDA build.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test browser postgres

# Debian's chromium + chromium-driver for the browser tests (apt-get works as root on CI machines).
browser:
	@if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing chromium and chromium-driver (Debian) for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null) \
		|| echo "WARNING: could not install chromium; browser tests will be skipped"; \
	else echo "WARNING: chromium/chromedriver missing and not root; browser tests will be skipped"; fi

# Debian's postgresql for the PostgreSQL tests (each test run starts its own throw-away cluster).
postgres:
	@if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		echo "Installing postgresql (Debian) for the PostgreSQL tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) \
		|| echo "WARNING: could not install postgresql; PostgreSQL tests will be skipped"; \
	else echo "WARNING: postgresql missing and not root; PostgreSQL tests will be skipped"; fi

ingest: install
	$(BIN)/werkwijzer ingest

run: install
	$(BIN)/werkwijzer ingest
	HOST=$(HOST) PORT=$(PORT) $(BIN)/werkwijzer serve

test: install-test
	$(BIN)/pytest

lint: install-test
	$(BIN)/ruff check assistant ingest api werkwijzer tests bench
	$(BIN)/mypy assistant ingest api werkwijzer

QUESTIONS := bench/data/dev.jsonl bench/data/train.jsonl bench/data/extra.jsonl bench/data/styles.jsonl

# Cross-validated figures: each fold scored with models fitted on the other folds.
eval: install
	$(BIN)/werkwijzer eval $(QUESTIONS) --folds 5

# Refit the shipped models (seeded; needs the index: `make ingest` first).
train: install
	$(BIN)/werkwijzer train $(QUESTIONS)
	# The comparison-cell model reads the unit model's scores: refit it after.
	PYTHONPATH=. $(BIN)/python bench/cells.py --out assistant/data/models

clean:
	rm -rf $(VENV) data .pytest_cache
