"""What the OpenAPI and AsyncAPI checks share: the served document, read once per server,
and its schemas compiled once each."""

import hashlib
from collections.abc import Callable
from typing import TypeVar

import jsonschema_rs
import requests

Checker = TypeVar("Checker")
_by_document: dict[tuple, object] = {}


class SchemaValidators:
    """Validators of schemas that refer to a document's ``components``, compiled once each."""

    def __init__(self, components: dict):
        self.components = components
        self.compiled: dict[str, jsonschema_rs.Draft202012Validator] = {}

    def of(self, schema: dict) -> jsonschema_rs.Draft202012Validator:
        key = repr(schema)
        if key not in self.compiled:
            self.compiled[key] = jsonschema_rs.Draft202012Validator(
                schema | {"components": self.components}, validate_formats=True)
        return self.compiled[key]


def served_checker(cache: dict[str, Checker], base_url: str, path: str,
                   make: Callable[[dict], Checker]) -> Checker:
    """Return the checker made from the document at ``base_url + path``, read once."""
    if base_url not in cache:
        response = requests.get(base_url + path, timeout=10)
        response.raise_for_status()
        # Servers serving the same document (each in-process app) share its checker, and
        # so the schemas it has compiled.
        key = make, hashlib.sha256(response.content).digest()
        if key not in _by_document:
            _by_document[key] = make(response.json())
        cache[base_url] = _by_document[key]
    return cache[base_url]
