# The two commands: `make run` and `make test`. Everything else is below them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run serve test setup demo test-browser lint bench clean

# Each command creates its own virtualenv and installs the pinned dependencies
# (again only when requirements/*.txt change).
$(STAMP): requirements/base.txt requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Cần Python 3.11 trở lên")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $(STAMP)

setup: $(STAMP)

## Set up the SQLite database with real units and demo accounts, then serve on :8000
## (with the background task worker, `manage.py worker`, stopped together with the server).
run: $(STAMP)
	$(PY) manage.py migrate --no-input
	$(PY) manage.py load_units
	$(PY) manage.py load_demo
	bash scripts/run.sh

## Production stack on this machine: gunicorn + the task worker (docs/deploy.md; needs SECRET_KEY, ALLOWED_HOSTS).
serve: $(STAMP)
	bash scripts/serve.sh

## ruff, mypy, migrations check, pytest on SQLite, on PostgreSQL, browser tests.
test: $(STAMP)
	bash scripts/test.sh

test-browser: $(STAMP)
	bash scripts/test.sh browser

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) scripts/reflow_templates.py --check templates
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/mypy tuyengiao

## Speed: the unit tree (scripts/bench.py), then report consolidation against DuckDB (scripts/bench_reports.py,
## docs/performance.md). SQLite by default; DATABASE_URL=postgresql://… uses that (scratch!) database.
bench: $(STAMP)
	$(PY) scripts/bench.py; tree=$$?; $(PY) scripts/bench_reports.py || exit $$?; exit $$tree

clean:
	rm -rf $(VENV) var htmlcov .coverage test-artifacts
