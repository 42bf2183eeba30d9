#!/usr/bin/env bash
# Refresh the locked, hashed requirements after changing dependencies in pyproject.toml:
#   ./scripts/lock.sh            (then commit requirements/*.txt)
# requirements/run.txt is what `scripts/demo.sh` and the Dockerfile install; requirements/test.txt
# adds the test tools for `scripts/test.sh` and CI. Both pin every package with its hashes.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
"$PYTHON" -m venv "$tools"
"$tools/bin/pip" install --quiet "pip-tools>=7.4"
mkdir -p requirements
compile() {
  "$tools/bin/pip-compile" --quiet --generate-hashes --allow-unsafe --strip-extras \
    --no-emit-index-url --no-emit-find-links --resolver=backtracking "$@" pyproject.toml
}
compile --extra gevent --output-file requirements/run.txt
compile --extra test --extra gevent --output-file requirements/test.txt
echo "requirements/run.txt and requirements/test.txt refreshed"
