"""Every answer of the live API checked against the OpenAPI document the server serves.

The test client (``tests/support/clients.Api``) passes each response here: its status must
be one the operation documents, and a JSON body must match the documented schema. A payload
builder that drifts from its response model, or a route that answers a status it does not
document, fails the test that made the call.
"""

import re

import requests

from tests.support.schemas import SchemaValidators, served_checker

_checkers: dict[str, "ContractChecker"] = {}


class ContractViolation(AssertionError):
    """A response that the served OpenAPI document does not allow."""


class ContractChecker:
    """Match a response to its operation in ``document`` and validate it."""

    def __init__(self, document: dict):
        self.operations = []
        for path, methods in document["paths"].items():
            pattern = re.compile("^" + re.sub(r"\\{[^}/]+\\}", "[^/]+", re.escape(path)) + "$")
            literal = len(re.sub(r"\{[^}]+\}", "", path))  # /feedback/export.csv over {code}
            for method, operation in methods.items():
                self.operations.append((literal, method.upper(), pattern, operation))
        self.operations.sort(key=lambda item: -item[0])
        self.validators = SchemaValidators(document["components"])

    def operation(self, method: str, path: str) -> dict | None:
        """Return the documented operation ``method path`` is, if any."""
        for _literal, verb, pattern, operation in self.operations:
            if verb == method and pattern.match(path):
                return operation
        return None

    def check(self, response: requests.Response) -> None:
        """Raise ContractViolation if ``response`` breaks the document."""
        request = response.request
        path = requests.utils.urlparse(request.url).path
        if not path.startswith("/api/v1/"):
            return
        operation = self.operation(request.method, path)
        if operation is None:
            if response.status_code not in (404, 405):
                raise ContractViolation(f"{request.method} {path} answered "
                                        f"{response.status_code} but is not documented")
            return
        documented = operation["responses"].get(str(response.status_code))
        where = f"{request.method} {path} → {response.status_code}"
        if documented is None:
            raise ContractViolation(f"{where}: status not documented "
                                    f"(documented: {sorted(operation['responses'])})")
        if "X-Request-Id" not in response.headers:
            raise ContractViolation(f"{where}: no X-Request-Id header")
        media_type = response.headers.get("Content-Type", "").split(";")[0].strip()
        content = documented.get("content", {})
        if media_type not in content:
            raise ContractViolation(f"{where}: content type {media_type!r} not documented "
                                    f"({sorted(content)})")
        if media_type == "application/json":
            validator = self.validators.of(content[media_type]["schema"])
            errors = [str(error) for error in validator.iter_errors(response.json())]
            if errors:
                raise ContractViolation(f"{where}: the body does not match the document:\n"
                                        + "\n".join(errors[:3]))



def checker_for(base_url: str) -> ContractChecker:
    """Return the checker of the server at ``base_url`` (its document read once)."""
    return served_checker(_checkers, base_url, "/api/openapi.json", ContractChecker)
