"""Counter actions for clerks: call next, recall, no-show, transfer, finish, pause."""

from flask import current_app, g

from .. import engine
from ..auth.guard import require_staff
from ..engine import Actor
from ..engine.citizens import citizen_of
from ..engine.days import VIETNAM
from ..engine.lookups import active_service
from ..errors import ApiError
from ..models import AdminAudit, Counter, utcnow
from ..payloads.citizens import ServedCitizen
from ..payloads.roster import RosterWarning
from ..payloads.tickets import CounterAction, CounterList, CounterView
from ..screens_notify import Outbox, commit_and_send
from ..storage import db
from .blueprint import api
from .context import may_staff, resolve_counter, resolve_site
from .contract import documented
from .schemas import (
    CallRequest,
    EmptyRequest,
    NoShowRequest,
    SiteQuery,
    TransferRequest,
)

COUNTER_ERRORS = (404, 409)
COUNTER_NUMBER = {"number": {"minimum": 1, "maximum": 9999}}


def _counter_for_clerk(number: int) -> Counter:
    site = resolve_site(g.user)
    counter = resolve_counter(site, number)
    if not may_staff(g.user, counter):
        raise ApiError(403, "counter_not_allowed",
                       f"Tài khoản này không được phân công tại quầy {number}.",
                       f"You are not assigned to counter {number}.")
    return counter


def _after(counter: Counter, ticket=None, *, called=False, finished=None, repeated=False,
           waiting=True, **extra):
    """Commit, then tell every screen; answer with the ticket concerned.

    ``waiting=False``: the action took no one out of the line and put no one in it.
    """
    session = db()
    outbox = Outbox()
    if finished is not None:
        outbox.finished(finished, counter)
    if called and not repeated:
        outbox.call(ticket, counter)
    if not repeated:  # a debounced double click changed nothing the screens show
        outbox.site(session, counter.site, counter, waiting=waiting)
    body = CounterAction.of(counter, ticket, repeated=repeated, finished=finished,
                            **extra).dump()
    commit_and_send(session, outbox)
    return body


@api.get("/v1/counters")
@require_staff("clerk", "manager", "admin")
@documented("The site's counters, their state and whom they serve", {200: CounterList},
            errors=(404,), query=SiteQuery)
def list_counters(query: SiteQuery):
    """List the site's counters, their state and the ticket each is serving."""
    site = resolve_site(g.user)
    return CounterList(site=site.code, counters=[CounterView.of(c) for c in site.counters]).dump()


def clerk_action(action: str, summary: str, body=EmptyRequest):
    """Register ``view`` as the counter's clerk's ``POST /v1/counters/<number>/<action>``,
    answering a :class:`CounterAction`."""
    def register(view):
        guarded = require_staff("clerk")(documented(
            summary, {200: CounterAction}, errors=COUNTER_ERRORS, body=body, query=SiteQuery,
            path=COUNTER_NUMBER)(view))
        api.add_url_rule(f"/v1/counters/<int:number>/{action}", methods=["POST"],
                         view_func=guarded)
        return guarded
    return register


def _lifecycle_view(operation, action: str):
    def view(number: int, body: EmptyRequest, query: SiteQuery):
        counter = operation(db(), _counter_for_clerk(number), Actor(user_id=g.user.id))
        warning = RosterWarning.of(db(), counter, g.user) if action == "open" else None
        return _after(counter, waiting=False, roster_warning=warning)

    view.__name__ = f"counter_{action}"
    view.__doc__ = operation.__doc__
    return view


# Sign in and open, sign out and close, pause for a break, resume: state changes only.
COUNTER_LIFECYCLE = {"open": (engine.open_counter, "Sign in at the counter and open it"),
                     "close": (engine.close_counter, "Sign out and close the counter"),
                     "pause": (engine.pause_counter, "Pause the counter"),
                     "resume": (engine.resume_counter, "Resume the counter")}
for _action, (_operation, _summary) in COUNTER_LIFECYCLE.items():
    clerk_action(_action, _summary)(_lifecycle_view(_operation, _action))


def _current_ticket_view(operation, action: str, **after):
    """A view that changes the counter's current ticket and takes no one out of the line;
    ``after`` says what the screens hear (``called``: announce it; ``finished``: wake the
    counter's vote pad for it)."""
    def view(number: int, body: EmptyRequest, query: SiteQuery):
        counter = _counter_for_clerk(number)
        ticket = operation(db(), counter, Actor(user_id=g.user.id))
        finished = ticket if after.get("finished") else None
        return _after(counter, ticket, called=after.get("called", False), finished=finished,
                      waiting=False)

    view.__name__ = action
    view.__doc__ = operation.__doc__
    return view


# Announce again, mark the start of service, finish: one ticket, no one joins or leaves.
for _action, _operation, _summary, _after_flags in (
        ("recall", engine.recall, "Announce the current ticket again", {"called": True}),
        ("start", engine.start_service, "Mark the start of service", {}),
        ("finish", engine.finish, "Finish the current ticket", {"finished": True})):
    clerk_action(_action, _summary)(_current_ticket_view(_operation, _action, **_after_flags))


@clerk_action("call-next", "Finish the current ticket and call the next")
def call_next(number: int, body: EmptyRequest, query: SiteQuery):
    """Finish the current ticket and call the next; a double click returns the same ticket."""
    counter = _counter_for_clerk(number)
    result = engine.call_next(db(), counter, Actor(user_id=g.user.id),
                              debounce_s=current_app.config["CALL_DEBOUNCE_S"])
    return _after(result.ticket.counter, result.ticket, called=True, finished=result.finished,
                  repeated=result.repeated)


@clerk_action("call", "Call a specific waiting number", body=CallRequest)
def call_number(number: int, body: CallRequest, query: SiteQuery):
    """Call a specific waiting number out of turn."""
    result = engine.call_ticket(db(), _counter_for_clerk(number), body.number,
                                Actor(user_id=g.user.id))
    return _after(result.ticket.counter, result.ticket, called=True, finished=result.finished)


@clerk_action("no-show", "Record a no-show, optionally requeueing", body=NoShowRequest)
def no_show(number: int, body: NoShowRequest, query: SiteQuery):
    """Record that the called citizen did not come; ``requeue`` gives them another turn."""
    counter = _counter_for_clerk(number)
    ticket = engine.no_show(db(), counter, Actor(user_id=g.user.id), requeue=body.requeue)
    return _after(counter, ticket, waiting=body.requeue)


@clerk_action("transfer", "Transfer the current ticket to a service or counter",
              body=TransferRequest)
def transfer(number: int, body: TransferRequest, query: SiteQuery):
    """Send the current ticket to another service or counter, keeping its number and place."""
    counter = _counter_for_clerk(number)
    session = db()
    service = to_counter = None
    if body.service is not None:
        service = active_service(session, counter.site_id, body.service)
    if body.counter is not None:
        to_counter = resolve_counter(counter.site, body.counter)
    ticket = engine.transfer(session, counter, Actor(user_id=g.user.id), service=service,
                             to_counter=to_counter)
    return _after(counter, ticket)


@api.get("/v1/counters/<int:number>/citizen")
@require_staff("clerk", "manager")
@documented("The citizen the counter serves, from their ID card scan (audited)",
            {200: ServedCitizen}, errors=COUNTER_ERRORS, path=COUNTER_NUMBER, query=SiteQuery)
def served_citizen(number: int, query: SiteQuery):
    """Tell the clerk who the citizen being served is, from the card scanned for the ticket.

    Only the counter's own clerk (or a manager) reads it, and each read is audited with the
    person's row id: the name never travels with the screens' news, so the TV cannot show it.
    """
    counter = _counter_for_clerk(number)
    ticket = counter.current_ticket
    citizen = citizen_of(db(), ticket) if ticket is not None else None
    if citizen is None or not citizen.full_name and not citizen.id_last4:
        raise ApiError(404, "no_citizen", "Công dân đang phục vụ không quét thẻ căn cước.",
                       "The citizen being served did not scan an ID card.")
    db().add(AdminAudit(user_id=g.user.id, username=g.user.username, action="citizen_read",
                        entity="citizen", entity_id=citizen.id))
    answer = ServedCitizen.of(ticket, citizen, utcnow().astimezone(VIETNAM).date()).dump()
    db().commit()
    return answer
