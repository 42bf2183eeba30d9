"""Dossier fixtures: the engine's in-file SQLite session and small site."""

from tests.support.engine import session, site  # noqa: F401
from tests.votepad.conftest import pads  # noqa: F401
