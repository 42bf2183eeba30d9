"""Typed clients generated from the document come out whole and pass their strict checkers:
openapi-python-client under ``mypy --strict``, openapi-typescript under ``tsc --strict``."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from server.api.contract import build_document
from tests.support.tiers import skip_or_fail

pytestmark = [pytest.mark.live, pytest.mark.slow]

TYPESCRIPT = Path(__file__).resolve().parents[1] / "contract" / "ts"  # npm ci by scripts/test.sh
# The generator reads only JSON, text and octet-stream bodies; workbooks and pictures are
# binary files to it, as the document says (format: binary). Its output is only sorted and
# formatted: ruff's default fixes would retype its context managers' arguments to `object`,
# which httpx's typed __exit__ refuses.
CONFIG = {"content_type_overrides": {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        "application/octet-stream",
    "image/svg+xml": "application/octet-stream"},
    "post_hooks": ["ruff check . --fix-only --select=I", "ruff format ."]}


@pytest.fixture(scope="module")
def document(centre, tmp_path_factory):
    path = tmp_path_factory.mktemp("document") / "openapi.json"
    path.write_text(json.dumps(build_document(centre.app())))
    return path


def run(command: list[str], cwd: Path, **env) -> subprocess.CompletedProcess:
    tools = str(Path(sys.executable).parent)  # ruff, mypy of this environment
    return subprocess.run(command, capture_output=True, text=True, timeout=600, cwd=cwd,
                          env=os.environ | {"PATH": tools + os.pathsep + os.environ["PATH"]}
                          | env)


def test_openapi_python_client_generates_every_operation_and_passes_mypy_strict(
        document, tmp_path):
    config = tmp_path / "config.json"
    config.write_text(json.dumps(CONFIG))
    generated = run([sys.executable, "-m", "openapi_python_client", "generate", "--path",
                     str(document), "--output-path", str(tmp_path / "client"), "--meta", "none",
                     "--config", str(config)], tmp_path)
    assert generated.returncode == 0, generated.stdout[-3000:] + generated.stderr[-3000:]
    assert "Warning" not in generated.stdout, generated.stdout[-3000:]
    client = tmp_path / "client"
    # One module per tag, one function module per operation, named by its operation id.
    assert (client / "api" / "feedback" / "close_feedback_message.py").exists()
    assert (client / "api" / "appointments" / "appointment_qr.py").exists()
    operations = sum(1 for _ in (client / "api").glob("*/*.py")) - len(
        list((client / "api").glob("*/__init__.py")))
    assert operations == sum(len(item) for item in json.loads(document.read_text())[
        "paths"].values())
    checked = run([sys.executable, "-m", "mypy", "--strict", "--no-error-summary",
                   "--cache-dir", str(tmp_path / "mypy-cache"), "client"], tmp_path)
    assert checked.returncode == 0 and not checked.stdout, checked.stdout[-3000:]


def test_openapi_typescript_types_pass_tsc_strict(document, tmp_path):
    binaries = TYPESCRIPT / "node_modules" / ".bin"
    if not (binaries / "openapi-typescript").exists() or not (binaries / "tsc").exists():
        skip_or_fail(f"run `npm ci --prefix {TYPESCRIPT}` (scripts/test.sh does, with npm)")
    types = tmp_path / "api.ts"
    generated = run([str(binaries / "openapi-typescript"), str(document), "-o", str(types)],
                    tmp_path)
    assert generated.returncode == 0, generated.stdout[-3000:] + generated.stderr[-3000:]
    assert "⚠" not in generated.stdout + generated.stderr and "warn" not in (
        generated.stdout + generated.stderr).lower(), generated.stdout + generated.stderr
    source = types.read_text()
    assert '"/api/v1/counters/{number}/call-next"' in source
    assert "close_feedback_message" in source  # operations by their ids
    usage = tmp_path / "usage.ts"  # a client's typical use of the types, strictly checked
    usage.write_text(
        'import type { components, operations } from "./api";\n'
        'type Ticket = components["schemas"]["IssuedTicket"];\n'
        'export const shown = (ticket: Ticket): string => `${ticket.number} ${ticket.service}`;\n'
        'type Refusal = operations["call_next"]["responses"][409]["content"]'
        '["application/json"];\n'
        'export const code = (refusal: Refusal): string => refusal.error.code;\n')
    checked = run([str(binaries / "tsc"), "--strict", "--noEmit", "--target", "es2022",
                   "--module", "esnext", "--moduleResolution", "bundler", str(types),
                   str(usage)], tmp_path)
    assert checked.returncode == 0, checked.stdout[-3000:] + checked.stderr[-3000:]
