#!/usr/bin/env bash
# Set up everything the test suite needs on a fresh machine, then run it.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}

# System packages: Chromium for the browser tests, espeak-ng to check the voice pack.
missing=()
command -v chromium >/dev/null || missing+=(chromium)
command -v espeak-ng >/dev/null || missing+=(espeak-ng)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "Install with your package manager: ${missing[*]}" >&2
  fi
fi

# PostgreSQL and Redis back the database and scale-out tests; start them if installed but down.
if command -v pg_ctlcluster >/dev/null && ! pg_isready -q -h 127.0.0.1 -p 5432; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql)" main start || true
fi
if command -v redis-server >/dev/null && ! redis-cli -h 127.0.0.1 ping >/dev/null 2>&1; then
  redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no || true
fi

[ -x .venv/bin/python ] || "$PYTHON" -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
# The locked versions with their hashes (scripts/lock.sh refreshes them), then qms itself.
.venv/bin/python -m pip install --quiet --require-hashes -r requirements/test.txt
.venv/bin/python -m pip install --quiet --no-deps -e .
# The TypeScript generator and compiler the contract tests check the document with, locked
# with their integrity hashes (tests/contract/ts/package-lock.json); skipped without npm.
if command -v npm >/dev/null; then
  npm ci --prefix tests/contract/ts --no-audit --no-fund --silent
fi
exec .venv/bin/python -m pytest "$@"
