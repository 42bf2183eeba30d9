"""A typed client generated from the document (openapi-python-client) comes out whole."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from server.api.contract import build_document

pytestmark = [pytest.mark.live, pytest.mark.slow]

# The generator reads only JSON, text and octet-stream bodies; workbooks and pictures are
# binary files to it, as the document says (format: binary).
CONFIG = {"content_type_overrides": {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        "application/octet-stream",
    "image/svg+xml": "application/octet-stream"}}


def test_openapi_python_client_generates_every_operation(centre, tmp_path):
    document = tmp_path / "openapi.json"
    document.write_text(json.dumps(build_document(centre.app())))
    config = tmp_path / "config.json"
    config.write_text(json.dumps(CONFIG))
    tools = str(Path(sys.executable).parent)  # the generator formats its output with ruff
    run = subprocess.run(
        [sys.executable, "-m", "openapi_python_client", "generate", "--path", str(document),
         "--output-path", str(tmp_path / "client"), "--meta", "none", "--config", str(config)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path,
        env=os.environ | {"PATH": tools + os.pathsep + os.environ.get("PATH", "")})
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert "Warning" not in run.stdout, run.stdout[-3000:]
    client = tmp_path / "client"
    # One module per tag, one function module per operation, named by its operation id.
    assert (client / "api" / "feedback" / "close_feedback_message.py").exists()
    assert (client / "api" / "appointments" / "appointment_qr.py").exists()
    operations = sum(1 for _ in (client / "api").glob("*/*.py")) - len(
        list((client / "api").glob("*/__init__.py")))
    assert operations == sum(len(item) for item in json.loads(document.read_text())[
        "paths"].values())
