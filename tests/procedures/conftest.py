"""Catalogue tests reuse the engine's database and small site."""

from tests.engine.conftest import session, site  # noqa: F401  (fixtures)
