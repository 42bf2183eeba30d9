"""Reading a request's query string and JSON body into their schemas."""

from typing import TypeVar

from flask import request
from flask.json.provider import DefaultJSONProvider
from pydantic import BaseModel, ValidationError

from ..errors import ApiError, from_validation_error

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


def parse_query(model: type[M]) -> M:
    """Validate the query string against ``model``; parameters it does not name are ignored.

    A model may name, per parameter, the refusal it answers (``refusals``: status, code,
    Vietnamese, English), so a bad ``?date=`` keeps its ``invalid_date`` code; any other
    failure is a 422 ``invalid_query`` naming the fields.
    """
    names = [field.alias or name for name, field in model.model_fields.items()]
    try:
        return model.model_validate({name: request.args[name] for name in names
                                     if name in request.args})
    except ValidationError as error:
        failure = from_validation_error(error)
        failure.code = "invalid_query"
        failure.message = "Tham số truy vấn không hợp lệ."
        failure.message_en = "A query parameter is not valid."
        refusals = getattr(model, "refusals", {})
        for item in error.errors():
            name = str(item["loc"][0]) if item["loc"] else ""
            if name in refusals:
                failure.status, failure.code, failure.message, failure.message_en = (
                    refusals[name])
                break
        raise failure from None
