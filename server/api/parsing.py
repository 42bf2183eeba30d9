"""Reading a request's JSON body into its schema."""

from typing import TypeVar

from flask import request
from flask.json.provider import DefaultJSONProvider
from pydantic import BaseModel

from ..errors import ApiError

M = TypeVar("M", bound=BaseModel)


class BoundedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, where a body nested too deep to parse is invalid JSON, not a crash.

    Python's parser raises RecursionError past ~1,000 levels; Flask catches only ValueError,
    so a 20,000-deep body was a 500.
    """

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def parse_body(model: type[M]) -> M:
    """Validate the JSON body against ``model``; an absent body counts as ``{}``."""
    if not request.get_data(cache=True):
        return model.model_validate({})
    payload = request.get_json(force=True, silent=True)
    if payload is None:
        raise ApiError(400, "invalid_json", "Dữ liệu gửi lên không phải JSON hợp lệ.",
                       "The body is not valid JSON.")
    if not isinstance(payload, dict):
        raise ApiError(422, "invalid_payload", "Dữ liệu gửi lên phải là một đối tượng JSON.",
                       "The body must be a JSON object.")
    return model.model_validate(payload)
