"""Request schemas: every HTTP body and socket payload is checked against one of these."""

from datetime import date
from typing import Annotated, Literal, TypeVar

from flask import request
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..errors import ApiError
from ..text import without_controls

ServiceCode = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")]
RequestId = Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
TicketNumber = Annotated[str, Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9]+$")]
CounterNumber = Annotated[int, Field(ge=1, le=9999)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _drop_control_characters(cls, value):
        return without_controls(value) if isinstance(value, str) else value


ProcedureCode = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")]


class TicketRequest(Strict):
    """A kiosk asks for a ticket; ``request_id`` makes a retried tap yield the same ticket.

    With ``procedure`` the ticket is for that procedure, in its field at the site; a
    ``service`` given beside it must be that field.
    """

    service: ServiceCode | None = None
    procedure: ProcedureCode | None = None
    priority: bool = False
    request_id: RequestId | None = None

    @model_validator(mode="after")
    def _names_what(self):
        if self.service is None and self.procedure is None:
            raise ValueError("give a service or a procedure")
        return self


class TokenRequest(Strict):
    """Staff credentials exchanged for a bearer token."""

    username: Annotated[str, Field(min_length=1, max_length=64)]
    password: Annotated[str, Field(min_length=1, max_length=256)]


class KioskReprintRequest(Strict):
    """The kiosk asks for the slip of the ticket it has just issued again."""

    public_code: Annotated[str, Field(min_length=4, max_length=32, pattern=r"^[A-Za-z0-9_-]+$")]


class VoteRequest(Strict):
    """A rating from 1 (Không hài lòng) to 4 (Rất hài lòng) for the visit just finished."""

    rating: Annotated[int, Field(ge=1, le=4)]
    reason: Annotated[str, Field(max_length=300)] = ""
    ticket_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None  # a database integer


class EmptyRequest(Strict):
    """An action that takes no parameters."""


class CallRequest(Strict):
    """Call one specific waiting number."""

    number: TicketNumber


class NoShowRequest(Strict):
    """The called citizen did not come; ``requeue`` puts them back at the end of the line."""

    requeue: bool = False


class TransferRequest(Strict):
    """Send the current ticket to another service, another counter, or both."""

    service: ServiceCode | None = None
    counter: CounterNumber | None = None


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


PersonName = Annotated[str, Field(min_length=1, max_length=100)]
Phone = Annotated[str, Field(min_length=9, max_length=20, pattern=r"^[0-9+ .()-]+$")]
SiteCode = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")]
# ISO 8601 local time of a slot, e.g. 2026-11-27T08:15 or with +07:00.
SlotStart = Annotated[str, Field(min_length=16, max_length=32,
                                 pattern=r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z)?$")]


class AppointmentRequest(Strict):
    """A citizen (or another system) books a slot of a service."""

    service: ServiceCode
    start: SlotStart
    name: PersonName
    phone: Phone
    site: SiteCode | None = None


class RescheduleRequest(Strict):
    """Move a booking to another slot of the same service."""

    start: SlotStart


class RemoteTicketRequest(Strict):
    """A citizen takes today's number from the phone page.

    Where the site takes remote numbers only near itself, the phone sends its position.
    """

    service: ServiceCode
    phone: Phone
    site: SiteCode | None = None
    latitude: Annotated[float, Field(ge=-90, le=90, allow_inf_nan=False)] | None = None
    longitude: Annotated[float, Field(ge=-180, le=180, allow_inf_nan=False)] | None = None
    accuracy_m: Annotated[float, Field(ge=0, le=100_000, allow_inf_nan=False)] = 0

    @model_validator(mode="after")
    def _both_or_neither(self):
        if (self.latitude is None) != (self.longitude is None):
            raise ValueError("latitude and longitude come together")
        return self


# Query parameters, as the routes read them (documented in the API contract).

QueryDate = Annotated[date, Field(description="YYYY-MM-DD")]


class SiteQuery(BaseModel):
    """``?site=CODE``; without it, the caller's own site (or the first one)."""

    site: Annotated[str, Field(max_length=32, description="Site code")] | None = None


class QueueQuery(SiteQuery):
    counter: Annotated[int, Field(ge=1, le=999999, description=(
        "A counter number: its tickets in the order call-next takes them"))] | None = None


class ProcedureQuery(SiteQuery):
    q: Annotated[str, Field(max_length=200, description=(
        "Words of the name, code or keywords; tone marks optional"))] | None = None
    service: Annotated[str, Field(max_length=32, description="Only this field")] | None = None
    limit: Annotated[int, Field(ge=1, le=1000, description=(
        "Hits per page: 50 with q, 1000 without"))] | None = None
    offset: Annotated[int, Field(ge=0, le=100000, description=(
        "Hits to skip; the answer's total counts them all"))] | None = None


class SlotQuery(SiteQuery):
    service: Annotated[str, Field(max_length=32, description="A bookable service's code")]
    date: QueryDate


class DayQuery(SiteQuery):
    date: Annotated[date, Field(description="YYYY-MM-DD; default today")] | None = None


class WeekQuery(SiteQuery):
    start: Annotated[date, Field(description="Any day of the week; default this week")] | None = (
        None)


class SpanQuery(SiteQuery):
    from_: date | None = Field(None, alias="from", description="First day; default today")
    to: date | None = Field(None, description="Last day; default today")


class FeedbackQuery(BaseModel):
    status: Literal["new", "assigned", "answered", "closed"] | None = None
