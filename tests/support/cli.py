"""Run the ``qms`` command as an operator does: a subprocess against an instance folder."""

import os
import subprocess
import sys

from tests.support.server import ROOT
from tests.support.tiers import require_tier


def qms(instance, *args, input_text=None):
    """Run ``python -m server.cli *args`` with ``instance`` as its instance folder."""
    require_tier("slow")
    env = dict(os.environ, QMS_INSTANCE=str(instance), PYTHONPATH=str(ROOT),
               QMS_LOG_LEVEL="WARNING")
    return subprocess.run([sys.executable, "-m", "server.cli", *args], cwd=ROOT, env=env,
                          input=input_text, capture_output=True, text=True, timeout=120)
