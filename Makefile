# The two commands: `make run` and `make test`. Everything else is below them.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
BENCH_STAMP := $(VENV)/.installed-bench

.PHONY: run serve test setup demo test-browser guide-screenshots lint bench bench-load clean

# Each command creates its own virtualenv and installs the pinned dependencies
# (again only when requirements/*.txt change).
$(STAMP): requirements/base.txt requirements/dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Cần Python 3.11 trở lên")'
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/dev.txt
	touch $(STAMP)

# Locust and its dependencies, for the load test only (requirements/bench.txt): the bench targets install them.
$(BENCH_STAMP): $(STAMP) requirements/bench.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements/bench.txt
	touch $(BENCH_STAMP)

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

## Retake the user guide's screenshots (docs/huong-dan/anh/) by walking the yearly cycle in Chromium.
guide-screenshots: $(STAMP)
	TG_GUIDE_SHOTS=1 DJANGO_ALLOW_ASYNC_UNSAFE=true DATABASE_URL= $(PY) -m pytest -m browser -p no:randomly -q \
		tests/browser/test_guide_screenshots.py

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) scripts/reflow_templates.py --check templates
	$(VENV)/bin/djlint templates --lint
	$(VENV)/bin/mypy tuyengiao

## Speed: the unit tree (scripts/bench.py), then report consolidation against DuckDB (scripts/bench_reports.py,
## docs/performance.md), then a province's consolidated year through the API against the same call in Python on
## that data (scripts/bench_api.py: fails at 1.5x or more), then the dashboard and the pivot table on the data
## bench_reports.py keeps in var/bench/ (scripts/bench_analytics.py: it must run after bench_reports.py). SQLite by
## default; DATABASE_URL=postgresql://… uses that (scratch!) database. Then the month-end load test (bench-load below),
## then the public portal's load test (scripts/bench_portal.py: anonymous readers of the home page and an article).
bench: $(STAMP) $(BENCH_STAMP)
	$(PY) scripts/bench.py; tree=$$?; $(PY) scripts/bench_reports.py --write-docs || exit $$?; \
	$(PY) scripts/bench_api.py --write-docs || exit $$?; \
	$(PY) scripts/bench_analytics.py --write-docs || exit $$?; \
	$(PY) scripts/bench_load.py --write-docs || exit $$?; \
	$(PY) scripts/bench_portal.py --write-docs || exit $$?; exit $$tree

## Month-end load test (scripts/bench_load.py): 50 Locust users against gunicorn on a scratch PostgreSQL database
## (BENCH_DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/tuyengiao_load, dropped and recreated;
## skipped when PostgreSQL does not answer); writes its figures into docs/performance.md.
bench-load: $(STAMP) $(BENCH_STAMP)
	$(PY) scripts/bench_load.py --write-docs

clean:
	rm -rf $(VENV) var htmlcov .coverage test-artifacts
