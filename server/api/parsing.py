"""Reading a request's JSON body into its schema."""

from typing import TypeVar

from flask import request
from pydantic import BaseModel

from ..errors import ApiError

M = TypeVar("M", bound=BaseModel)


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
