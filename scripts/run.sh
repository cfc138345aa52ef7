#!/usr/bin/env bash
# `make run`: the task worker in the background (imports of large spreadsheets wait for it), then the
# development server in the foreground. When the server stops (Ctrl+C), the worker stops with it.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

$PY manage.py worker --verbosity 0 &
worker=$!
trap 'kill "$worker" 2>/dev/null || true; wait "$worker" 2>/dev/null || true' EXIT INT TERM
echo "Tác vụ nền: manage.py worker (pid $worker) đang chạy."
echo "Cổng thông tin (không cần đăng nhập): http://127.0.0.1:8000/cong/dak-lak/"
$PY manage.py runserver 127.0.0.1:8000
