"""Catalogue tests reuse the engine's database and small site."""

from tests.support.engine import session, site  # noqa: F401  (fixtures)
