# The two commands: `make run` and `make test`. Everything else is below them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test setup demo test-browser lint bench clean

# Each command creates its own virtualenv and installs the pinned dependencies
# (again only when requirements/*.txt change).
$(STAMP): requirements/base.txt requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Cần Python 3.11 trở lên")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $(STAMP)

setup: $(STAMP)

## Set up the SQLite database with real units and demo accounts, then serve on :8000.
run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_units
	$(PY) manage.py load_demo
	$(PY) manage.py runserver 127.0.0.1:8000

## ruff, mypy, migrations check, pytest on SQLite, on PostgreSQL, browser tests.
test: $(STAMP)
	bash scripts/test.sh

test-browser: $(STAMP)
	bash scripts/test.sh browser

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy tuyengiao

bench: $(STAMP)
	$(PY) scripts/bench.py

clean:
	rm -rf $(VENV) var htmlcov .coverage test-artifacts
