"""Request schemas: every HTTP body and socket payload is checked against one of these."""

import re
from datetime import date, datetime, time
from functools import cache
from typing import Annotated, ClassVar, Literal

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    WithJsonSchema,
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
    ProcessingDays,
    RequiredDocument,
)
from ..models.dossier import (
    CHANNELS,
    DOSSIER_STATUSES,
    OUTCOME_KINDS,
    RESULT_DELIVERIES,
)
from ..models.dossier_link import LINK_KINDS
from ..models.feedback import FEEDBACK_CATEGORIES, FEEDBACK_STATUSES
from ..models.site import SITE_TIERS
from ..text import without_controls

ServiceCode = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")]
RequestId = Annotated[str, Field(min_length=8, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]
TicketNumber = Annotated[str, Field(min_length=1, max_length=16, pattern=r"^[A-Za-z0-9]+$")]
CounterNumber = Annotated[int, Field(ge=1, le=9999)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _drop_control_characters(cls, value, info: ValidationInfo):
        if not isinstance(value, str):
            return value
        # The document's maxLength and pattern judge what is sent, before spaces and control
        # characters are dropped: a text one character too long, or a phone number with a
        # control character in it, is refused rather than trimmed to fit.
        limit, pattern = _text_rules(cls).get(info.field_name, (None, None))
        if limit is not None and len(value) > limit:
            raise ValueError(f"at most {limit} characters")
        if pattern is not None and not re.search(pattern, value):
            raise ValueError(f"should match pattern '{pattern}'")
        return without_controls(value)


@cache
def _text_rules(model: type[BaseModel]) -> dict[str, tuple[int | None, str | None]]:
    """The maxLength and pattern the document states for each text field of ``model``."""
    rules = {}
    for name, prop in model.model_json_schema().get("properties", {}).items():
        for choice in [prop, *prop.get("anyOf", ())]:
            if "maxLength" in choice or "pattern" in choice:
                rules[name] = (choice.get("maxLength"), choice.get("pattern"))
    return rules


ProcedureCode = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9_.-]+$")]


class TicketRequest(Strict):
    """A kiosk asks for a ticket; ``request_id`` makes a retried tap yield the same ticket.

    With ``procedure`` the ticket is for that procedure, in its field at the site; a
    ``service`` given beside it must be that field (else 422 service_mismatch). One of the two
    is needed, else 422 invalid_payload.
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
# ISO 8601 local time of a slot, e.g. 2026-11-27T08:15 or with +07:00, from 2000 to 2100.
SLOT_START = (r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
              r"T([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?([+-](0[0-9]|1[0-4]):[0-5][0-9]|Z)?$")
SlotStart = Annotated[str, Field(
    min_length=16, max_length=25, pattern=SLOT_START,
    description="A slot's start, local time in Việt Nam unless a zone is given; a day that "
                "does not exist (30 February) is refused with 422 invalid_start")]


class AppointmentRequest(Strict):
    """A citizen (or another system) books a slot of a service."""

    service: ServiceCode
    start: SlotStart
    name: PersonName
    phone: Phone
    site: SiteCode | None = None
    # Optional: the citizen's ID number, kept only as a keyed hash and its last 4 digits, so a
    # scan of the card at the kiosk finds the booking and checks it in.
    id_number: "IdNumber | None" = None


class PhoneCodeRequest(Strict):
    """The one-time code sent to the citizen's phone, typed back to make a hold count."""

    otp: Annotated[str, Field(pattern=r"^\d{6}$", description="the 6 digits of the message")]


class RescheduleRequest(Strict):
    """Move a booking to another slot of the same service."""

    start: SlotStart


class RemoteTicketRequest(Strict):
    """A citizen takes today's number from the phone page.

    Where the site takes remote numbers only near itself, the phone sends its position.
    ``latitude`` and ``longitude`` come together, else 422 invalid_payload.
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


# Query parameters, as the routes read them (documented in the API contract). A query string
# is text: days and whole numbers are read from exactly the forms the document states.

EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)
DAY_PATTERN = r"^(20[0-9]{2}|2100)-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"


def _iso_day(value):
    if isinstance(value, str):
        if not re.fullmatch(DAY_PATTERN, value):
            raise ValueError("a day is YYYY-MM-DD, from 2000-01-01 to 2100-12-31")
        return date.fromisoformat(value)  # 2026-02-30 matches the pattern, not the calendar
    return value


def _due_moment_or_day(value):
    """Read a due time with its zone, or a day (due at the close of office that day)."""
    if isinstance(value, str) and re.fullmatch(DAY_PATTERN, value):
        return _iso_day(value)
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError("a time with its zone (ISO 8601) or a day YYYY-MM-DD") from None
        if moment.tzinfo is None:
            raise ValueError("a time needs its zone (+07:00 or Z)")
        if not EARLIEST <= moment.date() <= LATEST:
            raise ValueError("a time from 2000 to 2100")
        return moment
    return value


def _whole_number(value):
    if isinstance(value, str):
        if not (value.isascii() and value.isdigit() and len(value) <= 12):
            raise ValueError("a whole number in decimal digits")
        return int(value)
    return value


def day(description: str = "YYYY-MM-DD, from 2000 to 2100"):
    """A day in a query or a body: the pattern states the years 2000 to 2100 the server takes."""
    return Annotated[date, BeforeValidator(_iso_day), WithJsonSchema(
        {"type": "string", "format": "date", "pattern": DAY_PATTERN,
         "description": description})]


Day = day()


def whole(low: int, high: int, description: str):
    """A whole number of a query string, from ``low`` to ``high``."""
    return Annotated[int, BeforeValidator(_whole_number), Field(ge=low, le=high),
                     WithJsonSchema({"type": "integer", "minimum": low, "maximum": high,
                                     "description": description})]


def refusal(code: str, message: str, message_en: str) -> tuple:
    return (422, code, message, message_en)


BAD_DATE = refusal("invalid_date", "Ngày không hợp lệ, vui lòng chọn lại ngày.",
                   "The date must be YYYY-MM-DD, from 2000 to 2100.")


class SiteQuery(BaseModel):
    """``?site=CODE``; without it, the caller's own site (or the first one)."""

    site: Annotated[str, Field(max_length=32, description="Site code")] | None = None


class DossierCheckQuery(BaseModel):
    """``?check=`` for a public look-up by a code that is not qms's own."""

    check: Annotated[str, Field(pattern=r"^\d{4}$", description=(
        "The last 4 digits of the applicant's phone or ID number"))] | None = None


class QueueQuery(SiteQuery):
    counter: whole(1, 999999, "A counter number: its tickets in the order call-next takes "
                              "them; else 400 bad_counter") | None = None

    refusals: ClassVar[dict] = {"counter": (400, "bad_counter", "Số quầy phải là số nguyên dương.",
                                            "The counter must be a positive whole number.")}


SEARCH_LIMIT = 50  # a page of hits when the citizen typed something
CATALOGUE_LIMIT = 1000  # the whole list of a field (or site) without a query
PAGING = (422, "invalid_paging", "Tham số phân trang phải là số nguyên trong khoảng cho phép.",
          "limit must be 1 to 1000 and offset 0 to 100000, whole numbers.")


class ProcedureQuery(SiteQuery):
    q: Annotated[str, Field(max_length=200, description=(
        "Words of the name, code or keywords; tone marks optional"))] | None = None
    service: Annotated[str, Field(max_length=32, pattern=r"^[A-Za-z0-9_.-]*$",
                                  description="Only this field")] | None = None
    limit: whole(1, CATALOGUE_LIMIT, "Hits per page: 50 with q, 1000 without; else 422 "
                                     "invalid_paging") | None = None
    offset: whole(0, 100_000, "Hits to skip; the answer's total counts them all") | None = None

    refusals: ClassVar[dict] = {"limit": PAGING, "offset": PAGING}


class SlotQuery(SiteQuery):
    service: Annotated[ServiceCode, Field(description="A bookable service's code")]
    date: day("YYYY-MM-DD, from 2000 to 2100; else 422 invalid_date")

    refusals: ClassVar[dict] = {"date": BAD_DATE}


class DayQuery(SiteQuery):
    date: day("YYYY-MM-DD, from 2000 to 2100; default today; else 422 invalid_date") | None = (
        None)

    refusals: ClassVar[dict] = {"date": BAD_DATE}


class WeekQuery(SiteQuery):
    start: day("Any day of the week (YYYY-MM-DD, 2000 to 2100); default this week; else 422 "
               "invalid_date") | None = None

    refusals: ClassVar[dict] = {"start": BAD_DATE}


MAX_SPAN_DAYS = 366


class SpanQuery(SiteQuery):
    """``from`` and ``to`` (default today) at most 366 days apart, ``to`` not before ``from``;
    else 422 invalid_range."""

    from_: day("First day, YYYY-MM-DD; default today") | None = Field(None, alias="from")
    to: day("Last day, YYYY-MM-DD; default today; at most 366 days after from, else 422 "
            "invalid_range") | None = None

    refusals: ClassVar[dict] = {
        "from": BAD_DATE, "to": BAD_DATE,
        "": refusal("invalid_range", "Khoảng ngày không hợp lệ (tối đa một năm).",
                    "The date range is invalid (one year at most).")}

    def days(self, today: date) -> tuple[date, date]:
        """The first and last day, today where one is not given."""
        return self.from_ or today, self.to or today

    @model_validator(mode="after")
    def _one_year_at_most(self):
        from ..engine.days import VIETNAM  # the engine imports these schemas
        from ..models import utcnow

        first, last = self.days(utcnow().astimezone(VIETNAM).date())
        if last < first or (last - first).days > MAX_SPAN_DAYS:
            raise ValueError("to must not be before from, nor more than 366 days after it")
        return self


class FeedbackQuery(BaseModel):
    status: Annotated[Literal[FEEDBACK_STATUSES], Field(
        description="Only messages in this state")] | None = None


# Dossiers: the clerk's receipt and status changes, the one-stop software's PUT.

Status = Literal[DOSSIER_STATUSES]
Text = Annotated[str, Field(max_length=500)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Phone = Annotated[str, Field(max_length=20, pattern=r"^[0-9 +.()-]*$")]
DossierDay = Day
Moment = Annotated[AwareDatetime, Field(strict=False)]


class DocumentReceivedItem(Strict):
    """One paper received at the counter with its originals and copies (Mẫu 01's table)."""

    name: Annotated[str, Field(min_length=1, max_length=300)]
    originals: Annotated[int, Field(ge=0, le=99)] = 0
    copies: Annotated[int, Field(ge=0, le=99)] = 0


class FormFields(Strict):
    """What the official forms print besides the name: the address (Mẫu 01–03), and for a
    dossier received (Mẫu 01) the papers with their originals and copies, the number of
    sets, and where the result goes."""

    applicant_address: Annotated[str, Field(max_length=300)] = ""
    documents: Annotated[list[DocumentReceivedItem], Field(max_length=30)] = []
    sets: Annotated[int, Field(ge=1, le=99)] = 1
    result_delivery: Literal[tuple(RESULT_DELIVERIES)] = "counter"

    def receipt_fields(self) -> dict:
        """Return these fields as the engine's :class:`Receipt` takes them."""
        return {"applicant_address": self.applicant_address.strip(),
                "documents": tuple(item.model_dump() for item in self.documents),
                "sets": self.sets, "result_delivery": self.result_delivery}


class ReceiptRequest(FormFields):
    """A clerk registers a dossier received while serving a citizen."""

    procedure: Annotated[str, Field(min_length=1, max_length=500)]
    applicant_name: Name
    phone: Phone = ""
    # Kept only as a keyed hash and its last four digits; matches the citizen's card scan.
    applicant_id_number: "IdNumber | None" = None
    ticket_id: Annotated[int, Field(ge=1, le=2**31 - 1)] | None = None
    counter: CounterNumber | None = None
    processing_days: "ProcessingDays | None" = None  # 0.5: half a day; 0: the same day
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
    processing_days: "ProcessingDays | None" = None  # 0.5: half a day; 0: the same day
    status: Status
    reason: Text = ""
    returned_at: Moment | None = Field(None, description=(
        "When the result was handed back, while status is returned (null: the time of this "
        "sync, or the time already kept); cleared with any other status"))
    # Why the due date moved, when it differs from the one the dossier was received with.
    due_reason: Annotated[str, Field(max_length=300)] = ""
    channel: Literal[CHANNELS] | None = Field(None, description=(
        "How the citizen lodged it (null: online when new, else as kept)"))
    handovers: Annotated[list["HandoverStepIn"], Field(max_length=50)] = Field(
        [], description="steps between units so far (Mẫu 06), as the software knows them; "
                        "steps already kept are skipped, so sending them again adds nothing")


class HandoverStepIn(Strict):
    """One step of a dossier between units, as the one-stop software lists it."""

    unit: Annotated[str, Field(min_length=1, max_length=200)]
    at: Moment


class HandoverRequest(Strict):
    """A dossier goes to another unit (the department, or back to the centre with the result:
    ``"centre"`` or the site's name or code); ``at`` defaults to now."""

    unit: Annotated[str, Field(min_length=1, max_length=200)]
    at: Moment | None = None
    note: Annotated[str, Field(max_length=300)] = ""


class OutcomeRequest(FormFields):
    """What came of the papers a citizen brought to the counter: received, guidance to
    complete them (Mẫu 02: the documents missing), or a refusal (Mẫu 03: the reason)."""

    kind: Literal[OUTCOME_KINDS]
    procedure: Annotated[str, Field(min_length=1, max_length=500)]
    applicant_name: Name
    applicant_id_number: "IdNumber | None" = None
    phone: Phone = ""
    missing: Annotated[list[Annotated[str, Field(min_length=1, max_length=300)]],
                       Field(max_length=30)] = []
    reason: Annotated[str, Field(max_length=500)] = ""
    # Received only: a procedure outside the catalogue needs its time in working days.
    processing_days: "ProcessingDays | None" = None
    print: bool = True


class ExtensionRequest(Strict):
    """A new due time for a dossier that will be late, with the reason (Mẫu 04).

    A date alone is due at the close of office that day.
    """

    due_at: Annotated[datetime | date, BeforeValidator(_due_moment_or_day), WithJsonSchema({
        "oneOf": [{"type": "string", "format": "date-time"},
                  {"type": "string", "format": "date", "pattern": DAY_PATTERN}]})]
    reason: Annotated[str, Field(min_length=1, max_length=300)]


# Feedback from citizens, and the managers' handling of it.

Category = Literal[FEEDBACK_CATEGORIES]
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
RosterDate = Day
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

    start: day("First day, YYYY-MM-DD (2000 to 2100)") = Field(alias="from")
    end: day("Last day, YYYY-MM-DD: not before from, and the period at most 366 days; "
             "else 422") = Field(alias="to")
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
    tier: Literal[tuple(SITE_TIERS)] | None = None
    per_day: bool = False


class DossierReportParams(PeriodParams):
    """The dossier report's period and grouping: site, field (``service`` is read as field),
    procedure, the unit it is put down to, or the receiving clerk."""

    group: Literal["site", "field", "procedure", "unit", "clerk", "service"] = "site"

    @field_validator("group")
    @classmethod
    def field_is_service(cls, value: str) -> str:
        """Read the former ``service`` as ``field``: one grouping, one name."""
        return "field" if value == "service" else value


class RegisterParams(PeriodParams):
    """The register's period (Mẫu 07): dossiers received on these days."""


# The overview sorts by name, by any of its figures but the votes, or by a dossier figure.
SortKey = Literal[("name", *(m.name for m in overview_measures() if m.format != "votes"),
                   "dossiers_received", "dossiers_on_time_rate", "dossiers_overdue")]


class OverviewParams(PeriodParams):
    """The overview's period (service days), tier, trend unit and the order of the sites."""

    tier: Literal[tuple(SITE_TIERS)] | None = None
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
OutcomeRequest.model_rebuild()
AppointmentRequest.model_rebuild()
IntegrationDossier.model_rebuild()


class DossierLinkRequest(Strict):
    """Which visit a dossier came with: the counter serving it, or the ticket's number or code.

    From the console, none is needed: the clerk's own counter is meant.
    """

    counter: Annotated[int, Field(ge=1, le=999999)] | None = None
    ticket_number: Annotated[str, Field(min_length=1, max_length=16)] | None = None
    public_code: Annotated[str, Field(min_length=1, max_length=32)] | None = None
    kind: Literal[LINK_KINDS] | None = Field(default=None, description=(
        "The visit's part; by default returned once the result is out, else received"))


class DossierRatingRequest(Strict):
    """A citizen's rating of a dossier's visit, one score 1..4 per configured criterion."""

    scores: dict[Annotated[str, Field(max_length=32)], Annotated[int, Field(ge=1, le=4)]]
    check: Annotated[str, Field(pattern=r"^\d{4}$", description=(
        "From the phone, for a code that is not qms's own: the last 4 digits of the "
        "applicant's phone or ID number"))] | None = None


LinkKind = Literal[LINK_KINDS]


class VisitDossierRequest(Strict):
    """A dossier handed in (received) or collected (returned) during a visit named by the path.

    ``kind`` defaults to returned once the dossier's result is out, else received.
    """

    code: Annotated[str, Field(min_length=1, max_length=64, description=(
        "The dossier's code: qms's own or the one-stop software's, as on the receipt"))]
    kind: LinkKind | None = Field(default=None, description=(
        "The visit's part; by default returned once the result is out, else received"))


class RatingRequest(DossierRatingRequest):
    """A rating of one dossier's visit: the dossier, the visit (ticket), or both.

    With a vote-pad token the ticket is its id or public code; without a token (the receipt's
    or the slip's QR) the dossier's code (with ``check`` for a code that is not qms's own) or
    the ticket's public code is what proves the citizen holds the paper.
    """

    dossier: Annotated[str, Field(min_length=1, max_length=64, description=(
        "The dossier's code"))] | None = None
    ticket: Annotated[int, Field(ge=1)] | Annotated[str, Field(
        min_length=1, max_length=32)] | None = Field(default=None, description=(
            "The visit: a ticket's id (vote pad only) or its public code"))

    @model_validator(mode="after")
    def _names_something(self):
        if self.dossier is None and self.ticket is None:
            raise ValueError("give the dossier, the ticket, or both")
        return self


def _event_kinds():
    from ..engine.webhook_events import EVENT_KINDS, PERSONAL_FIELDS
    return Literal[tuple(EVENT_KINDS)], Literal[tuple(PERSONAL_FIELDS)]


_EventKind, _PersonalField = _event_kinds()


class WebhookDeclared(Strict):
    """One endpoint of the set an admin declares (``GET /api/v1/webhooks`` less its figures)."""

    id: Annotated[int, Field(ge=1, description=(
        "An existing endpoint to change (it keeps its queued events); without it the "
        "endpoint of the same site and name is changed, else one is made"))] | None = None
    site: Annotated[str, Field(max_length=32, description=(
        "Its site's code; null or left out: the admin's site, or (a global admin without "
        "?site=) every site"))] | None = None
    name: Annotated[str, Field(min_length=1, max_length=120)]
    url: Annotated[str, Field(min_length=8, max_length=500, pattern=r"^https?://",
                              description="Where events are POSTed (http:// or https://)")]
    kinds: Annotated[list[_EventKind], Field(min_length=1, max_length=len(_EventKind.__args__))]
    include_personal: Annotated[list[_PersonalField], Field(
        max_length=len(_PersonalField.__args__), description=(
            "Personal fields sent with the events that carry them; none by default"))] = []
    active: bool = True
    secret: Annotated[str, Field(min_length=16, max_length=128, description=(
        "Sets the signing secret. Left out: an existing endpoint keeps its own, a new one "
        "gets one made by qms, shown once in the answer"))] | None = None


class WebhookListed(WebhookDeclared):
    """An endpoint as ``GET /api/v1/webhooks`` lists it: its figures may come back, ignored,
    so a client may send GET's answer back with its changes."""

    pending: Annotated[int, Field(ge=0, description="GET's figure, ignored")] | None = None
    oldest_pending_at: Annotated[str, Field(max_length=64, description=(
        "GET's figure, ignored"))] | None = None
    dead: Annotated[int, Field(ge=0, description="GET's figure, ignored")] | None = None
    delivered: Annotated[int, Field(ge=0, description="GET's figure, ignored")] | None = None
    last_error: Annotated[str, Field(max_length=500, description=(
        "GET's figure, ignored"))] | None = None
    last_error_at: Annotated[str, Field(max_length=64, description=(
        "GET's figure, ignored"))] | None = None


class WebhookDeclaration(Strict):
    """The whole set of endpoints in the admin's scope: the ones left out are deleted."""

    webhooks: Annotated[list[WebhookListed], Field(max_length=100)]
