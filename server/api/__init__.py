"""The JSON HTTP API under ``/api/v1`` (the blueprint with its routes: :mod:`server.api.routes`).

This package itself imports nothing, so the engine reads its records through
:mod:`server.api.schemas` (pydantic only) without loading Flask.
"""
