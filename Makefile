# Sanxiang: `make demo` runs the demo, `make test` runs every check (docs/contributing.md).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export SANXIANG_VAR_DIR ?= $(CURDIR)/var
export MPLCONFIGDIR ?= $(CURDIR)/var/mpl

.PHONY: demo test lint typecheck pytest e2e messages install clean

# setup.py and the C source: the native level hasher is rebuilt when they change.
$(STAMP): pyproject.toml setup.py src/sanxiang/ledger/_levels.c
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $(STAMP)

install: $(STAMP)

demo: $(STAMP)
	$(BIN)/sanxiang migrate --noinput
	$(BIN)/sanxiang load-demo
	$(BIN)/sanxiang runserver 127.0.0.1:8000

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/sanxiang makemigrations --check --dry-run
	$(BIN)/pytest -p no:cacheprovider $(PYTEST_ARGS)

e2e: $(STAMP)
	$(BIN)/pytest -p no:cacheprovider tests/e2e

messages: $(STAMP)
	for locale in src/sanxiang/*/locale; do \
	  (cd $$locale/.. && $(CURDIR)/$(BIN)/sanxiang makemessages -l zh_Hans --no-obsolete >/dev/null \
	   && msgfmt -c -o locale/zh_Hans/LC_MESSAGES/django.mo locale/zh_Hans/LC_MESSAGES/django.po); done

clean:
	rm -rf $(VENV) var
