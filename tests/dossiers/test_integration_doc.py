"""docs/integration.md's pull example, copied as a reader would: the generic JSON feed saved
as feed.json, its mapping file in the instance, and the shell lines run as written (only the
port changed, so parallel runs do not collide): served, dry run, pulled, pulled again."""

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from server.models import Dossier
from server.storage import unit_of_work
from tests.support.centre import provision_demo
from tests.support.server import free_port
from tests.support.tiers import require_tier

pytestmark = [pytest.mark.live, pytest.mark.slow]
DOC = Path(__file__).resolve().parents[2] / "docs" / "integration.md"


def pull_section_blocks() -> tuple[str, str, str]:
    """The feed (json), its mapping (toml) and the command lines (sh) of section 3."""
    text = DOC.read_text(encoding="utf-8")
    section = text[text.index("## 3. Pulling"):text.index("## 4. Events")]
    blocks = re.findall(r"```(\w+)\n(.*?)```", section, re.S)
    feed = next(body for kind, body in blocks if kind == "json")
    mapping = next(body for kind, body in blocks if kind == "toml")
    command = next(body for kind, body in blocks if kind == "sh" and "qms sync dossiers" in body)
    return feed, mapping, command


def test_the_documented_feed_mapping_and_command_line_work_as_written(tmp_path):
    require_tier("slow")
    feed, mapping, command = pull_section_blocks()
    assert "qms sync dossiers --once --source example" in command
    port = str(free_port())
    centre = provision_demo(tmp_path / "instance")
    (centre.instance / "dossier_feeds").mkdir()
    (centre.instance / "dossier_feeds" / "example.toml").write_text(
        mapping.replace("8765", port), encoding="utf-8")
    folder = tmp_path / "feed"
    folder.mkdir()
    (folder / "feed.json").write_text(feed, encoding="utf-8")
    env = dict(os.environ, QMS_INSTANCE=str(centre.instance), QMS_LOG_LEVEL="WARNING",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}")
    shell = subprocess.Popen(["bash", "-e", "-c", command.replace("8765", port)], cwd=folder,
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, start_new_session=True)
    try:
        out, err = shell.communicate(timeout=180)
    finally:
        try:
            os.killpg(shell.pid, signal.SIGKILL)  # the feed's server, if a line failed
        except ProcessLookupError:
            pass
    assert shell.returncode == 0, err
    shown = [line.removeprefix("# ") for line in command.splitlines() if line.startswith("# ")]
    printed = [line for line in out.splitlines() if line.startswith("example:")]
    assert printed == shown and len(shown) == 3
    app = centre.app()
    with unit_of_work(app) as session:
        codes = session.scalars(select(Dossier.code).order_by(Dossier.code)).all()
        statuses = session.scalars(select(Dossier.status).order_by(Dossier.code)).all()
    app.extensions["qms_engine"].dispose()
    assert codes == ["000.00.12.H26-251126-0001", "000.00.12.H26-251126-0002"]
    assert statuses == ["in_progress", "returned"]
