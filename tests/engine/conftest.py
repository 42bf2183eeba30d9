"""Fixtures of the engine suites."""

from tests.support.engine import session, site  # noqa: F401  (fixtures)
