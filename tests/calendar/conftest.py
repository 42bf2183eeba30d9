"""Calendar fixtures: the engine's in-file SQLite session."""

from tests.support.engine import session, site  # noqa: F401  (fixtures)
