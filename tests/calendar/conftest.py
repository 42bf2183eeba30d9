"""Calendar fixtures: the engine's in-file SQLite session."""

from tests.engine.conftest import session  # noqa: F401
