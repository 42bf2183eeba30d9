"""What every payload model shares: the base class, ISO 8601 moments and the error body."""

from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer, WithJsonSchema

# A stored moment as ``datetime.isoformat()`` writes it ("+00:00", not pydantic's "Z"): the
# screens and devices parse exactly what they were sent before these were models.
Moment = Annotated[
    datetime,
    PlainSerializer(datetime.isoformat, return_type=str),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]


class Payload(BaseModel):
    """A JSON object that carries exactly the fields named: a new field is documented first.

    A payload model is its own builder: ``TicketView.of(ticket)`` makes it from the domain
    object, ``.dump()`` is what goes on the wire, and the OpenAPI and AsyncAPI documents
    read its schema, so the document and what is sent cannot drift.
    """

    model_config = ConfigDict(extra="forbid")

    def dump(self) -> dict:
        """Return the JSON object sent. A field with a default that was never given (a
        ticket's ``print`` on a replay) is absent, as the answer has always had it."""
        return self.model_dump(mode="json", by_alias=True, exclude_unset=True)


class FieldProblem(BaseModel):
    """One refused field of a 422."""

    field: str = Field(description="dotted path of the field, or (body)")
    problem: str


class ErrorBody(BaseModel):
    """What went wrong: a stable code, Vietnamese then English, and the request's id."""

    model_config = ConfigDict(extra="forbid")  # every field a refusal may carry is typed here

    code: str = Field(description="stable, for programs (e.g. slot_full, wrong_role)")
    message: str = Field(description="Vietnamese, for people")
    message_en: str
    request_id: str = Field(description="also in the X-Request-Id header and the access log")
    details: list[FieldProblem] | None = Field(None, description="the fields refused, on 422")
    come_back_at: datetime | None = Field(
        None, description="409 too_early: when the booked citizen may check in")
    start: datetime | None = Field(None, description="409 too_early: the booked slot's start")


class ErrorResponse(Payload):
    """Every refusal of the API (named apart from its one field, `error`, so a generated
    client does not shadow one with the other)."""

    error: ErrorBody
