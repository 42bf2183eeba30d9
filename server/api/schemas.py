"""Request schemas: every HTTP body and socket payload is checked against one of these."""

from datetime import date, time
from typing import Annotated, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from printers import PrinterState

from ..engine.measures import overview_measures
from ..engine.records import (  # noqa: F401 (the catalogue's records, parsed here too)
    DOCUMENT_KINDS,
    FileRecord,
    FormLink,
    ProcedureRecord,
    RequiredDocument,
)
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
    # The person the ticket is for, when they scanned their ID card at the kiosk.
    citizen: "CitizenCardRequest | None" = None

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


class PhoneCodeRequest(Strict):
    """The one-time code sent to the citizen's phone, typed back to make a hold count."""

    otp: Annotated[str, Field(pattern=r"^\d{6}$", description="the 6 digits of the message")]


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


class DossierCheckQuery(BaseModel):
    """``?check=`` for a public look-up by a code that is not qms's own."""

    check: Annotated[str, Field(pattern=r"^\d{4}$", description=(
        "The last 4 digits of the applicant's phone or ID number"))] | None = None


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


# Dossiers: the clerk's receipt and status changes, the one-stop software's PUT.

Status = Literal["received", "in_progress", "supplement_requested", "ready", "returned",
                 "refused", "withdrawn"]
Text = Annotated[str, Field(max_length=500)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Phone = Annotated[str, Field(max_length=20, pattern=r"^[0-9 +.()-]*$")]
DossierDay = Annotated[date, Field(strict=False)]
Moment = Annotated[AwareDatetime, Field(strict=False)]


class ReceiptRequest(Strict):
    """A clerk registers a dossier received while serving a citizen."""

    procedure: Annotated[str, Field(min_length=1, max_length=500)]
    applicant_name: Name
    phone: Phone = ""
    # Kept only as a keyed hash and its last four digits; matches the citizen's card scan.
    applicant_id_number: "IdNumber | None" = None
    ticket_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None
    counter: CounterNumber | None = None
    processing_days: Annotated[int, Field(ge=0, le=365)] | None = None
    due_date: DossierDay | None = None
    due_reason: Annotated[str, Field(max_length=300)] = ""
    print: bool = True


class StatusRequest(Strict):
    """A clerk moves a dossier along its lifecycle."""

    status: Status
    reason: Text = ""


class IntegrationDossier(Strict):
    """The one-stop software creates or updates a dossier it processes."""

    procedure: Annotated[str, Field(min_length=1, max_length=500)]
    procedure_code: Annotated[str, Field(max_length=64)] = ""
    applicant_name: Name
    phone: Phone = ""
    applicant_id_number: "IdNumber | None" = None
    received_at: Moment
    due_date: DossierDay | None = None
    processing_days: Annotated[int, Field(ge=0, le=365)] | None = None
    status: Status
    reason: Text = ""
    returned_at: Moment | None = None


# Feedback from citizens, and the managers' handling of it.

Category = Literal["suggestion", "attitude", "dossier", "waiting", "proposal", "other"]
MAX_TEXT = 2000


class FeedbackRequest(Strict):
    """A citizen's message; a ticket's public code or a dossier code may tie it to a visit."""

    category: Category
    text: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
    name: Annotated[str, Field(max_length=200)] = ""
    phone: Phone = ""
    ticket: Annotated[str, Field(max_length=32)] | None = None
    dossier: Annotated[str, Field(max_length=200)] | None = None


class AssignRequest(Strict):
    username: Annotated[str, Field(min_length=1, max_length=64)]


class ReplyRequest(Strict):
    reply: Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]


# The duty roster.

# JSON has no date type: dates and times come as ISO strings, which strict mode would refuse.
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
RosterDate = Annotated[date, Field(strict=False, ge=EARLIEST, le=LATEST)]
Clock = Annotated[time, Field(strict=False)]


class RosterSlot(Strict):
    """One clerk at one counter on one day."""

    day: RosterDate
    counter: CounterNumber
    clerk: Annotated[str, Field(min_length=1, max_length=64)]
    starts: Clock = time(7, 30)
    ends: Clock = time(17, 0)


class RosterWeek(Strict):
    """The whole roster of the week starting ``start`` (any day of it: its Monday is used)."""

    start: RosterDate
    entries: Annotated[list[RosterSlot], Field(max_length=2000)] = []


class RosterCopy(Strict):
    """Copy last week's roster into the week starting ``start``."""

    start: RosterDate


# What a print agent reports over its socket (/print-agent).

Note = Annotated[str, Field(max_length=400)]


class JobDone(Strict):
    """The agent says what became of one slip."""

    job_id: Annotated[int, Field(ge=1, le=2**31 - 1)]  # a database integer
    outcome: Literal["printed", "already_printed", "uncertain", "failed"]
    message: Note = ""


class PrinterReport(Strict):
    """The agent says what its printer reports."""

    state: Literal[tuple(state.value for state in PrinterState)]
    message: Note = ""


# The procedure catalogue's records live with the engine that saves them.


# The reports' query parameters: a period of days, and what each report groups by.

MAX_DAYS = 366


class PeriodParams(BaseModel):
    """``from``/``to`` are days (YYYY-MM-DD), at most 366 days apart; ``site`` narrows."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    start: date = Field(alias="from")
    end: date = Field(alias="to")
    site: str | None = Field(default=None, min_length=1, max_length=32)

    @model_validator(mode="after")
    def check_period(self):
        if self.start > self.end:
            raise ValueError("from must not be after to")
        if (self.end - self.start).days + 1 > MAX_DAYS:
            raise ValueError(f"the period may cover at most {MAX_DAYS} days")
        return self


class ReportParams(PeriodParams):
    """The queue report's period (service days), grouping and filters."""

    group: Literal["site", "service", "counter", "clerk", "procedure"] = "site"
    # Province-wide reports: only the provincial centre, or every commune-level centre.
    tier: Literal["province", "commune"] | None = None
    per_day: bool = False


class DossierReportParams(PeriodParams):
    """The dossier report's period (receipt days) and grouping."""

    group: Literal["site", "service", "procedure", "clerk"] = "site"


# The overview sorts by name, by any of its figures but the votes, or by a dossier figure.
SortKey = Literal[("name", *(m.name for m in overview_measures() if m.format != "votes"),
                   "dossiers_received", "dossiers_on_time_rate", "dossiers_overdue")]


class OverviewParams(PeriodParams):
    """The overview's period (service days), tier, trend unit and the order of the sites."""

    tier: Literal["province", "commune"] | None = None
    trend: Literal["week", "month"] | None = None
    sort: SortKey = "name"
    desc: bool = False


CardLine = Annotated[str, Field(min_length=1, max_length=1000)]
IdNumber = Annotated[str, Field(min_length=9, max_length=16, pattern=r"^[0-9 ]+$")]


class CitizenCardRequest(Strict):
    """The citizen's ID card: the line its QR code holds, or the 12-digit number typed."""

    # The scanner's line may end in Enter: control characters are dropped, not refused.
    qr: CardLine | None = None
    id_number: IdNumber | None = None

    @model_validator(mode="after")
    def _one_of(self):
        if (self.qr is None) == (self.id_number is None):
            raise ValueError("give either qr or id_number")
        return self


TicketRequest.model_rebuild()
ReceiptRequest.model_rebuild()
IntegrationDossier.model_rebuild()


class DossierLinkRequest(Strict):
    """Which visit a dossier came with: the counter serving it, or the ticket's number or code.

    From the console, none is needed: the clerk's own counter is meant.
    """

    counter: Annotated[int, Field(ge=1, le=999999)] | None = None
    ticket_number: Annotated[str, Field(min_length=1, max_length=16)] | None = None
    public_code: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    kind: Literal["received", "returned"] | None = Field(default=None, description=(
        "The visit's part; by default returned once the result is out, else received"))


class DossierRatingRequest(Strict):
    """A citizen's rating of a dossier's visit, one score 1..4 per configured criterion."""

    scores: dict[Annotated[str, Field(max_length=32)], Annotated[int, Field(ge=1, le=4)]]
    check: Annotated[str, Field(pattern=r"^\d{4}$", description=(
        "From the phone, for a code that is not qms's own: the last 4 digits of the "
        "applicant's phone or ID number"))] | None = None
