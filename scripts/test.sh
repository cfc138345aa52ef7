#!/usr/bin/env bash
# The whole test suite, in order: lint, types, migrations, pytest on SQLite, pytest
# on PostgreSQL, browser tests. Says what it skipped and why; under CI=true it
# skips nothing (PostgreSQL and Chromium are required, Chromium is installed).
# `scripts/test.sh browser` runs only the browser tests.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export DJANGO_SETTINGS_MODULE=tuyengiao.settings
skipped=()
ci="${CI:-false}"

step() { printf '\n== %s\n' "$*"; }

find_postgres() {
  # DATABASE_URL wins; otherwise try the local server on 127.0.0.1:5432.
  local url="${DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test}"
  if $PY - "$url" <<'PY' 2>/dev/null; then
import sys, psycopg
psycopg.connect(sys.argv[1], connect_timeout=3).close()
PY
    echo "$url"
  fi
}

find_chromium() {
  for candidate in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -n "$candidate" ] && [ -x "$candidate" ]; then echo "$candidate"; return; fi
  done
}

office_ready() {
  command -v soffice >/dev/null 2>&1 && command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1
}

office_tools() {
  # LibreOffice makes the PDFs; poppler's pdftotext/pdftoppm read them back in the tests.
  step "LibreOffice and poppler (PDF exports and the tests that read them)"
  if ! office_ready; then
    if [ "$ci" = "true" ]; then
      bash scripts/install-office.sh
    else
      skipped+=("PDF tests: LibreOffice or poppler-utils not found (run scripts/install-office.sh)")
    fi
  fi
  if office_ready; then soffice --version; pdftotext -v 2>&1 | sed -n 1p; fi
}

browser_tests() {
  step "Browser tests (headless Chromium)"
  local chromium
  chromium=$(find_chromium)
  if [ -z "$chromium" ] && [ "$ci" = "true" ]; then
    bash scripts/install-chromium.sh
    chromium=$(find_chromium)
  fi
  if [ -z "$chromium" ]; then
    skipped+=("browser tests: Chromium not found (install Debian 'chromium' or run scripts/install-chromium.sh)")
    return
  fi
  CHROMIUM="$chromium" DJANGO_ALLOW_ASYNC_UNSAFE=true DATABASE_URL= \
    $PY -m pytest -m browser -p no:randomly --output=test-artifacts/browser -q tests/browser
}

if [ "${1:-}" = "browser" ]; then
  office_tools
  browser_tests
else
  step "ruff"
  .venv/bin/ruff check .
  .venv/bin/ruff format --check .

  step "Templates: reflow check and djLint"
  $PY scripts/reflow_templates.py --check templates
  .venv/bin/djlint templates --lint

  step "mypy"
  .venv/bin/mypy tuyengiao

  step "Pending migrations"
  DATABASE_URL= $PY manage.py makemigrations --check --dry-run

  office_tools

  step "pytest on SQLite (with coverage)"
  DATABASE_URL= $PY -m pytest -m "not browser" --cov --cov-report=term:skip-covered -q

  step "pytest on PostgreSQL"
  pg=$(find_postgres)
  if [ -n "$pg" ]; then
    DATABASE_URL="$pg" $PY -m pytest -m "not browser" -q
  elif [ "$ci" = "true" ]; then
    echo "CI=true but no PostgreSQL is reachable (DATABASE_URL or 127.0.0.1:5432)." >&2
    exit 1
  else
    skipped+=("PostgreSQL tests: no server at \$DATABASE_URL or 127.0.0.1:5432")
  fi

  browser_tests
fi

if [ ${#skipped[@]} -gt 0 ]; then
  if [ "$ci" = "true" ]; then
    printf 'CI=true, yet skipped: %s\n' "${skipped[@]}" >&2
    exit 1
  fi
  printf '\nSKIPPED:\n'
  printf ' - %s\n' "${skipped[@]}"
fi
printf '\nAll test steps passed.\n'
