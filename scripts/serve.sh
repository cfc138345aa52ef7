#!/usr/bin/env bash
# `make serve`: the production stack on one machine — gunicorn (WSGI), the task worker as its own process,
# static files by WhiteNoise, PostgreSQL when DATABASE_URL is set (else the embedded SQLite). Both processes
# stop together. Needs SECRET_KEY (or SECRET_KEY_FILE) and ALLOWED_HOSTS; see docs/deploy.md.
#   TG_BIND         address:port gunicorn listens on (default 127.0.0.1:8000; the reverse proxy points here)
#   TG_WEB_WORKERS  gunicorn worker processes (default 2 × cores + 1)
#   TG_SSL_REDIRECT false when trying it without TLS in front (the default redirects to https)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
export TG_PRODUCTION=true
if [ -z "${SECRET_KEY:-}" ] && [ -z "${SECRET_KEY_FILE:-}" ]; then
  echo "Cần SECRET_KEY hoặc SECRET_KEY_FILE (tạo bằng: python3 -c 'import secrets; print(secrets.token_urlsafe(50))')." >&2
  exit 2
fi
if [ -z "${ALLOWED_HOSTS:-}" ]; then
  echo "Cần ALLOWED_HOSTS (tên miền hoặc địa chỉ IP của máy chủ, cách nhau bằng dấu phẩy)." >&2
  exit 2
fi
bind="${TG_BIND:-127.0.0.1:8000}"
workers="${TG_WEB_WORKERS:-$(( $(nproc) * 2 + 1 ))}"

$PY manage.py migrate --no-input
$PY manage.py collectstatic --no-input --verbosity 0
$PY manage.py load_units
$PY manage.py rollups --missing  # the country's pivot rows, once, after the upgrade that adds them

$PY manage.py worker --verbosity 1 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
echo "Tác vụ nền: manage.py worker (pid $worker). Máy chủ web: gunicorn tại http://$bind/ ($workers tiến trình)."
# Not exec: the trap above must stop the worker when gunicorn stops.
.venv/bin/gunicorn tuyengiao.wsgi \
  --bind "$bind" --workers "$workers" --timeout 120 --graceful-timeout 30 \
  --max-requests 2000 --max-requests-jitter 200 \
  --access-logfile - --error-logfile - --forwarded-allow-ips "${TG_FORWARDED_ALLOW_IPS:-127.0.0.1}"
