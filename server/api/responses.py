"""Response models: the shape of every JSON answer of the API, as the payload builders make it.

They document the answers (the OpenAPI document is generated from them) and the tests
validate every answer against that document, so a builder that drifts from them fails.
Times are ISO 8601 strings: UTC for stored moments, Asia/Ho_Chi_Minh for slots and opening.
"""

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

TicketStatus = Literal["waiting", "called", "serving", "done", "no_show", "expired"]
Channel = Literal["kiosk", "appointment", "remote"]
CounterStatus = Literal["open", "paused", "closed"]
DossierStatus = Literal["received", "in_progress", "supplement_requested", "ready", "returned",
                        "refused", "withdrawn"]
FeedbackStatus = Literal["new", "assigned", "answered", "closed"]
FeedbackCategory = Literal["suggestion", "attitude", "dossier", "waiting", "proposal", "other"]


class Answer(BaseModel):
    """A JSON object that carries exactly the fields named: a new field is documented first."""

    model_config = ConfigDict(extra="forbid")


# Errors


class ErrorBody(BaseModel):
    """What went wrong: a stable code, Vietnamese then English, and the request's id."""

    model_config = ConfigDict(extra="allow")  # some refusals add context, e.g. come_back_at

    code: str = Field(description="stable, for programs (e.g. slot_full, wrong_role)")
    message: str = Field(description="Vietnamese, for people")
    message_en: str
    request_id: str = Field(description="also in the X-Request-Id header and the access log")
    details: list | None = Field(None, description="the fields refused, on 422")


class Error(Answer):
    """Every refusal of the API."""

    error: ErrorBody


# Tickets and counters


class ProcedureRef(Answer):
    code: str
    name: str


class TicketView(Answer):
    """A ticket: number, service, status and times (UTC)."""

    id: int
    number: str
    service: str
    service_name: str
    priority: bool
    appointment: bool
    appointment_at: datetime | None
    channel: Channel
    status: TicketStatus
    service_day: date
    counter: int | None = Field(description="number of the counter that called it")
    issued_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    recall_count: int
    public_code: str
    procedure: ProcedureRef | None


class CitizenWords(Answer):
    """How the site addresses citizens ("quý khách" by default, or "Ông/Bà")."""

    start: str = Field(description="at the start of a sentence")
    inside: str = Field(description="inside a sentence")


class TicketStatusView(TicketView):
    """A ticket with its live place in the queue (the phone page and the kiosk's answer)."""

    waiting_ahead: int
    estimated_wait_s: int | float | None
    site: str
    citizen: CitizenWords
    status_url: str
    notify_ahead: int


class PrintSummary(Answer):
    """Whether the citizen may expect a slip: the job and the printer's last state."""

    job: int | None
    state: str = Field(description="the job's status (queued, printing, done, failed) or none")
    printer: str = Field(description="ok, offline, paper_out, unknown … or none")
    printer_message: str


class IssuedTicket(TicketStatusView):
    """A kiosk's new ticket (201), or the one a retried request_id already got (200)."""

    replayed: bool
    existing: bool = Field(False, description="true (200) when this person, by their ID card, "
                           "already waits in this field: their ticket, not a new number")
    print: PrintSummary | None = Field(None, description="absent on a replay")


class CheckedInTicket(IssuedTicket):
    """The ticket of a booking checked in at the kiosk; late: given as a walk-in."""

    late: bool
    booking: str | None = Field(None, description="the booking's code, on 201")


class RemoteTicket(TicketStatusView):
    replayed: bool


class QueuedTicket(TicketView):
    target_counter: int | None = Field(description="id of the counter it was sent to, if any")


class WaitingList(Answer):
    site: str
    service_day: date
    tickets: list[QueuedTicket]


class CounterView(Answer):
    """A counter, its state and the ticket it is serving."""

    number: int
    name: str
    status: CounterStatus
    services: list[str]
    clerk: str | None
    ticket: TicketView | None


class CounterList(Answer):
    site: str
    counters: list[CounterView]


class RosterWarning(Answer):
    rostered: list[str]
    message: str
    message_en: str


class CounterAction(BaseModel):
    """A counter action's answer: the ticket concerned and the counter's new state.

    The ticket's fields (absent when there is none) sit beside the counter's state, the ticket
    finished on the way, and whether a double click was absorbed (``repeated``).
    """

    model_config = ConfigDict(extra="forbid")

    counter_state: CounterView
    repeated: bool
    finished: TicketView | None
    roster_warning: RosterWarning | None = Field(
        None, description="open only: someone else is rostered at this counter now")
    # The ticket concerned, flattened beside the counter's state (absent when none).
    id: int | None = None
    number: str | None = None
    service: str | None = None
    service_name: str | None = None
    priority: bool | None = None
    appointment: bool | None = None
    appointment_at: datetime | None = None
    channel: Channel | None = None
    status: TicketStatus | None = None
    service_day: date | None = None
    counter: int | None = None
    issued_at: datetime | None = None
    called_at: datetime | None = None
    started_at: datetime | None = None
    finished_at: datetime | None = None
    recall_count: int | None = None
    public_code: str | None = None
    procedure: ProcedureRef | None = None


class Reprint(Answer):
    ticket: int
    number: str
    print: PrintSummary


class PrinterView(Answer):
    device_id: int
    device: str
    printer_uri: str
    state: str
    message: str
    checked_at: datetime | None
    queued: int
    failed: int


class PrinterList(Answer):
    site: str
    printers: list[PrinterView]


# Services, votes, staff tokens


class SiteRef(Answer):
    code: str
    name: str


class ServiceListing(Answer):
    code: str
    name: str
    name_en: str
    waiting: int
    priority_allowed: bool
    open: bool
    opens_at: datetime | None
    opening_hours: dict | list | None
    bookable: bool


class DayOff(Answer):
    reason: str
    reason_en: str


class ServiceList(Answer):
    site: SiteRef
    services: list[ServiceListing]
    day_off: DayOff | None


class VoteRecorded(Answer):
    id: int
    ticket_id: int
    counter: int
    rating: int = Field(ge=1, le=4)
    label: str
    at: datetime
    reason: str


class StaffUser(Answer):
    username: str
    full_name: str
    role: Literal["admin", "manager", "clerk"]


class StaffToken(Answer):
    token: str
    expires_in: int | float
    user: StaffUser


# Procedures


class ProcedureSummary(Answer):
    """A search hit: enough to list it; the detail has the rest."""

    code: str
    name: str
    service: str
    service_name: str
    level: str
    processing_days: int | float | None


class ProcedureList(Answer):
    site: str
    total: int = Field(description="hits in all; limit and offset page through them")
    limit: int
    offset: int
    procedures: list[ProcedureSummary]


class RequiredDocumentView(Answer):
    name: str
    kind: str
    count: int


class FormView(Answer):
    id: int
    name: str
    url: str


class ProcedureDetail(ProcedureSummary):
    """A procedure in full, as its page on the kiosk shows it."""

    fee: str
    fee_amount: int | None
    online_url: str
    documents: list[RequiredDocumentView]
    legal_basis: str
    submit_at: str
    keywords: str
    active: bool
    forms: list[FormView]


# Appointments


class AppointmentView(Answer):
    """A booking, to whoever holds its code; times in Việt Nam's zone."""

    code: str
    service: str
    service_name: str
    service_name_en: str
    site: str
    site_name: str
    start: datetime
    check_in_from: datetime
    check_in_until: datetime
    name: str
    phone: str
    status: Literal["booked", "checked_in", "cancelled", "no_show"]
    qr_url: str
    manage_url: str


class SlotView(Answer):
    start: datetime
    capacity: int
    available: int


class SlotList(Answer):
    site: str
    service: str
    date: date
    slots: list[SlotView]


class AgendaPerson(Answer):
    code: str
    name: str
    phone: str = Field(description="masked: 0912***678")
    status: str
    ticket: str | None
    ticket_status: str | None


class AgendaSlot(Answer):
    start: datetime
    service: str
    service_name: str
    booked: int
    checked_in: int
    appointments: list[AgendaPerson]


class AgendaTotals(Answer):
    booked: int
    checked_in: int
    no_show: int
    cancelled: int


class DayAgenda(Answer):
    site: str
    date: date
    slots: list[AgendaSlot]
    totals: AgendaTotals


# Dossiers


class CollectAt(Answer):
    site: str
    address: str | None


class DossierPublic(Answer):
    """A dossier as anyone with its code sees it: the name masked."""

    code: str
    procedure: str
    status: DossierStatus
    status_label: str
    status_label_en: str
    reason: str
    received_date: date
    due_date: date = Field(description="the local date of due_at")
    due_at: datetime = Field(description="due to the minute on the legal clock (working "
                             "time, the 15:00 cut-off for same-day procedures)")
    original_due_at: datetime | None = Field(
        description="the first due time, kept when extended (Mẫu 04); timeliness is judged "
                    "against it")
    clock_paused: bool = Field(description="the clock stands still: documents were asked for")
    overdue: bool
    applicant: str
    collect_at: CollectAt


class DossierEventView(Answer):
    at: datetime
    kind: str
    status: str | None
    reason: str | None
    user_id: int | None
    device_id: int | None


class DossierDetail(DossierPublic):
    """A dossier in full, to the staff of its site."""

    applicant_name: str
    applicant_id_last4: str = Field(description="the ID number's last four digits, or empty")
    phone: str
    site: str
    procedure_code: str | None
    processing_days: int | float | None = Field(description="working days; 0.5 half a day, "
                                                "0 the same day")
    due_override_reason: str | None
    extension_reason: str = Field(description="why the due time was extended, or empty")
    received_at: datetime
    returned_at: datetime | None
    timeliness: str
    ticket_id: int | None
    source: str
    status_url: str
    events: list[DossierEventView] | None = Field(None, description="GET only: the history")


class DossierReceived(DossierDetail):
    print_job: int | None


class DossierChanged(DossierDetail):
    changed: bool


class DossierSynced(DossierDetail):
    created: bool


class CounterOutcomeView(Answer):
    """What came of a citizen's papers at the counter; a dossier only when received."""

    id: int
    kind: Literal["received", "supplement", "refused"]
    kind_label: str
    kind_label_en: str
    procedure: str
    procedure_code: str
    ticket_id: int | None = Field(description="the ticket the counter was serving")
    missing: list[str] = Field(description="supplement: the documents to bring (Mẫu 02)")
    reason: str = Field(description="refused: why (Mẫu 03)")
    at: datetime
    dossier: DossierReceived | None


# Feedback


class FeedbackPublic(Answer):
    code: str
    status: FeedbackStatus
    status_label: str
    status_label_en: str
    category: FeedbackCategory
    category_label: str
    category_label_en: str
    created_at: datetime
    reply: str | None
    replied_at: datetime | None


class FeedbackStaff(FeedbackPublic):
    site: str
    text: str
    name: str
    phone: str
    source: str
    ticket: str | None
    dossier: str | None
    assignee: str | None
    answer_time_s: int
    closed_at: datetime | None


class FeedbackInbox(Answer):
    feedback: list[FeedbackStaff]


# Roster


class RosterEntryView(Answer):
    day: date
    counter: int
    counter_name: str
    clerk: str
    clerk_name: str
    starts: str = Field(pattern=r"^\d{2}:\d{2}$")
    ends: str = Field(pattern=r"^\d{2}:\d{2}$")


class RosterDay(Answer):
    site: str
    date: date
    roster: list[RosterEntryView]


class RosterWeekView(Answer):
    site: str
    start: date
    roster: list[RosterEntryView]


class RosterSaved(Answer):
    site: str
    start: date
    entries: int


class ClerkHours(Answer):
    clerk: str
    clerk_name: str
    rostered_hours: float
    open_hours: float


class RosterHours(Answer):
    site: str
    from_: date = Field(alias="from")
    to: date
    clerks: list[ClerkHours]


# Reports and the dashboard


class Figures(BaseModel):
    """A report row's figures; waits and service times in seconds."""

    issued: int
    served: int
    no_show: int
    transferred: int
    overdue: int = Field(description="waited longer than the service's target")
    avg_wait_s: float | None
    p90_wait_s: float | None = Field(description="nearest-rank 90th percentile")
    avg_service_s: float | None
    p90_service_s: float | None
    votes: dict[str, int] = Field(description='count per rating, keys "1" … "4" (4 best)')
    satisfaction_index: float | None = Field(description="(mean rating − 1) / 3 × 100")


class ReportRow(Figures):
    model_config = ConfigDict(extra="forbid")

    key: str | int | None
    label: str
    site: str | None = Field(None, description="absent on the total row")
    day: date | None


class ReasonCount(Answer):
    reason: str
    count: int


class Report(Answer):
    """The period report per site, service, counter, clerk or procedure (and day)."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: date = Field(alias="from")
    to: date
    group: str
    per_day: bool
    rows: list[ReportRow]
    total: ReportRow
    reasons: list[ReasonCount] = Field(description="reasons ticked on unhappy votes, most first")


class DossierReportRow(Answer):
    key: str | int | None
    label: str
    site: str | None
    received: int
    on_time: int
    late: int
    in_progress: int
    overdue: int
    withdrawn: int
    guidance: int = Field(description="papers incomplete at the counter: guidance given "
                          "(Mẫu 02), no dossier")
    refusals: int = Field(description="papers refused at the counter (Mẫu 03), no dossier")
    on_time_rate: float | None = Field(description="on_time / (on_time + late) × 100")


class DossierReport(Answer):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: date = Field(alias="from")
    to: date
    as_of: date
    group: str
    rows: list[DossierReportRow]
    total: DossierReportRow


class DossierPeriodRow(Answer):
    key: str | int | None
    label: str
    site: str | None
    carried_over: int = Field(description="received before the period, work not ended before it")
    received: int
    received_in_person: int = Field(description="received at the counter")
    received_online: int = Field(description="through the one-stop software or its files")
    early: int = Field(description="ended a day or more before the due date")
    on_time: int
    late: int = Field(description="ended after the due time (the original one when extended)")
    withdrawn: int
    in_progress: int
    overdue: int
    guidance: int = Field(description="papers incomplete at the counter (Mẫu 02)")
    refusals: int = Field(description="papers refused at the counter (Mẫu 03)")
    on_time_rate: float | None = Field(
        description="(early + on_time) / (early + on_time + late + overdue) × 100")


class DossierPeriodReport(Answer):
    """The dossiers handled in a period, as the one-stop statistics count them."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: date = Field(alias="from")
    to: date
    as_of: date
    group: str
    rows: list[DossierPeriodRow]
    total: DossierPeriodRow


class WaitFigures(Answer):
    count: int
    mean_s: int | float | None
    p90_s: int | float | None


class AppointmentWaits(Answer):
    booked: WaitFigures
    walk_in: WaitFigures


class AppointmentReport(Answer):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: date = Field(alias="from")
    to: date
    booked: int
    cancelled: int
    checked_in: int
    no_show: int
    check_in_rate: float | None
    wait: AppointmentWaits


class DashboardService(Answer):
    code: str
    name: str
    name_en: str
    active: bool
    waiting: int
    longest_wait_s: int | None
    target_wait_s: int
    waiting_overdue: int


class DashboardCounter(Answer):
    number: int
    name: str
    status: CounterStatus
    clerk: str | None
    ticket: str | None


class DashboardCounters(Answer):
    open: int
    paused: int
    closed: int
    serving: int
    list: list[DashboardCounter]


class DashboardToday(Answer):
    issued: int
    served: int
    no_show: int
    overdue: int
    avg_wait_s: float | None
    avg_service_s: float | None
    votes: dict[str, int]
    satisfaction_index: float | None


class Dashboard(Answer):
    """Today's live numbers of one site."""

    site: SiteRef
    service_day: date
    now: datetime
    services: list[DashboardService]
    waiting: int
    waiting_overdue: int
    longest_wait_s: int | None
    longest_waiting_since: datetime | None
    counters: DashboardCounters
    today: DashboardToday


class OverviewFigures(BaseModel):
    issued: int
    served: int
    no_show: int
    overdue: int
    avg_wait_s: float | None
    p90_wait_s: float | None
    avg_service_s: float | None
    votes: dict[str, int]
    satisfaction_index: float | None
    overdue_share: float | None = Field(description="overdue / issued × 100")


class DossierFigures(Answer):
    received: int
    on_time: int
    late: int
    in_progress: int
    overdue: int
    withdrawn: int
    guidance: int
    refusals: int
    on_time_rate: float | None


class OverviewSite(OverviewFigures):
    model_config = ConfigDict(extra="forbid")

    key: str = Field(description="the site's code")
    label: str
    tier: str
    dossiers: DossierFigures | None


class OverviewTier(OverviewFigures):
    model_config = ConfigDict(extra="forbid")

    key: str
    label: str
    label_en: str
    sites: int
    dossiers: DossierFigures | None


class OverviewTotal(OverviewFigures):
    model_config = ConfigDict(extra="forbid")

    key: None
    label: str
    sites: int
    dossiers: DossierFigures | None


class OverviewTrend(OverviewFigures):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: date = Field(alias="from")
    to: date


class Overview(Answer):
    """The leaders' overview: one row per site, subtotals per tier, the total and a trend."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: date = Field(alias="from")
    to: date
    as_of: date
    trend_unit: Literal["week", "month"] | None
    rows: list[OverviewSite]
    tiers: list[OverviewTier]
    total: OverviewTotal
    trend: list[OverviewTrend]
    sort: str
    desc: bool


class CitizenDossier(Answer):
    """One of the person's dossiers at the site: where it stands and where to collect it."""

    code: str
    procedure: str
    status: str
    status_label: str
    status_label_en: str
    due_date: date
    overdue: bool
    collect_at: dict


class CitizenBooking(Answer):
    """One of the person's bookings at the site, from today on."""

    code: str
    service: str
    service_name: str
    start: datetime
    status: str
    check_in_today: bool = Field(description="true when it can be checked in now")


class CitizenScan(Answer):
    """Who scanned their card, greeted by name; the ID number never comes back but its
    last four digits."""

    name: str
    honorific: str = Field(description="Ông or Bà, from the card")
    greeting: str
    greeting_en: str
    age: int | None
    priority_eligible: bool = Field(description="60 or over (Law on the Elderly, Art. 2)")
    id_last4: str
    waiting: list[TicketStatusView] = Field(description="this person's waiting tickets today")
    dossiers: list[CitizenDossier]
    bookings: list[CitizenBooking]
