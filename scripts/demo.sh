#!/usr/bin/env bash
# Set up and run a demo centre: a virtualenv, the package, a seeded database, the server.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
# The locked versions with their hashes (scripts/lock.sh refreshes them), then qms itself.
.venv/bin/python -m pip install --quiet --require-hashes -r requirements/run.txt
.venv/bin/python -m pip install --quiet --no-deps -e .
export QMS_INSTANCE=${QMS_INSTANCE:-$PWD/instance}
if [ ! -f "$QMS_INSTANCE/demo.txt" ]; then
  .venv/bin/qms init --demo
else
  .venv/bin/qms init
  cat "$QMS_INSTANCE/demo.txt"
fi
HOST=${QMS_HOST:-127.0.0.1}
PORT=${QMS_PORT:-5000}
token() { sed -n "s/^Mã thiết bị $1 .*: //p" "$QMS_INSTANCE/demo.txt"; }
cat <<EOF
Mở / open:
  Máy lấy số / kiosk:        http://$HOST:$PORT/kiosk/?token=$(token kiosk)
  Màn hình chờ / TV:         http://$HOST:$PORT/display/?token=$(token display)
  Đánh giá quầy 1 / vote:    http://$HOST:$PORT/vote/?token=$(token vote-pad)
  Cán bộ, quản lý / staff:   http://$HOST:$PORT/login
EOF
exec .venv/bin/qms run --host "$HOST" --port "$PORT"
