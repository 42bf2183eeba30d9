"""One page of a province system's feed over HTTP: its sign-in, size cap and timeout.

Secrets come from an environment variable or a file in the instance folder, never from the
mapping file itself, and never appear in an error message (nor, so, in the logs).
"""

import base64
import json
import os
import urllib.error
import urllib.request
from pathlib import Path

from ..engine.dossier_feed import FeedMapping


class FeedUnavailable(Exception):
    """The feed could not be read this time: down, slow, refused, too large or not JSON."""


def secret(auth: dict[str, str], key: str, instance: Path) -> str:
    """Return the secret ``key`` of ``[auth]`` from ``<key>_env`` or ``<key>_file``."""
    if auth.get(f"{key}_env"):
        value = os.environ.get(auth[f"{key}_env"], "")
        if not value:
            raise FeedUnavailable(f"the environment variable {auth[f'{key}_env']} is not set")
        return value.strip()
    if auth.get(f"{key}_file"):
        path = instance / auth[f"{key}_file"]
        try:
            return path.read_text(encoding="utf-8").strip()
        except OSError as error:
            raise FeedUnavailable(f"cannot read the secret file {path.name}: "
                                  f"{error.strerror}") from error
    raise FeedUnavailable(f"[auth] needs {key}_env or {key}_file")


def auth_headers(mapping: FeedMapping, instance: Path) -> tuple[dict[str, str], list[str]]:
    """Return the headers that sign a request in, and the secrets to keep out of messages."""
    kind = mapping.auth.get("kind", "none")
    if kind == "bearer":
        token = secret(mapping.auth, "token", instance)
        return {"Authorization": f"Bearer {token}"}, [token]
    if kind == "header":
        token = secret(mapping.auth, "token", instance)
        return {mapping.auth.get("header", "X-Api-Key"): token}, [token]
    if kind == "basic":
        password = secret(mapping.auth, "password", instance)
        pair = f"{mapping.auth.get('username', '')}:{password}".encode()
        encoded = base64.b64encode(pair).decode()
        return {"Authorization": f"Basic {encoded}"}, [password, encoded]
    return {}, []


def fetch_json(url: str, headers: dict[str, str], mapping: FeedMapping, secrets: list[str]):
    """GET ``url`` and return its JSON; anything else is ``FeedUnavailable``."""
    request = urllib.request.Request(url, headers={"Accept": "application/json",
                                                   "User-Agent": "qms-dossier-pull",
                                                   **mapping.headers, **headers})
    try:
        with urllib.request.urlopen(request, timeout=mapping.timeout_s) as response:  # noqa: S310
            body = response.read(mapping.max_bytes + 1)
    except urllib.error.HTTPError as error:
        raise FeedUnavailable(_redact(f"HTTP {error.code} {error.reason}", secrets)) from None
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", error)
        raise FeedUnavailable(_redact(f"cannot reach the feed: {reason}", secrets)) from None
    if len(body) > mapping.max_bytes:
        raise FeedUnavailable(f"the page is larger than max_bytes ({mapping.max_bytes})")
    try:
        return json.loads(body)
    except (ValueError, RecursionError) as error:
        raise FeedUnavailable(f"the page is not JSON: {str(error)[:120]}") from None


def _redact(message: str, secrets: list[str]) -> str:
    for value in secrets:
        if value:
            message = message.replace(value, "***")
    return message[:300]
