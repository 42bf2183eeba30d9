"""The test suite.

python-escpos parses its printer capabilities (about 1 s of CPU) at every import unless it
finds them pickled in ``ESCPOS_CAPABILITIES_PICKLE_DIR``; by default that is a new temporary
folder each time. One folder for the run (and the servers and commands it starts, which inherit
the environment) parses them once.
"""

import os
import tempfile
from pathlib import Path

_capabilities = Path(tempfile.gettempdir()) / f"qms-tests-escpos-{os.getuid()}"
_capabilities.mkdir(exist_ok=True)
os.environ.setdefault("ESCPOS_CAPABILITIES_PICKLE_DIR", str(_capabilities))
