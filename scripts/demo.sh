#!/usr/bin/env bash
# Set up and run a demo centre: a virtualenv, the package, a seeded database, the server.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
export QMS_INSTANCE=${QMS_INSTANCE:-$PWD/instance}
if [ ! -f "$QMS_INSTANCE/demo.txt" ]; then
  .venv/bin/qms init --demo
else
  .venv/bin/qms init
  cat "$QMS_INSTANCE/demo.txt"
fi
HOST=${QMS_HOST:-127.0.0.1}
PORT=${QMS_PORT:-5000}
echo "Mở / open: http://$HOST:$PORT/login  ·  kiosk, display, counter pages: see README"
exec .venv/bin/qms run --host "$HOST" --port "$PORT"
