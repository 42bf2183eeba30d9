"""Citizens' satisfaction votes from the vote pad at each counter."""


from flask import g

from ..auth.guard import require_device
from ..device_kinds import VOTE_PAD
from ..engine.votes import record_vote
from ..errors import ApiError
from ..models import Counter, Device
from ..payloads.votes import VoteRecorded, vote_window_s
from ..screens_notify import Outbox, commit_and_send
from ..storage import db
from .blueprint import api
from .contract import documented
from .schemas import VoteRequest


def pad_counter(device: Device) -> Counter:
    """Return the counter a vote pad is bound to, or refuse an unbound pad."""
    if device.counter is None:
        raise ApiError(403, "pad_unbound", "Máy đánh giá chưa được gắn với quầy nào.",
                       "This vote pad is not bound to a counter.")
    return device.counter


@api.post("/v1/votes")
@require_device(VOTE_PAD)
@documented("Rate the visit last finished at the vote pad's counter; 409 already_voted / "
            "nothing_to_rate", {201: VoteRecorded}, errors=(409,), body=VoteRequest)
def create_vote(body: VoteRequest):
    """Rate the visit last finished at the pad's counter; one vote per ticket."""
    counter = pad_counter(g.device)
    session = db()
    vote = record_vote(session, counter, body.rating, reason=body.reason,
                       ticket_id=body.ticket_id, device_id=g.device.id,
                       window_s=vote_window_s())
    outbox = Outbox()
    outbox.vote(vote, counter)
    body = VoteRecorded.of(vote, counter).dump()
    commit_and_send(session, outbox)
    return body, 201
